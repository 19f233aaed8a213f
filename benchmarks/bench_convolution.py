"""Throughput of applying the two diagonal kernels to 10,000 32x32x3 images.

Compares, in one run on the same data: filterviz (Keras), raw ``tf.nn.conv2d``,
``scipy.ndimage.correlate`` in a loop and filterviz's NumPy reference. Every
method starts from the same NumPy array and ends with a NumPy array. Prints
the median of several repeats and the ratio filterviz / raw TensorFlow (the
issue's target: at least 0.8).

Run: ``.venv/bin/python benchmarks/bench_convolution.py [--repeats 7]``
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "docs" / "_ext"))
import buildenv  # noqa: E402

buildenv.apply()  # the environment of every build and test, before TensorFlow starts

import numpy as np
import scipy.ndimage
import tensorflow as tf
from timing import timed

import filterviz


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--scipy-repeats", type=int, default=3)
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    images = rng.random((args.images, 32, 32, 3), dtype=np.float32)
    names = ["diagonal", "anti_diagonal"]
    weights = filterviz.kernels.to_conv_weights(names)

    def with_filterviz():
        return filterviz.conv.filter_images(images, names)

    def with_tensorflow():
        return tf.nn.conv2d(images, weights, strides=1, padding="VALID").numpy()

    def with_numpy():
        return filterviz.conv.correlate(images, weights)

    def with_scipy():
        out = np.empty((len(images), 30, 30, 2), dtype=np.float32)
        for k, name in enumerate(names):
            kernel = filterviz.kernels.get(name)
            for index in range(len(images)):
                total = np.zeros((32, 32), dtype=np.float32)
                for channel in range(3):
                    total += scipy.ndimage.correlate(
                        images[index, :, :, channel], kernel, mode="constant"
                    )
                out[index, :, :, k] = total[1:-1, 1:-1]
        return out

    reference = with_numpy()
    for name, function in (
        ("filterviz", with_filterviz),
        ("tf", with_tensorflow),
        ("scipy", with_scipy),
    ):
        difference = float(np.abs(function() - reference).max())
        assert difference < 1e-5, f"{name} disagrees with the reference by {difference}"

    results = {}
    for label, function, repeats in (
        ("filterviz.conv.filter_images (Keras)", with_filterviz, args.repeats),
        ("raw tf.nn.conv2d", with_tensorflow, args.repeats),
        ("filterviz.conv.correlate (NumPy reference)", with_numpy, args.repeats),
        ("scipy.ndimage.correlate, loop", with_scipy, args.scipy_repeats),
    ):
        median, times = timed(function, repeats)
        results[label] = median
        print(
            f"{label:45s} median {median * 1000:9.1f} ms  {args.images / median:12,.0f} images/s  "
            f"(runs: {', '.join(f'{t * 1000:.0f}' for t in times)} ms)"
        )
    ratio = results["raw tf.nn.conv2d"] / results["filterviz.conv.filter_images (Keras)"]
    print(f"filterviz throughput / raw tf.nn.conv2d throughput: {ratio:.2f} (target >= 0.8)")


if __name__ == "__main__":
    main()
