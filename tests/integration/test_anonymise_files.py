"""`ivi anonymise` on files a careless user or a hostile one brings: a size checked from the
header before anything is decoded, empty and truncated files refused, and the results written
as one batch — nothing left behind when an image or the disk fails half way."""

import shutil
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from helpers import ivi
from PIL import Image

from ivi.paths import ASSETS_DIR

FACE = ASSETS_DIR / "scenes" / "astronaut_head.png"


def noise(path: Path, side: int) -> Path:
    """An image that does not compress: its PNG is about as large as its pixels."""
    Image.fromarray(np.random.default_rng(side).integers(0, 256, (side, side, 3), np.uint8)).save(path)
    return path


def png_header_only(path: Path, width: int, height: int) -> Path:
    """A PNG whose header says width x height and whose pixels are never there: what a
    decompression bomb looks like to anything that reads the header first."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
    )
    return path


def test_an_image_too_large_to_decode_is_refused_from_its_header(tmp_path):
    huge = png_header_only(tmp_path / "huge.png", 20_000, 20_000)  # 1.2 GB, were it decoded
    result = ivi("anonymise", str(huge), "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "more than the 67,108,864 pixels ivi decodes" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("kind", ["empty png", "truncated png", "truncated jpeg", "text named .png"])
def test_an_empty_or_truncated_image_is_refused_and_nothing_is_written(tmp_path, kind):
    good = tmp_path / "good.png"
    shutil.copyfile(FACE, good)
    bad = tmp_path / ("bad.jpg" if "jpeg" in kind else "bad.png")
    if kind == "empty png":
        bad.write_bytes(b"")
    elif kind == "truncated png":
        bad.write_bytes(FACE.read_bytes()[:20_000])
    elif kind == "truncated jpeg":
        Image.open(FACE).convert("RGB").save(tmp_path / "whole.jpg")
        bad.write_bytes((tmp_path / "whole.jpg").read_bytes()[:3000])
    else:
        bad.write_text("not an image")
    result = ivi("anonymise", str(good), str(bad), "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert f"cannot anonymise {bad}: not a readable PNG or JPEG image" in result.stderr
    assert not (tmp_path / "out").exists()


# Runs inside a mount namespace of its own, on a 1 MiB filesystem at argv[1].
SCRIPT = """
import os, subprocess, sys
folder, images = sys.argv[1], sys.argv[2:]
done = subprocess.run([sys.executable, "-m", "ivi", "anonymise", *images, "--out", os.path.join(folder, "out")],
                      capture_output=True, text=True, env=dict(os.environ, LANG="C.UTF-8"))
print(done.returncode)
print(done.stderr.strip())
print(sorted(os.listdir(folder)))
"""


def test_a_disk_that_fills_half_way_leaves_nothing_behind(tmp_path, small_disk):
    images = [noise(tmp_path / f"street{n}.png", 400) for n in range(3)]  # about 480 kB of output each
    done = small_disk("1m", SCRIPT, [str(image) for image in images])
    small = tmp_path / "small"
    code, error, left = done.stdout.strip().split("\n")
    assert code == "1" and error.startswith(f"ivi: cannot write to {small}/out: the system refused")
    assert left == "[]"  # not even the folder it made


def test_counts_say_one_face_and_no_plates_in_english_and_in_chinese(tmp_path):
    face = tmp_path / "astronaut.png"
    shutil.copyfile(FACE, face)
    english = ivi("anonymise", str(face), "--out", str(tmp_path / "en"))
    assert english.returncode == 0 and ": 1 face, 0 plates -> " in english.stdout, english.stdout
    chinese = ivi("anonymise", str(face), "--out", str(tmp_path / "zh"), lang="zh_CN.UTF-8")
    assert "：1 张人脸，0 块车牌 -> " in chinese.stdout, chinese.stdout
