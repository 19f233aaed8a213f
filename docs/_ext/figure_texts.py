"""Record every text of every gallery figure as the build saves it, for the clipping test.

sphinx-gallery's Matplotlib scraper saves each figure with a plain
``fig.savefig(path)`` (no ``bbox_inches``: the image is the whole canvas), so a
text is cut off on the page exactly when the box it is drawn in leaves the
canvas. While it saves, every text drawn is recorded with its font size and
its window extent, in pixels of the image being written, for the 1× image and
for each ``image_srcset`` copy. The site's scraper
(``gallery_hooks.png_scraper``, named by string in ``conf.py``) runs
sphinx-gallery's through :func:`scrape`.

Each executed example gets a record beside its generated page
(``auto_examples/<section>/<stem>.figure-texts.json``, next to sphinx-gallery's
own ``.md5`` and ``.codeobj.json``), holding the SHA-256 of the source it came
from. At the end of the build the records whose source is unchanged are
gathered into :data:`RECORD_NAME` at the top of the HTML output, which
``tests/test_figures.py`` reads: the texts of the figures the site shows, from
the very run that drew them, instead of running every example again.

:func:`record_texts` is the one place the recording is done; the test uses it
too, for the figures it draws itself.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: The gathered record, in the HTML output folder.
RECORD_NAME = ".filterviz-figure-texts.json"
#: The suffix of one example's record, beside its generated page.
EXAMPLE_SUFFIX = ".figure-texts.json"


def record_texts(figure, save: Callable[[], Any]) -> dict[str, Any]:
    """Call `save` (which saves `figure`) and record each text drawn while it runs.

    Returns ``{"width", "height", "dpi", "texts"}``: the canvas size in pixels
    and the dpi it was drawn at, and for every visible, non-blank text drawn,
    ``[text, fontsize, [x0, y0, x1, y1]]`` with its window extent in those
    pixels. Only the texts drawn count: an axis keeps tick labels for ticks
    outside its limits, which are never drawn.
    """
    import matplotlib.text

    saved: dict[str, Any] = {"width": None, "height": None, "dpi": None, "texts": []}
    draw = matplotlib.text.Text.draw

    def recording_draw(text, renderer):
        draw(text, renderer)
        if text.get_visible() and text.get_text().strip() and text.figure is not None:
            box = text.get_window_extent(renderer)
            saved["texts"].append(
                [text.get_text(), float(text.get_fontsize()), [box.x0, box.y0, box.x1, box.y1]]
            )
            if saved["width"] is None:  # the canvas as drawn, at the dpi of this save
                saved["width"] = float(figure.bbox.width)
                saved["height"] = float(figure.bbox.height)
                saved["dpi"] = float(figure.dpi)

    matplotlib.text.Text.draw = recording_draw
    try:
        save()
    finally:
        matplotlib.text.Text.draw = draw
    if saved["width"] is None:  # a figure with no text at all
        saved.update(
            width=float(figure.bbox.width), height=float(figure.bbox.height), dpi=float(figure.dpi)
        )
    return saved


def source_digest(path: os.PathLike | str) -> str:
    """The SHA-256 of the file at `path`, in hexadecimal."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


#: The example being run and the figures saved for it so far, shared by every recorder.
_CURRENT: dict[str, Any] = {"source": None, "saves": []}


def scrape(save_figures: Callable[[], str], block_vars) -> str:
    """Run an image scraper, `save_figures`, recording every figure it saves.

    The record of the example (all its figures so far) is written beside
    its generated page; returns what the scraper returns (the page's reST).
    ``gallery_hooks.png_scraper``, the scraper ``conf.py`` names, calls this.
    """
    import matplotlib.figure

    source = str(block_vars["src_file"])
    if source != _CURRENT["source"]:  # the first code block of an example
        _CURRENT.update(source=source, saves=[])
    saves = _CURRENT["saves"]
    savefig = matplotlib.figure.Figure.savefig

    def recording_savefig(figure, path, *args, **save_kwargs):
        saved = record_texts(figure, lambda: savefig(figure, path, *args, **save_kwargs))
        saved["image"] = Path(os.fspath(path)).name
        saves.append(saved)

    matplotlib.figure.Figure.savefig = recording_savefig
    try:
        rst = save_figures()
    finally:
        matplotlib.figure.Figure.savefig = savefig
    target = Path(block_vars["target_file"])
    record = {"source_sha256": source_digest(source), "saves": saves}
    target.with_name(target.stem + EXAMPLE_SUFFIX).write_text(json.dumps(record), encoding="utf-8")
    return rst


def _gather(app, exception):
    """Write the records of the examples whose source is unchanged into the HTML output."""
    if exception is not None or app.builder.format != "html":
        return
    gallery_conf = app.config.sphinx_gallery_conf
    source_root = Path(app.srcdir)
    record: dict[str, Any] = {}
    def folders(key):  # a string or a list of them, as sphinx-gallery takes them
        value = gallery_conf[key]
        return value if isinstance(value, list) else [value]

    for examples, gallery in zip(folders("examples_dirs"), folders("gallery_dirs"), strict=True):
        examples_dir = (source_root / examples).resolve()
        gallery_dir = (source_root / gallery).resolve()
        for path in sorted(gallery_dir.rglob("*" + EXAMPLE_SUFFIX)):
            relative = path.relative_to(gallery_dir).as_posix()[: -len(EXAMPLE_SUFFIX)] + ".py"
            source = examples_dir / relative
            if not source.is_file():
                continue  # an example since removed
            entry = json.loads(path.read_text(encoding="utf-8"))
            if entry["source_sha256"] == source_digest(source):
                record[relative] = entry
    (Path(app.outdir) / RECORD_NAME).write_text(
        json.dumps(record, indent=1, sort_keys=True), encoding="utf-8"
    )


def setup(app):
    app.connect("build-finished", _gather)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
