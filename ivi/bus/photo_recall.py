"""Recall on real photographs (CN-03): how many of the faces and plates that people labelled
in photos the anonymiser hides, per category and per folder, with what its own detectors
still find afterwards and a contact sheet of every miss.

The labels are COCO annotations (`annotations.json`: categories `face` and `licence_plate`,
`bbox` = [x, y, width, height] in pixels, `file_name` relative to the photos folder or
absolute), as in the development set `../shared/photos`; users bring their own in the same
format. A label counts as hidden, and as found again after, as on the simulator's street
scenes (`ivi.bus.recall`). A photo's folder is the folder it lies in.

Faces are also counted by their height (24-32, 32-64 and over 64 px), and every box the
anonymiser pixelates where nothing is labelled is a false detection: their share of all it
pixelated, and how many an image, in the manner of GB/T 44464-2024 Annex C. A miss that is
partly under pixelation (some of it, less than the 80 % that hides it) is counted apart.
With a plate reader (`ivi.bus.plate_reader`), each labelled plate is read before and after: a
hidden plate still readable after fails the measure, whatever the detectors say.
"""

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from ivi.bus.anonymise_files import UnreadableImage, read_image
from ivi.bus.anonymiser import Anonymiser, FrameUnprocessable
from ivi.bus.boxes import Box, share_covered
from ivi.bus.plate_reader import PlateReader
from ivi.bus.recall import CAAM_RECALL, FOUND_AGAIN, HIDDEN
from ivi.core.errors import IviError
from ivi.core.text import Text, refused_by_system
from ivi.files import NOT_A_FILE, is_special

CATEGORIES = {"face": "faces", "licence_plate": "plates"}
SHEET_TILE = 96  # pixels: each miss in the contact sheet, scaled to fit
SHEET_COLUMNS = 12
SHEET_BLOCK = 8  # pixels of a tile a block: enough to see where, not whom
FACE_HEIGHTS = ((0, 32, "24-32 px"), (32, 64, "32-64 px"), (64, 1 << 30, "> 64 px"))  # labels start at 24


class BadAnnotations(IviError):
    def __init__(self, path: Path, reason: Text):
        super().__init__(Text("cannot use the annotations %(path)s: %(reason)s", path=str(path), reason=reason))


@dataclass(frozen=True)
class LabelledPhoto:
    path: Path
    folder: str  # the folder it lies in: what kind of photo it is
    labels: dict[str, tuple[Box, ...]]  # "faces" / "plates": the labelled boxes


@dataclass(frozen=True)
class Miss:
    photo: Path
    kind: str  # "faces" or "plates"
    box: Box


@dataclass
class PhotoReport:
    labelled: Counter[tuple[str, str]] = field(default_factory=Counter)  # (folder, kind): labels
    hidden: Counter[tuple[str, str]] = field(default_factory=Counter)
    false_alarms: Counter[str] = field(default_factory=Counter)  # kind: boxes where nothing is labelled
    detections: Counter[str] = field(default_factory=Counter)  # kind: every box pixelated
    partly: Counter[str] = field(default_factory=Counter)  # kind: misses with some of them pixelated
    by_height: Counter[tuple[str, bool]] = field(default_factory=Counter)  # (FACE_HEIGHTS name, hidden): faces
    readable: Counter[str] = field(default_factory=Counter)  # plates read: "before", "after", "hidden_after"
    read: bool = False  # whether a plate reader read them
    found_after: Counter[str] = field(default_factory=Counter)  # kind: labels the detectors still find
    misses: list[Miss] = field(default_factory=list)
    photos: int = 0

    def counts(self, kind: str, folder: str | None = None) -> tuple[int, int]:
        """How many of this kind are labelled, and how many hidden (in one folder, or all)."""
        keys = [k for k in self.labelled if k[1] == kind and folder in (None, k[0])]
        return sum(self.labelled[k] for k in keys), sum(self.hidden[k] for k in keys)

    def recall(self, kind: str, folder: str | None = None) -> float:
        labelled, hidden = self.counts(kind, folder)
        return hidden / labelled if labelled else 1.0

    def face_heights(self) -> list[tuple[str, int, int, float]]:
        """Per height of FACE_HEIGHTS that has faces: its name, faces labelled, hidden, recall."""
        rows = []
        for _low, _high, size in FACE_HEIGHTS:
            hidden, missed = self.by_height[(size, True)], self.by_height[(size, False)]
            if hidden + missed:
                rows.append((size, hidden + missed, hidden, hidden / (hidden + missed)))
        return rows

    @property
    def folders(self) -> list[str]:
        return sorted({folder for folder, _kind in self.labelled})

    def lines(self, sheet: Path | None) -> list[Text]:
        """The measure in lines for people: on the terminal, and in the conformance report."""
        lines = [Text("%(photos)d labelled photos", photos=self.photos)]
        for kind in CATEGORIES.values():
            labelled, hidden = self.counts(kind)
            lines.append(
                Text(
                    "  %(kind)-7s recall %(recall)7s  (%(hidden)d of %(all)d hidden), %(partly)d of the misses"
                    " partly pixelated, %(after)d still found after",
                    kind=kind,
                    recall=f"{self.recall(kind):.1%}",
                    hidden=hidden,
                    all=labelled,
                    partly=self.partly[kind],
                    after=self.found_after[kind],
                )
            )
            lines.append(
                Text(
                    "    false detections %(false)d of %(found)d pixelated (%(rate)s), %(each).2f an image",
                    false=self.false_alarms[kind],
                    found=self.detections[kind],
                    rate=f"{self.false_alarms[kind] / max(1, self.detections[kind]):.1%}",
                    each=self.false_alarms[kind] / max(1, self.photos),
                )
            )
            if kind == "plates" and self.read:
                lines.append(
                    Text(
                        "    a plate reader reads %(before)d of them before, %(after)d after (%(hidden)d of the hidden)",
                        before=self.readable["before"],
                        after=self.readable["after"],
                        hidden=self.readable["hidden_after"],
                    )
                )
            if kind == "faces":
                lines += [
                    Text(
                        "    faces %(size)-9s %(recall)7s  (%(hidden)d of %(all)d)",
                        size=size,
                        recall=f"{recall:.1%}",
                        hidden=hidden,
                        all=labelled,
                    )
                    for size, labelled, hidden, recall in self.face_heights()
                ]
            for folder in self.folders:
                labelled, hidden = self.counts(kind, folder)
                if labelled:
                    lines.append(
                        Text(
                            "    %(folder)-16s %(recall)7s  (%(hidden)d of %(all)d)",
                            folder=folder,
                            recall=f"{hidden / labelled:.1%}",
                            hidden=hidden,
                            all=labelled,
                        )
                    )
        if sheet:
            lines.append(Text("  every miss: %(path)s", path=str(sheet)))
        return lines

    @property
    def passes(self) -> bool:
        """CN-03 as docs/requirements.md words it: at least nine in ten of each kind hidden,
        pooled and in every folder (CAAM), none that the detectors still find afterwards, and no
        hidden plate that the plate reader still reads."""
        recall = all(
            self.recall(kind, folder) >= CAAM_RECALL for kind in CATEGORIES.values() for folder in [None, *self.folders]
        )
        return recall and not any(self.found_after.values()) and not self.readable["hidden_after"]


def load_photos(photos_dir: Path, annotations: Path) -> list[LabelledPhoto]:
    if is_special(annotations):
        raise BadAnnotations(annotations, NOT_A_FILE)
    try:
        data = json.loads(annotations.read_text(encoding="utf-8"))
        names = {c["id"]: c["name"] for c in data["categories"]}
        boxes: dict[int, dict[str, list[Box]]] = {}
        for label in data["annotations"]:
            kind = CATEGORIES.get(names.get(label["category_id"], ""))
            if kind:
                x, y, w, h = (float(v) for v in label["bbox"])
                box = Box(round(x), round(y), max(1, round(w)), max(1, round(h)))
                boxes.setdefault(label["image_id"], {}).setdefault(kind, []).append(box)
        photos = [
            LabelledPhoto(
                photos_dir / image["file_name"],
                Path(image["file_name"]).parent.name or ".",
                {kind: tuple(boxes.get(image["id"], {}).get(kind, [])) for kind in CATEGORIES.values()},
            )
            for image in data["images"]
        ]
    except OSError as error:
        raise BadAnnotations(annotations, refused_by_system(error)) from None
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:  # nested too deep: recursion
        raise BadAnnotations(annotations, Text("not COCO annotations (%(what)s)", what=repr(error))) from None
    if not photos:
        raise BadAnnotations(annotations, Text("it labels no photo"))
    return photos


def measure_photos(
    anonymiser: Anonymiser, photos: Iterable[LabelledPhoto], reader: PlateReader | None = None
) -> PhotoReport:
    report = PhotoReport(read=reader is not None)
    for photo in photos:
        pixels = read_image(photo.path)  # one line if it cannot be read: UnreadableImage
        try:
            result = anonymiser.anonymise(pixels)
        except FrameUnprocessable as error:
            raise UnreadableImage(photo.path, error.message) from None
        report.photos += 1
        found = {"faces": result.faces, "plates": result.plates}
        after = {"faces": anonymiser.find_faces(result.pixels), "plates": anonymiser.find_plates(result.pixels)}
        cover = {"faces": result.face_cover, "plates": result.plate_cover}
        for kind, labels in photo.labels.items():
            pixelated = cover[kind]
            for label in labels:
                report.labelled[(photo.folder, kind)] += 1
                covered = share_covered(label, pixelated)
                if covered >= HIDDEN:
                    report.hidden[(photo.folder, kind)] += 1
                else:
                    report.misses.append(Miss(photo.path, kind, label))
                    report.partly[kind] += covered > 0
                if kind == "faces":
                    size = next(name for low, high, name in FACE_HEIGHTS if low <= label.h < high)
                    report.by_height[(size, covered >= HIDDEN)] += 1
                if any(seen.overlap(label) >= FOUND_AGAIN for seen in after[kind]):
                    report.found_after[kind] += 1
                if kind == "plates" and reader:
                    before, still = reader.readable_before_and_after(pixels, result.pixels, label)
                    report.readable.update(before=before, after=still, hidden_after=still and covered >= HIDDEN)
            report.detections[kind] += len(found[kind])
            report.false_alarms[kind] += sum(not any(box.overlap(label) > 0 for label in labels) for box in found[kind])
    return report


def contact_sheet(misses: list[Miss], path: Path) -> Path:
    """Every miss, cropped with some context and scaled to a tile, in one image. The sheet is
    itself a picture of people who were not hidden, so it hides them: each tile is pixelated
    whole (SHEET_BLOCK pixels a block), with the missed face or plate outlined in red."""
    tiles = []
    for miss in misses:
        pixels = read_image(miss.photo)
        height, width = pixels.shape[:2]
        box = miss.box.grown(0.5, width, height)
        crop = pixels[box.y : box.y + box.h, box.x : box.x + box.w]
        scale = SHEET_TILE / max(crop.shape[:2])
        size = (max(1, round(crop.shape[1] * scale)), max(1, round(crop.shape[0] * scale)))
        blocks = cv2.resize(
            crop, (max(1, size[0] // SHEET_BLOCK), max(1, size[1] // SHEET_BLOCK)), interpolation=cv2.INTER_AREA
        )
        crop = cv2.resize(blocks, size, interpolation=cv2.INTER_NEAREST)
        tile = np.zeros((SHEET_TILE, SHEET_TILE, 3), np.uint8)
        tile[: crop.shape[0], : crop.shape[1]] = crop
        missed = Box(miss.box.x - box.x, miss.box.y - box.y, miss.box.w, miss.box.h).scaled(scale)
        cv2.rectangle(tile, (missed.x, missed.y), (missed.x + missed.w, missed.y + missed.h), (0, 0, 255), 1)
        cv2.putText(tile, miss.kind[0], (2, SHEET_TILE - 4), cv2.FONT_HERSHEY_SIMPLEX, 0.4, (0, 0, 255), 1)
        tiles.append(tile)
    rows = [
        np.hstack(
            tiles[i : i + SHEET_COLUMNS]
            + [np.zeros_like(tiles[0])] * (SHEET_COLUMNS - len(tiles[i : i + SHEET_COLUMNS]))
        )
        for i in range(0, len(tiles), SHEET_COLUMNS)
    ] or [np.zeros((SHEET_TILE, SHEET_TILE, 3), np.uint8)]
    path.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(path), np.vstack(rows))
    return path
