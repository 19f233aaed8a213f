"""
Max-pooling: the strongest response in each block
=================================================

A 2×2 max-pooling layer replaces every 2×2 block of a feature map by its
largest value: the map shrinks to half its height and width, and a strong
response survives wherever it was in its block. The shipped network pools
like this after its first three convolutions.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# One block, one number
# ---------------------
# A 4×4 map of made-up responses has four 2×2 blocks (grey lines). Max-pooling
# keeps each block's largest value, average pooling its mean. For the output
# pixel in row :math:`i` and column :math:`j`:
#
# .. math::
#
#    y_{i,j} = \max_{0 \le a,b \le 1} x_{2i+a,\,2j+b}
#    \qquad
#    \bar{y}_{i,j} = \frac{1}{4} \sum_{a=0}^{1} \sum_{b=0}^{1} x_{2i+a,\,2j+b}
#
# Keras computes both with ``MaxPooling2D`` and ``AveragePooling2D``; the
# printed check recomputes them in NumPy by cutting the map into 2×2 blocks.

import keras
import matplotlib.pyplot as plt
import numpy as np

import filterviz

rng = np.random.default_rng(0)
toy = rng.integers(0, 10, size=(4, 4)).astype(np.float32)
batch = toy[None, :, :, None]  # Keras layers take (images, rows, columns, channels)
max_pooled = keras.ops.convert_to_numpy(keras.layers.MaxPooling2D(pool_size=2)(batch))
mean_pooled = keras.ops.convert_to_numpy(keras.layers.AveragePooling2D(pool_size=2)(batch))

blocks = toy.reshape(2, 2, 2, 2)  # (block row, a, block column, b)
print("input:\n", toy)
print("max-pooled:\n", max_pooled[0, :, :, 0])
print("average-pooled:\n", mean_pooled[0, :, :, 0])
print(
    "largest difference from NumPy's block max and mean:",
    np.abs(max_pooled[0, :, :, 0] - blocks.max(axis=(1, 3))).max(),
    np.abs(mean_pooled[0, :, :, 0] - blocks.mean(axis=(1, 3))).max(),
)

fig, axes = plt.subplots(1, 3, figsize=(8, 3.3), layout="constrained")
limit = float(toy.max())
for ax, (maps, name) in zip(
    axes,
    [(toy, "feature map, 4×4"), (max_pooled, "max-pooled, 2×2"), (mean_pooled, "average, 2×2")],
    strict=True,
):
    filterviz.plot.kernel(np.squeeze(maps), ax=ax, vmax=limit, fontsize=18)
    ax.set_title(name, fontsize=14)
axes[0].axhline(1.5, color="0.35", linewidth=3)
axes[0].axvline(1.5, color="0.35", linewidth=3)
fig.suptitle("2×2 pooling: one number per block", fontsize=14)
plt.show()

# %%
# On a feature map
# ----------------
# The Sobel filter for vertical edges, followed by a ReLU as in a ``Conv2D``
# layer, on a CIFAR-10 cat (``"valid"`` padding, so 30×30, without the bright
# false edge that zero padding makes along the left border). Pooled maps are
# drawn at the same size as the map, so each of their pixels covers the 2×2
# block it came from. Max-pooling keeps every edge at its full strength, only
# coarser: the largest response is the same before and after, and the mean
# roughly doubles, because every block now carries its strongest pixel.
# Average pooling keeps the mean but spreads a thin edge over its block, so
# the edges fade: its largest response is clearly lower (printed).

images, labels, class_names = filterviz.sample_images("cifar10", n=1)
edges = filterviz.conv.filter_images(images, "sobel_x", activation="relu")
edges_max = keras.ops.convert_to_numpy(keras.layers.MaxPooling2D(pool_size=2)(edges))
edges_mean = keras.ops.convert_to_numpy(keras.layers.AveragePooling2D(pool_size=2)(edges))

panels = [
    (edges, "Sobel-x + ReLU"),
    (edges_max, "2×2 max-pooled"),
    (edges_mean, "2×2 average-pooled"),
]
for maps, name in panels:
    print(
        f"{name:20s} {maps.shape[1]}×{maps.shape[2]}, largest {maps.max():.2f}, "
        f"mean {maps.mean():.3f}"
    )

fig, axes = plt.subplots(2, 2, figsize=(7, 7.4), layout="constrained")
axes = axes.ravel()
axes[0].imshow(images[0])
axes[0].set_title(f"{class_names[labels[0]]}, 32×32", fontsize=14)
for ax, (maps, name) in zip(axes[1:], panels, strict=True):
    height, width = maps.shape[1:3]
    ax.imshow(maps[0, :, :, 0], cmap="gray", vmin=0, vmax=float(edges.max()), extent=(0, 30, 30, 0))
    ax.set_title(f"{name}: {height}×{width}", fontsize=14)
for ax in axes:
    ax.set_xticks([])
    ax.set_yticks([])
fig.suptitle("Pooling a response map (one grey scale for all three)", fontsize=15)
plt.show()

# %%
# The output's size
# -----------------
# A pooling window of :math:`k` pixels moved :math:`s` pixels at a time fits
#
# .. math::
#
#    n_{\mathrm{out}} = \left\lfloor \frac{n - k}{s} \right\rfloor + 1
#
# times along an axis of :math:`n` pixels. Keras pools with ``strides`` equal
# to ``pool_size`` unless told otherwise, so for :math:`k = s = 2` this is
# :math:`\lfloor n/2 \rfloor`: an odd last row or column is dropped. The
# shipped network's three pooling layers halve 32 to 16, 8 and 4; the figure
# shows one of the 32 maps before and after its first pooling layer (read from
# the network, after batch normalisation, which the network pools), and the
# printed check confirms that the layer is exactly the block maximum.

for n in [32, 16, 8, 7]:
    formula = (n - 2) // 2 + 1
    keras_size = keras.layers.MaxPooling2D(pool_size=2)(np.zeros((1, n, n, 1))).shape[1]
    print(f"n = {n:2d}: formula {formula}, Keras {keras_size}")

model = filterviz.shipped.load("cifar10_cnn")
for layer in model.layers:
    if isinstance(layer, keras.layers.MaxPooling2D):
        print(
            f"{layer.name}: {tuple(layer.input.shape[1:3])} -> {tuple(layer.output.shape[1:3])}, "
            f"pool_size {layer.pool_size}, strides {layer.strides}"
        )

probe = keras.Model(
    model.inputs[0], [model.get_layer("norm1").output, model.get_layer("pool1").output]
)
before, after = (keras.ops.convert_to_numpy(t) for t in probe(images))
blocks = before.reshape(1, 16, 2, 16, 2, -1).max(axis=(2, 4))
print("pool1 against the block maximum of norm1, largest difference:", np.abs(after - blocks).max())

channel = 0
fig, axes = plt.subplots(1, 2, figsize=(6.4, 3.5), layout="constrained")
low, high = float(before[0, :, :, channel].min()), float(before[0, :, :, channel].max())
for ax, (maps, name) in zip(axes, [(before, "norm1"), (after, "pool1")], strict=True):
    shown = ax.imshow(
        maps[0, :, :, channel], cmap="gray", vmin=low, vmax=high, extent=(0, 32, 32, 0)
    )
    ax.set_title(f"{name}, map {channel}: {maps.shape[1]}×{maps.shape[2]}", fontsize=13)
    ax.set_xticks([])
    ax.set_yticks([])
fig.colorbar(shown, ax=axes, shrink=0.8).ax.tick_params(labelsize=12)
fig.suptitle("The shipped network's first pooling layer", fontsize=14)
plt.show()

# %%
# A little tolerance to shifts
# ----------------------------
# Move the picture one pixel to the right (two crops of each image, 31 pixels
# wide, one pixel apart) and compare the Sobel-x response before and after,
# at the same positions. Almost every responding pixel of the response map
# changes, because each edge now lies under another pixel. After
# max-pooling, a block whose strongest pixel stays inside the block keeps
# exactly the same value, and the total change (sum of absolute differences
# over the sum of the map) falls to about half, less than average pooling
# gives: the printed numbers, over all ten sample images. This is a
# tolerance, not an invariance: after a shift of two pixels, the width of a
# block, almost no pooled value is the same, and the max-pooled map changes
# about as much as the unpooled map did at one pixel.

images, labels, class_names = filterviz.sample_images("cifar10", n=10)


def block_pool(maps, reduce):
    """2×2 pooling in NumPy: cut into blocks (an odd last column is dropped), reduce each."""
    n, height, width, channels = maps.shape
    maps = maps[:, : height // 2 * 2, : width // 2 * 2]
    return reduce(maps.reshape(n, height // 2, 2, width // 2, 2, channels), axis=(2, 4))


def shifted_maps(shift, pool):
    """Pooled Sobel-x + ReLU maps of the images, and of the images moved `shift` pixels right."""
    # The NumPy engine computes a window the same way in both crops, so a
    # pixel that did not change compares exactly equal.
    original, moved = (
        pool(filterviz.conv.filter_images(crop, "sobel_x", activation="relu", engine="numpy"))
        for crop in (images[:, :, shift:], images[:, :, :-shift])
    )
    return original, moved


def unchanged_and_change(a, b):
    """Fraction of responding pixels with exactly the same value, and the total change."""
    responding = (a > 0) | (b > 0)  # zeros left by the ReLU would match trivially
    return (a == b)[responding].mean(), np.abs(a - b).sum() / np.abs(a).sum()


kinds = {
    "response map": lambda maps: maps,
    "max-pooled": lambda maps: block_pool(maps, np.max),
    "average-pooled": lambda maps: block_pool(maps, np.mean),
}
for shift in [1, 2]:
    print(f"moved {shift} pixel(s) to the right, ten images (share of responding pixels):")
    for kind, pool in kinds.items():
        unchanged, change = unchanged_and_change(*shifted_maps(shift, pool))
        print(f"  {kind:15s} {unchanged:6.1%} unchanged, total change {change:.2f}")

fig, axes = plt.subplots(2, 3, figsize=(6.4, 5.3), layout="constrained")
top = float(shifted_maps(1, kinds["response map"])[0][0].max())
for row, kind in enumerate(["response map", "max-pooled"]):
    a, b = (maps[:1] for maps in shifted_maps(1, kinds[kind]))  # the cat only
    unchanged, change = unchanged_and_change(a, b)
    extent = (0, a.shape[2] * (1 + row), a.shape[1] * (1 + row), 0)
    for column, (maps, name) in enumerate([(a, "picture"), (b, "moved 1 pixel right")]):
        axes[row, column].imshow(maps[0, :, :, 0], cmap="gray", vmin=0, vmax=top, extent=extent)
        axes[row, column].set_title(f"{kind}:\n{name}", fontsize=12)
    axes[row, 2].imshow(np.abs(a - b)[0, :, :, 0], cmap="gray", vmin=0, vmax=top, extent=extent)
    axes[row, 2].set_title(
        f"difference: {unchanged:.0%} same,\ntotal change {change:.2f}", fontsize=12
    )
    print(f"the cat, {kind}: {unchanged:.1%} unchanged, total change {change:.2f}")
for ax in axes.ravel():
    ax.set_xticks([])
    ax.set_yticks([])
fig.suptitle("The cat moved one pixel, before and after max-pooling", fontsize=14)
plt.show()

# %%
# Try it
# ------
# Change ``shifted_maps(1, ...)`` to ``shifted_maps(2, ...)`` in the last
# figure's code: the max-pooled maps are the same picture one block apart, so
# nearly every block differs. Or pool twice,
# as two pooling layers of the network do,
# ``lambda maps: block_pool(block_pool(maps, np.max), np.max)``, and see how
# much of the map now survives a shift of one pixel, and of two.

# sphinx_gallery_thumbnail_number = 2
