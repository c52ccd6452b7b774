"""The front camera's live picture, anonymised in real time (CN-03): at least 10 frames a second
at 1280×720 on one core, where every detector over every frame manages about three.

Consecutive frames of a camera differ little, so not every frame needs every detector:

- Every frame: the faces and plates found in the last frame are looked for again around where
  they were (a window three times their size, cheap), and the whole frame is searched at half
  its size, which finds faces from 48 px and plates from 48 px wide. A face or plate that was
  found and is not found again is still pixelated where it was last seen, until the next full
  search: a detector's miss in one frame never shows it.
- Every `FULL_EVERY`-th frame (and the first, and after a change of size): every detector over
  the whole frame, as for a frame that leaves the car, but for the plate SSD, which sees the
  frame whole rather than in tiles (a third of the time; the other two plate finders cover it).

The bound: a face of 24-48 px, or a plate narrower than 48 px, that comes into view between two
full searches is found at the next one, so it can be seen unhidden in at most FULL_EVERY - 1
frames (at 30 frames a second, 0.3 s). Everything larger is hidden from the frame it appears
in, as far as the detectors find it at all. This bound is for the picture on the head unit's
screen only: a frame that leaves the car (`ivi.bus.incidents`) goes through every detector.
"""

import cv2
import numpy as np

from ivi.bus.anonymiser import Anonymised, Anonymiser, check
from ivi.bus.boxes import Box
from ivi.bus.plate_detector import distinct, find_by_colour

FULL_EVERY = 10  # frames: a full search every this many (the bound: FULL_EVERY - 1 frames)
HALF = 0.5  # the whole frame is searched at this scale between full searches
WINDOW = 1.0  # a found box is looked for again in it grown by this share of its size on every side
QUICK_PROPOSALS = 40  # face candidates scored between full searches (a full search scores up to 3000)
WINDOW_FACE = 48  # pixels: a window is scaled so the face in it is about this wide (MTCNN finds from 24)


class AnonymisingStream:
    """One camera's frames, in order: `next(frame)` for each."""

    def __init__(self, anonymiser: Anonymiser, full_every: int = FULL_EVERY):
        self._anonymiser = anonymiser
        self._full_every = full_every
        self._count = 0
        self._size: tuple[int, ...] = ()
        self._faces: tuple[Box, ...] = ()
        self._plates: tuple[Box, ...] = ()
        self.full_searches = 0

    def next(self, frame: np.ndarray) -> Anonymised:
        check(frame)
        if frame.shape != self._size:
            self._size, self._count, self._faces, self._plates = frame.shape, 0, (), ()
        full = self._count % self._full_every == 0
        self._count += 1
        if full:
            self.full_searches += 1
            faces = self._anonymiser.face_detector.find(frame)
            plates = self._anonymiser.plate_detector.find(frame, tiled=False)
        else:
            faces = _scaled(frame, HALF, self._quick_faces)
            plates = _scaled(frame, HALF, self._anonymiser.plate_detector.second_net.find)
        faces += self._follow(frame, self._faces, faces, self._faces_in, hold=not full)
        plates += self._follow(frame, self._plates, plates, self._plates_in, hold=not full)
        result = self._anonymiser.pixelated(frame, tuple(distinct(faces)), tuple(distinct(plates)), look_again=full)
        self._faces, self._plates = result.faces, result.plates
        return result

    def _follow(self, frame: np.ndarray, last: tuple[Box, ...], found: list[Box], find_in, hold: bool) -> list[Box]:
        """The boxes of the last frame that this frame's search did not find again: looked for
        near where they were, and if not found there either, held where they were (`hold`)."""
        height, width = frame.shape[:2]
        kept = []
        for box in last:
            if any(box.overlap(other) > 0 for other in found):
                continue
            window = box.grown(WINDOW, width, height)
            near = [
                Box(b.x + window.x, b.y + window.y, b.w, b.h)
                for b in find_in(frame[window.y : window.y + window.h, window.x : window.x + window.w], box)
            ]
            nearest = max(near, key=box.overlap, default=None)
            if nearest is not None and nearest.overlap(box) > 0:
                kept.append(nearest)
            elif hold:
                kept.append(box)
        return kept

    def _quick_faces(self, small: np.ndarray) -> list[Box]:
        return self._anonymiser.face_detector.find(small, proposals=QUICK_PROPOSALS)

    def _faces_in(self, window: np.ndarray, box: Box) -> list[Box]:
        scale = min(1.0, WINDOW_FACE / max(box.w, 1))
        if min(window.shape[:2]) * scale < WINDOW_FACE // 2:
            return []
        return _scaled(window, scale, self._anonymiser.face_detector.find)

    def _plates_in(self, window: np.ndarray, _box: Box) -> list[Box]:
        if min(window.shape[:2]) < 24:
            return []
        return self._anonymiser.plate_detector.second_net.find(window) + find_by_colour(window)


def _scaled(image: np.ndarray, scale: float, find) -> list[Box]:
    if scale >= 1.0:
        return find(image)
    height, width = image.shape[:2]
    small = cv2.resize(image, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)
    return [box.scaled(1 / scale) for box in find(small)]
