"""
Trained in colour, trained in grey
==================================

The same network, trained twice from the same random weights on the same
CIFAR-10 images in the same order: once in colour, once with every image
turned grey. Only the colour differs, so whatever differs between the two
first layers is what colour taught the network. Colour-opponent filters
appear only in the colour network: the grey network's few "colour" filters
are left over from its random start, untouched by training, exactly as the
weight decay predicts. Each network still works on the other's images, with
a few points less accuracy (printed).
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# The two networks
# ----------------
# ``python -m filterviz.train --first-kernel 5`` trained the colour network
# (it ships as ``cifar10_cnn5x5``), and ``... --grey`` its twin, on images
# whose three channels all hold the pixel's luminance (Pillow's greyscale
# weights, :func:`filterviz.train.greyscale`). The architecture, the seed and
# so the initial weights, the schedule and the order of the images are the
# same. ``python -m filterviz.train compare`` then ran each network on the
# 10,000 test images in colour and in grey
# (:func:`filterviz.comparison.activation_statistics`) and shipped the
# results with the grey network's first layer,
# :func:`filterviz.shipped.colour_vs_grey`. The table prints the four
# accuracies: each network on its own test images and on the other's.

import matplotlib.pyplot as plt
import numpy as np

import filterviz
from filterviz import train

found = filterviz.shipped.colour_vs_grey()
record = found["sidecar"]
stats = record["statistics"]
for network in ("colour", "grey"):
    trained = record[f"{network}_model"]
    print(
        f"{network} network: {trained['epochs']} epochs, seed {trained['seed']}, "
        f"{trained['training_seconds'] / 60:.1f} min of training"
    )
print(f"\n{'test accuracy':22s} {'colour images':>14s} {'grey images':>12s}")
for network in ("colour", "grey"):
    row = stats[network]
    print(
        f"{network + ' network':22s} {row['colour']['accuracy']:>14.2%} "
        f"{row['grey']['accuracy']:>12.2%}"
    )

# %%
# The first layers side by side
# -----------------------------
# Left, the colour network's 32 filters as RGB patches; right, the grey
# network's. A grey network sees three equal channels, so only the sum of its
# three channels' weights acts on an image: the right grid draws that sum,
# each filter on its own scale, black negative and white positive. Both grids
# are in the same order, filter by filter, since the two started from the
# same weights.

colour_kernel = filterviz.shipped.snapshots("cifar10_cnn5x5")["kernel"]
grey_kernel = found["grey_kernel"]
colour_final, grey_final = colour_kernel[-1], grey_kernel[-1]
grey_sum = grey_final.sum(axis=2, keepdims=True)  # what acts on a grey image
filters = colour_final.shape[-1]

fig, axes = plt.subplots(4, 17, figsize=(12, 4.0), width_ratios=[1] * 8 + [0.4] + [1] * 8)
fig.subplots_adjust(left=0.02, right=0.98, bottom=0.02, top=0.84, wspace=0.12, hspace=0.12)
for ax in axes.flat:
    ax.set_axis_off()
for index in range(filters):
    row, column = divmod(index, 8)
    kernel = colour_final[..., index]
    axes[row, column].imshow(
        np.clip(0.5 + 0.5 * kernel / np.abs(kernel).max(), 0, 1), interpolation="nearest",
        aspect="equal",
    )
    grey = grey_sum[..., 0, index]
    axes[row, 9 + column].imshow(
        grey, cmap="gray", vmin=-np.abs(grey).max(), vmax=np.abs(grey).max(),
        interpolation="nearest", aspect="equal",
    )  # fmt: skip
for column, label in ((3, "trained in colour"), (12, "trained in grey (sum of the channels)")):
    # Text, not axes titles: the page's alt text is made of the titles.
    axes[0, column].text(1.06, 1.12, label, transform=axes[0, column].transAxes, ha="center",
                         va="bottom", fontsize=filterviz.plot.FONT_SIZE)  # fmt: skip
fig.suptitle("conv1 filters of the two networks, 5×5, in the same order", y=0.99,
             fontsize=filterviz.plot.FONT_SIZE)  # fmt: skip
plt.show()

# %%
# Fitted with the hand-made families
# ----------------------------------
# :func:`filterviz.fitting.fit_filters` fits each filter with a Gabor kernel,
# a centre-surround pair or a flat patch, as on the
# :ref:`fitted-filters page <sphx_glr_auto_examples_trained_network_plot_06_fitted_filters.py>`:
# the colour network's filters with all three channels, the grey network's
# as the one-channel sum that acts on its images. A one-channel 5×5 filter
# has 25 weights against the colour filter's 75, so noise fits it better;
# :func:`filterviz.fitting.chance_r2` prints the level of each.

short = {"gabor": "Gabor", "center_surround": "centre-surround", "uniform": "flat"}
fits = {
    "colour": filterviz.fitting.fit_filters(colour_final),
    "grey": filterviz.fitting.fit_filters(grey_sum),
}
chance = {
    "colour": filterviz.fitting.chance_r2((5, 5, 3), count=32),
    "grey": filterviz.fitting.chance_r2((5, 5, 1), count=32),
}
for network, network_fits in fits.items():
    r2 = np.array([fit.r2 for fit in network_fits])
    counts = {name: sum(fit.family == name for fit in network_fits) for name in short}
    print(
        f"{network} network: median R² {np.median(r2):.2f}, R² >= 0.6 for "
        f"{np.sum(r2 >= 0.6)} of {filters}; noise of that shape: median "
        f"{np.median(chance[network]):.2f}, 95th percentile "
        f"{np.percentile(chance[network], 95):.2f}"
    )
    print("   best fits:", ", ".join(f"{short[k]} {n}" for k, n in counts.items()))

# %%
# Colour-opponent filters
# -----------------------
# :func:`filterviz.fitting.chromatic_share` measures the part of a filter's
# variance that weighs the channels against each other (red against green,
# blue against yellow): 0 when all three channels hold the same weights, 1
# for a pure red-minus-green patch. A filter with a share of at least
# ``filterviz.fitting.OPPONENT`` (0.5) counts as colour-opponent. Random
# starting weights are mostly chromatic, two thirds on average for three
# channels; the printed shares at epoch 0 show it.
#
# The grey network never saw a colour difference: with three equal input
# channels, the gradient is the same for each channel's weights, so training
# cannot change the weights' chromatic part. Only the weight decay shrinks
# it, by the factor the learning-rate schedule gives
# (:math:`\prod_t (1 - \eta_t \lambda)` over the training steps, for
# learning rate :math:`\eta_t` and decay :math:`\lambda = 5 \times 10^{-4}`).
# The last printed lines check this on the shipped weights.

opponent = filterviz.fitting.OPPONENT
for network, kernel in (("colour", colour_kernel), ("grey", grey_kernel)):
    start = filterviz.fitting.chromatic_share(kernel[0])
    end = filterviz.fitting.chromatic_share(kernel[-1])
    print(
        f"{network} network: colour-opponent filters {np.sum(start >= opponent)} of "
        f"{filters} at epoch 0, {np.sum(end >= opponent)} of {filters} after training "
        f"(median share {np.median(start):.2f} -> {np.median(end):.2f})"
    )


def chromatic(kernel):
    return kernel - kernel.mean(axis=2, keepdims=True)


steps_per_epoch = int(np.ceil(50_000 / 128))  # 50,000 training images, batches of 128
rates = train.learning_rates(record["grey_model"]["epochs"], steps_per_epoch, 0.1)
steps = len(rates)
decay = float(np.prod(1 - rates * 5e-4))
kept = np.linalg.norm(chromatic(grey_kernel[-1]).reshape(-1, filters), axis=0) / np.linalg.norm(
    chromatic(grey_kernel[0]).reshape(-1, filters), axis=0
)
print(f"weight decay alone keeps {decay:.4f} of a weight over the {steps} steps")
print(
    f"grey network: chromatic part after / before training, per filter: median "
    f"{np.median(kept):.4f}, from {kept.min():.4f} to {kept.max():.4f}"
)

# %%
# What each network does on the other's images
# --------------------------------------------
# Each filter of the colour network responds to a grey image with its grey
# part only. The scatter plots each colour filter's mean response on the
# grey test images against its mean on the colour ones, coloured by its
# chromatic share: the colour-opponent filters move furthest from the
# diagonal, most of them down, some losing most of their response (the
# printed lines), while the others hardly move. The printed table
# gives each network's mean response and share of active outputs, depth by
# depth, on both image sets.

means = found["first_layer_mean"]
share = filterviz.fitting.chromatic_share(colour_final)
fig, ax = plt.subplots(figsize=(filterviz.plot.PAGE_WIDTH, 4.2), layout="constrained")
dots = ax.scatter(
    means[("colour", "colour")], means[("colour", "grey")], c=share, cmap="viridis",
    vmin=0, vmax=1, s=40,
)  # fmt: skip
top = 1.05 * max(means[("colour", "colour")].max(), means[("colour", "grey")].max())
ax.plot([0, top], [0, top], color="0.5", linestyle="--", label="the same on both")
ax.set_xlim(0, top)
ax.set_ylim(0, top)
ax.set_xlabel("mean response on colour test images", fontsize=filterviz.plot.FONT_SIZE)
ax.set_ylabel("mean response on grey test images", fontsize=filterviz.plot.FONT_SIZE)
ax.set_title("The colour network's conv1 filters on colour and on grey images",
             fontsize=filterviz.plot.FONT_SIZE)  # fmt: skip
ax.legend(fontsize=filterviz.plot.SMALL_FONT_SIZE, loc="upper left")
fig.colorbar(dots, ax=ax, label="chromatic share")
plt.show()

change = means[("colour", "grey")] / np.maximum(means[("colour", "colour")], 1e-12) - 1
is_opponent = share >= opponent
for label, group in (("colour-opponent", is_opponent), ("other", ~is_opponent)):
    print(
        f"{group.sum()} {label} filters: response on grey images changes by a median "
        f"{np.median(np.abs(change[group])):.0%} (either way); {np.sum(change[group] < 0)} "
        f"respond less, the largest drop {-change[group].min():.0%}"
    )
print(f"\n{'network on images':22s}", "  ".join(f"{name:>13s}" for name in stats["layers"]))
for network in ("colour", "grey"):
    for images in ("colour", "grey"):
        row = stats[network][images]
        pairs = zip(row["mean"], row["active"], strict=True)
        cells = "  ".join(f"{m:6.3f} {a:5.0%}" for m, a in pairs)
        print(f"{network + ' on ' + images:22s} {cells}")
print("(each cell: mean response, share of outputs above zero)")

# %%
# Has the first layer settled?
# ----------------------------
# The cosine between each epoch's first-layer weights and the last epoch's,
# filter by filter (median over the 32): when it stops rising, more training
# would not change the first layer much.

fig, ax = plt.subplots(figsize=(filterviz.plot.PAGE_WIDTH, 3.4), layout="constrained")
for network, kernel in (("colour", colour_kernel), ("grey", grey_kernel)):
    flat = kernel.reshape(len(kernel), -1, filters)
    cosine = np.sum(flat * flat[-1], axis=1) / (
        np.linalg.norm(flat, axis=1) * np.linalg.norm(flat[-1], axis=0)
    )
    median = np.median(cosine, axis=1)
    ax.plot(np.arange(len(kernel)), median, marker="o", label=f"trained in {network}")
    settled = int(np.argmax(median >= 0.95))
    print(f"{network} network: median cosine with the last epoch reaches 0.95 at epoch {settled}")
ax.set_xlabel("epoch", fontsize=filterviz.plot.FONT_SIZE)
ax.set_ylabel("median cosine with the last epoch", fontsize=filterviz.plot.FONT_SIZE)
ax.legend(fontsize=filterviz.plot.SMALL_FONT_SIZE)
ax.set_title("First-layer weights, epoch by epoch", fontsize=filterviz.plot.FONT_SIZE)
plt.show()
