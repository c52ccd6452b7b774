"""What the exterior front camera sees: street frames with real faces and Chinese licence plates.

Faces are a real photograph (the public-domain astronaut portrait that scikit-image ships,
see assets/scenes/SOURCES.md); plates are rendered blue plates (沪A·12345) in the bundled
CJK font. Each comes at a varied size, position, brightness and side. The composer records
where it put them (`Truth`), for measuring the anonymiser only: the anonymiser never sees it.
"""

import random
from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ivi.bus.boxes import Box
from ivi.paths import ASSETS_DIR

HEAD_FILE = ASSETS_DIR / "scenes" / "astronaut_head.png"
PLATE_FONT = ASSETS_DIR / "fonts" / "NotoSansCJKsc-Bold-subset.otf"
FACE_IN_HEAD = (53, 50, 95, 95)  # where the face is in the head image (x, y, w, h), as a face detector boxes it
PLATE_SIZE = (440, 140)  # a Chinese plate is 440 × 140 mm; rendered at 1 px per mm
PLATE_BLUE = (165, 60, 0)  # BGR
PROVINCES = "沪京苏浙粤川鲁豫"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I or O on Chinese plates
DIGITS = "0123456789"


@dataclass(frozen=True)
class Truth:
    """Where the composer put faces and plates: for measuring recall, never for anonymising."""

    faces: tuple[Box, ...]
    plates: tuple[Box, ...]


@dataclass(frozen=True)
class Passerby:
    x: int  # top left of the head image
    y: int
    face_width: int
    mirrored: bool
    brightness: float


@dataclass(frozen=True)
class ParkedCar:
    x: int  # top left of the plate
    y: int
    plate_width: int
    plate: str
    colour: tuple[int, int, int]


@dataclass(frozen=True)
class Layout:
    """One street scene: who and what stands where. Frames of a scene drift sideways."""

    background: int
    people: tuple[Passerby, ...]
    cars: tuple[ParkedCar, ...]


class StreetScene:
    def __init__(self, width: int = 1280, height: int = 720):
        self.width, self.height = width, height
        self._head = cv2.imread(str(HEAD_FILE), cv2.IMREAD_COLOR)
        if self._head is None:
            raise FileNotFoundError(HEAD_FILE)
        self._head_mask = _oval_mask(self._head.shape[1], self._head.shape[0])
        self._backgrounds = [_street(width, height, random.Random(seed)) for seed in range(3)]
        self._font = ImageFont.truetype(str(PLATE_FONT), 92)

    # A face or plate smaller than these is too far away to identify anyone (and to detect).
    @property
    def face_widths(self) -> tuple[int, int]:
        return round(self.height * 0.07), round(self.height * 0.25)

    @property
    def plate_widths(self) -> tuple[int, int]:
        return round(self.height * 0.14), round(self.height * 0.36)

    def layout(self, rng: random.Random) -> Layout:
        """A random scene: up to three passers-by and two parked cars, not covering each other."""
        taken: list[Box] = []
        people = []
        for _ in range(rng.randint(0, 3)):
            width = rng.randint(*self.face_widths)
            scale = width / FACE_IN_HEAD[2]
            size = round(self._head.shape[0] * scale)
            spot = self._free_spot(rng, size, size, taken, top=0.15)
            if spot:
                people.append(Passerby(*spot, width, rng.random() < 0.5, rng.uniform(0.75, 1.2)))
        cars = []
        for _ in range(rng.randint(0, 2)):
            width = rng.randint(*self.plate_widths)
            body_w, body_h = width * 3, width  # the car around its plate
            spot = self._free_spot(rng, body_w, body_h, taken, top=0.45)
            if spot:
                plate = _plate_text(rng)
                colour = tuple(rng.randint(40, 230) for _ in range(3))
                x, y = spot[0] + width, spot[1] + round(body_h * 0.55)
                cars.append(ParkedCar(x, y, width, plate, colour))
        return Layout(rng.randrange(len(self._backgrounds)), tuple(people), tuple(cars))

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
        faces = tuple(self._paste_person(frame, p) for p in layout.people)
        plates = tuple(self._paste_car(frame, c) for c in layout.cars)
        return frame, Truth(faces, plates)

    def _paste_person(self, frame: np.ndarray, person: Passerby) -> Box:
        scale = person.face_width / FACE_IN_HEAD[2]
        size = round(self._head.shape[0] * scale)
        head = cv2.resize(self._head, (size, size), interpolation=cv2.INTER_AREA)
        mask = cv2.resize(self._head_mask, (size, size), interpolation=cv2.INTER_LINEAR)[..., None]
        if person.mirrored:
            head, mask = head[:, ::-1], mask[:, ::-1]
        head = np.clip(head * person.brightness, 0, 255)
        spot = frame[person.y : person.y + size, person.x : person.x + size]
        spot[:] = (head * mask + spot * (1 - mask)).astype(np.uint8)
        fx, fy, fw, fh = (round(v * scale) for v in FACE_IN_HEAD)
        if person.mirrored:
            fx = size - fx - fw
        return Box(person.x + fx, person.y + fy, fw, fh)

    def _paste_car(self, frame: np.ndarray, car: ParkedCar) -> Box:
        plate = _plate_image(car.plate, self._font)
        height = round(car.plate_width * PLATE_SIZE[1] / PLATE_SIZE[0])
        plate = cv2.resize(plate, (car.plate_width, height), interpolation=cv2.INTER_AREA)
        w = car.plate_width
        left, top = car.x - w, car.y - round(w * 0.55)  # the car's rear, around its plate
        cv2.rectangle(frame, (left, top), (left + 3 * w, top + w), car.colour, thickness=-1)
        cv2.rectangle(frame, (left + w // 4, top + w // 12), (left + 11 * w // 4, top + w // 3), (60, 50, 45), -1)
        for light in (left + w // 8, left + 5 * w // 2):
            cv2.rectangle(frame, (light, top + 5 * w // 12), (light + 3 * w // 8, top + w // 2), (40, 40, 200), -1)
        frame[car.y : car.y + height, car.x : car.x + car.plate_width] = plate
        return Box(car.x, car.y, car.plate_width, height)


def _plate_text(rng: random.Random) -> str:
    tail = "".join(rng.choice(PLATE_LETTERS if rng.random() < 0.2 else DIGITS) for _ in range(5))
    return f"{rng.choice(PROVINCES)}{rng.choice(PLATE_LETTERS)}·{tail}"


@lru_cache(maxsize=64)
def _plate_image(text: str, font: ImageFont.FreeTypeFont) -> np.ndarray:
    """A blue Chinese plate: white characters and a white rim on blue (BGR)."""
    w, h = PLATE_SIZE
    image = Image.new("RGB", (w, h), PLATE_BLUE[::-1])
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((6, 6, w - 7, h - 7), radius=10, outline="white", width=4)
    # Plate characters are tall and narrow (45 × 90 mm): draw the text, then fit it to the plate.
    left, top, right, bottom = font.getbbox(text)
    glyphs = Image.new("L", (right - left, bottom - top), 0)
    ImageDraw.Draw(glyphs).text((-left, -top), text, font=font, fill=255)
    glyphs = glyphs.resize((w - 44, h - 44), Image.Resampling.LANCZOS)
    image.paste((255, 255, 255), (22, 22), glyphs)
    return cv2.cvtColor(np.asarray(image), cv2.COLOR_RGB2BGR)


def _oval_mask(width: int, height: int) -> np.ndarray:
    """A soft-edged oval over head and shoulders, so a pasted passer-by has no square edge."""
    mask = np.zeros((height, width), np.float32)
    cv2.ellipse(mask, (width // 2, height // 2 + 8), (width * 2 // 5, height // 2 - 6), 0, 0, 360, 1.0, -1)
    return cv2.GaussianBlur(mask, (0, 0), width / 40)


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
