"""
1×1 convolution: a weighted sum of channels
===========================================

A 1×1 filter has one weight per input channel and no spatial extent: at each
pixel it multiplies the channels by their weights and adds them up. It cannot
see edges or shapes, only mix channels: here the red, green and blue of a
photo, deeper in a network the feature maps of the layer before.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# Three numbers per filter
# ------------------------
# In the Keras layout ``(kh, kw, in_channels, out_channels)`` a 1×1 filter on a
# colour image is ``(1, 1, 3, 1)``: three weights, one each for red, green and
# blue. Three such filters: the grey-level weights of ITU-R BT.601 (how much
# each colour adds to perceived brightness), red minus green, and blue alone.
# For output channel :math:`k` at pixel :math:`(i, j)`, with :math:`C` input
# channels and bias :math:`b_k`:
#
# .. math::
#
#    y_{i,j,k} = \sum_{c=1}^{C} w_{c,k}\, x_{i,j,c} + b_k
#
# The same sum as a 3×3 filter's, with one kernel position instead of nine.

import matplotlib.pyplot as plt
import numpy as np

import filterviz

names = ["grey", "red − green", "blue only"]
channel_weights = np.array(
    [
        [0.299, 0.587, 0.114],
        [1.0, -1.0, 0.0],
        [0.0, 0.0, 1.0],
    ]
)
weights = filterviz.kernels.to_conv_weights([w[None, None, :] for w in channel_weights])
print("Conv2D weights:", weights.shape, "=", weights.size // len(names), "weights per filter")

fig, axes = plt.subplots(len(names), 1, figsize=(4.6, 4.8), layout="constrained")
for ax, name, w in zip(axes, names, channel_weights, strict=True):
    filterviz.plot.kernel(w[None, :], ax=ax, vmax=1.0, title=name, fontsize=16)
    ax.set_xticks([0, 1, 2], ["red", "green", "blue"], fontsize=12)
fig.suptitle("Three 1×1 filters: a weight per channel", fontsize=14)
plt.show()

# %%
# On the sample images
# --------------------
# :func:`filterviz.conv.apply` runs them as a ``Conv2D`` layer would. A 1×1
# window fits at every pixel, so even ``"valid"`` padding keeps the 32×32 size
# (printed). Red minus green can be negative, so every block of the figure
# is drawn on the blue–red map with zero white: the grey block shows the
# photos' brightness in shades of red, white for black pixels and deep red
# for white ones. Red minus green is
# positive (red) where a pixel has more red than green, most of all on the red
# wall behind the white car and the red stripe on the first ship's hull
# (+0.71 and +0.68, the largest values printed below), and over most of the
# second, brown frog (+0.18 on average). It is negative (blue) where green
# wins: the grass around the first frog and the cat's blue cushion (down to
# −0.25). Grey, white and black have as much red as green and come out
# white, zero. The last block is the blue channel alone: a deeper red than
# the grey block for the blue car and the ships, paler for the frogs and for
# the white car with its red wall (the mean of blue minus grey, printed).

images, labels, class_names = filterviz.sample_images("cifar10", n=10)
outputs = filterviz.conv.apply(images, weights)
print("images:", images.shape, "-> outputs:", outputs.shape)
print(f"{'image':11s} {'red - green: min':>16s} {'max':>6s} {'mean':>6s}   blue - grey: mean")
for index, label in enumerate(labels):
    difference = outputs[index, :, :, 1]
    blue_minus_grey = (outputs[index, :, :, 2] - outputs[index, :, :, 0]).mean()
    print(
        f"{class_names[label]:11s} {difference.min():+16.2f} {difference.max():+6.2f} "
        f"{difference.mean():+6.2f} {blue_minus_grey:+18.3f}"
    )
filterviz.plot.filtered(
    images,
    outputs,
    names,
    labels,
    class_names,
    title="Three 1×1 filters on ten CIFAR-10 test images",
)
plt.show()

# %%
# A dot product at every pixel
# ----------------------------
# NumPy's matrix product ``images @ channel_weights.T`` takes, at every pixel,
# the dot product of the pixel's three values with each filter's three
# weights; it gives the same numbers as the ``Conv2D`` layer (the largest
# difference is printed). As on the
# :ref:`colour-channel page <sphx_glr_auto_examples_weight_mechanics_plot_04_rgb_channels.py>`,
# the output is the sum of one partial map per channel, but here each partial
# map is just its channel times one number: for red minus green, the red
# channel times 1, the green channel times −1 and the blue channel times 0
# (the figure, for the first ship; printed for all images). And with no
# neighbours in the window, changing one input pixel changes one output pixel,
# where a 3×3 filter changes nine.

by_hand = images @ channel_weights.T.astype(np.float32)
print("largest |Conv2D - per-pixel dot product|:", np.abs(outputs - by_hand).max())

red_green = channel_weights[1]
partial = filterviz.conv.filter_images(images, [red_green[None, None, :]], mode="per_channel")
print(
    "largest |partial map - weight × channel|:",
    np.abs(partial - images * red_green.astype(np.float32)).max(),
)
print("largest |sum of partial maps - output|:", np.abs(partial.sum(-1) - outputs[..., 1]).max())

changed = images.copy()
changed[0, 16, 16] = 1.0 - changed[0, 16, 16]  # one pixel of the cat
for name, kernel in [("1×1 grey", channel_weights[0][None, None, :]), ("3×3 box blur", "box_blur")]:
    before = filterviz.conv.filter_images(images[:1], [kernel], padding="same")
    after = filterviz.conv.filter_images(changed[:1], [kernel], padding="same")
    count = np.count_nonzero(before != after)
    print(f"{name}: one input pixel changed, output pixels changed: {count}")

ship = 1
panels = [
    (partial[ship, :, :, 0], "red × 1"),
    (partial[ship, :, :, 1], "green × (−1)"),
    (partial[ship, :, :, 2], "blue × 0"),
    (outputs[ship, :, :, 1], "sum: red − green"),
]
norm = filterviz.plot.response_norm([panel for panel, _ in panels])
fig, axes = plt.subplots(2, 3, figsize=(6.4, 5.0), layout="constrained")
axes = axes.ravel()
axes[0].imshow(images[ship])
axes[0].set_title(class_names[labels[ship]], fontsize=14)
for ax, (panel, title) in zip(axes[1:5], panels, strict=True):
    shown = ax.imshow(panel, cmap=filterviz.plot.DIVERGING, norm=norm)
    ax.set_title(title, fontsize=14)
for ax in axes[:5]:
    ax.set_xticks([])
    ax.set_yticks([])
axes[5].set_axis_off()  # the colour bar's place
fig.colorbar(shown, cax=axes[5].inset_axes([0.08, 0.0, 0.1, 1.0])).ax.tick_params(labelsize=12)
fig.suptitle("Red minus green: one scaled channel per weight,\nand their sum", fontsize=14)
plt.show()

# %%
# Try it
# ------
# Change the grey weights to ``[1/3, 1/3, 1/3]`` and compare the grey blocks:
# green things come out paler and blue things a deeper red (lower and higher
# values). Or write a
# yellow-against-blue filter, ``[0.5, 0.5, -1.0]``: it is
# :data:`filterviz.kernels.BLUE_YELLOW` negated and without its blur, so the
# edges stay sharp.

# sphinx_gallery_thumbnail_number = 2
