"""The command line on users' own files and misuse, run in-process through cli.main.

Every case of issue 12 has its test of the message and the exit status. Usage errors
(argparse) exit with status 2 through SystemExit; bad input returns 1 with one line on stderr.
"""

from __future__ import annotations

import struct
import zipfile
import zlib

import numpy as np
import pytest
import test_cli
from PIL import Image

from filterviz import cli
from filterviz.cli import figures, images, progress

DPI = 30


def declared_png(path, width, height):
    """A PNG of a few hundred bytes whose header declares `width` × `height` grey pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * (width + 1) * 4)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )
    return path


def fails(capsys, argv, *fragments, status=1):
    """Run main(argv); check the status and that stderr is one line holding every fragment."""
    if status == 2:
        with pytest.raises(SystemExit) as stopped:
            cli.main([str(item) for item in argv])
        code = stopped.value.code
    else:
        code = cli.main([str(item) for item in argv])
    err = capsys.readouterr().err
    assert code == status, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "photo.png"
    Image.new("RGB", (12, 10), (200, 100, 50)).save(path)
    return path


# The saved tiny model of tests/test_cli.py, one definition for both files.
tiny_model = test_cli.tiny_model


# -- Large images and bombs ---------------------------------------------------------------------


def test_apply_refuses_a_declared_bomb_naming_the_file_its_size_and_the_option(capsys, tmp_path):
    bomb = declared_png(tmp_path / "bomb.png", 10_000, 10_000)
    line = fails(
        capsys, ["apply", bomb, "-o", tmp_path / "out.png"], "bomb.png", "10000×10000", "100.0 MP"
    )
    assert "--max-megapixels 80" in line and "max_pixels" not in line
    assert not (tmp_path / "out.png").exists()


def test_max_megapixels_raises_the_limit(capsys, tmp_path):
    big = tmp_path / "big.png"
    Image.new("L", (1000, 1000), 128).save(big)
    fails(capsys, ["apply", big, "--max-megapixels", "0.5", "-o", tmp_path / "o.png"], "1.0 MP")
    code = cli.main(["apply", "--engine", "numpy", str(big), "--max-megapixels", "1",
                     "-o", str(tmp_path / "o.png"), "--dpi", str(DPI)])  # fmt: skip
    assert code == 0


@pytest.mark.parametrize("value", ["0", "171", "lots"])
def test_max_megapixels_is_bounded(capsys, tmp_path, photo, value):
    argv = ["apply", photo, "--max-megapixels", value, "-o", tmp_path / "o.png"]
    fails(capsys, argv, "--max-megapixels", "at most 170", status=2)


def test_apply_draws_a_large_image_at_display_size(capsys, tmp_path, monkeypatch):
    from filterviz import plot

    large = tmp_path / "large.jpg"
    Image.new("RGB", (3000, 1500), (10, 200, 30)).save(large)
    shapes = []
    filtered = plot.filtered

    def spy(batch, *args, **kwargs):
        shapes.append(batch.shape)
        return filtered(batch, *args, **kwargs)

    monkeypatch.setattr(plot, "filtered", spy)
    argv = ["apply", "--engine", "numpy", large, "-o", tmp_path / "o.png", "--dpi", DPI]
    assert cli.main([str(item) for item in argv]) == 0
    assert shapes == [(1, images.DISPLAY_SIDE // 2, images.DISPLAY_SIDE, 3)]
    assert capsys.readouterr().err == ""


def test_apply_help_says_the_display_size_and_the_formats(capsys):
    with pytest.raises(SystemExit):
        cli.main(["apply", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "shrunk to fit" in text and str(images.DISPLAY_SIDE) in text
    assert "WebP" in text and "pillow-heif" in text


# -- Folders -----------------------------------------------------------------------------------


def test_a_folder_skips_hidden_files_and_sums_up_the_rest_on_one_line(capsys, tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    Image.new("RGB", (8, 8), "red").save(folder / "a.jpg")
    Image.new("RGB", (8, 8), "blue").save(folder / "b.webp")
    (folder / "._a.jpg").write_bytes(b"\x00\x05\x16\x07")
    (folder / "notes.txt").write_text("notes")
    (folder / "older").mkdir()
    (folder / "cut.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    output = tmp_path / "out.png"
    argv = ["apply", "--engine", "numpy", folder, "-o", output, "--dpi", DPI]
    assert cli.main([str(item) for item in argv]) == 0
    err = capsys.readouterr().err
    assert err == (
        "filterviz: skipped 3 files: notes.txt (not an image name), older (a folder), "
        "cut.png (cannot be read as an image)\n"
    )
    assert output.exists()


def test_an_unreadable_image_named_on_the_command_line_is_an_error(capsys, tmp_path):
    cut = tmp_path / "cut.png"
    cut.write_bytes(b"\x89PNG\r\n\x1a\n")
    fails(capsys, ["apply", cut, "-o", tmp_path / "out.png"], "cut.png")


def test_an_apple_double_file_named_on_the_command_line_is_an_error(capsys, tmp_path):
    ghost = tmp_path / "._photo.jpg"
    ghost.write_bytes(b"\x00\x05\x16\x07")
    fails(capsys, ["apply", ghost, "-o", tmp_path / "out.png"], "._photo.jpg", "not an image")


def test_a_webp_photo_is_read(capsys, tmp_path):
    webp = tmp_path / "photo.webp"
    Image.new("RGB", (8, 8), "red").save(webp)
    argv = ["apply", "--engine", "numpy", webp, "-o", tmp_path / "o.png", "--dpi", DPI]
    assert cli.main([str(item) for item in argv]) == 0
    assert capsys.readouterr().err == ""


def test_a_heic_photo_names_the_plugin(capsys, tmp_path):
    heic = tmp_path / "IMG_0001.heic"
    heic.write_bytes(b"\0\0\0\x18ftypheic" + b"\0" * 64)
    fails(capsys, ["apply", heic, "-o", tmp_path / "o.png"], "IMG_0001.heic", "pillow-heif")


# -- Numeric options ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "reason"),
    [
        ("--size", "99999x99999", "at most 4096 pixels"),
        ("--dpi", "100000", "more than print quality needs"),
        ("--dpi", "1", "too few to draw the labels"),
        ("--dpi", "0.01", "too few to draw the labels"),
        ("--dpi", "nan", "a number"),
        ("--max-images", "1000", "from 0 to 100"),
        ("--max-images", "-1", "from 0 to 100"),
        ("--stride", "1000", "keeps almost nothing"),
    ],
)
def test_apply_numeric_options_are_bounded_with_a_reason(
    capsys, tmp_path, photo, option, value, reason
):
    argv = ["apply", photo, f"{option}={value}", "-o", tmp_path / "o.png"]
    fails(capsys, argv, option, reason, status=2)


@pytest.mark.parametrize(
    ("argv", "option", "reason"),
    [
        (["maximize", "cifar10_cnn", "--steps", "100000000"], "--steps", "run for hours"),
        (["maximize", "cifar10_cnn", "--steps", "0"], "--steps", "a positive integer"),
        (["maximize", "cifar10_cnn", "--seed", "-1"], "--seed", "32-bit"),
        (["filters", "cifar10_cnn", "--filters", "0-99999999"], "--filters", "from 0 to 4095"),
        (["filters", "cifar10_cnn", "--filters", "0-300"], "--filters", "at most 256"),
        (["filters", "cifar10_cnn", "--channel", "-3"], "--channel", "numbered from 0"),
        (["kernels", "--dpi", "5000", "-o", "k.png"], "--dpi", "print quality"),
        (["maps", "cifar10_cnn", "x.png", "--max-images", "101"], "--max-images", "from 0 to 100"),
    ],
)
def test_model_command_numeric_options_are_bounded(capsys, tmp_path, argv, option, reason):
    if "-o" not in argv:
        argv = [*argv, "-o", str(tmp_path / "o.png")]
    fails(capsys, argv, option, reason, status=2)


def test_steps_in_python_are_bounded(tiny_model):
    from filterviz import model

    loaded = model.load(tiny_model)
    with pytest.raises(ValueError, match=r"steps must be at most 10,000.*got 100000000"):
        model.maximize_activation(loaded, "conv_a", steps=100_000_000)


def test_a_long_run_prints_progress_lines_with_the_time_left_away_from_a_terminal(
    capsys, tmp_path, tiny_model, monkeypatch
):
    monkeypatch.setattr(progress, "PROGRESS_EVERY_S", 0.0)
    argv = ["maximize", tiny_model, "--layer", "conv_a", "--steps", "3", "-o", tmp_path / "p.png",
            "--dpi", DPI]  # fmt: skip
    assert cli.main([str(item) for item in argv]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        line for line in lines if line.startswith("filterviz: Maximising 4 filters of conv_a: ")
    ]
    assert [line.split(": ")[2].split(",")[0] for line in lines] == ["1/3", "2/3"]
    assert all(line.endswith(" s left") for line in lines)


def test_progress_lines_are_spaced_out(monkeypatch, capsys):
    clock = iter([0.0, 1.0, 2.0, 6.0, 7.0, 12.0])
    monkeypatch.setattr("time.monotonic", lambda: next(clock))
    with progress.progress("Working") as update:
        for done in range(1, 6):
            update(done, 10)
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "filterviz: Working: 3/10, about 14 s left",
        "filterviz: Working: 5/10, about 12 s left",
    ]


# -- Messages ----------------------------------------------------------------------------------


def test_an_empty_output_name_names_the_option(capsys, tmp_path, photo):
    line = fails(capsys, ["apply", photo, "-o", ""], "-o/--output", "empty file name")
    assert "PosixPath" not in line


def test_a_kernel_that_overflows_names_kernel(capsys, tmp_path, photo):
    huge = ",".join(["1e38"] * 9)
    fails(capsys, ["apply", f"--kernel={huge}", photo, "-o", tmp_path / "o.png"],
          "--kernel", "overflow", status=2)  # fmt: skip


def test_force_never_overwrites_an_input_file(capsys, tmp_path, photo):
    before = photo.read_bytes()
    fails(capsys, ["apply", photo, "-o", photo, "--force"], "one of the input images", "--force")
    assert photo.read_bytes() == before


def test_force_never_overwrites_an_image_of_an_input_folder(capsys, tmp_path, photo):
    fails(capsys, ["apply", tmp_path, "-o", photo, "--force"], "one of the input images")


def test_a_title_with_characters_missing_from_the_font_is_drawn_without_warnings(tmp_path):
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(2, 1))
    fig.suptitle("猫 and ☃ cat")
    figures.drawable(fig)
    fig.savefig(tmp_path / "t.png", dpi=DPI)  # pytest turns a Matplotlib warning into an error
    assert "cat" in fig.texts[0].get_text()


def keras_archive_with(path, members):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("config.json", "{}")
        for member in members:
            archive.writestr(member, b"x")
    return path


@pytest.mark.parametrize("member", ["../../evil.h5", "/etc/evil", "assets/../../x"])
def test_a_keras_archive_with_members_outside_its_root_is_refused_as_damaged(
    capsys, tmp_path, member
):
    bad = keras_archive_with(tmp_path / "bad.keras", [member])
    line = fails(capsys, ["filters", bad, "-o", tmp_path / "o.png"], "bad.keras", "damaged")
    assert "outside its root" in line


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("model.keras", b"not a zip", "not a .keras archive"),
        ("model.h5", b"\x89HDF\r\n\x1a\n", "legacy HDF5"),
        ("model.keras", None, "no config.json"),
    ],
)
def test_a_wrong_model_file_is_refused(capsys, tmp_path, name, content, fragment):
    path = tmp_path / name
    if content is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("weights.h5", b"x")
    else:
        path.write_bytes(content)
    fails(capsys, ["filters", path, "-o", tmp_path / "o.png"], name, fragment)


# -- Quiet success -----------------------------------------------------------------------------


def test_every_subcommand_succeeds_with_nothing_on_stderr(capfd, tmp_path, tiny_model):
    folder = tmp_path / "images"
    folder.mkdir()
    rng = np.random.default_rng(0)
    for index in range(2):
        pixels = rng.integers(0, 256, (20, 20, 3), dtype=np.uint8)
        Image.fromarray(pixels).save(folder / f"{index}.png")
    Image.new("P", (20, 20)).save(folder / "palette.png", transparency=0)  # Pillow would warn
    runs = [
        ["kernels", "-o", tmp_path / "k.png"],
        ["apply", "--engine", "numpy", folder, "-o", tmp_path / "a.png", "--title", "猫 filtered"],
        ["apply", "--engine", "keras", folder / "0.png", "-o", tmp_path / "b.png"],
        ["filters", tiny_model, "--layer", "conv_b", "-o", tmp_path / "f.png"],
        ["maps", tiny_model, folder, "-o", tmp_path / "m.png"],
        ["maximize", tiny_model, "--steps", "2", "-o", tmp_path / "x.png"],
    ]
    capfd.readouterr()
    for argv in runs:
        code = cli.main([*map(str, argv), "--dpi", str(DPI)])
        captured = capfd.readouterr()
        assert code == 0, captured.err
        assert captured.err == "", (argv[0], captured.err)
        assert "wrote " in captured.out


def test_the_pixel_limit_of_the_command_line_is_the_library_s(tmp_path):
    from filterviz import data

    args = cli.build_parser().parse_args(["apply", "a.png", "-o", str(tmp_path / "o.png")])
    assert args.max_megapixels == data.MAX_PIXELS
