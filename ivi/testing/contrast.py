"""Contrast measured on the rendered screen: every text at least 4.5:1 against what is drawn
behind it (WCAG 2.2, 1.4.3), every enabled control at least 3:1 against what is around it, by
its edge or its fill (1.4.11).

What is behind a text, or around a control, is read from the frame just drawn (the most common
colour there), not from the theme, so a panel, a banner or an image under a label counts. A
text's own colour is the one its label paints with (`color`, or `disabled_color`). Each
problem names the widget by its test_id or its text.
"""

import numpy as np
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.widget import Widget

from ivi.testing.layout import Box, LayoutProblem, inside, name_of, shown, shown_labels, window_box
from ivi.testing.pictures import window_pixels

TEXT_LINE = 4.5
CONTROL_LINE = 3.0
EDGE_PX = 3  # how deep into a control its edge is read, and how far around it its surroundings


def frame() -> np.ndarray:
    """The window as drawn: rows from the bottom up, as Kivy's coordinates run; RGB in 0..1."""
    return window_pixels()[::-1] / 255.0


def luminance(rgb: np.ndarray) -> float:
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(linear @ np.array([0.2126, 0.7152, 0.0722]))


def ratio(one: np.ndarray, other: np.ndarray) -> float:
    a, b = luminance(one), luminance(other)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def _most_common(pixels: np.ndarray) -> np.ndarray | None:
    flat = np.round(pixels.reshape(-1, 3) * 255).astype(np.int64)
    if not len(flat):
        return None
    codes, counts = np.unique(flat[:, 0] << 16 | flat[:, 1] << 8 | flat[:, 2], return_counts=True)
    code = int(codes[counts.argmax()])
    return np.array([code >> 16, code >> 8 & 255, code & 255]) / 255.0


def _region(picture: np.ndarray, box: Box) -> np.ndarray:
    height, width, _ = picture.shape
    x0, x1 = max(0, round(box.x)), min(width, round(box.right))
    y0, y1 = max(0, round(box.y)), min(height, round(box.top))
    return picture[y0:y1, x0:x1]


def _ring(picture: np.ndarray, box: Box, inset: float, depth: float) -> np.ndarray | None:
    """The most common colour of a band `depth` wide, `inset` inside the box's edge (a
    negative inset: outside it)."""
    outer = Box(box.x + inset, box.y + inset, box.right - inset, box.top - inset)
    bands = [
        Box(outer.x, outer.y, outer.right, outer.y + depth),
        Box(outer.x, outer.top - depth, outer.right, outer.top),
        Box(outer.x, outer.y, outer.x + depth, outer.top),
        Box(outer.right - depth, outer.y, outer.right, outer.top),
    ]
    return _most_common(np.concatenate([_region(picture, b).reshape(-1, 3) for b in bands]))


def _hex(rgb: np.ndarray) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)


def contrast_problems(
    root: Widget, overlays: tuple[Widget, ...] = (), drawn: np.ndarray | None = None
) -> list[LayoutProblem]:
    """Each text and control on screen that is too faint; `drawn` is the window as read by
    `frame()` if the caller has read it already."""
    picture = frame() if drawn is None else drawn
    covers = [window_box(o, *o.size) for o in overlays if o.parent is not None]

    def hidden(widget: Widget, box: Box) -> bool:
        # under an overlay that does not hold it (the drawer over a screen)
        held = any(inside(widget, o) for o in overlays)
        return not held and any(box & cover for cover in covers)

    problems = []
    for label, box, _room in shown_labels(root):
        ink = np.array((label.disabled_color if label.disabled else label.color)[:3])
        behind = _most_common(_region(picture, box))
        if behind is None or hidden(label, box):
            continue
        if (found := ratio(ink, behind)) < TEXT_LINE:
            what = f"{name_of(label)}: text {_hex(ink)} on {_hex(behind)} is {found:.2f}:1 (at least {TEXT_LINE}:1)"
            problems.append(LayoutProblem(label.text, what))
    for widget, viewport, _room in shown(root):
        if not isinstance(widget, ButtonBehavior) or widget.disabled or not getattr(widget, "test_id", ""):
            continue
        box = window_box(widget, *widget.size)
        if hidden(widget, box) or (viewport is not None and box & viewport != box):
            continue  # under the drawer, or not wholly in sight in its list
        # around: a band from 3 to 9 px out, deep enough that a neighbour's thin outline
        # crossing it (a card's edge a few pixels away) does not pass for the background
        edge, around = _ring(picture, box, 0, EDGE_PX), _ring(picture, box, -3 * EDGE_PX, 2 * EDGE_PX)
        fill = _most_common(_region(picture, box))
        if edge is None or around is None or fill is None:
            continue
        if (found := max(ratio(edge, around), ratio(fill, around))) < CONTROL_LINE:
            what = f"{name_of(widget)}: control {_hex(edge)} against {_hex(around)} is {found:.2f}:1 (at least {CONTROL_LINE}:1)"
            problems.append(LayoutProblem(getattr(widget, "text", ""), what))
    return problems
