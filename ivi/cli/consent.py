"""`ivi consent`: show, grant, revoke and verify consents."""

from datetime import datetime
from pathlib import Path

import click

from ivi.bootstrap import build_services, default_db_path, note_stop, verify_store
from ivi.cli import shapes
from ivi.cli.language import say, text
from ivi.cli.options import (
    asked,
    closed_after,
    db_option,
    duration_option,
    feature_argument,
    json_option,
    lang_option,
    profile_option,
    reader,
    words,
    writer,
)
from ivi.core.consent import Action
from ivi.core.durations import Duration
from ivi.core.records import ReceiptKind
from ivi.core.stops import RevokeStop
from ivi.core.text import Text
from ivi.services.queries import FeatureStatus
from ivi.store.errors import RecordChanged, StoreUnavailable
from ivi.words import Words


@click.group()
@lang_option
def consent() -> None:
    """Show, grant, revoke and verify consents."""


@consent.command("status")
@lang_option
@json_option
@db_option
@profile_option
def consent_status(as_json: bool, db_path: Path | None, profile: str | None) -> None:
    """Each feature's consent for a profile, and what is running now."""
    services = reader(db_path)
    who = services.profile(profile)
    statuses = services.status(who)
    drive = services.current_drive()
    motion = services.motion()
    powered = sorted(services.state().powered_sensors)
    if as_json:
        shapes.print_json(shapes.consent_status(who, drive, motion, statuses, powered))
        return
    named = words(services)
    if drive:
        say(
            Text(
                "Profile: %(profile)s. Drive #%(drive)d of %(driver)s, since %(since)s, %(motion)s",
                profile=named.profile(who),
                drive=drive.id,
                driver=named.profile(drive.profile),
                since=named.moment(drive.started_at),
                motion=motion.describe(),
            )
        )
    else:
        say(Text("Profile: %(profile)s. No drive in progress", profile=named.profile(who)))
    now = services.clock.now()
    for status in statuses:
        say(_status_line(status, now, named))
    sensors = named.joined([named.sensor(s) for s in powered])
    say(Text("Sensors on: %(sensors)s", sensors=sensors or Text("none")))


def _status_line(status: FeatureStatus, now: datetime, named: Words) -> Text:
    name, running = named.feature(status.feature.id), status.running
    if running is not None and running.expires_at is not None:
        return Text(
            "  %(feature)s: on, %(duration)s, until %(until)s",
            feature=name,
            duration=named.duration(running.duration.value),
            until=named.moment(running.expires_at),
        )
    if running is not None:
        return Text("  %(feature)s: on until the end of this drive", feature=name)
    if expired := status.expired_at(now):
        return Text("  %(feature)s: off, expired %(when)s", feature=name, when=named.moment(expired))
    if status.notice_changed:
        return Text("  %(feature)s: off, its notice changed: ask again", feature=name)
    return Text("  %(feature)s: off", feature=name)


@consent.command("history")
@lang_option
@json_option
@click.option(
    "--text", "with_text", is_flag=True, help="Also print the exact notice text each entry and receipt names."
)
@db_option
@profile_option
def consent_history(as_json: bool, with_text: bool, db_path: Path | None, profile: str | None) -> None:
    """Every consent entry of a profile, oldest first, and the receipts of what was shown and chosen."""
    services = reader(db_path)
    who = services.profile(profile)
    records, receipts = services.consent_history(who), services.receipts(who)
    documents = services.notice_documents(who) if with_text else None
    if as_json:
        shapes.print_json(shapes.consent_history(who, records, receipts, documents))
        return
    named = words(services)
    say(Text("Profile: %(profile)s", profile=named.profile(who)))
    for record in records:
        entry = record.entry
        what = (
            Text("granted for this drive")
            if entry.action is Action.GRANT and entry.duration is Duration.DRIVE
            else Text("granted for %(duration)s", duration=named.duration(entry.duration.value))
            if entry.action is Action.GRANT and entry.duration
            else Text("withdrawn")
        )
        version = (
            text(
                Text(
                    " (notice version %(notice)s, text %(document)s in %(language)s)",
                    notice=entry.notice_hash,
                    document=entry.notice_document,
                    language=named.language(entry.notice_language),
                )
            )
            if entry.notice_hash and entry.notice_document and entry.notice_language
            else ""
        )
        say(
            Text(
                "  #%(id)d  %(at)s  %(feature)s: %(what)s%(version)s",
                id=record.id,
                at=named.moment(entry.at),
                feature=named.feature(entry.feature),
                what=what,
                version=version,
            )
        )
    shown = sum(r.kind is ReceiptKind.NOTICE_SHOWN for r in receipts)
    say(Text("Receipts: %(receipts)d (%(shown)d notices shown)", receipts=len(receipts), shown=shown))
    for document in documents or []:
        say(
            Text(
                "Notice text %(version)s (%(feature)s, %(language)s, notice version %(notice)s):",
                version=document.version,
                feature=named.feature(document.feature),
                language=document.language,
                notice=document.notice_hash,
            )
        )
        click.echo("    " + document.text.replace("\n", "\n    "))


@consent.command("grant")
@lang_option
@feature_argument
@duration_option
@db_option
@profile_option
def consent_grant(feature: str, duration: Duration, db_path: Path | None, profile: str | None) -> None:
    """Consent to FEATURE for a period (only while parked)."""
    services = writer(db_path)
    entry = services.grant(feature, duration, profile, asked())
    named = words(services)
    until = (
        named.moment(entry.expires_at)
        if entry.expires_at
        else Text("the end of drive #%(drive)d", drive=entry.drive_id)
    )
    say(
        Text(
            "%(feature)s allowed for %(profile)s until %(until)s",
            feature=named.feature(entry.feature),
            profile=named.profile(entry.profile),
            until=until,
        )
    )


@consent.command("revoke")
@lang_option
@feature_argument
@db_option
@profile_option
def consent_revoke(feature: str, db_path: Path | None, profile: str | None) -> None:
    """Withdraw consent to FEATURE, at any time; its sensors stop before their next sample."""
    path = db_path or default_db_path(make_folder=False)
    try:
        services = closed_after(build_services(path, create=False, stopping=True))
    except StoreUnavailable as failure:
        # Not writable now: the stop is noted beside the database, so nothing samples it.
        raise note_stop(
            path, failure, lambda s: [RevokeStop(s.profile(profile), s.catalog.feature(feature).id, s.clock.now())]
        ) from None
    entry = services.revoke(feature, profile, asked())
    named = words(services)
    say(
        Text(
            "%(feature)s withdrawn for %(profile)s: its sensors are off",
            feature=named.feature(entry.feature),
            profile=named.profile(entry.profile),
        )
    )


@consent.command("verify")
@lang_option
@db_option
def consent_verify(db_path: Path | None) -> None:
    """Check the record: the schema, and the consent ledger's and the drives' keyed hash
    chains against the secure element; exit 1 naming the first record changed outside ivi."""
    report = verify_store(db_path or default_db_path(make_folder=False))
    for line in report.lines:
        say(line)
    if report.problem:
        raise RecordChanged(report.problem)
