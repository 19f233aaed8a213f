"""Time one update of the filter playground and weigh the playground page.

Run after building the site (``make docs``), or point ``--site`` at any built
``html`` folder::

    python benchmarks/bench_playground.py [--site docs/_build/html] [--runs 5] [--updates 100]

Prints

- the median time of one playground update for the 10 images in headless
  Chromium: one weight typed into the grid (an ``input`` event) until its
  handler has parsed it, recomputed the ten outputs and redrawn them with the
  colour scale; measured in the page with ``performance.now()``, ``--updates``
  times in each of ``--runs`` fresh page loads (the issue's target: 16 ms, one
  frame at 60 Hz);
- the page's total transfer in bytes (bodies and headers, as Chromium's network
  panel counts them, cache disabled), served as ``make serve`` does
  (``python -m http.server``, no compression) and gzip-compressed as most static
  hosts serve text (target: 300 kB), with the playground's own share.

Needs Debian's Chromium at /usr/bin/chromium and Playwright for Python.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import statistics
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402 - the one place for the browser's flags

COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")

TIME_UPDATES = """async ({updates}) => {
    const api = window.filterviz_playground;
    const field = document.getElementById("fv-w-shared-1");
    const times = [];
    for (let k = 0; k < updates; k += 1) {
        field.value = String((k % 7) - 3);
        const start = performance.now();
        field.dispatchEvent(new Event("input", {bubbles: true}));
        times.push(performance.now() - start);
        if (k % 10 === 9) {
            await new Promise((resolve) => requestAnimationFrame(resolve));  // let it paint
        }
    }
    return {times: times, updates: api.updateCount()};
}"""


class PlainHandler(http.server.SimpleHTTPRequestHandler):
    """What ``python -m http.server`` (``make serve``) sends: files as they are."""

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


class GzipHandler(PlainHandler):
    """Text compressed with gzip when the browser accepts it, as static hosts do."""

    def do_GET(self):  # noqa: N802 (the base class's name)
        path = Path(self.translate_path(self.path))
        content_type = self.guess_type(str(path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and accepts and content_type.startswith(COMPRESSED_TYPES)):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(site: Path, handler):
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread, f"http://127.0.0.1:{server.server_address[1]}/"


def open_playground(browser, url: str):
    """Load the playground with the cache disabled; return the page and bytes per URL."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.setCacheDisabled", {"cacheDisabled": True})
    urls: dict[str, str] = {}
    transferred: dict[str, int] = {}
    session.on(
        "Network.requestWillBeSent",
        lambda event: urls.__setitem__(event["requestId"], event["request"]["url"]),
    )

    def finished(event):
        url = urls.get(event["requestId"], "?")
        if not url.startswith("data:"):  # decoded in memory, nothing transferred
            transferred[url] = int(event["encodedDataLength"])

    session.on("Network.loadingFinished", finished)
    page.goto(url + "playground.html", wait_until="networkidle")
    page.wait_for_selector("#fv-playground[data-ready='true']", timeout=15_000)
    return context, page, transferred


def describe_transfer(label: str, transferred: dict[str, int]) -> int:
    total = sum(transferred.values())
    own = sum(n for url, n in transferred.items() if "playground" in url)
    print(
        f"playground page total transfer, {label}: {total} bytes ({total / 1000:.1f} kB) "
        f"in {len(transferred)} requests; the playground's own files: {own} bytes"
    )
    return total


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "docs" / "_build" / "html")
    parser.add_argument("--runs", type=int, default=5, help="fresh page loads (default 5)")
    parser.add_argument("--updates", type=int, default=100, help="updates per run (default 100)")
    args = parser.parse_args(argv)
    if not (args.site / "_static" / "playground" / "data.js").is_file():
        print(f"No built playground in {args.site}: build the site first (make docs).")
        return 1
    if not CHROMIUM.exists():
        print("Chromium is missing at /usr/bin/chromium: sudo apt-get install chromium")
        return 1
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        print(f"Chromium {browser.version}, headless; site {args.site}")
        server, thread, url = serve(args.site, PlainHandler)
        run_medians = []
        worst = 0.0
        for _ in range(args.runs):
            context, page, plain = open_playground(browser, url)
            result = page.evaluate(TIME_UPDATES, {"updates": args.updates})
            run_medians.append(statistics.median(result["times"]))
            worst = max(worst, max(result["times"]))
            context.close()
        server.shutdown()
        server.server_close()
        thread.join()
        print(
            f"one playground update (10 images, 3x3x3 weights, stride 1): median "
            f"{statistics.median(run_medians):.3f} ms over {args.runs} runs of {args.updates} "
            f"updates (run medians {', '.join(f'{m:.3f}' for m in run_medians)} ms; "
            f"slowest single update {worst:.2f} ms)"
        )
        describe_transfer("uncompressed (python -m http.server, as make serve)", plain)
        server, thread, url = serve(args.site, GzipHandler)
        context, page, compressed = open_playground(browser, url)
        context.close()
        server.shutdown()
        server.server_close()
        thread.join()
        describe_transfer("gzip (as static hosts serve text)", compressed)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
