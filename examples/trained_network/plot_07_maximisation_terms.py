"""
What each term of activation maximisation does
==============================================

Activation maximisation looks for the image that excites a filter most by
gradient ascent. Left alone, the ascent finds a high response with pixel
noise that no photo contains. Three additions make the pattern readable:
random jitter (shifting the image a little at every step), an L2 penalty
(keep pixels near grey) and a total-variation penalty (keep neighbouring
pixels alike). Each costs some of the response and buys a smoother pattern,
or one that still works when it is moved.
"""

# License: BSD-3-Clause (code), CC-BY-4.0 (text and figures)

# %%
# One filter, four objectives
# ---------------------------
# Filter 7 of the third convolutional layer of the shipped network, 100 steps
# of :func:`filterviz.maximize.maximize_activation` from the same start,
# switching the terms on one at a time; the penalties once with a weight of
# 20 each, so that their effect shows, and then all three at filterviz's
# defaults (jitter 2, L2 and TV weights 0.5). Four numbers are printed for
# each pattern:
#
# - the filter's mean response to it (after the layer's ReLU): what the
#   ascent raises;
# - its distance from grey, the root-mean-square of pixel minus 0.5: what
#   the L2 term penalises;
# - its total variation, the mean absolute difference between neighbouring
#   pixels, what the TV term penalises: high for pixel noise, low for smooth
#   stripes;
# - the response when the pattern is shifted by two pixels (rolled round),
#   as a share of the unshifted response: a pattern that works only at one
#   exact position loses much of it.

import matplotlib.pyplot as plt
import numpy as np

import filterviz

model = filterviz.shipped.load("cifar10_cnn")
layer, index = "conv3", 7
objectives = {
    "plain ascent": dict(jitter=0, l2=0.0, tv=0.0),
    "jitter": dict(jitter=2, l2=0.0, tv=0.0),
    "jitter, L2 = 20": dict(jitter=2, l2=20.0, tv=0.0),
    "jitter, TV = 20": dict(jitter=2, l2=0.0, tv=20.0),
    "defaults": dict(jitter=2, l2=0.5, tv=0.5),
}
patterns = {
    name: filterviz.maximize.maximize_activation(
        model, layer, filters=[index], steps=100, seed=0, **terms
    )[0]
    for name, terms in objectives.items()
}


def response(images):
    """The filter's mean response (after ReLU) to each image."""
    return filterviz.model.feature_maps(model, layer, images)[..., index].mean(axis=(1, 2))


def total_variation(image):
    return 0.5 * (
        np.abs(np.diff(image, axis=0)).mean() + np.abs(np.diff(image, axis=1)).mean()
    )


fig, axes = plt.subplots(1, len(patterns), figsize=(13, 3.4))
for ax, (name, pattern) in zip(axes, patterns.items(), strict=True):
    ax.imshow(pattern, interpolation="nearest")
    ax.set_title(name, fontsize=filterviz.plot.FONT_SIZE)
    ax.set_axis_off()
title = f"Patterns for {layer} filter {index}, 100 steps each"
fig.suptitle(title, fontsize=filterviz.plot.FONT_SIZE)
fig.tight_layout()
plt.show()

print(f"{'objective':<16} {'response':>9} {'from grey':>10} {'TV':>6} {'shifted 2 px':>13}")
for name, pattern in patterns.items():
    moved = np.roll(pattern, (2, 2), axis=(0, 1))
    here, there = response(np.stack([pattern, moved]))
    grey = np.sqrt(np.mean((pattern - 0.5) ** 2))
    tv = total_variation(pattern)
    print(f"{name:<16} {here:9.2f} {grey:10.3f} {tv:6.3f} {there / here:12.0%}")

# %%
# Reading the numbers
# -------------------
# Plain ascent gives the highest response and the highest total variation,
# and its pattern loses the most when it is moved: it is tuned to one exact
# position. Jitter makes the ascent raise the response at every nearby
# shift at once: a little less response, a smoother pattern, and the
# shifted pattern keeps most of its response. A strong L2 term pulls the
# pixels towards grey (the distance from grey falls); a strong TV term
# smooths the pattern most of all (the lowest total variation) and costs
# the most response. At filterviz's defaults the row is close to jitter
# alone: the L2 term is at most 0.25 and the TV term about 1, so with
# weights of 0.5 they weigh little against a response in the tens, and for
# this trained filter jitter does most of the work. The penalties matter
# more for filters whose responses are small, such as those of an untrained
# network.

# %%
# Try it
# ------
# Raise ``tv`` to 50 and watch the pattern fade to smooth blotches, or set
# ``steps=400`` for the plain ascent: its response keeps climbing while the
# pattern stays noise.
