"""Serialised writers: four processes granting and revoking on one database at once are
queued behind each other's write lock (BEGIN IMMEDIATE and the busy timeout), never refused;
the ledger verifies and SQLite finds the file intact."""

import sqlite3
import subprocess
import sys
from pathlib import Path

from ivi.store import open_store

# A writer on the real services, as the CLI builds them: it waits until told to go, so that
# all four start together, then records `pairs` grant/revoke pairs and counts refusals.
WRITER = """
import sys
from ivi.bootstrap import build_services
from ivi.store import StoreUnavailable

services = build_services(__import__("pathlib").Path(sys.argv[1]))
print("ready", flush=True)
sys.stdin.readline()
refused = 0
for n in range(int(sys.argv[2])):
    for act in (lambda: services.grant("health_alert", "7d"), lambda: services.revoke("health_alert")):
        try:
            act()
        except StoreUnavailable as error:
            refused += 1
            print(error, file=sys.stderr)
print(refused, flush=True)
"""
WRITERS, PAIRS = 4, 30


def test_four_writers_at_once_are_serialised_and_none_is_refused(db_path):
    open_store(db_path).close()
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db_path), str(PAIRS)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(WRITERS)
    ]
    for writer in writers:
        assert writer.stdout.readline() == "ready\n"
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.flush()
    refused = []
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        refused.append(int(out.strip()))
    assert refused == [0] * WRITERS
    store = open_store(db_path)
    assert store.broken_chain() is None
    assert store.ledger.count() == WRITERS * PAIRS * 2
    store.close()
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert Path(f"{db_path}.anchor").exists()
