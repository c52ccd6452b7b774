"""Chinese licence plates of every kind, found three ways whose misses differ.

1. The plate SSD that the `hyperlpr2` wheel ships (`mininet_ssd_v1`, a MobileNet SSD trained
   on Chinese plates; Caffe, MIT licence, 3.5 MB), run on `cv2.dnn` over overlapping tiles of
   the frame: on one whole 1280×720 frame it misses plates it finds in a tile of it (it was
   trained on 512×512 crops). It finds plates of every colour, white and black too.
2. A second trained net, on the whole frame (`ivi.bus.plate_net`): trained on other photos
   (CCPD), it finds plates the SSD misses on photos neither was tuned on.
3. Colour, as Chinese plate readers localise: a region of plate blue, yellow or new-energy
   green, plate-shaped (single or double row, at an angle), with characters of the
   contrasting colour across it. This finds what the net misses most: double-row plates on
   trucks and plates seen at a slant.
"""

from dataclasses import dataclass

import cv2
import numpy as np

from ivi.bus.boxes import Box
from ivi.bus.plate_net import PlateNet
from ivi.paths import package_folder

MAX_SIDE = 1280  # pixels: larger frames are scaled down first
TILE = 640  # pixels: the net sees tiles of this side, at most
MIN_SCORE = 0.4  # hyperlpr2 uses 0.5; black plates (embassy, Hong Kong) score less, and lower adds only windows
MEAN = np.array([0.485, 0.456, 0.406], np.float32)  # ImageNet's, on RGB in 0..1: how it was trained
STD = np.array([0.229, 0.224, 0.225], np.float32)


@dataclass(frozen=True)
class PlateColour:
    low: tuple[int, int, int]  # HSV, OpenCV's hue runs 0-180
    high: tuple[int, int, int]
    light_characters: bool  # white on blue; black on yellow, green and white
    facade_like: bool = False  # the colour of walls too: its characters must stand tall


PLATE_COLOURS = {
    "blue": PlateColour((100, 80, 60), (125, 255, 255), True),
    "yellow": PlateColour((15, 80, 80), (35, 255, 255), False),
    "green": PlateColour((35, 50, 90), (85, 255, 255), False),
    "white": PlateColour((0, 0, 100), (180, 80, 255), False, facade_like=True),
}
PLATE_ASPECT = (1.1, 5.5)  # single row 440×140 mm is 3.1, new-energy 480×140 3.4, double row 2; then angles
MIN_PLATE_HEIGHT = 10  # pixels
TALL_CHARACTERS = 0.45  # of a region's height, for white plates (single row, characters 90 of 140 mm)
MAX_PLATE_SHARE = (0.45, 0.3)  # of the frame's width and height: larger is a facade, a row of people, a sign


class PlateDetector:
    def __init__(self) -> None:
        folder = package_folder("hyperlpr2") / "models" / "dnn"
        self._net = cv2.dnn.readNetFromCaffe(
            str(folder / "mininet_ssd_v1.prototxt"), str(folder / "mininet_ssd_v1.caffemodel")
        )
        self.second_net = PlateNet()

    def find(self, bgr: np.ndarray, tiled: bool = True) -> list[Box]:
        """Every plate the three ways find; `tiled=False` lets the SSD see the frame whole
        (a third of the time, and a plate in 70 fewer: for the live picture, see
        `ivi.bus.stream_anonymiser`)."""
        return distinct(self.find_by_net(bgr, tiled) + self.second_net.find(bgr) + find_by_colour(bgr))

    def find_by_net(self, bgr: np.ndarray, tiled: bool = True) -> list[Box]:
        height, width = bgr.shape[:2]
        scale = min(1.0, MAX_SIDE / max(height, width))
        if scale < 1.0:
            bgr = cv2.resize(bgr, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)
        rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB).astype(np.float32) / 255
        planes = ((rgb - MEAN) / STD).transpose(2, 0, 1)  # normalised once, then cut into tiles
        found: list[Box] = []
        tile = TILE if tiled else max(bgr.shape[:2])
        for y0, y1 in _spans(bgr.shape[0], tile):
            for x0, x1 in _spans(bgr.shape[1], tile):
                found += [box.scaled(1 / scale) for box in self._detect(planes[:, y0:y1, x0:x1], x0, y0)]
        return distinct(found)

    def _detect(self, planes: np.ndarray, left: int, top: int) -> list[Box]:
        height, width = planes.shape[1:]
        self._net.setInput(np.ascontiguousarray(planes)[None])
        detections = self._net.forward()[0, 0]
        boxes = []
        for x0, y0, x1, y1 in detections[detections[:, 2] > MIN_SCORE, 3:7] * [width, height, width, height]:
            x0, y0, x1, y1 = max(0, int(x0)), max(0, int(y0)), min(width, int(x1)), min(height, int(y1))
            # A box longer than any plate is a row of windows, not a plate seen whole.
            if x1 > x0 and y1 > y0 and (x1 - x0) <= PLATE_ASPECT[1] * (y1 - y0):
                boxes.append(Box(left + x0, top + y0, x1 - x0, y1 - y0))
        return boxes


def _spans(side: int, tile: int) -> list[tuple[int, int]]:
    """Where the tiles along one side start and end: `tile` long, each overlapping the last
    by a third, so that a plate up to a third of a tile lies whole in one of them."""
    if side <= tile:
        return [(0, side)]
    step = tile * 2 // 3
    return [(start, min(side, start + tile)) for start in range(0, side - tile // 3, step)]


def find_by_colour(bgr: np.ndarray) -> list[Box]:
    """Plate-shaped regions of a plate colour with characters in them.

    Candidates come two ways: regions of the colour (a plate on a car of another colour) and
    dense vertical edges (the characters, which also find a plate on a car of its colour,
    where the colour runs into the body)."""
    hsv = cv2.cvtColor(bgr, cv2.COLOR_BGR2HSV)
    grey = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    edges = cv2.convertScaleAbs(cv2.Sobel(grey, cv2.CV_16S, 1, 0, ksize=3))
    _, edges = cv2.threshold(edges, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    candidates = _regions(edges, (17, 5))
    for colour in PLATE_COLOURS.values():
        candidates += _regions(cv2.inRange(hsv, colour.low, colour.high), (9, 3))
    return distinct(
        [
            box
            for box in candidates
            if any(
                _has_characters(hsv[box.y : box.y + box.h, box.x : box.x + box.w], c) for c in PLATE_COLOURS.values()
            )
        ]
    )


def distinct(boxes: list[Box]) -> list[Box]:
    """The boxes without repeats: a box mostly over one kept before it is the same plate
    (found in two overlapping tiles, or by both ways)."""
    kept: list[Box] = []
    for box in boxes:
        if not any(box.overlap(other) > 0.5 for other in kept):
            kept.append(box)
    return kept


def _regions(mask: np.ndarray, gap: tuple[int, int]) -> list[Box]:
    """Plate-shaped regions of a mask, after closing gaps up to `gap` (between characters).
    Outer contours rather than connected components: the same regions, ten times faster."""
    closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, gap))
    contours, _ = cv2.findContours(closed, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    (height, width), (width_share, height_share) = mask.shape, MAX_PLATE_SHARE
    boxes = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        shaped = PLATE_ASPECT[0] <= w / h <= PLATE_ASPECT[1]
        shaped = shaped and MIN_PLATE_HEIGHT <= h <= height_share * height and w <= width_share * width
        if shaped and cv2.contourArea(contour) >= 0.45 * w * h:  # mostly filled, not a ring
            boxes.append(Box(x, y, w, h))
    return boxes


def _has_characters(hsv: np.ndarray, colour: PlateColour) -> bool:
    """Mostly the plate's colour, with strokes of a contrasting brightness across it:
    characters. Contrast is judged against the plate's own colour in this region (its median
    brightness and saturation), so a plate in shade or at night counts as one in sunlight.
    Strokes are counted along three lines, so either row of a double-row plate is crossed."""
    mask = cv2.inRange(hsv, colour.low, colour.high).astype(bool)
    if mask.mean() < 0.35:
        return False
    saturation, brightness = np.median(hsv[mask][:, 1:], axis=0)
    if colour.light_characters:  # white: paler than the plate, and no darker
        characters = (hsv[..., 1] < saturation * 0.7) & (hsv[..., 2] >= brightness * 0.9)
    else:  # black: darker than the plate
        characters = hsv[..., 2] < brightness * 0.85
    rows = characters[[len(characters) // 3, len(characters) // 2, 2 * len(characters) // 3]]
    strokes = (np.count_nonzero(rows[:, 1:] != rows[:, :-1], axis=1) // 2).max()
    tall_enough = not colour.facade_like or _tall_characters(characters) >= 4
    return 0.08 <= characters.mean() <= 0.6 and strokes >= 5 and tall_enough


def _tall_characters(characters: np.ndarray) -> int:
    """How many characters stand tall in a region: blobs at least TALL_CHARACTERS of its
    height, and no wider than tall. A plate's characters do; a facade's windows are short,
    and a passer-by's hair or the edge of a building is one blob."""
    _count, _, stats, _ = cv2.connectedComponentsWithStats(characters.astype(np.uint8))
    height = len(characters)
    return sum(h >= TALL_CHARACTERS * height and w <= h for _x, _y, w, h, _area in stats[1:])
