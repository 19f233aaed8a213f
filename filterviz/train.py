"""Train the CIFAR-10 CNN that ships with filterviz.

Run it as ``python -m filterviz.train``. It reads CIFAR-10 from the class
folders of the archive that :func:`filterviz.cifar10.cifar10_folder` finds, with
:func:`filterviz.data.load_image_folder` (the path a user's own folders take),
trains :func:`filterviz.shipped.build_cifar10_cnn` with a fixed seed and
TensorFlow op determinism, and writes into the output folder (by default the
package's ``models/`` folder):

- ``cifar10_cnn.keras``: the trained model, without optimizer state;
- ``cifar10_cnn.json``: the sidecar: architecture, seed, epochs, data
  fingerprint, test accuracy, training time, machine and the model's SHA-256;
- ``cifar10_cnn_conv1_epochs.npz``: the first layer's weights and biases before
  training and after every epoch.

Augmentation (random 4-pixel shifts and left-right flips) happens in NumPy in
the input pipeline, not in the model.

``python -m filterviz.train top-patches`` (:func:`compute_top_patches`) then
finds, in the 10,000 test images, the 9 patches that excite each filter the
layer-depth pages show, and writes them next to the model as
``cifar10_cnn.top_patches.npz`` with the sidecar
``cifar10_cnn.top_patches.json``; :func:`filterviz.shipped.top_patches`
reads them.

``--first-kernel 5`` trains the same network with a 5×5 first layer
(``cifar10_cnn5x5``); ``--grey`` trains it on the images in greyscale, and
``python -m filterviz.train compare`` (:mod:`filterviz.comparison`) compares
the colour and the grey network.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

from filterviz import cifar10, data
from filterviz.shipped import sha256_file

MODEL_NAME = "cifar10_cnn"
DEFAULT_OUTPUT = Path(__file__).resolve().parent / "models"


def _augment(images: np.ndarray, rng: np.random.Generator, shift: int = 4) -> np.ndarray:
    """Shift each image by up to `shift` pixels (zero fill) and flip half of them."""
    n, height, width, _ = images.shape
    padded = np.pad(images, ((0, 0), (shift, shift), (shift, shift), (0, 0)))
    rows = rng.integers(0, 2 * shift + 1, n)
    columns = rng.integers(0, 2 * shift + 1, n)
    row_index = rows[:, None] + np.arange(height)[None, :]
    column_index = columns[:, None] + np.arange(width)[None, :]
    out = padded[np.arange(n)[:, None, None], row_index[:, :, None], column_index[:, None, :]]
    flip = rng.random(n) < 0.5
    out[flip] = out[flip, :, ::-1]
    return out


def greyscale(images: np.ndarray) -> np.ndarray:
    """Return images in greyscale, keeping three channels.

    Each pixel's ITU-R 601 luminance (Pillow's ``"L"`` weights), the same in
    red, green and blue, so a network built for RGB takes them unchanged.

    Parameters
    ----------
    images : numpy.ndarray
        ``(N, H, W, 3)`` in [0, 1].

    Returns
    -------
    numpy.ndarray
        Float32, the same shape.

    Examples
    --------
    >>> import numpy as np
    >>> from filterviz import train
    >>> [round(float(v), 3) for v in train.greyscale(np.array([[[[1.0, 0.0, 0.0]]]]))[0, 0, 0]]
    [0.299, 0.299, 0.299]
    """
    weights = np.array([0.299, 0.587, 0.114], dtype=np.float32)
    luminance = np.clip(np.asarray(images, dtype=np.float32) @ weights, 0.0, 1.0)
    return np.repeat(luminance[..., None], 3, axis=-1)


def _schedule(epochs: int, steps_per_epoch: int, learning_rate: float):
    """Keras' learning-rate schedule of :func:`train`."""
    import keras

    warmup = 2 * steps_per_epoch
    return keras.optimizers.schedules.CosineDecay(
        initial_learning_rate=learning_rate / 10,
        decay_steps=max(epochs * steps_per_epoch - warmup, 1),
        alpha=0.0,
        warmup_target=learning_rate,
        warmup_steps=warmup,
    )


def learning_rates(epochs: int, steps_per_epoch: int, learning_rate: float = 0.1) -> np.ndarray:
    """Return the learning rate :func:`train` uses at each step, as Keras' schedule gives it.

    A warm-up from a tenth of `learning_rate` to `learning_rate` over the
    first two epochs, then a cosine decay to 0 at the last step.

    Parameters
    ----------
    epochs : int
        Passes over the training images.
    steps_per_epoch : int
        Steps in each pass (``ceil(images / batch_size)``).
    learning_rate : float, default 0.1
        The peak.

    Returns
    -------
    numpy.ndarray
        Float64 ``(epochs * steps_per_epoch,)``.

    Examples
    --------
    >>> from filterviz import train
    >>> rates = train.learning_rates(4, 10)
    >>> [round(float(rates[i]), 4) for i in (0, 20, 39)]
    [0.01, 0.1, 0.0006]
    """
    from filterviz import _validate

    epochs = _validate.positive_int(epochs, "epochs")
    steps_per_epoch = _validate.positive_int(steps_per_epoch, "steps_per_epoch")
    learning_rate = _validate.positive_number(learning_rate, "learning_rate")
    # Keras' CosineDecay with a linear warm-up, in NumPy (a test checks the two agree).
    warmup = 2 * steps_per_epoch
    decay_steps = max(epochs * steps_per_epoch - warmup, 1)
    step = np.arange(epochs * steps_per_epoch, dtype=np.float64)
    start = learning_rate / 10
    warming = start + (learning_rate - start) * step / warmup
    progress = np.clip(step - warmup, 0, decay_steps) / decay_steps
    cosine = learning_rate * 0.5 * (1 + np.cos(np.pi * progress))
    return np.where(step < warmup, warming, cosine)


def _fingerprint(*arrays: np.ndarray) -> str:
    digest = hashlib.sha256()
    for array in arrays:
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


def _summary(model) -> list[dict]:
    rows = []
    for layer in model.layers:
        shape = getattr(layer, "output", None)
        rows.append(
            {
                "name": layer.name,
                "type": type(layer).__name__,
                "output_shape": list(shape.shape[1:]) if shape is not None else None,
                "parameters": int(layer.count_params()),
            }
        )
    return rows


def train(
    output_dir=DEFAULT_OUTPUT,
    epochs: int = 18,
    batch_size: int = 128,
    seed: int = 0,
    learning_rate: float = 0.1,
    archive=None,
    train_limit: int | None = None,
    verbose: int = 2,
    first_kernel: int = 3,
    grey: bool = False,
    name: str | None = None,
) -> dict:
    """Train the shipped CNN and write the model, sidecar and snapshots.

    Parameters
    ----------
    output_dir : str or os.PathLike
        Folder for the three output files (created if missing).
    epochs : int, default 18
        Passes over the training images.
    batch_size : int, default 128
        Images per step.
    seed : int, default 0
        Seeds NumPy, Python, Keras and TensorFlow.
    learning_rate : float, default 0.1
        Peak of the warm-up then cosine schedule of SGD with Nesterov momentum.
    archive : str or os.PathLike, optional
        The CIFAR-10 archive; see :func:`filterviz.cifar10.cifar10_folder`.
    train_limit : int, optional
        Use only the first images of each class (for quick checks).
    verbose : int, default 2
        Keras' progress output.
    first_kernel : int, default 3
        The first layer's kernel size (``cifar10_cnn5x5`` has 5).
    grey : bool, default False
        Train and test on the images in greyscale: each pixel's ITU-R 601
        luminance in all three channels, so the architecture, the seed and
        the initial weights stay those of the colour network.
    name : str, optional
        The files' stem; by default ``cifar10_cnn``, ``cifar10_cnn5x5`` for a
        5×5 first layer, with ``_grey`` added for greyscale.

    Returns
    -------
    dict
        The sidecar's contents.
    """
    from filterviz import _validate

    first_kernel = _validate.odd_int(first_kernel, "first_kernel")
    if name is None:
        name = MODEL_NAME if first_kernel == 3 else f"{MODEL_NAME}{first_kernel}x{first_kernel}"
        name += "_grey" if grey else ""
    import keras
    import tensorflow as tf

    from filterviz import shipped as fv_model

    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
    rng = np.random.default_rng(seed)

    folder = cifar10.cifar10_folder(archive)
    started = time.perf_counter()
    x_train, y_train, class_names = data.load_image_folder(folder / "train")
    x_test, y_test, _ = data.load_image_folder(folder / "test")
    if train_limit is not None:
        keep = np.concatenate([np.flatnonzero(y_train == c)[:train_limit] for c in range(10)])
        x_train, y_train = x_train[keep], y_train[keep]
    if grey:
        x_train, x_test = greyscale(x_train), greyscale(x_test)
    load_seconds = time.perf_counter() - started

    model = fv_model.build_cifar10_cnn(seed=seed, first_kernel=first_kernel)
    steps_per_epoch = -(-len(x_train) // batch_size)
    schedule = _schedule(epochs, steps_per_epoch, learning_rate)
    model.compile(
        optimizer=keras.optimizers.SGD(
            learning_rate=schedule, momentum=0.9, nesterov=True, weight_decay=5e-4
        ),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    first = model.get_layer("conv1")
    snapshots_kernel = [first.kernel.numpy().copy()]
    snapshots_bias = [first.bias.numpy().copy()]
    history = []
    train_started = time.perf_counter()
    for epoch in range(epochs):
        order = rng.permutation(len(x_train))
        x_epoch = _augment(x_train[order], rng)
        result = model.fit(
            x_epoch,
            y_train[order],
            batch_size=batch_size,
            epochs=epoch + 1,
            initial_epoch=epoch,
            shuffle=False,
            verbose=verbose,
        )
        snapshots_kernel.append(first.kernel.numpy().copy())
        snapshots_bias.append(first.bias.numpy().copy())
        history.append({k: float(v[-1]) for k, v in result.history.items()})
    train_seconds = time.perf_counter() - train_started
    test_loss, test_accuracy = model.evaluate(x_test, y_test, batch_size=500, verbose=0)

    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    plain = fv_model.build_cifar10_cnn(seed=seed, first_kernel=first_kernel)
    plain.set_weights(model.get_weights())
    model_path = output_dir / f"{name}.keras"
    plain.save(model_path)
    np.savez_compressed(
        output_dir / f"{name}_conv1_epochs.npz",
        kernel=np.stack(snapshots_kernel).astype(np.float32),
        bias=np.stack(snapshots_bias).astype(np.float32),
        epoch=np.arange(epochs + 1),
    )
    sidecar = {
        "model": f"{name}.keras",
        "sha256": sha256_file(model_path),
        "description": fv_model.describe_cifar10_cnn(first_kernel, grey),
        "first_kernel": first_kernel,
        "grey": bool(grey),
        "architecture": _summary(plain),
        "parameters": int(plain.count_params()),
        "class_names": class_names,
        "seed": seed,
        "epochs": epochs,
        "batch_size": batch_size,
        "optimizer": (
            f"SGD, Nesterov momentum 0.9, weight decay 5e-4, learning rate warm-up "
            f"{learning_rate / 10:g} to {learning_rate:g} over 2 epochs then cosine to 0"
        ),
        "augmentation": (
            "random shifts of up to 4 pixels (zero fill) and left-right flips, in NumPy"
        ),
        "data": {
            "source": "CIFAR-10 class folders (cifar10-jpeg.tar.gz), read with "
            "filterviz.data.load_image_folder"
            + (", in greyscale (filterviz.train.greyscale)" if grey else ""),
            "train_images": int(len(x_train)),
            "test_images": int(len(x_test)),
            "train_sha256": _fingerprint(x_train, y_train),
            "test_sha256": _fingerprint(x_test, y_test),
        },
        "test_accuracy": round(float(test_accuracy), 4),
        "test_loss": round(float(test_loss), 4),
        "history": history,
        "training_seconds": round(train_seconds, 1),
        "loading_seconds": round(load_seconds, 1),
        "command": "python -m filterviz.train " + " ".join(sys.argv[1:]),
        "machine": {
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "cpu_count": os.cpu_count(),
            "python": platform.python_version(),
            "tensorflow": tf.__version__,
            "keras": keras.__version__,
            "numpy": np.__version__,
        },
    }
    (output_dir / f"{name}.json").write_text(json.dumps(sidecar, indent=2) + "\n")
    return sidecar


#: Filters of each depth beyond the first that the layer-depth pages draw: the
#: ones that respond most, on average, to the ten CIFAR-10 sample images.
PAGE_FILTERS = 16
TOP_K = 9


def page_filters(model, depth: int) -> np.ndarray:
    """Return the filters that the layer-depth page of `depth` draws.

    Depth 1 draws all its filters; deeper pages draw the :data:`PAGE_FILTERS`
    that respond most, on average, to the ten CIFAR-10 sample images of
    :func:`filterviz.data.sample_images` (the pages' ``active`` filters).

    Parameters
    ----------
    model : keras.Model
        The network.
    depth : int
        Depth of the convolution, from 1.

    Returns
    -------
    numpy.ndarray
        Int64 filter indices, in the order the page draws them.
    """
    from filterviz import layers
    from filterviz import model as fv_model

    if depth == 1:
        return np.arange(layers.filter_count(fv_model.conv_layer(model, depth)), dtype=np.int64)
    images, _, _ = data.sample_images("cifar10", n=10)
    maps = fv_model.feature_maps(model, depth, images)
    return np.argsort(-maps.mean(axis=(0, 1, 2)))[:PAGE_FILTERS].astype(np.int64)


def _write_npz(path: Path, arrays: dict) -> None:
    """Write a compressed ``.npz`` with fixed member dates: the same arrays give the same bytes.

    :func:`numpy.savez_compressed` stamps each member with the current time.
    """
    import io
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for key, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, buffer.getvalue(), compresslevel=9)


def _date(model_sidecar: dict) -> str | None:
    """Return the date of ``SOURCE_DATE_EPOCH``, else the model sidecar's, else None."""
    import datetime

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        moment = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc)
        return moment.strftime("%Y-%m-%d")
    return model_sidecar.get("date")


def compute_top_patches(
    model_path=None,
    output_dir=DEFAULT_OUTPUT,
    archive=None,
    cache_dir=None,
    k: int = TOP_K,
    argv=None,
) -> dict:
    """Compute the top-`k` test-set patches of the filters the layer-depth pages show.

    For every convolution of the model and the filters :func:`page_filters`
    names, :func:`filterviz.exemplars.top_patches` finds the `k` CIFAR-10 test
    images (all of them, read with :func:`filterviz.data.load_image_folder`)
    that excite the filter most, cut at the receptive field of the strongest
    output pixel. Written into `output_dir`:

    - ``cifar10_cnn.top_patches.npz``: per layer ``<layer>/patches`` (uint8,
      padding grey 128), ``values``, ``images`` (indices into the test set),
      ``names`` (their files), ``positions``, ``windows`` and ``filters``;
    - ``cifar10_cnn.top_patches.json``: provenance: the SHA-256 of the
      archive, the model and the ``.npz``, the command line, the date, the
      filterviz version and the number of images.

    The same model and archive give byte-identical files.

    Parameters
    ----------
    model_path : str or os.PathLike, optional
        A ``.keras`` file (default: the shipped model, SHA-256 checked).
    output_dir : str or os.PathLike
        Where to write (default: the package's ``models/`` folder).
    archive : str or os.PathLike, optional
        The CIFAR-10 archive; see :func:`filterviz.cifar10.cifar10_folder`.
    cache_dir : str or os.PathLike, optional
        Where to extract it; see :func:`filterviz.cifar10.cifar10_folder`.
    k : int, default 9
        Patches per filter.
    argv : list of str, optional
        The command line's arguments, recorded in the sidecar.

    Returns
    -------
    dict
        The sidecar's contents.
    """
    import keras

    import filterviz
    from filterviz import exemplars, shipped
    from filterviz import model as fv_model

    if model_path is None:
        model_path = shipped.MODELS_DIR / f"{MODEL_NAME}.keras"
        model = shipped.load(MODEL_NAME)
        model_sidecar = shipped.sidecar(MODEL_NAME)
    else:
        model = shipped.load(model_path)
        model_sidecar = {}
    folder = cifar10.cifar10_folder(archive, cache_dir)
    archive_path = cifar10.archive_path(archive)
    test = folder / "test"
    images, labels, _ = data.load_image_folder(test)
    listing = keras.utils.image_dataset_from_directory(
        test, labels="inferred", shuffle=False, batch_size=1024, image_size=(32, 32), verbose=False
    )
    names = np.array(
        [Path(p).relative_to(folder).as_posix() for p in listing.file_paths], dtype=np.str_
    )
    if len(names) != len(images):
        raise ValueError(f"{test}: {len(names)} files listed but {len(images)} images read")

    arrays, layers_written = {}, []
    convs = fv_model.conv_layers(model)
    depths = list(range(1, len(convs) + 1))
    chosen_filters = [page_filters(model, depth).tolist() for depth in depths]
    # One forward pass per batch gives every depth's patches.
    every_depth = exemplars.top_patches(model, depths, images, filters=chosen_filters, k=k)
    for depth, layer, found in zip(depths, convs, every_depth, strict=True):
        key = layer.name
        arrays[f"{key}/patches"] = np.round(found.patches * 255).astype(np.uint8)
        arrays[f"{key}/values"] = found.values.astype(np.float32)
        arrays[f"{key}/images"] = found.images.astype(np.int64)
        arrays[f"{key}/names"] = names[found.images]
        arrays[f"{key}/positions"] = found.positions.astype(np.int64)
        arrays[f"{key}/windows"] = found.windows.astype(np.int64)
        arrays[f"{key}/filters"] = found.filters.astype(np.int64)
        layers_written.append(
            {"layer": key, "depth": depth, "filters": found.filters.tolist(),
             "patch_size": list(found.patches.shape[2:4])}
        )

    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    npz_path = output_dir / f"{MODEL_NAME}.top_patches.npz"
    _write_npz(npz_path, arrays)
    arguments = list(sys.argv[1:] if argv is None else argv)
    sidecar = {
        "file": npz_path.name,
        "sha256": sha256_file(npz_path),
        "what": (
            f"for each filter the layer-depth pages show, the {k} CIFAR-10 test images whose "
            "strongest response (after ReLU) is highest, each cut at the receptive field of "
            "its strongest output pixel (filterviz.exemplars.top_patches); pixels in the "
            "padding are grey (128)"
        ),
        "model": Path(model_path).name,
        "model_sha256": sha256_file(model_path),
        "archive": archive_path.name,
        "archive_sha256": sha256_file(archive_path),
        "images": int(len(images)),
        "test_sha256": _fingerprint(images, labels),
        "k": k,
        "layers": layers_written,
        "command": " ".join(["python -m filterviz.train top-patches", *arguments]).strip(),
        "date": _date(model_sidecar),
        "filterviz": filterviz.__version__,
    }
    (output_dir / f"{MODEL_NAME}.top_patches.json").write_text(
        json.dumps(sidecar, indent=2) + "\n"
    )
    return sidecar


def _top_patches_main(argv) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m filterviz.train top-patches",
        description="Compute the top-9 CIFAR-10 test patches of the filters the layer-depth "
        "pages show, and write them next to the model.",
    )
    parser.add_argument("--model", default=None, help="a .keras file (default: the shipped one)")
    parser.add_argument("--output-dir", default=str(DEFAULT_OUTPUT), help="where to write")
    parser.add_argument("--archive", default=None, help="path to cifar10-jpeg.tar.gz")
    parser.add_argument("--cache-dir", default=None, help="where to extract the archive")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    sidecar = compute_top_patches(
        model_path=args.model,
        output_dir=args.output_dir,
        archive=args.archive,
        cache_dir=args.cache_dir,
        argv=argv,
    )
    size = (Path(args.output_dir) / sidecar["file"]).stat().st_size
    seconds = time.perf_counter() - started
    print(
        f"top patches of {sum(len(x['filters']) for x in sidecar['layers'])} filters from "
        f"{sidecar['images']} images: {size / 1e6:.2f} MB in {seconds:.0f} s, "
        f"written to {args.output_dir}"
    )
    return 0


def main(argv=None) -> int:
    """Command-line entry point of ``python -m filterviz.train [top-patches]``."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["top-patches"]:
        return _top_patches_main(argv[1:])
    if argv[:1] == ["compare"]:
        from filterviz import comparison

        return comparison.main(argv[1:])
    parser = argparse.ArgumentParser(
        prog="python -m filterviz.train",
        description="Train the CIFAR-10 CNN that ships with filterviz.",
    )
    parser.add_argument("--output-dir", default=str(DEFAULT_OUTPUT), help="where to write")
    parser.add_argument("--epochs", type=int, default=18)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--learning-rate", type=float, default=0.1)
    parser.add_argument("--archive", default=None, help="path to cifar10-jpeg.tar.gz")
    parser.add_argument("--train-limit", type=int, default=None, help="images per class")
    parser.add_argument(
        "--first-kernel", type=int, default=3, help="the first layer's kernel size (odd)"
    )
    parser.add_argument(
        "--grey", action="store_true", help="train on the images in greyscale (3 equal channels)"
    )
    parser.add_argument("--name", default=None, help="the output files' stem")
    args = parser.parse_args(argv)
    sidecar = train(
        first_kernel=args.first_kernel,
        grey=args.grey,
        name=args.name,
        output_dir=args.output_dir,
        epochs=args.epochs,
        batch_size=args.batch_size,
        seed=args.seed,
        learning_rate=args.learning_rate,
        archive=args.archive,
        train_limit=args.train_limit,
    )
    print(
        f"test accuracy {sidecar['test_accuracy']:.4f}, "
        f"training {sidecar['training_seconds']:.0f} s, written to {args.output_dir}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
