"""Writing a command's figure: the output file checked first, then titled, drawn and saved.

:func:`output_path` checks ``-o/--output`` before any slow work;
:func:`title` and :func:`save` finish the figure, which :func:`save` writes
through a temporary file. Matplotlib loads only when a figure is drawn.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from filterviz.cli import CommandError

#: Output formats, chosen by the output file's extension (none means PNG).
OUTPUT_FORMATS = (".png", ".svg", ".pdf")
#: Figures of more panels per row than this wrap onto the next row.
COLUMNS = 8


def output_path(text: str, force: bool) -> Path:
    """Check the output file before any work: format, folder, and not overwriting.

    Parameters
    ----------
    text : str
        The -o/--output argument; without an extension, ``.png`` is added.
    force : bool
        Whether --force allows overwriting an existing file.

    Returns
    -------
    pathlib.Path
        The file to write.
    """
    if not text.strip():
        raise CommandError(
            f"-o/--output: got an empty file name {text!r}; expected a figure to write, such as "
            "figure.png"
        )
    path = Path(text)
    if path.suffix == "":
        path = path.with_name(path.name + ".png")
    if path.suffix.lower() not in OUTPUT_FORMATS:
        raise CommandError(
            f"cannot write {str(path)!r}: unsupported output format {path.suffix!r}; "
            f"expected {', '.join(OUTPUT_FORMATS)}"
        )
    folder = path.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise CommandError(f"the output folder {str(folder)!r} {what} (for {str(path)!r})")
    if path.is_dir():
        raise CommandError(f"the output {str(path)!r} is a folder; give a file name")
    if path.exists() and not force:
        raise CommandError(
            f"the output file {str(path)!r} already exists; pass --force to overwrite it"
        )
    return path


def not_an_input(output: Path, inputs) -> None:
    """Refuse to write the figure over one of the files it is drawn from, even with --force."""
    if not output.exists():
        return
    for item in inputs:
        if os.path.samefile(item, output):
            raise CommandError(
                f"the output {str(output)!r} is one of the input images; --force does not "
                "overwrite the command's own input files: choose another -o/--output"
            )


def use_agg() -> None:
    """Draw off screen, unless a program that called main() already chose a backend."""
    if "matplotlib.pyplot" not in sys.modules:
        import matplotlib

        matplotlib.use("Agg")


def title(fig, text: str, fontsize: float = 14) -> None:
    """Set the figure's title, wrapped onto several lines where the figure is narrow."""
    import textwrap

    width_in_characters = fig.get_figwidth() * 72 / (0.6 * fontsize)
    fig.suptitle(textwrap.fill(text, max(int(width_in_characters), 12)), fontsize=fontsize)


_charmaps: dict[str, set[int]] = {}


def _characters(font_path: str) -> set[int]:
    """Return the code points a font file draws."""
    if font_path not in _charmaps:
        from matplotlib import ft2font

        _charmaps[font_path] = set(ft2font.FT2Font(font_path).get_charmap())
    return _charmaps[font_path]


def drawable(fig) -> None:
    """Make every text of the figure drawable without missing glyphs or Matplotlib's warnings.

    A text with characters its font lacks (such as a Chinese title in DejaVu Sans) gets an
    installed font that has them as a fallback (Matplotlib's own "Last Resort" font, which
    draws a box naming the script, if no other has them); where none has them, they become
    '□'.
    """
    import matplotlib.text
    from matplotlib import font_manager

    for text in fig.findobj(matplotlib.text.Text):
        content = text.get_text()
        if not content or content.isascii():
            continue
        font = font_manager.findfont(text.get_fontproperties())
        have = _characters(font)
        missing = {ch for ch in content if ord(ch) >= 32 and ord(ch) not in have}
        if not missing:
            continue
        # Real fonts first; Matplotlib's "Last Resort" font draws a box naming the script.
        fonts = sorted(font_manager.fontManager.ttflist, key=lambda e: "Last Resort" in e.name)
        for entry in fonts:
            try:
                if all(ord(ch) in _characters(entry.fname) for ch in missing):
                    families = [*text.get_fontproperties().get_family(), entry.name]
                    text.set_fontfamily(families)
                    break
            except (OSError, RuntimeError):  # a font file that cannot be read
                continue
        else:
            box = "□" if ord("□") in have else "?"
            text.set_text("".join(box if ch in missing else ch for ch in content))


def save(fig, path: Path, dpi: float) -> None:
    """Write the figure through a temporary file, so a failure leaves nothing half-written."""
    import matplotlib.pyplot as plt

    drawable(fig)
    partial = path.with_name(f".{path.name}.partial")
    try:
        fig.savefig(partial, dpi=dpi, format=path.suffix.lower()[1:])
        os.replace(partial, path)
    finally:
        plt.close(fig)
        if partial.exists():
            partial.unlink()
    print(f"wrote {path}")
