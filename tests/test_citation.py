"""Citation and provenance: CITATION.cff, the Cite page, every example page, every page."""

from __future__ import annotations

import html
import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CFFCONVERT = Path(sys.executable).parent / "cffconvert"
REQUIRED_WORKS = {
    "krizhevsky2009": "Learning multiple layers of features from tiny images",
    "zeiler2014": "Visualizing and understanding convolutional networks",
    "simonyan2013": "Deep inside convolutional networks",
    "olah2017": "Feature visualization",
    "lecun1998": "Gradient-based learning applied to document recognition",
}


def cffconvert_validate(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(CFFCONVERT), "--validate", "-i", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def text_of(page: Path) -> str:
    """The page's HTML, runs of white space made one space."""
    return re.sub(r"\s+", " ", page.read_text(encoding="utf-8"))


def words_of(page: Path) -> str:
    """The page's text without its tags (highlighted code comes out as typed)."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", page.read_text("utf-8"))))


# --- CITATION.cff -------------------------------------------------------------------


def test_citation_cff_validates():
    result = cffconvert_validate(ROOT / "CITATION.cff")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid according to schema version 1.2.0" in result.stdout


def test_validation_catches_a_broken_citation_file(tmp_path):
    broken = (ROOT / "CITATION.cff").read_text().replace("authors:", "writers:")
    (tmp_path / "CITATION.cff").write_text(broken)
    result = cffconvert_validate(tmp_path / "CITATION.cff")
    assert result.returncode != 0


def test_citation_cff_names_the_package_version_and_licence():
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    citation = (ROOT / "CITATION.cff").read_text()
    assert re.search(rf'^version: "{re.escape(version)}"$', citation, re.M)
    assert re.search(r"^cff-version: 1\.2\.0$", citation, re.M)
    assert re.search(r"^license: BSD-3-Clause$", citation, re.M)
    assert "CC-BY-4.0" in citation


def test_bibliography_holds_the_works_the_pages_rely_on():
    bib = (ROOT / "docs" / "references.bib").read_text()
    keys = re.findall(r"^@\w+\{([^,]+),", bib, re.M)
    assert len(keys) == len(set(keys)), "a key appears twice"
    assert set(REQUIRED_WORKS) <= set(keys)


# --- The built site -------------------------------------------------------------------


@pytest.mark.slow
def test_cite_page_has_bibtex_for_the_project_and_this_version(built_site):
    page = words_of(built_site / "cite.html")
    assert "@software{filterviz," in page
    assert re.search(r"@software\{filterviz_(dev|\d+_\d+_\d+),", page)
    assert re.search(r"version = \{(dev \(\w+\)|\d+\.\d+\.\d+)\}", page)
    assert "BSD-3-Clause" in page and "CC-BY-4.0" in page
    assert 'href="references.html#' in text_of(built_site / "cite.html")  # works it cites


@pytest.mark.slow
def test_references_page_lists_the_required_works(built_site):
    page = text_of(built_site / "references.html")
    for key, title in REQUIRED_WORKS.items():
        assert title in page, key


@pytest.mark.slow
def test_every_example_page_has_a_cite_this_figure_block(built_site):
    pages = sorted((built_site / "auto_examples").rglob("plot_*.html"))
    assert pages
    for path in pages:
        page = text_of(path)
        words = words_of(path)
        docname = path.relative_to(built_site).with_suffix("").as_posix()
        assert "Cite this figure" in words, path.name
        permalinks = re.findall(rf'href="(https?://[^"]*/{re.escape(docname)}\.html)"', page)
        assert permalinks, f"{path.name} has no versioned permalink"
        assert re.search(r"/(dev|\d+\.\d+)/auto_examples/", permalinks[0]), permalinks[0]
        assert "@misc{filterviz_" in words, path.name
        assert f"url = {{{permalinks[0]}}}" in words, path.name
        assert "Licence: code BSD-3-Clause; text and figures CC-BY-4.0" in words, path.name


@pytest.mark.slow
def test_every_page_shows_its_provenance(built_site):
    import filterviz

    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    expected = [
        f"Built from filterviz {filterviz.__version__} (commit <code>{commit[:10] or 'unknown'}",
        f"TensorFlow {importlib.metadata.version('tensorflow')}",
        f"Keras {importlib.metadata.version('keras')}",
        f"NumPy {importlib.metadata.version('numpy')}",
    ]
    pages = [
        path
        for path in built_site.rglob("*.html")
        if not path.relative_to(built_site).parts[0].startswith("_")
    ]
    assert len(pages) > 5
    for path in pages:
        page = text_of(path)
        for line in expected:
            assert line in page, f"{path.relative_to(built_site)} lacks {line!r}"
