"""The shipped top-9 patches: the command that makes them, the loader that checks them."""

import hashlib
import json
import shutil
import tarfile

import numpy as np
import pytest

import filterviz
from filterviz import exemplars, shipped, train

keras = pytest.importorskip("keras")


# --- the command, on a fake archive and a tiny model --------------------------------------


def tiny_model():
    """Two convolutions on 32x32 RGB: 4 filters, a pooling, then 3 filters."""
    model = keras.Sequential(
        [
            keras.Input((32, 32, 3)),
            keras.layers.Conv2D(4, 3, padding="same", activation="relu", name="c1"),
            keras.layers.MaxPooling2D(name="p1"),
            keras.layers.Conv2D(3, 3, padding="same", activation="relu", name="c2"),
        ]
    )
    rng = np.random.default_rng(0)
    model.set_weights([rng.normal(size=w.shape).astype(np.float32) for w in model.get_weights()])
    return model


@pytest.fixture(scope="module")
def fake(tmp_path_factory):
    """A fake CIFAR-10 archive (12 PNG test images in 2 classes) and a tiny model file."""
    from PIL import Image

    root = tmp_path_factory.mktemp("fake")
    rng = np.random.default_rng(1)
    for label, name in enumerate(("ant", "bee")):
        folder = root / "src" / "cifar10" / "test" / name
        folder.mkdir(parents=True)
        for index in range(6):
            pixels = rng.integers(0, 256, (32, 32, 3), dtype=np.uint8)
            pixels[8:16, 8:16] = 255 * label  # the bees hold a white square, the ants a black
            Image.fromarray(pixels).save(folder / f"{index:04d}.png")
    archive = root / "fake-cifar10.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(root / "src" / "cifar10", arcname="cifar10")
    model_path = root / "tiny.keras"
    tiny_model().save(model_path)
    return {"root": root, "archive": archive, "model": model_path}


def run_command(fake, output):
    argv = [
        "top-patches",
        "--model", str(fake["model"]),
        "--archive", str(fake["archive"]),
        "--cache-dir", str(fake["root"] / "cache"),
        "--output-dir", str(output),
    ]  # fmt: skip
    assert train.main(argv) == 0
    npz = output / "cifar10_cnn.top_patches.npz"
    record = json.loads((output / "cifar10_cnn.top_patches.json").read_text())
    return npz, record


def test_the_command_writes_what_top_patches_finds(fake, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    npz, record = run_command(fake, tmp_path)
    model = shipped.load(fake["model"])
    test = fake["root"] / "cache" / "cifar10-jpeg" / "cifar10" / "test"
    images, _, _ = filterviz.data.load_image_folder(test)
    with np.load(npz) as saved:
        for layer, depth in (("c1", 1), ("c2", 2)):
            filters = saved[f"{layer}/filters"]
            expected = exemplars.top_patches(model, layer, images, filters=filters, k=9)
            np.testing.assert_array_equal(saved[f"{layer}/values"], expected.values)
            np.testing.assert_array_equal(saved[f"{layer}/images"], expected.images)
            np.testing.assert_array_equal(saved[f"{layer}/positions"], expected.positions)
            np.testing.assert_array_equal(saved[f"{layer}/windows"], expected.windows)
            assert saved[f"{layer}/patches"].dtype == np.uint8
            np.testing.assert_array_equal(
                saved[f"{layer}/patches"], np.round(expected.patches * 255).astype(np.uint8)
            )
            np.testing.assert_array_equal(filters, train.page_filters(model, depth))
        assert saved["c1/patches"].shape == (4, 9, 3, 3, 3)
        assert saved["c2/patches"].shape == (3, 9, 8, 8, 3)
        # Image i of the set is file i in class-then-name order.
        names = saved["c1/names"]
        files = [f"test/{c}/{i:04d}.png" for c in ("ant", "bee") for i in range(6)]
        assert names.tolist() == [[files[i] for i in row] for row in saved["c1/images"].tolist()]
    assert record["archive_sha256"] == hashlib.sha256(fake["archive"].read_bytes()).hexdigest()
    assert record["model_sha256"] == shipped.sha256_file(fake["model"])
    assert record["sha256"] == shipped.sha256_file(npz)
    assert record["images"] == 12
    assert record["date"] == "2026-01-01"
    assert record["filterviz"] == filterviz.__version__
    assert record["command"].startswith("python -m filterviz.train top-patches --model ")
    assert [entry["layer"] for entry in record["layers"]] == ["c1", "c2"]
    assert record["layers"][0]["filters"] == [0, 1, 2, 3]
    assert record["layers"][1]["patch_size"] == [8, 8]


def test_the_command_gives_the_same_bytes_twice(fake, tmp_path):
    first, _ = run_command(fake, tmp_path / "one")
    second, _ = run_command(fake, tmp_path / "two")
    assert first.read_bytes() == second.read_bytes()


# --- the loader, on the shipped file ---------------------------------------------------------


def test_the_shipped_patches_load_for_every_depth():
    record = json.loads((shipped.MODELS_DIR / "cifar10_cnn.top_patches.json").read_text())
    assert record["images"] == 10000
    for depth, (count, size) in enumerate([(32, 3), (16, 8), (16, 18), (16, 38)], start=1):
        found = shipped.top_patches(depth)
        assert found.patches.shape == (count, 9, size, size, 3)
        assert found.patches.dtype == np.float32
        assert 0 <= found.patches.min() and found.patches.max() <= 1
        assert np.all(np.diff(found.values, axis=1) <= 0)  # strongest first
        assert all(len(set(row)) == 9 for row in found.images.tolist())  # 9 different images
        assert all(name.startswith("test/") for name in found.names.ravel())
    assert (shipped.MODELS_DIR / "cifar10_cnn.top_patches.npz").stat().st_size < 2_000_000


def test_the_shipped_filters_are_those_the_pages_draw():
    model = shipped.load("cifar10_cnn")
    for depth in (1, 2, 3, 4):
        np.testing.assert_array_equal(
            shipped.top_patches(depth).filters, train.page_filters(model, depth)
        )


def test_filters_are_chosen_by_name_and_in_order():
    every = shipped.top_patches("conv2")
    wanted = every.filters[[3, 0]].tolist()
    found = shipped.top_patches("conv2", filters=wanted)
    assert found.filters.tolist() == wanted
    np.testing.assert_array_equal(found.values, every.values[[3, 0]])


def test_an_unshipped_filter_is_refused_by_number():
    shown = set(shipped.top_patches("conv4").filters.tolist())
    missing = next(f for f in range(256) if f not in shown)
    with pytest.raises(ValueError, match=rf"filters \[{missing}\] of layer 'conv4'"):
        shipped.top_patches("conv4", filters=[missing])


@pytest.mark.parametrize("filters", [[], [1.5], [[1, 2]], [True]])
def test_filters_that_are_not_a_list_of_integers_are_refused(filters):
    with pytest.raises(ValueError, match="filters must be a non-empty list of integers"):
        shipped.top_patches("conv1", filters=filters)


@pytest.mark.parametrize("layer", ["conv9", 0, 5, True, 1.0])
def test_an_unknown_layer_is_refused(layer):
    with pytest.raises(ValueError, match="layer must be one of 'conv1'"):
        shipped.top_patches(layer)


def test_an_unknown_model_name_is_refused():
    with pytest.raises(ValueError, match="name must be one of 'cifar10_cnn', 'cifar10_cnn5x5'; got 'resnet'"):
        shipped.top_patches(1, name="resnet")


@pytest.fixture
def copied_models(tmp_path, monkeypatch):
    folder = tmp_path / "models"
    shutil.copytree(shipped.MODELS_DIR, folder)
    monkeypatch.setattr(shipped, "MODELS_DIR", folder)
    return folder


def test_patches_of_another_model_are_refused_as_stale(copied_models):
    path = copied_models / "cifar10_cnn.top_patches.json"
    record = json.loads(path.read_text())
    record["model_sha256"] = "0" * 64
    path.write_text(json.dumps(record))
    with pytest.raises(ValueError, match="stale") as error:
        shipped.top_patches(1)
    assert "python -m filterviz.train top-patches" in str(error.value)
    assert "0" * 64 in str(error.value)


def test_a_replaced_patch_file_is_refused(copied_models):
    path = copied_models / "cifar10_cnn.top_patches.npz"
    path.write_bytes(path.read_bytes() + b"\0")
    with pytest.raises(ValueError, match="fail their SHA-256 check"):
        shipped.top_patches(1)


def test_missing_patches_name_the_command(copied_models):
    (copied_models / "cifar10_cnn.top_patches.npz").unlink()
    with pytest.raises(FileNotFoundError, match="top-patches file"):
        shipped.top_patches(1)


# --- the shipped file against the real test set ----------------------------------------------


def test_the_shipped_patches_are_those_of_the_test_set(cifar10_test_set):
    images, _ = cifar10_test_set
    model = shipped.load("cifar10_cnn")
    saved = shipped.top_patches("conv3")
    row = 5
    found = exemplars.top_patches(model, "conv3", images, filters=[saved.filters[row]])
    np.testing.assert_array_equal(saved.values[row], found.values[0])
    np.testing.assert_array_equal(saved.images[row], found.images[0])
    np.testing.assert_array_equal(saved.positions[row], found.positions[0])
    np.testing.assert_array_equal(saved.windows[row], found.windows[0])
    np.testing.assert_array_equal(
        np.round(saved.patches[row] * 255), np.round(found.patches[0] * 255)
    )
