"""The 2-D convolutions of any Keras model, nested models included: found, addressed and read.

A user's model is rarely the flat ``Sequential`` of the tutorials: a
transfer-learning model nests ``MobileNetV2`` inside a ``Sequential``, and
MobileNet and EfficientNet are mostly depthwise and separable convolutions.
This module finds every 2-D convolution of a model on its layer graph, in
depth order, descending into nested models:

- ``Conv2D`` (``groups`` included), ``DepthwiseConv2D``, ``SeparableConv2D``
  and ``Conv2DTranspose``;
- a layer is addressed by its name, by a path through nested models
  (``"mobilenetv2_1.00_64/Conv1"``), or by its depth among the convolutions
  (1 the first, -1 the deepest);
- :func:`weights` gives every type's filters in one layout, Keras'
  ``(kh, kw, in_channels, filters)`` over *all* the layer's input channels, with
  zeros where a grouped or depthwise filter does not read a channel, and
  :func:`input_channels` says which channels each filter reads;
- :func:`submodel` maps the model's input to a layer's output (or input),
  through nested models.

Models in ``channels_first`` layout are refused by name: every figure and
function here reads images as ``(height, width, channels)``.
"""

from __future__ import annotations

import numpy as np

from filterviz import _validate

__all__ = [
    "KINDS",
    "conv_layers",
    "find",
    "input_channels",
    "filter_count",
    "kind",
    "layer_paths",
    "linear_copy",
    "same_layer",
    "silence",
    "submodel",
    "weights",
]

#: The layer types filterviz treats as 2-D convolutions, by Keras class name.
KINDS = ("Conv2D", "DepthwiseConv2D", "SeparableConv2D", "Conv2DTranspose")


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


def _conv_types() -> tuple[type, ...]:
    import keras

    return (
        keras.layers.Conv2D,
        keras.layers.DepthwiseConv2D,
        keras.layers.SeparableConv2D,
        keras.layers.Conv2DTranspose,
    )


def kind(layer) -> str:
    """Return which of :data:`KINDS` a layer is (its nearest Keras base class among them).

    Raises
    ------
    ValueError
        If the layer is none of them.
    """
    import keras

    # Most specific first: Keras 3 keeps these four apart, but a user's
    # subclass of one should be read as that one.
    for name in ("Conv2DTranspose", "SeparableConv2D", "DepthwiseConv2D", "Conv2D"):
        if isinstance(layer, getattr(keras.layers, name)):
            return name
    raise ValueError(
        f"layer {layer.name!r} is a {type(layer).__name__}, not a 2-D convolution "
        f"(filterviz reads {', '.join(KINDS)})"
    )


def _walk(model, prefix: tuple = ()):
    """Yield (path of layers, layer) for every layer below `model`, nested models entered."""
    import keras

    for layer in model.layers:
        path = (*prefix, layer)
        yield path, layer
        if isinstance(layer, keras.Model):
            yield from _walk(layer, path)


def _path_name(path) -> str:
    return "/".join(item.name for item in path)


def _conv_paths(model) -> list[tuple]:
    types = _conv_types()
    found = [path for path, layer in _walk(model) if isinstance(layer, types)]
    first = [path[-1] for path in found if getattr(path[-1], "data_format", "") == "channels_first"]
    if first:
        raise ValueError(
            f"model {model.name!r} has layers in channels_first layout ({first[0].name!r}); "
            "filterviz reads images as (height, width, channels): rebuild the model with "
            "data_format='channels_last'"
        )
    return found


def conv_layers(model) -> list:
    """Return every 2-D convolution of a model in depth order, nested models included.

    Parameters
    ----------
    model : keras.Model
        Any Keras model (Functional or Sequential).

    Returns
    -------
    list of keras.layers.Layer
        Layers of the types in :data:`KINDS`, in the order the model lists
        them (topological order for a Functional model), each nested model's
        convolutions in its place.

    Raises
    ------
    ValueError
        If the model has none, or uses the ``channels_first`` layout.

    Examples
    --------
    >>> import keras
    >>> import filterviz
    >>> inner = keras.Sequential(
    ...     [keras.Input((8, 8, 3)), keras.layers.DepthwiseConv2D(3, name="dw")], name="block"
    ... )
    >>> model = keras.Sequential(
    ...     [keras.Input((8, 8, 3)), inner, keras.layers.Conv2D(2, 1, name="mix")]
    ... )
    >>> [layer.name for layer in filterviz.layers.conv_layers(model)]
    ['dw', 'mix']
    >>> filterviz.layers.layer_paths(model)
    ['block/dw', 'mix']
    """
    found = _conv_paths(model)
    if not found:
        raise ValueError(
            f"model {model.name!r} has no 2-D convolution ({', '.join(KINDS)}), "
            "not even inside a nested model"
        )
    return [path[-1] for path in found]


def layer_paths(model) -> list[str]:
    """Return the path of every 2-D convolution, as :func:`find` accepts it, in depth order."""
    conv_layers(model)  # the same checks and errors
    return [_path_name(path) for path in _conv_paths(model)]


def _locate(model, layer) -> tuple:
    """Return the path (tuple of layers, outermost first) of the convolution `layer` names."""
    paths = _conv_paths(model)
    if not paths:
        conv_layers(model)  # raises the no-convolution error
    names = [_path_name(path) for path in paths]
    count = len(paths)
    shown = names if count <= 12 else [*names[:6], "...", *names[-3:]]
    valid = f"valid paths: {', '.join(shown)}; valid depths: 1 to {count} (or -1 to -{count})"
    if isinstance(layer, str):
        if layer in names:
            return paths[names.index(layer)]
        matches = [path for path in paths if path[-1].name == layer]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise ValueError(
                f"layer name {layer!r} is used in several nested models "
                f"({', '.join(_path_name(p) for p in matches)}): give its path"
            )
        other = next(
            (
                item
                for path, item in _walk(model)
                if layer in (item.name, _path_name(path))
            ),
            None,
        )
        if other is not None:
            raise ValueError(
                f"layer {layer!r} is a {type(other).__name__}, not a 2-D convolution; {valid}"
            )
        raise ValueError(f"layer {layer!r} does not exist in model {model.name!r}; {valid}")
    if not _validate.is_int(layer):
        raise TypeError(
            f"layer must be a name or path (str) or a depth (int); got {layer!r} "
            f"({type(layer).__name__})"
        )
    depth = int(layer)
    if depth == 0 or abs(depth) > count:
        raise ValueError(f"layer depth {depth} does not exist in model {model.name!r}; {valid}")
    return paths[depth - 1] if depth > 0 else paths[depth]


def find(model, layer):
    """Return one 2-D convolution of a model, by name, path or depth.

    Parameters
    ----------
    model : keras.Model
        Any Keras model.
    layer : str or int
        The layer's name (unique in the model), its path through nested
        models (``"block/dw"``), or its depth among the convolutions: 1 is
        the first, -1 the deepest.

    Raises
    ------
    ValueError
        If no convolution has that name, path or depth (the message lists the
        valid paths), a name is used in several nested models, or the named
        layer is not a convolution.
    TypeError
        If `layer` is neither a string nor an integer.

    Examples
    --------
    >>> import keras
    >>> import filterviz
    >>> block = keras.Sequential(
    ...     [keras.Input((8, 8, 3)), keras.layers.Conv2D(2, 3, name="conv")], name="block"
    ... )
    >>> model = keras.Sequential([keras.Input((8, 8, 3)), block])
    >>> filterviz.layers.find(model, "block/conv").name, filterviz.layers.find(model, -1).name
    ('conv', 'conv')
    """
    return _locate(model, layer)[-1]


def _numpy(variable) -> np.ndarray:
    import keras

    return np.asarray(keras.ops.convert_to_numpy(variable), dtype=np.float32)


def filter_count(layer) -> int:
    """Return how many output channels (filters) a convolution has."""
    if kind(layer) == "DepthwiseConv2D":
        return int(layer.kernel.shape[2] * layer.depth_multiplier)
    return int(layer.filters)


def filter_indices(layer, filters=None, *, scalar: bool = False) -> np.ndarray:
    """Return the checked indices of `filters` among a convolution's filters (None: all).

    With `scalar`, one integer is accepted too. The message of a bad index
    names the layer and how many filters it has.
    """
    count = filter_count(layer)
    if filters is None:
        return np.arange(count)
    owner = f"layer {layer.name!r} has {count} filters"
    return _validate.index_list(filters, "filters", count, owner, scalar=scalar)


def weights(layer) -> tuple[np.ndarray, np.ndarray | None]:
    """Return a convolution's filters as ``(kh, kw, in_channels, filters)`` and its bias.

    Every type in one layout, over all the layer's input channels, so that
    filter ``k``'s response is ``sum over i, j, c of weights[i, j, c, k] *
    window[i, j, c]`` (plus bias) for every type but the transpose:

    - ``Conv2D`` with ``groups > 1``: zeros on the channels outside the
      filter's group;
    - ``DepthwiseConv2D``: filter ``c * depth_multiplier + m`` reads channel
      ``c`` only;
    - ``SeparableConv2D``: the depthwise and pointwise kernels multiplied out,
      ``W[i, j, c, k] = sum_m D[i, j, c, m] P[c * M + m, k]``, exact because
      both steps are linear;
    - ``Conv2DTranspose``: its kernel with the channel axes swapped to
      ``(kh, kw, in, out)``; a transposed convolution spreads each input
      pixel over a window of outputs with these weights, rather than
      summing a window.

    Returns
    -------
    weights : numpy.ndarray
        Float32 ``(kh, kw, in_channels, filters)``.
    bias : numpy.ndarray or None
        ``(filters,)``, or None without bias.
    """
    name = kind(layer)
    bias = _numpy(layer.bias) if getattr(layer, "use_bias", False) else None
    if name == "Conv2D":
        kernel = _numpy(layer.kernel)
        groups = int(getattr(layer, "groups", 1) or 1)
        if groups == 1:
            return kernel, bias
        kh, kw, per_group, out = kernel.shape
        full = np.zeros((kh, kw, per_group * groups, out), dtype=np.float32)
        out_per_group = out // groups
        for group in range(groups):
            outputs = slice(group * out_per_group, (group + 1) * out_per_group)
            inputs = slice(group * per_group, (group + 1) * per_group)
            full[:, :, inputs, outputs] = kernel[:, :, :, outputs]
        return full, bias
    if name == "DepthwiseConv2D":
        kernel = _numpy(layer.kernel)  # (kh, kw, in, multiplier)
        kh, kw, channels, multiplier = kernel.shape
        full = np.zeros((kh, kw, channels, channels * multiplier), dtype=np.float32)
        for channel in range(channels):
            full[:, :, channel, channel * multiplier : (channel + 1) * multiplier] = kernel[
                :, :, channel, :
            ]
        return full, bias
    if name == "SeparableConv2D":
        depthwise = _numpy(layer.depthwise_kernel)  # (kh, kw, in, multiplier)
        pointwise = _numpy(layer.pointwise_kernel)  # (1, 1, in * multiplier, out)
        kh, kw, channels, multiplier = depthwise.shape
        mixing = pointwise[0, 0].reshape(channels, multiplier, -1)
        return np.einsum("hwcm,cmo->hwco", depthwise, mixing).astype(np.float32), bias
    return np.swapaxes(_numpy(layer.kernel), 2, 3).copy(), bias


def input_channels(layer) -> list[np.ndarray]:
    """Return, for each filter of a convolution, the indices of the input channels it reads.

    All channels for a plain or separable convolution; the filter's group for
    ``Conv2D(groups=g)``; one channel for a depthwise filter.

    Examples
    --------
    >>> import keras
    >>> import filterviz
    >>> layer = keras.layers.Conv2D(4, 3, groups=2)
    >>> layer.build((None, 8, 8, 6))
    >>> [channels.tolist() for channels in filterviz.layers.input_channels(layer)]
    [[0, 1, 2], [0, 1, 2], [3, 4, 5], [3, 4, 5]]
    """
    name = kind(layer)
    if name == "DepthwiseConv2D":
        multiplier = int(layer.depth_multiplier)
        return [np.array([k // multiplier]) for k in range(filter_count(layer))]
    if name == "Conv2D" and int(getattr(layer, "groups", 1) or 1) > 1:
        groups = int(layer.groups)
        per_group = int(layer.kernel.shape[2])
        out_per_group = int(layer.filters) // groups
        return [
            np.arange((k // out_per_group) * per_group, (k // out_per_group + 1) * per_group)
            for k in range(int(layer.filters))
        ]
    channels = _numpy_shape_in(layer)
    return [np.arange(channels) for _ in range(filter_count(layer))]


def _numpy_shape_in(layer) -> int:
    name = kind(layer)
    if name == "SeparableConv2D":
        return int(layer.depthwise_kernel.shape[2])
    if name == "Conv2DTranspose":
        return int(layer.kernel.shape[3])
    return int(layer.kernel.shape[2]) * int(getattr(layer, "groups", 1) or 1)


def _inbound_input(child, parent):
    """Return the tensor of `parent`'s graph that `child` is called on."""
    import keras

    for node in reversed(child._inbound_nodes):
        tensors = node.input_tensors
        if len(tensors) != 1:
            continue
        try:
            keras.Model(parent.inputs[0], tensors[0])
        except ValueError:  # a node of another graph
            continue
        return tensors[0]
    raise ValueError(
        f"layer {child.name!r} is not called on a single tensor of model {parent.name!r}'s "
        "graph; filterviz follows nested models with one input each"
    )


def submodel(model, layer, *, at: str = "output"):
    """Return a Keras model from `model`'s input to a convolution's output (or input).

    Follows nested models: for the path ``outer/block/conv`` it chains the
    part of ``outer`` that feeds ``block`` with the part of ``block`` that
    leads to ``conv``. Given a list of layers it returns one model with an
    output per layer, so that one forward pass gives all of them (a nested
    model's part is run once for all the layers inside it).

    Parameters
    ----------
    model : keras.Model
        A Functional or Sequential model with one input.
    layer : str, int or list of them
        As :func:`find`; a list gives a model with one output per entry.
    at : {"output", "input"}, keyword-only
        Which side of the layers to stop at.

    Raises
    ------
    ValueError
        If a model on the path has no layer graph (a subclassed model), or as
        :func:`find`.

    Examples
    --------
    >>> import keras
    >>> import filterviz
    >>> model = keras.Sequential([
    ...     keras.Input((8, 8, 3)),
    ...     keras.layers.Conv2D(2, 3, name="a"),
    ...     keras.layers.Conv2D(2, 3, name="b"),
    ... ])
    >>> [tuple(t.shape) for t in filterviz.layers.submodel(model, ["a", "b"]).outputs]
    [(None, 6, 6, 2), (None, 4, 4, 2)]
    """
    import keras

    _validate.choice(at, "at", ("output", "input"))
    several = isinstance(layer, (list, tuple))
    requested = list(layer) if several else [layer]
    if several and not requested:
        raise ValueError("layer must name at least one layer; got an empty list")
    paths = [_locate(model, item) for item in requested]
    for path in paths:
        for owner in (model, *path[:-1]):
            if not getattr(owner, "inputs", None):
                raise ValueError(
                    f"model {owner.name!r} on the path to {_path_name(path)!r} has no layer "
                    "graph (a subclassed model?); filterviz follows Functional and Sequential "
                    "models"
                )
    inputs = keras.Input(tuple(model.inputs[0].shape[1:]))
    starts = {(): inputs}  # the new graph's tensor at the input of each chain of nested models

    def start_of(chain):
        key = tuple(id(item) for item in chain)
        if key not in starts:
            owner = chain[-2] if len(chain) > 1 else model
            feed = _inbound_input(chain[-1], owner)
            tensor = start_of(chain[:-1])
            if feed is not owner.inputs[0]:
                tensor = keras.Model(owner.inputs[0], feed)(tensor)
            starts[key] = tensor
        return starts[key]

    groups: dict[tuple, list] = {}
    for index, path in enumerate(paths):
        chain = path[:-1]
        groups.setdefault(tuple(id(item) for item in chain), [chain, []])[1].append((index, path))
    outputs: list = [None] * len(paths)
    for chain, items in groups.values():
        owner = chain[-1] if chain else model
        start = start_of(chain)
        ends = [
            _inbound_input(path[-1], owner) if at == "input" else _inbound_output(path[-1], owner)
            for _, path in items
        ]
        inner = [end for end in ends if end is not owner.inputs[0]]
        results = keras.Model(owner.inputs[0], inner)(start) if inner else []
        results = iter(results if isinstance(results, (list, tuple)) else [results])
        for (index, _), end in zip(items, ends, strict=True):
            # A layer right at the input sees the input itself: an identity, any size.
            outputs[index] = (
                keras.layers.Identity()(start) if end is owner.inputs[0] else next(results)
            )
    return keras.Model(inputs, outputs if several else outputs[0])


def _inbound_output(child, parent):
    """Return the output tensor of `child`'s call in `parent`'s graph."""
    import keras

    for node in reversed(child._inbound_nodes):
        if len(node.output_tensors) != 1:
            continue
        try:
            keras.Model(parent.inputs[0], node.output_tensors[0])
        except ValueError:
            continue
        return node.output_tensors[0]
    raise ValueError(f"layer {child.name!r} has no output in model {parent.name!r}'s graph")


def linear_copy(layer):
    """Return a copy of a convolution without its activation, sharing nothing, same weights.

    Its output is the layer's response before the activation: the filters'
    sums plus bias. Activation maximisation raises this, so that a filter
    whose ReLU is silent on the starting image still gets a gradient.
    """
    kind(layer)
    config = dict(layer.get_config(), activation="linear", name=f"{layer.name}_linear")
    copy = type(layer).from_config(config)
    copy.build((None, None, None, _numpy_shape_in(layer)))
    copy.set_weights(layer.get_weights())
    return copy


def silence(layer, filters) -> None:
    """Set the weights and bias of some filters of a convolution to zero, in place.

    Each chosen filter then responds with zero everywhere before the layer's
    activation, whatever the layer's type: its output channel of the kernel
    (for ``DepthwiseConv2D``, its one channel-and-multiplier slice; for
    ``SeparableConv2D``, its pointwise column; for ``Conv2DTranspose``, its
    output-channel slice) and its bias.
    """
    import keras

    name = kind(layer)
    indices = np.asarray(filters, dtype=np.int64)
    if name == "SeparableConv2D":
        variable, axis = layer.pointwise_kernel, 3
    elif name == "Conv2DTranspose":
        variable, axis = layer.kernel, 2
    else:
        variable, axis = layer.kernel, 3
    values = keras.ops.convert_to_numpy(variable).copy()
    if name == "DepthwiseConv2D":
        multiplier = int(layer.depth_multiplier)
        values[:, :, indices // multiplier, indices % multiplier] = 0.0
    else:
        np.moveaxis(values, axis, 0)[indices] = 0.0
    variable.assign(values)
    if getattr(layer, "use_bias", False):
        bias = keras.ops.convert_to_numpy(layer.bias).copy()
        bias[indices] = 0.0
        layer.bias.assign(bias)


def same_layer(model, original_model, layer):
    """Return the layer of `model` (a clone of `original_model`) at the path of `layer` there."""
    path = _locate(original_model, layer)
    owner = model
    for item in path[:-1]:
        owner = owner.get_layer(item.name)
    return owner.get_layer(path[-1].name)
