"""
Prewitt x filter
================

The Prewitt x filter :cite:p:`prewitt1970` takes the right-minus-left difference in three rows and
weights them evenly. Its weights sum to zero, so flat areas give zero; it
finds vertical edges like Sobel x, whose only change is a double weight on the
middle row.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# The weights
# -----------
# A column of −1 on the left and a column of +1 on the right: the
# vertical-edge filter repeated in three rows.

import matplotlib.pyplot as plt
import numpy as np

import filterviz

weights = filterviz.kernels.PREWITT_X
filterviz.plot.kernel(weights, title="Prewitt x filter")
plt.show()

# %%
# What it detects
# ---------------
# Prewitt x and Sobel x on the same ten CIFAR-10 test images, each filter's
# block of two rows on its own colour scale. The two blocks are hard to tell
# apart: the same red and blue strokes on the upright outlines (the blue
# car's sides, the first cat's white paw, the white car's wheels) and the
# same blank flat areas. The printed correlation of the two outputs is
# above 0.99. Only the scale differs, up to about ±6 for Prewitt and ±8 for
# Sobel (printed), since Sobel's weights add up to 4 on each side instead
# of 3.

images, labels, class_names = filterviz.sample_images("cifar10", n=10)
outputs = filterviz.conv.filter_images(images, ["prewitt_x", "sobel_x"])
filterviz.plot.filtered(
    images,
    outputs,
    ["Prewitt x", "Sobel x"],
    labels,
    class_names,
    title="Prewitt x and Sobel x on ten CIFAR-10 test images",
)
plt.show()

largest = np.abs(outputs).max(axis=(0, 1, 2))
print(f"largest |answer|: Prewitt x {largest[0]:.2f}, Sobel x {largest[1]:.2f}")
similarity = np.corrcoef(outputs[..., 0].ravel(), outputs[..., 1].ravel())[0, 1]
print(f"correlation of the two outputs: {similarity:.3f}")

# %%
# The difference between them is a filter too
# -------------------------------------------
# Subtract the Prewitt weights from the Sobel weights and what is left is
# the one-row vertical-edge filter. Convolution is linear, so Sobel x's
# output is Prewitt x's output plus that filter's: a small correction
# that leans towards the middle row.

sobel_x = filterviz.kernels.SOBEL_X
filterviz.plot.kernels(
    [sobel_x, weights, sobel_x - weights],
    titles=["Sobel x", "Prewitt x", "Sobel x − Prewitt x"],
)
plt.show()

# %%
# Try it
# ------
# Compare Prewitt x with the one-row vertical-edge filter instead: put
# ``"vertical_edge"`` in place of ``"sobel_x"`` in the second cell and run it
# again. The strokes stay in the same places and the scale drops to about
# ±2.5, but the correlation falls to about 0.95: one row sees less of each
# edge than three.
