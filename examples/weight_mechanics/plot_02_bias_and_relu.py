"""
Bias and ReLU: a threshold
==========================

A ``Conv2D`` layer adds a bias to each filter's response and usually passes
the sum through a ReLU, which sets negatives to zero. With a bias of −b the
pair acts as a threshold: only responses above b survive, and they come out
lowered by b.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# The threshold, as a curve
# -------------------------
# For one output pixel the layer multiplies the 3×3×3 weights :math:`w` with
# the pixels :math:`x` under its window, adds the products over the rows
# :math:`u`, columns :math:`v` and channels :math:`c`, adds the bias and
# applies the ReLU:
#
# .. math::
#
#    z_{ij} &= \text{bias} + \sum_{c} \sum_{u,v=0}^{2} w_{uvc} x_{i+u, j+v, c} \\
#    y_{ij} &= \max(0,\; z_{ij})
#
# With the bias set to −b, the output is ``max(response − b, 0)``. For b = 0 the ReLU only removes
# the negative responses; each larger b moves the bend to the right, so a
# response must be larger to get through at all.

import matplotlib.pyplot as plt
import numpy as np

import filterviz

thresholds = [0, 1, 2, 4]
response = np.linspace(-6, 8, 281)
fig, ax = plt.subplots(figsize=(5.5, 4.2), layout="constrained")
for b in thresholds:
    ax.plot(response, np.maximum(response - b, 0), linewidth=2.5, label=f"bias = {-b:g}")
ax.axhline(0, color="0.6", linewidth=0.8)
ax.axvline(0, color="0.6", linewidth=0.8)
ax.set_xlabel("filter response", fontsize=13)
ax.set_ylabel("output after bias and ReLU", fontsize=13)
ax.set_title("ReLU(response + bias)", fontsize=14)
ax.tick_params(labelsize=12)
ax.legend(fontsize=12)
plt.show()

# %%
# On the sample images
# --------------------
# The Sobel filter for vertical edges, :data:`filterviz.kernels.SOBEL_X`, is
# positive where the image gets brighter from left to right. We apply it four
# times, with biases 0, −1, −2 and −4 (a ``Conv2D`` layer has one bias per
# filter, so one call does all four) and a ReLU. With bias 0 every
# dark-to-bright step survives, however faint: the cat's fur and the frogs'
# leaves are full of grey streaks. At −1 the faint streaks go, and the green
# frog, whose edges are soft, is almost black. At −2 a few strokes per image
# remain and the green frog has none. At −4 only short white marks on the
# strongest edges are left (from 5 pixels in the second frog to 35 in the
# blue car), and the airplane, the second ship and the green frog are black;
# the surviving pixels of every image at every threshold are printed after
# the next figure. No output of a ReLU is negative, so every block is drawn
# in grey levels, black at zero; each block (two rows of five) has its own
# grey scale, whose top is the largest response minus b.

sobel = filterviz.kernels.SOBEL_X
images, labels, class_names = filterviz.sample_images("cifar10", n=10)
outputs = filterviz.conv.filter_images(
    images,
    [sobel] * len(thresholds),
    bias=[-b for b in thresholds],
    activation="relu",
)
filterviz.plot.filtered(
    images,
    outputs,
    [f"bias {-b:g}" for b in thresholds],
    labels,
    class_names,
    title="Sobel-x, then bias and ReLU, on ten CIFAR-10 test images",
)
plt.show()

# %%
# How much survives
# -----------------
# The histogram of the plain Sobel-x responses (no bias, no ReLU) of all
# 9,000 output pixels shows why the pictures empty so fast: most responses
# are close to zero, and each threshold (dashed line) keeps only the part of
# the histogram to its right. The printed numbers check that the bias and
# ReLU of the layer compute exactly ``max(response − b, 0)``.

plain = filterviz.conv.filter_images(images, sobel)[..., 0]
fig, ax = plt.subplots(figsize=(6.4, 4.2), layout="constrained")
ax.hist(plain.ravel(), bins=np.arange(-9, 9.25, 0.25), color="0.5")
for index, b in enumerate(thresholds):
    kept = np.mean(plain > b)
    ax.axvline(
        b, linestyle="--", linewidth=2, color=f"C{index}", label=f"b = {b:g}: {kept:.0%} kept"
    )
ax.set_yscale("log")
ax.set_xlabel("Sobel-x response", fontsize=13)
ax.set_ylabel("number of pixels", fontsize=13)
ax.set_title("Most responses are small: a threshold keeps few", fontsize=14)
ax.tick_params(labelsize=12)
ax.legend(fontsize=12)
plt.show()

print("pixels above b, per image:", ", ".join(class_names[label] for label in labels))
for b in thresholds:
    print(f"  b = {b:g}:", (plain > b).sum(axis=(1, 2)).tolist())
for index, b in enumerate(thresholds):
    expected = np.maximum(plain - b, 0)
    error = np.abs(outputs[..., index] - expected).max()
    print(
        f"b = {b:g}: {np.mean(plain > b):6.1%} of pixels survive; "
        f"largest |output - max(response - b, 0)| = {error:.1e}"
    )

# %%
# Try it
# ------
# Use a positive bias, ``bias=1.0``: now flat areas, where the Sobel
# response is zero, come out at 1 and the picture turns grey instead of
# black. Then try the threshold on ``filterviz.kernels.DIAGONAL``, whose
# responses are never negative: a ReLU alone does nothing to it, and only
# the bias decides what survives.

# sphinx_gallery_thumbnail_number = 2
