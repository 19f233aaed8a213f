"""filterviz.data.load_images: your own image files, read into a batch in [0, 1]."""

from __future__ import annotations

import numpy as np
import pytest
from error_checks import raises_naming
from PIL import Image

from filterviz import data


def save(path, array, **options):
    Image.fromarray(np.asarray(array)).save(path, **options)
    return path


def flat(value, height=6, width=8):
    """An RGB image of one colour, as 8-bit values."""
    return np.full((height, width, 3), value, dtype=np.uint8)


# -- What comes back ----------------------------------------------------------------------------


def test_png_values_are_divided_by_255(tmp_path):
    pixel = np.array([[[255, 0, 51]]], dtype=np.uint8)
    batch = data.load_images(save(tmp_path / "one.png", pixel))
    assert batch.dtype == np.float32
    assert batch.shape == (1, 1, 1, 3)
    np.testing.assert_allclose(batch[0, 0, 0], [1.0, 0.0, 0.2], atol=1e-7)


@pytest.mark.parametrize(
    ("suffix", "tolerance"),
    [
        (".png", 0), (".bmp", 0), (".gif", 0), (".tif", 0), (".jpg", 2 / 255),
        (".ppm", 0), (".tga", 0), (".qoi", 0), (".webp", 2 / 255),
    ],  # fmt: skip
)
def test_every_supported_format_reads_a_flat_grey(tmp_path, suffix, tolerance):
    batch = data.load_images(save(tmp_path / f"grey{suffix}", flat(102)))
    assert batch.shape == (1, 6, 8, 3)
    np.testing.assert_allclose(batch, 0.4, atol=tolerance + 1e-7)


def test_the_format_is_read_from_the_content_not_the_name(tmp_path):
    path = tmp_path / "actually_a_png.dat"
    Image.fromarray(flat(255)).save(path, format="PNG")
    np.testing.assert_array_equal(data.load_images(path), 1.0)


def test_grey_images_are_repeated_over_three_channels(tmp_path):
    grey = np.array([[0, 255]], dtype=np.uint8)
    batch = data.load_images(save(tmp_path / "grey.png", grey))
    np.testing.assert_array_equal(batch[0], [[[0, 0, 0], [1, 1, 1]]])


def test_sixteen_bit_images_are_divided_by_65535(tmp_path):
    deep = np.array([[0, 65535]], dtype=np.uint16)
    batch = data.load_images(save(tmp_path / "deep.png", deep))
    np.testing.assert_allclose(batch[0, 0], [[0, 0, 0], [1, 1, 1]])


def test_transparent_pixels_are_laid_on_white(tmp_path):
    rgba = np.array([[[255, 0, 0, 0], [255, 0, 0, 255]]], dtype=np.uint8)  # clear red, solid red
    batch = data.load_images(save(tmp_path / "alpha.png", rgba))
    np.testing.assert_array_equal(batch[0, 0], [[1, 1, 1], [1, 0, 0]])


def test_an_animated_gif_gives_its_first_frame(tmp_path):
    frames = [Image.fromarray(flat((255, 0, 0))), Image.fromarray(flat((0, 0, 255)))]
    path = tmp_path / "blink.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100)
    np.testing.assert_array_equal(data.load_images(path)[0, 0, 0], [1, 0, 0])


def test_the_exif_orientation_of_a_photo_is_applied(tmp_path):
    wide = Image.fromarray(flat(200, height=2, width=4))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: shown rotated by 90 degrees
    path = tmp_path / "phone.jpg"
    wide.save(path, exif=exif)
    assert data.load_images(path).shape == (1, 4, 2, 3)


def test_a_folder_stands_for_its_image_files_sorted_by_name(tmp_path):
    save(tmp_path / "b.png", flat(255))
    save(tmp_path / "a.jpg", flat(0))
    save(tmp_path / "c.bmp", flat(51))
    (tmp_path / "README.txt").write_text("not an image, skipped")
    skipped = []
    batch = data.load_images(tmp_path, skipped=skipped)
    np.testing.assert_allclose(batch[:, 0, 0, 0], [0.0, 1.0, 0.2], atol=1 / 255)
    assert [(path.name, reason) for path, reason in skipped] == [
        ("README.txt", "not an image name")
    ]


def test_files_keep_the_order_given(tmp_path):
    dark, light = save(tmp_path / "a.png", flat(0)), save(tmp_path / "b.png", flat(255))
    np.testing.assert_array_equal(data.load_images([light, str(dark)])[:, 0, 0, 0], [1, 0])


@pytest.mark.parametrize(("image_size", "shape"), [((4, 10), (4, 10)), (5, (5, 5))])
def test_image_size_resizes_every_image(tmp_path, image_size, shape):
    small, large = (
        save(tmp_path / "s.png", flat(51, 3, 3)),
        save(tmp_path / "l.png", flat(51, 40, 30)),
    )
    batch = data.load_images([small, large], image_size=image_size)
    assert batch.shape == (2, *shape, 3)
    np.testing.assert_allclose(batch, 0.2, atol=1e-6)  # a flat image stays flat


def test_resizing_keeps_values_in_the_unit_range(tmp_path):
    checkerboard = (np.indices((9, 9)).sum(axis=0) % 2 * 255).astype(np.uint8)
    batch = data.load_images(save(tmp_path / "check.png", checkerboard), image_size=(20, 20))
    assert batch.min() >= 0.0 and batch.max() <= 1.0
    assert 0.3 < batch.mean() < 0.7


def test_progress_is_called_after_each_file(tmp_path):
    paths = [save(tmp_path / f"{i}.png", flat(i)) for i in range(3)]
    calls = []
    data.load_images(paths, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


# -- Bad input ----------------------------------------------------------------------------------


def test_a_missing_file_raises_file_not_found_naming_it(tmp_path):
    with raises_naming(FileNotFoundError, "paths", "missing.png"):
        data.load_images(tmp_path / "missing.png")


def test_a_file_that_is_not_an_image_raises_naming_it(tmp_path):
    path = tmp_path / "notes.png"
    path.write_text("these are lecture notes, not a picture")
    with raises_naming(ValueError, "paths", "notes.png", "not an image file"):
        data.load_images(path)


def test_a_damaged_image_raises_naming_it(tmp_path):
    whole = save(
        tmp_path / "whole.png", np.random.default_rng(0).integers(0, 255, (64, 64, 3), np.uint8)
    )
    damaged = tmp_path / "damaged.png"
    damaged.write_bytes(whole.read_bytes()[:400])
    with raises_naming(ValueError, "paths", "damaged.png"):
        data.load_images(damaged)


def test_an_unsupported_format_raises_naming_it(tmp_path):
    path = save(tmp_path / "photo.psd.png", flat(0))
    Image.fromarray(flat(0)).save(path, format="PCX")  # Pillow reads PCX; filterviz does not
    with raises_naming(ValueError, "paths", "photo.psd.png", "PCX"):
        data.load_images(path)


def test_a_folder_without_images_raises_naming_it(tmp_path):
    (tmp_path / "notes.txt").write_text("no images here")
    with raises_naming(ValueError, "paths", str(tmp_path)):
        data.load_images(tmp_path)


def test_images_of_different_sizes_raise_naming_both(tmp_path):
    small, large = (
        save(tmp_path / "small.png", flat(0, 4, 4)),
        save(tmp_path / "large.png", flat(0)),
    )
    with raises_naming(ValueError, "paths", "small.png' is 4×4", "large.png' is 6×8", "image_size"):
        data.load_images([small, large])


def test_float_images_outside_the_unit_range_raise(tmp_path):
    path = save(tmp_path / "bright.tif", np.full((2, 2), 2.0, dtype=np.float32))
    with raises_naming(ValueError, "paths", "bright.tif", "outside [0, 1]"):
        data.load_images(path)


def test_paths_of_the_wrong_type_raise_type_error():
    with raises_naming(TypeError, "paths", "int"):
        data.load_images(3)


def test_a_list_item_that_is_not_a_path_raises_type_error(tmp_path):
    with raises_naming(TypeError, "paths", "got 3"):
        data.load_images([save(tmp_path / "a.png", flat(0)), 3])


def test_an_empty_list_raises():
    with raises_naming(ValueError, "paths", "none"):
        data.load_images([])


@pytest.mark.parametrize("image_size", [0, (4, 0), (4, 4, 4)])
def test_a_bad_image_size_raises_naming_it(tmp_path, image_size):
    with raises_naming(ValueError, "image_size", repr(image_size)):
        data.load_images(save(tmp_path / "a.png", flat(0)), image_size=image_size)


def test_a_progress_that_is_not_callable_raises(tmp_path):
    with raises_naming(TypeError, "progress", "'yes'"):
        data.load_images(save(tmp_path / "a.png", flat(0)), progress="yes")
