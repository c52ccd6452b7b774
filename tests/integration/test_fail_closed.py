"""CN-06 fail closed: a missing, corrupt, locked, read-only, newer-schema or tampered store
leaves every personal sensor off, says why in one line, and changes nothing."""

import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from helpers import T0, ivi, ok

from ivi.bus import signals
from ivi.car import build_car
from ivi.core.clock import SimulatedClock
from ivi.store import StoreUnavailable, open_store
from ivi.store.migrations import code_schema_version

SCHEMA = code_schema_version()

PERSONAL = (signals.DRIVER_CAMERA_FRAME, signals.FATIGUE_LEVEL, *signals.LOCATION)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A drive with fatigue alert and navigation consented: what the damage must not switch on."""
    path = tmp_path_factory.mktemp("template") / "car.db"
    ok("drive", "start", db=path)
    ok("consent", "grant", "fatigue_alert", "--duration", "7d", db=path)
    ok("consent", "grant", "navigation", "--duration", "7d", db=path)
    return path  # each command closed the store, so the WAL is checkpointed into this one file


def copy_car(template: Path, path: Path) -> None:
    """The database and its secure element: a database moved without it is refused."""
    shutil.copyfile(template, path)
    shutil.copyfile(f"{template}.anchor", f"{path}.anchor")


def dump(path: Path) -> list[str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as raw:
        return list(raw.iterdump())


@contextmanager
def missing(path: Path, template: Path) -> Iterator[None]:
    yield


@contextmanager
def corrupt(path: Path, template: Path) -> Iterator[None]:
    copy_car(template, path)
    data = bytearray(path.read_bytes())
    data[:16] = b"definitely not!!"  # the SQLite header
    path.write_bytes(bytes(data))
    yield


@contextmanager
def locked(path: Path, template: Path) -> Iterator[None]:
    copy_car(template, path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program in the middle of a write
    yield
    holder.execute("ROLLBACK")
    holder.close()


@contextmanager
def read_only(path: Path, template: Path) -> Iterator[None]:
    copy_car(template, path)
    # root ignores file modes, so make the file immutable instead when running as root
    chattr = shutil.which("chattr")
    immutable = (
        bool(chattr) and subprocess.run([chattr, "+i", str(path)], check=False, capture_output=True).returncode == 0
    )
    if not immutable:
        path.chmod(0o444)
    yield
    if immutable:
        subprocess.run([chattr, "-i", str(path)], check=True)


@contextmanager
def newer_schema(path: Path, template: Path) -> Iterator[None]:
    copy_car(template, path)
    with sqlite3.connect(path) as raw:
        raw.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('ivi', 'm999_from_the_future', 'x')"
        )
    yield


@contextmanager
def tampered(path: Path, template: Path) -> Iterator[None]:
    copy_car(template, path)
    with sqlite3.connect(path) as raw:
        raw.execute("DROP TRIGGER consent_ledger_no_update")
        raw.execute("UPDATE consent_ledger SET feature = 'remote_cabin_view' WHERE id = 2")
    yield


DAMAGE: dict[str, tuple[Callable, str]] = {
    "missing": (missing, "no such database"),
    "corrupt": (corrupt, "file is not a database"),
    "locked": (locked, "another program is writing to it (database is locked)"),
    "read-only": (read_only, "it is read-only"),
    "newer schema": (
        newer_schema,
        f"written by a newer ivi (schema {SCHEMA + 1}, this ivi knows {SCHEMA}; unknown migration m999_from_the_future",
    ),
    "tampered": (tampered, "trigger consent_ledger_no_update is missing: removed outside ivi"),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_cn06_the_bus_runs_with_every_personal_sensor_off_and_says_why(db_path, template, damage):
    make, reason = DAMAGE[damage]
    with make(db_path, template):
        before = dump(db_path) if db_path.exists() and damage != "corrupt" else None
        car = build_car(db_path, SimulatedClock(T0), fail_closed=True, create=False)
        car.simulator.advance(5)
        assert reason in str(car.gate.failure)
        assert [car.bus.counts[p] for p in PERSONAL] == [0] * len(PERSONAL)
        assert car.gate.state.powered_sensors == {"vehicle_bus"}
        assert car.bus.counts[signals.SPEED] == 51  # the car itself still runs
        car.close()
        assert (dump(db_path) if before is not None else None) == before


READERS = [["consent", "status"], ["consent", "history"], ["data", "status"], ["data", "requests"]]
WRITERS = [
    ["consent", "grant", "fatigue_alert", "--duration", "7d"],
    ["consent", "revoke", "navigation"],
    ["drive", "start"],
    ["data", "delete", "location"],
]
# A new car's first command creates its store, so "missing" is for readers. Readers open the
# file read-only, so a read-only or locked file does not stop them (see the test after).
CASES = [
    (d, c)
    for d in DAMAGE
    for c in READERS + WRITERS
    if not (d == "missing" and c in WRITERS) and not (d in ("locked", "read-only") and c in READERS)
]


@pytest.mark.parametrize("damage, command", CASES)
def test_cn06_every_command_refuses_in_one_line_and_writes_nothing(db_path, template, damage, command):
    make, reason = DAMAGE[damage]
    with make(db_path, template):
        before = dump(db_path) if db_path.exists() and damage != "corrupt" else db_path.exists()
        result = ivi(*command, db=db_path)
        assert result.returncode == 1
        refused = f"ivi: cannot use the consent database {db_path}: "
        # a revoke on a store it can read but not write is carried out all the same, and noted
        noted = f"ivi: stopped, but not recorded yet (cannot use the consent database {db_path}: "
        assert result.stderr.startswith(noted if damage in ("locked", "read-only") and "revoke" in command else refused)
        assert reason in result.stderr and result.stderr.count("\n") == 1
        after = dump(db_path) if db_path.exists() and damage != "corrupt" else db_path.exists()
        assert after == before


@pytest.mark.parametrize("damage", ["locked", "read-only"])
@pytest.mark.parametrize("command", READERS)
def test_readers_read_a_locked_or_read_only_store_and_leave_it_as_it_was(db_path, template, damage, command):
    make, _reason = DAMAGE[damage]
    with make(db_path, template):
        before = dump(db_path)
        result = ivi(*command, db=db_path)
        assert result.returncode == 0, result.stderr
        assert "Profile: Driver" in result.stdout
        assert dump(db_path) == before


def test_cn01_the_first_ignition_of_a_new_car_creates_its_store_with_nothing_personal_on(db_path):
    ok("drive", "start", db=db_path)
    assert "Sensors on: Front camera and Vehicle bus" in ok("consent", "status", db=db_path)


def test_cn06_bus_run_on_a_damaged_store_reports_the_counts_and_exits_1(db_path, template):
    with corrupt(db_path, template):
        result = ivi("bus", "run", "--seconds", "5", "--json", db=db_path)
    assert result.returncode == 1
    assert '"fail_closed": "cannot use the consent database' in result.stdout
    assert result.stderr.endswith("the car ran with every personal sensor off\n")


def test_a_store_refused_while_locked_opens_once_the_writer_is_done(db_path, template):
    with locked(db_path, template), pytest.raises(StoreUnavailable, match="database is locked"):
        open_store(db_path, busy_timeout_s=0.05)
    store = open_store(db_path)
    assert len(store.ledger.latest("driver")) == 2
    store.close()


SCHEMA_DRIFT = {
    "missing table": "DROP TABLE deletion_requests",
    "extra table": "CREATE TABLE spy (frame BLOB)",
    "extra column": "ALTER TABLE drives ADD COLUMN note TEXT",
    "missing index": "DROP INDEX receipts_by_profile",
    "extra index": "CREATE INDEX by_feature ON consent_ledger (feature)",
    "extra trigger": "CREATE TRIGGER quiet AFTER INSERT ON egress_log BEGIN SELECT 1; END",
    "missing trigger": "DROP TRIGGER egress_log_no_delete",
}


@pytest.mark.parametrize("drift", SCHEMA_DRIFT)
def test_a_schema_that_is_not_exactly_ivis_is_refused_at_open_and_nothing_personal_runs(db_path, template, drift):
    copy_car(template, db_path)
    with sqlite3.connect(db_path) as raw:
        raw.execute(SCHEMA_DRIFT[drift])
    before = dump(db_path)
    with pytest.raises(StoreUnavailable, match="outside ivi") as refused:
        open_store(db_path)
    assert "\n" not in str(refused.value)
    car = build_car(db_path, SimulatedClock(T0), fail_closed=True)
    car.simulator.advance(5)
    assert [car.bus.counts[p] for p in PERSONAL] == [0] * len(PERSONAL)
    car.close()
    assert dump(db_path) == before
