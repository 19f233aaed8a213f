"""Occlusion on the heads users have: logits, and models with several outputs."""

from __future__ import annotations

import keras
import numpy as np
import pytest
from error_checks import raises_naming

import filterviz


def classifier(activation):
    keras.utils.set_random_seed(0)
    inputs = keras.Input((8, 8, 3))
    features = keras.layers.GlobalAveragePooling2D()(keras.layers.Conv2D(4, 3)(inputs))
    return keras.Model(inputs, keras.layers.Dense(3, activation=activation, name="head")(features))


@pytest.fixture(scope="module")
def images():
    return np.random.default_rng(0).random((2, 8, 8, 3)).astype(np.float32)


def test_a_logits_head_is_refused_naming_the_option(images):
    with raises_naming(ValueError, "model", "scores='logits'"):
        filterviz.model.occlusion_sensitivity(classifier(None), images, patch=4)


def test_logits_with_softmax_give_the_probability_model_s_answer(images):
    logits = classifier(None)
    probabilities = classifier("softmax")
    probabilities.set_weights(logits.get_weights())
    from_logits = filterviz.model.occlusion_sensitivity(logits, images, patch=4, scores="logits")
    direct = filterviz.model.occlusion_sensitivity(probabilities, images, patch=4)
    np.testing.assert_allclose(from_logits, direct, atol=1e-5)


def two_outputs():
    keras.utils.set_random_seed(0)
    inputs = keras.Input((8, 8, 3))
    features = keras.layers.GlobalAveragePooling2D()(keras.layers.Conv2D(4, 3)(inputs))
    first = keras.layers.Dense(3, activation="softmax", name="kind")(features)
    second = keras.layers.Dense(2, activation="softmax", name="colour")(features)
    return keras.Model(inputs, [first, second])


def test_a_model_with_two_outputs_needs_output(images):
    with raises_naming(ValueError, "output") as error:
        filterviz.model.occlusion_sensitivity(two_outputs(), images, patch=4)
    assert "kind" in str(error.value) and "colour" in str(error.value)


def test_the_chosen_output_is_measured(images):
    model = two_outputs()
    single = keras.Model(model.inputs, model.outputs[1])
    by_name = filterviz.model.occlusion_sensitivity(model, images, patch=4, output="colour")
    by_index = filterviz.model.occlusion_sensitivity(model, images, patch=4, output=1)
    direct = filterviz.model.occlusion_sensitivity(single, images, patch=4)
    np.testing.assert_allclose(by_name, direct, atol=1e-6)
    np.testing.assert_allclose(by_index, direct, atol=1e-6)


@pytest.mark.parametrize("output", [2, -1])
def test_an_output_index_out_of_range_is_refused(images, output):
    with raises_naming(ValueError, "output", "0 to 1", f"got {output}"):
        filterviz.model.occlusion_sensitivity(two_outputs(), images, patch=4, output=output)


@pytest.mark.parametrize("output", [1.0, True])
def test_an_output_of_the_wrong_type_is_refused(images, output):
    with raises_naming(TypeError, "output", repr(output)):
        filterviz.model.occlusion_sensitivity(two_outputs(), images, patch=4, output=output)


def test_an_output_that_does_not_exist_is_named(images):
    with raises_naming(ValueError, "output", "'size'"):
        filterviz.model.occlusion_sensitivity(two_outputs(), images, patch=4, output="size")
