r"""Fitting learned filters with hand-made families: Gabor, centre-surround and uniform colour.

A trained network's first-layer filters often look like kernels a person
would design: oriented stripes and edges (Gabor kernels), blobs with a ring of
the opposite sign (centre-surround), and flat patches that weigh the colour
channels against each other (uniform colour-opponent). :func:`fit_filters`
finds, for each filter ``w`` of shape ``(kh, kw, channels)``, the best member
of each family and the share of the filter's variance it explains,

.. math::

   R^2 = 1 - \frac{\sum (w - \hat w)^2}{\sum (w - \bar w)^2},

where :math:`\bar w` is the mean of all the filter's weights. The families,
each a spatial profile times a colour vector found by least squares:

- ``"gabor"``: :math:`\hat w_{yxc} = u_c\, g(y, x)`, with ``g`` a zero-mean
  Gabor kernel (orientation, wavelength, phase, envelope width and the
  centre's sub-pixel position) and ``u`` one weight per channel: 6 shape
  parameters plus one per channel;
- ``"center_surround"``: :math:`\hat w_{yxc} = u_c\, G_{\sigma_1}(y, x) +
  v_c\, G_{\sigma_2}(y, x)`, two concentric Gaussians of widths
  :math:`\sigma_1 < \sigma_2` with a colour vector each, so a red centre in a
  green surround is one member: 4 shape parameters plus two per channel;
- ``"uniform"``: :math:`\hat w_{yxc} = u_c`, the same weight at every pixel,
  one per channel.

A family with more parameters can fit noise better, so an R² is worth most
when the filter has many more weights than the family has parameters (75 for
a 5×5 RGB filter, 27 for a 3×3 one): :func:`chance_r2` measures what the
families reach on pure noise of a filter's shape, the level a fit must beat.
R² can be below 0 when a family fits worse than the filter's mean.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np

from filterviz import _validate

__all__ = [
    "FAMILIES",
    "OPPONENT",
    "TIE",
    "Fit",
    "chance_r2",
    "chromatic_share",
    "fit_filters",
    "fit_first_layer",
]

#: A filter is colour-opponent when at least this share of its variance
#: weighs the colour channels against each other (see :func:`chromatic_share`).
OPPONENT = 0.5

#: The families :func:`fit_filters` tries, in the order of ``Fit.scores``.
FAMILIES = ("gabor", "center_surround", "uniform")

#: A family within this much R² of the best one is chosen if it has fewer
#: parameters (uniform, then Gabor, then centre-surround).
TIE = 0.02

_SIMPLEST_FIRST = ("uniform", "gabor", "center_surround")


class Fit(NamedTuple):
    """The best fit of one filter.

    Attributes
    ----------
    family : str
        The family with the highest R², one of :data:`FAMILIES`; of families
        within :data:`TIE` of it, the one with fewest parameters.
    r2 : float
        Its R².
    fitted : numpy.ndarray
        Float32 ``(kh, kw, channels)``: that family's best member.
    params : dict
        Its shape parameters (for ``"gabor"``: ``theta`` in radians from 0 to
        pi, ``wavelength`` and ``sigma`` in pixels, ``phase`` in radians,
        ``center`` as (row, column) offsets from the middle pixel; for
        ``"center_surround"``: ``sigma_center``, ``sigma_surround``,
        ``center``) and ``colour``, the channel weights (for
        ``"center_surround"``, ``colour`` of the centre and
        ``surround_colour``).
    scores : dict
        R² of every family, so a page can show the runner-up too.
    """

    family: str
    r2: float
    fitted: np.ndarray
    params: dict
    scores: dict


@functools.lru_cache(maxsize=16)
def _centred_grid(height: int, width: int):
    """Row and column indices minus the kernel's middle, each ``(kh, kw)``; read-only."""
    rows, columns = np.mgrid[0:height, 0:width].astype(np.float64)
    rows, columns = rows - (height - 1) / 2, columns - (width - 1) / 2
    rows.flags.writeable = columns.flags.writeable = False
    return rows, columns


def _grid(size: tuple[int, int], center):
    """Row and column coordinates (y up, x right) relative to `center`, each ``(..., kh, kw)``."""
    height, width = size
    rows, columns = _centred_grid(int(height), int(width))
    rows = rows - center[..., 0, None, None]
    columns = columns - center[..., 1, None, None]
    return -rows, columns  # y grows upwards on screen, as in filterviz.kernels.gabor


def _gabors(size, theta, wavelength, sigma, phase, center):
    """Zero-mean Gabor profiles, flattened: one row per parameter set (arrays broadcast)."""
    y, x = _grid(size, center)
    theta, wavelength = theta[..., None, None], wavelength[..., None, None]
    sigma, phase = sigma[..., None, None], phase[..., None, None]
    along = x * np.cos(theta) + y * np.sin(theta)
    window = np.exp(-(x**2 + y**2) / (2 * sigma**2))
    profile = window * np.cos(2 * np.pi * along / wavelength + phase)
    profile = profile.reshape(*profile.shape[:-2], -1)
    return profile - profile.mean(axis=-1, keepdims=True)


def _rank_one_error(profiles, flat):
    """Squared error of the best ``u_c * profile`` for each profile; `flat` is ``(pixels, C)``."""
    norms = np.einsum("...p,...p->...", profiles, profiles)
    projections = profiles @ flat  # (..., C)
    explained = np.sum(projections**2, axis=-1) / np.maximum(norms, 1e-12)
    return np.sum(flat**2) - explained


def _search(error, start, steps, low, high, rounds=40):
    """Pattern search from `start`: a step up and down each parameter; halve steps when stuck."""
    best, best_error = np.array(start, float), error(np.array(start, float))
    steps = np.array(steps, float)
    smallest = steps / 1000  # below this, a parameter is as good as found
    for _ in range(rounds):
        if np.all(steps < smallest):
            break
        moved = False
        for index in range(len(best)):
            for sign in (1.0, -1.0):
                trial = best.copy()
                trial[index] = np.clip(trial[index] + sign * steps[index], low[index], high[index])
                trial_error = error(trial)
                if trial_error < best_error - 1e-12:
                    best, best_error, moved = trial, trial_error, True
        if not moved:
            steps /= 2
    return best, best_error


def _fit_gabor(flat, size):
    longest = max(size)
    thetas = np.linspace(0, np.pi, 16, endpoint=False)
    wavelengths = np.geomspace(2.0, 4.0 * longest, 10)
    sigmas = np.geomspace(0.5, longest, 8)
    phases = np.linspace(0, np.pi, 8, endpoint=False)  # u can be negative: phase + pi is -profile
    grid = np.stack(np.meshgrid(thetas, wavelengths, sigmas, phases, indexing="ij"), -1)
    grid = grid.reshape(-1, 4)
    zero = np.zeros((len(grid), 2))
    profiles = _gabors(size, grid[:, 0], grid[:, 1], grid[:, 2], grid[:, 3], zero)
    start = grid[np.argmin(_rank_one_error(profiles, flat))]

    def error(p):
        one = _gabors(size, *(np.array([v]) for v in p[:4]), np.array([p[4:6]]))[0]
        return _rank_one_error(one, flat)

    half = np.array(size) / 2
    low = [-np.inf, 2.0, 0.3, -np.inf, -half[0], -half[1]]
    high = [np.inf, 8.0 * longest, 2.0 * longest, np.inf, half[0], half[1]]
    steps = [np.pi / 32, start[1] * 0.1, start[2] * 0.1, np.pi / 16, 0.25, 0.25]
    best, _ = _search(error, [*start, 0.0, 0.0], steps, low, high)
    profile = _gabors(size, *(np.array([v]) for v in best[:4]), np.array([best[4:6]]))[0]
    colour = profile @ flat / max(profile @ profile, 1e-12)
    theta, phase = best[0] % (2 * np.pi), best[3]
    if theta >= np.pi:  # the same kernel with the wave turned round: phase changes sign
        theta, phase = theta - np.pi, -phase
    params = {
        "theta": float(theta),
        "wavelength": float(best[1]),
        "sigma": float(best[2]),
        "phase": float(phase % (2 * np.pi)),
        "center": (float(-best[4]), float(best[5])),  # y up -> row offset down
        "colour": colour.astype(np.float32),
    }
    return np.outer(profile, colour), params


def _gaussians(size, sigma, center):
    y, x = _grid(size, center)
    profile = np.exp(-(x**2 + y**2) / (2 * sigma[..., None, None] ** 2))
    profile = profile.reshape(*profile.shape[:-2], -1)
    return profile / np.linalg.norm(profile, axis=-1, keepdims=True)


def _two_profile_fit(flat, size, p):
    """Least-squares colours of two concentric Gaussians; returns (fitted, colours, error)."""
    center = np.array([p[2:4]])
    widths = np.array([p[0], p[1]])
    basis = _gaussians(size, widths, np.repeat(center, 2, axis=0)).T  # (pixels, 2)
    colours, *_ = np.linalg.lstsq(basis, flat, rcond=None)
    fitted = basis @ colours
    return fitted, colours, float(np.sum((flat - fitted) ** 2))


def _fit_center_surround(flat, size):
    longest = max(size)
    widths = np.geomspace(0.3, 2.0 * longest, 12)
    pairs = [(a, b) for a in widths for b in widths if b > a * 1.2]
    errors = [_two_profile_fit(flat, size, (a, b, 0.0, 0.0))[2] for a, b in pairs]
    start = pairs[int(np.argmin(errors))]
    half = np.array(size) / 2
    best, _ = _search(
        lambda p: _two_profile_fit(flat, size, p)[2] if p[0] < p[1] else np.inf,
        [*start, 0.0, 0.0],
        [start[0] * 0.1, start[1] * 0.1, 0.25, 0.25],
        [0.2, 0.25, -half[0], -half[1]],
        [4.0 * longest, 8.0 * longest, half[0], half[1]],
    )
    fitted, colours, _ = _two_profile_fit(flat, size, best)
    params = {
        "sigma_center": float(best[0]),
        "sigma_surround": float(best[1]),
        "center": (float(-best[2]), float(best[3])),
        "colour": colours[0].astype(np.float32),
        "surround_colour": colours[1].astype(np.float32),
    }
    return fitted, params


def _fit_uniform(flat):
    colour = flat.mean(axis=0)
    return np.broadcast_to(colour, flat.shape), {"colour": colour.astype(np.float32)}


def fit_filters(weights) -> list[Fit]:
    """Fit every filter of a convolution with the Gabor, centre-surround and uniform families.

    The three families and the R² reported are described in
    :mod:`filterviz.fitting`.

    Parameters
    ----------
    weights : array_like
        Kernel in Keras' layout ``(kh, kw, in_channels, filters)``, for
        example ``filterviz.layers.weights(layer)[0]``; a single filter may be
        given as ``(kh, kw)`` or ``(kh, kw, in_channels)``. Each side must be
        at least 3 pixels.

    Returns
    -------
    list of Fit
        One per filter, in the kernel's order.

    Raises
    ------
    ValueError
        If `weights` has another number of axes, a side under 3 pixels, or
        non-finite values.

    Examples
    --------
    >>> import numpy as np
    >>> import filterviz
    >>> stripes = filterviz.kernels.gabor(7, np.pi / 4, sigma=2.0)
    >>> fit = filterviz.fitting.fit_filters(stripes)[0]
    >>> fit.family, round(fit.r2, 3)
    ('gabor', 1.0)
    >>> round(float(np.degrees(fit.params["theta"])))
    45
    """
    kernel = _validate.numeric_array(weights, "weights")
    if kernel.ndim == 2:
        kernel = kernel[:, :, None, None]
    elif kernel.ndim == 3:
        kernel = kernel[..., None]
    if kernel.ndim != 4:
        raise ValueError(
            "weights must have shape (kh, kw, in_channels, filters), (kh, kw, in_channels) or "
            f"(kh, kw); got shape {kernel.shape}"
        )
    if min(kernel.shape[:2]) < 3:
        raise ValueError(
            f"weights must be at least 3x3 pixels to fit a shape; got {kernel.shape[0]}x"
            f"{kernel.shape[1]}"
        )
    if kernel.shape[0] != kernel.shape[1]:
        raise ValueError(
            f"weights must be square kernels (kh == kw), as the families are; got "
            f"{kernel.shape[0]}x{kernel.shape[1]}"
        )
    _validate.finite(kernel, "weights")
    flat_filters = kernel.reshape(-1, kernel.shape[3])
    constant = np.flatnonzero(np.ptp(flat_filters, axis=0) == 0)
    if constant.size:
        listed = ", ".join(map(str, constant[:10])) + (", ..." if constant.size > 10 else "")
        raise ValueError(
            f"weights: filter{'s' if constant.size > 1 else ''} {listed} of "
            f"{kernel.shape[3]} {'are' if constant.size > 1 else 'is'} constant (all weights "
            "equal, such as an all-zero filter), which has no variance for a fit to explain; "
            "fit the others, e.g. weights[..., keep]"
        )
    size = kernel.shape[:2]
    fits = []
    for index in range(kernel.shape[3]):
        flat = kernel[..., index].reshape(-1, kernel.shape[2]).astype(np.float64)
        total = float(np.sum((flat - flat.mean()) ** 2))
        candidates = {
            "gabor": _fit_gabor(flat, size),
            "center_surround": _fit_center_surround(flat, size),
            "uniform": _fit_uniform(flat),
        }
        scores = {}
        for family, (fitted, _) in candidates.items():
            error = float(np.sum((flat - fitted) ** 2))
            scores[family] = 1.0 - error / total
        best = max(scores.values())
        # The simplest family that comes within TIE of the best: a wide
        # centre-surround pair can also draw a flat patch, with more parameters.
        family = next(name for name in _SIMPLEST_FIRST if scores[name] >= best - TIE)
        fitted, params = candidates[family]
        shaped = np.asarray(fitted, np.float32).reshape(kernel.shape[:3])
        fits.append(Fit(family, scores[family], shaped, params, scores))
    return fits


def fit_first_layer(model) -> list[Fit]:
    """Fit every filter of a model's first 2-D convolution; see :func:`fit_filters`.

    Parameters
    ----------
    model : keras.Model
        Any Keras model with a 2-D convolution; its first one (depth 1, as
        :func:`filterviz.layers.find` counts) is fitted.

    Returns
    -------
    list of Fit
        One per filter of that layer.

    Raises
    ------
    ValueError
        If the model has no 2-D convolution, or its first one is smaller
        than 3×3 or not a plain ``Conv2D`` (a depthwise or grouped first
        layer's filters read single channels; fit them with
        :func:`fit_filters` on the weights you choose).
    """
    from filterviz import layers

    layer = layers.find(model, 1)
    kind, groups = layers.kind(layer), getattr(layer, "groups", 1) or 1
    if kind != "Conv2D" or groups != 1:
        described = f"{kind} with groups={groups}" if kind == "Conv2D" else kind
        raise ValueError(
            f"the first convolution {layer.name!r} is a {described}; fit_first_layer fits "
            "plain Conv2D filters, which read all input channels"
        )
    return fit_filters(layers.weights(layer)[0])


def chance_r2(shape, count: int = 32, seed: int = 0) -> np.ndarray:
    """R² of the best fit to Gaussian noise of a filter's shape: what chance alone reaches.

    Parameters
    ----------
    shape : (int, int, int)
        ``(kh, kw, in_channels)`` of the filters to compare with.
    count : int, default 32
        How many noise filters to fit.
    seed : int, default 0
        Seeds the noise.

    Returns
    -------
    numpy.ndarray
        Float64 ``(count,)``: each noise filter's best R², sorted.

    Raises
    ------
    ValueError
        If `shape` is not three positive integers with sides of at least 3,
        or `count` is not a positive integer.

    Examples
    --------
    >>> import numpy as np
    >>> import filterviz
    >>> chance = filterviz.fitting.chance_r2
    >>> small = np.median(chance((3, 3, 3), count=4))
    >>> large = np.median(chance((7, 7, 3), count=4))
    >>> bool(small > large)  # 27 weights fit by chance more than 147
    True
    """
    valid = isinstance(shape, (tuple, list)) and len(shape) == 3
    valid = valid and all(_validate.is_int(side) for side in shape)
    if not valid or min(shape) < 1 or min(shape[:2]) < 3:
        raise ValueError(
            f"shape must be (kh, kw, in_channels) positive integers, sides of at least 3; "
            f"got {shape!r}"
        )
    count = _validate.positive_int(count, "count")
    noise = np.random.default_rng(seed).standard_normal((*shape, count))
    return np.sort([fit.r2 for fit in fit_filters(noise)])


def chromatic_share(weights) -> np.ndarray:
    r"""Return the share of each filter's variance that weighs colour channels against each other.

    A filter :math:`w_{yxc}` splits into its grey part, the mean over
    channels :math:`\bar w_{yx}` at every channel, and its chromatic part
    :math:`w_{yxc} - \bar w_{yx}`, which sums to zero over the channels: on a
    grey image (equal channels) the chromatic part adds nothing to the
    output. The two parts are orthogonal, so their variances add up, and

    .. math::

       \text{share} = \frac{\sum (w_{yxc} - \bar w_{yx})^2}{\sum (w_{yxc} - \bar w)^2}

    runs from 0 (the same weights in every channel) to 1 (a red-minus-green
    patch). A filter with a share of at least :data:`OPPONENT` is counted
    colour-opponent.

    Parameters
    ----------
    weights : array_like
        Kernel ``(kh, kw, in_channels, filters)``, or one filter
        ``(kh, kw, in_channels)``; at least two channels.

    Returns
    -------
    numpy.ndarray
        Float64 ``(filters,)``.

    Raises
    ------
    ValueError
        If `weights` has another number of axes, one channel, non-finite
        values, or a constant filter.

    Examples
    --------
    >>> import numpy as np
    >>> import filterviz
    >>> red_minus_green = np.zeros((3, 3, 3))
    >>> red_minus_green[..., 0], red_minus_green[..., 1] = 1.0, -1.0
    >>> grey_edge = np.repeat(np.array([[-1.0, 0.0, 1.0]] * 3)[..., None], 3, axis=2)
    >>> filterviz.fitting.chromatic_share(np.stack([red_minus_green, grey_edge], -1)).tolist()
    [1.0, 0.0]
    """
    kernel = _validate.numeric_array(weights, "weights")
    if kernel.ndim == 3:
        kernel = kernel[..., None]
    if kernel.ndim != 4 or kernel.shape[2] < 2:
        raise ValueError(
            "weights must have shape (kh, kw, in_channels, filters) or (kh, kw, in_channels) "
            f"with at least 2 channels; got shape {kernel.shape}"
        )
    _validate.finite(kernel, "weights")
    kernel = kernel.astype(np.float64)
    grey = kernel.mean(axis=2, keepdims=True)
    chromatic = np.sum((kernel - grey) ** 2, axis=(0, 1, 2))
    total = np.sum((kernel - kernel.mean(axis=(0, 1, 2))) ** 2, axis=(0, 1, 2))
    constant = np.flatnonzero(total == 0)
    if constant.size:
        raise ValueError(
            f"weights: filter {constant[0]} is constant (all weights equal, such as an "
            "all-zero filter); its share is undefined"
        )
    return chromatic / total
