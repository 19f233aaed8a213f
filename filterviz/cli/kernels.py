"""``filterviz kernels``: list the named kernels and their weights, and draw them with -o."""

from __future__ import annotations

from filterviz.cli import CommandError, arguments, figures, parents

#: Width and height in inches of one kernel's panel in 'filterviz kernels -o'.
KERNEL_PANEL = (2.4, 2.5)

EPILOG = """examples:
  filterviz kernels                        # every kernel
  filterviz kernels sobel_x sobel_y        # just these two
  filterviz kernels -o kernels.png         # also draw them as heat maps"""


def _options():
    parser = parents.new()
    parser.add_argument("names", nargs="*", metavar="NAME", help="kernels to show (default: all)")
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="also draw the kernels as heat maps into this figure (.png, .svg or .pdf)",
    )
    parser.add_argument(
        "--dpi",
        type=arguments.dpi,
        default=parents.DEFAULT_DPI,
        help=f"dots per inch of the figure, {arguments.DPI_RANGE[0]} to "
        f"{arguments.DPI_RANGE[1]}",
    )
    parser.add_argument("--title", help="the figure's title")
    parser.add_argument("-f", "--force", action="store_true", help="overwrite the figure")
    return parser


def add_parser(commands) -> None:
    """Add the ``kernels`` subcommand to `commands` (argparse's subparsers)."""
    parents.subcommand(
        commands,
        "kernels",
        parents=[_options(), parents.debug()],
        help="list the named kernels and their weights",
        description=(
            "List the named 3×3 kernels with what they respond to and their weights, "
            "row by row (colour kernels: one block per channel, R G B). Use the names with "
            "'filterviz apply --kernel NAME'."
        ),
        epilog=EPILOG,
        run=run,
    )


def _format_number(value: float) -> str:
    if value == round(value):
        return str(int(round(value)))
    return f"{value:.4g}"


def _kernel_rows(weights) -> list[str]:
    """Return the weights as text, row by row; a colour kernel has a block per channel."""
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


def run(args) -> None:
    """Print the kernels the command names (all without names); draw them with -o."""
    from filterviz import kernels

    output = figures.output_path(args.output, args.force) if args.output is not None else None
    names = args.names or kernels.names()
    try:
        chosen = [kernels.get(name) for name in names]  # every name checked before any output
    except ValueError as error:
        raise CommandError(str(error).removeprefix("name: ")) from None
    keys = [name.strip().lower().replace("-", "_").replace(" ", "_") for name in names]
    for index, (key, weights) in enumerate(zip(keys, chosen, strict=True)):
        if index:
            print()
        print(f"{key}: {kernels.describe(key)}")
        for line in _kernel_rows(weights):
            print("  " + line)
    if output is None:
        return
    figures.use_agg()
    import matplotlib.pyplot as plt

    from filterviz import plot

    panels = []  # (weights, title, colour limit): a colour kernel's channels share one
    for key, weights in zip(keys, chosen, strict=True):
        limit = float(abs(weights).max()) or 1.0
        if weights.ndim == 2:
            panels.append((weights, key, limit))
        else:
            panels.extend(
                (weights[:, :, channel], f"{key} ({letter})", limit)
                for channel, letter in enumerate("RGB")
            )
    ncols = min(len(panels), figures.COLUMNS)
    nrows = -(-len(panels) // ncols)
    fig = plt.figure(
        figsize=(KERNEL_PANEL[0] * ncols, KERNEL_PANEL[1] * nrows), layout="constrained"
    )
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax, (weights, title, limit) in zip(axes, panels, strict=False):
        plot.kernel(weights, ax=ax, title=title, vmax=limit, fontsize=12)
    for ax in axes[len(panels) :]:
        ax.remove()
    figures.title(fig, args.title or "Named kernels (each on its own colour scale, white is zero)")
    figures.save(fig, output, args.dpi)
