"""Chinese licence plates of every kind (GA 36-2018), rendered in the bundled CJK font for the
simulator's street scenes: blue, new-energy green (small-car gradient and large-vehicle
yellow-green), yellow single and double row, police and armed police (white), embassy and
Hong Kong cross-border (black), learner (学) and motorcycle.

A plate is drawn at 1 px per mm. Each character gets a cell of its row and is stretched to
fill it, as plate characters are tall and narrow (45 × 90 mm); characters a plate prints in
red (警, 学, 使, WJ) are red.
"""

import random
from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ivi.paths import ASSETS_DIR

PLATE_FONT = ASSETS_DIR / "fonts" / "NotoSansCJKsc-Bold-subset.otf"
PROVINCES = "沪京苏浙粤川鲁豫"
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I or O on Chinese plates
DIGITS = "0123456789"
RED = (200, 20, 20)  # RGB
ROW_BREAK = "|"

Colour = tuple[int, int, int]  # RGB


@dataclass(frozen=True)
class PlateKind:
    name: str
    size: tuple[int, int]  # millimetres, drawn 1 px per mm
    background: tuple[Colour, Colour]  # from the top to the bottom (or left to right, `split`)
    ink: Colour  # characters and rim
    pattern: str  # P province, L letter, D digit, X letter or digit, E D or F; "|" a second row
    red: str = ""  # characters printed in red
    split: float = 0.0  # a two-colour plate: the share of its width in the first colour


BLUE = (20, 60, 170)
YELLOW = (240, 190, 20)
GREEN = (70, 190, 90)
WHITE = (245, 245, 245)
BLACK = (15, 15, 15)
PLATE_KINDS = (
    PlateKind("blue", (440, 140), (BLUE, BLUE), WHITE, "PL·XXXXX"),
    PlateKind("yellow", (440, 140), (YELLOW, YELLOW), BLACK, "PL·XXXXX"),
    PlateKind("yellow_double", (440, 220), (YELLOW, YELLOW), BLACK, "PL|XXXXX"),
    PlateKind("green_small", (480, 140), ((235, 250, 240), GREEN), BLACK, "PL·EXXXXX"),
    PlateKind("green_large", (480, 140), (YELLOW, GREEN), BLACK, "PL·DDDDDE", split=0.18),
    PlateKind("police", (440, 140), (WHITE, WHITE), BLACK, "PL·DDDD警", red="警"),
    PlateKind("armed_police", (440, 140), (WHITE, WHITE), BLACK, "WJP·DDDDX", red="WJ"),
    PlateKind("embassy", (440, 140), (BLACK, BLACK), WHITE, "使DDD·DDD", red="使"),
    PlateKind("hong_kong", (440, 140), (BLACK, BLACK), WHITE, "粤Z·DDDD港"),
    PlateKind("learner", (440, 140), (YELLOW, YELLOW), BLACK, "PL·DDDD学", red="学"),
    PlateKind("motorcycle", (220, 140), (YELLOW, YELLOW), BLACK, "PL|DDDDD"),
)
KINDS_BY_NAME = {kind.name: kind for kind in PLATE_KINDS}


def plate_text(kind: PlateKind, rng: random.Random) -> str:
    choices = {"P": PROVINCES, "L": LETTERS, "D": DIGITS, "X": LETTERS + DIGITS * 4, "E": "DF"}
    return "".join(rng.choice(choices[c]) if c in choices else c for c in kind.pattern)


@lru_cache(maxsize=1)
def _font() -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(PLATE_FONT), 92)


@lru_cache(maxsize=128)
def plate_image(kind_name: str, text: str) -> np.ndarray:
    """The plate `text` of the kind `kind_name`, BGR, its size in mm as pixels."""
    kind = KINDS_BY_NAME[kind_name]
    w, h = kind.size
    image = Image.fromarray(_background(kind))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((5, 5, w - 6, h - 6), radius=10, outline=kind.ink, width=4)
    rows = text.split(ROW_BREAK)
    if len(rows) == 1:
        _draw_row(image, rows[0], (20, 18, w - 20, h - 18), kind)
    else:  # a small upper row (province and letter) over a large lower one
        _draw_row(image, rows[0], (w // 4, 14, w - w // 4, h * 2 // 5 - 4), kind)
        _draw_row(image, rows[1], (16, h * 2 // 5 + 4, w - 16, h - 14), kind)
    return cv2.cvtColor(np.asarray(image), cv2.COLOR_RGB2BGR)


def _background(kind: PlateKind) -> np.ndarray:
    w, h = kind.size
    first, second = (np.array(c, np.float32) for c in kind.background)
    if kind.split:
        pixels = np.empty((h, w, 3), np.float32)
        pixels[:, : round(w * kind.split)] = first
        pixels[:, round(w * kind.split) :] = second
    else:
        share = np.linspace(0, 1, h, dtype=np.float32)[:, None, None]
        pixels = np.broadcast_to(first * (1 - share) + second * share, (h, w, 3))
    return np.ascontiguousarray(pixels, dtype=np.uint8)


def _draw_row(image: Image.Image, row: str, area: tuple[int, int, int, int], kind: PlateKind) -> None:
    """The characters of one row, each stretched into its cell (the dot takes a third of one)."""
    left, top, right, bottom = area
    widths = [1 / 3 if c == "·" else 1.0 for c in row]
    cell = (right - left) / sum(widths)
    x = float(left)
    for character, share in zip(row, widths):
        width = round(cell * share)
        glyph = _glyph(character, max(1, width - 6), bottom - top)
        colour = RED if character in kind.red else kind.ink
        image.paste(colour, (round(x) + 3, top), glyph)
        x += cell * share


def _glyph(character: str, width: int, height: int) -> Image.Image:
    """A character's ink as a mask, stretched to width × height (a dot stays a dot)."""
    font = _font()
    left, top, right, bottom = font.getbbox(character)
    ink = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
    ImageDraw.Draw(ink).text((-left, -top), character, font=font, fill=255)
    if character == "·":
        mask = Image.new("L", (width, height), 0)
        side = min(width, height // 5)
        mask.paste(ink.resize((side, side)), ((width - side) // 2, (height - side) // 2))
        return mask
    return ink.resize((width, height), Image.Resampling.LANCZOS)
