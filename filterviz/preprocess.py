"""Input scaling: how images in [0, 1] become what a model expects, named, detected and applied.

filterviz's images are floats in [0, 1], the range a figure can show. Many
models expect something else: ``keras.applications`` models take 0–255 pixels
and scale them themselves (EfficientNet, a leading ``Rescaling`` layer) or
through their ``preprocess_input`` (VGG and ResNet: "caffe", BGR with the
ImageNet means subtracted; MobileNet and Inception: [-1, 1]; DenseNet:
"torch", standardised with the ImageNet means and deviations). Feeding such a
model [0, 1] images gives answers that look plausible and are wrong, so every
function that runs a model on images takes a ``preprocess`` argument:

- a name from :data:`CONVENTIONS`;
- ``"auto"``: :func:`detect` reads the model (a leading ``Rescaling`` layer,
  a keras.applications model's name, nested ones included) and falls back to
  ``"0-1"``, the convention of the shipped network;
- or any callable from a [0, 1] batch to the model's input.

Activation maximisation still optimises an image in [0, 1]: the scaling sits
between that image and the model, so the pattern stays displayable.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

__all__ = ["CONVENTIONS", "FAMILIES", "apply", "describe", "detect", "resolve"]

_IMAGENET_MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
_IMAGENET_STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)
_CAFFE_MEAN_BGR = np.array([103.939, 116.779, 123.68], dtype=np.float32)

#: What each named convention does to an image ``x`` in [0, 1].
CONVENTIONS = {
    "0-1": "x, unchanged",
    "0-255": "255 x",
    "-1-1": "2 x - 1",
    "caffe": "255 x with RGB turned to BGR and the ImageNet means (103.939, 116.779, 123.68) "
    "subtracted, as keras.applications' VGG and ResNet preprocess_input",
    "torch": "(x - ImageNet mean) / ImageNet standard deviation, per channel, as "
    "keras.applications' DenseNet preprocess_input",
}

#: keras.applications families (lower case, as the command line takes them) and their convention.
FAMILIES = {
    "vgg16": "caffe",
    "vgg19": "caffe",
    "resnet50": "caffe",
    "resnet101": "caffe",
    "resnet152": "caffe",
    "resnet_v2": "-1-1",
    "resnet50v2": "-1-1",
    "mobilenet": "-1-1",
    "mobilenet_v2": "-1-1",
    "mobilenet_v3": "0-255",  # MobileNetV3 rescales inside the model
    "inception_v3": "-1-1",
    "inception_resnet_v2": "-1-1",
    "xception": "-1-1",
    "nasnet": "-1-1",
    "densenet": "torch",
    "efficientnet": "0-255",  # EfficientNet rescales and normalises inside the model
    "efficientnet_v2": "0-255",
    "convnext": "0-255",
    "regnet": "0-255",
}

# Model names that keras.applications gives its models, and the family each belongs to.
_MODEL_NAMES = [
    (r"^vgg16$", "vgg16"),
    (r"^vgg19$", "vgg19"),
    (r"^resnet(50|101|152)$", "resnet50"),
    (r"^resnet(50|101|152)v2$", "resnet_v2"),
    (r"^mobilenet_[0-9.]+_\d+$", "mobilenet"),
    (r"^mobilenetv2_[0-9.]+_\d+$", "mobilenet_v2"),
    (r"^mobilenetv3(small|large)$", "mobilenet_v3"),
    (r"^inception_v3$", "inception_v3"),
    (r"^inception_resnet_v2$", "inception_resnet_v2"),
    (r"^xception$", "xception"),
    (r"^nasnet(mobile|large)$", "nasnet"),
    (r"^densenet(121|169|201)$", "densenet"),
    (r"^efficientnetb[0-7]$", "efficientnet"),
    (r"^efficientnetv2-", "efficientnet_v2"),
    (r"^convnext_", "convnext"),
    (r"^regnet[xy]", "regnet"),
]


def _scale(x, factor: float, offset: float = 0.0):
    return x * factor + offset


def _caffe(x):
    import keras

    bgr = keras.ops.flip(x, axis=-1) * 255.0
    return bgr - _CAFFE_MEAN_BGR


def _torch(x):
    return (x - _IMAGENET_MEAN) / _IMAGENET_STD


_FUNCTIONS: dict[str, Callable] = {
    "0-1": lambda x: x,
    "0-255": lambda x: _scale(x, 255.0),
    "-1-1": lambda x: _scale(x, 2.0, -1.0),
    "caffe": _caffe,
    "torch": _torch,
}


def _walk_front(model):
    """Yield the model's first layers after its input, descending into a nested first model."""
    import keras

    for layer in model.layers:
        if isinstance(layer, keras.layers.InputLayer):
            continue
        yield layer
        if isinstance(layer, keras.Model):
            yield from _walk_front(layer)
            return
        if type(layer).__name__ not in ("Rescaling", "Normalization", "Resizing"):
            return


def detect(model) -> tuple[str, str]:
    """Name the input convention a model most likely expects, and say why.

    Looks, in order, for a ``Rescaling`` layer at the front of the model (or
    of a nested first model), which means the model scales 0–255 pixels
    itself, and for the name keras.applications gives its models, at the top
    or nested (the transfer-learning shape ``Sequential([MobileNetV2(...),
    ...])``). Otherwise ``"0-1"``.

    Returns
    -------
    name : str
        A key of :data:`CONVENTIONS`.
    reason : str
        One line for the user, e.g. ``"model 'x' starts with Rescaling(1/255)"``.

    Examples
    --------
    >>> import keras
    >>> import filterviz
    >>> model = keras.Sequential(
    ...     [keras.Input((8, 8, 3)), keras.layers.Rescaling(1 / 255), keras.layers.Conv2D(2, 3)],
    ...     name="mine",
    ... )
    >>> filterviz.preprocess.detect(model)
    ('0-255', "model 'mine' starts with Rescaling(scale=0.00392, offset=0): it takes 0-255 pixels")
    """
    import keras

    for layer in _walk_front(model):
        if type(layer).__name__ == "Rescaling":
            scale = float(np.mean(layer.scale))
            offset = float(np.mean(layer.offset))
            if 0 < scale <= 1 / 100:
                return "0-255", (
                    f"model {model.name!r} starts with Rescaling(scale={scale:.3g}, "
                    f"offset={offset:g}): it takes 0-255 pixels"
                )
    names = [model.name] + [
        layer.name for layer in model.layers if isinstance(layer, keras.Model)
    ]
    for name in names:
        for pattern, family in _MODEL_NAMES:
            if re.search(pattern, name.lower()):
                convention = FAMILIES[family]
                where = "" if name == model.name else f" inside model {model.name!r}"
                return convention, (
                    f"{name!r}{where} is a keras.applications {family} model: its inputs are "
                    f"{CONVENTIONS[convention].split(',')[0]} ({convention!r})"
                )
    return "0-1", f"model {model.name!r} shows no input scaling: images in [0, 1] as they are"


def resolve(preprocess, model=None) -> tuple[Callable, str]:
    """Return the function for a ``preprocess`` argument and its name.

    Parameters
    ----------
    preprocess : str or callable
        ``"auto"`` (needs `model`), a key of :data:`CONVENTIONS` or of
        :data:`FAMILIES`, or a callable from a [0, 1] batch to the model input.
    model : keras.Model, optional
        The model, for ``"auto"``.

    Raises
    ------
    ValueError
        If the name is unknown (the message lists the known ones).
    TypeError
        If `preprocess` is neither a string nor callable.
    """
    if callable(preprocess):
        return preprocess, getattr(preprocess, "__name__", "a function")
    if not isinstance(preprocess, str):
        raise TypeError(
            "preprocess must be a convention name or a callable; "
            f"got {preprocess!r} ({type(preprocess).__name__})"
        )
    name = preprocess.lower()
    if name == "auto":
        if model is None:
            raise ValueError("preprocess='auto' needs the model to look at")
        name = detect(model)[0]
    name = FAMILIES.get(name, name)
    if name not in _FUNCTIONS:
        raise ValueError(
            f"preprocess must be 'auto', one of {', '.join(map(repr, CONVENTIONS))}, "
            f"a keras.applications family ({', '.join(sorted(FAMILIES))}) or a callable; "
            f"got {preprocess!r}"
        )
    return _FUNCTIONS[name], name


def describe(preprocess, model=None) -> str:
    """Return one line saying what ``preprocess`` does for `model`, for a command's output."""
    if isinstance(preprocess, str) and preprocess.lower() == "auto" and model is not None:
        name, reason = detect(model)
        return f"input scaling {name!r} ({CONVENTIONS[name]}), detected: {reason}"
    function, name = resolve(preprocess, model)
    what = CONVENTIONS.get(name, "a user function")
    return f"input scaling {name!r} ({what})"


def apply(images, preprocess="0-1", model=None):
    """Apply a ``preprocess`` argument to a batch of [0, 1] images (NumPy or backend tensor)."""
    function, _ = resolve(preprocess, model)
    return function(images)


def is_identity(preprocess, model=None) -> bool:
    """Whether ``preprocess`` leaves the images as they are (the ``"0-1"`` convention)."""
    return not callable(preprocess) and resolve(preprocess, model)[1] == "0-1"
