"""The command line on the models users bring: nested, grouped, rescaling, custom and keras.applications."""

from __future__ import annotations

import keras
import numpy as np
import pytest
from PIL import Image

from filterviz import cli
from filterviz.cli import figures


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "photo.png"
    pixels = np.random.default_rng(0).integers(0, 256, (24, 24, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(path)
    return path


def save(model, tmp_path, name="mine.keras"):
    path = tmp_path / name
    model.save(path)
    return path


def transfer_model():
    """Sequential([a nested block, pooling, dense]): the standard transfer-learning shape."""
    keras.utils.set_random_seed(0)
    block = keras.Sequential(
        [
            keras.Input((24, 24, 3)),
            keras.layers.Rescaling(1 / 255, name="to_unit"),
            keras.layers.Conv2D(6, 3, name="stem"),
            keras.layers.DepthwiseConv2D(3, name="dw"),
        ],
        name="backbone",
    )
    return keras.Sequential(
        [
            keras.Input((24, 24, 3)),
            block,
            keras.layers.GlobalAveragePooling2D(),
            keras.layers.Dense(3),
        ],
        name="transfer",
    )


def test_maps_of_a_nested_layer_by_path_say_the_scaling_they_assumed(tmp_path, photo, capsys):
    model = save(transfer_model(), tmp_path)
    output = tmp_path / "maps.png"
    status = cli.main(["maps", str(model), str(photo), "--layer", "backbone/dw", "-o", str(output)])
    err = capsys.readouterr().err
    assert status == 0, err
    assert output.is_file()
    assert err.count("\n") == 1 and "'0-255'" in err and "Rescaling" in err


def test_a_grouped_layer_s_panels_name_the_channel_each_filter_reads(tmp_path, monkeypatch):
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [keras.Input((8, 8, 6)), keras.layers.Conv2D(4, 3, groups=2, name="grouped")]
    )
    titles = []
    real = figures.title

    def record(fig, text, *args, **kwargs):
        titles.extend(ax.get_title() for ax in fig.axes)
        titles.append(text)
        return real(fig, text, *args, **kwargs)

    monkeypatch.setattr(figures, "title", record)
    status = cli.main(["filters", str(save(model, tmp_path)), "-o", str(tmp_path / "f.png")])
    assert status == 0
    assert "filter 0 ← ch 0" in titles and "filter 2 ← ch 3" in titles
    assert not any("input channel 0" in title for title in titles)


def test_an_unknown_preprocess_is_refused_with_the_known_names(tmp_path, photo, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["maps", "cifar10_cnn", str(photo), "--preprocess", "0-65535"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "--preprocess" in err and "caffe" in err


CUSTOM = """
import keras


@keras.saving.register_keras_serializable(package="mine")
class Doubling(keras.layers.Layer):
    def call(self, inputs):
        return inputs * 2.0
"""


def custom_model(tmp_path, monkeypatch):
    module = tmp_path / "my_layers.py"
    module.write_text(CUSTOM)
    monkeypatch.syspath_prepend(str(tmp_path))
    import importlib

    layers = importlib.import_module("my_layers")
    model = keras.Sequential(
        [keras.Input((24, 24, 3)), layers.Doubling(), keras.layers.Conv2D(2, 3, name="conv")]
    )
    return save(model, tmp_path, "custom.keras"), module


def test_custom_objects_from_a_file_let_a_custom_model_load(tmp_path, monkeypatch, photo, capsys):
    path, module = custom_model(tmp_path, monkeypatch)
    output = tmp_path / "maps.png"
    argv = ["maps", str(path), str(photo), "--custom-objects", str(module), "-o", str(output)]
    assert cli.main(argv) == 0, capsys.readouterr().err
    assert output.is_file()


def test_a_custom_objects_module_that_fails_to_import_is_named(tmp_path, capsys):
    broken = tmp_path / "broken_layers.py"
    broken.write_text("raise RuntimeError('no GPU here')\n")
    status = cli.main(
        ["filters", "cifar10_cnn", "--custom-objects", str(broken), "-o", str(tmp_path / "f.png")]
    )
    err = capsys.readouterr().err
    assert status == 1
    assert "--custom-objects" in err and "no GPU here" in err


def test_a_custom_objects_module_that_does_not_exist_is_named(tmp_path, capsys):
    status = cli.main(
        [
            "filters",
            "cifar10_cnn",
            "--custom-objects",
            "no_such_module_here",
            "-o",
            str(tmp_path / "f.png"),
        ]
    )
    assert status == 1
    assert "--custom-objects" in capsys.readouterr().err


def test_a_keras_applications_name_builds_the_model_with_imagenet_weights(tmp_path, monkeypatch):
    """The download is substituted by a local weights file; Keras' own loading path runs."""
    base = keras.applications.MobileNetV2(weights=None)
    weights = tmp_path / "mobilenet_v2.weights.h5"
    base.save_weights(weights)
    asked = []

    def fake_get_file(fname=None, origin=None, *args, **kwargs):
        asked.append(origin)
        return str(weights)

    monkeypatch.setattr(keras.utils, "get_file", fake_get_file)
    import keras.src.utils.file_utils as file_utils

    monkeypatch.setattr(file_utils, "get_file", fake_get_file)
    output = tmp_path / "conv1.png"
    status = cli.main(["filters", "mobilenet_v2", "--layer", "1", "-o", str(output)])
    assert status == 0
    assert asked and "mobilenet_v2" in asked[0]
    assert output.is_file()
