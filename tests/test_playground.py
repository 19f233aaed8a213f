"""The playground's build-time data (docs/_ext/playground.py), checked without a browser."""

from __future__ import annotations

import base64
import importlib.util
import io
import json
import re
from pathlib import Path

import numpy as np
import pytest

import filterviz

ROOT = Path(__file__).resolve().parent.parent
EXTENSION = ROOT / "docs" / "_ext" / "playground.py"


@pytest.fixture(scope="module")
def extension():
    spec = importlib.util.spec_from_file_location("filterviz_docs_playground", EXTENSION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def data(extension):
    return extension.playground_data()


def decode_strip(data) -> np.ndarray:
    from PIL import Image

    header, encoded = data["images"]["src"].split(",", 1)
    assert header == "data:image/webp;base64"
    with Image.open(io.BytesIO(base64.b64decode(encoded))) as image:
        assert image.format == "WEBP"
        return np.asarray(image.convert("RGB"))


def lookup_table(entry) -> np.ndarray:
    return np.frombuffer(base64.b64decode(entry["lut"]), dtype=np.uint8).reshape(256, 3)


def test_images_are_the_ten_cifar10_samples_losslessly(data):
    images, labels, class_names = filterviz.sample_images("cifar10", n=10)
    meta = data["images"]
    assert (meta["count"], meta["height"], meta["width"], meta["channels"]) == (10, 32, 32, 3)
    strip = decode_strip(data)
    assert strip.shape == (32, 320, 3)
    for index in range(10):
        tile = strip[:, 32 * index : 32 * (index + 1)]
        np.testing.assert_array_equal(tile.astype(np.float32) / np.float32(255), images[index])
    assert meta["classNames"] == [class_names[label] for label in labels]
    assert meta["classNames"][0] == "cat"


def test_kernels_are_the_bank_in_order_diagonals_first(data):
    names = [kernel["name"] for kernel in data["kernels"]]
    assert names == list(filterviz.kernels.KERNELS)
    assert names[:2] == ["diagonal", "anti_diagonal"]
    for kernel in data["kernels"]:
        expected = filterviz.kernels.get(kernel["name"])
        assert tuple(kernel["shape"]) == expected.shape
        weights = np.asarray(kernel["weights"], dtype=np.float32).reshape(kernel["shape"])
        np.testing.assert_array_equal(weights, expected)
        assert kernel["description"] == filterviz.kernels.describe(kernel["name"])


def test_colour_kernels_keep_one_slice_per_channel(data):
    red_green = next(kernel for kernel in data["kernels"] if kernel["name"] == "red_green")
    weights = np.asarray(red_green["weights"]).reshape(3, 3, 3)
    assert weights[1, 1].tolist() == [0.25, -0.25, 0.0]  # centre: +red, -green, no blue


def test_colour_maps_are_filterviz_maps_as_256_rgb_entries(data):
    diverging = data["colormaps"]["diverging"]
    sequential = data["colormaps"]["sequential"]
    assert diverging["name"] == filterviz.plot.DIVERGING == "RdBu_r"
    assert sequential["name"] == filterviz.plot.SEQUENTIAL == "gray"
    grey = lookup_table(sequential)
    # Black to white in steps of 1; Matplotlib's bytes truncate, so a few entries lag by 1.
    assert grey[0, 0] == 0 and grey[-1, 0] == 255
    assert np.abs(grey[:, 0].astype(int) - np.arange(256)).max() <= 1
    assert (np.diff(grey[:, 0].astype(int)) >= 0).all()
    np.testing.assert_array_equal(grey[:, 0], grey[:, 2])
    blue_to_red = lookup_table(diverging).astype(int)
    assert blue_to_red[0, 2] > blue_to_red[0, 0]  # most negative: blue
    assert blue_to_red[-1, 0] > blue_to_red[-1, 2]  # most positive: red
    assert blue_to_red[127:129].min() > 240  # zero: nearly white


def test_data_script_assigns_the_data_to_one_global(extension, data):
    script = extension.data_script(data)
    match = re.fullmatch(r"window\.FILTERVIZ_PLAYGROUND_DATA=(\{.*\});\n", script, flags=re.S)
    assert match is not None
    assert json.loads(match.group(1)) == data


def test_images_that_are_not_8_bit_are_refused(extension, monkeypatch):
    images, labels, class_names = filterviz.sample_images("cifar10", n=10)

    def blurred_samples(dataset, n):
        return images * np.float32(0.999), labels, class_names

    monkeypatch.setattr(filterviz.data, "sample_images", blurred_samples)
    with pytest.raises(ValueError, match="not 8-bit"):
        extension.playground_data()


def test_built_playground_page_loads_its_data_then_its_script(built_site, extension, data):
    page = (built_site / "playground.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script defer="defer" src="(_static/playground/[^"?]+)', page)
    assert scripts == ["_static/playground/data.js", "_static/playground/playground.js"]
    assert "_static/playground/playground.css" in page
    assert 'id="fv-playground"' in page and "<noscript>" in page
    written = (built_site / "_static" / "playground" / "data.js").read_text(encoding="ascii")
    assert written == extension.data_script(data)


def test_other_pages_do_not_load_the_playground(built_site):
    for name in ("index.html", "auto_examples/handmade_filters/plot_01_diagonal.html"):
        page = (built_site / name).read_text(encoding="utf-8")
        assert "_static/playground/" not in page, name
        assert "playground.html" in page, name  # the navigation bar links to it


def test_step_numbers_are_the_steps_computed_on_the_ten_images(extension):
    numbers = extension.step_numbers()
    images, _, _ = filterviz.sample_images("cifar10", n=10)
    weights = np.repeat(np.asarray(filterviz.kernels.DIAGONAL, np.float32)[:, :, None], 3, axis=2)
    kept = filterviz.conv.correlate(
        images, weights[..., None], bias=extension.STRONG_BIAS, activation="relu"
    )
    assert numbers["strong_bias_above"] == f"{100 * (kept > 0).mean():.1f}\u00a0%"
    # What the step says of it: a small share survives, and a bias of -2 keeps most.
    assert float(numbers["strong_bias_above"].split("\u00a0")[0]) < 15
    assert float(numbers["weak_bias_above"].split("\u00a0")[0]) > 85
    assert float(numbers["centre_minus_one_below"].split("\u00a0")[0]) < 1
    assert numbers["reddest_above"] == "100.0\u00a0%"
    colour = filterviz.conv.correlate(images, filterviz.kernels.RED_GREEN[..., None])[..., 0]
    assert numbers["red_car_high"] == f"{colour.max():.3g}"  # the red car has the largest
    assert np.unravel_index(colour.argmax(), colour.shape)[0] == extension.RED_CAR_IMAGE


def test_built_page_prints_every_step_number(built_site, extension):
    page = (built_site / "playground.html").read_text(encoding="utf-8")
    try_it = page[page.index('<section id="try-it">') :]
    printed = re.findall(r'<span class="fv-number">([^<]*)</span>', try_it)
    numbers = extension.step_numbers()
    assert sorted(printed) == sorted(numbers.values())
    assert "Press <strong>Reset</strong>" in try_it
