"""``filterviz apply``: filter the user's own images with named or custom 3×3 kernels."""

from __future__ import annotations

from filterviz.cli import CommandError, arguments, figures, images, models, parents

#: Kernels that ``filterviz apply`` uses when no --kernel is given.
DEFAULT_KERNELS = ("diagonal", "anti_diagonal")
#: The largest --stride: a step longer than this keeps almost nothing of any image.
MAX_STRIDE = 64

DESCRIPTION = (
    "Filter images with 3×3 kernels and draw the originals above one row of "
    "responses per kernel, on one colour scale per row (blue negative, red positive; grey "
    "when no response is negative). Images may have any size; one whose longer side is "
    f"over {images.DISPLAY_SIDE} pixels is drawn shrunk to fit (use --size for another size). "
    "A folder stands for the images in it, sorted by name. Each kernel is laid on every "
    "colour channel and the "
    "responses are added, as a Conv2D layer with those weights computes."
)

EPILOG = """examples:
  filterviz apply --kernel diagonal --kernel anti_diagonal cat.png ship.png -o diagonals.png
  filterviz apply --kernel sobel_x --stride 2 --padding same photos/ -o edges.png
  filterviz apply --kernel "1,0,0, 0,1,0, 0,0,1" photo.jpg -o custom.png
  filterviz apply --kernel=-1,0,1,-2,0,2,-1,0,1 photo.jpg -o sobel.svg
  filterviz apply --kernel red_green --per-channel photo.jpg -o channels.pdf

A custom kernel is 9 numbers, row by row, separated by commas, spaces or semicolons;
write --kernel=... when the first number is negative. 'filterviz kernels' lists the names."""


def _kernel_options():
    parser = parents.new()
    parser.add_argument(
        "-k",
        "--kernel",
        type=arguments.kernel,
        action="append",
        metavar="KERNEL",
        help="a kernel name or 9 numbers row by row; repeat for several "
        f"(default: {' and '.join(DEFAULT_KERNELS)})",
    )
    parser.add_argument(
        "-s",
        "--stride",
        type=arguments.integer(
            1, MAX_STRIDE, "a longer step keeps almost nothing of an image", "the stride"
        ),
        default=1,
        help=f"step between windows, 1 to {MAX_STRIDE} (default 1)",
    )
    parser.add_argument(
        "-p",
        "--padding",
        choices=("valid", "same"),
        default="valid",
        help="'valid': no padding, the output shrinks by 2 pixels; 'same': zeros around the "
        "image keep its size (default valid)",
    )
    parser.add_argument(
        "--per-channel",
        action="store_true",
        help="apply each kernel to each colour channel on its own: one row per kernel and "
        "channel (R, G, B)",
    )
    parser.add_argument(
        "--grey",
        action="store_true",
        help="turn the images to grey levels first (luminance), so a kernel sees one channel",
    )
    parser.add_argument(
        "--size",
        type=arguments.size,
        metavar="HxW",
        help="resize every image to HEIGHTxWIDTH pixels first (sides up to "
        f"{arguments.MAX_SIZE_SIDE}); needed when images differ in size. Without it, an image "
        f"whose longer side is over {images.DISPLAY_SIDE} pixels is drawn shrunk to fit "
        f"{images.DISPLAY_SIDE} (a display size), keeping its proportions",
    )
    return parser


def _engine_option():
    parser = parents.new()
    parser.add_argument(
        "--engine",
        choices=("keras", "numpy"),
        default="keras",
        help="compute with Keras, as a Conv2D layer does (default), or with the NumPy "
        "reference, which gives the same numbers and starts faster (no TensorFlow)",
    )
    return parser


def add_parser(commands) -> None:
    """Add the ``apply`` subcommand to `commands` (argparse's subparsers)."""
    parents.subcommand(
        commands,
        "apply",
        parents=[
            parents.images(),
            _kernel_options(),
            parents.image_limits(),
            _engine_option(),
            parents.figure("filtered"),
        ],
        help="filter your own images with named or custom kernels",
        description=DESCRIPTION,
        epilog=EPILOG,
        run=run,
    )


def _labelled_kernels(chosen) -> tuple[list[str], list]:
    """Return each --kernel's label (its name, or 'custom') and its weights."""
    from filterviz import kernels

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
    return labels, weights_list


def run(args) -> None:
    """Filter the images with each kernel and draw the originals above the responses."""
    import numpy as np

    from filterviz import conv, kernels

    output = figures.output_path(args.output, args.force)
    labels, weights_list = _labelled_kernels(args.kernel or list(DEFAULT_KERNELS))
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
    files = images.image_files(args.images, max_pixels=args.max_megapixels)
    figures.not_an_input(output, files)
    max_side = None if args.size else images.DISPLAY_SIDE
    batch, names, _ = images.read(
        args.images, args.max_images, args.size, max_side=max_side, max_pixels=args.max_megapixels
    )
    if args.grey:
        batch = images.to_grey(batch)
    mode = "per_channel" if args.per_channel else "sum"
    if args.per_channel and batch.shape[3] == 3:
        labels = [f"{label} {letter}" for label in labels for letter in "RGB"]
    weights = kernels.to_conv_weights(list(weights_list), in_channels=batch.shape[3], mode=mode)
    if args.engine == "keras":
        models.import_keras(args.debug)
    convolve = conv.apply if args.engine == "keras" else conv.correlate
    try:
        outputs = convolve(batch, weights, stride=args.stride, padding=args.padding)
    except ValueError as error:  # the library's check: does the kernel fit the images?
        if "padding='valid'" not in str(error):
            raise
        raise CommandError(
            str(error).replace("with padding='valid'", "with --padding valid")
            + "; use --padding same or larger images"
        ) from None
    figures.use_agg()
    from filterviz import plot

    title = args.title or (
        f"Filtered with stride {args.stride} and '{args.padding}' padding"
        + (", each colour channel on its own" if args.per_channel else "")
    )
    fig = plot.filtered(
        batch, outputs, labels, labels=range(len(names)), class_names=names, title=title
    )
    figures.title(fig, title)
    figures.save(fig, output, args.dpi)
