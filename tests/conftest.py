"""Shared fixtures: Agg backend, closed figures, tiny models, one built site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest

ROOT = Path(__file__).resolve().parent.parent
# The site's extensions (docs/_ext) and the browser helpers (tools/chromium.py) are
# importable from every test through these paths, set here once.
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
sys.path.insert(0, str(ROOT / "tools"))

import buildenv  # noqa: E402

# Before anything imports TensorFlow: the environment of every build and test.
# FILTERVIZ_TEST_BACKEND=jax runs the backend-independent tests on JAX (make test does).
_BACKEND = os.environ.get("FILTERVIZ_TEST_BACKEND")
buildenv.apply()
if _BACKEND:
    os.environ["KERAS_BACKEND"] = _BACKEND
matplotlib.use("Agg")


def pytest_collection_finish(session):
    """Start the network-blocked second build of test_reproducible.py as collection ends.

    It is built from a copy of the working tree in a folder of its own, so it
    can run beside every test before the ones that compare it with the first.
    """
    if session.config.option.collectonly:
        return
    for item in session.items:  # doctests of the package have no module object
        module = getattr(item, "module", None)
        if "offline_site" in getattr(item, "fixturenames", ()) and hasattr(
            module, "start_offline_build"
        ):
            module.start_offline_build(session.config._tmp_path_factory)
            return


def pytest_sessionfinish(session):
    """Stop a background build (a module's ``_STARTED``) that no test waits for any more."""
    for module in {getattr(item, "module", None) for item in session.items}:
        for build in getattr(module, "_STARTED", []):
            build.stop()


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def build_site(output: Path) -> subprocess.CompletedProcess:
    """Build the whole site into `output`, executing every example; return the process."""
    env = buildenv.environment(
        FILTERVIZ_RUN_ALL_EXAMPLES="1",
        SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1767225600"),
    )
    return buildenv.sphinx_build(
        ROOT / "docs",
        output / "html",
        doctrees=output / "doctrees",
        env=env,
        cwd=ROOT,
        timeout=1800,
    )


@pytest.fixture(scope="session")
def cifar10_test_set():
    """The 10,000 CIFAR-10 test images and labels of the shared archive, read once.

    Skips, saying what is missing, where the archive is absent.
    """
    import filterviz

    try:
        folder = filterviz.cifar10.cifar10_folder()
    except FileNotFoundError as error:
        pytest.skip(f"needs the CIFAR-10 archive ../shared/data/cifar10-jpeg.tar.gz: {error}")
    images, labels, _ = filterviz.data.load_image_folder(folder / "test")
    return images, labels


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The site, built once per test session with every example executed.

    Returns the folder holding ``index.html``. Fails (not skips) if the build
    fails, showing the end of Sphinx's output. The environment variable
    ``FILTERVIZ_BUILT_SITE`` names an already built ``html`` folder to use instead.
    """
    prebuilt = os.environ.get("FILTERVIZ_BUILT_SITE")
    if prebuilt:  # a site built beforehand, for working on the tests that read it
        return Path(prebuilt)
    output = tmp_path_factory.mktemp("site")
    result = build_site(output)
    if result.returncode != 0:
        pytest.fail(
            "sphinx-build failed:\n" + result.stdout[-4000:] + "\n" + result.stderr[-6000:],
            pytrace=False,
        )
    return output / "html"


@pytest.fixture(scope="session")
def site_url(built_site):
    """Serve the built site on 127.0.0.1 at a free port; return its base URL."""
    import chromium

    server, url = chromium.serve(built_site)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium, one for the whole session.

    Playwright's synchronous API allows one instance at a time in a process,
    so every browser test shares this one. Skips, saying how to install them,
    where Playwright or Chromium is missing.
    """
    import chromium

    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="Playwright is missing: pip install -e '.[test]' (the browser itself is Debian's)",
    )
    if not chromium.CHROMIUM.exists():
        pytest.skip(
            "Chromium is not installed at /usr/bin/chromium; install Debian's package with "
            "'sudo apt-get install chromium' (never 'playwright install')"
        )
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium.CHROMIUM), args=chromium.CHROMIUM_ARGS
        )
        yield launched
        launched.close()
