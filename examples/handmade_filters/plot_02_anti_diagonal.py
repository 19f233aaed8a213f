"""
Anti-diagonal filter
====================

The mirror image of the main-diagonal filter: ones from top right to bottom
left. Put the two outputs side by side and every difference between them comes
from the direction of the strokes in the image, since the filters are otherwise
the same. On real images that difference is small, because both filters
mostly add up brightness.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# The weights
# -----------
# Ones on the anti-diagonal, zeros elsewhere: the main-diagonal filter
# flipped left to right.

import matplotlib.pyplot as plt
import numpy as np

import filterviz

weights = filterviz.kernels.ANTI_DIAGONAL
filterviz.plot.kernel(weights, title="Anti-diagonal filter")
plt.show()

# %%
# The two diagonals, side by side
# -------------------------------
# Both filters on the same ten images, on one grey scale for both
# (``shared_scale=True``). Like the main-diagonal filter, the anti-diagonal
# one only adds, so both blocks are blurred grey copies of the images and
# look almost alike: the correlation
# between the two outputs of each image, printed below, lies between 0.89
# and 0.99. They
# differ only in the direction of the smear.

images, labels, class_names = filterviz.sample_images("cifar10", n=10)
outputs = filterviz.conv.filter_images(images, ["diagonal", "anti_diagonal"])
filterviz.plot.filtered(
    images,
    outputs,
    ["diagonal", "anti-diagonal"],
    labels,
    class_names,
    title="The two diagonal filters on ten CIFAR-10 test images",
    shared_scale=True,
)
plt.show()

similarity = [np.corrcoef(out[..., 0].ravel(), out[..., 1].ravel())[0, 1] for out in outputs]
print("correlation of the two outputs, per image:", np.round(similarity, 3))

# %%
# Lines and edges you can work out by hand
# ----------------------------------------
# On black-and-white test images the direction is exact. A white line one
# pixel wide from top right to bottom left fills all three ones of the
# anti-diagonal filter (9 over three channels) but only one of the
# main-diagonal filter (3), and the other line the other way round. An
# upright or a lying step edge puts one weight of each filter in each of the
# three columns (or rows), so both filters give the same answer everywhere:
# the largest difference between them is 0.

size = 9
rows, columns = np.mgrid[:size, :size]
probes = np.stack(
    [
        rows + columns == size - 1,  # a / line
        rows == columns,  # a \ line
        columns >= size // 2,  # upright step edge
        rows >= size // 2,  # lying step edge
    ]
).astype(np.float32)[..., None] * np.ones(3, dtype=np.float32)
probe_outputs = filterviz.conv.filter_images(probes, ["diagonal", "anti_diagonal"])
probe_names = ["/ line", "\\ line", "upright edge", "lying edge"]
for name, out in zip(probe_names, probe_outputs, strict=True):
    largest = out.max(axis=(0, 1))
    difference = np.abs(out[..., 0] - out[..., 1]).max()
    print(
        f"{name:>12}: largest diagonal {largest[0]:.0f}, anti-diagonal {largest[1]:.0f}, "
        f"largest difference {difference:.0f}"
    )

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
