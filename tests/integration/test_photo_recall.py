"""`ivi anonymise --measure --photos DIR`: recall on real photographs labelled in COCO format,
per category and per folder, with a contact sheet of every miss. Measured here on part of the
development set `../shared/photos` where it is there; `.ci/run` measures all of it after the
tests and fails below the CAAM test's nine in ten."""

import json
from pathlib import Path

import cv2
import pytest
from helpers import ivi

from ivi.bus.photo_recall import SHEET_BLOCK, SHEET_COLUMNS, SHEET_TILE

SHARED_PHOTOS = Path(__file__).resolve().parents[3] / "shared" / "photos"


needs_photos = pytest.mark.skipif(not SHARED_PHOTOS.is_dir(), reason="the development photos lie beside the checkout")
QUICK_FOLDERS = ("ccpd", "opencv-samples", "portraits")  # every kind, in seconds; CI measures them all


def photo_subset(folder: Path, keep, relabel=None) -> Path:
    """Annotations for some of the development photos (those `keep` takes), read where they lie."""
    data = json.loads((SHARED_PHOTOS / "annotations.json").read_text())
    images = [dict(i, file_name=str(SHARED_PHOTOS / i["file_name"])) for i in data["images"] if keep(i["file_name"])]
    ids = {i["id"] for i in images}
    labels = [a for a in data["annotations"] if a["image_id"] in ids] + (relabel(images) if relabel else [])
    folder.mkdir()
    (folder / "annotations.json").write_text(json.dumps({**data, "images": images, "annotations": labels}))
    return folder


@needs_photos
def test_every_label_is_measured_by_folder_and_every_miss_is_on_the_sheet(tmp_path):
    photos = photo_subset(tmp_path / "photos", lambda name: name.split("/")[0] in QUICK_FOLDERS)
    result = ivi("anonymise", "--measure", "--photos", str(photos), "--out", str(tmp_path), "--json")
    report = json.loads(result.stdout)
    labels = json.loads((photos / "annotations.json").read_text())["annotations"]
    assert report["photos"] == 5 + 4 + 6
    assert report["faces"]["labelled"] == sum(a["category_id"] == 1 for a in labels) > 10
    assert report["plates"]["labelled"] == sum(a["category_id"] == 2 for a in labels) == 5
    for kind in ("faces", "plates"):
        assert sum(f["labelled"] for f in report[kind]["folders"].values()) == report[kind]["labelled"]
        assert all(f["recall"] >= 0.9 for f in report[kind]["folders"].values())
    assert set(report["faces"]["folders"]) == {"opencv-samples", "portraits"}
    heights = report["face_heights"]  # every face in one height band, banded by its label's height
    assert sum(band["labelled"] for band in heights.values()) == report["faces"]["labelled"]
    assert sum(band["hidden"] for band in heights.values()) == report["faces"]["hidden"]
    assert heights["> 64 px"]["labelled"] == sum(a["category_id"] == 1 and a["bbox"][3] >= 64 for a in labels)
    for kind in ("faces", "plates"):  # a false detection is one of the boxes pixelated
        assert 0 <= report[kind]["false_alarms"] <= report[kind]["detections"]
    missed = sum(report[kind]["labelled"] - report[kind]["hidden"] for kind in ("faces", "plates"))
    assert report["misses"] == missed
    assert (tmp_path / "misses.png").is_file()
    assert result.returncode == 0


@needs_photos
def test_below_the_line_it_says_so_in_one_line_and_shows_the_miss(tmp_path):
    def sky(images):  # a "face" in the sky above a parked car: nothing can find it
        return [{"id": 9999, "image_id": images[0]["id"], "category_id": 1, "bbox": [20, 20, 60, 60]}]

    photos = photo_subset(tmp_path / "photos", lambda name: name == "ccpd/0.jpg", sky)
    result = ivi("anonymise", "--measure", "--photos", str(photos), "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "below the CAAM test" in result.stderr
    assert "recall    0.0%  (0 of 1 hidden)" in result.stdout
    sheet = cv2.imread(str(tmp_path / "out" / "misses.png"))
    assert sheet.shape[:2] == (SHEET_TILE, SHEET_TILE * SHEET_COLUMNS)  # one row: the one miss
    assert sheet[:, SHEET_TILE:].max() == 0 and sheet[:, :SHEET_TILE].max() > 0
    # the sheet shows where, not whom: away from the red outline and label, every block of
    # SHEET_BLOCK pixels is one colour
    tile = sheet[:, :SHEET_TILE].astype(int)
    red = (tile[:, :, 2] > 200) & (tile[:, :, 0] < 60) & (tile[:, :, 1] < 60)
    for y in range(0, SHEET_TILE - SHEET_BLOCK, SHEET_BLOCK):
        for x in range(0, SHEET_TILE - SHEET_BLOCK, SHEET_BLOCK):
            block = tile[y : y + SHEET_BLOCK, x : x + SHEET_BLOCK][~red[y : y + SHEET_BLOCK, x : x + SHEET_BLOCK]]
            assert len(block) == 0 or (block.max(axis=0) - block.min(axis=0)).max() <= 2, (x, y)


@pytest.mark.parametrize(
    "annotations, message",
    [
        ("not json", "not COCO annotations"),
        ('{"images": [], "annotations": [], "categories": []}', "it labels no photo"),
        ('{"images": [{"id": 1, "file_name": "gone.jpg"}], "annotations": [], "categories": []}', "gone.jpg"),
    ],
)
def test_bad_annotations_get_one_line(tmp_path, annotations, message):
    (tmp_path / "annotations.json").write_text(annotations)
    result = ivi("anonymise", "--measure", "--photos", str(tmp_path))
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and message in result.stderr


def test_a_face_still_found_after_anonymising_fails_cn03_whatever_the_recall():
    """CN-03 as docs/requirements.md words it: nine in ten hidden in every folder, and none
    the detector still finds afterwards. Perfect recall with one found after is not met."""
    from collections import Counter

    from ivi.bus.photo_recall import PhotoReport

    report = PhotoReport(labelled=Counter({("crowds", "faces"): 10}), hidden=Counter({("crowds", "faces"): 10}))
    assert report.passes
    report.found_after["faces"] = 1
    assert not report.passes
