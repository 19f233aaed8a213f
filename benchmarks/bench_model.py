"""Speed of looking inside a model, against plain Keras doing the same work.

- Feature maps of conv1-conv4 of the shipped network over 10,000 images:
  ``filterviz.model.feature_maps(model, [1, 2, 3, 4], images)`` against one
  Keras multi-output sub-model's ``predict`` (target: >= 0.9x its throughput).
- Occlusion sensitivity of 20 images: ``filterviz.model.occlusion_sensitivity``
  against building every occluded copy and one batched ``predict`` over them
  (target: >= 0.9x).

The images are seeded uniform noise in [0, 1]: speed does not depend on what
they show. Medians of several runs, both sides measured in the same run.

Run: ``.venv/bin/python benchmarks/bench_model.py [--repeats 5] [--images 10000]``
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "docs" / "_ext"))
import buildenv

buildenv.apply()

import keras
import numpy as np
from timing import timed

import filterviz


def rounded(runs):
    return [round(run, 2) for run in runs]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--images", type=int, default=10_000)
    parser.add_argument("--occlusion-images", type=int, default=20)
    args = parser.parse_args()

    model = filterviz.model.load("cifar10_cnn")
    images = np.random.default_rng(0).random((args.images, 32, 32, 3), dtype=np.float32)
    layers = filterviz.model.conv_layers(model)
    baseline_model = keras.Model(model.inputs[0], [layer.output for layer in layers])

    ours, ours_runs = timed(
        lambda: filterviz.model.feature_maps(model, [1, 2, 3, 4], images), args.repeats
    )
    keras_time, keras_runs = timed(
        lambda: baseline_model.predict(images, batch_size=256, verbose=0), args.repeats
    )
    print(f"feature maps, conv1-conv4, {args.images} images, median of {args.repeats}:")
    print(f"  filterviz.model.feature_maps   {ours:.2f} s  runs {rounded(ours_runs)}")
    print(f"  Keras multi-output predict     {keras_time:.2f} s  runs {rounded(keras_runs)}")
    print(f"  throughput ratio (filterviz / Keras): {keras_time / ours:.2f}x  (target >= 0.9)")

    batch = images[: args.occlusion_images]
    patch, stride, fill = 8, 2, 0.5
    rows = (32 - patch) // stride + 1

    def baseline_occlusion():
        occluded = np.repeat(batch, rows * rows, axis=0).reshape(len(batch), rows * rows, 32, 32, 3)
        for i in range(rows):
            for j in range(rows):
                occluded[
                    :,
                    i * rows + j,
                    i * stride : i * stride + patch,
                    j * stride : j * stride + patch,
                ] = fill
        base = model.predict(batch, verbose=0)
        classes = base.argmax(axis=1)
        scores = model.predict(occluded.reshape(-1, 32, 32, 3), batch_size=256, verbose=0)
        scores = scores.reshape(len(batch), rows * rows, -1)
        picked = np.take_along_axis(scores, classes[:, None, None], axis=2)[..., 0]
        return base[np.arange(len(batch)), classes][:, None] - picked

    ours, ours_runs = timed(
        lambda: filterviz.model.occlusion_sensitivity(model, batch, patch=patch, stride=stride),
        args.repeats,
    )
    base_time, base_runs = timed(baseline_occlusion, args.repeats)
    print(f"occlusion, {len(batch)} images, {rows}x{rows} positions, median of {args.repeats}:")
    print(f"  filterviz.model.occlusion_sensitivity  {ours:.2f} s  runs {rounded(ours_runs)}")
    print(f"  batched predict baseline               {base_time:.2f} s  runs {rounded(base_runs)}")
    print(f"  throughput ratio (filterviz / baseline): {base_time / ours:.2f}x  (target >= 0.9)")


if __name__ == "__main__":
    main()
