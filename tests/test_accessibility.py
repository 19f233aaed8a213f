"""Every page of the built site passes axe-core, in light mode and in dark mode.

axe-core is the copy bundled in the ``axe-playwright-python`` package
(``axe_playwright_python/axe.min.js``), injected into each page; nothing is
fetched. Debian's Chromium at /usr/bin/chromium draws the pages, served from a
thread on 127.0.0.1. A page fails on any violation that axe rates serious or
critical (colour contrast included), with its default rules and the
experimental ones (``label-content-name-mismatch`` among them) switched on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="Playwright is missing: pip install -e '.[test]' (the browser itself is Debian's)",
)
axe_package = pytest.importorskip(
    "axe_playwright_python",
    reason="axe-playwright-python is missing: pip install -e '.[test]' (it bundles axe-core)",
)

from chromium import CHROMIUM  # noqa: E402 - Debian's browser, named in tools/chromium.py

AXE_SOURCE = Path(axe_package.__file__).with_name("axe.min.js").read_text(encoding="utf-8")
FAILING_IMPACTS = ("serious", "critical")
# Default rules plus the experimental ones, such as label-content-name-mismatch.
RUN_AXE = """() => axe.run(document, {
    resultTypes: ["violations"],
    rules: Object.fromEntries(
        axe.getRules(["experimental"]).map((rule) => [rule.ruleId, {enabled: true}])
    ),
})"""
# The same run, started and left to finish while other tabs run theirs.
START_AXE = f"() => {{ window.fvAxeRun = ({RUN_AXE})(); }}"
MODES = ("light", "dark")
#: Pages checked side by side, one tab each.
TABS = 4
SWITCHED = ".version-switcher__button[data-active-version-name]"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=(
        "Chromium is not installed at /usr/bin/chromium; install Debian's package with "
        "'sudo apt-get install chromium' to run the browser tests (never 'playwright install')"
    ),
)


def open_in_mode(browser, mode: str):
    """A new browser context whose pages open in the theme's `mode`; return (context, page)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # pydata-sphinx-theme reads these before the first paint.
    context.add_init_script(
        f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');"
    )
    # axe-core in every page the context opens, before the page's own scripts.
    context.add_init_script(AXE_SOURCE)
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def html_pages(site: Path) -> list[str]:
    """Every page of the site, as paths relative to its root (theme templates left out)."""
    return sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if not path.relative_to(site).parts[0].startswith("_")
    )


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it is now; return its violations."""
    return page.evaluate(RUN_AXE)["violations"]


def finished_axe_violations(page) -> list[dict]:
    """The violations of the axe-core run that START_AXE began on the page."""
    return page.evaluate("() => window.fvAxeRun")["violations"]


def describe(path: str, violation: dict) -> list[str]:
    """Readable lines for one violation: rule, impact, page, then each node's selector."""
    lines = [
        f"{violation['id']} ({violation['impact']}) on {path}: {violation['help']}"
        f" [{len(violation['nodes'])} nodes]"
    ]
    for node in violation["nodes"][:8]:
        selector = " >> ".join(" ".join(part) if isinstance(part, list) else part
                               for part in node["target"])
        lines.append(f"    {selector}")
    if len(violation["nodes"]) > 8:
        lines.append(f"    ... and {len(violation['nodes']) - 8} more")
    return lines


@pytest.mark.parametrize("mode", MODES)
def test_every_page_has_no_serious_or_critical_axe_violation(browser, built_site, site_url, mode):
    pages = html_pages(built_site)
    assert "index.html" in pages and "references.html" in pages and len(pages) > 20
    context, first = open_in_mode(browser, mode)
    # TABS pages at a time, one tab each: axe-core runs in each tab's own renderer at once.
    tabs = [first] + [context.new_page() for _ in range(TABS - 1)]
    for tab in tabs:
        tab.set_default_timeout(30_000)
    failures: list[str] = []
    checked = 0
    try:
        for start in range(0, len(pages), TABS):
            opened = list(zip(tabs, pages[start : start + TABS], strict=False))
            for tab, path in opened:
                tab.goto(site_url + path, wait_until="commit")
            for tab, path in opened:
                tab.wait_for_load_state("load")
                assert tab.url == site_url + path, (tab.url, path)
                # The version switcher has read switcher.json and written its text.
                tab.wait_for_selector(SWITCHED, state="attached")
                shown = tab.evaluate("() => document.documentElement.dataset.theme")
                assert shown == mode, f"{path} opened in {shown!r} mode, not {mode!r}"
                tab.evaluate(START_AXE)
            for tab, path in opened:
                for violation in finished_axe_violations(tab):
                    if violation["impact"] in FAILING_IMPACTS:
                        failures += describe(path, violation)
                checked += 1
    finally:
        context.close()
    assert checked == len(pages)
    assert not failures, f"axe-core, {mode} mode:\n" + "\n".join(failures)


def test_axe_reports_what_it_should(browser, site_url):
    """The check itself can fail: a nameless link and faint text on a real page are caught."""
    context, page = open_in_mode(browser, "dark")
    try:
        page.goto(site_url + "index.html", wait_until="load")
        page.evaluate(
            """() => {
                const main = document.querySelector("main") || document.body;
                main.insertAdjacentHTML("afterbegin",
                    '<a id="fv-nameless" href="index.html"><span style="display:none">x</span></a>'
                    + '<p id="fv-faint" style="color:#333;background:#222">faint text</p>');
            }"""
        )
        found = {
            violation["id"]: [node["target"] for node in violation["nodes"]]
            for violation in axe_violations(page)
        }
    finally:
        context.close()
    assert ["#fv-nameless"] in found.get("link-name", []), found
    assert ["#fv-faint"] in found.get("color-contrast", []), found
