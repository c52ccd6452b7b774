"""The exterior anonymiser (CN-03): faces and licence plates are found and pixelated before
an exterior frame may leave the car.

Faces: OpenCV's Haar frontal-face cascade (`haarcascade_frontalface_alt2`, shipped with
opencv-python-headless < 5), run on a copy scaled so the smallest face worth finding fills
the cascade's 20-pixel window. Plates: OpenCV's plate cascades are trained on Russian
plates (black on white) and found 17 of 84 blue Chinese plates in our scenes, so plates are
found the way Chinese plate readers localise them: the plate-blue colour, a plate's shape,
and white characters inside. Neither detector is told where the simulator drew anything.

Nothing is kept between frames: the greyscale, scaled and mask images are local to one call.
A frame that cannot be processed raises `FrameUnprocessable`, and the caller drops it.
"""

from dataclasses import dataclass

import cv2
import numpy as np

from ivi.bus.boxes import Box
from ivi.core.errors import IviError
from ivi.core.text import Text

FACE_CASCADE = cv2.data.haarcascades + "haarcascade_frontalface_alt2.xml"
CASCADE_WINDOW = 20  # pixels: the cascade's smallest face
MIN_FACE_SHARE = 0.08  # the smallest face to find, as a share of the frame's height
PLATE_BLUE_HSV = ((100, 120, 60), (125, 255, 255))  # OpenCV hue runs 0–180
PLATE_ASPECT = (2.0, 5.0)  # 440 × 140 mm is 3.1; allow for angle and a loose crop
MIN_PLATE_HEIGHT = 10  # pixels
MARGIN = 0.25  # each box grows by this share on every side before it is pixelated
BLOCKS = 5  # a pixelated box is this many blocks across


class FrameUnprocessable(IviError):
    """The anonymiser cannot process a frame: it must be dropped, never sent."""


@dataclass(frozen=True)
class Anonymised:
    """A frame whose faces and plates are pixelated, with what was found (and hidden)."""

    pixels: np.ndarray  # BGR, read-only
    faces: tuple[Box, ...]
    plates: tuple[Box, ...]


class Anonymiser:
    def __init__(self) -> None:
        self._faces = cv2.CascadeClassifier(FACE_CASCADE)
        if self._faces.empty():
            raise FrameUnprocessable(Text("cannot load the face detector %(path)s", path=FACE_CASCADE))

    def anonymise(self, frame: np.ndarray) -> Anonymised:
        _check(frame)
        faces = tuple(self.find_faces(frame))
        plates = tuple(self.find_plates(frame))
        out = frame.copy()
        height, width = frame.shape[:2]
        for box in faces + plates:
            _pixelate(out, box.grown(MARGIN, width, height))
        out.flags.writeable = False
        return Anonymised(out, faces, plates)

    def find_faces(self, frame: np.ndarray) -> list[Box]:
        _check(frame)
        height = frame.shape[0]
        scale = min(1.0, CASCADE_WINDOW / (MIN_FACE_SHARE * height))
        small = cv2.resize(frame, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
        found = self._faces.detectMultiScale(grey, scaleFactor=1.2, minNeighbors=1, minSize=(20, 20))
        return [Box(*map(int, f)).scaled(1 / scale) for f in found]

    def find_plates(self, frame: np.ndarray) -> list[Box]:
        """Plate-shaped regions, blue with white characters in them.

        Candidates come two ways, as in Chinese plate readers: blue regions (a plate on a car
        of another colour) and dense vertical edges (the characters, which also find a plate
        on a blue car, where the blue runs into the body)."""
        _check(frame)
        hsv = cv2.cvtColor(frame, cv2.COLOR_BGR2HSV)
        blue = cv2.inRange(hsv, *PLATE_BLUE_HSV)
        grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        edges = cv2.convertScaleAbs(cv2.Sobel(grey, cv2.CV_16S, 1, 0, ksize=3))
        _, edges = cv2.threshold(edges, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
        plates: list[Box] = []
        for mask, gap in ((blue, (9, 3)), (edges, (17, 5))):
            for box in _regions(mask, gap):
                region = hsv[box.y : box.y + box.h, box.x : box.x + box.w]
                if _is_plate(region) and not any(box.overlap(p) > 0.5 for p in plates):
                    plates.append(box)
        return plates


def _regions(mask: np.ndarray, gap: tuple[int, int]) -> list[Box]:
    """Plate-shaped regions of a mask, after closing gaps up to `gap` (between characters)."""
    closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, gap))
    _, _, stats, _ = cv2.connectedComponentsWithStats(closed)
    return [
        Box(int(x), int(y), int(w), int(h))
        for x, y, w, h, area in stats[1:]
        if h >= MIN_PLATE_HEIGHT and PLATE_ASPECT[0] <= w / h <= PLATE_ASPECT[1] and area >= 0.5 * w * h
    ]


def _check(frame: object) -> None:
    if not isinstance(frame, np.ndarray) or frame.dtype != np.uint8 or frame.ndim != 3 or frame.shape[2] != 3:
        raise FrameUnprocessable(Text("not an 8-bit colour image"))
    if min(frame.shape[:2]) < CASCADE_WINDOW:
        raise FrameUnprocessable(
            Text("too small to search (%(width)d×%(height)d)", width=frame.shape[1], height=frame.shape[0])
        )


def _is_plate(hsv: np.ndarray) -> bool:
    """Mostly plate blue, with white strokes across the middle: a plate's characters."""
    blue = cv2.inRange(hsv, *PLATE_BLUE_HSV).mean() / 255
    white = (hsv[..., 1] < 80) & (hsv[..., 2] > 170)
    middle = white[white.shape[0] // 2]
    strokes = np.count_nonzero(middle[1:] != middle[:-1]) // 2
    return blue >= 0.35 and 0.08 <= white.mean() <= 0.6 and strokes >= 5


def _pixelate(image: np.ndarray, box: Box) -> None:
    region = image[box.y : box.y + box.h, box.x : box.x + box.w]
    across = max(1, min(BLOCKS, box.w))
    down = max(1, round(across * box.h / box.w))
    blocks = cv2.resize(region, (across, down), interpolation=cv2.INTER_AREA)
    region[:] = cv2.resize(blocks, (box.w, box.h), interpolation=cv2.INTER_NEAREST)
