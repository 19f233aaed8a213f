"""The ``filterviz`` command, run through its entry point ``filterviz.cli.main`` in this process.

One TensorFlow start serves every test; output comes from capsys. A few smoke
tests run the installed command and ``python -m filterviz`` as a user does, in a
subprocess: its version, TensorFlow's start-up messages kept off stderr, the
progress bar on a real terminal, and start-up without TensorFlow. `apply` runs
use ``--engine numpy`` where the engine is not what is tested. Expected pixel
sizes come from the figure that :mod:`filterviz.plot` draws for the same number
of images and panels, at the requested ``--dpi``.
"""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import filterviz
from filterviz import cli, plot
from filterviz.cli import CommandError, maximize

DPI = 40


@pytest.fixture
def run(capsys):
    """Run ``filterviz ARGS`` through cli.main; return (exit status, stdout, stderr)."""

    def run(*args):
        try:
            code = cli.main([str(arg) for arg in args])
        except SystemExit as stop:  # --help, --version and usage errors
            code = stop.code
        out, err = capsys.readouterr()
        return code, out, err

    return run


def assert_fails(result, *fragments, status=1):
    """One line on stderr holding each fragment (the option or file it names), and the status."""
    code, _, stderr = result
    assert code == status, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "error:" in lines[0]
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def png_size(path) -> tuple[int, int]:
    with Image.open(path) as image:
        assert image.format == "PNG"
        return image.size


def assert_size(path, fig, dpi=DPI):
    width, height = fig.get_size_inches() * dpi
    assert png_size(path) == pytest.approx((width, height), abs=1)


@pytest.fixture(scope="module")
def images(tmp_path_factory) -> Path:
    """Three CIFAR-10 sample images (32×32) as PNG files in a folder."""
    folder = tmp_path_factory.mktemp("images")
    batch, labels, class_names = filterviz.sample_images("cifar10", n=3)
    for index, (image, label) in enumerate(zip(batch, labels, strict=True)):
        pixels = np.round(image * 255).astype(np.uint8)
        Image.fromarray(pixels).save(folder / f"{index}_{class_names[label]}.png")
    return folder


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    """Input 16×16×3 -> Conv2D(4, 3) -> Conv2D(6, 3) -> pooling -> Dense(2), saved as .keras."""
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [
            keras.Input((16, 16, 3)),
            keras.layers.Conv2D(4, 3, activation="relu", name="conv_a"),
            keras.layers.Conv2D(6, 3, name="conv_b"),
            keras.layers.GlobalAveragePooling2D(),
            keras.layers.Dense(2),
        ],
        name="tiny",
    )
    path = tmp_path_factory.mktemp("model") / "tiny.keras"
    model.save(path)
    return path


def image_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.png"))


# -- Smoke tests: the installed command, in a subprocess ------------------------------------


def subprocess_env() -> dict[str, str]:
    """This environment, without the test's quietening of TensorFlow: the command does it."""
    env = {key: value for key, value in os.environ.items() if key != "TF_CPP_MIN_LOG_LEVEL"}
    env.update(CUDA_VISIBLE_DEVICES="", TERM="xterm", COLUMNS="100")
    return env


def test_the_console_script_is_installed():
    script = shutil.which("filterviz", path=str(Path(sys.executable).parent))
    assert script is not None, "filterviz is not installed next to this Python"
    done = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert done.stdout.strip() == f"filterviz {filterviz.__version__}"


def test_python_m_filterviz_apply_with_keras_prints_only_what_it_wrote(images, tmp_path):
    output = tmp_path / "out.png"
    done = subprocess.run(
        [sys.executable, "-m", "filterviz", "apply", image_files(images)[0], "-o", output],
        capture_output=True, text=True, env=subprocess_env(), timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # TensorFlow's start-up messages are kept off stderr
    assert done.stdout.strip() == f"wrote {output}"
    png_size(output)


def test_a_progress_bar_shows_on_a_terminal_while_many_images_are_read(images, tmp_path):
    folder = tmp_path / "many"
    shutil.copytree(images, folder)
    for index in range(3):
        shutil.copy(image_files(images)[0], folder / f"copy{index}.png")
    command = [sys.executable, "-m", "filterviz", "apply", "--engine", "numpy", str(folder),
               "-o", str(tmp_path / "out.png")]  # fmt: skip
    controller, terminal_end = pty.openpty()  # stderr is a terminal, stdout a pipe
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=terminal_end, env=subprocess_env()
    )
    os.close(terminal_end)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    process.stdout.close()
    terminal = b"".join(chunks).decode(errors="replace")
    assert process.wait(timeout=300) == 0, terminal
    assert "Reading images" in terminal


def test_help_and_kernels_do_not_import_tensorflow():
    code = (
        "import sys; from filterviz import cli; cli.main(['kernels']); "
        "print(sorted(m for m in ('tensorflow', 'keras', 'matplotlib') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


# -- Help ---------------------------------------------------------------------------------------


def test_help_lists_every_command(run):
    code, stdout, stderr = run("--help")
    assert code == 0, stderr
    for command in ("kernels", "apply", "filters", "maps", "maximize"):
        assert command in stdout


@pytest.mark.parametrize("command", ["kernels", "apply", "filters", "maps", "maximize"])
def test_every_command_has_help_with_examples(run, command):
    code, stdout, stderr = run(command, "--help")
    assert code == 0, stderr
    assert f"usage: filterviz {command}" in stdout
    assert f"examples:\n  filterviz {command}" in stdout


@pytest.mark.parametrize("command", ["apply", "filters", "maps", "maximize"])
def test_the_figure_options_are_the_same_for_every_figure_command(run, command):
    """One parent parser: -o/--output, --dpi, --title, -f/--force and --debug, in group 'figure'."""
    _, stdout, _ = run(command, "--help")
    figure = stdout.split("\nfigure:\n")[1].split("\n\n")[0]
    for option in ("-o OUT, --output OUT", "--dpi DPI", "--title TITLE", "-f, --force"):
        assert option in figure
    assert "--debug" in stdout.split("\nfigure:\n")[0]


def test_no_command_is_a_usage_error(run):
    assert_fails(run(), "COMMAND", status=2)


def test_the_steps_limit_of_the_help_is_the_library_s():
    from filterviz import _validate

    assert maximize.MAX_STEPS == _validate.MAX_STEPS


# -- kernels ------------------------------------------------------------------------------------


def test_kernels_lists_names_descriptions_and_weights(run):
    code, stdout, stderr = run("kernels")
    assert code == 0 and stderr == ""
    assert "diagonal: strokes running from top left to bottom right\n    1  0  0\n" in stdout
    assert "sobel_x: vertical edges" in stdout
    sobel_rows = stdout.split("sobel_x:")[1].splitlines()[1:4]
    assert [row.split() for row in sobel_rows] == [
        ["-1", "0", "1"],
        ["-2", "0", "2"],
        ["-1", "0", "1"],
    ]
    for name in filterviz.kernels.names():
        assert f"\n{name}: " in "\n" + stdout


def test_kernels_draws_the_chosen_kernels(run, tmp_path):
    code, stdout, stderr = run(
        "kernels", "sobel_x", "red_green", "-o", tmp_path / "k.png", "--dpi", DPI
    )
    assert code == 0, stderr
    assert stdout.startswith("sobel_x:") and "red_green:" in stdout
    # sobel_x plus the three channels of red_green: four panels of 2.4 x 2.5 inches in one row
    assert png_size(tmp_path / "k.png") == pytest.approx((4 * 2.4 * DPI, 2.5 * DPI), abs=1)


def test_kernels_unknown_name_prints_nothing_else(run):
    result = run("kernels", "diagonal", "diagonol")
    assert_fails(result, "'diagonol'", "anti_diagonal")
    assert result[1] == ""  # every name is checked before the first is listed


# -- apply --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "outputs"),
    [
        (["--kernel", "diagonal", "--kernel", "anti_diagonal"], 2),  # the Keras engine
        (["--kernel", "sobel_x", "--per-channel", "--stride", "2", "--padding", "same"], 3),
        (["--kernel", "1,0,0, 0,1,0, 0,0,1", "--grey", "--kernel=-1,0,1,-2,0,2,-1,0,1"], 2),
    ],
    ids=["two-names-keras", "per-channel-stride-same", "custom-grey"],
)
def test_apply_draws_originals_above_one_row_per_output(run, images, tmp_path, options, outputs):
    files = image_files(images)
    engine = [] if "diagonal" in options else ["--engine", "numpy"]
    code, stdout, stderr = run(
        "apply", *options, *engine, *files, "-o", tmp_path / "out.png", "--dpi", DPI
    )
    assert code == 0, stderr
    assert stderr == ""  # no progress bar off a terminal
    assert stdout.strip() == f"wrote {tmp_path / 'out.png'}"
    figure = plot.filtered(np.zeros((3, 32, 32, 3)), np.zeros((3, 30, 30, outputs)))
    assert_size(tmp_path / "out.png", figure)


def test_apply_reads_a_folder_and_draws_at_most_max_images(run, images, tmp_path):
    output = tmp_path / "out.png"
    code, _, stderr = run(
        "apply", "--engine", "numpy", images, "--max-images", 2, "-o", output, "--dpi", DPI
    )
    assert code == 0
    assert stderr.strip() == (
        "filterviz: drawing the first 2 of 3 images (--max-images 0 draws all, up to 100)"
    )
    assert_size(output, plot.filtered(np.zeros((2, 32, 32, 3)), np.zeros((2, 30, 30, 2))))


def test_apply_resizes_images_of_any_size_with_size(run, images, tmp_path):
    big = tmp_path / "big.jpg"
    Image.new("RGB", (90, 60), "orange").save(big)
    output = tmp_path / "out.png"
    code, _, stderr = run(
        "apply", "--engine", "numpy", image_files(images)[0], big, "--size", "20x24", "-o", output,
        "--dpi", DPI,
    )  # fmt: skip
    assert code == 0, stderr
    assert_size(output, plot.filtered(np.zeros((2, 20, 24, 3)), np.zeros((2, 18, 22, 2))))


@pytest.mark.parametrize(("suffix", "magic"), [(".svg", b"<svg"), (".pdf", b"%PDF")])
def test_apply_writes_svg_and_pdf_by_extension(run, images, tmp_path, suffix, magic):
    output = tmp_path / f"out{suffix}"
    code, _, stderr = run("apply", "--engine", "numpy", image_files(images)[0], "-o", output)
    assert code == 0, stderr
    assert magic in output.read_bytes()[:400]


def test_apply_without_an_extension_writes_png(run, images, tmp_path):
    code, stdout, _ = run(
        "apply", "--engine", "numpy", image_files(images)[0], "-o", tmp_path / "out"
    )
    assert code == 0
    assert stdout.strip().endswith("out.png")
    png_size(tmp_path / "out.png")


def test_apply_overwrites_only_with_force(run, images, tmp_path):
    output = tmp_path / "out.png"
    output.write_bytes(b"a figure from last week")
    assert_fails(run("apply", "--engine", "numpy", images, "-o", output), "--force")
    assert output.read_bytes() == b"a figure from last week"
    code, _, stderr = run("apply", "--engine", "numpy", images, "-o", output, "--force")
    assert code == 0, stderr
    png_size(output)


# -- apply: bad input ---------------------------------------------------------------------------


def test_apply_missing_image(run, tmp_path):
    result = run("apply", tmp_path / "holiday.png", "-o", tmp_path / "out.png")
    assert_fails(result, "holiday.png")
    assert not (tmp_path / "out.png").exists()


def test_apply_file_that_is_not_an_image(run, tmp_path):
    notes = tmp_path / "notes.png"
    notes.write_text("lecture notes")
    assert_fails(run("apply", notes, "-o", tmp_path / "out.png"), "notes.png", "not an image")


def test_apply_damaged_image(run, images, tmp_path):
    damaged = tmp_path / "damaged.png"
    damaged.write_bytes(image_files(images)[0].read_bytes()[:300])
    assert_fails(run("apply", damaged, "-o", tmp_path / "out.png"), "damaged.png")


def test_apply_unsupported_image_format(run, tmp_path):
    pcx = tmp_path / "photo.png"
    Image.new("RGB", (8, 8)).save(pcx, format="PCX")  # Pillow reads PCX; filterviz does not
    assert_fails(run("apply", pcx, "-o", tmp_path / "out.png"), "photo.png", "PCX")


def test_apply_folder_without_images(run, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert_fails(run("apply", empty, "-o", tmp_path / "out.png"), "empty", "no image files")


def test_apply_images_of_different_sizes_need_size(run, images, tmp_path):
    big = tmp_path / "big.png"
    Image.new("RGB", (40, 40)).save(big)
    result = run("apply", image_files(images)[0], big, "-o", tmp_path / "out.png")
    assert_fails(result, "big.png", "--size")


def test_apply_image_smaller_than_the_kernel_names_padding(run, tmp_path):
    small = tmp_path / "small.png"
    Image.new("RGB", (2, 2)).save(small)
    result = run("apply", "--engine", "numpy", small, "-o", tmp_path / "out.png")
    assert_fails(result, "(2, 2)", "--padding same")


def test_apply_unsupported_output_format(run, images, tmp_path):
    assert_fails(run("apply", images, "-o", tmp_path / "out.jpg"), "'.jpg'")


def test_apply_output_folder_does_not_exist(run, images, tmp_path):
    result = run("apply", images, "-o", tmp_path / "slides" / "out.png")
    assert_fails(result, "slides", "does not exist")


@pytest.mark.parametrize("kernel", ["1,2,3", "1,0,0,0,1,0,0,0,1,0", "1,0,x,0,1,0,0,0,1"])
def test_apply_kernel_that_is_not_nine_numbers(run, images, tmp_path, kernel):
    result = run("apply", "--kernel", kernel, images, "-o", tmp_path / "out.png")
    assert_fails(result, "--kernel", f"'{kernel}'", "3×3", status=2)


def test_apply_kernel_with_a_nan_names_kernel(run, images, tmp_path):
    result = run("apply", "--kernel=nan,0,0,0,1,0,0,0,1", images, "-o", tmp_path / "out.png")
    assert_fails(result, "--kernel", "finite", status=2)


def test_apply_unknown_kernel_name(run, images, tmp_path):
    result = run("apply", "--kernel", "diagonol", images, "-o", tmp_path / "out.png")
    assert_fails(result, "--kernel", "'diagonol'", "sobel_x", status=2)


def test_apply_colour_kernel_on_grey_images(run, images, tmp_path):
    result = run("apply", "--kernel", "red_green", "--grey", images, "-o", tmp_path / "out.png")
    assert_fails(result, "'red_green'", "--grey")


@pytest.mark.parametrize(
    ("option", "value"),
    [("--stride", "0"), ("--stride", "x"), ("--dpi", "-5"), ("--size", "0x4")],
)
def test_apply_bad_numbers_are_usage_errors(run, images, tmp_path, option, value):
    result = run("apply", option, value, images, "-o", tmp_path / "out.png")
    assert_fails(result, f"{option}: ", value, status=2)


def test_debug_raises_the_error_itself(run, tmp_path):
    with pytest.raises(CommandError, match="holiday.png"):
        run("apply", "--debug", tmp_path / "holiday.png", "-o", tmp_path / "out.png")


# -- filters, maps, maximize on a tiny model ----------------------------------------------------


def test_filters_of_the_first_layer_as_colour_patches(run, tiny_model, tmp_path):
    output = tmp_path / "filters.png"
    code, _, stderr = run("filters", tiny_model, "--layer", 1, "-o", output, "--dpi", DPI)
    assert code == 0 and stderr == "", stderr
    figure = plot.filters_rgb(np.zeros((3, 3, 3, 4)), ncols=4, title="Layer conv_a")
    assert_size(output, figure)


def test_filters_of_a_deeper_layer_as_heat_maps(run, tiny_model, tmp_path):
    output = tmp_path / "filters.png"
    code, _, stderr = run(
        "filters", tiny_model, "--layer", "conv_b", "--filters", "0-2", "-o", output, "--dpi", DPI
    )
    assert code == 0, stderr
    assert_size(output, plot.kernels([np.zeros((3, 3))] * 3, ncols=3))


def test_filters_beyond_the_layer_s_count_name_filters(run, tiny_model, tmp_path):
    result = run("filters", tiny_model, "--layer", "conv_b", "--filters", "5,6,9", "-o",
                 tmp_path / "f.png")  # fmt: skip
    assert_fails(result, "--filters", "6, 9")


def test_a_channel_the_layer_does_not_see_names_channel(run, tiny_model, tmp_path):
    result = run("filters", tiny_model, "--layer", "conv_b", "--channel", 4, "-o",
                 tmp_path / "f.png")  # fmt: skip
    assert_fails(result, "--channel", "got 4")


@pytest.mark.parametrize("count", [1, 3])
def test_maps_of_one_image_or_a_folder(run, tiny_model, images, tmp_path, count):
    inputs = [image_files(images)[0]] if count == 1 else [images]
    output = tmp_path / "maps.png"
    code, _, stderr = run("maps", tiny_model, *inputs, "--layer", -1, "-o", output, "--dpi", DPI)
    assert code == 0 and stderr == "", stderr
    # the 32×32 images are resized to the model's 16×16; conv_b gives 12×12 maps, 6 filters
    if count == 1:
        figure = plot.feature_maps(np.zeros((12, 12, 6)), ncols=6, max_maps=None, title="maps")
    else:
        figure = plot.filtered(np.zeros((3, 16, 16, 3)), np.zeros((3, 12, 12, 6)))
    assert_size(output, figure)


def test_maps_size_other_than_the_model_s_names_size(run, tiny_model, images, tmp_path):
    result = run("maps", tiny_model, images, "--size", "20x20", "-o", tmp_path / "m.png")
    assert_fails(result, "--size", "16×16")


def test_maximize_shows_progress_on_a_terminal(run, tiny_model, tmp_path, monkeypatch):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)  # rich draws its bar
    output = tmp_path / "patterns.png"
    code, stdout, terminal = run(
        "maximize", tiny_model, "--layer", "conv_b", "--steps", 5, "-o", output, "--dpi", DPI
    )
    assert code == 0, terminal
    assert "Maximising 6 filters of conv_b" in terminal
    assert stdout.strip() == f"wrote {output}"
    assert_size(output, plot.images(np.zeros((6, 16, 16, 3)), ncols=6, title="patterns"))


def test_maximize_at_the_centre_pixel(run, tiny_model, tmp_path):
    output = tmp_path / "patches.png"
    code, _, stderr = run(
        "maximize", tiny_model, "--layer", "conv_a", "--position", "center", "--steps", 5,
        "-o", output, "--dpi", DPI,
    )  # fmt: skip
    assert code == 0 and stderr == "", stderr
    assert_size(output, plot.images(np.zeros((4, 16, 16, 3)), ncols=4, title="patterns"))


def test_maximize_position_not_understood(run, tiny_model, tmp_path):
    result = run("maximize", tiny_model, "--position", "middle", "-o", tmp_path / "out.png")
    assert_fails(result, "--position", "'middle'", status=2)


def test_maximize_position_outside_the_layer_output(run, tiny_model, tmp_path):
    result = run(
        "maximize", tiny_model, "--layer", "conv_a", "--position", "99,0", "-o", tmp_path / "o.png"
    )
    assert_fails(result, "position (99, 0)", "'conv_a'")


def test_maximize_on_a_model_of_any_input_size_asks_for_size(run, tmp_path):
    import keras

    model = keras.Sequential([keras.Input((None, None, 3)), keras.layers.Conv2D(2, 3)])
    path = tmp_path / "any_size.keras"
    model.save(path)
    assert_fails(run("maximize", path, "--steps", 2, "-o", tmp_path / "o.png"), "--size")
    code, _, stderr = run(
        "maximize", path, "--steps", 2, "--size", "10x12", "-o", tmp_path / "o.png", "--dpi", DPI
    )
    assert code == 0, stderr
    assert_size(tmp_path / "o.png", plot.images(np.zeros((2, 10, 12, 3)), ncols=2, title="x"))


# -- model commands: bad input ------------------------------------------------------------------


def test_model_file_missing(run, tmp_path):
    result = run("filters", tmp_path / "trained.keras", "-o", tmp_path / "out.png")
    assert_fails(result, "trained.keras", "cifar10_cnn")


@pytest.mark.parametrize("name", ["notes.keras", "notes.txt"])
def test_model_file_that_is_not_a_keras_model(run, tmp_path, name):
    fake = tmp_path / name
    fake.write_text("not a model")
    assert_fails(run("filters", fake, "-o", tmp_path / "out.png"), name, "Keras")


def test_layer_that_does_not_exist(run, tiny_model, tmp_path):
    result = run("filters", tiny_model, "--layer", "conv_z", "-o", tmp_path / "out.png")
    assert_fails(result, "'conv_z'", "conv_a, conv_b")


def test_maps_missing_image_is_reported_before_loading_the_model(run, tmp_path):
    # The model file is missing too: the image, checked first, is what the line names.
    result = run("maps", tmp_path / "m.keras", tmp_path / "holiday.png", "-o", tmp_path / "o.png")
    assert_fails(result, "holiday.png")


def test_maps_output_exists(run, tiny_model, images, tmp_path):
    output = tmp_path / "maps.png"
    output.write_bytes(b"keep me")
    assert_fails(run("maps", tiny_model, images, "-o", output), "--force")
    assert output.read_bytes() == b"keep me"
