"""
Emboss
======

The emboss filter subtracts the pixels to the upper left from those to the
lower right and adds the centre pixel back. The weights sum to one, so flat
areas keep their brightness; an edge turns bright or dark depending on which
way it faces, and shapes look raised or sunk, like relief.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# The weights
# -----------
# Negative towards the top left (−2 in the corner), positive towards the
# bottom right (+2 in the corner), and 1 in the centre. Without that centre
# weight the filter would be a pure diagonal edge detector summing to zero;
# with it, the image itself shows through.

import matplotlib.pyplot as plt
import numpy as np

import filterviz

weights = filterviz.kernels.EMBOSS
filterviz.plot.kernel(weights, title="Emboss")
plt.show()

# %%
# What it detects
# ---------------
# The filter on ten CIFAR-10 test images, summed over the colour channels.
# The ground is not white but pale red: the weights sum to one, so a flat
# area keeps its own brightness (from 0 to 3 for three channels), and light
# pictures such as the first ship and the airplane get a redder ground: the
# median answers printed below are 2.1 for those two and 0.7 for the car on
# its dark red background. On top of it lie the edges,
# coloured by the way they face. The white car's outline towards the upper
# left is a strong red band and its lower-right edges are blue, so the car
# seems to stand out of the picture; the dark airplane is the other way
# round, blue along its upper side and red underneath.

images, labels, class_names = filterviz.sample_images("cifar10", n=10)
outputs = filterviz.conv.filter_images(images, weights)
filterviz.plot.filtered(
    images,
    outputs,
    ["emboss"],
    labels,
    class_names,
    title="Emboss filter on ten CIFAR-10 test images",
)
plt.show()

medians = np.median(outputs[..., 0], axis=(1, 2))
for name, median in zip([class_names[k] for k in labels], medians, strict=True):
    print(f"{name:>10}: median answer {median:.1f}")

# %%
# Raised or sunk
# --------------
# Flat grey shapes show the rule plainly. The light square is red on its top
# and left sides and blue on its bottom and right sides; the light disc is
# red on the upper-left half of its rim and blue on the lower-right half. The
# dark disc swaps the two. Read red as lit and blue as shadow, and the light
# shapes look raised and lit from the upper left, the dark disc like a hollow
# (relief is ambiguous: the same picture also reads as sunk and lit from the
# lower right).

rows, columns = np.mgrid[:32, :32]
disc = (rows - 15.5) ** 2 + (columns - 15.5) ** 2 < 10**2
square = (np.abs(rows - 15.5) < 9) & (np.abs(columns - 15.5) < 9)
shapes = np.stack([disc, ~disc, square]).astype(np.float32)[..., None] * 0.5 + 0.25
filterviz.plot.filtered(
    shapes,
    filterviz.conv.filter_images(shapes, weights),
    ["emboss"],
    np.arange(3),
    ["light disc", "dark disc", "light square"],
    title="Emboss on simple shapes",
)
plt.show()

# %%
# Try it
# ------
# Turn the light around: ``weights[::-1, ::-1]`` (the weights rotated by half
# a turn) subtracts the lower right from the upper left instead. Run the page
# again: the red and blue rims swap sides on every shape, and the light disc
# now looks like the hollow.
