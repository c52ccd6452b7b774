"""Tamper evidence: `ivi consent verify` names the first record changed outside ivi, whatever
was changed — a ledger entry edited, deleted (in the middle or the newest), inserted or
reordered, a chain recomputed, a drive edited, re-opened or relabelled, the append-only
triggers dropped or a trigger added, the whole ledger wiped, an older copy put back — and the
car refuses to use such a record (every personal sensor stays off)."""

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import ivi, ok

from ivi.core import ledger
from ivi.store.chains import ledger_content


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "car.db"
    ok("drive", "start", "--profile", "guest", db=path)
    ok("consent", "grant", "navigation", "--duration", "drive", db=path)
    ok("drive", "start", "--profile", "driver", "--restart", db=path)  # ends the guest's drive #1
    ok("consent", "grant", "fatigue_alert", "--duration", "7d", db=path)
    ok("consent", "revoke", "fatigue_alert", db=path)
    ok("consent", "grant", "health_alert", "--duration", "90d", db=path)
    return path


@pytest.fixture
def four_entries(template: Path, db_path: Path) -> Path:
    """The template's database and its secure element, as a car of this test's own."""
    shutil.copyfile(template, db_path)
    shutil.copyfile(f"{template}.anchor", f"{db_path}.anchor")
    return db_path


def outside(*statements: str) -> Callable[[Path], None]:
    """Change the file as another program would: around the append-only triggers, which are
    put back afterwards, as a careful intruder would."""

    def change(path: Path) -> None:
        with sqlite3.connect(path) as raw:
            triggers = raw.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
            for (name,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
                raw.execute(f"DROP TRIGGER {name}")
            for statement in statements:
                raw.execute(statement)
            for (sql,) in triggers:
                raw.execute(sql)

    return change


def rehash_unkeyed(path: Path) -> None:
    """Turn the revoke (#3) into a 365-day grant and recompute the whole chain, as someone who
    read the source but has no key would (plain SHA-256)."""
    outside(
        "UPDATE consent_ledger SET action = 'grant', duration = '365d',"
        " expires_at = '2099-01-01T00:00:00+00:00' WHERE id = 3"
    )(path)
    with sqlite3.connect(path) as raw:
        raw.row_factory = sqlite3.Row
        raw.execute("DROP TRIGGER consent_ledger_no_update")
        previous = ledger.GENESIS
        for row in raw.execute("SELECT * FROM consent_ledger ORDER BY id").fetchall():
            digest = ledger.unkeyed_hash(previous, ledger_content(dict(row)))
            raw.execute("UPDATE consent_ledger SET prev_hash = ?, hash = ? WHERE id = ?", [previous, digest, row["id"]])
            previous = digest
        raw.execute(
            "CREATE TRIGGER consent_ledger_no_update BEFORE UPDATE ON consent_ledger"
            " BEGIN SELECT RAISE(ABORT, 'consent_ledger is append-only'); END"
        )


def forge_next(path: Path) -> None:
    """Append a grant whose hash is computed with a key guessed from the database alone."""
    with sqlite3.connect(path) as raw:
        raw.row_factory = sqlite3.Row
        last = dict(raw.execute("SELECT * FROM consent_ledger ORDER BY id DESC LIMIT 1").fetchone())
        secret = raw.execute("SELECT secret FROM car_identity").fetchone()[0]
        content = ledger_content(last) | {"id": last["id"] + 1, "feature": "remote_cabin_view"}
        digest = ledger.entry_hash(bytes.fromhex(secret), last["hash"], content)
        columns = [*content, "prev_hash", "hash"]
        raw.execute(
            f"INSERT INTO consent_ledger ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [*content.values(), last["hash"], digest],
        )


SWAP = (
    "UPDATE consent_ledger SET id = -1 WHERE id = 2",
    "UPDATE consent_ledger SET id = 2 WHERE id = 3",
    "UPDATE consent_ledger SET id = 3 WHERE id = -1",
)
KEYED = "its content does not match its keyed hash"

TAMPERING: dict[str, tuple[Callable[[Path], None], str]] = {
    "edited": (outside("UPDATE consent_ledger SET duration = '365d' WHERE id = 2"), f"ledger entry #2: {KEYED}"),
    "expiry pushed back": (
        outside("UPDATE consent_ledger SET expires_at = '2099-01-01T00:00:00+00:00' WHERE id = 2"),
        f"ledger entry #2: {KEYED}",
    ),
    "deleted in the middle": (
        outside("DELETE FROM consent_ledger WHERE id = 3"),
        "ledger entry #4: records before it are missing (#3): deleted outside ivi",
    ),
    "newest deleted (the revoke comes back)": (
        outside("DELETE FROM consent_ledger WHERE id >= 3"),
        "ledger entry #3: missing: ivi last wrote up to #4; deleted outside ivi",
    ),
    "wiped": (outside("DELETE FROM consent_ledger"), "ledger entry #1: missing: ivi last wrote up to #4"),
    "inserted with a guessed key": (forge_next, "ledger entry #5: " + KEYED),
    "inserted without a hash": (
        outside(
            "INSERT INTO consent_ledger (id, profile, feature, action, at) VALUES (9, 'driver', 'x', 'grant', 'y')"
        ),
        "ledger entry #9: records before it are missing (#5–#8)",
    ),
    "reordered": (outside(*SWAP), "ledger entry #2: it does not follow the record before it: inserted or reordered"),
    "revoke turned into a grant, chain recomputed": (rehash_unkeyed, f"ledger entry #1: {KEYED}"),
    "ended drive re-opened": (outside("UPDATE drives SET ended_at = NULL WHERE id = 1"), f"drive #1: {KEYED}"),
    "guest drive relabelled as the driver's": (
        outside("UPDATE drives SET profile = 'driver' WHERE id = 1"),
        f"drive #1: {KEYED}",
    ),
    "newest drive deleted": (
        outside("DELETE FROM drives WHERE id = 2"),
        "drive #2: missing: ivi last wrote up to #2; deleted outside ivi",
    ),
    "append-only trigger dropped": (
        lambda p: sqlite3.connect(p).execute("DROP TRIGGER consent_ledger_no_delete"),
        "trigger consent_ledger_no_delete is missing: removed outside ivi",
    ),
    "trigger added": (
        lambda p: sqlite3.connect(p).execute(
            "CREATE TRIGGER keep_revokes_out BEFORE INSERT ON consent_ledger WHEN NEW.action = 'revoke'"
            " BEGIN SELECT RAISE(ABORT, 'no'); END"
        ),
        "trigger keep_revokes_out is not ivi's: added outside ivi",
    ),
}


def test_an_intact_record_verifies(four_entries):
    result = ivi("consent", "verify", db=four_entries)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "schema: as ivi wrote it (version 5)\nconsent ledger intact: 4 entries\ndrives intact: 2 drives\n"
    )


@pytest.mark.parametrize("how", TAMPERING)
def test_verify_names_the_first_changed_record_and_the_car_refuses_it(four_entries, how):
    tamper, message = TAMPERING[how]
    tamper(four_entries)
    result = ivi("consent", "verify", db=four_entries)
    assert result.returncode == 1
    assert message in result.stdout  # the report
    assert result.stderr.startswith(f"ivi: the record was changed outside ivi: {message}")
    assert result.stderr.count("\n") == 1
    # and the car no longer trusts any consent in it: nothing personal runs
    status = ivi("consent", "status", db=four_entries)
    assert status.returncode == 1 and message in status.stderr
    run = ivi("bus", "run", "--seconds", "2", "--json", db=four_entries)
    assert run.returncode == 1 and '"Vehicle.Driver.HeartRate": 0' in run.stdout


def test_an_older_copy_put_back_is_found(db_path):
    ok("drive", "start", db=db_path)
    ok("consent", "grant", "health_alert", "--duration", "7d", db=db_path)
    backup = db_path.with_name("backup.db")
    shutil.copyfile(db_path, backup)
    ok("consent", "revoke", "health_alert", db=db_path)
    shutil.copyfile(backup, db_path)  # the revoke is gone from the file; the secure element knows
    result = ivi("consent", "verify", db=db_path)
    assert result.returncode == 1
    assert "ledger entry #2: missing: ivi last wrote up to #2" in result.stderr


def test_a_database_without_its_secure_element_is_refused(four_entries):
    Path(f"{four_entries}.anchor").unlink()
    for command in (
        ["consent", "verify"],
        ["consent", "status"],
        ["consent", "grant", "navigation", "--duration", "7d"],
    ):
        result = ivi(*command, db=four_entries)
        assert result.returncode == 1 and "secure element" in result.stderr and "is missing" in result.stderr


def test_verify_on_a_missing_database_says_so(tmp_path):
    result = ivi("consent", "verify", db=tmp_path / "none.db")
    assert result.returncode == 1 and "no such database" in result.stderr
    assert list(tmp_path.iterdir()) == []
