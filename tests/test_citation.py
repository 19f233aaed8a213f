"""Citation and provenance: CITATION.cff, the Cite page, every example page, every page."""

from __future__ import annotations

import html
import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

import citation  # docs/_ext, on sys.path through conftest.py
import pytest
import site_versions

ROOT = Path(__file__).resolve().parent.parent

CFFCONVERT = Path(sys.executable).parent / "cffconvert"
REQUIRED_WORKS = {
    "krizhevsky2009": "Learning multiple layers of features from tiny images",
    "zeiler2014": "Visualizing and understanding convolutional networks",
    "simonyan2013": "Deep inside convolutional networks",
    "olah2017": "Feature visualization",
    "lecun1998": "Gradient-based learning applied to document recognition",
    "fukushima1980": "Neocognitron: a self-organizing neural network model",
    "lecun1989": "Backpropagation applied to handwritten zip code recognition",
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
        assert "Licence: code BSD-3-Clause; our text and drawings CC-BY-4.0" in words, path.name


@pytest.mark.slow
def test_every_example_page_names_the_data_sets_of_its_images(built_site):
    scripts = sorted((ROOT / "examples").rglob("plot_*.py"))
    assert scripts
    for script in scripts:
        relative = script.relative_to(ROOT / "examples").with_suffix(".html")
        words = words_of(built_site / "auto_examples" / relative)
        datasets = citation.example_datasets(script)
        named = sorted(set(re.findall(r"Images from ([\w-]+):", words)))
        assert named == sorted(citation.DATASET_CREDITS[key][0] for key in datasets), relative
        if datasets:
            assert "not these images: reuse them on their data set" in words, relative
        else:
            assert "Images from data sets: none" in words, relative


@pytest.mark.slow
def test_cite_page_promises_only_the_releases_the_site_has(built_site):
    words = words_of(built_site / "cite.html")
    tags = site_versions.repository_tags(ROOT)
    if tags:
        for name in site_versions.newest_per_version(tags):
            assert name in words
    else:
        assert "No release of filterviz exists yet" in words
        assert "pick one in the version switcher" not in words
        example = next((built_site / "auto_examples").rglob("plot_*.html"))
        assert "No release of filterviz exists yet" in words_of(example)


@pytest.mark.slow
def test_cite_page_dates_convolutional_networks_to_1980_and_1989(built_site):
    words = words_of(built_site / "cite.html")
    assert re.search(r"neocognitron of Fukushima \[1980\]", words), "no Fukushima (1980)"
    assert re.search(r"LeCun et al\. \[1989\]", words), "no LeCun et al. (1989)"


# --- Where the images come from, read from the example code ----------------------


def write_script(tmp_path: Path, code: str) -> Path:
    path = tmp_path / "plot_example.py"
    path.write_text('"""\nTitle\n=====\n\nClaim.\n"""\n' + code)
    return path


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ('import filterviz\nfilterviz.sample_images("mnist", n=3)\n', ["mnist"]),
        ("import filterviz\nfilterviz.sample_images()\n", ["cifar10"]),
        ('from filterviz import sample_images\nsample_images(dataset="imagenet")\n', ["imagenet"]),
        (
            'import filterviz\nnames = {"A": "fashion_mnist", "B": "cifar100"}\n'
            "for name in names.values():\n    filterviz.sample_images(name)\n",
            ["cifar100", "fashion_mnist"],
        ),
        ('import filterviz\n# Try filterviz.sample_images("imagenet")\nx = 1\n', []),
        ('label = "mnist"\n', []),
    ],
    ids=["literal", "default", "keyword", "variable", "comment", "no-call"],
)
def test_example_datasets_reads_what_the_code_loads(tmp_path, code, expected):
    assert citation.example_datasets(write_script(tmp_path, code)) == expected


def test_release_sentence_says_when_there_is_no_release():
    entries = [{"name": "dev", "version": "dev", "url": "https://example.org/dev/"}]
    sentence = site_versions.release_sentence({"entries": entries})
    assert sentence.startswith("No release of filterviz exists yet")
    entries = site_versions.switcher_entries(["v0.1.0", "v0.2.1"], "https://example.org/")
    sentence = site_versions.release_sentence({"entries": entries})
    assert "0.2, 0.1" in sentence and "No release" not in sentence


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
