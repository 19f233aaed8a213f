"""
Depth 3: parts of objects
=========================

The third layer combines the second layer's 64 maps over an 18×18 pixel window,
more than half the image. Its filters respond to larger structures: parts of
objects and regions of texture, rather than single edges.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# The layer
# ---------
# ``conv3`` has 128 filters and works on 8×8 maps, after two poolings.

import matplotlib.pyplot as plt
import numpy as np

import filterviz

model = filterviz.model.load("cifar10_cnn")
depth = 3
weights, bias = filterviz.model.filters(model, depth)
field = filterviz.model.receptive_field(model, depth)
print(
    f"layer {filterviz.model.conv_layer(model, depth).name}: weights {weights.shape}, "
    f"receptive field {field}x{field} pixels"
)

# %%
# The filters
# -----------
# A depth-3 filter has a 3×3 slice of weights for each of the 64 maps of
# the layer below, so it cannot be drawn as a picture. Instead, the matrix
# shows how strongly each filter (row) listens to each input map (column):
# the sum of the absolute weights of that slice. Compared with depth 2, the
# weights spread over more input maps: each filter mixes many simpler
# patterns.

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
# filters, after bias and ReLU. At 8×8 the maps are coarse: each pixel stands
# for a 4×4 block of the image, and a map says roughly *where* its pattern
# occurs.

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
# pattern fills the 18×18 receptive field: more complex motifs, such as several
# stripe directions in one patch, curves and blobs of colour.

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
# One output pixel of this layer sees 18×18 pixels of the image: more than
# half of it.

filterviz.plot.receptive_field(
    images[0], field, title=f"Depth {depth}: one output sees {field}×{field} pixels"
)
plt.show()

# %%
# Try it
# ------
# Pick one filter from the activation-maximisation figure and find which
# sample image excites it most: ``maps[..., i].mean(axis=(1, 2)).argmax()``.

# sphinx_gallery_thumbnail_number = 4
