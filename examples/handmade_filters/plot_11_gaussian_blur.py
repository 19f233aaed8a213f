"""
Gaussian blur
=============

The Gaussian blur is a weighted mean: 4/16 on the centre, 2/16 on the four
nearest neighbours, 1/16 on the corners. Like the box blur its weights are
positive and sum to one, so flat areas keep their brightness; because the
weights fall off with distance, it smooths more gently and more evenly.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# The weights
# -----------
# The outer product of (1, 2, 1) / 4 with itself: a blur along the rows
# followed by a blur along the columns, with the centre weighted most.

import matplotlib.pyplot as plt
import numpy as np

import filterviz

weights = filterviz.kernels.GAUSSIAN_BLUR
filterviz.plot.kernel(weights, title="Gaussian blur")
plt.show()

# %%
# What it detects
# ---------------
# The filter on ten CIFAR-10 test images, summed over the colour channels
# (0 is black, 3 white). The outputs are soft grey copies of the images: the
# airplane, the cars and the ships' hulls survive, the lettering in the
# airplane picture melts into a pale band. At this size they are hard to tell
# from the box blur's outputs; the difference shows on fine patterns, next.

images, labels, class_names = filterviz.sample_images("cifar10", n=10)
outputs = filterviz.conv.filter_images(images, weights)
filterviz.plot.filtered(
    images,
    outputs,
    ["Gaussian blur"],
    labels,
    class_names,
    title="Gaussian blur on ten CIFAR-10 test images",
)
plt.show()

# %%
# Fine stripes: Gaussian against box
# ----------------------------------
# Black-and-white stripes of four widths, under both blurs. Each blur wipes
# out one kind of stripe completely: the box blur the stripes that repeat
# every 3 pixels (each 3×3 window holds exactly one repeat, so every mean is
# the same 2/3), the Gaussian blur those that repeat every 2 pixels (1/4 +
# 1/2 + 1/4 of alternating values is always 1/2). On the 2-pixel stripes the
# box blur keeps a third of the contrast but turns it inside out: a black
# column is flanked by two white ones and becomes 2/3, a white one becomes
# 1/3. The Gaussian blur never does that. On the 3- and 4-pixel stripes it
# keeps more contrast than the box blur (1/4 and 1/2 against 0 and 1/3), and
# both keep the full contrast of the 8-pixel stripes. The contrasts, the
# brightest minus the darkest output, are printed below.

periods = [2, 3, 4, 8]
columns = np.arange(32)
stripes = np.stack(
    [np.broadcast_to(columns % period < period / 2, (32, 32)) for period in periods]
).astype(np.float32)[..., None]
filterviz.plot.filtered(
    stripes,
    filterviz.conv.filter_images(stripes, ["box_blur", "gaussian_blur"]),
    ["box blur", "Gaussian blur"],
    np.arange(4),
    [f"every {period} px" for period in periods],
    title="Stripes under the two blurs",
)
plt.show()

blurred_stripes = filterviz.conv.filter_images(stripes, ["box_blur", "gaussian_blur"])
contrast = blurred_stripes.max(axis=(1, 2)) - blurred_stripes.min(axis=(1, 2))
for period, (box, gauss) in zip(periods, contrast, strict=True):
    print(f"stripes every {period} px: contrast {box:.3f} (box), {gauss:.3f} (Gaussian)")

# %%
# Try it
# ------
# Build a wider Gaussian from the same recipe:
# ``row = np.array([1, 4, 6, 4, 1]) / 16`` and ``np.outer(row, row)`` give a
# 5×5 blur. Apply it to the stripes: it flattens the 2-pixel stripes, leaves
# a contrast of only 1/16 in the 3-pixel ones and a quarter in the 4-pixel
# ones, where the 3×3 Gaussian kept a half.
