"""
Vertical-edge filter
====================

A 3×3 filter with −1 left of the centre and +1 right of it subtracts the left
neighbour from the right one. Its weights sum to zero, so flat areas give zero;
it answers only where brightness changes from left to right, at vertical
edges, and its sign says which side is brighter.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# The weights
# -----------
# −1 on the left, +1 on the right, zeros elsewhere. The top and bottom rows
# are empty: the filter compares two pixels of the same row and nothing else.

import matplotlib.pyplot as plt
import numpy as np

import filterviz

weights = filterviz.kernels.VERTICAL_EDGE
filterviz.plot.kernel(weights, title="Vertical-edge filter")
plt.show()

# %%
# What it detects
# ---------------
# The filter on ten CIFAR-10 test images, summed over the three colour
# channels as a ``Conv2D`` layer with these weights would. Much of every
# output is white or nearly so: in each image 49 to 82% of the pixels answer
# less than a tenth of the largest answer (printed below), as on the pale
# sky behind the first ship and the red background behind the car, which are
# flat. Colour appears along outlines that run up and
# down, such as the sides of the white car, its wheels and the first cat's
# white paw: red where the right side is brighter, blue where the left side
# is. The dark strip along the bottom of the airplane picture is horizontal
# and leaves almost no trace.

images, labels, class_names = filterviz.sample_images("cifar10", n=10)
outputs = filterviz.conv.filter_images(images, weights)
filterviz.plot.filtered(
    images,
    outputs,
    ["vertical edge"],
    labels,
    class_names,
    title="Vertical-edge filter on ten CIFAR-10 test images",
)
plt.show()

small = np.abs(outputs[..., 0]) < 0.1 * np.abs(outputs).max()
print("share of near-zero answers per image:", np.round(small.mean(axis=(1, 2)), 2))

# %%
# Edges you can work out by hand
# ------------------------------
# On black-and-white shapes the answer is exact. A step from black (0) to
# white (1) gives +1 along a line two pixels wide (the two pixels compared
# lie two columns apart) and zero everywhere else; the opposite step gives
# −1. The square lights up on its left and right sides only, red on one and
# blue on the other, and the disc on its sides but not at its top and bottom.

rows, columns = np.mgrid[:32, :32]
step = columns >= 16
square = (np.abs(rows - 15.5) < 9) & (np.abs(columns - 15.5) < 9)
disc = (rows - 15.5) ** 2 + (columns - 15.5) ** 2 < 11**2
shapes = np.stack([step, ~step, square, disc]).astype(np.float32)[..., None]
filterviz.plot.filtered(
    shapes,
    filterviz.conv.filter_images(shapes, weights),
    ["vertical edge"],
    np.arange(4),
    ["dark | bright", "bright | dark", "square", "disc"],
    title="Vertical-edge filter on black-and-white shapes",
)
plt.show()

# %%
# Try it
# ------
# Swap the signs (``-weights``) and run again: red and blue trade places, and
# nothing else changes. Then transpose the weights (``weights.T``): you get
# the horizontal-edge filter, and the square lights up on its top and bottom.
