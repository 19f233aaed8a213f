"""
Depth 3: striped textures
=========================

The third layer combines the second layer's 64 maps over an 18×18 pixel
window, more than half the image's width. In this small network its filters respond
most to textures: stripes in several directions and colours that bend and
meet inside one window, not to parts of objects.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# The layer
# ---------
# ``conv3`` has 128 filters and works on 8×8 maps, after two poolings.

import collections

import matplotlib.pyplot as plt
import numpy as np

import filterviz

model = filterviz.shipped.load("cifar10_cnn")
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
# the sum :math:`w_m` of the absolute weights of slice :math:`m`.
# Two numbers say how concentrated that is: the share of a filter's weight
# held by its five strongest input maps, and the effective number of input
# maps,
#
# .. math::
#
#    N_\mathrm{eff} = \frac{1}{\sum_m p_m^2}, \qquad p_m = \frac{w_m}{\sum_{m'} w_{m'}},
#
# which is 64 when the weight is spread evenly and 1 when one map holds
# all of it.
# As at depth 2, every filter uses nearly all its input maps: on average its
# five strongest hold 13 % of its weight, against 8 % for an even spread, and
# the effective number of maps is 58 of 64, a slightly more even spread than
# at depth 2.

strength = np.abs(weights).sum(axis=(0, 1))  # (input maps, filters)
share = strength / strength.sum(axis=0)
top_five = np.sort(share, axis=0)[-5:].sum(axis=0)
effective = 1 / (share**2).sum(axis=0)
count = share.shape[0]
print(f"five strongest of {count} input maps: {top_five.mean():.0%} of a filter's weight")
print(f"  on average, at most {top_five.max():.0%}; {5 / count:.0%} if spread evenly")
print(f"effective number of input maps: {effective.mean():.1f} of {count} on average")
print(f"  ({effective.mean() / count:.0%}), fewest {effective.min():.1f}")
filterviz.plot.input_weights(weights, title=f"Depth {depth}: which input maps each filter uses")
plt.show()

# %%
# The 3×3 slices that matter most
# -------------------------------
# For the first eight filters, the slice of weights on the input map each
# one listens to most, with that map's share of the filter's weight. The
# shares are small: a slice shows one of the many spatial patterns that the
# filter adds up, not the filter.

strongest = share.argmax(axis=0)
slices = [weights[:, :, strongest[i], i] for i in range(8)]
titles = [f"filter {i}\n← map {strongest[i]} ({share[strongest[i], i]:.0%})" for i in range(8)]
filterviz.plot.kernels(slices, titles=titles, ncols=4)
plt.show()

# %%
# Feature maps
# ------------
# The layer's output on the first sample image (a cat), for the first 32
# filters, after bias and ReLU. At 8×8 the maps are coarse: neighbouring
# pixels are 4 image pixels apart, each sees an 18×18 window, and a map says
# roughly *where* its texture occurs.
#
# All panels share one colour scale (the bar on the right), so a dark panel
# is a filter that answers weakly to this image, and the panels run in filter
# order, numbered by filter. The printed peak responses say which filter
# answers most and how many stay below a tenth of it.

images, labels, class_names = filterviz.sample_images("cifar10", n=10)
maps = filterviz.model.feature_maps(model, depth, images)
steps = filterviz.receptive.recursion(model, depth)
print(
    f"maps {maps.shape[1]}x{maps.shape[2]}, pixels {steps[-1]['jump']} image pixels "
    f"apart, each seeing up to {steps[-1]['size']}x{steps[-1]['size']}"
)
filterviz.plot.feature_maps(
    maps[0],
    ncols=8,
    max_maps=32,
    title=f"Depth {depth} feature maps of the {class_names[labels[0]]} image",
)
plt.show()
peaks = maps[0, :, :, :32].max(axis=(0, 1))
print(
    f"strongest: filter {peaks.argmax()} (peak {peaks.max():.2f}); "
    f"{np.sum(peaks < 0.1 * peaks.max())} of 32 peak below a tenth of it"
)

# %%
# What excites the filters
# ------------------------
# Activation maximisation :cite:p:`erhan2009,olah2017` for the 16 filters that
# respond most, on average, to the ten sample images, with the objective
# :math:`L` of the
# :ref:`depth-1 page <sphx_glr_auto_examples_layer_depth_plot_01_depth_1.py>`:
# from grey noise, 60 steps raise each filter's response at the centre pixel
# of its output, held back by the L2 and total-variation terms
# (:math:`\lambda_2 = \lambda_\mathrm{TV} = 0.5`), with the image rolled by
# up to :math:`J = 2` pixels at random at every step. The printed share counts
# the pixels that move more than 0.1 away from grey (in some channel) and
# says how many lie in the centre pixel's receptive field, widened by the
# jitter.
# The patterns fill the 18×18 window: thin stripes that change direction and
# colour across the window, some in bands or chevrons. None looks like a part
# of an object; this network, trained on 32×32 images, builds its third layer
# out of textures.

active = np.argsort(-maps.mean(axis=(0, 1, 2)))[:16]
patterns = filterviz.maximize.maximize_activation(
    model,
    depth,
    filters=active,
    steps=60,
    learning_rate=0.1,
    jitter=2,
    l2=0.5,
    tv=0.5,
    position="center",
)
centre = filterviz.receptive.field(model, depth, "center")
height, width = patterns.shape[1:3]
rows = slice(max(centre.rows.start - 2, 0), min(centre.rows.stop + 2, height))
columns = slice(max(centre.columns.start - 2, 0), min(centre.columns.stop + 2, width))
moved = np.abs(patterns - 0.5).max(axis=3) > 0.1
print(f"pixels more than 0.1 from grey: {moved.sum(axis=(1, 2)).mean():.0f} per pattern")
print(
    f"  {moved[:, rows, columns].sum() / moved.sum():.1%} of them inside rows "
    f"{rows.start}-{rows.stop - 1}, columns {columns.start}-{columns.stop - 1}"
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
# The test images that excite them most
# -------------------------------------
# A pattern made by gradient ascent may hold what no photograph does, so
# Zeiler and Fergus :cite:p:`zeiler2014` show beside it the parts of real
# images that excite the filter most. For each of the 16 filters above: the
# pattern, cut at the centre pixel's receptive field, then the 9 of the
# 10,000 CIFAR-10 test images whose strongest response (after ReLU) is
# highest, each cut at the receptive field of that strongest output pixel;
# grey marks the zero padding where the window runs off the image. The test
# set does not ship with filterviz, so
# :func:`filterviz.exemplars.top_patches` found the patches once, in
# ``python -m filterviz.train top-patches``, and they ship beside the model;
# :func:`filterviz.shipped.top_patches` refuses them if they were computed
# for another model. The numbers above each patch are its responses; the
# table prints the strongest and the ninth, the pattern's own response at
# the centre pixel, and the class most of the nine images belong to (the
# test images are JPEG re-encodings, so their 8×8 blocks can show).
# The patterns are textures, but the test patches begin to be parts of
# objects: red car bodies for filters 56 and 102 (8 of 102's nine images
# are automobiles), dogs' faces for filter 123, dark shapes against a
# light sky for filters 68 and 96. Every pattern beats the strongest test
# image, by the printed median factor.

found = filterviz.shipped.top_patches(depth, filters=active)
cut = filterviz.receptive.crop(patterns, centre)  # each pattern in the centre pixel's window
row, column = centre.position
own = filterviz.model.feature_maps(model, depth, patterns)[
    np.arange(len(found.filters)), row, column, found.filters
]
print(
    f"the pattern beats the strongest test image for {np.sum(own > found.values[:, 0])} "
    f"of {len(own)} filters,\n  by a median factor of {np.median(own / found.values[:, 0]):.1f}"
)
size = np.array(found.patches.shape[2:4])
into_padding = ((found.windows < 0) | (found.windows + size > images.shape[1:3])).any(axis=2)
print(f"patches that run into the padding: {into_padding.sum()} of {into_padding.size}")
print("filter  strongest  9th  pattern  most of the 9 images")
for index, number in enumerate(found.filters):
    classes = collections.Counter(name.split("/")[1] for name in found.names[index])
    common, times = classes.most_common(1)[0]
    print(
        f"{number:6d}  {found.values[index, 0]:9.2f}  {found.values[index, -1]:4.2f}  "
        f"{own[index]:7.2f}  {common} ({times} of 9)"
    )
filterviz.plot.top_patches(
    cut[0:8],
    found.patches[0:8],
    found.filters[0:8],
    values=found.values[0:8],
    title=f"Depth {depth}: pattern, then the 9 test images' patches that excite each "
    "filter most (the first 8 of the 16 filters)",
)
plt.show()

# %%
filterviz.plot.top_patches(
    cut[8:16],
    found.patches[8:16],
    found.filters[8:16],
    values=found.values[8:16],
    title=f"Depth {depth}: pattern, then the 9 test images' patches that excite each "
    "filter most (the other 8 of the 16)",
)
plt.show()

# %%
# Receptive field
# ---------------
# Along each axis, layer :math:`l` with kernel (or pool) size :math:`k_l`,
# stride :math:`s_l` and :math:`p_l` zeros of padding before the image ("same"
# padding of a 3×3 kernel: 1; pooling here: none) widens the window that one
# output pixel sees to :math:`r_l`, puts neighbouring outputs :math:`j_l`
# image pixels apart and moves the window's first pixel to
# :math:`\mathrm{start}_l`:
#
# .. math::
#
#    r_l = r_{l-1} + (k_l - 1)\, j_{l-1}, \qquad
#    j_l = j_{l-1}\, s_l, \qquad
#    \mathrm{start}_l = \mathrm{start}_{l-1} - p_l\, j_{l-1},
#
# from :math:`r_0 = j_0 = 1` and :math:`\mathrm{start}_0 = 0`. Output pixel
# :math:`o` then sees image pixels :math:`\mathrm{start}_L + o\, j_L` to
# :math:`\mathrm{start}_L + o\, j_L + r_L - 1`, cut at the image's border:
# the rest of the window is zero padding. The table prints the recursion;
# the figure, what the centre output pixel (the one raised above) sees.
# Output pixel (4, 4) sees rows and columns 9–26. Near the border the window
# runs into the padding: output (0, 0) sees rows and columns 0–10 of the image
# only.

for step in steps:
    print(
        f"{step['name']:>5}: k={step['kernel']} s={step['stride']} p={step['padding']}  "
        f"r={step['size']:2d} j={step['jump']} start={step['start']:3d}"
    )
print(
    f"output {centre.position} sees rows {centre.rows[0]}-{centre.rows[-1]}, "
    f"columns {centre.columns[0]}-{centre.columns[-1]}"
)
(top, bottom), (left, right) = centre.padding
print(
    f"  window rows {centre.unclipped_rows[0]} to {centre.unclipped_rows[-1]}; padding "
    f"top {top}, bottom {bottom}, left {left}, right {right}"
)
corner = filterviz.receptive.field(model, depth, (0, 0))
print(
    f"output {corner.position} sees rows {corner.rows[0]}-{corner.rows[-1]} "
    f"(window rows {corner.unclipped_rows[0]} to {corner.unclipped_rows[-1]})"
)
filterviz.plot.receptive_field(
    images[0], centre, title=f"Depth {depth}: what output pixel {centre.position} sees"
)
plt.show()

# %%
# Try it
# ------
# Pick one filter from the activation-maximisation figure and find which
# sample image excites it most: ``maps[..., i].mean(axis=(1, 2)).argmax()``.

# sphinx_gallery_thumbnail_number = 4
