"""Activation maximisation: for all filters of a layer at once, the input that excites each most.

One batched, compiled gradient ascent (TensorFlow or JAX) with one image per
filter, jitter, and L2 and total-variation penalties; see
:func:`maximize_activation`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from filterviz import _validate, layers
from filterviz import preprocess as fv_preprocess
from filterviz.model import _check_backend, conv_layer

__all__ = ["maximize_activation"]


def _ascent_functions(sub_model, layer, l2, tv, position, learning_rate, scale):
    """Return compiled (step, score) functions for the Keras backend in use.

    ``step(z, shift, index)`` shifts the batch by ``shift = (rows,
    columns)``, takes one normalised gradient-ascent step on the objective of
    image ``k`` raising filter ``index[k]``, and shifts back; ``score(z,
    index)`` gives each image's response. Both keep the tensors on the
    backend: only the jitter goes in and only the result comes out, so the
    loop costs little beyond the arithmetic. `sub_model` maps images to the
    layer's input; the response is the layer's convolution plus bias, before
    its activation.
    """
    import keras

    backend = keras.backend.backend()
    response = layers.linear_copy(layer)
    ops = keras.ops

    def objective(z, index):
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
        picked = ops.take_along_axis(per_filter, index[:, None], axis=1)[:, 0]
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
        def step(z, shift, index):
            z = tf.roll(z, shift=shift, axis=[1, 2])
            with tf.GradientTape() as tape:
                tape.watch(z)
                picked, score = objective(z, index)
                total = tf.reduce_sum(score)
            z = update(z, tape.gradient(total, z))
            return tf.roll(z, shift=-shift, axis=[1, 2]), picked

        score = tf.function(lambda z, index: objective(z, index)[0], reduce_retracing=True)
        return step, score
    if backend == "jax":
        import jax
        import jax.numpy as jnp

        def total(z, index):
            picked, score = objective(z, index)
            return score.sum(), picked

        gradient_of = jax.grad(total, has_aux=True)

        @jax.jit
        def step(z, shift, index):
            z = jnp.roll(z, shift, axis=(1, 2))
            gradient, picked = gradient_of(z, index)
            return jnp.roll(update(z, gradient), -shift, axis=(1, 2)), picked

        return step, jax.jit(lambda z, index: objective(z, index)[0])
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
    batch_size: int | None = None,
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
        Name or depth; see :func:`~filterviz.model.conv_layer`.
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
    batch_size : int, optional, keyword-only
        How many filters' images are optimised together (default: all of
        them, in one batch). Each image's ascent is independent of the
        others, so this changes the speed and memory use only, not the
        result (beyond floating-point rounding): a smaller batch holds fewer
        activations at once.

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
    chosen = layers.filter_indices(found, filters)
    steps = _validate.steps(steps)
    if batch_size is None:
        batch_size = len(chosen)
    batch_size = _validate.positive_int(batch_size, "batch_size")
    jitter = _validate.non_negative_int(jitter, "jitter")
    for name, value in (("learning_rate", learning_rate), ("l2", l2), ("tv", tv)):
        _validate.non_negative_number(value, name)
    if isinstance(position, str) and position == "center":
        position = (None, None)
    elif position is not None:
        valid = (
            isinstance(position, (tuple, list))
            and len(position) == 2
            and all(_validate.is_int(p) and p >= 0 for p in position)
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
        sub_model, found, float(l2), float(tv), position, float(learning_rate), scale
    )
    rng = np.random.default_rng(seed)
    start = rng.normal(0.0, 0.1, size=(len(chosen), height, width, channels)).astype(np.float32)
    # Images are independent of each other (the jitter is shared), so the
    # filters can be optimised in batches of `batch_size` to bound memory.
    batches = range(0, len(chosen), batch_size)
    z = [keras.ops.convert_to_tensor(start[i : i + batch_size]) for i in batches]
    index = [keras.ops.convert_to_tensor(chosen[i : i + batch_size], "int32") for i in batches]
    for count in range(steps):
        shift = rng.integers(-jitter, jitter + 1, size=2) if jitter else np.zeros(2, np.int64)
        shift = keras.ops.convert_to_tensor(shift.astype(np.int32))
        z = [step(part, shift, filters)[0] for part, filters in zip(z, index, strict=True)]
        if progress is not None:
            progress(count + 1, steps)
    patterns = np.concatenate(
        [keras.ops.convert_to_numpy(keras.ops.sigmoid(part)) for part in z]
    ).astype(np.float32)
    if return_scores:
        scores = [score(part, filters) for part, filters in zip(z, index, strict=True)]
        return patterns, np.concatenate([keras.ops.convert_to_numpy(s) for s in scores]).astype(
            np.float32
        )
    return patterns


