"""Reading the images a command names: files and folders, through :mod:`filterviz.data`.

The library checks the files (exist, are images, are not too large) and reads
them; this module says its messages in the command line's words (options, not
arguments), turns images grey for a model of one channel, and shows progress
while many files are read.
"""

from __future__ import annotations

import sys
from pathlib import Path

from filterviz.cli import CommandError, arguments, cli_words
from filterviz.cli import progress as cli_progress

#: Without --size, 'filterviz apply' draws images whose longer side is longer than this
#: shrunk to fit, keeping their proportions. A panel of its figure is about 270 pixels
#: wide at the default --dpi 150 and 1080 at the largest, 600, so 1024 loses nothing that
#: a figure shows. 'apply --engine numpy' on an 8000×8000 photo took 14.7 s with 2048
#: and 9.4 s with 1024 (one run each on a loaded 2-core machine).
DISPLAY_SIDE = 1024
#: Reading this many image files or more shows a progress bar (on a terminal).
PROGRESS_MIN_FILES = 5


def image_files(names: list[str], max_pixels: int | None = None) -> list[Path]:
    """Expand folders into their image files, sorted by name; keep files as given.

    With `max_pixels`, the files named on the command line are checked from their headers
    (exist, are images filterviz reads, not too large): fast, before any slow import.
    """
    from filterviz import data

    try:
        files = data.image_files(names)
        if max_pixels is not None:
            for name in names:
                if not Path(name).is_dir():
                    data.check_image(name, max_pixels=max_pixels)
    except (FileNotFoundError, ValueError) as error:
        raise CommandError(cli_words(str(error))) from None
    return files


def _short(name: str, length: int = 14) -> str:
    return name if len(name) <= length else name[: length - 1] + "…"


def read(names: list[str], max_images: int, size=None, *, max_side=None, max_pixels: int):
    """Read the images named on the command line.

    Parameters
    ----------
    names : list of str
        The IMAGE arguments: files and folders.
    max_images : int
        --max-images: read at most this many, the first ones (0: up to
        :data:`~filterviz.cli.arguments.MAX_IMAGES_LIMIT`).
    size : (int, int), optional
        Resize every image to (height, width).
    max_side : int, optional
        Shrink an image whose longer side is longer than this.
    max_pixels : int
        Refuse images of more pixels (--max-megapixels).

    Returns
    -------
    batch : numpy.ndarray
        Float32 ``(N, H, W, 3)`` in [0, 1].
    labels : list of str
        Each image's file name without its extension, shortened for a panel.
    files : list of pathlib.Path
        The files read, in the batch's order.
    """
    from filterviz import data

    files = image_files(names)
    limit = max_images or arguments.MAX_IMAGES_LIMIT
    if len(files) > limit:
        if max_images:
            note = "--max-images 0 draws all, up to "
        else:
            note = "a figure draws at most "
        print(
            f"filterviz: drawing the first {limit} of {len(files)} images "
            f"({note}{arguments.MAX_IMAGES_LIMIT})",
            file=sys.stderr,
        )
    skipped: list = []
    show = min(len(files), limit) >= PROGRESS_MIN_FILES
    with cli_progress.progress("Reading images", show=show) as update:

        def progress(done: int, total: int) -> None:
            if update is not None:
                update(done, total)

        try:
            batch = data.load_images(
                names,
                image_size=size,
                progress=progress,
                max_side=max_side,
                max_pixels=max_pixels,
                max_images=limit,
                skipped=skipped,
            )
        except (FileNotFoundError, ValueError) as error:
            raise CommandError(cli_words(str(error))) from None
    if skipped:
        print(f"filterviz: {data._skip_summary(skipped)}", file=sys.stderr)
    left_out = {path for path, _ in skipped}
    read_from = [file for file in files if file not in left_out][: len(batch)]
    return batch, [_short(file.stem) for file in read_from], read_from


def to_grey(batch):
    """Return luminance (ITU-R 601, as Pillow's 'L' mode), one channel: (N, H, W, 1)."""
    import numpy as np

    weights = np.array([0.299, 0.587, 0.114], dtype=np.float32)
    return np.clip(batch @ weights, 0.0, 1.0)[..., None].astype(np.float32)
