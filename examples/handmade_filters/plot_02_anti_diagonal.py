"""
Anti-diagonal filter
====================

The mirror image of the main-diagonal filter: ones from top right to bottom
left. Put the two outputs side by side and every difference between them comes
from the direction of the strokes in the image, since the filters are otherwise
the same.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# The weights
# -----------
# Ones on the anti-diagonal, zeros elsewhere: the main-diagonal filter
# flipped left to right.

import matplotlib.pyplot as plt

import filterviz

weights = filterviz.kernels.ANTI_DIAGONAL
filterviz.plot.kernel(weights, title="Anti-diagonal filter")
plt.show()

# %%
# The two diagonals, side by side
# -------------------------------
# Both filters on the same ten images, on one colour scale per row. Where an
# image has strokes running from top right to bottom left, the second row is
# sharper and brighter there; strokes in the other direction favour the first
# row. Horizontal and vertical edges come out the same in both.

images, labels, class_names = filterviz.sample_images("cifar10", n=10)
outputs = filterviz.conv.filter_images(images, ["diagonal", "anti_diagonal"])
filterviz.plot.filtered(
    images,
    outputs,
    ["diagonal", "anti-diagonal"],
    labels,
    class_names,
    title="The two diagonal filters on ten CIFAR-10 test images",
)
plt.show()

# %%
# Which direction wins?
# ---------------------
# Subtracting one output from the other cancels everything the two filters
# share and leaves only the direction: red where top-left to bottom-right
# strokes dominate, blue where the other diagonal does.

difference = outputs[..., :1] - outputs[..., 1:]
filterviz.plot.filtered(
    images,
    difference,
    ["diagonal − anti-diagonal"],
    labels,
    class_names,
    title="Main-diagonal response minus anti-diagonal response",
)
plt.show()

# %%
# Try it
# ------
# The difference of the two filters is itself a filter:
# ``filterviz.kernels.DIAGONAL - filterviz.kernels.ANTI_DIAGONAL``. Draw it
# with ``filterviz.plot.kernel`` and apply it: you get the last figure in one
# step, because convolution is linear.

# sphinx_gallery_thumbnail_number = 1
