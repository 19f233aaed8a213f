"""Peak memory and time of reading users' own large images, end to end.

Each figure is the median over fresh processes of the whole command's peak
resident memory (``ru_maxrss`` of the child, what ``/usr/bin/time -v`` reports
as "Maximum resident set size") and its wall time, for:

- an 8000×8000 JPEG photo (64 MP), through ``filterviz apply`` (drawn at its
  display size, longest side 2048), ``filterviz maps cifar10_cnn`` (32×32)
  and ``filterviz.data.load_images(..., image_size=(32, 32))``;
- a valid PNG of about 100 KB that holds 10000×10000 black pixels (a
  decompression bomb), through the same three: refused from its header;
- ``filterviz maps`` on one 32×32 sample, the cost of TensorFlow and the model
  alone, beside which the 8000×8000 figure of ``maps`` reads;
- ``filterviz maps`` refusing a file that is not an image (target: 1 s, before
  TensorFlow is imported).

The figures of the code before issue 12 are printed beside them: quoted from
the issue, or measured with ``--base REV`` (a ``git archive`` of that commit is
run from a temporary folder; heavy: up to 10 GB and a minute a run).

Not a test: the numbers depend on the machine and its load.

Run: ``.venv/bin/python benchmarks/bench_images.py [--repeats 3] [--base REV [--base-repeats 1]]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
#: The issue's figures for the code before it (peak memory in GB, wall time in s).
QUOTED = {
    "apply, 8000×8000 JPEG": (6.6, 38.9),
    "maps, 8000×8000 JPEG": (3.4, 17.7),
    "load_images 32×32, 8000×8000 JPEG": (2.8, None),
    "apply, declared 10000×10000 PNG": (9.6, 54.9),
    "maps, one 32×32 sample": (0.621, None),
}
TARGETS_GB = {
    "apply, 8000×8000 JPEG": 1.5,
    "maps, 8000×8000 JPEG": 0.8,
    "load_images 32×32, 8000×8000 JPEG": 0.3,
}


def make_photo(path: Path, side: int = 8000) -> None:
    """A smooth photo-like picture with fine noise, saved as a JPEG of quality 90."""
    rng = np.random.default_rng(0)
    rows = np.linspace(0, 6 * np.pi, side, dtype=np.float32)[:, None]
    columns = np.linspace(0, 4 * np.pi, side, dtype=np.float32)[None, :]
    channels = []
    for phase in (0.0, 1.0, 2.0):
        wave = 110 + 90 * np.sin(rows + phase) * np.cos(columns - phase)
        channels.append(np.clip(wave + rng.normal(0, 12, (side, side)), 0, 255).astype(np.uint8))
    Image.fromarray(np.stack(channels, axis=2)).save(path, quality=90)


def make_bomb(path: Path, side: int = 10_000) -> None:
    """A valid PNG of about 100 KB that holds side × side black grey pixels (a bomb)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    packer = zlib.compressobj(9)
    row = b"\0" * (side + 1)  # filter byte and a row of zeros
    rows = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def measure(command: list[str], env: dict, folder: Path) -> tuple[float, float, int, str]:
    """Run `command` once under /usr/bin/time; return (peak GB, wall s, status, stderr's end).

    /usr/bin/time forks the command from its own small process, so the peak is the
    command's alone (a child forked from this script would start with its memory).
    """
    report = folder / "time.txt"  # cwd is the temporary folder: PYTHONPATH picks the tree
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M %e", "-o", str(report), *command],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True, cwd=folder,
    )  # fmt: skip
    kib, seconds = report.read_text().split()[-2:]
    last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    return int(kib) / 1024**2, float(seconds), done.returncode, last


def cases(folder: Path) -> dict[str, list[str]]:
    photo, bomb, sample = folder / "photo.jpg", folder / "bomb.png", folder / "sample.png"
    notes = folder / "notes.png"
    out = str(folder / "out.png")  # with --force: every run writes it again
    python = [sys.executable]
    cli = [*python, "-m", "filterviz"]
    load = "from filterviz import data; data.load_images({!r}, image_size=(32, 32))"
    apply = [*cli, "apply"]
    maps = [*cli, "maps", "cifar10_cnn"]
    write = ["-o", out, "--force"]
    return {
        "apply, 8000×8000 JPEG": [*apply, str(photo), *write],
        "maps, 8000×8000 JPEG": [*maps, str(photo), *write],
        "load_images 32×32, 8000×8000 JPEG": [*python, "-c", load.format(str(photo))],
        "maps, one 32×32 sample": [*maps, str(sample), *write],
        "apply, declared 10000×10000 PNG": [*apply, str(bomb), *write],
        "maps, declared 10000×10000 PNG": [*maps, str(bomb), *write],
        "load_images 32×32, declared PNG": [*python, "-c", load.format(str(bomb))],
        "maps, a file that is not an image": [*maps, str(notes), *write],
    }


def run_all(source: Path, folder: Path, repeats: int, only=None) -> dict[str, tuple]:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(source), TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="", MPLBACKEND="Agg"
    )
    results = {}
    for name, command in cases(folder).items():
        if only is not None and name not in only:
            continue
        runs = [measure(command, env, folder) for _ in range(repeats)]
        memory = statistics.median(run[0] for run in runs)
        seconds = statistics.median(run[1] for run in runs)
        results[name] = (memory, seconds, runs[-1][2], runs[-1][3])
        print(f"  measured {name}: {memory:.2f} GB, {seconds:.1f} s", file=sys.stderr, flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="fresh runs per case (median)")
    parser.add_argument("--base", help="also measure this commit (git archive), such as 10a073a")
    parser.add_argument(
        "--base-repeats", type=int, default=1, help="runs per case of --base (heavy; default 1)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        make_photo(folder / "photo.jpg")
        make_bomb(folder / "bomb.png")
        (folder / "notes.png").write_text("lecture notes, not a picture")
        Image.fromarray(
            np.random.default_rng(1).integers(0, 256, (32, 32, 3), dtype=np.uint8)
        ).save(folder / "sample.png")
        size_mb = (folder / "photo.jpg").stat().st_size / 1e6
        bomb_bytes = (folder / "bomb.png").stat().st_size
        print(
            f"8000×8000 JPEG: {size_mb:.0f} MB; declared PNG: {bomb_bytes} bytes; "
            f"{args.repeats} run(s) each, medians"
        )
        now = run_all(ROOT, folder, args.repeats)
        before = {}
        if args.base:
            base = folder / "base"
            base.mkdir()
            archive = subprocess.run(
                ["git", "-C", str(ROOT), "archive", args.base], capture_output=True, check=True
            ).stdout
            subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
            before = run_all(base, folder, args.base_repeats)
    print()
    header = (
        f"{'case':<36} {'peak GB':>8} {'time s':>7} {'exit':>4}   {'before (GB, s)':<22} target"
    )
    print(header)
    print("-" * len(header))
    for name, (memory, seconds, status, _) in now.items():
        if name in before:
            old = f"{before[name][0]:.2f}, {before[name][1]:.1f} (measured)"
        elif name in QUOTED:
            gb, s = QUOTED[name]
            old = f"{gb:g}, {s if s is not None else '-'} (issue)"
        else:
            old = "-"
        target = f"≤ {TARGETS_GB[name]:g} GB" if name in TARGETS_GB else ""
        if name == "maps, a file that is not an image":
            target = "≤ 1 s"
        print(f"{name:<36} {memory:>8.2f} {seconds:>7.1f} {status:>4}   {old:<22} {target}")
    print()
    for name, (_, _, status, last) in now.items():
        if status != 0:
            print(f"{name}: exit {status}: {last[:150]}")


if __name__ == "__main__":
    main()
