"""Every 2-D convolution of a user's model is found, addressed and read right, nested ones included."""

from __future__ import annotations

import keras
import numpy as np
import pytest
from error_checks import raises_naming

import filterviz
from filterviz import layers


@pytest.fixture(scope="module")
def nested():
    """A transfer-learning shape: a Sequential around a block of every convolution type."""
    keras.utils.set_random_seed(0)
    block = keras.Sequential(
        [
            keras.Input((12, 12, 3)),
            keras.layers.Conv2D(6, 3, padding="same", name="c1"),
            keras.layers.DepthwiseConv2D(3, depth_multiplier=2, name="dw"),
            keras.layers.SeparableConv2D(6, 3, depth_multiplier=2, activation="relu", name="sep"),
        ],
        name="block",
    )
    return keras.Sequential(
        [
            keras.Input((12, 12, 3)),
            keras.layers.Rescaling(2.0, name="scale"),
            block,
            keras.layers.Conv2D(6, 1, groups=2, name="grouped"),
            keras.layers.Conv2DTranspose(3, 3, name="up"),
            keras.layers.GlobalAveragePooling2D(),
            keras.layers.Dense(3, name="head"),
        ],
        name="outer",
    )


@pytest.fixture(scope="module")
def images():
    return np.random.default_rng(0).random((2, 12, 12, 3)).astype(np.float32)


def test_convolutions_inside_a_nested_model_are_found_in_depth_order(nested):
    assert layers.layer_paths(nested) == [
        "block/c1",
        "block/dw",
        "block/sep",
        "grouped",
        "up",
    ]
    assert [layers.kind(layer) for layer in layers.conv_layers(nested)] == [
        "Conv2D",
        "DepthwiseConv2D",
        "SeparableConv2D",
        "Conv2D",
        "Conv2DTranspose",
    ]


def test_depth_minus_one_is_the_deepest_convolution_whatever_its_type():
    """The deepest layer is separable: depth -1 must not fall back to the last Conv2D."""
    model = keras.Sequential(
        [
            keras.Input((8, 8, 3)),
            keras.layers.Conv2D(4, 3, name="plain"),
            keras.layers.SeparableConv2D(4, 3, name="deepest"),
        ]
    )
    assert filterviz.model.conv_layer(model, -1).name == "deepest"
    assert filterviz.model.conv_layer(model, 1).name == "plain"


@pytest.mark.parametrize("address", ["block/dw", "dw", 2, -4])
def test_a_layer_is_found_by_path_name_or_depth(nested, address):
    assert filterviz.model.conv_layer(nested, address).name == "dw"


@pytest.mark.parametrize("path", ["block/c1", "block/dw", "block/sep", "grouped"])
def test_the_weights_reproduce_the_layer_as_a_plain_cross_correlation(nested, images, path):
    """weights() over all input channels, with bias, gives the layer's response exactly."""
    layer = layers.find(nested, path)
    inputs = keras.ops.convert_to_numpy(layers.submodel(nested, path, at="input")(images))
    response = keras.ops.convert_to_numpy(layers.linear_copy(layer)(inputs))
    weights, bias = filterviz.model.filters(nested, path)
    expected = filterviz.conv.correlate(
        inputs, weights, stride=layer.strides, padding=layer.padding, bias=bias
    )
    np.testing.assert_allclose(response, expected, atol=1e-5)


def test_depthwise_filters_read_one_channel_each():
    layer = keras.layers.DepthwiseConv2D(3, depth_multiplier=2)
    layer.build((None, 8, 8, 3))
    weights, _ = layers.weights(layer)
    assert weights.shape == (3, 3, 3, 6)
    reads = [np.flatnonzero(np.abs(weights[..., k]).sum(axis=(0, 1))).tolist() for k in range(6)]
    assert reads == [[0], [0], [1], [1], [2], [2]]
    assert [c.tolist() for c in layers.input_channels(layer)] == [[0], [0], [1], [1], [2], [2]]


def test_a_grouped_filter_reads_only_its_group():
    layer = keras.layers.Conv2D(4, 3, groups=2)
    layer.build((None, 8, 8, 6))
    weights, _ = layers.weights(layer)
    assert weights.shape == (3, 3, 6, 4)
    assert np.all(weights[:, :, 3:, :2] == 0) and np.all(weights[:, :, :3, 2:] == 0)
    assert [c.tolist() for c in layers.input_channels(layer)] == [[0, 1, 2]] * 2 + [[3, 4, 5]] * 2


def test_transposed_weights_swap_the_channel_axes():
    layer = keras.layers.Conv2DTranspose(5, 3)
    layer.build((None, 8, 8, 2))
    weights, bias = layers.weights(layer)
    assert weights.shape == (3, 3, 2, 5) and bias.shape == (5,)
    np.testing.assert_array_equal(weights, np.swapaxes(keras.ops.convert_to_numpy(layer.kernel), 2, 3))


@pytest.mark.parametrize("path", ["block/c1", "block/sep", "grouped", "up"])
def test_feature_maps_through_a_nested_model_are_the_layer_outputs(nested, images, path):
    maps = filterviz.model.feature_maps(nested, path, images)
    direct = keras.ops.convert_to_numpy(layers.submodel(nested, path)(images))
    np.testing.assert_allclose(maps, direct, atol=1e-6)
    assert maps.shape[-1] == layers.filter_count(layers.find(nested, path))


@pytest.mark.parametrize("path", ["block/dw", "block/sep", "grouped", "up"])
def test_ablation_silences_one_filter_of_any_type_and_leaves_the_rest(nested, images, path):
    layer = layers.find(nested, path)
    ablated = filterviz.model.ablate(nested, path, [1])
    before = keras.ops.convert_to_numpy(layers.submodel(nested, path, at="input")(images))
    copy = layers.same_layer(ablated, nested, path)
    response_before = keras.ops.convert_to_numpy(layers.linear_copy(layer)(before))
    response_after = keras.ops.convert_to_numpy(layers.linear_copy(copy)(before))
    np.testing.assert_array_equal(response_after[..., 1], 0.0)
    keep = [k for k in range(response_before.shape[-1]) if k != 1]
    np.testing.assert_allclose(response_after[..., keep], response_before[..., keep], atol=1e-6)
    # The original model is untouched.
    np.testing.assert_allclose(
        keras.ops.convert_to_numpy(layers.linear_copy(layer)(before)), response_before
    )


@pytest.mark.parametrize("path", ["block/dw", "block/sep", "up"])
def test_maximisation_raises_a_nested_filters_response(nested, path):
    _, start = filterviz.model.maximize_activation(
        nested, path, filters=[0, 1], steps=1, learning_rate=1e-6, jitter=0, return_scores=True
    )
    _, end = filterviz.model.maximize_activation(
        nested, path, filters=[0, 1], steps=30, jitter=0, return_scores=True
    )
    assert np.all(end > start)


# ---------------------------------------------------------------- bad input


def test_a_path_that_does_not_exist_lists_the_valid_paths(nested):
    with raises_naming(ValueError, "layer", "'block/nope'") as error:
        filterviz.model.conv_layer(nested, "block/nope")
    assert "block/dw" in str(error.value) and "grouped" in str(error.value)


def test_a_layer_that_is_not_a_convolution_is_named_with_its_type(nested):
    with raises_naming(ValueError, "layer", "Rescaling"):
        filterviz.model.conv_layer(nested, "scale")


def test_a_name_used_in_two_nested_models_asks_for_the_path():
    def block(name):
        return keras.Sequential(
            [keras.Input((8, 8, 3)), keras.layers.Conv2D(3, 3, padding="same", name="conv")],
            name=name,
        )

    model = keras.Sequential([keras.Input((8, 8, 3)), block("a"), block("b")])
    with raises_naming(ValueError, "layer", "a/conv", "b/conv"):
        filterviz.model.conv_layer(model, "conv")
    assert filterviz.model.conv_layer(model, "b/conv") is model.get_layer("b").get_layer("conv")


def test_a_model_without_convolutions_says_so_even_when_nested():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    with raises_naming(ValueError, "model", "no 2-D convolution"):
        filterviz.model.conv_layers(model)


def test_channels_first_models_are_refused_by_name():
    model = keras.Sequential(
        [keras.Input((3, 8, 8)), keras.layers.Conv2D(2, 3, data_format="channels_first", name="cf")]
    )
    with raises_naming(ValueError, "model", "'cf'", "channels_first"):
        filterviz.model.feature_maps(model, 1, np.zeros((1, 3, 8, 8), np.float32))


@pytest.mark.parametrize("layer", ["first", "second"])
def test_a_model_of_variable_input_size_works_at_every_layer(layer):
    model = keras.Sequential(
        [
            keras.Input((None, None, 3)),
            keras.layers.Conv2D(4, 3, name="first"),
            keras.layers.Conv2D(4, 3, name="second"),
        ]
    )
    patterns = filterviz.model.maximize_activation(model, layer, steps=3, image_size=(16, 12))
    assert patterns.shape == (4, 16, 12, 3)
    maps = filterviz.model.feature_maps(model, layer, np.zeros((1, 20, 24, 3), np.float32))
    assert maps.shape == ((1, 18, 22, 4) if layer == "first" else (1, 16, 20, 4))


# ---------------------------------------------------------------- model files users have


def test_a_weights_only_file_gets_the_hint_to_build_the_architecture(tmp_path):
    path = tmp_path / "mine.weights.h5"
    path.write_bytes(b"\x89HDF\r\n\x1a\n")
    with raises_naming(ValueError, "model", "weights only") as error:
        filterviz.model.load(path)
    assert "load_weights" in str(error.value)


def test_a_legacy_h5_model_gets_the_conversion_hint(tmp_path):
    path = tmp_path / "old.h5"
    path.write_bytes(b"\x89HDF\r\n\x1a\n")
    with raises_naming(ValueError, "model", "legacy HDF5"):
        filterviz.model.load(path)


def test_a_savedmodel_folder_is_named_as_such(tmp_path):
    (tmp_path / "exported").mkdir()
    (tmp_path / "exported" / "saved_model.pb").write_bytes(b"")
    with raises_naming(ValueError, "model", "SavedModel"):
        filterviz.model.load(tmp_path / "exported")


def test_an_archive_with_members_outside_its_root_is_refused_before_keras(tmp_path):
    import zipfile

    path = tmp_path / "evil.keras"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("config.json", "{}")
        archive.writestr("../outside.txt", "x")
    with raises_naming(ValueError, "model", "damaged"):
        filterviz.model.load(path)


@pytest.mark.parametrize("at", ["middle", None])
def test_submodel_bad_at(nested, at):
    with raises_naming(ValueError, "at", "'output'", "'input'", f"got {at!r}"):
        layers.submodel(nested, "block/dw", at=at)


@pytest.mark.parametrize("call", ["conv_layers", "feature_maps", "receptive_field"])
def test_a_backend_filterviz_does_not_run_on_is_refused_by_name(monkeypatch, call):
    """PyTorch (or any backend but TensorFlow and JAX) is refused before any work is done."""
    model = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.Conv2D(2, 3, name="c")])
    monkeypatch.setattr(keras.backend, "backend", lambda: "torch")
    function = getattr(filterviz.model, call)
    arguments = {"feature_maps": ("c", np.zeros((1, 8, 8, 3), np.float32))}.get(call, ("c",))
    if call == "conv_layers":
        arguments = ()
    with pytest.raises(RuntimeError, match="KERAS_BACKEND") as error:
        function(model, *arguments)
    assert "'torch'" in str(error.value) and "tensorflow" in str(error.value)
