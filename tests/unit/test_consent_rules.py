from datetime import UTC, datetime, timedelta

import pytest

from ivi.bootstrap import load_catalog
from ivi.core.consent import Action, changes_for, grant, revoke
from ivi.core.drive import Drive
from ivi.core.durations import Duration
from ivi.core.errors import InvalidDuration, NoDriveInProgress

CATALOG = load_catalog()
T0 = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
DRIVE = Drive(1, "driver", T0)


def test_durations_are_exactly_the_four_a_driver_may_choose():  # CN-08
    assert [d.value for d in Duration] == ["drive", "7d", "90d", "365d"]
    for refused in ("always", "permanent", "0d", ""):
        with pytest.raises(InvalidDuration):
            Duration.parse(refused)


@pytest.mark.parametrize("duration, days", [("7d", 7), ("90d", 90), ("365d", 365)])
def test_timed_consent_is_valid_until_its_expiry_and_not_a_second_longer(duration, days):
    entry = grant(CATALOG, "fatigue_alert", Duration.parse(duration), "driver", T0, DRIVE)
    end = T0 + timedelta(days=days)
    assert entry.expires_at == end
    assert entry.is_valid(DRIVE, end - timedelta(seconds=1))
    assert not entry.is_valid(DRIVE, end)


def test_drive_consent_belongs_to_its_drive_only():  # CN-01
    entry = grant(CATALOG, "navigation", Duration.DRIVE, "driver", T0, DRIVE)
    assert entry.is_valid(DRIVE, T0 + timedelta(days=30))  # however long the drive lasts
    ended = Drive(1, "driver", T0, ended_at=T0 + timedelta(hours=1))
    next_drive = Drive(2, "driver", T0 + timedelta(hours=2))
    assert not entry.is_valid(ended, T0 + timedelta(hours=1))
    assert not entry.is_valid(next_drive, T0 + timedelta(hours=2))


def test_drive_consent_needs_a_drive_in_progress():
    with pytest.raises(NoDriveInProgress):
        grant(CATALOG, "navigation", Duration.DRIVE, "driver", T0, None)


def test_consent_is_for_one_profile_and_nothing_runs_without_a_drive():
    entry = grant(CATALOG, "fatigue_alert", Duration.DAYS_7, "driver", T0, DRIVE)
    assert not entry.is_valid(Drive(2, "guest", T0), T0)
    assert not entry.is_valid(None, T0)


def test_a_revoke_is_never_valid():
    assert not revoke(CATALOG, "fatigue_alert", "driver", T0).is_valid(DRIVE, T0)


def test_notice_answer_grants_new_choices_revokes_switched_off_and_leaves_the_rest():
    running = grant(CATALOG, "fatigue_alert", Duration.DAYS_7, "driver", T0, DRIVE)
    later = T0 + timedelta(minutes=5)
    latest = {"fatigue_alert": running}
    unchanged = changes_for(
        CATALOG, {"fatigue_alert": Duration.DAYS_7, "navigation": None}, latest, "driver", later, DRIVE
    )
    assert unchanged == []  # re-confirming does not silently extend the consent
    changed = changes_for(
        CATALOG, {"fatigue_alert": None, "navigation": Duration.DRIVE}, latest, "driver", later, DRIVE
    )
    assert [(e.feature, e.action) for e in changed] == [("fatigue_alert", Action.REVOKE), ("navigation", Action.GRANT)]
