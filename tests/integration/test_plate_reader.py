"""The independent check of CN-03's plates: a plate reader (hyperlpr2's) reads a plate before
anonymising, and nothing of it after; a pixelation too fine to hide is caught by it."""

import pytest

from ivi.bus import anonymiser as anonymiser_module
from ivi.bus.anonymiser import Anonymiser
from ivi.bus.photo_recall import LabelledPhoto, measure_photos
from ivi.bus.plate_reader import PlateReader
from ivi.bus.recall import labelled_frames


@pytest.fixture(scope="module")
def reader() -> PlateReader:
    return PlateReader()


def plated_frames(count: int) -> list:
    return [(frame, truth) for frame, truth in labelled_frames(count, seed=4) if truth.plates]


def test_the_reader_reads_most_plates_before_and_none_after_anonymising(reader):
    anonymiser = Anonymiser()
    read_before = read_after = plates = 0
    for frame, truth in plated_frames(9):
        out = anonymiser.anonymise(frame).pixels
        for plate in truth.plates:
            before, after = reader.readable_before_and_after(frame, out, plate)
            plates, read_before, read_after = plates + 1, read_before + before, read_after + after
    assert plates >= 5 and read_before >= plates * 2 // 3  # it can read them: the check means something
    assert read_after == 0


def test_a_pixelation_too_fine_to_hide_fails_the_measure_though_every_plate_is_covered(reader, tmp_path, monkeypatch):
    import cv2

    photos = []
    for i, (frame, truth) in enumerate(plated_frames(4)):
        path = tmp_path / f"{i}.png"
        cv2.imwrite(str(path), frame)
        photos.append(LabelledPhoto(path, "street", {"faces": truth.faces, "plates": truth.plates}))
    anonymiser = Anonymiser()
    assert measure_photos(anonymiser, photos, reader).readable["hidden_after"] == 0
    monkeypatch.setattr(anonymiser_module, "BLOCKS", 10_000)  # blocks of one pixel: nothing hidden
    report = measure_photos(anonymiser, photos, reader)
    assert report.recall("plates") == 1.0  # every plate is under a "pixelated" box...
    assert report.readable["hidden_after"] > 0 and not report.passes  # ...and the reader still reads it
