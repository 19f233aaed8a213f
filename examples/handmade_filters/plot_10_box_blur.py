"""
Box blur
========

Every weight of the box blur is 1/9, so each output pixel is the mean of the
3×3 neighbourhood. The weights are all positive and sum to one: flat areas
keep their brightness, and detail smaller than three pixels is averaged away.
It detects nothing; it smooths.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# The weights
# -----------
# Nine equal weights of 1/9 (about 0.11). No pixel counts more than another.

import matplotlib.pyplot as plt
import numpy as np

import filterviz

weights = filterviz.kernels.BOX_BLUR
filterviz.plot.kernel(weights, title="Box blur")
plt.show()

# %%
# What it detects
# ---------------
# The filter on ten CIFAR-10 test images, summed over the three colour
# channels, so the output runs from 0 (black in all channels) to 3 (white).
# No output is negative, and the figure draws them in grey levels: each one
# is a soft grey copy of its image. Large shapes survive, such as the dark
# airplane, the white car and the dark hull of the first ship, while the
# lettering in the airplane picture and the texture of the frogs' grass are
# gone.

images, labels, class_names = filterviz.sample_images("cifar10", n=10)
outputs = filterviz.conv.filter_images(images, weights)
filterviz.plot.filtered(
    images,
    outputs,
    ["box blur"],
    labels,
    class_names,
    title="Box blur on ten CIFAR-10 test images",
)
plt.show()

# %%
# One channel at a time: a colour blur
# ------------------------------------
# With ``mode="per_channel"`` the blur is applied to red, green and blue
# separately, and the three outputs put back together make a colour image
# again, with values still in [0, 1] because the weights sum to one. Top: the
# first five originals, trimmed by one pixel on each side to match; bottom:
# their blurred copies. The blur softens every outline by about a pixel and
# keeps the colours.

blurred = filterviz.conv.filter_images(images[:5], weights, mode="per_channel")
filterviz.plot.images(
    np.concatenate([images[:5, 1:-1, 1:-1], blurred]),
    np.concatenate([labels[:5], labels[:5]]),
    class_names,
    ncols=5,
    title="Originals (top) and box blur on each colour channel (bottom)",
)
plt.show()

# %%
# Try it
# ------
# Blur the blurred images again: run
# ``blurred = filterviz.conv.filter_images(blurred, weights, mode="per_channel")``
# three more times and draw them with ``filterviz.plot.images(blurred)``.
# Two passes act like one 5×5 filter, and each pass trims another pixel from
# every side. After four passes the frog is a brown blob on green and the
# airplane a dark smudge.
