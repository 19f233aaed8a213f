import numpy as np
import pytest
from error_checks import raises_naming

from filterviz import conv, kernels

RNG = np.random.default_rng(0)
IMAGES = RNG.random((3, 11, 12, 3), dtype=np.float32)


def step_edge(height=6, width=6, column=3):
    """Dark left of `column`, bright from it on: one grey channel."""
    image = np.zeros((1, height, width, 1), dtype=np.float32)
    image[0, :, column:, 0] = 1.0
    return image


def test_vertical_step_edge_gives_a_line():
    out = conv.correlate(step_edge(), kernels.to_conv_weights("vertical_edge", in_channels=1))
    # windows centred on columns 1..4; the edge lies between columns 2 and 3
    expected = np.tile([0.0, 1.0, 1.0, 0.0], (4, 1))
    np.testing.assert_array_equal(out[0, :, :, 0], expected)


def test_sobel_on_step_edge_weights_the_middle_row_twice():
    out = conv.correlate(step_edge(), kernels.to_conv_weights("sobel_x", in_channels=1))
    np.testing.assert_array_equal(out[0, :, :, 0], np.tile([0.0, 4.0, 4.0, 0.0], (4, 1)))


def test_horizontal_kernel_ignores_a_vertical_edge():
    out = conv.correlate(step_edge(), kernels.to_conv_weights("horizontal_edge", in_channels=1))
    np.testing.assert_array_equal(out, 0.0)


@pytest.mark.parametrize("name", ["vertical_edge", "sobel_x", "sobel_y", "laplacian", "prewitt_y"])
def test_flat_image_gives_zero_under_edge_kernels(name):
    flat = np.full((2, 7, 7, 3), 0.4, dtype=np.float32)
    out = conv.filter_images(flat, name, engine="numpy")
    np.testing.assert_allclose(out, 0.0, atol=1e-6)


@pytest.mark.parametrize("engine", ["numpy", "keras"])
def test_identity_kernel_returns_its_input(engine):
    out = conv.filter_images(IMAGES, "identity", mode="per_channel", padding="same", engine=engine)
    np.testing.assert_allclose(out, IMAGES, atol=1e-6)


def test_diagonal_kernel_by_hand():
    image = np.zeros((1, 4, 4, 1), dtype=np.float32)
    image[0, [0, 1, 2], [0, 1, 2], 0] = 1.0  # a diagonal stroke
    out = conv.correlate(image, kernels.to_conv_weights("diagonal", in_channels=1))
    # window (0, 0) covers all three stroke pixels, window (1, 1) the last two
    np.testing.assert_array_equal(out[0, :, :, 0], [[3, 0], [0, 2]])


def test_sum_mode_adds_the_channels():
    image = np.zeros((1, 3, 3, 3), dtype=np.float32)
    image[0, 1, 1] = [0.25, 0.5, 1.0]
    out = conv.filter_images(image, "identity", engine="numpy")
    assert out[0, 0, 0, 0] == pytest.approx(1.75)


@pytest.mark.parametrize("name", kernels.names())
@pytest.mark.parametrize("stride", [1, 2, (1, 2)])
@pytest.mark.parametrize("padding", ["valid", "same"])
def test_numpy_and_keras_agree(name, stride, padding):
    weights = kernels.to_conv_weights(name)
    expected = conv.correlate(IMAGES, weights, stride=stride, padding=padding)
    actual = conv.apply(IMAGES, weights, stride=stride, padding=padding)
    assert actual.shape == expected.shape
    np.testing.assert_allclose(actual, expected, atol=1e-5)


@pytest.mark.parametrize("mode", ["sum", "mean", "per_channel"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16])
def test_numpy_and_keras_agree_across_modes_and_dtypes(mode, dtype):
    images = IMAGES.astype(dtype)
    kwargs = dict(mode=mode, stride=2, padding="same", bias=-0.5, activation="relu")
    expected = conv.filter_images(images, ["sobel_x", "red_green"], engine="numpy", **kwargs)
    actual = conv.filter_images(images, ["sobel_x", "red_green"], engine="keras", **kwargs)
    assert actual.dtype == np.float32
    np.testing.assert_allclose(actual, expected, atol=1e-5)


def test_numpy_and_keras_agree_on_random_weights_of_other_sizes():
    weights = RNG.normal(size=(5, 2, 3, 4)).astype(np.float32)
    for padding in ("valid", "same"):
        np.testing.assert_allclose(
            conv.apply(IMAGES, weights, stride=(2, 3), padding=padding, bias=np.arange(4)),
            conv.correlate(IMAGES, weights, stride=(2, 3), padding=padding, bias=np.arange(4)),
            atol=1e-5,
        )


@pytest.mark.parametrize(
    ("size", "kernel", "stride", "expected"),
    [
        (32, 3, 1, (1, 1)),
        (32, 3, 2, (0, 1)),
        (31, 3, 2, (1, 1)),
        (5, 5, 1, (2, 2)),
        (4, 1, 3, (0, 0)),
    ],
)
def test_same_padding(size, kernel, stride, expected):
    assert conv.same_padding(size, kernel, stride) == expected


def test_same_padding_at_stride_two_is_asymmetric_as_in_keras():
    # A single bright pixel in the top-left corner: with (0, 1) padding the first
    # window starts on it, so the identity response keeps it.
    image = np.zeros((1, 4, 4, 1), dtype=np.float32)
    image[0, 0, 0, 0] = 1.0
    weights = kernels.to_conv_weights("diagonal", in_channels=1)
    out = conv.correlate(image, weights, stride=2, padding="same")
    assert out.shape == (1, 2, 2, 1)
    assert out[0, 0, 0, 0] == 1.0
    np.testing.assert_array_equal(out, conv.apply(image, weights, stride=2, padding="same"))


@pytest.mark.parametrize(
    ("size", "kernel", "stride", "padding", "expected"),
    [
        (32, 3, 1, "valid", 30),
        (32, 3, 2, "valid", 15),
        (32, 3, 2, "same", 16),
        (33, 3, 2, "same", 17),
    ],
)
def test_output_size(size, kernel, stride, padding, expected):
    assert conv.output_size(size, kernel, stride, padding) == expected
    image = np.zeros((1, size, size, 1), dtype=np.float32)
    weights = np.zeros((kernel, kernel, 1, 1), dtype=np.float32)
    assert conv.correlate(image, weights, stride, padding).shape[1] == expected


def test_bias_and_relu_threshold():
    image = np.zeros((1, 3, 3, 1), dtype=np.float32)
    image[0, 1, 1, 0] = 0.75
    weights = kernels.to_conv_weights("identity", in_channels=1)
    assert conv.correlate(image, weights, bias=-0.5, activation="relu")[0, 0, 0, 0] == 0.25
    assert conv.correlate(image, weights, bias=-1.0, activation="relu")[0, 0, 0, 0] == 0.0
    assert conv.correlate(image, weights, bias=-1.0)[0, 0, 0, 0] == -0.25


# --- bad input: each gets its own test -------------------------------------------------------


def test_wrong_rank_single_image():
    with raises_naming(ValueError, "images", "(11, 12, 3)"):
        conv.filter_images(IMAGES[0], "diagonal")


def test_wrong_rank_weights():
    with raises_naming(ValueError, "weights", "(3, 3)"):
        conv.apply(IMAGES, kernels.DIAGONAL)


def test_integer_images_are_refused_not_rescaled():
    with raises_naming(TypeError, "images", "uint8"):
        conv.filter_images((IMAGES * 255).astype(np.uint8), "diagonal")


def test_non_numeric_images():
    with raises_naming(TypeError, "images", "object"):
        conv.correlate(np.array([[[[None]]]]), np.ones((1, 1, 1, 1)))


def test_nan_images():
    bad = IMAGES.copy()
    bad[0, 0, 0, 0] = np.nan
    with raises_naming(ValueError, "images", "1 NaN"):
        conv.filter_images(bad, "diagonal")


def test_infinite_weights():
    weights = kernels.to_conv_weights("diagonal").copy()
    weights[0, 0, 0, 0] = np.inf
    with raises_naming(ValueError, "weights", "infinite"):
        conv.apply(IMAGES, weights)


def test_images_outside_unit_range_are_not_clipped():
    with raises_naming(ValueError, "images", "1.5"):
        conv.filter_images(np.concatenate([IMAGES * 0, IMAGES * 0 + 1.5]), "diagonal")


def test_empty_batch():
    with raises_naming(ValueError, "images", "(0, 11, 12, 3)"):
        conv.filter_images(IMAGES[:0], "diagonal")


def test_unknown_kernel_name():
    with raises_naming(ValueError, "name", "'diagnal'"):
        conv.filter_images(IMAGES, "diagnal")


def test_kernel_of_wrong_shape():
    with raises_naming(ValueError, "kernels[0]", "(3, 3, 3, 3)"):
        conv.filter_images(IMAGES, [np.ones((3, 3, 3, 3))])


def test_channel_mismatch():
    with raises_naming(ValueError, "weights", "images have 3"):
        conv.apply(IMAGES, np.ones((3, 3, 1, 1)))


def test_kernel_larger_than_valid_image():
    with raises_naming(ValueError, "weights", "(3, 3)", "(2, 2)"):
        conv.correlate(np.zeros((1, 2, 2, 1), np.float32), np.ones((3, 3, 1, 1)))


@pytest.mark.parametrize("stride", [0, -1, 1.5, (1, 2, 3), True])
def test_bad_stride(stride):
    with raises_naming(ValueError, "stride", repr(stride)):
        conv.apply(IMAGES, kernels.to_conv_weights("diagonal"), stride=stride)


def test_bad_padding():
    with raises_naming(ValueError, "padding", "'full'"):
        conv.correlate(IMAGES, kernels.to_conv_weights("diagonal"), padding="full")


def test_bad_activation():
    with raises_naming(ValueError, "activation", "'tanh'"):
        conv.correlate(IMAGES, kernels.to_conv_weights("diagonal"), activation="tanh")


def test_bias_of_wrong_shape():
    with raises_naming(ValueError, "bias", "(3,)"):
        conv.correlate(IMAGES, kernels.to_conv_weights(["diagonal", "sobel_x"]), bias=[1, 2, 3])


def test_bad_engine():
    with raises_naming(ValueError, "engine", "'torch'"):
        conv.filter_images(IMAGES, "diagonal", engine="torch")
