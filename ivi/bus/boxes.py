"""Rectangles in an image, as detectors report them."""

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    w: int
    h: int

    def overlap(self, other: "Box") -> float:
        """Intersection over union."""
        ix = max(0, min(self.x + self.w, other.x + other.w) - max(self.x, other.x))
        iy = max(0, min(self.y + self.h, other.y + other.h) - max(self.y, other.y))
        inter = ix * iy
        return inter / (self.w * self.h + other.w * other.h - inter)

    def grown(self, share: float, width: int, height: int) -> "Box":
        """This box grown by `share` of its size on every side, kept inside the image."""
        dx, dy = round(self.w * share), round(self.h * share)
        x0, y0 = max(0, self.x - dx), max(0, self.y - dy)
        x1, y1 = min(width, self.x + self.w + dx), min(height, self.y + self.h + dy)
        return Box(x0, y0, x1 - x0, y1 - y0)

    def scaled(self, factor: float) -> "Box":
        return Box(round(self.x * factor), round(self.y * factor), round(self.w * factor), round(self.h * factor))

    def covered_by(self, other: "Box") -> float:
        """The share of this box that lies inside `other`."""
        ix = max(0, min(self.x + self.w, other.x + other.w) - max(self.x, other.x))
        iy = max(0, min(self.y + self.h, other.y + other.h) - max(self.y, other.y))
        return ix * iy / (self.w * self.h)


def share_covered(box: Box, cover: Iterable[Box]) -> float:
    """The share of `box` that lies under any of `cover`: their union, so a face half under
    one pixelated box and half under its neighbour's is all covered."""
    under = np.zeros((box.h, box.w), bool)
    for other in cover:
        x0, y0 = max(other.x - box.x, 0), max(other.y - box.y, 0)
        x1, y1 = min(other.x + other.w - box.x, box.w), min(other.y + other.h - box.y, box.h)
        if x1 > x0 and y1 > y0:
            under[y0:y1, x0:x1] = True
    return float(under.mean())
