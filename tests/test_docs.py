"""The whole site builds (with -W, every example executed) and has the pages the issues ask for."""

import re

import pytest

from filterviz import kernels


def read(site, relative):
    path = site / relative
    assert path.is_file(), f"missing page {relative}"
    return path.read_text(encoding="utf-8")


def test_home_page_links_the_gallery_and_tutorial(built_site):
    html = read(built_site, "index.html")
    assert "auto_examples/index.html" in html
    assert "tutorials/convolution_by_hand.html" in html


@pytest.mark.parametrize("name", kernels.names())
def test_one_gallery_page_per_hand_made_filter(built_site, name):
    folder = built_site / "auto_examples" / "handmade_filters"
    pages = [p for p in folder.glob("plot_*.html") if re.fullmatch(rf"plot_\d+_{name}\.html", p.name)]
    assert len(pages) == 1, f"expected one page for kernel {name!r}, found {pages}"
    html = pages[0].read_text(encoding="utf-8")
    images = re.findall(r'<img[^>]+src="([^"]+sphx_glr_[^"]+\.png)"', html)
    assert len(images) >= 2, "a filter page shows its weights and the filtered images"
    for source in images:
        assert (pages[0].parent / source).resolve().is_file()
    assert "Try it" in html


def test_gabor_page(built_site):
    assert list((built_site / "auto_examples" / "handmade_filters").glob("plot_*_gabor.html"))


def test_the_diagonal_filters_come_first(built_site):
    html = read(built_site, "auto_examples/handmade_filters/index.html")
    first = html.index("plot_01_diagonal.html")
    assert first < html.index("plot_02_anti_diagonal.html") < html.index("plot_03_")


@pytest.mark.parametrize(
    "topic",
    [
        "scaling_and_sign",
        "bias_and_relu",
        "stride_and_padding",
        "rgb_channels",
        "convolution_vs_correlation",
        "pooling",
        "one_by_one",
    ],
)
def test_weight_mechanics_pages(built_site, topic):
    pages = list((built_site / "auto_examples" / "weight_mechanics").glob(f"plot_*_{topic}.html"))
    assert len(pages) == 1
    assert "sphx-glr-single-img" in pages[0].read_text(
        encoding="utf-8"
    ) or "sphx-glr-multi-img" in pages[0].read_text(encoding="utf-8")


def test_every_example_offers_script_and_notebook_downloads(built_site):
    pages = sorted((built_site / "auto_examples").glob("*/plot_*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert re.search(r'href="[^"]+\.py"', html), page.name
        assert re.search(r'href="[^"]+\.ipynb"', html), page.name


def test_convolution_by_hand_is_executed_and_agrees(built_site):
    html = read(built_site, "tutorials/convolution_by_hand.html")
    numbers = re.findall(r"largest difference(?: from the loop)?: ([0-9.e+-]+)", html)
    assert len(numbers) == 2, "both comparisons print their result"
    assert all(float(value) <= 1e-5 for value in numbers)
    assert "(0, 1)" in html  # the asymmetric 'same' padding at stride 2


def test_api_reference_lists_the_public_functions(built_site):
    html = read(built_site, "api.html")
    for name in ("filter_images", "correlate", "sample_images", "to_conv_weights", "filtered"):
        assert name in html
    assert (built_site / "api" / "generated" / "filterviz.conv.correlate.html").is_file()
