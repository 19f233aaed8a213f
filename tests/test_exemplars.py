"""Top patches against answers worked out by hand: planted bright squares under a summing filter."""

import numpy as np
import pytest

import filterviz
from filterviz import exemplars

keras = pytest.importorskip("keras")


def summing_model(padding="valid", size=8, nested=False):
    """Filter 0 sums channel 0 over 3x3; filter 1 is minus that sum."""
    conv = keras.layers.Conv2D(2, 3, padding=padding, use_bias=False, name="sum")
    if nested:
        inner = keras.Sequential([keras.Input((size, size, 1)), conv], name="block")
        model = keras.Sequential([keras.Input((size, size, 1)), inner])
    else:
        model = keras.Sequential([keras.Input((size, size, 1)), conv])
    kernel = np.ones((3, 3, 1, 2), np.float32)
    kernel[..., 1] = -1.0
    conv.set_weights([kernel])
    return model


def planted(count=5, size=8):
    """Image i holds a square of brightness (i + 1) / count at rows 2-4, columns i-(i+2)."""
    images = np.zeros((count, size, size, 1), np.float32)
    for i in range(count):
        images[i, 2:5, i : i + 3] = (i + 1) / count
    return images


def test_the_brightest_squares_come_first_each_at_its_place():
    images = planted()
    found = exemplars.top_patches(summing_model(), "sum", images, filters=[0], k=3)
    assert found.images[0].tolist() == [4, 3, 2]
    assert found.positions[0].tolist() == [[2, 4], [2, 3], [2, 2]]
    np.testing.assert_allclose(found.values[0], [9 * 1.0, 9 * 0.8, 9 * 0.6], rtol=1e-6)
    for rank, image in enumerate([4, 3, 2]):
        np.testing.assert_array_equal(found.patches[0, rank], images[image, 2:5, image : image + 3])


def test_a_negated_filter_prefers_the_darkest_places():
    images = planted() + 0.05  # every window of the brightest squares' complement is darker
    found = exemplars.top_patches(summing_model(), "sum", images, filters=[1], k=2)
    # Minus the sum is largest where the sum is smallest: a window of the plain 0.05 background.
    np.testing.assert_allclose(found.values[0], [-9 * 0.05] * 2, rtol=1e-5)
    assert found.filters.tolist() == [1]


def test_one_patch_per_image():
    images = np.zeros((3, 8, 8, 1), np.float32)
    images[0, :3, :3] = images[0, 5:, 5:] = 1.0  # two strong places in image 0
    images[1, 2:5, 2:5] = 0.5
    found = exemplars.top_patches(summing_model(), "sum", images, filters=[0], k=3)
    assert sorted(found.images[0].tolist()) == [0, 1, 2]


def test_padding_outside_the_image_holds_fill():
    images = np.zeros((2, 8, 8, 1), np.float32)
    images[0, :2, :2] = 1.0  # a square at the corner: the strongest output is pixel (0, 0)
    found = exemplars.top_patches(summing_model("same"), "sum", images, filters=[0], k=1, fill=-1)
    assert found.positions[0, 0].tolist() == [0, 0]
    assert found.windows[0, 0].tolist() == [-1, -1]
    expected = np.array([[-1, -1, -1], [-1, 1, 1], [-1, 1, 1]], np.float32)
    np.testing.assert_array_equal(found.patches[0, 0, ..., 0], expected)


def test_chunks_do_not_change_the_answer():
    images = np.random.default_rng(0).random((7, 8, 8, 1), dtype=np.float32)
    whole = exemplars.top_patches(summing_model(), "sum", images, k=4)
    pieces = exemplars.top_patches(summing_model(), "sum", images, k=4, chunk=2)
    for a, b in zip(whole, pieces, strict=True):
        np.testing.assert_array_equal(a, b)


def test_a_layer_inside_a_nested_model():
    images = planted()
    found = exemplars.top_patches(summing_model(nested=True), "block/sum", images, k=1)
    assert found.images[:, 0].tolist() == [4, 0]  # filter 1 prefers the dimmest square's image


def test_a_deeper_layer_cuts_its_whole_receptive_field():
    model = keras.Sequential(
        [
            keras.Input((12, 12, 3)),
            keras.layers.Conv2D(4, 3, name="a"),
            keras.layers.MaxPooling2D(name="pool"),
            keras.layers.Conv2D(2, 3, name="b"),
        ]
    )
    images = np.random.default_rng(1).random((6, 12, 12, 3), dtype=np.float32)
    found = exemplars.top_patches(model, "b", images, k=2)
    assert found.patches.shape == (2, 2, 8, 8, 3)  # 3 -> 4 (pool) -> 8 pixels
    maps = filterviz.model.feature_maps(model, "b", images)
    np.testing.assert_allclose(found.values[:, 0], maps.max(axis=(0, 1, 2)), rtol=1e-5)
    image, (row, column) = found.images[0, 0], found.positions[0, 0]
    top, left = found.windows[0, 0]
    np.testing.assert_array_equal(found.patches[0, 0], images[image, top : top + 8, left : left + 8])
    assert (top, left) == (2 * row, 2 * column)


@pytest.mark.parametrize("k", [0, 6, -1])
def test_bad_k(k):
    with pytest.raises(ValueError, match="k must be") as error:
        exemplars.top_patches(summing_model(), "sum", planted(), k=k)
    assert repr(k) in str(error.value)


@pytest.mark.parametrize("filters", [[2], [-1], [], [0.5]])
def test_bad_filters(filters):
    with pytest.raises(ValueError, match="filters"):
        exemplars.top_patches(summing_model(), "sum", planted(), filters=filters, k=1)


@pytest.mark.parametrize("fill", [np.nan, "grey"])
def test_bad_fill(fill):
    with pytest.raises(ValueError, match="fill"):
        exemplars.top_patches(summing_model(), "sum", planted(), k=1, fill=fill)


def test_variable_input_size_is_refused_by_name():
    model = keras.Sequential([keras.Input((None, None, 1)), keras.layers.Conv2D(1, 3, name="c")])
    with pytest.raises(ValueError, match="fixed"):
        exemplars.top_patches(model, "c", planted(), k=1)


def two_depth_model():
    return keras.Sequential(
        [
            keras.Input((12, 12, 3)),
            keras.layers.Conv2D(4, 3, name="a"),
            keras.layers.MaxPooling2D(name="pool"),
            keras.layers.Conv2D(2, 3, name="b"),
        ]
    )


def test_a_list_of_layers_finds_what_each_layer_alone_finds():
    """One forward pass per batch for both depths gives each depth's own answer."""
    model = two_depth_model()
    images = np.random.default_rng(2).random((7, 12, 12, 3), dtype=np.float32)
    together = exemplars.top_patches(model, ["a", "b"], images, filters=[[3, 1], None], k=3)
    alone = [
        exemplars.top_patches(model, "a", images, filters=[3, 1], k=3),
        exemplars.top_patches(model, "b", images, k=3),
    ]
    assert isinstance(together, list) and len(together) == 2
    for got, expected in zip(together, alone, strict=True):
        for field in exemplars.TopPatches._fields:
            np.testing.assert_array_equal(getattr(got, field), getattr(expected, field))


@pytest.mark.parametrize("filters", [[[0]], [0, 1], "all"])
def test_filters_for_a_list_of_layers_must_be_one_per_layer(filters):
    images = np.zeros((3, 12, 12, 3), np.float32)
    with pytest.raises(ValueError, match="filters must be None or one sequence"):
        exemplars.top_patches(two_depth_model(), ["a", "b"], images, filters=filters, k=1)


def test_an_empty_list_of_layers_is_refused():
    with pytest.raises(ValueError, match="layer must name at least one"):
        exemplars.top_patches(two_depth_model(), [], np.zeros((3, 12, 12, 3), np.float32), k=1)


def test_images_that_do_not_fit_the_model_are_refused_by_name():
    wrong = np.zeros((3, 10, 10, 1), np.float32)  # the model takes 8x8
    with pytest.raises(ValueError, match="images") as error:
        exemplars.top_patches(summing_model(), "sum", wrong, k=1)
    assert "(10, 10, 1)" in str(error.value) and "(8, 8, 1)" in str(error.value)


def test_an_empty_image_set_is_refused_by_name():
    with pytest.raises(ValueError, match="images") as error:
        exemplars.top_patches(summing_model(), "sum", np.zeros((0, 8, 8, 1), np.float32), k=1)
    assert "at least one image" in str(error.value)
