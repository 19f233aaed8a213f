"""
Learned filters fitted with hand-made ones
==========================================

Each first-layer filter of the trained network is fitted with the closest
Gabor kernel (stripes and edges), centre-surround kernel (a blob in a ring of
the opposite sign, in colour or grey) and flat colour patch. Most of the
network's 3×3 filters fit well, and better than random noise of the same
size; but noise fits surprisingly well too: a 3×3 filter has too few weights
for a fit to prove much, which is why larger first-layer kernels show what a
network learned more clearly.
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
# The figure shows all 32 filters from the best fit to the worst, each
# filter (left) beside its fit (right), both on the filter's own colour
# scale: mid-grey is zero, full colour the filter's largest weight. The
# printed share of filters with R² of at least 0.6 is the first number to
# read.

import matplotlib.pyplot as plt
import numpy as np

import filterviz

model = filterviz.shipped.load("cifar10_cnn")
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
# A family with eight or nine free numbers can fit a lot of a 27-weight
# filter whatever the filter is. :func:`filterviz.fitting.chance_r2` fits 64
# filters of Gaussian noise, each 3×3×3 like the network's, and returns
# their best R². The histogram puts the two side by side: the network's
# filters reach higher R² than noise (compare the printed medians), and the
# printed count says how many beat the noise's 95th percentile; but some
# noise filters pass 0.6 too (printed), so on 3×3 filters an R² of 0.6 is
# weak evidence on its own.

chance = filterviz.fitting.chance_r2((3, 3, 3), count=64, seed=0)
noise_95 = np.percentile(chance, 95)

fig, ax = plt.subplots(figsize=(8, 3.6))
lowest = np.floor(min(chance.min(), r2.min()) * 10) / 10
bins = np.linspace(lowest, 1.0, int(round((1.0 - lowest) / 0.05)) + 1)
ax.hist(chance, bins=bins, color="0.6", label="64 noise filters")
ax.hist(r2, bins=bins, histtype="step", linewidth=2.5, color="C0", label="32 conv1 filters")
ax.axvline(noise_95, color="0.3", linestyle="--", label="noise, 95th percentile")
ax.set_xlabel("R² of the best fit", fontsize=filterviz.plot.FONT_SIZE)
ax.set_ylabel("filters", fontsize=filterviz.plot.FONT_SIZE)
ax.set_title("3×3×3 filters: learned against random", fontsize=filterviz.plot.FONT_SIZE)
ax.legend(fontsize=filterviz.plot.SMALL_FONT_SIZE, loc="upper left")
fig.tight_layout()
plt.show()

print(f"noise: median R² {np.median(chance):.2f}, 95th percentile {noise_95:.2f}")
print(f"noise filters with R² >= 0.6: {np.sum(chance >= 0.6)} of {len(chance)}")
print(f"conv1 filters above the noise's 95th percentile: {np.sum(r2 > noise_95)} of {len(r2)}")

# %%
# Try it
# ------
# Fit a 7×7 shape instead: ``filterviz.fitting.chance_r2((7, 7, 3))`` gives
# noise a median R² several times lower, so there a fit of 0.6 says much
# more. Or fit the first layer of a keras.applications model, for example
# ``filterviz.fitting.fit_first_layer(keras.applications.VGG16())`` with
# ImageNet weights on a machine with internet.
