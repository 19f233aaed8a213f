"""The ``filterviz`` command: figures of filters and feature maps, without writing code.

Five subcommands, each with ``--help`` and examples::

    filterviz kernels                                   # the named kernels and their weights
    filterviz apply --kernel diagonal photo.jpg -o diagonal.png
    filterviz filters cifar10_cnn --layer 1 -o filters.png
    filterviz maps cifar10_cnn photos/ --layer 2 -o maps.png
    filterviz maximize cifar10_cnn --layer 3 -o patterns.png

Figures are PNG unless the output name ends in ``.svg`` or ``.pdf``. Bad input
gives one line on stderr that names the problem and exit status 1 (2 for a
malformed command line); ``--debug`` shows the traceback instead. An existing
output file is kept unless ``--force`` is given.

Only the standard library is imported up front: NumPy, Matplotlib, Keras and
TensorFlow load inside the subcommands that need them, so ``filterviz --help``
and ``filterviz kernels`` answer at once.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
import warnings
from pathlib import Path

__all__ = ["main"]

#: Output formats, chosen by the output file's extension (none means PNG).
OUTPUT_FORMATS = (".png", ".svg", ".pdf")
#: Kernels that ``filterviz apply`` uses when no --kernel is given.
DEFAULT_KERNELS = ("diagonal", "anti_diagonal")
#: The most gradient-ascent steps (filterviz._validate.MAX_STEPS, not imported for --help).
_MAX_STEPS = 10_000
#: Dots per inch of the figures unless --dpi says otherwise.
DEFAULT_DPI = 150
#: Images drawn at most unless --max-images says otherwise.
DEFAULT_MAX_IMAGES = 10
#: Filters (or feature maps) drawn at most unless --filters says otherwise.
DEFAULT_MAX_FILTERS = 32
#: Feature maps drawn per image when several images share one figure.
DEFAULT_MAX_MAPS_SEVERAL = 8
#: Reading this many image files or more shows a progress bar (on a terminal).
PROGRESS_MIN_FILES = 5
#: Without --size, 'filterviz apply' draws images whose longer side is longer than this
#: shrunk to fit, keeping their proportions. A panel of its figure is about 270 pixels
#: wide at the default --dpi 150 and 1080 at the largest, 600, so 1024 loses nothing that
#: a figure shows. 'apply --engine numpy' on an 8000×8000 photo took 14.7 s with 2048
#: and 9.4 s with 1024 (one run each on a loaded 2-core machine).
DISPLAY_SIDE = 1024
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
#: The largest --stride: a step longer than this keeps almost nothing of any image.
MAX_STRIDE = 64
#: The largest --channel (input channels of a layer are numbered from 0).
MAX_CHANNEL = 4095
#: The largest --max-megapixels: Pillow itself refuses images above about 179 MP.
MAX_MEGAPIXELS = 170
#: Away from a terminal, long runs print one progress line on stderr at most this often.
PROGRESS_EVERY_S = 5.0
#: Figures of more panels per row than this wrap onto the next row.
COLUMNS = 8
#: Width and height in inches of one kernel's panel in 'filterviz kernels -o'.
KERNEL_PANEL = (2.4, 2.5)


class CommandError(Exception):
    """Bad input that the command line finds itself: one line on stderr, exit status 1."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line, with a pointer to --help."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog):
        super().__init__(prog, max_help_position=30)


# -- Reading the command line ---------------------------------------------------------------


def _integer(low: int, high: int, reason: str, what: str = "an integer"):
    """Return an argparse type: an integer from `low` to `high`, naming why it is bounded."""

    def read(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected {what} from {low} to {high:,}; got {text!r}"
            ) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"expected {what} from {low} to {high:,} ({reason}); got {text!r}"
            )
        return value

    return read


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= MAX_IMAGES_LIMIT:
        raise argparse.ArgumentTypeError(
            f"expected 0 (all) or a positive integer up to {MAX_IMAGES_LIMIT} (a figure of "
            f"more images is too large to read); got {text!r}"
        )
    return value


def _dpi(text: str) -> float:
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


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d+)\s*(?:[x×,]\s*(\d+)\s*)?", text)
    if not match or int(match[1]) < 1 or (match[2] is not None and int(match[2]) < 1):
        raise argparse.ArgumentTypeError(
            f"expected HEIGHTxWIDTH in pixels (such as 64x48) or one number for a square; "
            f"got {text!r}"
        )
    height = int(match[1])
    size = height, int(match[2]) if match[2] is not None else height
    if max(size) > MAX_SIZE_SIDE:
        raise argparse.ArgumentTypeError(
            f"expected sides of at most {MAX_SIZE_SIDE} pixels (every image is drawn at this "
            f"size, several times over); got {text!r}"
        )
    return size


def _megapixels(text: str) -> int:
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


def _position(text: str) -> str | tuple[int, int] | None:
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


def _layer(text: str) -> int | str:
    return int(text) if re.fullmatch(r"[+-]?\d+", text.strip()) else text


def _filter_list(text: str) -> list[int] | None:
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


def _kernel(text: str):
    """Read a kernel name, or nine numbers row by row, into the name or a (3, 3) array."""
    import numpy as np

    from filterviz import kernels

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
    if not np.all(np.isfinite(values)):
        raise argparse.ArgumentTypeError(f"kernel {text!r} holds a NaN or infinite number")
    # A response adds 9 weights times pixels up to 1 over 3 channels; it must fit in float32.
    largest = 3 * float(np.abs(values).sum())
    if largest > float(np.finfo(np.float32).max) / 16:
        raise argparse.ArgumentTypeError(
            f"kernel {text!r} has weights so large that its responses (up to {largest:.3g}) "
            f"would overflow 32-bit floats (at most {float(np.finfo(np.float32).max):.3g}); "
            "scale the weights down"
        )
    return values.astype(np.float32)


_IMAGES_HELP = (
    "image files or folders of them: PNG, JPEG, WebP, BMP, GIF, TIFF, AVIF, JPEG 2000, "
    "PPM/PGM, TGA, ICO or QOI (HEIC with the pillow-heif plugin). In a folder, hidden files are "
    "left out, and sub-folders, other files and images that cannot be read are skipped with "
    "one line on stderr"
)


def _add_image_limits(parser: argparse.ArgumentParser) -> None:
    from_data = 80  # filterviz.data.MAX_PIXELS in megapixels; data is not imported for --help
    parser.add_argument(
        "--max-megapixels",
        type=_megapixels,
        default=from_data * 1_000_000,
        metavar="MP",
        help=f"refuse images of more megapixels than this before decoding them (default "
        f"{from_data}, at most {MAX_MEGAPIXELS}); guards against files that declare huge sizes",
    )


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="on an error, show the full traceback and library messages",
    )


def _add_figure_options(parser: argparse.ArgumentParser, default_name: str) -> None:
    figure = parser.add_argument_group("figure")
    figure.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help=f"the figure to write, such as {default_name}.png; PNG unless it ends in .svg or "
        ".pdf (no extension: .png is added)",
    )
    figure.add_argument(
        "--dpi",
        type=_dpi,
        default=DEFAULT_DPI,
        help=f"dots per inch, {DPI_RANGE[0]} to {DPI_RANGE[1]} (default {DEFAULT_DPI}); sets the "
        "pixel size of a PNG",
    )
    figure.add_argument("--title", help="the figure's title (default: says what is shown)")
    figure.add_argument(
        "-f",
        "--force",
        action="store_true",
        help="overwrite the output file if it exists (never one of the command's input files)",
    )
    _add_common(parser)


#: keras.applications models the command line builds by name, with ImageNet weights.
APPLICATIONS = {
    "vgg16": "VGG16",
    "vgg19": "VGG19",
    "resnet50": "ResNet50",
    "resnet50v2": "ResNet50V2",
    "mobilenet": "MobileNet",
    "mobilenet_v2": "MobileNetV2",
    "inception_v3": "InceptionV3",
    "xception": "Xception",
    "densenet121": "DenseNet121",
    "efficientnetb0": "EfficientNetB0",
    "convnext_tiny": "ConvNeXtTiny",
}


def _preprocess_name(text: str) -> str:
    from filterviz import preprocess

    name = text.strip().lower()
    known = ["auto", *preprocess.CONVENTIONS, *preprocess.FAMILIES]
    if name not in known:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an input scaling; expected one of {', '.join(known)}"
        )
    return name


def _add_model_arguments(parser: argparse.ArgumentParser, images: bool = True) -> None:
    parser.add_argument(
        "model",
        metavar="MODEL",
        help="a Keras 3 .keras file, the name of the shipped model (cifar10_cnn), or a "
        f"keras.applications model with ImageNet weights ({', '.join(APPLICATIONS)}; Keras "
        "downloads the weights once, into its own cache)",
    )
    parser.add_argument(
        "-l",
        "--layer",
        type=_layer,
        default=1,
        help="a convolutional layer (Conv2D, DepthwiseConv2D, SeparableConv2D, "
        "Conv2DTranspose): its name, its path through nested models (block/conv), or its "
        "depth (1 the first, 2 the second, -1 the deepest); default 1",
    )
    parser.add_argument(
        "--custom-objects",
        metavar="MODULE_OR_FILE",
        help="a Python module or .py file to import before loading, which registers the "
        "model's custom layers (keras.saving.register_keras_serializable)",
    )
    if images:
        parser.add_argument(
            "--preprocess",
            type=_preprocess_name,
            default="auto",
            metavar="NAME",
            help="how images in [0, 1] become the model's input: auto (detected from a leading "
            "Rescaling layer or a keras.applications name; said in one line), 0-1, 0-255, "
            "-1-1, caffe, torch, or a keras.applications family such as vgg16, resnet50, "
            "mobilenet_v2, efficientnet; default auto",
        )


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="filterviz",
        formatter_class=_Formatter,
        description=_wrap(
            "See how the weights of a convolutional filter decide what it detects: "
            "figures of hand-made kernels on your own images, and of the filters and feature maps "
            "of a Keras model, for slides."
        ),
        epilog="""examples:
  filterviz kernels
  filterviz apply --kernel diagonal --kernel sobel_x photo.jpg -o filtered.png
  filterviz filters cifar10_cnn --layer 1 -o filters.png
  filterviz maps cifar10_cnn cat.png --layer 2 -o maps.png
  filterviz maximize cifar10_cnn --layer 3 -o patterns.png

'filterviz COMMAND --help' explains each command. Exit status: 0 done, 1 bad input
(one line on stderr), 2 a malformed command line.""",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    parser.add_argument("--debug", action="store_true", help="on an error, show the full traceback")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    kernels = commands.add_parser(
        "kernels",
        help="list the named kernels and their weights",
        formatter_class=_Formatter,
        description=_wrap(
            "List the named 3×3 kernels with what they respond to and their weights, "
            "row by row (colour kernels: one block per channel, R G B). Use the names with "
            "'filterviz apply --kernel NAME'."
        ),
        epilog="""examples:
  filterviz kernels                        # every kernel
  filterviz kernels sobel_x sobel_y        # just these two
  filterviz kernels -o kernels.png         # also draw them as heat maps""",
    )
    kernels.add_argument("names", nargs="*", metavar="NAME", help="kernels to show (default: all)")
    kernels.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="also draw the kernels as heat maps into this figure (.png, .svg or .pdf)",
    )
    kernels.add_argument(
        "--dpi",
        type=_dpi,
        default=DEFAULT_DPI,
        help=f"dots per inch of the figure, {DPI_RANGE[0]} to {DPI_RANGE[1]}",
    )
    kernels.add_argument("--title", help="the figure's title")
    kernels.add_argument("-f", "--force", action="store_true", help="overwrite the figure")
    _add_common(kernels)

    apply = commands.add_parser(
        "apply",
        help="filter your own images with named or custom kernels",
        formatter_class=_Formatter,
        description=_wrap(
            "Filter images with 3×3 kernels and draw the originals above one row of "
            "responses per kernel, on one colour scale per row (blue negative, red positive; grey "
            "when no response is negative). Images may have any size; one whose longer side is "
            f"over {DISPLAY_SIDE} pixels is drawn shrunk to fit (use --size for another size). "
            "A folder stands for the images in it, sorted by name. Each kernel is laid on every "
            "colour channel and the "
            "responses are added, as a Conv2D layer with those weights computes."
        ),
        epilog="""examples:
  filterviz apply --kernel diagonal --kernel anti_diagonal cat.png ship.png -o diagonals.png
  filterviz apply --kernel sobel_x --stride 2 --padding same photos/ -o edges.png
  filterviz apply --kernel "1,0,0, 0,1,0, 0,0,1" photo.jpg -o custom.png
  filterviz apply --kernel=-1,0,1,-2,0,2,-1,0,1 photo.jpg -o sobel.svg
  filterviz apply --kernel red_green --per-channel photo.jpg -o channels.pdf

A custom kernel is 9 numbers, row by row, separated by commas, spaces or semicolons;
write --kernel=... when the first number is negative. 'filterviz kernels' lists the names.""",
    )
    apply.add_argument(
        "images",
        nargs="+",
        metavar="IMAGE",
        help=_IMAGES_HELP,
    )
    apply.add_argument(
        "-k",
        "--kernel",
        type=_kernel,
        action="append",
        metavar="KERNEL",
        help="a kernel name or 9 numbers row by row; repeat for several "
        f"(default: {' and '.join(DEFAULT_KERNELS)})",
    )
    apply.add_argument(
        "-s",
        "--stride",
        type=_integer(1, MAX_STRIDE, "a longer step keeps almost nothing of an image"),
        default=1,
        help=f"step between windows, 1 to {MAX_STRIDE} (default 1)",
    )
    apply.add_argument(
        "-p",
        "--padding",
        choices=("valid", "same"),
        default="valid",
        help="'valid': no padding, the output shrinks by 2 pixels; 'same': zeros around the "
        "image keep its size (default valid)",
    )
    apply.add_argument(
        "--per-channel",
        action="store_true",
        help="apply each kernel to each colour channel on its own: one row per kernel and "
        "channel (R, G, B)",
    )
    apply.add_argument(
        "--grey",
        action="store_true",
        help="turn the images to grey levels first (luminance), so a kernel sees one channel",
    )
    apply.add_argument(
        "--size",
        type=_size,
        metavar="HxW",
        help="resize every image to HEIGHTxWIDTH pixels first (sides up to "
        f"{MAX_SIZE_SIDE}); needed when images differ in size. Without it, an image whose "
        f"longer side is over {DISPLAY_SIDE} pixels is drawn shrunk to fit {DISPLAY_SIDE} "
        "(a display size), keeping its proportions",
    )
    apply.add_argument(
        "--max-images",
        type=_count,
        default=DEFAULT_MAX_IMAGES,
        metavar="N",
        help=f"draw at most N images, the first ones (default {DEFAULT_MAX_IMAGES}; 0: all, "
        f"up to {MAX_IMAGES_LIMIT})",
    )
    _add_image_limits(apply)
    apply.add_argument(
        "--engine",
        choices=("keras", "numpy"),
        default="keras",
        help="compute with Keras, as a Conv2D layer does (default), or with the NumPy "
        "reference, which gives the same numbers and starts faster (no TensorFlow)",
    )
    _add_figure_options(apply, "filtered")

    filters = commands.add_parser(
        "filters",
        help="draw the filters (weights) of a model's convolutional layer",
        formatter_class=_Formatter,
        description=_wrap(
            "Draw the weights of a convolutional layer. Filters that see an RGB image "
            "(the first layer) are drawn as colour patches: grey is zero, a red patch has positive "
            "weights on red, a cyan one negative weights on red. Deeper filters see many channels: "
            "they are drawn as heat maps of their weights on one input channel (--channel), "
            "each value written in its cell."
        ),
        epilog="""examples:
  filterviz filters cifar10_cnn --layer 1 -o conv1.png
  filterviz filters my_model.keras --layer conv2 --channel 5 -o conv2.png
  filterviz filters cifar10_cnn --layer 1 --channel 0 --filters 0-7 -o red_weights.png""",
    )
    _add_model_arguments(filters, images=False)
    filters.add_argument(
        "--filters",
        type=_filter_list,
        default=argparse.SUPPRESS,
        metavar="LIST",
        help=f"which filters, from 0, such as 0-7,12, or 'all'; at most {MAX_FILTERS_DRAWN} "
        f"(default: the first {DEFAULT_MAX_FILTERS})",
    )
    filters.add_argument(
        "-c",
        "--channel",
        type=_integer(0, MAX_CHANNEL, "input channels are numbered from 0"),
        help="draw heat maps of the weights on this input channel (from 0); the default for "
        "layers that do not see exactly 3 channels is 0",
    )
    _add_figure_options(filters, "filters")

    maps = commands.add_parser(
        "maps",
        help="draw the feature maps of your own images at a model's layer",
        formatter_class=_Formatter,
        description=_wrap(
            "Run images through a model and draw what one convolutional layer outputs "
            "(after its bias and activation): one panel per filter for one image; for several "
            "images, the originals above one row per filter. Images are resized to the model's "
            "input size (32×32 for cifar10_cnn) and turned grey if the model takes one channel."
        ),
        epilog="""examples:
  filterviz maps cifar10_cnn cat.png --layer 1 -o cat_conv1.png
  filterviz maps cifar10_cnn photos/ --layer -1 --filters 0-5 -o deepest.png
  filterviz maps my_model.keras a.jpg b.jpg --layer conv2 -o maps.svg""",
    )
    _add_model_arguments(maps)
    maps.add_argument(
        "images",
        nargs="+",
        metavar="IMAGE",
        help=_IMAGES_HELP,
    )
    maps.add_argument(
        "--filters",
        type=_filter_list,
        default=argparse.SUPPRESS,
        metavar="LIST",
        help=f"which feature maps, from 0, such as 0-7,12, or 'all'; at most "
        f"{MAX_FILTERS_DRAWN} (default: the first "
        f"{DEFAULT_MAX_FILTERS} for one image, {DEFAULT_MAX_MAPS_SEVERAL} for several)",
    )
    maps.add_argument(
        "--size",
        type=_size,
        metavar="HxW",
        help="resize the images to HEIGHTxWIDTH; only for a model whose input size is not "
        "fixed (otherwise the images take the model's input size)",
    )
    maps.add_argument(
        "--max-images",
        type=_count,
        default=DEFAULT_MAX_IMAGES,
        metavar="N",
        help=f"draw at most N images, the first ones (default {DEFAULT_MAX_IMAGES}; 0: all, "
        f"up to {MAX_IMAGES_LIMIT})",
    )
    _add_image_limits(maps)
    _add_figure_options(maps, "maps")

    maximize = commands.add_parser(
        "maximize",
        help="draw the input patterns that excite each filter of a layer most",
        formatter_class=_Formatter,
        description=_wrap(
            "Activation maximisation: start from faint noise and change the input, by "
            "gradient ascent, until each filter's mean response is as high as it gets, while "
            "keeping the image smooth. Each panel is the pattern one filter is looking for. Takes "
            "from seconds (first layer) to minutes (deep layers, many filters); a progress bar "
            "shows on a terminal, and elsewhere a line on stderr every few seconds with the time "
            "left."
        ),
        epilog="""examples:
  filterviz maximize cifar10_cnn --layer 1 -o conv1_patterns.png
  filterviz maximize cifar10_cnn --layer 1 --position center -o conv1_patches.png
  filterviz maximize cifar10_cnn --layer -1 --filters 0-15 --steps 200 -o deep.png
  filterviz maximize my_model.keras --layer conv2 --seed 1 -o patterns.pdf""",
    )
    _add_model_arguments(maximize)
    maximize.add_argument(
        "--filters",
        type=_filter_list,
        default=argparse.SUPPRESS,
        metavar="LIST",
        help=f"which filters, from 0, such as 0-7,12, or 'all'; at most {MAX_FILTERS_DRAWN} "
        f"(default: the first {DEFAULT_MAX_FILTERS})",
    )
    maximize.add_argument(
        "--steps",
        type=_integer(1, _MAX_STEPS, "more would run for hours; 100 to 500 give clear patterns"),
        default=100,
        help=f"gradient-ascent steps, 1 to {_MAX_STEPS:,} (default 100)",
    )
    maximize.add_argument(
        "--seed",
        type=_integer(0, 2**32 - 1, "NumPy's seeds are 32-bit"),
        default=0,
        help="seed of the starting noise, 0 to 2**32-1 (default 0)",
    )
    maximize.add_argument(
        "--position",
        type=_position,
        default=None,
        metavar="WHERE",
        help="what to raise: 'mean', the filter's mean response over the image (default; "
        "a texture), 'center', its response at the centre pixel of the layer's output, or "
        "ROW,COLUMN of that output (a pattern confined to that pixel's receptive field)",
    )
    maximize.add_argument(
        "--size",
        type=_size,
        metavar="HxW",
        help="size of the patterns; only for a model whose input size is not fixed",
    )
    _add_figure_options(maximize, "patterns")
    return parser


def _wrap(text: str) -> str:
    import textwrap

    return textwrap.fill(text, width=88)


def _version() -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version("filterviz")
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"


# -- Helpers shared by the subcommands ---------------------------------------------------------


def _output_path(text: str | None, force: bool) -> Path:
    """Check the output file before any work: format, folder, and not overwriting."""
    if not text.strip():
        raise CommandError(
            f"-o/--output: got an empty file name {text!r}; expected a figure to write, such as "
            "figure.png"
        )
    path = Path(text)
    if path.suffix == "":
        path = path.with_name(path.name + ".png")
    if path.suffix.lower() not in OUTPUT_FORMATS:
        raise CommandError(
            f"cannot write {str(path)!r}: unsupported output format {path.suffix!r}; "
            f"expected {', '.join(OUTPUT_FORMATS)}"
        )
    folder = path.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise CommandError(f"the output folder {str(folder)!r} {what} (for {str(path)!r})")
    if path.is_dir():
        raise CommandError(f"the output {str(path)!r} is a folder; give a file name")
    if path.exists() and not force:
        raise CommandError(
            f"the output file {str(path)!r} already exists; pass --force to overwrite it"
        )
    return path


def _not_an_input(output: Path, inputs) -> None:
    """Refuse to write the figure over one of the files it is drawn from, even with --force."""
    if not output.exists():
        return
    for item in inputs:
        if os.path.samefile(item, output):
            raise CommandError(
                f"the output {str(output)!r} is one of the input images; --force does not "
                "overwrite the command's own input files: choose another -o/--output"
            )


_charmaps: dict[str, set[int]] = {}


def _characters(font_path: str) -> set[int]:
    """Return the code points a font file draws."""
    if font_path not in _charmaps:
        from matplotlib import ft2font

        _charmaps[font_path] = set(ft2font.FT2Font(font_path).get_charmap())
    return _charmaps[font_path]


def _drawable(fig) -> None:
    """Draw every text of the figure without missing glyphs, and without Matplotlib's warnings.

    A text with characters its font lacks (such as a Chinese title in DejaVu Sans) gets an
    installed font that has them as a fallback (Matplotlib's own "Last Resort" font, which
    draws a box naming the script, if no other has them); where none has them, they become
    '□'.
    """
    import matplotlib.text
    from matplotlib import font_manager

    for text in fig.findobj(matplotlib.text.Text):
        content = text.get_text()
        if not content or content.isascii():
            continue
        font = font_manager.findfont(text.get_fontproperties())
        have = _characters(font)
        missing = {ch for ch in content if ord(ch) >= 32 and ord(ch) not in have}
        if not missing:
            continue
        # Real fonts first; Matplotlib's "Last Resort" font draws a box naming the script.
        fonts = sorted(font_manager.fontManager.ttflist, key=lambda e: "Last Resort" in e.name)
        for entry in fonts:
            try:
                if all(ord(ch) in _characters(entry.fname) for ch in missing):
                    families = [*text.get_fontproperties().get_family(), entry.name]
                    text.set_fontfamily(families)
                    break
            except (OSError, RuntimeError):  # a font file that cannot be read
                continue
        else:
            box = "□" if ord("□") in have else "?"
            text.set_text("".join(box if ch in missing else ch for ch in content))


def _save(fig, path: Path, dpi: float) -> None:
    """Write the figure through a temporary file, so a failure leaves nothing half-written."""
    import matplotlib.pyplot as plt

    _drawable(fig)
    partial = path.with_name(f".{path.name}.partial")
    try:
        fig.savefig(partial, dpi=dpi, format=path.suffix.lower()[1:])
        os.replace(partial, path)
    finally:
        plt.close(fig)
        if partial.exists():
            partial.unlink()
    print(f"wrote {path}")


def _use_agg() -> None:
    """Draw off screen, unless a program that called main() already chose a backend."""
    if "matplotlib.pyplot" not in sys.modules:
        import matplotlib

        matplotlib.use("Agg")


def _import_keras(debug: bool) -> None:
    """Import Keras (and TensorFlow) without its start-up messages on stderr."""
    if "keras" in sys.modules or debug:
        import keras  # noqa: F401

        return
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 2)
        os.close(quiet)
        import keras  # noqa: F401
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


@contextlib.contextmanager
def _progress(description: str, show: bool = True):
    """Yield progress(done, total): a bar on a terminal, elsewhere a line every few seconds."""
    if not show:
        yield None
        return
    if not sys.stderr.isatty():
        import time

        start = time.monotonic()
        last = [start]

        def report(done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] < PROGRESS_EVERY_S or done >= total:
                return
            last[0] = now
            left = (now - start) / done * (total - done)
            print(
                f"filterviz: {description}: {done}/{total}, about {_duration(left)} left",
                file=sys.stderr,
                flush=True,
            )

        yield report
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    columns = (
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _image_files(arguments: list[str], max_pixels: int | None = None) -> list[Path]:
    """Expand folders into their image files, sorted by name; keep files as given.

    With `max_pixels`, the files named on the command line are checked from their headers
    (exist, are images filterviz reads, not too large): fast, before any slow import.
    """
    from filterviz import data

    try:
        files = data.image_files(arguments)
        if max_pixels is not None:
            for argument in arguments:
                if not Path(argument).is_dir():
                    data.check_image(argument, max_pixels=max_pixels)
    except (FileNotFoundError, ValueError) as error:
        raise CommandError(_cli_words(str(error))) from None
    return files


def _cli_words(message: str) -> str:
    """Put a library message in the command line's words: options, not arguments."""
    message = message.removeprefix("paths: ").removeprefix("path: ")
    message = message.replace("pass image_size to resize them", "pass --size HxW to resize them")
    return re.sub(
        r"max_pixels=([\d,]+) \(([\d.]+) MP\)(.*)raise max_pixels \(--max-pixels\)",
        r"--max-megapixels \2\3raise --max-megapixels",
        message,
    )


def _read_images(
    arguments: list[str], max_images: int, size=None, *, max_side=None, max_pixels: int
):
    """Read the images named on the command line; return the batch and their names."""
    from filterviz import data

    files = _image_files(arguments)
    limit = max_images or MAX_IMAGES_LIMIT
    if len(files) > limit:
        if max_images:
            note = "--max-images 0 draws all, up to "
        else:
            note = "a figure draws at most "
        print(
            f"filterviz: drawing the first {limit} of {len(files)} images "
            f"({note}{MAX_IMAGES_LIMIT})",
            file=sys.stderr,
        )
    skipped: list = []

    with _progress("Reading images", show=min(len(files), limit) >= PROGRESS_MIN_FILES) as update:

        def progress(done: int, total: int) -> None:
            if update is not None:
                update(done, total)

        try:
            batch = data.load_images(
                arguments,
                image_size=size,
                progress=progress,
                max_side=max_side,
                max_pixels=max_pixels,
                max_images=limit,
                skipped=skipped,
            )
        except (FileNotFoundError, ValueError) as error:
            raise CommandError(_cli_words(str(error))) from None
    if skipped:
        print(f"filterviz: {data._skip_summary(skipped)}", file=sys.stderr)
    left_out = {path for path, _ in skipped}
    read_from = [file for file in files if file not in left_out][: len(batch)]
    return batch, [_short(file.stem) for file in read_from], read_from


def _short(name: str, length: int = 14) -> str:
    return name if len(name) <= length else name[: length - 1] + "…"


def _title(fig, text: str, fontsize: float = 14) -> None:
    """Set the figure's title, wrapped onto several lines where the figure is narrow."""
    import textwrap

    width_in_characters = fig.get_figwidth() * 72 / (0.6 * fontsize)
    fig.suptitle(textwrap.fill(text, max(int(width_in_characters), 12)), fontsize=fontsize)


def _to_grey(batch):
    """Luminance (ITU-R 601, as Pillow's 'L' mode), one channel: (N, H, W, 1)."""
    import numpy as np

    weights = np.array([0.299, 0.587, 0.114], dtype=np.float32)
    return np.clip(batch @ weights, 0.0, 1.0)[..., None].astype(np.float32)


def _load_model(name: str, debug: bool, custom_objects: str | None = None):
    from filterviz import model

    application = APPLICATIONS.get(name.lower()) if not Path(name).exists() else None
    if name not in model.SHIPPED and application is None:
        _check_model_file(name)  # before the slow import
    if custom_objects is not None:
        _check_custom_objects(custom_objects)
    _import_keras(debug)
    if custom_objects is not None:
        _import_custom_objects(custom_objects)
    if application is not None:
        import keras

        # Keras downloads the ImageNet weights on first use, into its own cache.
        return getattr(keras.applications, application)(weights="imagenet")
    return model.load(name)


def _check_custom_objects(name: str) -> None:
    """Refuse a --custom-objects that names neither a .py file nor an importable module."""
    import importlib.util

    if name.endswith(".py"):
        if not Path(name).is_file():
            raise CommandError(f"--custom-objects: no such file {name!r}")
        return
    try:
        found = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        found = None
    if found is None:
        raise CommandError(
            f"--custom-objects: no module {name!r} on the Python path, and not a .py file"
        )


def _import_custom_objects(name: str) -> None:
    """Import the user's module (or file), whose import registers their custom layers."""
    import importlib
    import importlib.util

    try:
        if name.endswith(".py"):
            spec = importlib.util.spec_from_file_location(Path(name).stem, name)
            module = importlib.util.module_from_spec(spec)
            sys.modules[spec.name] = module
            spec.loader.exec_module(module)
        else:
            importlib.import_module(name)
    except Exception as error:  # noqa: BLE001 - any failure of the user's code, in one line
        raise CommandError(
            f"--custom-objects: importing {name!r} failed: {type(error).__name__}: "
            f"{_one_line(error)}"
        ) from error


def _say_scaling(loaded, preprocess: str) -> None:
    """Say in one line (stderr) what input scaling was assumed, where it is not plain [0, 1]."""
    from filterviz import preprocess as fv_preprocess

    if preprocess == "auto" and fv_preprocess.detect(loaded)[0] == "0-1":
        return
    print(f"filterviz: {fv_preprocess.describe(preprocess, loaded)}", file=sys.stderr)


def _check_model_file(name: str) -> None:
    """Refuse a file that cannot be a Keras 3 model before the slow import (the library's check)."""
    from filterviz import model

    try:
        model.check_file(name)
    except (FileNotFoundError, ValueError) as error:
        raise CommandError(str(error)) from None


def _chosen_filters(args, count: int, default: int, layer_name: str) -> list[int]:
    chosen = getattr(args, "filters", "default")
    if chosen == "default":
        return list(range(min(count, default)))
    if chosen is None:
        return list(range(count))
    bad = [index for index in chosen if index >= count]
    if bad:
        raise CommandError(
            f"--filters: layer {layer_name!r} has {count} filters, numbered 0 to {count - 1}; "
            f"got {', '.join(map(str, bad))}"
        )
    return chosen


# -- The subcommands ---------------------------------------------------------------------------


def _format_number(value: float) -> str:
    if value == round(value):
        return str(int(round(value)))
    return f"{value:.4g}"


def _kernel_rows(weights) -> list[str]:
    import numpy as np

    blocks = [weights] if weights.ndim == 2 else [weights[:, :, c] for c in range(weights.shape[2])]
    cells = [[[_format_number(float(v)) for v in row] for row in block] for block in blocks]
    width = max(len(text) for block in cells for row in block for text in row)
    lines = []
    if len(blocks) > 1:
        block_width = 3 * (width + 2)
        lines.append("  ".join(f"{name:^{block_width}}" for name in "RGB"[: len(blocks)]).rstrip())
    for row in range(np.shape(weights)[0]):
        parts = ["".join(f"{text:>{width + 2}}" for text in block[row]) for block in cells]
        lines.append("  ".join(parts))
    return lines


def _run_kernels(args) -> None:
    from filterviz import kernels

    output = _output_path(args.output, args.force) if args.output is not None else None
    names = args.names or kernels.names()
    for name in names:
        try:
            kernels.get(name)
        except ValueError:
            raise CommandError(
                f"unknown kernel {name!r}; expected one of {', '.join(kernels.names())}"
            ) from None
    keys = [name.strip().lower().replace("-", "_").replace(" ", "_") for name in names]
    for index, key in enumerate(keys):
        weights = kernels.get(key)
        if index:
            print()
        print(f"{key}: {kernels.describe(key)}")
        for line in _kernel_rows(weights):
            print("  " + line)
    if output is None:
        return
    _use_agg()
    import matplotlib.pyplot as plt

    from filterviz import plot

    panels = []  # (weights, title, colour limit): a colour kernel's channels share one
    for key in keys:
        weights = kernels.get(key)
        limit = float(abs(weights).max()) or 1.0
        if weights.ndim == 2:
            panels.append((weights, key, limit))
        else:
            panels.extend(
                (weights[:, :, channel], f"{key} ({letter})", limit)
                for channel, letter in enumerate("RGB")
            )
    ncols = min(len(panels), COLUMNS)
    nrows = -(-len(panels) // ncols)
    fig = plt.figure(
        figsize=(KERNEL_PANEL[0] * ncols, KERNEL_PANEL[1] * nrows), layout="constrained"
    )
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax, (weights, title, limit) in zip(axes, panels, strict=False):
        plot.kernel(weights, ax=ax, title=title, vmax=limit, fontsize=12)
    for ax in axes[len(panels) :]:
        ax.remove()
    _title(fig, args.title or "Named kernels (each on its own colour scale, white is zero)")
    _save(fig, output, args.dpi)


def _run_apply(args) -> None:
    import numpy as np

    from filterviz import kernels

    output = _output_path(args.output, args.force)
    chosen = args.kernel or list(DEFAULT_KERNELS)
    several_custom = sum(not isinstance(item, str) for item in chosen) > 1
    labels, weights_list = [], []
    for item in chosen:
        if isinstance(item, str):
            labels.append(item.strip().lower().replace("-", "_").replace(" ", "_"))
            weights_list.append(kernels.get(item))
        else:
            count = sum(label.startswith("custom") for label in labels) + 1
            labels.append(f"custom {count}" if several_custom else "custom")
            weights_list.append(item)
    if args.grey:
        colour = [
            label
            for label, weights in zip(labels, weights_list, strict=True)
            if np.ndim(weights) == 3
        ]
        if colour:
            raise CommandError(
                f"the kernel {colour[0]!r} weighs the R, G and B channels apart; it needs colour "
                "images, so leave out --grey"
            )
    files = _image_files(args.images, max_pixels=args.max_megapixels)
    _not_an_input(output, files)
    max_side = None if args.size else DISPLAY_SIDE
    batch, names, _ = _read_images(
        args.images, args.max_images, args.size, max_side=max_side, max_pixels=args.max_megapixels
    )
    if args.grey:
        batch = _to_grey(batch)
    if args.padding == "valid" and min(batch.shape[1:3]) < 3:
        raise CommandError(
            f"the images are {batch.shape[1]}×{batch.shape[2]} pixels, smaller than the 3×3 "
            "kernel; use --padding same or larger images"
        )
    channels = batch.shape[3]
    mode = "per_channel" if args.per_channel else "sum"
    if args.per_channel and channels == 3:
        labels = [f"{label} {letter}" for label in labels for letter in "RGB"]
    weights = kernels.to_conv_weights(list(weights_list), in_channels=channels, mode=mode)
    from filterviz import conv

    if args.engine == "keras":
        _import_keras(args.debug)
        outputs = conv.apply(batch, weights, stride=args.stride, padding=args.padding)
    else:
        outputs = conv.correlate(batch, weights, stride=args.stride, padding=args.padding)
    _use_agg()
    from filterviz import plot

    title = args.title or (
        f"Filtered with stride {args.stride} and '{args.padding}' padding"
        + (", each colour channel on its own" if args.per_channel else "")
    )
    fig = plot.filtered(
        batch, outputs, labels, labels=range(len(names)), class_names=names, title=title
    )
    _title(fig, title)
    _save(fig, output, args.dpi)


def _run_filters(args) -> None:
    import numpy as np

    output = _output_path(args.output, args.force)
    loaded = _load_model(args.model, args.debug, args.custom_objects)
    from filterviz import layers, model

    layer = model.conv_layer(loaded, args.layer)
    weights, _ = model.filters(loaded, args.layer)
    kh, kw, in_channels, count = weights.shape
    chosen = _chosen_filters(args, count, DEFAULT_MAX_FILTERS, layer.name)
    reads = layers.input_channels(layer)
    partial = any(len(channels) < in_channels for channels in reads)
    _use_agg()
    from filterviz import plot

    picked = weights[:, :, :, chosen]
    channel = args.channel
    if channel is None and (in_channels != 3 or partial):
        channel = 0
    kind = layers.kind(layer)
    # A grouped or depthwise filter's weights span only the channels it reads.
    shape = f"{count} filters of {kh}×{kw}×{min(len(channels) for channels in reads)}"
    if channel is None:
        title = args.title or f"Layer {layer.name}: {shape}, as colour patches"
        fig = plot.filters_rgb(
            picked, ncols=min(len(chosen), COLUMNS), titles=[str(i) for i in chosen], title=title
        )
    elif partial:
        # A grouped or depthwise filter reads only some channels: --channel counts
        # within the channels each filter reads, and each panel names its channel.
        width = min(len(reads[k]) for k in chosen)
        if not 0 <= channel < width:
            raise CommandError(
                f"--channel: each filter of {kind} layer {layer.name!r} reads {width} input "
                f"channel(s), numbered 0 to {width - 1} within its group; got {channel}"
            )
        sources = [int(reads[k][channel]) for k in chosen]
        title = args.title or (
            f"Layer {layer.name} ({kind}): {shape}, each on the channel it reads"
            if width == 1
            else f"Layer {layer.name} ({kind}): {shape}, each on channel {channel} of its group"
        )
        fig = plot.kernels(
            [np.asarray(picked[:, :, source, k]) for k, source in enumerate(sources)],
            titles=[f"filter {i} ← ch {c}" for i, c in zip(chosen, sources, strict=True)],
            ncols=min(len(chosen), COLUMNS),
        )
    else:
        if not 0 <= channel < in_channels:
            raise CommandError(
                f"--channel: layer {layer.name!r} sees {in_channels} input channel(s), numbered "
                f"0 to {in_channels - 1}; got {channel}"
            )
        title = args.title or f"Layer {layer.name}: {shape}, weights on input channel {channel}"
        fig = plot.kernels(
            [np.asarray(picked[:, :, channel, k]) for k in range(len(chosen))],
            titles=[f"filter {i}" for i in chosen],
            ncols=min(len(chosen), COLUMNS),
        )
    _title(fig, title)
    _save(fig, output, args.dpi)


def _model_size(loaded, size: tuple[int, int] | None) -> tuple[int, int] | None:
    """Return the model's input (height, width), or --size where the model's is not fixed."""
    height, width = tuple(loaded.inputs[0].shape[1:3])
    if height is None or width is None:
        return size
    if size is not None and size != (height, width):
        raise CommandError(
            f"--size: the model takes {height}×{width} images only; got {size[0]}×{size[1]} "
            "(leave out --size)"
        )
    return (height, width)


def _fit_to_model(batch, loaded):
    shape = tuple(loaded.inputs[0].shape[1:])
    if len(shape) != 3:
        raise CommandError(
            f"the model must take images (height, width, channels); its input is {shape}"
        )
    if shape[2] == 1:
        batch = _to_grey(batch)
    elif shape[2] not in (None, 3):
        raise CommandError(
            f"the model takes images with {shape[2]} channels; filterviz reads RGB or grey images"
        )
    return batch


def _run_maps(args) -> None:
    output = _output_path(args.output, args.force)
    # Missing, unreadable or non-image files are reported before the slow import.
    files = _image_files(args.images, max_pixels=args.max_megapixels)
    _not_an_input(output, files)
    loaded = _load_model(args.model, args.debug, args.custom_objects)
    from filterviz import model

    layer = model.conv_layer(loaded, args.layer)
    size = _model_size(loaded, args.size)
    batch, names, _ = _read_images(
        args.images, args.max_images, size, max_side=DISPLAY_SIDE, max_pixels=args.max_megapixels
    )
    batch = _fit_to_model(batch, loaded)
    _say_scaling(loaded, args.preprocess)
    maps = model.feature_maps(loaded, args.layer, batch, preprocess=args.preprocess)
    default = DEFAULT_MAX_FILTERS if len(batch) == 1 else DEFAULT_MAX_MAPS_SEVERAL
    chosen = _chosen_filters(args, maps.shape[3], default, layer.name)
    _use_agg()
    from filterviz import plot

    picked = maps[:, :, :, chosen]
    if len(batch) == 1:
        title = args.title or f"Feature maps of {names[0]} at layer {layer.name}"
        fig = plot.feature_maps(
            picked[0], ncols=min(len(chosen), COLUMNS), max_maps=None, title=title
        )
        for ax, index in zip(fig.axes, chosen, strict=True):
            ax.set_title(f"map {index}", fontsize=9)
    else:
        title = args.title or f"Feature maps at layer {layer.name}"
        fig = plot.filtered(
            batch,
            picked,
            [f"map {index}" for index in chosen],
            labels=range(len(names)),
            class_names=names,
            title=title,
        )
    _title(fig, title)
    _save(fig, output, args.dpi)


def _run_maximize(args) -> None:
    output = _output_path(args.output, args.force)
    loaded = _load_model(args.model, args.debug, args.custom_objects)
    from filterviz import layers, model

    layer = model.conv_layer(loaded, args.layer)
    chosen = _chosen_filters(args, layers.filter_count(layer), DEFAULT_MAX_FILTERS, layer.name)
    _say_scaling(loaded, args.preprocess)
    with _progress(f"Maximising {len(chosen)} filters of {layer.name}") as update:
        patterns = model.maximize_activation(
            loaded,
            args.layer,
            preprocess=args.preprocess,
            filters=chosen,
            steps=args.steps,
            seed=args.seed,
            image_size=_model_size(loaded, args.size),
            position=args.position,
            progress=update,
        )
    _use_agg()
    from filterviz import plot

    title = args.title or f"Inputs that excite each filter of layer {layer.name} most"
    fig = plot.images(
        patterns,
        labels=range(len(chosen)),
        class_names=[f"filter {index}" for index in chosen],
        ncols=min(len(chosen), COLUMNS),
        title=title,
    )
    _title(fig, title)
    _save(fig, output, args.dpi)


_COMMANDS = {
    "kernels": _run_kernels,
    "apply": _run_apply,
    "filters": _run_filters,
    "maps": _run_maps,
    "maximize": _run_maximize,
}


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text or type(error).__name__


def main(argv: list[str] | None = None) -> int:
    """Run the ``filterviz`` command line.

    Parameters
    ----------
    argv : list of str, optional
        The arguments after the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit status: 0 when the figure or listing was written, 1 for bad
        input (one line on stderr naming the problem), 130 when interrupted.
        A malformed command line exits with status 2 through ``SystemExit``.

    Examples
    --------
    >>> from filterviz import cli
    >>> cli.main(["kernels", "diagonal"])
    diagonal: strokes running from top left to bottom right
        1  0  0
        0  1  0
        0  0  1
    0
    """
    args = _build_parser().parse_args(argv)
    debug = bool(getattr(args, "debug", False))
    args.debug = debug
    try:
        with warnings.catch_warnings():
            if not debug:  # library notes (Keras, zipfile, Matplotlib) are not the user's to act on
                warnings.simplefilter("ignore")
            _COMMANDS[args.command](args)
    except KeyboardInterrupt:
        if debug:
            raise
        print("filterviz: interrupted", file=sys.stderr)
        return 130
    except (CommandError, FileNotFoundError, ValueError, TypeError, OSError) as error:
        if debug:
            raise
        print(f"filterviz {args.command}: error: {_one_line(error)}", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - the user sees one line; --debug shows more
        if debug:
            raise
        print(
            f"filterviz {args.command}: error: {type(error).__name__}: {_one_line(error)} "
            "(run again with --debug for the traceback)",
            file=sys.stderr,
        )
        return 1
    return 0
