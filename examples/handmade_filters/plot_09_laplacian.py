"""
Laplacian filter
================

The Laplacian compares each pixel with its four neighbours: +1 on each
neighbour, −4 on the centre. The weights sum to zero, so flat areas and even
smooth ramps give zero; it answers where brightness bends, at thin lines,
spots and both sides of every edge.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# The weights
# -----------
# −4 in the centre, +1 above, below, left and right, zeros in the corners. A
# pixel brighter than the mean of its four neighbours gives a negative
# answer, a darker one a positive answer.

import matplotlib.pyplot as plt
import numpy as np

import filterviz

weights = filterviz.kernels.LAPLACIAN
filterviz.plot.kernel(weights, title="Laplacian filter")
plt.show()

# %%
# What it detects
# ---------------
# The filter on ten CIFAR-10 test images. Unlike the edge filters it has no
# preferred direction: outlines of every direction come out as thin double
# lines, red on the dark side and blue on the bright side, as around the dark
# airplane and the white car. Small details, such as the lettering at the
# top of the airplane picture, stand out as short red and blue marks, and
# textured areas like the frogs' grass turn into speckle.

images, labels, class_names = filterviz.sample_images("cifar10", n=10)
outputs = filterviz.conv.filter_images(images, weights)
filterviz.plot.filtered(
    images,
    outputs,
    ["Laplacian"],
    labels,
    class_names,
    title="Laplacian filter on ten CIFAR-10 test images",
)
plt.show()

# %%
# A step, a line and a dot
# ------------------------
# Three tiny black-and-white images whose answers you can add up by hand. The
# step gives a pair of lines, +1 on its dark side and −1 on its bright side.
# The one-pixel line gives −2 on itself (−4 for the centre, +1 for each of the
# two line pixels above and below it) and +1 on either side. The single bright
# pixel gives −4 with +1 on its four neighbours: the strongest answer of the
# three, because the Laplacian is built to find spots.

shapes = np.zeros((3, 13, 13, 1), dtype=np.float32)
shapes[0, :, 7:] = 1.0  # a step: dark left, bright right
shapes[1, :, 6] = 1.0  # a line one pixel wide
shapes[2, 6, 6] = 1.0  # a single bright pixel
filterviz.plot.filtered(
    shapes,
    filterviz.conv.filter_images(shapes, weights),
    ["Laplacian"],
    np.arange(3),
    ["step", "line", "dot"],
    title="Laplacian on a step, a line and a dot",
)
plt.show()

# %%
# Try it
# ------
# Let all eight neighbours take part:
# ``weights = np.ones((3, 3)) - 9 * filterviz.kernels.IDENTITY`` puts +1 on
# every neighbour and −8 in the centre. Run the last cell again: the dot now
# gives −8 inside a ring of eight +1, and the line −6 with +3 on either side.
