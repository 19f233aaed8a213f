"""Wall time of ``make site``: a full build of two versions, then a rebuild after a dev change.

Each run makes a throwaway git repository from this one's working tree (the
files git tracks or would track, as ``make site`` builds ``dev``), tags it
``v0.1.0`` and adds one more commit, so the site has two versions: ``0.1`` and
``dev``. It then times, as ``make site`` runs it,
``tools/build_site.py``:

- the full build: both versions, every example executed in each;
- the incremental rebuild after a change to a page of the working tree: ``0.1``
  is reused (checked), only ``dev`` is built again.

Prints each run and the medians. Not a test: the numbers depend on the machine
and its load.

Run: ``.venv/bin/python benchmarks/bench_site.py [--repeats 3] [--galleries handmade_filters ...]``
(``--galleries`` keeps only those example folders, for a quicker run or while
the shipped model is not trained yet.)
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD_SITE = ROOT / "tools" / "build_site.py"
sys.path.insert(0, str(BUILD_SITE.parent))
import build_site  # noqa: E402

GIT_ENV = dict(
    os.environ,
    GIT_AUTHOR_NAME="bench",
    GIT_AUTHOR_EMAIL="bench@example.org",
    GIT_COMMITTER_NAME="bench",
    GIT_COMMITTER_EMAIL="bench@example.org",
)


def git(repo, *args):
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=GIT_ENV, capture_output=True)


def make_repo(path, galleries):
    """A two-version copy of this working tree: tag v0.1.0, then one dev commit."""
    path.mkdir()
    build_site.export_working_tree(ROOT, path)  # what make site builds as dev
    if galleries:
        for folder in (path / "examples").iterdir():
            if folder.is_dir() and folder.name not in galleries:
                shutil.rmtree(folder)
    git(path, "init", "-q", "-b", "main")
    git(path, "add", "-A", "-f")
    git(path, "commit", "-q", "-m", "release 0.1.0")
    git(path, "tag", "v0.1.0")
    with open(path / "docs" / "cite.md", "a", encoding="utf-8") as page:
        page.write("\nA sentence added after the release.\n")
    git(path, "commit", "-q", "-am", "work after the release")


def time_build(repo, output):
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(BUILD_SITE), "--repo", str(repo), "--output", str(output)],
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"build_site failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return elapsed, done.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--galleries", nargs="*", default=None, help="example folders to keep")
    arguments = parser.parse_args()
    full, incremental = [], []
    for run in range(1, arguments.repeats + 1):
        with tempfile.TemporaryDirectory(prefix="bench-site-") as folder:
            repo, site = Path(folder) / "repo", Path(folder) / "site"
            make_repo(repo, arguments.galleries)
            elapsed, _ = time_build(repo, site)
            full.append(elapsed)
            with open(repo / "docs" / "index.md", "a", encoding="utf-8") as page:
                page.write("\nAn edit in the working tree.\n")
            elapsed, log = time_build(repo, site)
            if "reusing version 0.1" not in log:
                sys.exit(f"the rebuild did not reuse version 0.1:\n{log}")
            incremental.append(elapsed)
        print(f"run {run}: full {full[-1]:.1f} s, incremental (dev only) {incremental[-1]:.1f} s")
    kept = ", ".join(arguments.galleries) if arguments.galleries else "all"
    print(f"examples: {kept}; runs: {arguments.repeats}")
    print(f"full make site, versions 0.1 + dev:  median {statistics.median(full):.1f} s")
    print(f"rebuild after a dev change:         median {statistics.median(incremental):.1f} s")
    ratio = statistics.median(incremental) / statistics.median(full)
    print(f"incremental / full: {ratio:.2f}")


if __name__ == "__main__":
    main()
