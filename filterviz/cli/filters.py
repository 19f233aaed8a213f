"""``filterviz filters``: draw the weights of one convolutional layer of a model."""

from __future__ import annotations

from filterviz.cli import CommandError, arguments, figures, models, parents

#: The largest --channel (input channels of a layer are numbered from 0).
MAX_CHANNEL = 4095

DESCRIPTION = (
    "Draw the weights of a convolutional layer. Filters that see an RGB image "
    "(the first layer) are drawn as colour patches: grey is zero, a red patch has positive "
    "weights on red, a cyan one negative weights on red. Deeper filters see many channels: "
    "they are drawn as heat maps of their weights on one input channel (--channel), "
    "each value written in its cell."
)

EPILOG = """examples:
  filterviz filters cifar10_cnn --layer 1 -o conv1.png
  filterviz filters my_model.keras --layer conv2 --channel 5 -o conv2.png
  filterviz filters cifar10_cnn --layer 1 --channel 0 --filters 0-7 -o red_weights.png"""


def _channel_option():
    parser = parents.new()
    parser.add_argument(
        "-c",
        "--channel",
        type=arguments.integer(
            0, MAX_CHANNEL, "input channels are numbered from 0", "the input channel"
        ),
        help="draw heat maps of the weights on this input channel (from 0); the default for "
        "layers that do not see exactly 3 channels is 0",
    )
    return parser


def add_parser(commands) -> None:
    """Add the ``filters`` subcommand to `commands` (argparse's subparsers)."""
    parents.subcommand(
        commands,
        "filters",
        parents=[
            parents.model(preprocess=False),
            parents.filters(),
            _channel_option(),
            parents.figure("filters"),
        ],
        help="draw the filters (weights) of a model's convolutional layer",
        description=DESCRIPTION,
        epilog=EPILOG,
        run=run,
    )


def run(args) -> None:
    """Draw the chosen filters: colour patches for RGB input, else heat maps of one channel."""
    import numpy as np

    output = figures.output_path(args.output, args.force)
    loaded = models.load(args.model, args.debug, args.custom_objects)
    from filterviz import layers, model

    layer = model.conv_layer(loaded, args.layer)
    weights, _ = layers.weights(layer)
    kh, kw, in_channels, count = weights.shape
    chosen = models.chosen_filters(args, count, parents.DEFAULT_MAX_FILTERS, layer.name)
    reads = layers.input_channels(layer)
    partial = any(len(channels) < in_channels for channels in reads)
    figures.use_agg()
    from filterviz import plot

    picked = weights[:, :, :, chosen]
    channel = args.channel
    if channel is None and (in_channels != 3 or partial):
        channel = 0
    kind = layers.kind(layer)
    ncols = min(len(chosen), figures.COLUMNS)
    # A grouped or depthwise filter's weights span only the channels it reads.
    shape = f"{count} filters of {kh}×{kw}×{min(len(channels) for channels in reads)}"
    if channel is None:
        title = args.title or f"Layer {layer.name}: {shape}, as colour patches"
        fig = plot.filters_rgb(
            picked, ncols=ncols, titles=[str(i) for i in chosen], title=title
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
            ncols=ncols,
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
            ncols=ncols,
        )
    figures.title(fig, title)
    figures.save(fig, output, args.dpi)
