"""The JSON the commands print, in one place: each shape is documented by a table in the
README ("JSON output"), and scripts depend on it. Times are ISO 8601, ids as stored."""

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

from ivi.core.catalog import DataCategory, Feature
from ivi.core.consent import LedgerRecord
from ivi.core.drive import Drive
from ivi.core.egress import Attempt
from ivi.core.motion import Motion
from ivi.core.notice import NoticeDocument
from ivi.core.records import DeletionRequest, Holding, Receipt
from ivi.services.privacy import Deletion
from ivi.services.queries import FeatureStatus

if TYPE_CHECKING:  # the bus (NumPy, OpenCV) is loaded only by the command that runs it
    from ivi.bus.egress_guard import EgressCounts
    from ivi.net.traffic import Traffic

Json = dict[str, Any]


def print_json(data: Json) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def consent_status(
    profile: str, drive: Drive | None, motion: Motion, statuses: list[FeatureStatus], powered: list[str]
) -> Json:
    return {
        "profile": profile,
        "drive": {
            "id": drive.id,
            "profile": drive.profile,
            "started_at": iso(drive.started_at),
            "gear": motion.gear.value,
            "speed_kmh": motion.speed_kmh,
        }
        if drive
        else None,
        "features": [_status_row(s) for s in statuses],
        "powered_sensors": powered,
    }


def _status_row(status: FeatureStatus) -> Json:
    grant = status.last_grant
    return {
        "feature": status.feature.id,
        "active": status.active,
        "duration": grant.duration.value if grant else None,
        "granted_at": iso(grant.at) if grant else None,
        "expires_at": iso(grant.expires_at) if grant else None,
        "drive_id": grant.drive_id if grant else None,
        "notice_hash": status.feature.notice_hash,
        "notice_changed": status.notice_changed,
    }


def consent_history(
    profile: str, records: list[LedgerRecord], receipts: list[Receipt], documents: list[NoticeDocument] | None
) -> Json:
    """`documents` is None unless the notice texts were asked for (--text)."""
    shown = {"documents": [_document_row(d) for d in documents]} if documents is not None else {}
    return {
        "profile": profile,
        "entries": [_entry_row(r) for r in records],
        "receipts": [_receipt_row(r) for r in receipts],
    } | shown


def _entry_row(record: LedgerRecord) -> Json:
    entry = record.entry
    return {
        "id": record.id,
        "at": iso(entry.at),
        "feature": entry.feature,
        "action": entry.action.value,
        "duration": entry.duration.value if entry.duration else None,
        "drive_id": entry.drive_id,
        "expires_at": iso(entry.expires_at),
        "notice_hash": entry.notice_hash,
        "notice_language": entry.notice_language,
        "notice_document": entry.notice_document,
        "hash": record.hash,
    }


def _receipt_row(receipt: Receipt) -> Json:
    return {
        "at": iso(receipt.at),
        "kind": receipt.kind.value,
        "drive_id": receipt.drive_id,
        "language": receipt.language,
        "channel": receipt.channel.value,
        "gear": receipt.motion.gear.value,
        "speed_kmh": receipt.motion.speed_kmh,
        "notices": receipt.notices,
        "choices": receipt.choices,
        "documents": receipt.documents,
    }


def _document_row(document: NoticeDocument) -> Json:
    return {
        "version": document.version,
        "feature": document.feature,
        "language": document.language,
        "notice_hash": document.notice_hash,
        "text": document.text,
    }


def holding_row(category: DataCategory, holding: Holding | None, keepers: list[Feature]) -> Json:
    return {
        "category": category.id,
        "count": holding.count if holding else 0,
        "bytes": holding.bytes if holding else 0,
        "first_at": iso(holding.first_at) if holding else None,
        "last_at": iso(holding.last_at) if holding else None,
        "kept_by": {f.id: f.retention_days for f in keepers},
    }


def deletion(done: Deletion) -> Json:
    return {
        "category": done.category,
        "deleted_items": done.deleted.count if done.deleted else 0,
        "deleted_bytes": done.deleted.bytes if done.deleted else 0,
        "request": request_row(done.request) if done.request else None,
    }


def request_row(request: DeletionRequest) -> Json:
    return {
        "id": request.id,
        "category": request.category,
        "features": list(request.features),
        "requested_at": iso(request.requested_at),
        "deadline": request.deadline.isoformat(),
    }


def attempt_row(attempt: Attempt) -> Json:
    return {
        "at": iso(attempt.at),
        "profile": attempt.profile,
        "drive_id": attempt.drive_id,
        "feature": attempt.feature,
        "category": attempt.category,
        "endpoint": attempt.endpoint,
        "region": attempt.region,
        "bytes": attempt.bytes,
        "allowed": attempt.allowed,
        "reason": attempt.reason.value,
    }


def bus_run(
    seconds: float,
    vss_release: str,
    drive: Drive | None,
    failure: str | None,
    powered: list[str],
    samples: dict[str, int],
    counts: "EgressCounts",
    frames_dropped: int,
    wire: Json | None,
) -> Json:
    return {
        "seconds": seconds,
        "vss_release": vss_release,
        "drive": {"id": drive.id, "profile": drive.profile} if drive else None,
        "fail_closed": failure,
        "powered_sensors": powered,
        "samples": samples,
        "egress": {
            "allowed": counts.allowed,
            "refused": counts.refused,
            "bytes_out": counts.bytes_out,
            "by_reason": dict(sorted(counts.by_reason.items())),
        },
        "left_car": [
            {"feature": feature, "endpoint": endpoint, "parcels": n, "bytes": counts.sent_bytes[(feature, endpoint)]}
            for (feature, endpoint), n in sorted(counts.sent.items())
        ],
        "frames_dropped": frames_dropped,
        "wire": wire,
    }


def wire(traffic: "Traffic", folder: str, problems: list[str]) -> Json:
    return {
        "folder": folder,
        "requests": len(traffic.requests),
        "bytes": traffic.wire_bytes,
        "pictures": traffic.pictures,
        "by_feature": dict(sorted(traffic.by_feature().items())),
        "clean": traffic.clean,
        "problems": problems,
    }
