"""What a model's answer depends on: switching filters off, and hiding parts of the image.

- :func:`ablate` returns a copy of a model with some filters of one layer set to zero;
- :func:`occlusion_sensitivity` slides a grey square over each image and
  records how much the probability of its class drops (Zeiler & Fergus, 2014).
"""

from __future__ import annotations

import numpy as np

from filterviz import _validate, layers
from filterviz import preprocess as fv_preprocess
from filterviz.model import _check_fit, _check_model, _output_index, _predict, conv_layer

__all__ = ["ablate", "occlusion_sensitivity"]


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
        Name or depth; see :func:`~filterviz.model.conv_layer`.
    filters : int or sequence of int
        Indices of the filters to zero.

    Returns
    -------
    keras.Model
        A new model with the same architecture and the changed weights.

    Raises
    ------
    ValueError
        If a filter index is out of range, or as :func:`~filterviz.model.conv_layer`.
    """
    import keras

    found = conv_layer(model, layer)
    if filters is None:  # filter_indices would take None for all of them
        raise TypeError("filters must be one filter index or a list of them; got None")
    indices = layers.filter_indices(found, filters, scalar=True)
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
    _validate.finite_number(fill, "fill")
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
