"""
First-layer filters over training
=================================

The 32 first-layer filters of the shipped CIFAR-10 network start as random
weights. Training moves them most in its first few epochs, and the filters
that change most turn into colour blobs and light-to-dark edges, close
relatives of the hand-made kernels; most filters keep a visible trace of
their random start.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# The filters at a few epochs
# ---------------------------
# The training command saved the first layer's weights before training
# (epoch 0) and after every epoch. :func:`filterviz.shipped.snapshots` returns
# them. Each row below shows the same twelve filters at one epoch, drawn as
# RGB patches by :func:`filterviz.plot.filters_rgb`: each patch is scaled on
# its own, mid-grey is zero, a red patch means positive weights on the red
# channel and a cyan one negative weights there.
#
# We show the twelve filters whose weights turned furthest away from their
# starting direction (lowest cosine between the first and last weights).
# In the top row they are colour noise. Two epochs later several have found
# their pattern, and after epoch 8 the rows hardly differ. Filter 21 ends as
# a plain blue patch (blue against red and green), filters 16 and 17 as
# magenta patches (red and blue against green), filter 0 as a dark top row
# over a light bottom row (a horizontal edge), filter 24 the other way
# round and filter 14 as dark left, light right. Filters further right in
# the figure keep more of their random start, like most of the 20 not shown.
# Krizhevsky, Sutskever and Hinton :cite:p:`krizhevsky2012` saw the same
# two kinds in the first layer of their ImageNet network (AlexNet, with
# 11×11 filters): filters selective for orientation and frequency, and
# colour blobs.
#
# The printed lines measure the trend with
# :func:`filterviz.kernels.nearest`: the cosine similarity of each
# filter with its nearest hand-made kernel, which rises during training.

import matplotlib.pyplot as plt
import numpy as np

import filterviz

snapshots = filterviz.shipped.snapshots("cifar10_cnn")
kernels = snapshots["kernel"]  # (epochs + 1, 3, 3, 3, 32)
epochs = snapshots["epoch"]
last = int(epochs[-1])
print(f"{len(epochs)} snapshots of the weights {kernels.shape[1:]}: epochs 0 to {last}")

flat = kernels.reshape(len(epochs), -1, kernels.shape[-1])  # (epochs + 1, 27, 32)
sizes = np.linalg.norm(flat, axis=1)  # (epochs + 1, 32)
cosine = np.sum(flat[0] * flat[-1], axis=0) / (sizes[0] * sizes[-1])
print(
    f"cosine between each filter's first and last weights: median {np.median(cosine):.2f}, "
    f"from {cosine.min():.2f} to {cosine.max():.2f}"
)

shown_epochs = [0, 1, 2, 4, 8, last]
shown_filters = np.argsort(cosine)[:12]  # the twelve whose direction changed most
stacked = np.concatenate([kernels[epoch][..., shown_filters] for epoch in shown_epochs], axis=-1)
titles = [
    str(index) if row == 0 else "" for row in range(len(shown_epochs)) for index in shown_filters
]
fig = filterviz.plot.filters_rgb(
    stacked,
    ncols=len(shown_filters),
    titles=titles,
    title="The twelve conv1 filters that changed most, epoch by epoch",
)
for row, epoch in enumerate(shown_epochs):
    fig.axes[row * len(shown_filters)].set_ylabel(
        f"epoch {epoch}",
        fontsize=filterviz.plot.SMALL_FONT_SIZE,
        rotation=0,
        ha="right",
        va="center",
    )
for epoch in (0, 2, 8, last):
    similarity = np.abs([cos for _, cos in filterviz.kernels.nearest(kernels[epoch])])
    print(
        f"epoch {epoch:2d}: median |cosine| with the nearest hand-made kernel "
        f"{np.median(similarity):.2f}; {np.sum(similarity > 0.6)} of 32 filters above 0.6"
    )
plt.show()

# %%
# How far the weights move
# ------------------------
# Top: how much each filter changed during one epoch, relative to its size
# at the start of that epoch. The change peaks in epoch 2, when the
# learning rate reaches the top of its warm-up (the sidecar,
# :func:`filterviz.shipped.sidecar`, records the schedule), and then shrinks
# towards zero with the learning rate. Middle: the size of the filters, the
# length of their 27 weights as one vector; the median doubles in the first
# nine epochs and then stays put, while the bottom of the band (the 10th
# percentile) grows by only a quarter, and two filters end no larger than
# they started: 7 and 12, the two that never fire on the sample photos (next
# page). Bottom: the accuracy on the training images over the epochs
# (augmented images, averaged over each epoch), and on the 10,000 test
# images after the last.

steps = np.linalg.norm(np.diff(flat, axis=0), axis=1) / sizes[:-1]  # (epochs, 32)
info = filterviz.shipped.sidecar("cifar10_cnn")
accuracy = [row["accuracy"] for row in info["history"]]
print(
    "median filter size at epochs 0, 9 and the last:",
    [round(float(np.median(sizes[epoch])), 2) for epoch in (0, 9, last)],
)
median_steps = np.median(steps, axis=1)
print(f"largest median change: epoch {int(np.argmax(median_steps)) + 1}")
print(
    "10th percentile of the filter sizes at epoch 0 and the last:",
    [round(float(np.percentile(sizes[epoch], 10)), 2) for epoch in (0, last)],
)
growth = sizes[-1] / sizes[0]
print(f"filters that end no larger than they started: {np.flatnonzero(growth <= 1).tolist()}")
print("optimizer:", info["optimizer"])
print(f"test accuracy of the shipped model: {info['test_accuracy']:.1%}")
for epoch in (1, 2, 5, 10, last):
    print(
        f"epoch {epoch:2d}: median change {np.median(steps[epoch - 1]):6.1%} of the filter's size, "
        f"median size {np.median(sizes[epoch]):.2f}, training accuracy {accuracy[epoch - 1]:.1%}"
    )

# Three panels stacked over one epoch axis, so that each reads at the page width.
fig, axes = plt.subplots(
    3, 1, figsize=(filterviz.plot.PAGE_WIDTH, 8.4), layout="constrained", sharex=True
)
for ax, values, x, name in [
    (axes[0], steps, epochs[1:], "change in the epoch / size"),
    (axes[1], sizes, epochs, "filter size (norm of its 27 weights)"),
]:
    ax.fill_between(
        x, np.percentile(values, 10, axis=1), np.percentile(values, 90, axis=1), alpha=0.25
    )
    ax.plot(x, np.median(values, axis=1), "o-", linewidth=2.5, label="median")
    ax.set_title(name, fontsize=filterviz.plot.FONT_SIZE)
    ax.set_ylim(bottom=0)
    ax.tick_params(labelsize=filterviz.plot.SMALL_FONT_SIZE)
axes[0].legend(["10th to 90th percentile", "median"], fontsize=filterviz.plot.SMALL_FONT_SIZE)
axes[2].plot(epochs[1:], accuracy, "o-", linewidth=2.5, color="C2", label="training images")
axes[2].axhline(info["test_accuracy"], linestyle="--", color="0.3", label="test images, at the end")
axes[2].set_xlabel("epoch", fontsize=filterviz.plot.FONT_SIZE)
axes[2].xaxis.set_major_locator(plt.MaxNLocator(integer=True))
axes[2].tick_params(labelsize=filterviz.plot.SMALL_FONT_SIZE)
axes[2].set_title("accuracy of the whole network", fontsize=filterviz.plot.FONT_SIZE)
axes[2].legend(fontsize=filterviz.plot.SMALL_FONT_SIZE)
plt.show()

# %%
# Try it
# ------
# Draw all 32 filters at the last epoch with
# ``filterviz.plot.filters_rgb(kernels[-1])`` and compare them with epoch 0.
# Then look at the biases, ``snapshots["bias"]``: plot how they change over
# the epochs, the same way as the weights.
