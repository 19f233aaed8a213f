"""The model shapes users bring, built with random weights and small inputs: nothing silently wrong.

For each shape, every convolution is found (nested ones included), the
feature maps of its first and deepest convolution equal what Keras computes
for that layer, maximisation raises the deepest layer's chosen filters,
ablation silences exactly the chosen filter, receptive fields hold the input
pixels that can move each output pixel, and occlusion gives the drop in
probability computed by hand. Shapes filterviz cannot read
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


def _input_gradient_support(model, depth, position, images):
    """Input pixels that move one output pixel (before the activation) of some image."""
    import tensorflow as tf

    layer = layers.find(model, depth)
    response = layers.linear_copy(layer)
    below = layers.submodel(model, depth, at="input")
    x = tf.convert_to_tensor(images)
    with tf.GradientTape() as tape:
        tape.watch(x)
        output = response(below(x, training=False))
        total = tf.reduce_sum(output[:, position[0], position[1], :])
    return np.abs(tape.gradient(total, x).numpy()).max(axis=(0, 3)) > 0


def _has_max_pooling(model):
    return any(isinstance(layer, keras.layers.MaxPooling2D) for _, layer in layers._walk(model))


@pytest.mark.parametrize("where", ["first", "middle", "deepest"])
def test_receptive_field_is_the_input_gradient_support(shape, where):
    """The field of corner and centre pixels against the input pixels that can move them.

    The gradient through max pooling reaches only each window's largest
    input, so there the support of a few images may fall short of the field
    and only "inside the field" is asserted; elsewhere the support's bounding
    box must be the field exactly.
    """
    name, model = shape
    if name == "variable_size":
        pytest.skip("the field needs a fixed input size (refusal tested in test_receptive_field)")
    count = len(layers.conv_layers(model))
    depth = {"first": 1, "middle": max(1, count // 2), "deepest": count}[where]
    below = layers.conv_layers(model)[:depth]
    if any(isinstance(layer, keras.layers.Conv2DTranspose) for layer in below):
        with pytest.raises(ValueError, match="Conv2DTranspose"):
            filterviz.receptive.field(model, depth, (0, 0))
        return
    height, width = layers.find(model, depth).output.shape[1:3]
    images = np.random.default_rng(2).random((4, *model.inputs[0].shape[1:]), dtype=np.float32)
    for position in sorted({(0, 0), (height // 2, width // 2), (height - 1, width - 1)}):
        window = filterviz.receptive.field(model, depth, position)
        support = _input_gradient_support(model, depth, position, images)
        rows, columns = np.flatnonzero(support.any(axis=1)), np.flatnonzero(support.any(axis=0))
        assert rows.size, f"{name} depth {depth} {position}: no input pixel moves it"
        inside = window.rows[0] <= rows[0] and rows[-1] <= window.rows[-1]
        inside &= window.columns[0] <= columns[0] and columns[-1] <= window.columns[-1]
        assert inside, f"{name} depth {depth} {position}: support outside {window}"
        if not _has_max_pooling(model):
            found = (range(rows[0], rows[-1] + 1), range(columns[0], columns[-1] + 1))
            assert found == (window.rows, window.columns), f"{name} depth {depth} {position}"


def _classifier(model):
    """The model with a 3-class softmax head on its first output, when that output is a map."""
    output = model.outputs[0]
    if len(output.shape) == 2:
        last = output._keras_history[0]
        softmax = getattr(last, "activation", None) is keras.activations.softmax
        return model, "probabilities" if softmax else "logits"
    pooled = keras.layers.GlobalAveragePooling2D()(output)
    head = keras.layers.Dense(3, activation="softmax")(pooled)
    return keras.Model(model.inputs[0], [head, *model.outputs[1:]]), "probabilities"


def test_occlusion_is_the_drop_in_probability_of_each_hidden_patch(shape):
    """At two patch positions, the result equals the drop computed by hand with Keras.

    Shapes that end in feature maps get a softmax head; a head of logits is
    measured with ``scores="logits"``, a second output left aside with
    ``output=0``.
    """
    name, model = shape
    classifier, kind = _classifier(model)
    height, width = image_size(model)
    images = np.random.default_rng(3).random((2, height, width, 3)).astype(np.float32)
    settings = dict(patch=6, stride=5, preprocess="0-1", scores=kind)
    if len(classifier.outputs) > 1:
        settings["output"] = 0
    drops = filterviz.attribution.occlusion_sensitivity(classifier, images, labels=[0, 1], **settings)
    assert drops.shape == (2, (height - 6) // 5 + 1, (width - 6) // 5 + 1), name

    def probabilities(batch):
        values = classifier(batch, training=False)
        if len(classifier.outputs) > 1:
            values = values[0]
        values = keras.ops.convert_to_numpy(values).astype(np.float64)
        if kind == "logits":
            values = np.exp(values - values.max(axis=1, keepdims=True))
            values /= values.sum(axis=1, keepdims=True)
        return values

    base = probabilities(images)
    for i, j in [(0, 0), (drops.shape[1] - 1, drops.shape[2] - 1)]:
        hidden = images.copy()
        hidden[:, i * 5 : i * 5 + 6, j * 5 : j * 5 + 6, :] = 0.5
        by_hand = base[[0, 1], [0, 1]] - probabilities(hidden)[[0, 1], [0, 1]]
        np.testing.assert_allclose(drops[:, i, j], by_hand, atol=1e-5, err_msg=f"{name} {(i, j)}")
