"""Nothing is lost on a built page: every figure its source draws is shown, and no log line leaks.

The figures a page's source draws are counted from the source itself, not from
the build, so that a build that silently drops figures (a notebook kernel on a
non-interactive Matplotlib backend, say) shows up as a difference:

- a gallery script draws one figure per ``plt.show()`` (the project's page
  template: one figure per section, each ended by ``plt.show()``);
- an executed MyST page draws one figure per ``plt.show()`` in its code cells,
  plus, on the command-line page, one per command that writes a PNG or SVG
  (``run("filterviz ... -o NAME.png")`` that is not expected to fail), which
  the page displays.
"""

from __future__ import annotations

import ast
import html.parser
import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DOCS = ROOT / "docs"
MYST_PAGES = ["tutorials/convolution_by_hand", "model", "cli"]

#: Lines that must never reach a page: TensorFlow/absl/oneDNN/CUDA start-up logs and warnings.
LEAKS = re.compile(
    r"absl::|oneDNN|TF_ENABLE_ONEDNN_OPTS|cudart|cuda drivers|cuInit|"
    r"^[IWEF]\d{4} \d\d:\d\d:\d\d|"  # glog/absl line prefix, I0000 00:00:...
    r"\b(?:User|Deprecation|Future|Runtime|Resource|PendingDeprecation)Warning\b|"
    r"DecompressionBombWarning|Skipping invalid path|warnings\.warn",
)
SHOW = re.compile(r"^[ \t]*plt\.show\(\)", re.MULTILINE)


def gallery_pages() -> list[Path]:
    return sorted(EXAMPLES.glob("*/plot_*.py"))


def code_cells(markdown: str) -> list[str]:
    """Return the Python code of every ``{code-cell}`` of a MyST notebook page.

    The cell's options (``:tags: ...`` lines at its top) and IPython magics are left out.
    """
    cells = re.findall(r"^```\{code-cell\}[^\n]*\n(.*?)^```", markdown, re.MULTILINE | re.DOTALL)
    return [re.sub(r"\A(?:[ \t]*:[^\n]*\n)+", "", cell) for cell in cells]


def figures_drawn(source: Path) -> int:
    """Count the figures the source of a page draws (see the module docstring)."""
    text = source.read_text(encoding="utf-8")
    if source.suffix == ".py":
        return len(SHOW.findall(text))
    cells = "\n".join(code_cells(text))
    return len(SHOW.findall(cells)) + sum(map(command_figures, code_cells(text)))


def command_figures(cell: str) -> int:
    """Count the ``run("filterviz ... -o X.png|svg")`` calls of a cell that succeed."""
    count = 0
    python = re.sub(r"^[ \t]*[%!][^\n]*", "", cell, flags=re.MULTILINE)
    for node in ast.walk(ast.parse(python)):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "run"):
            continue
        fails = any(k.arg == "fails" and ast.literal_eval(k.value) for k in node.keywords)
        words = shlex.split(ast.literal_eval(node.args[0]))
        if not fails and "-o" in words and words[words.index("-o") + 1].endswith((".png", ".svg")):
            count += 1
    return count


class _Article(html.parser.HTMLParser):
    """Collect the images of a page's article and the text of its output blocks."""

    OUTPUT_CLASSES = ("sphx-glr-script-out", "cell_output")

    def __init__(self):
        super().__init__()
        self.images: list[str] = []
        self.outputs: list[str] = []
        self._stack: list[bool] = []  # per open div: is it an output block?
        self._article = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "article":
            self._article += 1
        if tag == "img" and self._article:
            self.images.append(attributes.get("src", ""))
        if tag == "div":
            is_output = any(name in classes for name in self.OUTPUT_CLASSES)
            self._stack.append(is_output)
            if is_output:
                self.outputs.append("")

    def handle_endtag(self, tag):
        if tag == "article":
            self._article -= 1
        if tag == "div" and self._stack:
            self._stack.pop()

    def handle_data(self, data):
        if any(self._stack):
            self.outputs[-1] += data


def parse(page: Path) -> _Article:
    parser = _Article()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def page_of(source: Path, site: Path) -> Path:
    if source.suffix == ".py":
        return site / "auto_examples" / source.parent.name / f"{source.stem}.html"
    return site / source.relative_to(DOCS).with_suffix(".html")


SOURCES = gallery_pages() + [DOCS / f"{name}.md" for name in MYST_PAGES]


def test_the_figure_count_is_not_vacuous():
    """The rule above finds figures on every kind of page, so a zero on the page would show."""
    assert all(figures_drawn(source) >= 1 for source in gallery_pages())
    assert figures_drawn(DOCS / "tutorials" / "convolution_by_hand.md") >= 1
    assert figures_drawn(DOCS / "model.md") >= 1
    assert figures_drawn(DOCS / "cli.md") >= 3


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_figure_the_source_draws_is_on_the_page(built_site, source):
    page = page_of(source, built_site)
    assert page.is_file(), f"{source.relative_to(ROOT)} built no page {page}"
    shown = [src for src in parse(page).images if "_images/" in src and "thumb" not in src]
    expected = figures_drawn(source)
    assert len(shown) == expected, (
        f"{page.relative_to(built_site)}: the source draws {expected} figures, "
        f"the page shows {len(shown)} images: {shown}"
    )
    for src in shown:
        assert (page.parent / src).resolve().is_file(), f"{page.name}: missing image file {src}"


def all_pages(site: Path) -> list[Path]:
    return sorted(
        path
        for path in site.rglob("*.html")
        if not {"_modules", "_static", "_sources"} & set(path.relative_to(site).parts)
    )


def test_no_log_lines_or_warnings_in_any_page_output(built_site):
    leaks = []
    for page in all_pages(built_site):
        article = parse(page)
        for output in article.outputs:
            for line in output.splitlines():
                if LEAKS.search(line):
                    leaks.append(f"{page.relative_to(built_site)}: {line.strip()[:160]}")
        if 'class="output stderr' in page.read_text(encoding="utf-8"):
            leaks.append(f"{page.relative_to(built_site)}: a cell wrote to stderr")
    assert not leaks, "log lines or warnings on pages:\n" + "\n".join(leaks)


def test_the_leak_check_recognises_the_lines_it_looks_for():
    samples = [
        "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR",
        "I0000 00:00:1796160663.891854    2939 port.cc:153] oneDNN custom operations are on.",
        "I0000 00:00:1796160663.892585    2939 cudart_stub.cc:31] Could not find cuda drivers",
        "/x.py:3: UserWarning: Glyph 8722 missing from font(s) DejaVu Sans.",
    ]
    assert all(LEAKS.search(sample) for sample in samples)
    assert not LEAKS.search("largest difference: 0.0\ndepth 1 (conv1): 32 filters")
