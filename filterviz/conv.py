"""Convolution, the way a Keras ``Conv2D`` layer computes it.

Two implementations that agree to 1e-5:

- :func:`apply` runs on Keras 3, so it uses whichever backend Keras is set to
  (TensorFlow by default, where it calls ``tf.nn.conv2d``, the op a
  ``Conv2D`` layer runs; ``keras.ops.conv`` on any other backend);
- :func:`correlate` is plain NumPy, written to be read: a sum over the kernel's
  positions. The tests and the teaching pages use it as the reference.

Both take images ``(N, H, W, C)`` and weights ``(kh, kw, C, out)``, and compute
cross-correlation (the kernel is not flipped), as Keras does. Padding is
``"valid"`` (none) or ``"same"``; at stride 2 ``"same"`` pads one pixel more
at the bottom and right than at the top and left, as TensorFlow does.
:func:`filter_images` is the shortcut for hand-made kernels.
"""

from __future__ import annotations

import numpy as np

from filterviz import _validate, kernels

__all__ = ["apply", "correlate", "filter_images", "output_size", "same_padding"]

PADDINGS = ("valid", "same")
ACTIVATIONS = (None, "linear", "relu")


def same_padding(size: int, kernel_size: int, stride: int = 1) -> tuple[int, int]:
    """Return the zeros that ``"same"`` padding adds before and after one axis.

    Keras (TensorFlow) pads so that the output has ``ceil(size / stride)``
    pixels, and puts the odd pixel, if any, after.

    Parameters
    ----------
    size : int
        Length of the input axis.
    kernel_size : int
        Length of the kernel along that axis.
    stride : int, default 1
        Step between windows.

    Returns
    -------
    tuple of int
        ``(before, after)``.

    Examples
    --------
    >>> from filterviz.conv import same_padding
    >>> same_padding(32, 3, 1)
    (1, 1)
    >>> same_padding(32, 3, 2)  # asymmetric: one pixel, after
    (0, 1)
    """
    size = _validate.positive_int(size, "size")
    kernel_size = _validate.positive_int(kernel_size, "kernel_size")
    stride = _validate.positive_int(stride, "stride")
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel_size - size, 0)
    return total // 2, total - total // 2


def output_size(size: int, kernel_size: int, stride: int = 1, padding: str = "valid") -> int:
    """Return the length of one output axis of a convolution.

    Parameters
    ----------
    size : int
        Length of the input axis.
    kernel_size : int
        Length of the kernel along that axis.
    stride : int, default 1
        Step between windows.
    padding : {"valid", "same"}, default "valid"
        Keras padding mode.

    Returns
    -------
    int
        ``floor((size - kernel_size) / stride) + 1`` for ``"valid"``,
        ``ceil(size / stride)`` for ``"same"``.

    Raises
    ------
    ValueError
        If the kernel does not fit a ``"valid"`` input, or an argument is out
        of range.

    Examples
    --------
    >>> from filterviz.conv import output_size
    >>> output_size(32, 3)
    30
    >>> output_size(32, 3, stride=2, padding="same")
    16
    """
    size = _validate.positive_int(size, "size")
    kernel_size = _validate.positive_int(kernel_size, "kernel_size")
    stride = _validate.positive_int(stride, "stride")
    _validate.choice(padding, "padding", PADDINGS)
    if padding == "same":
        return -(-size // stride)
    if kernel_size > size:
        raise ValueError(
            f"kernel_size {kernel_size} is larger than the input ({size}) with padding='valid'"
        )
    return (size - kernel_size) // stride + 1


def _check(images, weights, stride, padding, bias, activation, unit_range=False):
    x = _validate.images(images, "images", unit_range=unit_range)
    w = _validate.weights(weights, "weights")
    if x.shape[3] != w.shape[2]:
        raise ValueError(
            f"weights expect {w.shape[2]} input channel(s) (weights.shape[2]); "
            f"images have {x.shape[3]} (images.shape[3])"
        )
    strides = _validate.positive_int(stride, "stride", pair=True)
    _validate.choice(padding, "padding", PADDINGS)
    _validate.choice(activation, "activation", ACTIVATIONS)
    if padding == "valid" and (w.shape[0] > x.shape[1] or w.shape[1] > x.shape[2]):
        raise ValueError(
            f"weights of size {w.shape[:2]} do not fit images of size {x.shape[1:3]} "
            "with padding='valid'"
        )
    b = None
    if bias is not None:
        b = _validate.numeric_array(bias, "bias").astype(np.float32)
        if b.ndim == 0:
            b = np.full(w.shape[3], float(b), dtype=np.float32)
        if b.shape != (w.shape[3],):
            raise ValueError(
                f"bias must be a number or have shape ({w.shape[3]},), one per output channel; "
                f"got shape {b.shape}"
            )
        _validate.finite(b, "bias")
    return x, w, strides, b


def correlate(
    images,
    weights,
    stride: int | tuple[int, int] = 1,
    padding: str = "valid",
    bias=None,
    activation: str | None = None,
) -> np.ndarray:
    """Cross-correlate images with weights in plain NumPy (the reference).

    For each kernel position ``(i, j)`` the shifted image is multiplied by the
    weights at that position and summed over input channels; the nine (for a
    3×3 kernel) partial results are added up. Accumulates in float64.

    Parameters
    ----------
    images : array_like
        Batch ``(N, H, W, C)`` of real numbers (any range).
    weights : array_like
        Keras ``Conv2D`` weights ``(kh, kw, C, out)``.
    stride : int or (int, int), default 1
        Step between windows, along rows and columns.
    padding : {"valid", "same"}, default "valid"
        Keras padding mode; see :func:`same_padding`.
    bias : float or array_like, optional
        Added to each output channel (one number, or one per channel).
    activation : {None, "linear", "relu"}, optional
        Applied after the bias.

    Returns
    -------
    numpy.ndarray
        Float32 feature maps ``(N, H', W', out)``.

    Raises
    ------
    TypeError
        If the images or weights are not real numbers, or the images are not
        floating point.
    ValueError
        If a shape, rank, stride, padding or activation is wrong, the channels
        do not match, or a value is NaN or infinite.

    Examples
    --------
    >>> import numpy as np
    >>> from filterviz import conv, kernels
    >>> image = np.zeros((1, 4, 4, 1), dtype=np.float32)
    >>> image[0, :, 2:, 0] = 1.0  # dark left half, bright right half
    >>> weights = kernels.to_conv_weights("vertical_edge", in_channels=1)
    >>> conv.correlate(image, weights)[0, :, :, 0]
    array([[1., 1.],
           [1., 1.]], dtype=float32)
    """
    return _correlate(
        *_check(images, weights, stride, padding, bias, activation), padding, activation
    )


def _correlate(x, w, strides, b, padding, activation):
    sh, sw = strides
    n, height, width, _ = x.shape
    kh, kw, _, out_channels = w.shape
    if padding == "same":
        top, bottom = same_padding(height, kh, sh)
        left, right = same_padding(width, kw, sw)
        x = np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)))
        out_h, out_w = -(-height // sh), -(-width // sw)
    else:
        out_h, out_w = (height - kh) // sh + 1, (width - kw) // sw + 1
    result = np.zeros((n, out_h, out_w, out_channels), dtype=np.float64)
    for i in range(kh):
        for j in range(kw):
            window = x[:, i : i + (out_h - 1) * sh + 1 : sh, j : j + (out_w - 1) * sw + 1 : sw, :]
            result += window @ w[i, j].astype(np.float64)
    if b is not None:
        result += b
    if activation == "relu":
        result = np.maximum(result, 0.0)
    return result.astype(np.float32)


def apply(
    images,
    weights,
    stride: int | tuple[int, int] = 1,
    padding: str = "valid",
    bias=None,
    activation: str | None = None,
) -> np.ndarray:
    """Convolve images with weights on Keras 3, as a ``Conv2D`` layer does.

    Same arguments and result as :func:`correlate`, computed on the
    configured Keras backend: ``tf.nn.conv2d`` on TensorFlow (the default),
    ``keras.ops.conv`` on the others.

    Parameters
    ----------
    images : array_like
        Batch ``(N, H, W, C)`` of real numbers (any range).
    weights : array_like
        Keras ``Conv2D`` weights ``(kh, kw, C, out)``.
    stride : int or (int, int), default 1
        Step between windows, along rows and columns.
    padding : {"valid", "same"}, default "valid"
        Keras padding mode.
    bias : float or array_like, optional
        Added to each output channel.
    activation : {None, "linear", "relu"}, optional
        Applied after the bias.

    Returns
    -------
    numpy.ndarray
        Float32 feature maps ``(N, H', W', out)``.

    Raises
    ------
    TypeError
        As :func:`correlate`.
    ValueError
        As :func:`correlate`.

    Examples
    --------
    >>> import numpy as np
    >>> from filterviz import conv, kernels
    >>> rng = np.random.default_rng(0)
    >>> images = rng.random((2, 8, 8, 3), dtype=np.float32)
    >>> weights = kernels.to_conv_weights(["diagonal", "sobel_x"])
    >>> keras_out = conv.apply(images, weights, stride=2, padding="same")
    >>> keras_out.shape
    (2, 4, 4, 2)
    >>> bool(np.allclose(keras_out, conv.correlate(images, weights, 2, "same"), atol=1e-5))
    True
    """
    return _apply(*_check(images, weights, stride, padding, bias, activation), padding, activation)


def _apply(x, w, strides, b, padding, activation):
    import keras

    if keras.backend.backend() == "tensorflow":
        # The same Conv2D op that keras.ops.conv reaches through tf.nn.convolution,
        # whose extra dispatch measured about 20% of a 10,000-image call here.
        import tensorflow as tf

        result = tf.nn.conv2d(x, w, strides=strides, padding=padding.upper())
    else:
        result = keras.ops.conv(x, w, strides=strides, padding=padding, data_format="channels_last")
    if b is not None:
        result = result + b
    if activation == "relu":
        result = keras.ops.relu(result)
    return np.asarray(keras.ops.convert_to_numpy(result), dtype=np.float32)


def filter_images(
    images,
    kernel_names,
    mode: str = "sum",
    stride: int | tuple[int, int] = 1,
    padding: str = "valid",
    bias=None,
    activation: str | None = None,
    engine: str = "keras",
) -> np.ndarray:
    """Apply hand-made kernels to images in [0, 1].

    The shortcut the gallery uses: kernels are lifted with
    :func:`filterviz.kernels.to_conv_weights` and applied with :func:`apply`
    (``engine="keras"``) or :func:`correlate` (``engine="numpy"``).

    Parameters
    ----------
    images : array_like
        Batch ``(N, H, W, C)`` of floats in [0, 1].
    kernel_names : str, array or sequence of them
        Kernels as accepted by :func:`filterviz.kernels.to_conv_weights`.
    mode : {"sum", "mean", "per_channel"}, default "sum"
        How a 2-D kernel meets the channels; see
        :func:`filterviz.kernels.to_conv_weights`.
    stride : int or (int, int), default 1
        Step between windows.
    padding : {"valid", "same"}, default "valid"
        Keras padding mode.
    bias : float or array_like, optional
        Added to each output channel.
    activation : {None, "linear", "relu"}, optional
        Applied after the bias.
    engine : {"keras", "numpy"}, default "keras"
        Which implementation computes the result.

    Returns
    -------
    numpy.ndarray
        Float32 feature maps ``(N, H', W', out)``.

    Raises
    ------
    TypeError
        If the images are not floating point.
    ValueError
        If the images are not a non-empty 4-D batch of finite values in
        [0, 1], a kernel is unknown or malformed, or another argument is out
        of range.

    Examples
    --------
    >>> import numpy as np
    >>> from filterviz import conv
    >>> flat = np.full((1, 5, 5, 3), 0.5, dtype=np.float32)
    >>> out = conv.filter_images(flat, ["sobel_x", "box_blur"], engine="numpy")
    >>> out.shape
    (1, 3, 3, 2)
    >>> [round(float(v), 4) for v in out[0, 1, 1]]  # edges see nothing; blur keeps 3 x 0.5
    [0.0, 1.5]
    """
    _validate.choice(engine, "engine", ("keras", "numpy"))
    channels = np.shape(images)[-1] if np.ndim(images) == 4 else 3
    weights = kernels.to_conv_weights(kernel_names, in_channels=channels, mode=mode)
    checked = _check(images, weights, stride, padding, bias, activation, unit_range=True)
    run = _apply if engine == "keras" else _correlate
    return run(*checked, padding, activation)
