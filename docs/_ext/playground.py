"""Sphinx extension for the filter playground page.

The ``playground`` directive places the playground in a page; the page then
loads the shared image reader ``_static/image_input/image_input.js`` (and its
stylesheet), then three files from ``_static/playground/``:

- ``playground.css`` and ``playground.js``, copied from ``docs/_static/playground/``;
- ``data.js``, written by this extension when an HTML build starts: the ten
  CIFAR-10 images of ``filterviz.sample_images("cifar10", n=10)`` as one lossless
  WebP strip, the hand-made kernels of ``filterviz.kernels.KERNELS`` (diagonal
  filters first) and the two colour maps of ``filterviz.plot`` as 256-entry
  lookup tables, so that the browser colours pixels as Matplotlib does.

The data is a script, not JSON fetched at run time, so the page also works
when opened from the file system.

The ``playground-number`` role prints a number of the page's "Try it" steps,
computed when the site is built with :func:`filterviz.conv.correlate` on the
same ten images (see :func:`step_numbers`); the browser tests repeat each step
through the page's controls and check the page's live numbers against them.
"""

from __future__ import annotations

import base64
import functools
import io
from pathlib import Path

import numpy as np
import page_data
from docutils import nodes
from sphinx.util.docutils import SphinxDirective

#: Where the playground's files live, under the HTML output's ``_static`` folder.
STATIC_FOLDER = "playground"
DATA_FILE = "data.js"
#: The image reader shared with other pages (``docs/_static/image_input/``): a student's
#: own image, read and resized to 32 × 32 in the browser as the command line resizes.
IMAGE_INPUT_FOLDER = "image_input"
#: The name the data script gives its object on ``window``.
DATA_GLOBAL = "FILTERVIZ_PLAYGROUND_DATA"
SAMPLE_SET = "cifar10"
SAMPLE_COUNT = 10
#: The bias of the "Try it" step that keeps only the strongest responses, and the
#: bias it is compared with. The diagonal filter's outputs reach 8.72 on the ten
#: images, so -7 keeps the outputs above 7: about one in eight.
STRONG_BIAS = -7.0
WEAK_BIAS = -2.0
#: The images the colour step points at (0-based): a frog on red earth, a frog in
#: green grass, and the red car, where the largest output of the ten lies.
REDDEST_IMAGE = 5
GREENEST_IMAGE = 4
RED_CAR_IMAGE = 6
#: The image whose first output pixel the page's inspector paragraph reads (0-based).
INSPECTED_IMAGE = 0


class playground_node(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Where the playground goes in a page."""


def visit_playground_html(self, node):
    self.body.append(
        '<div id="fv-playground" class="fv-playground" data-ready="false">'
        '<noscript><p class="fv-noscript">The playground computes in your browser and '
        "needs JavaScript. The gallery pages show the same filters as figures.</p></noscript>"
        '<p class="fv-loading">Loading the playground…</p>'
        "</div>"
    )
    raise nodes.SkipNode


def skip_playground(self, node):
    raise nodes.SkipNode


class PlaygroundDirective(SphinxDirective):
    """Insert the filter playground (HTML output only)."""

    has_content = False

    def run(self):
        return [playground_node()]


def _title(name: str) -> str:
    return name.replace("_", "-")


def _share(values) -> str:
    """Share of `values` as the page prints it: one decimal, then a no-break space and %."""
    values = np.asarray(values)
    return f"{100 * np.count_nonzero(values) / values.size:.1f}\u00a0%"


def _fixed(value) -> str:
    """A value as the pixel inspector prints it: three decimals, a true minus."""
    return "0" if value == 0 else f"{float(value):.3f}".replace("-", "\u2212")


def _tick(value) -> str:
    """A value as the page's status line prints it: 3 significant digits, a true minus."""
    return f"{float(value):.3g}".replace("-", "\u2212")


@functools.lru_cache(maxsize=1)
def step_numbers() -> dict[str, str]:
    """Return the numbers that the "Try it" steps of the playground page state.

    Each is computed with :func:`filterviz.conv.correlate` on the playground's
    ten images, for the weights, bias and ReLU that the step sets, and written
    as the page writes its live numbers (shares with one decimal, values with
    three significant digits).

    Returns
    -------
    dict of str to str
        The step's number by name, as the ``playground-number`` role prints it.
    """
    import filterviz
    import filterviz.conv
    import filterviz.kernels

    images, _, _ = filterviz.sample_images(SAMPLE_SET, n=SAMPLE_COUNT)

    def outputs(weights, bias=None, activation=None):
        weights = np.asarray(weights, dtype=np.float32)
        if weights.ndim == 2:  # one shared grid: the same weights in R, G and B
            weights = np.repeat(weights[:, :, None], images.shape[-1], axis=2)
        result = filterviz.conv.correlate(
            images, weights[..., None], padding="valid", bias=bias, activation=activation
        )
        return result[..., 0]

    diagonal = outputs(filterviz.kernels.DIAGONAL)
    anti_diagonal = outputs(filterviz.kernels.ANTI_DIAGONAL)
    centre_minus_one = np.array(filterviz.kernels.DIAGONAL, dtype=np.float32)
    centre_minus_one[1, 1] = -1
    centre_minus_two = np.array(filterviz.kernels.DIAGONAL, dtype=np.float32)
    centre_minus_two[1, 1] = -2
    centre_one = outputs(centre_minus_one)
    centre_two = outputs(centre_minus_two)
    weak = outputs(filterviz.kernels.DIAGONAL, bias=WEAK_BIAS, activation="relu")
    strong = outputs(filterviz.kernels.DIAGONAL, bias=STRONG_BIAS, activation="relu")
    red_green = outputs(filterviz.kernels.RED_GREEN)
    # The pixel inspector at its first pixel: image 1, row 1, column 1, the diagonal filter.
    window = images[INSPECTED_IMAGE, :3, :3].astype(np.float64)
    diagonal_weights = np.asarray(filterviz.kernels.DIAGONAL, dtype=np.float64)
    red_sum = (window[:, :, 0] * diagonal_weights).sum()
    return {
        "inspector_red_sum": _fixed(red_sum),
        "inspector_output": _fixed(diagonal[INSPECTED_IMAGE, 0, 0]),
        "diagonal_low": _tick(diagonal.min()),
        "diagonal_high": _tick(diagonal.max()),
        "anti_diagonal_high": _tick(anti_diagonal.max()),
        "anti_diagonal_change": _tick(np.abs(anti_diagonal - diagonal).mean()),
        "centre_minus_one_below": _share(centre_one < 0),
        "centre_minus_one_above": _share(centre_one > 0),
        "centre_minus_two_below": _share(centre_two < 0),
        "centre_minus_two_above": _share(centre_two > 0),
        "weak_bias_above": _share(weak > 0),
        "strong_bias_above": _share(strong > 0),
        "strong_bias_zero": _share(strong == 0),
        "red_green_above": _share(red_green > 0),
        "red_green_below": _share(red_green < 0),
        "red_car_high": _tick(red_green[RED_CAR_IMAGE].max()),
        "reddest_above": _share(red_green[REDDEST_IMAGE] > 0),
        "greenest_below": _share(red_green[GREENEST_IMAGE] < 0),
    }


def number_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{playground-number}`name``: the step number `name` of :func:`step_numbers`."""
    numbers = step_numbers()
    if text not in numbers:
        message = inliner.reporter.error(
            f"playground-number: unknown name {text!r}; expected one of {sorted(numbers)}",
            line=lineno,
        )
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    return [nodes.inline(rawtext, numbers[text], classes=["fv-number"])], []


def playground_data() -> dict:
    """Return everything the playground's JavaScript computes with, as plain data.

    Returns
    -------
    dict
        ``images``: the sample images as a data URL of one lossless WebP strip,
        ``count`` images of ``height`` × ``width`` pixels side by side, with their
        class names; ``kernels``: name, title, description, shape and weights
        (float32 values, row-major ``[row][column][channel]``) of every kernel
        of ``filterviz.kernels.KERNELS`` in order; ``colormaps``: the diverging
        and sequential maps of ``filterviz.plot``, each as 256 RGB triplets in
        base64.
    """
    from PIL import Image

    import filterviz
    import filterviz.kernels
    import filterviz.plot

    images, labels, class_names = filterviz.sample_images(SAMPLE_SET, n=SAMPLE_COUNT)
    count, height, width, channels = images.shape
    pixels = np.rint(images * 255).astype(np.uint8)
    if not np.array_equal(pixels.astype(np.float32) / np.float32(255), images):
        raise ValueError("the sample images are not 8-bit; the playground stores them as bytes")
    strip = np.concatenate(list(pixels), axis=1)  # (height, count * width, channels)
    buffer = io.BytesIO()
    Image.fromarray(strip).save(buffer, format="WEBP", lossless=True)
    kernels = []
    for name, weights in filterviz.kernels.KERNELS.items():
        array = np.asarray(weights, dtype=np.float32)
        kernels.append(
            {
                "name": name,
                "title": _title(name),
                "description": filterviz.kernels.describe(name),
                "shape": list(array.shape),
                "weights": [float(value) for value in array.ravel()],
            }
        )
    return {
        "images": {
            "source": f"filterviz.sample_images({SAMPLE_SET!r}, n={SAMPLE_COUNT})",
            "src": "data:image/webp;base64," + base64.b64encode(buffer.getvalue()).decode("ascii"),
            "count": int(count),
            "height": int(height),
            "width": int(width),
            "channels": int(channels),
            "classNames": [class_names[int(label)] for label in labels],
        },
        "kernels": kernels,
        "colormaps": page_data.colormaps(),
    }


def data_script(data: dict) -> str:
    """Return the text of ``data.js``: `data` assigned to ``window.FILTERVIZ_PLAYGROUND_DATA``."""
    return page_data.data_script(DATA_GLOBAL, data)


def add_assets(app, pagename, templatename, context, doctree):
    """Load the playground's files on the pages that hold a playground, and only there."""
    if doctree is None or next(iter(doctree.findall(playground_node)), None) is None:
        return
    # Stylesheets for gallery pages and notebooks have nothing to style here;
    # dropping them keeps the page inside its 300 kB budget.
    page_data.drop_unneeded_css(context)
    app.add_css_file(f"{IMAGE_INPUT_FOLDER}/image_input.css")
    app.add_css_file(f"{STATIC_FOLDER}/playground.css")
    # The shared image reader first: the playground attaches it when it starts.
    app.add_js_file(f"{IMAGE_INPUT_FOLDER}/image_input.js", loading_method="defer")
    app.add_js_file(f"{STATIC_FOLDER}/{DATA_FILE}", loading_method="defer")
    app.add_js_file(f"{STATIC_FOLDER}/playground.js", loading_method="defer")


def write_data(app):
    """Write ``_static/playground/data.js`` into the HTML output.

    Written before the pages, so that Sphinx stamps the page's link to it with
    the file's checksum and browsers never keep an outdated copy.
    """
    if app.builder.format != "html":
        return
    folder = Path(app.outdir) / "_static" / STATIC_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / DATA_FILE).write_text(data_script(playground_data()), encoding="ascii")


def setup(app):
    """Register the directive, its node and the hooks that ship the page's files."""
    app.add_node(
        playground_node,
        html=(visit_playground_html, None),
        latex=(skip_playground, None),
        text=(skip_playground, None),
        man=(skip_playground, None),
        texinfo=(skip_playground, None),
    )
    app.add_directive("playground", PlaygroundDirective)
    app.add_role("playground-number", number_role)
    app.connect("html-page-context", add_assets)
    app.connect("builder-inited", write_data)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
