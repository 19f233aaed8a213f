"""Reading users' own image files: bounded cost, every common format, folders that say what they skip."""

from __future__ import annotations

import struct
import time
import zlib

import numpy as np
import pytest
from PIL import Image

from filterviz import data


def declared_png(path, width, height):
    """A PNG of a few hundred bytes whose header declares `width` × `height` grey pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * (width + 1) * 4)  # four rows of zeros; the rest is missing
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )
    return path


def saved(image, path, **options):
    image.save(path, **options)
    return path


def gradient(height, width):
    """An RGB image, 8-bit: red rises left to right, green top to bottom."""
    rows, columns = np.mgrid[0:height, 0:width]
    red = (columns * 255 // max(width - 1, 1)).astype(np.uint8)
    green = (rows * 255 // max(height - 1, 1)).astype(np.uint8)
    return np.stack([red, green, np.full_like(red, 128)], axis=2)


# -- Bombs and large images ---------------------------------------------------------------------


def test_a_png_declaring_10000_by_10000_is_refused_at_once_naming_file_and_size(tmp_path):
    bomb = declared_png(tmp_path / "bomb.png", 10_000, 10_000)
    assert bomb.stat().st_size < 1000
    start = time.perf_counter()
    with pytest.raises(
        ValueError, match=r"bomb\.png.* 10000×10000 pixels \(100\.0 MP\).*max_pixels"
    ):
        data.load_images(bomb, image_size=(32, 32))
    assert time.perf_counter() - start < 1.0  # refused from the header: nothing was decoded


def test_a_png_declaring_more_than_pillow_reads_is_refused_naming_it(tmp_path):
    bomb = declared_png(tmp_path / "huge.png", 20_000, 20_000)
    with pytest.raises(ValueError, match=r"huge\.png.* declares more than"):
        data.load_images(bomb, max_pixels=data.MAX_PIXELS_LIMIT)


def test_max_pixels_refuses_an_image_above_it_and_reads_one_at_it(tmp_path):
    path = saved(Image.new("RGB", (40, 30), "red"), tmp_path / "red.png")
    with pytest.raises(ValueError, match=r"red\.png.* 40×30 pixels .*max_pixels=1,199"):
        data.load_images(path, max_pixels=1199)
    assert data.load_images(path, max_pixels=1200).shape == (1, 30, 40, 3)


@pytest.mark.parametrize("max_pixels", [0, data.MAX_PIXELS_LIMIT + 1])
def test_max_pixels_out_of_range_raises_naming_it(tmp_path, max_pixels):
    path = saved(Image.new("RGB", (4, 4)), tmp_path / "a.png")
    with pytest.raises(ValueError, match="max_pixels must be from 1 to"):
        data.load_images(path, max_pixels=max_pixels)


def test_max_pixels_of_the_wrong_type_raises_type_error(tmp_path):
    path = saved(Image.new("RGB", (4, 4)), tmp_path / "a.png")
    with pytest.raises(TypeError, match="max_pixels must be an integer"):
        data.load_images(path, max_pixels=1.5e6)


def test_a_jpeg_shrunk_to_32_is_decoded_at_reduced_size(tmp_path, monkeypatch):
    """JPEG draft mode and whole-factor reduction leave little for the final resize to do."""
    path = tmp_path / "large.jpg"
    Image.fromarray(gradient(1600, 1600)).save(path, quality=95)
    seen = []
    resize = Image.Image.resize

    def spy(self, size, *args, **kwargs):
        seen.append(self.size)
        return resize(self, size, *args, **kwargs)

    monkeypatch.setattr(Image.Image, "resize", spy)
    batch = data.load_images(path, image_size=(32, 32))
    assert batch.shape == (1, 32, 32, 3)
    assert all(max(size) < 64 for size in seen), seen  # never the 1600×1600 image
    red = batch[0, 16, :, 0]
    assert red[0] < 0.05 and red[-1] > 0.95 and np.all(np.diff(red) > 0)  # the gradient survives


def test_a_large_png_is_reduced_before_it_is_converted(tmp_path, monkeypatch):
    path = tmp_path / "palette.png"
    Image.fromarray(gradient(640, 640)).convert("P").save(path)
    seen = []
    reduce = Image.Image.reduce

    def spy(self, factor, *args, **kwargs):
        seen.append((self.size, factor))
        return reduce(self, factor, *args, **kwargs)

    monkeypatch.setattr(Image.Image, "reduce", spy)
    assert data.load_images(path, image_size=(32, 32)).shape == (1, 32, 32, 3)
    assert seen == [((640, 640), 20)]


def test_max_side_shrinks_the_longer_side_and_keeps_proportions(tmp_path):
    path = tmp_path / "wide.jpg"
    Image.fromarray(gradient(300, 1200)).save(path)
    assert data.load_images(path, max_side=400).shape == (1, 100, 400, 3)
    assert data.load_images(path, max_side=2000).shape == (1, 300, 1200, 3)  # small: kept


def test_max_side_applies_to_the_upright_photo(tmp_path):
    exif = Image.Exif()
    exif[0x0112] = 6  # stored lying on its side
    path = tmp_path / "phone.jpg"
    Image.fromarray(gradient(100, 400)).save(path, exif=exif)
    assert data.load_images(path, max_side=200).shape == (1, 200, 50, 3)


def test_check_image_reads_the_header_only(tmp_path):
    bomb = declared_png(tmp_path / "bomb.png", 9000, 9000)
    with pytest.raises(ValueError, match=r"bomb\.png.* 9000×9000"):
        data.check_image(bomb)
    assert data.check_image(bomb, max_pixels=81_000_000) == (9000, 9000)


# -- Formats -----------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".webp", ".avif", ".jp2", ".pgm", ".ico", ".qoi"])
def test_formats_pillow_reads_are_read(tmp_path, suffix):
    from PIL import features

    needs = {".webp": "webp", ".avif": "avif", ".jp2": "jpg_2000"}.get(suffix)
    if needs and not features.check(needs):
        pytest.skip(f"this Pillow was built without {needs}")
    path = tmp_path / f"grey{suffix}"
    grey = suffix == ".pgm"  # PGM holds grey levels; QOI holds RGB only
    image = Image.new("L", (16, 16), 102) if grey else Image.new("RGB", (16, 16), (102,) * 3)
    image.save(path, **({"lossless": True} if suffix == ".webp" else {}))
    np.testing.assert_allclose(data.load_images(path), 0.4, atol=3 / 255)


def test_a_heic_photo_without_the_plugin_names_pillow_heif(tmp_path):
    try:
        import pillow_heif  # noqa: F401

        pytest.skip("pillow-heif is installed here")
    except ImportError:
        pass
    path = tmp_path / "IMG_0001.HEIC"
    path.write_bytes(b"\0\0\0\x18ftypheic" + b"\0" * 64)
    with pytest.raises(ValueError, match=r"IMG_0001\.HEIC.* pillow-heif"):
        data.load_images(path)


# -- Folders -----------------------------------------------------------------------------------


@pytest.fixture
def messy_folder(tmp_path):
    """Two images, an AppleDouble file, a hidden image, notes, a sub-folder and a broken JPEG."""
    folder = tmp_path / "photos"
    folder.mkdir()
    Image.new("RGB", (8, 6), (255, 0, 0)).save(folder / "a.png")
    Image.new("RGB", (8, 6), (0, 0, 255)).save(folder / "b.webp", lossless=True)
    (folder / "._a.png").write_bytes(b"\x00\x05\x16\x07")  # macOS AppleDouble: four bytes
    Image.new("RGB", (8, 6), (0, 255, 0)).save(folder / ".thumbnail.png")
    (folder / "notes.txt").write_text("not a picture")
    (folder / "older").mkdir()
    (folder / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a JPEG")
    return folder


def test_image_files_leaves_out_hidden_files_and_lists_the_rest_it_skips(messy_folder):
    skipped = []
    files = data.image_files(messy_folder, skipped=skipped)
    assert [file.name for file in files] == ["a.png", "b.webp", "broken.jpg"]
    assert [(path.name, reason) for path, reason in skipped] == [
        ("notes.txt", "not an image name"),
        ("older", "a folder"),
    ]


def test_load_images_skips_an_unreadable_image_of_a_folder_and_names_it(messy_folder):
    skipped = []
    batch = data.load_images(messy_folder, skipped=skipped)
    np.testing.assert_allclose(batch[:, 0, 0], [[1, 0, 0], [0, 0, 1]])
    assert sorted(path.name for path, _ in skipped) == ["broken.jpg", "notes.txt", "older"]
    assert dict((path.name, reason) for path, reason in skipped)["broken.jpg"] == (
        "cannot be read as an image"
    )


def test_without_skipped_one_warning_sums_up_what_was_left_out(messy_folder):
    with pytest.warns(UserWarning, match=r"^skipped 3 files: notes\.txt .*older .*broken\.jpg"):
        assert len(data.load_images(messy_folder)) == 2


def test_an_unreadable_file_named_explicitly_is_an_error(messy_folder):
    with pytest.raises(ValueError, match=r"broken\.jpg"):
        data.load_images([messy_folder / "a.png", messy_folder / "broken.jpg"])


def test_an_apple_double_file_named_explicitly_is_an_error(messy_folder):
    with pytest.raises(ValueError, match=r"\._a\.png.* is not an image file"):
        data.load_images(messy_folder / "._a.png")


def test_a_folder_of_only_unreadable_images_raises_listing_them(tmp_path):
    (tmp_path / "broken.png").write_bytes(b"\x89PNG but cut short")
    with pytest.raises(ValueError, match=r"no image could be read; skipped 1 file: broken\.png"):
        data.load_images(tmp_path, skipped=[])


def test_max_images_reads_the_first_readable_ones(messy_folder):
    batch = data.load_images(messy_folder, max_images=1, skipped=[])
    np.testing.assert_allclose(batch[:, 0, 0], [[1, 0, 0]])


def test_an_empty_path_raises_naming_paths():
    with pytest.raises(ValueError, match="paths: got an empty path"):
        data.image_files("")
