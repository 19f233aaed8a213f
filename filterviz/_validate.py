"""Checks for arguments at the public edge, with messages that name the argument."""

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


def positive_int(value, name: str, pair: bool = False):
    """Check a positive integer (or, with `pair`, an int or a pair of ints)."""

    def one(item):
        if isinstance(item, bool) or not isinstance(item, (int, np.integer)) or item < 1:
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


def bounded_int(value, name: str, low: int, high: int, reason: str) -> int:
    """Check an integer from `low` to `high`; the message gives `reason` for the bound."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer from {low} to {high}; got {value!r}")
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
