"""Activation statistics, the grey twin's images and the shipped colour-against-grey comparison."""

import json
import shutil

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from filterviz import comparison, shipped, train  # noqa: E402


def summing_model(bias=0.0):
    """conv 'a': 3x3 of ones on one channel, ReLU; then a 2-way softmax of (mean, -mean)."""
    inputs = keras.Input((4, 4, 1))
    x = keras.layers.Conv2D(
        1, 3, padding="same", activation="relu", kernel_initializer="ones",
        bias_initializer=keras.initializers.Constant(bias), name="a",
    )(inputs)  # fmt: skip
    x = keras.layers.GlobalAveragePooling2D()(x)
    x = keras.layers.Dense(2, kernel_initializer=keras.initializers.Constant([[1.0, -1.0]]))(x)
    return keras.Model(inputs, keras.layers.Activation("softmax")(x))


def test_statistics_by_hand():
    """A ones image: corner sums 4, edge sums 6, inner sums 9, so the mean is 100 / 16."""
    images = np.zeros((2, 4, 4, 1), np.float32)
    images[0] = 1.0  # the second image is black: every output 0 after ReLU
    stats = comparison.activation_statistics(summing_model(), images, labels=np.array([0, 1]))
    np.testing.assert_allclose(stats["mean"], [100 / 16 / 2])
    np.testing.assert_allclose(stats["active"], [0.5])
    np.testing.assert_allclose(stats["first_layer_mean"], [100 / 16 / 2])
    # Image 0 scores (6.25, -6.25): class 0, right. Image 1 scores (0, 0): a tie,
    # which argmax breaks to class 0, so label 1 is wrong.
    assert stats["accuracy"] == 0.5
    assert stats["layers"] == ["a"]


def test_batches_do_not_change_the_statistics():
    rng = np.random.default_rng(0)
    images = rng.random((7, 4, 4, 1)).astype(np.float32)
    model = summing_model(bias=-4.0)
    whole = comparison.activation_statistics(model, images, batch_size=7)
    pieces = comparison.activation_statistics(model, images, batch_size=3)
    for key in ("mean", "active", "first_layer_mean"):
        np.testing.assert_allclose(whole[key], pieces[key], rtol=1e-6)
    assert whole["accuracy"] is None


@pytest.mark.parametrize(
    "images, labels, expected",
    [
        (np.zeros((0, 4, 4, 1), np.float32), None, "images"),
        (np.zeros((2, 5, 5, 1), np.float32), None, "images must fit"),
        (np.zeros((2, 4, 4, 1), np.float32), np.array([0]), "labels"),
        (np.zeros((2, 4, 4, 1), np.float32), np.array([0.5, 1.0]), "labels"),
    ],
)
def test_bad_statistics_input(images, labels, expected):
    with pytest.raises(ValueError, match=expected):
        comparison.activation_statistics(summing_model(), images, labels)


def test_images_for_a_model_of_another_rank_are_refused_by_name():
    model = keras.Sequential([keras.Input((4, 1)), keras.layers.Conv1D(1, 3, name="c")])
    with pytest.raises(ValueError, match=r"images must fit the model's input \(4, 1\)"):
        comparison.activation_statistics(model, np.zeros((2, 4, 4, 1), np.float32))


def test_bad_batch_size():
    with pytest.raises((ValueError, TypeError), match="batch_size"):
        comparison.activation_statistics(summing_model(), np.zeros((1, 4, 4, 1)), batch_size=0)


def test_greyscale_is_pillow_luminance_in_three_channels():
    image = np.array([[[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 1.0, 1.0]]]])
    grey = train.greyscale(image)
    np.testing.assert_allclose(grey[0, 0, :, 0], [0.299, 0.587, 0.114, 1.0], rtol=1e-6)
    assert grey.shape == image.shape and grey.dtype == np.float32
    assert np.all(grey[..., 0] == grey[..., 1]) and np.all(grey[..., 1] == grey[..., 2])


def test_the_5x5_architecture_has_the_fields_it_claims():
    from filterviz import model as fv_model

    model = shipped.build_cifar10_cnn(first_kernel=5)
    assert model.get_layer("conv1").kernel.shape == (5, 5, 3, 32)
    assert model.get_layer("conv2").kernel.shape == (3, 3, 32, 64)
    assert [fv_model.receptive_field(model, d) for d in (1, 2, 3, 4)] == [5, 10, 20, 40]


@pytest.mark.parametrize("first_kernel", [4, 1, "5", 2.0])
def test_bad_first_kernel(first_kernel):
    with pytest.raises((ValueError, TypeError), match="first_kernel"):
        shipped.build_cifar10_cnn(first_kernel=first_kernel)


def test_the_shipped_comparison_is_the_one_its_sidecar_describes():
    found = shipped.colour_vs_grey()
    record = found["sidecar"]
    assert record["colour_model"]["sha256"] == shipped.sidecar("cifar10_cnn5x5")["sha256"]
    assert record["grey_model"]["grey"] is True and record["colour_model"]["grey"] is False
    # Same seed and schedule: the two networks start from the same weights.
    colour = shipped.snapshots("cifar10_cnn5x5")
    np.testing.assert_array_equal(found["grey_kernel"][0], colour["kernel"][0])
    assert found["grey_kernel"].shape == colour["kernel"].shape
    assert record["grey_model"]["epochs"] == record["colour_model"]["epochs"]
    for network in ("colour", "grey"):
        for images in ("colour", "grey"):
            row = record["statistics"][network][images]
            assert 0.1 < row["accuracy"] <= 1.0
            assert len(row["mean"]) == len(row["active"]) == 4
            assert found["first_layer_mean"][(network, images)].shape == (32,)


def test_a_stale_comparison_is_refused(tmp_path, monkeypatch):
    for path in shipped.MODELS_DIR.glob("*"):
        if path.name.startswith(("cifar10_cnn5x5", "colour_vs_grey")):
            shutil.copy(path, tmp_path / path.name)
    record_path = tmp_path / "colour_vs_grey.json"
    record = json.loads(record_path.read_text())
    record["colour_model"]["sha256"] = "0" * 64
    record_path.write_text(json.dumps(record))
    monkeypatch.setattr(shipped, "MODELS_DIR", tmp_path)
    with pytest.raises(ValueError, match="stale"):
        shipped.colour_vs_grey()


def test_a_damaged_comparison_is_refused(tmp_path, monkeypatch):
    for path in shipped.MODELS_DIR.glob("*"):
        if path.name.startswith(("cifar10_cnn5x5", "colour_vs_grey")):
            shutil.copy(path, tmp_path / path.name)
    with open(tmp_path / "colour_vs_grey.npz", "ab") as file:
        file.write(b"\0")
    monkeypatch.setattr(shipped, "MODELS_DIR", tmp_path)
    with pytest.raises(ValueError, match="SHA-256"):
        shipped.colour_vs_grey()


def test_learning_rates_are_keras_schedule():
    """The NumPy schedule is the one train() gives Keras, step by step."""
    rates = train.learning_rates(5, 7, learning_rate=0.2)
    schedule = train._schedule(5, 7, 0.2)
    keras_rates = [float(schedule(step)) for step in range(35)]
    np.testing.assert_allclose(rates, keras_rates, rtol=1e-5, atol=1e-8)
    assert rates[0] == pytest.approx(0.02) and rates[14] == pytest.approx(0.2)


@pytest.mark.parametrize("epochs, steps", [(0, 5), (5, -1), (2.5, 5)])
def test_bad_learning_rate_schedule(epochs, steps):
    with pytest.raises((ValueError, TypeError), match="epochs|steps_per_epoch"):
        train.learning_rates(epochs, steps)
