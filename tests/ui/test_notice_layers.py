"""The notice in two layers: a row per feature, its seven items a tap away, how far the
driver has read, and the stops of the status bar still one tap away over it."""

import cv2
import pytest
from kivy.core.window import Window

from ivi.bus import signals
from ivi.testing.driver import HeadUnitDriver
from ivi.testing.touch import Touch
from ivi.ui import theme


def allow_fatigue_alert(head_unit: HeadUnitDriver) -> None:
    head_unit.tap("id:allow_fatigue_alert")
    head_unit.tap("id:duration_fatigue_alert_7d")
    head_unit.tap("id:accept_selected")


def test_the_first_layer_shows_each_features_summary_switch_and_durations_once_allowed(head_unit):
    head_unit.ignition_on()
    for feature in head_unit.car.services.catalog.consentable():
        row = head_unit.texts(head_unit.find(f"id:card_{feature.id}"))
        assert row == [feature.name, "Details", feature.summary, "Not allowed"]  # no item text yet
    assert not head_unit.is_visible("id:duration_navigation_7d")
    assert head_unit.text_of("id:accept_selected") == "Allow a feature to accept it"  # dimmed, and says why
    head_unit.tap("id:allow_navigation")
    assert "Choose how long:" in head_unit.texts(head_unit.find("id:card_navigation"))
    assert head_unit.find("id:accept_selected").disabled
    assert head_unit.text_of("id:accept_selected") == "Choose how long first"
    head_unit.tap("id:duration_navigation_7d")
    assert "How long:" in head_unit.texts(head_unit.find("id:card_navigation"))
    assert not head_unit.find("id:accept_selected").disabled
    assert head_unit.text_of("id:accept_selected") == "Accept selected"
    head_unit.tap("id:allow_navigation")  # off again: its durations go, nothing is left to choose
    assert not head_unit.is_visible("id:duration_navigation_7d")


def test_reading_progress_counts_each_feature_whose_details_were_opened(head_unit):
    head_unit.ignition_on()
    total = len(head_unit.car.services.catalog.consentable())
    assert head_unit.text_of("id:notice_progress") == f"Details read: 0 of {total}"
    head_unit.tap("id:details_fatigue_alert")
    head_unit.tap("id:details_next")  # on to the next feature's details: read too
    assert head_unit.text_of("id:details_title") == "Health alert"
    head_unit.tap("id:details_close")
    head_unit.tap("id:details_fatigue_alert")  # read again: counted once
    head_unit.tap("id:details_close")
    assert head_unit.text_of("id:notice_progress") == f"Details read: 2 of {total}"
    assert head_unit.text_of("id:details_link_fatigue_alert") == "Details (read)"
    assert head_unit.text_of("id:details_link_navigation") == "Details"


def test_the_last_features_details_say_there_is_no_next_one(head_unit):
    head_unit.ignition_on()
    last = head_unit.car.services.catalog.consentable()[-1]
    head_unit.tap(f"id:details_{last.id}")
    assert head_unit.find("id:details_next").disabled
    assert head_unit.text_of("id:details_next") == "That was the last feature"


def test_the_details_cover_the_notice_but_not_the_status_bar_whose_stop_takes_one_tap(head_unit):
    head_unit.ignition_on()
    allow_fatigue_alert(head_unit)
    head_unit.tap("id:home")
    head_unit.tap("id:tile_privacy")
    head_unit.tap("id:open_notice")
    head_unit.tap("id:details_navigation")
    reachable = head_unit.tappable()
    assert "id:allow_navigation" not in reachable and "id:accept_selected" not in reachable  # under the details
    assert "id:chip_driver_camera" in reachable
    try:
        head_unit.tap("id:allow_navigation")
    except AssertionError as covered:
        assert "covered" in str(covered)
    else:
        raise AssertionError("a switch under the details took a tap")
    head_unit.tap("id:chip_driver_camera")  # one tap stops it, details open or not
    frames = head_unit.samples(signals.DRIVER_CAMERA_FRAME)
    head_unit.advance(2)
    assert head_unit.samples(signals.DRIVER_CAMERA_FRAME) == frames


def test_a_tap_on_the_scrim_closes_the_details(head_unit):
    head_unit.ignition_on()
    head_unit.tap("id:details_fatigue_alert")
    overlay = head_unit.find("id:details_title")
    while not getattr(overlay, "covers_siblings", False):
        overlay = overlay.parent
    x, y = overlay.to_window(overlay.x + 4, overlay.y + 4)  # outside the panel, on the scrim
    touch = Touch(x, y)
    touch.touch_down()
    touch.touch_up()
    head_unit.step()
    assert not head_unit.is_visible("id:details_title")
    assert head_unit.is_visible("id:allow_fatigue_alert")


def test_the_reading_bar_starts_empty_on_a_notice_opened_again(head_unit, tmp_path):
    head_unit.ignition_on()
    head_unit.tap("id:details_fatigue_alert")
    head_unit.tap("id:details_next")
    head_unit.tap("id:details_close")
    head_unit.tap("id:keep_all_off")
    head_unit.tap("id:rail_privacy")
    head_unit.tap("id:open_notice")
    assert head_unit.text_of("id:notice_progress").startswith("Details read: 0 of ")
    bar = head_unit.find("id:notice_progress_bar")
    x, y = bar.to_window(bar.x + 4, bar.center_y)
    picture = cv2.imread(str(head_unit.screenshot(tmp_path / "notice.png")))
    blue, _green, red = picture[round(picture.shape[0] - y), round(x)]
    assert (
        abs(red / 255 - theme.palette.TRACK[0]) < 0.03 and abs(blue / 255 - theme.palette.TRACK[2]) < 0.03
    )  # track, no fill


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_at_1280_by_720_at_least_three_features_show_whole_before_any_scrolling(head_unit, language):
    """A notice one takes in: several rows on its first screen, each with its name, summary
    and switch wholly inside the list's view (it once showed one card at a time)."""
    assert Window.size == (1280, 720)
    head_unit.set_language(language)
    head_unit.ignition_on()
    features = head_unit.car.services.catalog.consentable()
    view = head_unit._scroll_views_around(head_unit.find(f"id:card_{features[0].id}"))[0]
    bottom, top = view.to_window(view.x, view.y)[1], view.to_window(view.x, view.top)[1]

    def whole_in_view(feature) -> bool:
        card = head_unit.find(f"id:card_{feature.id}")
        low, high = card.to_window(card.x, card.y)[1], card.to_window(card.x, card.top)[1]
        return bottom <= low and high <= top

    shown = [feature.id for feature in features if whole_in_view(feature)]
    assert len(shown) >= 3, shown
    assert shown == [feature.id for feature in features[: len(shown)]]  # the first ones, in order
