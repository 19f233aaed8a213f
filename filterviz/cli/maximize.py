"""``filterviz maximize``: draw the input pattern that excites each filter of a layer most."""

from __future__ import annotations

from filterviz.cli import arguments, figures, models, parents, progress

#: The most gradient-ascent steps: filterviz._validate.MAX_STEPS, which --help does not
#: import (it imports NumPy); a test checks that the two agree.
MAX_STEPS = 10_000

DESCRIPTION = (
    "Activation maximisation: start from faint noise and change the input, by "
    "gradient ascent, until each filter's mean response is as high as it gets, while "
    "keeping the image smooth. Each panel is the pattern one filter is looking for. Takes "
    "from seconds (first layer) to minutes (deep layers, many filters); a progress bar "
    "shows on a terminal, and elsewhere a line on stderr every few seconds with the time "
    "left."
)

EPILOG = """examples:
  filterviz maximize cifar10_cnn --layer 1 -o conv1_patterns.png
  filterviz maximize cifar10_cnn --layer 1 --position center -o conv1_patches.png
  filterviz maximize cifar10_cnn --layer -1 --filters 0-15 --steps 200 -o deep.png
  filterviz maximize my_model.keras --layer conv2 --seed 1 -o patterns.pdf"""


def _ascent_options():
    parser = parents.new()
    parser.add_argument(
        "--steps",
        type=arguments.steps,
        default=100,
        help=f"gradient-ascent steps, 1 to {MAX_STEPS:,} (default 100)",
    )
    parser.add_argument(
        "--seed",
        type=arguments.integer(0, 2**32 - 1, "NumPy's seeds are 32-bit", "the seed"),
        default=0,
        help="seed of the starting noise, 0 to 2**32-1 (default 0)",
    )
    parser.add_argument(
        "--position",
        type=arguments.position,
        default=None,
        metavar="WHERE",
        help="what to raise: 'mean', the filter's mean response over the image (default; "
        "a texture), 'center', its response at the centre pixel of the layer's output, or "
        "ROW,COLUMN of that output (a pattern confined to that pixel's receptive field)",
    )
    parser.add_argument(
        "--size",
        type=arguments.size,
        metavar="HxW",
        help="size of the patterns; only for a model whose input size is not fixed",
    )
    return parser


def add_parser(commands) -> None:
    """Add the ``maximize`` subcommand to `commands` (argparse's subparsers)."""
    parents.subcommand(
        commands,
        "maximize",
        parents=[
            parents.model(),
            parents.filters(),
            _ascent_options(),
            parents.figure("patterns"),
        ],
        help="draw the input patterns that excite each filter of a layer most",
        description=DESCRIPTION,
        epilog=EPILOG,
        run=run,
    )


def run(args) -> None:
    """Find each chosen filter's pattern by gradient ascent and draw them side by side."""
    output = figures.output_path(args.output, args.force)
    loaded = models.load(args.model, args.debug, args.custom_objects)
    from filterviz import layers, model
    from filterviz import maximize as fv_maximize

    layer = model.conv_layer(loaded, args.layer)
    count = layers.filter_count(layer)
    chosen = models.chosen_filters(args, count, parents.DEFAULT_MAX_FILTERS, layer.name)
    size = models.image_size(loaded, args.size)
    models.say_scaling(loaded, args.preprocess)
    with progress.progress(f"Maximising {len(chosen)} filters of {layer.name}") as update:
        patterns = fv_maximize.maximize_activation(
            loaded,
            args.layer,
            preprocess=args.preprocess,
            filters=chosen,
            steps=args.steps,
            seed=args.seed,
            image_size=size,
            position=args.position,
            progress=update,
        )
    figures.use_agg()
    from filterviz import plot

    title = args.title or f"Inputs that excite each filter of layer {layer.name} most"
    fig = plot.images(
        patterns,
        labels=range(len(chosen)),
        class_names=[f"filter {index}" for index in chosen],
        ncols=min(len(chosen), figures.COLUMNS),
        title=title,
    )
    figures.title(fig, title)
    figures.save(fig, output, args.dpi)
