"""`make site` on a throwaway git repository: versions, switcher, stable, bad input.

The repository is made here, with a tiny Sphinx project that uses the real
site_versions extension and templates and a tiny ``filterviz`` package whose
version and greeting change from commit to commit, so that each version's pages
show what its own package says.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import buildenv  # docs/_ext, on sys.path through conftest.py
import pytest
import site_versions

ROOT = Path(__file__).resolve().parent.parent
BUILD_SITE = ROOT / "tools" / "build_site.py"
BASE_URL = "https://example.org/fv/"

CONF = """\
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))
import filterviz
import site_versions

project = "tiny"
filterviz_site = site_versions.site_settings(os.environ, Path(__file__).parent)
version = filterviz_site["name"]
release = filterviz_site["release"]
extensions = ["site_versions"]
templates_path = ["_templates"]
html_theme = "pydata_sphinx_theme"
html_theme_options = {
    "navbar_end": ["version-switcher", "theme-switcher"],
    "footer_center": ["provenance"],
    **site_versions.theme_options(filterviz_site),
}
html_context = {"filterviz_provenance": site_versions.provenance(filterviz_site)}
exclude_patterns = ["_build"]
rst_epilog = f".. |greeting| replace:: {filterviz.GREETING}"
"""
INDEX = """\
Tiny
====

The package says |greeting|.
"""
PACKAGE = '''\
"""A stand-in for filterviz."""

import importlib.metadata

__version__ = importlib.metadata.version("filterviz")
GREETING = "{greeting}"
'''
PYPROJECT = """\
[project]
name = "filterviz"
version = "{version}"

[tool.setuptools]
packages = ["filterviz"]
"""
def git(repo: Path, *args: str) -> str:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.org",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.org",
    )
    result = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True
    )
    return result.stdout.strip()


def write_version(repo: Path, version: str, greeting: str, *, broken: bool = False) -> None:
    """Write the tiny project as it is at one version."""
    (repo / "filterviz").mkdir(exist_ok=True)
    (repo / "filterviz" / "__init__.py").write_text(PACKAGE.format(greeting=greeting))
    (repo / "pyproject.toml").write_text(PYPROJECT.format(version=version))
    docs = repo / "docs"
    (docs / "_ext").mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "docs" / "_ext" / "site_versions.py", docs / "_ext" / "site_versions.py")
    shutil.copytree(ROOT / "docs" / "_templates", docs / "_templates", dirs_exist_ok=True)
    conf = CONF + ('raise RuntimeError("this version cannot build")\n' if broken else "")
    (docs / "conf.py").write_text(conf)
    (docs / "index.rst").write_text(INDEX)


def commit(repo: Path, message: str, tag: str | None = None) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    if tag:
        git(repo, "tag", tag)


def make_repo(path: Path, releases: list[tuple[str, str, str]], dev: tuple[str, str]) -> Path:
    """A repository with one tagged commit per release, then an untagged dev commit."""
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    (path / ".gitignore").write_text("site/\n")
    for tag, version, greeting in releases:
        write_version(path, version, greeting)
        commit(path, f"release {version}", tag)
    write_version(path, *dev)
    commit(path, "work in progress")
    return path


def run_build_site(
    repo: Path, output: Path, *extra: str, base_url: str = BASE_URL
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            str(BUILD_SITE),
            "--repo",
            str(repo),
            "--output",
            str(output),
            "--base-url",
            base_url,
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def snapshot(site: Path) -> dict[str, tuple[int, str]]:
    """Modification time and build record of every version folder."""
    return {
        folder.name: (
            (folder / "index.html").stat().st_mtime_ns,
            (folder / ".filterviz-build.json").read_text(),
        )
        for folder in sorted(site.iterdir())
        if folder.is_dir() and not folder.name.startswith(".")
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """Two releases (v0.1.0, v0.2.0) and dev, built once: (repository, site)."""
    base = tmp_path_factory.mktemp("versions")
    repo = make_repo(
        base / "repo",
        [("v0.1.0", "0.1.0", "first"), ("v0.2.0", "0.2.0", "second")],
        ("0.3.0", "third"),
    )
    site = base / "site"
    result = run_build_site(repo, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return repo, site


@pytest.fixture
def copy_of_built(built, tmp_path) -> tuple[Path, Path]:
    """A private copy of the built repository and site, for tests that change them."""
    repo, site = built
    shutil.copytree(repo, tmp_path / "repo", symlinks=True)
    shutil.copytree(site, tmp_path / "site", symlinks=True)
    return tmp_path / "repo", tmp_path / "site"


def page(site: Path, version: str) -> str:
    return (site / version / "index.html").read_text(encoding="utf-8")


# --- A good build ----------------------------------------------------------------


def test_folder_layout(built):
    _, site = built
    folders = sorted(p.name for p in site.iterdir() if p.is_dir())
    assert folders == ["0.1", "0.2", "dev", "stable"]
    for folder in folders:
        assert (site / folder / "index.html").is_file()
    assert (site / "switcher.json").is_file()
    assert not list(site.glob(".build-*")), "temporary build folders were left behind"


def test_root_page_sends_visitors_to_stable(built):
    _, site = built
    root = (site / "index.html").read_text()
    assert 'http-equiv="refresh" content="0; url=stable/"' in root


def test_switcher_lists_dev_and_each_release_with_stable_preferred(built):
    _, site = built
    entries = json.loads((site / "switcher.json").read_text())
    assert entries == [
        {"name": "dev", "version": "dev", "url": BASE_URL + "dev/"},
        {"name": "0.2 (stable)", "version": "0.2", "url": BASE_URL + "stable/", "preferred": True},
        {"name": "0.1", "version": "0.1", "url": BASE_URL + "0.1/"},
    ]


def test_stable_is_the_newest_release(built):
    _, site = built
    assert page(site, "stable") == page(site, "0.2")
    record = json.loads((site / "stable" / ".filterviz-build.json").read_text())
    assert record["tag"] == "v0.2.0"


@pytest.mark.parametrize(
    ("version", "package_version", "greeting", "release"),
    [
        ("0.1", "0.1.0", "first", "0.1.0"),
        ("0.2", "0.2.0", "second", "0.2.0"),
        ("dev", "0.3.0", "third", "dev"),
    ],
)
def test_each_version_shows_its_own_version(built, version, package_version, greeting, release):
    _, site = built
    html = page(site, version)
    assert f"The package says {greeting}." in html  # its own package ran
    assert f"Built from filterviz {package_version}" in html  # provenance footer
    assert f"DOCUMENTATION_OPTIONS.theme_switcher_version_match = '{version}'" in html
    options = (site / version / "_static" / "documentation_options.js").read_text()
    assert f"VERSION: '{release}'," in options  # what the theme's banner compares


def test_every_version_has_the_switcher_and_the_old_version_banner(built):
    _, site = built
    for version in ("0.1", "0.2", "dev", "stable"):
        html = page(site, version)
        assert 'class="version-switcher__button' in html
        assert "DOCUMENTATION_OPTIONS.theme_switcher_json_url = '../switcher.json'" in html
        assert "DOCUMENTATION_OPTIONS.show_version_warning_banner =\n            true" in html
        assert 'id="bd-header-version-warning"' in html


def test_provenance_names_the_commit_of_each_version(built):
    repo, site = built
    for version, ref in (("0.1", "v0.1.0"), ("0.2", "v0.2.0"), ("dev", "HEAD")):
        sha = git(repo, "rev-parse", f"{ref}^{{commit}}")
        assert f"<code>{sha[:10]}</code>" in page(site, version)


def test_only_dev_is_rebuilt_when_only_dev_changed(copy_of_built):
    repo, site = copy_of_built
    before = snapshot(site)
    (repo / "docs" / "index.rst").write_text(INDEX + "\nA new sentence.\n")
    result = run_build_site(repo, site)
    assert result.returncode == 0, result.stderr
    after = snapshot(site)
    for version in ("0.1", "0.2", "stable"):
        assert after[version] == before[version], f"{version} was rebuilt"
    assert after["dev"][0] != before["dev"][0]
    assert "A new sentence." in page(site, "dev")
    assert "with local changes" in page(site, "dev")
    assert "reusing version 0.1 (tag v0.1.0" in result.stdout


def test_no_tags_builds_only_dev(tmp_path):
    repo = make_repo(tmp_path / "repo", [], ("0.0.1", "alone"))
    site = tmp_path / "site"
    result = run_build_site(repo, site)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in site.iterdir() if p.is_dir()) == ["dev"]
    assert 'content="0; url=dev/"' in (site / "index.html").read_text()
    entries = json.loads((site / "switcher.json").read_text())
    assert entries == [{"name": "dev", "version": "dev", "url": BASE_URL + "dev/"}]
    assert "The package says alone." in page(site, "dev")


# --- Bad input ------------------------------------------------------------------


def test_dirty_tag_name_stops_and_names_it(copy_of_built):
    repo, site = copy_of_built
    before = snapshot(site)
    git(repo, "tag", "v0.3-beta")
    result = run_build_site(repo, site)
    assert result.returncode == 1
    assert "version tag 'v0.3-beta'" in result.stderr
    assert "not a release tag name" in result.stderr
    assert snapshot(site) == before


def test_failing_tag_build_stops_and_keeps_the_versions_built_before(copy_of_built):
    repo, site = copy_of_built
    before = snapshot(site)
    write_version(repo, "0.3.0", "broken", broken=True)
    commit(repo, "a release that cannot build", "v0.3.0")
    result = run_build_site(repo, site)
    assert result.returncode == 1
    assert "version 0.3 (tag v0.3.0): its site build failed" in result.stderr
    assert "this version cannot build" in result.stderr  # the reason, from Sphinx
    assert not (site / "0.3").exists()
    assert snapshot(site) == before
    assert not list(site.glob(".build-*"))


def test_output_that_is_a_file_stops_and_names_the_version(built, tmp_path):
    repo, _ = built
    output = tmp_path / "site"
    output.write_text("not a folder")
    result = run_build_site(repo, output)
    assert result.returncode == 1
    assert "version 0.1: cannot write the output folder" in result.stderr
    assert "it is a file, not a folder" in result.stderr
    assert output.read_text() == "not a folder"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into a read-only folder")
def test_read_only_output_stops_and_names_the_version(built, tmp_path):
    repo, _ = built
    output = tmp_path / "site"
    output.mkdir()
    output.chmod(0o555)
    try:
        result = run_build_site(repo, output)
    finally:
        output.chmod(0o755)
    assert result.returncode == 1
    assert "version 0.1: cannot write the output folder" in result.stderr
    assert "Permission denied" in result.stderr


def test_output_under_a_file_stops_and_names_the_version(built, tmp_path):
    repo, _ = built
    (tmp_path / "file").write_text("")
    result = run_build_site(repo, tmp_path / "file" / "site")
    assert result.returncode == 1
    assert "version 0.1: cannot write the output folder" in result.stderr
    assert "Not a directory" in result.stderr


def test_bad_base_url_stops_and_names_it(built, tmp_path):
    repo, _ = built
    result = run_build_site(repo, tmp_path / "site", base_url="example.org/fv")
    assert result.returncode == 2
    assert "--base-url" in result.stderr
    assert "'example.org/fv'" in result.stderr
    assert not (tmp_path / "site").exists()


# --- The helpers behind them ------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("v0.1", (0, 1, 0)), ("v0.1.0", (0, 1, 0)), ("v2.10.3", (2, 10, 3))],
)
def test_parse_release_tag(tag, expected):
    assert site_versions.parse_release_tag(tag) == expected


@pytest.mark.parametrize("tag", ["v1", "v1.0-beta", "v01.2", "v1.2.3.4", "1.2.3", "v1.2.x"])
def test_parse_release_tag_rejects_dirty_names(tag):
    with pytest.raises(ValueError, match=re.escape(f"tag {tag!r} is not a release tag name")):
        site_versions.parse_release_tag(tag)


def test_parse_release_tag_rejects_non_strings():
    with pytest.raises(TypeError, match="tag must be a string.*got int"):
        site_versions.parse_release_tag(1)


def test_newest_patch_of_each_minor_version_is_listed():
    assert site_versions.newest_per_version(["v0.1.0", "v0.1.2", "v0.1.1", "v0.10.0", "v0.2"]) == {
        "0.1": "v0.1.2",
        "0.2": "v0.2",
        "0.10": "v0.10.0",
    }


@pytest.mark.parametrize("url", ["example.org", "ftp://example.org/", "https://", ""])
def test_check_base_url_rejects_what_is_not_an_address(url):
    with pytest.raises(ValueError, match=re.escape(f"base_url {url!r} is not a site address")):
        site_versions.check_base_url(url)


def test_site_settings_reject_a_bad_version_name(tmp_path):
    with pytest.raises(ValueError, match="FILTERVIZ_SITE_VERSION is 'v0.1': expected 'dev'"):
        site_versions.site_settings({"FILTERVIZ_SITE_VERSION": "v0.1"}, tmp_path)


def test_site_settings_reject_a_release_of_another_version(tmp_path):
    environ = {"FILTERVIZ_SITE_VERSION": "0.2", "FILTERVIZ_SITE_RELEASE": "0.1.0"}
    with pytest.raises(ValueError, match="FILTERVIZ_SITE_RELEASE is '0.1.0'"):
        site_versions.site_settings(environ, tmp_path)


@pytest.mark.parametrize("slug", ["v0.1.0", "stable"])
def test_read_the_docs_tag_build_uses_its_slugs(built, slug):
    repo, _ = built
    environ = {
        "READTHEDOCS": "True",
        "READTHEDOCS_VERSION": slug,
        "READTHEDOCS_VERSION_TYPE": "tag",
        "READTHEDOCS_GIT_IDENTIFIER": "v0.1.0",
        "READTHEDOCS_CANONICAL_URL": f"https://fv.readthedocs.io/en/{slug}/",
        "READTHEDOCS_GIT_COMMIT_HASH": "a" * 40,
    }
    settings = site_versions.site_settings(environ, repo / "docs")
    assert settings["name"] == "0.1"
    assert settings["release"] == "0.1.0"
    assert settings["commit"] == "a" * 40
    # Permalinks use the tag's own address, even in the build Read the Docs calls stable.
    assert settings["version_url"] == "https://fv.readthedocs.io/en/v0.1.0/"
    assert settings["json_url"] == "../latest/_static/switcher.json"
    assert settings["entries"] == [
        {"name": "dev", "version": "dev", "url": "https://fv.readthedocs.io/en/latest/"},
        {
            "name": "0.2 (stable)",
            "version": "0.2",
            "url": "https://fv.readthedocs.io/en/stable/",
            "preferred": True,
        },
        {"name": "0.1", "version": "0.1", "url": "https://fv.readthedocs.io/en/v0.1.0/"},
    ]


def test_read_the_docs_branch_build_is_dev(built):
    repo, _ = built
    environ = {
        "READTHEDOCS": "True",
        "READTHEDOCS_VERSION": "latest",
        "READTHEDOCS_VERSION_TYPE": "branch",
        "READTHEDOCS_GIT_IDENTIFIER": "main",
        "READTHEDOCS_CANONICAL_URL": "https://fv.readthedocs.io/en/latest/",
    }
    settings = site_versions.site_settings(environ, repo / "docs")
    assert (settings["name"], settings["release"]) == ("dev", "dev")
    assert settings["version_url"] == "https://fv.readthedocs.io/en/latest/"


def test_a_site_without_filterviz_site_stops_and_says_what_to_set(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / 'docs' / '_ext')!r})\n"
        'extensions = ["site_versions"]\n'
    )
    (docs / "index.rst").write_text("Tiny\n====\n")
    result = buildenv.sphinx_build(docs, tmp_path / "html", quiet=True, timeout=300)
    assert result.returncode != 0
    assert "filterviz_site is not set in conf.py" in result.stderr
    assert "site_versions.site_settings(" in result.stderr
