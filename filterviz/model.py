"""Looking inside any Keras model: its convolutional layers, their filters and outputs.

Every function takes any Keras model a user brings (Functional or Sequential,
nested models included) and a ``layer``: the name of a 2-D convolution, its
path through nested models, or its *depth*, counting convolutional layers from
1 (the first) and from -1 (the deepest).

- :func:`conv_layers`, :func:`conv_layer` and :func:`filters` find and read
  layers (through :mod:`filterviz.layers`);
- :func:`feature_maps` runs images through the model to one or several layers;
- :func:`receptive_field` says how many input pixels one output pixel sees
  (exactly, in :mod:`filterviz.receptive`).

The names this module held before it was split by subject still work here:
:func:`~filterviz.shipped.load`, :func:`~filterviz.shipped.sidecar`,
:func:`~filterviz.shipped.snapshots` and :func:`~filterviz.shipped.build_cifar10_cnn`
live in :mod:`filterviz.shipped`, :func:`~filterviz.maximize.maximize_activation`
in :mod:`filterviz.maximize`, :func:`~filterviz.attribution.ablate` and
:func:`~filterviz.attribution.occlusion_sensitivity` in :mod:`filterviz.attribution`,
and ``nearest_kernels`` is :func:`filterviz.kernels.nearest`.
"""

from __future__ import annotations

import importlib

import numpy as np

from filterviz import _validate, layers
from filterviz import preprocess as fv_preprocess

__all__ = [
    "BACKENDS",
    "conv_layer",
    "conv_layers",
    "feature_maps",
    "filters",
    "receptive_field",
]

# Where the names of the one-module past live now; looked up on first use, so
# that importing this module imports none of them (and no cycle arises).
_MOVED = {
    "CIFAR10_CNN_DESCRIPTION": ("shipped", "CIFAR10_CNN_DESCRIPTION"),
    "MODELS_DIR": ("shipped", "MODELS_DIR"),
    "SHIPPED": ("shipped", "SHIPPED"),
    "build_cifar10_cnn": ("shipped", "build_cifar10_cnn"),
    "check_file": ("shipped", "check_file"),
    "load": ("shipped", "load"),
    "sidecar": ("shipped", "sidecar"),
    "snapshots": ("shipped", "snapshots"),
    "maximize_activation": ("maximize", "maximize_activation"),
    "ablate": ("attribution", "ablate"),
    "occlusion_sensitivity": ("attribution", "occlusion_sensitivity"),
    "nearest_kernels": ("kernels", "nearest"),
}


def __getattr__(name: str):
    if name in _MOVED:
        module, attribute = _MOVED[name]
        return getattr(importlib.import_module(f"filterviz.{module}"), attribute)
    raise AttributeError(f"module 'filterviz.model' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_MOVED))


# The checks every function of any model makes, defined with the layers (receptive
# fields need them too, and must not import this module back).
BACKENDS = layers.BACKENDS
_check_backend = layers._check_backend
_check_model = layers._check_model


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
    if not _validate.is_int(output):
        raise TypeError(f"output must be an index (int) or a name (str); got {output!r}")
    return _validate.bounded_int(output, "output", 0, count - 1, f"the model has {count} outputs")


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

    conv_layer(model, layer)  # a convolution, not any layer that field accepts by name
    return receptive.field(model, layer, (0, 0)).size[0]


