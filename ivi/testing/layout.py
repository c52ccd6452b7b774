"""Layout checks on what is on screen: text that overflows its label, runs off the window or
over other text, touch targets under 76 dp, and text under 24 sp (Android for Cars).

Each check returns one line per problem, naming the widget by its test_id or its text, so a
failing test (or a translator) sees what to fix.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from kivy.core.window import Window
from kivy.metrics import dp, sp
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.label import Label
from kivy.uix.scrollview import ScrollView
from kivy.uix.widget import Widget

from ivi.ui import theme
from ivi.ui.line_breaks import bad_line_starts, has_han

SLACK_PX = 1.0  # rounding in Kivy's text layout
OVERLAP_PX = 2.0  # text boxes may touch, not overlap


@dataclass(frozen=True)
class LayoutProblem:
    """What is wrong, and the text of the label it is wrong with (to find its catalog entry)."""

    text: str
    what: str

    def __str__(self) -> str:
        return self.what


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    right: float
    top: float

    def __and__(self, other: "Box") -> "Box | None":
        box = Box(max(self.x, other.x), max(self.y, other.y), min(self.right, other.right), min(self.top, other.top))
        return box if box.right - box.x > OVERLAP_PX and box.top - box.y > OVERLAP_PX else None


def window_box(widget: Widget, width: float, height: float) -> Box:
    """A `width` × `height` box centred on the widget, in window coordinates (how Kivy
    draws a label's texture)."""
    cx, cy = widget.to_window(*widget.center)
    return Box(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)


def uncovered(children: list[Widget]) -> list[Widget]:
    """The children not hidden under an overlay: a child with `covers_siblings` (a view laid
    over a screen) hides, and takes every touch meant for, the siblings drawn before it.
    Kivy lists children top first."""
    cover = next((i for i, child in enumerate(children) if getattr(child, "covers_siblings", False)), None)
    return children if cover is None else children[: cover + 1]


def shown(root: Widget) -> Iterator[tuple[Widget, Box | None, Box | None]]:
    """Every widget drawn on screen, with the viewport of the scroll view it is in (if any)
    and the box its containers give it (None inside a scroll view's content, which may be
    taller than its view by design). Hidden widgets (opacity 0, folded to no size, or under an
    overlay) and their children are skipped."""
    stack: list[tuple[Widget, Box | None, Box | None]] = [(root, None, None)]
    while stack:
        widget, viewport, room = stack.pop()
        if widget.opacity == 0 or widget.height <= 0 or widget.width <= 0:
            continue
        yield widget, viewport, room
        own = window_box(widget, widget.width, widget.height)
        if isinstance(widget, ScrollView):
            viewport = own & viewport if viewport is not None else own
            if viewport is None:
                continue
            stack.extend((child, viewport, None) for child in widget.children)
        else:
            stack.extend((child, viewport, own) for child in uncovered(widget.children))


def name_of(widget: Widget) -> str:
    test_id = getattr(widget, "test_id", "")
    text = getattr(widget, "text", "")
    return f"id:{test_id}" if test_id else f"text:{text[:40]!r}" if text else type(widget).__name__


def shown_labels(root: Widget) -> list[tuple[Label, Box, Box | None]]:
    """Labels with text on screen, with the box their text is drawn in (clipped to a scroll
    view's viewport) and the room their container gives them; labels scrolled out of sight
    are left out."""
    found = []
    for widget, viewport, room in shown(root):
        if not isinstance(widget, Label) or not widget.text.strip():
            continue
        box = window_box(widget, *widget.texture_size)
        if viewport is not None:
            box = box & viewport
            if box is None:
                continue
        found.append((widget, box, room))
    return found


def text_problems(root: Widget, overlays: tuple[Widget, ...] = ()) -> list[LayoutProblem]:
    """Text larger than its label, outside the window, or over other text. Text under an
    overlay (a drawer over the screen) is hidden, so it is not compared."""
    problems = []
    window = Box(0, 0, Window.width, Window.height)
    covers = [window_box(o, *o.size) for o in overlays if o.parent is not None]
    labels = []
    for label, box, room in shown_labels(root):
        width, height = label.texture_size
        if width > label.width + SLACK_PX or height > label.height + SLACK_PX:
            size = f"{width:.0f}×{height:.0f} overflows its label {label.width:.0f}×{label.height:.0f}"
            problems.append(LayoutProblem(label.text, f"{name_of(label)}: text {size}"))
        if not _within(box, window):
            problems.append(LayoutProblem(label.text, f"{name_of(label)}: text runs off the window at {box}"))
        elif room is not None and not _within(box, room):
            problems.append(LayoutProblem(label.text, f"{name_of(label)}: text spills out of its container at {box}"))
        if has_han(label.text) and (bad := bad_line_starts(drawn_lines(label))):
            problems.append(LayoutProblem(label.text, f"{name_of(label)}: a line may not break before {bad[0][:8]!r}"))
        in_overlay = any(inside(label, o) for o in overlays)
        if in_overlay or not any(box & cover for cover in covers):
            labels.append((label, box))
    for index, (label, box) in enumerate(labels):
        for other, other_box in labels[index + 1 :]:
            if box & other_box:
                problems.append(LayoutProblem(label.text, f"{name_of(label)} and {name_of(other)}: texts overlap"))
    return problems


def drawn_lines(label: Label) -> list[str]:
    """The lines the label's text was laid out in, as drawn."""
    return ["".join(word.text for word in line.words) for line in label._label._cached_lines]


def _within(box: Box, room: Box) -> bool:
    return (
        box.x >= room.x - SLACK_PX
        and box.y >= room.y - SLACK_PX
        and box.right <= room.right + SLACK_PX
        and box.top <= room.top + SLACK_PX
    )


def inside(widget: Widget, ancestor: Widget) -> bool:
    while widget is not None:
        if widget is ancestor:
            return True
        widget = widget.parent if widget.parent is not widget else None  # Kivy's Window is its own parent
    return False


def touch_problems(root: Widget) -> list[LayoutProblem]:
    """Touch targets smaller than 76 dp and text smaller than 24 sp."""
    problems = []
    smallest = dp(76) - SLACK_PX
    for widget, _viewport, _room in shown(root):
        text = getattr(widget, "text", "")
        if isinstance(widget, ButtonBehavior) and (widget.width < smallest or widget.height < smallest):
            size = f"{widget.width:.0f}×{widget.height:.0f}"
            problems.append(LayoutProblem(text, f"{name_of(widget)}: touch target {size} is under 76 dp"))
        if isinstance(widget, Label) and text.strip() and widget.font_size < sp(theme.BODY_SP) - 0.01:
            what = f"{name_of(widget)}: text at {widget.font_size:.0f} px is under {theme.BODY_SP} sp"
            problems.append(LayoutProblem(text, what))
    return problems
