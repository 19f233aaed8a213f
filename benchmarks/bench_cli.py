"""Wall time of the ``filterviz`` command, end to end, as a user runs it.

Times, each as the median of several runs of a fresh process:

- ``filterviz apply`` on one 224×224 photo with the default Keras engine, and
  with ``--engine numpy`` (which never imports TensorFlow);
- how long importing Keras and TensorFlow takes on its own, and its share of
  the ``apply`` time;
- ``filterviz --help``, ``filterviz kernels`` and ``filterviz maps`` refusing a
  file that is not an image, whose target is at most 1 s: the command imports
  NumPy, Matplotlib and TensorFlow only in the subcommands that need them, and
  checks the files it is given before importing TensorFlow.

Not a test: the numbers depend on the machine and its load.

Run: ``.venv/bin/python benchmarks/bench_cli.py [--repeats 5]``
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

import filterviz

TARGET_S = 1.0


def command_path() -> str:
    script = Path(sys.executable).parent / "filterviz"
    if not script.exists():
        sys.exit(f"{script} not found: install the package (pip install -e .) first")
    return str(script)


def wall_times(command, repeats, env, status=0):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env=env)
        times.append(time.perf_counter() - start)
        if done.returncode != status:
            sys.exit(f"{' '.join(command)} exited with {done.returncode}:\n{done.stderr}")
    return times


def import_keras_times(repeats, env):
    code = (
        "import os, time; os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3'); "
        "start = time.perf_counter(); import keras; print(time.perf_counter() - start)"
    )
    times = []
    for _ in range(repeats):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        times.append(float(done.stdout.strip().splitlines()[-1]))
    return times


def line(label, times, note=""):
    median = statistics.median(times)
    spread = f"min {min(times):.2f} s, max {max(times):.2f} s"
    print(f"{label:<44} {median:6.2f} s   ({spread}){note}")
    return median


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    env = dict(os.environ)
    env.pop("TF_CPP_MIN_LOG_LEVEL", None)  # the command quietens TensorFlow itself
    script = command_path()
    photos, _, _ = filterviz.sample_images("imagenet", n=1)
    with tempfile.TemporaryDirectory() as folder:
        photo = Path(folder) / "photo.png"
        Image.fromarray(np.round(photos[0] * 255).astype(np.uint8)).save(photo)
        output = Path(folder) / "out.png"
        apply = [script, "apply", "--kernel", "diagonal", str(photo), "-o", str(output), "--force"]

        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(
            f"filterviz {filterviz.__version__}, median of {args.repeats} fresh processes, "
            f"{os.cpu_count()} CPUs, load average {load}"
        )
        keras_apply = line(
            "filterviz apply, 224x224 photo (Keras engine)", wall_times(apply, args.repeats, env)
        )
        importing = line(
            "  of which importing Keras + TensorFlow", import_keras_times(args.repeats, env)
        )
        print(f"{'  share of the apply time':<44} {100 * importing / keras_apply:6.0f} %")
        line(
            "filterviz apply --engine numpy",
            wall_times([*apply, "--engine", "numpy"], args.repeats, env),
        )
        notes = Path(folder) / "notes.png"
        notes.write_text("lecture notes, not an image")
        refused = [script, "maps", "cifar10_cnn", str(notes), "-o", str(output), "--force"]
        for label, command, status in (
            ("filterviz --help", [script, "--help"], 0),
            ("filterviz kernels", [script, "kernels"], 0),
            ("filterviz maps, refusing a non-image file", refused, 1),
        ):
            median = statistics.median(wall_times(command, args.repeats, env, status))
            verdict = "within" if median <= TARGET_S else "OVER"
            print(f"{label:<44} {median:6.2f} s   ({verdict} the {TARGET_S:.0f} s target)")


if __name__ == "__main__":
    main()
