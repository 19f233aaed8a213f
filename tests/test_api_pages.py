"""Each API page lists the gallery pages that use its function, and code cells copy cleanly.

The mini-galleries come from sphinx-gallery's backreferences
(``docs/_api_templates/autosummary/function.rst``); here the expected pages are
worked out again from the example scripts themselves: the ``filterviz.``
names their code uses and the ``:func:`` roles their text names.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

import filterviz

bs4 = pytest.importorskip("bs4", reason="BeautifulSoup comes with the docs extra")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
API = "api/generated"
DIAGONAL_PAGE = "auto_examples/handmade_filters/plot_01_diagonal.html"
# :func:`filterviz.conv.apply` and its kin, in the text of an example.
ROLE = re.compile(r":(?:func|meth|obj|class|attr):`~?(filterviz(?:\.\w+)+)`")


def dotted_names(tree: ast.AST) -> set[str]:
    """Every ``filterviz.a.b`` attribute chain in a parsed script, and each of its prefixes."""
    names = set()
    for node in ast.walk(tree):
        parts = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if isinstance(node, ast.Name) and node.id == "filterviz" and parts:
            chain = ["filterviz", *reversed(parts)]
            names.update(".".join(chain[:end]) for end in range(2, len(chain) + 1))
    return names


def gallery_page(script: Path) -> str:
    """The built page of an example script: examples/a/plot_b.py -> auto_examples/a/plot_b.html."""
    return "auto_examples/" + script.relative_to(EXAMPLES).with_suffix(".html").as_posix()


@functools.cache
def names_used() -> dict[str, set[str]]:
    """Map each gallery page to the filterviz names its script's code uses or its text names."""
    used = {}
    for script in sorted(EXAMPLES.rglob("plot_*.py")):
        source = script.read_text(encoding="utf-8")
        used[gallery_page(script)] = dotted_names(ast.parse(source)) | set(ROLE.findall(source))
    return used


def expected_pages(full_name: str) -> set[str]:
    """The gallery pages that use `full_name` (``filterviz.conv.filter_images``) or its shortcut."""
    module, name = full_name.rsplit(".", 1)
    aliases = {full_name}
    shortcut = getattr(filterviz, name, None) if name in filterviz.__all__ else None
    if callable(shortcut) and shortcut.__module__ == module:
        aliases.add(f"filterviz.{name}")  # filterviz.sample_images
    return {page for page, names in names_used().items() if names & aliases}


def mini_gallery(site: Path, full_name: str) -> tuple[str | None, set[str]]:
    """The mini-gallery heading of an API page and the gallery pages its thumbnails link."""
    path = f"{API}/{full_name}.html"
    soup = bs4.BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")
    headings = [
        heading.get_text("", strip=True).rstrip("#")
        for heading in soup.find_all(["h2", "h3", "h4"])
        if heading.get_text("", strip=True).startswith("Gallery pages that use")
    ]
    heading_text = headings[0] if headings else None
    base = "https://site.invalid/" + path
    linked = {
        urljoin(base, link["href"]).removeprefix("https://site.invalid/").split("#")[0]
        for link in soup.select(".sphx-glr-thumbcontainer a[href]")
    }
    return heading_text, linked


def api_functions(site: Path) -> list[str]:
    """The full names of the functions with an API page, from the built site."""
    return sorted(path.stem for path in (site / API).glob("filterviz.*.html"))


def test_filter_images_page_links_the_main_diagonal_page(built_site):
    heading, linked = mini_gallery(built_site, "filterviz.conv.filter_images")
    assert heading is not None and "filter_images" in heading
    assert DIAGONAL_PAGE in linked
    assert (built_site / DIAGONAL_PAGE).is_file()


def test_sample_images_page_counts_the_calls_by_its_short_name(built_site):
    # The examples call filterviz.sample_images, which is filterviz.data.sample_images.
    assert any("filterviz.sample_images" in names for names in names_used().values())
    _, linked = mini_gallery(built_site, "filterviz.data.sample_images")
    assert linked == expected_pages("filterviz.data.sample_images")
    assert len(linked) > 5


def test_every_api_page_lists_exactly_the_gallery_pages_using_its_function(built_site):
    functions = api_functions(built_site)
    assert "filterviz.conv.filter_images" in functions and len(functions) > 20
    wrong, without_examples = [], []
    for full_name in functions:
        heading, linked = mini_gallery(built_site, full_name)
        expected = expected_pages(full_name)
        if linked != expected:
            wrong.append(
                f"{full_name}: lists {sorted(linked - expected)} it should not, "
                f"misses {sorted(expected - linked)}"
            )
        if (heading is not None) != bool(expected):
            wrong.append(f"{full_name}: heading {heading!r} with {len(expected)} pages expected")
        if not expected:
            without_examples.append(full_name)
    assert not wrong, "\n".join(wrong)
    # Some functions are used by no example: their pages have no mini-gallery at all
    # (and the build, with warnings as errors, passed).
    assert without_examples


# ------------------------------------------------------------- copy buttons



@pytest.fixture(scope="module")
def copy_page(browser, site_url):
    """A browser page allowed to read the clipboard, and the base URL of the served site."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        permissions=["clipboard-read", "clipboard-write"],
    )
    yield context.new_page(), site_url
    context.close()


def doctest_input(docstring: str) -> str:
    """The code of a docstring's doctest without its prompts or output, as copying should give."""
    return "\n".join(
        line.strip()[4:]
        for line in docstring.splitlines()
        if line.strip().startswith((">>> ", "... ")) or line.strip() in (">>>", "...")
    )


def copied_text(page, block) -> str:
    """Click the copy button of a code block and return what landed on the clipboard."""
    block.hover()
    block.locator("button.copybtn").click()
    return page.evaluate("() => navigator.clipboard.readText()")


def test_copy_button_copies_an_api_example_without_prompts_or_output(copy_page):
    page, base_url = copy_page
    page.goto(base_url + f"{API}/filterviz.conv.filter_images.html", wait_until="load")
    block = page.locator("div.doctest div.highlight").first
    shown = block.inner_text()
    assert ">>> " in shown  # the page shows the prompts
    copied = copied_text(page, block).strip()
    expected = doctest_input(filterviz.conv.filter_images.__doc__).strip()
    assert copied == expected
    assert ">>>" not in copied


def test_copy_button_copies_a_gallery_cell_as_shown(copy_page):
    page, base_url = copy_page
    page.goto(base_url + DIAGONAL_PAGE, wait_until="load")
    block = page.locator("div.highlight-Python div.highlight", has_text="import filterviz").first
    copied = copied_text(page, block)
    assert copied.strip() == block.inner_text().strip()
    assert "import filterviz" in copied
