"""Colours, sizes and the bundled font. Sizes follow the Android for Cars guidance:
touch targets at least 76 dp, body text at least 24 sp."""

from kivy.core.text import DEFAULT_FONT, LabelBase
from kivy.properties import StringProperty
from kivy.uix.button import Button
from kivy.uix.togglebutton import ToggleButton

from ivi.paths import ASSETS_DIR

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

BACKGROUND = (0.055, 0.067, 0.086, 1)
SURFACE = (0.11, 0.13, 0.16, 1)
SURFACE_HIGH = (0.17, 0.2, 0.25, 1)
PRESSED = (0.25, 0.3, 0.38, 1)
SELECTED = (0.2, 0.42, 0.75, 1)
TEXT = (0.92, 0.93, 0.95, 1)
MUTED = (0.62, 0.65, 0.7, 1)
DISABLED_TEXT = (0.45, 0.47, 0.5, 1)
TRACK = (0.22, 0.25, 0.3, 1)
IN_CAR = (0.18, 0.55, 0.5, 1)  # chip of a sensor whose data stays in the car
LEAVES_CAR = (0.8, 0.45, 0.15, 1)  # chip of a sensor whose data leaves the car
ALERT = (0.85, 0.3, 0.25, 1)
BANNER = (0.2, 0.24, 0.32, 1)
SELECTED_TEXT = (0.55, 0.73, 1, 1)  # a link's text: what opens more on a tap
SCRIM = (0, 0, 0, 0.6)  # behind a view over the screen


def register_fonts() -> None:
    """Make the bundled Noto Sans CJK SC subset Kivy's default font: it covers both languages."""
    fonts = ASSETS_DIR / "fonts"
    LabelBase.register(
        DEFAULT_FONT,
        fn_regular=str(fonts / "NotoSansCJKsc-Regular-subset.otf"),
        fn_bold=str(fonts / "NotoSansCJKsc-Bold-subset.otf"),
    )


def gauge_colour(percent: float | None) -> tuple[float, float, float, float]:
    if percent is None:
        return TRACK
    return ALERT if percent >= 70 else LEAVES_CAR if percent >= 40 else IN_CAR


class TouchButton(Button):
    """A button the size of a fingertip; styled in theme.kv."""

    test_id = StringProperty()


class LabelButton(TouchButton):
    """A TouchButton whose text is a msgid, shown in the current language."""

    label = StringProperty()


class Segment(ToggleButton):
    """One choice of a segmented control; styled in theme.kv."""
