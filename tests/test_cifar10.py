"""The full CIFAR-10 set of filterviz.cifar10: finding and extracting its archive."""

import tarfile

import numpy as np
import pytest
from PIL import Image

import filterviz
from filterviz import cifar10


def test_cifar10_folder_reports_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.setenv("FILTERVIZ_CIFAR10_ARCHIVE", str(tmp_path / "missing.tar.gz"))
    monkeypatch.setattr(cifar10, "_repository_root", lambda: tmp_path / "repo")
    with pytest.raises(
        FileNotFoundError, match=r"cifar10-jpeg.tar.gz not found; looked at .*missing.tar.gz"
    ):
        cifar10.cifar10_folder()


def test_cifar10_folder_extracts_once_and_images_read_back(tmp_path, monkeypatch):
    monkeypatch.delenv("FILTERVIZ_CIFAR10_ARCHIVE", raising=False)
    root = tmp_path / "made"
    for split, colour in (("train", (255, 0, 0)), ("test", (0, 0, 255))):
        (root / "cifar10" / split / "cat").mkdir(parents=True)
        Image.new("RGB", (32, 32), colour).save(root / "cifar10" / split / "cat" / "0.png")
    archive = tmp_path / "small.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(root / "cifar10", arcname="cifar10")
    folder = cifar10.cifar10_folder(archive, cache_dir=tmp_path / "cache")
    assert folder == tmp_path / "cache" / "cifar10-jpeg" / "cifar10"
    images, labels, class_names = filterviz.data.load_image_folder(folder / "test")
    assert class_names == ["cat"] and labels.tolist() == [0]
    np.testing.assert_array_equal(images[0, 0, 0], [0.0, 0.0, 1.0])
    # A second call finds the marker and does not extract again: a file
    # removed from the cache stays removed.
    (folder / "train" / "cat" / "0.png").unlink()
    assert cifar10.cifar10_folder(archive, cache_dir=tmp_path / "cache") == folder
    assert not (folder / "train" / "cat" / "0.png").exists()


@pytest.mark.parametrize("name", ["load_cifar10", "cifar10_folder"])
def test_old_names_in_data_are_the_functions_of_cifar10(name):
    assert getattr(filterviz.data, name) is getattr(cifar10, name)
    assert getattr(filterviz.cifar10, name) is getattr(cifar10, name)


def test_data_still_refuses_names_it_never_had():
    with pytest.raises(AttributeError, match="load_svhn"):
        filterviz.data.load_svhn  # noqa: B018
