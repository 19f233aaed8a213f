"""The networks that ship inside filterviz: how they are built, loaded safely and described.

- :func:`build_cifar10_cnn` builds the architecture that ``python -m
  filterviz.train`` trains;
- :func:`load` loads a shipped network by name, checking its SHA-256 against
  its sidecar, or a user's ``.keras`` file, always with ``safe_mode=True``;
  :func:`check_file` refuses a file that cannot be a Keras 3 model without
  importing Keras;
- :func:`sidecar` and :func:`snapshots` read how a shipped network was made
  and its first layer after every epoch;
- :func:`top_patches` reads the CIFAR-10 test patches that excite the
  filters of the layer-depth pages most, checked against the shipped model;
- :func:`colour_vs_grey` reads the comparison of the 5×5 network trained in
  colour and in grey.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path
from typing import NamedTuple

import numpy as np

from filterviz import _validate

__all__ = [
    "CIFAR10_CNN_DESCRIPTION",
    "MODELS_DIR",
    "SHIPPED",
    "ShippedPatches",
    "FIRST_KERNELS",
    "build_cifar10_cnn",
    "check_file",
    "colour_vs_grey",
    "describe_cifar10_cnn",
    "load",
    "sha256_file",
    "sidecar",
    "snapshots",
    "top_patches",
]

MODELS_DIR = Path(__file__).resolve().parent / "models"
#: Names of the models that ship inside the package.
SHIPPED = ("cifar10_cnn", "cifar10_cnn5x5")

#: The shipped networks' first-layer kernel sizes, by name. ``cifar10_cnn``
#: serves the layer-depth pages, the explorer and the command line;
#: ``cifar10_cnn5x5`` is the same network with a 5×5 first layer, large
#: enough for a learned filter to show a stripe or a blob.
FIRST_KERNELS = {"cifar10_cnn": 3, "cifar10_cnn5x5": 5}


def describe_cifar10_cnn(first_kernel: int = 3, grey: bool = False) -> str:
    """Return the one-paragraph description of :func:`build_cifar10_cnn`'s network.

    Parameters
    ----------
    first_kernel : int, default 3
        The first layer's kernel size.
    grey : bool, default False
        Whether the network was trained on greyscale images (the three
        channels equal).

    Returns
    -------
    str

    Examples
    --------
    >>> import filterviz
    >>> filterviz.shipped.describe_cifar10_cnn(5)[:57]
    'Four convolutional layers (32, 64, 128, 256 filters; 5x5 '
    """
    first_kernel = _validate.odd_int(first_kernel, "first_kernel")
    kernels = "3x3" if first_kernel == 3 else f"{first_kernel}x{first_kernel} then 3x3"
    images = (
        "greyscale images (ITU-R 601 luminance in all three channels)"
        if grey
        else "32x32 RGB in [0, 1]"
    )
    return (
        f"Four convolutional layers (32, 64, 128, 256 filters; {kernels} kernels), each "
        "with bias and ReLU, followed by batch normalisation; 2x2 max-pooling after the "
        f"first three; global average pooling and a 10-way softmax. Input: {images}."
    )


CIFAR10_CNN_DESCRIPTION = describe_cifar10_cnn(3)


def build_cifar10_cnn(seed: int = 0, first_kernel: int = 3):
    """Build the (untrained) CIFAR-10 CNN that filterviz ships.

    Four convolutional blocks at increasing depth, each ``Conv2D`` with bias
    and ReLU (so its output is a filter's response, as on the hand-made
    pages), then batch normalisation; max-pooling halves the size after the
    first three. The layers after the first are 3×3. With a 3×3 first layer
    (``cifar10_cnn``) the receptive fields are 3, 8, 18 and 38 pixels; with a
    5×5 one (``cifar10_cnn5x5``) 5, 10, 20 and 40.

    Parameters
    ----------
    seed : int, default 0
        Seed of the weight initialisers.
    first_kernel : int, default 3
        The first layer's kernel size, odd.

    Returns
    -------
    keras.Model
        Layers ``conv1`` ... ``conv4``, ``norm1`` ... ``norm4``, ``pool1`` ...
        ``pool3``, ``gap`` and ``predictions``.

    Raises
    ------
    ValueError
        If `first_kernel` is not a positive odd int.
    """
    first_kernel = _validate.odd_int(first_kernel, "first_kernel")
    import keras

    inputs = keras.Input((32, 32, 3), name="image")
    x = inputs
    for depth, width in enumerate((32, 64, 128, 256), start=1):
        x = keras.layers.Conv2D(
            width,
            first_kernel if depth == 1 else 3,
            padding="same",
            activation="relu",
            kernel_initializer=keras.initializers.HeNormal(seed=seed + depth),
            name=f"conv{depth}",
        )(x)
        x = keras.layers.BatchNormalization(name=f"norm{depth}")(x)
        if depth < 4:
            x = keras.layers.MaxPooling2D(name=f"pool{depth}")(x)
    x = keras.layers.GlobalAveragePooling2D(name="gap")(x)
    outputs = keras.layers.Dense(
        10,
        activation="softmax",
        kernel_initializer=keras.initializers.GlorotUniform(seed=seed + 10),
        name="predictions",
    )(x)
    name = "cifar10_cnn" if first_kernel == 3 else f"cifar10_cnn{first_kernel}x{first_kernel}"
    return keras.Model(inputs, outputs, name=name)


def _shipped_file(name: str, suffix: str, what: str) -> Path:
    """Return the path of a shipped model's file, checking the name and that the file exists."""
    _validate.choice(name, "name", SHIPPED)
    path = MODELS_DIR / f"{name}{suffix}"
    if not path.is_file():
        raise FileNotFoundError(
            f"the {what} {str(path)!r} is missing; train the model with 'python -m filterviz.train'"
        )
    return path


def sidecar(name: str = "cifar10_cnn") -> dict:
    """Return the JSON sidecar that records how a shipped model was made.

    Parameters
    ----------
    name : str, default "cifar10_cnn"
        A name from :data:`SHIPPED`.

    Returns
    -------
    dict
        Architecture, seed, epochs, data fingerprint, test accuracy,
        training time, machine and the model file's SHA-256.

    Raises
    ------
    ValueError
        If `name` is not a shipped model.
    FileNotFoundError
        If the sidecar is missing from the installed package.
    """
    return json.loads(_shipped_file(name, ".json", "sidecar").read_text())


def snapshots(name: str = "cifar10_cnn") -> dict:
    """Return the first layer's weights recorded before training and after each epoch.

    Parameters
    ----------
    name : str, default "cifar10_cnn"
        A name from :data:`SHIPPED`.

    Returns
    -------
    dict
        ``"kernel"``: ``(epochs + 1, k, k, 3, filters)`` for a first layer of
        ``k``×``k`` kernels; ``"bias"``:
        ``(epochs + 1, filters)``; ``"epoch"``: ``0 ... epochs`` (0 is the
        initialisation).

    Raises
    ------
    ValueError
        If `name` is not a shipped model.
    FileNotFoundError
        If the snapshot file is missing.
    """
    with np.load(_shipped_file(name, "_conv1_epochs.npz", "snapshot file")) as archive:
        return {key: archive[key] for key in archive.files}


_TOP_PATCHES_COMMAND = "python -m filterviz.train top-patches"


def _check_made_for(path: Path, record: dict, made_with, name: str, what: str, command: str):
    """Refuse shipped data made for another model file than the shipped `name`, or damaged.

    `made_with` is the model SHA-256 its sidecar `record` names; ``record["sha256"]``
    is the data file's own.
    """
    model_sha = sha256_file(_shipped_file(name, ".keras", "shipped model file"))
    if made_with != model_sha:
        raise ValueError(
            f"the shipped {what} {str(path)!r} are stale: they were made for the model with "
            f"SHA-256 {made_with}, but the shipped {name!r} has {model_sha}; make them again "
            f"with '{command}'"
        )
    if record.get("sha256") != sha256_file(path):
        raise ValueError(
            f"the shipped {what} {str(path)!r} fail their SHA-256 check (expected "
            f"{record.get('sha256')}): the file is damaged or was replaced; make it again "
            f"with '{command}'"
        )


class ShippedPatches(NamedTuple):
    """The shipped top patches of one layer, filter by filter (axis 0), strongest first (axis 1).

    The fields of :class:`filterviz.exemplars.TopPatches`, with `patches` as
    float32 in [0, 1] (padding grey 0.5), plus `names`: the file of each image
    in the CIFAR-10 archive, such as ``"test/cat/0001.jpg"``.
    """

    patches: np.ndarray
    values: np.ndarray
    images: np.ndarray
    names: np.ndarray
    positions: np.ndarray
    windows: np.ndarray
    filters: np.ndarray


def top_patches(layer, filters=None, name: str = "cifar10_cnn") -> ShippedPatches:
    """Return the shipped CIFAR-10 test patches that excite a layer's filters most.

    ``python -m filterviz.train top-patches`` computes them with
    :func:`filterviz.exemplars.top_patches` from the 10,000 test images, for
    the filters the layer-depth pages show, and records in a sidecar the
    SHA-256 of the model they were computed with. That is checked against
    the shipped model here, so patches of an older model are never shown.

    Parameters
    ----------
    layer : str or int
        The convolution's name (``"conv1"`` ...) or depth (1 ...).
    filters : sequence of int, optional
        Which filters, in this order (default: all that ship, in their order).
    name : str, default "cifar10_cnn"
        A name from :data:`SHIPPED`.

    Returns
    -------
    ShippedPatches
        Patches, responses, image indices and files, output pixels, window
        corners and filter indices.

    Raises
    ------
    ValueError
        If `name` is not a shipped model, `layer` has no shipped patches, a
        filter was not shipped, or the patches are stale: computed for
        another model file than the shipped one, or damaged.
    FileNotFoundError
        If the patches or their sidecar are missing.

    Examples
    --------
    >>> import filterviz
    >>> found = filterviz.shipped.top_patches("conv1", filters=[6])
    >>> found.patches.shape, found.names.shape
    ((1, 9, 3, 3, 3), (1, 9))
    """
    npz = _shipped_file(name, ".top_patches.npz", "top-patches file")
    record = json.loads(_shipped_file(name, ".top_patches.json", "top-patches sidecar").read_text())
    _check_made_for(npz, record, record.get("model_sha256"), name, "top patches",
                    _TOP_PATCHES_COMMAND)  # fmt: skip
    shipped_layers = {entry["layer"]: entry["depth"] for entry in record["layers"]}
    by_depth = {depth: key for key, depth in shipped_layers.items()}
    if isinstance(layer, str) and layer in shipped_layers:
        key = layer
    elif isinstance(layer, (int, np.integer)) and not isinstance(layer, bool) and layer in by_depth:
        key = by_depth[int(layer)]
    else:
        raise ValueError(
            f"layer must be one of {', '.join(map(repr, shipped_layers))} or a depth from 1 to "
            f"{len(shipped_layers)}; got {layer!r}"
        )
    with np.load(npz, allow_pickle=False) as archive:
        arrays = {field: archive[f"{key}/{field}"] for field in ShippedPatches._fields}
    arrays["patches"] = arrays["patches"].astype(np.float32) / np.float32(255.0)
    if filters is not None:
        wanted = np.asarray(filters)
        if wanted.ndim != 1 or wanted.size == 0 or not np.issubdtype(wanted.dtype, np.integer):
            raise ValueError(f"filters must be a non-empty list of integers; got {filters!r}")
        where = {int(f): row for row, f in enumerate(arrays["filters"])}
        missing = [int(f) for f in wanted if int(f) not in where]
        if missing:
            raise ValueError(
                f"filters {missing} of layer {key!r} have no shipped patches; shipped are "
                f"{arrays['filters'].tolist()}"
            )
        rows = [where[int(f)] for f in wanted]
        arrays = {field: value[rows] for field, value in arrays.items()}
    return ShippedPatches(**arrays)


_COMPARE_COMMAND = "python -m filterviz.train compare"


def colour_vs_grey() -> dict:
    """Return the shipped comparison of the 5×5 network trained in colour and in grey.

    Made by ``python -m filterviz.train compare`` (see
    :mod:`filterviz.comparison`) and checked against the shipped
    ``cifar10_cnn5x5`` model.

    Returns
    -------
    dict
        ``"sidecar"``: the statistics and their provenance;
        ``"grey_kernel"``: the grey network's first-layer kernel
        ``(epochs + 1, 5, 5, 3, 32)`` before training and after every epoch,
        and ``"grey_bias"``; ``"first_layer_mean"``: a dict from (network,
        image set) pairs such as ``("colour", "grey")`` to that network's
        first-layer mean response filter by filter on those images.

    Raises
    ------
    ValueError
        If the files are stale (made for another colour model than the
        shipped one) or damaged.
    FileNotFoundError
        If they are missing.

    Examples
    --------
    >>> import filterviz
    >>> found = filterviz.shipped.colour_vs_grey()
    >>> found["grey_kernel"].shape[1:]
    (5, 5, 3, 32)
    """
    from filterviz import comparison

    folder = MODELS_DIR
    npz = folder / f"{comparison.OUTPUT_NAME}.npz"
    record_path = folder / f"{comparison.OUTPUT_NAME}.json"
    for path in (npz, record_path):
        if not path.is_file():
            raise FileNotFoundError(
                f"the comparison file {str(path)!r} is missing; make it with '{_COMPARE_COMMAND}'"
            )
    record = json.loads(record_path.read_text())
    made_with = record.get("colour_model", {}).get("sha256")
    _check_made_for(npz, record, made_with, comparison.COLOUR_MODEL, "comparison",
                    _COMPARE_COMMAND)  # fmt: skip
    with np.load(npz, allow_pickle=False) as archive:
        means = {
            (network, images): archive[f"{network}/{images}/first_layer_mean"]
            for network in ("colour", "grey")
            for images in comparison.IMAGE_SETS
        }
        return {
            "sidecar": record,
            "grey_kernel": archive["grey/kernel"],
            "grey_bias": archive["grey/bias"],
            "first_layer_mean": means,
        }


def check_file(path) -> Path:
    """Refuse a file that cannot be a Keras 3 model, from its name and zip directory alone.

    Runs without importing Keras or TensorFlow, so a wrong file is refused
    at once. Each kind of file a user is likely to have gets the hint that is
    right for it: a weights-only ``.weights.h5`` file cannot be loaded
    without the code that builds its architecture; an older ``.h5`` model is
    converted through Keras; a TensorFlow SavedModel folder is not a Keras 3
    model. An archive whose member paths leave its root, or repeat, is
    refused as damaged before Keras unpacks it.

    Parameters
    ----------
    path : str or os.PathLike
        The file.

    Returns
    -------
    pathlib.Path
        The path, when it looks like a Keras 3 ``.keras`` archive.

    Raises
    ------
    FileNotFoundError
        If there is no such file.
    ValueError
        If it is not a ``.keras`` archive, saying what it is instead.
    """
    path = Path(os.fspath(path))
    shown = str(path)
    if not path.exists():
        names = ", ".join(map(repr, SHIPPED))
        raise FileNotFoundError(
            f"model: no such file {shown!r} (and not a shipped model name: {names})"
        )
    if path.is_dir():
        if (path / "saved_model.pb").exists():
            raise ValueError(
                f"model {shown!r} is a TensorFlow SavedModel folder, which Keras 3 cannot load "
                "as a model: save it as .keras from the code that builds it (model.save('x.keras'))"
            )
        raise ValueError(f"model must be a .keras file; {shown!r} is a folder")
    name = path.name.lower()
    if name.endswith(".weights.h5"):
        raise ValueError(
            f"model {shown!r} holds weights only, not the architecture: build the model in "
            "Python, call model.load_weights(path), and pass the model itself (or save it "
            "with model.save('x.keras'))"
        )
    if path.suffix.lower() in (".h5", ".hdf5"):
        raise ValueError(
            f"model {shown!r} is a legacy HDF5 file; filterviz reads Keras 3 '.keras' files: "
            "convert it once with keras.saving.load_model(path).save('x.keras')"
        )
    if path.suffix != ".keras":
        raise ValueError(
            f"model must be a Keras 3 '.keras' file; got {shown!r} "
            "(convert older .h5 files with keras.saving.load_model and model.save)"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        raise ValueError(
            f"model {shown!r} is not a Keras model file (not a .keras archive)"
        ) from None
    outside = [
        member
        for member in members
        if member.startswith(("/", "\\")) or ".." in member.replace("\\", "/").split("/")
        or ":" in member
    ]
    if outside:
        raise ValueError(
            f"model {shown!r} is damaged: its archive holds {len(outside)} member path(s) "
            f"outside its root, such as {outside[0]!r}; it was not loaded"
        )
    if len(set(members)) != len(members):
        raise ValueError(f"model {shown!r} is damaged: its archive repeats member names")
    if "config.json" not in members:
        raise ValueError(f"model {shown!r} is not a Keras 3 model: its archive has no config.json")
    return path


def load(model="cifar10_cnn"):
    """Load a Keras model safely: the shipped one by name, or a ``.keras`` file.

    Parameters
    ----------
    model : str, os.PathLike or keras.Model, default "cifar10_cnn"
        A name from :data:`SHIPPED` (its SHA-256 is checked against its
        sidecar before loading), a path to a ``.keras`` file, or a model,
        returned as it is.

    Returns
    -------
    keras.Model
        Loaded with ``safe_mode=True`` and without compiling.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If the file is not a Keras model (wrong format or corrupt), fails its
        SHA-256 check, or needs unsafe deserialisation (for example a
        ``Lambda`` layer).
    TypeError
        If `model` is neither a name, a path nor a model.

    Examples
    --------
    >>> import filterviz
    >>> model = filterviz.shipped.load("cifar10_cnn")  # doctest: +SKIP
    >>> [layer.name for layer in filterviz.model.conv_layers(model)]  # doctest: +SKIP
    ['conv1', 'conv2', 'conv3', 'conv4']
    """
    import keras

    if isinstance(model, keras.Model):
        return model
    if not isinstance(model, (str, os.PathLike)):
        raise TypeError(
            "model must be a shipped model's name, a path to a .keras file or a keras.Model; "
            f"got {type(model).__name__}"
        )
    expected_sha = None
    if isinstance(model, str) and model in SHIPPED:
        path = _shipped_file(model, ".keras", "shipped model file")
        expected_sha = sidecar(model)["sha256"]
    else:
        path = check_file(model)
    if expected_sha is not None and sha256_file(path) != expected_sha:
        raise ValueError(
            f"the shipped model {str(path)!r} fails its SHA-256 check (expected {expected_sha}); "
            "the file is damaged or was replaced: reinstall filterviz or retrain"
        )
    try:
        loaded = keras.saving.load_model(path, compile=False, safe_mode=True)
    except Exception as error:  # noqa: BLE001 - turned into one clear message
        text = str(error)
        if "safe_mode" in text or "unsafe" in text.lower() or "lambda" in text.lower():
            raise ValueError(
                f"model {str(path)!r} needs unsafe deserialisation (it holds Python code, such "
                "as a Lambda layer), which filterviz refuses. If you trust the file, load it "
                "with keras.saving.load_model(path, safe_mode=False) and pass the model itself."
            ) from None
        first_line = text.strip().splitlines()[0] if text.strip() else type(error).__name__
        raise ValueError(
            f"model {str(path)!r} could not be loaded as a Keras model: {first_line}"
        ) from None
    if not isinstance(loaded, keras.Model):
        raise ValueError(f"model {str(path)!r} holds a {type(loaded).__name__}, not a model")
    return loaded



def sha256_file(path) -> str:
    """Return the SHA-256 hex digest of a file.

    Parameters
    ----------
    path : str or os.PathLike
        The file.

    Returns
    -------
    str
        64 hexadecimal digits.
    """
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
