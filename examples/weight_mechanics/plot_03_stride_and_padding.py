"""
Stride, padding and the output's size
=====================================

The stride is how far the filter's window moves between output pixels, and
the padding decides whether the window may hang over the edge. ``"valid"``
keeps every window inside the image, so a 3×3 filter loses a one-pixel
border; ``"same"`` pads with zeros so that the output has ``ceil(size /
stride)`` pixels, and at stride 2 it may pad one side only.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# Where the windows land
# ----------------------
# A 6×6 image (grey squares) under a 3×3 filter. Each dot is the centre of
# one window, so one output pixel; the coloured squares outline the first
# window, the next one along the row and the last one. Zeros added by
# padding are the white squares marked 0. With ``"valid"`` the 16 windows of
# stride 1 and the 4 of stride 2 stay inside the image. ``"same"`` at
# stride 1 pads one pixel all round and keeps 6×6. ``"same"`` at stride 2
# needs only one extra pixel per axis to fit 3 windows, and puts it after:
# a column of zeros on the right and a row at the bottom, none on the top or
# left. The image's first row and column are then seen only by the edge of
# a window, never by its centre.

import matplotlib.patches
import matplotlib.pyplot as plt
import numpy as np

import filterviz

size, kernel_size = 6, 3


def draw_windows(ax, stride, padding):
    """Draw the input, its padding and where the windows of one layer land."""
    before, after = (0, 0)
    if padding == "same":
        before, after = filterviz.conv.same_padding(size, kernel_size, stride)
    out = filterviz.conv.output_size(size, kernel_size, stride, padding)
    total = before + size + after
    for row in range(total):
        for column in range(total):
            inside = before <= row < before + size and before <= column < before + size
            ax.add_patch(
                matplotlib.patches.Rectangle(
                    (column, row), 1, 1,
                    facecolor="0.82" if inside else "white",
                    edgecolor="0.45",
                    linestyle="-" if inside else ":",
                )
            )  # fmt: skip
            if not inside:
                ax.text(column + 0.5, row + 0.5, "0", ha="center", va="center", color="0.45",
                        fontsize=12)  # fmt: skip
    windows = [(0, 0), (0, 1), (out - 1, out - 1)]
    for color, (row, column) in zip(["C0", "C1", "C3"], windows, strict=True):
        ax.add_patch(
            matplotlib.patches.Rectangle(
                (column * stride + 0.08, row * stride + 0.08),
                kernel_size - 0.16,
                kernel_size - 0.16,
                fill=False,
                edgecolor=color,
                linewidth=3,
            )
        )
    centres = np.arange(out) * stride + kernel_size / 2
    rows, columns = np.meshgrid(centres, centres, indexing="ij")
    ax.plot(columns.ravel(), rows.ravel(), "o", color="black", markersize=6)
    ax.set_xlim(-0.2, size + 2.2)
    ax.set_ylim(size + 2.2, -0.2)
    ax.set_aspect("equal")
    ax.set_axis_off()
    pad_note = "no padding" if padding == "valid" else f"pad {before} before, {after} after"
    ax.set_title(
        f'"{padding}", stride {stride}: {size}×{size} → {out}×{out}\n({pad_note})', fontsize=12
    )


fig, axes = plt.subplots(2, 2, figsize=(6.4, 7.0), layout="constrained")
for ax, (padding, stride) in zip(
    axes.ravel(), [("valid", 1), ("valid", 2), ("same", 1), ("same", 2)], strict=True
):
    draw_windows(ax, stride, padding)
fig.suptitle(f"Where a 3×3 window lands on a {size}×{size} image", fontsize=14)
plt.show()

# %%
# On a real image
# ---------------
# The identity filter copies the pixel under the centre of its window, so
# its output shows exactly which pixels the windows are centred on. Applied
# to a 32×32 CIFAR-10 image (one output per colour channel, so the result is
# again a colour picture) and drawn to scale: ``"valid"`` trims the border,
# to 30×30 at stride 1 and 15×15 at stride 2; ``"same"`` keeps 32×32 at
# stride 1 and gives 16×16 at stride 2. The stride-2 outputs are the cat at
# half the resolution, every second pixel in each direction. Because
# ``"same"`` pads the odd pixel after (see below), its stride-2 windows are
# centred on rows and columns 1, 3, ..., 31, and the printed check confirms
# that its output is exactly ``image[1::2, 1::2]``.

images, labels, class_names = filterviz.sample_images("cifar10", n=1)
settings = [("valid", 1), ("valid", 2), ("same", 1), ("same", 2)]
fig, axes = plt.subplot_mosaic(
    [["image", "valid 1", "valid 2"], ["image", "same 1", "same 2"]],
    figsize=(6.4, 5.0),
    layout="constrained",
)
axes["image"].imshow(images[0], extent=(0, 32, 32, 0))
axes["image"].set_title(f"{class_names[labels[0]]}, 32×32", fontsize=13)
outputs = {}
for (padding, stride) in settings:
    ax = axes[f"{padding} {stride}"]
    output = filterviz.conv.filter_images(
        images, "identity", mode="per_channel", stride=stride, padding=padding
    )
    outputs[padding, stride] = output
    height, width = output.shape[1:3]
    ax.imshow(output[0], extent=(0, width, height, 0))
    ax.set_title(f'"{padding}", stride {stride}\n{height}×{width}', fontsize=13)
for ax in axes.values():
    ax.set_xlim(0, 32)
    ax.set_ylim(32, 0)
    ax.set_xticks([0, 16, 32])
    ax.set_yticks([0, 16, 32])
    ax.tick_params(labelsize=12)
fig.suptitle("The identity filter at two strides and two\npaddings, drawn to scale", fontsize=14)
plt.show()

print(
    '"same", stride 2 equals image[1::2, 1::2]:',
    np.array_equal(outputs["same", 2][0], images[0, 1::2, 1::2]),
)
print(
    '"valid", stride 2 equals image[1:31:2, 1:31:2]:',
    np.array_equal(outputs["valid", 2][0], images[0, 1:31:2, 1:31:2]),
)

# %%
# The sizes, for any input
# ------------------------
# A window of :math:`k` pixels that moves in steps of :math:`s` over
# :math:`n` pixels, with :math:`p_\text{before}` and :math:`p_\text{after}`
# zeros added on the two sides, fits this many times:
#
# .. math::
#
#    o = \lfloor (n + p_\text{before} + p_\text{after} - k) / s \rfloor + 1
#
# ``"valid"`` adds no zeros. ``"same"`` first fixes the output at
# :math:`o = \lceil n / s \rceil` and then adds just enough zeros, splitting
# them as Keras and TensorFlow do, with the odd one after:
#
# .. math::
#
#    p &= \max\bigl((o - 1)\, s + k - n,\; 0\bigr) \\
#    p_\text{before} &= \lfloor p / 2 \rfloor \\
#    p_\text{after} &= p - p_\text{before}
#
# :func:`filterviz.conv.output_size` gives the output's size without running
# anything. Against the input's size, ``"same"`` at stride 1 is the diagonal
# and ``"valid"`` at stride 1 runs two pixels below it. At stride 2 both
# become staircases that climb one step every two pixels, ``"same"`` always
# one pixel above ``"valid"``: 16 against 15 at 32 (dotted line).
# :func:`filterviz.conv.same_padding` gives the zeros ``"same"`` adds before
# and after: an even size at stride 2 gets ``(0, 1)``, the odd pixel after, as
# TensorFlow does.

sides = np.arange(3, 41)
fig, ax = plt.subplots(figsize=(6.4, 4.6), layout="constrained")
for (padding, stride), marker in zip(settings, ["o", "s", "^", "D"], strict=True):
    sizes = [filterviz.conv.output_size(side, kernel_size, stride, padding) for side in sides]
    ax.plot(sides, sizes, marker=marker, markersize=4, label=f'"{padding}", stride {stride}')
ax.axvline(32, color="0.6", linestyle=":")
ax.set_xlabel("input size (pixels)", fontsize=13)
ax.set_ylabel("output size (pixels)", fontsize=13)
ax.set_title("Output size of a 3×3 convolution", fontsize=14)
ax.tick_params(labelsize=12)
ax.legend(fontsize=12)
plt.show()

for name, side in [("CIFAR-10", 32), ("MNIST", 28), ("ImageNet", 224)]:
    sizes = [
        f"{padding} s{stride}: {filterviz.conv.output_size(side, kernel_size, stride, padding)}"
        for padding, stride in settings
    ]
    print(f"{name:8} {side:3} -> " + ", ".join(sizes))
for side, stride in [(32, 1), (32, 2), (33, 2)]:
    padding = filterviz.conv.same_padding(side, kernel_size, stride)
    print(f"same_padding({side}, {kernel_size}, {stride}) = {padding}")

# The two formulas above, checked against filterviz for every size on the plot.
agree = True
for side in sides:
    for stride in (1, 2, 3):
        same_size = -(-side // stride)  # ceil(n / s)
        total = max((same_size - 1) * stride + kernel_size - side, 0)
        split = (total // 2, total - total // 2)
        for padding, (before, after) in [("valid", (0, 0)), ("same", split)]:
            formula = (side + before + after - kernel_size) // stride + 1
            agree &= formula == filterviz.conv.output_size(side, kernel_size, stride, padding)
        agree &= split == filterviz.conv.same_padding(side, kernel_size, stride)
print(f"formulas agree with output_size and same_padding for n = 3 to 40, s = 1 to 3: {agree}")

# %%
# Try it
# ------
# Set ``size = 7`` at the top of the page and draw again: with an odd size,
# ``"same"`` at stride 2 pads one pixel on each side and the windows are
# centred on rows 0, 2, 4 and 6. Then predict the output size at stride 3,
# with each padding, before you check it with
# ``filterviz.conv.output_size(32, 3, stride=3, padding="valid")``.
