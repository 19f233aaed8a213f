"""The browser's image input (docs/_static/image_input/image_input.js) against the command line.

Each image is made here with Pillow, read in headless Chromium by
``window.filterviz_image.read`` and compared with
``filterviz.data.load_images([path], image_size=(32, 32))``. The module is
loaded from the source tree into a blank page, so these tests need no built
site. The largest differences measured are printed (``pytest -s`` shows them).
"""

from __future__ import annotations

import base64
from pathlib import Path

import numpy as np
import pytest

import filterviz

sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="Playwright is missing: pip install -e '.[test]' (the browser itself is Debian's)",
)

from chromium import CHROMIUM  # noqa: E402 - Debian's browser, named in tools/chromium.py

MODULE = Path(__file__).resolve().parent.parent / "docs" / "_static" / "image_input" / "image_input.js"
#: One step of 8-bit rounding. Measured: 0 on every image here but the tall one (70 x 300),
#: which differs by 1/255 at a few pixels: Pillow 13 runs the vertical pass of its resize first
#: for some tall images (a rule the module does not copy), and each pass rounds to 8 bits.
EXACT = 1 / 255 + 1e-7
#: A JPEG: Pillow decodes at 1/2, 1/4 or 1/8 size with a scaled inverse DCT (draft mode), the
#: browser at full size, which the module then averages in blocks of the same size. Measured on
#: the photo-like test image below: at most 2/255 apart, 0.17/255 on average; the bounds leave
#: room for another libjpeg.
JPEG_MAX = 4 / 255
JPEG_MEAN = 0.5 / 255

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=(
        "Chromium is not installed at /usr/bin/chromium; install Debian's package with "
        "'sudo apt-get install chromium' to run the browser tests (never 'playwright install')"
    ),
)

READ = """async ([data, name, size, crop]) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const file = new File([bytes], name);
    const started = performance.now();
    const result = await window.filterviz_image.read(file, {size, crop});
    const elapsed = performance.now() - started;
    if (!result.ok) {
        return Object.assign({elapsed}, result);
    }
    return {
        ok: true, pixels: Array.from(result.pixels), width: result.width, height: result.height,
        crop: result.crop, note: result.note, name: result.name,
        preview: [result.preview.width, result.preview.height],
    };
}"""


@pytest.fixture
def page(browser):
    context = browser.new_context()
    opened = context.new_page()
    problems = []
    opened.on("pageerror", lambda error: problems.append(str(error)))
    opened.set_content("<!doctype html><title>image input</title><body></body>")
    opened.add_script_tag(path=str(MODULE))
    yield opened
    context.close()
    assert not problems, problems


def read(page, path: Path, size: int = 32, crop: str = "none") -> dict:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    result = page.evaluate(READ, [data, path.name, size, crop])
    if result["ok"]:
        result["pixels"] = np.asarray(result["pixels"], np.float32).reshape(size, size, 3)
    return result


def command_line(path: Path, size: int = 32) -> np.ndarray:
    return filterviz.data.load_images([path], image_size=(size, size))[0]


def detail(width: int, height: int, seed: int = 0) -> np.ndarray:
    """An RGB image with gradients, stripes and noise: every resizing error shows."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width]
    red = 255 * x / max(width - 1, 1)
    green = 127.5 + 127.5 * np.sin(x / 3.0 + y / 5.0)
    blue = 255.0 * ((x // 7 + y // 4) % 2)
    image = np.stack([red, green, blue], axis=-1) + rng.normal(0, 20, (height, width, 3))
    return np.clip(np.rint(image), 0, 255).astype(np.uint8)


def photo(width: int, height: int) -> np.ndarray:
    """A smooth, photo-like picture (JPEG's home ground): blobs of colour over a gradient."""
    y, x = np.mgrid[0:height, 0:width] / max(width, height)
    image = np.stack([200 * x + 30, 160 * (1 - y) + 40, 120 + 80 * np.sin(6 * x * y)], axis=-1)
    for cx, cy, r, colour in [(0.3, 0.3, 0.15, (240, 40, 30)), (0.7, 0.5, 0.2, (30, 60, 220))]:
        inside = (x - cx) ** 2 + (y - cy) ** 2 < r**2
        image[inside] = colour
    return np.clip(np.rint(image), 0, 255).astype(np.uint8)


def difference(result: dict, expected: np.ndarray, label: str) -> float:
    assert result["ok"], result.get("message")
    largest = float(np.abs(result["pixels"] - expected).max())
    print(f"\n{label}: largest difference {largest * 255:.2f}/255")
    return largest


@pytest.mark.parametrize(
    ("width", "height"),
    [(203, 157), (1000, 700), (640, 33), (20, 13), (32, 32), (70, 300)],
)
def test_a_png_with_detail_is_resized_as_the_command_line_does(page, tmp_path, width, height):
    """Whole-factor reduce, then antialiased bilinear: within one step of 8-bit rounding."""
    from PIL import Image

    path = tmp_path / f"detail-{width}x{height}.png"
    Image.fromarray(detail(width, height)).save(path)
    result = read(page, path)
    assert (result["width"], result["height"]) == (width, height)
    assert result["crop"] == {"x": 0, "y": 0, "w": width, "h": height}
    assert difference(result, command_line(path), path.name) <= EXACT


def test_a_grey_png_becomes_three_equal_channels(page, tmp_path):
    from PIL import Image

    path = tmp_path / "grey.png"
    Image.fromarray(detail(150, 90)[:, :, 1]).save(path)  # mode "L"
    result = read(page, path)
    assert difference(result, command_line(path), path.name) <= EXACT
    np.testing.assert_array_equal(result["pixels"][..., 0], result["pixels"][..., 2])


@pytest.mark.parametrize(("width", "height"), [(120, 80), (40, 30)])  # shrunk by 2 first, or not
def test_an_rgba_png_is_laid_on_white(page, tmp_path, width, height):
    """Pillow shrinks translucent pixels premultiplied, then lays them on white: so does the module."""
    from PIL import Image

    rgba = np.concatenate([detail(width, height), np.zeros((height, width, 1), np.uint8)], axis=-1)
    rgba[..., 3] = np.linspace(0, 255, width, dtype=np.uint8)[None, :]  # clear to opaque
    path = tmp_path / f"rgba-{width}x{height}.png"
    Image.fromarray(rgba, mode="RGBA").save(path)
    result = read(page, path)
    assert difference(result, command_line(path), path.name) <= EXACT
    assert result["pixels"][:, 0].min() > 0.9  # the clear left edge is white


def test_a_one_pixel_png_becomes_a_uniform_image(page, tmp_path):
    from PIL import Image

    path = tmp_path / "one.png"
    Image.new("RGB", (1, 1), (200, 30, 90)).save(path)
    result = read(page, path)
    assert difference(result, command_line(path), path.name) <= EXACT
    np.testing.assert_array_equal(result["pixels"], np.broadcast_to(result["pixels"][0, 0], (32, 32, 3)))
    np.testing.assert_allclose(result["pixels"][0, 0], np.array([200, 30, 90]) / 255, atol=1e-7)


@pytest.mark.parametrize("extension", ["webp", "bmp"])
def test_webp_and_bmp_are_read_as_the_command_line_reads_them(page, tmp_path, extension):
    from PIL import Image

    path = tmp_path / f"detail.{extension}"
    options = {"lossless": True} if extension == "webp" else {}
    Image.fromarray(detail(90, 70, seed=3)).save(path, **options)
    result = read(page, path)
    assert difference(result, command_line(path), path.name) <= EXACT


def test_a_jpeg_is_close_to_the_command_line(page, tmp_path):
    """Pillow's draft decoding is approximated by a block average: a looser, stated tolerance."""
    from PIL import Image

    path = tmp_path / "photo.jpg"
    Image.fromarray(photo(640, 480)).save(path, quality=92)
    result = read(page, path)
    expected = command_line(path)
    largest = difference(result, expected, path.name)
    mean = float(np.abs(result["pixels"] - expected).mean())
    print(f"{path.name}: mean difference {mean * 255:.2f}/255")
    assert largest <= JPEG_MAX and mean <= JPEG_MEAN


def test_the_centre_crop_is_the_command_line_on_the_centre_square(page, tmp_path):
    from PIL import Image

    image = Image.fromarray(detail(301, 200, seed=5))
    path = tmp_path / "wide.png"
    image.save(path)
    square = tmp_path / "square.png"
    image.crop((50, 0, 250, 200)).save(square)  # (301 - 200) // 2 = 50
    result = read(page, path, crop="centre")
    assert result["crop"] == {"x": 50, "y": 0, "w": 200, "h": 200}
    assert difference(result, command_line(square), "centre of wide.png") <= EXACT
    assert max(result["preview"]) <= 256


def test_an_animated_gif_gives_its_first_frame_with_a_note(page, tmp_path):
    from PIL import Image

    first = Image.new("RGB", (40, 40), (255, 0, 0))
    second = Image.new("RGB", (40, 40), (0, 0, 255))
    path = tmp_path / "two-frames.gif"
    first.save(path, save_all=True, append_images=[second], duration=100, loop=0)
    result = read(page, path)
    assert difference(result, command_line(path), path.name) <= EXACT
    np.testing.assert_allclose(result["pixels"], np.broadcast_to([1.0, 0.0, 0.0], (32, 32, 3)))
    assert "animated GIF" in result["note"] and "first frame" in result["note"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.png", b"These are notes, not an image.\n", "is not an image"),
        ("empty.png", b"", "is empty"),
        ("cut.png", b"\x89PNG\r\n\x1a\n\x00\x00", "header is damaged"),
    ],
)
def test_a_file_that_is_not_an_image_is_refused_with_its_name(page, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = read(page, path)
    assert result["ok"] is False
    assert message in result["message"] and name in result["message"]


def test_an_image_that_fails_to_decode_is_refused(page, tmp_path):
    from PIL import Image

    path = tmp_path / "truncated.png"
    Image.fromarray(detail(64, 64)).save(path)
    path.write_bytes(path.read_bytes()[:200])  # the header, then half a chunk
    result = read(page, path)
    assert result["ok"] is False and "could not be decoded" in result["message"]


@pytest.mark.parametrize("extension", ["png", "gif", "bmp", "webp"])
def test_an_image_over_40_megapixels_is_refused_from_its_header(page, tmp_path, extension):
    from PIL import Image

    path = tmp_path / f"huge.{extension}"
    if extension == "webp":  # WebP stops at 16383 pixels a side: 16000 x 2600 = 41.6 MP
        Image.new("RGB", (16000, 2600)).save(path, lossless=True)
        size = "16000 \u00d7 2600"
    else:
        mode = {"png": "RGB", "gif": "L", "bmp": "1"}[extension]  # a 1-bit BMP: 5 MB on disk
        Image.new(mode, (7000, 6000)).save(path)
        size = "7000 \u00d7 6000"
    result = read(page, path)
    assert result["ok"] is False
    assert size in result["message"] and "not decoded" in result["message"]
    assert result["elapsed"] < 2000  # a header read, not a decode of 42 million pixels


def test_a_jpeg_over_40_megapixels_is_refused_from_its_header(page, tmp_path):
    from PIL import Image

    path = tmp_path / "huge.jpg"
    Image.new("RGB", (8000, 6000)).save(path, quality=10)
    result = read(page, path)
    assert result["ok"] is False and "8000 \u00d7 6000" in result["message"]


def test_attach_builds_a_labelled_input_and_reports_errors_politely(page, tmp_path):
    from PIL import Image

    page.evaluate(
        """() => {
            window.seen = [];
            window.filterviz_image.attach(document.body, {
                label: "Your image",
                onImage: (result) => window.seen.push(["image", result.name]),
                onError: (message) => window.seen.push(["error", message]),
            });
        }"""
    )
    field = page.get_by_label("Your image")
    assert field.get_attribute("type") == "file"
    message = page.locator(".fv-image-message")
    assert message.get_attribute("aria-live") == "polite"
    good = tmp_path / "good.png"
    Image.fromarray(detail(40, 30)).save(good)
    field.set_input_files(str(good))
    page.wait_for_function("() => window.seen.length === 1")
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not an image")
    field.set_input_files(str(bad))
    page.wait_for_function("() => window.seen.length === 2")
    seen = page.evaluate("() => window.seen")
    assert seen[0] == ["image", "good.png"]
    assert seen[1][0] == "error" and "bad.png" in seen[1][1]
    assert "bad.png" in message.inner_text()


def test_attach_reads_a_dropped_file_and_refuses_a_drop_without_one(page, tmp_path):
    from PIL import Image

    good = tmp_path / "dropped.png"
    Image.fromarray(detail(50, 40)).save(good)
    data = base64.b64encode(good.read_bytes()).decode("ascii")
    seen = page.evaluate(
        """async (data) => {
            const seen = [];
            const reader = window.filterviz_image.attach(document.body, {
                label: "Drop here",
                onImage: (result) => seen.push(["image", result.name, result.pixels.length]),
                onError: (message) => seen.push(["error", message]),
            });
            const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], "dropped.png", {type: "image/png"}));
            reader.zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true}));
            while (seen.length < 1) {
                await new Promise((resolve) => setTimeout(resolve, 20));
            }
            reader.zone.dispatchEvent(
                new DragEvent("drop", {dataTransfer: new DataTransfer(), bubbles: true}));
            return seen;
        }""",
        data,
    )
    assert seen[0] == ["image", "dropped.png", 32 * 32 * 3]
    assert seen[1][0] == "error" and "held no file" in seen[1][1]
