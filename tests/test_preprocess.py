"""Input scaling: models that expect 0-255 or [-1, 1] pixels get them, named, detected and applied."""

from __future__ import annotations

import keras
import numpy as np
import pytest
from error_checks import raises_naming

import filterviz
from filterviz import preprocess


@pytest.mark.parametrize(
    ("name", "pixel", "expected"),
    [
        ("0-1", [0.2, 0.5, 1.0], [0.2, 0.5, 1.0]),
        ("0-255", [0.2, 0.5, 1.0], [51.0, 127.5, 255.0]),
        ("-1-1", [0.0, 0.5, 1.0], [-1.0, 0.0, 1.0]),
        # RGB (1, 0, 0) is BGR (0, 0, 255), less the BGR ImageNet means.
        ("caffe", [1.0, 0.0, 0.0], [-103.939, -116.779, 255 - 123.68]),
        ("torch", [0.485, 0.456, 0.406], [0.0, 0.0, 0.0]),
        ("vgg16", [1.0, 0.0, 0.0], [-103.939, -116.779, 255 - 123.68]),
        ("mobilenet_v2", [0.0, 0.5, 1.0], [-1.0, 0.0, 1.0]),
    ],
)
def test_each_convention_on_one_pixel(name, pixel, expected):
    image = np.array(pixel, dtype=np.float32).reshape(1, 1, 1, 3)
    result = keras.ops.convert_to_numpy(preprocess.apply(image, name))
    np.testing.assert_allclose(result.reshape(3), expected, atol=1e-4)


def rescaled_model(name="mine"):
    keras.utils.set_random_seed(0)
    return keras.Sequential(
        [
            keras.Input((10, 10, 3)),
            keras.layers.Rescaling(1 / 255, name="to_unit"),
            keras.layers.Conv2D(4, 3, activation="relu", name="conv"),
            keras.layers.GlobalAveragePooling2D(),
            keras.layers.Dense(3, activation="softmax"),
        ],
        name=name,
    )


def without_rescaling(model):
    """The same network, its leading Rescaling removed: it takes [0, 1] images."""
    inputs = keras.Input((10, 10, 3))
    tensor = inputs
    for layer in model.layers[1:]:
        tensor = layer(tensor)
    return keras.Model(inputs, tensor, name="plain")


def test_a_leading_rescaling_layer_is_detected():
    name, reason = preprocess.detect(rescaled_model())
    assert name == "0-255"
    assert "Rescaling" in reason


def test_a_nested_keras_applications_model_is_detected_by_name():
    base = keras.applications.MobileNetV2(weights=None, include_top=False, input_shape=(32, 32, 3))
    model = keras.Sequential([keras.Input((32, 32, 3)), base, keras.layers.GlobalAveragePooling2D()])
    name, reason = preprocess.detect(model)
    assert name == "-1-1"
    assert "mobilenet" in reason


def test_a_plain_model_takes_unit_images():
    model = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.Conv2D(2, 3)])
    assert preprocess.detect(model)[0] == "0-1"


def test_feature_maps_of_a_rescaling_model_match_the_network_without_it():
    """255 x then 1/255 is x: with auto scaling, [0, 1] images give the un-rescaled maps."""
    model = rescaled_model()
    images = np.random.default_rng(0).random((3, 10, 10, 3)).astype(np.float32)
    scaled = filterviz.model.feature_maps(model, "conv", images)
    plain = filterviz.model.feature_maps(without_rescaling(model), "conv", images)
    np.testing.assert_allclose(scaled, plain, rtol=1e-4, atol=1e-5)
    unscaled = filterviz.model.feature_maps(model, "conv", images, preprocess="0-1")
    assert np.abs(unscaled - plain).max() > 10 * np.abs(scaled - plain).max()


def test_maximisation_of_a_rescaling_model_matches_the_network_without_it():
    model = rescaled_model()
    kwargs = dict(filters=[0, 1, 2, 3], steps=20, jitter=0, return_scores=True)
    patterns, scores = filterviz.model.maximize_activation(model, "conv", **kwargs)
    plain_patterns, plain_scores = filterviz.model.maximize_activation(
        without_rescaling(model), "conv", **kwargs
    )
    assert patterns.min() >= 0 and patterns.max() <= 1
    np.testing.assert_allclose(patterns, plain_patterns, atol=1e-3)
    np.testing.assert_allclose(scores, plain_scores, rtol=1e-3, atol=1e-4)


def test_occlusion_of_a_rescaling_model_matches_the_network_without_it():
    model = rescaled_model()
    images = np.random.default_rng(1).random((2, 10, 10, 3)).astype(np.float32)
    scaled = filterviz.model.occlusion_sensitivity(model, images, patch=4, stride=2)
    plain = filterviz.model.occlusion_sensitivity(without_rescaling(model), images, patch=4, stride=2)
    np.testing.assert_allclose(scaled, plain, atol=1e-5)


def gain(model, layer, **kwargs):
    """How much maximisation raises the mean response of four filters: end over start."""
    common = dict(filters=[0, 1, 2, 3], jitter=0, return_scores=True, **kwargs)
    _, start = filterviz.model.maximize_activation(model, layer, steps=1, learning_rate=1e-9, **common)
    _, end = filterviz.model.maximize_activation(model, layer, steps=40, **common)
    return float(np.mean(end - start))


def test_efficientnet_first_layer_is_raised_as_much_as_without_its_rescaling():
    """EfficientNetB0 scales 0-255 inputs itself; today's [0, 1] input barely moved it."""
    keras.utils.set_random_seed(0)
    net = keras.applications.EfficientNetB0(weights=None, include_top=False, input_shape=(32, 32, 3))
    inputs = keras.Input((32, 32, 3))
    tensor = inputs
    # Keras numbers unnamed layers per session ("normalization_3"): find it by type.
    normalization = next(item for item in net.layers if type(item).__name__ == "Normalization")
    for layer in (normalization, net.get_layer("stem_conv_pad"), net.get_layer("stem_conv")):
        tensor = layer(tensor)
    without = keras.Model(inputs, tensor, name="no_rescaling")
    detected = gain(net, "stem_conv")
    reference = gain(without, "stem_conv")
    unscaled = gain(net, "stem_conv", preprocess="0-1")
    assert 0.5 < detected / reference < 2.0
    assert unscaled < 0.1 * detected


# ---------------------------------------------------------------- bad input


def test_an_unknown_preprocess_name_lists_the_known_ones():
    with raises_naming(ValueError, "preprocess", "0-65535") as error:
        filterviz.model.feature_maps(rescaled_model(), "conv", np.zeros((1, 10, 10, 3), np.float32),
                                     preprocess="0-65535")
    assert "'0-255'" in str(error.value) and "0-65535" in str(error.value)


def test_a_preprocess_of_the_wrong_type_is_refused():
    with raises_naming(TypeError, "preprocess", "255 (int)"):
        preprocess.resolve(255)


def test_images_outside_unit_range_are_refused_when_they_would_be_scaled():
    with raises_naming(ValueError, "images", "preprocess='0-1'"):
        filterviz.model.feature_maps(
            rescaled_model(), "conv", np.full((1, 10, 10, 3), 200.0, np.float32)
        )
