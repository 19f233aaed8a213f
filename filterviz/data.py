"""Images to filter: embedded samples and your own photos and folders.

- :func:`sample_images` returns real, lossless sample images that ship inside
  the ``foolbox`` package (20 each of CIFAR-10, CIFAR-100, MNIST,
  Fashion-MNIST and ImageNet). They are read as files; foolbox is never
  imported. No network is needed.
- :func:`load_image_folder` reads any data set stored as one folder per class.
- :func:`load_images` reads your own photos (PNG, JPEG, WebP and the other
  formats of :data:`IMAGE_FORMATS`) at the size you need, refusing images of
  more than :data:`MAX_PIXELS` pixels before decoding them; :func:`image_files`
  says which files of a folder it reads and which it skips.

Every function returns float32 images in [0, 1], shaped ``(N, H, W, C)``,
with integer labels and the list of class names where the images have them.
The full CIFAR-10 set, which only training needs, is :mod:`filterviz.cifar10`.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import re
import warnings
from pathlib import Path

import numpy as np

from filterviz import _validate

__all__ = [
    "CIFAR10_CLASSES",
    "CIFAR100_CLASSES",
    "DATASETS",
    "MNIST_CLASSES",
    "FASHION_MNIST_CLASSES",
    "IMAGE_FILE_SUFFIXES",
    "IMAGE_FORMATS",
    "MAX_PIXELS",
    "MAX_PIXELS_LIMIT",
    "check_image",
    "image_files",
    "load_image_folder",
    "load_images",
    "sample_images",
    "to_rgb",
]

# Names that moved to filterviz.cifar10, still found here on first use.
_MOVED = {"load_cifar10": "cifar10", "cifar10_folder": "cifar10"}


def __getattr__(name: str):
    if name in _MOVED:
        return getattr(importlib.import_module(f"filterviz.{_MOVED[name]}"), name)
    raise AttributeError(f"module 'filterviz.data' has no attribute {name!r}")


CIFAR10_CLASSES = [
    "airplane", "automobile", "bird", "cat", "deer",
    "dog", "frog", "horse", "ship", "truck",
]  # fmt: skip

CIFAR100_CLASSES = """
apple aquarium_fish baby bear beaver bed bee beetle bicycle bottle bowl boy bridge bus
butterfly camel can castle caterpillar cattle chair chimpanzee clock cloud cockroach couch
crab crocodile cup dinosaur dolphin elephant flatfish forest fox girl hamster house kangaroo
keyboard lamp lawn_mower leopard lion lizard lobster man maple_tree motorcycle mountain mouse
mushroom oak_tree orange orchid otter palm_tree pear pickup_truck pine_tree plain plate poppy
porcupine possum rabbit raccoon ray road rocket rose sea seal shark shrew skunk skyscraper
snail snake spider squirrel streetcar sunflower sweet_pepper table tank telephone television
tiger tractor train trout tulip turtle wardrobe whale willow_tree wolf woman worm
""".split()

MNIST_CLASSES = [str(digit) for digit in range(10)]

FASHION_MNIST_CLASSES = [
    "T-shirt/top", "trouser", "pullover", "dress", "coat",
    "sandal", "shirt", "sneaker", "bag", "ankle boot",
]  # fmt: skip

#: Sample sets that :func:`sample_images` can read, with their file prefix in
#: foolbox and their class names (ImageNet's 1000 are given as numbers).
DATASETS = {
    "cifar10": ("cifar10", CIFAR10_CLASSES),
    "cifar100": ("cifar100", CIFAR100_CLASSES),
    "mnist": ("mnist", MNIST_CLASSES),
    "fashion_mnist": ("fashionMNIST", FASHION_MNIST_CLASSES),
    "imagenet": ("imagenet", [f"ImageNet class {i}" for i in range(1000)]),
}

_SAMPLE_NAME = re.compile(r"^(?P<prefix>[A-Za-z0-9]+)_(?P<index>\d+)_(?P<label>\d+)\.(png|jpg)$")
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif")


def _sample_files(prefix: str) -> list[tuple[int, int, Path]]:
    try:
        distribution = importlib.metadata.distribution("foolbox")
    except importlib.metadata.PackageNotFoundError:
        raise ModuleNotFoundError(
            "The sample images ship inside the 'foolbox' package, which is not installed; "
            "install it with: pip install foolbox"
        ) from None
    found = []
    for file in distribution.files or []:
        parts = Path(str(file)).parts
        if len(parts) != 3 or parts[:2] != ("foolbox", "data"):
            continue
        match = _SAMPLE_NAME.match(parts[2])
        if match and match["prefix"] == prefix:
            found.append((int(match["index"]), int(match["label"]), distribution.locate_file(file)))
    return sorted(found)


def sample_images(dataset: str = "cifar10", n: int = 10) -> tuple[np.ndarray, np.ndarray, list]:
    """Return embedded sample images, with labels and class names.

    Parameters
    ----------
    dataset : {"cifar10", "cifar100", "mnist", "fashion_mnist", "imagenet"}
        Which sample set. CIFAR-10 and CIFAR-100 are 32×32 RGB test images,
        MNIST and Fashion-MNIST 28×28 grey (one channel). ImageNet photos
        (JPEG, several sizes) are cropped to their centre square and resized to
        224×224 RGB. All but ImageNet are lossless PNG files.
    n : int, default 10
        How many images, 1 to 20, in the order they ship.

    Returns
    -------
    images : numpy.ndarray
        Float32 ``(n, H, W, C)`` in [0, 1].
    labels : numpy.ndarray
        Int64 ``(n,)`` class indices.
    class_names : list of str
        Names of all the data set's classes: ``class_names[labels[i]]``.

    Raises
    ------
    ValueError
        If `dataset` is unknown or `n` is not an integer from 1 to 20.
    ModuleNotFoundError
        If the ``foolbox`` package, which holds the files, is not installed.

    Examples
    --------
    >>> import filterviz
    >>> images, labels, class_names = filterviz.sample_images()
    >>> images.shape, images.dtype
    ((10, 32, 32, 3), dtype('float32'))
    >>> class_names[labels[0]]
    'cat'
    """
    _validate.choice(dataset, "dataset", DATASETS)
    n = _validate.bounded_int(n, "n", 1, 20, "the samples per set", wrong_type=ValueError)
    from PIL import Image

    prefix, class_names = DATASETS[dataset]
    files = _sample_files(prefix)[:n]
    if len(files) < n:
        raise FileNotFoundError(
            f"found {len(files)} {dataset} sample image(s) in the installed foolbox package; "
            f"expected at least {n}. Reinstall it: pip install --force-reinstall foolbox"
        )
    images = []
    for _, _, path in files:
        with Image.open(path) as image:
            if dataset == "imagenet":  # photos of several sizes: centre square, 224 x 224
                side = min(image.size)
                left, top = (image.width - side) // 2, (image.height - side) // 2
                image = image.crop((left, top, left + side, top + side)).resize(
                    (224, 224), Image.Resampling.BILINEAR
                )
            array = np.asarray(image, dtype=np.float32) / 255.0
        images.append(array[:, :, None] if array.ndim == 2 else array[:, :, :3])
    labels = np.array([label for _, label, _ in files], dtype=np.int64)
    return np.stack(images), labels, list(class_names)


def to_rgb(images) -> np.ndarray:
    """Repeat grey images over three channels so that RGB filters and models accept them.

    Parameters
    ----------
    images : array_like
        Float batch ``(N, H, W, 1)`` in [0, 1]; RGB batches pass through.

    Returns
    -------
    numpy.ndarray
        Float32 ``(N, H, W, 3)``.

    Raises
    ------
    ValueError
        If the images are not a valid batch or have neither 1 nor 3 channels.

    Examples
    --------
    >>> import filterviz
    >>> digits, _, _ = filterviz.sample_images("mnist", n=2)
    >>> filterviz.data.to_rgb(digits).shape
    (2, 28, 28, 3)
    """
    array = _validate.images(images, "images")
    if array.shape[3] == 3:
        return array
    if array.shape[3] != 1:
        raise ValueError(f"images must have 1 or 3 channels; got shape {array.shape}")
    return np.repeat(array, 3, axis=3)


def _find_unreadable(paths) -> str | None:
    from PIL import Image

    for path in paths:
        try:
            with Image.open(path) as image:
                image.load()
        except Exception:  # noqa: BLE001 - any failure to decode names the file
            return str(path)
    return None


def load_image_folder(
    path,
    image_size: tuple[int, int] = (32, 32),
    color_mode: str = "rgb",
    batch_size: int = 1024,
) -> tuple[np.ndarray, np.ndarray, list]:
    """Load a data set stored as one sub-folder per class.

    The layout that ``keras.utils.image_dataset_from_directory`` reads::

        path/cat/0001.jpg
        path/cat/0002.jpg
        path/dog/0001.jpg

    Images are resized to `image_size` (bilinear), kept in file order (class
    by class) and scaled to [0, 1].

    Parameters
    ----------
    path : str or os.PathLike
        The folder that holds the class folders.
    image_size : (int, int), default (32, 32)
        Height and width after resizing.
    color_mode : {"rgb", "grayscale"}, default "rgb"
        Three channels or one.
    batch_size : int, default 1024
        How many images are decoded at a time.

    Returns
    -------
    images : numpy.ndarray
        Float32 ``(N, height, width, C)`` in [0, 1].
    labels : numpy.ndarray
        Int64 ``(N,)``: the index of each image's folder in `class_names`.
    class_names : list of str
        The class folders, sorted by name.

    Raises
    ------
    FileNotFoundError
        If `path` does not exist or is not a folder.
    ValueError
        If it holds no class folders with images, an image cannot be decoded
        (the message names the file), or an argument is out of range.

    Examples
    --------
    >>> import filterviz
    >>> images, labels, class_names = filterviz.data.load_image_folder(
    ...     "cifar10/test")  # doctest: +SKIP
    """
    folder = Path(os.fspath(path))
    if not folder.exists():
        raise FileNotFoundError(f"path: no such folder: {str(folder)!r}")
    if not folder.is_dir():
        raise FileNotFoundError(
            f"path must be a folder of class folders; {str(folder)!r} is a file"
        )
    size = _validate.positive_int(image_size, "image_size", pair=True)
    _validate.choice(color_mode, "color_mode", ("rgb", "grayscale"))
    batch_size = _validate.positive_int(batch_size, "batch_size")
    class_folders = sorted(p for p in folder.iterdir() if p.is_dir())
    has_images = any(
        f.suffix.lower() in _IMAGE_SUFFIXES for d in class_folders for f in d.iterdir()
    )
    if not class_folders or not has_images:
        raise ValueError(
            f"path {str(folder)!r} must hold one sub-folder per class with images in them "
            f"({', '.join(_IMAGE_SUFFIXES)}); found none"
        )

    import keras
    import tensorflow as tf

    dataset = keras.utils.image_dataset_from_directory(
        folder,
        labels="inferred",
        label_mode="int",
        color_mode=color_mode,
        image_size=size,
        batch_size=batch_size,
        shuffle=False,
        verbose=False,
    )
    file_paths = list(dataset.file_paths)
    class_names = list(dataset.class_names)
    images, labels = [], []
    iterator = iter(dataset)
    for start in range(0, len(file_paths), batch_size):
        try:
            batch_images, batch_labels = next(iterator)
        except (tf.errors.InvalidArgumentError, tf.errors.UnknownError) as error:
            bad = _find_unreadable(file_paths[start : start + batch_size])
            detail = f"cannot decode image {bad!r}" if bad else f"cannot decode an image: {error}"
            raise ValueError(f"path {str(folder)!r}: {detail}") from None
        images.append(batch_images.numpy() / np.float32(255.0))
        labels.append(batch_labels.numpy())
    return (
        np.concatenate(images).astype(np.float32),
        np.concatenate(labels).astype(np.int64),
        class_names,
    )


#: File endings taken from a folder by :func:`image_files` and :func:`load_images`:
#: the formats of :data:`IMAGE_FORMATS`. HEIC/HEIF files are taken too, and read
#: when the ``pillow-heif`` plugin is installed.
IMAGE_FILE_SUFFIXES = (
    ".png", ".jpg", ".jpeg", ".jpe", ".jfif", ".bmp", ".gif", ".tif", ".tiff", ".webp",
    ".avif", ".jp2", ".j2k", ".jpx", ".ppm", ".pgm", ".pbm", ".pnm", ".tga", ".ico", ".qoi",
    ".heic", ".heif",
)  # fmt: skip

#: Formats that :func:`load_images` reads (Pillow's names), those a user is likely
#: to have: PNG, JPEG (and MPO, the multi-picture JPEG of some cameras), WebP,
#: BMP, GIF, TIFF, AVIF, JPEG 2000, PPM/PGM/PBM, TGA, ICO and QOI, where the
#: installed Pillow reads them; HEIF (``.heic``) with the ``pillow-heif`` plugin.
IMAGE_FORMATS = (
    "PNG", "JPEG", "MPO", "WEBP", "BMP", "DIB", "GIF", "TIFF", "AVIF", "JPEG2000",
    "PPM", "TGA", "ICO", "QOI", "HEIF",
)  # fmt: skip

#: Images with more pixels than this are refused before they are decoded, unless
#: `max_pixels` says otherwise: 80 megapixels admits an 8000×8000 photo (64 MP)
#: and refuses a file that declares 10000×10000 (a "decompression bomb" can
#: declare that in a few hundred kilobytes).
MAX_PIXELS = 80_000_000

#: The largest `max_pixels` accepted: Pillow itself refuses images above twice
#: its ``Image.MAX_IMAGE_PIXELS`` (about 179 MP).
MAX_PIXELS_LIMIT = 170_000_000

# EXIF orientation -> the transpose that shows the photo upright (as ImageOps.exif_transpose).
_ORIENTATION = {2: "FLIP_LEFT_RIGHT", 3: "ROTATE_180", 4: "FLIP_TOP_BOTTOM", 5: "TRANSPOSE",
                6: "ROTATE_270", 7: "TRANSVERSE", 8: "ROTATE_90"}  # fmt: skip


def _skip_summary(skipped) -> str:
    shown = ", ".join(f"{path.name} ({reason})" for path, reason in skipped[:5])
    more = f" and {len(skipped) - 5} more" if len(skipped) > 5 else ""
    return f"skipped {len(skipped)} file{'s' if len(skipped) > 1 else ''}: {shown}{more}"


def _expand(paths, skipped: list) -> list[tuple[Path, bool]]:
    """Expand paths into (file, named) pairs; `named` is False for files found in a folder."""
    if isinstance(paths, (str, os.PathLike)):
        items = [paths]
    elif isinstance(paths, (list, tuple)):
        items = list(paths)
    else:
        raise TypeError(
            "paths must be a path or a list of paths to image files or folders; "
            f"got {type(paths).__name__}"
        )
    files = []
    for item in items:
        if not isinstance(item, (str, os.PathLike)):
            raise TypeError(f"paths must hold paths (str or os.PathLike); got {item!r}")
        text = os.fspath(item)
        if text == "":
            raise ValueError("paths: got an empty path ''; expected an image file or folder")
        path = Path(text)
        if path.is_dir():
            found = []
            for entry in sorted(path.iterdir()):
                if entry.name.startswith("."):  # hidden, and macOS AppleDouble ._photo.jpg
                    continue
                if entry.is_dir():
                    skipped.append((entry, "a folder"))
                elif entry.suffix.lower() not in IMAGE_FILE_SUFFIXES:
                    skipped.append((entry, "not an image name"))
                else:
                    found.append((entry, False))
            if not found:
                endings = ", ".join(IMAGE_FILE_SUFFIXES)
                raise ValueError(
                    f"paths: the folder {str(path)!r} holds no image files ({endings})"
                )
            files.extend(found)
        elif path.exists():
            files.append((path, True))
        else:
            raise FileNotFoundError(f"paths: no such file or folder: {str(path)!r}")
    if not files:
        raise ValueError("paths must name at least one image file or folder; got none")
    return files


def image_files(paths, *, skipped: list | None = None) -> list[Path]:
    """Expand image files and folders into the list of files to read.

    A folder stands for the files directly inside it whose names end in one of
    :data:`IMAGE_FILE_SUFFIXES`, sorted by name. Hidden files (their names
    start with a dot, as macOS's AppleDouble ``._photo.jpg``) are left out
    without a word; sub-folders and files with other endings are left out and
    listed in `skipped`. Files named in `paths` are kept as given, whatever
    their names end with.

    Parameters
    ----------
    paths : str, os.PathLike or sequence of them
        Image files and folders.
    skipped : list, optional
        If given, ``(path, reason)`` is appended to it for every sub-folder
        and non-image file left out of a folder.

    Returns
    -------
    list of pathlib.Path
        The files, in order.

    Raises
    ------
    TypeError
        If `paths` is not a path or a sequence of paths.
    FileNotFoundError
        If a path does not exist.
    ValueError
        If a folder holds no image files, a path is empty, or `paths` is empty.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import filterviz
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     for name in ("b.png", "a.webp", "._a.webp", "notes.txt"):
    ...         _ = (pathlib.Path(folder) / name).write_bytes(b"")
    ...     skipped = []
    ...     files = filterviz.data.image_files(folder, skipped=skipped)
    ...     [file.name for file in files], [(p.name, why) for p, why in skipped]
    (['a.webp', 'b.png'], [('notes.txt', 'not an image name')])
    """
    found: list = []
    files = [path for path, _ in _expand(paths, found)]
    if skipped is not None:
        skipped.extend(found)
    return files


def _target(width: int, height: int, size, max_side) -> tuple[int, int] | None:
    """Return the upright (width, height) to resize to, or None to keep the image as it is."""
    if size is not None:
        return size[1], size[0]
    if max_side is not None and max(width, height) > max_side:
        scale = max_side / max(width, height)
        return max(1, round(width * scale)), max(1, round(height * scale))
    return None


def _open(file: Path, max_pixels: int):
    """Open an image file, reading its header only; refuse other formats and bombs."""
    from PIL import Image, UnidentifiedImageError

    name = str(file)
    if file.suffix.lower() in (".heic", ".heif"):
        try:
            import pillow_heif
        except ImportError:
            raise ValueError(
                f"paths: {name!r} is a HEIC/HEIF image, which Pillow reads only with the "
                "pillow-heif plugin: pip install pillow-heif (or save the photo as JPEG)"
            ) from None
        pillow_heif.register_heif_opener()
    try:
        opened = Image.open(file)
    except UnidentifiedImageError:
        raise ValueError(
            f"paths: {name!r} is not an image file that Pillow can identify; expected one of "
            f"{', '.join(IMAGE_FORMATS)}"
        ) from None
    except Image.DecompressionBombError:
        raise ValueError(
            f"paths: {name!r} declares more than {MAX_PIXELS_LIMIT:,} pixels, more than "
            "filterviz or Pillow read; it was not decoded"
        ) from None
    if opened.format not in IMAGE_FORMATS:
        opened.close()
        raise ValueError(
            f"paths: {name!r} is a {opened.format} image, an unsupported format; "
            f"expected one of {', '.join(IMAGE_FORMATS)}"
        )
    width, height = opened.size
    if width * height > max_pixels:
        opened.close()
        raise ValueError(
            f"paths: {name!r} is {width}×{height} pixels ({width * height / 1e6:.1f} MP), "
            f"more than max_pixels={max_pixels:,} ({max_pixels / 1e6:g} MP); it was not "
            "decoded. Shrink it, or raise max_pixels (--max-pixels) if you trust it"
        )
    return opened


def check_image(path, *, max_pixels: int = MAX_PIXELS) -> tuple[int, int]:
    """Check that a file is an image :func:`load_images` reads, from its header only.

    Nothing is decoded, so the check is fast whatever the image's size.

    Parameters
    ----------
    path : str or os.PathLike
        The image file.
    max_pixels : int, default :data:`MAX_PIXELS`
        Refuse images with more pixels than this.

    Returns
    -------
    (int, int)
        The image's stored height and width.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If it is not an image, is in another format, or has more than
        `max_pixels` pixels. The message names the file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from PIL import Image
    >>> import filterviz
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "wide.webp"
    ...     Image.new("RGB", (40, 30)).save(path)
    ...     filterviz.data.check_image(path)
    (30, 40)
    """
    file = Path(os.fspath(path))
    if not file.exists():
        raise FileNotFoundError(f"path: no such file: {str(file)!r}")
    max_pixels = _validate.bounded_int(
        max_pixels, "max_pixels", 1, MAX_PIXELS_LIMIT, "Pillow refuses larger images"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            with _open(file, max_pixels) as opened:
                return opened.height, opened.width
        except (OSError, SyntaxError) as error:
            raise ValueError(f"path: cannot read the image {str(file)!r}: {error}") from None


def _read_image(file: Path, size, max_side, max_pixels) -> np.ndarray:
    """Decode one file into float32 (H, W, 3), at no more than the size asked for."""
    from PIL import Image

    name = str(file)
    with _open(file, max_pixels) as opened:
        width, height = opened.size
        orientation = opened.getexif().get(0x0112, 1)
        turned = orientation in (5, 6, 7, 8)  # the photo is stored lying on its side
        upright = (height, width) if turned else (width, height)
        target = _target(*upright, size, max_side)
        stored_target = None if target is None else (target[::-1] if turned else target)
        if stored_target is not None and opened.format in ("JPEG", "MPO"):
            opened.draft(opened.mode, stored_target)  # decode at 1/2, 1/4 or 1/8 size
        opened.load()
        image = opened
        if image.mode in ("P", "PA", "1", "LA", "CMYK", "YCbCr", "LAB", "HSV", "RGBa", "La"):
            image = image.convert("RGBA" if image.has_transparency_data else "RGB")
        elif image.mode.startswith("I;16"):
            image = image.convert("I")
        if stored_target is not None:  # shrink by whole factors first: cheap and bounded
            factor = min(image.width // stored_target[0], image.height // stored_target[1])
            if factor >= 2:
                image = image.reduce(factor)
        if image.mode == "RGBA" or (image.mode in ("RGB", "L") and image.has_transparency_data):
            rgba = image.convert("RGBA")
            white = Image.new("RGBA", rgba.size, "white")
            image = Image.alpha_composite(white, rgba).convert("RGB")
        if image.mode.startswith("I;16") or image.mode == "I":
            values = np.asarray(image, dtype=np.float64)
            if values.min() < 0 or values.max() > 65535:
                raise ValueError(f"paths: {name!r} holds values outside 0 to 65535")
            image = Image.fromarray((values / 65535).astype(np.float32), mode="F")
        elif image.mode == "F":
            values = np.asarray(image, dtype=np.float32)
            if not (np.all(np.isfinite(values)) and values.min() >= 0 and values.max() <= 1):
                raise ValueError(f"paths: {name!r} holds floating-point values outside [0, 1]")
        elif image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        if orientation in _ORIENTATION:
            image = image.transpose(getattr(Image.Transpose, _ORIENTATION[orientation]))
        if target is not None and image.size != target:
            image = image.resize(target, Image.Resampling.BILINEAR)
        if image.mode == "F":
            array = np.clip(np.asarray(image, dtype=np.float32), 0.0, 1.0)
        else:
            array = np.asarray(image, dtype=np.float32) / np.float32(255.0)
    if array.ndim == 2:
        array = np.repeat(array[:, :, None], 3, axis=2)
    return array


def load_images(
    paths,
    image_size: tuple[int, int] | int | None = None,
    progress=None,
    *,
    max_side: int | None = None,
    max_pixels: int = MAX_PIXELS,
    max_images: int | None = None,
    skipped: list | None = None,
) -> np.ndarray:
    """Read your own image files into one batch of RGB images in [0, 1].

    Files are read with Pillow in any of :data:`IMAGE_FORMATS` (PNG, JPEG,
    WebP, BMP, GIF, TIFF, AVIF, JPEG 2000, PPM, TGA, ICO, QOI; HEIC with the
    ``pillow-heif`` plugin), whatever their names end with. A folder stands
    for the image files directly inside it, sorted by name, as
    :func:`image_files` lists them: hidden files (``.name``, macOS's
    ``._photo.jpg``) are left out, and so are sub-folders, files with other
    endings and files in a folder that cannot be read as an image; those are
    listed in `skipped` or, when it is not given, in one warning. A file named
    in `paths` that cannot be read is an error.

    Every image becomes three channels: grey images are repeated over R, G
    and B, transparent pixels are laid on white, 16-bit images are scaled by
    65535, a JPEG's EXIF orientation is applied, and the first frame of an
    animated GIF or multi-page TIFF is used.

    Reading costs what is kept, not what is stored: an image to be shrunk is
    decoded at reduced size where the format allows (JPEG at 1/2, 1/4 or 1/8),
    shrunk by whole factors before it is converted, then resized (bilinear,
    smoothed). Images of more than `max_pixels` pixels are refused before
    they are decoded.

    Parameters
    ----------
    paths : str, os.PathLike or sequence of them
        Image files and folders, in the order the batch should follow.
    image_size : (int, int) or int, optional
        Height and width to resize every image to; one int for a square. By
        default the images are kept as they are and must all have the same
        size.
    progress : callable, optional
        Called as ``progress(done, total)`` after each file is read.
    max_side : int, optional
        Without `image_size`, shrink an image whose longer side is longer than
        this to fit, keeping its proportions.
    max_pixels : int, default :data:`MAX_PIXELS`
        Refuse images with more pixels (width × height) than this, up to
        :data:`MAX_PIXELS_LIMIT`.
    max_images : int, optional
        Read at most this many images, the first ones that can be read.
    skipped : list, optional
        If given, ``(path, reason)`` is appended to it for every file of a
        folder that was left out (hidden files excepted), and no warning is
        issued.

    Returns
    -------
    numpy.ndarray
        Float32 ``(N, height, width, 3)`` in [0, 1], one image per file.

    Raises
    ------
    FileNotFoundError
        If a path does not exist.
    TypeError
        If `paths` is not a path or a sequence of paths, or `progress` is not
        callable.
    ValueError
        If a named file is not an image, cannot be decoded, is in another
        format or has more than `max_pixels` pixels, a folder holds no image
        that can be read, the images differ in size and no `image_size` is
        given, or a size or limit is out of range. The message names the file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from PIL import Image
    >>> import filterviz
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     Image.new("RGB", (40, 30), "red").save(pathlib.Path(folder) / "red.png")
    ...     Image.new("L", (40, 30), 255).save(pathlib.Path(folder) / "white.webp")
    ...     batch = filterviz.data.load_images(folder, image_size=(32, 32))
    >>> batch.shape, batch.dtype
    ((2, 32, 32, 3), dtype('float32'))
    >>> batch[:, 0, 0].tolist()  # red.png, then white.webp, sorted by name
    [[1.0, 0.0, 0.0], [1.0, 1.0, 1.0]]
    """
    from PIL import Image

    size = None if image_size is None else _validate.positive_int(image_size, "image_size", True)
    if max_side is not None:
        max_side = _validate.positive_int(max_side, "max_side")
    max_pixels = _validate.bounded_int(
        max_pixels, "max_pixels", 1, MAX_PIXELS_LIMIT, "Pillow refuses larger images"
    )
    if max_images is not None:
        max_images = _validate.positive_int(max_images, "max_images")
    if progress is not None and not callable(progress):
        raise TypeError(
            f"progress must be a callable progress(done, total) or None; got {progress!r}"
        )
    left_out: list = []
    entries = _expand(paths, left_out)
    total = len(entries) if max_images is None else min(len(entries), max_images)
    images, read_from = [], []
    for file, named in entries:
        if max_images is not None and len(images) >= max_images:
            break
        try:
            with warnings.catch_warnings():
                # Pillow's notes on EXIF, palettes and large images: the checks here replace them.
                warnings.simplefilter("ignore")
                array = _read_image(file, size, max_side, max_pixels)
        except (ValueError, OSError, SyntaxError, Image.DecompressionBombError) as error:
            if isinstance(error, ValueError):
                message = str(error)
            else:
                message = f"paths: cannot read the image {str(file)!r}: {error}"
            if named:
                raise ValueError(message) from None
            left_out.append((file, "cannot be read as an image"))
            continue
        if images and array.shape != images[0].shape:
            first, (height, width) = read_from[0], images[0].shape[:2]
            raise ValueError(
                f"paths: the images differ in size: {str(first)!r} is {height}×{width} and "
                f"{str(file)!r} is {array.shape[0]}×{array.shape[1]} (height×width); "
                "pass image_size to resize them"
            )
        images.append(array)
        read_from.append(file)
        if progress is not None:
            progress(len(images), total)
    if skipped is not None:
        skipped.extend(left_out)
    elif left_out:
        warnings.warn(_skip_summary(left_out), UserWarning, stacklevel=2)
    if not images:
        raise ValueError("paths: no image could be read; " + _skip_summary(left_out))
    return np.stack(images)
