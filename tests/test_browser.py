"""The built site in a real browser: every page, the gallery, search and the playground.

Headless Chromium (Debian's ``chromium`` package at /usr/bin/chromium) driven by
Playwright; no browser is downloaded. The site is served from a thread on
127.0.0.1. Screenshots land in ``test-output/screenshots/`` at the top of the
repository, for a person to look at.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import numpy as np
import pytest

import filterviz

sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="Playwright is missing: pip install -e '.[test]' (the browser itself is Debian's)",
)

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "test-output" / "screenshots"
from chromium import CHROMIUM  # noqa: E402 - Debian's browser, named in tools/chromium.py

DIAGONAL_PAGE = "auto_examples/handmade_filters/plot_01_diagonal.html"
DIAGONAL_TITLE = "Main-diagonal filter"
TOLERANCE = 1 / 255
#: Pages the every-page check opens side by side, one tab each.
TABS = 4

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=(
        "Chromium is not installed at /usr/bin/chromium; install Debian's package with "
        "'sudo apt-get install chromium' to run the browser tests (never 'playwright install')"
    ),
)


# ---------------------------------------------------------------- fixtures


class Tab:
    """A browser page that records what went wrong while it was open."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.problems: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught exception: {error}"))
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)

    def _on_console(self, message):
        if message.type not in ("error", "warning"):
            return
        where = message.location.get("url", "")
        if message.type == "error":
            self.problems.append(f"console error: {message.text} ({where})")

    def _on_request_failed(self, request):
        # A file that is missing answers 404 (see _on_response). ERR_ABORTED is the
        # browser cancelling a request itself, such as the icon of a page that a
        # click navigates away from.
        if request.failure == "net::ERR_ABORTED":
            return
        self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _on_response(self, response):
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def open(self, path: str, wait_until: str = "load"):
        self.page.goto(self.base_url + path, wait_until=wait_until)
        return self.page


@pytest.fixture
def tab(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield Tab(page, site_url)
    context.close()


def html_pages(site: Path) -> list[str]:
    """Every page of the site, as paths relative to its root (theme templates left out)."""
    return sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if not path.relative_to(site).parts[0].startswith("_")
    )


def local_file(site: Path, url: str, base_url: str) -> Path | None:
    """The file a same-site URL points to, or None for other sites and special schemes."""
    if not url.startswith(base_url):
        return None
    path = unquote(urlsplit(url).path)
    target = site / path.lstrip("/")
    return target / "index.html" if target.is_dir() else target


# ---------------------------------------------------------- every page


def test_every_page_loads_without_errors_broken_images_or_dead_links(tab, built_site, site_url):
    pages = html_pages(built_site)
    assert "index.html" in pages and "playground.html" in pages and DIAGONAL_PAGE in pages
    problems = []
    links_checked = 0
    # TABS pages at a time, each in a tab of its own: their loading and idle waits overlap.
    tabs = [tab] + [Tab(tab.page.context.new_page(), site_url) for _ in range(TABS - 1)]
    for each in tabs:
        each.page.set_default_timeout(15_000)
    for start in range(0, len(pages), TABS):
        opened = list(zip(tabs, pages[start : start + TABS], strict=False))
        for each, path in opened:
            each.problems.clear()
            each.page.goto(site_url + path, wait_until="commit")
        for each, path in opened:
            page = each.page
            # Idle network: what the page fetches after loading (the version switcher) has come.
            page.wait_for_load_state("networkidle")
            assert page.url == site_url + path, (page.url, path)
            broken_images = page.evaluate(
                """async () => {
                    const broken = [];
                    for (const image of document.images) {
                        image.loading = "eager";
                        try { await image.decode(); } catch (error) { broken.push(image.src); }
                    }
                    return broken;
                }"""
            )
            urls = page.evaluate(
                """() => [
                    ...Array.from(document.querySelectorAll("a[href]"), (a) => a.href),
                    ...Array.from(document.querySelectorAll("link[href]"), (link) => link.href),
                    ...Array.from(document.querySelectorAll("[src]"), (node) => node.src),
                ]"""
            )
            for url in urls:
                target = local_file(built_site, url, site_url)
                if target is None:
                    continue
                links_checked += 1
                if not target.is_file():
                    problems.append(f"{path}: link to a missing file {url}")
            problems += [f"{path}: {problem}" for problem in each.problems]
            problems += [f"{path}: broken image {src}" for src in broken_images]
    assert links_checked > 10 * len(pages)
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------ gallery


def test_gallery_thumbnails_lead_to_their_pages(tab):
    page = tab.open("auto_examples/index.html")
    thumbnails = page.locator(".sphx-glr-thumbcontainer")
    count = thumbnails.count()
    assert count >= 2
    for index in range(count):
        page = tab.open("auto_examples/index.html")
        thumbnail = page.locator(".sphx-glr-thumbcontainer").nth(index)
        title = thumbnail.locator(".sphx-glr-thumbnail-title").inner_text().strip()
        href = thumbnail.locator("a").first.get_attribute("href")
        with page.expect_navigation():
            thumbnail.click()  # the link covers the whole card, picture included
        assert page.url.endswith("auto_examples/" + href), (title, page.url)
        heading = page.locator("h1").first.inner_text().rstrip("#").strip()
        assert heading.replace("\u2019", "'") == title.replace("\u2019", "'")  # smart quotes
    assert not tab.problems, "\n".join(tab.problems)


def test_download_links_serve_their_files(tab, built_site, site_url):
    example_pages = [p for p in html_pages(built_site) if "/plot_" in p]
    assert DIAGONAL_PAGE in example_pages
    checked = []
    for path in [*example_pages, "auto_examples/index.html"]:
        page = tab.open(path)
        for url in page.eval_on_selector_all(
            "a.download[href]", "(links) => links.map(a => a.href)"
        ):
            response = page.request.get(url)
            assert response.status == 200, url
            body = response.body()
            target = local_file(built_site, url, site_url)
            assert target is not None and body == target.read_bytes(), url
            if url.endswith(".py"):
                assert body.decode("utf-8").startswith('"""'), url
            elif url.endswith(".ipynb"):
                assert json.loads(body)["cells"], url
            elif url.endswith(".zip"):
                assert zipfile.ZipFile(io.BytesIO(body)).namelist(), url
            else:
                pytest.fail(f"unexpected download {url} on {path}")
            checked.append(url)
    # Each example offers its script, notebook and zip; the gallery, all of them zipped.
    assert len(checked) >= 3 * len(example_pages) + 1


def test_clicking_a_download_link_downloads_the_script(tab, built_site, site_url, tmp_path):
    page = tab.open(DIAGONAL_PAGE)
    link = page.locator("a.download[href$='plot_01_diagonal.py']")
    with page.expect_download() as info:
        link.click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.name == "plot_01_diagonal.py"
    served = local_file(built_site, info.value.url, site_url)
    assert served is not None and saved.read_bytes() == served.read_bytes()
    assert saved.read_text(encoding="utf-8").startswith(f'"""\n{DIAGONAL_TITLE}\n')


# ------------------------------------------------------------------- search


def test_search_finds_the_diagonal_filter_page(tab):
    page = tab.open("index.html")
    page.locator("button.search-button__button:visible").first.click()
    field = page.locator("#pst-search-dialog input[type=search]")
    field.fill("diagonal")
    with page.expect_navigation():
        field.press("Enter")
    assert "search.html" in page.url
    # Sphinx fetches every hit's page for its snippet, then says it has finished.
    page.locator(".search-summary", has_text="Search finished").wait_for()
    hit = page.locator(f"#search-results a[href*='{DIAGONAL_PAGE}']").first
    assert hit.inner_text().strip() == DIAGONAL_TITLE
    with page.expect_navigation():
        hit.click()
    assert urlsplit(page.url).path.endswith(DIAGONAL_PAGE)
    assert not tab.problems, "\n".join(tab.problems)


# --------------------------------------------------------------- playground


@pytest.fixture(scope="module")
def samples():
    images, labels, class_names = filterviz.sample_images("cifar10", n=10)
    return images, [class_names[label] for label in labels]


def open_playground(tab):
    page = tab.open("playground.html")
    page.wait_for_selector("#fv-playground[data-ready='true']")
    return page


def read_output(page, index: int) -> np.ndarray:
    shape = page.evaluate("() => window.filterviz_playground.outputShape()")
    values = page.evaluate(f"() => Array.from(window.filterviz_playground.output({index}))")
    return np.asarray(values, dtype=np.float32).reshape(shape)


def read_all_outputs(page) -> np.ndarray:
    count = page.evaluate("() => window.filterviz_playground.count")
    return np.stack([read_output(page, index) for index in range(count)])


def read_canvas(page, index: int) -> np.ndarray:
    """The RGB pixels the page drew for output `index`, one per output value."""
    shape, values = page.evaluate(
        f"""() => {{
            const canvas = document.getElementById("fv-output-{index}");
            const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
            return [[canvas.height, canvas.width], Array.from(pixels.data)];
        }}"""
    )
    return np.asarray(values, dtype=np.uint8).reshape(*shape, 4)[:, :, :3]


def reference(images, weights, stride=1, bias=None, activation=None) -> np.ndarray:
    """filterviz's NumPy reference for one output channel: (N, H', W')."""
    weights = np.asarray(weights, dtype=np.float32)
    if weights.ndim == 2:
        weights = np.repeat(weights[:, :, None], 3, axis=2)
    result = filterviz.conv.correlate(
        images,
        weights[:, :, :, None],
        stride=stride,
        padding="valid",
        bias=bias,
        activation=activation,
    )
    return result[:, :, :, 0]


def choose_preset(page, name: str):
    title = name.replace("_", "-")
    label = page.evaluate(
        """(title) => Array.from(document.querySelectorAll("#fv-preset option"))
            .find((option) => option.textContent.startsWith(title)).textContent""",
        title,
    )
    page.select_option("#fv-preset", label=label)


def paste_into(page, selector: str, text: str):
    """Replace a field's text at once, as pasting does: one input event."""
    page.fill(selector, text)


def type_into(page, selector: str, text: str):
    """Replace a field's text the way a person does: select all, then type."""
    field = page.locator(selector)
    field.focus()
    field.press("Control+a")
    if text:
        field.press_sequentially(text)
    else:
        field.press("Delete")


def test_playground_sample_images_are_filterviz_samples(tab, samples):
    images, class_names = samples
    page = open_playground(tab)
    for index in range(len(images)):
        decoded = page.evaluate(f"() => Array.from(window.filterviz_playground.image({index}))")
        np.testing.assert_array_equal(np.asarray(decoded, np.float32), images[index].ravel())
    captions = page.locator(".fv-sample figcaption").all_inner_texts()
    assert captions == [f"{index + 1}. {name}" for index, name in enumerate(class_names)]
    assert not tab.problems, "\n".join(tab.problems)


def test_playground_diagonal_preset_matches_numpy_reference(tab, samples):
    images, _ = samples
    page = open_playground(tab)
    choose_preset(page, "anti_diagonal")  # away and back, through the control
    choose_preset(page, "diagonal")
    assert page.evaluate("() => window.filterviz_playground.settings().preset") == "diagonal"
    expected = reference(images, filterviz.kernels.DIAGONAL)
    index = 3
    output = read_output(page, index)
    assert output.shape == (30, 30)
    np.testing.assert_allclose(output, expected[index], atol=TOLERANCE, rtol=0)
    # The pixels on screen: Matplotlib's colour map and filterviz's normalisation.
    norm = filterviz.plot.response_norm(expected)
    shown = page.evaluate("() => window.filterviz_playground.norm()")
    assert shown["colormap"] == filterviz.plot.SEQUENTIAL
    assert (shown["vmin"], shown["vmax"]) == pytest.approx((norm.vmin, norm.vmax), abs=TOLERANCE)
    import matplotlib

    colormap = matplotlib.colormaps[filterviz.plot.SEQUENTIAL]
    wanted = colormap(norm(expected[index]), bytes=True)[:, :, :3].astype(int)
    drawn = read_canvas(page, index).astype(int)
    assert np.abs(drawn - wanted).max() <= 1  # one step of the 256-entry table at most
    assert not tab.problems, "\n".join(tab.problems)


def test_playground_editing_a_weight_changes_the_output_as_python_computes(tab, samples):
    images, _ = samples
    page = open_playground(tab)
    before = read_all_outputs(page)
    type_into(page, "#fv-w-shared-4", "-1")  # the centre weight
    weights = np.array(filterviz.kernels.DIAGONAL)
    weights[1, 1] = -1
    expected = reference(images, weights)
    after = read_all_outputs(page)
    np.testing.assert_allclose(after, expected, atol=TOLERANCE, rtol=0)
    assert np.abs(after - before).max() > 0.5
    assert page.evaluate("() => window.filterviz_playground.settings().preset") is None
    # Negative outputs now: the diverging map, symmetric about zero.
    norm = filterviz.plot.response_norm(expected)
    shown = page.evaluate("() => window.filterviz_playground.norm()")
    assert shown["colormap"] == filterviz.plot.DIVERGING
    assert (shown["vmin"], shown["vmax"]) == pytest.approx((norm.vmin, norm.vmax), abs=TOLERANCE)
    assert shown["vmin"] == -shown["vmax"]
    ticks = page.locator(".fv-scale-ticks span").all_inner_texts()
    assert ticks[0].startswith("\u2212") and "0" in ticks
    assert not tab.problems, "\n".join(tab.problems)


@pytest.mark.parametrize(
    ("preset", "stride", "bias", "relu"),
    [
        ("anti_diagonal", 2, None, False),
        ("sobel_x", 1, -0.5, True),
        ("box_blur", 2, 0.25, False),
        ("red_green", 1, None, False),
        ("blue_yellow", 2, 0.1, True),
    ],
)
def test_playground_settings_match_numpy_reference(tab, samples, preset, stride, bias, relu):
    images, _ = samples
    page = open_playground(tab)
    choose_preset(page, preset)
    page.check(f"#fv-stride-{stride}")
    if bias is not None:
        type_into(page, "#fv-bias", str(bias))
    if relu:
        page.check("#fv-relu")
    expected = reference(
        images,
        filterviz.kernels.get(preset),
        stride=stride,
        bias=bias,
        activation="relu" if relu else None,
    )
    np.testing.assert_allclose(read_all_outputs(page), expected, atol=TOLERANCE, rtol=0)
    colour = filterviz.kernels.get(preset).ndim == 3
    assert page.locator("#fv-grid-red").is_visible() is colour
    assert page.locator("#fv-grid-shared").is_visible() is not colour
    assert not tab.problems, "\n".join(tab.problems)


def test_playground_shared_grid_equals_the_same_grid_per_channel(tab, samples):
    images, _ = samples
    page = open_playground(tab)
    choose_preset(page, "sobel_y")
    shared = read_all_outputs(page)
    page.check("#fv-per-channel")
    assert page.locator("#fv-grid-green").is_visible()
    assert page.input_value("#fv-w-green-0") == "-1"
    np.testing.assert_array_equal(read_all_outputs(page), shared)
    type_into(page, "#fv-w-blue-4", "3")
    weights = np.repeat(np.asarray(filterviz.kernels.SOBEL_Y)[:, :, None], 3, axis=2)
    weights[1, 1, 2] = 3
    np.testing.assert_allclose(read_all_outputs(page), reference(images, weights), atol=TOLERANCE)
    assert not tab.problems, "\n".join(tab.problems)


def test_playground_is_usable_with_the_keyboard_alone(tab, samples):
    images, _ = samples
    page = open_playground(tab)
    page.locator("#fv-preset").focus()
    page.keyboard.press("ArrowDown")  # next preset: the anti-diagonal
    assert page.evaluate("() => window.filterviz_playground.settings().preset") == "anti_diagonal"
    page.keyboard.press("Tab")  # to the per-channel check box
    page.keyboard.press("Tab")  # to the first weight
    assert page.evaluate("() => document.activeElement.id") == "fv-w-shared-0"
    page.keyboard.press("Shift+ArrowUp")  # 0 -> 1
    assert page.input_value("#fv-w-shared-0") == "1"
    weights = np.array(filterviz.kernels.ANTI_DIAGONAL)
    weights[0, 0] = 1
    np.testing.assert_allclose(read_all_outputs(page), reference(images, weights), atol=TOLERANCE)
    for _ in range(9):  # the other eight weights, then the bias
        page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "fv-bias"
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert page.is_checked("#fv-relu")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowRight")
    assert page.is_checked("#fv-stride-2")
    assert page.evaluate("() => window.filterviz_playground.outputShape()") == [15, 15]
    assert not tab.problems, "\n".join(tab.problems)


def test_every_playground_control_has_a_label(tab):
    page = open_playground(tab)
    unlabeled = page.evaluate(
        """() => Array.from(document.querySelectorAll("#fv-playground input, #fv-playground select"))
            .filter((control) => control.labels.length === 0 || !control.labels[0].textContent.trim())
            .map((control) => control.id)"""
    )
    count = page.locator("#fv-playground input, #fv-playground select").count()
    # 36 weights, preset, per-channel, bias, ReLU, two strides; the image file, two crops.
    assert count == 4 * 9 + 6 + 3
    assert unlabeled == []
    # Every output is focusable (the pixel inspector's keyboard way in) and named.
    outputs = page.locator("#fv-playground canvas.fv-output")
    assert outputs.count() == 11
    for index in range(outputs.count()):
        assert outputs.nth(index).get_attribute("tabindex") == "0"
        assert outputs.nth(index).get_attribute("aria-describedby") == "fv-inspector-help"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "\u201cabc\u201d is not a number"),
        ("", "is empty"),
        ("1e6", "\u201c1e6\u201d is too large"),
        ("5000", "\u201c5000\u201d is too large"),
        ("Infinity", "\u201cInfinity\u201d is not a number"),
        ("1/0", "\u201c1/0\u201d divides by zero"),
        ("0,5", "write decimals with a point"),
    ],
)
def test_playground_refuses_a_bad_weight_and_keeps_the_last_output(tab, samples, typed, message):
    images, _ = samples
    page = open_playground(tab)
    type_into(page, "#fv-w-shared-2", "2")  # a valid edit first: its output must stay
    weights = np.array(filterviz.kernels.DIAGONAL)
    weights[0, 2] = 2
    expected = reference(images, weights)
    np.testing.assert_allclose(read_all_outputs(page), expected, atol=TOLERANCE, rtol=0)
    pixels = read_canvas(page, 0)
    paste_into(page, "#fv-w-shared-2", typed)  # typed key by key, "5000" would pass by 500
    alert = page.locator("#fv-message-shared")
    assert alert.is_visible()
    assert alert.get_attribute("role") == "alert"
    text = alert.inner_text()
    assert message in text and "Row 1, column 3" in text and "still uses 2" in text
    assert page.get_attribute("#fv-w-shared-2", "aria-invalid") == "true"
    np.testing.assert_allclose(read_all_outputs(page), expected, atol=TOLERANCE, rtol=0)
    np.testing.assert_array_equal(read_canvas(page, 0), pixels)
    type_into(page, "#fv-w-shared-2", "0")  # corrected: the message goes, the output follows
    assert not alert.is_visible()
    assert page.get_attribute("#fv-w-shared-2", "aria-invalid") is None
    np.testing.assert_allclose(
        read_all_outputs(page), reference(images, filterviz.kernels.DIAGONAL), atol=TOLERANCE
    )
    assert not tab.problems, "\n".join(tab.problems)


@pytest.mark.parametrize(("typed", "message"), [("x", "is not a number"), ("-2000", "too large")])
def test_playground_refuses_a_bad_bias(tab, samples, typed, message):
    images, _ = samples
    page = open_playground(tab)
    before = read_all_outputs(page)
    paste_into(page, "#fv-bias", typed)
    alert = page.locator("#fv-message-bias")
    assert alert.is_visible() and message in alert.inner_text()
    assert "Bias" in alert.inner_text()
    np.testing.assert_array_equal(read_all_outputs(page), before)
    assert not tab.problems, "\n".join(tab.problems)


# ------------------------------------------------- playground: your own image

#: The image reader's message line, next to the file input.
IMAGE_MESSAGE = "#fv-own-upload .fv-image-message"


def detailed_image(width: int, height: int, seed: int = 0) -> np.ndarray:
    """RGB bytes with gradients, stripes and noise, so that every pixel differs."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width]
    image = np.stack(
        [255 * x / max(width - 1, 1), 127.5 + 127.5 * np.sin(x / 3 + y / 5), 255.0 * ((x // 7) % 2)],
        axis=-1,
    )
    image = image + rng.normal(0, 20, image.shape)
    return np.clip(np.rint(image), 0, 255).astype(np.uint8)


def save_image(folder: Path, name: str, pixels: np.ndarray, **options) -> Path:
    from PIL import Image

    path = folder / name
    Image.fromarray(pixels).save(path, **options)
    return path


def upload(page, path: Path):
    """Give the playground a file as a student does, and wait for it to be read or refused."""
    before = page.evaluate("(selector) => document.querySelector(selector).textContent", IMAGE_MESSAGE)
    page.get_by_label("Choose an image file").set_input_files(str(path))
    page.wait_for_function(
        """([selector, name, before]) => {
            const text = document.querySelector(selector).textContent;
            return text !== before && text.includes(name) && !text.startsWith("Reading");
        }""",
        arg=[IMAGE_MESSAGE, path.name, before],
    )


def own_pixels(page) -> np.ndarray:
    shown = page.evaluate("() => Array.from(window.filterviz_playground.ownImage().pixels)")
    return np.asarray(shown, np.float32).reshape(32, 32, 3)


def own_output(page) -> np.ndarray:
    shape = page.evaluate("() => window.filterviz_playground.outputShape()")
    values = page.evaluate("() => Array.from(window.filterviz_playground.output('own'))")
    return np.asarray(values, np.float32).reshape(shape)


def test_playground_own_image_output_equals_correlate_and_follows_the_weights(tab, samples, tmp_path):
    images, _ = samples
    page = open_playground(tab)
    path = save_image(tmp_path, "wide-photo.png", detailed_image(203, 157))
    upload(page, path)
    pixels = own_pixels(page)
    # The resize is the command line's (tests/test_image_input.py measures it closely).
    command_line = filterviz.data.load_images([path], image_size=(32, 32))[0]
    assert np.abs(pixels - command_line).max() <= TOLERANCE + 1e-7
    np.testing.assert_allclose(
        own_output(page), reference(pixels[None], filterviz.kernels.DIAGONAL)[0], atol=1e-5, rtol=0
    )
    message = page.locator(IMAGE_MESSAGE).inner_text()
    assert "wide-photo.png" in message and "203 \u00d7 157" in message
    assert "whole image" in page.locator("#fv-own-caption").inner_text()
    assert page.locator("#fv-own-preview").is_visible()
    # Live: a typed weight, then a colour preset with stride 2, bias and ReLU.
    type_into(page, "#fv-w-shared-4", "-2")
    weights = np.array(filterviz.kernels.DIAGONAL)
    weights[1, 1] = -2
    np.testing.assert_allclose(own_output(page), reference(pixels[None], weights)[0], atol=1e-5)
    choose_preset(page, "red_green")
    page.check("#fv-stride-2")
    type_into(page, "#fv-bias", "-0.25")
    page.check("#fv-relu")
    expected = reference(pixels[None], filterviz.kernels.RED_GREEN, 2, -0.25, "relu")[0]
    np.testing.assert_allclose(own_output(page), expected, atol=1e-5, rtol=0)
    # One colour scale for the ten and the student's image, chosen as response_norm does.
    everything = np.concatenate(
        [reference(images, filterviz.kernels.RED_GREEN, 2, -0.25, "relu").ravel(), expected.ravel()]
    )
    norm = filterviz.plot.response_norm(everything)
    shown = page.evaluate("() => window.filterviz_playground.norm()")
    assert (shown["vmin"], shown["vmax"]) == pytest.approx((norm.vmin, norm.vmax), abs=1e-5)
    drawn = page.evaluate(
        """() => {
            const canvas = document.getElementById("fv-output-own");
            return [canvas.width, canvas.height];
        }"""
    )
    assert drawn == [15, 15]
    assert not tab.problems, "\n".join(tab.problems)


def test_playground_centre_crop_reads_the_centre_square(tab, tmp_path):
    page = open_playground(tab)
    pixels = detailed_image(301, 200, seed=2)
    path = save_image(tmp_path, "landscape.png", pixels)
    upload(page, path)
    page.check("#fv-own-crop-centre")
    page.wait_for_function("() => window.filterviz_playground.ownImage().crop.w === 200")
    square = save_image(tmp_path, "square.png", pixels[:, 50:250])
    command_line = filterviz.data.load_images([square], image_size=(32, 32))[0]
    assert np.abs(own_pixels(page) - command_line).max() <= TOLERANCE + 1e-7
    assert "centre square" in page.locator("#fv-own-caption").inner_text()
    assert not tab.problems, "\n".join(tab.problems)


def assert_refused_and_kept(tab, page, path: Path, message: str):
    """After a good image, `path` is refused with `message`; the last result stays."""
    before_pixels = own_pixels(page)
    before_output = own_output(page)
    upload(page, path)
    line = page.locator(IMAGE_MESSAGE)
    text = line.inner_text()
    assert message in text and path.name in text
    assert "fv-image-error" in (line.get_attribute("class") or "")
    assert line.get_attribute("aria-live") == "polite"
    np.testing.assert_array_equal(own_pixels(page), before_pixels)
    np.testing.assert_array_equal(own_output(page), before_output)
    assert page.evaluate("() => window.filterviz_playground.ownImage().name") == "first.png"
    assert not tab.problems, "\n".join(tab.problems)


@pytest.fixture
def with_own_image(tab, tmp_path):
    """The playground with a first image of the student's own already read."""
    page = open_playground(tab)
    upload(page, save_image(tmp_path, "first.png", detailed_image(64, 48, seed=7)))
    return page


def test_playground_refuses_a_file_that_is_not_an_image(tab, with_own_image, tmp_path):
    path = tmp_path / "holiday.png"  # named like an image; its content is text
    path.write_text("Dear diary, this is not a picture.\n", encoding="utf-8")
    assert_refused_and_kept(tab, with_own_image, path, "is not an image")


def test_playground_refuses_an_empty_file(tab, with_own_image, tmp_path):
    path = tmp_path / "empty.jpg"
    path.write_bytes(b"")
    assert_refused_and_kept(tab, with_own_image, path, "is empty (0 bytes)")


def test_playground_refuses_an_image_over_40_megapixels_before_decoding(tab, with_own_image, tmp_path):
    from PIL import Image

    path = tmp_path / "huge.png"
    Image.new("RGB", (7000, 6000), (90, 160, 40)).save(path)  # 42 MP, small on disk
    assert path.stat().st_size < 1_000_000
    assert_refused_and_kept(tab, with_own_image, path, "7000 \u00d7 6000 pixels (42.0\u00a0MP)")
    assert "not decoded" in with_own_image.locator(IMAGE_MESSAGE).inner_text()


def test_playground_reads_a_one_pixel_image_as_a_uniform_image(tab, tmp_path):
    page = open_playground(tab)
    path = save_image(tmp_path, "dot.png", np.array([[[200, 30, 90]]], np.uint8))
    upload(page, path)
    pixels = own_pixels(page)
    np.testing.assert_allclose(pixels, np.broadcast_to(np.array([200, 30, 90]) / 255, (32, 32, 3)),
                               atol=1e-7)
    output = own_output(page)
    np.testing.assert_allclose(output, reference(pixels[None], filterviz.kernels.DIAGONAL)[0], atol=1e-5)
    assert np.ptp(output) < 1e-5  # a flat image: the same output everywhere
    assert not tab.problems, "\n".join(tab.problems)


def test_playground_uses_the_first_frame_of_an_animated_gif(tab, tmp_path):
    from PIL import Image

    page = open_playground(tab)
    first = Image.new("RGB", (48, 40), (255, 0, 0))
    second = Image.new("RGB", (48, 40), (0, 0, 255))
    path = tmp_path / "blink.gif"
    first.save(path, save_all=True, append_images=[second], duration=200, loop=0)
    upload(page, path)
    pixels = own_pixels(page)
    np.testing.assert_allclose(pixels, np.broadcast_to([1.0, 0.0, 0.0], (32, 32, 3)), atol=1e-7)
    assert "first frame" in page.locator(IMAGE_MESSAGE).inner_text()
    assert "first frame" in page.locator("#fv-own-caption").inner_text()
    assert not tab.problems, "\n".join(tab.problems)


@pytest.mark.parametrize(("field", "typed"), [("#fv-w-shared-0", "one"), ("#fv-bias", "half")])
def test_playground_keeps_the_own_output_when_a_weight_or_bias_is_text(tab, with_own_image, field, typed):
    page = with_own_image
    before = own_output(page)
    paste_into(page, field, typed)
    alert = page.locator("#fv-message-bias" if field == "#fv-bias" else "#fv-message-shared")
    assert alert.is_visible() and f"\u201c{typed}\u201d is not a number" in alert.inner_text()
    np.testing.assert_array_equal(own_output(page), before)
    assert not tab.problems, "\n".join(tab.problems)


# ---------------------------------------------------- playground: inspector


def check_arithmetic(shown: dict, image: np.ndarray, weights: np.ndarray, stride: int, bias, relu):
    """The inspector's numbers for one output pixel against NumPy and filterviz.conv.correlate."""
    row, column = shown["row"], shown["column"]
    window = image[stride * row : stride * row + 3, stride * column : stride * column + 3]
    np.testing.assert_array_equal(np.asarray(shown["window"], np.float32), window)
    expanded = weights if weights.ndim == 3 else np.repeat(weights[:, :, None], 3, axis=2)
    np.testing.assert_array_equal(np.asarray(shown["weights"], np.float32), expanded)
    products = np.asarray(shown["products"])
    np.testing.assert_allclose(products, window.astype(np.float64) * expanded, rtol=1e-12, atol=0)
    np.testing.assert_allclose(shown["channelSums"], products.sum(axis=(0, 1)), atol=1e-9)
    np.testing.assert_allclose(shown["sum"], products.sum(), atol=1e-9)
    expected = reference(image[None], weights, stride, bias, "relu" if relu else None)[0]
    assert shown["value"] == pytest.approx(float(expected[row, column]), abs=1e-5)
    assert shown["value"] == shown["output"]  # the inspector shows the pixel that is drawn
    bias = 0.0 if bias is None else bias
    with_bias = shown["sum"] + bias
    assert shown["value"] == pytest.approx(max(with_bias, 0.0) if relu else with_bias, abs=1e-6)


def test_playground_inspector_by_keyboard_shows_correlate_arithmetic(tab, samples):
    images, _ = samples
    page = open_playground(tab)
    choose_preset(page, "sobel_x")
    type_into(page, "#fv-bias", "-0.5")
    page.check("#fv-relu")
    output = page.locator("#fv-output-3")
    output.focus()
    for key in ["ArrowDown", "ArrowDown", "ArrowRight", "ArrowRight", "ArrowRight", "ArrowLeft"]:
        page.keyboard.press(key)
    shown = page.evaluate("() => window.filterviz_playground.inspected()")
    assert (shown["image"], shown["row"], shown["column"]) == (3, 2, 2)
    check_arithmetic(shown, images[3], filterviz.kernels.SOBEL_X, 1, -0.5, True)
    # The page prints the same numbers, with the formula.
    formula = page.locator("#fv-inspector-formula").inner_text()
    assert f"= {shown['sum']:.3f}".replace("-", "\u2212") in formula and "ReLU: max(" in formula
    title = page.locator("#fv-inspector-title").inner_text()
    assert "row 3, column 3 of image 4" in title
    assert page.locator("#fv-inspector table").count() == 3
    # The chosen pixel is outlined on the output; its window on the image.
    pick = page.locator(".fv-mark-pick:not([hidden])")
    assert pick.count() == 1 and pick.is_visible()
    box, frame = pick.bounding_box(), output.bounding_box()
    assert box["x"] == pytest.approx(frame["x"] + 2 * frame["width"] / 30, abs=1.5)
    assert page.locator(".fv-mark-window:not([hidden])").count() == 1
    # Stride 2: the window moves two pixels a step; the keys stop at the edge.
    page.check("#fv-stride-2")
    output.focus()
    page.keyboard.press("End")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    shown = page.evaluate("() => window.filterviz_playground.inspected()")
    assert (shown["row"], shown["column"]) == (14, 14)
    check_arithmetic(shown, images[3], filterviz.kernels.SOBEL_X, 2, -0.5, True)
    assert not tab.problems, "\n".join(tab.problems)


def test_playground_inspector_on_the_own_image_by_pointer_and_api(tab, tmp_path):
    page = open_playground(tab)
    upload(page, save_image(tmp_path, "mine.png", detailed_image(90, 120, seed=4)))
    pixels = own_pixels(page)
    choose_preset(page, "blue_yellow")
    output = page.locator("#fv-output-own")
    output.scroll_into_view_if_needed()
    frame = output.bounding_box()
    # Hover the centre of output pixel (row 7, column 20) of the 30 x 30 output.
    page.mouse.move(frame["x"] + (20.5 / 30) * frame["width"], frame["y"] + (7.5 / 30) * frame["height"])
    shown = page.evaluate("() => window.filterviz_playground.inspected()")
    assert (shown["image"], shown["row"], shown["column"]) == ("own", 7, 20)
    check_arithmetic(shown, pixels, filterviz.kernels.BLUE_YELLOW, 1, None, False)
    shown = page.evaluate("() => window.filterviz_playground.inspect('own', 29, 0)")
    check_arithmetic(shown, pixels, filterviz.kernels.BLUE_YELLOW, 1, None, False)
    assert "of your image" in page.locator("#fv-inspector-title").inner_text()
    assert not tab.problems, "\n".join(tab.problems)


def test_playground_inspector_shows_the_numbers_the_page_states(tab, built_site, samples):
    """The page's inspector paragraph (computed at build time) is what the inspector prints."""
    import re

    text = (built_site / "playground.html").read_text(encoding="utf-8")
    section = text[text.index('<section id="your-own-image-pixel-by-pixel">') :]
    red_sum, output = re.findall(r'<span class="fv-number">([^<]*)</span>', section)
    images, _ = samples
    page = open_playground(tab)
    page.click("#fv-reset")
    shown = page.evaluate("() => window.filterviz_playground.inspected()")
    assert (shown["image"], shown["row"], shown["column"]) == (0, 0, 0)  # where it starts
    assert page.locator(".fv-window-red tfoot").inner_text() == f"Red sum: {red_sum}"
    assert page.locator("#fv-inspector-formula").inner_text().endswith(f"the output is {output}.")
    expected = reference(images[:1], filterviz.kernels.DIAGONAL)[0, 0, 0]
    assert output == f"{expected:.3f}"
    assert not tab.problems, "\n".join(tab.problems)


def test_playground_with_an_image_and_the_inspector_passes_axe(browser, site_url, tmp_path):
    """No serious or critical axe-core violation once an image is read and a pixel inspected."""
    axe_package = pytest.importorskip("axe_playwright_python")
    source = Path(axe_package.__file__).with_name("axe.min.js").read_text(encoding="utf-8")
    path = save_image(tmp_path, "mine.png", detailed_image(90, 120, seed=4))
    failures = []
    for mode in ("light", "dark"):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(
            f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');"
        )
        context.add_init_script(source)
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(site_url + "playground.html")
        page.wait_for_selector("#fv-playground[data-ready='true']")
        upload(page, path)
        page.evaluate("() => window.filterviz_playground.inspect('own', 3, 4)")
        bad = tmp_path / "notes.png"
        bad.write_text("not an image", encoding="utf-8")
        upload(page, bad)  # the error message is on the page too
        result = page.evaluate(
            """() => axe.run(document, {resultTypes: ["violations"], rules: Object.fromEntries(
                axe.getRules(["experimental"]).map((rule) => [rule.ruleId, {enabled: true}]))})"""
        )
        failures += [
            f"{mode}: {violation['id']} ({violation['impact']}): "
            + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
            for violation in result["violations"]
            if violation["impact"] in ("serious", "critical")
        ]
        context.close()
    assert not failures, "\n".join(failures)


# -------------------------------------------------------------- screenshots


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("index.html", "home"),
        (DIAGONAL_PAGE, "gallery-diagonal"),
        ("playground.html", "playground"),
    ],
)
def test_screenshots_for_a_person_to_look_at(tab, path, name):
    page = tab.open(path, wait_until="networkidle")
    if path == "playground.html":
        page.wait_for_selector("#fv-playground[data-ready='true']")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    target.unlink(missing_ok=True)
    page.screenshot(path=str(target), full_page=True)
    from PIL import Image

    with Image.open(target) as shot:
        assert shot.width == 1280 and shot.height >= 900
        colours = shot.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # a page, not a blank
    assert not tab.problems, "\n".join(tab.problems)
