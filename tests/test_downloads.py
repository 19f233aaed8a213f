"""What a student downloads from the site works on its own and carries its licence.

Every example page offers its script (``.py``), its notebook (``.ipynb``) and
both zipped; the gallery offers all scripts and all notebooks as two zips. The
downloaded scripts run in a fresh Python process, outside Sphinx, and the
hand-made filter notebooks run in a Jupyter kernel. The site serves the
package's wheel, which every notebook installs first: tiny site builds here
check the wheel, its link and the build's refusals; ``test_fresh_install.py``
installs it for real in a new virtual environment.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
import buildenv  # noqa: E402
import citation  # noqa: E402
import package_wheel  # noqa: E402

import filterviz  # noqa: E402

EXAMPLES = sorted(
    path.relative_to(ROOT / "examples")
    for path in (ROOT / "examples").rglob("*.py")
    if not path.name.startswith("_")
)
HANDMADE = [path for path in EXAMPLES if path.parts[0] == "handmade_filters"]
LICENCE = "License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)."
WHEEL = package_wheel.wheel_name(filterviz.__version__)


def example_page(site: Path, example: Path) -> Path:
    return site / "auto_examples" / example.with_suffix(".html")


def download(site: Path, example: Path, suffix: str) -> Path:
    """The file the example page links to for `suffix` (``.py``, ``.ipynb``, ``.zip``)."""
    page = example_page(site, example)
    name = re.escape(example.with_suffix(suffix).name)
    links = re.findall(rf'href="([^"]*_downloads/[0-9a-f]+/{name})"', page.read_text())
    assert links, f"{page.name} offers no {suffix} download"
    path = (page.parent / links[0]).resolve()
    assert path.is_file(), f"{page.name} links to a missing {path}"
    return path


def served_wheel_url(site: Path) -> str:
    """The wheel permalink the home page gives, after checking its link reaches the wheel."""
    home = (site / "index.html").read_text(encoding="utf-8")
    links = re.findall(rf'href="(_downloads/wheel/{re.escape(WHEEL)})"', home)
    assert links, "the home page does not link to the wheel"
    assert (site / links[0]).is_file(), f"the home page links to a missing {links[0]}"
    commands = re.findall(rf"pip install (https?://\S+/{re.escape(WHEEL)})", home)
    assert commands, "the home page shows no pip install line for the wheel"
    return commands[0]


def student_env() -> dict[str, str]:
    """A plain environment: Agg, quiet TensorFlow, CPU; no Sphinx, no test settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("FILTERVIZ_SITE", "SPHINX", "PYTEST"))
    }
    env.update(MPLBACKEND="Agg", TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
    return env


def test_examples_were_found():
    assert len(EXAMPLES) >= 2
    assert HANDMADE


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_every_example_offers_script_notebook_and_zip(built_site, example):
    script = download(built_site, example, ".py")
    notebook = download(built_site, example, ".ipynb")
    archive = download(built_site, example, ".zip")
    with zipfile.ZipFile(archive) as members:
        assert sorted(members.namelist()) == sorted([script.name, notebook.name])
        assert members.read(script.name) == script.read_bytes()
        assert members.read(notebook.name) == notebook.read_bytes()


@pytest.mark.slow
def test_gallery_offers_every_script_and_every_notebook_zipped(built_site):
    index = (built_site / "auto_examples" / "index.html").read_text()
    for kind, suffix in (("python", ".py"), ("jupyter", ".ipynb")):
        links = re.findall(rf'href="([^"]*_downloads/[0-9a-f]+/auto_examples_{kind}\.zip)"', index)
        assert links, f"the gallery offers no zip of its {kind} files"
        archive = (built_site / "auto_examples" / links[0]).resolve()
        with zipfile.ZipFile(archive) as members:
            names = sorted(members.namelist())
            expected = sorted(example.with_suffix(suffix).as_posix() for example in EXAMPLES)
            assert names == expected
            for name in names:
                assert LICENCE in members.read(name).decode(), name


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_downloads_carry_licence_and_citation(built_site, example):
    permalink_end = f"auto_examples/{example.with_suffix('.html').as_posix()}"
    script = download(built_site, example, ".py").read_text(encoding="utf-8")
    assert f"# {LICENCE}" in script
    assert re.search(rf"^# Cite as: .*{re.escape(permalink_end)}$", script, re.M)
    notebook = json.loads(download(built_site, example, ".ipynb").read_text(encoding="utf-8"))
    stamped = [
        "".join(cell["source"])
        for cell in notebook["cells"]
        if cell["cell_type"] == "markdown" and cell["metadata"].get("filterviz_citation")
    ]
    assert len(stamped) == 1
    assert LICENCE in stamped[0]
    assert "Cite as:" in stamped[0]
    assert permalink_end in stamped[0]
    title_cell = next(
        i for i, cell in enumerate(notebook["cells"]) if cell["cell_type"] == "markdown"
    )
    assert notebook["cells"][title_cell + 1]["metadata"].get("filterviz_citation")


#: Downloaded scripts and notebooks run this many at a time, each in a process of its own.
WORKERS = max(1, min(2, os.cpu_count() or 1))

#: Runs a notebook in a Jupyter kernel, in a process of its own: (notebook in, notebook out, cwd).
NOTEBOOK_RUNNER = """
import sys
import nbclient
import nbformat

notebook = nbformat.read(sys.argv[1], as_version=4)
client = nbclient.NotebookClient(
    notebook, timeout=900, kernel_name="python3", resources={"metadata": {"path": sys.argv[3]}}
)
client.execute()
nbformat.write(notebook, sys.argv[2])
"""


def run_downloaded_script(script: Path, workdir: Path) -> subprocess.CompletedProcess:
    """Run the downloaded `script`, alone in `workdir`, in a fresh Python process."""
    workdir.mkdir(parents=True)
    copy = workdir / script.name
    copy.write_bytes(script.read_bytes())
    return subprocess.run(
        [sys.executable, copy.name],
        cwd=workdir,
        env=student_env(),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def run_downloaded_notebook(notebook: Path, workdir: Path, first_cell: str):
    """Run the downloaded `notebook` in a Jupyter kernel with its first cell set to `first_cell`.

    Returns (the process, the executed notebook or None where it did not finish).
    """
    import nbformat

    workdir.mkdir(parents=True)
    source = nbformat.read(notebook, as_version=4)
    source.cells[0] = nbformat.v4.new_code_cell(first_cell)
    given, executed = workdir / "given.ipynb", workdir / "executed.ipynb"
    nbformat.write(source, given)
    result = subprocess.run(
        [sys.executable, "-c", NOTEBOOK_RUNNER, str(given), str(executed), str(workdir)],
        cwd=workdir,
        env=dict(student_env(), JUPYTER_PLATFORM_DIRS="1"),
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    return result, (nbformat.read(executed, as_version=4) if executed.is_file() else None)


@pytest.fixture(scope="module")
def downloads_run(built_site, request, tmp_path_factory):
    """The downloaded scripts and notebooks this session tests, run WORKERS at a time.

    Each runs as before, in a fresh process of its own (a notebook: in a kernel
    of its own); only their waiting is shared. Returns {(kind, example): future}.
    """
    wanted = [
        (item.originalname, item.callspec.params["example"])
        for item in request.session.items
        if getattr(item, "module", None) is request.module  # doctests have none
        and item.originalname in ("test_downloaded_script_runs_on_its_own",
                                  "test_handmade_filter_notebook_runs_in_a_kernel")
    ]  # fmt: skip
    root = tmp_path_factory.mktemp("downloads-run")
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=WORKERS)
    futures = {}
    for number, (test, example) in enumerate(dict.fromkeys(wanted)):
        workdir = root / f"{number:02d}-{example.stem}"
        if test == "test_downloaded_script_runs_on_its_own":
            script = download(built_site, example, ".py")
            futures["script", example] = pool.submit(run_downloaded_script, script, workdir)
        else:
            notebook = download(built_site, example, ".ipynb")
            futures["notebook", example] = pool.submit(
                run_downloaded_notebook, notebook, workdir, "%matplotlib inline"
            )
    yield futures
    pool.shutdown(wait=True, cancel_futures=True)


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_downloaded_script_runs_on_its_own(downloads_run, example):
    result = downloads_run["script", example].result()
    assert result.returncode == 0, f"{example} failed on its own:\n{result.stderr[-4000:]}"


@pytest.mark.slow
@pytest.mark.parametrize("example", HANDMADE, ids=str)
def test_handmade_filter_notebook_runs_in_a_kernel(built_site, downloads_run, example):
    """Every hand-made filter notebook runs, on the filterviz under test.

    Its first cell installs the wheel from the published site, which this
    offline kernel cannot reach and which would replace the filterviz under
    test: it is checked to be that cell and left out here (it runs for real in
    test_fresh_install.py), and its ``%matplotlib inline`` kept.
    """
    import nbformat

    downloaded = nbformat.read(download(built_site, example, ".ipynb"), as_version=4)
    assert downloaded.cells[0].source == package_wheel.install_cell(served_wheel_url(built_site))
    result, notebook = downloads_run["notebook", example].result()
    assert result.returncode == 0, f"{example} failed in the kernel:\n{result.stderr[-4000:]}"
    assert notebook is not None
    assert len(notebook.cells) == len(downloaded.cells)
    outputs = [output for cell in notebook.cells for output in cell.get("outputs", [])]
    assert not [output for output in outputs if output.output_type == "error"]
    figures = [output for output in outputs if "image/png" in output.get("data", {})]
    assert figures, f"{example.name} drew no figure in the kernel"


@pytest.mark.slow
def test_home_page_links_the_wheel_the_build_made(built_site):
    url = served_wheel_url(built_site)
    wheel = built_site / package_wheel.WHEEL_DIR / WHEEL
    with zipfile.ZipFile(wheel) as archive:
        assert "filterviz/models/cifar10_cnn.keras" in archive.namelist()
    assert url.endswith(f"/{package_wheel.WHEEL_DIR}/{WHEEL}")


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_every_notebook_first_installs_the_served_wheel(built_site, example):
    url = served_wheel_url(built_site)
    notebook = json.loads(download(built_site, example, ".ipynb").read_text(encoding="utf-8"))
    first = notebook["cells"][0]
    assert first["cell_type"] == "code"
    assert "".join(first["source"]) == package_wheel.install_cell(url)
    script = download(built_site, example, ".py").read_text(encoding="utf-8")
    assert f"# Needs filterviz: pip install {url}" in script


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_downloads_name_the_data_sets_of_their_images(built_site, example):
    datasets = citation.example_datasets(ROOT / "examples" / example)
    script = download(built_site, example, ".py").read_text(encoding="utf-8")
    notebook = json.loads(download(built_site, example, ".ipynb").read_text(encoding="utf-8"))
    stamp = next(
        "".join(cell["source"])
        for cell in notebook["cells"]
        if cell["metadata"].get("filterviz_citation")
    )
    named = sorted(set(re.findall(r"^# Images from ([\w-]+):", script, re.M)))
    expected = sorted(citation.DATASET_CREDITS[key][0] for key in datasets)
    assert named == expected
    assert sorted(set(re.findall(r"^Images from ([\w-]+):", stamp, re.M))) == expected
    if datasets:
        assert "covers our text and drawings, not these images" in script
        assert "covers our text and drawings, not these images" in stamp
    else:
        assert "# Images from data sets: none" in script


# --- The wheel, in tiny site builds ------------------------------------------------

TINY_CONF = """
import os
import sys
from pathlib import Path
sys.path.insert(0, {ext!r})
import filterviz
import site_versions
extensions = ["site_versions", "package_wheel"]
filterviz_site = site_versions.site_settings(os.environ, Path(__file__).parent)
html_theme = "pydata_sphinx_theme"
filterviz_wheel_version = {version!r}
filterviz_wheel_source = {source!r}
"""


def tiny_build(tmp_path: Path, *, source: Path = ROOT, version: str | None = None):
    """Build a one-page site that offers the wheel; return (process, html folder)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "conf.py").write_text(
        TINY_CONF.format(
            ext=str(ROOT / "docs" / "_ext"),
            version=version or filterviz.__version__,
            source=str(source),
        )
    )
    (docs / "references.bib").write_text("")
    (docs / "index.rst").write_text("Install\n=======\n\n.. filterviz-install::\n")
    env = dict(os.environ, FILTERVIZ_SITE_URL="https://example.org/fv/")
    env.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    html = tmp_path / "html"
    result = buildenv.sphinx_build(docs, html, quiet=True, env=env, timeout=600)
    return result, html


def test_tiny_build_serves_the_wheel_its_page_links_to(tmp_path):
    result, html = tiny_build(tmp_path)
    assert result.returncode == 0, result.stderr[-4000:]
    url = served_wheel_url(html)
    assert url == f"https://example.org/fv/dev/_downloads/wheel/{WHEEL}"
    with zipfile.ZipFile(html / package_wheel.WHEEL_DIR / WHEEL) as archive:
        names = set(archive.namelist())
    shipped = {
        f"filterviz/models/{path.name}"
        for path in (ROOT / "filterviz" / "models").iterdir()
        if path.is_file()
    }
    assert shipped and shipped <= names, sorted(shipped - names)
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


def test_wheel_is_the_same_bytes_when_built_twice(tmp_path):
    first = package_wheel.build_wheel(ROOT, tmp_path / "one", epoch=1767225600)
    second = package_wheel.build_wheel(ROOT, tmp_path / "two", epoch=1767225600)
    assert first.name == second.name == WHEEL
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}


def test_build_fails_naming_the_problem_when_the_wheel_cannot_be_made(tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n'
        '[project]\nname = "filterviz"\nversion = "0.1.0"\nlicense = 42\n'
    )
    site = tmp_path / "site"
    site.mkdir()
    result, html = tiny_build(site, source=broken)
    assert result.returncode != 0
    assert f"cannot build the filterviz wheel from {broken}" in result.stderr
    assert not (html / package_wheel.WHEEL_DIR / WHEEL).exists()


def test_build_fails_when_the_pages_would_install_another_wheel(tmp_path):
    result, _ = tiny_build(tmp_path, version="9.9.9")
    assert result.returncode != 0
    assert "filterviz_wheel_version" in result.stderr
    assert "filterviz-9.9.9-py3-none-any.whl" in result.stderr


def test_build_wheel_needs_a_project_folder(tmp_path):
    with pytest.raises(ValueError, match="source"):
        package_wheel.build_wheel(tmp_path, tmp_path / "out", epoch=0)


@pytest.mark.parametrize(
    "url",
    ["ftp://example.org/filterviz.whl", "https://example.org/filterviz.tar.gz",
     'https://example.org/"quoted".whl', "https://example.org/a b.whl"],
)  # fmt: skip
def test_install_cell_rejects_an_address_that_is_not_a_wheel_url(url):
    with pytest.raises(ValueError, match="url"):
        package_wheel.install_cell(url)


def test_install_cell_rejects_a_url_that_is_not_a_string():
    with pytest.raises(TypeError, match="url"):
        package_wheel.install_cell(42)


def test_wheel_url_rejects_a_version_url_that_is_not_an_address():
    with pytest.raises(ValueError, match="version_url"):
        package_wheel.wheel_url("filterviz/dev/", "0.1.0")


def test_readme_installs_the_wheel_of_the_default_site():
    url = package_wheel.site_wheel_url(ROOT / "docs", filterviz.__version__, environ={})
    assert url == f"https://filterviz.readthedocs.io/en/dev/_downloads/wheel/{WHEEL}"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"pip install {url}" in readme
    assert "pip install filterviz\n" not in readme
