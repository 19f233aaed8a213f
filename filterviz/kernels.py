"""Hand-made convolution kernels, as named NumPy weights.

Every kernel is a plain array laid out the way Keras lays out one input
channel of a ``Conv2D`` kernel: ``weights[row, column]``, applied by
cross-correlation (no flip). Colour kernels have a third axis, one slice per
input channel: ``weights[row, column, channel]``.

The two diagonal filters of the original demonstration come first::

    DIAGONAL          ANTI_DIAGONAL
    1 0 0             0 0 1
    0 1 0             0 1 0
    0 0 1             1 0 0

Use :func:`get` to look a kernel up by name, :func:`names` to list them and
:func:`to_conv_weights` to lift kernels to the Keras ``Conv2D`` weight layout
``(kh, kw, in_channels, out_channels)``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from filterviz import _validate

__all__ = [
    "ANTI_DIAGONAL",
    "BLUE_YELLOW",
    "BOX_BLUR",
    "DIAGONAL",
    "EMBOSS",
    "GAUSSIAN_BLUR",
    "HORIZONTAL_EDGE",
    "IDENTITY",
    "KERNELS",
    "LAPLACIAN",
    "PREWITT_X",
    "PREWITT_Y",
    "RED_GREEN",
    "SHARPEN",
    "SOBEL_X",
    "SOBEL_Y",
    "VERTICAL_EDGE",
    "describe",
    "gabor",
    "get",
    "names",
    "nearest",
    "to_conv_weights",
]


def _constant(values) -> np.ndarray:
    array = np.array(values, dtype=np.float32)
    array.setflags(write=False)
    return array


#: Ones on the main diagonal (top-left to bottom-right)::
#:
#:     1 0 0
#:     0 1 0
#:     0 0 1
DIAGONAL = _constant(np.eye(3))

#: Ones on the anti-diagonal (top-right to bottom-left)::
#:
#:     0 0 1
#:     0 1 0
#:     1 0 0
ANTI_DIAGONAL = _constant(np.fliplr(np.eye(3)))

#: Right neighbour minus left neighbour, the simplest vertical-edge detector::
#:
#:      0  0  0
#:     -1  0  1
#:      0  0  0
VERTICAL_EDGE = _constant([[0, 0, 0], [-1, 0, 1], [0, 0, 0]])

#: Lower neighbour minus upper neighbour, the simplest horizontal-edge detector::
#:
#:      0 -1  0
#:      0  0  0
#:      0  1  0
HORIZONTAL_EDGE = _constant([[0, -1, 0], [0, 0, 0], [0, 1, 0]])

#: Sobel operator for changes along x (responds to vertical edges)::
#:
#:     -1  0  1
#:     -2  0  2
#:     -1  0  1
SOBEL_X = _constant([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])

#: Sobel operator for changes along y (responds to horizontal edges)::
#:
#:     -1 -2 -1
#:      0  0  0
#:      1  2  1
SOBEL_Y = _constant([[-1, -2, -1], [0, 0, 0], [1, 2, 1]])

#: Prewitt operator for changes along x: the edge difference averaged over three rows::
#:
#:     -1  0  1
#:     -1  0  1
#:     -1  0  1
PREWITT_X = _constant([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]])

#: Prewitt operator for changes along y::
#:
#:     -1 -1 -1
#:      0  0  0
#:      1  1  1
PREWITT_Y = _constant([[-1, -1, -1], [0, 0, 0], [1, 1, 1]])

#: Discrete Laplacian: the centre against its four neighbours::
#:
#:      0  1  0
#:      1 -4  1
#:      0  1  0
LAPLACIAN = _constant([[0, 1, 0], [1, -4, 1], [0, 1, 0]])

#: Box blur: the mean of the 3×3 neighbourhood (every weight 1/9).
BOX_BLUR = _constant(np.full((3, 3), 1 / 9))

#: Gaussian blur, the binomial approximation (weights in sixteenths)::
#:
#:     1 2 1
#:     2 4 2   / 16
#:     1 2 1
GAUSSIAN_BLUR = _constant(np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16)

#: Sharpen: the identity plus a negative Laplacian::
#:
#:      0 -1  0
#:     -1  5 -1
#:      0 -1  0
SHARPEN = _constant([[0, -1, 0], [-1, 5, -1], [0, -1, 0]])

#: Emboss: a diagonal derivative plus the identity. Its weights sum to one, so
#: flat areas keep their brightness, and the edges of a bright shape get a dark
#: rim on one diagonal side and a bright one on the other, like relief::
#:
#:     -2 -1  0
#:     -1  1  1
#:      0  1  2
EMBOSS = _constant([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]])

#: Identity: returns its input unchanged::
#:
#:     0 0 0
#:     0 1 0
#:     0 0 0
IDENTITY = _constant([[0, 0, 0], [0, 1, 0], [0, 0, 0]])

#: Red against green: a Gaussian blob, positive on red and negative on green,
#: zero on blue. Shape ``(3, 3, 3)``, one slice per RGB channel.
RED_GREEN = _constant(np.asarray(GAUSSIAN_BLUR)[:, :, None] * np.array([1.0, -1.0, 0.0]))

#: Blue against yellow (red plus green): a Gaussian blob, positive on blue and
#: negative by half on red and on green. Shape ``(3, 3, 3)``.
BLUE_YELLOW = _constant(np.asarray(GAUSSIAN_BLUR)[:, :, None] * np.array([-0.5, -0.5, 1.0]))

#: Every named kernel, in the order the gallery presents them.
KERNELS: dict[str, np.ndarray] = {
    "diagonal": DIAGONAL,
    "anti_diagonal": ANTI_DIAGONAL,
    "vertical_edge": VERTICAL_EDGE,
    "horizontal_edge": HORIZONTAL_EDGE,
    "sobel_x": SOBEL_X,
    "sobel_y": SOBEL_Y,
    "prewitt_x": PREWITT_X,
    "prewitt_y": PREWITT_Y,
    "laplacian": LAPLACIAN,
    "box_blur": BOX_BLUR,
    "gaussian_blur": GAUSSIAN_BLUR,
    "sharpen": SHARPEN,
    "emboss": EMBOSS,
    "identity": IDENTITY,
    "red_green": RED_GREEN,
    "blue_yellow": BLUE_YELLOW,
}

_DESCRIPTIONS = {
    "diagonal": "strokes running from top left to bottom right",
    "anti_diagonal": "strokes running from top right to bottom left",
    "vertical_edge": "vertical edges, by right minus left neighbour",
    "horizontal_edge": "horizontal edges, by lower minus upper neighbour",
    "sobel_x": "vertical edges, smoothed 1-2-1 along the edge",
    "sobel_y": "horizontal edges, smoothed 1-2-1 along the edge",
    "prewitt_x": "vertical edges, averaged over three rows",
    "prewitt_y": "horizontal edges, averaged over three columns",
    "laplacian": "spots and outlines: the centre against its neighbours",
    "box_blur": "nothing in particular: it averages, removing fine detail",
    "gaussian_blur": "nothing in particular: a centre-weighted average",
    "sharpen": "the image itself, with its edges exaggerated",
    "emboss": "diagonal edges, shown as relief on the image itself",
    "identity": "nothing: it returns its input",
    "red_green": "red against green (colour opponency)",
    "blue_yellow": "blue against yellow (colour opponency)",
}


def names() -> list[str]:
    """List the names of the hand-made kernels.

    Returns
    -------
    list of str
        The keys of :data:`KERNELS`, diagonal filters first.

    Examples
    --------
    >>> import filterviz
    >>> filterviz.kernels.names()[:2]
    ['diagonal', 'anti_diagonal']
    """
    return list(KERNELS)


def get(name: str) -> np.ndarray:
    """Return a named kernel.

    Parameters
    ----------
    name : str
        One of :func:`names`, for example ``"diagonal"``. Case and the
        separators ``-``, ``_`` and space are ignored.

    Returns
    -------
    numpy.ndarray
        A read-only float32 array, ``(3, 3)`` or ``(3, 3, 3)`` for colour kernels.

    Raises
    ------
    TypeError
        If `name` is not a string.
    ValueError
        If no kernel has that name; the message lists the valid names.

    Examples
    --------
    >>> import filterviz
    >>> filterviz.kernels.get("diagonal")
    array([[1., 0., 0.],
           [0., 1., 0.],
           [0., 0., 1.]], dtype=float32)
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a kernel name (str); got {type(name).__name__} {name!r}")
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    if key not in KERNELS:
        raise ValueError(f"name: unknown kernel {name!r}; expected one of {', '.join(KERNELS)}")
    return KERNELS[key]


def describe(name: str) -> str:
    """Say in a few words what a named kernel responds to.

    Parameters
    ----------
    name : str
        One of :func:`names`.

    Returns
    -------
    str
        A short phrase, for example for a figure title.

    Examples
    --------
    >>> import filterviz
    >>> filterviz.kernels.describe("sobel_x")
    'vertical edges, smoothed 1-2-1 along the edge'
    """
    get(name)
    return _DESCRIPTIONS[name.strip().lower().replace("-", "_").replace(" ", "_")]


def gabor(
    size: int = 3,
    theta: float = 0.0,
    wavelength: float = 4.0,
    sigma: float = 1.0,
    phase: float = 0.0,
    aspect: float = 1.0,
    zero_mean: bool = True,
) -> np.ndarray:
    """Build a Gabor kernel: a cosine wave under a Gaussian window.

    The wave runs along the direction `theta`, so the kernel responds to
    stripes and edges perpendicular to it. With ``theta=0`` the wave runs
    along x (columns) and the kernel detects vertical structure.

    Parameters
    ----------
    size : int, default 3
        Width and height in pixels; odd and at least 3.
    theta : float, default 0.0
        Direction of the wave in radians, anticlockwise from the x axis as seen
        on screen (rows grow downwards).
    wavelength : float, default 4.0
        Period of the cosine in pixels; positive.
    sigma : float, default 1.0
        Standard deviation of the Gaussian window in pixels; positive.
    phase : float, default 0.0
        Phase of the cosine in radians: 0 gives an even (line) detector,
        ``pi / 2`` an odd (edge) detector.
    aspect : float, default 1.0
        Ratio of the window's spread across the wave to along it; positive.
    zero_mean : bool, default True
        Subtract the mean so that a flat image gives zero.

    Returns
    -------
    numpy.ndarray
        Float32 array of shape ``(size, size)``.

    Raises
    ------
    ValueError
        If `size` is not an odd integer of at least 3, or `wavelength`,
        `sigma` or `aspect` is not a positive finite number.

    Examples
    --------
    >>> import numpy as np
    >>> import filterviz
    >>> k = filterviz.kernels.gabor(theta=0.0, phase=np.pi / 2)
    >>> k.shape
    (3, 3)
    >>> bool(np.allclose(k, -k[:, ::-1]))  # an odd kernel: antisymmetric left to right
    True
    """
    size = _validate.odd_int(size, "size")
    for arg_name, value in (("wavelength", wavelength), ("sigma", sigma), ("aspect", aspect)):
        _validate.positive_number(value, arg_name)
    for arg_name, value in (("theta", theta), ("phase", phase)):
        _validate.finite_number(value, arg_name, unit="radians")
    half = size // 2
    rows, columns = np.mgrid[-half : half + 1, -half : half + 1].astype(np.float64)
    x = columns
    y = -rows  # rows grow downwards; y grows upwards on screen
    along = x * np.cos(theta) + y * np.sin(theta)
    across = -x * np.sin(theta) + y * np.cos(theta)
    window = np.exp(-(along**2 + (aspect * across) ** 2) / (2 * sigma**2))
    kernel = window * np.cos(2 * np.pi * along / wavelength + phase)
    if zero_mean:
        kernel = kernel - kernel.mean()
    return kernel.astype(np.float32)


def _as_kernel(kernel, index: int | None) -> np.ndarray:
    where = "kernels" if index is None else f"kernels[{index}]"
    if isinstance(kernel, str):
        return np.asarray(get(kernel), dtype=np.float32)
    array = _validate.numeric_array(kernel, where)
    if array.ndim not in (2, 3):
        raise ValueError(
            f"{where} must be a 2-D kernel (kh, kw) or a colour kernel (kh, kw, channels); "
            f"got shape {array.shape}"
        )
    _validate.finite(array, where)
    if array.shape[0] < 1 or array.shape[1] < 1:
        raise ValueError(f"{where} must not be empty; got shape {array.shape}")
    return array.astype(np.float32)


def to_conv_weights(
    kernels: str | np.ndarray | Sequence[str | np.ndarray],
    in_channels: int = 3,
    mode: str = "sum",
) -> np.ndarray:
    """Lift hand-made kernels to the Keras ``Conv2D`` weight layout.

    Parameters
    ----------
    kernels : str, array or sequence of them
        One kernel or a list of kernels. Each is a name from :func:`names`, a
        2-D array ``(kh, kw)`` or a colour kernel ``(kh, kw, in_channels)``.
        All must share ``kh`` and ``kw``. A single 3-D array is one colour
        kernel; to pass several 2-D kernels, pass a list.
    in_channels : int, default 3
        Number of channels of the images the weights will see.
    mode : {"sum", "mean", "per_channel"}, default "sum"
        How a 2-D kernel meets several channels:

        - ``"sum"``: the kernel is copied into every input channel, so one
          output channel adds up the responses of all channels (what a
          ``Conv2D`` with those weights computes);
        - ``"mean"``: as ``"sum"``, divided by `in_channels`, so a grey image
          gives the same response as its single channel;
        - ``"per_channel"``: one output per kernel and channel, each seeing only
          its own channel (kernel-major order: kernel 0 on R, G, B, then
          kernel 1, ...).

        A colour kernel already has a slice per channel: ``"sum"`` and
        ``"mean"`` use it as it is, ``"per_channel"`` splits it into one output
        per channel.

    Returns
    -------
    numpy.ndarray
        Float32 weights of shape ``(kh, kw, in_channels, out_channels)``.

    Raises
    ------
    TypeError
        If a kernel is not numeric.
    ValueError
        If a name is unknown, a kernel has the wrong rank or shape or holds
        NaN or infinite values, the kernels differ in size, `in_channels` is
        not a positive integer, or `mode` is unknown.

    Examples
    --------
    >>> import filterviz
    >>> w = filterviz.kernels.to_conv_weights(["diagonal", "anti_diagonal"])
    >>> w.shape
    (3, 3, 3, 2)
    >>> w[:, :, 0, 0]
    array([[1., 0., 0.],
           [0., 1., 0.],
           [0., 0., 1.]], dtype=float32)
    >>> filterviz.kernels.to_conv_weights("identity", mode="per_channel").shape
    (3, 3, 3, 3)
    """
    _validate.choice(mode, "mode", ("sum", "mean", "per_channel"))
    in_channels = _validate.positive_int(in_channels, "in_channels")
    if isinstance(kernels, (str, np.ndarray)):
        items = [_as_kernel(kernels, None)]
    elif isinstance(kernels, Sequence):
        if len(kernels) == 0:
            raise ValueError("kernels must hold at least one kernel; got an empty sequence")
        items = [_as_kernel(k, i) for i, k in enumerate(kernels)]
    else:
        raise TypeError(
            "kernels must be a kernel name, an array or a list of them; "
            f"got {type(kernels).__name__}"
        )
    size = items[0].shape[:2]
    columns = []
    for index, kernel in enumerate(items):
        if kernel.shape[:2] != size:
            raise ValueError(
                f"kernels[{index}] has size {kernel.shape[:2]}; every kernel must be {size}"
            )
        if kernel.ndim == 3 and kernel.shape[2] != in_channels:
            raise ValueError(
                f"kernels[{index}] is a colour kernel for {kernel.shape[2]} channels; "
                f"in_channels is {in_channels}"
            )
        stack = kernel if kernel.ndim == 3 else np.repeat(kernel[:, :, None], in_channels, axis=2)
        if mode == "per_channel":
            for channel in range(in_channels):
                single = np.zeros_like(stack)
                single[:, :, channel] = stack[:, :, channel]
                columns.append(single)
        elif mode == "mean" and kernel.ndim == 2:
            columns.append(stack / in_channels)
        else:
            columns.append(stack)
    return np.stack(columns, axis=-1).astype(np.float32)


def nearest(weights, candidates=None) -> list[tuple[str, float]]:
    """Name the hand-made kernel closest to each filter, by cosine similarity.

    Each hand-made kernel is lifted to the filters' channels with
    :func:`filterviz.kernels.to_conv_weights` (``mode="sum"``: the same 2-D
    kernel on every channel; colour kernels as they are) and compared with
    each filter as a flat vector. The cosine is 1 for the same direction, -1
    for the same kernel with opposite sign (which detects the same structure
    with reversed polarity) and 0 for unrelated weights. The closest kernel is
    the one with the largest absolute cosine; its signed cosine is returned.

    Parameters
    ----------
    weights : array_like
        Conv2D weights ``(kh, kw, in_channels, filters)``.
    candidates : sequence of str, optional
        Kernel names to compare with (default: every kernel of matching size
        except the identity).

    Returns
    -------
    list of (str, float)
        For each filter, the nearest kernel's name and the cosine similarity.

    Raises
    ------
    ValueError
        If the weights are not 4-D, no candidate kernel matches their size, or
        a filter is all zeros.

    Examples
    --------
    >>> import filterviz
    >>> planted = filterviz.kernels.to_conv_weights(["sobel_x", "diagonal"])
    >>> [(name, round(cos, 3)) for name, cos in filterviz.kernels.nearest(-2 * planted)]
    [('sobel_x', -1.0), ('diagonal', -1.0)]
    """
    array = _validate.weights(weights, "weights").astype(np.float64)
    kh, kw, channels, count = array.shape
    chosen = (
        [n for n in names() if n != "identity"] if candidates is None else list(candidates)
    )
    bank, bank_names = [], []
    for name in chosen:
        kernel = get(name)
        if kernel.shape[:2] != (kh, kw) or (kernel.ndim == 3 and kernel.shape[2] != channels):
            continue
        bank.append(to_conv_weights(name, in_channels=channels)[..., 0].ravel())
        bank_names.append(name)
    if not bank:
        raise ValueError(
            f"no candidate kernel has the weights' size {(kh, kw)} and {channels} channel(s)"
        )
    matrix = np.array(bank, dtype=np.float64)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    flat = array.reshape(-1, count).T
    norms = np.linalg.norm(flat, axis=1, keepdims=True)
    if np.any(norms == 0):
        zero = np.flatnonzero(norms[:, 0] == 0).tolist()
        raise ValueError(f"weights: filter(s) {zero} are all zeros and have no direction")
    cosines = (flat / norms) @ matrix.T
    best = np.argmax(np.abs(cosines), axis=1)
    return [(bank_names[b], float(cosines[i, b])) for i, b in enumerate(best)]
