"""The `ivi` command: a thin layer over the services, in the manner of sqlite-utils' cli.py.

Every failure ivi knows of is an `IviError`, printed as one line with a non-zero exit. What
it prints for people is in the language of `--lang`, else of the environment (`LANG`), else
English; JSON stays as documented.
"""

import json
import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from ivi import translation
from ivi.bootstrap import build_car, build_services, default_db_path, note_stop
from ivi.bus import recall, signals
from ivi.bus.anonymise_files import anonymise_files
from ivi.bus.anonymiser import Anonymiser
from ivi.bus.photo_recall import contact_sheet, load_photos, measure_photos
from ivi.cli_language import (
    LANG_OPTION,
    asked_language,
    help_texts,
    say,
    text,
    translate_help,
    translator,
    use_language,
)
from ivi.cli_params import GivenPath, finite_seconds, out_folder, window_size
from ivi.cli_recall import print_photo_recall, print_recall
from ivi.core.consent import Action
from ivi.core.drive import Drive
from ivi.core.errors import DriveInProgress, IviError
from ivi.core.motion import Gear
from ivi.core.notice import NoticeDocument
from ivi.core.records import Channel, DeletionRequest
from ivi.core.stops import DriveStop, RevokeStop, Stop
from ivi.core.text import Plural, Text, refused_by_system
from ivi.i18n import DEFAULT_LANGUAGE, SOURCE_LANGUAGE, available_languages, choose_language
from ivi.paths import LOCALES_DIR
from ivi.pseudo_locale import PSEUDO_LANGUAGE, locales_with_pseudo
from ivi.services import Asked, FeatureStatus, PrivacyService
from ivi.store import StoreUnavailable, open_store
from ivi.store.verification import RecordChanged, verify_record
from ivi.translation import shown_path
from ivi.words import Words


def lang_option(command):
    # Read by main() before click parses anything, so that click's own errors are translated too.
    return click.option(
        LANG_OPTION, expose_value=False, metavar="LANGUAGE", help="Language of the output (default: from $LANG)."
    )(command)


def db_option(command):
    return click.option(
        "--db",
        "db_path",
        type=GivenPath(path_type=Path, dir_okay=False),
        default=None,
        help="The car's consent database (default: $IVI_DB, else ~/.local/share/ivi/car.db).",
    )(command)


def profile_option(command):
    return click.option("--profile", default=None, help="Driver profile (default: the current driver's).")(command)


def json_option(command):
    return click.option("--json", "as_json", is_flag=True, help="Print JSON (documented in the README).")(command)


def _services(db_path: Path | None) -> PrivacyService:
    """For a command that writes: the database is created if it is missing."""
    return _closed_after(build_services(db_path or default_db_path()))


def _reader(db_path: Path | None) -> PrivacyService:
    """For a command that only reads: the database is opened read-only and left as it was,
    byte for byte; a missing one is refused, not made (nor its folder)."""
    return _closed_after(build_services(db_path or default_db_path(make_folder=False), create=False, read_only=True))


def _closed_after(services: PrivacyService) -> PrivacyService:
    """The store closes when the command ends, refused or not: SQLite folds its -wal file
    back into the database and removes it."""
    click.get_current_context().call_on_close(services.store.close)
    return services


def _asked() -> Asked:
    """The command stands in for the companion app: the notice is rendered in its language."""
    return Asked(translator().language, Channel.CLI, translator())


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@click.group()
@lang_option
@click.version_option(package_name="ivi")
def cli() -> None:
    """ivi: an in-vehicle head unit that asks for, records and honours consent."""


@cli.command()
@click.option(
    LANG_OPTION, "lang", default=None, metavar="LANGUAGE", help="zh_CN or en (default: from $LANG, else zh_CN)."
)
@db_option
@click.option("--size", default="1280x720", show_default=True, help="Window size, WIDTHxHEIGHT.")
@click.option("--fullscreen", is_flag=True)
def demo(lang: str | None, db_path: Path | None, size: str, fullscreen: bool) -> None:
    """Open the head unit on this screen."""
    window = window_size(size)
    from ivi.ui.launch import run_demo  # Kivy is imported only for the demo

    run_demo(db_path or default_db_path(), choose_language(lang, os.environ, DEFAULT_LANGUAGE), window, fullscreen)


@cli.group()
@lang_option
def consent() -> None:
    """Show, grant, revoke and verify consents."""


def _time(moment) -> str | None:
    """For JSON: ISO 8601, as documented."""
    return moment.isoformat() if moment else None


def _words(services: PrivacyService) -> Words:
    """For people: names and times in the language of the output."""
    return Words(services.catalog, translator())


def _status_row(status: FeatureStatus) -> dict[str, Any]:
    grant = status.last_grant
    return {
        "feature": status.feature.id,
        "active": status.active,
        "duration": grant.duration.value if grant else None,
        "granted_at": _time(grant.at) if grant else None,
        "expires_at": _time(grant.expires_at) if grant else None,
        "drive_id": grant.drive_id if grant else None,
        "notice_hash": status.feature.notice_hash,
        "notice_changed": status.notice_changed,
    }


@consent.command("status")
@lang_option
@json_option
@db_option
@profile_option
def consent_status(as_json: bool, db_path: Path | None, profile: str | None) -> None:
    """Each feature's consent for a profile, and what is running now."""
    services = _reader(db_path)
    who = services.profile(profile)
    rows = [_status_row(s) for s in services.status(who)]
    drive = services.current_drive()
    drive = drive if drive and drive.in_progress else None
    motion = services.motion()
    powered = sorted(services.state().powered_sensors)
    if as_json:
        _print_json(
            {
                "profile": who,
                "drive": {
                    "id": drive.id,
                    "profile": drive.profile,
                    "started_at": _time(drive.started_at),
                    "gear": motion.gear.value,
                    "speed_kmh": motion.speed_kmh,
                }
                if drive
                else None,
                "features": rows,
                "powered_sensors": powered,
            }
        )
        return
    words = _words(services)
    if drive:
        say(
            Text(
                "Profile: %(profile)s. Drive #%(drive)d of %(driver)s, since %(since)s, %(motion)s",
                profile=words.profile(who),
                drive=drive.id,
                driver=words.profile(drive.profile),
                since=words.moment(drive.started_at),
                motion=motion.describe(),
            )
        )
    else:
        say(Text("Profile: %(profile)s. No drive in progress", profile=words.profile(who)))
    now = services.clock.now()
    for status in services.status(who):
        say(_status_line(status, now, words))
    sensors = words.joined([words.sensor(s) for s in powered])
    say(Text("Sensors on: %(sensors)s", sensors=sensors or Text("none")))


def _status_line(status: FeatureStatus, now: datetime, words: Words) -> Text:
    name, running = words.feature(status.feature.id), status.running
    if running is not None and running.expires_at is not None:
        return Text(
            "  %(feature)s: on, %(duration)s, until %(until)s",
            feature=name,
            duration=words.duration(running.duration.value),
            until=words.moment(running.expires_at),
        )
    if running is not None:
        return Text("  %(feature)s: on until the end of this drive", feature=name)
    if expired := status.expired_at(now):
        return Text("  %(feature)s: off, expired %(when)s", feature=name, when=words.moment(expired))
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
    services = _reader(db_path)
    who = services.profile(profile)
    records = services.store.ledger.history(who)
    entries = [
        {
            "id": record.id,
            "at": _time(record.entry.at),
            "feature": record.entry.feature,
            "action": record.entry.action.value,
            "duration": record.entry.duration.value if record.entry.duration else None,
            "drive_id": record.entry.drive_id,
            "expires_at": _time(record.entry.expires_at),
            "notice_hash": record.entry.notice_hash,
            "notice_language": record.entry.notice_language,
            "notice_document": record.entry.notice_document,
            "hash": record.hash,
        }
        for record in records
    ]
    receipts = [
        {
            "at": _time(r.at),
            "kind": r.kind.value,
            "drive_id": r.drive_id,
            "language": r.language,
            "channel": r.channel.value,
            "gear": r.motion.gear.value,
            "speed_kmh": r.motion.speed_kmh,
            "notices": r.notices,
            "choices": r.choices,
            "documents": r.documents,
        }
        for r in services.store.receipts.for_profile(who)
    ]
    documents = services.notice_documents(who) if with_text else []
    if as_json:
        shown = {"documents": [_document_row(d) for d in documents]} if with_text else {}
        _print_json({"profile": who, "entries": entries, "receipts": receipts} | shown)
        return
    words = _words(services)
    say(Text("Profile: %(profile)s", profile=words.profile(who)))
    for record in records:
        entry = record.entry
        what = (
            Text("granted for %(duration)s", duration=words.duration(entry.duration.value))
            if entry.action is Action.GRANT and entry.duration
            else Text("withdrawn")
        )
        version = (
            text(
                Text(
                    " (notice version %(notice)s, text %(document)s in %(language)s)",
                    notice=entry.notice_hash,
                    document=entry.notice_document,
                    language=words.language(entry.notice_language),
                )
            )
            if entry.notice_hash and entry.notice_document and entry.notice_language
            else ""
        )
        say(
            Text(
                "  #%(id)d  %(at)s  %(feature)s: %(what)s%(version)s",
                id=record.id,
                at=words.moment(entry.at),
                feature=words.feature(entry.feature),
                what=what,
                version=version,
            )
        )
    shown = sum(r["kind"] == "notice_shown" for r in receipts)
    say(Text("Receipts: %(receipts)d (%(shown)d notices shown)", receipts=len(receipts), shown=shown))
    for document in documents:
        say(
            Text(
                "Notice text %(version)s (%(feature)s, %(language)s, notice version %(notice)s):",
                version=document.version,
                feature=words.feature(document.feature),
                language=document.language,
                notice=document.notice_hash,
            )
        )
        click.echo("    " + document.text.replace("\n", "\n    "))


def _document_row(document: NoticeDocument) -> dict[str, str]:
    return {
        "version": document.version,
        "feature": document.feature,
        "language": document.language,
        "notice_hash": document.notice_hash,
        "text": document.text,
    }


@consent.command("grant")
@lang_option
@click.argument("feature")
@click.option("--duration", required=True, help="drive, 7d, 90d or 365d.")
@db_option
@profile_option
def consent_grant(feature: str, duration: str, db_path: Path | None, profile: str | None) -> None:
    """Consent to FEATURE for a period (only while parked)."""
    services = _services(db_path)
    entry = services.grant(feature, duration, profile, _asked())
    words = _words(services)
    until = (
        words.moment(entry.expires_at)
        if entry.expires_at
        else Text("the end of drive #%(drive)d", drive=entry.drive_id)
    )
    say(
        Text(
            "%(feature)s allowed for %(profile)s until %(until)s",
            feature=words.feature(entry.feature),
            profile=words.profile(entry.profile),
            until=until,
        )
    )


@consent.command("revoke")
@lang_option
@click.argument("feature")
@db_option
@profile_option
def consent_revoke(feature: str, db_path: Path | None, profile: str | None) -> None:
    """Withdraw consent to FEATURE, at any time; its sensors stop before their next sample."""
    path = db_path or default_db_path()
    try:
        services = _closed_after(build_services(path, stopping=True))
    except StoreUnavailable as failure:
        # Not writable now: the stop is noted beside the database, so nothing samples it.
        raise note_stop(
            path, failure, lambda s: [RevokeStop(s.profile(profile), s.catalog.feature(feature).id, s.clock.now())]
        ) from None
    entry = services.revoke(feature, profile, _asked())
    words = _words(services)
    say(
        Text(
            "%(feature)s withdrawn for %(profile)s: its sensors are off",
            feature=words.feature(entry.feature),
            profile=words.profile(entry.profile),
        )
    )


@consent.command("verify")
@lang_option
@db_option
def consent_verify(db_path: Path | None) -> None:
    """Check the record: the schema, and the consent ledger's and the drives' keyed hash
    chains against the secure element; exit 1 naming the first record changed outside ivi."""
    store = open_store(db_path or default_db_path(make_folder=False), create=False, read_only=True, trust=False)
    try:
        report = verify_record(store)
    finally:
        store.close()
    for line in report.lines:
        say(line)
    if report.problem:
        raise RecordChanged(report.problem)


@cli.group()
@lang_option
def drive() -> None:
    """Ignition, gear and driver profile."""


@drive.command("start")
@lang_option
@db_option
@profile_option
@click.option("--restart", is_flag=True, help="End the drive in progress first (its this-drive consents end too).")
def drive_start(db_path: Path | None, profile: str | None, restart: bool) -> None:
    """Ignition on, parked: every cabin sensor off unless a longer consent holds."""
    services = _services(db_path)
    running = services.current_drive()
    if running is not None and not restart:
        raise DriveInProgress(running.id, running.profile)
    _say_started(services, services.start_drive(profile))


def _say_started(services: PrivacyService, started: Drive) -> None:
    say(
        Text(
            "drive #%(drive)d started for %(profile)s",
            drive=started.id,
            profile=_words(services).profile(started.profile),
        )
    )


@drive.command("end")
@lang_option
@db_option
def drive_end(db_path: Path | None) -> None:
    """Ignition off: this-drive-only consents, and all of a guest's, end with it."""
    path = db_path or default_db_path()
    try:
        services = _closed_after(build_services(path, stopping=True))
    except StoreUnavailable as failure:
        raise note_stop(path, failure, _drive_stop) from None
    ended = services.end_drive()
    say(Text("drive #%(drive)d ended", drive=ended.id))


def _drive_stop(services: PrivacyService) -> list[Stop]:
    drive = services.store.current_drive()
    return [DriveStop(drive.id, services.clock.now())] if drive else []


@drive.command("gear")
@lang_option
@click.argument("gear", type=click.Choice([g.value for g in Gear]))
@click.option("--speed", type=float, default=0.0, show_default=True, help="Speed in km/h.")
@db_option
def drive_gear(gear: str, speed: float, db_path: Path | None) -> None:
    """Move the gear lever (and say how fast the car goes): consents wait until it is parked."""
    motion = _services(db_path).set_motion(Gear(gear), speed)
    if motion.gear is Gear.PARK:
        say(Text("%(motion)s: parked", motion=motion.describe()))
    elif motion.parked:
        say(Text("%(motion)s: standing still; consents can be changed until the car moves", motion=motion.describe()))
    else:
        say(
            Text(
                "%(motion)s: moving; consents that collect more wait until the car stands still",
                motion=motion.describe(),
            )
        )


@drive.command("profile")
@lang_option
@click.argument("name")
@db_option
def drive_profile(name: str, db_path: Path | None) -> None:
    """Switch driver profile (only while parked): the drive goes on as a new drive for NAME."""
    services = _services(db_path)
    _say_started(services, services.switch_profile(name))


@cli.group()
@lang_option
def data() -> None:
    """Personal data kept in the car, and deleting it."""


@data.command("status")
@lang_option
@json_option
@db_option
@profile_option
def data_status(as_json: bool, db_path: Path | None, profile: str | None) -> None:
    """What the car keeps for a profile, per data category, and for how long."""
    services = _reader(db_path)
    who = services.profile(profile)
    held = services.holdings(who)
    rows = []
    for category in services.catalog.categories.values():
        if not category.personal:
            continue
        holding = held.get(category.id)
        keepers = [f for f in services.catalog.features_of_category(category.id) if f.retention_days]
        rows.append(
            {
                "category": category.id,
                "count": holding.count if holding else 0,
                "bytes": holding.bytes if holding else 0,
                "first_at": _time(holding.first_at) if holding else None,
                "last_at": _time(holding.last_at) if holding else None,
                "kept_by": {f.id: f.retention_days for f in keepers},
            }
        )
    if as_json:
        _print_json({"profile": who, "categories": rows})
        return
    words = _words(services)
    say(Text("Profile: %(profile)s", profile=words.profile(who)))
    for row in rows:
        kept = [
            text(Text("%(feature)s, %(days)s", feature=words.feature(f), days=translator().days(d)))
            for f, d in row["kept_by"].items()
        ]
        holding = held.get(row["category"])
        span = (
            text(
                Text(
                    ", %(first)s to %(last)s", first=words.moment(holding.first_at), last=words.moment(holding.last_at)
                )
            )
            if holding and holding.count
            else ""
        )
        keeps = words.joined(kept) or text(Text("never"))
        say(
            Plural(
                "  %(category)s: %(n)d item, %(size)s%(span)s (kept: %(keeps)s)",
                "  %(category)s: %(n)d items, %(size)s%(span)s (kept: %(keeps)s)",
                row["count"],
                category=words.category(row["category"]),
                size=translator().size(row["bytes"]),
                span=span,
                keeps=keeps,
            )
        )


@data.command("delete")
@lang_option
@click.argument("category")
@json_option
@db_option
@profile_option
def data_delete(category: str, as_json: bool, db_path: Path | None, profile: str | None) -> None:
    """Delete CATEGORY's data in the car now, and ask for copies sent out to be deleted."""
    services = _services(db_path)
    done = services.delete_data(category, profile)
    request = _request_row(done.request) if done.request else None
    if as_json:
        _print_json(
            {
                "category": done.category,
                "deleted_items": done.deleted.count if done.deleted else 0,
                "deleted_bytes": done.deleted.bytes if done.deleted else 0,
                "request": request,
            }
        )
        return
    count = done.deleted.count if done.deleted else 0
    words = _words(services)
    say(
        Plural(
            "%(category)s: %(n)d item kept in the car deleted",
            "%(category)s: %(n)d items kept in the car deleted",
            count,
            category=words.category(done.category),
        )
    )
    if done.request:
        say(
            Text(
                "deletion request #%(id)d for data sent out by %(features)s: due by %(deadline)s (10 Chinese working days)",
                id=done.request.id,
                features=words.joined([words.feature(f) for f in done.request.features]),
                deadline=translator().date(done.request.deadline),
            )
        )


def _request_row(request: DeletionRequest) -> dict[str, Any]:
    return {
        "id": request.id,
        "category": request.category,
        "features": list(request.features),
        "requested_at": _time(request.requested_at),
        "deadline": request.deadline.isoformat(),
    }


@data.command("requests")
@lang_option
@json_option
@db_option
@profile_option
def data_requests(as_json: bool, db_path: Path | None, profile: str | None) -> None:
    """Deletion requests for data already sent out, with their working-day deadlines."""
    services = _reader(db_path)
    who = services.profile(profile)
    requests = services.deletion_requests(who)
    rows = [_request_row(r) for r in requests]
    if as_json:
        _print_json({"profile": who, "requests": rows})
        return
    words = _words(services)
    say(Text("Profile: %(profile)s", profile=words.profile(who)))
    for request in requests:
        say(
            Text(
                "  #%(id)d  %(category)s: asked %(asked)s, due by %(deadline)s",
                id=request.id,
                category=words.category(request.category),
                asked=words.moment(request.requested_at),
                deadline=translator().date(request.deadline),
            )
        )
    if not rows:
        say(Text("  no deletion requests"))


@data.command("purge")
@lang_option
@db_option
def data_purge(db_path: Path | None) -> None:
    """Delete what the car has kept longer than its feature's retention (also done at ignition-on)."""
    purged = _services(db_path).purge_kept_data()
    say(Plural("purged %(n)d batch past its retention", "purged %(n)d batches past their retention", purged))


@cli.group()
@lang_option
def bus() -> None:
    """The simulated sensor bus."""


@bus.command("run")
@lang_option
@click.option(
    "--seconds",
    type=click.FloatRange(min=0, min_open=True, max=86_400),
    required=True,
    callback=lambda _c, _p, v: finite_seconds(v),
)
@json_option
@db_option
def bus_run(seconds: float, as_json: bool, db_path: Path | None) -> None:
    """Run the current drive for N simulated seconds and count what the sensors produced.

    If the consent database cannot be used, the car still runs, with every personal sensor
    off, and the command exits 1 saying why."""
    car = build_car(db_path or default_db_path(), fail_closed=True, create=False)
    try:
        failure = car.gate.failure
        drive = None if failure else car.services.store.current_drive()
        if drive is None and not failure:
            raise IviError(Text("the ignition is off: run `ivi drive start` first"))
        car.simulator.advance(seconds)
        car.keeper.flush()
        counts = car.guard.counts
        report = {
            "seconds": seconds,
            "vss_release": signals.VSS_RELEASE,
            "drive": {"id": drive.id, "profile": drive.profile} if drive else None,
            "fail_closed": str(failure) if failure else None,
            "powered_sensors": sorted(car.gate.state.powered_sensors),
            "samples": {path: car.bus.counts[path] for path in signals.ALL_PATHS},
            "egress": {
                "allowed": counts.allowed,
                "refused": counts.refused,
                "bytes_out": counts.bytes_out,
                "by_reason": dict(sorted(counts.by_reason.items())),
            },
            "left_car": [
                {
                    "feature": feature,
                    "endpoint": endpoint,
                    "parcels": n,
                    "bytes": counts.sent_bytes[(feature, endpoint)],
                }
                for (feature, endpoint), n in sorted(counts.sent.items())
            ],
            "frames_dropped": car.incidents.dropped,
        }
    finally:
        car.close()
    if as_json:
        _print_json(report)
    else:
        words = Words(car.services.catalog, translator())
        if drive:
            say(
                Text(
                    "drive #%(drive)d (%(profile)s), %(seconds)s simulated seconds",
                    drive=drive.id,
                    profile=words.profile(drive.profile),
                    seconds=f"{seconds:g}",
                )
            )
        else:
            say(Text("no consent store, %(seconds)s simulated seconds", seconds=f"{seconds:g}"))
        for path, count in report["samples"].items():
            click.echo(f"  {path:<48} {count:>8}")
        say(Text("egress: %(allowed)d allowed, %(refused)d refused", allowed=counts.allowed, refused=counts.refused))
        for sent in report["left_car"]:
            say(
                Text(
                    "  %(feature)s to %(server)s: %(parcels)d parcels, %(size)s",
                    feature=words.feature(sent["feature"]),
                    server=words.server(sent["endpoint"]),
                    parcels=sent["parcels"],
                    size=translator().size(sent["bytes"]),
                )
            )
        if not report["left_car"]:
            say(Text("left the car: nothing"))
    if failure:
        raise IviError(Text("%(failure)s; the car ran with every personal sensor off", failure=failure.message))


@cli.group()
@lang_option
def egress() -> None:
    """What tried to leave the car, and what was let out."""


@egress.command("log")
@lang_option
@json_option
@db_option
@click.option("--profile", default=None, help="Only this driver profile's attempts (default: every profile's).")
def egress_log(as_json: bool, db_path: Path | None, profile: str | None) -> None:
    """Every attempt to send data out of the car, allowed or refused, and why."""
    services = _reader(db_path)
    attempts = services.egress_log(profile)
    rows = [
        {
            "at": _time(a.at),
            "profile": a.profile,
            "drive_id": a.drive_id,
            "feature": a.feature,
            "category": a.category,
            "endpoint": a.endpoint,
            "region": a.region,
            "bytes": a.bytes,
            "allowed": a.allowed,
            "reason": a.reason.value,
        }
        for a in attempts
    ]
    if as_json:
        _print_json({"attempts": rows})
        return
    words = _words(services)
    for attempt in attempts:
        say(
            Text(
                "%(at)s  %(feature)s, %(category)s, %(size)s to %(server)s: %(reason)s",
                at=words.moment(attempt.at),
                feature=words.feature(attempt.feature),
                category=words.category(attempt.category),
                size=translator().size(attempt.bytes),
                server=words.server(attempt.endpoint),
                reason=words.reason(attempt.reason),
            )
        )
    if not rows:
        say(Text("nothing has tried to leave the car"))


@cli.command()
@lang_option
@click.argument("images", nargs=-1, type=GivenPath(path_type=Path, dir_okay=False))
@click.option("--out", "out_dir", type=GivenPath(path_type=Path, file_okay=False), help="Folder for the results.")
@click.option("--measure", is_flag=True, help="Measure face and plate recall on labelled street frames instead.")
@click.option("--frames", type=click.IntRange(min=1, max=10_000), default=200, show_default=True)
@click.option("--size", default="1280x720", show_default=True, help="Frame size for --measure, WIDTHxHEIGHT.")
@click.option(
    "--photos",
    type=GivenPath(path_type=Path, file_okay=False, exists=True),
    help="With --measure: real photos labelled in COCO format, instead of street frames.",
)
@click.option(
    "--annotations",
    type=GivenPath(path_type=Path, dir_okay=False, exists=True),
    help="The COCO annotations of --photos (default: PHOTOS/annotations.json).",
)
@json_option
def anonymise(
    images: tuple[Path, ...],
    out_dir: Path | None,
    measure: bool,
    frames: int,
    size: str,
    photos: Path | None,
    annotations: Path | None,
    as_json: bool,
) -> None:
    """Pixelate faces and licence plates in IMAGES (PNG or JPEG) into --out, or --measure recall."""
    if measure and photos:
        if images:
            raise click.UsageError(text(Text("--measure takes no images")))
        measured = measure_photos(Anonymiser(), load_photos(photos, annotations or photos / "annotations.json"))
        sheet = contact_sheet(measured.misses, out_folder(out_dir) / "misses.png") if out_dir else None
        print_photo_recall(measured, sheet, as_json)
        if not measured.passes:
            raise IviError(Text("below the CAAM test: it asks for nine in ten faces and plates hidden in every folder"))
        return
    if measure:
        if images:
            raise click.UsageError(text(Text("--measure takes no images")))
        width, height = window_size(size)
        report = recall.measure(Anonymiser(), recall.labelled_frames(frames, width, height))
        print_recall(report, as_json)
        if not report.passes:
            raise IviError(
                Text("below the CAAM test: it asks for nine in ten faces and plates hidden, and no face found after")
            )
        return
    if not images or out_dir is None:
        raise click.UsageError(text(Text("give IMAGES and --out DIR, or --measure")))
    results = anonymise_files(list(images), out_dir)
    if as_json:
        _print_json({"images": [r.as_json() for r in results]})
        return
    for r in results:
        say(
            Text(
                "%(source)s: %(faces)d faces, %(plates)d plates -> %(written)s",
                source=str(r.source),
                faces=len(r.faces),
                plates=len(r.plates),
                written=str(r.written),
            )
        )


@cli.group()
@lang_option
def i18n() -> None:
    """The translator's workflow: extract, update, compile and check the catalogs."""


@i18n.command("extract")
@lang_option
def i18n_extract() -> None:
    """Collect the messages marked in the source into locales/ivi.pot and locales/click.pot."""
    for path in translation.extract():
        say(Text("wrote %(path)s", path=shown_path(path)))


@i18n.command("update")
@lang_option
def i18n_update() -> None:
    """Merge the templates into every language's catalog: new messages untranslated, changed ones fuzzy."""
    for path in translation.update():
        say(Text("updated %(path)s", path=shown_path(path)))


@i18n.command("compile")
@click.option("--out", "out_dir", type=GivenPath(path_type=Path, file_okay=False), default=Path("build/locales"))
@lang_option
def i18n_compile(out_dir: Path) -> None:
    """Write .mo files to --out for other gettext readers (the app compiles the .po files itself)."""
    for language, translated, total in translation.compile_all(out_folder(out_dir)):
        say(
            Text(
                "%(language)s: %(translated)d of %(total)d messages translated",
                language=language,
                translated=translated,
                total=total,
            )
        )
    say(Text("wrote %(path)s", path=str(out_dir)))


@cli.group()
@lang_option
def scenario() -> None:
    """Head-unit tests written as YAML scenario files (see the README)."""


def out_option(files: str):
    return click.option(
        "--out",
        "out_dir",
        required=True,
        type=GivenPath(path_type=Path, file_okay=False),
        help=f"Folder for {files} and a screenshot of every step.",
    )


def _run_headless(scenarios: list, out_dir: Path) -> list:
    """Each scenario on a head unit of its own, headless, its database in a temporary folder."""
    from ivi.testing.scenario import run_scenarios
    from ivi.ui.kivy_setup import configure  # Kivy is imported only to run scenarios

    configure(headless=True)
    with tempfile.TemporaryDirectory(prefix="ivi-scenarios-") as work:
        return run_scenarios(scenarios, out_dir, Path(work))


@scenario.command("run")
@lang_option
@click.argument("files", nargs=-1, required=True, type=GivenPath(path_type=Path, dir_okay=False))
@out_option("junit.xml, summary.html")
def scenario_run(files: tuple[Path, ...], out_dir: Path) -> None:
    """Run each scenario FILE on a headless head unit; exit 1 if any step fails."""
    from ivi.testing.reports import write_junit, write_summary  # YAML and Jinja only for this command
    from ivi.testing.scenario import read_scenario

    scenarios = [read_scenario(path) for path in files]  # every file checked before anything runs
    results = _run_headless(scenarios, out_folder(out_dir))
    for result in results:
        failed = result.failure
        if failed is None:
            say(Text("passed  %(name)s (%(steps)d steps)", name=result.scenario.name, steps=len(result.steps)))
        else:
            say(
                Text(
                    "FAILED  %(name)s: %(file)s:%(line)d: %(step)s: %(failure)s",
                    name=result.scenario.name,
                    file=str(result.scenario.file),
                    line=failed.step.line,
                    step=failed.step.label,
                    failure=failed.failure,
                )
            )
    say(Text("wrote %(path)s", path=str(write_junit(results, out_dir / "junit.xml"))))
    say(Text("wrote %(path)s", path=str(write_summary(results, out_dir / "summary.html"))))
    failures = sum(not r.passed for r in results)
    if failures:
        raise IviError(
            Plural(
                "%(failed)d of %(n)d scenario failed",
                "%(failed)d of %(n)d scenarios failed",
                len(results),
                failed=failures,
            )
        )


@cli.command()
@lang_option
@out_option("report.html, junit.xml")
@click.option(
    "--photos",
    type=GivenPath(path_type=Path, file_okay=False, exists=True),
    help="Real photos labelled in COCO format (PHOTOS/annotations.json): CN-03 is met only if enough are hidden.",
)
def conformance(out_dir: Path, photos: Path | None) -> None:
    """Run the shipped scenario of every requirement (CN-01 to CN-15) and write a report, in
    the language of the output, with a verdict per requirement and its evidence."""
    from ivi.testing.conformance import PhotoMeasure, suite, verdicts, write_report  # YAML and Jinja: only here
    from ivi.testing.reports import write_junit

    measured = None
    if photos is not None:  # first: bad annotations are refused before anything runs
        labelled = load_photos(photos, photos / "annotations.json")
        report = measure_photos(Anonymiser(), labelled)
        measured = PhotoMeasure(report, contact_sheet(report.misses, out_folder(out_dir) / "misses.png"))
    results = _run_headless(suite(), out_folder(out_dir))
    found = verdicts(results, measured)
    for verdict in found:
        name = translator().gettext(verdict.result.scenario.name) if verdict.result else ""
        say(Text("%(id)s  %(verdict)s  %(name)s", id=verdict.requirement, verdict=_met(verdict.passed), name=name))
    write_junit(results, out_dir / "junit.xml")
    say(Text("wrote %(path)s", path=str(write_report(found, translator(), out_dir / "report.html"))))
    unmet = sum(not v.passed for v in found)
    if unmet:
        raise IviError(
            Plural(
                "%(failed)d of %(n)d requirement not met",
                "%(failed)d of %(n)d requirements not met",
                len(found),
                failed=unmet,
            )
        )


def _met(passed: bool) -> Text:
    return Text("met") if passed else Text("NOT MET")


@i18n.command("check")
@click.option("--no-render", is_flag=True, help="Check the catalogs only, without drawing the screens.")
@click.option(
    "--screenshots",
    type=GivenPath(file_okay=False, path_type=Path),
    help="Also save every screen drawn, as LANGUAGE-STATE.png in this folder.",
)
@lang_option
def i18n_check(no_render: bool, screenshots: Path | None) -> None:
    """Every message translated, nothing fuzzy, the same placeholders, every character in the
    font, and every screen drawn in every language (and a pseudo-locale) without overflow."""
    if screenshots is not None:
        out_folder(screenshots)
    problems = translation.check_catalogs()
    languages = available_languages()
    if not no_render:
        problems += _render_problems(languages, screenshots)
    for problem in problems:
        click.echo(str(problem))
    checked = ", ".join(languages + ([] if no_render else [PSEUDO_LANGUAGE]))
    if problems:
        raise IviError(
            Plural(
                "%(n)d problem in the catalogs (%(languages)s)",
                "%(n)d problems in the catalogs (%(languages)s)",
                len(problems),
                languages=checked,
            )
        )
    if no_render:
        say(Text("catalogs complete (%(languages)s); screens not drawn", languages=checked))
    else:
        say(Text("catalogs complete and every screen fits (%(languages)s)", languages=checked))


def _render_problems(languages: list[str], screenshot_dir: Path | None) -> list[translation.Problem]:
    from ivi.ui.kivy_setup import configure  # Kivy is imported only to draw the screens

    configure(headless=True)
    from ivi.testing.render_check import render_problems

    problems = []
    with tempfile.TemporaryDirectory(prefix="ivi-i18n-check-") as work:
        locales = locales_with_pseudo(LOCALES_DIR, Path(work) / "locales")
        for language in [*languages, PSEUDO_LANGUAGE]:
            problems += render_problems(locales, language, Path(work), screenshot_dir)
    return problems


HELP_TEXTS = help_texts(cli)  # in English, as written: what translate_help looks up


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    try:
        use_language(choose_language(asked_language(args), os.environ, SOURCE_LANGUAGE))
        translate_help(HELP_TEXTS, translator())
        code = cli.main(args=args, prog_name="ivi", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as help_request:
        click.echo(help_request.ctx.get_help())
        code = 0
    except click.UsageError as error:
        click.echo(f"ivi: {error.format_message()}", err=True)
        code = 2
    except click.Abort:
        say(Text("ivi: interrupted"), err=True)
        code = 130
    except IviError as error:
        click.echo(f"ivi: {text(error.message)}", err=True)
        code = 1
    except OSError as error:
        # A file the system would not let us read or write that no command foresaw: still
        # one line, not a traceback.
        name = f"{error.filename}: " if error.filename else ""
        click.echo(f"ivi: {name}{text(refused_by_system(error))}", err=True)
        code = 1
    sys.exit(code or 0)
