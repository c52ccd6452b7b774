"""The head unit, headless, driven through its real widgets by tap."""

from kivy.base import EventLoop
from kivy.config import Config
from kivy.core.window import Window
from kivy.input.providers.mouse import MouseMotionEventProvider

from ivi.bus import signals
from ivi.store import open_store
from ivi.testing.driver import HeadUnitDriver, launch

FRAME = signals.DRIVER_CAMERA_FRAME


def open_privacy_centre(head_unit: HeadUnitDriver) -> None:
    head_unit.tap("id:home")
    head_unit.tap("id:tile_privacy")


def consent_to_fatigue_alert(head_unit: HeadUnitDriver, duration: str = "7d") -> None:
    head_unit.tap("id:allow_fatigue_alert")
    head_unit.tap(f"id:duration_fatigue_alert_{duration}")
    head_unit.tap("id:accept_selected")


def test_ignition_on_shows_the_notice_with_nothing_selected(head_unit):  # CN-04, CN-07
    assert head_unit.is_visible("text:Ignition off")
    head_unit.ignition_on()
    assert head_unit.text_of("id:notice_title") == "How this car uses your personal information"
    for feature in ("fatigue_alert", "navigation"):
        assert head_unit.text_of(f"id:allow_{feature}") == "Not allowed"
        assert not head_unit.is_visible(f"id:duration_{feature}_7d")  # a duration only once allowed
    assert head_unit.find("id:accept_selected").disabled
    keep, accept = head_unit.find("id:keep_all_off"), head_unit.find("id:accept_selected")
    assert keep.size == accept.size and keep.font_size == accept.font_size  # equal weight
    # Only driver assistance runs: a safety function that needs no consent and keeps its
    # images in the car. Its chip says so and offers no stop.
    assert head_unit.app.powered_personal == ["exterior_camera"]
    chip = head_unit.texts(head_unit.find("id:chip_exterior_camera"))
    assert "Front camera" in chip and "stays in car" in chip and "×" not in chip


def test_the_notice_shows_the_seven_items_of_every_feature_a_tap_away(head_unit):  # CN-05
    head_unit.ignition_on()
    captions = ["Collects", "When", "Why", "Kept", "Your data", "Contact", "Also"]
    for feature in head_unit.car.services.catalog.consentable():
        assert head_unit.text_of(f"id:summary_{feature.id}") == feature.summary  # the first layer
        head_unit.tap(f"id:details_{feature.id}")
        assert head_unit.text_of("id:details_title") == feature.name
        for caption, (item, text) in zip(captions, feature.notice_items, strict=True):
            line = head_unit.texts(head_unit.find(f"id:notice_{feature.id}_{item}"))
            assert line == [caption, text]
        assert "privacy@ivi-motors.example" in head_unit.texts(head_unit.find(f"id:notice_{feature.id}_contact"))[1]
        head_unit.tap("id:details_close")
        assert not head_unit.is_visible("id:details_title")


def test_showing_the_notice_and_answering_it_leave_receipts(head_unit):  # CN-04
    head_unit.ignition_on()
    head_unit.tap("id:open_drawer")
    head_unit.tap("id:sim_language_zh_CN")  # the driver reads it in Chinese
    head_unit.tap("id:close_drawer")
    consent_to_fatigue_alert(head_unit)
    shown, chosen = head_unit.car.services.store.receipts.for_profile("driver")
    catalog = head_unit.car.services.catalog
    assert shown.kind.value == "notice_shown" and shown.language == "en"
    assert shown.notices == {f.id: f.notice_hash for f in catalog.consentable()}
    assert chosen.kind.value == "choice" and chosen.language == "zh_CN" and chosen.motion.parked
    assert chosen.choices["fatigue_alert"] == "7d" and chosen.choices["navigation"] == "off"


def test_consent_by_tap_powers_the_camera_shows_its_chip_and_the_gauge_moves(head_unit):
    head_unit.ignition_on()
    consent_to_fatigue_alert(head_unit)
    chip = head_unit.wait_for("id:chip_driver_camera")
    assert "Driver camera" in " ".join(head_unit.texts()) and "stays in car" in " ".join(head_unit.texts())
    assert not head_unit.is_visible("id:chip_gnss")
    head_unit.tap("id:tile_monitoring")
    head_unit.advance(30)
    assert head_unit.samples(FRAME) == 451
    assert head_unit.text_of("id:fatigue_value") != "—"
    assert chip is head_unit.find("id:chip_driver_camera")


def test_one_tap_on_the_chip_stops_the_samples(head_unit):  # CN-09
    head_unit.ignition_on()
    consent_to_fatigue_alert(head_unit)
    head_unit.advance(2)
    taken = head_unit.samples(FRAME)
    assert taken > 0
    head_unit.tap("id:tile_monitoring")
    head_unit.tap("id:chip_driver_camera")
    assert not head_unit.is_visible("id:chip_driver_camera")
    head_unit.advance(10)
    assert head_unit.samples(FRAME) == taken
    assert head_unit.text_of("id:fatigue_value") == "—"


def test_keep_all_off_collects_nothing(head_unit):
    head_unit.ignition_on()
    head_unit.tap("id:keep_all_off")
    head_unit.advance(10)
    assert head_unit.samples(FRAME) == 0
    assert head_unit.samples(signals.LATITUDE) == 0
    assert head_unit.samples(signals.SPEED) == 101
    head_unit.tap("id:tile_monitoring")
    assert head_unit.text_of("id:fatigue_value") == "—"


def test_a_drive_only_consent_is_asked_again_at_the_next_ignition(head_unit):  # CN-01
    head_unit.ignition_on()
    head_unit.tap("id:allow_navigation")
    head_unit.tap("id:duration_navigation_drive")
    head_unit.tap("id:accept_selected")
    head_unit.wait_for("id:chip_gnss")
    head_unit.tap("id:open_drawer")
    head_unit.tap("id:sim_ignition_off")
    assert not head_unit.is_visible("id:chip_gnss")
    head_unit.tap("id:sim_ignition_on")
    assert head_unit.text_of("id:allow_navigation") == "Not allowed"
    assert head_unit.app.powered_personal == ["exterior_camera"]


def test_the_reopened_notice_shows_running_consents_closes_without_changes_and_changes_only_what_is_changed(
    head_unit,
):  # CN-04
    head_unit.ignition_on()
    assert head_unit.find("id:home").disabled  # the ignition-on notice waits for an answer
    assert head_unit.text_of("id:notice_profile") == "Profile: Driver"
    assert head_unit.text_of("id:notice_summary").startswith(
        "The car processes personal information only with your consent. Nothing that needs it is on"
    )
    head_unit.tap("id:allow_navigation")
    head_unit.tap("id:duration_navigation_7d")
    consent_to_fatigue_alert(head_unit, "90d")
    open_privacy_centre(head_unit)
    head_unit.tap("id:open_notice")
    assert head_unit.text_of("id:notice_summary").startswith(
        "The car processes personal information only with your consent. On now, as you chose:"
        " Fatigue alert and Navigation."
    )
    assert head_unit.text_of("id:allow_fatigue_alert") == "Allowed"
    assert head_unit.find("id:duration_fatigue_alert_90d").state == "down"
    assert head_unit.find("id:accept_selected").disabled  # nothing changed yet: nothing to save
    assert not head_unit.is_visible("id:keep_all_off")
    assert not head_unit.find("id:home").disabled  # a reopened notice can be left by the rail too
    ledger_before = head_unit.car.services.store.ledger.history("driver")
    head_unit.tap("id:notice_close")  # closes without changing anything, back where it was opened
    assert head_unit.app.screen == "privacy"
    assert head_unit.car.services.store.ledger.history("driver") == ledger_before
    head_unit.tap("id:open_notice")
    head_unit.tap("id:allow_navigation")  # switched off: the only change
    head_unit.tap("id:accept_selected")
    assert head_unit.app.screen == "privacy"
    added = head_unit.car.services.store.ledger.history("driver")[len(ledger_before) :]
    assert [(r.entry.feature, r.entry.action.value) for r in added] == [("navigation", "revoke")]  # not re-granted
    assert head_unit.is_visible("id:chip_driver_camera") and not head_unit.is_visible("id:chip_gnss")


def test_closing_the_head_unit_switches_the_car_off(tmp_path):
    head_unit = launch(tmp_path / "car.db", language="en")
    head_unit.ignition_on()
    head_unit.close()
    store = open_store(tmp_path / "car.db")
    assert store.current_drive() is None
    store.close()


def test_the_language_switch_retranslates_what_is_on_screen_and_the_open_drawer(head_unit):
    head_unit.ignition_on()
    head_unit.tap("id:open_drawer")
    head_unit.tap("id:sim_language_zh_CN")
    assert head_unit.text_of("id:notice_title") == "本车如何处理您的个人信息"
    assert head_unit.text_of("id:keep_all_off") == "全部保持关闭"
    assert head_unit.text_of("id:close_drawer") == "关闭"
    assert head_unit.text_of("id:speed") == "P  0 km/h"
    assert head_unit.text_of("id:clock") == "09:30"
    assert head_unit.find("id:sim_language_zh_CN").state == "down"
    head_unit.tap("id:sim_language_en")
    assert head_unit.text_of("id:notice_title") == "How this car uses your personal information"
    assert head_unit.text_of("id:clock") == "9:30\u202fAM"


def test_a_mouse_is_a_finger_and_leaves_no_red_dot(head_unit):
    """Kivy's own mouse provider, made from the configuration the demo uses, clicking real
    widgets: a click taps, and a right-click leaves no multitouch dot behind."""
    device, _, options = Config.get("input", "mouse").partition(",")
    mouse = MouseMotionEventProvider(device, options)
    EventLoop.add_input_provider(mouse)
    try:
        head_unit.ignition_on()
        for button, selector in (("right", "id:allow_fatigue_alert"), ("left", "id:keep_all_off")):
            x, y = head_unit.find(selector).to_window(*head_unit.find(selector).center)
            mouse.on_mouse_press(Window, x, Window.height - y, button, [])
            mouse.on_mouse_release(Window, x, Window.height - y, button, [])
            head_unit.step()
            assert mouse.touches == {}  # nothing left on the glass
            if button == "right":
                assert head_unit.text_of("id:allow_fatigue_alert") == "Allowed"  # tapped, like a finger
        assert head_unit.app.screen == "home"
        assert head_unit.car.services.store.receipts.for_profile("driver")[-1].choices["fatigue_alert"] == "off"
    finally:
        EventLoop.remove_input_provider(mouse)
