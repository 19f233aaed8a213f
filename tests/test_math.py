"""Formulas are rendered to MathML at build time (docs/_ext/mathml.py): nothing is fetched."""

import re
import subprocess
import textwrap
from pathlib import Path

import buildenv  # docs/_ext, on sys.path through conftest.py
import pytest

ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS = ROOT / "docs" / "_ext"

CONF = f"""
import sys
sys.path.insert(0, {str(EXTENSIONS)!r})
project = "math test"
extensions = ["mathml", "myst_parser"]
myst_enable_extensions = ["dollarmath", "amsmath"]
source_suffix = {{".rst": "restructuredtext", ".md": "markdown"}}
math_number_all = False
"""

INDEX = """
Math test
=========

.. toctree::

   rest_page
   myst_page
"""

REST_PAGE = r"""
reST page
=========

Inline :math:`y = \max(0, x)` in a sentence.

.. math:: o = \left\lfloor \frac{n + p - k}{s} \right\rfloor + 1
   :label: output-size

Equation :eq:`output-size` has a number.

.. math::

   a &= b \\
   c &= d
"""

MYST_PAGE = r"""
# MyST page

Inline $w \cdot x + b$ in a sentence.

$$
\sum_{i=0}^{2} \sum_{j=0}^{2} w_{ij} \, x_{ij}
$$ (cross-correlation)

Equation {eq}`cross-correlation` has a number.
"""


def build(tmp_path: Path, pages: dict[str, str]) -> tuple[subprocess.CompletedProcess, Path]:
    """Write a tiny Sphinx project with these pages and build it with -W; return process and output."""
    source = tmp_path / "source"
    source.mkdir()
    (source / "conf.py").write_text(CONF, encoding="utf-8")
    for name, text in pages.items():
        (source / name).write_text(textwrap.dedent(text), encoding="utf-8")
    output = tmp_path / "html"
    result = buildenv.sphinx_build(source, output, quiet=True, timeout=300)
    return result, output


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The tiny project with a reST and a MyST page of formulas, built once."""
    pages = {"index.rst": INDEX, "rest_page.rst": REST_PAGE, "myst_page.md": MYST_PAGE}
    result, output = build(tmp_path_factory.mktemp("math"), pages)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.mark.parametrize("page", ["rest_page.html", "myst_page.html"])
def test_formulas_become_mathml_inline_and_displayed(site, page):
    html = (site / page).read_text(encoding="utf-8")
    assert re.search(r'<math [^>]*display="inline"', html)
    assert re.search(r'<math [^>]*display="block"', html)
    assert "math-error" not in html


def test_labelled_equations_are_numbered_and_linked(site):
    rest = (site / "rest_page.html").read_text(encoding="utf-8")
    assert '<span class="eqno">(1)' in rest
    assert 'href="#equation-output-size"' in rest
    myst = (site / "myst_page.html").read_text(encoding="utf-8")
    assert '<span class="eqno">(1)' in myst
    assert "#equation-cross-correlation" in myst


def test_the_output_size_formula_keeps_its_floor_and_fraction(site):
    html = (site / "rest_page.html").read_text(encoding="utf-8")
    assert "<mfrac>" in html
    assert "&#x0230A;" in html and "&#x0230B;" in html  # the floor brackets


def test_displayed_formulas_sit_in_a_box_that_scrolls_on_a_phone(site):
    html = (site / "rest_page.html").read_text(encoding="utf-8")
    assert html.count('<div class="mathml-block" tabindex="0">') == 2
    assert 'href="_static/mathml.css' in html
    css = (site / "_static" / "mathml.css").read_text(encoding="utf-8")
    assert "overflow-x: auto" in css


def test_lines_of_an_aligned_block_are_a_table(site):
    html = (site / "rest_page.html").read_text(encoding="utf-8")
    assert html.count("<mtr>") >= 2


def test_no_page_loads_mathjax_or_any_remote_script(site):
    pages = sorted(site.glob("*.html"))
    assert {"index.html", "rest_page.html", "myst_page.html"} <= {page.name for page in pages}
    for page in pages:
        html = page.read_text(encoding="utf-8")
        # MyST marks sections with the class "mathjax_ignore"; what matters is what loads.
        scripts = re.findall(r"<script\b[^>]*>.*?</script>", html, flags=re.DOTALL)
        assert scripts, page.name  # the theme's own scripts are there to look at
        links = re.findall(r"<link\b[^>]*>", html)
        for tag in scripts + links:
            assert "mathjax" not in tag.lower(), (page.name, tag)
        sources = re.findall(r"<script[^>]*\ssrc=\"([^\"]+)\"", html)
        assert not [src for src in sources if re.match(r"(https?:)?//", src)], page.name


def test_an_unsupported_command_fails_the_build_naming_the_page(tmp_path):
    page = "Bad page\n========\n\nSee :math:`\\notacommand{x} + 1`.\n"
    result, output = build(
        tmp_path,
        {"index.rst": "Index\n=====\n\n.. toctree::\n\n   bad_page\n", "bad_page.rst": page},
    )
    assert result.returncode != 0
    message = result.stderr
    assert "bad_page.rst" in message
    assert "\\notacommand" in message
    # Without -W the page still shows the formula, as marked-up source, not nothing.
    html = (output / "bad_page.html").read_text(encoding="utf-8")
    assert 'class="math-error"' in html
    assert "\\notacommand{x} + 1" in html


def test_a_fraction_without_denominator_is_not_dropped(tmp_path):
    page = "Bad page\n========\n\n.. math:: \\frac{a}\n"
    result, _ = build(
        tmp_path,
        {"index.rst": "Index\n=====\n\n.. toctree::\n\n   bad_page\n", "bad_page.rst": page},
    )
    assert result.returncode != 0
    assert "bad_page.rst" in result.stderr
    assert "mfrac" in result.stderr


@pytest.mark.parametrize(
    "page",
    [
        "tutorials/convolution_by_hand.html",
        "auto_examples/weight_mechanics/plot_02_bias_and_relu.html",
        "auto_examples/weight_mechanics/plot_03_stride_and_padding.html",
        "auto_examples/weight_mechanics/plot_05_convolution_vs_correlation.html",
    ],
)
def test_the_sites_formulas_are_mathml_and_load_nothing(built_site, page):
    html = (built_site / page).read_text(encoding="utf-8")
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block"' in html
    assert "math-error" not in html
    for tag in re.findall(r"<script\b[^>]*>.*?</script>", html, flags=re.DOTALL):
        assert "mathjax" not in tag.lower(), tag
