"""Receptive fields: exactly which input pixels one output pixel of a layer sees.

- :func:`field` gives, for one output pixel of a layer, the input rows and
  columns it sees: the window of the size-and-offset recursion (which may
  run into the zero padding) and the rows and columns of the image that can
  actually change it;
- :func:`recursion` lists the recursion's terms layer by layer for a chain
  of layers (a ``Sequential`` model, or a functional one without branches).

Only the layers' configuration and tensor shapes are read (kernel and pool
sizes, strides, dilations, padding), never their weights, and no input is
run through the model. Images are ``channels_last``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from filterviz import _validate

__all__ = ["ReceptiveField", "crop", "field", "recursion"]


class ReceptiveField(NamedTuple):
    """The input window of one output pixel; see :func:`field`.

    ``rows`` and ``columns`` are the image's rows and columns that the output
    pixel can depend on: ``image[field.rows.start:field.rows.stop]``.
    ``unclipped_rows`` and ``unclipped_columns`` are the window of the
    recursion, which may start before 0 or end beyond the image where it
    covers zero padding; ``padding`` counts those rows and columns,
    ``((top, bottom), (left, right))``.
    """

    position: tuple[int, int]
    rows: range
    columns: range
    unclipped_rows: range
    unclipped_columns: range
    padding: tuple[tuple[int, int], tuple[int, int]]

    @property
    def size(self) -> tuple[int, int]:
        """Height and width of the unclipped window."""
        return len(self.unclipped_rows), len(self.unclipped_columns)


def _resolve(model, layer) -> tuple:
    """Return the layer's path, outermost first: any top-level layer by name, or a convolution.

    A convolution is found as :func:`filterviz.layers.find` finds it: by name,
    by path through nested models, or by depth.
    """
    from filterviz import layers

    layers._check_model(model)
    if isinstance(layer, str):
        found = next((item for item in model.layers if item.name == layer), None)
        if found is not None:
            return (found,)
    return layers._locate(model, layer)


def _trace_out(model, path, seed):
    """Carry `seed` from the output of ``path[-1]`` to the input of `model`, level by level.

    Inside each nested model on the path the window is traced back to that
    model's input, which is the tensor its caller's graph feeds it.
    """
    from filterviz import layers

    containers = [model, *path[:-1]]
    target, window = path[-1].output, seed
    for level in range(len(containers) - 1, -1, -1):
        inner = containers[level]
        window = _trace(inner.inputs[0], target, window)
        if level:
            target = layers._inbound_input(inner, containers[level - 1])
    return window


def _spatial(tensor) -> tuple[int, int] | None:
    """Height and width of an image tensor ``(N, H, W, C)``, None for other ranks."""
    shape = tuple(tensor.shape)
    if len(shape) != 4:
        return None
    if shape[1] is None or shape[2] is None:
        raise ValueError(
            f"receptive fields need fixed image sizes; tensor {tensor.name!r} has shape {shape}"
        )
    return int(shape[1]), int(shape[2])


def _window(layer, in_size: tuple[int, int]):
    """Per axis ``(kernel, stride, dilation, padding_before)`` of a sliding-window layer."""
    size = getattr(layer, "kernel_size", None) or getattr(layer, "pool_size", None)
    if size is None:
        return None
    if type(layer).__name__.endswith("Transpose"):
        raise ValueError(
            f"layer {layer.name!r} ({type(layer).__name__}) is not supported: a transposed "
            "convolution spreads each input pixel over several outputs"
        )
    if getattr(layer, "data_format", "channels_last") == "channels_first":
        raise ValueError(f"layer {layer.name!r} is channels_first; only channels_last is supported")
    strides = getattr(layer, "strides", None) or size
    dilation = getattr(layer, "dilation_rate", None) or (1, 1)
    padding = str(getattr(layer, "padding", "valid")).lower()
    axes = []
    for axis in (0, 1):
        kernel, stride, rate = int(size[axis]), int(strides[axis]), int(dilation[axis])
        before = 0
        if padding == "same":  # Keras: ceil(n / s) outputs, the odd padded pixel after
            span = (kernel - 1) * rate + 1
            outputs = -(-in_size[axis] // stride)
            total = max((outputs - 1) * stride + span - in_size[axis], 0)
            before = total // 2
        elif padding != "valid":
            raise ValueError(
                f"layer {layer.name!r} has padding {padding!r}; expected 'valid' or 'same'"
            )
        axes.append((kernel, stride, rate, before))
    return axes


_MERGES = ("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum")


def _back(layer, out_window, in_size, out_size):
    """Map an output window ``(a, b)`` per axis (inclusive) to the input window it reads."""
    if out_window is None or out_size is None:  # no image axes left: the whole input
        return [(0, n - 1) for n in in_size]
    name = type(layer).__name__
    if name.startswith("Global"):
        return [(0, n - 1) for n in in_size]
    window = _window(layer, in_size)
    if window is not None:
        return [
            (a * stride - before, b * stride - before + (kernel - 1) * rate)
            for (a, b), (kernel, stride, rate, before) in zip(out_window, window, strict=True)
        ]
    if name == "ZeroPadding2D":
        return [(a - t, b - t) for (a, b), (t, _) in zip(out_window, layer.padding, strict=True)]
    if name == "Cropping2D":
        return [(a + t, b + t) for (a, b), (t, _) in zip(out_window, layer.cropping, strict=True)]
    if tuple(in_size) == tuple(out_size):  # pointwise: activations, normalisation, merges
        return list(out_window)
    if all(n in (1, m) for n, m in zip(in_size, out_size, strict=True)) and name in _MERGES:
        # a merge broadcasts a 1-pixel axis (a squeeze-and-excitation scale) over the image
        return [(0, 0) if n == 1 else window for n, window in zip(in_size, out_window, strict=True)]
    raise ValueError(
        f"cannot trace a receptive field through layer {layer.name!r} ({name}): it changes the "
        f"image size from {in_size} to {out_size} in a way filterviz does not know"
    )


def _pixels(layer, out_pixels, in_size, out_size):
    """Map the output rows and columns (a set per axis) to the input ones that feed them.

    Like :func:`_back`, but with the exact sets, cut to the input at every
    layer: padding reaches no image pixel, and dilation leaves gaps.
    """
    if out_pixels is None or out_size is None or type(layer).__name__.startswith("Global"):
        return [frozenset(range(n)) for n in in_size]
    window = _window(layer, in_size)
    if window is not None:
        reached = [
            frozenset(
                index
                for o in pixels
                for t in range(kernel)
                if 0 <= (index := o * stride - before + t * rate) < n
            )
            for pixels, (kernel, stride, rate, before), n in zip(
                out_pixels, window, in_size, strict=True
            )
        ]
    else:
        shifted = _back(layer, [(0, 0), (0, 0)], in_size, out_size)  # the shift, or raises
        reached = [
            frozenset(index for o in pixels if 0 <= (index := o + shift) < n)
            for pixels, (shift, _), n in zip(out_pixels, shifted, in_size, strict=True)
        ]
    return None if not all(reached) else reached


def _hull(first, second):
    """Smallest window holding both (None is empty); for pixel sets, their union."""
    if first is None:
        return second
    if second is None:
        return first
    if isinstance(first[0], frozenset):
        return [a | b for a, b in zip(first, second, strict=True)]
    return [(min(a, c), max(b, d)) for (a, b), (c, d) in zip(first, second, strict=True)]


def _node_of(tensor):
    operation, node_index, _ = tensor._keras_history
    return operation, operation._inbound_nodes[node_index]


def _trace(source, target, seed):
    """Carry ``seed = (unclipped, clipped)`` windows on `target` back to tensor `source`.

    At a tensor that feeds several layers the windows are the hull over the
    paths through it: the smallest start and the largest stop.
    """
    order, seen = [], set()

    def visit(tensor):  # depth-first, producers before consumers
        operation, node = _node_of(tensor)
        if id(node) in seen:
            return
        seen.add(id(node))
        for item in node.input_tensors:
            visit(item)
        order.append((operation, node))

    visit(target)
    windows = {id(target): seed}
    for operation, node in reversed(order):
        outputs = [windows.get(id(t)) for t in node.output_tensors]
        outputs = [w for w in outputs if w is not None]
        if not outputs or not node.input_tensors:
            continue
        unclipped = outputs[0][0]
        clipped = outputs[0][1]
        for other in outputs[1:]:
            unclipped, clipped = _hull(unclipped, other[0]), _hull(clipped, other[1])
        import keras

        for tensor in node.input_tensors:
            in_size = _spatial(tensor)
            if in_size is None:  # a vector feeds a vector: "the whole input" carries on
                new = ("all", "all")
            elif isinstance(operation, keras.Model):  # a nested model: trace inside it
                inner_out = operation.outputs[0]
                inner_in = operation.inputs[0]
                out_size = _spatial(inner_out)
                if out_size is None or unclipped == "all":
                    new = ([(0, n - 1) for n in in_size], [frozenset(range(n)) for n in in_size])
                else:
                    new = _trace(inner_in, inner_out, (unclipped, clipped))
            else:
                out_size = _spatial(node.output_tensors[0])
                whole = unclipped == "all"
                new_unclipped = _back(operation, None if whole else unclipped, in_size, out_size)
                if whole:
                    new_clipped = _pixels(operation, None, in_size, out_size)
                elif clipped is None:
                    new_clipped = None
                else:
                    new_clipped = _pixels(operation, clipped, in_size, out_size)
                new = (new_unclipped, new_clipped)
            old = windows.get(id(tensor))
            if old is None:
                windows[id(tensor)] = new
            elif new[0] == "all" or old[0] == "all":
                windows[id(tensor)] = ("all", "all")
            else:
                windows[id(tensor)] = (_hull(old[0], new[0]), _hull(old[1], new[1]))
    if id(source) not in windows:
        raise ValueError(f"tensor {source.name!r} does not feed the traced layer")
    return windows[id(source)]


def field(model, layer, position) -> ReceptiveField:
    r"""Return the input rows and columns that one output pixel of a layer sees.

    Along each axis, a chain of layers ``l = 1 … L``, each with kernel (or
    pool) size :math:`k_l`, stride :math:`s_l`, dilation :math:`d_l` and
    :math:`p_l` zeros of padding before the image (0 for ``"valid"``; for
    ``"same"``, half of the total padding, rounded down, since Keras puts the
    odd padded pixel after), gives output pixel :math:`o` of layer :math:`L`
    the window of input pixels :math:`\text{start}_L + o\,j_L` to
    :math:`\text{start}_L + o\,j_L + r_L - 1`, where

    .. math::

       r_l = r_{l-1} + (k_l - 1)\, d_l\, j_{l-1}, \qquad
       j_l = j_{l-1}\, s_l, \qquad
       \text{start}_l = \text{start}_{l-1} - p_l\, j_{l-1},

    starting from :math:`r_0 = 1`, :math:`j_0 = 1`, :math:`\text{start}_0 = 0`
    (:math:`r` is the window's size, :math:`j` the input-pixel distance
    between neighbouring outputs). That window is ``unclipped_rows`` and
    ``unclipped_columns``. The rows and columns the pixel can actually depend
    on (``rows`` and ``columns``, from the first to the last one reached) are
    found by carrying the output pixel back one layer at a time, output
    pixel :math:`o` reading inputs :math:`o s_l - p_l + t d_l` for
    :math:`t = 0 … k_l - 1`, and keeping at every step only the pixels inside
    that layer's input: padding added by a middle layer reaches no image
    pixel, and the gaps a dilated kernel leaves are left out.

    A layer without image axes at its output (global pooling, ``Flatten``,
    ``Dense`` after them) sees the whole input. ``ZeroPadding2D`` and
    ``Cropping2D`` shift the window; layers that keep the image size
    (activations, normalisation, ``Add``, ``Concatenate``) are taken to be
    pointwise. In a branching model each tensor gets the smallest start and
    the largest stop over the paths through it; nested models are traced
    inside.

    Parameters
    ----------
    model : keras.Model
        A built Keras model with one image input of fixed size.
    layer : str or int
        Any layer's name, or a convolutional layer's depth (see
        :func:`filterviz.model.conv_layer`).
    position : (int, int), "center" or None
        Row and column of the output pixel; ``"center"`` is
        ``(height // 2, width // 2)`` of the layer's output, the pixel that
        :func:`filterviz.maximize.maximize_activation` raises with
        ``position="center"``. None for a layer whose output has no image
        axes (global pooling, ``Dense``): the field is then the whole input.

    Returns
    -------
    ReceptiveField
        ``rows``, ``columns`` (the image's, clipped), ``unclipped_rows``,
        ``unclipped_columns``, ``padding`` and ``size``.

    Raises
    ------
    TypeError
        If `model` is not a Keras model.
    ValueError
        If the layer does not exist, `position` is not an output pixel of it,
        or a layer on the way is one this function cannot trace.

    Examples
    --------
    >>> import keras
    >>> import filterviz
    >>> model = keras.Sequential([
    ...     keras.Input((12, 12, 1)),
    ...     keras.layers.Conv2D(1, 3, padding="same", name="a"),
    ...     keras.layers.MaxPooling2D(name="pool"),
    ...     keras.layers.Conv2D(1, 3, padding="same", name="b"),
    ... ])
    >>> window = filterviz.receptive.field(model, "b", (0, 5))
    >>> window.unclipped_rows, window.rows, window.columns, window.padding
    (range(-3, 5), range(0, 5), range(7, 12), ((3, 0), (0, 3)))
    """
    path = _resolve(model, layer)
    found = path[-1]
    try:
        output = found.output
    except (AttributeError, ValueError) as error:
        raise ValueError(f"layer {found.name!r} has no single output tensor: {error}") from None
    out_size = _spatial(output)
    source = model.inputs[0]
    in_size = _spatial(source)
    if in_size is None:
        raise ValueError(f"the model's input has shape {tuple(source.shape)}, not an image")
    if out_size is None:  # global pooling, Flatten, Dense: each output sees the whole input
        if position is not None:
            raise ValueError(
                f"position must be None for layer {found.name!r}, whose output "
                f"{tuple(output.shape)} has no image axes; got {position!r}"
            )
        rows, columns = range(in_size[0]), range(in_size[1])
        return ReceptiveField((), rows, columns, rows, columns, ((0, 0), (0, 0)))
    if isinstance(position, str) and position == "center":
        position = (out_size[0] // 2, out_size[1] // 2)
    valid = (
        isinstance(position, (tuple, list))
        and len(position) == 2
        and all(_validate.is_int(p) for p in position)
    )
    if not valid:
        raise ValueError(f"position must be 'center' or (row, column) integers; got {position!r}")
    row, column = int(position[0]), int(position[1])
    if not (0 <= row < out_size[0] and 0 <= column < out_size[1]):
        raise ValueError(
            f"position {(row, column)} is outside the output of layer {found.name!r} "
            f"({out_size[0]}x{out_size[1]} pixels)"
        )
    seed = [(row, row), (column, column)]
    unclipped, clipped = _trace_out(model, path, (seed, [frozenset([row]), frozenset([column])]))
    (top, bottom), (left, right) = unclipped
    if clipped is None:  # every path ends in padding (possible only after cropping)
        rows = columns = range(0)
    else:
        rows = range(min(clipped[0]), max(clipped[0]) + 1)
        columns = range(min(clipped[1]), max(clipped[1]) + 1)
    padding = (
        (max(0, -top), max(0, bottom - (in_size[0] - 1))),
        (max(0, -left), max(0, right - (in_size[1] - 1))),
    )
    return ReceptiveField(
        (row, column),
        rows,
        columns,
        range(top, bottom + 1),
        range(left, right + 1),
        padding,
    )


def crop(images, window: ReceptiveField, fill: float = 0.5) -> np.ndarray:
    """Cut a receptive field's whole window out of images, padding included.

    The window is ``unclipped_rows`` by ``unclipped_columns`` of `window`;
    the part of it outside the image (the zeros the layers pad with) holds
    `fill`, so every window of a layer comes out the same size.

    Parameters
    ----------
    images : array_like
        ``(H, W, C)`` or a batch ``(N, H, W, C)``.
    window : ReceptiveField
        From :func:`field`.
    fill : float, default 0.5
        Value of the pixels outside the image.

    Returns
    -------
    numpy.ndarray
        Float32 ``(rows, columns, C)``, or ``(N, rows, columns, C)`` for a batch.

    Examples
    --------
    >>> import numpy as np
    >>> window = ReceptiveField((0, 0), range(0, 2), range(0, 2), range(-1, 2),
    ...                         range(-1, 2), ((1, 0), (1, 0)))
    >>> crop(np.ones((4, 4, 1)), window, fill=0.0)[..., 0].tolist()
    [[0.0, 0.0, 0.0], [0.0, 1.0, 1.0], [0.0, 1.0, 1.0]]
    """
    array = _validate.numeric_array(images, "images")
    single = array.ndim == 3
    if single:
        array = array[None]
    if array.ndim != 4:
        raise ValueError(f"images must be (H, W, C) or (N, H, W, C); got shape {array.shape}")
    fill = _validate.finite_number(fill, "fill")
    rows, columns = window.unclipped_rows, window.unclipped_columns
    out = np.full((len(array), len(rows), len(columns), array.shape[3]), fill, np.float32)
    inside_rows = range(max(rows.start, 0), min(rows.stop, array.shape[1]))
    inside_columns = range(max(columns.start, 0), min(columns.stop, array.shape[2]))
    out[
        :,
        inside_rows.start - rows.start : inside_rows.stop - rows.start,
        inside_columns.start - columns.start : inside_columns.stop - columns.start,
    ] = array[:, inside_rows.start : inside_rows.stop, inside_columns.start : inside_columns.stop]
    return out[0] if single else out


def recursion(model, layer) -> list[dict]:
    r"""List the receptive-field recursion of :func:`field`, layer by layer, along the rows.

    For a chain of layers: a ``Sequential`` model or a functional one in
    which every layer up to `layer` has one input. Layers that keep the image
    size are left out.

    Parameters
    ----------
    model : keras.Model
        A built Keras model with one image input of fixed size.
    layer : str or int
        Any layer's name, or a convolutional layer's depth.

    Returns
    -------
    list of dict
        One per sliding-window layer, in order: ``name``, ``kernel``,
        ``stride``, ``dilation``, ``padding`` (:math:`p_l`, before the image),
        then ``size`` (:math:`r_l`), ``jump`` (:math:`j_l`) and ``start``
        (:math:`\text{start}_l`) after it.

    Raises
    ------
    ValueError
        If the model branches before `layer`, or a layer cannot be traced.

    Examples
    --------
    >>> import keras
    >>> import filterviz
    >>> model = keras.Sequential([
    ...     keras.Input((12, 12, 1)),
    ...     keras.layers.Conv2D(1, 3, padding="same", name="a"),
    ...     keras.layers.MaxPooling2D(name="pool"),
    ...     keras.layers.Conv2D(1, 3, padding="same", name="b"),
    ... ])
    >>> [(step["name"], step["size"], step["jump"], step["start"])
    ...  for step in filterviz.receptive.recursion(model, "b")]
    [('a', 3, 1, -1), ('pool', 4, 2, -1), ('b', 8, 2, -3)]
    """
    path = _resolve(model, layer)
    if len(path) > 1:
        raise ValueError(
            f"layer {path[-1].name!r} is inside nested model {path[-2].name!r}: recursion lists "
            "a chain of the model's own layers; use field, which traces nested models"
        )
    found = path[-1]
    chain = []
    tensor = found.output
    while True:
        operation, node = _node_of(tensor)
        if not node.input_tensors:
            break
        if len(node.input_tensors) != 1:
            raise ValueError(
                f"layer {operation.name!r} has {len(node.input_tensors)} inputs: recursion "
                "lists a chain of layers; use field for a branching model"
            )
        chain.append((operation, node.input_tensors[0], node.output_tensors[0]))
        tensor = node.input_tensors[0]
    steps, size, jump, start = [], 1, 1, 0
    for operation, source, target in reversed(chain):
        in_size, out_size = _spatial(source), _spatial(target)
        if in_size is None or out_size is None:
            raise ValueError(f"layer {operation.name!r} leaves the image: no window to list")
        window = _window(operation, in_size)
        if window is None:
            name = type(operation).__name__
            if name in ("ZeroPadding2D", "Cropping2D"):
                shift = (
                    operation.padding[0][0]
                    if name == "ZeroPadding2D"
                    else -operation.cropping[0][0]
                )
                kernel, stride, rate, before = 1, 1, 1, shift
            elif in_size == out_size:
                continue
            else:
                _back(operation, [(0, 0), (0, 0)], in_size, out_size)  # raises the error
                continue  # pragma: no cover
        else:
            kernel, stride, rate, before = window[0]
        size += (kernel - 1) * rate * jump
        start -= before * jump
        jump *= stride
        steps.append(
            {
                "name": operation.name,
                "kernel": kernel,
                "stride": stride,
                "dilation": rate,
                "padding": before,
                "size": size,
                "jump": jump,
                "start": start,
            }
        )
    return steps
