"""
Identity filter
===============

A single 1 in the centre and zeros around it: each output pixel is the input
pixel under the centre, and nothing else. The weights sum to one and leave
everything as it is; this is the filter the others are measured against.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# The weights
# -----------
# 1 in the centre, 0 on the eight neighbours.

import matplotlib.pyplot as plt
import numpy as np

import filterviz

weights = filterviz.kernels.IDENTITY
filterviz.plot.kernel(weights, title="Identity filter")
plt.show()

# %%
# What it detects
# ---------------
# The filter on ten CIFAR-10 test images. With the default ``mode="sum"``
# the 1 is copied into each of the three colour channels, as in a ``Conv2D``
# layer, so each output pixel is red + green + blue of its input pixel: a
# grey picture from 0 to 3. The pictures are all there, but colour is gone:
# the red background behind the white car turns dark grey, because only its
# red channel is bright, and the green frog turns a flat mid-grey. Each output
# is also 30×30 instead of 32×32: with ``padding="valid"`` the centre of the
# 3×3 window cannot reach the outermost pixels.

images, labels, class_names = filterviz.sample_images("cifar10", n=10)
outputs = filterviz.conv.filter_images(images, weights)
filterviz.plot.filtered(
    images,
    outputs,
    ["identity"],
    labels,
    class_names,
    title="Identity filter on ten CIFAR-10 test images",
)
plt.show()

# %%
# One channel at a time: the images come back
# -------------------------------------------
# With ``mode="per_channel"`` each channel gets its own copy of the filter
# and keeps its own output, so the three outputs together are the colour
# images again, trimmed by one pixel on each side. Compared with the same
# crop of the originals, the largest difference is exactly zero.

copies = filterviz.conv.filter_images(images, weights, mode="per_channel")
filterviz.plot.images(
    copies, labels, class_names, title="Identity filter on each colour channel on its own"
)
plt.show()
print("largest difference:", np.abs(copies - images[:, 1:-1, 1:-1, :]).max())

# %%
# Try it
# ------
# Move the 1 one cell to the right, ``weights = np.roll(weights, 1, axis=1)``,
# and run the page again: the outputs are the same pictures moved one pixel
# to the left. Where the weights sit decides where the filter looks.
