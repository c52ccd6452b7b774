"""The simulator drawer: ignition, gear, speed, driver profile, language, fast-forward."""

from ivi.testing.tour import allow


def test_ignition_from_the_drawer_starts_and_ends_drives(head_unit):
    head_unit.tap("id:open_drawer")
    head_unit.tap("id:sim_ignition_on")
    assert head_unit.app.ignition and head_unit.app.screen == "notice"
    assert head_unit.car.services.store.current_drive() is not None
    head_unit.tap("id:sim_ignition_off")
    assert head_unit.app.screen == "off" and head_unit.car.services.store.current_drive() is None
    assert head_unit.text_of("id:speed") == "Ignition off"
    assert head_unit.find("id:sim_gear_D").parent.disabled  # no gear without ignition


def test_gear_and_speed_move_the_car_and_p_is_refused_while_moving(head_unit):
    head_unit.ignition_on()
    head_unit.tap("id:keep_all_off")
    head_unit.tap("id:open_drawer")
    head_unit.tap("id:sim_speed_120")
    head_unit.tap("id:sim_gear_D")
    head_unit.advance(3)
    assert head_unit.text_of("id:speed") == "D  22 km/h" and head_unit.app.moving  # easing up at 2 m/s²
    head_unit.advance(15)
    assert head_unit.text_of("id:speed") == "D  120 km/h"
    head_unit.tap("id:sim_gear_P")
    assert head_unit.text_of("id:drawer_refusal") == "Come to a stop before you select P."
    assert head_unit.find("id:sim_gear_D").state == "down" and head_unit.find("id:sim_gear_P").state == "normal"
    head_unit.tap("id:sim_speed_auto")  # the city cycle: stops at lights
    head_unit.advance(60)
    assert 0 <= head_unit.app.speed <= 50
    head_unit.tap("id:sim_ignition_off")
    head_unit.tap("id:sim_ignition_on")  # every drive starts parked
    assert head_unit.text_of("id:speed") == "P  0 km/h" and head_unit.find("id:sim_gear_P").state == "down"


def test_a_new_driver_profile_starts_with_everything_off_and_is_asked(head_unit):
    head_unit.ignition_on()
    allow(head_unit, ("fatigue_alert",))
    head_unit.tap("id:accept_selected")
    head_unit.tap("id:open_drawer")
    head_unit.tap("id:sim_profile_partner")
    assert head_unit.car.services.store.current_drive().profile == "partner"
    assert head_unit.app.screen == "notice" and head_unit.text_of("id:allow_fatigue_alert") == "Not allowed"
    assert head_unit.app.powered_personal == ["exterior_camera"]
    head_unit.tap("id:sim_profile_driver")  # the driver's 7-day consent is theirs again
    assert "driver_camera" in head_unit.app.powered_personal


def test_fast_forward_moves_the_clock_by_an_hour_a_day_and_a_week(head_unit):
    head_unit.tap("id:open_drawer")
    shown = []
    for span in ("hour", "day", "week"):
        head_unit.tap(f"id:ff_{span}")
        shown.append(head_unit.car.clock.now().isoformat())
    assert shown == ["2026-11-21T02:30:00+00:00", "2026-11-22T02:30:00+00:00", "2026-11-29T02:30:00+00:00"]
    assert head_unit.text_of("id:clock") == "Nov 29\n10:30\u202fAM"  # another day than it started on
