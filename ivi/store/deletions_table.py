"""Deletion requests for data already sent out of the car (CN-12). Append-only."""

import json
from dataclasses import replace
from datetime import date

from ivi.core.records import DeletionRequest
from ivi.store.access import Access, iso, parse_time


class DeletionRequests:
    def __init__(self, access: Access):
        self._access = access

    def add(self, request: DeletionRequest) -> DeletionRequest:
        with self._access.transaction():
            cursor = self._access.db.execute(
                "INSERT INTO deletion_requests (profile, category, features, requested_at, deadline)"
                " VALUES (?, ?, ?, ?, ?)",
                [
                    request.profile,
                    request.category,
                    json.dumps(list(request.features)),
                    iso(request.requested_at),
                    request.deadline.isoformat(),
                ],
            )
        return replace(request, id=cursor.lastrowid)

    def for_profile(self, profile: str) -> list[DeletionRequest]:
        rows = self._access.rows("SELECT * FROM deletion_requests WHERE profile = ? ORDER BY id", [profile])
        return [
            DeletionRequest(
                profile=row["profile"],
                category=row["category"],
                features=tuple(json.loads(row["features"])),
                requested_at=parse_time(row["requested_at"]),
                deadline=date.fromisoformat(row["deadline"]),
                id=row["id"],
            )
            for row in rows
        ]
