"""A guest at the wheel: the notice says so, offers a guest's choices for this drive only (no
7 days, 90 days or a year to be refused afterwards), and anyone can continue as a guest from
the ignition-on notice with one tap."""

import pytest


def durations_offered(head_unit, feature: str) -> list[str]:
    return sorted(t.rsplit("_", 1)[1] for t in head_unit.tappable() if t.startswith(f"id:duration_{feature}_"))


def test_continue_as_guest_offers_this_drive_only_and_records_it(head_unit):
    head_unit.ignition_on()
    head_unit.tap("id:allow_navigation")
    assert durations_offered(head_unit, "navigation") == ["365d", "7d", "90d", "drive"]
    head_unit.tap("id:continue_as_guest")
    assert head_unit.app.profile == "guest"
    assert head_unit.text_of("id:notice_profile") == "Profile: Guest. Your choices last this drive only."
    assert not head_unit.is_visible("id:continue_as_guest")
    head_unit.tap("id:allow_navigation")  # the guest's own cards: nothing carried over
    assert durations_offered(head_unit, "navigation") == ["drive"]
    head_unit.tap("id:duration_navigation_drive")
    head_unit.tap("id:accept_selected")
    [status] = [s for s in head_unit.car.services.status("guest") if s.feature.id == "navigation"]
    assert status.active and status.running.duration.value == "drive"


@pytest.mark.parametrize("feature", ["fatigue_alert", "sentry_upload"])
def test_a_guest_switched_to_from_the_drawer_is_offered_this_drive_only(head_unit, feature):
    head_unit.ignition_on()
    head_unit.tap("id:open_drawer")
    head_unit.tap("id:sim_profile_guest")
    head_unit.tap("id:close_drawer")
    head_unit.tap(f"id:allow_{feature}")
    assert durations_offered(head_unit, feature) == ["drive"]


def test_no_continue_as_guest_while_moving(head_unit):
    head_unit.ignition_on()
    head_unit.tap("id:keep_all_off")
    head_unit.set_gear("D")
    head_unit.set_speed(30)
    head_unit.app.show("notice")
    assert not head_unit.is_visible("id:continue_as_guest")
