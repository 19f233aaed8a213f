"""
Gabor filters
=============

A Gabor filter is a cosine wave under a Gaussian window: a bright ridge in the
middle, dark valleys on both sides, fading towards the edges. It answers most
to a bright line that lies along its ridge; turning the wave turns the lines
it finds, much as the cells that Hubel and Wiesel found in the cat's visual
cortex each answer best to a line or edge at one orientation
:cite:p:`hubel1962`.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# The weights
# -----------
# Four Gabor filters, 5×5 so that the wave has room, with the wave turned by
# ``theta`` = 0°, 45°, 90° and 135°. The wave runs along ``theta``, so the
# ridge, and the lines it finds, lie across it: upright for 0°, falling from
# top left to bottom right for 45°, lying for 90°, rising for 135°.
#
# A cosine under a window does not in general sum to zero: the raw 0° filter
# below sums to 0.61, so it would also answer to plain brightness.
# ``filterviz.kernels.gabor`` subtracts the mean by default
# (``zero_mean=True``), which makes the weights sum to zero and flat areas
# give zero; that is a choice of filterviz, not a property of Gabor filters.

import matplotlib.pyplot as plt
import numpy as np

import filterviz

angles = [0, 45, 90, 135]
gabors = [
    filterviz.kernels.gabor(size=5, theta=np.radians(angle), wavelength=4.0, sigma=1.5)
    for angle in angles
]
line_names = ["| lines", "\\ lines", "— lines", "/ lines"]
titles = [f"θ = {angle}°: {name}" for angle, name in zip(angles, line_names, strict=True)]
filterviz.plot.kernels(gabors, titles=titles)
plt.show()

raw = filterviz.kernels.gabor(size=5, theta=0.0, wavelength=4.0, sigma=1.5, zero_mean=False)
print(f"sum of the raw 0° filter: {raw.sum():.2f}")
print("sums with zero_mean=True:", [round(float(g.sum()), 6) + 0.0 for g in gabors])

# %%
# What it detects
# ---------------
# The four filters on ten CIFAR-10 test images, one block of two rows of
# five per filter, all on one colour scale (``shared_scale=True``) so that
# the blocks compare. Every block is made of short strokes in its filter's
# direction: upright in the first block, falling in the second, lying in the
# third, rising in the last. The airplane (fourth image), whose body falls
# gently from left to right, draws long red and blue strokes in the 90° and
# 45° blocks and only a few dots in the 0° and 135° blocks; the white car
# (seventh image), whose outline turns every way, answers in all four. The
# table after the figure counts, for these two images, the pixels whose
# answer is larger than a quarter of the largest in the figure.

images, labels, class_names = filterviz.sample_images("cifar10", n=10)
outputs = filterviz.conv.filter_images(images, gabors)
filterviz.plot.filtered(
    images,
    outputs,
    [f"θ = {angle}°" for angle in angles],
    labels,
    class_names,
    title="Four Gabor filters on ten CIFAR-10 test images",
    shared_scale=True,
)
plt.show()

strong = np.abs(outputs) > 0.25 * np.abs(outputs).max()
print("share of strong answers " + "  ".join(f"{angle:>5}°" for angle in angles))
for index in [3, 6]:
    shares = strong[index].mean(axis=(0, 1))
    name = f"{class_names[labels[index]]} (image {index + 1})"
    print(f"{name:<23} " + "  ".join(f"{share:6.1%}" for share in shares))

# %%
# Stripes and a ring
# ------------------
# Test images make the choice exact; the four filters share one colour
# scale again. Stripes whose lines lie along a filter's ridge give it its
# strongest, regular answer: the first stripes in the first block, the
# second in the second, and so on down a diagonal. Stripes at right angles
# to the ridge give it little, 2 to 12% of its best, since the ridge and
# each valley then cover light and dark alike; stripes 45° off give 26 to
# 40%. The table after the figure prints these
# shares. On the ring each filter lights up only the two arcs that run in
# its direction: left and right for 0°, top and bottom for 90°, upper right
# and lower left for 45°, upper left and lower right for 135°.

rows, columns = np.mgrid[:32, :32] - 15.5
x, y = columns, -rows  # y grows upwards, as theta is measured
gratings = [
    0.5 + 0.5 * np.cos(np.pi / 2 * (x * np.cos(theta) + y * np.sin(theta)))  # period 4 px
    for theta in np.radians(angles)
]
ring = (np.abs(np.hypot(x, y) - 10) < 1).astype(float)
tests = np.stack([*gratings, ring]).astype(np.float32)[..., None]
filterviz.plot.filtered(
    tests,
    filterviz.conv.filter_images(tests, gabors),
    [f"θ = {angle}°" for angle in angles],
    np.arange(5),
    [f"stripes {name[0]}" for name in line_names] + ["ring"],
    title="Each Gabor filter picks its own direction",
    shared_scale=True,
)
plt.show()

# %%
# The largest answer of each filter (columns) to each set of stripes (rows),
# as a share of that filter's best answer:

peaks = np.abs(filterviz.conv.filter_images(tests[:4], gabors)).max(axis=(1, 2))
print("stripes   " + "  ".join(f"{angle:>5}°" for angle in angles))
for name, row in zip(line_names, peaks / peaks.max(axis=0), strict=True):
    print(f"{name:<9} " + "  ".join(f"{value:6.2f}" for value in row))

# %%
# Try it
# ------
# Make the filters odd with ``phase=np.pi / 2`` in the call to
# ``filterviz.kernels.gabor``. The ridge becomes a positive band beside a
# negative one: an edge detector like Sobel x that can be turned to any
# angle. Run the page again: each arc of the ring now gives a red line beside
# a blue one, and the stripes still pick their own filter.

