"""The consent ledger: append-only, each entry hash-chained to the one before it.

The database refuses updates and deletes (triggers); the chain and its recorded head let
`check` find what was changed by anything that went around those triggers.
"""

from dataclasses import dataclass
from typing import Any

from ivi.core import ledger
from ivi.core.consent import Action, ConsentEntry
from ivi.core.durations import Duration
from ivi.store.access import Access, iso, parse_time
from ivi.store.migrations import LEDGER_CONTENT, LEDGER_NOTICE_SEEN


@dataclass(frozen=True)
class LedgerRecord:
    id: int
    entry: ConsentEntry
    hash: str


class ConsentLedger:
    def __init__(self, access: Access):
        self._access = access
        self._db = access.db

    def append(self, entry: ConsentEntry) -> LedgerRecord:
        with self._access.transaction():
            last_id, last_hash = self._head() or (0, ledger.GENESIS)
            content = {"id": last_id + 1, **_columns(entry)}
            digest = ledger.entry_hash(last_hash, content)
            self._db.execute(
                f"INSERT INTO consent_ledger ({', '.join(content)}, prev_hash, hash)"
                f" VALUES ({', '.join('?' * (len(content) + 2))})",
                [*content.values(), last_hash, digest],
            )
            self._db.execute(
                "INSERT OR REPLACE INTO ledger_head (one, last_id, last_hash) VALUES (1, ?, ?)",
                [content["id"], digest],
            )
        return LedgerRecord(content["id"], entry, digest)

    def latest(self, profile: str) -> list[ConsentEntry]:
        """The newest entry per feature for `profile`: the driver's current choices."""
        with self._access.guard():
            rows = self._db.query(
                "SELECT * FROM consent_ledger WHERE id IN"
                " (SELECT max(id) FROM consent_ledger WHERE profile = ? GROUP BY feature) ORDER BY id",
                [profile],
            )
            return [_entry(row) for row in rows]

    def history(self, profile: str) -> list[LedgerRecord]:
        with self._access.guard():
            rows = self._db.query("SELECT * FROM consent_ledger WHERE profile = ? ORDER BY id", [profile])
            return [LedgerRecord(row["id"], _entry(row), row["hash"]) for row in rows]

    def count(self) -> int:
        with self._access.guard():
            return self._db.execute("SELECT count(*) FROM consent_ledger").fetchone()[0]

    def ever_granted(self, profile: str) -> set[str]:
        with self._access.guard():
            rows = self._db.query(
                "SELECT DISTINCT feature FROM consent_ledger WHERE profile = ? AND action = 'grant'", [profile]
            )
            return {row["feature"] for row in rows}

    def check(self) -> ledger.LedgerBreak | None:
        """The first entry that breaks the chain, or None if the ledger is as the program wrote it."""
        with self._access.guard():
            rows = (
                ledger.ChainedRow(row["id"], _content(row), row["prev_hash"], row["hash"])
                for row in self._db.query("SELECT * FROM consent_ledger ORDER BY id")
            )
            return ledger.verify(rows, self._head())

    def _head(self) -> tuple[int, str] | None:
        rows = list(self._db.query("SELECT last_id, last_hash FROM ledger_head"))
        return (rows[0]["last_id"], rows[0]["last_hash"]) if rows else None


def _columns(entry: ConsentEntry) -> dict[str, Any]:
    return {
        "profile": entry.profile,
        "feature": entry.feature,
        "action": entry.action.value,
        "at": iso(entry.at),
        "duration": entry.duration.value if entry.duration else None,
        "drive_id": entry.drive_id,
        "expires_at": iso(entry.expires_at),
        "notice_hash": entry.notice_hash,
    } | {c: getattr(entry, c) for c in LEDGER_NOTICE_SEEN if getattr(entry, c) is not None}


def _content(row: dict) -> dict[str, Any]:
    """What an entry's hash covers, as `_columns` wrote it."""
    return {c: row[c] for c in LEDGER_CONTENT} | {c: row[c] for c in LEDGER_NOTICE_SEEN if row[c] is not None}


def _entry(row: dict) -> ConsentEntry:
    return ConsentEntry(
        profile=row["profile"],
        feature=row["feature"],
        action=Action(row["action"]),
        at=parse_time(row["at"]),
        duration=Duration(row["duration"]) if row["duration"] else None,
        drive_id=row["drive_id"],
        expires_at=parse_time(row["expires_at"]),
        notice_hash=row["notice_hash"],
        notice_language=row["notice_language"],
        notice_document=row["notice_document"],
    )
