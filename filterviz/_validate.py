"""Checks for arguments at the public edge, with messages that name the argument.

Every public function of filterviz checks its arguments with these, so that
one wording, and one idea of what an integer is (never a bool), hold for all:

- arrays: :func:`numeric_array`, :func:`finite`, :func:`images`, :func:`weights`;
- integers: :func:`is_int`, :func:`positive_int`, :func:`non_negative_int`,
  :func:`odd_int`, :func:`bounded_int`, :func:`steps`;
- numbers: :func:`finite_number`, :func:`positive_number`,
  :func:`non_negative_number`;
- indices and names: :func:`index_list`, :func:`choice`.

Each raises ValueError or TypeError with a message that names the argument,
the value received and what was expected.
"""

from __future__ import annotations

import numpy as np


def numeric_array(value, name: str) -> np.ndarray:
    """Return `value` as a NumPy array of real numbers, or raise TypeError."""
    if hasattr(value, "numpy") and not isinstance(value, np.ndarray):
        value = value.numpy()  # a framework tensor
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:  # ragged nested lists and the like
        raise ValueError(f"{name} must be a rectangular array of numbers; {error}") from None
    if array.dtype == object or not (
        np.issubdtype(array.dtype, np.floating)
        or np.issubdtype(array.dtype, np.integer)
        or array.dtype == bool
    ):
        raise TypeError(f"{name} must hold real numbers; got dtype {array.dtype}")
    if array.dtype == bool:
        raise TypeError(f"{name} must hold real numbers, not booleans; got dtype bool")
    return array


def finite(array: np.ndarray, name: str) -> None:
    """Raise ValueError if `array` holds NaN or infinite values."""
    if not np.all(np.isfinite(array)):
        bad = int(np.size(array) - np.count_nonzero(np.isfinite(array)))
        raise ValueError(f"{name} must be finite; it holds {bad} NaN or infinite value(s)")


def images(
    value,
    name: str = "images",
    unit_range: bool = True,
    channels: int | None = None,
) -> np.ndarray:
    """Check a batch of images ``(N, H, W, C)`` and return it as float32.

    Integer images are refused rather than rescaled: nothing is silently
    changed. With `unit_range`, values must lie in [0, 1].
    """
    array = numeric_array(value, name)
    if not np.issubdtype(array.dtype, np.floating):
        hint = " (divide by 255 for 8-bit images)" if array.dtype == np.uint8 else ""
        raise TypeError(
            f"{name} must be floating point{' in [0, 1]' if unit_range else ''}; "
            f"got dtype {array.dtype}{hint}"
        )
    if array.ndim != 4:
        hint = ""
        if array.ndim == 3:
            hint = "; for one image use images[None] (adds the batch axis)"
        elif array.ndim == 2:
            hint = "; for one grey image use image[None, :, :, None]"
        raise ValueError(
            f"{name} must be a batch of shape (N, height, width, channels); "
            f"got {array.ndim}-D shape {array.shape}{hint}"
        )
    if array.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one image; got an empty batch {array.shape}")
    if array.shape[1] == 0 or array.shape[2] == 0 or array.shape[3] == 0:
        raise ValueError(f"{name} has an empty axis; got shape {array.shape}")
    if channels is not None and array.shape[3] != channels:
        raise ValueError(
            f"{name} must have {channels} channel(s) on its last axis; got shape {array.shape}"
        )
    # min and max propagate NaN and reach +-inf, so two reductions check both
    # finiteness and range without allocating a mask of the whole batch.
    low, high = float(array.min()), float(array.max())
    if not (np.isfinite(low) and np.isfinite(high)):
        finite(array, name)
    if unit_range:
        if low < 0 or high > 1:
            raise ValueError(
                f"{name} must lie in [0, 1]; got values from {low:g} to {high:g} "
                "(nothing is clipped: rescale them first)"
            )
    return array.astype(np.float32, copy=False)


def weights(value, name: str = "weights") -> np.ndarray:
    """Check a Conv2D weight array ``(kh, kw, in, out)`` and return it as float32."""
    array = numeric_array(value, name)
    if array.ndim != 4:
        hint = ""
        if array.ndim in (2, 3):
            hint = "; lift a hand-made kernel with filterviz.kernels.to_conv_weights"
        raise ValueError(
            f"{name} must have the Keras Conv2D layout (kh, kw, in_channels, out_channels); "
            f"got {array.ndim}-D shape {array.shape}{hint}"
        )
    if 0 in array.shape:
        raise ValueError(f"{name} has an empty axis; got shape {array.shape}")
    finite(array, name)
    return array.astype(np.float32, copy=False)


def is_int(value) -> bool:
    """Tell whether `value` is an integer: a Python or NumPy int, not a bool.

    Examples
    --------
    >>> from filterviz import _validate
    >>> _validate.is_int(3), _validate.is_int(True), _validate.is_int(3.0)
    (True, False, False)
    """
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _is_number(value) -> bool:
    """Tell whether `value` is a finite real number (a Python or NumPy scalar)."""
    return isinstance(value, (int, float, np.number)) and bool(np.isfinite(value))


def non_negative_int(value, name: str) -> int:
    """Check an integer of at least 0.

    Parameters
    ----------
    value : int
        The value received.
    name : str
        The argument's name, for the message.

    Returns
    -------
    int
        `value` as a Python integer.

    Raises
    ------
    ValueError
        If `value` is not an integer (booleans are not) or is negative.

    Examples
    --------
    >>> from filterviz import _validate
    >>> _validate.non_negative_int(0, "jitter")
    0
    >>> _validate.non_negative_int(-1, "jitter")
    Traceback (most recent call last):
    ...
    ValueError: jitter must be a non-negative integer; got -1
    """
    if not is_int(value) or value < 0:
        raise ValueError(f"{name} must be a non-negative integer; got {value!r}")
    return int(value)


def odd_int(value, name: str, low: int = 3) -> int:
    """Check an odd integer of at least `low`, such as the side of a centred kernel.

    Parameters
    ----------
    value : int
        The value received.
    name : str
        The argument's name, for the message.
    low : int, default 3
        The smallest value allowed.

    Returns
    -------
    int
        `value` as a Python integer.

    Raises
    ------
    ValueError
        If `value` is not an integer, is even, or is below `low`.

    Examples
    --------
    >>> from filterviz import _validate
    >>> _validate.odd_int(5, "size")
    5
    >>> _validate.odd_int(4, "size")
    Traceback (most recent call last):
    ...
    ValueError: size must be an odd integer of at least 3; got 4
    """
    if not is_int(value) or value < low or value % 2 == 0:
        raise ValueError(f"{name} must be an odd integer of at least {low}; got {value!r}")
    return int(value)


def finite_number(value, name: str, unit: str = "") -> float:
    """Check a finite real number.

    Parameters
    ----------
    value : float
        The value received: a Python or NumPy scalar.
    name : str
        The argument's name, for the message.
    unit : str, optional
        The unit, named in brackets in the message (``"radians"``).

    Returns
    -------
    float
        `value` unchanged (a Python or NumPy scalar).

    Raises
    ------
    ValueError
        If `value` is not a real number, or is NaN or infinite.

    Examples
    --------
    >>> from filterviz import _validate
    >>> _validate.finite_number(0.5, "fill")
    0.5
    >>> _validate.finite_number(float("nan"), "theta", unit="radians")
    Traceback (most recent call last):
    ...
    ValueError: theta must be a finite number (radians); got nan
    """
    if not _is_number(value):
        brackets = f" ({unit})" if unit else ""
        raise ValueError(f"{name} must be a finite number{brackets}; got {value!r}")
    return value


def positive_number(value, name: str) -> float:
    """Check a finite real number above 0.

    Parameters
    ----------
    value : float
        The value received: a Python or NumPy scalar.
    name : str
        The argument's name, for the message.

    Returns
    -------
    float
        `value` unchanged.

    Raises
    ------
    ValueError
        If `value` is not a finite real number, or is 0 or less.

    Examples
    --------
    >>> from filterviz import _validate
    >>> _validate.positive_number(2.0, "sigma")
    2.0
    >>> _validate.positive_number(0, "sigma")
    Traceback (most recent call last):
    ...
    ValueError: sigma must be a positive finite number; got 0
    """
    if not (_is_number(value) and value > 0):
        raise ValueError(f"{name} must be a positive finite number; got {value!r}")
    return value


def non_negative_number(value, name: str) -> float:
    """Check a finite real number of at least 0.

    Parameters
    ----------
    value : float
        The value received: a Python or NumPy scalar.
    name : str
        The argument's name, for the message.

    Returns
    -------
    float
        `value` unchanged.

    Raises
    ------
    ValueError
        If `value` is not a finite real number, or is negative.

    Examples
    --------
    >>> from filterviz import _validate
    >>> _validate.non_negative_number(0.0, "l2")
    0.0
    >>> _validate.non_negative_number(-0.1, "l2")
    Traceback (most recent call last):
    ...
    ValueError: l2 must be a non-negative finite number; got -0.1
    """
    if not (_is_number(value) and value >= 0):
        raise ValueError(f"{name} must be a non-negative finite number; got {value!r}")
    return value


def index_list(value, name: str, count: int, owner: str = "", scalar: bool = False) -> np.ndarray:
    """Check a non-empty list of indices into `count` items, such as a layer's filters.

    Parameters
    ----------
    value : int or sequence of int
        The value received: a list, tuple or array of integers.
    name : str
        The argument's name, for the message.
    count : int
        How many items there are: indices run from 0 to ``count - 1``.
    owner : str, optional
        What holds the items, shown in brackets (``"layer 'conv1' has 8 filters"``).
    scalar : bool, default False
        Also accept one integer, returned as a list of one.

    Returns
    -------
    numpy.ndarray
        The indices, 1-D, of an integer dtype.

    Raises
    ------
    TypeError
        If `value` does not hold real numbers.
    ValueError
        If `value` is empty, not 1-D, does not hold integers, or holds an
        index outside 0 to ``count - 1``.

    Examples
    --------
    >>> from filterviz import _validate
    >>> _validate.index_list([0, 2], "filters", 4).tolist()
    [0, 2]
    >>> _validate.index_list([1, 4], "filters", 4, owner="layer 'conv1' has 4 filters")
    Traceback (most recent call last):
    ...
    ValueError: filters must be indices from 0 to 3 (layer 'conv1' has 4 filters); got [1, 4]
    """
    indices = numeric_array(value, name)
    if scalar:
        indices = np.atleast_1d(indices)
    if indices.ndim != 1 or indices.size == 0 or not np.issubdtype(indices.dtype, np.integer):
        raise ValueError(f"{name} must be a non-empty list of integers; got {value!r}")
    if indices.min() < 0 or indices.max() >= count:
        brackets = f" ({owner})" if owner else ""
        raise ValueError(
            f"{name} must be indices from 0 to {count - 1}{brackets}; got {indices.tolist()}"
        )
    return indices


def positive_int(value, name: str, pair: bool = False):
    """Check a positive integer (or, with `pair`, an int or a pair of ints)."""

    def one(item):
        if not is_int(item) or item < 1:
            raise ValueError(f"{name} must be a positive integer; got {value!r}")
        return int(item)

    if pair:
        if isinstance(value, (tuple, list)):
            if len(value) != 2:
                raise ValueError(f"{name} must be an integer or a pair of integers; got {value!r}")
            return one(value[0]), one(value[1])
        step = one(value)
        return step, step
    return one(value)


def bounded_int(
    value, name: str, low: int, high: int, reason: str, *, wrong_type: type = TypeError
) -> int:
    """Check an integer from `low` to `high`; the message gives `reason` for the bound.

    Parameters
    ----------
    value : int
        The value received.
    name : str
        The argument's name, for the message.
    low, high : int
        The smallest and largest value allowed.
    reason : str
        Why the bounds are what they are, shown in brackets.
    wrong_type : type, default TypeError
        The error raised when `value` is not an integer (a few public
        functions have always raised ValueError there).

    Returns
    -------
    int
        `value` as a Python integer.

    Raises
    ------
    TypeError
        If `value` is not an integer (booleans are not), or `wrong_type`.
    ValueError
        If `value` lies outside `low` to `high`.

    Examples
    --------
    >>> from filterviz import _validate
    >>> _validate.bounded_int(3, "n", 1, 20, "the samples per set")
    3
    >>> _validate.bounded_int(0, "n", 1, 20, "the samples per set")
    Traceback (most recent call last):
    ...
    ValueError: n must be from 1 to 20 (the samples per set); got 0
    """
    if not is_int(value):
        raise wrong_type(f"{name} must be an integer from {low} to {high}; got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be from {low} to {high:,} ({reason}); got {value!r}")
    return int(value)


#: Gradient-ascent steps at most: 10,000 take about ten minutes for 32 filters of a deep
#: layer of the shipped network on a laptop CPU; more is a mistyped number.
MAX_STEPS = 10_000


def steps(value, name: str = "steps") -> int:
    """Check a count of optimisation steps, from 1 to :data:`MAX_STEPS`."""
    count = positive_int(value, name)
    if count > MAX_STEPS:
        raise ValueError(
            f"{name} must be at most {MAX_STEPS:,} (more would run for hours; 100 to 500 "
            f"give clear patterns); got {value!r}"
        )
    return count


def choice(value, name: str, options) -> str:
    """Check that `value` is one of `options`."""
    if value not in options:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, options))}; got {value!r}")
    return value
