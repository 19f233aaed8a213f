"""Keras models: the shipped CIFAR-10 CNN, and looking inside any model.

Every function that inspects a model takes any Keras model a user brings
(Functional or Sequential, built) and a ``layer``: the name of a ``Conv2D``
layer, or its *depth*, counting convolutional layers from 1 (the first) and
from -1 (the deepest).

- :func:`load` loads the shipped model (checking its SHA-256) or a ``.keras``
  file, always with ``safe_mode=True``;
- :func:`conv_layers`, :func:`conv_layer`, :func:`filters`,
  :func:`feature_maps` and :func:`receptive_field` look at one layer;
- :func:`maximize_activation` finds, for all filters of a layer at once, an
  input that excites each filter most;
- :func:`nearest_kernels` names the hand-made kernel closest to each learned
  first-layer filter;
- :func:`ablate` switches filters off; :func:`occlusion_sensitivity` maps
  which parts of an image a prediction depends on.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from filterviz import _validate, layers
from filterviz import kernels as fv_kernels
from filterviz import preprocess as fv_preprocess

__all__ = [
    "CIFAR10_CNN_DESCRIPTION",
    "SHIPPED",
    "ablate",
    "build_cifar10_cnn",
    "conv_layer",
    "conv_layers",
    "feature_maps",
    "filters",
    "load",
    "maximize_activation",
    "nearest_kernels",
    "occlusion_sensitivity",
    "receptive_field",
    "sidecar",
    "snapshots",
]

MODELS_DIR = Path(__file__).resolve().parent / "models"
#: Names of the models that ship inside the package.
SHIPPED = ("cifar10_cnn",)

CIFAR10_CNN_DESCRIPTION = (
    "Four 3x3 convolutional layers (32, 64, 128, 256 filters), each with bias and ReLU, "
    "followed by batch normalisation; 2x2 max-pooling after the first three; global "
    "average pooling and a 10-way softmax. Input: 32x32 RGB in [0, 1]."
)


def build_cifar10_cnn(seed: int = 0):
    """Build the (untrained) CIFAR-10 CNN that filterviz ships.

    Four convolutional blocks at increasing depth, each ``Conv2D`` 3×3 with
    bias and ReLU (so its output is a filter's response, as on the hand-made
    pages), then batch normalisation; max-pooling halves the size after the
    first three, so the receptive fields are 3, 8, 18 and 38 pixels.

    Parameters
    ----------
    seed : int, default 0
        Seed of the weight initialisers.

    Returns
    -------
    keras.Model
        Layers ``conv1`` ... ``conv4``, ``norm1`` ... ``norm4``, ``pool1`` ...
        ``pool3``, ``gap`` and ``predictions``.
    """
    import keras

    inputs = keras.Input((32, 32, 3), name="image")
    x = inputs
    for depth, width in enumerate((32, 64, 128, 256), start=1):
        x = keras.layers.Conv2D(
            width,
            3,
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
    return keras.Model(inputs, outputs, name="cifar10_cnn")


def _shipped_file(name: str, suffix: str, what: str) -> Path:
    """Return the path of a shipped model's file, checking the name and that the file exists."""
    if name not in SHIPPED:
        raise ValueError(f"name must be one of {', '.join(map(repr, SHIPPED))}; got {name!r}")
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
        ``"kernel"``: ``(epochs + 1, 3, 3, 3, filters)``; ``"bias"``:
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
    >>> model = filterviz.model.load("cifar10_cnn")  # doctest: +SKIP
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
    from filterviz.train import sha256_file

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


#: The Keras backends filterviz runs and tests on.
BACKENDS = ("tensorflow", "jax")


def _check_backend() -> str:
    """Return Keras' backend, or refuse one that filterviz has not been tested on."""
    import keras

    backend = keras.backend.backend()
    if backend not in BACKENDS:
        raise RuntimeError(
            f"filterviz runs on the Keras backends {', '.join(BACKENDS)}; KERAS_BACKEND is "
            f"{backend!r}: set KERAS_BACKEND=tensorflow (or jax) before Keras is imported"
        )
    return backend


def _check_model(model):
    import keras

    _check_backend()
    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a keras.Model; got {type(model).__name__}")
    try:
        inputs = model.inputs
    except (AttributeError, ValueError):
        inputs = None
    if not inputs:
        raise ValueError(
            "model has no defined input: build it with keras.Input or call it on data first"
        )
    if len(inputs) != 1:
        raise ValueError(f"model must have one input; it has {len(inputs)}")
    return model


def _call(model, inputs):
    """Run `model` on one input batch, in the structure it was built with (a tensor or a list)."""
    structure = getattr(model, "_inputs_struct", None)
    if isinstance(structure, (list, tuple)) and len(structure) == 1:
        inputs = [inputs]
    return model(inputs, training=False)


def _output_index(model, output) -> int:
    """Return the index of the model output `output` names; None is fine for one output."""
    names = list(getattr(model, "output_names", None) or [])
    count = len(model.outputs)
    if output is None:
        if count == 1:
            return 0
        raise ValueError(
            f"model {model.name!r} has {count} outputs ({', '.join(names)}): pass output= "
            "with the index or name of the one to measure"
        )
    if isinstance(output, str):
        if output in names:
            return names.index(output)
        raise ValueError(f"output {output!r} is not one of the model's outputs: {', '.join(names)}")
    if isinstance(output, bool) or not isinstance(output, (int, np.integer)):
        raise TypeError(f"output must be an index (int) or a name (str); got {output!r}")
    if not 0 <= int(output) < count:
        raise ValueError(f"output must be from 0 to {count - 1}; got {output!r}")
    return int(output)


def conv_layers(model) -> list:
    """Return the model's 2-D convolutions in depth order, nested models included.

    ``Conv2D`` (with ``groups``), ``DepthwiseConv2D``, ``SeparableConv2D`` and
    ``Conv2DTranspose``; see :func:`filterviz.layers.conv_layers`.

    Parameters
    ----------
    model : keras.Model
        Any built Keras model with one input.

    Returns
    -------
    list of keras.layers.Layer
        Depth 1 first.

    Raises
    ------
    TypeError
        If `model` is not a Keras model.
    ValueError
        If it has no defined input, no 2-D convolution, or uses the
        ``channels_first`` layout.
    """
    _check_model(model)
    return layers.conv_layers(model)


def conv_layer(model, layer):
    """Find one convolutional layer by name, path through nested models, or depth.

    Parameters
    ----------
    model : keras.Model
        Any built Keras model.
    layer : str or int
        The layer's name, its path through nested models
        (``"mobilenetv2_1.00_64/Conv1"``), or its depth among the
        convolutional layers: 1 is the first, -1 the deepest.

    Returns
    -------
    keras.layers.Layer
        The layer.

    Raises
    ------
    ValueError
        If no convolutional layer has that name, path or depth (the message
        lists the valid ones), or the named layer is not convolutional.
    TypeError
        If `layer` is neither a string nor an integer.
    """
    _check_model(model)
    return layers.find(model, layer)


def filters(model, layer) -> tuple[np.ndarray, np.ndarray | None]:
    """Return a convolutional layer's weights and biases as NumPy arrays.

    Every layer type in Keras' ``Conv2D`` layout over all the layer's input
    channels, zeros where a grouped or depthwise filter does not read a
    channel; see :func:`filterviz.layers.weights`.

    Parameters
    ----------
    model : keras.Model
        Any built Keras model.
    layer : str or int
        Name, path or depth; see :func:`conv_layer`.

    Returns
    -------
    weights : numpy.ndarray
        ``(kh, kw, in_channels, filters)``.
    bias : numpy.ndarray or None
        ``(filters,)``, or None for a layer without bias.
    """
    return layers.weights(conv_layer(model, layer))


def _check_fit(model, images, name: str = "images", preprocess="0-1") -> np.ndarray:
    """Check that images fit the model; in [0, 1] unless `preprocess` leaves them as they are."""
    if fv_preprocess.is_identity(preprocess, model):
        array = _validate.images(images, name, unit_range=False)
    else:
        array = _validate.images(images, name, unit_range=False)
        low, high = float(array.min()), float(array.max())
        if low < 0 or high > 1:
            raise ValueError(
                f"{name} must lie in [0, 1] when preprocess scales them "
                f"({fv_preprocess.describe(preprocess, model)}); got values from {low:g} to "
                f"{high:g}: divide 8-bit pixels by 255, or pass preprocess='0-1' to feed "
                "them to the model unchanged"
            )
    expected = tuple(model.inputs[0].shape[1:])
    if len(expected) != 3:
        raise ValueError(
            f"model must take images (height, width, channels); its input is {expected}"
        )
    for axis, (want, got) in enumerate(zip(expected, array.shape[1:], strict=True)):
        if want is not None and want != got:
            what = ("height", "width", "channels")[axis]
            raise ValueError(
                f"{name} have shape {array.shape[1:]} but the model expects {expected} "
                f"(the {what} differs: {got} instead of {want})"
            )
    return array


def feature_maps(model, layer, images, batch_size: int = 256, *, preprocess="auto"):
    """Return a convolutional layer's output for a batch of images.

    The layer's output is what its filters give after the layer's own bias and
    activation, exactly as the model computes it (inference mode). Given a
    list of layers, one forward pass gives all of them.

    Parameters
    ----------
    model : keras.Model
        Any built Keras model with one image input.
    layer : str, int or list of them
        Name, path or depth; see :func:`conv_layer`. A list gives a list of
        arrays, one per layer, from one forward pass.
    images : array_like
        Float batch ``(N, H, W, C)`` that fits the model's input.
    batch_size : int, default 256
        Images per forward pass.
    preprocess : str or callable, default "auto", keyword-only
        How images become the model's input; see :mod:`filterviz.preprocess`.
        With any scaling the images must lie in [0, 1].

    Returns
    -------
    numpy.ndarray or list of numpy.ndarray
        Float32 ``(N, H', W', filters)``, one per layer for a list.

    Raises
    ------
    ValueError
        If the images' size or channels do not fit the model, or as
        :func:`conv_layer`.

    Examples
    --------
    >>> import keras, numpy as np
    >>> import filterviz
    >>> model = keras.Sequential([
    ...     keras.Input((8, 8, 1)),
    ...     keras.layers.Conv2D(1, 3, kernel_initializer="ones", name="a"),
    ...     keras.layers.Conv2D(1, 3, kernel_initializer="ones", name="b"),
    ... ])
    >>> first, second = filterviz.model.feature_maps(model, ["a", "b"], np.ones((1, 8, 8, 1)))
    >>> float(first[0, 0, 0, 0]), float(second[0, 0, 0, 0])
    (9.0, 81.0)
    """
    several = isinstance(layer, (list, tuple))
    for item in layer if several else [layer]:
        conv_layer(model, item)  # checks the model and each layer first
    scale, _ = fv_preprocess.resolve(preprocess, model)
    array = _check_fit(model, images, preprocess=preprocess)
    batch_size = _validate.positive_int(batch_size, "batch_size")
    results = _predict(layers.submodel(model, layer), array, batch_size, scale)
    results = [part.astype(np.float32, copy=False) for part in results]
    return results if several else results[0]


def _predict(sub_model, array, batch_size, scale) -> list[np.ndarray]:
    """Run `sub_model` over `array` in batches; return one NumPy array per output.

    One batch runs eagerly (no tracing, which costs more than the work for the
    handful of images of a page); more go through Keras' compiled ``predict``,
    the path a user's own multi-output model would take.
    """
    import keras

    if len(array) <= batch_size:
        outputs = _call(sub_model, scale(array))
        outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
        return [np.asarray(keras.ops.convert_to_numpy(output)) for output in outputs]
    scaled = keras.ops.convert_to_numpy(scale(array))
    outputs = sub_model.predict(scaled, batch_size=batch_size, verbose=0)
    return [np.asarray(output) for output in (outputs if isinstance(outputs, list) else [outputs])]


def receptive_field(model, layer) -> int:
    """Return how many input pixels, along the rows, one output pixel of a layer sees.

    The size :math:`r_L` of the window given by the recursion in
    :func:`filterviz.receptive.field`, padding included: each layer with a
    kernel or pool of size ``k``, stride ``s`` and dilation ``d`` widens the
    field by ``(k - 1) * d * jump`` and multiplies ``jump`` (the input-pixel
    distance between neighbouring outputs) by ``s``. In a branching model it
    is the widest path's. Which image pixels a given output pixel sees, and
    where the window runs into the padding, is
    :func:`filterviz.receptive.field`.

    Parameters
    ----------
    model : keras.Model
        Any built Keras model with a fixed input size.
    layer : str or int
        Name or depth; see :func:`conv_layer`.

    Returns
    -------
    int
        The receptive field's height (and width, for square kernels).

    Examples
    --------
    >>> import keras
    >>> import filterviz
    >>> model = keras.Sequential([
    ...     keras.Input((32, 32, 3)),
    ...     keras.layers.Conv2D(4, 3, name="a"),
    ...     keras.layers.MaxPooling2D(name="pool"),
    ...     keras.layers.Conv2D(4, 3, name="b"),
    ... ])
    >>> filterviz.model.receptive_field(model, "a"), filterviz.model.receptive_field(model, "b")
    (3, 8)
    """
    from filterviz import receptive

    target = conv_layer(model, layer)
    return receptive.field(model, target.name, (0, 0)).size[0]


def _ascent_functions(sub_model, layer, filter_index, l2, tv, position, learning_rate, scale):
    """Return compiled (step, score) functions for the Keras backend in use.

    ``step(z, shift)`` shifts the batch by ``shift = (rows, columns)``, takes
    one normalised gradient-ascent step on the objective and shifts back;
    ``score(z)`` gives each image's response. Both keep the tensors on the
    backend: only the jitter goes in and only the result comes out, so the
    loop costs little beyond the arithmetic. `sub_model` maps images to the
    layer's input; the response is the layer's convolution plus bias, before
    its activation.
    """
    import keras

    backend = keras.backend.backend()
    index = np.asarray(filter_index, dtype=np.int32)[:, None]
    response = layers.linear_copy(layer)
    ops = keras.ops

    def objective(z):
        x = ops.sigmoid(z)
        activation = response(sub_model(scale(x), training=False))
        # Image k excites filter index[k]: its channel's mean, or one output pixel.
        if position is None:
            per_filter = ops.mean(activation, axis=(1, 2))
        else:
            row, column = position
            if row is None:  # the centre of the layer's output
                row, column = activation.shape[1] // 2, activation.shape[2] // 2
            per_filter = activation[:, row, column, :]
        picked = ops.take_along_axis(per_filter, ops.convert_to_tensor(index), axis=1)[:, 0]
        penalty_l2 = ops.mean(ops.square(x - 0.5), axis=(1, 2, 3))
        penalty_tv = ops.mean(ops.abs(x[:, 1:] - x[:, :-1]), axis=(1, 2, 3)) + ops.mean(
            ops.abs(x[:, :, 1:] - x[:, :, :-1]), axis=(1, 2, 3)
        )
        return picked, picked - l2 * penalty_l2 - tv * penalty_tv

    def update(z, gradient):
        rms = ops.sqrt(ops.mean(ops.square(gradient), axis=(1, 2, 3), keepdims=True)) + 1e-8
        return z + learning_rate * gradient / rms

    if backend == "tensorflow":
        import tensorflow as tf

        @tf.function(reduce_retracing=True)
        def step(z, shift):
            z = tf.roll(z, shift=shift, axis=[1, 2])
            with tf.GradientTape() as tape:
                tape.watch(z)
                picked, score = objective(z)
                total = tf.reduce_sum(score)
            z = update(z, tape.gradient(total, z))
            return tf.roll(z, shift=-shift, axis=[1, 2]), picked

        score = tf.function(lambda z: objective(z)[0], reduce_retracing=True)
        return step, score
    if backend == "jax":
        import jax
        import jax.numpy as jnp

        def total(z):
            picked, score = objective(z)
            return score.sum(), picked

        gradient_of = jax.grad(total, has_aux=True)

        @jax.jit
        def step(z, shift):
            z = jnp.roll(z, shift, axis=(1, 2))
            gradient, picked = gradient_of(z)
            return jnp.roll(update(z, gradient), -shift, axis=(1, 2)), picked

        return step, jax.jit(lambda z: objective(z)[0])
    raise RuntimeError(_check_backend())  # unreachable: _check_model refused other backends


def maximize_activation(
    model,
    layer,
    filters: list[int] | np.ndarray | None = None,
    steps: int = 100,
    learning_rate: float = 0.1,
    jitter: int = 2,
    l2: float = 0.5,
    tv: float = 0.5,
    seed: int = 0,
    image_size: tuple[int, int] | None = None,
    position: str | tuple[int, int] | None = None,
    progress: Callable[[int, int], None] | None = None,
    return_scores: bool = False,
    *,
    preprocess="auto",
):
    """Find, for every filter of a layer at once, an input that excites it most.

    One batched gradient ascent with one input image per filter: image ``k``
    is pushed to raise the mean response of filter ``filters[k]``, taken
    before the layer's activation function (so that a filter whose ReLU is
    silent on the starting image still gets a gradient). Pixels are
    kept in [0, 1] through a sigmoid. Each step shifts the images by a random
    jitter of up to `jitter` pixels (the same shift for the whole batch), and
    the objective subtracts an L2 penalty (distance from grey) and a
    total-variation penalty (pixel-to-pixel change), which favour patterns a
    person can read over high-frequency noise. The gradient is normalised per
    image, so `learning_rate` is the step length in units of the gradient's
    root-mean-square.

    Parameters
    ----------
    model : keras.Model
        Any built Keras model with one image input (TensorFlow or JAX backend).
    layer : str or int
        Name or depth; see :func:`conv_layer`.
    filters : sequence of int, optional
        Which filters (default: all of the layer's filters).
    steps : int, default 100
        Gradient-ascent steps.
    learning_rate : float, default 0.1
        Step length.
    jitter : int, default 2
        Largest random shift per step, in pixels (0: none).
    l2, tv : float, default 0.5
        Weights of the L2 and total-variation penalties (0: none).
    seed : int, default 0
        Seeds the starting noise and the jitter.
    image_size : (int, int), optional
        Height and width of the inputs, needed only when the model's input
        size is not fixed.
    position : None, "center" or (int, int), default None
        What to raise: None, the filter's mean response over all positions
        (a texture that fills the image); ``"center"`` or ``(row, column)``,
        its response at one output pixel (a pattern confined to that pixel's
        receptive field). For a first-layer filter only one position is
        informative: its mean response depends on the image's mean colour
        alone.
    progress : callable, optional
        Called as ``progress(step, steps)`` after each step.
    return_scores : bool, default False
        Also return each filter's mean response (before the activation) at
        the end.
    preprocess : str or callable, default "auto", keyword-only
        How the image in [0, 1] becomes the model's input (see
        :mod:`filterviz.preprocess`); the optimised image itself always stays
        in [0, 1], so the pattern can be shown as it is.

    Returns
    -------
    patterns : numpy.ndarray
        Float32 ``(len(filters), H, W, C)`` in [0, 1].
    scores : numpy.ndarray
        Only with `return_scores`: ``(len(filters),)`` mean responses before
        the activation.

    Raises
    ------
    ValueError
        If a filter index is out of range, or another argument is invalid.
    """
    import keras

    found = conv_layer(model, layer)
    count = layers.filter_count(found)
    if filters is None:
        chosen = np.arange(count)
    else:
        chosen = _validate.numeric_array(filters, "filters")
        if chosen.ndim != 1 or chosen.size == 0 or not np.issubdtype(chosen.dtype, np.integer):
            raise ValueError(f"filters must be a non-empty list of integers; got {filters!r}")
        if chosen.min() < 0 or chosen.max() >= count:
            raise ValueError(
                f"filters must be indices from 0 to {count - 1} (layer {found.name!r} has "
                f"{count} filters); got {chosen.tolist()}"
            )
    steps = _validate.steps(steps)
    if isinstance(jitter, bool) or not isinstance(jitter, (int, np.integer)) or jitter < 0:
        raise ValueError(f"jitter must be a non-negative integer; got {jitter!r}")
    for name, value in (("learning_rate", learning_rate), ("l2", l2), ("tv", tv)):
        if not (isinstance(value, (int, float, np.number)) and np.isfinite(value) and value >= 0):
            raise ValueError(f"{name} must be a non-negative finite number; got {value!r}")
    if isinstance(position, str) and position == "center":
        position = (None, None)
    elif position is not None:
        valid = (
            isinstance(position, (tuple, list))
            and len(position) == 2
            and all(
                isinstance(p, (int, np.integer)) and not isinstance(p, bool) and p >= 0
                for p in position
            )
        )
        out_rows, out_columns = found.output.shape[1], found.output.shape[2]
        if not valid:
            raise ValueError(
                "position must be None, 'center' or (row, column) of non-negative integers; "
                f"got {position!r}"
            )
        if (out_rows is not None and position[0] >= out_rows) or (
            out_columns is not None and position[1] >= out_columns
        ):
            raise ValueError(
                f"position {tuple(position)} is outside the output of layer {found.name!r} ("
                f"{out_rows}x{out_columns} pixels)"
            )
        position = (int(position[0]), int(position[1]))
    shape = tuple(model.inputs[0].shape[1:])
    if image_size is not None:
        height, width = _validate.positive_int(image_size, "image_size", pair=True)
    elif shape[0] is None or shape[1] is None:
        raise ValueError(
            f"the model's input size is not fixed ({shape}); pass image_size=(height, width)"
        )
    else:
        height, width = shape[0], shape[1]
    channels = shape[2]

    sub_model = layers.submodel(model, layer, at="input")
    if image_size is not None and (shape[0], shape[1]) != (height, width):
        inputs = keras.Input((height, width, channels))
        sub_model = keras.Model(inputs, sub_model(inputs))
    scale, _ = fv_preprocess.resolve(preprocess, model)
    step, score = _ascent_functions(
        sub_model, found, chosen, float(l2), float(tv), position, float(learning_rate), scale
    )
    rng = np.random.default_rng(seed)
    start = rng.normal(0.0, 0.1, size=(len(chosen), height, width, channels)).astype(np.float32)
    z = keras.ops.convert_to_tensor(start)
    for index in range(steps):
        shift = rng.integers(-jitter, jitter + 1, size=2) if jitter else np.zeros(2, np.int64)
        z, _ = step(z, keras.ops.convert_to_tensor(shift.astype(np.int32)))
        if progress is not None:
            progress(index + 1, steps)
    patterns = np.asarray(keras.ops.convert_to_numpy(keras.ops.sigmoid(z)), dtype=np.float32)
    if return_scores:
        return patterns, np.asarray(keras.ops.convert_to_numpy(score(z)), dtype=np.float32)
    return patterns


def nearest_kernels(weights, candidates=None) -> list[tuple[str, float]]:
    """Name the hand-made kernel closest to each filter, by cosine similarity.

    Each hand-made kernel is lifted to the filters' channels with
    :func:`filterviz.kernels.to_conv_weights` (``mode="sum"``: the same 2-D
    kernel on every channel; colour kernels as they are) and compared with
    each filter as a flat vector. The cosine is 1 for the same direction, -1
    for the same kernel with opposite sign (which detects the same structure
    with reversed polarity) and 0 for unrelated weights. The closest kernel is
    the one with the largest absolute cosine; its signed cosine is returned.

    Parameters
    ----------
    weights : array_like
        Conv2D weights ``(kh, kw, in_channels, filters)``.
    candidates : sequence of str, optional
        Kernel names to compare with (default: every kernel of matching size
        except the identity).

    Returns
    -------
    list of (str, float)
        For each filter, the nearest kernel's name and the cosine similarity.

    Raises
    ------
    ValueError
        If the weights are not 4-D, no candidate kernel matches their size, or
        a filter is all zeros.

    Examples
    --------
    >>> import filterviz
    >>> planted = filterviz.kernels.to_conv_weights(["sobel_x", "diagonal"])
    >>> [(name, round(cos, 3)) for name, cos in filterviz.model.nearest_kernels(-2 * planted)]
    [('sobel_x', -1.0), ('diagonal', -1.0)]
    """
    array = _validate.weights(weights, "weights").astype(np.float64)
    kh, kw, channels, count = array.shape
    names = (
        [n for n in fv_kernels.names() if n != "identity"]
        if candidates is None
        else list(candidates)
    )
    bank, bank_names = [], []
    for name in names:
        kernel = fv_kernels.get(name)
        if kernel.shape[:2] != (kh, kw) or (kernel.ndim == 3 and kernel.shape[2] != channels):
            continue
        bank.append(fv_kernels.to_conv_weights(name, in_channels=channels)[..., 0].ravel())
        bank_names.append(name)
    if not bank:
        raise ValueError(
            f"no candidate kernel has the weights' size {(kh, kw)} and {channels} channel(s)"
        )
    matrix = np.array(bank, dtype=np.float64)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    flat = array.reshape(-1, count).T
    norms = np.linalg.norm(flat, axis=1, keepdims=True)
    if np.any(norms == 0):
        zero = np.flatnonzero(norms[:, 0] == 0).tolist()
        raise ValueError(f"weights: filter(s) {zero} are all zeros and have no direction")
    cosines = (flat / norms) @ matrix.T
    best = np.argmax(np.abs(cosines), axis=1)
    return [(bank_names[b], float(cosines[i, b])) for i, b in enumerate(best)]


def ablate(model, layer, filters):
    """Return a copy of a model with some filters of one layer switched off.

    The chosen filters' weights and bias are set to zero, so they respond with
    zero everywhere (before the layer's activation). The original model is
    not changed.

    Parameters
    ----------
    model : keras.Model
        Any built Keras model.
    layer : str or int
        Name or depth; see :func:`conv_layer`.
    filters : int or sequence of int
        Indices of the filters to zero.

    Returns
    -------
    keras.Model
        A new model with the same architecture and the changed weights.

    Raises
    ------
    ValueError
        If a filter index is out of range, or as :func:`conv_layer`.
    """
    import keras

    found = conv_layer(model, layer)
    indices = np.atleast_1d(_validate.numeric_array(filters, "filters"))
    count = layers.filter_count(found)
    if (
        indices.ndim != 1
        or indices.size == 0
        or not np.issubdtype(indices.dtype, np.integer)
        or indices.min() < 0
        or indices.max() >= count
    ):
        raise ValueError(
            f"filters must be indices from 0 to {count - 1} (layer {found.name!r} has {count} "
            f"filters); got {filters!r}"
        )
    copy = keras.models.clone_model(model)
    copy.set_weights(model.get_weights())
    layers.silence(layers.same_layer(copy, model, layer), indices)
    return copy


def occlusion_sensitivity(
    model,
    images,
    labels=None,
    patch: int = 8,
    stride: int = 2,
    fill: float = 0.5,
    batch_size: int = 256,
    *,
    preprocess="auto",
    output=None,
    scores: str = "auto",
) -> np.ndarray:
    """Measure how much hiding each part of an image lowers the model's confidence.

    A grey square of `patch` pixels slides over each image in steps of
    `stride`; at each position the drop in the predicted probability of the
    image's class is recorded (Zeiler & Fergus, 2014). Large values mark the
    regions the prediction depends on.

    Parameters
    ----------
    model : keras.Model
        A classifier whose output is class probabilities, one image input.
    images : array_like
        Float batch ``(N, H, W, C)`` that fits the model.
    labels : array_like of int, optional
        The class to watch for each image (default: the predicted class).
    patch : int, default 8
        Side of the occluding square in pixels.
    stride : int, default 2
        Step between positions.
    fill : float, default 0.5
        Value of the occluding square's pixels.
    batch_size : int, default 256
        Occluded images per forward pass.
    preprocess : str or callable, default "auto", keyword-only
        How images (and the grey `fill`, both in [0, 1] when scaled) become
        the model's input; see :mod:`filterviz.preprocess`.
    output : int or str, optional, keyword-only
        Which output of a model with several (index or name); required then.
    scores : {"auto", "probabilities", "logits"}, keyword-only
        What the output holds. ``"auto"`` accepts probabilities (non-negative
        rows summing to 1) and refuses anything else, naming this option;
        ``"logits"`` applies a softmax first, so the result is still a drop
        in probability.

    Returns
    -------
    numpy.ndarray
        Float32 ``(N, rows, columns)``: probability without occlusion minus
        probability with the square at each position; position ``(i, j)``
        covers rows ``i * stride`` to ``i * stride + patch``.

    Raises
    ------
    ValueError
        If the images do not fit the model, the patch does not fit the
        images, or a label is out of range.
    """
    import keras

    _check_model(model)
    array = _check_fit(model, images, preprocess=preprocess)
    patch = _validate.positive_int(patch, "patch")
    stride = _validate.positive_int(stride, "stride")
    batch_size = _validate.positive_int(batch_size, "batch_size")
    if not (isinstance(fill, (int, float, np.number)) and np.isfinite(fill)):
        raise ValueError(f"fill must be a finite number; got {fill!r}")
    n, height, width, _ = array.shape
    if patch > min(height, width):
        raise ValueError(f"patch {patch} is larger than the images ({height}x{width})")

    scores = _validate.choice(scores, "scores", ("auto", "probabilities", "logits"))
    scale, _ = fv_preprocess.resolve(preprocess, model)
    pick = _output_index(model, output)

    # The model itself where it has one output, so that Keras' compiled
    # predict function, kept on the model, is traced once across calls.
    head = model if len(model.outputs) == 1 else keras.Model(model.inputs[0], model.outputs[pick])

    def predict(batch):
        values = _predict(head, batch, batch_size, scale)[0].astype(np.float64)
        if scores == "logits":
            values = np.exp(values - values.max(axis=1, keepdims=True))
            values /= values.sum(axis=1, keepdims=True)
        return values

    base = predict(array)
    if base.ndim != 2:
        raise ValueError(f"model must output class scores (N, classes); got shape {base.shape}")
    if scores == "auto" and not (base.min() >= 0 and np.allclose(base.sum(axis=1), 1.0, atol=1e-3)):
        raise ValueError(
            f"model {model.name!r} does not output probabilities (values from "
            f"{base.min():.3g} to {base.max():.3g}, rows summing to {base.sum(axis=1).min():.3g}"
            f"-{base.sum(axis=1).max():.3g}): pass scores='logits' to apply a softmax first"
        )
    if labels is None:
        classes = np.argmax(base, axis=1)
    else:
        classes = _validate.numeric_array(labels, "labels").astype(np.int64).reshape(-1)
        if classes.shape != (n,) or classes.min() < 0 or classes.max() >= base.shape[1]:
            raise ValueError(
                f"labels must hold one class index from 0 to {base.shape[1] - 1} per image ({n}); "
                f"got {labels!r}"
            )
    rows = (height - patch) // stride + 1
    columns = (width - patch) // stride + 1
    positions = rows * columns
    result = np.zeros((n, rows, columns), dtype=np.float32)
    # Enough images per chunk that one compiled predict call covers many
    # batches; few enough that the occluded copies stay small.
    chunk = max(1, min(n, 16 * batch_size // positions))
    for first in range(0, n, chunk):
        part = array[first : first + chunk]
        occluded = np.repeat(part, positions, axis=0).reshape(
            len(part), rows, columns, *part.shape[1:]
        )
        for i in range(rows):
            for j in range(columns):
                occluded[
                    :, i, j, i * stride : i * stride + patch, j * stride : j * stride + patch
                ] = fill
        scores_part = predict(occluded.reshape(-1, *part.shape[1:])).reshape(
            len(part), positions, -1
        )
        watched = classes[first : first + chunk]
        picked = np.take_along_axis(scores_part, watched[:, None, None], axis=2)[..., 0]
        kept = base[np.arange(first, first + len(part)), watched][:, None]
        result[first : first + len(part)] = (kept - picked).reshape(len(part), rows, columns)
    return result
