"""
Blue–yellow filter
==================

A colour filter with a Gaussian blob of positive weights on the blue channel
and negative blobs of half the size on red and on green. Since red and green
together make yellow, it weighs blue against yellow; the weights sum to zero,
so grey areas give zero at any brightness.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# The weights
# -----------
# The blue slice is the Gaussian blur (summing to +1), the red and green
# slices the same blur times −½ (summing to −½ each). Together the 27 weights
# sum to zero.

import matplotlib.pyplot as plt
import numpy as np

import filterviz

weights = filterviz.kernels.BLUE_YELLOW
filterviz.plot.kernel_channels(weights, title="Blue–yellow filter: one slice per channel")
plt.show()

# %%
# What it detects
# ---------------
# The filter on ten CIFAR-10 test images. Mind the colour map: red means a
# positive answer, here more blue than yellow, and blue a negative one. The
# blue cloth under the first cat and the blue car in the last picture come
# out red, and so, faintly, do the bluish skies and water of the ships. The
# red background behind the white car, the orange ground behind the first cat
# and the green and brown frogs come out blue: red and green both count as
# yellow here. The white car itself, white and grey, gives almost nothing.

images, labels, class_names = filterviz.sample_images("cifar10", n=10)
outputs = filterviz.conv.filter_images(images, weights)
filterviz.plot.filtered(
    images,
    outputs,
    ["blue − yellow"],
    labels,
    class_names,
    title="Blue–yellow filter on ten CIFAR-10 test images",
)
plt.show()

# %%
# Two opponent filters place every hue
# ------------------------------------
# The same flat patches under both opponent filters, each placed at its two
# answers: red − green across, blue − yellow up. Grey sits in the centre,
# and the colours fall round it in the order of a colour wheel (red, orange,
# yellow, green, cyan, blue, magenta). Two filters that ignore brightness are
# enough to tell these hues apart.

colours = {
    "red": (1, 0, 0),
    "orange": (1, 0.5, 0),
    "yellow": (1, 1, 0),
    "green": (0, 1, 0),
    "cyan": (0, 1, 1),
    "blue": (0, 0, 1),
    "magenta": (1, 0, 1),
    "grey": (0.5, 0.5, 0.5),
}
rgb = np.array(list(colours.values()), dtype=np.float32)
patches = np.tile(rgb[:, None, None, :], (1, 3, 3, 1))  # flat 3×3 patches
answers = filterviz.conv.filter_images(patches, [filterviz.kernels.RED_GREEN, weights])
fig, ax = plt.subplots(figsize=(5, 4.4), layout="constrained")
ax.axhline(0, color="0.6", linewidth=0.8)
ax.axvline(0, color="0.6", linewidth=0.8)
ax.scatter(
    answers[:, 0, 0, 0],
    answers[:, 0, 0, 1],
    s=400,
    c=list(colours.values()),
    edgecolors="black",
)
for name, point in zip(colours, answers[:, 0, 0], strict=True):
    ax.annotate(name, point, xytext=(0, -22), textcoords="offset points", ha="center", fontsize=11)
ax.set_xlabel("red − green answer", fontsize=12)
ax.set_ylabel("blue − yellow answer", fontsize=12)
ax.set_title("Flat colours placed by the two opponent filters", fontsize=13)
ax.margins(0.15)
plt.show()

# %%
# Try it
# ------
# Add a dark red, ``"dark red": (0.5, 0, 0)``, to ``colours`` and run the
# last cell again: it lands half-way between grey and red, at (0.5, −0.25).
# The answers say which hue and how strong it is, and a weaker colour sits
# closer to the centre.
