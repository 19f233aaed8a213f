"""
Convolution or cross-correlation?
=================================

A Keras ``Conv2D`` layer computes a cross-correlation: it slides the kernel
over the image as it is. The convolution of mathematics first flips the
kernel upside down and left to right. For symmetric kernels the two agree;
for asymmetric ones, such as Sobel-x or emboss, they differ by a sign or a
mirror image.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# A single white pixel shows the flip
# -----------------------------------
# Number the kernel's rows and columns from −1 to 1 around its centre.
# Cross-correlation (⋆), what ``Conv2D`` computes, lays the kernel on the image
# as it is; convolution (∗) reads the image backwards, which is the same as
# correlating with the kernel turned by half a turn, :math:`w_{-u,-v}`:
#
# .. math::
#
#    (w \star x)_{ij} &= \sum_{u,v=-1}^{1} w_{uv}\, x_{i+u,\, j+v} \\
#    (w * x)_{ij} &= \sum_{u,v=-1}^{1} w_{uv}\, x_{i-u,\, j-v} \\
#    &= \sum_{u,v=-1}^{1} w_{-u,-v}\, x_{i+u,\, j+v}
#
# Take a 5×5 black image with one white pixel in the middle and a kernel
# whose nine weights are all different, 1 to 9. We give these weights to a
# real ``keras.layers.Conv2D``. Its output is the kernel rotated by half a
# turn: 9 at the top left, 1 at the bottom right. The output pixel above and
# to the left of the white pixel sees it through the bottom-right corner of
# its window, where the weight is 9. A true convolution, computed here as a
# cross-correlation with the flipped kernel ``kernel[::-1, ::-1]``, gives
# the kernel back the right way round.

import keras
import matplotlib.pyplot as plt
import numpy as np

import filterviz

kernel = np.arange(1, 10, dtype=np.float32).reshape(3, 3)
impulse = np.zeros((1, 5, 5, 1), dtype=np.float32)
impulse[0, 2, 2, 0] = 1.0

layer = keras.layers.Conv2D(filters=1, kernel_size=3, padding="same", use_bias=False)
layer.build((None, 5, 5, 1))
layer.set_weights([kernel[:, :, None, None]])
keras_output = keras.ops.convert_to_numpy(layer(impulse))[0, :, :, 0]
convolution = filterviz.conv.filter_images(impulse, kernel[::-1, ::-1], padding="same")[0, :, :, 0]

fig, axes = plt.subplots(2, 2, figsize=(6.4, 6.6), layout="constrained")
axes = axes.ravel()
axes[0].imshow(impulse[0, :, :, 0], cmap="gray", vmin=0, vmax=1)
axes[0].set_title("image: one white pixel", fontsize=14)
axes[0].set_xticks([])
axes[0].set_yticks([])
filterviz.plot.kernel(kernel, ax=axes[1], title="kernel", vmax=9, fontsize=16)
filterviz.plot.kernel(keras_output, ax=axes[2], title="Keras Conv2D output", vmax=9, fontsize=14)
filterviz.plot.kernel(convolution, ax=axes[3], title="true convolution", vmax=9, fontsize=14)
plt.show()

print(
    "Keras output == kernel rotated half a turn:",
    np.array_equal(keras_output[1:4, 1:4], kernel[::-1, ::-1]),
)
print("convolution == kernel:", np.array_equal(convolution[1:4, 1:4], kernel))

# %%
# Three kernels and their flips
# -----------------------------
# Flipping changes nothing for the Gaussian blur, which is symmetric. Sobel-x
# flipped is Sobel-x with every sign changed. Emboss flipped is a different
# kernel: the −2 moves from the top left to the bottom right, while the
# centre keeps its +1, so it is neither the same nor the negative.

names = ["gaussian_blur", "sobel_x", "emboss"]
flipped = [filterviz.kernels.get(name)[::-1, ::-1] for name in names]
filterviz.plot.kernels(
    [filterviz.kernels.get(name) for name in names] + flipped,
    titles=[*names, *[f"{name}, flipped" for name in names]],
    ncols=3,
)
plt.show()

# %%
# On the sample images
# --------------------
# Sobel-x and emboss on ten CIFAR-10 test images, by cross-correlation (what
# Keras does) and by convolution, one block of two rows per output. The two
# Sobel-x blocks are the same pictures with red and blue swapped: the blue
# stroke along the airplane's body turns red. Emboss is the image plus a
# diagonal difference, and flipping keeps the image part and negates the
# difference. So flat areas look alike in both emboss blocks (pale red,
# since the weights sum to 1), while the light and dark rims along the edges
# change sides: the dark-red line runs under the airplane in the Keras block
# and along its top in the convolution block.

images, labels, class_names = filterviz.sample_images("cifar10", n=10)
asymmetric = [filterviz.kernels.SOBEL_X, filterviz.kernels.EMBOSS]
outputs = filterviz.conv.filter_images(
    images, [*asymmetric, *[weights[::-1, ::-1] for weights in asymmetric]]
)
filterviz.plot.filtered(
    images,
    outputs[..., [0, 2, 1, 3]],
    ["Sobel-x, Keras", "Sobel-x, conv.", "emboss, Keras", "emboss, conv."],
    labels,
    class_names,
    title="Cross-correlation (Keras) and convolution on ten CIFAR-10 images",
)
plt.show()

# %%
# The numbers
# -----------
# For every 2-D kernel of :mod:`filterviz.kernels`, the largest difference
# on these images between cross-correlation and convolution (orange), and
# between convolution and the *negative* of cross-correlation (blue). A
# kernel that a half turn leaves unchanged has no orange bar: the blurs,
# the Laplacian, sharpen, the identity and also the two diagonals, since a
# diagonal line turned by half a turn is the same line. The edge kernels have
# no blue bar: flipped, they are their own negatives. Emboss is the one
# kernel with both bars.

two_d = [name for name in filterviz.kernels.names() if filterviz.kernels.get(name).ndim == 2]
weights = [filterviz.kernels.get(name) for name in two_d]
correlated = filterviz.conv.filter_images(images, weights)
convolved = filterviz.conv.filter_images(images, [w[::-1, ::-1] for w in weights])
same = np.abs(correlated - convolved).max(axis=(0, 1, 2))
opposite = np.abs(correlated + convolved).max(axis=(0, 1, 2))

fig, ax = plt.subplots(figsize=(6.4, 6.4), layout="constrained")
rows = np.arange(len(two_d))
ax.barh(rows - 0.2, same, height=0.4, color="tab:orange", label="|correlation − convolution|")
ax.barh(rows + 0.2, opposite, height=0.4, color="tab:blue", label="|correlation + convolution|")
ax.set_yticks(rows, two_d, fontsize=12)
ax.tick_params(axis="x", labelsize=12)
ax.invert_yaxis()
ax.set_xlabel("largest difference on the ten images", fontsize=13)
ax.set_title("Does flipping the kernel change the output?", fontsize=14)
fig.legend(fontsize=12, loc="outside lower center", ncols=1)
plt.show()

print(f"{'kernel':16}{'|corr - conv|':>15}{'|corr + conv|':>15}")
for name, difference, total in zip(two_d, same, opposite, strict=True):
    print(f"{name:16}{difference:15.3g}{total:15.3g}")

# %%
# Try it
# ------
# Replace the 1 to 9 kernel by ``filterviz.kernels.LAPLACIAN`` and the two
# lower panels of the first figure become equal. Nothing is lost by
# computing cross-correlation: a layer that learns its weights can learn
# the flipped kernel as easily as the kernel, so only when you write weights
# by hand, or copy them from a paper that uses convolution, do you need to
# flip them.
