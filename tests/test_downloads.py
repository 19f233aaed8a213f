"""What a student downloads from the gallery works on its own and carries its licence.

Every example page offers its script (``.py``), its notebook (``.ipynb``) and
both zipped; the gallery offers all scripts and all notebooks as two zips. The
downloaded scripts run in a fresh Python process, outside Sphinx, and the
hand-made filter notebooks run in a Jupyter kernel.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(
    path.relative_to(ROOT / "examples")
    for path in (ROOT / "examples").rglob("*.py")
    if not path.name.startswith("_")
)
HANDMADE = [path for path in EXAMPLES if path.parts[0] == "handmade_filters"]
LICENCE = "License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)."

pytestmark = pytest.mark.slow


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


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_every_example_offers_script_notebook_and_zip(built_site, example):
    script = download(built_site, example, ".py")
    notebook = download(built_site, example, ".ipynb")
    archive = download(built_site, example, ".zip")
    with zipfile.ZipFile(archive) as members:
        assert sorted(members.namelist()) == sorted([script.name, notebook.name])
        assert members.read(script.name) == script.read_bytes()
        assert members.read(notebook.name) == notebook.read_bytes()


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


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_downloaded_script_runs_on_its_own(built_site, example, tmp_path):
    script = tmp_path / example.name
    script.write_bytes(download(built_site, example, ".py").read_bytes())
    result = subprocess.run(
        [sys.executable, script.name],
        cwd=tmp_path,
        env=student_env(),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, f"{example} failed on its own:\n{result.stderr[-4000:]}"


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("example", HANDMADE, ids=str)
def test_handmade_filter_notebook_runs_in_a_kernel(built_site, example, tmp_path, monkeypatch):
    import nbclient
    import nbformat

    for key, value in student_env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    notebook = nbformat.read(download(built_site, example, ".ipynb"), as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=900,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    outputs = [output for cell in notebook.cells for output in cell.get("outputs", [])]
    assert not [output for output in outputs if output.output_type == "error"]
    figures = [output for output in outputs if "image/png" in output.get("data", {})]
    assert figures, f"{example.name} drew no figure in the kernel"
