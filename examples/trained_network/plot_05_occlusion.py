"""
Occlusion sensitivity
=====================

Which part of an image does the network's answer depend on? Hide one small
square at a time and watch the probability of the class: where it drops, the
network was looking. For the sample cat, the answer rests on a small region
in the middle of the image, not on the background.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# Hiding one square at a time
# ---------------------------
# Zeiler and Fergus :cite:p:`zeiler2014` mapped what a network's answer depends on by
# covering the image, one position at a time, with a grey square and
# recording how much the probability of the class drops.
# :func:`filterviz.attribution.occlusion_sensitivity` does this for a batch of
# images: here an 8×8 grey square (pixel value 0.5) moves over the first
# sample image, a cat, in steps of 2 pixels, which gives 13×13 positions and
# one drop for each.
#
# Each drop is drawn at the centre of its square (middle), so the map leaves
# a border of three pixels empty, and then laid over the image (right) with
# transparency that follows the size of the drop. The network gives the cat
# a probability close to 1. Covering the middle of the image, around the
# cat's face, costs up to about half of it; covering the wall or the blue
# cushion costs almost nothing. The printed lines say how few positions
# matter: a fifth of them cost more than 0.1, all centred in the middle.
#
# Each drop is drawn on the diverging colour map, red where hiding the
# square lowers the probability and blue where it raises it.

import keras
import matplotlib.pyplot as plt
import numpy as np

import filterviz

model = filterviz.shipped.load("cifar10_cnn")
images, labels, class_names = filterviz.sample_images("cifar10", n=10)
image, label = images[:1], labels[:1]
name = class_names[label[0]]
patch, stride = 8, 2
drops = filterviz.attribution.occlusion_sensitivity(
    model, image, labels=label, patch=patch, stride=stride, fill=0.5
)[0]
probability = float(keras.ops.convert_to_numpy(model(image, training=False))[0, label[0]])
print(f"the first sample, a {name}: probability {probability:.3f}")
print(
    f"drops at {drops.shape[0]}x{drops.shape[1]} positions: "
    f"{drops.min():+.3f} to {drops.max():+.3f}"
)
large = drops > 0.1
centres = (patch - 1) / 2 + stride * np.arange(drops.shape[0])  # centre of each square
print(
    f"drops above 0.1: {large.sum()} of {large.size} positions ({large.mean():.0%}), squares "
    f"centred in rows {centres[large.any(axis=1)].min():.1f}-{centres[large.any(axis=1)].max():.1f}"
    f", columns {centres[large.any(axis=0)].min():.1f}-{centres[large.any(axis=0)].max():.1f}"
)

# Position (i, j) covers rows i * stride to i * stride + patch: its centre is
# at (patch - 1) / 2 + i * stride. Each value gets a cell of stride pixels.
rows, columns = drops.shape
centre = (patch - 1) / 2
extent = (
    centre - stride / 2,
    centre + (columns - 1) * stride + stride / 2,
    centre + (rows - 1) * stride + stride / 2,
    centre - stride / 2,
)
limit = float(np.abs(drops).max())
norm = plt.Normalize(-limit, limit)
overlay = plt.get_cmap(filterviz.plot.DIVERGING)(norm(drops))
overlay[..., 3] = 0.85 * np.abs(drops) / limit  # opaque where the drop is large

fig, axes = plt.subplots(1, 3, figsize=(filterviz.plot.PAGE_WIDTH, 2.9), layout="constrained")
axes[0].imshow(image[0])
axes[0].set_title(f"{name}: p = {probability:.2f}", fontsize=filterviz.plot.FONT_SIZE)
shown = axes[1].imshow(drops, cmap=filterviz.plot.DIVERGING, norm=norm, extent=extent)
axes[1].set_title("drop in p", fontsize=filterviz.plot.FONT_SIZE)
fig.colorbar(shown, ax=axes[1], shrink=0.8).ax.tick_params(labelsize=filterviz.plot.SMALL_FONT_SIZE)
axes[2].imshow(image[0])
axes[2].imshow(overlay, extent=extent)
axes[2].set_title("drop, over it", fontsize=filterviz.plot.FONT_SIZE)
for ax in axes:
    ax.set_xlim(-0.5, image.shape[2] - 0.5)
    ax.set_ylim(image.shape[1] - 0.5, -0.5)
    ax.set_xticks([])
    ax.set_yticks([])
plt.show()

# %%
# The squares that matter most and least
# --------------------------------------
# The map is a summary of 169 occluded images. Here are two of them: the
# square with the largest drop, over the middle of the cat, and the one with
# the smallest, over the wall at the top right, where hiding the wall even
# raises the probability a little. The probabilities are computed again
# from the occluded images, and match the map.

fig, axes = plt.subplots(1, 2, figsize=(filterviz.plot.PAGE_WIDTH, 3.7), layout="constrained")
for ax, values, title in [(axes[0], drops, "largest drop"), (axes[1], -drops, "smallest drop")]:
    row, column = np.unravel_index(np.argmax(values), drops.shape)
    occluded = image.copy()
    occluded[0, row * stride : row * stride + patch, column * stride : column * stride + patch] = (
        0.5
    )
    p = float(keras.ops.convert_to_numpy(model(occluded, training=False))[0, label[0]])
    print(
        f"{title}: square at rows {row * stride}-{row * stride + patch - 1}, columns "
        f"{column * stride}-{column * stride + patch - 1}; probability {p:.3f} "
        f"(map: {probability - drops[row, column]:.3f})"
    )
    ax.imshow(occluded[0])
    ax.set_title(f"{title}: p = {p:.2f}", fontsize=filterviz.plot.FONT_SIZE)
    ax.set_xticks([])
    ax.set_yticks([])
plt.show()

# %%
# Try it
# ------
# Run the map for another sample, for example the frog, ``images[4:5]``, or
# pass a wrong class, such as ``labels=[5]`` (dog), and see which parts of
# the image speak against it: covering them raises its probability, a
# negative drop, in blue. A larger square, ``patch=12``, gives a coarser map
# with larger drops. A black square, ``fill=0.0``, gives a different map
# from the grey one: the network reacts to the square itself, not only to
# what it hides.
