"""The record's two keyed hash chains, as stored: the consent ledger and the drives.

`ivi.core.ledger` says what a chain is; this module reads the rows each chain covers,
finds the heads, checks both chains against the secure element, and seals a database (hashes
every record with the key) when it is created or upgraded from the unkeyed chain.
"""

from collections.abc import Iterator
from typing import Any

from sqlite_utils import Database

from ivi.core import ledger
from ivi.core.ledger import EMPTY, ChainBreak, ChainedRow, Head
from ivi.store.migrations import LEDGER_CONTENT, LEDGER_NOTICE_SEEN, append_only
from ivi.store.secure_element import CHAINS, Anchor

# What a drive's hash covers: who drove, and from when to when (gear and speed are not
# covered: they change every second, and decide only what may be asked, not what runs).
DRIVE_CONTENT = ("id", "profile", "started_at", "ended_at")
TABLES = {"ledger": "consent_ledger", "drives": "drives"}


def ledger_content(row: dict) -> dict[str, Any]:
    """What a ledger entry's hash covers; the notice columns only when set, as written."""
    return {c: row[c] for c in LEDGER_CONTENT} | {c: row[c] for c in LEDGER_NOTICE_SEEN if row[c] is not None}


def drive_content(row: dict) -> dict[str, Any]:
    return {c: row[c] for c in DRIVE_CONTENT}


CONTENT = {"ledger": ledger_content, "drives": drive_content}


def rows(db: Database, chain: str) -> Iterator[ChainedRow]:
    content = CONTENT[chain]
    for row in db.query(f"SELECT * FROM {TABLES[chain]} ORDER BY id"):
        yield ChainedRow(row["id"], content(row), row["prev_hash"], row["hash"])


def head(db: Database, chain: str) -> Head:
    row = db.execute(f"SELECT id, hash FROM {TABLES[chain]} ORDER BY id DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else EMPTY


def heads(db: Database) -> dict[str, Head]:
    return {chain: head(db, chain) for chain in CHAINS}


def verify_chain(db: Database, anchor: Anchor, chain: str) -> ChainBreak | None:
    return ledger.verify(chain, anchor.key, rows(db, chain), anchor.accepted_heads(chain))


def check(db: Database, anchor: Anchor) -> ChainBreak | None:
    """The first record, ledger first, that is not as ivi wrote it."""
    for chain in CHAINS:
        if broken := verify_chain(db, anchor, chain):
            return broken
    return None


def seal(db: Database, key: bytes) -> dict[str, Head]:
    """Hash every record with `key` (in the caller's transaction); returns the new heads.
    The ledger refuses updates, so its trigger steps aside for this and comes back as it was."""
    db.execute("DROP TRIGGER consent_ledger_no_update")
    for chain in CHAINS:
        previous = ledger.GENESIS
        for row in list(rows(db, chain)):
            digest = ledger.entry_hash(key, previous, row.content)
            db.execute(f"UPDATE {TABLES[chain]} SET prev_hash = ?, hash = ? WHERE id = ?", [previous, digest, row.id])
            previous = digest
    append_only(db, "consent_ledger", ("UPDATE",))
    return heads(db)
