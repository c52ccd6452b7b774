"""The exterior anonymiser (CN-03): faces and licence plates are found and pixelated before
an exterior frame may leave the car.

Faces: MTCNN's trained nets (`ivi.bus.face_detector`). Plates: two trained plate nets and the
plate colours with characters in them, their finds pooled (`ivi.bus.plate_detector`). No
detector is told where the simulator drew anything, and each loads its nets once, when the
anonymiser is made.

Nothing is kept between frames: the scaled and mask images are local to one call. The live
picture of the front camera goes through `ivi.bus.stream_anonymiser`, which does keep some.
A frame that cannot be processed raises `FrameUnprocessable`, and the caller drops it.
"""

from dataclasses import dataclass

import cv2
import numpy as np

from ivi.bus.boxes import Box
from ivi.bus.face_detector import FaceDetector
from ivi.bus.plate_detector import PlateDetector
from ivi.core.errors import IviError
from ivi.core.text import Text

MIN_SIDE = 24  # pixels: a frame smaller than the smallest face to find
MARGIN = 0.25  # each box grows by this share on every side before it is pixelated
BLOCKS = 5  # a pixelated box is this many blocks across: each block is a fifth of the box
LOOKS_AGAIN = 2  # further face searches of the pixelated frame, at most (one is almost always enough)
HIDDEN_ALREADY = 0.5  # a face found again that lies this much inside a pixelated box is that box


class FrameUnprocessable(IviError):
    """The anonymiser cannot process a frame: it must be dropped, never sent."""


@dataclass(frozen=True)
class Anonymised:
    """A frame whose faces and plates are pixelated, with what was found (and hidden)."""

    pixels: np.ndarray  # BGR, read-only
    faces: tuple[Box, ...]
    plates: tuple[Box, ...]
    gaps: tuple[Box, ...] = ()  # pixelated between neighbouring faces of a crowd

    @property
    def face_cover(self) -> tuple[Box, ...]:
        """Everything pixelated for faces: each face grown by MARGIN (as `pixels` shows), and the gaps."""
        height, width = self.pixels.shape[:2]
        return tuple(box.grown(MARGIN, width, height) for box in self.faces) + self.gaps

    @property
    def plate_cover(self) -> tuple[Box, ...]:
        """Everything pixelated for plates: each plate grown by MARGIN."""
        height, width = self.pixels.shape[:2]
        return tuple(box.grown(MARGIN, width, height) for box in self.plates)


class Anonymiser:
    def __init__(self) -> None:
        try:
            self.face_detector = FaceDetector()
            self.plate_detector = PlateDetector()
        except (OSError, ModuleNotFoundError, cv2.error, RuntimeError) as error:
            raise FrameUnprocessable(Text("cannot load the detectors: %(why)s", why=str(error))) from None

    def anonymise(self, frame: np.ndarray) -> Anonymised:
        """Every detector over the whole frame: what a frame that leaves the car goes through."""
        check(frame)
        return self.pixelated(frame, tuple(self.face_detector.find(frame)), tuple(self.plate_detector.find(frame)))

    def pixelated(
        self, frame: np.ndarray, faces: tuple[Box, ...], plates: tuple[Box, ...], look_again: bool = True
    ) -> Anonymised:
        """The frame with these faces and plates pixelated, and (`look_again`) any face that
        stands out once they are: a face among others can (the detector's suppression sees the
        crowd anew), so the part of the frame around the faces is searched again, until nothing
        more is found."""
        out = frame.copy()
        height, width = frame.shape[:2]
        for box in faces + plates:
            _pixelate(out, box.grown(MARGIN, width, height))
        for _look in range(LOOKS_AGAIN if look_again else 0):
            if not faces:
                break
            around = _around(faces, width, height)
            crowd = out[around.y : around.y + around.h, around.x : around.x + around.w]
            found = (
                [Box(b.x + around.x, b.y + around.y, b.w, b.h) for b in self.face_detector.find(crowd)]
                if min(crowd.shape[:2]) >= MIN_SIDE
                else []
            )
            more = tuple(box for box in found if not _hidden_in(box, faces, width, height))
            if not more:
                break
            for box in more:
                _pixelate(out, box.grown(MARGIN, width, height))
            faces += more
        gaps = _gaps(faces)
        for gap in gaps:
            _pixelate(out, gap)
        out.flags.writeable = False
        return Anonymised(out, faces, plates, gaps)

    def find_faces(self, frame: np.ndarray) -> list[Box]:
        check(frame)
        return self.face_detector.find(frame)

    def find_plates(self, frame: np.ndarray) -> list[Box]:
        check(frame)
        return self.plate_detector.find(frame)


def _around(faces: tuple[Box, ...], width: int, height: int) -> Box:
    """The part of the frame the faces stand in, with a face's size of room on every side."""
    grown = [face.grown(1.0, width, height) for face in faces]
    x0, y0 = min(b.x for b in grown), min(b.y for b in grown)
    x1, y1 = max(b.x + b.w for b in grown), max(b.y + b.h for b in grown)
    return Box(x0, y0, x1 - x0, y1 - y0)


NEIGHBOURS = 0.5  # faces of a crowd closer than this share of their width: the gap between them is pixelated too
ALIKE = 1.5  # ...when neither is this much larger than the other (a row of the crowd)


def _gaps(faces: tuple[Box, ...]) -> tuple[Box, ...]:
    """Between neighbouring faces of a crowd, the box spanning both: a face half behind
    another, found by neither search, lies in it (most misses in crowds were partly pixelated)."""
    found = []
    for i, a in enumerate(faces):
        for b in faces[i + 1 :]:
            if max(a.w, b.w) > ALIKE * min(a.w, b.w):
                continue
            gap = NEIGHBOURS * min(a.w, b.w)
            if (
                abs((a.x + a.w / 2) - (b.x + b.w / 2)) < (a.w + b.w) / 2 + gap
                and abs((a.y + a.h / 2) - (b.y + b.h / 2)) < (a.h + b.h) / 2 + gap
            ):
                x0, y0 = min(a.x, b.x), min(a.y, b.y)
                x1, y1 = max(a.x + a.w, b.x + b.w), max(a.y + a.h, b.y + b.h)
                found.append(Box(x0, y0, x1 - x0, y1 - y0))
    return tuple(found)


def _hidden_in(box: Box, faces: tuple[Box, ...], width: int, height: int) -> bool:
    return any(box.covered_by(face.grown(MARGIN, width, height)) >= HIDDEN_ALREADY for face in faces)


def check(frame: object) -> None:
    if not isinstance(frame, np.ndarray) or frame.dtype != np.uint8 or frame.ndim != 3 or frame.shape[2] != 3:
        raise FrameUnprocessable(Text("not an 8-bit colour image"))
    if min(frame.shape[:2]) < MIN_SIDE:
        raise FrameUnprocessable(
            Text("too small to search (%(width)d×%(height)d)", width=frame.shape[1], height=frame.shape[0])
        )


def _pixelate(image: np.ndarray, box: Box) -> None:
    region = image[box.y : box.y + box.h, box.x : box.x + box.w]
    across = max(1, min(BLOCKS, box.w))
    down = max(1, round(across * box.h / box.w))
    blocks = cv2.resize(region, (across, down), interpolation=cv2.INTER_AREA)
    region[:] = cv2.resize(blocks, (box.w, box.h), interpolation=cv2.INTER_NEAREST)
