import shutil

import numpy as np
import pytest
from error_checks import raises_naming

import filterviz
from filterviz import model as fv_model
from filterviz import shipped

keras = pytest.importorskip("keras")


@pytest.fixture(scope="module")
def tiny_model():
    """12x12 RGB -> conv 'c1' (4, linear) -> ReLU -> max-pool -> conv 'c2' (5) -> GAP -> 2 classes.

    c1's bias starts at 1 so that its ReLU passes a gradient from the start
    (with zero bias and random weights every unit can be dead on grey input).
    """
    keras.utils.set_random_seed(1)
    inputs = keras.Input((12, 12, 3))
    x = keras.layers.Conv2D(4, 3, bias_initializer="ones", name="c1")(inputs)
    x = keras.layers.ReLU(name="relu")(x)
    x = keras.layers.MaxPooling2D(name="pool")(x)
    x = keras.layers.Conv2D(5, 3, padding="same", name="c2")(x)
    x = keras.layers.GlobalAveragePooling2D(name="gap")(x)
    outputs = keras.layers.Dense(2, name="out")(x)
    return keras.Model(inputs, outputs, name="tiny")


@pytest.fixture(scope="module")
def images():
    return np.random.default_rng(0).random((3, 12, 12, 3), dtype=np.float32)


def test_conv_layers_in_depth_order(tiny_model):
    assert [layer.name for layer in fv_model.conv_layers(tiny_model)] == ["c1", "c2"]


@pytest.mark.parametrize(
    ("layer", "name"), [("c1", "c1"), (1, "c1"), (2, "c2"), (-1, "c2"), (-2, "c1")]
)
def test_conv_layer_by_name_or_depth(tiny_model, layer, name):
    assert fv_model.conv_layer(tiny_model, layer).name == name


def test_missing_layer_name_lists_the_valid_ones(tiny_model):
    with raises_naming(ValueError, "layer", "'c9'", "c1, c2", "1 to 2"):
        fv_model.conv_layer(tiny_model, "c9")


@pytest.mark.parametrize("depth", [0, 3, -3])
def test_missing_layer_depth_lists_the_valid_ones(tiny_model, depth):
    with raises_naming(ValueError, "layer", f"depth {depth} ", "1 to 2"):
        fv_model.conv_layer(tiny_model, depth)


def test_non_convolutional_layer_is_refused(tiny_model):
    with raises_naming(ValueError, "layer", "'gap'", "GlobalAveragePooling2D"):
        fv_model.feature_maps(tiny_model, "gap", np.zeros((1, 12, 12, 3), np.float32))


def test_layer_of_wrong_type(tiny_model):
    with raises_naming(TypeError, "layer", "got 1.0"):
        fv_model.conv_layer(tiny_model, 1.0)


def test_model_without_conv_layers():
    dense = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    with raises_naming(ValueError, "model", "no 2-D convolution"):
        fv_model.conv_layers(dense)


def test_not_a_model():
    with raises_naming(TypeError, "model", "got str"):
        fv_model.conv_layers("cifar10_cnn")


def test_filters_are_the_layer_weights(tiny_model):
    weights, bias = fv_model.filters(tiny_model, "c2")
    kernel, expected_bias = tiny_model.get_layer("c2").get_weights()
    assert weights.shape == (3, 3, 4, 5)
    np.testing.assert_array_equal(weights, kernel)
    np.testing.assert_array_equal(bias, expected_bias)


def test_feature_maps_equal_a_sub_model(tiny_model, images):
    maps = fv_model.feature_maps(tiny_model, 2, images, batch_size=2)
    sub = keras.Model(tiny_model.inputs[0], tiny_model.get_layer("c2").output)
    np.testing.assert_allclose(maps, keras.ops.convert_to_numpy(sub(images)), atol=1e-6)
    assert maps.shape == (3, 5, 5, 5)


def test_first_layer_feature_maps_equal_the_numpy_reference(tiny_model, images):
    weights, bias = fv_model.filters(tiny_model, 1)
    expected = filterviz.conv.correlate(images, weights, bias=bias)
    np.testing.assert_allclose(fv_model.feature_maps(tiny_model, 1, images), expected, atol=1e-5)


def test_images_of_the_wrong_size(tiny_model):
    with raises_naming(ValueError, "images", "(16, 16, 3)", "(12, 12, 3)", "height"):
        fv_model.feature_maps(tiny_model, 1, np.zeros((1, 16, 16, 3), np.float32))


def test_images_with_the_wrong_channels(tiny_model):
    with raises_naming(ValueError, "images", "1 instead of 3"):
        fv_model.feature_maps(tiny_model, 1, np.zeros((1, 12, 12, 1), np.float32))


def test_receptive_fields(tiny_model):
    # c1: 3; pool (2, stride 2): 3 + 1 = 4, jump 2; c2: 4 + 2 * 2 = 8
    assert fv_model.receptive_field(tiny_model, "c1") == 3
    assert fv_model.receptive_field(tiny_model, "c2") == 8


def test_shipped_architecture_receptive_fields():
    model = fv_model.build_cifar10_cnn()
    assert [fv_model.receptive_field(model, d) for d in (1, 2, 3, 4)] == [3, 8, 18, 38]


def test_activation_maximisation_raises_each_chosen_filter(tiny_model):
    chosen = [0, 2, 4]
    patterns = fv_model.maximize_activation(tiny_model, "c2", filters=chosen, steps=30, seed=0)
    assert patterns.shape == (3, 12, 12, 3)
    assert 0.0 <= patterns.min() and patterns.max() <= 1.0
    grey = np.full((3, 12, 12, 3), 0.5, dtype=np.float32)
    after = fv_model.feature_maps(tiny_model, "c2", patterns).mean(axis=(1, 2))
    before = fv_model.feature_maps(tiny_model, "c2", grey).mean(axis=(1, 2))
    for row, index in enumerate(chosen):
        assert after[row, index] > before[row, index] + 0.05


def test_activation_maximisation_is_seeded(tiny_model):
    first = fv_model.maximize_activation(tiny_model, 1, steps=3, seed=7)
    second = fv_model.maximize_activation(tiny_model, 1, steps=3, seed=7)
    np.testing.assert_array_equal(first, second)


def test_activation_maximisation_reports_progress(tiny_model):
    calls = []
    fv_model.maximize_activation(tiny_model, 1, steps=4, progress=lambda s, t: calls.append((s, t)))
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]


@pytest.mark.parametrize("batch_size", [1, 3, None])
def test_activation_maximisation_does_not_depend_on_batch_size(tiny_model, batch_size):
    # Each image's ascent is its own: batches of 1, of 3 (uneven: 3 + 1) or the default give
    # what one batch of all 4 filters gives, scores included.
    settings = dict(steps=5, seed=3, return_scores=True)
    whole, whole_scores = fv_model.maximize_activation(tiny_model, "c1", batch_size=4, **settings)
    parts, part_scores = fv_model.maximize_activation(
        tiny_model, "c1", batch_size=batch_size, **settings
    )
    np.testing.assert_allclose(parts, whole, atol=1e-5)
    np.testing.assert_allclose(part_scores, whole_scores, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("batch_size", [0, -2, 2.5, True, "8"])
def test_activation_maximisation_bad_batch_size(tiny_model, batch_size):
    with pytest.raises(ValueError, match="batch_size") as error:
        fv_model.maximize_activation(tiny_model, "c1", steps=1, batch_size=batch_size)
    assert repr(batch_size) in str(error.value)


def test_activation_maximisation_bad_filter_index(tiny_model):
    with raises_naming(ValueError, "filters", "0 to 3", "got [4]"):
        fv_model.maximize_activation(tiny_model, "c1", filters=[4])


def test_activation_maximisation_bad_steps(tiny_model):
    with raises_naming(ValueError, "steps", "got 0"):
        fv_model.maximize_activation(tiny_model, "c1", steps=0)


@pytest.mark.parametrize("filters", [[], [0.0, 1.0], [[0, 1]]])
def test_activation_maximisation_filters_not_a_list_of_integers(tiny_model, filters):
    with raises_naming(ValueError, "filters", repr(filters)):
        fv_model.maximize_activation(tiny_model, "c1", filters=filters)


@pytest.mark.parametrize("jitter", [-1, 1.5, True])
def test_activation_maximisation_bad_jitter(tiny_model, jitter):
    with raises_naming(ValueError, "jitter", f"got {jitter!r}"):
        fv_model.maximize_activation(tiny_model, "c1", jitter=jitter)


@pytest.mark.parametrize("argument", ["learning_rate", "l2", "tv"])
@pytest.mark.parametrize("value", [-0.1, float("nan"), float("inf"), "0.1"])
def test_activation_maximisation_bad_non_negative_numbers(tiny_model, argument, value):
    with raises_naming(ValueError, argument, f"got {value!r}"):
        fv_model.maximize_activation(tiny_model, "c1", **{argument: value})


def test_nearest_kernels_recover_planted_kernels():
    planted = filterviz.kernels.to_conv_weights(
        ["sobel_x", "laplacian", "red_green", "anti_diagonal"]
    )
    noisy = 0.3 * planted + np.random.default_rng(0).normal(0, 0.005, planted.shape)
    found = fv_model.nearest_kernels(noisy)
    assert [name for name, _ in found] == ["sobel_x", "laplacian", "red_green", "anti_diagonal"]
    assert all(cosine > 0.98 for _, cosine in found)


def test_nearest_kernels_sign_shows_reversed_polarity():
    planted = -filterviz.kernels.to_conv_weights("sobel_y")
    [(name, cosine)] = fv_model.nearest_kernels(planted)
    assert name == "sobel_y" and cosine == pytest.approx(-1.0)


def test_nearest_kernels_zero_filter():
    with raises_naming(ValueError, "weights", "[0]", "all zeros"):
        fv_model.nearest_kernels(np.zeros((3, 3, 3, 1)))


def test_nearest_kernels_no_candidate_of_that_size():
    with raises_naming(ValueError, "weights", "(5, 5)"):
        fv_model.nearest_kernels(np.ones((5, 5, 3, 1)))


# --- loading ---------------------------------------------------------------------------


def test_load_round_trip(tiny_model, tmp_path, images):
    path = tmp_path / "tiny.keras"
    tiny_model.save(path)
    loaded = fv_model.load(path)
    np.testing.assert_allclose(
        fv_model.feature_maps(loaded, 2, images),
        fv_model.feature_maps(tiny_model, 2, images),
        atol=1e-6,
    )


def test_load_missing_file(tmp_path):
    with raises_naming(FileNotFoundError, "model", "absent.keras"):
        fv_model.load(tmp_path / "absent.keras")


def test_load_corrupt_file(tmp_path):
    path = tmp_path / "corrupt.keras"
    path.write_bytes(b"\x00garbage" * 100)
    with raises_naming(ValueError, "model", "corrupt.keras"):
        fv_model.load(path)


def test_load_wrong_format(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a model")
    with raises_naming(ValueError, "model", "notes.txt"):
        fv_model.load(path)


def test_load_refuses_unsafe_deserialisation(tmp_path):
    inputs = keras.Input((4, 4, 1))
    outputs = keras.layers.Lambda(lambda x: x * 2)(inputs)
    path = tmp_path / "lambda.keras"
    keras.Model(inputs, outputs).save(path)
    with raises_naming(ValueError, "model", "lambda.keras", "unsafe"):
        fv_model.load(path)


def test_load_wrong_type():
    with raises_naming(TypeError, "model", "int"):
        fv_model.load(3)


def test_shipped_model_fails_a_tampered_checksum(tmp_path, monkeypatch):
    if not (fv_model.MODELS_DIR / "cifar10_cnn.keras").is_file():
        pytest.fail("the shipped model file is missing from filterviz/models")
    copy = tmp_path / "models"
    shutil.copytree(fv_model.MODELS_DIR, copy)
    with open(copy / "cifar10_cnn.keras", "ab") as file:
        file.write(b"tampered")
    monkeypatch.setattr(shipped, "MODELS_DIR", copy)
    with raises_naming(ValueError, "model", "SHA-256"):
        fv_model.load("cifar10_cnn")


# --- the shipped model -------------------------------------------------------------------


def test_shipped_model_sidecar_and_snapshots():
    record = fv_model.sidecar()
    for key in (
        "architecture",
        "seed",
        "epochs",
        "data",
        "test_accuracy",
        "training_seconds",
        "machine",
        "sha256",
    ):
        assert key in record
    assert (fv_model.MODELS_DIR / "cifar10_cnn.keras").stat().st_size <= 2 * 1024 * 1024
    history = fv_model.snapshots()
    assert history["kernel"].shape == (record["epochs"] + 1, 3, 3, 3, 32)
    assert history["bias"].shape == (record["epochs"] + 1, 32)
    model = fv_model.load("cifar10_cnn")
    np.testing.assert_array_equal(history["kernel"][-1], fv_model.filters(model, 1)[0])


def test_shipped_model_scores_at_least_75_percent_on_cifar10_test(cifar10_test_set):
    images, labels = cifar10_test_set
    model = fv_model.load("cifar10_cnn")
    predictions = np.argmax(model.predict(images, batch_size=500, verbose=0), axis=1)
    accuracy = float(np.mean(predictions == labels))
    assert accuracy >= 0.75
    assert accuracy == pytest.approx(fv_model.sidecar()["test_accuracy"], abs=0.002)


# --- ablation and occlusion -------------------------------------------------------------------


def test_ablate_zeroes_only_the_chosen_filters(tiny_model, images):
    copy = fv_model.ablate(tiny_model, "c1", [1, 3])
    weights, bias = fv_model.filters(copy, "c1")
    original, original_bias = fv_model.filters(tiny_model, "c1")
    assert not weights[..., [1, 3]].any() and not bias[[1, 3]].any()
    np.testing.assert_array_equal(weights[..., [0, 2]], original[..., [0, 2]])
    assert original[..., 1].any(), "the original model is unchanged"
    maps = fv_model.feature_maps(copy, "c1", images)
    assert not maps[..., 1].any()


def test_ablate_bad_index(tiny_model):
    with raises_naming(ValueError, "filters", "0 to 3", "[9]"):
        fv_model.ablate(tiny_model, "c1", 9)


@pytest.mark.parametrize("filters", [[], [0.5]])
def test_ablate_filters_not_integers(tiny_model, filters):
    with raises_naming(ValueError, "filters", repr(filters)):
        fv_model.ablate(tiny_model, "c1", filters)


@pytest.fixture(scope="module")
def left_half_classifier():
    """Class 1 probability rises with the brightness of the left half of the image only."""
    inputs = keras.Input((8, 8, 1))
    x = keras.layers.Flatten()(inputs)
    logits = keras.layers.Dense(2)(x)
    model = keras.Model(inputs, keras.layers.Softmax()(logits))
    kernel = np.zeros((64, 2), dtype=np.float32)
    mask = np.zeros((8, 8), dtype=np.float32)
    mask[:, :4] = 1.0
    kernel[:, 1] = mask.ravel()
    model.layers[2].set_weights([kernel, np.zeros(2, dtype=np.float32)])
    return model


def test_occlusion_matters_only_where_the_model_looks(left_half_classifier):
    # logit of class 1 = 32 x 0.1 = 3.2 (p = 0.961); a 4x4 black patch on the left
    # removes 1.6 of it (p = 0.832), one on the right removes nothing.
    dim = np.full((1, 8, 8, 1), 0.1, dtype=np.float32)
    sensitivity = fv_model.occlusion_sensitivity(
        left_half_classifier, dim, patch=4, stride=4, fill=0.0
    )
    assert sensitivity.shape == (1, 2, 2)
    np.testing.assert_allclose(sensitivity[0, :, 0], 0.9608 - 0.8320, atol=2e-3)
    np.testing.assert_allclose(sensitivity[0, :, 1], 0.0, atol=1e-6)  # the right half is ignored


def test_occlusion_patch_too_large(left_half_classifier):
    with raises_naming(ValueError, "patch", "9", "8x8"):
        fv_model.occlusion_sensitivity(
            left_half_classifier, np.ones((1, 8, 8, 1), np.float32), patch=9
        )


@pytest.mark.parametrize("fill", [float("nan"), float("inf"), "grey", None])
def test_occlusion_bad_fill(left_half_classifier, fill):
    with raises_naming(ValueError, "fill", f"got {fill!r}"):
        fv_model.occlusion_sensitivity(
            left_half_classifier, np.ones((1, 8, 8, 1), np.float32), fill=fill
        )


def test_occlusion_bad_labels(left_half_classifier):
    with raises_naming(ValueError, "labels", "0 to 1", "[5]"):
        fv_model.occlusion_sensitivity(
            left_half_classifier, np.ones((1, 8, 8, 1), np.float32), labels=[5]
        )


def test_activation_maximisation_at_one_position_stays_in_the_receptive_field(tiny_model):
    # c1 has a 3x3 receptive field: its output pixel (2, 3) sees input rows 2-4, columns 3-5.
    patterns = fv_model.maximize_activation(
        tiny_model, "c1", filters=[0], steps=20, jitter=0, l2=0.0, tv=0.0, position=(2, 3)
    )
    start = fv_model.maximize_activation(
        tiny_model, "c1", filters=[0], steps=1, learning_rate=0.0, jitter=0, position=(2, 3)
    )
    moved = np.abs(patterns - start)[0].max(axis=2) > 1e-6
    assert moved[2:5, 3:6].all()
    outside = moved.copy()
    outside[2:5, 3:6] = False
    assert not outside.any()


@pytest.mark.parametrize("position", [(-1, 0), (1,), "middle", (0, 1.5)])
def test_activation_maximisation_bad_position(tiny_model, position):
    with raises_naming(ValueError, "position", repr(position)):
        fv_model.maximize_activation(tiny_model, "c1", position=position)


def test_activation_maximisation_position_outside_the_output(tiny_model):
    with raises_naming(ValueError, "position", "(10, 0)", "10x10"):
        fv_model.maximize_activation(tiny_model, "c1", position=(10, 0))


@pytest.mark.parametrize("name", ["cifar100_cnn", ""])
def test_shipped_sidecar_of_an_unknown_name(name):
    with raises_naming(ValueError, "name", "'cifar10_cnn'", f"got {name!r}"):
        shipped.sidecar(name)
