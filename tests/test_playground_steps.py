"""The playground's "Try it" steps, done through the page as a student does them.

Each test presses Reset, performs one step of docs/playground.md with the
page's controls (menu, grid, bias, ReLU), then checks what the step claims
against filterviz.conv.correlate on the same ten images: the numbers the page
prints below the outputs, the pixels it drew, and the numbers written in the
step itself. Headless Debian Chromium through Playwright, the built site served
on 127.0.0.1, with the fixtures and helpers of tests/test_browser.py.
"""

from __future__ import annotations

import html
import re

import numpy as np
import pytest
import test_browser
from test_browser import (
    CHROMIUM,
    TOLERANCE,
    choose_preset,
    open_playground,
    paste_into,
    read_all_outputs,
    read_canvas,
    reference,
    type_into,
)

import filterviz

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Chromium is not installed at /usr/bin/chromium (sudo apt-get install chromium)",
)

#: The values the steps tell the student to type.
STRONG_BIAS = -7
WEAK_BIAS = -2
#: The images step 4 points at (0-based): a frog on red earth, a frog in grass, a red car.
REDDEST, GREENEST, RED_CAR = 5, 4, 6
CENTRE = "#fv-w-shared-4"

# A fresh tab per test, as in tests/test_browser.py (the browser and the served
# site are the session's, from tests/conftest.py).
tab = test_browser.tab


# ------------------------------------------------------------------ helpers


@pytest.fixture(scope="module")
def images():
    return filterviz.sample_images("cifar10", n=10)[0]


@pytest.fixture(scope="module")
def steps(built_site) -> list[str]:
    """The text of each "Try it" step of the built playground page, tags removed."""
    page = (built_site / "playground.html").read_text(encoding="utf-8")
    section = re.search(r'<section id="try-it">(.*?)</section>', page, flags=re.S)
    assert section is not None, "the playground page has no Try it section"
    items = re.findall(r"<li>(.*?)</li>", section.group(1), flags=re.S)
    texts = [html.unescape(re.sub(r"<[^>]+>", "", item)) for item in items]
    return [re.sub(r"[ \t\r\n]+", " ", text).strip() for text in texts]  # keeps no-break spaces


def share(mask) -> str:
    """A share as the page prints it: 100 × count / size with one decimal, then " %"."""
    mask = np.asarray(mask)
    return f"{100 * np.count_nonzero(mask) / mask.size:.1f}\u00a0%"


def tick(value) -> str:
    """A value as the page's status line prints it: three significant digits."""
    return f"{float(value):.3g}".replace("-", "\u2212")


def printed_shares(page) -> dict[str, str]:
    """The shares of output pixels above, at and below 0 that the page prints."""
    return {
        where: page.inner_text(f"#fv-share-{where}").replace(" ", "\u00a0")
        for where in ("above", "zero", "below")
    }


def expected_shares(outputs) -> dict[str, str]:
    return {"above": share(outputs > 0), "zero": share(outputs == 0), "below": share(outputs < 0)}


def printed_range(page) -> tuple[str, str]:
    status = page.inner_text("#fv-status")
    match = re.search(r"values from (\S+) to (\S+) across", status)
    assert match is not None, status
    return match.group(1), match.group(2)


def all_canvases(page) -> np.ndarray:
    """The RGB pixels of the ten outputs as drawn, (10, H', W', 3), as integers."""
    return np.stack([read_canvas(page, index) for index in range(10)]).astype(int)


def press_reset(page):
    """Press Reset as a student does and check that it brings back the steps' start."""
    page.click("#fv-reset")
    settings = page.evaluate("() => window.filterviz_playground.settings()")
    assert settings == {
        "perChannel": False,
        "bias": 0,
        "relu": False,
        "stride": 1,
        "preset": "diagonal",
    }
    assert page.input_value("#fv-bias") == "0" and not page.is_checked("#fv-relu")


def mess_up(page):
    """Leave the page the way an earlier step (or a curious student) left it."""
    choose_preset(page, "red_green")
    page.check("#fv-stride-2")
    page.check("#fv-relu")
    type_into(page, "#fv-bias", str(STRONG_BIAS))


# -------------------------------------------------------------------- reset


def test_reset_returns_to_the_diagonal_with_bias_zero_and_relu_off(tab, images):
    page = open_playground(tab)
    start = read_all_outputs(page)
    mess_up(page)
    paste_into(page, "#fv-bias", "abc")  # a refused entry too: Reset clears its message
    assert page.locator("#fv-message-bias").is_visible()
    assert read_all_outputs(page).shape == (10, 15, 15)
    press_reset(page)
    assert not page.locator("#fv-message-bias").is_visible()
    assert page.get_attribute("#fv-bias", "aria-invalid") is None
    assert page.locator("#fv-grid-shared").is_visible()
    assert not page.locator("#fv-grid-red").is_visible()
    after = read_all_outputs(page)
    np.testing.assert_array_equal(after, start)
    np.testing.assert_allclose(after, reference(images, filterviz.kernels.DIAGONAL), atol=TOLERANCE)
    assert not tab.problems, "\n".join(tab.problems)


def test_reset_is_a_labelled_button_reached_with_the_keyboard(tab):
    page = open_playground(tab)
    mess_up(page)
    reset = page.locator("#fv-reset")
    assert reset.evaluate("(node) => node.tagName") == "BUTTON"
    assert reset.inner_text().strip() == "Reset"
    description = page.inner_text("#" + reset.get_attribute("aria-describedby"))
    assert "diagonal" in description and "bias 0" in description and "ReLU off" in description
    page.locator("#fv-preset").focus()
    page.keyboard.press("Shift+Tab")  # the control before the filter menu
    assert page.evaluate("() => document.activeElement.id") == "fv-reset"
    page.keyboard.press("Enter")
    assert page.evaluate("() => window.filterviz_playground.settings().preset") == "diagonal"
    assert page.evaluate("() => window.filterviz_playground.settings().bias") == 0
    assert not tab.problems, "\n".join(tab.problems)


def test_every_step_starts_from_reset(steps):
    assert len(steps) == 4
    for number, text in enumerate(steps, start=1):
        assert "Press Reset" in text, f"step {number} does not say where it starts: {text}"


# -------------------------------------------------------------------- steps


def test_step_1_two_diagonals(tab, images, steps):
    diagonal = reference(images, filterviz.kernels.DIAGONAL)
    anti_diagonal = reference(images, filterviz.kernels.ANTI_DIAGONAL)
    page = open_playground(tab)
    mess_up(page)
    press_reset(page)
    shown = read_all_outputs(page)
    np.testing.assert_allclose(shown, diagonal, atol=TOLERANCE, rtol=0)
    low, high = tick(diagonal.min()), tick(diagonal.max())
    assert printed_range(page) == (low, high)
    assert f"run from {low} to {high} (at most 9)" in steps[0]
    assert diagonal.max() <= 9  # three pixels of at most 1, in three channels
    # "Bright parts come out brightest": the output follows the window's brightness.
    brightness = reference(images, np.ones((3, 3)) / 3)  # the window's sum, per pixel
    assert np.corrcoef(shown.ravel(), brightness.ravel())[0, 1] > 0.9
    choose_preset(page, "anti_diagonal")
    turned = read_all_outputs(page)
    np.testing.assert_allclose(turned, anti_diagonal, atol=TOLERANCE, rtol=0)
    assert printed_range(page)[1] == tick(anti_diagonal.max())
    assert f"the largest output becomes {tick(anti_diagonal.max())}" in steps[0]
    change = np.abs(turned - shown).mean()
    assert tick(change) == tick(np.abs(anti_diagonal - diagonal).mean())
    assert f"changes by only {tick(change)} on average" in steps[0]
    assert change < 0.05 * diagonal.max()  # "only": a few per cent of the scale
    assert not tab.problems, "\n".join(tab.problems)


def test_step_2_a_negative_weight(tab, images, steps):
    weights = np.array(filterviz.kernels.DIAGONAL, dtype=np.float32)
    page = open_playground(tab)
    mess_up(page)
    press_reset(page)

    type_into(page, CENTRE, "-1")
    weights[1, 1] = -1
    assert weights.sum() == 1
    expected = reference(images, weights)
    np.testing.assert_allclose(read_all_outputs(page), expected, atol=TOLERANCE, rtol=0)
    shares = printed_shares(page)
    assert shares == expected_shares(expected)
    assert f"{shares['above']} of the output pixels are above 0" in steps[1]
    assert f"only {shares['below']} below" in steps[1]
    assert (expected < 0).mean() < 0.01 < (expected > 0).mean()
    assert page.evaluate("() => window.filterviz_playground.norm().colormap") == "RdBu_r"
    drawn = all_canvases(page)
    red = drawn[..., 0] > drawn[..., 2]
    assert red.mean() > 0.99, red.mean()  # "red almost everywhere", as drawn

    type_into(page, CENTRE, "-2")
    weights[1, 1] = -2
    assert weights.sum() == 0
    expected = reference(images, weights)
    np.testing.assert_allclose(read_all_outputs(page), expected, atol=TOLERANCE, rtol=0)
    shares = printed_shares(page)
    assert shares == expected_shares(expected)
    assert f"Now {shares['below']} are below 0 (blue) and {shares['above']} above" in steps[1]
    drawn = all_canvases(page)
    red = (drawn[..., 0] > drawn[..., 2]).mean()
    blue = (drawn[..., 2] > drawn[..., 0]).mean()
    assert red > 0.4 and blue > 0.4, (red, blue)  # blue and red in like measure
    assert not tab.problems, "\n".join(tab.problems)


def test_step_3_bias_and_relu(tab, images, steps):
    page = open_playground(tab)
    mess_up(page)
    press_reset(page)
    page.check("#fv-relu")
    type_into(page, "#fv-bias", str(STRONG_BIAS))
    assert f"set the bias to {STRONG_BIAS}" in steps[2]
    expected = reference(images, filterviz.kernels.DIAGONAL, bias=STRONG_BIAS, activation="relu")
    shown = read_all_outputs(page)
    np.testing.assert_allclose(shown, expected, atol=TOLERANCE, rtol=0)
    shares = printed_shares(page)
    assert shares == expected_shares(expected)
    assert f"which are {shares['above']} of the pixels" in steps[2]
    assert f"the other {shares['zero']} become 0, black" in steps[2]
    assert (expected > 0).mean() < 0.15  # "only the outputs above 7": a small share
    # Those that survive are the diagonal's outputs above 7, less 7. (Float32 rounding:
    # a sum a hair above 7 is stored as 7.0 without the bias.)
    plain = reference(images, filterviz.kernels.DIAGONAL)
    kept = shown > 0
    assert (plain[kept] > -STRONG_BIAS - 1e-5).all()
    assert (plain[~kept] <= -STRONG_BIAS + 1e-5).all()
    np.testing.assert_allclose(shown[kept], plain[kept] + STRONG_BIAS, atol=TOLERANCE)
    drawn = all_canvases(page)
    black = (drawn == 0).all(axis=-1)
    assert page.evaluate("() => window.filterviz_playground.norm().colormap") == "gray"
    # Every 0 is drawn black (and so is a value below 1/256 of the largest).
    assert black[shown == 0].all()
    assert not black[shown > expected.max() / 128].any()

    type_into(page, "#fv-bias", str(WEAK_BIAS))
    expected = reference(images, filterviz.kernels.DIAGONAL, bias=WEAK_BIAS, activation="relu")
    shares = printed_shares(page)
    assert shares == expected_shares(expected)
    assert f"A bias of {WEAK_BIAS} is not enough: it keeps {shares['above']}" in steps[2]
    assert (expected > 0).mean() > 0.85
    assert not tab.problems, "\n".join(tab.problems)


def test_step_4_a_colour_filter(tab, images, steps):
    page = open_playground(tab)
    # What the step warns about: red-green straight after step 3 is all black.
    press_reset(page)
    page.check("#fv-relu")
    type_into(page, "#fv-bias", str(STRONG_BIAS))
    choose_preset(page, "red_green")
    assert printed_shares(page)["zero"] == "100.0\u00a0%"
    assert (all_canvases(page) == 0).all()
    warning = f"a bias of {STRONG_BIAS} with ReLU from step 3 would turn every output black"
    assert warning in steps[3]

    press_reset(page)
    choose_preset(page, "red_green")
    assert page.locator("#fv-grid-red").is_visible()  # one grid per colour channel
    assert page.input_value("#fv-w-red-4") == "0.25"
    assert page.input_value("#fv-w-green-4") == "-0.25"
    assert page.input_value("#fv-w-blue-4") == "0"
    expected = reference(images, filterviz.kernels.RED_GREEN)
    shown = read_all_outputs(page)
    np.testing.assert_allclose(shown, expected, atol=TOLERANCE, rtol=0)
    shares = printed_shares(page)
    assert shares == expected_shares(expected)
    assert f"{shares['above']} of the pixels are above 0 and {shares['below']} below" in steps[3]
    # Red where the image is redder than green: the sign follows red minus green.
    difference = images[..., 0] - images[..., 1]
    blurred = reference(difference[..., None].repeat(3, axis=-1), np.ones((3, 3)) / 3)
    agree = np.sign(shown) == np.sign(blurred)
    assert agree[shown != 0].mean() > 0.9
    high = tick(shown.max())
    assert printed_range(page)[1] == high == tick(expected.max())
    assert np.unravel_index(shown.argmax(), shown.shape)[0] == RED_CAR
    car = f"the largest output of the ten ({high}), is on the red car (image {RED_CAR + 1})"
    assert car in steps[3]
    reddest, greenest = share(shown[REDDEST] > 0), share(shown[GREENEST] < 0)
    assert reddest == "100.0\u00a0%"
    assert f"image {REDDEST + 1}) is red all over, {reddest} of its pixels above 0" in steps[3]
    assert f"image {GREENEST + 1}) is mostly blue, {greenest} below 0" in steps[3]
    assert (shown[GREENEST] < 0).mean() > 0.5
    drawn = all_canvases(page)
    assert (drawn[REDDEST, ..., 0] > drawn[REDDEST, ..., 2]).all()  # red all over, as drawn
    assert (drawn[GREENEST, ..., 2] > drawn[GREENEST, ..., 0]).mean() > 0.5
    assert not tab.problems, "\n".join(tab.problems)
