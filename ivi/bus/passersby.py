"""The faces of the simulator's passers-by: real photographs of many people.

One is the public-domain astronaut portrait (assets/scenes/SOURCES.md), head and shoulders in
colour. The others are the 100 faces of scikit-image's `lfw_subset` (Labeled Faces in the
Wild, as scikit-image ships it: 25 × 25 greyscale crops, brow to chin), each shown in one of
five skin tones from dark to light, on a head of hair. Read from the installed package, never
copied into the repository.
"""

from dataclasses import dataclass

import cv2
import numpy as np

from ivi.bus.boxes import Box
from ivi.paths import ASSETS_DIR, package_folder

HEAD_FILE = ASSETS_DIR / "scenes" / "astronaut_head.png"
FACE_IN_HEAD = (53, 50, 95, 95)  # where the face is in the head image (x, y, w, h), as a face detector boxes it
LFW_FACES = 100  # lfw_subset holds 100 faces, then 100 crops of no face
SKIN_TONES = ((60, 85, 120), (75, 115, 165), (105, 145, 195), (140, 175, 220), (175, 205, 240))  # BGR
HAIR = (35, 40, 45)  # BGR


@dataclass(frozen=True)
class Passerby:
    x: int  # top left of the face
    y: int
    face_width: int
    identity: int  # 0 the astronaut, 1-100 a face of lfw_subset
    tone: int  # index into SKIN_TONES (lfw faces are greyscale)
    mirrored: bool
    brightness: float


class Faces:
    identities = 1 + LFW_FACES

    def __init__(self) -> None:
        head = cv2.imread(str(HEAD_FILE), cv2.IMREAD_COLOR)
        if head is None:
            raise FileNotFoundError(HEAD_FILE)
        self._head = head
        width, height = head.shape[1], head.shape[0]  # head and shoulders:
        self._head_mask = _oval_mask(width, height, (width // 2, height // 2 + 8), (width * 2 // 5, height // 2 - 6))
        lfw = np.load(package_folder("skimage") / "data" / "lfw_subset.npy", allow_pickle=False)[:LFW_FACES]
        self._lfw = (np.clip(lfw, 0, 1) * 255).astype(np.uint8)

    def extent(self, face_width: int) -> int:
        """The side of the square a passer-by with this face width covers (head and hair)."""
        return round(face_width * self._head.shape[0] / FACE_IN_HEAD[2])

    def paste(self, frame: np.ndarray, person: Passerby) -> Box:
        """Draws the passer-by with the top left of their square at (x, y); returns the face."""
        if person.identity == 0:
            return self._paste_astronaut(frame, person)
        return self._paste_lfw(frame, person)

    def _paste_astronaut(self, frame: np.ndarray, person: Passerby) -> Box:
        scale = person.face_width / FACE_IN_HEAD[2]
        size = self.extent(person.face_width)
        head = cv2.resize(self._head, (size, size), interpolation=cv2.INTER_AREA)
        mask = cv2.resize(self._head_mask, (size, size), interpolation=cv2.INTER_LINEAR)
        fx, fy, fw, fh = (round(v * scale) for v in FACE_IN_HEAD)
        if person.mirrored:
            head, mask = head[:, ::-1], mask[:, ::-1]
            fx = size - fx - fw
        _blend(frame, person.x, person.y, head * person.brightness, mask)
        return Box(person.x + fx, person.y + fy, fw, fh)

    def _paste_lfw(self, frame: np.ndarray, person: Passerby) -> Box:
        side = person.face_width
        size = self.extent(side)
        head = np.zeros((size, size, 3), np.float32)
        hair = np.zeros((size, size), np.float32)
        centre = (size // 2, size // 2)
        cv2.ellipse(hair, centre, (round(side * 0.62), round(side * 0.72)), 0, 0, 360, 1.0, -1)
        head[:] = HAIR
        grey = cv2.resize(self._lfw[person.identity - 1], (side, side), interpolation=cv2.INTER_CUBIC)
        if person.mirrored:
            grey = grey[:, ::-1]
        skin = grey[..., None].astype(np.float32) / 160 * np.array(SKIN_TONES[person.tone], np.float32)
        top = left = (size - side) // 2
        top += side // 8  # hair above the brow
        face_mask = _oval_mask(side, side, (side // 2, side // 2), (side * 9 // 20, side // 2))
        spot = head[top : top + side, left : left + side]
        spot[:] = skin * face_mask[..., None] + spot * (1 - face_mask[..., None])
        hair[top : top + side, left : left + side] = np.maximum(hair[top : top + side, left : left + side], face_mask)
        _blend(frame, person.x, person.y, head * person.brightness, cv2.GaussianBlur(hair, (0, 0), side / 30))
        return Box(person.x + left, person.y + top, side, side)


def _blend(frame: np.ndarray, x: int, y: int, pixels: np.ndarray, mask: np.ndarray) -> None:
    h, w = mask.shape
    spot = frame[y : y + h, x : x + w]
    mask = mask[: spot.shape[0], : spot.shape[1], None]
    pixels = np.clip(pixels[: spot.shape[0], : spot.shape[1]], 0, 255)
    spot[:] = (pixels * mask + spot * (1 - mask)).astype(np.uint8)


def _oval_mask(width: int, height: int, centre: tuple[int, int], axes: tuple[int, int]) -> np.ndarray:
    """A soft-edged oval, so a pasted face or head has no square edge."""
    mask = np.zeros((height, width), np.float32)
    cv2.ellipse(mask, centre, axes, 0, 0, 360, 1.0, -1)
    return cv2.GaussianBlur(mask, (0, 0), max(0.5, width / 40))
