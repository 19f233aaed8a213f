"""Activation maximisation of the shipped model: filterviz against its peers and against the floor.

Per depth, every filter of the layer, the same number of steps, timed in turns
within each repeat so that the machine's load hits all methods alike:

- ``filterviz``: :func:`filterviz.maximize.maximize_activation`, one image per
  filter, every filter in one batch (the default);
- ``batches of 64``: the same with ``batch_size=64``, which bounds memory;
- ``keras.io``: the method of the keras.io example "Visualizing what convnets
  learn", one compiled step on one image, for each filter in turn (the
  filter index passed as a tensor, so it compiles once: the fair version);
- ``tf-keras-vis``: its ``ActivationMaximization`` with all filters in one
  batch and its default input modifiers and regularisers, only when
  ``--tf-keras-vis FOLDER`` names a folder where it is installed (it is not a
  dependency of filterviz: ``pip install --no-deps --target FOLDER
  tf-keras-vis deprecated wrapt imageio``).

Then the rate of one step at the deepest layer against a floor: the time
``tf.nn.conv2d`` and its input gradient take, at the same shapes and batch,
for the convolutions the step must run (forward and backward through every
convolution up to the layer). ``floor / step`` is the share of the step spent
in convolution at the best rate this machine reaches. With ``--jax`` the
filterviz timings are repeated on Keras' JAX backend in a second process.

Run: ``.venv/bin/python benchmarks/bench_maximize.py [--steps 20] [--repeats 5] [--jax]``
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "docs" / "_ext"))
import buildenv  # noqa: E402

BACKEND = os.environ.get("BENCH_BACKEND", "tensorflow")
buildenv.apply()  # the environment of every build and test, before Keras starts
os.environ["KERAS_BACKEND"] = BACKEND

import keras  # noqa: E402
import numpy as np  # noqa: E402
from timing import in_turns  # noqa: E402

import filterviz  # noqa: E402


def keras_io(model, layer, steps, learning_rate=10.0):
    """The keras.io example's loop: one image, one filter at a time."""
    import tensorflow as tf

    extractor = keras.Model(model.inputs[0], layer.output)

    @tf.function
    def step(image, filter_index):
        with tf.GradientTape() as tape:
            tape.watch(image)
            loss = tf.reduce_mean(extractor(image, training=False)[..., filter_index])
        gradient = tf.math.l2_normalize(tape.gradient(loss, image))
        return image + learning_rate * gradient

    rng = np.random.default_rng(0)
    images = []
    for index in range(layer.filters):
        image = tf.constant(rng.uniform(0.4, 0.6, (1, 32, 32, 3)).astype(np.float32))
        for _ in range(steps):
            image = step(image, tf.constant(index))
        images.append(image.numpy()[0])
    return np.stack(images)


def tf_keras_vis(model, layer, steps):
    """tf-keras-vis' ActivationMaximization, every filter in one batch."""
    import tensorflow as tf
    from tf_keras_vis.activation_maximization import ActivationMaximization

    maximizer = ActivationMaximization(keras.Model(model.inputs, layer.output), clone=False)
    filters = range(layer.filters)

    def score(output):
        return tf.stack([tf.reduce_mean(output[k, ..., f]) for k, f in enumerate(filters)])

    seed = np.random.default_rng(0).uniform(0.4, 0.6, (layer.filters, 32, 32, 3))
    return maximizer(score, seed_input=seed.astype(np.float32), steps=steps, input_range=(0, 1))


def input_gradient(dy, w, shape, padding):
    """The gradient of tf.nn.conv2d with respect to its input, as TensorFlow computes it."""
    import tensorflow as tf

    return tf.nn.conv2d_transpose(dy, w, shape, 1, padding)


def conv_floor(model, layer, batch):
    """A function that runs tf.nn.conv2d forward and input gradient, convolutions up to `layer`."""
    import tensorflow as tf

    tf.random.set_seed(0)
    operations = []
    for conv in filterviz.layers.conv_layers(model):
        x_shape = (batch, *conv.input.shape[1:])
        y_shape = (batch, *conv.output.shape[1:])
        x, w = tf.random.normal(x_shape), tf.random.normal(tuple(conv.kernel.shape))
        dy = tf.random.normal(y_shape)
        padding = conv.padding.upper()
        operations.append(tf.function(lambda x=x, w=w, p=padding: tf.nn.conv2d(x, w, 1, p)))
        backward = tf.function(lambda d=dy, w=w, s=x_shape, p=padding: input_gradient(d, w, s, p))
        operations.append(backward)
        if conv is layer:
            break

    def run():
        for operation in operations:
            operation().numpy()

    return run


def flops(model, layer, batch):
    """Floating-point operations of forward and input gradient, convolutions up to `layer`."""
    total = 0
    for conv in filterviz.layers.conv_layers(model):
        out = conv.output.shape
        total += 2 * 2 * batch * out[1] * out[2] * int(np.prod(conv.kernel.shape))
        if conv is layer:
            break
    return total




def measure(args):
    """All timings of this backend, as a dict printed by main."""
    model = filterviz.shipped.load("cifar10_cnn")
    maximize = filterviz.maximize.maximize_activation
    results = {"backend": keras.backend.backend(), "depths": {}}
    for depth in (int(d) for d in args.depths.split(",")):
        layer = filterviz.model.conv_layer(model, depth)
        count = layer.filters
        methods = {
            "filterviz": lambda d=depth: maximize(model, d, steps=args.steps),
            "batches of 64": lambda d=depth: maximize(model, d, steps=args.steps, batch_size=64),
        }
        if results["backend"] == "tensorflow" and not args.no_peers:
            methods["keras.io"] = lambda la=layer: keras_io(model, la, args.steps)
            if args.tf_keras_vis:
                methods["tf-keras-vis"] = lambda la=layer: tf_keras_vis(model, la, args.steps)
        runs = in_turns(methods, args.repeats)
        results["depths"][depth] = {"layer": layer.name, "filters": count, "runs": runs}
    # One step at the deepest layer asked for, for 256 images, against the convolution floor.
    depth = max(int(d) for d in args.depths.split(","))
    layer = filterviz.model.conv_layer(model, depth)
    batch = 256
    chosen = np.arange(batch) % layer.filters
    methods = {
        n: (lambda n=n: maximize(model, depth, filters=chosen, steps=n, jitter=1)) for n in (1, 11)
    }
    if results["backend"] == "tensorflow":  # timed in the same turns as the steps
        methods["floor"] = conv_floor(model, layer, batch)
    runs = in_turns(methods, args.repeats)
    step = (statistics.median(runs[11]) - statistics.median(runs[1])) / 10
    results["step"] = {"layer": layer.name, "batch": batch, "seconds": step}
    results["step"]["flop"] = flops(model, layer, batch)
    if "floor" in runs:
        results["step"]["floor"] = statistics.median(runs["floor"])
    return results


def report(results, steps, repeats):
    backend = results["backend"]
    print(f"Keras backend {backend}: {steps} steps per filter, medians of {repeats} runs")
    for depth, row in results["depths"].items():
        medians = {name: statistics.median(times) for name, times in row["runs"].items()}
        ours = medians["filterviz"]
        parts = [f"{name} {seconds:6.2f} s" for name, seconds in medians.items()]
        ratios = [f"{name} {t / ours:4.1f}x" for name, t in medians.items() if name != "filterviz"]
        print(f"  depth {depth} ({row['layer']}, {row['filters']} filters): {'; '.join(parts)}")
        print(f"    time relative to filterviz: {', '.join(ratios)}")
    step = results["step"]
    rate = step["flop"] / step["seconds"] / 1e9
    line = (
        f"  one step at {step['layer']}, {step['batch']} images ({step['flop'] / 1e9:.1f} GFLOP of "
        f"convolution forward and back): {step['seconds'] * 1e3:.1f} ms, {rate:.0f} GFLOP/s"
    )
    if "floor" in step:
        floor = step["floor"]
        line += (
            f"; tf.nn.conv2d floor {floor * 1e3:.1f} ms "
            f"({step['flop'] / floor / 1e9:.0f} GFLOP/s); "
            f"floor / step = {floor / step['seconds']:.2f}"
        )
    print(line, flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--depths", default="1,2,3,4")
    parser.add_argument("--tf-keras-vis", metavar="FOLDER", help="where tf-keras-vis is installed")
    parser.add_argument("--jax", action="store_true", help="also time filterviz on JAX")
    parser.add_argument("--no-peers", action="store_true", help="time filterviz only")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.tf_keras_vis:
        sys.path.insert(0, args.tf_keras_vis)
    results = measure(args)
    if args.json:  # the JAX run, reporting to the TensorFlow one
        print(json.dumps(results))
        return
    report(results, args.steps, args.repeats)
    if args.jax:
        command = [sys.executable, __file__, "--json", "--steps", str(args.steps)]
        command += ["--repeats", str(args.repeats), "--depths", args.depths, "--no-peers"]
        env = dict(os.environ, BENCH_BACKEND="jax")
        output = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        report(json.loads(output.stdout.strip().splitlines()[-1]), args.steps, args.repeats)


if __name__ == "__main__":
    main()
