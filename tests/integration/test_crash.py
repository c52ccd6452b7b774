"""A writer killed with SIGKILL in the middle of its work leaves a consistent database whose
ledger verifies: every change is all there or not there at all."""

import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from ivi.store import open_store

# A writer that records consents through the real store, announcing each commit, and that
# can be told to stop half way through a transaction (after one of its two writes).
WRITER = """
import sys
from datetime import UTC, datetime, timedelta
from ivi.core.consent import Action, ConsentEntry
from ivi.core.durations import Duration
from ivi.store import open_store

store = open_store(sys.argv[1])
at = datetime(2026, 11, 21, tzinfo=UTC)
for n in range(int(sys.argv[2])):
    moment = at + timedelta(seconds=n)
    entry = ConsentEntry("driver", "navigation", Action.GRANT, moment, Duration.DAYS_7,
                         expires_at=moment + timedelta(days=7), notice_hash=str(n))
    with store.transaction():
        store.ledger.append(entry)
        if sys.argv[3] == "pause" and n == int(sys.argv[2]) - 1:
            print("half", flush=True)
            sys.stdin.readline()  # killed here, with one of two writes made
        store.ledger.append(ConsentEntry("driver", "navigation", Action.REVOKE, moment))
    print(n, flush=True)
"""


def start_writer(db: Path, count: int, mode: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), str(count), mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def check(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    store = open_store(db)  # opening verifies the ledger and refuses a broken one
    assert store.broken_chain() is None
    entries = [(r.entry.action.value, r.entry.notice_hash or "") for r in store.ledger.history("driver")]
    store.close()
    return entries


def test_a_writer_killed_mid_transaction_leaves_no_half_of_it(db_path):
    writer = start_writer(db_path, 3, "pause")
    lines = [writer.stdout.readline().strip() for _ in range(3)]
    assert lines == ["0", "1", "half"]
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=10)
    entries = check(db_path)
    # two whole grant+revoke pairs; the third grant, written but not committed, is gone
    assert entries == [("grant", "0"), ("revoke", ""), ("grant", "1"), ("revoke", "")]


def test_writers_killed_at_arbitrary_moments_leave_whole_pairs_and_a_verifying_ledger(db_path):
    committed = 0
    for after in (1, 7, 23, 40):  # kill once this many commits have been announced
        writer = start_writer(db_path, 1000, "run")
        for _ in range(after):
            writer.stdout.readline()
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
        entries = check(db_path)
        assert len(entries) % 2 == 0 and len(entries) >= 2 * (committed + after)
        assert all(a == "grant" for a, _ in entries[::2]) and all(a == "revoke" for a, _ in entries[1::2])
        committed = len(entries) // 2
