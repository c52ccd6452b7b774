"""`ivi anonymise IMAGE... --out DIR`: the car's anonymiser over image files a user brings.

Every image is checked before it is decoded (its size, from the header, against a pixel
limit: a small file can unpack into gigabytes) and decoded whole (a truncated file is
refused), all before anything is written. The results are written as one batch: each to a
hidden temporary name first, then all renamed; if any write fails (a full disk), every file
of the batch is removed again, and a folder made for it too.
"""

import os
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

from ivi.bus.anonymiser import Anonymiser, FrameUnprocessable
from ivi.bus.boxes import Box
from ivi.core.errors import CannotWrite, IviError
from ivi.core.text import Text, refused_by_system
from ivi.files import NOT_A_FILE, is_special

SUFFIXES = {".png", ".jpg", ".jpeg"}
MAX_PIXELS = 8192 * 8192  # 64 megapixels: an 8K frame fits; 192 MiB decoded


class UnreadableImage(IviError):
    def __init__(self, path: Path, why: Text):
        super().__init__(Text("cannot anonymise %(path)s: %(why)s", path=str(path), why=why))


@dataclass(frozen=True)
class FileResult:
    source: Path
    written: Path
    faces: tuple[Box, ...]
    plates: tuple[Box, ...]

    def as_json(self) -> dict:
        def boxes(found: tuple[Box, ...]) -> list[list[int]]:
            return [[b.x, b.y, b.w, b.h] for b in found]

        return {
            "image": str(self.source),
            "out": str(self.written),
            "faces": boxes(self.faces),
            "plates": boxes(self.plates),
        }


def anonymise_files(images: list[Path], out_dir: Path) -> list[FileResult]:
    if out_dir.exists() and not out_dir.is_dir():
        raise CannotWrite(str(out_dir), Text("it is a file, not a folder"))
    targets = [out_dir / image.name for image in images]
    if len(set(targets)) != len(targets):
        raise CannotWrite(str(out_dir), Text("two images have the same file name"))
    loaded = [read_image(image) for image in images]
    for image, target in zip(images, targets):
        if target.exists() and target.resolve() == image.resolve():
            raise CannotWrite(str(out_dir), Text("it would overwrite the original %(image)s", image=str(image)))
    anonymiser = Anonymiser()
    cleaned = []
    for image, pixels in zip(images, loaded):
        try:
            cleaned.append(anonymiser.anonymise(pixels))
        except FrameUnprocessable as error:
            raise UnreadableImage(image, error.message) from None
    _write_batch(out_dir, {target: clean.pixels for target, clean in zip(targets, cleaned)})
    return [FileResult(i, t, c.faces, c.plates) for i, t, c in zip(images, targets, cleaned)]


def read_image(path: Path) -> np.ndarray:
    if path.suffix.lower() not in SUFFIXES:
        raise UnreadableImage(path, Text("only PNG and JPEG files are taken"))
    if is_special(path):
        raise UnreadableImage(path, NOT_A_FILE)
    too_large = Text("more than the %(limit)s pixels ivi decodes", limit=f"{MAX_PIXELS:,}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # refused below, in our words
            with Image.open(path) as image:  # reads the header only
                if image.size[0] * image.size[1] > MAX_PIXELS:
                    raise UnreadableImage(path, too_large)
                image.load()  # decodes whole: a truncated file fails here
                rgb = np.asarray(image.convert("RGB"))
    except Image.DecompressionBombError:  # Pillow's own check, at twice its limit
        raise UnreadableImage(path, too_large) from None
    except OSError as error:
        if isinstance(error, UnidentifiedImageError) or not error.strerror:  # Pillow's own words
            raise UnreadableImage(path, Text("not a readable PNG or JPEG image")) from None
        raise UnreadableImage(path, refused_by_system(error)) from None
    except (ValueError, SyntaxError):
        raise UnreadableImage(path, Text("not a readable PNG or JPEG image")) from None
    return np.ascontiguousarray(rgb[:, :, ::-1])  # OpenCV's channel order


def _write_batch(out_dir: Path, results: dict[Path, np.ndarray]) -> None:
    """All or nothing: every result under a hidden name first, then all renamed."""
    made = not out_dir.exists()
    written: list[Path] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        encoded = {target: _encode(target, pixels) for target, pixels in results.items()}
        for target, data in encoded.items():
            partial = target.with_name(f".{target.name}.partial")
            written.append(partial)
            partial.write_bytes(data)
        for target in encoded:
            os.replace(target.with_name(f".{target.name}.partial"), target)
            written.append(target)
    except OSError as error:
        for path in written:
            path.unlink(missing_ok=True)
        if made:
            shutil.rmtree(out_dir, ignore_errors=True)
        raise CannotWrite(str(out_dir), refused_by_system(error)) from None


def _encode(target: Path, pixels: np.ndarray) -> bytes:
    ok, encoded = cv2.imencode(target.suffix.lower(), pixels)
    if not ok:
        raise CannotWrite(str(target.parent), Text("could not encode %(name)s", name=target.name))
    return encoded.tobytes()
