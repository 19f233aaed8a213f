"""The network explorer page: the browser's numbers equal Keras', through the page's API.

Headless Debian Chromium through Playwright, the built site served on
127.0.0.1, with the fixtures of tests/conftest.py and tests/test_browser.py.
The page computes the shipped network in JavaScript (docs/_static/explorer/);
these tests compare every depth's feature maps and the class probabilities of
the ten CIFAR-10 samples with filterviz.model.feature_maps and Keras'
predict, the arithmetic it prints for one pixel with filterviz.conv.correlate,
and run the page's JavaScript on a small model of other kernel sizes to show
that it follows the exported layers, not the shipped architecture.
"""

from __future__ import annotations

import json

import explorer
import keras
import numpy as np
import page_data
import pytest
import test_accessibility
import test_browser
from test_browser import CHROMIUM

import filterviz

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Chromium is not installed at /usr/bin/chromium (sudo apt-get install chromium)",
)

#: Largest absolute difference allowed between the page's numbers and Keras'.
TOLERANCE = 1e-4
PAGE = "explorer.html"
READY = "#fv-explorer[data-ready='true']"

tab = test_browser.tab


# ------------------------------------------------------------------ helpers


@pytest.fixture(scope="module")
def model():
    return filterviz.shipped.load("cifar10_cnn")


@pytest.fixture(scope="module")
def cifar10():
    images, labels, _ = filterviz.sample_images("cifar10", n=10)
    return images, labels


@pytest.fixture(scope="module")
def keras_numbers(model, cifar10):
    """Keras' feature maps of every depth and its probabilities for the ten samples."""
    images, _ = cifar10
    names = [layer.name for layer in model.layers if isinstance(layer, keras.layers.Conv2D)]
    maps = filterviz.model.feature_maps(model, names, images)
    probabilities = model.predict(images, verbose=0)
    return maps, probabilities


def open_explorer(tab):
    page = tab.open(PAGE)
    page.wait_for_selector(READY)
    return page


def page_maps(page, depth: int) -> np.ndarray:
    shape = page.evaluate(f"() => window.filterviz_explorer.mapShape({depth})")
    values = page.evaluate(f"() => window.filterviz_explorer.maps({depth})")
    return np.asarray(values, dtype=np.float32).reshape(shape)


def padded_window(array: np.ndarray, row: int, col: int, size: int) -> np.ndarray:
    """The size × size window of `array` (H, W, C) centred on (row, col), zeros outside."""
    half = size // 2
    padded = np.pad(array, ((half, half), (half, half), (0, 0)))
    return padded[row : row + size, col : col + size]


# ------------------------------------------------------------ agreement


def test_explorer_numbers_equal_keras_for_the_ten_cifar10_samples(tab, keras_numbers, cifar10):
    """Every depth's maps and the ten probabilities, image by image, within 1e-4 of Keras."""
    maps, probabilities = keras_numbers
    images, _ = cifar10
    page = open_explorer(tab)
    samples = page.evaluate("() => window.filterviz_explorer.samples()")
    assert [entry["dataset"] for entry in samples[:10]] == ["cifar10"] * 10
    assert page.evaluate("() => window.filterviz_explorer.depths()") == len(maps) == 4
    worst_maps, worst_probabilities = 0.0, 0.0
    for index in range(10):
        page.evaluate(f"() => window.filterviz_explorer.run({index})")
        shown = np.asarray(page.evaluate("() => window.filterviz_explorer.image()"))
        np.testing.assert_array_equal(shown.astype(np.float32), images[index].ravel())
        for depth, expected in enumerate(maps, start=1):
            got = page_maps(page, depth)
            assert got.shape == expected.shape[1:]
            worst_maps = max(worst_maps, float(np.abs(got - expected[index]).max()))
        got = np.asarray(page.evaluate("() => window.filterviz_explorer.probabilities()"))
        assert got.shape == (10,)
        assert abs(got.sum() - 1) < 1e-5
        worst_probabilities = max(
            worst_probabilities, float(np.abs(got - probabilities[index]).max())
        )
    assert worst_maps <= TOLERANCE, f"feature maps differ from Keras' by {worst_maps:.3g}"
    assert worst_probabilities <= TOLERANCE, f"probabilities differ by {worst_probabilities:.3g}"
    # Not a check that passes on zeros: the maps and probabilities are not trivial.
    assert float(maps[0].max()) > 1 and float(probabilities.max()) > 0.5


def test_explorer_arithmetic_at_depth_1_equals_correlate(tab, model, cifar10):
    """The page's window × weights + bias, ReLU for a pixel of depth 1 is correlate's."""
    images, _ = cifar10
    kernel, bias = model.get_layer("conv1").get_weights()
    page = open_explorer(tab)
    page.evaluate("() => window.filterviz_explorer.run(3)")
    filter_index, row, col = 5, 0, 17  # on the top edge: the window holds padding
    result = page.evaluate(
        f"() => window.filterviz_explorer.arithmetic(1, {filter_index}, {row}, {col})"
    )
    window = padded_window(images[3], row, col, 3)
    assert result["kernelShape"] == [3, 3, 3]
    np.testing.assert_allclose(np.reshape(result["window"], (3, 3, 3)), window, atol=1e-7)
    np.testing.assert_allclose(
        np.reshape(result["weights"], (3, 3, 3)), kernel[..., filter_index], atol=1e-7
    )
    expected = filterviz.conv.correlate(
        window[None],
        kernel[..., filter_index : filter_index + 1],
        padding="valid",
        bias=bias[filter_index : filter_index + 1],
        activation="relu",
    )[0, 0, 0, 0]
    linear = filterviz.conv.correlate(
        window[None], kernel[..., filter_index : filter_index + 1], padding="valid"
    )[0, 0, 0, 0]
    assert abs(result["sum"] - linear) <= TOLERANCE
    assert abs(result["total"] - (linear + bias[filter_index])) <= TOLERANCE
    assert abs(result["output"] - expected) <= TOLERANCE
    assert abs(result["mapValue"] - result["output"]) <= TOLERANCE
    per_channel = (window * kernel[..., filter_index]).sum(axis=(0, 1))
    np.testing.assert_allclose(result["partials"], per_channel, atol=TOLERANCE)


def test_explorer_arithmetic_at_depth_3_equals_correlate(tab, model, cifar10):
    """For depth 3, the window is pool2's output and the sum runs over 64 channels."""
    images, _ = cifar10
    kernel, bias = model.get_layer("conv3").get_weights()
    pooled = keras.Model(model.input, model.get_layer("pool2").output).predict(images[:2], verbose=0)
    page = open_explorer(tab)
    page.evaluate("() => window.filterviz_explorer.run(1)")
    filter_index, row, col = 40, 3, 7  # on the right edge
    result = page.evaluate(
        f"() => window.filterviz_explorer.arithmetic(3, {filter_index}, {row}, {col})"
    )
    window = padded_window(pooled[1], row, col, 3)
    assert result["kernelShape"] == [3, 3, 64]
    np.testing.assert_allclose(np.reshape(result["window"], (3, 3, 64)), window, atol=TOLERANCE)
    expected = filterviz.conv.correlate(
        window[None],
        kernel[..., filter_index : filter_index + 1],
        padding="valid",
        bias=bias[filter_index : filter_index + 1],
        activation="relu",
    )[0, 0, 0, 0]
    per_channel = (window * kernel[..., filter_index]).sum(axis=(0, 1))
    assert len(result["partials"]) == 64
    np.testing.assert_allclose(result["partials"], per_channel, atol=TOLERANCE)
    assert abs(result["total"] - (per_channel.sum() + bias[filter_index])) <= TOLERANCE
    assert abs(result["output"] - expected) <= TOLERANCE
    assert abs(result["mapValue"] - result["output"]) <= TOLERANCE
    keras_map = filterviz.model.feature_maps(model, "conv3", images[1:2])
    assert abs(result["output"] - keras_map[0, row, col, filter_index]) <= TOLERANCE


def test_explorer_prints_the_arithmetic_it_computes(tab):
    """The steps under a chosen pixel print the page's sum, bias and ReLU, to 4 decimals."""
    page = open_explorer(tab)
    page.click("#fv-x-depth-2 button[data-filter='3']")
    chosen = page.evaluate("() => window.filterviz_explorer.selected()")
    assert chosen["depth"] == 2 and chosen["filter"] == 3
    result = page.evaluate(
        "(s) => window.filterviz_explorer.arithmetic(s.depth, s.filter, s.row, s.col)", chosen
    )
    steps = page.inner_text("#fv-x-steps").replace("\u2212", "-")
    assert f"{result['sum']:.4f}" in steps
    assert f"{result['bias']:.4f}" in steps
    assert f"max(0, {result['total']:.4f}) = {result['output']:.4f}" in steps
    assert page.locator("#fv-x-sums td").count() == 32  # one partial sum per input channel


def test_explorer_gallery_link_leads_to_the_depth_page(tab, built_site):
    page = open_explorer(tab)
    for depth in (1, 4):
        page.click(f"#fv-x-depth-{depth} button[data-filter='0']")
        href = page.get_attribute("#fv-x-detail a.fv-x-gallery", "href")
        assert href == f"auto_examples/layer_depth/plot_0{depth}_depth_{depth}.html"
        assert (built_site / href).is_file()


def test_explorer_other_data_sets_are_brought_to_32_pixels_as_the_command_line(tab):
    """A MNIST sample shows what load_images(..., image_size=(32, 32)) gives its file."""
    page = open_explorer(tab)
    samples = page.evaluate("() => window.filterviz_explorer.samples()")
    sets = {entry["dataset"] for entry in samples}
    assert sets == set(explorer.SAMPLES)
    index = next(k for k, entry in enumerate(samples) if entry["dataset"] == "mnist")
    page.evaluate(f"() => window.filterviz_explorer.run({index})")
    shown = np.asarray(page.evaluate("() => window.filterviz_explorer.image()"), np.float32)
    prefix, _ = filterviz.data.DATASETS["mnist"]
    path = filterviz.data._sample_files(prefix)[0][2]
    expected = filterviz.data.load_images([path], image_size=(32, 32))[0]
    np.testing.assert_array_equal(shown.reshape(32, 32, 3), expected)


# ----------------------------------------------------- any exported model


@pytest.fixture(scope="module")
def small_model():
    """A chain of the known layers with other kernel sizes, strides and paddings."""
    keras.utils.set_random_seed(3)
    inputs = keras.Input((32, 32, 3))
    x = keras.layers.Conv2D(5, 5, strides=2, padding="valid", activation="relu", name="a")(inputs)
    x = keras.layers.BatchNormalization(name="n")(x)
    x = keras.layers.MaxPooling2D(3, strides=2, padding="same", name="p")(x)
    x = keras.layers.Conv2D(7, 2, padding="same", activation="relu", name="b")(x)
    x = keras.layers.GlobalAveragePooling2D(name="g")(x)
    outputs = keras.layers.Dense(10, activation="softmax", name="d")(x)
    built = keras.Model(inputs, outputs)
    norm = built.get_layer("n")
    rng = np.random.default_rng(0)
    norm.set_weights(
        [
            rng.uniform(0.5, 2, 5),
            rng.normal(0, 0.3, 5),
            rng.normal(0, 0.5, 5),
            rng.uniform(0.2, 3, 5),
        ]
    )
    return built


def test_explorer_script_follows_the_layers_it_is_given(browser, small_model, cifar10):
    """explorer.js on a 5×5/stride-2 then 2×2 network gives Keras' maps and probabilities."""
    images, _ = cifar10
    layers, arrays = explorer.export_model(small_model)
    weights, index = explorer.encode_arrays(arrays, explorer.reduced_arrays(arrays))
    data = {
        "model": {
            "name": "small",
            "classNames": list(filterviz.data.CIFAR10_CLASSES),
            "layers": layers,
            "weights": weights,
            "arrays": index,
        },
        "samples": explorer.sample_data(),
        "colormaps": {
            "diverging": {"name": "RdBu_r", "lut": page_data.lookup_table("RdBu_r")},
            "sequential": {"name": "gray", "lut": page_data.lookup_table("gray")},
        },
    }
    script = (explorer.EXAMPLES.parent / "docs" / "_static" / "explorer" / "explorer.js").read_text()
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_content('<div id="fv-explorer"></div>')
    page.add_script_tag(content=f"window.FILTERVIZ_EXPLORER_DATA={json.dumps(data)};")
    page.add_script_tag(content=script)
    page.wait_for_selector(READY)
    maps = filterviz.model.feature_maps(small_model, ["a", "b"], images[:3])
    probabilities = small_model.predict(images[:3], verbose=0)
    for image in range(3):
        page.evaluate(f"() => window.filterviz_explorer.run({image})")
        for depth, expected in enumerate(maps, start=1):
            got = page_maps(page, depth)
            assert got.shape == expected.shape[1:]
            np.testing.assert_allclose(got, expected[image], atol=TOLERANCE)
        got = page.evaluate("() => window.filterviz_explorer.probabilities()")
        np.testing.assert_allclose(got, probabilities[image], atol=TOLERANCE)
    assert maps[0].shape[1:] == (14, 14, 5) and maps[1].shape[1:] == (7, 7, 7)
    assert not errors
    context.close()


def test_export_refuses_a_layer_type_it_does_not_compute():
    inputs = keras.Input((32, 32, 3))
    x = keras.layers.Conv2D(4, 3, activation="relu")(inputs)
    x = keras.layers.Dropout(0.5, name="dropout")(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    outputs = keras.layers.Dense(10, activation="softmax")(x)
    with pytest.raises(ValueError, match="'dropout' is a Dropout") as caught:
        explorer.export_model(keras.Model(inputs, outputs))
    assert "Conv2D" in str(caught.value)  # says what it does compute


def test_export_refuses_an_activation_it_does_not_compute():
    inputs = keras.Input((8, 8, 3))
    outputs = keras.layers.Conv2D(2, 3, activation="tanh", name="c")(inputs)
    with pytest.raises(ValueError, match="'c' has activation 'tanh'"):
        explorer.export_model(keras.Model(inputs, outputs))


def test_stored_weights_of_the_largest_layer_are_within_half_a_fixed_point_step():
    weights = np.random.default_rng(1).normal(0, 0.05, (3, 3, 8, 4)).astype(np.float32)
    weights[..., 3] = 0  # a filter of zeros stays zeros
    stored = explorer.stored_values(weights, explorer.FIXED)
    step = np.abs(weights).max(axis=(0, 1, 2)) / (2 ** (explorer.LARGEST_LAYER_BITS - 1) - 1)
    error = np.abs(stored - weights).max(axis=(0, 1, 2))
    # Half a step, plus the float32 rounding of the stored value (one spacing at most).
    rounding = np.spacing(np.abs(weights).max(axis=(0, 1, 2)))
    assert np.all(error[:3] <= 0.5 * step[:3] * (1 + 1e-6) + rounding[:3])
    assert np.any(stored != weights)  # really rounded
    assert np.all(stored[..., 3] == 0)
    np.testing.assert_array_equal(explorer.stored_values(weights, "float32"), weights)
    with pytest.raises(ValueError, match="encoding"):
        explorer.stored_values(weights, "float16")


# ---------------------------------------------------------- the controls


def test_explorer_is_usable_with_the_keyboard_alone(tab):
    page = open_explorer(tab)
    page.focus("#fv-x-image")
    page.keyboard.press("ArrowDown")  # the next sample
    assert page.evaluate("() => window.filterviz_explorer.current()") == 1
    first = page.locator("#fv-x-depth-1 button[data-filter='0']")
    first.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    chosen = page.evaluate("() => window.filterviz_explorer.selected()")
    assert (chosen["depth"], chosen["filter"]) == (1, 2)
    assert page.is_visible("#fv-x-detail")
    assert page.get_attribute("#fv-x-depth-1 button[data-filter='2']", "aria-pressed") == "true"
    # One tab stop per grid: Tab leaves the grid for the next control.
    assert page.get_attribute("#fv-x-depth-1 button[data-filter='0']", "tabindex") == "-1"
    page.focus("#fv-x-pixel-map")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")
    moved = page.evaluate("() => window.filterviz_explorer.selected()")
    expected_row = min(chosen["row"] + 1, 31)
    expected_col = min(chosen["col"] + 1, 31)
    assert (moved["row"], moved["col"]) == (expected_row, expected_col)
    assert page.input_value("#fv-x-row") == str(expected_row + 1)
    page.locator("#fv-x-depth-4 button[data-filter='0']").focus()
    page.keyboard.press("End")
    page.keyboard.press(" ")
    chosen = page.evaluate("() => window.filterviz_explorer.selected()")
    assert (chosen["depth"], chosen["filter"]) == (4, 255)


def test_every_explorer_control_has_a_label(tab):
    page = open_explorer(tab)
    page.click("#fv-x-depth-1 button[data-filter='0']")
    unlabelled = page.evaluate(
        """() => Array.from(document.querySelectorAll(
                "#fv-explorer input, #fv-explorer select, #fv-explorer button"))
            .filter((control) => !(control.labels && control.labels.length)
                && !control.getAttribute("aria-label"))
            .map((control) => control.outerHTML.slice(0, 80))"""
    )
    assert unlabelled == []
    assert page.locator("#fv-explorer button.fv-x-map").count() == 32 + 64 + 128 + 256


@pytest.mark.parametrize("mode", test_accessibility.MODES)
def test_explorer_with_a_map_open_has_no_serious_axe_violation(browser, site_url, mode):
    context, page = test_accessibility.open_in_mode(browser, mode)
    try:
        page.goto(site_url + PAGE)
        page.wait_for_selector(READY)
        for depth in (1, 3):  # three channels, then many: both kinds of detail
            page.click(f"#fv-x-depth-{depth} button[data-filter='1']")
            violations = [
                violation
                for violation in test_accessibility.axe_violations(page)
                if violation["impact"] in ("serious", "critical")
            ]
            lines = [line for v in violations for line in test_accessibility.describe(PAGE, v)]
            assert not violations, "\n".join(lines)
    finally:
        context.close()


# ------------------------------------------------------------- own images

FILE_INPUT = "#fv-x-own input[type='file']"
MESSAGE = "#fv-x-own .fv-image-message"


def open_with_sample(tab, index: int = 2):
    """The explorer showing sample `index`; return the page and what it shows."""
    page = open_explorer(tab)
    page.evaluate(f"() => window.filterviz_explorer.run({index})")
    return page, page.evaluate("() => window.filterviz_explorer.probabilities()")


def upload(page, path, expect: str):
    """Choose `path` in the own-image control; wait for it to be shown or refused."""
    before = page.evaluate(
        "() => [window.filterviz_explorer.lastTimes().runs, window.filterviz_explorer.refused()]"
    )
    page.set_input_files(FILE_INPUT, str(path))
    if expect == "image":
        page.wait_for_function(
            "(runs) => window.filterviz_explorer.lastTimes().runs > runs", arg=before[0]
        )
    else:
        page.wait_for_function(
            "(refused) => window.filterviz_explorer.refused() > refused", arg=before[1]
        )
    return page.inner_text(MESSAGE)


def assert_last_result_stays(tab, page, index, probabilities):
    assert page.evaluate("() => window.filterviz_explorer.current()") == index
    assert page.evaluate("() => window.filterviz_explorer.probabilities()") == probabilities
    assert page.get_attribute("#fv-explorer", "data-ready") == "true"
    assert not [problem for problem in tab.problems if "uncaught" in problem], tab.problems


def assert_keras_agrees(page, model, path):
    """The page's input, maps and probabilities for `path` are those of load_images + Keras."""
    image = filterviz.data.load_images([path], image_size=(32, 32))
    shown = np.asarray(page.evaluate("() => window.filterviz_explorer.image()"), np.float32)
    np.testing.assert_allclose(shown.reshape(image.shape[1:]), image[0], atol=1 / 255 + 1e-6)
    # Keras on the page's own input: the network's agreement, apart from the image reader.
    keras_maps = filterviz.model.feature_maps(model, "conv1", shown.reshape(1, 32, 32, 3))
    np.testing.assert_allclose(page_maps(page, 1), keras_maps[0], atol=TOLERANCE)
    probabilities = model.predict(shown.reshape(1, 32, 32, 3), verbose=0)[0]
    got = page.evaluate("() => window.filterviz_explorer.probabilities()")
    np.testing.assert_allclose(got, probabilities, atol=TOLERANCE)


def test_explorer_refuses_a_file_that_is_not_an_image(tab, tmp_path):
    page, probabilities = open_with_sample(tab)
    path = tmp_path / "notes.png"
    path.write_text("These are notes, not a picture.\n")
    message = upload(page, path, expect="error")
    assert "notes.png" in message and "not an image" in message
    assert_last_result_stays(tab, page, 2, probabilities)


def test_explorer_refuses_a_zero_byte_file(tab, tmp_path):
    page, probabilities = open_with_sample(tab)
    path = tmp_path / "empty.jpg"
    path.write_bytes(b"")
    message = upload(page, path, expect="error")
    assert "empty.jpg" in message and "empty" in message.replace("empty.jpg", "")
    assert_last_result_stays(tab, page, 2, probabilities)


def test_explorer_runs_a_one_pixel_image_as_a_uniform_image(tab, tmp_path, model):
    from PIL import Image

    page, _ = open_with_sample(tab)
    path = tmp_path / "dot.png"
    Image.new("RGB", (1, 1), (200, 30, 90)).save(path)
    upload(page, path, expect="image")
    assert page.evaluate("() => window.filterviz_explorer.current()") == -1
    own = page.evaluate("() => window.filterviz_explorer.own()")
    assert (own["name"], own["width"], own["height"]) == ("dot.png", 1, 1)
    shown = np.asarray(page.evaluate("() => window.filterviz_explorer.image()")).reshape(32, 32, 3)
    np.testing.assert_allclose(shown, np.broadcast_to(np.array([200, 30, 90]) / 255, shown.shape))
    assert_keras_agrees(page, model, path)
    assert "dot.png" in page.inner_text("#fv-x-input-caption")
    assert page.is_visible(".fv-x-own-preview canvas")
    assert not tab.problems


def test_explorer_refuses_an_image_over_40_megapixels_before_decoding(tab, tmp_path):
    from PIL import Image

    page, probabilities = open_with_sample(tab)
    path = tmp_path / "huge.png"
    Image.new("L", (7000, 6000)).save(path)  # 42 MP
    message = upload(page, path, expect="error")
    assert "huge.png" in message and "7000 \u00d7 6000" in message and "not decoded" in message
    # The message sits next to the control, in its polite live region.
    assert page.get_attribute(MESSAGE, "aria-live") == "polite"
    described = page.get_attribute(FILE_INPUT, "aria-describedby")
    assert page.get_attribute(MESSAGE, "id") == described
    assert_last_result_stays(tab, page, 2, probabilities)


def test_explorer_uses_the_first_frame_of_an_animated_gif(tab, tmp_path, model):
    from PIL import Image

    page, _ = open_with_sample(tab)
    path = tmp_path / "blink.gif"
    first = Image.new("RGB", (48, 40), (0, 160, 0))
    second = Image.new("RGB", (48, 40), (0, 0, 255))
    first.save(path, save_all=True, append_images=[second], duration=100, loop=0)
    message = upload(page, path, expect="image")
    assert "first frame" in message
    shown = np.asarray(page.evaluate("() => window.filterviz_explorer.image()")).reshape(32, 32, 3)
    np.testing.assert_allclose(shown, np.broadcast_to(np.array([0, 160, 0]) / 255, shown.shape))
    assert_keras_agrees(page, model, path)
    assert "first frame" in page.inner_text("#fv-x-input-caption")
    assert not tab.problems


def test_explorer_shows_the_centre_crop_of_a_wide_image(tab, tmp_path):
    from PIL import Image

    page, _ = open_with_sample(tab)
    path = tmp_path / "wide.png"
    wide = np.zeros((40, 100, 3), np.uint8)
    wide[:, 30:70] = (250, 250, 0)  # the centre 40 columns yellow, the sides black
    Image.fromarray(wide).save(path)
    upload(page, path, expect="image")
    assert page.evaluate("() => window.filterviz_explorer.own()")["crop"]["w"] == 100
    page.select_option("#fv-x-crop", "centre")
    page.wait_for_function("() => window.filterviz_explorer.own().crop.w === 40")
    own = page.evaluate("() => window.filterviz_explorer.own()")
    assert own["crop"] == {"x": 30, "y": 0, "w": 40, "h": 40}
    shown = np.asarray(page.evaluate("() => window.filterviz_explorer.image()")).reshape(32, 32, 3)
    np.testing.assert_allclose(shown, np.broadcast_to([250 / 255, 250 / 255, 0], shown.shape))
    assert "40×40" in page.inner_text(".fv-x-own-preview figcaption")
    assert not tab.problems
