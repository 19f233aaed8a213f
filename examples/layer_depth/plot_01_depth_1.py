"""
Depth 1: the first layer's filters
==================================

The first layer of the trained network holds 32 filters of 3×3×3 weights that
look straight at the pixels, like the hand-made filters. Training alone made
many of them into edge and colour-contrast detectors that resemble kernels
people design by hand.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# The layer
# ---------
# The shipped model has four convolutional layers; this page is about the
# first, ``conv1``. Each of its filters has a 3×3 slice of weights for each of
# the red, green and blue channels, plus a bias, followed by ReLU.

import matplotlib.pyplot as plt
import numpy as np

import filterviz

model = filterviz.model.load("cifar10_cnn")
depth = 1
weights, bias = filterviz.model.filters(model, depth)
field = filterviz.model.receptive_field(model, depth)
print(
    f"layer {filterviz.model.conv_layer(model, depth).name}: weights {weights.shape}, "
    f"receptive field {field}x{field} pixels"
)

# %%
# The filters
# -----------
# Each filter drawn as a tiny RGB image: grey is zero, a coloured pixel means
# positive weights on that colour, its complementary colour negative weights.
# A filter that is dark on one side and light on the other detects an edge; a
# filter with one hue against its opposite detects colour contrast.

filterviz.plot.filters_rgb(weights, ncols=16, title="The 32 learned filters of depth 1")
plt.show()

# %%
# The nearest hand-made kernels
# -----------------------------
# For each learned filter, :func:`filterviz.model.nearest_kernels` finds the
# hand-made 3×3 kernel (copied over the three channels, as a ``Conv2D`` with
# those weights would hold it) whose weights point in the most similar
# direction, measured by cosine similarity: 1 is the same pattern, -1 the
# same pattern with reversed sign, which detects the same edge with the
# opposite contrast. Below, the six closest pairs: the learned filter summed
# over its channels, then the hand-made kernel.

flat_kernels = [name for name in filterviz.kernels.names() if filterviz.kernels.get(name).ndim == 2]
nearest = filterviz.model.nearest_kernels(weights, candidates=flat_kernels)
best = np.argsort([-abs(cosine) for _, cosine in nearest])[:6]
pairs, titles = [], []
for index in best:
    name, cosine = nearest[index]
    pairs += [weights[:, :, :, index].sum(axis=2), filterviz.kernels.get(name)]
    titles += [f"filter {index}", f"{name}\ncosine {cosine:+.2f}"]
filterviz.plot.kernels(
    pairs,
    titles=titles,
    ncols=4,
    title="Learned filters (summed over RGB) beside their nearest hand-made kernels",
)
plt.show()

# %%
# Feature maps
# ------------
# The layer's output on the first sample image (a cat): one map per filter,
# after bias and ReLU. Edge filters trace the cat's outline and fur. Colour
# filters light up whole areas: filter 6, whose favourite input (below) is
# yellow, fills the orange background, and filter 21, a blue detector, the
# blue cloth at the bottom. Several filters stay dark on this image: what
# they look for is not in it.

images, labels, class_names = filterviz.sample_images("cifar10", n=10)
maps = filterviz.model.feature_maps(model, depth, images)
filterviz.plot.feature_maps(
    maps[0],
    ncols=8,
    max_maps=32,
    title=f"Depth {depth} feature maps of the {class_names[labels[0]]} image",
)
plt.show()

# %%
# What excites each filter
# ------------------------
# Activation maximisation :cite:p:`erhan2009,simonyan2013,olah2017`:
# starting from grey noise, each input image is
# changed step by step to raise one filter's response at the centre pixel of
# its output (all 32 filters at once, one image each). Only the pixels inside
# that output pixel's receptive field can change it, so each pattern is a
# 3×3 patch: the filter's own weights, pushed to full colour where they are
# positive and to its opposite where they are negative. (Unlike on the deeper
# pages the images are not shifted at random between steps: that would smear
# a 3×3 patch.)

patterns = filterviz.model.maximize_activation(model, depth, steps=60, jitter=0, position="center")
filterviz.plot.images(
    patterns[:, 10:22, 10:22],
    np.arange(len(patterns)),
    [f"filter {i}" for i in range(len(patterns))],
    ncols=8,
    title=f"Inputs that excite each depth-{depth} filter most (central 12×12 pixels)",
)
plt.show()

# %%
# Receptive field
# ---------------
# One output pixel of this layer sees a 3×3 patch of the image: the square
# below, drawn on a 32×32 sample image.

filterviz.plot.receptive_field(
    images[0], field, title=f"Depth {depth}: one output sees {field}×{field} pixels"
)
plt.show()

# %%
# Try it
# ------
# Apply one learned filter with the code of the hand-made pages:
# ``filterviz.conv.apply(images, weights[..., [5]], padding="same", bias=bias[[5]],
# activation="relu")`` gives exactly this layer's feature map 5.

# sphinx_gallery_thumbnail_number = 1
