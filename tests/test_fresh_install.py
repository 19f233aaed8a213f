"""A student's downloads run in a fresh virtual environment, filterviz coming only from the site.

The test builds the site with its address on 127.0.0.1 (``FILTERVIZ_SITE_URL``,
as ``make site`` would set it for a real address), serves the built HTML there,
makes a new virtual environment with no filterviz in it, and runs one
downloaded notebook and one downloaded script of each gallery section. The
notebook's first cell is run as downloaded: it asks the served site for the
wheel and ``%pip install``-s it from the permalink; filterviz's own
dependencies come from the package index through pip (its cache makes a
second run fast). Nothing of the working tree is on the fresh ``sys.path``.
"""

from __future__ import annotations

import concurrent.futures
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
import buildenv  # noqa: E402
import package_wheel  # noqa: E402

import filterviz  # noqa: E402

pytestmark = pytest.mark.slow

#: One example of each gallery section: the first, the quickest to run.
EXAMPLES = [
    Path("handmade_filters/plot_01_diagonal.py"),
    Path("weight_mechanics/plot_01_scaling_and_sign.py"),
    Path("layer_depth/plot_01_depth_1.py"),
    Path("trained_network/plot_01_filters_over_training.py"),
]
SECTIONS = ["handmade_filters", "weight_mechanics", "layer_depth", "trained_network"]
WHEEL = package_wheel.wheel_name(filterviz.__version__)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature of the base class
        pass


def fresh_env() -> dict[str, str]:
    """The environment of a student's shell: nothing of the working tree, Agg, quiet TensorFlow."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")
        and not key.startswith(("FILTERVIZ", "SPHINX", "PYTEST", "JUPYTER"))
    }
    env.update(MPLBACKEND="Agg", TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
    return env


@pytest.fixture(scope="module")
def served_site(tmp_path_factory):
    """The site built for http://127.0.0.1:PORT/ and served there: (root URL, html folder)."""
    root = tmp_path_factory.mktemp("served")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root))
    )
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    html = root / "dev"
    env = dict(os.environ)
    env.update(
        FILTERVIZ_SITE_URL=base,
        # The downloads exist whether or not an example ran at build time; this
        # test runs them itself, so the build executes none of them.
        FILTERVIZ_EXAMPLES="(?!)",
        SOURCE_DATE_EPOCH=env.get("SOURCE_DATE_EPOCH", "1767225600"),
    )
    env.pop("FILTERVIZ_RUN_ALL_EXAMPLES", None)
    result = buildenv.sphinx_build(
        ROOT / "docs",
        html,
        doctrees=root / "doctrees",
        # Nor the MyST notebooks: unexecuted, they lack the kernel's lexer name.
        settings={"nb_execution_mode": "off", "suppress_warnings": "myst-nb.lexer"},
        cwd=ROOT,
        env=env,
        timeout=1800,
    )
    if result.returncode != 0:
        server.server_close()
        pytest.fail("sphinx-build failed:\n" + result.stderr[-6000:], pytrace=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base + "dev/", html
    server.shutdown()
    server.server_close()


def make_venv(folder: Path) -> tuple[Path, Path]:
    """Make a new virtual environment with a Jupyter kernel in `folder`: (python, kernels)."""
    subprocess.run([sys.executable, "-m", "venv", str(folder / "venv")], check=True, timeout=300)
    python = folder / "venv" / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "ipykernel"],
        env=fresh_env(), cwd=folder, check=True, timeout=1800,
    )  # fmt: skip
    spec = folder / "jupyter" / "kernels" / "fresh"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "fresh venv",
                "language": "python",
            }
        )
    )
    return python, folder / "jupyter"


@pytest.fixture(scope="module", autouse=True)
def venv_in_background(request, tmp_path_factory):
    """The fresh environment, made in a thread from the module's start while the site is built.

    Making it and building the site are independent; a future of make_venv's
    result, or None where no selected test of the module needs it.
    """
    needed = any(
        "venv" in item.fixturenames
        for item in request.session.items
        if getattr(item, "module", None) is request.module  # doctests have none
    )
    if not needed:
        yield None
        return
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    yield pool.submit(make_venv, tmp_path_factory.mktemp("fresh"))
    pool.shutdown(wait=True)


@pytest.fixture(scope="module")
def venv(venv_in_background):
    """A new virtual environment with a Jupyter kernel and no filterviz: (python, kernel name)."""
    python, kernels = venv_in_background.result(timeout=3600)
    # Not from the working tree either: Python puts the current folder on sys.path.
    found = subprocess.run(
        [str(python), "-c", "import filterviz"],
        env=fresh_env(), cwd=kernels.parent, capture_output=True, check=False,
    )  # fmt: skip
    assert found.returncode != 0, "the fresh environment already imports filterviz"
    return python, kernels


def download(site: Path, example: Path, suffix: str) -> Path:
    page = site / "auto_examples" / example.with_suffix(".html")
    name = re.escape(example.with_suffix(suffix).name)
    links = re.findall(rf'href="([^"]*_downloads/[0-9a-f]+/{name})"', page.read_text())
    assert links, f"{page.name} offers no {suffix} download"
    return (page.parent / links[0]).resolve()


def run_notebook(path: Path, kernels: Path, workdir: Path, monkeypatch):
    import nbclient
    import nbformat

    env = fresh_env()
    for key in list(os.environ):
        monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("JUPYTER_PATH", str(kernels))
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=1800,
        kernel_name="fresh",
        resources={"metadata": {"path": str(workdir)}},
    )
    client.execute()
    return notebook


def test_examples_cover_every_section():
    assert sorted(example.parts[0] for example in EXAMPLES) == sorted(SECTIONS)
    for example in EXAMPLES:
        assert (ROOT / "examples" / example).is_file(), example


def test_wheel_link_serves_the_built_wheel(served_site):
    url_root, html = served_site
    url = package_wheel.wheel_url(url_root, filterviz.__version__)
    built = html / package_wheel.WHEEL_DIR / WHEEL
    with urllib.request.urlopen(url, timeout=60) as answer:
        assert answer.read() == built.read_bytes()
    home = html / "index.html"
    assert f"pip install {url}" in home.read_text()


def test_wheel_holds_the_package_its_model_and_data(served_site):
    _, html = served_site
    with zipfile.ZipFile(html / package_wheel.WHEEL_DIR / WHEEL) as wheel:
        names = set(wheel.namelist())
        shipped = {
            f"filterviz/models/{path.name}"
            for path in (ROOT / "filterviz" / "models").iterdir()
            if path.is_file()
        }
        assert shipped, "no model files in the source tree"
        assert shipped <= names, sorted(shipped - names)
        modules = {f"filterviz/{path.name}" for path in (ROOT / "filterviz").glob("*.py")}
        assert modules <= names, sorted(modules - names)
        assert "filterviz/py.typed" in names
        keras_file = "filterviz/models/cifar10_cnn.keras"
        assert wheel.read(keras_file) == (ROOT / keras_file).read_bytes()
        metadata = wheel.read(f"filterviz-{filterviz.__version__}.dist-info/METADATA").decode()
        assert "Requires-Dist: tensorflow" in metadata
        assert "Requires-Dist: foolbox" in metadata


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: example.parts[0])
def test_downloaded_notebook_installs_filterviz_and_runs(
    served_site, venv, example, tmp_path, monkeypatch
):
    url_root, html = served_site
    python, kernels = venv
    url = package_wheel.wheel_url(url_root, filterviz.__version__)
    path = download(html, example, ".ipynb")
    first = json.loads(path.read_text())["cells"][0]
    assert "".join(first["source"]) == package_wheel.install_cell(url)

    notebook = run_notebook(path, kernels, tmp_path, monkeypatch)
    outputs = [output for cell in notebook.cells for output in cell.get("outputs", [])]
    assert not [output for output in outputs if output.output_type == "error"]
    figures = [output for output in outputs if "image/png" in output.get("data", {})]
    assert figures, f"{example.name} drew no figure in the fresh kernel"

    installed = subprocess.run(
        [
            str(python), "-c",
            "import filterviz, importlib.metadata as m; print(filterviz.__file__); "
            "print(m.distribution('filterviz').read_text('direct_url.json'))",
        ],
        env=fresh_env(), cwd=tmp_path, capture_output=True, text=True, check=True, timeout=300,
    ).stdout.splitlines()  # fmt: skip
    assert Path(installed[0]).is_relative_to(python.parent.parent), installed[0]
    assert json.loads(installed[1])["url"] == url


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: example.parts[0])
def test_downloaded_script_runs_in_the_fresh_environment(served_site, venv, example, tmp_path):
    url_root, html = served_site
    python, _ = venv
    url = package_wheel.wheel_url(url_root, filterviz.__version__)
    script = tmp_path / example.name
    script.write_bytes(download(html, example, ".py").read_bytes())
    assert f"# Needs filterviz: pip install {url}" in script.read_text()
    env = fresh_env()
    present = subprocess.run(
        [str(python), "-c", "import filterviz"], env=env, cwd=tmp_path, check=False
    )
    if present.returncode != 0:  # run alone, without the notebook tests: the README's line
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", url],
            env=env, cwd=tmp_path, check=True, timeout=1800,
        )  # fmt: skip
    result = subprocess.run(
        [str(python), script.name],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=1800, check=False,
    )  # fmt: skip
    assert result.returncode == 0, f"{example} failed:\n{result.stderr[-4000:]}"


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_install_cell_says_so_when_the_wheel_is_missing(served_site, venv, tmp_path, monkeypatch):
    import nbclient.exceptions

    url_root, html = served_site
    _, kernels = venv
    url = package_wheel.wheel_url(url_root, filterviz.__version__)
    wheel = html / package_wheel.WHEEL_DIR / WHEEL
    hidden = wheel.with_name(wheel.name + ".hidden")
    notebook = tmp_path / "first_cell.ipynb"
    source = json.loads(download(html, EXAMPLES[0], ".ipynb").read_text())
    source["cells"] = source["cells"][:1]  # the real install cell, as downloaded
    notebook.write_text(json.dumps(source))
    shutil.move(wheel, hidden)
    try:
        with pytest.raises(nbclient.exceptions.CellExecutionError) as error:
            run_notebook(notebook, kernels, tmp_path, monkeypatch)
    finally:
        shutil.move(hidden, wheel)
    message = str(error.value)
    assert "RuntimeError" in message
    assert f"The filterviz wheel does not answer at {url}" in message
    assert "404" in message
