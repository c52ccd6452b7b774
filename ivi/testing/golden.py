"""Golden screenshots: a screen compared with the picture it should look like, tolerantly.

A pixel differs when any of its colour channels is off by more than `PIXEL_THRESHOLD` (out of
255): anti-aliasing and the software renderer's rounding stay under it. A screen matches
when at most `MAX_SHARE` of its pixels differ: a caret or a gauge's last degree may, a
changed word may not (one word at 24 sp is about 0.1 % of a 1280×720 screen; the default
allows a tenth of that). On a mismatch a diff image is written beside the screenshot: the
screen dimmed, each differing pixel red.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

PIXEL_THRESHOLD = 24
MAX_SHARE = 0.0001


@dataclass(frozen=True)
class Comparison:
    golden: Path
    actual: Path
    share: float  # of the pixels that differ (1.0 when the sizes differ)
    diff: Path | None  # the diff image, written when they do not match
    max_share: float

    @property
    def matches(self) -> bool:
        return self.share <= self.max_share

    def __str__(self) -> str:
        if self.matches:
            return f"{self.actual} matches {self.golden}"
        if self.diff is None:
            return f"{self.actual} is not the size of {self.golden}"
        return (
            f"{self.actual} differs from {self.golden}: {self.share:.3%} of its pixels "
            f"(at most {self.max_share:.3%} may); see {self.diff}"
        )


def compare(
    actual: Path, golden: Path, pixel_threshold: int = PIXEL_THRESHOLD, max_share: float = MAX_SHARE
) -> Comparison:
    """Compare two pictures; on a mismatch write ACTUAL.diff.png beside the actual one."""
    now = np.asarray(Image.open(actual).convert("RGB"), dtype=np.int16)
    expected = np.asarray(Image.open(golden).convert("RGB"), dtype=np.int16)
    if now.shape != expected.shape:
        return Comparison(golden, actual, 1.0, None, max_share)
    differing = (np.abs(now - expected) > pixel_threshold).any(axis=2)
    share = float(differing.mean())
    if share <= max_share:
        return Comparison(golden, actual, share, None, max_share)
    diff = (now // 3).astype(np.uint8)
    diff[differing] = (255, 0, 0)
    diff_path = actual.with_suffix(".diff.png")
    Image.fromarray(diff).save(diff_path)
    return Comparison(golden, actual, share, diff_path, max_share)
