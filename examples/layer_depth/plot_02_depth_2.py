"""
Depth 2: combining edges
========================

The second layer does not look at pixels but at the 32 feature maps of the
first. Its filters combine edges and colours found by depth 1 into slightly
larger patterns: corners, stripes and blobs, over an 8×8 pixel window.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# The layer
# ---------
# ``conv2`` has 64 filters. Its input is the first layer's output after batch
# normalisation and 2×2 max-pooling, so it works on 16×16 maps.

import matplotlib.pyplot as plt
import numpy as np

import filterviz

model = filterviz.model.load("cifar10_cnn")
depth = 2
weights, bias = filterviz.model.filters(model, depth)
field = filterviz.model.receptive_field(model, depth)
print(
    f"layer {filterviz.model.conv_layer(model, depth).name}: weights {weights.shape}, "
    f"receptive field {field}x{field} pixels"
)

# %%
# The filters
# -----------
# A depth-2 filter has a 3×3 slice of weights for each of the 32 maps of
# the layer below, so it cannot be drawn as a picture. Instead, the matrix
# shows how strongly each filter (row) listens to each input map (column):
# the sum of the absolute weights of that slice. Most filters draw on a
# handful of first-layer maps rather than on all of them.

filterviz.plot.input_weights(weights, title=f"Depth {depth}: which input maps each filter uses")
plt.show()

# %%
# The 3×3 slices that matter most
# -------------------------------
# For the first eight filters, the slice of weights on the input map each
# one listens to most. These are the spatial patterns the filter looks for
# in that map.

strongest = np.abs(weights).sum(axis=(0, 1)).argmax(axis=0)
slices = [weights[:, :, strongest[i], i] for i in range(8)]
titles = [f"filter {i}\n← map {strongest[i]}" for i in range(8)]
filterviz.plot.kernels(slices, titles=titles, ncols=4)
plt.show()

# %%
# Feature maps
# ------------
# The layer's output on the first sample image (a cat), for the first 32
# filters, after bias and ReLU. The maps are 16×16: each pixel summarises a
# 2×2 block of the layer below.

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
# What excites the filters
# ------------------------
# Activation maximisation :cite:p:`erhan2009,olah2017` for the 16 filters that
# respond most, on average, to the ten sample images: starting from grey noise,
# each input is changed step by step to raise one filter's response at the
# centre pixel of its output, shifting the image by a pixel or two at random
# between steps so that the pattern cannot rely on exact pixel positions. The
# pattern fills the 8×8 receptive field of the centre pixel: striped patches in
# two or three colours, at the angles of the depth-1 edge filters they combine.

active = np.argsort(-maps.mean(axis=(0, 1, 2)))[:16]
patterns = filterviz.model.maximize_activation(
    model, depth, filters=active, steps=60, position="center"
)
filterviz.plot.images(
    patterns,
    np.arange(16),
    [f"filter {i}" for i in active],
    ncols=8,
    title=f"Inputs that excite depth-{depth} filters most",
)
plt.show()

# %%
# Receptive field
# ---------------
# Two 3×3 convolutions with a 2×2 pooling between them: one output pixel of
# this layer sees 8×8 pixels of the image.

filterviz.plot.receptive_field(
    images[0], field, title=f"Depth {depth}: one output sees {field}×{field} pixels"
)
plt.show()

# %%
# Try it
# ------
# Change ``depth = 2`` to ``depth = 1`` or ``depth = 3`` at the top and run
# the script again: every figure has the same form, so you can lay the pages
# side by side.

# sphinx_gallery_thumbnail_number = 4
