"""Every gallery figure as the site shows it: no text cut off at the edge.

sphinx-gallery's Matplotlib scraper saves a figure with a plain
``fig.savefig(path)`` (no ``bbox_inches``; the saved image is the whole figure
canvas), so a text is cut off on the page exactly when its window extent
leaves the figure's own box. The site build records, while that scraper saves
each figure (its 1× image and its 2× copy), every text drawn and its extent
in the pixels of that image (``docs/_ext/figure_texts.py``), together with the
SHA-256 of the example's source; these tests read that record from the built
site, so the figures checked are the very figures the site shows. A record
that is missing, stale or does not match the page's images fails the test.
The figures ``filterviz.plot`` draws for slides are drawn and checked here,
through the same recording.
"""

from __future__ import annotations

import html
import io
import json
import re
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest

import filterviz

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
import figure_texts  # noqa: E402

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

    def __init__(self, record: dict, figure=None):
        self.figure = figure
        self.image = record.get("image", "")
        self.width = record["width"]
        self.height = record["height"]
        self.dpi = record["dpi"]
        # A srcset copy (``..._2_00x.png``) is drawn at a multiple of the page image's dpi.
        multiple = re.search(r"_(\d+)_(\d\d)x\.\w+$", self.image)
        self.scale = float(f"{multiple[1]}.{multiple[2]}") if multiple else 1.0
        self.texts = [
            (text, fontsize, tuple(box)) for text, fontsize, box in record["texts"]
        ]


def save(figure) -> Saved:
    """Save `figure` as sphinx-gallery's scraper does; record each text as it is drawn."""
    record = figure_texts.record_texts(
        figure, lambda: figure.savefig(io.BytesIO(), format="png")  # no bbox_inches
    )
    return Saved(record, figure)


def clipped(saved: Saved) -> list[str]:
    """The texts of a saved figure that reach outside the image, with where they are."""
    slack = SLACK * saved.scale  # two pixels of the page image, in this image's pixels
    return [
        f"{text!r} at x {x0:.0f}..{x1:.0f}, y {y0:.0f}..{y1:.0f} "
        f"in a {saved.width:.0f}×{saved.height:.0f} image"
        for text, _, (x0, y0, x1, y1) in saved.texts
        if x0 < -slack or y0 < -slack or x1 > saved.width + slack or y1 > saved.height + slack
    ]


def css_pixels(fontsize: float, saved: Saved, column: float) -> float:
    """The size in CSS pixels of a `fontsize`-point font of `saved` shown in `column` pixels."""
    scale = min(1.0, column / saved.width)  # an image is shrunk to the column, never enlarged
    return fontsize * saved.dpi / 72 * scale


@pytest.fixture(scope="module")
def record(built_site) -> dict:
    """The build's record of every text of every gallery figure, by example."""
    path = built_site / figure_texts.RECORD_NAME
    assert path.is_file(), (
        f"the build wrote no {figure_texts.RECORD_NAME}: is 'figure_texts' among the "
        "extensions of docs/conf.py?"
    )
    return json.loads(path.read_text(encoding="utf-8"))


def page_images(site: Path, example: Path) -> list[str]:
    """The file names of the figures (and their 2× copies) that the example's page shows."""
    page = site / "auto_examples" / example.parent.name / f"{example.stem}.html"
    text = page.read_text(encoding="utf-8")
    names = []
    for tag in re.findall(r"<img [^>]*sphx-glr-(?:single|multi)-img[^>]*>", text):
        src = re.search(r'src="([^"]+)"', tag).group(1)
        srcset = re.search(r'srcset="([^"]+)"', tag)
        names.append(src.rsplit("/", 1)[-1])
        if srcset:
            for item in html.unescape(srcset.group(1)).split(","):
                name = item.split()[0].rsplit("/", 1)[-1]
                if name not in names:
                    names.append(name)
    return names


def test_every_gallery_script_is_found():
    assert len(EXAMPLES) >= 30
    assert ROOT / "examples" / "handmade_filters" / "plot_02_anti_diagonal.py" in EXAMPLES


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_text_is_cut_off_at_the_edge_of_a_figure(path, record, built_site):
    name = path.relative_to(ROOT / "examples").as_posix()
    if name not in record:
        pytest.fail(f"the build recorded no figures of {name} (was it executed?)")
    entry = record[name]
    assert entry["source_sha256"] == figure_texts.source_digest(path), (
        f"the record of {name} is of another version of the script"
    )
    figures = [Saved(saved) for saved in entry["saves"]]
    assert figures, f"{name} shows no figure"
    # The record is of the figures on the page: the same files, each of them on disk.
    assert sorted(figure.image for figure in figures) == sorted(page_images(built_site, path))
    for figure in figures:
        assert (built_site / "_images" / figure.image).is_file(), figure.image
    assert any(figure.texts for figure in figures), f"{name}: no text recorded in any figure"
    problems = [f"{figure.image}: {where}" for figure in figures for where in clipped(figure)]
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


PLOT_FIGURES = [
    "filtered", "filtered-difference", "images", "kernels", "kernels-learned", "kernels-5x5",
    "kernel", "kernel_channels", "feature_maps",
]  # fmt: skip


@pytest.fixture(scope="module")
def plot_figures_saved() -> dict[str, Saved]:
    """Each figure of _plot_figures, drawn once and saved as the scraper saves it."""
    saved = {}
    for name, figure in _plot_figures():
        saved[name] = save(figure)
        plt.close(figure)
    assert list(saved) == PLOT_FIGURES
    return saved


@pytest.mark.parametrize("name", PLOT_FIGURES)
def test_plot_figures_read_at_page_width_and_on_a_phone(name, plot_figures_saved):
    saved = plot_figures_saved[name]
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
