"""
Main-diagonal filter
====================

A 3×3 filter with ones on its main diagonal and zeros elsewhere adds up three
pixels along a line from top left to bottom right. All its weights are
positive, so what it answers to most is brightness: on real images its output
is a blurred copy of the image, smeared along the diagonal. Subtract the mean
of the weights and the same filter finds diagonal lines.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# The weights
# -----------
# Ones on the diagonal, zeros elsewhere. Each output pixel is the sum of the
# three input pixels that sit under the ones.

import matplotlib.pyplot as plt
import numpy as np

import filterviz

weights = filterviz.kernels.DIAGONAL
filterviz.plot.kernel(weights, title="Main-diagonal filter")
plt.show()

# %%
# What it answers to on real images
# ---------------------------------
# We apply the filter to ten CIFAR-10 test images, summing over the red,
# green and blue channels as a ``Conv2D`` layer with these weights would. The
# outputs look like grey, slightly smeared copies of the images: the white
# car and the pale sky behind the first ship come out brightest, the dark
# airplane and the first ship's dark hull darkest. The
# filter has no negative weights, so it cannot tell a line from a bright
# area; it only adds. The numbers below measure that: the correlation of
# each output with the local brightness (the 3×3 mean of the same pixels,
# summed over the channels) is close to 1.

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

brightness = filterviz.conv.filter_images(images, "box_blur")  # local 3×3 mean, summed over RGB


def correlations(responses):
    """Correlation of each image's response with its local brightness."""
    return [
        np.corrcoef(response.ravel(), local.ravel())[0, 1]
        for response, local in zip(responses, brightness, strict=True)
    ]


print("correlation with local brightness, per image:")
print(np.round(correlations(outputs[..., 0]), 3))

# %%
# A line and a flat area give the same answer
# -------------------------------------------
# Three black-and-white test patches show why. A white diagonal line one
# pixel wide fills the three ones of the filter and gives 3 per channel, 9 in
# all; a white flat area fills them just as well and gives 9 too; a line on
# the other diagonal crosses the ones at a single pixel and gives 3.

probes = np.zeros((3, 3, 3, 3), dtype=np.float32)
probes[0] = np.eye(3)[..., None]  # main-diagonal line
probes[1] = 1.0  # flat white
probes[2] = np.fliplr(np.eye(3))[..., None]  # anti-diagonal line
probe_names = ["diagonal line", "flat white", "anti-diagonal line"]
answers = filterviz.conv.filter_images(probes, weights)[:, 0, 0, 0]
for name, answer in zip(probe_names, answers, strict=True):
    print(f"{name:>18}: {round(float(answer))}")

# %%
# The zero-mean version finds lines
# ---------------------------------
# Subtract the mean of the weights (1/3) from each of them: +2/3 on the
# diagonal, −1/3 elsewhere. The weights now sum to zero, so a flat area of
# any brightness gives 0, and the filter answers to pixels on the diagonal
# that are brighter than their neighbours off it.

zero_mean = weights - weights.mean()
filterviz.plot.kernel(zero_mean, title="Zero-mean main-diagonal filter")
plt.show()
print("weights sum to", round(float(zero_mean.sum()), 6) + 0.0)

# %%
# On the same images the output is no longer a copy of the image: its
# correlation with the local brightness falls to between −0.1 and 0.12.
# What is left are short strokes running from top left to bottom right, red
# where such a line is brighter than its surroundings and blue where it is
# darker: the dark airplane's body, which falls from left to right, leaves a
# blue stroke.

line_outputs = filterviz.conv.filter_images(images, zero_mean)
filterviz.plot.filtered(
    images,
    line_outputs,
    ["zero-mean diagonal"],
    labels,
    class_names,
    title="Zero-mean main-diagonal filter on ten CIFAR-10 test images",
)
plt.show()

print("correlation with local brightness, per image:")
print(np.round(correlations(line_outputs[..., 0]), 3))
line_answers = filterviz.conv.filter_images(probes, zero_mean)[:, 0, 0, 0]
for name, answer in zip(probe_names, line_answers, strict=True):
    print(f"{name:>18}: {round(float(answer))}")

# %%
# On the test patches the zero-mean filter gives 6 on the diagonal line
# (three pixels at +2/3, in three channels) and 0 on both the flat area and
# the anti-diagonal line, where the centre's +2/3 and the two corners' −1/3
# cancel.

# %%
# Try it
# ------
# Flip the weights left to right (``weights[:, ::-1]``) and run again: the
# smear and the strokes turn to the other diagonal.

# sphinx_gallery_thumbnail_number = 4
