"""
Learned filters fitted with hand-made ones
==========================================

Each first-layer filter of the 5×5 network is fitted with the closest Gabor
kernel (stripes and edges), centre-surround kernel (a blob in a ring of the
opposite sign, in colour or grey) and flat colour patch. About half of the
filters fit with R² of 0.6 or more, and most fit better than 95 % of random
noise filters of their size. The 3×3 network's filters reach higher R², but
there noise does too: with 27 weights a fit proves little, with 75 it does.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# Every filter beside its best fit
# --------------------------------
# :func:`filterviz.fitting.fit_first_layer` fits each filter of the first
# layer with three families and keeps the one that explains most of the
# filter's variance (R²; of families within 0.02 of each other, the one with
# fewer parameters): a Gabor kernel, as on the
# :ref:`Gabor page <sphx_glr_auto_examples_handmade_filters_plot_15_gabor.py>`,
# times one weight per colour channel; two concentric Gaussians with a colour
# each, such as the
# :ref:`red–green filter <sphx_glr_auto_examples_handmade_filters_plot_16_red_green.py>`
# with a surround; or one colour at every pixel.
#
# The filters are those of ``cifar10_cnn5x5``, the network that ships
# beside the 3×3 one for this purpose (see :doc:`the network page
# </model>`): 5×5×3 filters have 75 weights, enough to show a shape.
#
# The figure shows all 32 filters from the best fit to the worst, each
# filter (left) beside its fit (right), both on the filter's own colour
# scale: mid-grey is zero, full colour the filter's largest weight. The
# printed share of filters with R² of at least 0.6 is the first number to
# read.

import matplotlib.pyplot as plt
import numpy as np

import filterviz

model = filterviz.shipped.load("cifar10_cnn5x5")
weights, _ = filterviz.model.filters(model, 1)
fits = filterviz.fitting.fit_first_layer(model)
r2 = np.array([fit.r2 for fit in fits])
order = np.argsort(-r2, kind="stable")
short = {"gabor": "Gabor", "center_surround": "centre-surr.", "uniform": "flat"}


def as_colour(kernel, scale):
    """A filter's weights as RGB: mid-grey for zero, full colour for +-scale."""
    return np.clip(0.5 + 0.5 * kernel / scale, 0.0, 1.0)


pairs_per_row = 4
rows = int(np.ceil(len(order) / pairs_per_row))
# A narrow empty column after each pair keeps the pairs apart.
fig, axes = plt.subplots(
    rows, 3 * pairs_per_row, figsize=(12, 1.5 * rows), width_ratios=[1, 1, 0.3] * pairs_per_row
)
for ax in axes.flat:
    ax.set_axis_off()
for pair, index in enumerate(order):
    for side in (0, 1):
        ax = axes[pair // pairs_per_row, 3 * (pair % pairs_per_row) + side]
        kernel = weights[..., index]
        shown = kernel if side == 0 else fits[index].fitted
        ax.imshow(as_colour(shown, np.abs(kernel).max()), interpolation="nearest")
        if side == 0:
            label = f"filter {index}"
        else:
            label = f"{short[fits[index].family]} {fits[index].r2:.2f}"
        # Text, not an axes title: the page's alt text is made of the titles.
        ax.text(0.5, 1.04, label, transform=ax.transAxes, ha="center", va="bottom",
                fontsize=filterviz.plot.SMALL_FONT_SIZE)  # fmt: skip
fig.suptitle(
    "conv1 filters (left of each pair) and their best fit (right), with R²",
    fontsize=filterviz.plot.FONT_SIZE,
)
fig.tight_layout(h_pad=1.2)
plt.show()

families = {name: sum(fit.family == name for fit in fits) for name in short}
print(f"median R² {np.median(r2):.2f}; R² >= 0.6: {np.sum(r2 >= 0.6)} of {len(r2)} filters")
print("best fits by family:", ", ".join(f"{short[k]} {n}" for k, n in families.items()))

# %%
# What chance alone reaches
# -------------------------
# A family with eight or nine free numbers can fit part of any filter,
# whatever the filter is. :func:`filterviz.fitting.chance_r2` fits 64
# filters of Gaussian noise of a given shape and returns their best R²: the
# level a learned filter must beat. The histograms put the learned filters
# beside noise of their own shape, for the 5×5 network (left) and for the
# 3×3 network that the layer-depth pages use (right). The printed lines give
# the medians, the noise's 95th percentile and how many learned filters pass
# it, for both.

learned = {"5×5×3": r2}
small_model = filterviz.shipped.load("cifar10_cnn")
learned["3×3×3"] = np.array([fit.r2 for fit in filterviz.fitting.fit_first_layer(small_model)])
noise = {
    "5×5×3": filterviz.fitting.chance_r2((5, 5, 3), count=64, seed=0),
    "3×3×3": filterviz.fitting.chance_r2((3, 3, 3), count=64, seed=0),
}

fig, axes = plt.subplots(1, 2, figsize=(12, 3.8), sharey=True)
everything = np.concatenate([*noise.values(), *learned.values()])
lowest = np.floor(everything.min() * 10) / 10
bins = np.linspace(lowest, 1.0, int(round((1.0 - lowest) / 0.05)) + 1)
for ax, shape in zip(axes, learned, strict=True):
    noise_95 = np.percentile(noise[shape], 95)
    ax.hist(noise[shape], bins=bins, color="0.6", label="64 noise filters")
    ax.hist(learned[shape], bins=bins, histtype="step", linewidth=2.5, color="C0",
            label="32 learned conv1 filters")  # fmt: skip
    ax.axvline(noise_95, color="0.3", linestyle="--", label="noise, 95th percentile")
    ax.set_xlabel("R² of the best fit", fontsize=filterviz.plot.FONT_SIZE)
    ax.set_title(f"{shape} filters: learned against random", fontsize=filterviz.plot.FONT_SIZE)
    # Out of the way of the bars: noise sits left of the learned filters at 5×5.
    corner = "upper right" if shape == "5×5×3" else "upper left"
    ax.legend(fontsize=filterviz.plot.SMALL_FONT_SIZE, loc=corner)
    print(
        f"{shape}: learned median R² {np.median(learned[shape]):.2f}, R² >= 0.6 for "
        f"{np.sum(learned[shape] >= 0.6)} of 32; noise median {np.median(noise[shape]):.2f}, "
        f"95th percentile {noise_95:.2f}, R² >= 0.6 for {np.sum(noise[shape] >= 0.6)} of 64; "
        f"learned above the noise's 95th percentile: {np.sum(learned[shape] > noise_95)} of 32"
    )
axes[0].set_ylabel("filters", fontsize=filterviz.plot.FONT_SIZE)
fig.tight_layout()
plt.show()

# %%
# Try it
# ------
# Fit a 7×7 shape: ``filterviz.fitting.chance_r2((7, 7, 3))`` gives noise a
# lower median R² still, so there a fit of 0.6 says even more. Or fit the
# first layer of a keras.applications model, for example
# ``filterviz.fitting.fit_first_layer(keras.applications.VGG16())`` with
# ImageNet weights on a machine with internet.
