"""Figures for slides: kernels as heat maps, images with their filtered outputs.

Every function takes an optional ``ax`` or ``fig`` to draw into, draws, and
returns what it drew; none touches global state. Weights are drawn on a
diverging colour map centred on zero (``RdBu_r``: blue negative, red
positive, readable with the common forms of colour blindness) with each value
written in its cell. Signed responses use the same map; responses that are
never negative are drawn in grey levels.
"""

from __future__ import annotations

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
]

#: Colour map for weights and signed responses: diverging, centred on zero.
DIVERGING = "RdBu_r"
#: Colour map for responses that are never negative.
SEQUENTIAL = "gray"
_TITLE_SIZE = 13
_CHANNEL_NAMES = ("R", "G", "B")


def _new_figure(fig, width: float, height: float) -> matplotlib.figure.Figure:
    if fig is None:
        return plt.figure(figsize=(width, height), layout="constrained")
    if not isinstance(fig, matplotlib.figure.Figure):
        raise TypeError(f"fig must be a matplotlib Figure or None; got {type(fig).__name__}")
    return fig


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


def kernel(
    weights,
    ax=None,
    title: str | None = None,
    vmax: float | None = None,
    annotate: bool = True,
    colorbar: bool = False,
    fontsize: float = 14,
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
    fontsize : float, default 14
        Size of the written weights.

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
    image = ax.imshow(array, cmap=DIVERGING, vmin=-limit, vmax=limit)
    if annotate:
        for (row, column), value in np.ndenumerate(array):
            dark = abs(value) > 0.6 * limit
            ax.text(
                column,
                row,
                _format(float(value)),
                ha="center",
                va="center",
                fontsize=fontsize,
                color="white" if dark else "black",
            )
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=_TITLE_SIZE)
    if colorbar:
        ax.figure.colorbar(image, ax=ax, shrink=0.8)
    return ax


def kernels(weights_list, titles=None, fig=None, ncols: int | None = None, vmax=None):
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
        Kernels per row (default: all in one row, up to 8).
    vmax : float, optional
        Shared colour limit (default: the largest absolute weight).

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
    ncols = min(len(arrays), 8) if ncols is None else _validate.positive_int(ncols, "ncols")
    nrows = -(-len(arrays) // ncols)
    fig = _new_figure(fig, 2.4 * ncols, 2.5 * nrows)
    limit = max(float(np.abs(a).max()) for a in arrays) if vmax is None else vmax
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
    for index, ax in enumerate(axes):
        if index < len(arrays):
            kernel(
                arrays[index],
                ax=ax,
                title=titles[index] if titles else None,
                vmax=limit,
                fontsize=12 if arrays[index].size <= 9 else 8,
            )
        else:
            ax.set_axis_off()
    return fig


def kernel_channels(weights, fig=None, title: str | None = None, channel_names=_CHANNEL_NAMES):
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
    fig = _new_figure(fig, 2.6 * channels, 2.9)
    limit = float(np.abs(array).max()) or 1.0
    for index, ax in enumerate(np.atleast_1d(fig.subplots(1, channels)).ravel()):
        kernel(array[:, :, index], ax=ax, title=names[index], vmax=limit, fontsize=11)
    if title:
        fig.suptitle(title, fontsize=_TITLE_SIZE + 1)
    return fig


def _image_axes(ax, image: np.ndarray, title: str | None = None):
    if image.shape[2] == 1:
        ax.imshow(image[:, :, 0], cmap=SEQUENTIAL, vmin=0, vmax=1)
    else:
        ax.imshow(image, vmin=0, vmax=1)
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=11)


def images(
    batch,
    labels=None,
    class_names=None,
    fig=None,
    ncols: int = 10,
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
    ncols : int, default 10
        Images per row.
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
    fig = _new_figure(fig, 1.5 * ncols, 1.7 * nrows + (0.4 if title else 0))
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
    for index, ax in enumerate(axes):
        if index >= len(array):
            ax.set_axis_off()
            continue
        name = None
        if labels is not None:
            label = int(labels[index])
            name = class_names[label] if class_names is not None else str(label)
        _image_axes(ax, array[index], name)
    if title:
        fig.suptitle(title, fontsize=_TITLE_SIZE + 1)
    return fig


def _response_limits(maps: np.ndarray) -> tuple[str, float, float]:
    low, high = float(maps.min()), float(maps.max())
    if low < 0:
        limit = max(abs(low), abs(high)) or 1.0
        return DIVERGING, -limit, limit
    return SEQUENTIAL, 0.0, high if high > 0 else 1.0


def filtered(
    originals,
    outputs,
    output_names=None,
    labels=None,
    class_names=None,
    fig=None,
    title: str | None = None,
    colorbar: bool = True,
):
    """Draw images above their filtered outputs: the classic demonstration figure.

    The first row shows the originals; each further row shows one output
    channel for every image, on one colour scale per row so that images
    compare. Signed outputs use the diverging map centred on zero; outputs
    that are never negative use grey levels from zero.

    Parameters
    ----------
    originals : array_like
        Images ``(N, H, W, C)`` in [0, 1].
    outputs : array_like
        Filtered outputs ``(N, H', W', K)`` for the same images.
    output_names : sequence of str, optional
        One row label per output channel.
    labels, class_names : optional
        Class per image and their names, written above the originals.
    fig : matplotlib.figure.Figure, optional
        Where to draw.
    title : str, optional
        Figure title.
    colorbar : bool, default True
        A colour bar for each row of outputs.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; its first ``N`` axes hold the originals.

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
    fig = _new_figure(fig, 1.45 * n + (0.9 if colorbar else 0.3), 1.55 * (channels + 1) + 0.4)
    grid = fig.subplots(channels + 1, n, squeeze=False)
    for index in range(n):
        name = None
        if labels is not None:
            label = int(labels[index])
            name = class_names[label] if class_names is not None else str(label)
        _image_axes(grid[0, index], images_array[index], name)
    grid[0, 0].set_ylabel("original", fontsize=12)
    for channel in range(channels):
        row = maps[:, :, :, channel]
        cmap, vmin, vmax = _response_limits(row)
        shown = None
        for index in range(n):
            ax = grid[channel + 1, index]
            shown = ax.imshow(row[index], cmap=cmap, vmin=vmin, vmax=vmax)
            ax.set_xticks([])
            ax.set_yticks([])
        label = output_names[channel] if output_names is not None else f"output {channel}"
        grid[channel + 1, 0].set_ylabel(label, fontsize=12)
        if colorbar:
            fig.colorbar(shown, ax=list(grid[channel + 1]), shrink=0.85, pad=0.01)
    if title:
        fig.suptitle(title, fontsize=_TITLE_SIZE + 1)
    return fig


def feature_maps(maps, fig=None, ncols: int = 8, max_maps: int | None = 32, title=None):
    """Draw the feature maps of one image, one panel per channel.

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

    Returns
    -------
    matplotlib.figure.Figure
        The figure, one axes per drawn channel (titled by channel index).

    Examples
    --------
    >>> import numpy as np
    >>> import filterviz
    >>> fig = filterviz.plot.feature_maps(np.zeros((8, 8, 4)), ncols=4)
    >>> len(fig.axes)
    4
    """
    array = _validate.numeric_array(maps, "maps").astype(np.float32)
    if array.ndim != 3:
        raise ValueError(
            f"maps must be the feature maps of one image (height, width, channels); "
            f"got shape {array.shape}"
        )
    _validate.finite(array, "maps")
    count = array.shape[2] if max_maps is None else min(array.shape[2], max_maps)
    ncols = min(_validate.positive_int(ncols, "ncols"), count)
    nrows = -(-count // ncols)
    fig = _new_figure(fig, 1.3 * ncols, 1.4 * nrows + (0.4 if title else 0))
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
    for index, ax in enumerate(axes):
        if index >= count:
            ax.remove()
            continue
        channel = array[:, :, index]
        cmap, vmin, vmax = _response_limits(channel)
        ax.imshow(channel, cmap=cmap, vmin=vmin, vmax=vmax)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(str(index), fontsize=9)
    if title:
        fig.suptitle(title, fontsize=_TITLE_SIZE)
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
    fig = _new_figure(fig, 1.2 * ncols, 1.3 * nrows + (0.4 if title else 0))
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
        ax.set_title(titles[index] if titles is not None else str(index), fontsize=9)
    if title:
        fig.suptitle(title, fontsize=_TITLE_SIZE)
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
        _, ax = plt.subplots(figsize=(6.4, 4.2), layout="constrained")
    shown = ax.imshow(strength, cmap="viridis", aspect="auto", interpolation="nearest")
    ax.set_xlabel("input channel (a filter of the layer below)", fontsize=12)
    ax.set_ylabel("filter of this layer", fontsize=12)
    ax.figure.colorbar(shown, ax=ax, label="sum of |weights|")
    if title:
        ax.set_title(title, fontsize=_TITLE_SIZE)
    return ax
