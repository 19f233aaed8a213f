"""``filterviz maps``: draw what one layer of a model outputs for the user's own images."""

from __future__ import annotations

from filterviz.cli import arguments, figures, images, models, parents

DESCRIPTION = (
    "Run images through a model and draw what one convolutional layer outputs "
    "(after its bias and activation): one panel per filter for one image; for several "
    "images, the originals above one row per filter. Images are resized to the model's "
    "input size (32×32 for cifar10_cnn) and turned grey if the model takes one channel."
)

EPILOG = """examples:
  filterviz maps cifar10_cnn cat.png --layer 1 -o cat_conv1.png
  filterviz maps cifar10_cnn photos/ --layer -1 --filters 0-5 -o deepest.png
  filterviz maps my_model.keras a.jpg b.jpg --layer conv2 -o maps.svg"""


def _size_option():
    parser = parents.new()
    parser.add_argument(
        "--size",
        type=arguments.size,
        metavar="HxW",
        help="resize the images to HEIGHTxWIDTH; only for a model whose input size is not "
        "fixed (otherwise the images take the model's input size)",
    )
    return parser


def add_parser(commands) -> None:
    """Add the ``maps`` subcommand to `commands` (argparse's subparsers)."""
    several = (
        f"the first {parents.DEFAULT_MAX_FILTERS} for one image, "
        f"{parents.DEFAULT_MAX_MAPS_SEVERAL} for several"
    )
    parents.subcommand(
        commands,
        "maps",
        parents=[
            parents.model(),
            parents.images(),
            parents.filters("feature maps", several),
            _size_option(),
            parents.image_limits(),
            parents.figure("maps"),
        ],
        help="draw the feature maps of your own images at a model's layer",
        description=DESCRIPTION,
        epilog=EPILOG,
        run=run,
    )


def run(args) -> None:
    """Draw the layer's feature maps: a panel per map for one image, a row per map for more."""
    output = figures.output_path(args.output, args.force)
    # Missing, unreadable or non-image files are reported before the slow import.
    files = images.image_files(args.images, max_pixels=args.max_megapixels)
    figures.not_an_input(output, files)
    loaded = models.load(args.model, args.debug, args.custom_objects)
    from filterviz import model

    layer = model.conv_layer(loaded, args.layer)
    batch, names, _ = images.read(
        args.images,
        args.max_images,
        models.image_size(loaded, args.size),
        max_side=images.DISPLAY_SIDE,
        max_pixels=args.max_megapixels,
    )
    if models.takes_grey(loaded):
        batch = images.to_grey(batch)
    # The library checks that the images fit the model (size, channels, range).
    maps = model.feature_maps(loaded, args.layer, batch, preprocess=args.preprocess)
    models.say_scaling(loaded, args.preprocess)
    default = parents.DEFAULT_MAX_FILTERS if len(batch) == 1 else parents.DEFAULT_MAX_MAPS_SEVERAL
    chosen = models.chosen_filters(args, maps.shape[3], default, layer.name)
    figures.use_agg()
    from filterviz import plot

    picked = maps[:, :, :, chosen]
    if len(batch) == 1:
        title = args.title or f"Feature maps of {names[0]} at layer {layer.name}"
        fig = plot.feature_maps(
            picked[0], ncols=min(len(chosen), figures.COLUMNS), max_maps=None, title=title
        )
        for ax, index in zip(fig.axes[: len(chosen)], chosen, strict=True):  # then the colour bar
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
    figures.title(fig, title)
    figures.save(fig, output, args.dpi)
