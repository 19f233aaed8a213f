"""The whole site builds (with -W, every example executed) and has the pages the issues ask for."""

import ast
import importlib
import re
from pathlib import Path

import pytest

from filterviz import kernels

ROOT = Path(__file__).resolve().parent.parent


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


# --- The site's configuration (docs/conf.py) ------------------------------------------


def conf_assignments():
    """The top-level assignments of docs/conf.py, as AST nodes by name."""
    tree = ast.parse((ROOT / "docs" / "conf.py").read_text(encoding="utf-8"))
    return {
        target.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def gallery_conf_literals():
    """The keys of sphinx_gallery_conf in conf.py whose values are written as literals."""
    node = conf_assignments()["sphinx_gallery_conf"]
    values = {}
    for key, value in zip(node.keys, node.values, strict=True):
        try:
            values[ast.literal_eval(key)] = ast.literal_eval(value)
        except ValueError:  # computed at build time (from the environment, or a call)
            continue
    return values


def test_gallery_configuration_restates_no_default_of_sphinx_gallery():
    from sphinx_gallery.gen_gallery import DEFAULT_GALLERY_CONF

    def plain(value):
        """One spelling per value: "a", ["a"] and ("a",) alike; sets sorted."""
        if isinstance(value, str):
            return [value]
        if isinstance(value, set):
            return sorted(value)
        if isinstance(value, tuple | list):
            return list(value)
        return value

    # sphinx-gallery's default of this one is True unless SOURCE_DATE_EPOCH is set,
    # which make docs does not set: conf.py says False for every build.
    by_environment = {"write_computation_times"}
    literals = gallery_conf_literals()
    assert {"image_scrapers", "reset_modules", "thumbnail_size"} <= set(literals)
    restated = [
        key
        for key, value in literals.items()
        if key in DEFAULT_GALLERY_CONF
        and key not in by_environment
        and plain(value) == plain(DEFAULT_GALLERY_CONF[key])
    ]
    assert restated == []


def test_gallery_callables_are_named_by_string_and_resolve():
    literals = gallery_conf_literals()
    names = [*literals["image_scrapers"], *literals["reset_modules"]]
    assert names and all(isinstance(name, str) for name in names)
    for name in names:
        if "." in name:  # a module.function path; the others are sphinx-gallery's own
            module, attribute = name.rsplit(".", 1)
            assert callable(getattr(importlib.import_module(module), attribute)), name


def test_the_config_cache_warning_is_not_silenced():
    suppressed = conf_assignments().get("suppress_warnings")
    assert suppressed is None or "config.cache" not in ast.literal_eval(suppressed)


def test_every_example_starts_from_the_same_random_state():
    import gallery_hooks
    import numpy as np

    gallery_hooks.reset_seeds({}, "first.py")
    first = np.random.rand(3)  # noqa: NPY002 - the legacy state the reset seeds
    np.random.rand(5)  # noqa: NPY002 - an example that drew more numbers
    gallery_hooks.reset_seeds({}, "second.py")
    assert np.array_equal(np.random.rand(3), first)  # noqa: NPY002


def png_text_keywords(path):
    """The keywords of the text chunks (tEXt, iTXt, zTXt) of a PNG file."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path.name
    keywords, position = [], 8
    while position < len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        if kind in (b"tEXt", b"iTXt", b"zTXt"):
            body = data[position + 8 : position + 8 + length]
            keywords.append(body.split(b"\0", 1)[0].decode("latin-1"))
        position += 12 + length
    return keywords


def test_gallery_figures_carry_no_software_tag(built_site):
    figures = sorted((built_site / "_images").glob("sphx_glr_plot_*.png"))
    assert figures
    for figure in figures:
        assert "Software" not in png_text_keywords(figure), figure.name
