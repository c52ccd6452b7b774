"""The day before a consent ends, the driver is reminded wherever they are, and can renew it."""

from ivi.testing.driver import HeadUnitDriver


def allow_for_a_week(head_unit: HeadUnitDriver, feature: str) -> None:
    head_unit.tap(f"id:allow_{feature}")
    head_unit.tap(f"id:duration_{feature}_7d")
    head_unit.tap("id:accept_selected")


def test_the_day_before_a_consent_ends_a_reminder_shows_outside_the_privacy_centre_and_renews(head_unit):
    head_unit.ignition_on()
    allow_for_a_week(head_unit, "fatigue_alert")
    for _ in range(5):
        head_unit.fast_forward("day")
    assert not head_unit.is_visible("id:renewal_text")  # two days left: no reminder yet
    head_unit.fast_forward("day")
    assert head_unit.app.screen == "home"
    assert head_unit.text_of("id:renewal_text") == (
        "Ending within a day: Fatigue alert, the first at Nov 28 9:30\u202fAM. Renew to keep them on."
    )
    head_unit.tap("id:renewal_open")
    assert head_unit.app.screen == "notice"
    assert not head_unit.is_visible("id:renewal_text")  # not over the notice it opened
    head_unit.tap("id:duration_fatigue_alert_90d")
    head_unit.tap("id:accept_selected")
    assert head_unit.app.screen == "home" and not head_unit.is_visible("id:renewal_text")
    head_unit.fast_forward("day")
    assert head_unit.is_visible("id:chip_driver_camera")  # renewed: still on after the week


def test_not_now_hides_the_reminder_until_the_next_drive_and_it_never_shows_while_moving(head_unit):
    head_unit.ignition_on()
    allow_for_a_week(head_unit, "fatigue_alert")
    for _ in range(6):
        head_unit.fast_forward("day")
    head_unit.tap("id:renewal_later")
    assert not head_unit.is_visible("id:renewal_text")
    head_unit.ignition_off()
    head_unit.ignition_on()
    until = head_unit.car.services.status()[0].running.expires_at
    head_unit.tap("id:accept_selected")  # the other features stay off; the week is not granted anew
    assert head_unit.car.services.status()[0].running.expires_at == until
    assert head_unit.is_visible("id:renewal_text")
    head_unit.set_gear("D")
    head_unit.set_speed(30)
    assert not head_unit.is_visible("id:renewal_text")
