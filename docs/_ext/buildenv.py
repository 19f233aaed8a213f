"""How filterviz builds, tests and benchmarks run: one environment and one sphinx-build command.

The environment is quiet, deterministic and CPU-only, and this is the one place
it is defined. ``docs/conf.py`` applies it before
anything imports TensorFlow, ``tests/conftest.py`` applies it for the test
process and hands it to the site builds it starts, ``tools/build_site.py`` and
the benchmarks take it for their Sphinx processes, and the Makefile exports it
by including the fragment that ``python3 docs/_ext/buildenv.py --make`` writes
(so the variables Python reads at start-up, ``PYTHONHASHSEED`` above all, are
set before the interpreter starts).

The executed MyST pages run in Jupyter kernels, which inherit this process's
environment. Matplotlib's backend is the one setting the two sides must not
share: sphinx-gallery draws with Agg, while a kernel needs the inline backend
for ``plt.show()`` to put a figure in the page. :func:`kernel_spec` gives the
kernels their own backend, and keeps C-level log lines (TensorFlow's absl and
oneDNN banners, written to file descriptor 2 whatever ``TF_CPP_MIN_LOG_LEVEL``
says, as of TensorFlow 2.21) in the build log rather than on the page.
Python warnings still reach the page, where the tests look for them.

:func:`sphinx_build` is the one ``sphinx-build`` command line (HTML, warnings
as errors, every warning reported): the test fixtures, ``tools/build_site.py``
and the benchmarks call it.

Only the standard library is used: the Makefile runs this file with the
system's ``python3`` before the virtual environment exists.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import MutableMapping
from pathlib import Path

#: Variables and values of every build, test and benchmark.
ENVIRONMENT = {
    # TensorFlow's Python-side and C++ logging at errors only.
    "TF_CPP_MIN_LOG_LEVEL": "3",
    # Same commit, same figures: deterministic kernels and hashing.
    "TF_DETERMINISTIC_OPS": "1",
    "PYTHONHASHSEED": "0",
    "KERAS_BACKEND": "tensorflow",
    # No GPU is looked for: nothing in the project may depend on one.
    "CUDA_VISIBLE_DEVICES": "",
    # Scripts and tests draw off-screen; the notebook kernels get their own (kernel_spec).
    "MPLBACKEND": "Agg",
    "PIP_DISABLE_PIP_VERSION_CHECK": "1",
}

#: The Matplotlib backend of the notebook kernels: ``plt.show()`` puts the figure in the page.
KERNEL_BACKEND = "module://matplotlib_inline.backend_inline"

#: The kernel name the executed MyST pages are run with (see ``nb_kernel_rgx_aliases``).
KERNEL_NAME = "filterviz-docs"


def apply(environ: MutableMapping[str, str] | None = None) -> MutableMapping[str, str]:
    """Set every variable of :data:`ENVIRONMENT` in `environ` (``os.environ`` by default).

    Values already set are replaced: a stray ``MPLBACKEND`` or ``KERAS_BACKEND``
    in a user's shell must not change what the site shows. Returns `environ`.
    """
    target = os.environ if environ is None else environ
    target.update(ENVIRONMENT)
    return target


def environment(**extra: str) -> dict[str, str]:
    """Return a copy of ``os.environ`` with :data:`ENVIRONMENT` applied and `extra` on top."""
    env = apply(dict(os.environ))
    env.update(extra)
    return env


def kernel_spec(folder: Path, python: str | None = None) -> Path:
    """Write the Jupyter kernel spec of the executed pages under `folder`; return its directory.

    The kernel is IPython on `python` (this interpreter by default), with the
    inline Matplotlib backend and file-descriptor capture off, so that a
    figure shown by a cell appears in the page and TensorFlow's C-level
    start-up lines do not. Put ``folder`` on ``JUPYTER_PATH`` to make the
    kernel findable.
    """
    spec_dir = Path(folder) / "kernels" / KERNEL_NAME
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [
            python or sys.executable,
            "-m",
            "ipykernel_launcher",
            "-f",
            "{connection_file}",
            "--IPKernelApp.capture_fd_output=False",
            # Not the "running over TCP without encryption" notice on every start.
            "--IPKernelApp.log_level=ERROR",
            # Figures at twice the pixels, sharp on high-density screens and slides.
            "--InlineBackend.figure_formats=retina",
        ],
        "display_name": "Python 3 (filterviz docs)",
        "language": "python",
        "env": {"MPLBACKEND": KERNEL_BACKEND},
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    return spec_dir


def sphinx_build(
    source: Path,
    output: Path,
    *,
    doctrees: Path | None = None,
    quiet: bool = False,
    env: MutableMapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float | None = None,
    settings: dict[str, str] | None = None,
) -> subprocess.CompletedProcess:
    """Build the HTML of the Sphinx project in `source` into `output`, warnings as errors.

    Runs ``python -m sphinx -W --keep-going -b html`` with this interpreter (``-q``
    when `quiet`; ``-d doctrees`` when given, else Sphinx's ``output/.doctrees``;
    ``-D name=value`` for each of `settings`) and returns the finished process,
    its output captured as text. A failed build is not raised: the caller reads
    ``returncode``, ``stdout`` and ``stderr``.
    """
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html"]
    if quiet:
        command.append("-q")
    if doctrees is not None:
        command += ["-d", str(doctrees)]
    for name, value in (settings or {}).items():
        command += ["-D", f"{name}={value}"]
    command += [str(source), str(output)]
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def make_fragment() -> str:
    """Return :data:`ENVIRONMENT` as GNU make ``export`` lines."""
    return "".join(f"export {key} := {value}\n" for key, value in ENVIRONMENT.items())


if __name__ == "__main__":
    if sys.argv[1:] != ["--make"]:
        sys.exit("usage: python3 docs/_ext/buildenv.py --make  (prints the Makefile's exports)")
    sys.stdout.write(make_fragment())
