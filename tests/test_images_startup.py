"""Bad images and model files are refused before TensorFlow is imported (fresh interpreters)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from PIL import Image

CASES = textwrap.dedent(
    """
    import json, struct, sys, zlib, pathlib
    from filterviz import cli

    folder = pathlib.Path(sys.argv[1])
    out = str(folder / "out.png")
    runs = {
        "missing image": ["maps", "cifar10_cnn", str(folder / "holiday.png"), "-o", out],
        "not an image": ["maps", "cifar10_cnn", str(folder / "notes.png"), "-o", out],
        "cut image": ["maps", "cifar10_cnn", str(folder / "cut.png"), "-o", out],
        "declared bomb": ["maps", "cifar10_cnn", str(folder / "bomb.png"), "-o", out],
        "wrong model": ["maps", str(folder / "notes.keras"), str(folder / "ok.png"), "-o", out],
        "missing model": ["filters", str(folder / "trained.keras"), "-o", out],
    }
    results = {}
    for name, argv in runs.items():
        results[name] = [cli.main(argv), "tensorflow" in sys.modules]
    print(json.dumps(results))
    """
)


def make_files(folder):
    (folder / "notes.png").write_text("lecture notes")
    (folder / "cut.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0")
    (folder / "notes.keras").write_text("not a model")
    Image.new("RGB", (8, 8)).save(folder / "ok.png")
    # A PNG header declaring 10000 × 10000 pixels and nothing else: refused from its header.
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    header = struct.pack(">IIBBBBB", 10_000, 10_000, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * 10_001)
    (folder / "bomb.png").write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def environment():
    env = dict(os.environ)
    env.update(CUDA_VISIBLE_DEVICES="", MPLBACKEND="Agg")
    return env


def test_bad_files_are_refused_before_tensorflow_is_imported(tmp_path):
    make_files(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", CASES, str(tmp_path)],
        capture_output=True, text=True, env=environment(), timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout.strip().splitlines()[-1])
    assert results == {name: [1, False] for name in results}, results
    lines = done.stderr.strip().splitlines()
    assert len(lines) == len(results)  # one line each, in the order of the cases
    assert "bomb.png" in lines[3] and "10000×10000" in lines[3]
    assert "notes.keras" in lines[4] and "not a .keras archive" in lines[4]


def test_the_console_command_refuses_a_bomb_without_importing_tensorflow(tmp_path):
    make_files(tmp_path)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "filterviz", "maps", "cifar10_cnn",
         str(tmp_path / "bomb.png"), "-o", str(tmp_path / "out.png")],
        capture_output=True, text=True, env=environment(), timeout=120,
    )  # fmt: skip
    assert done.returncode == 1
    messages = [line for line in done.stderr.splitlines() if not line.startswith("import time:")]
    assert len(messages) == 1 and "bomb.png" in messages[0] and "10000×10000" in messages[0]
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "PIL.Image" in imported and "tensorflow" not in imported and "keras" not in imported
