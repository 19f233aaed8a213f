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

    Returns
    -------
    dict
        The sidecar's contents.
    """
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
    load_seconds = time.perf_counter() - started

    model = fv_model.build_cifar10_cnn(seed=seed)
    steps_per_epoch = -(-len(x_train) // batch_size)
    warmup = 2 * steps_per_epoch
    schedule = keras.optimizers.schedules.CosineDecay(
        initial_learning_rate=learning_rate / 10,
        decay_steps=max(epochs * steps_per_epoch - warmup, 1),
        alpha=0.0,
        warmup_target=learning_rate,
        warmup_steps=warmup,
    )
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
    plain = fv_model.build_cifar10_cnn(seed=seed)
    plain.set_weights(model.get_weights())
    model_path = output_dir / f"{MODEL_NAME}.keras"
    plain.save(model_path)
    np.savez_compressed(
        output_dir / f"{MODEL_NAME}_conv1_epochs.npz",
        kernel=np.stack(snapshots_kernel).astype(np.float32),
        bias=np.stack(snapshots_bias).astype(np.float32),
        epoch=np.arange(epochs + 1),
    )
    sidecar = {
        "model": f"{MODEL_NAME}.keras",
        "sha256": sha256_file(model_path),
        "description": fv_model.CIFAR10_CNN_DESCRIPTION,
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
            "filterviz.data.load_image_folder",
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
    (output_dir / f"{MODEL_NAME}.json").write_text(json.dumps(sidecar, indent=2) + "\n")
    return sidecar


def main(argv=None) -> int:
    """Command-line entry point of ``python -m filterviz.train``."""
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
    args = parser.parse_args(argv)
    sidecar = train(
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
