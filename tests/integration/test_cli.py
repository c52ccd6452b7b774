"""The `ivi` command as a user runs it, on a real database file."""

import json
import os
from pathlib import Path

import pytest
from helpers import dump, ivi, ok

FATIGUE = "Vehicle.Driver.FatigueLevel"
LOCATION = ["Vehicle.CurrentLocation.Latitude", "Vehicle.CurrentLocation.Longitude"]


def samples(db: Path, seconds: int = 5) -> dict[str, int]:
    return json.loads(ok("bus", "run", "--seconds", str(seconds), "--json", db=db))["samples"]


def test_the_walking_skeleton_from_the_command_line(db_path):
    ok("drive", "start", db=db_path)
    fresh = samples(db_path)
    assert fresh[FATIGUE] == 0 and all(fresh[p] == 0 for p in LOCATION)
    assert fresh["Vehicle.Speed"] > 0

    ok("consent", "grant", "fatigue_alert", "--duration", "7d", db=db_path)
    assert samples(db_path)[FATIGUE] > 0

    ok("consent", "grant", "navigation", "--duration", "drive", db=db_path)
    assert all(samples(db_path)[p] > 0 for p in LOCATION)
    ok("drive", "end", db=db_path)
    ok("drive", "start", db=db_path)
    after = samples(db_path)
    assert all(after[p] == 0 for p in LOCATION)  # the drive-only consent ended with its drive
    assert after[FATIGUE] > 0  # the 7-day one did not

    ok("consent", "revoke", "fatigue_alert", db=db_path)
    assert samples(db_path)[FATIGUE] == 0


def test_status_json_reports_each_feature_and_the_powered_sensors(db_path):
    ok("drive", "start", "--profile", "alice", db=db_path)
    ok("consent", "grant", "navigation", "--duration", "90d", db=db_path)
    status = json.loads(ok("consent", "status", "--json", db=db_path))
    assert status["profile"] == "alice"
    rows = {row["feature"]: row for row in status["features"]}
    assert rows["navigation"]["active"] and rows["navigation"]["duration"] == "90d"
    assert not rows["fatigue_alert"]["active"]
    assert status["powered_sensors"] == ["exterior_camera", "gnss", "vehicle_bus"]
    assert status["drive"]["gear"] == "P" and status["drive"]["speed_kmh"] == 0
    assert rows["navigation"]["notice_hash"] and not rows["navigation"]["notice_changed"]


def test_ten_simulated_minutes_count_at_the_real_rates(db_path):
    ok("drive", "start", db=db_path)
    ok("consent", "grant", "fatigue_alert", "--duration", "drive", db=db_path)
    counts = samples(db_path, seconds=600)
    assert counts["Vehicle.Speed"] == 6001
    assert counts["Vehicle.Cabin.Camera.Driver.Frame"] == 9001


@pytest.mark.parametrize(
    "args, message",
    [
        (["consent", "grant", "selfie", "--duration", "7d"], "ivi: unknown feature 'selfie'"),
        (["consent", "grant", "navigation", "--duration", "forever"], "ivi: invalid duration 'forever'"),
        (["consent", "grant", "navigation", "--duration", "drive"], "ivi: no drive in progress"),
        (["consent", "grant", "navigation"], "ivi: Missing option '--duration'"),
        (["drive", "end"], "ivi: no drive in progress"),
        (["bus", "run", "--seconds", "5"], "ivi: the ignition is off"),
        (["bus", "run", "--seconds", "-1"], "ivi: Invalid value for '--seconds'"),
        (["consent", "grant", "adas_perception", "--duration", "7d"], "ivi: Driver assistance needs no consent"),
        (["consent", "status", "--profile", "Bad Name"], "ivi: invalid profile name 'Bad Name'"),
        (["drive", "gear", "X"], "ivi: Invalid value for '{P|R|N|D}'"),
        (["drive", "gear", "D", "--speed", "999"], "ivi: invalid driving state: speed 999"),
        (["drive", "profile", "guest"], "ivi: no drive in progress"),
        (["data", "delete", "selfies"], "ivi: unknown data category 'selfies'"),
    ],
)
def test_bad_input_gets_one_line_and_a_non_zero_exit_and_writes_nothing(db_path, args, message):
    ok("drive", "start", db=db_path)  # creates the database
    ok("drive", "end", db=db_path)
    before = dump(db_path)
    result = ivi(*args, db=db_path)
    assert result.returncode != 0
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert dump(db_path) == before


REFUSED_ON_A_NEW_DATABASE = [
    ["consent", "grant", "navigation", "--duration", "8d"],
    ["consent", "grant", "selfie", "--duration", "7d"],
    ["consent", "grant", "navigation", "--duration", "drive"],  # refused by the rules, after opening
    ["consent", "grant", "adas_perception", "--duration", "7d"],
    ["consent", "grant", "navigation", "--duration", "7d", "--profile", "Bad Name"],
    ["consent", "revoke", "navigation"],
    ["drive", "end"],
    ["drive", "gear", "D"],
    ["drive", "profile", "guest"],
    ["data", "delete", "location"],
    ["data", "purge"],
]


@pytest.mark.parametrize("args", REFUSED_ON_A_NEW_DATABASE, ids=" ".join)
def test_a_refused_command_leaves_no_database_where_there_was_none(tmp_path, args):
    result = ivi(*args, db=tmp_path / "new.db")
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert list(tmp_path.iterdir()) == []  # no car.db, secure element or reserve left behind


def test_an_unreadable_database_is_refused_in_one_line(tmp_path):
    corrupt = tmp_path / "car.db"
    corrupt.write_text("not a database")
    result = ivi("consent", "status", db=corrupt)
    assert result.returncode == 1
    assert (
        result.stderr
        == f"ivi: cannot use the consent database {corrupt}: it is not a database (file is not a database)\n"
    )


def test_demo_without_a_display_says_so_in_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    result = ivi("demo", db=tmp_path / "car.db", env=env)
    assert result.returncode == 1
    assert result.stderr.startswith("ivi: no display") and result.stderr.count("\n") == 1


def test_rules_from_the_command_line_guest_driving_state_history_and_data(db_path):
    ok("drive", "start", "--profile", "guest", db=db_path)
    refused = ivi("consent", "grant", "navigation", "--duration", "7d", db=db_path)
    assert refused.returncode == 1 and "a guest can consent to Navigation for this drive only" in refused.stderr
    ok("consent", "grant", "traffic_services", "--duration", "drive", db=db_path)
    ok("drive", "gear", "D", "--speed", "40", db=db_path)
    moving = ivi("consent", "grant", "navigation", "--duration", "drive", db=db_path)
    assert moving.returncode == 1 and "while the car is moving (gear D, 40 km/h)" in moving.stderr
    ok("consent", "revoke", "traffic_services", db=db_path)  # a stop is accepted at speed
    history = json.loads(ok("consent", "history", "--json", db=db_path))
    assert [(e["feature"], e["action"]) for e in history["entries"]] == [
        ("traffic_services", "grant"),
        ("traffic_services", "revoke"),
    ]
    assert [r["speed_kmh"] for r in history["receipts"]] == [0, 40]  # refused grants leave nothing
    assert history["receipts"][0]["channel"] == "cli"
    request = json.loads(ok("data", "delete", "location", "--json", db=db_path))["request"]
    assert request["features"] == ["traffic_services"]
    requests = json.loads(ok("data", "requests", "--json", db=db_path))["requests"]
    assert requests == [request]
    assert "consent ledger intact: 2 entries\n" in ok("consent", "verify", db=db_path)


def test_starting_a_drive_during_one_is_refused_unless_restart_is_asked_for(db_path):
    ok("drive", "start", db=db_path)
    ok("consent", "grant", "navigation", "--duration", "drive", db=db_path)
    before = dump(db_path)
    refused = ivi("drive", "start", db=db_path)
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1
    assert "drive #1 is in progress for driver: end it first, or give --restart" in refused.stderr
    assert dump(db_path) == before and all(samples(db_path)[p] > 0 for p in LOCATION)  # still on
    assert "drive #2 started for Driver" in ok("drive", "start", "--restart", db=db_path)
    assert all(samples(db_path)[p] == 0 for p in LOCATION)  # the this-drive consent ended with drive #1


def test_gear_messages_say_what_the_car_does_and_errors_name_only_what_can_be_chosen(db_path):
    ok("drive", "start", db=db_path)
    assert ok("drive", "gear", "D", db=db_path).strip() == (
        "gear D, 0 km/h: standing still; consents can be changed until the car moves"
    )
    assert ok("drive", "gear", "D", "--speed", "40", db=db_path).strip() == (
        "gear D, 40 km/h: moving; consents that collect more wait until the car stands still"
    )
    assert ok("drive", "gear", "P", db=db_path).strip() == "gear P, 0 km/h: parked"
    unknown = ivi("consent", "grant", "fatigue", "--duration", "7d", db=db_path)
    assert unknown.returncode == 1 and "fatigue_alert" in unknown.stderr
    assert "adas_perception" not in unknown.stderr  # in the car by law: nothing to choose
