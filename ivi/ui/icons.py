"""Icons: Google's Material Symbols Outlined font (Apache 2.0), as the material-design-icons
wheel installs it with its codepoints (read from the wheel's folder, never imported: the
package itself pulls in GUI toolkits it does not need here).

SDL draws no ligatures, so an icon is its codepoint, looked up by the symbol's name.
"""

import json
from functools import cache

from kivy.core.text import LabelBase

from ivi.paths import package_folder

ICON_FONT = "MaterialSymbols"
ICON_SIZE = 32  # px in markup: beside 24 sp text, as large as its capitals look
_ASSETS = "assets"

# What each screen, rail button and sensor is shown with.
SCREEN_ICONS = {
    "home": "home",
    "navigation": "navigation",
    "media": "music_note",
    "phone": "call",
    "monitoring": "visibility",
    "privacy": "privacy_tip",
    "settings": "settings",
    "simulator": "tune",
}
SENSOR_ICONS = {
    "vehicle_bus": "directions_car",
    "driver_camera": "face",
    "cabin_camera": "videocam",
    "cabin_microphone": "mic",
    "heart_rate_sensor": "ecg_heart",
    "gnss": "location_on",
    "habit_recorder": "speed",
    "exterior_camera": "photo_camera_front",
}
LEAVES_CAR = "cloud_upload"  # a chip's mark, beside the words, for data that leaves the car
STAYS_IN_CAR = "directions_car"


def register_icon_font() -> None:
    LabelBase.register(
        ICON_FONT, fn_regular=str(package_folder("material_design_icons") / _ASSETS / "MaterialSymbolsOutlined.ttf")
    )


@cache
def _codepoints() -> dict[str, str]:
    path = package_folder("material_design_icons") / _ASSETS / "codepoints.json"
    return json.loads(path.read_text(encoding="utf-8"))


def glyph(name: str) -> str:
    """The character that draws the named symbol in ICON_FONT."""
    return _codepoints()[name]


def with_icon(name: str, text: str, above: bool = False) -> str:
    """Label markup (`markup: True`): the icon before the text, at its size, or above it,
    larger."""
    if above:
        return f"[font={ICON_FONT}][size={ICON_SIZE}]{glyph(name)}[/size][/font]\n{text}"
    return f"[font={ICON_FONT}]{glyph(name)}[/font] {text}"
