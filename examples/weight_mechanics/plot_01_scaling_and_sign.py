"""
Scaling and sign of the weights
===============================

A filter's response is linear in its weights: multiply every weight by 2 and
every response doubles, exactly. Multiply them by −1 and every response
changes sign, so a filter that lights up on bright spots on a dark ground
becomes one that lights up on dark spots on a bright ground.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# Three versions of one filter
# ----------------------------
# We start from a centre-surround filter: +4 in the centre, −1 on the four
# neighbours (the negative of :data:`filterviz.kernels.LAPLACIAN`). It sums to
# zero, so a flat patch gives nothing, and it is positive where the centre
# pixel is brighter than its neighbours. Next to it, the same filter with all
# weights doubled, and with all weights negated. The three are drawn on one
# colour scale.

import matplotlib.pyplot as plt
import numpy as np

import filterviz

spot = -filterviz.kernels.LAPLACIAN
versions = [spot, 2 * spot, -spot]
names = ["w", "2 w", "−w"]
filterviz.plot.kernels(versions, titles=names)
plt.show()

# %%
# On the sample images
# --------------------
# The three filters on ten CIFAR-10 test images (summed over red, green and
# blue, as a ``Conv2D`` layer does), one block of two rows per filter. Each
# block has its own colour scale, and the first two blocks are the same
# picture: doubling the weights changed nothing but the numbers on the
# colour bar, which now reach twice as far. The third block is the first
# with red and blue swapped. In the first block every edge comes out as a
# red line on its bright side and a blue line on its dark side: the white
# car's rim is red, its dark windows and wheel arches blue. In the third
# block the rim is blue and the windows red.

images, labels, class_names = filterviz.sample_images("cifar10", n=10)
outputs = filterviz.conv.filter_images(images, versions)
filterviz.plot.filtered(
    images,
    outputs,
    names,
    labels,
    class_names,
    title="One filter, its double and its negative, on ten CIFAR-10 images",
)
plt.show()

# %%
# The exact factor
# ----------------
# Plot every output pixel's response to ``2 w`` and to ``−w`` against its
# response to ``w``: the 9,000 points fall on two straight lines through
# zero, of slope 2 and −1. There is no scatter at all. Doubling and negating
# a float are exact operations, so the printed differences are exactly zero,
# not merely small.

single, double, negated = outputs[..., 0], outputs[..., 1], outputs[..., 2]
fig, ax = plt.subplots(figsize=(5.5, 4.5), layout="constrained")
ax.plot(single.ravel(), double.ravel(), ".", markersize=3, color="tab:orange", label="2 w")
ax.plot(single.ravel(), negated.ravel(), ".", markersize=3, color="tab:blue", label="−w")
ax.axhline(0, color="0.6", linewidth=0.8)
ax.axvline(0, color="0.6", linewidth=0.8)
ax.set_xlabel("response to w", fontsize=12)
ax.set_ylabel("response to the scaled filter", fontsize=12)
ax.set_title("Every pixel: scaled weights, scaled response", fontsize=13)
ax.tick_params(labelsize=12)
ax.legend(fontsize=12, markerscale=4)
plt.show()

nonzero = np.abs(single) > 1e-3
ratio = double[nonzero] / single[nonzero]
print(f"response(2 w) / response(w): from {ratio.min()} to {ratio.max()}")
print(f"largest |response(2 w) - 2 response(w)|: {np.abs(double - 2 * single).max()}")
print(f"largest |response(-w) + response(w)|:    {np.abs(negated + single).max()}")

# %%
# Bright on dark becomes dark on bright
# -------------------------------------
# Why does the sign matter if it only swaps the colours? Because in a network
# a ReLU follows the filter and keeps only the positive (red) part; see the
# next page. On a tiny image, mid-grey with one white and one black pixel,
# ``w`` gives +2 on the white pixel and −2 on the black one (4 × 1 − 4 × 0.5
# and 4 × 0 − 4 × 0.5), with a ring of ∓0.5 around each. With ``−w`` every
# number changes sign: now the black pixel is the one that lights up. Same
# shape, opposite detector. (``"valid"`` padding: the outputs lose a
# one-pixel border, so they are 5 × 9 for a 7 × 11 image.)

tiny = np.full((1, 7, 11, 1), 0.5, dtype=np.float32)
tiny[0, 3, 3, 0] = 1.0  # a white pixel
tiny[0, 3, 7, 0] = 0.0  # a black pixel
responses = filterviz.conv.filter_images(tiny, [spot, -spot])

fig, axes = plt.subplots(3, 1, figsize=(5.6, 9.0), layout="constrained")
axes[0].imshow(tiny[0, :, :, 0], cmap="gray", vmin=0, vmax=1)
axes[0].set_title("image: white and black pixel on grey", fontsize=14)
axes[0].set_xticks([])
axes[0].set_yticks([])
for ax, index, name in zip(axes[1:], range(2), names[::2], strict=True):
    filterviz.plot.kernel(
        responses[0, :, :, index], ax=ax, vmax=2, fontsize=13, title=f"response to {name}"
    )
plt.show()

# %%
# Try it
# ------
# Multiply the weights by 0.1 instead of 2: the pictures stay the same and
# the colour bars shrink tenfold, but the printed difference is no longer
# exactly zero, because 0.1 has no exact binary form. Then add a ReLU,
# ``filterviz.conv.filter_images(images, [spot, -spot], activation="relu")``,
# and compare what each block keeps.

# sphinx_gallery_thumbnail_number = 2
