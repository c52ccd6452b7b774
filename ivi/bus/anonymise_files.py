"""`ivi anonymise IMAGE... --out DIR`: the car's anonymiser over image files a user brings.

Every image is read and checked before anything is written, so one unreadable file leaves
no half-done folder behind; each result is written to a temporary name and renamed.
"""

import os
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from ivi.bus.anonymiser import Anonymiser, FrameUnprocessable
from ivi.bus.boxes import Box
from ivi.core.errors import CannotWrite, IviError
from ivi.core.text import Text, refused_by_system

SUFFIXES = {".png", ".jpg", ".jpeg"}


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
    loaded = [_read(image) for image in images]
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
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CannotWrite(str(out_dir), refused_by_system(error)) from None
    for image, target, clean in zip(images, targets, cleaned):
        _write(target, clean.pixels)
    return [FileResult(i, t, c.faces, c.plates) for i, t, c in zip(images, targets, cleaned)]


def _read(path: Path) -> np.ndarray:
    if path.suffix.lower() not in SUFFIXES:
        raise UnreadableImage(path, Text("only PNG and JPEG files are taken"))
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableImage(path, refused_by_system(error)) from None
    pixels = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if pixels is None:
        raise UnreadableImage(path, Text("not a readable PNG or JPEG image"))
    return pixels


def _write(target: Path, pixels: np.ndarray) -> None:
    ok, encoded = cv2.imencode(target.suffix.lower(), pixels)
    if not ok:
        raise CannotWrite(str(target.parent), Text("could not encode %(name)s", name=target.name))
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.write_bytes(encoded.tobytes())
        os.replace(partial, target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise CannotWrite(str(target.parent), refused_by_system(error)) from None
