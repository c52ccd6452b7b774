"""While the car moves: the notice shrinks to a banner, whatever would expand collection is
disabled with the reason on screen, and every stop still works."""

from ivi.bus import signals
from ivi.testing.driver import HeadUnitDriver
from ivi.testing.tour import allow, drawer

MOVING_BANNER = "Privacy choices wait until you park. Until then, nothing that needs your consent is on."


def pull_away(head_unit: HeadUnitDriver) -> None:
    drawer(head_unit, "id:sim_speed_60", "id:sim_gear_D")
    head_unit.advance(2)


def test_the_notice_shrinks_to_a_banner_while_moving_and_returns_once_parked(head_unit):
    head_unit.ignition_on()
    assert head_unit.app.screen == "notice" and not head_unit.is_visible("id:notice_banner")
    pull_away(head_unit)
    assert head_unit.app.screen == "home"
    assert head_unit.text_of("id:banner_text") == MOVING_BANNER
    assert head_unit.find("id:banner_open").disabled
    assert head_unit.app.powered_personal == ["exterior_camera"]  # nothing was chosen, nothing is on
    drawer(head_unit, "id:sim_speed_0")
    head_unit.advance(6)  # eases down from 60 km/h at 3 m/s²
    assert head_unit.text_of("id:banner_text") == "Privacy choices are waiting. Nothing that needs your consent is on."
    head_unit.tap("id:banner_open")
    assert head_unit.app.screen == "notice"
    allow(head_unit, ("navigation",))
    head_unit.tap("id:accept_selected")
    assert not head_unit.is_visible("id:notice_banner")
    assert head_unit.is_visible("id:chip_gnss")


def test_switching_driver_is_refused_while_moving_and_the_drawer_says_why(head_unit):
    head_unit.ignition_on()
    head_unit.tap("id:keep_all_off")
    pull_away(head_unit)
    drawer(head_unit, "id:sim_profile_partner")  # refused while moving: the drawer says why
    assert head_unit.app.profile == "driver"
    head_unit.tap("id:open_drawer")
    assert head_unit.text_of("id:drawer_refusal") == "Park the car to switch this on. Stopping works at any time."
    assert head_unit.find("id:sim_profile_driver").state == "down"
    head_unit.tap("id:close_drawer")


def test_expanding_controls_are_disabled_with_the_reason_while_stops_work(head_unit):
    head_unit.ignition_on()
    allow(head_unit, ("fatigue_alert", "navigation", "health_alert"))
    head_unit.tap("id:accept_selected")
    pull_away(head_unit)
    head_unit.tap("id:rail_privacy")
    assert head_unit.find("id:open_notice").disabled
    assert (
        head_unit.text_of("id:privacy_reason") == "Park to read the notice or allow more. Stopping works at any time."
    )
    assert not head_unit.find("id:stop_all").disabled
    head_unit.tap("id:consent_navigation_button")  # a stop in the privacy centre
    head_unit.tap("id:chip_driver_camera")  # a stop in the status bar
    assert head_unit.app.powered_personal == ["heart_rate_sensor", "exterior_camera"]
    frames = head_unit.samples(signals.DRIVER_CAMERA_FRAME)
    head_unit.advance(5)
    assert head_unit.samples(signals.DRIVER_CAMERA_FRAME) == frames
    head_unit.tap("id:home")
    head_unit.tap("id:tile_settings")
    assert head_unit.find("id:profile_partner").parent.disabled
    assert head_unit.text_of("id:settings_reason") == "Park to change who drives."
    # Parked again (standing still in D counts), the notice opens and can expand collection.
    drawer(head_unit, "id:sim_speed_0")
    head_unit.advance(6)  # eases down from 60 km/h at 3 m/s²
    head_unit.tap("id:rail_privacy")
    assert not head_unit.find("id:open_notice").disabled
    assert not head_unit.is_visible("id:privacy_reason")


def test_switching_off_while_moving_does_not_skip_the_notice_at_the_next_ignition_on(head_unit):
    head_unit.ignition_on()
    pull_away(head_unit)  # the notice shrinks to the banner, unanswered
    head_unit.ignition_off()  # the simulator lets it happen at speed
    head_unit.ignition_on()
    assert head_unit.app.screen == "notice" and not head_unit.app.moving
    assert head_unit.app.speed == 0 and head_unit.app.gear == "P"
    head_unit.advance(3)  # the car does not drive off by itself
    assert head_unit.app.screen == "notice" and head_unit.app.speed == 0


def test_a_guest_is_offered_only_what_a_guest_may_choose_and_a_refusal_never_closes_the_head_unit(head_unit):
    head_unit.app.switch_profile("guest")  # before the ignition: the next drive is the guest's
    head_unit.ignition_on()
    assert head_unit.app.profile == "guest"
    head_unit.tap("id:allow_fatigue_alert")
    assert head_unit.is_visible("id:duration_fatigue_alert_drive")
    assert not any(head_unit.find(f"id:duration_fatigue_alert_{d}") for d in ("7d", "90d", "365d"))
    head_unit.tap("id:duration_fatigue_alert_drive")
    head_unit.tap("id:accept_selected")
    assert head_unit.app.screen == "home" and head_unit.is_visible("id:chip_driver_camera")
    head_unit.app.attempt(lambda: head_unit.app.car.services.grant("fatigue_alert", "365d"))  # as a script might
    head_unit.step()
    assert head_unit.app.refusal == "A guest's consent lasts this drive only."


def test_while_moving_no_live_video_long_lists_wait_and_every_stop_still_works(head_unit):
    head_unit.ignition_on()
    allow(head_unit, ("remote_cabin_view", "fatigue_alert"))
    head_unit.tap("id:accept_selected")
    head_unit.tap("id:home")
    head_unit.tap("id:tile_monitoring")
    head_unit.advance(1)
    assert head_unit.is_visible("id:cabin_preview") and head_unit.is_visible("id:front_preview")
    pull_away(head_unit)
    assert not head_unit.is_visible("id:cabin_preview") and not head_unit.is_visible("id:front_preview")
    assert head_unit.text_of("id:cabin_caption") == "Live pictures pause while you drive."
    assert head_unit.text_of("id:front_caption") == "Live pictures pause while you drive."
    head_unit.tap("id:home")
    head_unit.tap("id:tile_privacy")
    head_unit.tap("id:section_history")
    assert head_unit.texts(head_unit.find("id:privacy_locked"))[0] == "Park to read this"
    head_unit.tap("id:chip_driver_camera")  # a stop while moving: at once
    assert not head_unit.is_visible("id:chip_driver_camera")
    drawer(head_unit, "id:sim_speed_0")
    head_unit.advance(6)
    assert not head_unit.is_visible("id:privacy_locked")  # parked: the history is there again
