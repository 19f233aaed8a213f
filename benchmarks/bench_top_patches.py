"""Speed of the top-9 patches of every filter at every depth, against a plain Keras forward pass.

``filterviz.exemplars.top_patches(model, [1, 2, 3, 4], images)`` finds, for
all 480 filters of the shipped network's four convolutions, the 9 images
that excite each most and cuts their receptive-field patches, with one
forward pass per batch for all depths together. The baseline is the forward
pass alone: one Keras multi-output ``predict`` over the same images, giving
the four layers' maps (target: filterviz >= 0.9x its throughput).

The images are the 10,000 CIFAR-10 test images where the archive is found
(see ``filterviz.cifar10.cifar10_folder``), else seeded noise of the same
shape (printed). Medians of several runs, the two methods timed in turns.

Run: ``.venv/bin/python benchmarks/bench_top_patches.py [--repeats 5] [--images 10000]``
"""

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "docs" / "_ext"))
import buildenv  # noqa: E402

buildenv.apply()

import keras  # noqa: E402
import numpy as np  # noqa: E402
from timing import in_turns  # noqa: E402

import filterviz  # noqa: E402
from filterviz import cifar10, data  # noqa: E402


def test_images(count):
    """The CIFAR-10 test images if the archive is there, else seeded noise; and their source."""
    try:
        images, _, _ = data.load_image_folder(cifar10.cifar10_folder() / "test")
        return images[:count], "CIFAR-10 test images"
    except (FileNotFoundError, ValueError):
        noise = np.random.default_rng(0).random((count, 32, 32, 3), dtype=np.float32)
        return noise, "seeded noise (no CIFAR-10 archive found)"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--images", type=int, default=10_000)
    args = parser.parse_args()

    model = filterviz.shipped.load("cifar10_cnn")
    images, source = test_images(args.images)
    convs = filterviz.model.conv_layers(model)
    depths = list(range(1, len(convs) + 1))
    filters = sum(int(layer.filters) for layer in convs)
    baseline = keras.Model(model.inputs[0], [layer.output for layer in convs])

    runs = in_turns(
        {
            "filterviz": lambda: filterviz.exemplars.top_patches(model, depths, images, k=9),
            "keras": lambda: baseline.predict(images, batch_size=256, verbose=0),
        },
        args.repeats,
    )
    ours, theirs = statistics.median(runs["filterviz"]), statistics.median(runs["keras"])
    print(f"top-9 patches of all {filters} filters at depths {depths}, {len(images)} {source}")
    print(f"median of {args.repeats} runs, timed in turns:")
    rounded = {name: [round(run, 2) for run in values] for name, values in runs.items()}
    print(f"  filterviz.exemplars.top_patches  {ours:.2f} s  runs {rounded['filterviz']}")
    print(f"  Keras multi-output predict       {theirs:.2f} s  runs {rounded['keras']}")
    print(f"  throughput ratio (filterviz / Keras): {theirs / ours:.2f}x  (target >= 0.9)")


if __name__ == "__main__":
    main()
