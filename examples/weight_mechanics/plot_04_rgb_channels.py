"""
Colour channels and partial sums
================================

A ``Conv2D`` filter on a colour image is not one 3×3 grid of weights but
three, one slice for each of the red, green and blue channels. Each slice
filters its own channel, and the filter's output is the sum of the three
partial results. Different weights per channel let a filter respond to
colour.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# One slice per input channel
# ---------------------------
# :func:`filterviz.kernels.to_conv_weights` lifts a hand-made kernel to the
# Keras layout ``(kh, kw, in_channels, out_channels)``. A 2-D kernel such as
# Sobel-x is copied into every channel, so its three slices are the same
# (top row). The colour-opponent kernel :data:`filterviz.kernels.RED_GREEN`
# has a Gaussian blob of weights on red, the same blob negated on green, and
# zeros on blue (bottom row).

import matplotlib.pyplot as plt
import numpy as np

import filterviz

sobel_weights = filterviz.kernels.to_conv_weights("sobel_x")
colour_weights = filterviz.kernels.to_conv_weights(filterviz.kernels.RED_GREEN)
print("Sobel-x as Conv2D weights:", sobel_weights.shape)
print("red-green as Conv2D weights:", colour_weights.shape)

fig, axes = plt.subplots(2, 3, figsize=(6.4, 5.0), layout="constrained")
for row, (name, weights) in enumerate([("Sobel-x", sobel_weights), ("red-green", colour_weights)]):
    limit = float(np.abs(weights).max())
    for channel, channel_name in enumerate(["red", "green", "blue"]):
        filterviz.plot.kernel(
            weights[:, :, channel, 0],
            ax=axes[row, channel],
            vmax=limit,
            title=f"{name}\n{channel_name} slice",
        )
fig.suptitle("The three slices of two Conv2D filters", fontsize=filterviz.plot.TITLE_SIZE)
plt.show()

# %%
# Three partial maps, one sum
# ---------------------------
# With ``mode="per_channel"`` each slice is applied to its own channel only,
# giving three partial maps; ``mode="sum"`` gives what the ``Conv2D`` layer
# outputs, one block of two rows each. All four blocks share one colour
# scale, so their strengths compare: white is zero in every block. For
# Sobel-x the three partial maps look much alike, because in these photos an
# edge in brightness is an edge in all three channels at once. Their sum
# (last block) shows the same edges, about
# three times as strong (the printed largest values).

images, labels, class_names = filterviz.sample_images("cifar10", n=10)
channel_rows = ["red slice", "green slice", "blue slice"]


def partial_and_sum(kernel):
    """Return the three partial maps and the layer's output, side by side."""
    partial = filterviz.conv.filter_images(images, kernel, mode="per_channel")
    summed = filterviz.conv.filter_images(images, kernel, mode="sum")
    error = np.abs(partial.sum(axis=-1) - summed[..., 0]).max()
    print(f"largest |red + green + blue partial - summed output| = {error:.1e}")
    largest = np.abs(partial).max(axis=(0, 1, 2))
    print("largest |partial map| (red, green, blue):", np.round(largest, 2))
    print(f"largest |sum|: {np.abs(summed).max():.2f}")
    return np.concatenate([partial, summed], axis=-1)


maps = partial_and_sum("sobel_x")
filterviz.plot.filtered(
    images,
    maps,
    [*channel_rows, "sum of the three"],
    labels,
    class_names,
    shared_scale=True,
    title="Sobel-x: one partial map per channel, and their sum",
)
plt.show()

# %%
# Different weights per channel: red against green
# ------------------------------------------------
# The red-green filter adds a blurred red channel (red slice, never
# negative: white to red) to a negated blurred green channel (green slice,
# never positive: white to blue); its blue partial map is zero everywhere, so
# white. On the shared scale the sum is weaker than either partial map (the
# printed largest values): brightness cancels and colour is left. The red
# wall behind the white car is deep red, and so are the red stripe on the
# first ship's hull, the red lettering above the airplane and the brown
# frogs. The grass around the first frog and the cat's blue cushion come out
# blue. Grey and white areas cancel to nearly white, and so does the green
# frog: its yellowish green has almost as much red as green (the printed
# averages over its middle 16×16 pixels).

maps = partial_and_sum(filterviz.kernels.RED_GREEN)
green_frog = images[7, 8:24, 8:24].mean(axis=(0, 1))  # the eighth image, the third frog
print(f"green frog, middle 16×16 pixels: red {green_frog[0]:.2f}, green {green_frog[1]:.2f}")
filterviz.plot.filtered(
    images,
    maps,
    [*channel_rows, "sum of the three"],
    labels,
    class_names,
    shared_scale=True,
    title="Red-green filter: one partial map per channel, and their sum",
)
plt.show()

# %%
# Try it
# ------
# Run the last section with :data:`filterviz.kernels.BLUE_YELLOW`: now the
# blue slice carries the positive weights, the blue car and the cat's blue
# cushion come out red and the orange wall behind the cat blue. Or build
# your own colour kernel, for example Sobel-x on green only:
# ``filterviz.kernels.SOBEL_X[:, :, None] * np.array([0.0, 1.0, 0.0])``.

# sphinx_gallery_thumbnail_number = 3
