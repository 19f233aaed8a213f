"""Keras models: the shipped CIFAR-10 CNN, and looking inside any model."""

from __future__ import annotations

import numpy as np

CIFAR10_CNN_DESCRIPTION = (
    "Four 3x3 convolutional layers (32, 64, 128, 256 filters), each with bias and ReLU, "
    "followed by batch normalisation; 2x2 max-pooling after the first three; global "
    "average pooling and a 10-way softmax. Input: 32x32 RGB in [0, 1]."
)


def build_cifar10_cnn(seed: int = 0):
    """Build the (untrained) CIFAR-10 CNN that filterviz ships.

    Four convolutional blocks at increasing depth, each ``Conv2D`` 3×3 with
    bias and ReLU (so its output is a filter's response, as on the hand-made
    pages), then batch normalisation; max-pooling halves the size after the
    first three, so the receptive fields are 3, 8, 18 and 38 pixels.

    Parameters
    ----------
    seed : int, default 0
        Seed of the weight initialisers.

    Returns
    -------
    keras.Model
        Layers ``conv1`` ... ``conv4``, ``norm1`` ... ``norm4``, ``pool1`` ...
        ``pool3``, ``gap`` and ``predictions``.
    """
    import keras

    inputs = keras.Input((32, 32, 3), name="image")
    x = inputs
    for depth, filters in enumerate((32, 64, 128, 256), start=1):
        x = keras.layers.Conv2D(
            filters,
            3,
            padding="same",
            activation="relu",
            kernel_initializer=keras.initializers.HeNormal(seed=seed + depth),
            name=f"conv{depth}",
        )(x)
        x = keras.layers.BatchNormalization(name=f"norm{depth}")(x)
        if depth < 4:
            x = keras.layers.MaxPooling2D(name=f"pool{depth}")(x)
    x = keras.layers.GlobalAveragePooling2D(name="gap")(x)
    outputs = keras.layers.Dense(
        10,
        activation="softmax",
        kernel_initializer=keras.initializers.GlorotUniform(seed=seed + 10),
        name="predictions",
    )(x)
    return keras.Model(inputs, outputs, name="cifar10_cnn")
