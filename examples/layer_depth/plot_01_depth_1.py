"""
Depth 1: the first layer's filters
==================================

The first layer of the trained network holds 32 filters of 3×3×3 weights that
look straight at the pixels, like the hand-made filters. Training alone made
some of them into edge and colour-contrast detectors close to kernels people
design by hand, and others into detectors of one colour.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# The layer
# ---------
# The shipped model has four convolutional layers; this page is about the
# first, ``conv1``. Each of its filters has a 3×3 slice of weights for each of
# the red, green and blue channels, plus a bias, followed by ReLU.

import collections

import matplotlib.pyplot as plt
import numpy as np

import filterviz

model = filterviz.shipped.load("cifar10_cnn")
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
# For each learned filter, :func:`filterviz.kernels.nearest` finds the
# hand-made 3×3 kernel :math:`h` (copied over the three channels, as a
# ``Conv2D`` with those weights would hold it) whose weights :math:`w` point
# in the most similar direction, both read as vectors of 27 numbers:
#
# .. math::
#
#    \cos(w, h) = \frac{\sum_i w_i h_i}{\sqrt{\sum_i w_i^2}\,\sqrt{\sum_i h_i^2}}.
#
# 1 is the same pattern, -1 the same pattern with reversed sign, which detects
# the same edge with the opposite contrast; the nearest kernel is the one with
# the largest :math:`|\cos|`. Below, the six closest pairs: the learned
# filter summed over its channels, then the hand-made kernel. The printed
# count says how many of the 32 filters come that close.

flat_kernels = [name for name in filterviz.kernels.names() if filterviz.kernels.get(name).ndim == 2]
nearest = filterviz.kernels.nearest(weights, candidates=flat_kernels)
closeness = np.array([abs(cosine) for _, cosine in nearest])
best = np.argsort(-closeness)[:6]
print(
    f"|cosine| with the nearest hand-made kernel: largest {closeness.max():.2f}, "
    f"median {np.median(closeness):.2f}"
)
print(f"  {np.sum(closeness >= 0.7)} of {len(closeness)} filters reach 0.7")
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
# yellow, fills the orange background at the top, and filter 21, a blue
# detector, the blue cloth at the bottom (the printed means compare the top
# and bottom eight rows). Several filters stay dark on this image: what they
# look for is not in it.
#
# All panels share one colour scale (the bar on the right), so a dark panel
# is a filter that answers weakly to this image, and the panels run in filter
# order, numbered by filter. The printed peak responses say which filter
# answers most and how many stay below a tenth of it.

images, labels, class_names = filterviz.sample_images("cifar10", n=10)
maps = filterviz.model.feature_maps(model, depth, images)
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
for index in (6, 21):
    top, bottom = maps[0, :8, :, index].mean(), maps[0, 24:, :, index].mean()
    print(f"filter {index}: mean response {top:.2f} in rows 0-7, {bottom:.2f} in rows 24-31")
print(f"mean colour (R, G, B): rows 0-7 {images[0, :8].mean(axis=(0, 1)).round(2)}, "
      f"rows 24-31 {images[0, 24:].mean(axis=(0, 1)).round(2)}")

# %%
# What excites each filter
# ------------------------
# Activation maximisation :cite:p:`erhan2009,simonyan2013,olah2017`, as
# :func:`filterviz.maximize.maximize_activation` does it on every depth page.
# The image is :math:`x = \sigma(z)`, a sigmoid that keeps pixels in [0, 1],
# starting from :math:`z` drawn from a normal distribution of standard
# deviation 0.1 (grey noise). Gradient ascent on :math:`z` raises
#
# .. math::
#
#    L(x) = a_k(x)
#    - \lambda_2\, \frac{1}{HWC} \sum_{i,j,c} \left(x_{ijc} - \tfrac{1}{2}\right)^2
#    - \lambda_\mathrm{TV} \left( \frac{1}{(H-1)WC} \sum_{i,j,c} \left|x_{i+1,j,c} - x_{ijc}\right|
#    + \frac{1}{H(W-1)C} \sum_{i,j,c} \left|x_{i,j+1,c} - x_{ijc}\right| \right),
#
# where :math:`a_k(x)` is filter :math:`k`'s response at the centre pixel of
# its output, before the ReLU (so that a silent filter still has a gradient).
# The second term (L2, :math:`\lambda_2 = 0.5`) pulls pixels towards grey and
# the third (total variation, :math:`\lambda_\mathrm{TV} = 0.5`) penalises
# change from pixel to pixel: they keep the patterns smooth and bounded, and
# they shape every pattern on these pages as much as the filter does. Each of
# the 60 steps rolls the image by a random shift :math:`S_\delta` (the
# jitter: :math:`\delta` = rows and columns drawn from
# :math:`\{-J, \dots, J\}`, pixels leaving one side re-entering the other),
# takes a step of length :math:`\eta = 0.1` along the gradient divided by its
# root-mean-square, and rolls back:
#
# .. math::
#
#    z \leftarrow S_{-\delta}\left(S_\delta z + \eta\, \frac{g}{\operatorname{rms}(g)}\right),
#    \qquad g = \nabla_{z}\, L\big(\sigma(S_\delta z)\big).
#
# The deeper pages use :math:`J = 2`, so that a pattern cannot rely on exact
# pixel positions. Here :math:`J = 0`: only the 3×3 pixels of the centre
# pixel's receptive field can raise :math:`a_k`, so each pattern is a 3×3
# patch, the filter's own weights pushed to full colour where they are
# positive and to the opposite colour where they are negative, and a jitter
# would smear it. All 32 filters run at once, one image each; the printed
# share counts the pixels that move more than 0.1 away from grey (in some
# channel) and says how many lie in that patch.

patterns = filterviz.maximize.maximize_activation(
    model, depth, steps=60, learning_rate=0.1, jitter=0, l2=0.5, tv=0.5, position="center"
)
centre = filterviz.receptive.field(model, depth, "center")
rows = slice(centre.rows.start, centre.rows.stop)
columns = slice(centre.columns.start, centre.columns.stop)
moved = np.abs(patterns - 0.5).max(axis=3) > 0.1
print(f"pixels more than 0.1 from grey: {moved.sum(axis=(1, 2)).mean():.0f} per pattern")
print(
    f"  {moved[:, rows, columns].sum() / moved.sum():.1%} of them inside rows "
    f"{centre.rows[0]}-{centre.rows[-1]}, columns {centre.columns[0]}-{centre.columns[-1]}"
)
for index in (6, 21):
    colour = patterns[index, rows, columns].mean(axis=(0, 1))
    print(f"filter {index}: mean colour of its pattern (R, G, B) {colour.round(2)}")
filterviz.plot.images(
    patterns[:, 10:22, 10:22],
    np.arange(len(patterns)),
    [f"filter {i}" for i in range(len(patterns))],
    ncols=8,
    title=f"Inputs that excite each depth-{depth} filter most (central 12×12 pixels)",
)
plt.show()

# %%
# The test images that excite them most
# -------------------------------------
# A pattern made by gradient ascent may hold what no photograph does, so
# Zeiler and Fergus :cite:p:`zeiler2014` show beside it the parts of real
# images that excite the filter most. For each of the 32 filters: the
# pattern, cut at the 3×3 patch it occupies, then the 9 of the 10,000
# CIFAR-10 test images whose strongest response (after ReLU) is highest, each cut at the
# receptive field of that strongest output pixel; grey marks the zero padding
# where the window runs off the image. The test set does not ship with
# filterviz, so :func:`filterviz.exemplars.top_patches` found the patches once,
# in ``python -m filterviz.train top-patches``, and they ship beside the
# model; :func:`filterviz.shipped.top_patches` refuses them if they were
# computed for another model. The numbers above each patch are its
# responses; the table prints the strongest and the ninth, the pattern's own
# response at the centre pixel, and the class most of the nine images belong
# to (the test images are JPEG re-encodings, so their 8×8 blocks can show).
# Read together, a row says what its filter is: filter 6's patches are
# yellow, as its pattern is, and filter 12's are blue. Every pattern beats
# the strongest of the 10,000 test images (the printed count, by the printed
# median factor): gradient ascent reaches pure colours that photographs
# rarely hold. Filter 7 hardly responds to any test image (its strongest
# response, printed, is 0.09): its red patches are the best of very little.
# Nearly half of the patches (the printed count) lie at the image's edge:
# the padding is black to the filter, so a filter that wants dark beside
# bright finds it there.

found = filterviz.shipped.top_patches(depth)
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
    "filter most (filters 0–7)",
)
plt.show()

# %%
filterviz.plot.top_patches(
    cut[8:16],
    found.patches[8:16],
    found.filters[8:16],
    values=found.values[8:16],
    title=f"Depth {depth}: pattern, then the 9 test images' patches that excite each "
    "filter most (filters 8–15)",
)
plt.show()

# %%
filterviz.plot.top_patches(
    cut[16:24],
    found.patches[16:24],
    found.filters[16:24],
    values=found.values[16:24],
    title=f"Depth {depth}: pattern, then the 9 test images' patches that excite each "
    "filter most (filters 16–23)",
)
plt.show()

# %%
filterviz.plot.top_patches(
    cut[24:32],
    found.patches[24:32],
    found.filters[24:32],
    values=found.values[24:32],
    title=f"Depth {depth}: pattern, then the 9 test images' patches that excite each "
    "filter most (filters 24–31)",
)
plt.show()

# %%
# Receptive field
# ---------------
# One output pixel of this layer sees a 3×3 patch of the image, centred on
# the same pixel: output pixel :math:`o` sees image pixels :math:`o - 1` to
# :math:`o + 1` along each axis, the "same" padding adding one zero before the
# image (:math:`p_1 = 1`). At the border the patch runs into that padding: the
# first and last outputs see 2 image pixels along that axis. Below, the
# centre output pixel, the one raised above; the deeper pages continue the
# recursion.

window = filterviz.receptive.field(model, depth, "center")
corner = filterviz.receptive.field(model, depth, (0, 0))
print(
    f"output {window.position} sees rows {window.rows[0]}-{window.rows[-1]}, "
    f"columns {window.columns[0]}-{window.columns[-1]}"
)
(top, bottom), (left, right) = corner.padding
print(
    f"output {corner.position} sees rows {corner.rows[0]}-{corner.rows[-1]} (window rows "
    f"{corner.unclipped_rows[0]} to {corner.unclipped_rows[-1]})"
)
print(f"  padding top {top}, bottom {bottom}, left {left}, right {right}")
filterviz.plot.receptive_field(
    images[0], window, title=f"Depth {depth}: what output pixel {window.position} sees"
)
plt.show()

# %%
# Try it
# ------
# Apply one learned filter with the code of the hand-made pages:
# ``filterviz.conv.apply(images, weights[..., [5]], padding="same", bias=bias[[5]],
# activation="relu")`` gives exactly this layer's feature map 5.
