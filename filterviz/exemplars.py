"""Dataset examples: the image patches that excite a filter most, cut at its receptive field.

Zeiler & Fergus (2014) show, beside every visualisation of a filter, the
parts of real images that make it respond most: without them a reader cannot
judge a visualisation. :func:`top_patches` finds them for any convolution of
any Keras model over any set of images: for each filter, the `k` images
whose strongest response (the layer's output, after its activation) is
highest, and in each the input window that the strongest output pixel sees
(:func:`filterviz.receptive.field`).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from filterviz import _validate

__all__ = ["TopPatches", "top_patches"]


class TopPatches(NamedTuple):
    """What :func:`top_patches` found, filter by filter (axis 0), strongest first (axis 1).

    Attributes
    ----------
    patches : numpy.ndarray
        Float32 ``(filters, k, height, width, channels)``: the receptive
        field of each output pixel, cut from its image. Parts of the window
        outside the image (the padding the layers add) hold `fill`.
    values : numpy.ndarray
        Float32 ``(filters, k)``: the response at that pixel.
    images : numpy.ndarray
        Int64 ``(filters, k)``: index of the image in the set.
    positions : numpy.ndarray
        Int64 ``(filters, k, 2)``: the output pixel, as (row, column).
    windows : numpy.ndarray
        Int64 ``(filters, k, 2)``: the image row and column where the patch's
        top-left corner lies (negative where the window starts in padding).
    filters : numpy.ndarray
        Int64 ``(filters,)``: which filters of the layer, in order.
    """

    patches: np.ndarray
    values: np.ndarray
    images: np.ndarray
    positions: np.ndarray
    windows: np.ndarray
    filters: np.ndarray


def _strongest(maps, picked, first, best_values, best_images, best_positions, k):
    """Merge one chunk's per-image maxima of the `picked` filters into the running top `k`.

    Each image's maximum comes from a reduction over the positions; where it
    lies is looked up only for the (image, filter) pairs that enter the top `k`.
    """
    count, height, width, _ = maps.shape
    flat = maps.reshape(count, height * width, maps.shape[3])
    picked = np.asarray(picked)
    values = flat.max(axis=1)[:, picked]  # (count, filters)
    filters = len(picked)
    indices = np.arange(first, first + count)
    all_values = np.concatenate([best_values, values.T], axis=1)  # (filters, kept + count)
    all_images = np.concatenate([best_images, np.broadcast_to(indices, (filters, count))], axis=1)
    kept = best_values.shape[1]
    new = np.full((filters, count), -1, np.int64)
    all_positions = np.concatenate([best_positions, new], axis=1)
    # Highest value first; on a tie, the earlier image (a stable sort on -value).
    order = np.argsort(-all_values, axis=1, kind="stable")[:, :k]
    top_values = np.take_along_axis(all_values, order, axis=1)
    top_images = np.take_along_axis(all_images, order, axis=1)
    top_positions = np.take_along_axis(all_positions, order, axis=1)
    rows, ranks = np.nonzero(order >= kept)  # entries from this chunk: find their pixel
    if rows.size:
        local = top_images[rows, ranks] - first
        top_positions[rows, ranks] = np.argmax(flat[local, :, picked[rows]], axis=1)
    return top_values, top_images, top_positions


def top_patches(
    model,
    layer,
    images,
    filters=None,
    k: int = 9,
    *,
    preprocess="auto",
    batch_size: int = 256,
    chunk: int = 1000,
    fill: float = 0.5,
) -> TopPatches:
    """Find, for each filter, the `k` image patches that excite it most.

    Each image gives at most one patch per filter, at its strongest output
    pixel, so the `k` patches come from `k` different images. The images are
    read `chunk` at a time, so a large set (the 10,000 CIFAR-10 test images)
    needs little memory.

    Parameters
    ----------
    model : keras.Model
        Any built Keras model with one image input of fixed size.
    layer : str, int or list of them
        Name, path or depth of a 2-D convolution; see
        :func:`filterviz.layers.find`. A list finds the patches of every
        layer in it from one forward pass per batch, and returns a list.
    images : array_like
        Float ``(N, H, W, C)`` in [0, 1] that fits the model, with
        ``N >= k``.
    filters : sequence of int, optional
        Which filters (default: all of the layer's). With a list of layers,
        one such sequence (or None) per layer.
    k : int, default 9
        Patches per filter.
    preprocess : str or callable, default "auto", keyword-only
        How images become the model's input; see :mod:`filterviz.preprocess`.
    batch_size : int, default 256, keyword-only
        Images per forward pass.
    chunk : int, default 1000, keyword-only
        Images whose feature maps are held at once.
    fill : float, default 0.5, keyword-only
        Value of the patch pixels that fall outside the image.

    Returns
    -------
    TopPatches or list of TopPatches
        Patches, responses, image indices, output pixels and window corners;
        one per layer for a list.

    Raises
    ------
    ValueError
        If `k` is not a positive integer up to the number of images, a filter
        index is out of range, or as :func:`filterviz.model.feature_maps` and
        :func:`filterviz.receptive.field` raise (a variable input size, a
        layer the field cannot be traced through).

    Examples
    --------
    >>> import keras, numpy as np
    >>> import filterviz
    >>> sum_3x3 = keras.layers.Conv2D(
    ...     1, 3, kernel_initializer="ones", use_bias=False)
    >>> model = keras.Sequential([keras.Input((6, 6, 1)), sum_3x3])
    >>> images = np.zeros((3, 6, 6, 1), np.float32)
    >>> images[1, 2:5, 1:4] = 1.0  # a bright square in image 1
    >>> found = filterviz.exemplars.top_patches(
    ...     model, 1, images, k=2)
    >>> found.images[0].tolist(), found.positions[0, 0].tolist()
    ([1, 0], [2, 1])
    >>> float(found.values[0, 0])
    9.0
    >>> found.patches[0, 0, ..., 0].tolist()
    [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]
    """
    from filterviz import layers
    from filterviz import model as fv_model
    from filterviz import preprocess as fv_preprocess

    many = isinstance(layer, (list, tuple))
    names = list(layer) if many else [layer]
    if many and not names:
        raise ValueError("layer must name at least one convolution; got an empty list")
    if many and filters is not None:
        sequences = isinstance(filters, (list, tuple)) and all(
            f is None or isinstance(f, (list, tuple, np.ndarray)) for f in filters
        )
        if not sequences or len(filters) != len(names):
            raise ValueError(
                f"filters must be None or one sequence of filter indices per layer "
                f"({len(names)} layers); got {filters!r}"
            )
        wanted = list(filters)
    else:
        wanted = [filters] * len(names)
    chosen = [
        layers.filter_indices(fv_model.conv_layer(model, name), picked)
        for name, picked in zip(names, wanted, strict=True)
    ]
    array = fv_model._check_fit(model, images, preprocess=preprocess)
    k = _validate.bounded_int(k, "k", 1, len(array), f"the set has {len(array)} images")
    chunk = _validate.positive_int(chunk, "chunk")
    fill = _validate.finite_number(fill, "fill")

    best = [
        (np.zeros((len(c), 0), np.float32), np.zeros((len(c), 0), np.int64),
         np.zeros((len(c), 0), np.int64))
        for c in chosen
    ]  # fmt: skip
    widths = [0] * len(names)
    batch_size = _validate.positive_int(batch_size, "batch_size")
    # One sub-model for all chunks: Keras compiles its forward pass once.
    sub_model = layers.submodel(model, names)
    scale, _ = fv_preprocess.resolve(preprocess, model)
    for first in range(0, len(array), chunk):
        maps = fv_model._predict(sub_model, array[first : first + chunk], batch_size, scale)
        for index, (layer_maps, picked) in enumerate(zip(maps, chosen, strict=True)):
            best[index] = _strongest(layer_maps, picked, first, *best[index], k)
            widths[index] = layer_maps.shape[2]
    found = [
        _cut(model, name, array, *kept, width, picked, fill)
        for name, kept, width, picked in zip(names, best, widths, chosen, strict=True)
    ]
    return found if many else found[0]


def _cut(model, layer, array, values, indices, where, out_width, chosen, fill) -> TopPatches:
    """Cut each top image at the receptive field of its strongest output pixel."""
    from filterviz import receptive

    positions = np.stack([where // out_width, where % out_width], axis=-1)
    fields = {}
    for position in {tuple(p) for p in positions.reshape(-1, 2).tolist()}:
        fields[position] = receptive.field(model, layer, position)
    height = max(len(f.unclipped_rows) for f in fields.values())
    width = max(len(f.unclipped_columns) for f in fields.values())
    patches = np.full((*indices.shape, height, width, array.shape[3]), fill, np.float32)
    corners = np.zeros((*indices.shape, 2), np.int64)
    for f_index, rank in np.ndindex(indices.shape):
        window = fields[tuple(positions[f_index, rank].tolist())]
        cut = receptive.crop(array[indices[f_index, rank]], window, fill)
        patches[f_index, rank, : cut.shape[0], : cut.shape[1]] = cut
        corners[f_index, rank] = (window.unclipped_rows.start, window.unclipped_columns.start)
    return TopPatches(patches, values.astype(np.float32), indices, positions, corners, chosen)
