"""The egress log: every attempt to send data out of the car, allowed or refused. Append-only."""

from ivi.core.egress import Attempt, Reason
from ivi.store.access import Access, iso, parse_time


class EgressLog:
    def __init__(self, access: Access):
        self._access = access

    def add(self, attempt: Attempt) -> None:
        with self._access.transaction():
            self._access.db.execute(
                "INSERT INTO egress_log"
                " (at, profile, drive_id, feature, category, endpoint, region, bytes, allowed, reason)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    iso(attempt.at),
                    attempt.profile,
                    attempt.drive_id,
                    attempt.feature,
                    attempt.category,
                    attempt.endpoint,
                    attempt.region,
                    attempt.bytes,
                    int(attempt.allowed),
                    attempt.reason.value,
                ],
            )

    def attempts(self, profile: str | None = None) -> list[Attempt]:
        """Oldest first; every profile's unless one is given."""
        where, params = ("WHERE profile = ?", [profile]) if profile else ("", [])
        rows = self._access.rows(f"SELECT * FROM egress_log {where} ORDER BY id", params)
        return [
            Attempt(
                at=parse_time(row["at"]),
                profile=row["profile"],
                drive_id=row["drive_id"],
                feature=row["feature"],
                category=row["category"],
                endpoint=row["endpoint"],
                region=row["region"],
                bytes=row["bytes"],
                reason=Reason(row["reason"]),
            )
            for row in rows
        ]
