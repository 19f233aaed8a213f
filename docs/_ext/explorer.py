"""Sphinx extension for the network explorer page.

The ``explorer`` directive places the explorer in a page; the page then loads
from ``_static/explorer/``:

- ``explorer.css`` and ``explorer.js``, copied from ``docs/_static/explorer/``, and
  ``image_input/image_input.js`` and ``.css``, the shared reader of a person's
  own image;
- ``model.js``, written by this extension when an HTML build starts: the
  shipped network (:func:`filterviz.shipped.load`) as a list of layers, each
  with what the browser needs to compute it (weights as byte planes in base64,
  the largest array in 20-bit fixed point, see :func:`encode_arrays`), the
  sample images of every data set brought to 32×32 RGB as the command line
  brings files (:func:`sample_data`), and the colour maps of
  :mod:`filterviz.plot` as lookup tables.

The exporter walks the model's layers rather than assuming the shipped
architecture, so a network retrained with other widths or kernel sizes is
shown as it is; a layer type the page cannot compute stops the build with a
message that names it (:func:`export_model`).

The data is a script, not JSON fetched at run time, so the page also works
when opened from the file system.
"""

from __future__ import annotations

import base64
from pathlib import Path

import numpy as np
import page_data
from docutils import nodes
from sphinx.util.docutils import SphinxDirective

STATIC_FOLDER = "explorer"
DATA_FILE = "model.js"
#: The name the data script gives its object on ``window``.
DATA_GLOBAL = "FILTERVIZ_EXPLORER_DATA"
MODEL_NAME = "cifar10_cnn"
#: The sample images the page offers, per data set of :func:`filterviz.sample_images`.
SAMPLES = {"cifar10": 10, "cifar100": 5, "mnist": 5, "fashion_mnist": 5, "imagenet": 5}
DATASET_TITLES = {
    "cifar10": "CIFAR-10",
    "cifar100": "CIFAR-100",
    "mnist": "MNIST",
    "fashion_mnist": "Fashion-MNIST",
    "imagenet": "ImageNet",
}
#: The array with the most weights (the shipped network's conv4 kernel, three quarters
#: of all) is stored in fixed point: per filter (last axis) a float32 scale, the largest
#: |weight| of the filter over 2**19 - 1, and each weight as a 20-bit integer times it;
#: at most half a step off, 3.9e-7 on the shipped conv4. With every weight in float32
#: the page weighed 1.78 MB gzipped, above its 1.5 MB budget; float32 rounded to 3
#: bytes was as small as 20-bit fixed point but three times as far off (root mean
#: square 4.0e-7 against 1.3e-7), which moved the depth-4 maps by up to 8.7e-5,
#: close to the 1e-4 the tests allow (benchmarks/bench_explorer.py prints both).
#: Every other array is stored exactly, as float32.
LARGEST_LAYER_BITS = 20
FIXED = f"fixed{LARGEST_LAYER_BITS}"
#: The gallery page of each depth, relative to the site's root, when the example exists.
DEPTH_PAGE = "auto_examples/layer_depth/plot_{depth:02d}_depth_{depth}"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
#: Layer types the page computes, with what is exported of each (see export_model).
KNOWN_LAYERS = (
    "InputLayer",
    "Conv2D",
    "BatchNormalization",
    "MaxPooling2D",
    "GlobalAveragePooling2D",
    "Dense",
)
ACTIVATIONS = ("linear", "relu", "softmax")


class explorer_node(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Where the explorer goes in a page."""


def visit_explorer_html(self, node):
    self.body.append(
        '<div id="fv-explorer" class="fv-explorer" data-ready="false">'
        '<noscript><p class="fv-noscript">The explorer runs the network in your browser and '
        "needs JavaScript. The layer-depth pages of the gallery show the same network as "
        "figures.</p></noscript>"
        '<p class="fv-loading">Loading the network…</p>'
        "</div>"
    )
    raise nodes.SkipNode


def skip_explorer(self, node):
    raise nodes.SkipNode


class ExplorerDirective(SphinxDirective):
    """Insert the network explorer (HTML output only)."""

    has_content = False

    def run(self):
        return [explorer_node()]


def _activation(layer) -> str:
    name = layer.get_config().get("activation", "linear")
    if name not in ACTIVATIONS:
        raise ValueError(
            f"explorer: layer {layer.name!r} has activation {name!r}; the page computes "
            f"{', '.join(map(repr, ACTIVATIONS))}"
        )
    return name


def _pair(value, what: str, layer) -> list[int]:
    pair = [int(value)] * 2 if np.isscalar(value) else [int(v) for v in value]
    if len(pair) != 2:
        raise ValueError(f"explorer: layer {layer.name!r} has {what} {value!r}; expected two ints")
    return pair


def _channels_last(layer):
    data_format = layer.get_config().get("data_format", "channels_last")
    if data_format not in (None, "channels_last"):
        raise ValueError(
            f"explorer: layer {layer.name!r} has data_format {data_format!r}; the page computes "
            "channels_last only"
        )


def export_model(model) -> tuple[list[dict], dict[str, np.ndarray]]:
    """Describe `model` layer by layer for the page; return the layers and their arrays.

    Parameters
    ----------
    model : keras.Model
        A chain of layers of :data:`KNOWN_LAYERS`, each fed by the one before.

    Returns
    -------
    layers : list of dict
        Per layer: ``name``, ``type``, ``outputShape`` and its settings
        (kernel size, strides, padding, activation, epsilon, pool size), with
        the names of its arrays under ``arrays``.
    arrays : dict of str to numpy.ndarray
        Float32 weights by ``"layer/what"`` (Keras' layouts: a kernel is
        ``(kh, kw, in, out)``).

    Raises
    ------
    ValueError
        If a layer is of a type the page does not compute, has settings it does
        not compute (dilation, groups, channels_first, other activations), or
        is not fed by the layer before it.
    """
    layers, arrays = [], {}
    previous = None
    for layer in model.layers:
        kind = type(layer).__name__
        if kind not in KNOWN_LAYERS:
            raise ValueError(
                f"explorer: layer {layer.name!r} is a {kind}, which the explorer page does not "
                f"compute; it computes {', '.join(KNOWN_LAYERS)}"
            )
        if previous is not None and layer.input is not previous.output:
            raise ValueError(
                f"explorer: layer {layer.name!r} is not fed by the layer before it "
                f"({previous.name!r}); the page computes a chain of layers only"
            )
        previous = layer
        entry = {
            "name": layer.name,
            "type": kind,
            "outputShape": [int(n) for n in layer.output.shape[1:]],
            "arrays": [],
        }
        config = layer.get_config()
        weights = [np.asarray(w, dtype=np.float32) for w in layer.get_weights()]
        if kind == "InputLayer":
            if len(entry["outputShape"]) != 3:
                raise ValueError(
                    f"explorer: the input {layer.name!r} has shape {entry['outputShape']}; "
                    "expected (height, width, channels)"
                )
        elif kind == "Conv2D":
            _channels_last(layer)
            if _pair(config.get("dilation_rate", 1), "dilation_rate", layer) != [1, 1]:
                raise ValueError(f"explorer: layer {layer.name!r} is dilated; the page is not")
            if int(config.get("groups", 1)) != 1:
                raise ValueError(f"explorer: layer {layer.name!r} is grouped; the page is not")
            kernel = weights[0]
            bias = weights[1] if config.get("use_bias", True) else np.zeros(kernel.shape[-1])
            entry.update(
                kernel=list(kernel.shape),
                strides=_pair(config["strides"], "strides", layer),
                padding=config["padding"],
                activation=_activation(layer),
            )
            arrays[f"{layer.name}/kernel"] = kernel
            arrays[f"{layer.name}/bias"] = np.asarray(bias, dtype=np.float32)
            entry["arrays"] = [f"{layer.name}/kernel", f"{layer.name}/bias"]
        elif kind == "BatchNormalization":
            axis = config.get("axis", -1)
            axis = axis[0] if isinstance(axis, (list, tuple)) and len(axis) == 1 else axis
            if axis not in (-1, 3):
                raise ValueError(
                    f"explorer: layer {layer.name!r} normalises axis {axis!r}; the page "
                    "normalises the channels (axis -1)"
                )
            channels = entry["outputShape"][-1]
            named = dict(zip([w.path.split("/")[-1] for w in layer.weights], weights, strict=True))
            parts = {
                "gamma": named.get("gamma", np.ones(channels, np.float32)),
                "beta": named.get("beta", np.zeros(channels, np.float32)),
                "mean": named["moving_mean"],
                "variance": named["moving_variance"],
            }
            entry["epsilon"] = float(config["epsilon"])
            for part, values in parts.items():
                arrays[f"{layer.name}/{part}"] = np.asarray(values, dtype=np.float32)
                entry["arrays"].append(f"{layer.name}/{part}")
        elif kind == "MaxPooling2D":
            _channels_last(layer)
            pool = _pair(config["pool_size"], "pool_size", layer)
            strides = config.get("strides") or pool
            entry.update(
                pool=pool,
                strides=_pair(strides, "strides", layer),
                padding=config["padding"],
            )
        elif kind == "GlobalAveragePooling2D":
            _channels_last(layer)
            if config.get("keepdims"):
                raise ValueError(f"explorer: layer {layer.name!r} keeps dimensions; expected not")
        elif kind == "Dense":
            kernel = weights[0]
            bias = weights[1] if config.get("use_bias", True) else np.zeros(kernel.shape[-1])
            entry["activation"] = _activation(layer)
            arrays[f"{layer.name}/kernel"] = kernel
            arrays[f"{layer.name}/bias"] = np.asarray(bias, dtype=np.float32)
            entry["arrays"] = [f"{layer.name}/kernel", f"{layer.name}/bias"]
        layers.append(entry)
    if not layers or layers[0]["type"] != "InputLayer":
        raise ValueError("explorer: the model has no input layer to start from")
    return layers, arrays


def reduced_arrays(arrays: dict[str, np.ndarray]) -> dict[str, str]:
    """How each array is stored: the largest in :data:`FIXED`, the others as ``"float32"``."""
    largest = max(arrays, key=lambda name: arrays[name].size)
    return {name: (FIXED if name == largest else "float32") for name in arrays}


def _fixed_point(array: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The integers and per-filter float32 scales of `array` in :data:`FIXED`."""
    array = np.asarray(array, dtype=np.float32)
    largest = (1 << (LARGEST_LAYER_BITS - 1)) - 1
    peak = np.abs(array).reshape(-1, array.shape[-1]).max(axis=0)
    scales = (np.where(peak > 0, peak, 1) / np.float32(largest)).astype(np.float32)
    integers = np.rint(array.astype(np.float64) / scales.astype(np.float64))
    return np.clip(integers, -largest, largest).astype(np.int64), scales


def stored_values(array: np.ndarray, encoding: str) -> np.ndarray:
    """Return `array` as the page decodes it when stored in `encoding`.

    ``"float32"`` is exact; :data:`FIXED` gives each weight as its integer times
    its filter's scale, computed in double precision and rounded to float32, as
    the page computes it.
    """
    array = np.ascontiguousarray(array, dtype=np.float32)
    if encoding == "float32":
        return array.copy()
    if encoding != FIXED:
        raise ValueError(f"encoding must be 'float32' or {FIXED!r}; got {encoding!r}")
    integers, scales = _fixed_point(array)
    return (integers * scales.astype(np.float64)).astype(np.float32)


def encode_arrays(arrays: dict[str, np.ndarray], encodings: dict[str, str]) -> tuple[str, list]:
    """Pack float32 arrays into one base64 string of byte planes.

    A ``"float32"`` array is stored plane by plane: first the highest byte of
    every value (sign and exponent, which vary little and compress well under
    gzip), then the next, down to the lowest. A :data:`FIXED` array stores its
    per-filter scales as float32 the same way, then its integers in two's
    complement: the highest 8 bits of every value, the next 8, then the last 4
    bits, two values to a byte. The page puts the values back together.

    Returns
    -------
    text : str
        Base64 of all arrays' planes, one array after another.
    index : list of dict
        ``name``, ``shape``, ``offset`` (bytes into the decoded data) and
        ``encoding`` of each array.
    """
    chunks, index, offset = [], [], 0

    def planes(values: np.ndarray) -> bytes:
        as_bytes = np.ascontiguousarray(values, dtype=np.float32).ravel().view(np.uint8)
        as_bytes = as_bytes.reshape(-1, 4)  # little-endian: byte 3 is the highest
        return np.concatenate([as_bytes[:, byte] for byte in (3, 2, 1, 0)]).tobytes()

    for name, array in arrays.items():
        encoding = encodings[name]
        if encoding == "float32":
            data = planes(array)
        elif encoding == FIXED:
            integers, scales = _fixed_point(array)
            bits = LARGEST_LAYER_BITS
            unsigned = (integers.ravel() & ((1 << bits) - 1)).astype(np.uint32)
            low = (unsigned & 0xF).astype(np.uint8)
            if low.size % 2:
                low = np.append(low, np.uint8(0))
            data = b"".join(
                [
                    planes(scales),
                    (unsigned >> (bits - 8)).astype(np.uint8).tobytes(),
                    ((unsigned >> 4) & 0xFF).astype(np.uint8).tobytes(),
                    ((low[0::2] << 4) | low[1::2]).astype(np.uint8).tobytes(),
                ]
            )
        else:
            raise ValueError(f"encoding must be 'float32' or {FIXED!r}; got {encoding!r}")
        index.append(
            {"name": name, "shape": list(array.shape), "offset": offset, "encoding": encoding}
        )
        chunks.append(data)
        offset += len(data)
    return base64.b64encode(b"".join(chunks)).decode("ascii"), index


def sample_data() -> dict:
    """Return the page's sample images: 32×32 RGB in [0, 1] as the command line reads files.

    Each data set's embedded sample files (those :func:`filterviz.sample_images`
    reads) go through :func:`filterviz.data.load_images` with
    ``image_size=(32, 32)``, as ``filterviz`` commands read files: grey images
    are repeated over three channels, larger ones resized (bilinear, smoothed;
    ImageNet's photos whole, not cropped).

    Returns
    -------
    dict
        ``pixels`` (base64 of uint8 ``(N, 32, 32, 3)``), ``count``, and per image
        its ``dataset``, data set ``title``, ``label`` (class name) and ``index``
        within its set.
    """
    import filterviz
    import filterviz.data

    pixels, entries = [], []
    for dataset, count in SAMPLES.items():
        prefix, class_names = filterviz.data.DATASETS[dataset]
        files = filterviz.data._sample_files(prefix)[:count]
        if len(files) < count:
            raise ValueError(f"explorer: {dataset} has {len(files)} sample files; need {count}")
        images = filterviz.data.load_images([path for _, _, path in files], image_size=(32, 32))
        if dataset == "cifar10":  # the same images as every page that uses the samples
            reference, _, _ = filterviz.sample_images("cifar10", n=count)
            if not np.array_equal(reference, images):
                raise ValueError("explorer: the CIFAR-10 files read differently from sample_images")
        as_bytes = np.rint(images * 255).astype(np.uint8)
        if not np.array_equal(as_bytes.astype(np.float32) / np.float32(255), images):
            raise ValueError(f"explorer: the {dataset} samples are not 8-bit after resizing")
        pixels.append(as_bytes)
        for position, (_, label, _) in enumerate(files):
            entries.append(
                {
                    "dataset": dataset,
                    "title": DATASET_TITLES[dataset],
                    "label": class_names[label],
                    "index": position,
                }
            )
    stacked = np.concatenate(pixels)
    return {
        "source": "filterviz.data.load_images(sample files, image_size=(32, 32))",
        "count": int(stacked.shape[0]),
        "height": int(stacked.shape[1]),
        "width": int(stacked.shape[2]),
        "pixels": base64.b64encode(stacked.tobytes()).decode("ascii"),
        "images": entries,
    }


def explorer_data() -> dict:
    """Return everything the explorer's JavaScript computes with, as plain data."""
    import filterviz
    import filterviz.plot

    model = filterviz.shipped.load(MODEL_NAME)
    layers, arrays = export_model(model)
    weights, index = encode_arrays(arrays, reduced_arrays(arrays))
    depth = 0
    for layer in layers:
        if layer["type"] == "Conv2D":
            depth += 1
            layer["depth"] = depth
            page = DEPTH_PAGE.format(depth=depth)
            if (EXAMPLES / "layer_depth" / f"{Path(page).name}.py").is_file():
                layer["galleryPage"] = page + ".html"
    record = filterviz.shipped.sidecar(MODEL_NAME)
    return {
        "model": {
            "name": MODEL_NAME,
            "description": record.get("description", ""),
            "testAccuracy": record.get("test_accuracy"),
            "classNames": list(filterviz.data.CIFAR10_CLASSES),
            "layers": layers,
            "weights": weights,
            "arrays": index,
        },
        "samples": sample_data(),
        "colormaps": page_data.colormaps(),
    }


def data_script(data: dict) -> str:
    """Return the text of ``model.js``: `data` assigned to ``window.FILTERVIZ_EXPLORER_DATA``."""
    return page_data.data_script(DATA_GLOBAL, data)


def add_assets(app, pagename, templatename, context, doctree):
    """Load the explorer's files on the pages that hold an explorer, and only there."""
    if doctree is None or next(iter(doctree.findall(explorer_node)), None) is None:
        return
    # Gallery and notebook stylesheets have nothing to style here (as on the playground).
    page_data.drop_unneeded_css(context)
    app.add_css_file("image_input/image_input.css")
    app.add_css_file(f"{STATIC_FOLDER}/explorer.css")
    app.add_js_file(f"{STATIC_FOLDER}/{DATA_FILE}", loading_method="defer")
    # The shared own-image reader (docs/_static/image_input/), before the explorer uses it.
    app.add_js_file("image_input/image_input.js", loading_method="defer")
    app.add_js_file(f"{STATIC_FOLDER}/explorer.js", loading_method="defer")


def write_data(app):
    """Write ``_static/explorer/model.js`` into the HTML output, before the pages."""
    if app.builder.format != "html":
        return
    folder = Path(app.outdir) / "_static" / STATIC_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / DATA_FILE).write_text(data_script(explorer_data()), encoding="ascii")


def setup(app):
    """Register the directive, its node and the hooks that ship the page's files."""
    app.add_node(
        explorer_node,
        html=(visit_explorer_html, None),
        latex=(skip_explorer, None),
        text=(skip_explorer, None),
        man=(skip_explorer, None),
        texinfo=(skip_explorer, None),
    )
    app.add_directive("explorer", ExplorerDirective)
    app.connect("html-page-context", add_assets)
    app.connect("builder-inited", write_data)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
