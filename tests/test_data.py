import os
from pathlib import Path

import numpy as np
import pytest
from error_checks import raises_naming
from PIL import Image

from filterviz import cifar10, data

SHAPES = {
    "cifar10": (32, 32, 3),
    "cifar100": (32, 32, 3),
    "mnist": (28, 28, 1),
    "fashion_mnist": (28, 28, 1),
    "imagenet": (224, 224, 3),
}


@pytest.mark.parametrize("dataset", list(SHAPES))
def test_sample_images_shapes_range_and_labels(dataset):
    images, labels, class_names = data.sample_images(dataset, n=20)
    assert images.shape == (20, *SHAPES[dataset])
    assert images.dtype == np.float32
    assert 0.0 <= images.min() and images.max() <= 1.0
    assert images.max() > 0.5  # real pictures, not blank
    assert labels.shape == (20,) and labels.dtype == np.int64
    assert all(0 <= label < len(class_names) for label in labels)


def test_cifar10_samples_are_the_known_test_images():
    images, labels, class_names = data.sample_images()
    assert images.shape == (10, 32, 32, 3)
    # the first CIFAR-10 test images: cat, ship, ship, airplane, frog, ...
    assert [class_names[i] for i in labels[:5]] == ["cat", "ship", "ship", "airplane", "frog"]
    assert class_names == data.CIFAR10_CLASSES
    # lossless 8-bit data: every value is a multiple of 1/255
    np.testing.assert_allclose(images * 255, np.round(images * 255), atol=1e-4)


def test_class_name_lists():
    assert len(data.CIFAR100_CLASSES) == 100 and len(set(data.CIFAR100_CLASSES)) == 100
    assert len(data.FASHION_MNIST_CLASSES) == 10
    assert data.sample_images("mnist", n=3)[1].tolist() == [7, 2, 1]


def test_unknown_dataset():
    with raises_naming(ValueError, "dataset", "'svhn'", "'cifar10'"):
        data.sample_images("svhn")


@pytest.mark.parametrize("n", [0, 21, -1, 2.0, True])
def test_sample_count_out_of_range(n):
    with raises_naming(ValueError, "n", f"got {n!r}"):
        data.sample_images("cifar10", n=n)


def test_to_rgb_repeats_grey():
    digits, _, _ = data.sample_images("mnist", n=2)
    rgb = data.to_rgb(digits)
    assert rgb.shape == (2, 28, 28, 3)
    np.testing.assert_array_equal(rgb[..., 0], rgb[..., 2])


def test_to_rgb_refuses_two_channels():
    with raises_naming(ValueError, "images", "(1, 4, 4, 2)"):
        data.to_rgb(np.zeros((1, 4, 4, 2), np.float32))


@pytest.fixture
def image_folder(tmp_path):
    """Two classes of tiny PNGs with known colours."""
    for name, colour in (("blue", (0, 0, 255)), ("red", (255, 0, 0))):
        folder = tmp_path / name
        folder.mkdir()
        for index in range(3):
            Image.new("RGB", (8, 8), colour).save(folder / f"{index}.png")
    return tmp_path


def test_load_image_folder(image_folder):
    images, labels, class_names = data.load_image_folder(image_folder, image_size=(8, 8))
    assert images.shape == (6, 8, 8, 3) and images.dtype == np.float32
    assert class_names == ["blue", "red"]
    assert labels.tolist() == [0, 0, 0, 1, 1, 1]
    np.testing.assert_allclose(images[0, 0, 0], [0, 0, 1])
    np.testing.assert_allclose(images[-1, 0, 0], [1, 0, 0])


def test_load_image_folder_resizes_and_greys(image_folder):
    images, _, _ = data.load_image_folder(image_folder, image_size=(4, 5), color_mode="grayscale")
    assert images.shape == (6, 4, 5, 1)


def test_load_image_folder_missing(tmp_path):
    with raises_naming(FileNotFoundError, "path", "nowhere"):
        data.load_image_folder(tmp_path / "nowhere")


def test_load_image_folder_given_a_file(image_folder):
    with raises_naming(FileNotFoundError, "path", "0.png"):
        data.load_image_folder(image_folder / "red" / "0.png")


def test_load_image_folder_without_class_folders(tmp_path):
    with raises_naming(ValueError, "path", str(tmp_path)):
        data.load_image_folder(tmp_path)


def test_load_image_folder_unreadable_image_is_named(image_folder):
    (image_folder / "red" / "broken.png").write_bytes(b"this is not a PNG file")
    with raises_naming(ValueError, "path", "broken.png"):
        data.load_image_folder(image_folder, image_size=(8, 8))


def test_load_image_folder_bad_image_size(image_folder):
    with raises_naming(ValueError, "image_size", "(0, 8)"):
        data.load_image_folder(image_folder, image_size=(0, 8))


def _cifar10_or_skip() -> Path:
    try:
        return cifar10.cifar10_folder()
    except FileNotFoundError as error:
        pytest.skip(f"full CIFAR-10 is not available: {error}")


def test_load_image_folder_on_cifar10_test_folders():
    folder = _cifar10_or_skip()
    images, labels, class_names = data.load_image_folder(folder / "test")
    assert images.shape == (10000, 32, 32, 3)
    assert class_names == data.CIFAR10_CLASSES
    assert np.bincount(labels).tolist() == [1000] * 10
    assert 0.0 <= images.min() and images.max() <= 1.0
    assert os.path.isdir(folder / "train")
