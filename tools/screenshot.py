"""Screenshots of built pages in light mode, dark mode and at phone width, for a person to look at.

Usage::

    .venv/bin/python tools/screenshot.py [--site docs/_build/html] [--out test-output/screenshots]
        PAGE [PAGE ...]

Each PAGE is a path inside the built site (``index.html``,
``auto_examples/handmade_filters/plot_01_diagonal.html``). Three full-page PNGs
are written per page: ``NAME-light.png`` and ``NAME-dark.png`` at 1280 px, and
``NAME-390.png`` at 390 px wide in light mode. The site is served on 127.0.0.1
from a thread; Debian's Chromium at /usr/bin/chromium draws it, offline.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from chromium import CHROMIUM, CHROMIUM_ARGS, mode_script, serve  # noqa: E402

VIEWS = {"light": (1280, "light"), "dark": (1280, "dark"), "390": (390, "light")}


def main(argv: list[str] | None = None) -> int:
    """Take the screenshots; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="+", help="paths inside the built site")
    parser.add_argument("--site", type=Path, default=ROOT / "docs" / "_build" / "html")
    parser.add_argument("--out", type=Path, default=ROOT / "test-output" / "screenshots")
    parser.add_argument("--views", default="light,dark,390", help="comma-separated: light,dark,390")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"--site {args.site}: no index.html there; build the site first (make docs)")
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    server, url = serve(args.site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            for view in args.views.split(","):
                width, mode = VIEWS[view]
                context = browser.new_context(viewport={"width": width, "height": 900})
                context.add_init_script(mode_script(mode))
                page = context.new_page()
                for name in args.pages:
                    page.goto(url + name, wait_until="networkidle")
                    page.wait_for_timeout(300)
                    stem = name.removesuffix(".html").replace("/", "_")
                    target = args.out / f"{stem}-{view}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target)
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
