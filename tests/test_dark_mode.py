"""Figures keep their true colours in dark mode, and open full size on a click.

pydata-sphinx-theme dims every image in dark mode (``filter: brightness(.8)
contrast(1.2)``), which turns the white that means zero in a figure grey;
docs/_static/filterviz.css turns that off for figures. Headless Chromium
(Debian's, at /usr/bin/chromium) draws the built site served on 127.0.0.1.
"""

from __future__ import annotations

import io

import numpy as np
import pytest

sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="Playwright is missing: pip install -e '.[test]' (the browser itself is Debian's)",
)
from chromium import CHROMIUM  # noqa: E402 - Debian's browser, named in tools/chromium.py
from PIL import Image  # noqa: E402

PAGE = "auto_examples/handmade_filters/plot_02_anti_diagonal.html"
FIGURES = ".bd-content img.sphx-glr-single-img"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Chromium is not installed at /usr/bin/chromium (Debian's 'chromium' package)",
)


def open_page(browser, url: str, mode: str, width: int = 1280):
    """Open `url` in pydata-sphinx-theme's `mode` ("light" or "dark")."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_init_script(
        f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');"
    )
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    assert page.evaluate("() => document.documentElement.dataset.theme") == mode
    return context, page


def white_pixel(page, image) -> tuple[int, int]:
    """A pixel of the figure file that is pure white, as (x, y) in CSS pixels on the page."""
    source = page.evaluate("(image) => image.currentSrc", image.element_handle())
    data = page.request.get(source).body()
    pixels = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
    # a white 5×5 patch, away from anti-aliased edges: the figure's background
    white = np.all(pixels == 255, axis=2)
    rows, columns = np.nonzero(white[2:-2, 2:-2] & white[:-4, :-4] & white[4:, 4:])
    assert rows.size, f"{source} has no white area"
    row, column = rows[len(rows) // 2] + 2, columns[len(columns) // 2] + 2
    box = image.bounding_box()
    scale = box["width"] / pixels.shape[1]
    return box["x"] + (column + 0.5) * scale, box["y"] + (row + 0.5) * scale


@pytest.mark.parametrize("mode", ["dark", "light"])
def test_figures_are_not_dimmed(browser, site_url, mode):
    context, page = open_page(browser, site_url + PAGE, mode)
    try:
        filters = page.eval_on_selector_all(
            FIGURES, "(images) => images.map((i) => getComputedStyle(i).filter)"
        )
        assert len(filters) == 3
        assert set(filters) == {"none"}
        # the theme's dimming is still there for other images: the rule is the figures' own
        dimmed = page.evaluate(
            """() => { const other = document.createElement("img");
                       document.body.appendChild(other);
                       return getComputedStyle(other).filter; }"""
        )
        assert dimmed == ("brightness(0.8) contrast(1.2)" if mode == "dark" else "none")
        figure = page.locator(FIGURES).nth(1)
        figure.scroll_into_view_if_needed()
        x, y = white_pixel(page, figure)
        shot = page.screenshot(clip={"x": x - 1, "y": y - 1, "width": 3, "height": 3})
        drawn = np.asarray(Image.open(io.BytesIO(shot)).convert("RGB"))
        assert drawn.min() >= 250, drawn[1, 1]  # white, not the theme's grey (about 204)
    finally:
        context.close()


def test_a_figure_opens_full_size_from_the_keyboard(browser, site_url):
    context, page = open_page(browser, site_url + PAGE, "light")
    try:
        link = page.locator("a.fv-figure-link").nth(1)
        name = link.get_attribute("aria-label")
        assert name.startswith("Open the figure full size")
        href = link.get_attribute("href")
        assert href.endswith("_2_00x.png")  # the largest file of the srcset
        link.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url.endswith(href.split("/")[-1])
        size = page.evaluate("() => [document.images[0].naturalWidth, document.images[0].width]")
        assert size[0] >= 2 * 600  # twice the pixels of the figure on the page
    finally:
        context.close()
