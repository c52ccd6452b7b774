"""What the exterior front camera sees: street frames with real faces and Chinese licence plates.

Faces are real photographs of 101 people in five skin tones (`ivi.bus.passersby`); plates are
every kind China issues, rendered in the bundled CJK font (`ivi.bus.plate_images`), seen at an
angle. Scenes come by day and by night, and some with the blur of a moving camera. The
composer records where it put faces and plates (`Truth`), for measuring the anonymiser only:
the anonymiser never sees it.
"""

import random
from dataclasses import dataclass, replace

import cv2
import numpy as np

from ivi.bus.boxes import Box
from ivi.bus.passersby import SKIN_TONES, Faces, Passerby
from ivi.bus.plate_images import PLATE_KINDS, plate_image, plate_text

NIGHT_SHARE = 0.25  # of scenes
BLUR_SHARE = 0.25  # of scenes, by the camera moving: up to MAX_BLUR pixels
MAX_BLUR = 9
MAX_TURN = 0.35  # a plate seen at an angle: its far side is up to this much shorter


@dataclass(frozen=True)
class Truth:
    """Where the composer put faces and plates: for measuring recall, never for anonymising."""

    faces: tuple[Box, ...]
    plates: tuple[Box, ...]


@dataclass(frozen=True)
class ParkedCar:
    x: int  # top left of the plate
    y: int
    plate_width: int
    kind: str
    plate: str
    colour: tuple[int, int, int]
    turn: float  # -MAX_TURN..MAX_TURN: which side of the plate is further away, and how much


@dataclass(frozen=True)
class Layout:
    """One street scene: who and what stands where, and the light."""

    background: int
    people: tuple[Passerby, ...]
    cars: tuple[ParkedCar, ...]
    night: bool = False
    blur: int = 0  # pixels of sideways motion blur
    grain: int = 0  # seed of the sensor noise at night


class StreetScene:
    def __init__(self, width: int = 1280, height: int = 720):
        self.width, self.height = width, height
        self._faces = Faces()
        self._backgrounds = [_street(width, height, random.Random(seed)) for seed in range(3)]

    # A face or plate smaller than these is too far away to identify anyone (and to detect).
    @property
    def face_widths(self) -> tuple[int, int]:
        return max(24, round(self.height * 0.05)), round(self.height * 0.25)

    @property
    def plate_widths(self) -> tuple[int, int]:
        return round(self.height * 0.14), round(self.height * 0.36)

    def layout(self, rng: random.Random) -> Layout:
        """A random scene: up to three passers-by and two parked cars, not covering each other."""
        taken: list[Box] = []
        people = []
        for _ in range(rng.randint(0, 3)):
            width = rng.randint(*self.face_widths)
            size = self._faces.extent(width)
            spot = self._free_spot(rng, size, size, taken, top=0.15)
            if spot:
                identity = rng.randrange(Faces.identities)
                tone = rng.randrange(len(SKIN_TONES))
                people.append(Passerby(*spot, width, identity, tone, rng.random() < 0.5, rng.uniform(0.75, 1.2)))
        cars = []
        for _ in range(rng.randint(0, 2)):
            width = rng.randint(*self.plate_widths)
            body_w, body_h = width * 3, width  # the car around its plate
            spot = self._free_spot(rng, body_w, body_h, taken, top=0.45)
            if spot:
                kind = rng.choice(PLATE_KINDS)
                colour = tuple(rng.randint(40, 230) for _ in range(3))
                x, y = spot[0] + width, spot[1] + round(body_h * 0.45)
                turn = rng.uniform(-MAX_TURN, MAX_TURN)
                cars.append(ParkedCar(x, y, width, kind.name, plate_text(kind, rng), colour, turn))
        night = rng.random() < NIGHT_SHARE
        blur = rng.randint(3, MAX_BLUR) if rng.random() < BLUR_SHARE else 0
        return Layout(
            rng.randrange(len(self._backgrounds)), tuple(people), tuple(cars), night, blur, rng.randrange(1000)
        )

    def moved(self, layout: Layout, dx: int) -> Layout:
        """The scene `dx` pixels later: people and cars moved sideways, each stopping at the
        frame's edge (the car drives past them, or they past it)."""
        people = tuple(
            replace(p, x=min(max(0, p.x + dx), self.width - self._faces.extent(p.face_width))) for p in layout.people
        )
        cars = tuple(
            replace(c, x=min(max(c.plate_width, c.x + dx), self.width - 2 * c.plate_width)) for c in layout.cars
        )
        return replace(layout, people=people, cars=cars)

    def _free_spot(self, rng: random.Random, w: int, h: int, taken: list[Box], top: float) -> tuple[int, int] | None:
        for _ in range(20):
            x = rng.randint(0, max(0, self.width - w))
            y = rng.randint(round(self.height * top), max(round(self.height * top), self.height - h))
            box = Box(x, y, w, h)
            if x + w <= self.width and y + h <= self.height and all(box.overlap(t) == 0 for t in taken):
                taken.append(box)
                return x, y
        return None

    def render(self, layout: Layout) -> tuple[np.ndarray, Truth]:
        """The frame (BGR, height × width × 3) and where its faces and plates are."""
        frame = self._backgrounds[layout.background].copy()
        faces = tuple(self._faces.paste(frame, p) for p in layout.people)
        plates = tuple(_paste_car(frame, c) for c in layout.cars)
        if layout.blur:
            kernel = np.full((1, layout.blur), 1 / layout.blur, np.float32)
            frame = cv2.filter2D(frame, -1, kernel)
        if layout.night:
            frame = _at_night(frame, np.random.default_rng(layout.grain))
        return frame, Truth(faces, plates)


def _paste_car(frame: np.ndarray, car: ParkedCar) -> Box:
    """The car's rear around its plate, then the plate, turned away on one side."""
    w = car.plate_width
    left, top = car.x - w, car.y - round(w * 0.45)
    cv2.rectangle(frame, (left, top), (left + 3 * w, top + w), car.colour, thickness=-1)
    cv2.rectangle(frame, (left + w // 4, top + w // 12), (left + 11 * w // 4, top + w // 4), (60, 50, 45), -1)
    for light in (left + w // 8, left + 5 * w // 2):
        cv2.rectangle(frame, (light, top + w // 3), (light + 3 * w // 8, top + 5 * w // 12), (40, 40, 200), -1)
    plate = plate_image(car.kind, car.plate)
    height = round(w * plate.shape[0] / plate.shape[1])
    near, far = height, round(height * (1 - abs(car.turn)))
    left_h, right_h = (far, near) if car.turn < 0 else (near, far)
    source = np.float32([[0, 0], [plate.shape[1], 0], [plate.shape[1], plate.shape[0]], [0, plate.shape[0]]])
    corners = np.float32(
        [
            [0, (height - left_h) / 2],
            [w, (height - right_h) / 2],
            [w, (height + right_h) / 2],
            [0, (height + left_h) / 2],
        ]
    )
    warp = cv2.getPerspectiveTransform(source, corners)
    turned = cv2.warpPerspective(plate, warp, (w, height), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.ones(plate.shape[:2], np.float32), warp, (w, height))[..., None]
    spot = frame[car.y : car.y + height, car.x : car.x + w]
    spot[:] = (turned * mask + spot * (1 - mask)).astype(np.uint8)
    return Box(car.x, car.y, w, height)


def _at_night(frame: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Dark, warm street light, and the sensor's grain."""
    dark = (frame.astype(np.float32) / 255) ** 1.5 * np.array([130, 150, 170], np.float32)
    dark += rng.normal(0, 4, frame.shape).astype(np.float32)
    return np.clip(dark, 0, 255).astype(np.uint8)


def _street(width: int, height: int, rng: random.Random) -> np.ndarray:
    """A plain street: sky, a row of buildings with windows, pavement and road."""
    frame = np.empty((height, width, 3), np.uint8)
    sky = np.linspace(235, 190, height // 3, dtype=np.float32)
    frame[: height // 3] = np.stack([sky, sky * 0.95, sky * 0.8], axis=1)[:, None, :].astype(np.uint8)
    frame[height // 3 :] = (150, 150, 150)
    x = 0
    while x < width:
        w = rng.randint(width // 10, width // 5)
        top = rng.randint(height // 12, height // 3)
        shade = rng.randint(110, 200)
        cv2.rectangle(frame, (x, top), (x + w, height * 3 // 5), (shade, shade + rng.randint(-15, 15), shade - 10), -1)
        for wy in range(top + 12, height * 3 // 5 - 20, 28):
            for wx in range(x + 10, x + w - 18, 26):
                cv2.rectangle(frame, (wx, wy), (wx + 12, wy + 16), (90, 80, 60), -1)
        x += w + rng.randint(0, 12)
    frame[height * 3 // 5 : height * 2 // 3] = (175, 180, 182)  # pavement
    frame[height * 2 // 3 :] = (70, 72, 74)  # road
    for lx in range(0, width, 160):
        cv2.rectangle(frame, (lx, height * 5 // 6), (lx + 80, height * 5 // 6 + 8), (230, 230, 230), -1)
    return frame
