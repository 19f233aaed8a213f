"""Batched activation maximisation against one filter at a time, per layer of the shipped model.

The baseline is the method of the keras.io example "Visualizing what convnets
learn": a feature extractor up to the layer, one compiled gradient-ascent step
on one image (the filter index passed as a tensor, so it is compiled once),
run for each filter in turn. filterviz optimises one image per filter, all
filters in one batch (:func:`filterviz.model.maximize_activation`). Both run
the same number of steps per filter. Prints medians over ``--repeats`` runs and
the speed-up (target: at least 10x). The baseline is timed twice: with the
filter index as a tensor (compiled once, the fair comparison) and as the
example is published, with a Python int (compiled again for every filter).

Run: ``.venv/bin/python benchmarks/bench_maximize.py [--steps 20] [--repeats 3]``
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "docs" / "_ext"))
import buildenv  # noqa: E402

buildenv.apply()  # the environment of every build and test, before TensorFlow starts

import keras
import numpy as np
import tensorflow as tf

import filterviz


def one_at_a_time(model, layer_name, steps, learning_rate=10.0, as_published=False):
    layer = model.get_layer(layer_name)
    extractor = keras.Model(model.inputs[0], layer.output)

    @tf.function
    def step(image, filter_index):
        with tf.GradientTape() as tape:
            tape.watch(image)
            activation = extractor(image, training=False)
            loss = tf.reduce_mean(activation[..., filter_index])
        gradient = tf.math.l2_normalize(tape.gradient(loss, image))
        return loss, image + learning_rate * gradient

    rng = np.random.default_rng(0)
    images = []
    for index in range(layer.filters):
        image = tf.constant(rng.uniform(0.4, 0.6, (1, 32, 32, 3)).astype(np.float32))
        # The published example passes a Python int, which makes tf.function
        # compile the step again for every filter; a tensor compiles it once.
        filter_index = index if as_published else tf.constant(index)
        for _ in range(steps):
            _, image = step(image, filter_index)
        images.append(image.numpy()[0])
    return np.stack(images)


def timed(function, repeats, *arguments):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function(*arguments)
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--depths", default="1,2,3,4")
    args = parser.parse_args()
    model = filterviz.model.load("cifar10_cnn")
    print(f"{args.steps} steps per filter; medians of {args.repeats} runs")
    for depth in (int(d) for d in args.depths.split(",")):
        layer = filterviz.model.conv_layer(model, depth)
        # compile both once before timing
        one_at_a_time(model, layer.name, 1)
        filterviz.model.maximize_activation(model, depth, steps=1)
        single, single_runs = timed(one_at_a_time, args.repeats, model, layer.name, args.steps)
        published, _ = timed(one_at_a_time, 1, model, layer.name, args.steps, 10.0, True)
        batched, batched_runs = timed(
            filterviz.model.maximize_activation, args.repeats, model, depth, None, args.steps
        )
        print(
            f"depth {depth} ({layer.name}, {layer.filters} filters): "
            f"one at a time {single:7.2f} s (runs {', '.join(f'{t:.2f}' for t in single_runs)}); "
            f"as published {published:7.2f} s (one run); "
            f"batched {batched:6.2f} s (runs {', '.join(f'{t:.2f}' for t in batched_runs)}); "
            f"speed-up {single / batched:5.1f}x (as published: {published / batched:5.1f}x)",
            flush=True,
        )


if __name__ == "__main__":
    main()
