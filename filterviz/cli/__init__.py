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

This module reads the command line and runs the subcommand; each subcommand
is a module of this package (:mod:`~filterviz.cli.kernels`,
:mod:`~filterviz.cli.apply`, :mod:`~filterviz.cli.filters`,
:mod:`~filterviz.cli.maps`, :mod:`~filterviz.cli.maximize`) with its parser,
built from the shared options of :mod:`~filterviz.cli.parents`, and its
``run``. The library checks the input; its errors are said here in one line,
in the command line's words.

Only the standard library is imported up front: NumPy, Matplotlib, Keras and
TensorFlow load inside the subcommands that need them, so ``filterviz --help``
and ``filterviz kernels`` answer at once.
"""

from __future__ import annotations

import argparse
import re
import sys
import warnings

__all__ = ["main"]

#: The subcommands, in the order --help lists them; each is a module of this package.
COMMANDS = ("kernels", "apply", "filters", "maps", "maximize")

EPILOG = """examples:
  filterviz kernels
  filterviz apply --kernel diagonal --kernel sobel_x photo.jpg -o filtered.png
  filterviz filters cifar10_cnn --layer 1 -o filters.png
  filterviz maps cifar10_cnn cat.png --layer 2 -o maps.png
  filterviz maximize cifar10_cnn --layer 3 -o patterns.png

'filterviz COMMAND --help' explains each command. Exit status: 0 done, 1 bad input
(one line on stderr), 2 a malformed command line."""


class CommandError(Exception):
    """Bad input that the command line finds itself: one line on stderr, exit status 1."""


def one_line(error: BaseException) -> str:
    """Return an error's message on one line (its type's name if it has none)."""
    text = " ".join(str(error).split())
    return text or type(error).__name__


def cli_words(message: str) -> str:
    """Put a library message in the command line's words: options, not arguments."""
    message = message.removeprefix("paths: ").removeprefix("path: ")
    message = message.replace("pass image_size to resize them", "pass --size HxW to resize them")
    message = message.replace("pass image_size=(height, width)", "pass --size HxW")
    return re.sub(
        r"max_pixels=([\d,]+) \(([\d.]+) MP\)(.*)raise max_pixels \(--max-pixels\)",
        r"--max-megapixels \2\3raise --max-megapixels",
        message,
    )


def _version() -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version("filterviz")
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of the whole command line, one subparser per subcommand."""
    import importlib

    from filterviz.cli import parents

    parser = parents.Parser(
        prog="filterviz",
        formatter_class=parents.Formatter,
        description=parents.wrap(
            "See how the weights of a convolutional filter decide what it detects: "
            "figures of hand-made kernels on your own images, and of the filters and feature maps "
            "of a Keras model, for slides."
        ),
        epilog=EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    parser.add_argument("--debug", action="store_true", help="on an error, show the full traceback")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"filterviz.cli.{name}").add_parser(commands)
    return parser


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
    args = build_parser().parse_args(argv)
    debug = bool(getattr(args, "debug", False))
    args.debug = debug
    try:
        with warnings.catch_warnings():
            if not debug:  # library notes (Keras, zipfile, Matplotlib) are not the user's to act on
                warnings.simplefilter("ignore")
            args.run(args)
    except KeyboardInterrupt:
        if debug:
            raise
        print("filterviz: interrupted", file=sys.stderr)
        return 130
    except CommandError as error:
        if debug:
            raise
        print(f"filterviz {args.command}: error: {one_line(error)}", file=sys.stderr)
        return 1
    except (FileNotFoundError, ValueError, TypeError, OSError) as error:  # the library's checks
        if debug:
            raise
        print(f"filterviz {args.command}: error: {cli_words(one_line(error))}", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - the user sees one line; --debug shows more
        if debug:
            raise
        print(
            f"filterviz {args.command}: error: {type(error).__name__}: {one_line(error)} "
            "(run again with --debug for the traceback)",
            file=sys.stderr,
        )
        return 1
    return 0
