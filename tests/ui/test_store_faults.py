"""On the head unit, a stop always stops, whatever the store does: a chip tapped while
another program holds the write lock, or after a foreign trigger began refusing revokes,
takes the chip away and stops the samples; the app does not die; one line under the status
bar says why; and the stop is recorded as soon as the store can take it."""

import sqlite3

import pytest

from ivi.bus import signals

HEART = signals.HEART_RATE


@pytest.fixture
def short_busy_timeout(monkeypatch):
    monkeypatch.setenv("IVI_BUSY_TIMEOUT", "0.05")  # read when the head unit opens its store


def allow_health_alert(head_unit) -> None:
    head_unit.ignition_on()
    head_unit.tap("id:allow_health_alert")
    head_unit.tap("id:duration_health_alert_7d")
    head_unit.tap("id:accept_selected")
    head_unit.advance(3)
    assert head_unit.find("id:chip_heart_rate_sensor") is not None


def test_a_chip_tapped_while_another_program_writes_stops_and_says_so(short_busy_timeout, head_unit, screenshot_dir):
    allow_health_alert(head_unit)
    db = head_unit.car.services.store.path
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    head_unit.tap("id:chip_heart_rate_sensor")  # raises nothing out of the touch handler
    assert head_unit.find("id:chip_heart_rate_sensor") is None
    assert head_unit.text_of("id:store_problem") == (
        "Stopped. The car could not record it yet: it stays off until it can."
    )
    before = head_unit.samples(HEART)
    head_unit.advance(10)
    assert head_unit.samples(HEART) == before
    head_unit.screenshot(screenshot_dir / "stop-not-recorded.png")
    holder.execute("ROLLBACK")
    holder.close()
    # the next write records the stop first, and the line goes
    head_unit.tap("id:rail_privacy")
    head_unit.tap("id:stop_all")
    assert not head_unit.is_visible("id:store_problem")
    history = head_unit.car.services.store.ledger.history("driver")
    assert [(r.entry.feature, r.entry.action.value) for r in history] == [
        ("health_alert", "grant"),
        ("health_alert", "revoke"),
    ]


def test_a_chip_tapped_after_a_trigger_began_refusing_revokes_stops_all_the_same(short_busy_timeout, head_unit):
    allow_health_alert(head_unit)
    with sqlite3.connect(head_unit.car.services.store.path) as raw:
        raw.execute(
            "CREATE TRIGGER keep_consents BEFORE INSERT ON consent_ledger WHEN NEW.action = 'revoke'"
            " BEGIN SELECT RAISE(ABORT, 'revokes are not welcome'); END"
        )
    head_unit.tap("id:chip_heart_rate_sensor")
    assert head_unit.find("id:chip_heart_rate_sensor") is None
    assert head_unit.text_of("id:store_problem").startswith("Stopped. The car could not record it yet")
    before = head_unit.samples(HEART)
    head_unit.advance(10)
    assert head_unit.samples(HEART) == before
    head_unit.ignition_off()  # the end of the drive cannot be recorded either: still off
    assert head_unit.is_visible("text:Ignition off")
