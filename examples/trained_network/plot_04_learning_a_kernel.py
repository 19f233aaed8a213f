"""
Learning a kernel
=================

The weights of a filter need not be designed: they can be learned from
examples. Show a single ``Conv2D`` filter some images and the same images
filtered with the main-diagonal kernel, and gradient descent, started from
random weights, finds ones on the diagonal and zeros everywhere else.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# Inputs and targets
# ------------------
# The inputs are ten images of random grey pixels; the targets are what
# :data:`filterviz.kernels.DIAGONAL` makes of them. The learner sees only
# these pairs, never the kernel. The inputs have no structure at all, yet
# the targets are full of short streaks from top left to bottom right: each
# target pixel is the sum of three input pixels along that line.

import keras
import matplotlib.pyplot as plt
import numpy as np

import filterviz

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
inputs = rng.random((10, 32, 32, 1), dtype=np.float32)
targets = filterviz.conv.filter_images(inputs, "diagonal")
print("inputs:", inputs.shape, " targets:", targets.shape)

filterviz.plot.filtered(
    inputs[:5],
    targets[:5],
    ["target"],
    title="Random images and their main-diagonal responses",
)
plt.show()

# %%
# The weights, step by step
# -------------------------
# The learner is one ``Conv2D`` filter of 3×3 weights, without bias,
# initialised at random. Each step of plain gradient descent (SGD on all ten
# images at once) moves every weight against the gradient of the mean
# squared error between the filter's output and the target. We record the
# weights after every step and draw a few of them on one colour scale. The
# random start has no pattern. After ten steps most weights sit near 0.3:
# the filter has first learned the targets' overall brightness (three times
# the mean pixel), spread over all nine weights. Then the off-diagonal
# weights fade, by step 50 to a few hundredths, and at the end the weights
# read 1 on the diagonal and 0 elsewhere.

steps = 200
learner = keras.Sequential(
    [
        keras.Input((32, 32, 1)),
        keras.layers.Conv2D(
            1,
            3,
            use_bias=False,
            kernel_initializer=keras.initializers.GlorotUniform(seed=0),
            name="learned",
        ),
    ]
)
learner.compile(optimizer=keras.optimizers.SGD(learning_rate=0.3), loss="mse")
layer = learner.get_layer("learned")
history = [keras.ops.convert_to_numpy(layer.kernel).copy()]
record = keras.callbacks.LambdaCallback(
    on_train_batch_end=lambda batch, logs: history.append(
        keras.ops.convert_to_numpy(layer.kernel).copy()
    )
)
# One batch holds all ten images; repeating the data gives one step per batch.
learner.fit(
    np.tile(inputs, (steps, 1, 1, 1)),
    np.tile(targets, (steps, 1, 1, 1)),
    batch_size=len(inputs),
    shuffle=False,
    verbose=0,
    callbacks=[record],
)
weights = np.concatenate(history, axis=-1)  # (3, 3, 1, steps + 1): one filter per step

shown = [0, 10, 25, 50, steps]
filterviz.plot.kernels(
    [weights[:, :, 0, step] for step in shown],
    titles=[f"step {step}" for step in shown],
    vmax=1.0,
)
plt.gcf().suptitle("Learned weights during gradient descent", fontsize=filterviz.plot.TITLE_SIZE)
plt.show()

off_diagonal = ~np.eye(3, dtype=bool)
print("weights after 10 steps:")
print(np.round(weights[:, :, 0, 10], 2))
print(f"mean target {targets.mean():.2f} = 3 × mean pixel {inputs.mean():.2f}")
for step in (10, 50):
    largest = np.abs(weights[:, :, 0, step][off_diagonal]).max()
    print(f"step {step}: largest |off-diagonal weight| {largest:.3f}")

# %%
# The loss and the distance to the diagonal kernel
# ------------------------------------------------
# Stacking the recorded weights as the filters of one layer gives every
# step's output in one call of :func:`filterviz.conv.apply`, and so the loss
# curve. The loss drops fast in the first few steps (the overall brightness)
# and then, like the largest distance between a learned weight and the
# diagonal kernel's, falls along a straight line on the log scale. The
# targets are an exact linear function of the inputs, so nothing stops the
# error from shrinking towards zero.

outputs = filterviz.conv.apply(inputs, weights)
loss = np.mean((outputs - targets) ** 2, axis=(0, 1, 2))
distance = np.abs(weights[:, :, 0, :] - filterviz.kernels.DIAGONAL[:, :, None]).max(axis=(0, 1))
for step in shown:
    print(
        f"step {step:3d}: loss {loss[step]:.1e}, largest |weight - DIAGONAL| {distance[step]:.1e}"
    )
print("learned weights at the end:")
print(np.round(weights[:, :, 0, -1], 4) + 0.0)  # + 0.0 prints -0.0 as 0.0

fig, ax = plt.subplots(figsize=(filterviz.plot.PAGE_WIDTH, 4.2), layout="constrained")
ax.semilogy(loss, linewidth=2.5, label="mean squared error")
ax.semilogy(distance, linewidth=2.5, label="largest |weight - DIAGONAL|")
ax.set_xlabel("gradient-descent step", fontsize=filterviz.plot.FONT_SIZE)
ax.set_ylabel("value (log scale)", fontsize=filterviz.plot.FONT_SIZE)
ax.tick_params(labelsize=filterviz.plot.SMALL_FONT_SIZE)
ax.set_title("The filter converges to the diagonal kernel", fontsize=filterviz.plot.FONT_SIZE)
ax.legend(fontsize=filterviz.plot.SMALL_FONT_SIZE)
plt.show()

# %%
# Try it
# ------
# Learn :data:`filterviz.kernels.SOBEL_X` instead (change the name in
# ``filter_images``). Then train on the sample photos in grey,
# ``filterviz.sample_images("cifar10")[0].mean(axis=-1, keepdims=True)``:
# neighbouring pixels of a photo are alike, so many different kernels give
# nearly the same outputs, and gradient descent needs far more steps. Or
# raise the learning rate to 0.5 and watch the loss grow instead of fall.

# sphinx_gallery_thumbnail_number = 2
