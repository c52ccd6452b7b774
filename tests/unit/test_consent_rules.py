"""The consent rules, one test or more per rule, named by requirement id."""

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from helpers import T0

from ivi.bootstrap import load_catalog
from ivi.core.consent import Action, changes_for, grant, revoke, running
from ivi.core.drive import Drive
from ivi.core.durations import Duration
from ivi.core.errors import ConsentNotNeeded, GuestConsentLimited, InvalidDuration, NoDriveInProgress, NotParked
from ivi.core.motion import PARKED, Gear, Motion

CATALOG = load_catalog()
DRIVE = Drive(1, "driver", T0)


def give(feature: str, duration: Duration, profile: str = "driver", drive: Drive = DRIVE, motion: Motion = PARKED):
    return grant(CATALOG, feature, duration, profile, T0, drive, motion)


def valid(entry, drive: Drive | None = DRIVE, now: datetime = T0) -> bool:
    return running(CATALOG, entry, drive, now)


def test_cn08_durations_are_exactly_the_four_a_driver_may_choose():
    assert [d.value for d in Duration] == ["drive", "7d", "90d", "365d"]
    for refused in ("always", "permanent", "0d", ""):
        with pytest.raises(InvalidDuration):
            Duration.parse(refused)


@pytest.mark.parametrize("duration, days", [("7d", 7), ("90d", 90), ("365d", 365)])
def test_cn08_a_timed_consent_is_valid_until_its_expiry_and_not_a_second_longer(duration, days):
    entry = give("fatigue_alert", Duration.parse(duration))
    end = T0 + timedelta(days=days)
    assert entry.expires_at == end
    assert valid(entry, now=end - timedelta(seconds=1))
    assert not valid(entry, now=end)


def test_cn01_a_drive_consent_belongs_to_its_drive_only():
    entry = give("navigation", Duration.DRIVE)
    assert valid(entry, now=T0 + timedelta(days=30))  # however long the drive lasts
    ended = Drive(1, "driver", T0, ended_at=T0 + timedelta(hours=1))
    next_drive = Drive(2, "driver", T0 + timedelta(hours=2))
    assert not valid(entry, ended, T0 + timedelta(hours=1))
    assert not valid(entry, next_drive, T0 + timedelta(hours=2))


def test_a_drive_consent_needs_a_drive_in_progress():
    with pytest.raises(NoDriveInProgress):
        give("navigation", Duration.DRIVE, drive=None)


def test_profiles_a_consent_is_for_one_profile_and_nothing_runs_without_a_drive():
    entry = give("fatigue_alert", Duration.DAYS_7)
    assert not valid(entry, Drive(2, "alice", T0))
    assert not valid(entry, None)


def test_profiles_the_guest_can_consent_for_this_drive_only():
    guest_drive = Drive(3, "guest", T0)
    with pytest.raises(GuestConsentLimited, match="this drive only"):
        give("navigation", Duration.DAYS_7, "guest", guest_drive)
    entry = give("navigation", Duration.DRIVE, "guest", guest_drive)
    assert valid(entry, guest_drive)
    assert not valid(entry, Drive(4, "guest", T0 + timedelta(minutes=5)))


def test_profiles_a_guest_entry_with_a_long_duration_still_ends_with_its_drive():
    # However it got there (an older ivi, a hand-edited file), a guest's consent never
    # outlives the drive it was given in.
    entry = replace(give("navigation", Duration.DRIVE, "guest", Drive(3, "guest", T0)), duration=Duration.DAYS_365)
    assert not valid(entry, Drive(4, "guest", T0 + timedelta(hours=1)), T0 + timedelta(hours=1))


def test_cn06_a_revoke_is_never_valid():
    assert not valid(revoke(CATALOG, "fatigue_alert", "driver", T0))


def test_cn06_a_safety_function_that_needs_no_consent_cannot_be_granted():
    with pytest.raises(ConsentNotNeeded):
        give("adas_perception", Duration.DAYS_7)


def test_notice_versions_a_consent_counts_only_under_the_notice_it_was_given_under():
    entry = give("fatigue_alert", Duration.DAYS_90)
    assert entry.notice_hash == CATALOG.feature("fatigue_alert").notice_hash
    assert not valid(replace(entry, notice_hash="0123456789abcdef"))
    assert not valid(replace(entry, notice_hash=None))  # given before notices had versions


def test_notice_versions_the_hash_changes_with_any_of_the_seven_items_and_with_retention():
    feature = CATALOG.feature("navigation")
    for item, text in feature.notice_items:
        assert replace(feature, **{item: text + "!"}).notice_hash != feature.notice_hash
    assert replace(feature, retention_days=31).notice_hash != feature.notice_hash
    assert replace(feature).notice_hash == feature.notice_hash
    assert len({f.notice_hash for f in CATALOG.features.values()}) == len(CATALOG.features)


@pytest.mark.parametrize(
    "motion, accepted",
    [
        (Motion(Gear.PARK, 0), True),
        (Motion(Gear.DRIVE, 0), True),  # waiting at a light
        (Motion(Gear.NEUTRAL, 0), True),
        (Motion(Gear.DRIVE, 0.4), False),
        (Motion(Gear.REVERSE, 3), False),
        (Motion(Gear.DRIVE, 120), False),
    ],
)
def test_driving_state_a_grant_is_accepted_only_while_parked(motion, accepted):
    if accepted:
        assert give("navigation", Duration.DAYS_7, motion=motion).action is Action.GRANT
    else:
        with pytest.raises(NotParked, match=r"cannot switch on Navigation while the car is moving \(gear"):
            give("navigation", Duration.DAYS_7, motion=motion)


def test_driving_state_a_revoke_is_accepted_at_any_speed():
    latest = {"navigation": give("navigation", Duration.DAYS_7)}
    moving = Motion(Gear.DRIVE, 90)
    [entry] = changes_for(CATALOG, {"navigation": None}, latest, "driver", T0, DRIVE, moving)
    assert entry.action is Action.REVOKE


def test_cn07_the_notice_answer_grants_new_choices_revokes_switched_off_and_leaves_the_rest():
    running_entry = give("fatigue_alert", Duration.DAYS_7)
    later = T0 + timedelta(minutes=5)
    latest = {"fatigue_alert": running_entry}
    unchanged = changes_for(
        CATALOG, {"fatigue_alert": Duration.DAYS_7, "navigation": None}, latest, "driver", later, DRIVE, PARKED
    )
    assert unchanged == []  # re-confirming does not silently extend the consent
    changed = changes_for(
        CATALOG, {"fatigue_alert": None, "navigation": Duration.DRIVE}, latest, "driver", later, DRIVE, PARKED
    )
    assert [(e.feature, e.action) for e in changed] == [("fatigue_alert", Action.REVOKE), ("navigation", Action.GRANT)]


def test_notice_versions_a_consent_under_an_old_notice_is_asked_again_not_kept():
    stale = replace(give("fatigue_alert", Duration.DAYS_7), notice_hash="old")
    [entry] = changes_for(
        CATALOG, {"fatigue_alert": Duration.DAYS_7}, {"fatigue_alert": stale}, "driver", T0, DRIVE, PARKED
    )
    assert entry.action is Action.GRANT and entry.notice_hash == CATALOG.feature("fatigue_alert").notice_hash
