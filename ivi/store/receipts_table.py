"""Receipts: one for every notice shown and every choice made, and the notice documents they
name. Append-only."""

import json
from collections.abc import Iterable

from ivi.core.motion import Gear, Motion
from ivi.core.notice import NoticeDocument
from ivi.core.records import Channel, Receipt, ReceiptKind
from ivi.store.access import Access, iso, parse_time


class ReceiptBook:
    def __init__(self, access: Access):
        self._access = access

    def add(self, receipt: Receipt, documents: Iterable[NoticeDocument] = ()) -> None:
        with self._access.transaction():
            for document in documents:
                self._access.db.execute(
                    "INSERT OR IGNORE INTO notice_documents (version, feature, language, notice_hash, text)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [document.version, document.feature, document.language, document.notice_hash, document.text],
                )
            self._access.db.execute(
                "INSERT INTO receipts (kind, at, profile, drive_id, language, channel, gear, speed_kmh, notices,"
                " choices, documents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    receipt.kind.value,
                    iso(receipt.at),
                    receipt.profile,
                    receipt.drive_id,
                    receipt.language,
                    receipt.channel.value,
                    receipt.motion.gear.value,
                    receipt.motion.speed_kmh,
                    json.dumps(receipt.notices, sort_keys=True),
                    json.dumps(receipt.choices, sort_keys=True),
                    json.dumps(receipt.documents, sort_keys=True),
                ],
            )

    def for_profile(self, profile: str) -> list[Receipt]:
        rows = self._access.rows("SELECT * FROM receipts WHERE profile = ? ORDER BY id", [profile])
        return [_receipt(row) for row in rows]

    def document(self, version: str) -> NoticeDocument | None:
        rows = self._access.rows("SELECT * FROM notice_documents WHERE version = ?", [version])
        if not rows:
            return None
        row = rows[0]
        return NoticeDocument(row["feature"], row["language"], row["notice_hash"], row["text"])


def _receipt(row: dict) -> Receipt:
    return Receipt(
        kind=ReceiptKind(row["kind"]),
        at=parse_time(row["at"]),
        profile=row["profile"],
        drive_id=row["drive_id"],
        language=row["language"],
        channel=Channel(row["channel"]),
        motion=Motion(Gear(row["gear"]), row["speed_kmh"]),
        notices=json.loads(row["notices"]),
        choices=json.loads(row["choices"]),
        documents=json.loads(row["documents"]),
    )
