"""
Switching off one first-layer filter
====================================

Set the weights and bias of a single first-layer filter to zero, and the
network's answers on the sample images change: for some filters hardly at
all, for others enough to turn a correct answer into a wrong one. Everything
the deeper layers know about an image passes through these 32 filters.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# Which filter matters most?
# --------------------------
# :func:`filterviz.attribution.ablate` returns a copy of the network with the
# chosen filters' weights and bias set to zero. Such a filter answers every
# image with zero, and so does the ReLU after it: switching a filter off
# blanks its feature map. That lets us try all 32 filters cheaply: compute
# the first layer's feature maps once, blank one map at a time, and pass the
# 32 versions through the rest of the network in one batch.
#
# For each filter we measure how far the predicted class probabilities of
# the ten sample images move: half the summed absolute change over the ten
# classes (0: nothing changes; 1: all the probability moves to other
# classes), averaged over the images. We pick the filter with the largest
# change.
#
# The printed list sorts the changes: half the filters move the
# predictions by about a tenth or less, and five by a third or more.
# Filters 7 and 12, which never fire on the sample photos (see
# :ref:`sphx_glr_auto_examples_trained_network_plot_02_filters_across_datasets.py`),
# change nothing at all: their change is exactly zero.

import keras
import matplotlib.pyplot as plt
import numpy as np

import filterviz

model = filterviz.shipped.load("cifar10_cnn")
images, labels, class_names = filterviz.sample_images("cifar10", n=10)
before = keras.ops.convert_to_numpy(model(images, training=False))

first = filterviz.model.conv_layer(model, 1)
rest = keras.Model(first.output, model.output)  # the network after its first layer
maps = filterviz.model.feature_maps(model, 1, images)  # (10, 32, 32, 32)
count = maps.shape[-1]
blanked = np.repeat(maps[None], count, axis=0)  # one copy of the batch per filter
for index in range(count):
    blanked[index, ..., index] = 0.0
after_each = keras.ops.convert_to_numpy(rest(blanked.reshape(-1, *maps.shape[1:]), training=False))
after_each = after_each.reshape(count, len(images), -1)  # (filter, image, class)
change = 0.5 * np.abs(after_each - before).sum(axis=2).mean(axis=1)
print("changes, sorted:", np.round(np.sort(change), 2))
chosen = int(np.argmax(change))
print(
    f"largest change: filter {chosen}, {change[chosen]:.3f}; "
    f"median over the filters {np.median(change):.3f}"
)
print(f"a third or more: filters {np.flatnonzero(change >= 1 / 3).tolist()}")
print(f"exactly zero: filters {np.flatnonzero(change == 0).tolist()}")

fig, ax = plt.subplots(figsize=(filterviz.plot.PAGE_WIDTH, 3.6), layout="constrained")
colours = ["C3" if index == chosen else "0.6" for index in range(count)]
ax.bar(range(count), change, color=colours)
ax.set_xticks(sorted({*range(0, count, 4), chosen}))
ax.set_xticks(range(count), minor=True)
ax.tick_params(labelsize=filterviz.plot.SMALL_FONT_SIZE)
ax.set_xlabel("conv1 filter switched off", fontsize=filterviz.plot.FONT_SIZE)
ax.set_ylabel("mean change", fontsize=filterviz.plot.FONT_SIZE)
ax.set_title("Predictions move when one filter is off", fontsize=filterviz.plot.FONT_SIZE)
plt.show()

# %%
# The predictions before and after
# --------------------------------
# Each row is one sample image (its true class on the left), each column a
# class; the printed probabilities are those of 0.05 and above. We check
# first that :func:`filterviz.attribution.ablate` gives exactly the probabilities
# of the blanked feature map. The intact network puts its largest
# probability on the true class for all ten images. With the chosen filter
# switched off, the two cats stay cats and some images keep their class with
# less confidence, but half change class: the airplane and one frog
# become cats, one automobile a dog, one ship an airplane and one frog a
# bird. Of the probability the other classes gain, about two thirds goes to
# cat and dog. The printed lines count the correct answers and the gains.

ablated = filterviz.attribution.ablate(model, 1, chosen)
after = keras.ops.convert_to_numpy(ablated(images, training=False))
difference = np.abs(after - after_each[chosen]).max()
print(f"largest |ablate() - blanked feature map| in the probabilities: {difference:.1e}")
for name, table in [("before", before), ("after", after)]:
    predicted = [class_names[k] for k in table.argmax(axis=1)]
    correct = np.mean(table.argmax(axis=1) == labels)
    print(f"{name}: {correct:.0%} correct; predicted {predicted}")
gain = np.clip(after - before, 0, None).sum(axis=0)  # probability each class gains
share = (gain[class_names.index("cat")] + gain[class_names.index("dog")]) / gain.sum()
print(f"probability gained, summed over the images: {gain.sum():.2f}; cat and dog {share:.0%}")

# The two tables one above the other, so that each is as wide as the page.
fig, axes = plt.subplots(
    2, 1, figsize=(filterviz.plot.PAGE_WIDTH, 11), layout="constrained", sharex=True
)
for ax, table, name in [
    (axes[0], before, "intact network"),
    (axes[1], after, f"filter {chosen} switched off"),
]:
    shown = ax.imshow(table, cmap="viridis", vmin=0, vmax=1)
    for (row, column), value in np.ndenumerate(table):
        if value >= 0.05:
            ax.text(
                column,
                row,
                f"{value:.2f}",
                ha="center",
                va="center",
                fontsize=filterviz.plot.SMALL_FONT_SIZE,
                color="black" if value > 0.6 else "white",
            )
    ax.set_yticks(
        range(len(images)),
        [class_names[k] for k in labels],
        fontsize=filterviz.plot.SMALL_FONT_SIZE,
    )
    ax.set_title(f"Class probabilities: {name}", fontsize=filterviz.plot.FONT_SIZE)
axes[1].set_xticks(
    range(len(class_names)), class_names, rotation=60, fontsize=filterviz.plot.SMALL_FONT_SIZE
)
fig.colorbar(shown, ax=axes, shrink=0.6, pad=0.02).ax.tick_params(
    labelsize=filterviz.plot.SMALL_FONT_SIZE
)
plt.show()

# %%
# The filter that was switched off
# --------------------------------
# Its three colour slices share one pattern: negative weights down the
# middle column, positive weights on both sides (the printed column means,
# one row per channel). It responds to a thin dark vertical stroke between
# brighter pixels, with little regard for colour. Its weights add up to a
# positive number, so on flat areas it gives a positive response too. No
# hand-made kernel is close to it: the nearest, printed with its cosine
# similarity, is far from a match.

weights, bias = filterviz.model.filters(model, 1)
print(
    f"filter {chosen}: bias {bias[chosen]:.3f}, sum of its weights {weights[..., chosen].sum():.2f}"
)
print("mean weight of its left, middle and right columns (rows R, G, B):")
print(np.round(weights[:, :, :, chosen].mean(axis=0).T, 2))
nearest, cosine = filterviz.kernels.nearest(weights[..., chosen : chosen + 1])[0]
print(f"nearest hand-made kernel: {nearest}, cosine {cosine:+.2f}")
filterviz.plot.kernel_channels(
    weights[:, :, :, chosen], title=f"Weights of conv1 filter {chosen}, per input channel"
)
plt.show()

# %%
# Try it
# ------
# Switch off the filter with the second-largest change instead, or several
# at once: ``filterviz.attribution.ablate(model, 1, [5, 10, 28])``. Then switch
# off filters 7 and 12 together and check that not a single probability
# changes.

# sphinx_gallery_thumbnail_number = 2
