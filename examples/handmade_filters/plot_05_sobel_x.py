"""
Sobel x filter
==============

The Sobel x filter takes the right-minus-left difference of the vertical-edge
filter in three rows at once and weights them 1, 2, 1. The weights still sum
to zero, so flat areas give zero, but the three rows average out noise along
the edge: vertical edges stand out more clearly than with one row.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# The weights
# -----------
# Negative on the left, positive on the right, twice as strong in the middle
# row. Each column is a small blur (1, 2, 1) along the edge; across the edge
# it is a difference, right minus left. The operator goes back to Sobel and
# Feldman :cite:p:`sobel1968`.

import matplotlib.pyplot as plt
import numpy as np

import filterviz

weights = filterviz.kernels.SOBEL_X
filterviz.plot.kernel(weights, title="Sobel x filter")
plt.show()

# %%
# What it detects
# ---------------
# The filter on ten CIFAR-10 test images. The picture is that of the
# vertical-edge filter: red where the right side is brighter, blue where the
# left side is, white on flat areas and along lying edges such as the dark
# strip at the bottom of the airplane picture. The strokes are a little
# longer and smoother, and the answers are larger (up to about ±8 instead of
# ±2.5, printed below) because the weights add up to 4 on each side
# instead of 1.

images, labels, class_names = filterviz.sample_images("cifar10", n=10)
outputs = filterviz.conv.filter_images(images, weights)
filterviz.plot.filtered(
    images,
    outputs,
    ["Sobel x"],
    labels,
    class_names,
    title="Sobel x filter on ten CIFAR-10 test images",
)
plt.show()

one_row = filterviz.conv.filter_images(images, "vertical_edge")
print(
    f"largest |answer|: vertical edge {np.abs(one_row).max():.2f}, "
    f"Sobel x {np.abs(outputs).max():.2f}"
)

# %%
# Why three rows: noise
# ---------------------
# A grey step edge (0.25 on the left, 0.75 on the right) with more and more
# random noise added, under the one-row vertical-edge filter and under
# Sobel x. Without noise both give a clean line. As the noise grows, the
# one-row filter's background turns into speckle as strong as the edge,
# while Sobel x smears the noise into short vertical streaks and keeps the
# edge line standing out. The numbers below measure it on the noisiest image:
# the mean answer on the edge divided by the spread of the answers elsewhere.

rng = np.random.default_rng(0)
step = np.where(np.arange(32) >= 16, 0.75, 0.25) * np.ones((32, 1))
noise_levels = [0.0, 0.05, 0.1, 0.2]
noisy = np.stack(
    [np.clip(step + rng.normal(0.0, sigma, step.shape), 0.0, 1.0) for sigma in noise_levels]
).astype(np.float32)[..., None]
responses = filterviz.conv.filter_images(noisy, ["vertical_edge", "sobel_x"])
filterviz.plot.filtered(
    noisy,
    responses,
    ["vertical edge", "Sobel x"],
    np.arange(4),
    [f"noise σ = {sigma}" for sigma in noise_levels],
    title="A step edge under growing noise",
)
plt.show()

for index, name in enumerate(["vertical edge", "Sobel x"]):
    response = responses[-1, :, :, index]
    edge = response[:, 14:16].mean()  # the two output columns that straddle the step
    elsewhere = np.delete(response, [14, 15], axis=1).std()
    print(f"{name:>13}: edge / noise = {edge / elsewhere:.1f}")

# %%
# Try it
# ------
# In the noise cell, replace ``"sobel_x"`` by ``"prewitt_x"`` (three rows
# weighted 1, 1, 1, see the Prewitt x page) in the call and in the names, and
# run it again: the edge-to-noise ratio comes out at 3.0, a little above
# Sobel's 2.8, because an even average removes noise best.
