"""Two networks trained on different data compared: CIFAR-10 in colour against it in grey.

:func:`activation_statistics` measures what any model's convolutions do on
any images: accuracy, and per depth the mean response and the share of
outputs above zero, with the first layer's mean response filter by filter.

``python -m filterviz.train compare`` (:func:`compute`) runs the two networks
``python -m filterviz.train --first-kernel 5`` and ``... --first-kernel 5
--grey`` trained (the same architecture, seed, initial weights, schedule and
image order; only the colour differs) on the 10,000 CIFAR-10 test images in
colour and in grey, and writes into the package's ``models/`` folder:

- ``colour_vs_grey.npz``: the grey network's first layer before training and
  after every epoch (the colour network's ships with it,
  ``cifar10_cnn5x5_conv1_epochs.npz``), and each network's first-layer mean
  responses on each image set;
- ``colour_vs_grey.json``: the statistics and their provenance: the SHA-256
  of both model files, the archive and the ``.npz``, the two training
  sidecars' accuracy, time and command, and this command.

:func:`filterviz.shipped.colour_vs_grey` reads them. The grey network itself
does not ship: its first layer and its statistics are what the comparison
page needs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from filterviz import _validate

__all__ = ["COLOUR_MODEL", "IMAGE_SETS", "OUTPUT_NAME", "activation_statistics", "compute"]

#: The shipped colour network the comparison is made with.
COLOUR_MODEL = "cifar10_cnn5x5"
#: The stem of the files :func:`compute` writes.
OUTPUT_NAME = "colour_vs_grey"
#: The two image sets, in the order of every statistic.
IMAGE_SETS = ("colour", "grey")
DEFAULT_GREY_MODEL = Path("build") / "grey" / f"{COLOUR_MODEL}_grey.keras"


def activation_statistics(model, images, labels=None, batch_size: int = 500) -> dict:
    """Measure what a model's convolutions do on a set of images, one forward pass per batch.

    Parameters
    ----------
    model : keras.Model
        Any Keras model with 2-D convolutions (at every depth
        :func:`filterviz.layers.find` counts) and one output.
    images : array_like
        ``(N, H, W, C)`` images the model takes.
    labels : array_like, optional
        ``(N,)`` class indices; then the accuracy of the model's output is
        measured too.
    batch_size : int, default 500
        Images per forward pass.

    Returns
    -------
    dict
        ``"mean"``: float64 ``(depths,)``, each convolution's mean output
        (after its activation) over images, positions and filters;
        ``"active"``: ``(depths,)``, the share of those outputs above zero;
        ``"first_layer_mean"``: ``(filters,)``, the first convolution's mean
        output filter by filter; ``"accuracy"``: a float, or None without
        `labels`; ``"layers"``: the convolutions' names.

    Raises
    ------
    ValueError
        If `images` is empty or does not fit the model, `labels` does not
        match `images`, or `batch_size` is not a positive int.

    Examples
    --------
    >>> import keras, numpy as np
    >>> import filterviz
    >>> model = keras.Sequential([
    ...     keras.Input((4, 4, 1)),
    ...     keras.layers.Conv2D(1, 3, padding="same", kernel_initializer="ones",
    ...                         activation="relu", name="sum3x3"),
    ... ])
    >>> stats = filterviz.comparison.activation_statistics(model, np.ones((1, 4, 4, 1)))
    >>> stats["mean"].tolist(), stats["active"].tolist()  # 4 corners 4, 8 edges 6, 4 inside 9
    ([6.25], [1.0])
    """
    import keras

    from filterviz import layers
    from filterviz import model as fv_model

    layers._check_model(model)
    batch_size = _validate.positive_int(batch_size, "batch_size")
    images = _validate.images(images, "images", unit_range=False)
    expected = tuple(model.inputs[0].shape[1:])
    fits = len(expected) == images.ndim - 1 and all(
        want is None or want == got for want, got in zip(expected, images.shape[1:], strict=False)
    )
    if not fits:
        raise ValueError(
            f"images must fit the model's input {expected}; got images of shape "
            f"{images.shape[1:]}"
        )
    if labels is not None:
        labels = np.asarray(labels)
        if labels.shape != (len(images),) or not np.issubdtype(labels.dtype, np.integer):
            raise ValueError(
                f"labels must be {len(images)} integer class indices, one per image; got "
                f"shape {labels.shape} of {labels.dtype}"
            )
    convs = fv_model.conv_layers(model)
    if len(model.inputs) != 1 or len(model.outputs) != 1:
        raise ValueError(
            f"model must have one input and one output; got {len(model.inputs)} and "
            f"{len(model.outputs)}"
        )
    probe = keras.Model(model.inputs[0], [layer.output for layer in convs] + [model.outputs[0]])
    sums = np.zeros(len(convs))
    active = np.zeros(len(convs))
    counts = np.zeros(len(convs))
    first = np.zeros(int(convs[0].output.shape[-1]))
    correct = 0
    for start in range(0, len(images), batch_size):
        batch = images[start : start + batch_size]
        outputs = probe(batch, training=False)
        *maps, predictions = [np.asarray(output, dtype=np.float64) for output in outputs]
        for depth, values in enumerate(maps):
            sums[depth] += values.sum()
            active[depth] += np.count_nonzero(values > 0)
            counts[depth] += values.size
        first += maps[0].sum(axis=(0, 1, 2))
        if labels is not None:
            right = predictions.argmax(axis=-1) == labels[start : start + batch_size]
            correct += int(np.sum(right))
    positions = len(images) * np.prod(convs[0].output.shape[1:3])
    return {
        "layers": [layer.name for layer in convs],
        "mean": sums / counts,
        "active": active / counts,
        "first_layer_mean": first / positions,
        "accuracy": None if labels is None else correct / len(images),
    }


def compute(grey_model=DEFAULT_GREY_MODEL, output_dir=None, archive=None, argv=None) -> dict:
    """Compare the shipped colour network with its grey twin; write the files the page reads.

    Parameters
    ----------
    grey_model : str or os.PathLike
        The grey network that ``python -m filterviz.train --first-kernel 5
        --grey`` wrote (default ``build/grey/cifar10_cnn5x5_grey.keras``),
        with its sidecar and snapshots beside it.
    output_dir : str or os.PathLike, optional
        Where to write (default: the package's ``models/`` folder).
    archive : str or os.PathLike, optional
        The CIFAR-10 archive; see :func:`filterviz.cifar10.cifar10_folder`.
    argv : list of str, optional
        The command line's arguments, recorded in the sidecar.

    Returns
    -------
    dict
        The sidecar's contents.
    """
    import filterviz
    from filterviz import cifar10, data, shipped, train

    grey_path = Path(grey_model)
    stem = grey_path.with_suffix("")
    grey_sidecar = json.loads(stem.with_suffix(".json").read_text())
    if grey_sidecar.get("sha256") != shipped.sha256_file(grey_path):
        raise ValueError(f"grey_model: {str(grey_path)!r} does not match its sidecar's SHA-256")
    colour_sidecar = shipped.sidecar(COLOUR_MODEL)
    networks = {"colour": shipped.load(COLOUR_MODEL), "grey": shipped.load(grey_path)}
    folder = cifar10.cifar10_folder(archive)
    colour_images, labels, _ = data.load_image_folder(folder / "test")
    sets = {"colour": colour_images, "grey": train.greyscale(colour_images)}
    statistics, arrays = {}, {}
    for network, model in networks.items():
        statistics[network] = {}
        for name, images in sets.items():
            found = activation_statistics(model, images, labels)
            statistics[network][name] = {
                "accuracy": round(found["accuracy"], 4),
                "mean": np.round(found["mean"], 5).tolist(),
                "active": np.round(found["active"], 5).tolist(),
            }
            arrays[f"{network}/{name}/first_layer_mean"] = found["first_layer_mean"].astype(
                np.float32
            )
            statistics["layers"] = found["layers"]
    with np.load(f"{stem}_conv1_epochs.npz") as snapshots:
        arrays["grey/kernel"] = snapshots["kernel"]
        arrays["grey/bias"] = snapshots["bias"]
    output_dir = Path(output_dir or shipped.MODELS_DIR)
    output_dir.mkdir(parents=True, exist_ok=True)
    npz_path = output_dir / f"{OUTPUT_NAME}.npz"
    train._write_npz(npz_path, arrays)
    archive_path = cifar10.archive_path(archive)

    def training(record):
        keys = ("sha256", "test_accuracy", "training_seconds", "epochs", "seed", "command", "grey")
        return {key: record.get(key) for key in keys}

    arguments = list(sys.argv[1:] if argv is None else argv)
    sidecar = {
        "file": npz_path.name,
        "sha256": shipped.sha256_file(npz_path),
        "what": (
            "the 5x5 CIFAR-10 network trained in colour (shipped, cifar10_cnn5x5) and its twin "
            "trained on the same images in greyscale (same architecture, seed, initial weights, "
            "schedule and image order), each run on the 10,000 test images in colour and in "
            "grey (filterviz.comparison.activation_statistics); the grey network's first layer "
            "after every epoch"
        ),
        "colour_model": training(colour_sidecar),
        "grey_model": training(grey_sidecar),
        "image_sets": list(IMAGE_SETS),
        "statistics": statistics,
        "archive": archive_path.name,
        "archive_sha256": shipped.sha256_file(archive_path),
        "test_images": int(len(colour_images)),
        "command": " ".join(["python -m filterviz.train compare", *arguments]).strip(),
        "date": train._date(colour_sidecar),
        "filterviz": filterviz.__version__,
    }
    (output_dir / f"{OUTPUT_NAME}.json").write_text(json.dumps(sidecar, indent=2) + "\n")
    return sidecar


def main(argv) -> int:
    """``python -m filterviz.train compare``: see :func:`compute`."""
    parser = argparse.ArgumentParser(
        prog="python -m filterviz.train compare",
        description="Compare the shipped colour network with its grey twin on both image sets.",
    )
    parser.add_argument(
        "--grey-model", default=str(DEFAULT_GREY_MODEL), help="the grey network's .keras file"
    )
    parser.add_argument("--output-dir", default=None, help="where to write")
    parser.add_argument("--archive", default=None, help="path to cifar10-jpeg.tar.gz")
    args = parser.parse_args(argv)
    sidecar = compute(args.grey_model, args.output_dir, args.archive, argv)
    for network, rows in sidecar["statistics"].items():
        if network == "layers":
            continue
        for name, row in rows.items():
            print(f"{network} network on {name} images: accuracy {row['accuracy']:.4f}")
    return 0
