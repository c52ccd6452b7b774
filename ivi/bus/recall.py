"""The recall harness (CN-03): how many of the faces and plates in labelled street frames
the anonymiser hides, and whether the same face detector still finds a hidden face afterwards.

A face or plate counts as hidden when at least 80 % of it lies under pixelated boxes, and
as found again when a detection in the anonymised frame overlaps it (IoU 0.3 or more).
The CAAM test asks for at least 90 % of faces and of plates.

Frames come as separate scenes (`labelled_frames`: each frame is a new street, for an
anonymiser that keeps nothing between frames) or as a drive (`street_drive`: scenes of a
second, in which people and cars move, for the live stream, which follows them).
"""

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from ivi.bus.anonymiser import Anonymised
from ivi.bus.boxes import Box, share_covered
from ivi.bus.street_scene import StreetScene, Truth

HIDDEN = 0.8
FOUND_AGAIN = 0.3  # intersection over union: a detection in the output this close is the face again
CAAM_RECALL = 0.9
SCENE_FRAMES = 30  # frames of a drive's scene: a second at 30 frames a second
MAX_SPEED = 6  # pixels a frame that people and cars move across a drive's frames


@dataclass(frozen=True)
class RecallReport:
    frames: int
    width: int
    height: int
    faces: int
    faces_hidden: int
    plates: int
    plates_hidden: int
    faces_found_after: int  # hidden faces the detector still finds in the anonymised frames (a miss is a miss)
    false_alarms_after: int  # detections in the anonymised frames where no face was put
    seconds: float

    @property
    def face_recall(self) -> float:
        return self.faces_hidden / self.faces if self.faces else 1.0

    @property
    def plate_recall(self) -> float:
        return self.plates_hidden / self.plates if self.plates else 1.0

    @property
    def passes(self) -> bool:
        return min(self.face_recall, self.plate_recall) >= CAAM_RECALL and self.faces_found_after == 0


def labelled_frames(count: int, width: int = 1280, height: int = 720, seed: int = 2023) -> Iterator[tuple]:
    """`count` street frames and their truth, the same for the same arguments."""
    scene = StreetScene(width, height)
    rng = random.Random(seed)
    for _ in range(count):
        yield scene.render(scene.layout(rng))


def street_drive(
    count: int, width: int = 1280, height: int = 720, seed: int = 2023, scene_frames: int = SCENE_FRAMES
) -> Iterator[tuple]:
    """`count` frames of a drive, in scenes of `scene_frames` frames: in each, people and cars
    move sideways a few pixels a frame; each scene begins with all of them in view at once
    (the hardest start for a stream that finds small ones only at its full searches)."""
    scene = StreetScene(width, height)
    rng = random.Random(seed)
    for start in range(0, count, scene_frames):
        layout = scene.layout(rng)
        speed = rng.choice((-1, 1)) * rng.randint(1, MAX_SPEED)
        for step in range(min(scene_frames, count - start)):
            yield scene.render(scene.moved(layout, speed * step))


def measure(
    anonymise: Callable[[np.ndarray], Anonymised],
    find_faces: Callable[[np.ndarray], list[Box]],
    frames: Iterator[tuple[np.ndarray, Truth]],
) -> RecallReport:
    n = faces = hidden_faces = plates = hidden_plates = found_after = false_alarms = 0
    width = height = 0
    elapsed = 0.0
    for pixels, truth in frames:
        n += 1
        height, width = pixels.shape[:2]
        start = time.perf_counter()
        result = anonymise(pixels)
        elapsed += time.perf_counter() - start
        faces += len(truth.faces)
        plates += len(truth.plates)
        hidden = _hidden(truth.faces, result.face_cover)
        hidden_faces += len(hidden)
        hidden_plates += len(_hidden(truth.plates, result.plate_cover))
        for seen in find_faces(result.pixels):
            if any(seen.overlap(face) >= FOUND_AGAIN for face in hidden):
                found_after += 1
            elif not any(seen.overlap(face) >= FOUND_AGAIN for face in truth.faces):
                false_alarms += 1
    return RecallReport(
        n, width, height, faces, hidden_faces, plates, hidden_plates, found_after, false_alarms, elapsed
    )


def _hidden(truth: tuple[Box, ...], pixelated: tuple[Box, ...]) -> list[Box]:
    return [t for t in truth if share_covered(t, pixelated) >= HIDDEN]
