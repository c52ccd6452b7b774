"""Every stop says so at once, whichever way it was made, and the simulator drawer never
stands between the driver and a stop."""

from helpers import ivi

from ivi.testing.driver import HeadUnitDriver
from ivi.testing.tour import allow


def consent(head_unit: HeadUnitDriver, *features: str) -> None:
    head_unit.ignition_on()
    allow(head_unit, features)
    head_unit.tap("id:accept_selected")


def test_a_chip_a_row_and_stop_all_each_confirm_the_stop(head_unit):
    consent(head_unit, "fatigue_alert", "navigation", "voice_assistant")
    head_unit.tap("id:chip_driver_camera")
    assert head_unit.text_of("id:toast") == "Driver camera stopped: it collects nothing more"
    head_unit.tap("id:rail_privacy")
    head_unit.tap("id:consent_navigation_button")
    assert head_unit.text_of("id:toast") == "Navigation stopped"
    head_unit.tap("id:stop_all")
    assert head_unit.text_of("id:toast") == (
        "Everything you allowed stopped. On for driving safety, without consent and only in the car:"
        " Front camera for Driver assistance."
    )
    assert head_unit.app.powered_personal == ["exterior_camera"]


def test_a_tap_beside_the_open_drawer_closes_it_and_reaches_the_stop_under_it(head_unit):
    consent(head_unit, "fatigue_alert")
    head_unit.tap("id:rail_privacy")
    head_unit.tap("id:open_drawer")
    assert "id:stop_all" in head_unit.tappable()  # the drawer opens beside the rail, away from it
    head_unit.tap("id:stop_all")  # one tap, under the drawer's scrim
    assert not head_unit.app.drawer_open
    assert head_unit.app.powered_personal == ["exterior_camera"]


def test_a_stop_from_another_process_takes_the_chip_away_and_an_ended_drive_shows_the_ignition_off(head_unit):
    """The `ivi` command in another process, while the head unit runs: what it stops goes
    from the status bar with the next frame, and a drive it ends leaves the car switched off."""
    consent(head_unit, "health_alert", "navigation")
    db = head_unit.app.car.services.store.path
    assert "heart_rate_sensor" in head_unit.app.powered_personal
    head_unit.tap("id:rail_privacy")
    head_unit.tap("id:open_notice")
    assert head_unit.text_of("id:allow_health_alert") == "Allowed"
    done = ivi("consent", "revoke", "health_alert", db=db, process=True)
    assert done.returncode == 0, done.stderr
    head_unit.advance(1)
    assert "heart_rate_sensor" not in head_unit.app.powered_personal
    assert not head_unit.is_visible("id:chip_heart_rate_sensor")
    assert "gnss" in head_unit.app.powered_personal
    # the open notice no longer says the withdrawn feature is allowed, nor that it is on
    assert head_unit.text_of("id:allow_health_alert") == "Not allowed"
    assert "Health alert" not in head_unit.text_of("id:notice_summary")
    done = ivi("drive", "end", db=db, process=True)
    assert done.returncode == 0, done.stderr
    head_unit.advance(1)
    assert head_unit.app.powered_personal == []
    assert not head_unit.app.ignition and head_unit.app.screen == "off"


def test_a_grant_from_another_process_gives_a_running_sensors_chip_its_stop(head_unit):
    """The front camera runs for driver assistance, which cannot be stopped: its chip has no
    stop. Incident clips granted from another process use it too, and can be stopped: the chip
    gets its stop, and says its data leaves the car, with the next frame."""
    consent(head_unit, "fatigue_alert")
    assert "stays in car" in head_unit.texts(head_unit.find("id:chip_exterior_camera"))
    db = head_unit.app.car.services.store.path
    done = ivi("consent", "grant", "sentry_upload", "--duration", "7d", db=db, process=True)
    assert done.returncode == 0, done.stderr
    head_unit.advance(1)
    chip = head_unit.texts(head_unit.find("id:chip_exterior_camera"))
    assert "leaves car" in chip and "×" in chip
