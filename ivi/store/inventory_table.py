"""The data inventory: what the car keeps, per category, and its deletion and retention purge."""

from collections.abc import Iterable, Mapping
from datetime import datetime

from ivi.core.records import Holding, KeptBatch
from ivi.store.access import Access, iso, parse_time


class Inventory:
    def __init__(self, access: Access):
        self._access = access

    def keep(self, batches: Iterable[KeptBatch]) -> None:
        with self._access.transaction():
            self._access.db.conn.executemany(
                "INSERT INTO kept_data (category, feature, profile, drive_id, first_at, last_at, count, bytes)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (b.category, b.feature, b.profile, b.drive_id, iso(b.first_at), iso(b.last_at), b.count, b.bytes)
                    for b in batches
                ],
            )

    def holdings(self, profile: str) -> dict[str, Holding]:
        """Per category, what is kept for `profile` (categories with nothing kept are absent)."""
        rows = self._access.rows(
            "SELECT category, sum(count) AS count, sum(bytes) AS bytes, min(first_at) AS first_at,"
            " max(last_at) AS last_at FROM kept_data WHERE profile = ? GROUP BY category",
            [profile],
        )
        return {
            row["category"]: Holding(
                row["category"], row["count"], row["bytes"], parse_time(row["first_at"]), parse_time(row["last_at"])
            )
            for row in rows
        }

    def delete(self, profile: str, category: str) -> Holding | None:
        """Delete everything kept of `category` for `profile` at once; returns what was deleted."""
        with self._access.transaction():
            held = self.holdings(profile).get(category)
            self._access.db.execute("DELETE FROM kept_data WHERE profile = ? AND category = ?", [profile, category])
        return held

    def purge(self, keep_since: Mapping[str, datetime]) -> int:
        """Delete batches whose newest item is older than their feature's `keep_since`; returns how many."""
        with self._access.transaction():
            purged = 0
            for feature, since in keep_since.items():
                cursor = self._access.db.execute(
                    "DELETE FROM kept_data WHERE feature = ? AND last_at < ?", [feature, iso(since)]
                )
                purged += cursor.rowcount
        return purged
