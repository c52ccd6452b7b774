"""Colours, sizes and the bundled font. Sizes follow the Android for Cars guidance:
touch targets at least 76 dp, body text at least 24 sp."""

from datetime import time

from kivy.core.text import DEFAULT_FONT, LabelBase
from kivy.event import EventDispatcher
from kivy.properties import ColorProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.button import Button
from kivy.uix.label import Label
from kivy.uix.togglebutton import ToggleButton
from kivy.weakproxy import WeakProxy

from ivi.core.fatigue import ALERT_LEVEL
from ivi.paths import ASSETS_DIR
from ivi.ui.icons import register_icon_font
from ivi.ui.line_breaks import break_lines, has_han

TOUCH_DP = 80
BODY_SP = 24
HEADING_SP = 30
TITLE_SP = 38
READOUT_SP = 56
STATUS_BAR_DP = 96
CHIP_DP = 78
RAIL_DP = 152  # the navigation rail, with the clock and drive state on top
DRAWER_DP = 470
SECTIONS_DP = 250  # the privacy centre's list of sections

# Two palettes, night (the default) and day, with the same names. Text is at least 4.5:1
# against what it is drawn on, and a control's outline at least 3:1 against what is around
# it (WCAG 2.2, 1.4.3 and 1.4.11); tests/ui/test_contrast.py measures it on the rendered screen.
NIGHT = {
    "BACKGROUND": (0.055, 0.067, 0.086, 1),
    "SURFACE": (0.11, 0.13, 0.16, 1),
    "SURFACE_HIGH": (0.17, 0.2, 0.25, 1),  # a button's fill
    "PRESSED": (0.27, 0.32, 0.4, 1),
    "OUTLINE": (0.56, 0.6, 0.67, 1),  # a control's edge: it reads as a control, not a label
    "SELECTED": (0.13, 0.33, 0.66, 1),
    "ON_SELECTED": (1, 1, 1, 1),  # text on SELECTED and on ALERT
    "TEXT": (0.95, 0.96, 0.97, 1),
    "MUTED": (0.72, 0.74, 0.78, 1),
    "DISABLED_TEXT": (0.6, 0.61, 0.63, 1),
    "TRACK": (0.3, 0.34, 0.4, 1),
    "IN_CAR": (0.45, 0.8, 0.74, 1),  # chip of a sensor whose data stays in the car
    "LEAVES_CAR": (0.98, 0.7, 0.4, 1),  # chip of a sensor whose data leaves the car
    "ON_CHIP": (0.04, 0.06, 0.07, 1),
    "ALERT": (0.72, 0.16, 0.13, 1),
    "ALERT_TEXT": (1, 0.55, 0.5, 1),  # an alert said in text, on SURFACE
    "BANNER": (0.2, 0.24, 0.32, 1),
    "SELECTED_TEXT": (0.55, 0.73, 1, 1),  # a link's text: what opens more on a tap
    "SCRIM": (0, 0, 0, 0.38),  # behind a view over the screen; what it dims keeps 3:1
}
DAY = {
    "BACKGROUND": (0.92, 0.93, 0.95, 1),
    "SURFACE": (1, 1, 1, 1),
    "SURFACE_HIGH": (0.9, 0.92, 0.95, 1),
    "PRESSED": (0.78, 0.83, 0.9, 1),
    "OUTLINE": (0.35, 0.39, 0.45, 1),
    "SELECTED": (0.1, 0.32, 0.7, 1),
    "ON_SELECTED": (1, 1, 1, 1),
    "TEXT": (0.07, 0.08, 0.1, 1),
    "MUTED": (0.3, 0.33, 0.38, 1),
    "DISABLED_TEXT": (0.36, 0.38, 0.41, 1),
    "TRACK": (0.78, 0.8, 0.84, 1),
    "IN_CAR": (0.0, 0.4, 0.36, 1),
    "LEAVES_CAR": (0.64, 0.3, 0.0, 1),
    "ON_CHIP": (1, 1, 1, 1),
    "ALERT": (0.72, 0.16, 0.13, 1),
    "ALERT_TEXT": (0.65, 0.12, 0.1, 1),
    "BANNER": (0.85, 0.89, 0.96, 1),
    "SELECTED_TEXT": (0.1, 0.3, 0.7, 1),
    "SCRIM": (0, 0, 0, 0.45),
}
THEMES = {"night": NIGHT, "day": DAY}
DAYLIGHT = (time(7, 0), time(19, 0))  # the day colours between these times in the car


def scheme_at(moment: time) -> str:
    """The colours for a time of day in the car: bright by day, dark by night."""
    return "day" if DAYLIGHT[0] <= moment < DAYLIGHT[1] else "night"


def _use(self: EventDispatcher, scheme: str) -> None:
    for name, colour in THEMES[scheme].items():
        _let_go_of_the_dead(self, name)
        setattr(self, name, colour)


def _let_go_of_the_dead(palette: EventDispatcher, name: str) -> None:
    """Unbind the kv rules of widgets that are gone. Kivy can leave a rule bound to a
    long-lived object after its widget has died (kivy/kivy#3305); dispatching to it raises
    ReferenceError and stops the switch half way, for every widget after it."""
    for _callback, largs, _kwargs, _is_ref, uid in palette.get_property_observers(name, args=True):
        if uid is not None and any(_dead(arg) for arg in largs):
            palette.unbind_uid(name, uid)


def _dead(arg: object) -> bool:
    """A weak proxy (kv's `self`, or one in a rule's id map) whose widget is gone. By `type`:
    `isinstance` asks a dead proxy its class, which raises."""
    if type(arg) is dict:
        return any(_dead(value) for value in arg.values())
    if type(arg) is not WeakProxy:
        return False
    try:
        return arg.__ref__() is None
    except ReferenceError:  # a dead proxy raises on any attribute, its own included
        return True


# The colours on screen now: kv reads `theme.palette.SURFACE` and redraws when the scheme
# changes. Made with type(): Kivy names a property after the class attribute it is made as.
Palette = type(
    "Palette",
    (EventDispatcher,),
    {"use": _use, **{name: ColorProperty(colour) for name, colour in NIGHT.items()}},
)
palette = Palette()


def register_fonts() -> None:
    """Make the bundled Noto Sans CJK SC subset Kivy's default font: it covers both languages;
    and the icon font."""
    register_icon_font()
    fonts = ASSETS_DIR / "fonts"
    LabelBase.register(
        DEFAULT_FONT,
        fn_regular=str(fonts / "NotoSansCJKsc-Regular-subset.otf"),
        fn_bold=str(fonts / "NotoSansCJKsc-Bold-subset.otf"),
    )


def draw_text_into_new_textures() -> None:
    """Kivy draws a label's changed text into the texture the label already has. Drawing into
    a texture the GPU may still be reading waits until every frame queued has been drawn: on
    Mesa's software renderer (the machines this head unit is demonstrated and tested on) that
    is tens of milliseconds for each label that changes, and a stop's frame changes several.
    A new texture never waits; the old one is freed with its last frame."""
    refresh = LabelBase.refresh
    if getattr(refresh, "into_new_texture", False):
        return

    def refresh_into_new_texture(label: LabelBase) -> None:
        label.texture = None
        refresh(label)

    refresh_into_new_texture.into_new_texture = True  # type: ignore[attr-defined]
    LabelBase.refresh = refresh_into_new_texture


def gauge_colour(percent: float | None, _theme_colours: object = None) -> tuple[float, float, float, float]:
    """The gauge's arc: calm, then warning, then alert (kv passes the palette to redraw on)."""
    if percent is None:
        return palette.TRACK
    return palette.ALERT if percent >= ALERT_LEVEL else palette.LEAVES_CAR if percent >= 40 else palette.IN_CAR


class ChineseLineBreaks:
    """For a label that wraps: Chinese broken into lines where it may (ivi.ui.line_breaks),
    before Kivy, which would break it at any character, lays it out."""

    def texture_update(self, *largs) -> None:
        width = self.text_size[0]
        if width and not self.markup and has_han(self.text):
            room = width - self.padding[0] - self.padding[2]
            self._label.text = break_lines(self.text, room, lambda part: self._label.get_extents(part)[0])
        super().texture_update(*largs)


class Prose(ChineseLineBreaks, Label):
    """Body text (BodyText in theme.kv)."""


class TouchButton(ChineseLineBreaks, Button):
    """A button the size of a fingertip; styled in theme.kv. Its `role` is "alert" for the
    one that stops everything, "selected" for one whose view is open (never background_color
    itself: the class rule, bound to the button's state, would paint over it at the next press)."""

    test_id = StringProperty()
    role = StringProperty("normal")


class Tappable(ButtonBehavior):
    """A tappable area that is not a button (a tile, a notice row): outlined like one, so
    it reads as a control (theme.kv)."""

    test_id = StringProperty()


class LabelButton(TouchButton):
    """A TouchButton whose text is a msgid, shown in the current language."""

    label = StringProperty()


class OnOffSwitch(ChineseLineBreaks, ToggleButton):
    """A feature's on/off: a switch with its track and knob, and its state in words."""


class Segment(ChineseLineBreaks, ToggleButton):
    """One choice of a segmented control; styled in theme.kv."""
