"""
First-layer filters on other data sets
======================================

A convolution works on images of any size, so the first layer of the
CIFAR-10 network can filter CIFAR-100 photos, MNIST digits and Fashion-MNIST
clothes as well. Its filters pick out the strokes and outlines of all four,
but their activation statistics tell the data sets apart: CIFAR-100 looks to
the first layer just like CIFAR-10, while on the black background of MNIST
only each filter's bias is left, which switches some filters on everywhere
and others off.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# The first layer is a plain convolution
# --------------------------------------
# The first layer of the shipped network is a ``Conv2D`` with 32 filters of
# 3×3×3 weights, a bias each, ``"same"`` padding and a ReLU. Its output is
# therefore exactly :func:`filterviz.conv.apply` with the layer's weights and
# biases, and a convolution works on images of any size: the 28×28 MNIST
# :cite:p:`lecun1998` and Fashion-MNIST :cite:p:`xiao2017` digits and clothes
# need no resizing, only their grey channel
# copied three times by :func:`filterviz.data.to_rgb`. The printed difference
# checks the shortcut against the network's own first-layer output on the
# CIFAR-10 samples.
#
# The figure shows the first image of each set and the responses of the
# first six filters, each filter's column on one grey scale from zero. The
# edge filters 0, 2, 4 and 5 trace the cat, the mountain, the seven and the
# ankle boot alike; the white-on-black strokes of the digit give each of
# them its strongest response of the four images (printed). Filters 1 and
# 3 are almost black on the photos, but on the black backgrounds of the
# digit and the boot they are a uniform grey: there the input is zero, so
# the response is the filter's bias, and both biases are positive.

import matplotlib.pyplot as plt
import numpy as np

import filterviz

model = filterviz.shipped.load("cifar10_cnn")
weights, bias = filterviz.model.filters(model, 1)


def first_layer(images):
    """Return the first layer's response (after bias and ReLU) to any RGB images."""
    return filterviz.conv.apply(images, weights, padding="same", bias=bias, activation="relu")


datasets = {
    "CIFAR-10": "cifar10",
    "CIFAR-100": "cifar100",
    "MNIST": "mnist",
    "Fashion-MNIST": "fashion_mnist",
}
samples = {
    title: filterviz.data.to_rgb(filterviz.sample_images(name, n=20)[0])
    for title, name in datasets.items()
}
responses = {title: first_layer(images) for title, images in samples.items()}

network = filterviz.model.feature_maps(model, 1, samples["CIFAR-10"])
difference = np.abs(network - responses["CIFAR-10"]).max()
print(f"largest |network's conv1 output - conv.apply| on CIFAR-10: {difference:.1e}")
for title, images in samples.items():
    print(f"{title}: {images.shape[0]} images of {images.shape[1]}x{images.shape[2]}")

# One image per data set, and its response to the first six filters.
shown_filters = [0, 1, 2, 3, 4, 5]
print("biases of these filters:", np.round(bias[shown_filters], 2))
for index in (0, 2, 4, 5):
    strongest = {t: round(float(responses[t][0, :, :, index].max()), 2) for t in datasets}
    print(f"filter {index}: strongest response on the first image {strongest}")
highest = {
    index: max(responses[t][0, :, :, index].max() for t in datasets) for index in shown_filters
}
fig, axes = plt.subplots(
    len(datasets),
    len(shown_filters) + 1,
    figsize=(filterviz.plot.PAGE_WIDTH, 5.0),
    layout="constrained",
)
for row, title in enumerate(datasets):
    axes[row, 0].imshow(samples[title][0], vmin=0, vmax=1)
    axes[row, 0].set_ylabel(title, fontsize=filterviz.plot.SMALL_FONT_SIZE)
    for column, index in enumerate(shown_filters, start=1):
        axes[row, column].imshow(
            responses[title][0, :, :, index], cmap="gray", vmin=0, vmax=highest[index]
        )
        if row == 0:
            axes[row, column].set_title(f"filter {index}", fontsize=filterviz.plot.SMALL_FONT_SIZE)
for ax in axes.ravel():
    ax.set_xticks([])
    ax.set_yticks([])
axes[0, 0].set_title("image", fontsize=filterviz.plot.SMALL_FONT_SIZE)
fig.suptitle("The same conv1 filters on four data sets", fontsize=filterviz.plot.FONT_SIZE)
plt.show()

# %%
# Activation statistics per filter and data set
# ---------------------------------------------
# For each data set and filter: the mean response over the 20 sample images
# and all positions, and the fraction of positions where the filter is
# active (its response after the ReLU is above zero). The printed
# correlations compare the 32-filter profiles of each data set with
# CIFAR-10's.
#
# Looking at what a trained layer does with new images, rather than only at
# its weights, is how Yosinski et al. :cite:p:`yosinski2015` studied trained
# networks: their tool shows the activations of every layer live, for
# images from a webcam.
#
# The CIFAR-10 and CIFAR-100 rows are nearly identical: photos of the same
# size and kind give each filter the same share of work. MNIST differs most
# and Fashion-MNIST lies in between, and the bottom map shows why. Most of an
# MNIST image is black, where each filter's response is just its bias after
# the ReLU: filters with a positive bias, such as 1 and 3, are active on
# about 80% of the digit images' positions although they fire on only 6 and
# 11% of the photos', and filters with a negative bias, such as 6, 17 and
# 19, drop to 11 to 16% (the lines printed below). Filter 7
# is never active on any of the 80 images, and filter 12 on none of the
# photos: for these samples they are dead weight.

mean_response = np.array([responses[title].mean(axis=(0, 1, 2)) for title in datasets])
fraction_active = np.array([(responses[title] > 0).mean(axis=(0, 1, 2)) for title in datasets])
black = {title: np.mean(images.max(axis=-1) == 0) for title, images in samples.items()}
for row, title in enumerate(datasets):
    mean_correlation = np.corrcoef(mean_response[0], mean_response[row])[0, 1]
    active_correlation = np.corrcoef(fraction_active[0], fraction_active[row])[0, 1]
    print(
        f"{title:13s}: {black[title]:.0%} of pixels black; correlation with CIFAR-10: "
        f"{mean_correlation:.2f} (mean response), {active_correlation:.2f} (fraction active)"
    )
for row, title in enumerate(datasets):
    print(
        f"{title:13s}: mean response {mean_response[row].mean():.3f}, "
        f"active {fraction_active[row].mean():.0%} of positions, "
        f"never active: filters {np.flatnonzero(fraction_active[row] == 0).tolist()}"
    )

for index in (1, 3, 6, 17, 19):
    print(
        f"filter {index:2d}: bias {bias[index]:+.2f}; active on "
        f"{fraction_active[0, index]:.0%} of CIFAR-10 and {fraction_active[2, index]:.0%} of MNIST"
    )
fig, axes = plt.subplots(
    2, 1, figsize=(filterviz.plot.PAGE_WIDTH, 5.2), layout="constrained", sharex=True
)
for ax, values, name in [
    (axes[0], mean_response, "mean response"),
    (axes[1], fraction_active, "fraction active"),
]:
    shown = ax.imshow(values, cmap="viridis", aspect="auto", vmin=0)
    ax.set_yticks(range(len(datasets)), list(datasets), fontsize=filterviz.plot.SMALL_FONT_SIZE)
    ax.set_xticks(range(0, weights.shape[-1], 4))
    ax.set_xticks(range(weights.shape[-1]), minor=True)
    ax.tick_params(axis="x", labelsize=filterviz.plot.SMALL_FONT_SIZE)
    ax.set_title(f"{name} of each conv1 filter", fontsize=filterviz.plot.FONT_SIZE)
    fig.colorbar(shown, ax=ax, pad=0.01).ax.tick_params(labelsize=filterviz.plot.SMALL_FONT_SIZE)
axes[1].set_xlabel("filter", fontsize=filterviz.plot.FONT_SIZE)
plt.show()

# %%
# Try it
# ------
# Add the ImageNet samples, ``filterviz.sample_images("imagenet", n=20)``:
# they are 224×224 photos, and the same first layer filters them without
# any change to the code. Or invert the digits (``1 - images``) so that the
# background is white, and see which filters now fire on it.
