"""
Sharpen
=======

The sharpen filter is the identity plus a negative Laplacian: 5 on the centre,
−1 on each of the four neighbours. The weights sum to one, so flat areas keep
their brightness, while a pixel that differs from its neighbours is pushed
further away from them: every edge gets steeper.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# The weights
# -----------
# +5 in the centre, −1 above, below, left and right. Split it as
# 1 (the identity) + 4 − 1 − 1 − 1 − 1 (minus the Laplacian): the image plus
# how much each pixel stands out from its neighbours.

import matplotlib.pyplot as plt
import numpy as np

import filterviz

weights = filterviz.kernels.SHARPEN
filterviz.plot.kernel(weights, title="Sharpen")
plt.show()

# %%
# What it detects
# ---------------
# The identity and the sharpen filter on ten CIFAR-10 test images, with
# ``mode="mean"`` so that the weights meet the mean of the three channels and
# a grey pixel keeps its value. Both blocks are drawn on one grey scale,
# black at 0 and white at 1 (``shared_scale=True``), so that their
# brightness compares. The sharpened output overshoots [0, 1] at
# many edges; those pixels are clipped, as a screen would, and the number
# printed below says how many. The sharpened copies look crisper and harsher:
# the lettering in the airplane picture stands out as sharp dark marks, and
# the outlines of the cars and ships are drawn with dark and light rims,
# while the frogs' grass turns into a mess of high-contrast speckle.

images, labels, class_names = filterviz.sample_images("cifar10", n=10)
outputs = filterviz.conv.filter_images(images, [filterviz.kernels.IDENTITY, weights], mode="mean")
filterviz.plot.filtered(
    images,
    np.clip(outputs, 0.0, 1.0),
    ["grey (identity)", "sharpened"],
    labels,
    class_names,
    title="Sharpen filter on ten CIFAR-10 test images",
    shared_scale=True,
)
plt.show()
sharpened = outputs[..., 1]
print(f"sharpened pixels outside [0, 1]: {np.mean((sharpened < 0) | (sharpened > 1)):.0%}")

# %%
# Across one edge
# ---------------
# One row across a soft edge that climbs from 0.2 to 0.8 over four pixels,
# before and after sharpening. Far from the edge the two curves coincide: a
# flat area is unchanged. At the foot of the ramp the sharpened row dips to
# 0.05 and at its top it overshoots to 0.95, so the step looks steeper and
# framed by a dark and a light rim.

ramp = np.clip((np.arange(32) - 14) / 4, 0.2, 0.8) * np.ones((32, 1))
sharpened_ramp = filterviz.conv.filter_images(ramp[None, :, :, None].astype(np.float32), weights)
fig, ax = plt.subplots(figsize=(6, 3.2), layout="constrained")
ax.plot(np.arange(32), ramp[16], "o-", color="0.5", label="input row")
ax.plot(np.arange(1, 31), sharpened_ramp[0, 15, :, 0], "o-", color="C3", label="sharpened")
ax.set_xlabel("column (pixels)", fontsize=12)
ax.set_ylabel("brightness", fontsize=12)
ax.set_title("One row across a soft edge, before and after", fontsize=13)
ax.legend(fontsize=11)
plt.show()

# %%
# Try it
# ------
# Sharpen more gently with a quarter of the Laplacian,
# ``weights = filterviz.kernels.IDENTITY - 0.25 * filterviz.kernels.LAPLACIAN``
# (2 in the centre, −0.25 on the neighbours, still summing to one), and run
# the page again: the dip and the overshoot shrink to 0.19 and 0.81, and only
# about 2% of the pixels need clipping instead of 14%.
