"""Wall time of a clean site build, per-example times, and of a rebuild with nothing changed.

A clean build removes docs/_build, docs/auto_examples and the generated API
pages first, so every example and notebook executes. Prints the median over
``--repeats`` runs of each, and every example's own running time as
sphinx-gallery recorded it in the last clean build (its ``*.cost.json`` files).

Run: ``.venv/bin/python benchmarks/bench_docs_build.py [--repeats 3]``
"""

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
sys.path.insert(0, str(DOCS / "_ext"))

import buildenv  # noqa: E402


def build():
    start = time.perf_counter()
    result = buildenv.sphinx_build(
        DOCS, DOCS / "_build" / "html", quiet=True, env=buildenv.environment(), cwd=ROOT
    )
    if result.returncode != 0:
        sys.exit(f"sphinx-build failed:\n{result.stderr[-4000:]}")
    return time.perf_counter() - start


def clean():
    for folder in ("_build", "auto_examples", "api/generated", "jupyter_execute"):
        shutil.rmtree(DOCS / folder, ignore_errors=True)


def example_times():
    """Each example's running time, as sphinx-gallery recorded it beside the page."""
    times = {}
    for cost in sorted((DOCS / "auto_examples").glob("*/plot_*.cost.json")):
        name = cost.name.removesuffix(".cost.json")
        times[f"{cost.parent.name}/{name}"] = json.loads(cost.read_text())["time"]
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--times-only", action="store_true", help="only print the last build's example times"
    )
    args = parser.parse_args()
    if args.times_only:
        print_example_times()
        return
    clean_times, rebuild_times = [], []
    for _ in range(args.repeats):
        clean()
        clean_times.append(build())
        rebuild_times.append(build())
    print(
        f"clean build:   median {statistics.median(clean_times):6.1f} s  "
        f"(runs: {', '.join(f'{t:.1f}' for t in clean_times)})"
    )
    print(
        f"rebuild, nothing changed: median {statistics.median(rebuild_times):6.1f} s  "
        f"(runs: {', '.join(f'{t:.1f}' for t in rebuild_times)})"
    )
    print_example_times()


def print_example_times():
    times = example_times()
    print(
        f"per-example running times, last clean build ({len(times)} examples, "
        f"total {sum(times.values()):.1f} s):"
    )
    for name, seconds in sorted(times.items(), key=lambda item: -item[1]):
        print(f"  {seconds:6.2f} s  {name}")


if __name__ == "__main__":
    main()
