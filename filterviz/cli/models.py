"""Loading the model a command names, and fitting its options to that model.

MODEL is a ``.keras`` file, the shipped network (:mod:`filterviz.shipped`)
or a ``keras.applications`` network (:data:`APPLICATIONS`); ``--custom-objects``
imports the user's layers first. A file that cannot be a Keras model is refused
by the library's check before TensorFlow is imported. The layer, the images and
the input scaling are checked by :mod:`filterviz.model`; this module adds what
only the command line knows: ``--size``, ``--filters`` and the one-line note on
``--preprocess``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from filterviz.cli import CommandError, one_line

#: keras.applications models the command line builds by name, with ImageNet weights.
APPLICATIONS = {
    "vgg16": "VGG16",
    "vgg19": "VGG19",
    "resnet50": "ResNet50",
    "resnet50v2": "ResNet50V2",
    "mobilenet": "MobileNet",
    "mobilenet_v2": "MobileNetV2",
    "inception_v3": "InceptionV3",
    "xception": "Xception",
    "densenet121": "DenseNet121",
    "efficientnetb0": "EfficientNetB0",
    "convnext_tiny": "ConvNeXtTiny",
}


def import_keras(debug: bool) -> None:
    """Import Keras (and TensorFlow) without its start-up messages on stderr."""
    if "keras" in sys.modules or debug:
        import keras  # noqa: F401

        return
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 2)
        os.close(quiet)
        import keras  # noqa: F401
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def load(name: str, debug: bool, custom_objects: str | None = None):
    """Load MODEL: refuse a wrong file or --custom-objects first, then import Keras and load.

    Parameters
    ----------
    name : str
        MODEL: a ``.keras`` file, a shipped network's name or an
        :data:`APPLICATIONS` name.
    debug : bool
        --debug: let TensorFlow's start-up messages through.
    custom_objects : str, optional
        --custom-objects: a module or ``.py`` file to import first.

    Returns
    -------
    keras.Model
        The model.
    """
    from filterviz import shipped

    application = APPLICATIONS.get(name.lower()) if not Path(name).exists() else None
    if name not in shipped.SHIPPED and application is None:
        try:
            shipped.check_file(name)  # before the slow import
        except (FileNotFoundError, ValueError) as error:
            raise CommandError(str(error)) from None
    if custom_objects is not None:
        _check_custom_objects(custom_objects)
    import_keras(debug)
    if custom_objects is not None:
        _import_custom_objects(custom_objects)
    if application is not None:
        import keras

        # Keras downloads the ImageNet weights on first use, into its own cache.
        return getattr(keras.applications, application)(weights="imagenet")
    return shipped.load(name)


def _check_custom_objects(name: str) -> None:
    """Refuse a --custom-objects that names neither a .py file nor an importable module."""
    import importlib.util

    if name.endswith(".py"):
        if not Path(name).is_file():
            raise CommandError(f"--custom-objects: no such file {name!r}")
        return
    try:
        found = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        found = None
    if found is None:
        raise CommandError(
            f"--custom-objects: no module {name!r} on the Python path, and not a .py file"
        )


def _import_custom_objects(name: str) -> None:
    """Import the user's module (or file), whose import registers their custom layers."""
    import importlib
    import importlib.util

    try:
        if name.endswith(".py"):
            spec = importlib.util.spec_from_file_location(Path(name).stem, name)
            module = importlib.util.module_from_spec(spec)
            sys.modules[spec.name] = module
            spec.loader.exec_module(module)
        else:
            importlib.import_module(name)
    except Exception as error:  # noqa: BLE001 - any failure of the user's code, in one line
        raise CommandError(
            f"--custom-objects: importing {name!r} failed: {type(error).__name__}: "
            f"{one_line(error)}"
        ) from error


def say_scaling(loaded, preprocess: str) -> None:
    """Say in one line (stderr) what input scaling was assumed, where it is not plain [0, 1]."""
    from filterviz import preprocess as fv_preprocess

    if preprocess == "auto" and fv_preprocess.detect(loaded)[0] == "0-1":
        return
    print(f"filterviz: {fv_preprocess.describe(preprocess, loaded)}", file=sys.stderr)


def image_size(loaded, size: tuple[int, int] | None) -> tuple[int, int] | None:
    """Return the model's input (height, width), or --size where the model's is not fixed.

    The library would resize a fixed-size model's input to any size; the
    command line keeps the model's own and refuses another --size.
    """
    height, width = tuple(loaded.inputs[0].shape[1:3])
    if height is None or width is None:
        return size
    if size is not None and size != (height, width):
        raise CommandError(
            f"--size: the model takes {height}×{width} images only; got {size[0]}×{size[1]} "
            "(leave out --size)"
        )
    return (height, width)


def takes_grey(loaded) -> bool:
    """Whether the model takes one channel, so that the command turns its images grey."""
    shape = tuple(loaded.inputs[0].shape)
    return len(shape) == 4 and shape[3] == 1


def chosen_filters(args, count: int, default: int, layer_name: str) -> list[int]:
    """Return the filter indices --filters picks, the first `default` without it.

    Parameters
    ----------
    args : argparse.Namespace
        The command line, with or without ``filters``.
    count : int
        The layer's filters.
    default : int
        How many are drawn without --filters.
    layer_name : str
        The layer's name, for the message.
    """
    chosen = getattr(args, "filters", "default")
    if chosen == "default":
        return list(range(min(count, default)))
    if chosen is None:
        return list(range(count))
    bad = [index for index in chosen if index >= count]
    if bad:
        raise CommandError(
            f"--filters: layer {layer_name!r} has {count} filters, numbered 0 to {count - 1}; "
            f"got {', '.join(map(str, bad))}"
        )
    return chosen
