"""Tamper evidence: `ivi consent verify` finds any entry edited, deleted, inserted or reordered
outside the program (the chain of hashes), naming the first bad entry."""

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from test_cli import ivi, ok

from ivi.core import ledger
from ivi.store.migrations import LEDGER_CONTENT


@pytest.fixture
def four_entries(db_path: Path) -> Path:
    ok("drive", "start", db=db_path)
    ok("consent", "grant", "fatigue_alert", "--duration", "7d", db=db_path)
    ok("consent", "grant", "navigation", "--duration", "drive", db=db_path)
    ok("consent", "revoke", "fatigue_alert", db=db_path)
    ok("consent", "grant", "health_alert", "--duration", "90d", db=db_path)
    return db_path


def outside(path: Path, *statements: str) -> None:
    """Change the file as another program would: around the append-only triggers."""
    with sqlite3.connect(path) as raw:
        raw.execute("DROP TRIGGER consent_ledger_no_update")
        raw.execute("DROP TRIGGER consent_ledger_no_delete")
        for statement in statements:
            raw.execute(statement)


def forge_next(path: Path) -> None:
    """Append a grant with a correct chain hash, as someone who read the source would."""
    with sqlite3.connect(path) as raw:
        raw.row_factory = sqlite3.Row
        last = raw.execute("SELECT * FROM consent_ledger ORDER BY id DESC LIMIT 1").fetchone()
        content = {c: last[c] for c in LEDGER_CONTENT} | {"id": last["id"] + 1, "feature": "remote_cabin_view"}
        digest = ledger.entry_hash(last["hash"], content)
        columns = [*content, "prev_hash", "hash"]
        raw.execute(
            f"INSERT INTO consent_ledger ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [*content.values(), last["hash"], digest],
        )


def test_an_intact_ledger_verifies(four_entries):
    result = ivi("consent", "verify", db=four_entries)
    assert result.returncode == 0 and result.stdout == "consent ledger intact: 4 entries\n"


SWAP = (
    "UPDATE consent_ledger SET id = -1 WHERE id = 2",
    "UPDATE consent_ledger SET id = 2 WHERE id = 3",
    "UPDATE consent_ledger SET id = 3 WHERE id = -1",
)

TAMPERING: dict[str, tuple[Callable[[Path], None], str]] = {
    "edited": (
        lambda p: outside(p, "UPDATE consent_ledger SET duration = '365d' WHERE id = 2"),
        "ledger entry #2: its content does not match its hash: edited outside the program",
    ),
    "expiry pushed back": (
        lambda p: outside(p, "UPDATE consent_ledger SET expires_at = '2099-01-01T00:00:00+00:00' WHERE id = 1"),
        "ledger entry #1: its content does not match its hash",
    ),
    "deleted": (
        lambda p: outside(p, "DELETE FROM consent_ledger WHERE id = 3"),
        "ledger entry #4: entries before it are missing (#3): deleted outside the program",
    ),
    "last deleted": (
        lambda p: outside(p, "DELETE FROM consent_ledger WHERE id = 4"),
        "ledger entry #4: missing: the ledger was last written at #4",
    ),
    "inserted": (forge_next, "ledger entry #5: added outside the program after the last entry it wrote"),
    "inserted without a hash": (
        lambda p: outside(
            p, "INSERT INTO consent_ledger (id, profile, feature, action, at) VALUES (9, 'driver', 'x', 'grant', 'y')"
        ),
        "ledger entry #9: entries before it are missing (#5–#8)",
    ),
    "reordered": (
        lambda p: outside(p, *SWAP),
        "ledger entry #2: it does not follow the entry before it: inserted or reordered outside the program",
    ),
}


@pytest.mark.parametrize("how", TAMPERING)
def test_verify_names_the_first_bad_entry(four_entries, how):
    tamper, message = TAMPERING[how]
    tamper(four_entries)
    result = ivi("consent", "verify", db=four_entries)
    assert result.returncode == 1
    assert result.stderr.startswith(f"ivi: cannot use the consent database {four_entries}: {message}")
    assert result.stderr.count("\n") == 1
    # and the car no longer trusts any consent in it
    status = ivi("consent", "status", db=four_entries)
    assert status.returncode == 1 and message in status.stderr


def test_verify_on_a_missing_database_says_so(tmp_path):
    result = ivi("consent", "verify", db=tmp_path / "none.db")
    assert result.returncode == 1 and "no such database" in result.stderr
    assert not (tmp_path / "none.db").exists()
