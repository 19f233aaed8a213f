"""Every gallery figure as sphinx-gallery saves it: no text cut off at the edge.

Each script in ``examples/`` runs here in-process on Agg, as the site build
runs it: Matplotlib's settings reset and the random seeds set before it
starts, and each figure taken when the script calls ``plt.show()``.
sphinx-gallery's Matplotlib scraper saves a figure with a plain
``fig.savefig(path)`` (no ``bbox_inches``; the saved image is the whole
figure canvas), so a text is cut off on the page exactly when its window
extent leaves the figure's own box; that is what these tests check, on the
figure drawn at the dpi it is saved at.
"""

from __future__ import annotations

import io
import random
import runpy
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import matplotlib.text
import matplotlib.transforms
import numpy as np
import pytest

import filterviz

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*/plot_*.py"))
# Width in CSS pixels of the content column that gallery figures are shown in, measured
# in Chromium at a 1280-pixel window (the article is 656 pixels, the image 624); on a
# 390-pixel phone the column is 358 pixels.
COLUMN = 624
PHONE_COLUMN = 358
# A text's window extent is its whole line box, ascent to descent, not its ink:
# constrained layout may put a title's box a pixel past the edge without cutting
# a glyph: two pixels of slack.
SLACK = 2


class Saved:
    """A figure as the scraper saved it: its size in pixels and every text drawn in it."""

    def __init__(self, figure):
        self.figure = figure
        self.width = figure.get_figwidth() * figure.dpi
        self.height = figure.get_figheight() * figure.dpi
        self.texts: list[tuple[str, float, matplotlib.transforms.Bbox]] = []


def save(figure) -> Saved:
    """Save `figure` as sphinx-gallery's scraper does; record each text as it is drawn.

    Only the texts drawn count: an axis keeps tick labels for ticks outside
    its limits, which are never drawn.
    """
    saved = Saved(figure)
    draw = matplotlib.text.Text.draw

    def recording_draw(text, renderer):
        draw(text, renderer)
        if text.get_visible() and text.get_text().strip() and text.figure is not None:
            saved.texts.append(
                (text.get_text(), text.get_fontsize(), text.get_window_extent(renderer))
            )

    matplotlib.text.Text.draw = recording_draw
    try:
        figure.savefig(io.BytesIO(), format="png")  # the scraper: no bbox_inches
    finally:
        matplotlib.text.Text.draw = draw
    return saved


def run_example(path: Path, monkeypatch) -> list[Saved]:
    """Run the gallery script `path` as the site build does; return its saved figures."""
    shown: list[Saved] = []

    def show(*args, **kwargs):
        for number in plt.get_fignums():
            shown.append(save(plt.figure(number)))
        plt.close("all")  # the scraper closes every figure after saving it

    plt.rcdefaults()  # sphinx-gallery's "matplotlib" reset
    random.seed(0)
    np.random.seed(0)  # noqa: NPY002 - what docs/conf.py's reset_seeds does
    import keras

    keras.utils.set_random_seed(0)
    monkeypatch.setattr(plt, "show", show)
    monkeypatch.chdir(path.parent)
    runpy.run_path(str(path), run_name="__main__")
    show()  # a figure left open at the end of a script is scraped too
    return shown


def clipped(saved: Saved) -> list[str]:
    """The texts of a saved figure that reach outside the image, with where they are."""
    return [
        f"{text!r} at x {box.x0:.0f}..{box.x1:.0f}, y {box.y0:.0f}..{box.y1:.0f} "
        f"in a {saved.width:.0f}×{saved.height:.0f} image"
        for text, _, box in saved.texts
        if box.x0 < -SLACK
        or box.y0 < -SLACK
        or box.x1 > saved.width + SLACK
        or box.y1 > saved.height + SLACK
    ]


def css_pixels(fontsize: float, saved: Saved, column: float) -> float:
    """The size in CSS pixels of a `fontsize`-point font of `saved` shown in `column` pixels."""
    scale = min(1.0, column / saved.width)  # an image is shrunk to the column, never enlarged
    return fontsize * saved.figure.dpi / 72 * scale


@pytest.fixture(scope="module")
def figures_of():
    """Run each example once per module; its figures are reused by every test."""
    cache: dict[Path, list] = {}
    patch = pytest.MonkeyPatch()

    def get(path: Path):
        if path not in cache:
            cache[path] = run_example(path, patch)
            patch.undo()
        return cache[path]

    yield get
    patch.undo()
    plt.close("all")


def test_every_gallery_script_is_found():
    assert len(EXAMPLES) >= 30
    assert ROOT / "examples" / "handmade_filters" / "plot_02_anti_diagonal.py" in EXAMPLES


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_text_is_cut_off_at_the_edge_of_a_figure(path, figures_of):
    figures = figures_of(path)
    assert figures, f"{path.name} shows no figure"
    problems = [
        f"figure {number}: {where}"
        for number, figure in enumerate(figures, start=1)
        for where in clipped(figure)
    ]
    assert not problems, "\n".join(problems)


# The figures filterviz.plot draws for the pages and for slides.
def _sample():
    images, labels, class_names = filterviz.sample_images("cifar10", n=10)
    outputs = filterviz.conv.filter_images(images, ["diagonal", "anti_diagonal"], engine="numpy")
    return images, labels, class_names, outputs


def _plot_figures():
    images, labels, class_names, outputs = _sample()
    difference = outputs[..., :1] - outputs[..., 1:]
    gabors = [filterviz.kernels.gabor(size=5, theta=t) for t in (0, 0.8, 1.6, 2.4)]
    yield "filtered", filterviz.plot.filtered(
        images, outputs, ["diagonal", "anti-diagonal"], labels, class_names,
        title="The two diagonal filters on ten CIFAR-10 test images",
    )  # fmt: skip
    yield "filtered-difference", filterviz.plot.filtered(
        images, difference, ["diagonal − anti-diagonal"], labels, class_names,
        title="Main-diagonal response minus anti-diagonal response",
    )  # fmt: skip
    yield "images", filterviz.plot.images(images, labels, class_names, title="Ten images")
    yield (
        "kernels",
        filterviz.plot.kernels(
            [filterviz.kernels.SOBEL_X, filterviz.kernels.SOBEL_Y, filterviz.kernels.LAPLACIAN],
            titles=["Sobel x", "Sobel y", "Laplacian"],
        ),
    )
    learned = np.random.default_rng(0).normal(0, 1, (8, 3, 3)).round(2)
    yield (
        "kernels-learned",
        filterviz.plot.kernels(
            learned, titles=[f"filter {i}\n← map {i + 10}" for i in range(8)], ncols=4
        ),
    )
    yield "kernels-5x5", filterviz.plot.kernels(gabors, titles=["0", "45", "90", "135"])
    yield "kernel", filterviz.plot.kernel(filterviz.kernels.BOX_BLUR, title="Box blur").figure
    yield (
        "kernel_channels",
        filterviz.plot.kernel_channels(
            filterviz.kernels.RED_GREEN, title="Red-green filter: one slice per channel"
        ),
    )
    yield (
        "feature_maps",
        filterviz.plot.feature_maps(outputs[0], ncols=2, title="Feature maps of the cat"),
    )


@pytest.mark.parametrize("name", [name for name, _ in _plot_figures()])
def test_plot_figures_read_at_page_width_and_on_a_phone(name):
    saved = save(dict(_plot_figures())[name])
    assert not clipped(saved)
    sizes = [css_pixels(size, saved, COLUMN) for _, size, _ in saved.texts]
    assert min(sizes) >= 13, (name, min(sizes))  # at the 624-pixel column
    phone = [css_pixels(size, saved, PHONE_COLUMN) for _, size, _ in saved.texts]
    # on a 390-pixel phone: 12 cells of "-1.27" side by side leave about 8.5 pixels
    assert min(phone) >= 8.5, (name, min(phone))


def test_the_clipping_check_finds_a_label_cut_off():
    """The check itself: a long row label at the left edge of a figure is reported."""
    figure, ax = plt.subplots(figsize=(3, 2))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_ylabel("diagonal − anti-diagonal, a label far too long for this figure")
    problems = clipped(save(figure))
    assert [p.split(" at x")[0] for p in problems] == [
        "'diagonal − anti-diagonal, a label far too long for this figure'"
    ]


def test_the_size_check_reads_the_column_width():
    """A 13-point label on a figure twice the column's width shows at half its size."""
    figure, ax = plt.subplots(figsize=(2 * COLUMN / 100, 3), dpi=100)
    ax.set_title("x", fontsize=13)
    assert css_pixels(13, save(figure), COLUMN) == pytest.approx(13 * 100 / 72 / 2)
