"""
Main-diagonal filter
====================

A 3×3 filter with ones on its main diagonal and zeros elsewhere adds up three
pixels along a line from top left to bottom right. Its response is largest
where a bright stroke runs in that direction, and it blurs everything along
the same direction.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# The weights
# -----------
# Ones on the diagonal, zeros elsewhere. Each output pixel is the sum of the
# three input pixels that sit under the ones.

import matplotlib.pyplot as plt

import filterviz

weights = filterviz.kernels.DIAGONAL
filterviz.plot.kernel(weights, title="Main-diagonal filter")
plt.show()

# %%
# What it detects
# ---------------
# We apply the filter to ten CIFAR-10 test images, summing over the red,
# green and blue channels as a ``Conv2D`` layer with these weights would. A
# pixel's response adds up the brightness along a short top-left to
# bottom-right stroke, so bright streaks in that direction (the cat's
# whiskers, the wings and hulls seen at an angle) come out brightest and the
# image looks smeared along that diagonal. The filter has no negative
# weights, so it cannot tell an edge from a bright area: it only adds.

images, labels, class_names = filterviz.sample_images("cifar10", n=10)
outputs = filterviz.conv.filter_images(images, weights)
filterviz.plot.filtered(
    images,
    outputs,
    ["diagonal"],
    labels,
    class_names,
    title="Main-diagonal filter on ten CIFAR-10 test images",
)
plt.show()

# %%
# Try it
# ------
# Flip the weights left to right (``weights[:, ::-1]``) and run again: the
# smear turns to the other diagonal. Then subtract the mean of the weights
# (``weights - weights.mean()``): the filter now sums to zero, flat areas go
# to zero, and only diagonal *lines* remain.

# sphinx_gallery_thumbnail_number = 1
