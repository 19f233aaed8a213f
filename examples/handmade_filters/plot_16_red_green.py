"""
Red–green filter
================

A colour filter with a small Gaussian blob of positive weights on the red
channel, the same blob negative on the green channel and nothing on blue.
Red and green cancel, so grey areas give zero at any brightness; it answers
to colour: positive where red beats green, negative where green beats red.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# The weights
# -----------
# A colour filter has one 3×3 slice per input channel. Here the red slice is
# the Gaussian blur (weights summing to +1), the green slice the same blur
# with the sign flipped (summing to −1), and the blue slice is empty. All 27
# weights together sum to zero.

import matplotlib.pyplot as plt
import numpy as np

import filterviz

weights = filterviz.kernels.RED_GREEN
filterviz.plot.kernel_channels(weights, title="Red–green filter: one slice per channel")
plt.show()

# %%
# What it detects
# ---------------
# The filter on ten CIFAR-10 test images. Brightness alone leaves it cold:
# the white car, the pale sky behind the first ship and the dark airplane
# are white (zero). The red background behind the car gives the strongest
# answer (about 0.7 of a possible 1; each image's largest and smallest
# answers are printed below), and the red stripe on the first ship's
# hull and the red lettering in the airplane picture stand out; the orange
# and brown grounds of the first cat and the second frog come out pale red.
# Green gives blue, but only weakly, no answer below −0.25: the grass and
# the green frog are dull greens, their green channel barely above their red
# one.

images, labels, class_names = filterviz.sample_images("cifar10", n=10)
outputs = filterviz.conv.filter_images(images, weights)
filterviz.plot.filtered(
    images,
    outputs,
    ["red − green"],
    labels,
    class_names,
    title="Red–green filter on ten CIFAR-10 test images",
)
plt.show()

for index, label in enumerate(labels):
    answers = outputs[index, ..., 0]
    print(f"{class_names[label]:>10}: largest {answers.max():+.2f}, smallest {answers.min():+.2f}")

# %%
# Flat colours
# ------------
# Flat 3×3 patches of pure colour, each giving a single answer. Red gives +1
# and green −1, the sums of the two slices. Yellow (red and green at full
# strength) gives zero because the two cancel; blue, which the filter does
# not look at, gives zero; and so do white, grey and black, because red and
# green are equal in every grey.

colours = {
    "red": (1, 0, 0),
    "yellow": (1, 1, 0),
    "green": (0, 1, 0),
    "blue": (0, 0, 1),
    "white": (1, 1, 1),
    "grey": (0.5, 0.5, 0.5),
    "black": (0, 0, 0),
}
rgb = np.array(list(colours.values()), dtype=np.float32)
patches = np.tile(rgb[:, None, None, :], (1, 3, 3, 1))  # flat 3×3 patches
answers = filterviz.conv.filter_images(patches, weights)[:, 0, 0, 0]
fig, ax = plt.subplots(figsize=(6, 3.4), layout="constrained")
bars = ax.bar(list(colours), answers, color=list(colours.values()), edgecolor="black")
ax.bar_label(bars, fmt="%.2g", fontsize=11, padding=2)
ax.axhline(0, color="black", linewidth=0.8)
ax.set_ylim(-1.35, 1.35)
ax.set_ylabel("filter answer", fontsize=12)
ax.tick_params(labelsize=11)
ax.set_title("Red–green filter on flat patches of colour", fontsize=13)
plt.show()

# %%
# Try it
# ------
# Move the positive slice from red to blue with ``weights[:, :, [2, 1, 0]]``
# (the channels in the order blue, green, red) and run the page again: you
# get a blue–green filter. The blue car and the first cat's blue cloth turn
# red, and the red background behind the white car, the strongest answer
# before, drops to a weak negative one.
