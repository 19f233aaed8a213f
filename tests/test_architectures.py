"""The model shapes users bring, built with random weights and small inputs: nothing silently wrong.

For each shape, every convolution is found (nested ones included), the
feature maps of its first and deepest convolution equal what Keras computes
for that layer, maximisation raises the deepest layer's chosen filters, and
ablation silences exactly the chosen filter. Shapes filterviz cannot read
(channels-first, two image inputs) are refused by name.
"""

from __future__ import annotations

import keras
import numpy as np
import pytest
from error_checks import raises_naming

import filterviz
from filterviz import layers


def _small(builder):
    keras.utils.set_random_seed(0)
    return builder()


def vgg16():
    return keras.applications.VGG16(weights=None, include_top=False, input_shape=(32, 32, 3))


def mobilenet_v2():
    return keras.applications.MobileNetV2(weights=None, include_top=False, input_shape=(32, 32, 3))


def resnet50():
    return keras.applications.ResNet50(weights=None, include_top=False, input_shape=(32, 32, 3))


def efficientnet_b0():
    return keras.applications.EfficientNetB0(
        weights=None, include_top=False, input_shape=(32, 32, 3)
    )


def transfer():
    base = keras.applications.MobileNetV2(
        weights=None, include_top=False, input_shape=(32, 32, 3), alpha=0.35
    )
    return keras.Sequential(
        [
            keras.Input((32, 32, 3)),
            base,
            keras.layers.GlobalAveragePooling2D(),
            keras.layers.Dense(10),
        ]
    )


def nested_blocks():
    inner = keras.Sequential(
        [keras.Input((16, 16, 8)), keras.layers.Conv2D(8, 3, padding="same", name="inner_conv")],
        name="inner",
    )
    middle = keras.Sequential([keras.Input((16, 16, 8)), inner, keras.layers.ReLU()], name="middle")
    return keras.Sequential(
        [keras.Input((16, 16, 3)), keras.layers.Conv2D(8, 3, padding="same", name="stem"), middle]
    )


def depthwise_separable():
    return keras.Sequential(
        [
            keras.Input((16, 16, 3)),
            keras.layers.Conv2D(8, 3, name="stem"),
            keras.layers.DepthwiseConv2D(3, depth_multiplier=2, name="dw"),
            keras.layers.SeparableConv2D(8, 3, name="sep"),
        ]
    )


def grouped():
    return keras.Sequential(
        [
            keras.Input((16, 16, 3)),
            keras.layers.Conv2D(12, 3, name="stem"),
            keras.layers.Conv2D(12, 3, groups=3, name="grouped"),
        ]
    )


def dilated():
    return keras.Sequential(
        [
            keras.Input((16, 16, 3)),
            keras.layers.Conv2D(4, 3, dilation_rate=2, name="dilated"),
            keras.layers.Conv2D(4, 3, strides=2, padding="same", name="strided"),
        ]
    )


def logits_head():
    return keras.Sequential(
        [
            keras.Input((16, 16, 3)),
            keras.layers.Conv2D(4, 3, name="conv"),
            keras.layers.GlobalAveragePooling2D(),
            keras.layers.Dense(5, name="logits"),
        ]
    )


def branching():
    inputs = keras.Input((16, 16, 3))
    stem = keras.layers.Conv2D(8, 3, padding="same", name="stem")(inputs)
    left = keras.layers.Conv2D(8, 3, padding="same", name="left")(stem)
    right = keras.layers.Conv2D(8, 1, name="right")(stem)
    merged = keras.layers.Add()([left, right])
    return keras.Model(inputs, keras.layers.Conv2D(4, 3, name="after_add")(merged))


def variable_size():
    return keras.Sequential(
        [
            keras.Input((None, None, 3)),
            keras.layers.Conv2D(4, 3, name="a"),
            keras.layers.Conv2D(4, 3, name="b"),
        ]
    )


def two_outputs():
    inputs = keras.Input((16, 16, 3))
    features = keras.layers.Conv2D(4, 3, name="conv")(inputs)
    pooled = keras.layers.GlobalAveragePooling2D()(features)
    return keras.Model(
        inputs,
        [
            keras.layers.Dense(3, activation="softmax")(pooled),
            keras.layers.Dense(2, activation="softmax")(pooled),
        ],
    )


def transposed():
    return keras.Sequential(
        [
            keras.Input((8, 8, 3)),
            keras.layers.Conv2D(4, 3, name="down"),
            keras.layers.Conv2DTranspose(3, 3, name="up"),
        ]
    )


SHAPES = {
    "vgg16": vgg16,
    "mobilenet_v2": mobilenet_v2,
    "resnet50": resnet50,
    "efficientnet_b0": efficientnet_b0,
    "transfer_learning": transfer,
    "nested_blocks": nested_blocks,
    "depthwise_separable": depthwise_separable,
    "grouped": grouped,
    "dilated": dilated,
    "logits_head": logits_head,
    "branching": branching,
    "variable_size": variable_size,
    "two_outputs": two_outputs,
    "transposed": transposed,
}


@pytest.fixture(scope="module", params=sorted(SHAPES))
def shape(request):
    return request.param, _small(SHAPES[request.param])


def image_size(model):
    height, width = model.inputs[0].shape[1:3]
    return (height or 20, width or 20)


def test_every_convolution_is_found_nested_ones_included(shape):
    name, model = shape
    found = layers.conv_layers(model)
    expected = [
        layer for path, layer in layers._walk(model) if type(layer).__name__ in layers.KINDS
    ]
    assert found == expected and found, name


@pytest.mark.parametrize("depth", [1, -1])
def test_feature_maps_equal_what_keras_computes_for_the_layer(shape, depth):
    name, model = shape
    height, width = image_size(model)
    images = np.random.default_rng(0).random((2, height, width, 3)).astype(np.float32)
    maps = filterviz.model.feature_maps(model, depth, images, preprocess="0-1")
    direct = keras.ops.convert_to_numpy(layers.submodel(model, depth)(images))
    np.testing.assert_allclose(maps, direct, rtol=1e-5, atol=1e-5)
    assert maps.shape[-1] == layers.filter_count(layers.find(model, depth)), name


def test_maximisation_raises_the_deepest_filters(shape):
    """Plain ascent (no penalties): the gradient reaches the deepest layer through any graph.

    With random weights a deep network's responses are tiny (EfficientNetB0's
    top_conv: about 1e-6), so the L2 and total-variation penalties, sized for
    trained networks, would outweigh them; the path itself is what is tested.
    """
    name, model = shape
    common = dict(
        filters=[0, 1], jitter=0, l2=0, tv=0, return_scores=True, image_size=image_size(model)
    )
    _, start = filterviz.model.maximize_activation(model, -1, steps=1, learning_rate=1e-9, **common)
    _, end = filterviz.model.maximize_activation(model, -1, steps=15, **common)
    assert np.all(end > start), f"{name}: {start} -> {end}"


def test_ablation_silences_exactly_the_chosen_filter(shape):
    name, model = shape
    height, width = image_size(model)
    images = np.random.default_rng(1).random((1, height, width, 3)).astype(np.float32)
    layer = layers.find(model, -1)
    before = keras.ops.convert_to_numpy(layers.submodel(model, -1, at="input")(images))
    ablated = filterviz.model.ablate(model, -1, [1])
    response = keras.ops.convert_to_numpy(
        layers.linear_copy(layers.same_layer(ablated, model, -1))(before)
    )
    original = keras.ops.convert_to_numpy(layers.linear_copy(layer)(before))
    np.testing.assert_array_equal(response[..., 1], 0.0)
    np.testing.assert_allclose(
        np.delete(response, 1, axis=-1), np.delete(original, 1, axis=-1), atol=1e-5
    )


def test_channels_first_is_refused_by_name():
    model = keras.Sequential(
        [keras.Input((3, 16, 16)), keras.layers.Conv2D(4, 3, data_format="channels_first")]
    )
    with raises_naming(ValueError, "model", "channels_first"):
        filterviz.model.conv_layers(model)


def test_two_image_inputs_are_refused_by_name():
    first, second = keras.Input((16, 16, 3)), keras.Input((16, 16, 3))
    conv = keras.layers.Conv2D(4, 3)
    model = keras.Model([first, second], keras.layers.Add()([conv(first), conv(second)]))
    with raises_naming(ValueError, "model", "one input"):
        filterviz.model.conv_layers(model)
