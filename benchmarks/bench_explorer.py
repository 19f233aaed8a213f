"""Time the network explorer's forward pass and redraw, and weigh the explorer page.

Run after building the site, or point ``--site`` at any built ``html`` folder::

    python benchmarks/bench_explorer.py [--site docs/_build/html] [--runs 30]

Prints

- the median time of one forward pass of the shipped network (all 13 layers,
  one 32×32 image) in headless Chromium, ``--runs`` passes timed in the page
  with ``performance.now()`` after 3 untimed ones (the issue's target: 50 ms);
- the median time from choosing an image in the menu (a ``change`` event) until
  every feature map is drawn and the browser has painted (two animation
  frames), over ``--runs`` choices of the ten CIFAR-10 samples;
- the page's transfer with a cold cache, gzip-compressed as static hosts serve
  text: the sum over every file the page loads (weights included), as
  Chromium's network panel counts bytes (target: 1.5 MB), and the size of the
  data script (``model.js``) alone;
- the largest differences between the page's feature maps (every depth) and
  probabilities and those of filterviz.model.feature_maps and Keras' predict on
  the ten CIFAR-10 samples;
- what storing the largest layer in 20-bit fixed point saves (the data
  script written both ways and gzip-compressed) and the largest difference it
  makes to the network's feature maps and probabilities on the ten CIFAR-10
  samples (Keras with the stored weights against Keras with the exact ones).

Needs Debian's Chromium at /usr/bin/chromium and Playwright for Python.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import explorer  # noqa: E402 - docs/_ext/explorer.py, the exporter
from bench_playground import GzipHandler, serve  # noqa: E402 - the same servers
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

PAGE = "explorer.html"
READY = "#fv-explorer[data-ready='true']"

TIME_CHOICES = """async ({runs}) => {
    const select = document.getElementById("fv-x-image");
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    const times = [];
    for (let k = 0; k < runs; k += 1) {
        await frame();
        select.value = String((k + 1) % 10);
        const start = performance.now();
        select.dispatchEvent(new Event("change", {bubbles: true}));
        await frame();
        await frame();
        times.push(performance.now() - start);
    }
    return times;
}"""


def open_explorer(browser, url: str):
    """Load the explorer with the cache disabled; return the context, page and bytes per URL."""
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
        if not url.startswith("data:"):
            transferred[url] = int(event["encodedDataLength"])

    session.on("Network.loadingFinished", finished)
    page.goto(url + PAGE, wait_until="networkidle")
    page.wait_for_selector(READY, timeout=30_000)
    return context, page, transferred


def precision_effect() -> tuple[int, int, float, float, str]:
    """Gzip sizes of model.js with 4 and with the stored bytes; the largest differences."""
    import keras
    import numpy as np

    import filterviz

    data = explorer.explorer_data()
    stored = gzip.compress(explorer.data_script(data).encode("ascii"), 6, mtime=0)
    model = filterviz.shipped.load(explorer.MODEL_NAME)
    layers, arrays = explorer.export_model(model)
    full = {name: "float32" for name in arrays}
    data["model"]["weights"], data["model"]["arrays"] = explorer.encode_arrays(arrays, full)
    lossless = gzip.compress(explorer.data_script(data).encode("ascii"), 6, mtime=0)
    reduced = explorer.reduced_arrays(arrays)
    largest = next(name for name, encoding in reduced.items() if encoding != "float32")
    images, _, _ = filterviz.sample_images("cifar10", n=10)
    names = [la.name for la in model.layers if isinstance(la, keras.layers.Conv2D)]
    exact_maps = filterviz.model.feature_maps(model, names, images)
    exact_probabilities = model.predict(images, verbose=0)
    layer_name, part = largest.split("/")
    layer = model.get_layer(layer_name)
    weights = layer.get_weights()
    position = 0 if part == "kernel" else 1
    weights[position] = explorer.stored_values(weights[position], reduced[largest])
    layer.set_weights(weights)
    maps = filterviz.model.feature_maps(model, names, images)
    probabilities = model.predict(images, verbose=0)
    map_difference = max(float(np.abs(a - b).max()) for a, b in zip(maps, exact_maps, strict=True))
    probability_difference = float(np.abs(probabilities - exact_probabilities).max())
    return len(stored), len(lossless), map_difference, probability_difference, largest


def page_against_keras(page_numbers) -> tuple[float, float]:
    """The largest differences between the page's maps and probabilities and Keras'."""
    import keras
    import numpy as np

    import filterviz

    model = filterviz.shipped.load("cifar10_cnn")
    images, _, _ = filterviz.sample_images("cifar10", n=10)
    names = [la.name for la in model.layers if isinstance(la, keras.layers.Conv2D)]
    maps = filterviz.model.feature_maps(model, names, images)
    probabilities = model.predict(images, verbose=0)
    worst_maps = max(
        float(np.abs(np.ravel(shown[depth]) - maps[depth][index].ravel()).max())
        for index, (shown, _) in enumerate(page_numbers)
        for depth in range(len(maps))
    )
    worst_probabilities = max(
        float(np.abs(np.asarray(shown) - probabilities[index]).max())
        for index, (_, shown) in enumerate(page_numbers)
    )
    return worst_maps, worst_probabilities


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "docs" / "_build" / "html")
    parser.add_argument("--runs", type=int, default=30, help="timed runs (default 30, at least 20)")
    args = parser.parse_args(argv)
    if not (args.site / "_static" / "explorer" / "model.js").is_file():
        print(f"No built explorer in {args.site}: build the site first.")
        return 1
    if not CHROMIUM.exists():
        print("Chromium is missing at /usr/bin/chromium: sudo apt-get install chromium")
        return 1
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        print(f"Chromium {browser.version}, headless; site {args.site}")
        server, thread, url = serve(args.site, GzipHandler)
        context, page, transferred = open_explorer(browser, url)
        page.evaluate("() => window.filterviz_explorer.timeForward(3)")  # warm-up, not counted
        forward = page.evaluate(f"() => window.filterviz_explorer.timeForward({args.runs})")
        choices = page.evaluate(TIME_CHOICES, {"runs": args.runs})
        page_numbers = []
        for index in range(10):
            page.evaluate(f"() => window.filterviz_explorer.run({index})")
            page_numbers.append(
                page.evaluate(
                    """() => {
                        const api = window.filterviz_explorer;
                        const depths = Array.from({length: api.depths()}, (_, k) => k + 1);
                        return [depths.map((d) => api.maps(d)), api.probabilities()];
                    }"""
                )
            )
        context.close()
        server.shutdown()
        server.server_close()
        thread.join()
        browser.close()
    print(
        f"one forward pass (13 layers, one 32x32 image): median {statistics.median(forward):.1f} "
        f"ms over {len(forward)} runs (fastest {min(forward):.1f}, slowest {max(forward):.1f} ms)"
    )
    print(
        f"choosing an image until every map is drawn and painted: median "
        f"{statistics.median(choices):.1f} ms over {len(choices)} choices "
        f"(fastest {min(choices):.1f}, slowest {max(choices):.1f} ms)"
    )
    total = sum(transferred.values())
    data = sum(
        n for address, n in transferred.items() if address.split("?")[0].endswith("model.js")
    )
    print(
        f"explorer page, cold cache, gzip: {total} bytes ({total / 1e6:.3f} MB) in "
        f"{len(transferred)} requests; model.js (weights and samples) {data} bytes"
    )
    page_maps, page_probabilities = page_against_keras(page_numbers)
    print(
        f"largest difference between the page and Keras on the ten CIFAR-10 samples: feature "
        f"maps {page_maps:.2e} (every depth), probabilities {page_probabilities:.2e}"
    )
    stored, lossless, map_difference, probability_difference, largest = precision_effect()
    print(
        f"model.js gzipped: {stored} bytes with {largest} in {explorer.FIXED}, "
        f"{lossless} with every weight in float32 (the page would weigh "
        f"{total - stored + lossless} bytes); largest difference {explorer.FIXED} makes on the "
        f"ten CIFAR-10 samples (Keras against Keras): feature maps "
        f"{map_difference:.2e}, probabilities {probability_difference:.2e}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
