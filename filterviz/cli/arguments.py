"""Argument types: command-line text turned into checked values, or an argparse error.

Each function here is an argparse ``type``: it reads the text of one option and
returns the value, or raises :class:`argparse.ArgumentTypeError`, which argparse
prints as one line naming the option (exit status 2). Integer bounds are checked
by :mod:`filterviz._validate`, the library's own checks. Only the standard
library is imported up front: NumPy loads when an option that needs it is read.
"""

from __future__ import annotations

import argparse
import re

#: The largest --size side: a figure holds every image at this size several times over.
MAX_SIZE_SIDE = 4096
#: --dpi from, to: below 20 the labels are under 3 pixels high and the font cannot be drawn;
#: above 600 (print quality) a figure of many panels needs gigabytes.
DPI_RANGE = (20, 600)
#: The most images one figure draws (--max-images, and all the images of --max-images 0).
MAX_IMAGES_LIMIT = 100
#: The most filters one figure draws, and the highest filter index --filters accepts.
MAX_FILTERS_DRAWN = 256
MAX_FILTER_INDEX = 4095
#: The largest --max-megapixels: Pillow itself refuses images above about 179 MP.
MAX_MEGAPIXELS = 170


def _library_check(check, *args):
    """Run one of :mod:`filterviz._validate`'s checks; its error becomes argparse's."""
    try:
        return check(*args)
    except (TypeError, ValueError) as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _int(text: str, expected: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {expected}; got {text!r}") from None


def integer(low: int, high: int, reason: str, name: str):
    """Return an argparse type: an integer from `low` to `high`, naming why it is bounded.

    Parameters
    ----------
    low, high : int
        The smallest and largest value accepted.
    reason : str
        Why the value is bounded, said in the message.
    name : str
        What the value is, such as ``"the stride"``; the message starts with it.
    """
    from_to = f"an integer from {low} to {high:,}"

    def read(text: str) -> int:
        from filterviz import _validate

        return _library_check(_validate.bounded_int, _int(text, from_to), name, low, high, reason)

    return read


def steps(text: str) -> int:
    """Read --steps: the library's count of gradient-ascent steps."""
    from filterviz import _validate

    return _library_check(_validate.steps, _int(text, "an integer"), "the number of steps")


def count(text: str) -> int:
    """Read --max-images: 0 (all) or a positive integer up to :data:`MAX_IMAGES_LIMIT`."""
    from filterviz import _validate

    value = _int(text, f"an integer from 0 (all) to {MAX_IMAGES_LIMIT}")
    reason = "0 draws all; a figure of more images is too large to read"
    return _library_check(
        _validate.bounded_int, value, "the number of images", 0, MAX_IMAGES_LIMIT, reason
    )


def dpi(text: str) -> float:
    """Read --dpi: dots per inch within :data:`DPI_RANGE`."""
    low, high = DPI_RANGE
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value == value:  # NaN: not a number at all
        raise argparse.ArgumentTypeError(f"expected dots per inch, a number; got {text!r}")
    if value < low:
        raise argparse.ArgumentTypeError(
            f"expected {low} to {high} dots per inch; got {text!r}, too few to draw the labels "
            "(their letters would be under 3 pixels high)"
        )
    if value > high:
        raise argparse.ArgumentTypeError(
            f"expected {low} to {high} dots per inch; got {text!r}, more than print quality "
            "needs (the figure would take gigabytes of memory)"
        )
    return value


def size(text: str) -> tuple[int, int]:
    """Read --size: HEIGHTxWIDTH in pixels, or one number for a square."""
    match = re.fullmatch(r"\s*(\d+)\s*(?:[x×,]\s*(\d+)\s*)?", text)
    if not match or int(match[1]) < 1 or (match[2] is not None and int(match[2]) < 1):
        raise argparse.ArgumentTypeError(
            f"expected HEIGHTxWIDTH in pixels (such as 64x48) or one number for a square; "
            f"got {text!r}"
        )
    height = int(match[1])
    sides = height, int(match[2]) if match[2] is not None else height
    if max(sides) > MAX_SIZE_SIDE:
        raise argparse.ArgumentTypeError(
            f"expected sides of at most {MAX_SIZE_SIDE} pixels (every image is drawn at this "
            f"size, several times over); got {text!r}"
        )
    return sides


def megapixels(text: str) -> int:
    """Read --max-megapixels into a count of pixels."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value <= MAX_MEGAPIXELS:
        raise argparse.ArgumentTypeError(
            f"expected megapixels above 0 and at most {MAX_MEGAPIXELS} (Pillow refuses larger "
            f"images); got {text!r}"
        )
    return max(1, int(value * 1_000_000))


def position(text: str) -> str | tuple[int, int] | None:
    """Read --position: None for 'mean', ``"center"``, or (row, column)."""
    text = text.strip().lower()
    if text == "mean":
        return None
    if text in ("center", "centre"):
        return "center"
    match = re.fullmatch(r"(\d+)\s*,\s*(\d+)", text)
    if not match:
        raise argparse.ArgumentTypeError(
            f"expected 'mean', 'center' or ROW,COLUMN of the layer's output; got {text!r}"
        )
    return int(match[1]), int(match[2])


def layer(text: str) -> int | str:
    """Read --layer: a depth (an integer) or a name; the library finds the layer."""
    return int(text) if re.fullmatch(r"[+-]?\d+", text.strip()) else text


def filter_list(text: str) -> list[int] | None:
    """Read --filters such as ``0-7,12`` into indices without repeats; None for 'all'."""
    if text.strip().lower() == "all":
        return None
    chosen: dict[int, None] = {}  # ordered, without repeats
    for part in text.split(","):
        match = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", part)
        if not match or (match[2] is not None and int(match[2]) < int(match[1])):
            raise argparse.ArgumentTypeError(
                f"expected filter indices from 0 such as '0-7,12', or 'all'; got {text!r}"
            )
        first = int(match[1])
        last = int(match[2]) if match[2] is not None else first
        if last > MAX_FILTER_INDEX:
            raise argparse.ArgumentTypeError(
                f"expected filter indices from 0 to {MAX_FILTER_INDEX} (no layer filterviz "
                f"draws has more filters); got {text!r}"
            )
        chosen.update(dict.fromkeys(range(first, last + 1)))
        if len(chosen) > MAX_FILTERS_DRAWN:
            raise argparse.ArgumentTypeError(
                f"expected at most {MAX_FILTERS_DRAWN} filters (a figure of more panels is too "
                f"small to read); got {text!r}"
            )
    return list(chosen)


def kernel(text: str):
    """Read --kernel: a kernel name, or nine numbers row by row into a (3, 3) array."""
    import numpy as np

    from filterviz import _validate, kernels

    try:
        kernels.get(text)
        return text
    except ValueError:
        pass
    tokens = [token for token in re.split(r"[\s,;]+", text.strip()) if token]
    numbers = []
    for token in tokens:
        try:
            numbers.append(float(token))
        except ValueError:
            numbers = None
            break
    if numbers is None or not tokens:
        if len(tokens) == 1:
            raise argparse.ArgumentTypeError(
                f"unknown kernel {text!r}; expected a name ({', '.join(kernels.names())}) "
                "or 9 numbers row by row, such as 1,0,0,0,1,0,0,0,1"
            )
        raise argparse.ArgumentTypeError(
            f"kernel {text!r} is not 3×3 numbers; expected 9 numbers row by row, "
            "such as 1,0,0,0,1,0,0,0,1, or a name that 'filterviz kernels' lists"
        )
    if len(numbers) != 9:
        raise argparse.ArgumentTypeError(
            f"kernel {text!r} has {len(numbers)} number(s), not 3×3; expected 9 numbers row "
            "by row, such as 1,0,0,0,1,0,0,0,1"
        )
    values = np.array(numbers, dtype=np.float64).reshape(3, 3)
    _library_check(_validate.finite, values, f"kernel {text!r}")
    # A response adds 9 weights times pixels up to 1 over 3 channels; it must fit in float32.
    largest = 3 * float(np.abs(values).sum())
    if largest > float(np.finfo(np.float32).max) / 16:
        raise argparse.ArgumentTypeError(
            f"kernel {text!r} has weights so large that its responses (up to {largest:.3g}) "
            f"would overflow 32-bit floats (at most {float(np.finfo(np.float32).max):.3g}); "
            "scale the weights down"
        )
    return values.astype(np.float32)


def preprocess_name(text: str) -> str:
    """Read --preprocess: 'auto' or a scaling that :func:`filterviz.preprocess.resolve` knows."""
    from filterviz import preprocess

    name = text.strip().lower()
    if name != "auto":
        try:
            preprocess.resolve(name)
        except ValueError:  # the library's words offer a callable, which no command line passes
            known = ["auto", *preprocess.CONVENTIONS, *preprocess.FAMILIES]
            raise argparse.ArgumentTypeError(
                f"{text!r} is not an input scaling; expected one of {', '.join(known)}"
            ) from None
    return name
