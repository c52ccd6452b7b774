"""The consent ledger: append-only, each entry hash-chained (keyed) to the one before it.

The database refuses updates and deletes (triggers); the chain, its key and its head in the
secure element let `ivi.store.chains.check` find what went around those triggers.
"""

from collections.abc import Callable
from typing import Any

from ivi.core import ledger
from ivi.core.consent import Action, ConsentEntry, LedgerRecord
from ivi.core.durations import Duration
from ivi.store import chains
from ivi.store.access import Access, iso, parse_time
from ivi.store.migrations import LEDGER_NOTICE_SEEN

# The newest entry per feature, found by skipping through the index (profile, feature, id) one
# feature at a time: it costs the same for a ledger of ten entries or of ten thousand, where a
# GROUP BY reads every entry of the profile (the gate asks this after every consent).
LATEST = """
WITH RECURSIVE chosen(feature) AS (
    SELECT min(feature) FROM consent_ledger WHERE profile = :profile
    UNION ALL
    SELECT (SELECT min(feature) FROM consent_ledger WHERE profile = :profile AND feature > chosen.feature)
    FROM chosen WHERE chosen.feature IS NOT NULL
)
SELECT * FROM consent_ledger WHERE id IN
    (SELECT (SELECT max(id) FROM consent_ledger WHERE profile = :profile AND feature = chosen.feature) FROM chosen)
ORDER BY id
"""


class ConsentLedger:
    def __init__(self, access: Access, key: Callable[[], bytes]):
        self._access = access
        self._db = access.db
        self._key = key  # the chain's key, from the secure element

    def append(self, entry: ConsentEntry) -> LedgerRecord:
        with self._access.transaction():
            last_id, last_hash = chains.head(self._db, "ledger")
            content = {"id": last_id + 1, **_columns(entry)}
            digest = ledger.entry_hash(self._key(), last_hash, content)
            self._db.execute(
                f"INSERT INTO consent_ledger ({', '.join(content)}, prev_hash, hash)"
                f" VALUES ({', '.join('?' * (len(content) + 2))})",
                [*content.values(), last_hash, digest],
            )
        return LedgerRecord(content["id"], entry, digest)

    def latest(self, profile: str) -> list[ConsentEntry]:
        """The newest entry per feature for `profile`: the driver's current choices."""
        return [_entry(row) for row in self._access.rows(LATEST, {"profile": profile})]

    def history(self, profile: str) -> list[LedgerRecord]:
        rows = self._access.rows("SELECT * FROM consent_ledger WHERE profile = ? ORDER BY id", [profile])
        return [LedgerRecord(row["id"], _entry(row), row["hash"]) for row in rows]

    def count(self) -> int:
        with self._access.guard():
            return self._db.execute("SELECT count(*) FROM consent_ledger").fetchone()[0]

    def ever_granted(self, profile: str) -> set[str]:
        rows = self._access.rows(
            "SELECT DISTINCT feature FROM consent_ledger WHERE profile = ? AND action = 'grant'", [profile]
        )
        return {row["feature"] for row in rows}


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
