"""The filterviz wheel: built with the site, served from it, installed from its permalink.

The site build makes the package's wheel from the working tree (``pip wheel
--no-deps --no-build-isolation --no-index``, so offline, with
``SOURCE_DATE_EPOCH`` fixed so that the same sources give the same bytes) and
puts it at ``_downloads/wheel/filterviz-<version>-py3-none-any.whl`` in the
HTML output. Its permalink is that path under the versioned address of the
site (``site_settings(...)["version_url"]`` of ``site_versions``), so each version
of the site serves the package it was built from.

The first cell of every downloaded notebook (`install_cell`), the home page
(the ``filterviz-install`` directive) and the README install from that
permalink. The module is not named ``wheel``: ``docs/_ext`` is first on
``sys.path`` during the build, and would hide the ``wheel`` package.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from sphinx.errors import SphinxError

#: Where the wheel lies in the HTML output, relative to the root of a version.
WHEEL_DIR = "_downloads/wheel"
#: What the wheel build copies from the source tree (besides the package folder).
_PROJECT_FILES = ("pyproject.toml", "README.md", "LICENSE")
_PACKAGE = "filterviz"
_URL = re.compile(r"^https?://[^\s\"'\\{}]+$")
_DEFAULT_EPOCH = 315532800  # 1980-01-01, the earliest date a zip file can hold


def wheel_name(version: str) -> str:
    """The file name of the filterviz wheel of `version`.

    Examples
    --------
    >>> wheel_name("0.1.0")
    'filterviz-0.1.0-py3-none-any.whl'
    """
    if not isinstance(version, str) or not re.match(r"^[0-9][0-9A-Za-z.+-]*$", version):
        raise ValueError(f"version must be a version number such as '0.1.0', got {version!r}")
    return f"filterviz-{version}-py3-none-any.whl"


def wheel_url(version_url: str, version: str) -> str:
    """The permalink of the wheel: `version_url` (ending in ``/``) plus its path.

    Examples
    --------
    >>> wheel_url("https://filterviz.readthedocs.io/en/dev/", "0.1.0")
    'https://filterviz.readthedocs.io/en/dev/_downloads/wheel/filterviz-0.1.0-py3-none-any.whl'
    """
    if not isinstance(version_url, str):
        raise TypeError(f"version_url must be a string, got {type(version_url).__name__}")
    if not _URL.match(version_url):
        raise ValueError(
            f"version_url must be an http:// or https:// address, got {version_url!r}"
        )
    base = version_url if version_url.endswith("/") else version_url + "/"
    return f"{base}{WHEEL_DIR}/{wheel_name(version)}"


def site_wheel_url(confdir: Path, version: str, environ=None) -> str:
    """The wheel permalink of the version this build shows (see ``site_versions.site_settings``)."""
    import site_versions

    settings = site_versions.site_settings(os.environ if environ is None else environ, confdir)
    return wheel_url(str(settings["version_url"]), version)


def install_cell(url: str) -> str:
    """The first cell of every downloaded notebook: install filterviz from `url`.

    It asks for the wheel first, so that a missing wheel or an unreachable site
    stops the notebook with a sentence naming the address, not with pip's
    traceback; then ``%pip`` installs into the kernel's own Python (Google
    Colab, or any Jupyter kernel), and Matplotlib draws inline.

    Examples
    --------
    >>> print(install_cell("https://example.org/dev/_downloads/wheel/filterviz-0.1.0-py3-none-any.whl"))
    ... # doctest: +ELLIPSIS
    # Install filterviz from the wheel served by the site this notebook comes from.
    ...
    %pip install --quiet {WHEEL}
    %matplotlib inline
    """
    if not isinstance(url, str):
        raise TypeError(f"url must be a string, the wheel's address, got {type(url).__name__}")
    if not _URL.match(url):
        raise ValueError(f"url must be an http:// or https:// address of a wheel, got {url!r}")
    if not url.endswith(".whl"):
        raise ValueError(f"url must name a wheel file (ending in .whl), got {url!r}")
    return f"""\
# Install filterviz from the wheel served by the site this notebook comes from.
# Works in Google Colab and in any Jupyter kernel; its other packages come from PyPI.
import urllib.request

WHEEL = "{url}"
try:
    urllib.request.urlopen(urllib.request.Request(WHEEL, method="HEAD"), timeout=60).close()
except OSError as error:
    raise RuntimeError(
        f"The filterviz wheel does not answer at {{WHEEL}} ({{error}}). Download this "
        "notebook again from the gallery, or install filterviz from the site's home page."
    ) from None
%pip install --quiet {{WHEEL}}
%matplotlib inline"""


class WheelError(SphinxError):
    """The wheel could not be made, or is not where the pages say."""

    category = "filterviz wheel error"


def source_date_epoch(environ, source: Path) -> int:
    """``SOURCE_DATE_EPOCH`` if set, else the time of the last commit, else 1980-01-01."""
    value = environ.get("SOURCE_DATE_EPOCH", "")
    if value.isdigit():
        return max(int(value), _DEFAULT_EPOCH)
    try:
        committed = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=source,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        committed = ""
    return max(int(committed), _DEFAULT_EPOCH) if committed.isdigit() else _DEFAULT_EPOCH


def build_wheel(source: Path, outdir: Path, *, epoch: int, python: str = sys.executable) -> Path:
    """Build the wheel of the project in `source` into `outdir`; return its path.

    The project files and the package folder are copied to a temporary folder
    first, so that no ``build/`` or ``*.egg-info`` left in `source` changes the
    wheel, and the build writes nothing into `source`. ``pip wheel`` runs with
    ``--no-index --no-build-isolation`` (offline: the setuptools of `python`
    builds it) and ``SOURCE_DATE_EPOCH=epoch`` (every member dated `epoch`).

    Raises
    ------
    ValueError
        If `source` holds no ``pyproject.toml``.
    WheelError
        If pip fails or does not make exactly one wheel; the message ends with
        the last lines pip printed.
    """
    source = Path(source)
    pyproject = source / "pyproject.toml"
    if not pyproject.is_file():
        raise ValueError(f"source must be a project folder holding pyproject.toml, got {source}")
    outdir = Path(outdir)
    with tempfile.TemporaryDirectory(prefix="filterviz-wheel-") as temporary:
        tree = Path(temporary) / "src"
        tree.mkdir()
        for name in _PROJECT_FILES:
            if (source / name).is_file():
                shutil.copy2(source / name, tree / name)
        if (source / _PACKAGE).is_dir():
            shutil.copytree(
                source / _PACKAGE,
                tree / _PACKAGE,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
            )
        built = Path(temporary) / "out"
        env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch), PIP_DISABLE_PIP_VERSION_CHECK="1")
        command = [
            python, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
            "--wheel-dir", str(built), str(tree),
        ]  # fmt: skip
        try:
            result = subprocess.run(
                command, env=env, capture_output=True, text=True, timeout=600, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise WheelError(f"cannot build the filterviz wheel from {source}: {error}") from None
        wheels = sorted(built.glob("*.whl")) if built.is_dir() else []
        if result.returncode != 0 or len(wheels) != 1:
            tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-25:])
            raise WheelError(
                f"cannot build the filterviz wheel from {source}: 'pip wheel' exited with "
                f"status {result.returncode} and made {len(wheels)} wheel(s). Its last lines:\n"
                + tail
            )
        outdir.mkdir(parents=True, exist_ok=True)
        target = outdir / wheels[0].name
        shutil.copyfile(wheels[0], target)
    return target


# --- Sphinx -------------------------------------------------------------------------


def _expected(app) -> tuple[str, str]:
    """The wheel's file name and permalink for this build."""
    settings = app.config.filterviz_site
    version = app.config.filterviz_wheel_version
    return wheel_name(version), wheel_url(str(settings["version_url"]), version)


def _check_config(app, config) -> None:
    """The notebooks' first cell must install the wheel this build serves."""
    if not config.filterviz_wheel_version:
        raise WheelError("filterviz_wheel_version is not set in conf.py: which wheel to build?")
    url = wheel_url(str(config.filterviz_site["version_url"]), config.filterviz_wheel_version)
    gallery = getattr(config, "sphinx_gallery_conf", None) or {}
    first_cell = gallery.get("first_notebook_cell")
    if gallery and (not first_cell or url not in first_cell):
        raise WheelError(
            f"sphinx_gallery_conf['first_notebook_cell'] does not install {url}, the wheel "
            "this build serves: set it to package_wheel.install_cell(...) in conf.py"
        )


def _build(app) -> None:
    """Build the wheel into the HTML output before any page is written."""
    if app.builder.format != "html":
        return
    from sphinx.util import logging

    source = Path(app.config.filterviz_wheel_source or Path(app.confdir).parent)
    folder = Path(app.outdir) / WHEEL_DIR
    for old in folder.glob("*.whl") if folder.is_dir() else []:
        old.unlink()
    path = build_wheel(source, folder, epoch=source_date_epoch(os.environ, source))
    name, url = _expected(app)
    if path.name != name:
        raise WheelError(
            f"the wheel built from {source} is {path.name}, but the pages install {name}: "
            "filterviz_wheel_version in conf.py and the version in pyproject.toml differ"
        )
    logging.getLogger(__name__).info(f"filterviz wheel: {path} (served at {url})")


def _check_output(app, exception) -> None:
    """After the build: the wheel the pages link to is in the output."""
    if exception is not None or app.builder.format != "html":
        return
    name, url = _expected(app)
    path = Path(app.outdir) / WHEEL_DIR / name
    if not path.is_file():
        raise WheelError(f"the pages install {url}, but the build output has no {path}")


def setup(app):
    """Build the wheel with the site and offer the ``filterviz-install`` directive."""
    from docutils import nodes
    from sphinx.util.docutils import SphinxDirective

    class InstallDirective(SphinxDirective):
        """How to install filterviz: the wheel's permalink, for pip and for notebooks."""

        has_content = False

        def run(self):
            name, url = _expected(self.env.app)
            depth = self.env.docname.count("/")
            local = "../" * depth + f"{WHEEL_DIR}/{name}"
            command = f"pip install {url}"
            intro = nodes.paragraph()
            intro += nodes.Text("In a terminal, inside a virtual environment:")
            shell = nodes.literal_block(command, command, language="console")
            notebook = f"%pip install {url}"
            jupyter = nodes.paragraph()
            jupyter += nodes.Text(
                "In a Jupyter notebook or Google Colab (the first cell of every notebook "
                "downloaded from the gallery does this for you):"
            )
            cell = nodes.literal_block(notebook, notebook, language="ipython")
            where = nodes.paragraph()
            where += nodes.Text("The wheel, ")
            where += nodes.reference(name, "", nodes.literal(name, name), refuri=local)
            where += nodes.Text(
                ", is built from the same sources as this version of the site and "
                "served with it; its other packages (Keras, TensorFlow, NumPy, "
                "Matplotlib, Pillow, foolbox, rich) come from the Python package index."
            )
            return [intro, shell, jupyter, cell, where]

    app.add_config_value("filterviz_wheel_version", "", "html", types=frozenset({str}))
    app.add_config_value("filterviz_wheel_source", None, "", types=frozenset({str, type(None)}))
    # filterviz_site (site_versions) is set in conf.py: this build's address.
    app.connect("config-inited", _check_config, priority=700)
    app.connect("builder-inited", _build)
    app.connect("build-finished", _check_output)
    app.add_directive("filterviz-install", InstallDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
