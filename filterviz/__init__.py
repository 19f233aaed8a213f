"""filterviz: see how the weights of a convolutional filter decide what it detects.

Modules, each one thing:

- :mod:`filterviz.kernels`: hand-made kernels as named NumPy weights;
- :mod:`filterviz.conv`: convolution with Keras and a NumPy reference;
- :mod:`filterviz.data`: sample images and your own photos and image folders;
- :mod:`filterviz.cifar10`: the full CIFAR-10 set, for training and the package's own commands;
- :mod:`filterviz.plot`: the figures of the site;
- :mod:`filterviz.layers`: the 2-D convolutions of any Keras model, nested ones included;
- :mod:`filterviz.preprocess`: how images in [0, 1] become what a model expects;
- :mod:`filterviz.receptive`: which input pixels one output pixel of a layer sees;
- :mod:`filterviz.model`: looking inside any Keras model (layers, filters, feature maps);
- :mod:`filterviz.shipped`: the networks that ship inside filterviz, loaded safely;
- :mod:`filterviz.maximize`: the input that excites each filter most;
- :mod:`filterviz.attribution`: ablation and occlusion, what an answer depends on;
- :mod:`filterviz.fitting`: learned filters fitted with Gabor and colour-opponent kernels;
- :mod:`filterviz.exemplars`: the image patches that excite a filter most;
- :mod:`filterviz.comparison`: networks trained on colour and on grey images, compared.

Submodules load on first use, so ``import filterviz`` stays fast and does not
import TensorFlow.
"""

from __future__ import annotations

import importlib

_SUBMODULES = (
    "kernels",
    "conv",
    "data",
    "cifar10",
    "plot",
    "layers",
    "preprocess",
    "receptive",
    "model",
    "shipped",
    "maximize",
    "attribution",
    "fitting",
    "exemplars",
    "comparison",
)
_SHORTCUTS = {"sample_images": "data"}

__all__ = [*_SUBMODULES, *_SHORTCUTS, "__version__"]


def __getattr__(name: str):
    if name == "__version__":  # looked up on demand: reading metadata slows every start
        from importlib import metadata

        try:
            return metadata.version("filterviz")
        except metadata.PackageNotFoundError:  # running from a source tree
            return "0+unknown"
    if name in _SUBMODULES:
        return importlib.import_module(f"filterviz.{name}")
    if name in _SHORTCUTS:
        return getattr(importlib.import_module(f"filterviz.{_SHORTCUTS[name]}"), name)
    raise AttributeError(f"module 'filterviz' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
