"""Fits of planted kernels: a Gabor, a colour-opponent centre-surround and a uniform colour patch."""

import numpy as np
import pytest

import filterviz
from filterviz import fitting

RGB_WEIGHTS = np.array([0.8, -0.5, 0.3])


def noisy(kernel, level, seed=0):
    """`kernel` plus Gaussian noise of `level` times the kernel's own standard deviation."""
    rng = np.random.default_rng(seed)
    return kernel + level * kernel.std() * rng.standard_normal(kernel.shape)


def gaussian(size, sigma):
    half = size // 2
    rows, columns = np.mgrid[-half : half + 1, -half : half + 1]
    profile = np.exp(-(rows**2 + columns**2) / (2 * sigma**2))
    return profile / np.linalg.norm(profile)


def angle_difference(a, b):
    """Distance between two orientations, modulo pi."""
    difference = abs(a - b) % np.pi
    return min(difference, np.pi - difference)


@pytest.mark.parametrize("size", [5, 7])
@pytest.mark.parametrize("theta", [0.0, np.pi / 6, np.pi / 2, 2.4])
def test_a_planted_colour_gabor_is_found_with_its_orientation(size, theta):
    spatial = filterviz.kernels.gabor(size=size, theta=theta, wavelength=4.0, sigma=1.5, phase=0.7)
    planted = noisy(spatial[:, :, None] * RGB_WEIGHTS, 0.1)
    fit = fitting.fit_filters(planted)[0]
    assert fit.family == "gabor", fit.scores
    # Noise of 0.1 standard deviations leaves about 1 - 0.1**2 of the variance to explain.
    assert fit.r2 > 0.97
    assert angle_difference(fit.params["theta"], theta) < np.radians(5)
    assert fit.params["wavelength"] == pytest.approx(4.0, rel=0.1)
    # The colour vector is the planted one up to scale and sign.
    colour = fit.params["colour"]
    cosine = abs(colour @ RGB_WEIGHTS) / np.linalg.norm(colour) / np.linalg.norm(RGB_WEIGHTS)
    assert cosine > 0.99


def test_an_exact_gabor_is_fitted_exactly():
    spatial = filterviz.kernels.gabor(size=7, theta=1.0, wavelength=5.0, sigma=2.0, phase=0.3)
    fit = fitting.fit_filters(spatial)[0]
    assert fit.r2 == pytest.approx(1.0, abs=1e-4)
    np.testing.assert_allclose(fit.fitted[..., 0], spatial, atol=2e-3)


def test_a_red_centre_in_a_green_surround_is_a_centre_surround_kernel():
    centre, surround = gaussian(7, 0.8), gaussian(7, 2.5)
    planted = centre[:, :, None] * np.array([1.0, 0.0, 0.0]) - surround[:, :, None] * np.array(
        [0.0, 1.0, 0.0]
    )
    fit = fitting.fit_filters(noisy(planted, 0.1, seed=1))[0]
    assert fit.family == "center_surround", fit.scores
    assert fit.r2 > 0.97
    assert fit.params["sigma_center"] == pytest.approx(0.8, rel=0.2)
    assert fit.params["sigma_surround"] == pytest.approx(2.5, rel=0.3)
    # The centre is red, the surround green with the opposite sign.
    assert np.argmax(np.abs(fit.params["colour"])) == 0
    assert np.argmax(np.abs(fit.params["surround_colour"])) == 1
    assert fit.params["colour"][0] * fit.params["surround_colour"][1] < 0


def test_a_flat_red_minus_green_patch_is_uniform():
    planted = np.ones((5, 5, 1)) * np.array([1.0, -1.0, 0.0])
    fit = fitting.fit_filters(noisy(planted, 0.05, seed=2))[0]
    assert fit.family == "uniform", fit.scores
    assert fit.r2 > 0.99
    np.testing.assert_allclose(fit.params["colour"], [1, -1, 0], atol=0.05)


def test_noise_is_not_explained():
    noise = np.random.default_rng(3).standard_normal((7, 7, 3))
    fit = fitting.fit_filters(noise)[0]
    assert fit.r2 < 0.5, fit.scores


def test_chance_falls_as_filters_grow():
    small, large = fitting.chance_r2((3, 3, 3), count=6), fitting.chance_r2((7, 7, 3), count=6)
    assert small.shape == (6,) and np.all(np.diff(small) >= 0)
    assert np.median(large) < 0.3 < np.median(small)


@pytest.mark.parametrize("shape", [(3, 3), (3, 3, 0), (2, 2, 3), (3.0, 3, 3), "3x3"])
def test_chance_bad_shape(shape):
    with pytest.raises(ValueError, match="shape") as error:
        fitting.chance_r2(shape, count=1)
    assert repr(shape) in str(error.value)


def test_fitted_kernels_come_back_in_the_kernel_s_order_and_shape():
    first = filterviz.kernels.gabor(size=5, theta=0.0, wavelength=4.0, sigma=1.5)
    second = filterviz.kernels.gabor(size=5, theta=np.pi / 2, wavelength=4.0, sigma=1.5)
    weights = np.stack([first, second], axis=-1)[:, :, None, :]  # (5, 5, 1, 2)
    fits = fitting.fit_filters(weights)
    assert [fit.fitted.shape for fit in fits] == [(5, 5, 1), (5, 5, 1)]
    assert angle_difference(fits[0].params["theta"], 0.0) < 0.05
    assert angle_difference(fits[1].params["theta"], np.pi / 2) < 0.05


def test_fit_first_layer_reads_a_model_s_first_convolution():
    keras = pytest.importorskip("keras")
    model = keras.Sequential([keras.Input((16, 16, 3)), keras.layers.Conv2D(2, 5, name="c")])
    kernel = np.stack(
        [
            filterviz.kernels.gabor(size=5, theta=0.5, wavelength=4.0, sigma=1.5)[:, :, None]
            * RGB_WEIGHTS,
            np.ones((5, 5, 1)) * np.array([1.0, -1.0, 0.0]),
        ],
        axis=-1,
    )
    model.get_layer("c").set_weights([kernel, np.zeros(2)])
    fits = fitting.fit_first_layer(model)
    assert fits[0].family == "gabor" and fits[0].r2 > 0.999
    assert fits[1].scores["uniform"] > 0.999


def test_fit_first_layer_refuses_a_depthwise_first_layer():
    keras = pytest.importorskip("keras")
    model = keras.Sequential([keras.Input((16, 16, 3)), keras.layers.DepthwiseConv2D(5, name="dw")])
    with pytest.raises(ValueError, match="DepthwiseConv2D"):
        fitting.fit_first_layer(model)


@pytest.mark.parametrize(
    "weights, expected",
    [
        (np.zeros(5), "shape"),
        (np.zeros((2, 2, 3)), "at least 3x3"),
        (np.ones((3, 5, 3)), "square"),
        (np.zeros((5, 5, 3)), "constant"),
        (np.full((3, 3), np.nan), "finite"),
        ("stripes", "weights"),
    ],
)
def test_bad_weights(weights, expected):
    with pytest.raises((ValueError, TypeError), match="weights") as error:
        fitting.fit_filters(weights)
    assert expected in str(error.value)


def test_an_all_zero_filter_among_others_is_named():
    kernel = np.random.default_rng(0).standard_normal((5, 5, 3, 4))
    kernel[..., 2] = 0.0
    with pytest.raises(ValueError, match="weights: filter 2 of 4 is constant"):
        fitting.fit_filters(kernel)


def test_chromatic_share_by_hand():
    """[1, -1, 0] at every pixel is all chromatic; equal channels none; half and half 0.5."""
    opponent = np.broadcast_to([1.0, -1.0, 0.0], (3, 3, 3))
    edge = np.repeat(np.array([[-1.0, 0.0, 1.0]] * 3)[..., None], 3, axis=2)
    # Scaled so each part holds the same variance: edge sums 6 per channel, 18
    # in all; the opponent patch 2 per pixel, 18 in all.
    mixed = edge + opponent
    share = fitting.chromatic_share(np.stack([opponent, edge, mixed], axis=-1))
    np.testing.assert_allclose(share, [1.0, 0.0, 0.5])


@pytest.mark.parametrize(
    "weights, expected",
    [
        (np.ones((3, 3, 1)), "at least 2 channels"),
        (np.zeros(4), "shape"),
        (np.zeros((3, 3, 3)), "constant"),
        (np.full((3, 3, 3), np.inf), "finite"),
    ],
)
def test_chromatic_share_bad_weights(weights, expected):
    with pytest.raises(ValueError, match="weights") as error:
        fitting.chromatic_share(weights)
    assert expected in str(error.value)
