"""Readable in a car, day and night: every state of the tour, in both languages and both
colour schemes, measured on the rendered screen at 1280×720 (WCAG 2.2: text 4.5:1 against
what is behind it, controls 3:1 against what is around them). The same tour checks that every
text fits and every control is touch-sized at this size (at 1920×720: test_layout.py; in the
pseudo-locale: `ivi i18n check`), so each language is toured once a size."""

import numpy as np
import pytest
from kivy.weakproxy import WeakProxy

from ivi.testing.contrast import contrast_problems, frame, ratio
from ivi.testing.driver import launch
from ivi.testing.layout import text_problems, touch_problems
from ivi.testing.pictures import save_png, window_pixels
from ivi.testing.tour import tour
from ivi.ui import theme

LANGUAGES = ["zh_CN", "en"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_screen_of_the_tour_reads_by_day_and_by_night_and_fits(tmp_path, screenshot_dir, language):
    # Each screen measured is also kept, as screenshots/contrast/LANGUAGE/STATE-SCHEME.png.
    head_unit = launch(tmp_path / "car.db", language=language)
    problems, states = [], 0
    try:
        for state in tour(head_unit):
            states += 1
            held = head_unit.app.held_scheme
            root = head_unit.app.root
            for scheme in ("day", "night"):
                head_unit.app.hold_scheme(scheme)
                head_unit.step()
                pixels = window_pixels()  # read once: measured, and kept to look at
                found = contrast_problems(root, overlays=(root.ids.drawer,), drawn=pixels[::-1] / 255.0)
                problems += [f"{state}, {scheme}: {p}" for p in found]
                save_png(pixels, screenshot_dir / "contrast" / language / f"{state}-{scheme}.png")
            found = text_problems(root, overlays=(root.ids.drawer,)) + touch_problems(root)
            problems += [f"{state}: {problem}" for problem in found]
            head_unit.app.hold_scheme(held)
            head_unit.step()
    finally:
        head_unit.close()
    assert states == 26
    assert not problems, "\n".join(problems)


def test_the_measure_names_a_label_that_cannot_be_read(head_unit):
    head_unit.ignition_on()
    title = head_unit.find("id:notice_title")
    title.color = theme.palette.SURFACE_HIGH  # nearly the colour behind it
    head_unit.step()
    [problem] = [p for p in contrast_problems(head_unit.app.root) if "notice_title" in str(p)]
    assert "id:notice_title: text" in str(problem) and ":1 (at least 4.5:1)" in str(problem)


def test_the_colour_scheme_follows_the_time_of_day_in_the_car_unless_held(head_unit):
    head_unit.ignition_on()  # 09:30 in the car
    assert head_unit.app.scheme == "day"
    background = frame()[5, 5]  # the rail's corner
    for _ in range(10):
        head_unit.fast_forward("hour")  # 19:30
    assert head_unit.app.scheme == "night"
    assert ratio(frame()[5, 5], background) > 10  # really redrawn, not only a property
    head_unit.tap("id:open_drawer")
    head_unit.tap("id:sim_scheme_day")
    head_unit.tap("id:close_drawer")
    assert head_unit.app.scheme == "day"
    assert np.allclose(frame()[5, 5], background, atol=2 / 255)


def fill_of(head_unit, selector: str) -> np.ndarray:
    widget = head_unit.find(selector)
    x, y = widget.to_window(widget.x + 8, widget.y + 8)  # inside the outline, clear of the text
    return frame()[round(y), round(x)]


def test_stop_all_stays_red_and_the_open_drawers_button_stays_selected_after_presses(head_unit):
    head_unit.ignition_on()
    head_unit.tap("id:keep_all_off")
    head_unit.tap("id:rail_privacy")
    for _ in range(2):  # a press used to paint it grey for good
        head_unit.tap("id:stop_all")
        assert np.allclose(fill_of(head_unit, "id:stop_all"), theme.palette.ALERT[:3], atol=2 / 255)
    head_unit.tap("id:open_drawer")
    assert np.allclose(fill_of(head_unit, "id:open_drawer"), theme.palette.SELECTED[:3], atol=2 / 255)
    head_unit.tap("id:sim_scheme_night")
    assert np.allclose(fill_of(head_unit, "id:open_drawer"), theme.palette.SELECTED[:3], atol=2 / 255)


def test_switching_colours_lets_go_of_a_rule_kivy_left_bound_after_its_widget_died():
    """Kivy can leave a kv rule bound to the palette after its widget died (kivy/kivy#3305):
    dispatching to it raised a ReferenceError that stopped the day/night switch half way, in
    the middle of a tour. The switch unbinds such rules first, and reaches every other widget."""

    class Gone:
        text = ""

    widget = Gone()
    kv_self = WeakProxy(widget)

    def rule(proxy, _palette, _value):  # what a kv rule does: read its widget through the proxy
        return proxy.text

    seen = []
    palette = theme.Palette()  # not the head unit's: switching that one would redraw widgets of apps gone
    palette.use("night")
    palette.fbind("SURFACE", rule, kv_self)
    palette.fbind("SURFACE", lambda _palette, value: seen.append(tuple(value)))
    del widget
    palette.use("day")
    assert seen == [tuple(theme.DAY["SURFACE"])]
    assert rule not in palette.get_property_observers("SURFACE")
