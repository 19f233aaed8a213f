"""
Depth 4: the whole image
========================

The deepest layer's 256 filters see the whole 32×32 image and beyond. Their
feature maps are 4×4, and the classifier reads only their averages: these
filters carry what the network needs to tell the ten classes apart.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# The layer
# ---------
# ``conv4`` has 256 filters and works on 4×4 maps, after three poolings.
# Global average pooling then turns each of its maps into one number, and a
# dense layer turns the 256 numbers into the ten class probabilities.

import matplotlib.pyplot as plt
import numpy as np

import filterviz

model = filterviz.model.load("cifar10_cnn")
depth = 4
weights, bias = filterviz.model.filters(model, depth)
field = filterviz.model.receptive_field(model, depth)
print(
    f"layer {filterviz.model.conv_layer(model, depth).name}: weights {weights.shape}, "
    f"receptive field {field}x{field} pixels"
)

# %%
# The filters
# -----------
# A depth-4 filter has a 3×3 slice of weights for each of the 128 maps of
# the layer below, so it cannot be drawn as a picture. Instead, the matrix
# shows how strongly each filter (row) listens to each input map (column):
# the sum of the absolute weights of that slice. Only the first 64 of the 256
# filters are drawn.

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
# filters, after bias and ReLU. The 4×4 maps are very coarse: whether a
# filter fires at all matters more than where.

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
# receptive field now covers the whole image, and the pattern fills it: stripes
# and curves in many directions and colours, still far from pictures of whole
# objects. A network this small learns statistics of textures and colours more
# than shapes.

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
# One output pixel of this layer sees a 38×38 square: the whole 32×32 image
# plus the zero padding around it (dashed where it leaves the image).

filterviz.plot.receptive_field(
    images[0], field, title=f"Depth {depth}: one output sees {field}×{field} pixels"
)
plt.show()

# %%
# Try it
# ------
# Feed the network an MNIST digit in colour:
# ``filterviz.data.to_rgb(filterviz.sample_images('mnist', n=1)[0])`` padded
# to 32×32 with ``np.pad``, and compare the depth-4 maps with those of a
# CIFAR-10 image.

# sphinx_gallery_thumbnail_number = 4
