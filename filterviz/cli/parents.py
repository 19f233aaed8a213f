"""Parent parsers: the options that several subcommands share, each defined once.

Each subcommand builds its parser from these with argparse's ``parents``, between
small parsers of its own options, in the order its ``--help`` lists them:
``model`` (``MODEL``, ``--layer``, ``--custom-objects``, ``--preprocess``),
``images`` and ``image_limits`` (``--max-images``, ``--max-megapixels``),
``filters``, and last ``figure`` (``-o``, ``--dpi``, ``--title``, ``--force``,
``--debug``). :class:`Parser` and :class:`Formatter` make every parser's errors
and help look alike.
"""

from __future__ import annotations

import argparse

from filterviz.cli import arguments, models

#: Dots per inch of the figures unless --dpi says otherwise.
DEFAULT_DPI = 150
#: Images drawn at most unless --max-images says otherwise.
DEFAULT_MAX_IMAGES = 10
#: Filters (or feature maps) drawn at most unless --filters says otherwise.
DEFAULT_MAX_FILTERS = 32
#: Feature maps drawn per image when several images share one figure.
DEFAULT_MAX_MAPS_SEVERAL = 8
#: The default --max-megapixels: filterviz.data.MAX_PIXELS, which is not imported for --help.
DEFAULT_MEGAPIXELS = 80
#: What the IMAGE arguments may be, said by the help of apply and maps.
IMAGES_HELP = (
    "image files or folders of them: PNG, JPEG, WebP, BMP, GIF, TIFF, AVIF, JPEG 2000, "
    "PPM/PGM, TGA, ICO or QOI (HEIC with the pillow-heif plugin). In a folder, hidden files are "
    "left out, and sub-folders, other files and images that cannot be read are skipped with "
    "one line on stderr"
)


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line, with a pointer to --help."""

    def error(self, message):
        """Exit with status 2 and one line: the problem and where help is."""
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


class Formatter(argparse.RawDescriptionHelpFormatter):
    """Help with the option column 30 characters wide and descriptions kept as written."""

    def __init__(self, prog):
        super().__init__(prog, max_help_position=30)


def wrap(text: str) -> str:
    """Fill a description to the 88 columns of the help texts."""
    import textwrap

    return textwrap.fill(text, width=88)


def subcommand(commands, name: str, *, parents, help: str, description: str, epilog: str, run):
    """Add subcommand `name` to `commands` (argparse's subparsers), built from `parents`.

    Every subcommand gets the same help formatter and a wrapped
    `description`; ``args.run`` is the function that carries it out.
    """
    parser = commands.add_parser(
        name,
        parents=parents,
        help=help,
        formatter_class=Formatter,
        description=wrap(description),
        epilog=epilog,
    )
    parser.set_defaults(run=run)
    return parser


def new() -> argparse.ArgumentParser:
    """Return an empty parser to serve as a parent (no -h of its own)."""
    return argparse.ArgumentParser(add_help=False)


def _add_debug(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="on an error, show the full traceback and library messages",
    )


def debug() -> argparse.ArgumentParser:
    """Return the parent with --debug, which every subcommand also takes after its name."""
    parser = new()
    _add_debug(parser)
    return parser


def figure(default_name: str) -> argparse.ArgumentParser:
    """Return the parent with the figure to write (group "figure") and --debug.

    Parameters
    ----------
    default_name : str
        The file name the help of -o/--output suggests, without its extension.
    """
    parser = new()
    group = parser.add_argument_group("figure")
    group.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help=f"the figure to write, such as {default_name}.png; PNG unless it ends in .svg or "
        ".pdf (no extension: .png is added)",
    )
    group.add_argument(
        "--dpi",
        type=arguments.dpi,
        default=DEFAULT_DPI,
        help=f"dots per inch, {arguments.DPI_RANGE[0]} to {arguments.DPI_RANGE[1]} (default "
        f"{DEFAULT_DPI}); sets the pixel size of a PNG",
    )
    group.add_argument("--title", help="the figure's title (default: says what is shown)")
    group.add_argument(
        "-f",
        "--force",
        action="store_true",
        help="overwrite the output file if it exists (never one of the command's input files)",
    )
    _add_debug(parser)
    return parser


def model(preprocess: bool = True) -> argparse.ArgumentParser:
    """Return the parent with MODEL, --layer, --custom-objects and, with `preprocess`, that."""
    parser = new()
    parser.add_argument(
        "model",
        metavar="MODEL",
        help="a Keras 3 .keras file, the name of the shipped model (cifar10_cnn), or a "
        f"keras.applications model with ImageNet weights ({', '.join(models.APPLICATIONS)}; Keras "
        "downloads the weights once, into its own cache)",
    )
    parser.add_argument(
        "-l",
        "--layer",
        type=arguments.layer,
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
    if preprocess:
        parser.add_argument(
            "--preprocess",
            type=arguments.preprocess_name,
            default="auto",
            metavar="NAME",
            help="how images in [0, 1] become the model's input: auto (detected from a leading "
            "Rescaling layer or a keras.applications name; said in one line), 0-1, 0-255, "
            "-1-1, caffe, torch, or a keras.applications family such as vgg16, resnet50, "
            "mobilenet_v2, efficientnet; default auto",
        )
    return parser


def images() -> argparse.ArgumentParser:
    """Return the parent with the IMAGE arguments: files or folders, one or more."""
    parser = new()
    parser.add_argument("images", nargs="+", metavar="IMAGE", help=IMAGES_HELP)
    return parser


def image_limits() -> argparse.ArgumentParser:
    """Return the parent with --max-images and --max-megapixels."""
    parser = new()
    parser.add_argument(
        "--max-images",
        type=arguments.count,
        default=DEFAULT_MAX_IMAGES,
        metavar="N",
        help=f"draw at most N images, the first ones (default {DEFAULT_MAX_IMAGES}; 0: all, "
        f"up to {arguments.MAX_IMAGES_LIMIT})",
    )
    parser.add_argument(
        "--max-megapixels",
        type=arguments.megapixels,
        default=DEFAULT_MEGAPIXELS * 1_000_000,
        metavar="MP",
        help=f"refuse images of more megapixels than this before decoding them (default "
        f"{DEFAULT_MEGAPIXELS}, at most {arguments.MAX_MEGAPIXELS}); guards against files that "
        "declare huge sizes",
    )
    return parser


def filters(what: str = "filters", default: str = "") -> argparse.ArgumentParser:
    """Return the parent with --filters, which filters (or feature maps) to draw.

    Parameters
    ----------
    what : str, default "filters"
        What the indices count, as the help says it.
    default : str, optional
        Which are drawn without --filters (default: the first
        :data:`DEFAULT_MAX_FILTERS`).
    """
    default = default or f"the first {DEFAULT_MAX_FILTERS}"
    parser = new()
    parser.add_argument(
        "--filters",
        type=arguments.filter_list,
        default=argparse.SUPPRESS,
        metavar="LIST",
        help=f"which {what}, from 0, such as 0-7,12, or 'all'; at most "
        f"{arguments.MAX_FILTERS_DRAWN} (default: {default})",
    )
    return parser
