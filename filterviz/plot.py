"""Figures for slides: kernels as heat maps, images with their filtered outputs.

Every function takes an optional ``ax`` or ``fig`` to draw into, draws, and
returns what it drew; none touches global state. Weights are drawn on a
diverging colour map centred on zero (``RdBu_r``: blue negative, red
positive, readable with the common forms of colour blindness) with each value
written in its cell. Signed responses use the same map; responses that are
never negative are drawn in grey levels.

Sizes are chosen for the page: a figure of many panels is
:data:`PAGE_WIDTH` inches wide, which at Matplotlib's 100 dots per inch is
about the 624 CSS pixels of the site's content column, so it is shown at
nearly its own size and a 13-point label reads at about 17 CSS pixels (10 on
a 390-pixel phone, where the column is 358 pixels). Every font size is one of
the constants below.
"""

from __future__ import annotations

import textwrap

import matplotlib.colors
import matplotlib.figure
import matplotlib.patches
import matplotlib.pyplot as plt
import numpy as np

from filterviz import _validate

__all__ = [
    "DIVERGING",
    "feature_maps",
    "filtered",
    "filters_rgb",
    "images",
    "input_weights",
    "kernel",
    "kernel_channels",
    "kernels",
    "receptive_field",
    "response_norm",
    "top_patches",
]

#: Colour map for weights and signed responses: diverging, centred on zero.
DIVERGING = "RdBu_r"
#: Colour map for responses that are never negative.
SEQUENTIAL = "gray"
#: Width in inches of a figure of many panels: 640 pixels at 100 dpi, about the
#: 624-pixel content column of the site at a 1280-pixel window.
PAGE_WIDTH = 6.4
#: Figure titles, in points.
TITLE_SIZE = 15
#: Panel titles, row headings, axis labels and colour-bar numbers, in points.
FONT_SIZE = 13
#: The same for panels narrower than :data:`SMALL_PANEL` inches (grids of 8 or 16).
SMALL_FONT_SIZE = 10
#: Panels narrower than this (inches) get :data:`SMALL_FONT_SIZE`.
SMALL_PANEL = 1.1
#: Largest size of the numbers written in kernel cells, in points.
CELL_FONT_SIZE = 14
_TITLE_SIZE = FONT_SIZE  # the name receptive_field uses (13 points, as before)
_CHANNEL_NAMES = ("R", "G", "B")
# A character of DejaVu Sans is about this many font sizes wide on average; used to
# wrap titles to the figure before it is drawn.
_CHAR_WIDTH = 0.55


def _new_figure(fig, width: float, height: float) -> matplotlib.figure.Figure:
    if fig is None:
        return plt.figure(figsize=(width, height), layout="constrained")
    if not isinstance(fig, matplotlib.figure.Figure):
        raise TypeError(f"fig must be a matplotlib Figure or None; got {type(fig).__name__}")
    return fig


def _panel_font(panel_width: float) -> float:
    """Return the font size for titles of panels `panel_width` inches wide."""
    return FONT_SIZE if panel_width >= SMALL_PANEL else SMALL_FONT_SIZE


def _wrap(text: str, width: float, fontsize: float) -> str:
    """Break `text` into lines that fit `width` inches at `fontsize` points."""
    characters = max(10, int(width * 72 / (_CHAR_WIDTH * fontsize)))
    return "\n".join(textwrap.wrap(text, characters)) if len(text) > characters else text


def _wrap_lines(text: str, width: float, fontsize: float) -> str:
    """:func:`_wrap` each line of `text`, keeping the breaks it has."""
    return "\n".join(_wrap(line, width, fontsize) for line in text.split("\n"))


def _suptitle(fig, title: str | None) -> None:
    if title:
        fig.suptitle(_wrap(title, fig.get_figwidth() - 0.2, TITLE_SIZE), fontsize=TITLE_SIZE)


def _title_height(fig_width: float, title: str | None) -> float:
    """Inches kept for a figure title: one line; constrained layout makes room for more.

    A figure's size depends only on what it holds (how many panels, whether
    it has a title), never on the words of its labels, so that the command
    line's figures have the sizes its tests compute.
    """
    return 0.12 + 1.25 * TITLE_SIZE / 72 if title else 0.0


def _kernel_2d(weights, name: str) -> np.ndarray:
    array = _validate.numeric_array(weights, name).astype(np.float64)
    if array.ndim != 2:
        raise ValueError(f"{name} must be a 2-D kernel (kh, kw); got shape {array.shape}")
    if 0 in array.shape:
        raise ValueError(f"{name} must not be empty; got shape {array.shape}")
    _validate.finite(array, name)
    return array


def _format(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value - round(value)) < 1e-6:
        return f"{round(value):d}"
    return f"{value:.2f}".rstrip("0").rstrip(".") if abs(value) >= 0.01 else f"{value:.0e}"


def _axes_size(ax) -> tuple[float, float]:
    """Width and height in inches of the grid cell that `ax` fills (its own box if none).

    Before constrained layout has run, an axes' position follows the default
    subplot margins, far smaller than what the layout will give it.
    """
    figure_width, figure_height = ax.figure.get_size_inches()
    spec = ax.get_subplotspec() if hasattr(ax, "get_subplotspec") else None
    if spec is not None and ax.figure.get_layout_engine() is not None:
        rows, columns = spec.get_gridspec().get_geometry()
        return figure_width / columns, figure_height / rows
    position = ax.get_position()
    return position.width * figure_width, position.height * figure_height


def _cell_font(ax, array: np.ndarray, labels: list[str]) -> float:
    """Return the largest size up to CELL_FONT_SIZE at which every number fits its cell."""
    width, height = _axes_size(ax)
    # constrained layout takes a little of the grid cell for padding: keep 90 %
    cell = 0.9 * 72 * min(width / array.shape[1], height / array.shape[0])
    # DejaVu Sans: a digit is 0.64 of the font size wide, "." and "-" about half that
    longest = max(sum(0.32 if c in ".-" else 0.64 for c in label) for label in labels)
    return float(min(CELL_FONT_SIZE, 0.85 * cell / longest, 0.6 * cell))


def kernel(
    weights,
    ax=None,
    title: str | None = None,
    vmax: float | None = None,
    annotate: bool = True,
    colorbar: bool = False,
    fontsize: float | None = None,
    **kwargs,
):
    """Draw a 2-D kernel as a heat map with each weight written in its cell.

    Parameters
    ----------
    weights : array_like
        Kernel ``(kh, kw)``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.
    title : str, optional
        Axes title.
    vmax : float, optional
        Colour limit: the map spans ``[-vmax, vmax]``. Defaults to the
        largest absolute weight (so zero is always white).
    annotate : bool, default True
        Write each weight in its cell.
    colorbar : bool, default False
        Add a colour bar.
    fontsize : float, optional
        Size of the written weights (default: the largest up to
        :data:`CELL_FONT_SIZE` points that fits the cells).
    **kwargs
        Passed on to :meth:`matplotlib.axes.Axes.imshow`.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn into.

    Raises
    ------
    ValueError
        If `weights` is not a finite 2-D array.

    Examples
    --------
    >>> import filterviz
    >>> ax = filterviz.plot.kernel(filterviz.kernels.DIAGONAL, title="Diagonal")
    >>> len(ax.texts)  # one number per cell
    9
    """
    array = _kernel_2d(weights, "weights")
    if ax is None:
        _, ax = plt.subplots(figsize=(3.2, 3.2), layout="constrained")
    limit = float(np.abs(array).max()) if vmax is None else float(vmax)
    limit = limit if limit > 0 else 1.0
    image = ax.imshow(array, **{"cmap": DIVERGING, "vmin": -limit, "vmax": limit, **kwargs})
    if annotate:
        labels = [_format(float(value)) for value in array.ravel()]
        size = _cell_font(ax, array, labels) if fontsize is None else fontsize
        for ((row, column), value), label in zip(np.ndenumerate(array), labels, strict=True):
            dark = abs(value) > 0.6 * limit
            ax.text(
                column,
                row,
                label,
                ha="center",
                va="center",
                fontsize=size,
                color="white" if dark else "black",
            )
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=_panel_font(_axes_size(ax)[0]))
    if colorbar:
        bar = ax.figure.colorbar(image, ax=ax, shrink=0.8)
        bar.ax.tick_params(labelsize=FONT_SIZE)
    return ax


def kernels(
    weights_list,
    titles=None,
    fig=None,
    ncols: int | None = None,
    vmax=None,
    title: str | None = None,
    **kwargs,
):
    """Draw several 2-D kernels side by side on one shared colour scale.

    Parameters
    ----------
    weights_list : sequence of array_like
        The kernels, each ``(kh, kw)``.
    titles : sequence of str, optional
        One title per kernel.
    fig : matplotlib.figure.Figure, optional
        Where to draw.
    ncols : int, optional
        Kernels per row (default: up to 4 kernels of 3×3 per row, up to 2 of
        larger kernels, so that the numbers stay readable on a phone).
    vmax : float, optional
        Shared colour limit (default: the largest absolute weight).
    title : str, optional
        Figure title, broken into lines that fit the figure.
    **kwargs
        Passed on to :func:`kernel`.

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn into.

    Examples
    --------
    >>> import filterviz
    >>> fig = filterviz.plot.kernels([filterviz.kernels.SOBEL_X, filterviz.kernels.SOBEL_Y])
    >>> len(fig.axes)
    2
    """
    arrays = [_kernel_2d(w, f"weights_list[{i}]") for i, w in enumerate(weights_list)]
    if not arrays:
        raise ValueError("weights_list must hold at least one kernel; got none")
    if titles is not None and len(titles) != len(arrays):
        raise ValueError(
            f"titles must have one entry per kernel ({len(arrays)}); got {len(titles)}"
        )
    if ncols is None:
        widest = max(max(a.shape) for a in arrays)
        ncols = min(len(arrays), 4 if widest <= 3 else 2)
    else:
        ncols = _validate.positive_int(ncols, "ncols")
    nrows = -(-len(arrays) // ncols)
    # 0.64 inches a cell: a 5×5 kernel's numbers are 11 points, 9 CSS pixels on a phone
    panel = min(PAGE_WIDTH / ncols, max(1.6, 0.64 * max(max(a.shape) for a in arrays)))
    font = _panel_font(panel)
    if titles is not None:
        titles = [_wrap_lines(str(t), panel - 0.1, font) for t in titles]
    # one line for panel titles, given or not; more only for titles of several lines
    title_lines = max((t.count("\n") + 1 for t in titles), default=1) if titles else 1
    title_height = title_lines * 1.3 * font / 72
    width = panel * ncols
    height = (panel + title_height + 0.1) * nrows + _title_height(width, title)
    fig = _new_figure(fig, width, height)
    limit = max(float(np.abs(a).max()) for a in arrays) if vmax is None else vmax
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
    for index, ax in enumerate(axes):
        if index < len(arrays):
            kernel(
                arrays[index],
                ax=ax,
                title=titles[index] if titles else None,
                vmax=limit,
                **kwargs,
            )
        else:
            ax.set_axis_off()
    _suptitle(fig, title)
    return fig


def kernel_channels(
    weights, fig=None, title: str | None = None, channel_names=_CHANNEL_NAMES, **kwargs
):
    """Draw a colour kernel ``(kh, kw, C)`` as one heat map per input channel.

    All channels share one colour scale so their weights compare directly.

    Parameters
    ----------
    weights : array_like
        Colour kernel ``(kh, kw, C)``.
    fig : matplotlib.figure.Figure, optional
        Where to draw.
    title : str, optional
        Figure title.
    channel_names : sequence of str, default ("R", "G", "B")
        Panel titles.
    **kwargs
        Passed on to :func:`kernel`.

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn into, one axes per channel.

    Examples
    --------
    >>> import filterviz
    >>> fig = filterviz.plot.kernel_channels(filterviz.kernels.RED_GREEN)
    >>> [ax.get_title() for ax in fig.axes]
    ['R', 'G', 'B']
    """
    array = _validate.numeric_array(weights, "weights").astype(np.float64)
    if array.ndim != 3:
        raise ValueError(f"weights must be a colour kernel (kh, kw, channels); got {array.shape}")
    _validate.finite(array, "weights")
    channels = array.shape[2]
    names = (
        list(channel_names)
        if channels <= len(channel_names)
        else [f"channel {c}" for c in range(channels)]
    )
    panel = min(2.1, PAGE_WIDTH / channels)
    fig = _new_figure(
        fig, panel * channels, panel + 0.35 + (_title_height(panel * channels, title))
    )
    limit = float(np.abs(array).max()) or 1.0
    for index, ax in enumerate(np.atleast_1d(fig.subplots(1, channels)).ravel()):
        kernel(array[:, :, index], ax=ax, title=names[index], vmax=limit, **kwargs)
    _suptitle(fig, title)
    return fig


def _image_axes(ax, image: np.ndarray, title: str | None = None, fontsize: float = FONT_SIZE):
    if image.shape[2] == 1:
        ax.imshow(image[:, :, 0], cmap=SEQUENTIAL, vmin=0, vmax=1)
    else:
        ax.imshow(image, vmin=0, vmax=1)
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=fontsize)


def _class_name(labels, class_names, index: int) -> str | None:
    if labels is None:
        return None
    label = int(labels[index])
    return class_names[label] if class_names is not None else str(label)


def images(
    batch,
    labels=None,
    class_names=None,
    fig=None,
    ncols: int = 5,
    title: str | None = None,
):
    """Draw a batch of images in a grid, with their class names.

    Parameters
    ----------
    batch : array_like
        Images ``(N, H, W, C)`` in [0, 1], C is 1 or 3.
    labels : array_like of int, optional
        Class index per image.
    class_names : sequence of str, optional
        Names for the labels.
    fig : matplotlib.figure.Figure, optional
        Where to draw.
    ncols : int, default 5
        Images per row: ten images make two rows of five, which read on a
        phone.
    title : str, optional
        Figure title.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, one axes per grid cell.

    Examples
    --------
    >>> import filterviz
    >>> x, y, names = filterviz.sample_images(n=4)
    >>> fig = filterviz.plot.images(x, y, names, ncols=4)
    >>> [ax.get_title() for ax in fig.axes]
    ['cat', 'ship', 'ship', 'airplane']
    """
    array = _validate.images(batch, "batch")
    if array.shape[3] not in (1, 3):
        raise ValueError(f"batch must have 1 or 3 channels; got shape {array.shape}")
    ncols = min(_validate.positive_int(ncols, "ncols"), len(array))
    nrows = -(-len(array) // ncols)
    panel = min(1.6, PAGE_WIDTH / ncols)
    font = _panel_font(panel)
    title_height = 1.4 * font / 72  # room for class names, given or not
    width = panel * ncols
    fig = _new_figure(fig, width, (panel + title_height) * nrows + _title_height(width, title))
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
    for index, ax in enumerate(axes):
        if index >= len(array):
            ax.set_axis_off()
            continue
        _image_axes(ax, array[index], _class_name(labels, class_names, index), fontsize=font)
    _suptitle(fig, title)
    return fig


def _response_limits(maps: np.ndarray) -> tuple[str, float, float]:
    low, high = float(maps.min()), float(maps.max())
    if low < 0:
        limit = max(abs(low), abs(high)) or 1.0
        return DIVERGING, -limit, limit
    return SEQUENTIAL, 0.0, high if high > 0 else 1.0


def _figure_limits(maps: np.ndarray, shared: bool) -> list[tuple[str, float, float]]:
    """Colour map and limits for each output channel of :func:`filtered`.

    One colour meaning per figure: if any channel is signed, every channel
    uses the diverging map, so that zero is white in every row.
    """
    rows = [maps[..., channel] for channel in range(maps.shape[-1])]
    if shared:
        rows = [maps] * len(rows)
    limits = [_response_limits(row) for row in rows]
    if any(cmap == DIVERGING for cmap, _, _ in limits):
        limits = [(DIVERGING, -max(abs(lo), hi), max(abs(lo), hi)) for _, lo, hi in limits]
    return limits


# The hand-made layout of `filtered`, in inches.
_GAP = 0.06  # between images
_BLOCK_GAP = 0.14  # between the originals and each output channel
_MARGIN = 0.08
_BAR_WIDTH = 0.13
# gap, bar, ticks and their numbers: "−0.50" at FONT_SIZE is 0.56 inches wide
_BAR_ROOM = 0.12 + _BAR_WIDTH + 0.1 + 0.66


def filtered(
    originals,
    outputs,
    output_names=None,
    labels=None,
    class_names=None,
    fig=None,
    title: str | None = None,
    colorbar: bool = True,
    ncols: int | None = None,
    shared_scale: bool = False,
    **kwargs,
):
    """Draw images above their filtered outputs: the classic demonstration figure.

    The originals come first, with their class names; then, under a heading
    with its name, each output channel for every image, in the same places.
    Each channel has one colour scale (or, with `shared_scale`, all channels
    share one), so that images compare. If any output is negative, every
    channel uses the diverging map centred on zero (zero is white in every
    row); if none is, grey levels from zero (zero is black).

    Parameters
    ----------
    originals : array_like
        Images ``(N, H, W, C)`` in [0, 1].
    outputs : array_like
        Filtered outputs ``(N, H', W', K)`` for the same images.
    output_names : sequence of str, optional
        One heading per output channel.
    labels, class_names : optional
        Class per image and their names, written above the originals.
    fig : matplotlib.figure.Figure, optional
        Where to draw; its size is kept and the layout scaled to it.
    title : str, optional
        Figure title.
    colorbar : bool, default True
        A colour bar beside each output channel (one for all with
        `shared_scale`).
    ncols : int, optional
        Images per row (default: 5, so that ten images make two rows that
        read on a phone).
    shared_scale : bool, default False
        One colour scale for all output channels, when their sizes are to be
        compared.
    **kwargs
        Passed on to :meth:`matplotlib.axes.Axes.imshow` for the outputs.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; its first ``N`` axes hold the originals, then ``N`` per
        output channel, then the colour bars.

    Raises
    ------
    ValueError
        If the batches are not valid or hold different numbers of images.

    Examples
    --------
    >>> import filterviz
    >>> x, y, names = filterviz.sample_images(n=3)
    >>> out = filterviz.conv.filter_images(x, ["diagonal", "anti_diagonal"], engine="numpy")
    >>> fig = filterviz.plot.filtered(x, out, ["diagonal", "anti-diagonal"], colorbar=False)
    >>> len(fig.axes)  # 3 originals + 2 rows of 3 outputs
    9
    """
    images_array = _validate.images(originals, "originals")
    maps = _validate.images(outputs, "outputs", unit_range=False)
    if len(maps) != len(images_array):
        raise ValueError(
            f"outputs must hold one result per image ({len(images_array)}); got {len(maps)}"
        )
    channels = maps.shape[3]
    if output_names is not None and len(output_names) != channels:
        raise ValueError(
            f"output_names must have one name per output channel ({channels}); "
            f"got {len(output_names)}"
        )
    n = len(images_array)
    ncols = min(n, 5) if ncols is None else min(n, _validate.positive_int(ncols, "ncols"))
    rows = -(-n // ncols)
    # Lay the figure out by hand, in inches, so that every output sits exactly
    # below its image, whatever the headings and colour bars need.
    right = _BAR_ROOM if colorbar else _MARGIN
    cell = min(1.6, (PAGE_WIDTH - _MARGIN - right - (ncols - 1) * _GAP) / ncols)
    width = _MARGIN + ncols * cell + (ncols - 1) * _GAP + right
    # Room for class names and for a title of two lines, given or not: the size
    # depends only on how many images and outputs there are.
    name_height = 1.35 * FONT_SIZE / 72
    heading = 0.08 + 1.3 * FONT_SIZE / 72
    top = 0.16 + 2 * 1.25 * TITLE_SIZE / 72
    block_heights = [rows * (cell + name_height)] + [heading + rows * (cell + _GAP)] * channels
    height = top + sum(block_heights) + channels * _BLOCK_GAP + _MARGIN
    owned = fig is None
    fig = _new_figure(fig, width, height)
    if owned:
        fig.set_layout_engine("none")
    fig_width, fig_height = fig.get_size_inches()
    sx, sy = fig_width / width, fig_height / height

    def add_axes(left: float, bottom_from_top: float, w: float, h: float):
        return fig.add_axes(
            (
                left * sx / fig_width,
                1 - bottom_from_top * sy / fig_height,
                w * sx / fig_width,
                h * sy / fig_height,
            )
        )

    def place(block_top: float, index: int, above: float, below: float):
        row, column = divmod(index, ncols)
        left = _MARGIN + column * (cell + _GAP)
        bottom = block_top + row * (cell + above + below) + above + cell
        return add_axes(left, bottom, cell, cell)

    y = top
    for index in range(n):
        ax = place(y, index, name_height, 0)
        _image_axes(ax, images_array[index], _class_name(labels, class_names, index))
    y += block_heights[0]
    limits = _figure_limits(maps, shared_scale)
    bars = []
    for channel in range(channels):
        y += _BLOCK_GAP
        label = output_names[channel] if output_names is not None else f"output {channel}"
        fig.text(
            _MARGIN * sx / fig_width,
            1 - (y + 0.04) * sy / fig_height,
            label,
            ha="left",
            va="top",
            fontsize=FONT_SIZE,
            fontweight="bold",
        )
        cmap, vmin, vmax = limits[channel]
        options = {"cmap": cmap, "vmin": vmin, "vmax": vmax, **kwargs}
        if "norm" in kwargs:
            options.pop("vmin"), options.pop("vmax")
        shown = None
        for index in range(n):
            ax = place(y + heading, index, 0, _GAP)
            shown = ax.imshow(maps[index, :, :, channel], **options)
            ax.set_xticks([])
            ax.set_yticks([])
        block = (y + heading, y + heading + rows * (cell + _GAP) - _GAP)
        bars.append((shown, block))
        y += block_heights[channel + 1]
    if colorbar and bars:
        groups = [bars] if shared_scale else [[bar] for bar in bars]
        for group in groups:
            shown = group[0][0]
            start, end = group[0][1][0], group[-1][1][1]
            cax = add_axes(width - _BAR_ROOM + 0.12, end, _BAR_WIDTH, end - start)
            fig.colorbar(shown, cax=cax).ax.tick_params(labelsize=FONT_SIZE)
    if title:
        fig.suptitle(
            _wrap(title, width - 0.2, TITLE_SIZE),
            fontsize=TITLE_SIZE,
            y=1 - _MARGIN * sy / fig_height,
            va="top",
        )
    return fig


def feature_maps(
    maps,
    fig=None,
    ncols: int = 8,
    max_maps: int | None = 32,
    title=None,
    *,
    scale: str = "shared",
    **kwargs,
):
    """Draw the feature maps of one image, one panel per channel, in channel order.

    With ``scale="shared"`` every panel uses one colour scale, shown by a
    colour bar, so the panels compare how strongly each filter answers;
    with ``"each"`` every map is scaled on its own, which shows where a weak
    filter answers but not how weakly.

    Parameters
    ----------
    maps : array_like
        Feature maps ``(H, W, K)`` of one image.
    fig : matplotlib.figure.Figure, optional
        Where to draw.
    ncols : int, default 8
        Panels per row.
    max_maps : int or None, default 32
        Draw only the first `max_maps` channels (None: all).
    title : str, optional
        Figure title.
    scale : {"shared", "each"}, default "shared", keyword-only
        One colour scale for the figure, with a colour bar, or one per map.
    **kwargs
        Passed on to :meth:`matplotlib.axes.Axes.imshow`.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, one axes per drawn channel (titled by channel index),
        plus the colour bar's axes with ``scale="shared"``.

    Examples
    --------
    >>> import numpy as np
    >>> import filterviz
    >>> fig = filterviz.plot.feature_maps(np.zeros((8, 8, 4)), ncols=4)
    >>> len(fig.axes)  # 4 maps and the colour bar
    5
    """
    array = _validate.numeric_array(maps, "maps").astype(np.float32)
    if array.ndim != 3:
        raise ValueError(
            f"maps must be the feature maps of one image (height, width, channels); "
            f"got shape {array.shape}"
        )
    _validate.finite(array, "maps")
    scale = _validate.choice(scale, "scale", ("shared", "each"))
    count = array.shape[2] if max_maps is None else min(array.shape[2], max_maps)
    ncols = min(_validate.positive_int(ncols, "ncols"), count)
    nrows = -(-count // ncols)
    shared = scale == "shared"
    panel = min(1.6, (PAGE_WIDTH - (0.9 if shared else 0.0)) / ncols)
    font = _panel_font(panel)
    width = panel * ncols + (0.9 if shared else 0.0)
    fig = _new_figure(fig, width, (panel + 1.4 * font / 72) * nrows + _title_height(width, title))
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
    common = _response_limits(array[:, :, :count])
    for index, ax in enumerate(axes):
        if index >= count:
            ax.remove()
            continue
        channel = array[:, :, index]
        cmap, vmin, vmax = common if shared else _response_limits(channel)
        shown = ax.imshow(channel, **{"cmap": cmap, "vmin": vmin, "vmax": vmax, **kwargs})
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(str(index), fontsize=font)
    if shared:
        bar = fig.colorbar(shown, ax=list(axes[:count]), fraction=0.9 / width, pad=0.02, aspect=30)
        bar.ax.tick_params(labelsize=font)
        bar.set_label("response", fontsize=font)
    _suptitle(fig, title)
    return fig


def filters_rgb(weights, fig=None, ncols: int = 8, titles=None, title=None):
    """Draw first-layer filters ``(kh, kw, 3, K)`` as small RGB patches.

    Each filter is scaled on its own so that zero is mid-grey and its largest
    absolute weight reaches black or full colour: a red patch means positive
    weights on the red channel, a cyan patch negative ones.

    Parameters
    ----------
    weights : array_like
        Conv2D weights with three input channels.
    fig : matplotlib.figure.Figure, optional
        Where to draw.
    ncols : int, default 8
        Patches per row.
    titles : sequence of str, optional
        One title per filter (default: its index).
    title : str, optional
        Figure title.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, one axes per filter.

    Examples
    --------
    >>> import filterviz
    >>> w = filterviz.kernels.to_conv_weights(["diagonal", "red_green"])
    >>> len(filterviz.plot.filters_rgb(w).axes)
    2
    """
    array = _validate.weights(weights, "weights").astype(np.float64)
    if array.shape[2] != 3:
        raise ValueError(f"weights must have 3 input channels (RGB); got shape {array.shape}")
    count = array.shape[3]
    if titles is not None and len(titles) != count:
        raise ValueError(f"titles must have one entry per filter ({count}); got {len(titles)}")
    ncols = min(_validate.positive_int(ncols, "ncols"), count)
    nrows = -(-count // ncols)
    panel = min(1.2, PAGE_WIDTH / ncols)
    font = _panel_font(panel)
    width = panel * ncols
    fig = _new_figure(fig, width, (panel + 1.3 * font / 72) * nrows + _title_height(width, title))
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
    for index, ax in enumerate(axes):
        if index >= count:
            ax.remove()
            continue
        patch = array[:, :, :, index]
        limit = float(np.abs(patch).max()) or 1.0
        ax.imshow(0.5 + 0.5 * patch / limit, interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(titles[index] if titles is not None else str(index), fontsize=font)
    _suptitle(fig, title)
    return fig


def response_norm(maps) -> matplotlib.colors.Normalize:
    """Return the colour normalisation :func:`filtered` uses for `maps`.

    Parameters
    ----------
    maps : array_like
        Responses of any shape.

    Returns
    -------
    matplotlib.colors.Normalize
        Symmetric about zero if any value is negative, else from zero.

    Examples
    --------
    >>> from filterviz.plot import response_norm
    >>> norm = response_norm([-2.0, 1.0])
    >>> norm.vmin, norm.vmax
    (-2.0, 2.0)
    """
    array = _validate.numeric_array(maps, "maps").astype(np.float64)
    _, vmin, vmax = _response_limits(array)
    return matplotlib.colors.Normalize(vmin=vmin, vmax=vmax)


def receptive_field(image, size, center=None, ax=None, title: str | None = None):
    """Draw an image with the pixels that one output pixel of a layer sees.

    Given a :class:`filterviz.receptive.ReceptiveField` (from
    :func:`filterviz.receptive.field`), the solid rectangle holds the image
    rows and columns that the output pixel sees, labelled on the axes; where
    the window of the recursion runs past the border, its outline continues
    dashed over a hatched band: the zero padding, on the side where it falls.
    Given an integer, a square of that side is drawn around `center`.

    Parameters
    ----------
    image : array_like
        One image ``(H, W, C)`` in [0, 1].
    size : ReceptiveField or int
        The field of one output pixel, or the side of a square in pixels
        (see :func:`filterviz.model.receptive_field`).
    center : (int, int), optional
        Only with an integer `size`: row and column of the square's centre
        (default: the image centre). Parts of the square outside the image
        are drawn dashed.
    ax : matplotlib.axes.Axes, optional
        Where to draw.
    title : str, optional
        Axes title.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn into.

    Examples
    --------
    >>> import keras
    >>> import filterviz
    >>> x, _, _ = filterviz.sample_images(n=1)
    >>> ax = filterviz.plot.receptive_field(x[0], 8)
    >>> len(ax.patches)
    1
    >>> model = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Conv2D(1, 5, name="c")])
    >>> window = filterviz.receptive.field(model, "c", (0, 3))
    >>> ax = filterviz.plot.receptive_field(x[0], window)
    >>> ax.get_yticks().tolist(), ax.get_xticks().tolist()
    ([0, 4], [3, 7])
    """
    array = _validate.images(np.asarray(image)[None], "image")[0]
    height, width = array.shape[:2]
    if ax is None:
        _, ax = plt.subplots(figsize=(4.2, 4.2), layout="constrained")
    if hasattr(size, "unclipped_rows"):
        if center is not None:
            raise ValueError(
                f"center must be None when size is a receptive field; got {center!r}"
            )
        _draw_field(ax, array, size)
    else:
        _draw_square(ax, array, _validate.positive_int(size, "size"), center)
    if title:
        ax.set_title(title, fontsize=_TITLE_SIZE)
    return ax


def _draw_square(ax, array, size, center):
    height, width = array.shape[:2]
    if center is None:
        center = (height // 2, width // 2)
    row, column = (int(v) for v in center)
    _image_axes(ax, array)
    top, left = row - (size - 1) / 2 - 0.5, column - (size - 1) / 2 - 0.5
    outside = top < -0.5 or left < -0.5 or top + size > height - 0.5 or left + size > width - 0.5
    ax.add_patch(
        matplotlib.patches.Rectangle(
            (left, top),
            size,
            size,
            fill=False,
            edgecolor="#ffcc00",
            linewidth=2.5,
            linestyle="--" if outside else "-",
            clip_on=False,
        )
    )
    margin = max(0.0, -top, -left, top + size - height, left + size - width) + 1
    ax.set_xlim(-0.5 - margin, width - 0.5 + margin)
    ax.set_ylim(height - 0.5 + margin, -0.5 - margin)


def _draw_field(ax, array, field):
    height, width = array.shape[:2]
    rows, columns = field.rows, field.columns
    if len(rows) == 0 or rows[-1] >= height or columns[-1] >= width:
        raise ValueError(
            f"size (a receptive field with rows {rows}, columns {columns}) does not fit "
            f"the {height}x{width} image"
        )
    _image_axes(ax, array)
    window_rows, window_columns = field.unclipped_rows, field.unclipped_columns
    window = (window_columns[0] - 0.5, window_rows[0] - 0.5)
    handles = [
        matplotlib.patches.Patch(
            fill=False,
            edgecolor="#ffcc00",
            linewidth=2.5,
            label=f"image rows {rows[0]}–{rows[-1]}, columns {columns[0]}–{columns[-1]}",
        )
    ]
    if any(any(side) for side in field.padding):
        # Drawn under the image, so the hatching shows only outside it: the padding.
        ax.add_patch(
            matplotlib.patches.Rectangle(
                window,
                len(window_columns),
                len(window_rows),
                facecolor="#d9d9d9",
                edgecolor="#555555",
                hatch="///",
                linewidth=0,
                zorder=-1,
            )
        )
        ax.add_patch(
            matplotlib.patches.Rectangle(
                window,
                len(window_columns),
                len(window_rows),
                fill=False,
                edgecolor="#ffcc00",
                linewidth=1.5,
                linestyle="--",
                clip_on=False,
            )
        )
        (top, bottom), (left, right) = field.padding
        sides = [
            f"{count} {name}" for count, name in
            ((top, "above"), (bottom, "below"), (left, "left"), (right, "right")) if count
        ]
        handles.append(
            matplotlib.patches.Patch(
                facecolor="#d9d9d9",
                edgecolor="#555555",
                hatch="///",
                label=f"zero padding: {', '.join(sides)}",
            )
        )
    ax.add_patch(
        matplotlib.patches.Rectangle(
            (columns[0] - 0.5, rows[0] - 0.5),
            len(columns),
            len(rows),
            fill=False,
            edgecolor="#ffcc00",
            linewidth=2.5,
            clip_on=False,
        )
    )
    ax.set_xlim(min(-0.5, window[0]) - 0.5, max(width, window_columns[-1] + 1) - 0.5 + 0.5)
    ax.set_ylim(max(height, window_rows[-1] + 1) - 0.5 + 0.5, min(-0.5, window[1]) - 0.5)
    for axis, span in ((ax.yaxis, rows), (ax.xaxis, columns)):
        if len(span) < 5:  # two labels would collide: one label for the span
            axis.set_ticks([(span[0] + span[-1]) / 2], [f"{span[0]}–{span[-1]}"])
        else:
            axis.set_ticks([span[0], span[-1]])
    ax.tick_params(labelsize=10, length=3)
    ax.set_facecolor("white")
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.08),
        fontsize=10,
        frameon=False,
        handlelength=1.5,
    )


def input_weights(weights, ax=None, title: str | None = None, max_filters: int | None = 64):
    """Draw how strongly each filter listens to each input channel.

    Cell ``(filter, channel)`` holds the sum of the absolute weights of that
    filter's ``kh × kw`` slice for that input channel: a bright column is an
    earlier filter that many filters of this layer build on.

    Parameters
    ----------
    weights : array_like
        Conv2D weights ``(kh, kw, in_channels, filters)``.
    ax : matplotlib.axes.Axes, optional
        Where to draw.
    title : str, optional
        Axes title.
    max_filters : int or None, default 64
        Draw only the first filters (None: all).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn into.

    Examples
    --------
    >>> import numpy as np
    >>> import filterviz
    >>> ax = filterviz.plot.input_weights(np.ones((3, 3, 4, 2)))
    >>> ax.images[0].get_array().shape
    (2, 4)
    """
    array = _validate.weights(weights, "weights").astype(np.float64)
    strength = np.abs(array).sum(axis=(0, 1)).T
    if max_filters is not None:
        strength = strength[: _validate.positive_int(max_filters, "max_filters")]
    if ax is None:
        _, ax = plt.subplots(figsize=(PAGE_WIDTH, 4.4), layout="constrained")
    shown = ax.imshow(strength, cmap="viridis", aspect="auto", interpolation="nearest")
    ax.set_xlabel("input channel (a filter of the layer below)", fontsize=FONT_SIZE)
    ax.set_ylabel("filter of this layer", fontsize=FONT_SIZE)
    ax.tick_params(labelsize=FONT_SIZE - 1)
    bar = ax.figure.colorbar(shown, ax=ax)
    bar.set_label("sum of |weights|", fontsize=FONT_SIZE)
    bar.ax.tick_params(labelsize=FONT_SIZE - 1)
    if title:
        width = ax.get_position().width * ax.figure.get_figwidth()
        ax.set_title(_wrap(title, width + 0.6, FONT_SIZE + 1), fontsize=FONT_SIZE + 1)
    return ax


def _upscale(image: np.ndarray, least: int = 48) -> np.ndarray:
    """Repeat each pixel so that the image is at least `least` pixels across (nearest neighbour)."""
    factor = max(1, -(-least // max(image.shape[:2])))
    return np.repeat(np.repeat(image, factor, axis=0), factor, axis=1)


def _mosaic(tiles, gap: int) -> np.ndarray:
    """Lay equal-sized tiles side by side, `gap` transparent columns apart, as RGBA."""
    height, width = tiles[0].shape[:2]
    out = np.zeros((height, len(tiles) * (width + gap) - gap, 4), np.float32)
    for index, tile in enumerate(tiles):
        left = index * (width + gap)
        if tile.shape[2] == 1:  # grey, coloured as _image_axes colours it
            colours = matplotlib.colormaps[SEQUENTIAL](np.clip(tile[:, :, 0], 0, 1))
            out[:, left : left + width] = colours
        else:
            out[:, left : left + width, :3] = np.clip(tile, 0, 1)
            out[:, left : left + width, 3] = 1.0
    return out


def top_patches(patterns, patches, filters, values=None, fig=None, title: str | None = None):
    """Draw, a row per filter, its activation-maximisation pattern and its top image patches.

    Zeiler and Fergus' comparison: beside what gradient ascent makes a filter
    respond to, the parts of real images that make it respond most (see
    :func:`filterviz.exemplars.top_patches`). Pixels are enlarged by
    repetition, never smoothed, so a 3×3 patch stays nine squares.

    Parameters
    ----------
    patterns : array_like
        Float ``(F, h, w, C)`` in [0, 1]: one pattern per filter, best cut
        at the same window as the patches.
    patches : array_like
        Float ``(F, k, h, w, C)`` in [0, 1], strongest first.
    filters : sequence of int
        The filters' indices, for the row headings.
    values : array_like, optional
        ``(F, k)`` responses, written above each patch (as text, not
        titles, so that a figure's alt text is its title).
    fig : matplotlib.figure.Figure, optional
        Where to draw.
    title : str, optional
        Figure title.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, two axes a row: the pattern, then the k patches side by side
        in one image (RGBA, the gaps transparent).

    Examples
    --------
    >>> import numpy as np
    >>> import filterviz
    >>> patterns = np.full((2, 3, 3, 3), 0.5, np.float32)
    >>> patches = np.zeros((2, 9, 3, 3, 3), np.float32)
    >>> fig = filterviz.plot.top_patches(patterns, patches, [4, 7])
    >>> len(fig.axes), fig.axes[0].get_ylabel(), fig.axes[2].get_ylabel()
    (4, 'filter 4', 'filter 7')
    """
    shown = _validate.images(patterns, "patterns")
    array = _validate.numeric_array(patches, "patches")
    if array.ndim != 5 or array.shape[0] != len(shown) or array.shape[4] != shown.shape[3]:
        raise ValueError(
            f"patches must have shape (filters, k, height, width, channels) with {len(shown)} "
            f"filters and {shown.shape[3]} channels, like patterns; got shape {array.shape}"
        )
    count, k = array.shape[:2]
    crops = _validate.images(array.reshape(count * k, *array.shape[2:]), "patches")
    crops = crops.reshape(array.shape)
    labels = [int(f) for f in filters]
    if len(labels) != count:
        raise ValueError(f"filters must have one entry per pattern ({count}); got {len(labels)}")
    if values is not None:
        values = _validate.numeric_array(values, "values")
        if values.shape != (count, k):
            raise ValueError(f"values must have shape {(count, k)}; got {values.shape}")
    ncols = k + 1
    panel = min(1.2, PAGE_WIDTH / (ncols + 0.3))
    font = _panel_font(panel)
    width = panel * (ncols + 0.3)
    row = panel + (1.3 * font / 72 if values is not None else 0.05)
    fig = _new_figure(fig, width, row * count + 1.5 * font / 72 + _title_height(width, title))
    # Two axes a row: the pattern, and the k patches as one image with clear gaps
    # (creating an axes per patch made the depth pages slow to build).
    gap_ratio = 0.15
    axes = fig.subplots(
        count, 3, squeeze=False,
        width_ratios=[1, 0.3, k + (k - 1) * gap_ratio],
        gridspec_kw={"wspace": 0.0},
    )  # fmt: skip
    for index in range(count):
        _image_axes(axes[index, 0], _upscale(shown[index]))
        axes[index, 0].set_ylabel(f"filter {labels[index]}", fontsize=font)
        axes[index, 1].remove()  # a gap between the pattern and the patches
        tiles = [_upscale(crops[index, rank]) for rank in range(k)]
        size = tiles[0].shape[1]
        gap = max(1, round(gap_ratio * size))
        row_axes = axes[index, 2]
        row_axes.imshow(_mosaic(tiles, gap), interpolation="nearest")
        row_axes.set_xticks([])
        row_axes.set_yticks([])
        row_axes.set_axis_off()
        for rank in range(k):  # each patch framed, as an image axes would be
            row_axes.add_patch(matplotlib.patches.Rectangle(
                (rank * (size + gap) - 0.5, -0.5), size, tiles[0].shape[0],
                fill=False, edgecolor="black", linewidth=0.8,
            ))  # fmt: skip
        if values is not None:  # text, not a title: the page's alt text stays the title
            for rank in range(k):
                centre = rank * (size + gap) + (size - 1) / 2
                row_axes.text(centre, -0.04 * size - 0.5, _format(float(values[index, rank])),
                              fontsize=font, ha="center", va="bottom")  # fmt: skip
    axes[0, 0].set_xlabel("pattern", fontsize=font)
    axes[0, 0].xaxis.set_label_position("top")
    for ax in fig.axes:
        for image in ax.images:
            image.set_interpolation("nearest")
    _suptitle(fig, title)
    return fig
