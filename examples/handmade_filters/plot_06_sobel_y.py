"""
Sobel y filter
==============

The Sobel x filter turned on its side: the lower row minus the upper row,
weighted 1, 2, 1 across the image. Its weights sum to zero, so flat areas give
zero, and it answers to changes from top to bottom, at horizontal edges.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# The weights
# -----------
# Negative in the top row, positive in the bottom row, twice as strong in the
# middle column: the transpose of Sobel x.

import matplotlib.pyplot as plt
import numpy as np

import filterviz

weights = filterviz.kernels.SOBEL_Y
filterviz.plot.kernel(weights, title="Sobel y filter")
plt.show()

# %%
# What it detects
# ---------------
# The filter on ten CIFAR-10 test images. The strokes lie down: the stripes
# of the first ship's hull, the top (blue) and underside (red) of the
# airplane, and a long blue line where the airplane picture turns dark near
# its bottom. Blue means bright above dark, red dark above bright. The
# upright left and right sides of the blue car in the last image, which
# Sobel x draws strongly, are missing here.

images, labels, class_names = filterviz.sample_images("cifar10", n=10)
outputs = filterviz.conv.filter_images(images, weights)
filterviz.plot.filtered(
    images,
    outputs,
    ["Sobel y"],
    labels,
    class_names,
    title="Sobel y filter on ten CIFAR-10 test images",
)
plt.show()

# %%
# x and y together: the edge strength
# -----------------------------------
# Sobel x sees the upright edges and Sobel y the lying ones. Treat their two
# answers as the two sides of a right triangle and take the long side,
# √(x² + y²): the result is large on an edge of any direction
# and never negative. The outputs now read like line drawings: the whole
# outline of the airplane, the white car with its open door and its wheels,
# the decks of the two ships.

both = filterviz.conv.filter_images(images, ["sobel_x", "sobel_y"])
strength = np.hypot(both[..., 0], both[..., 1])[..., None]
filterviz.plot.filtered(
    images,
    strength,
    ["edge strength"],
    labels,
    class_names,
    title="Edge strength √(x² + y²) from the two Sobel filters",
)
plt.show()

# %%
# Try it
# ------
# Swap in the one-row pair, ``["vertical_edge", "horizontal_edge"]``, and
# run the last cell again: the line drawing survives, with answers about a
# quarter as large and thinner, more broken lines.
