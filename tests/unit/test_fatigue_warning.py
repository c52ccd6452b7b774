"""The drowsiness warning starts at the alert line and ends only under the calm line, so a
level hovering at the line does not make it flicker; with the camera off there is none."""

from ivi.core.fatigue import ALERT_LEVEL, CALM_LEVEL, warn_of_drowsiness


def test_the_warning_starts_at_the_alert_line_and_holds_until_the_level_is_calm_again():
    levels = [10, 65, ALERT_LEVEL, 66, CALM_LEVEL, CALM_LEVEL - 1, 65]
    warned, shown = False, []
    for level in levels:
        warned = warn_of_drowsiness(level, warned)
        shown.append(warned)
    assert shown == [False, False, True, True, True, False, False]


def test_no_warning_while_the_camera_is_off():
    assert not warn_of_drowsiness(None, warned=True)
