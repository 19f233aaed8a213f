"""
Horizontal-edge filter
======================

The vertical-edge filter turned on its side: −1 above the centre, +1 below
it. It subtracts the upper neighbour from the lower one, so flat areas give
zero and only changes from top to bottom, at horizontal edges, give an answer.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# The weights
# -----------
# −1 above, +1 below, zeros elsewhere: the transpose of the vertical-edge
# filter. The weights sum to zero.

import matplotlib.pyplot as plt
import numpy as np

import filterviz

weights = filterviz.kernels.HORIZONTAL_EDGE
filterviz.plot.kernel(weights, title="Horizontal-edge filter")
plt.show()

# %%
# What it detects
# ---------------
# The filter on ten CIFAR-10 test images. The outputs are now made of lying
# strokes: the stacked stripes of the first ship's hull, the top and the
# underside of the airplane, and a long blue line where the airplane picture
# turns dark near its bottom (bright above, dark below gives a negative
# answer). Red marks the opposite, dark above bright, as under the airplane's
# body.

images, labels, class_names = filterviz.sample_images("cifar10", n=10)
outputs = filterviz.conv.filter_images(images, weights)
filterviz.plot.filtered(
    images,
    outputs,
    ["horizontal edge"],
    labels,
    class_names,
    title="Horizontal-edge filter on ten CIFAR-10 test images",
)
plt.show()

# %%
# The two edge filters share the outline
# --------------------------------------
# Black-and-white shapes under both filters. A horizontal step, dark above
# and bright below, is invisible to the vertical-edge filter and a clean red
# line for the horizontal one. Each
# filter takes two sides of the square and the parts of the disc's rim that
# face its own direction; neither sees the whole outline on its own.

rows, columns = np.mgrid[:32, :32]
step = rows >= 16
square = (np.abs(rows - 15.5) < 9) & (np.abs(columns - 15.5) < 9)
disc = (rows - 15.5) ** 2 + (columns - 15.5) ** 2 < 11**2
shapes = np.stack([step, square, disc]).astype(np.float32)[..., None]
filterviz.plot.filtered(
    shapes,
    filterviz.conv.filter_images(shapes, ["vertical_edge", "horizontal_edge"]),
    ["vertical edge", "horizontal edge"],
    np.arange(3),
    ["step", "square", "disc"],
    title="The two edge filters on black-and-white shapes",
)
plt.show()

# %%
# Try it
# ------
# Make the step diagonal (``step = rows >= columns``) and run the last cell
# again: both filters now answer to it, with opposite signs. It is bright on
# the left, so the vertical-edge filter gives blue, and bright below, so the
# horizontal-edge filter gives red.
