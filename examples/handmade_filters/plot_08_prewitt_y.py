"""
Prewitt y filter
================

The Prewitt x filter turned on its side: a row of −1 above and a row of +1
below. Its weights sum to zero, so flat areas give zero; it answers to changes
from top to bottom, at horizontal edges, averaged over three columns.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# The weights
# -----------
# −1 across the top row, +1 across the bottom row, zeros in between.

import matplotlib.pyplot as plt
import numpy as np

import filterviz

weights = filterviz.kernels.PREWITT_Y
filterviz.plot.kernel(weights, title="Prewitt y filter")
plt.show()

# %%
# What it detects
# ---------------
# The filter on ten CIFAR-10 test images. The strokes lie down, as with the
# horizontal-edge and Sobel y filters: the stripes of the first ship's hull,
# the airplane's top (blue: bright above dark) and underside (red: dark above
# bright), and the long blue line where the airplane picture turns dark near
# its bottom.

images, labels, class_names = filterviz.sample_images("cifar10", n=10)
outputs = filterviz.conv.filter_images(images, weights)
filterviz.plot.filtered(
    images,
    outputs,
    ["Prewitt y"],
    labels,
    class_names,
    title="Prewitt y filter on ten CIFAR-10 test images",
)
plt.show()

# %%
# Tilted edges: x and y share the work
# ------------------------------------
# A black-and-white step edge, turned from upright (0°) to lying (90°), dark
# on the upper left and bright on the lower right. Upright, only Prewitt x
# answers; lying, only Prewitt y. In between both answer, and the filter
# whose direction the edge is closer to gives the brighter line: at 30°
# Prewitt x reaches 3 and Prewitt y 2, at 60° the other way round.

angles = [0, 30, 60, 90]
rows, columns = np.mgrid[:32, :32] - 15.5
edges = np.stack(
    [columns * np.cos(np.radians(angle)) + rows * np.sin(np.radians(angle)) > 0 for angle in angles]
).astype(np.float32)[..., None]
filterviz.plot.filtered(
    edges,
    filterviz.conv.filter_images(edges, ["prewitt_x", "prewitt_y"]),
    ["Prewitt x", "Prewitt y"],
    np.arange(4),
    [f"turned {angle}°" for angle in angles],
    title="Prewitt x and y on a turning step edge",
)
plt.show()

# %%
# Try it
# ------
# Add ``45`` to ``angles``: half-way between upright and lying, the edge
# gives the two filters the same peak answer, 3, and the two lines come out
# equally bright.
