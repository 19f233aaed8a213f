import numpy as np
import pytest
from error_checks import raises_naming

from filterviz import kernels

EDGE_KERNELS = [
    "vertical_edge", "horizontal_edge", "sobel_x", "sobel_y", "prewitt_x", "prewitt_y",
    "laplacian", "red_green", "blue_yellow",
]  # fmt: skip
UNIT_SUM_KERNELS = ["box_blur", "gaussian_blur", "sharpen", "emboss", "identity"]


def test_diagonal_filters_of_the_original_demonstration():
    np.testing.assert_array_equal(kernels.DIAGONAL, [[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    np.testing.assert_array_equal(kernels.ANTI_DIAGONAL, [[0, 0, 1], [0, 1, 0], [1, 0, 0]])
    assert kernels.names()[:2] == ["diagonal", "anti_diagonal"]


def test_exact_values_of_the_classic_operators():
    np.testing.assert_array_equal(kernels.SOBEL_X, [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    np.testing.assert_array_equal(kernels.SOBEL_Y, kernels.SOBEL_X.T)
    np.testing.assert_array_equal(kernels.PREWITT_Y, kernels.PREWITT_X.T)
    np.testing.assert_array_equal(kernels.HORIZONTAL_EDGE, kernels.VERTICAL_EDGE.T)
    np.testing.assert_array_equal(kernels.LAPLACIAN, [[0, 1, 0], [1, -4, 1], [0, 1, 0]])
    np.testing.assert_allclose(kernels.GAUSSIAN_BLUR * 16, [[1, 2, 1], [2, 4, 2], [1, 2, 1]])
    np.testing.assert_allclose(kernels.BOX_BLUR, np.full((3, 3), 1 / 9), rtol=1e-6)
    np.testing.assert_array_equal(kernels.SHARPEN, [[0, -1, 0], [-1, 5, -1], [0, -1, 0]])
    assert kernels.IDENTITY[1, 1] == 1 and kernels.IDENTITY.sum() == 1


@pytest.mark.parametrize("name", EDGE_KERNELS)
def test_edge_and_opponent_kernels_sum_to_zero(name):
    assert kernels.get(name).sum() == pytest.approx(0.0, abs=1e-6)


@pytest.mark.parametrize("name", UNIT_SUM_KERNELS)
def test_blurs_and_brightness_preserving_kernels_sum_to_one(name):
    assert kernels.get(name).sum() == pytest.approx(1.0, abs=1e-6)


def test_colour_kernels_have_one_slice_per_channel():
    assert kernels.RED_GREEN.shape == (3, 3, 3)
    np.testing.assert_allclose(kernels.RED_GREEN[:, :, 0], kernels.GAUSSIAN_BLUR)
    np.testing.assert_allclose(kernels.RED_GREEN[:, :, 1], -kernels.GAUSSIAN_BLUR)
    np.testing.assert_array_equal(kernels.RED_GREEN[:, :, 2], 0)


def test_constants_are_read_only():
    with pytest.raises(ValueError):
        kernels.DIAGONAL[0, 0] = 5


def test_get_ignores_case_and_separators():
    assert kernels.get("Sobel-X") is kernels.SOBEL_X
    assert kernels.get("anti diagonal") is kernels.ANTI_DIAGONAL


def test_get_unknown_name_lists_valid_names():
    with raises_naming(ValueError, "name", "'sobel_z'", "sobel_x"):
        kernels.get("sobel_z")


def test_get_non_string_name():
    with raises_naming(TypeError, "name", "int 3"):
        kernels.get(3)


def test_describe_every_kernel():
    for name in kernels.names():
        assert isinstance(kernels.describe(name), str) and kernels.describe(name)


@pytest.mark.parametrize("size", [3, 5, 7])
def test_gabor_shape_and_zero_mean(size):
    kernel = kernels.gabor(size=size, theta=0.3)
    assert kernel.shape == (size, size)
    assert kernel.mean() == pytest.approx(0.0, abs=1e-6)


def test_gabor_orientation():
    vertical = kernels.gabor(size=5, theta=0.0, zero_mean=False)
    horizontal = kernels.gabor(size=5, theta=np.pi / 2, zero_mean=False)
    # theta = 0: the wave runs along x, so every row is the same profile (vertical stripes)
    np.testing.assert_allclose(horizontal, vertical.T, atol=1e-6)
    odd = kernels.gabor(size=5, theta=0.0, phase=np.pi / 2, zero_mean=False)
    np.testing.assert_allclose(odd, -odd[:, ::-1], atol=1e-6)


@pytest.mark.parametrize("size", [2, 4, 1, 3.0, True])
def test_gabor_bad_size(size):
    with raises_naming(ValueError, "size", f"got {size!r}"):
        kernels.gabor(size=size)


@pytest.mark.parametrize("argument", ["wavelength", "sigma", "aspect"])
@pytest.mark.parametrize("value", [0, -1.0, float("nan"), float("inf")])
def test_gabor_bad_positive_numbers(argument, value):
    with raises_naming(ValueError, argument, f"got {value!r}"):
        kernels.gabor(**{argument: value})


def test_to_conv_weights_sum_mode_copies_into_every_channel():
    weights = kernels.to_conv_weights(["diagonal", "sobel_x"], in_channels=3)
    assert weights.shape == (3, 3, 3, 2) and weights.dtype == np.float32
    for channel in range(3):
        np.testing.assert_array_equal(weights[:, :, channel, 0], kernels.DIAGONAL)
        np.testing.assert_array_equal(weights[:, :, channel, 1], kernels.SOBEL_X)


def test_to_conv_weights_mean_mode_divides_by_channels():
    weights = kernels.to_conv_weights("box_blur", in_channels=3, mode="mean")
    assert weights.sum() == pytest.approx(1.0, abs=1e-6)


def test_to_conv_weights_per_channel_mode_isolates_channels():
    weights = kernels.to_conv_weights(["identity", "diagonal"], in_channels=3, mode="per_channel")
    assert weights.shape == (3, 3, 3, 6)
    for output in range(6):
        seen = [c for c in range(3) if np.any(weights[:, :, c, output])]
        assert seen == [output % 3]


def test_to_conv_weights_colour_kernel_used_as_is():
    weights = kernels.to_conv_weights(kernels.RED_GREEN)
    np.testing.assert_array_equal(weights[..., 0], kernels.RED_GREEN)
    split = kernels.to_conv_weights("red_green", mode="per_channel")
    np.testing.assert_allclose(split.sum(axis=3), kernels.RED_GREEN)


@pytest.mark.parametrize("argument", ["theta", "phase"])
@pytest.mark.parametrize("value", [float("nan"), float("inf"), "0.5", None])
def test_gabor_bad_angles(argument, value):
    with raises_naming(ValueError, argument, "radians", f"got {value!r}"):
        kernels.gabor(**{argument: value})


def test_to_conv_weights_wrong_kernel_rank():
    with raises_naming(ValueError, "kernels[0]", "(9,)"):
        kernels.to_conv_weights([np.ones(9)])


def test_to_conv_weights_kernels_of_different_sizes():
    with raises_naming(ValueError, "kernels[1]", "(5, 5)", "(3, 3)"):
        kernels.to_conv_weights([np.ones((3, 3)), np.ones((5, 5))])


def test_to_conv_weights_colour_kernel_channel_mismatch():
    with raises_naming(ValueError, "in_channels", "3 channels"):
        kernels.to_conv_weights("red_green", in_channels=1)


def test_to_conv_weights_nan_kernel():
    bad = np.eye(3)
    bad[0, 0] = np.nan
    with raises_naming(ValueError, "kernels", "1 NaN"):
        kernels.to_conv_weights(bad)


def test_to_conv_weights_non_numeric_kernel():
    with raises_naming(TypeError, "kernels[0]", "<U1"):
        kernels.to_conv_weights([np.array([["a"] * 3] * 3)])


def test_to_conv_weights_empty_list():
    with raises_naming(ValueError, "kernels", "empty"):
        kernels.to_conv_weights([])


def test_to_conv_weights_unknown_mode():
    with raises_naming(ValueError, "mode", "'max'"):
        kernels.to_conv_weights("diagonal", mode="max")


@pytest.mark.parametrize("in_channels", [0, -3, 2.5, True])
def test_to_conv_weights_bad_channel_count(in_channels):
    with raises_naming(ValueError, "in_channels", f"got {in_channels!r}"):
        kernels.to_conv_weights("diagonal", in_channels=in_channels)
