"""How far the wire check's independent detectors (`ivi.net.traffic`: OpenCV's Haar cascades,
and the plate reader for plates) can be trusted, on labelled photos: in how many photos with a
face or a plate they find one before anonymising (their sensitivity), and after, whether what
they still find lies on a labelled face or plate (a miss of the anonymiser) or elsewhere (their
own false detection).

Run from a checkout: python evaluation/wire_detectors.py PHOTOS [ANNOTATIONS]
(ANNOTATIONS defaults to PHOTOS/annotations.json; e.g. ../shared/photos, or the second set that
evaluation/build.py makes, with evaluation/annotations.json).
"""

import sys
from collections import Counter
from pathlib import Path

import cv2

from ivi.bus.anonymiser import Anonymiser
from ivi.bus.boxes import Box
from ivi.bus.photo_recall import load_photos
from ivi.net.traffic import HAAR, detectors, found_in


def faces_at(finders, picture) -> list[Box]:
    _file, neighbours, smallest = HAAR["face"]
    grey = cv2.cvtColor(picture, cv2.COLOR_BGR2GRAY)
    found = finders.cascades["face"].detectMultiScale(grey, minNeighbors=neighbours, minSize=(smallest, smallest))
    return [Box(int(x), int(y), int(w), int(h)) for x, y, w, h in found]


def main() -> None:
    photos_dir = Path(sys.argv[1])
    annotations = Path(sys.argv[2]) if len(sys.argv) > 2 else photos_dir / "annotations.json"
    anonymiser, finders, counts = Anonymiser(), detectors(), Counter()
    for photo in load_photos(photos_dir, annotations):
        picture = cv2.imread(str(photo.path))
        if picture is None:
            continue
        after = anonymiser.anonymise(picture).pixels
        before = found_in(finders, picture)
        for kind, what in (("faces", "face"), ("plates", "plate")):
            if photo.labels.get(kind):
                counts[f"photos with {kind}"] += 1
                counts[f"  found before anonymising ({kind})"] += what in before
        still = found_in(finders, after)
        counts["plates found after anonymising"] += "plate" in still
        for box in faces_at(finders, after) if "face" in still else []:
            on_a_face = any(box.overlap(label) > 0 for label in photo.labels.get("faces", ()))
            counts[
                "faces found after: on a labelled face" if on_a_face else "faces found after: elsewhere (false)"
            ] += 1
    for line, n in counts.items():
        print(f"{line}: {n}")


if __name__ == "__main__":
    main()
