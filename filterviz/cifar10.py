"""The full CIFAR-10 set, for training and the package's own commands.

Users' images go through :mod:`filterviz.data`; this module serves
:mod:`filterviz.train`, which trains the shipped network, and the tests that
measure it:

- :func:`cifar10_folder` finds the CIFAR-10 archive of class folders (by
  default ``../shared/data/cifar10-jpeg.tar.gz`` next to a source tree),
  extracts it once into a cache and returns the folder, to be read with
  :func:`filterviz.data.load_image_folder`;
- :func:`load_cifar10` downloads CIFAR-10 through ``keras.datasets`` instead
  (needs the internet).

Both were once in :mod:`filterviz.data`, where their names still work.
"""

from __future__ import annotations

import os
import tarfile
from pathlib import Path

import numpy as np

from filterviz import data

__all__ = ["archive_path", "cifar10_folder", "load_cifar10"]


def load_cifar10() -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray], list]:
    """Download CIFAR-10 through ``keras.datasets`` and normalise it to [0, 1].

    Needs the internet the first time (Keras caches it in ``~/.keras``). For
    an offline copy stored as class folders, use :func:`cifar10_folder` and
    :func:`filterviz.data.load_image_folder`.

    Returns
    -------
    (x_train, y_train), (x_test, y_test), class_names
        Float32 images ``(50000, 32, 32, 3)`` and ``(10000, 32, 32, 3)``,
        int64 labels, and the ten class names.
    """
    import keras

    (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
    return (
        (x_train.astype(np.float32) / 255.0, y_train.reshape(-1).astype(np.int64)),
        (x_test.astype(np.float32) / 255.0, y_test.reshape(-1).astype(np.int64)),
        list(data.CIFAR10_CLASSES),
    )


def _repository_root() -> Path:
    """Return the folder that holds the package: the repository root of a source tree."""
    return Path(__file__).resolve().parent.parent


def archive_path(archive=None) -> Path:
    """Return the CIFAR-10 archive :func:`cifar10_folder` reads.

    Looked for, in order, at `archive`, at ``FILTERVIZ_CIFAR10_ARCHIVE`` and
    at ``../shared/data/cifar10-jpeg.tar.gz`` from the repository root.

    Raises
    ------
    FileNotFoundError
        If none of them is a file; the message lists where it looked.
    """
    candidates = []
    if archive is not None:
        candidates.append(Path(os.fspath(archive)))
    if os.environ.get("FILTERVIZ_CIFAR10_ARCHIVE"):
        candidates.append(Path(os.environ["FILTERVIZ_CIFAR10_ARCHIVE"]))
    candidates.append(_repository_root().parent / "shared" / "data" / "cifar10-jpeg.tar.gz")
    found = next((c for c in candidates if c.is_file()), None)
    if found is None:
        raise FileNotFoundError(
            "CIFAR-10 archive cifar10-jpeg.tar.gz not found; looked at "
            + ", ".join(repr(str(c)) for c in candidates)
            + ". Set FILTERVIZ_CIFAR10_ARCHIVE to its path."
        )
    return found


def cifar10_folder(archive=None, cache_dir=None) -> Path:
    """Extract the CIFAR-10 class-folder archive once and return its folder.

    The archive (``cifar10-jpeg.tar.gz``, with ``cifar10/train/<class>/`` and
    ``cifar10/test/<class>/``) is looked for, in order, at `archive`, at the
    path in the environment variable ``FILTERVIZ_CIFAR10_ARCHIVE``, and at
    ``../shared/data/cifar10-jpeg.tar.gz`` from the repository root. It is
    extracted into `cache_dir` (default: ``FILTERVIZ_CACHE`` or ``.cache`` in
    the repository root).

    Parameters
    ----------
    archive : str or os.PathLike, optional
        Path to the ``.tar.gz`` archive.
    cache_dir : str or os.PathLike, optional
        Where to extract it.

    Returns
    -------
    pathlib.Path
        The ``cifar10`` folder, holding ``train`` and ``test``.

    Raises
    ------
    FileNotFoundError
        If no archive is found; the message lists where it looked.

    Examples
    --------
    An archive of the same layout, made on the spot, with one image:

    >>> import pathlib, tarfile, tempfile
    >>> from PIL import Image
    >>> from filterviz import cifar10
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     root = pathlib.Path(folder)
    ...     cats = root / "cifar10" / "train" / "cat"
    ...     cats.mkdir(parents=True)
    ...     (root / "cifar10" / "test").mkdir()
    ...     Image.new("RGB", (32, 32)).save(cats / "0.png")
    ...     archive = root / "small.tar.gz"
    ...     with tarfile.open(archive, "w:gz") as tar:
    ...         tar.add(root / "cifar10", arcname="cifar10")
    ...     found = cifar10.cifar10_folder(archive, root / "cache")
    ...     sorted(path.name for path in found.iterdir())
    ['test', 'train']
    """
    found = archive_path(archive)
    if cache_dir is None:
        cache_dir = os.environ.get("FILTERVIZ_CACHE") or _repository_root() / ".cache"
    target = Path(os.fspath(cache_dir)) / "cifar10-jpeg"
    done = target / ".extracted"
    if not done.exists():
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(found) as tar:
            tar.extractall(target, filter="data")
        done.write_text(str(found))
    return target / "cifar10"
