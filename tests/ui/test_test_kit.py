"""The QA engineer's test kit itself: the driver's verbs and the pytest plugin's fixture."""

import pytest
from PIL import Image

from ivi.testing.driver import SWIPES, SelectorNotFound
from ivi.testing.scenario import SWIPE_DIRECTIONS
from ivi.testing.tour import allow


def park_with(head_unit, features: tuple[str, ...] = ()) -> None:
    head_unit.ignition_on()
    allow(head_unit, features)
    head_unit.tap("id:accept_selected" if features else "id:keep_all_off")


def test_the_car_is_set_like_a_rig_would_and_the_screen_follows(head_unit):
    park_with(head_unit)
    head_unit.set_gear("D")
    head_unit.set_speed(60)
    assert head_unit.text_of("id:speed") == "D  60 km/h"
    head_unit.set_gear("P")  # refused while moving, and the driver is told why
    assert head_unit.app.gear == "D" and head_unit.app.refusal
    head_unit.set_speed(0)
    head_unit.set_gear("P")
    assert head_unit.text_of("id:speed") == "P  0 km/h"
    head_unit.ignition_off()
    assert head_unit.is_visible("text:Ignition off") and head_unit.car.services.store.current_drive() is None


def test_wait_for_runs_the_car_until_the_text_shows(head_unit):
    park_with(head_unit, ("navigation",))
    head_unit.set_gear("D")
    head_unit.set_speed(30)
    head_unit.tap("id:home")
    head_unit.tap("id:tile_navigation")
    before = head_unit.car.clock.now()
    head_unit.wait_for("text:Driven: 0.5 kilometers", timeout=120)  # 8.3 m/s: about a minute
    assert 10 < (head_unit.car.clock.now() - before).total_seconds() <= 120


def test_a_failed_wait_says_what_was_on_screen_and_saves_a_picture(head_unit):
    with pytest.raises(SelectorNotFound) as missing:
        head_unit.wait_for("id:no_such_widget", timeout=1)
    message = str(missing.value)
    assert "'id:no_such_widget' after 1 s" in message and "'Turn ignition on'" in message
    picture = message.rsplit("screenshot: ", 1)[1]
    assert Image.open(picture).size == (1280, 720)


def test_a_swipe_scrolls_a_list_as_a_finger_would(head_unit):
    park_with(head_unit, ("fatigue_alert", "navigation", "eco_driving"))
    head_unit.tap("id:home")
    head_unit.tap("id:tile_privacy")
    head_unit.tap("id:section_history")
    rows = head_unit.find("id:privacy_rows").parent  # the scroll view around the rows
    assert rows.scroll_y == 1
    head_unit.swipe("id:privacy_rows", "up")
    assert rows.scroll_y < 1
    assert set(SWIPES) == set(SWIPE_DIRECTIONS)  # the directions scenario files may name


def test_language_samples_and_egress_are_at_hand(head_unit, tmp_path):
    park_with(head_unit, ("traffic_services",))
    head_unit.set_language("zh_CN")
    assert head_unit.text_of("id:rail_privacy") == "隐私"
    head_unit.set_gear("D")
    head_unit.set_speed(30)
    head_unit.advance(60)
    assert head_unit.samples("Vehicle.CurrentLocation.Latitude") > 0
    sent = [a for a in head_unit.egress() if a.allowed]
    assert sent and {a.feature for a in sent} == {"traffic_services"}
    assert head_unit.screenshot(tmp_path / "deep" / "zh.png").is_file()


def test_the_plugin_gives_any_test_run_a_head_unit(pytester):
    # a QA engineer's own test file, in a new pytest run that finds the fixture through the entry point
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.language("zh_CN")
        def test_notice(head_unit):
            head_unit.ignition_on()
            assert head_unit.text_of("id:keep_all_off") == "全部保持关闭"
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:xdist", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
