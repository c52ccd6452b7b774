"""The `ivi` command: a thin layer over the services, in the manner of sqlite-utils' cli.py.

Every failure ivi knows of is an `IviError`, printed as one line with a non-zero exit.
"""

import json
import re
import sys
from pathlib import Path
from typing import Any

import click

from ivi.bootstrap import build_car, build_services, default_db_path
from ivi.bus import recall, signals
from ivi.bus.anonymise_files import anonymise_files
from ivi.bus.anonymiser import Anonymiser
from ivi.core.errors import IviError
from ivi.core.motion import Gear
from ivi.core.records import DeletionRequest
from ivi.i18n import DEFAULT_LANGUAGE, available_languages
from ivi.services import FeatureStatus, PrivacyService
from ivi.store import LedgerBroken, open_store


def db_option(command):
    return click.option(
        "--db",
        "db_path",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help="The car's consent database (default: $IVI_DB, else ~/.local/share/ivi/car.db).",
    )(command)


def profile_option(command):
    return click.option("--profile", default=None, help="Driver profile (default: the current driver's).")(command)


def json_option(command):
    return click.option("--json", "as_json", is_flag=True, help="Print JSON (documented in the README).")(command)


def _services(db_path: Path | None, *, create: bool = True) -> PrivacyService:
    """Commands that only read pass `create=False`: a missing database is refused, not made."""
    return build_services(db_path or default_db_path(), create=create)


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@click.group()
@click.version_option(package_name="ivi")
def cli() -> None:
    """ivi: an in-vehicle head unit that asks for, records and honours consent."""


@cli.command()
@click.option("--lang", type=click.Choice(available_languages()), default=DEFAULT_LANGUAGE, show_default=True)
@db_option
@click.option("--size", default="1280x720", show_default=True, help="Window size, WIDTHxHEIGHT.")
@click.option("--fullscreen", is_flag=True)
def demo(lang: str, db_path: Path | None, size: str, fullscreen: bool) -> None:
    """Open the head unit on this screen."""
    window = _size(size)
    from ivi.ui.launch import run_demo  # Kivy is imported only for the demo

    run_demo(db_path or default_db_path(), lang, window, fullscreen)


@cli.group()
def consent() -> None:
    """Show, grant, revoke and verify consents."""


def _time(moment) -> str | None:
    return moment.isoformat() if moment else None


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
@json_option
@db_option
@profile_option
def consent_status(as_json: bool, db_path: Path | None, profile: str | None) -> None:
    """Each feature's consent for a profile, and what is running now."""
    services = _services(db_path, create=False)
    who = services.profile(profile)
    rows = [_status_row(s) for s in services.status(who)]
    drive = services.store.current_drive()
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
    click.echo(f"profile: {who}    drive: {f'#{drive.id} ({drive.profile}, {motion.describe()})' if drive else 'none'}")
    for row in rows:
        if row["active"]:
            until = row["expires_at"] or "end of this drive"
            click.echo(f"  {row['feature']:<18} on   ({row['duration']}, until {until})")
        else:
            note = "  (notice changed: ask again)" if row["notice_changed"] else ""
            click.echo(f"  {row['feature']:<18} off{note}")
    click.echo(f"powered sensors: {', '.join(powered) or 'none'}")


@consent.command("history")
@json_option
@db_option
@profile_option
def consent_history(as_json: bool, db_path: Path | None, profile: str | None) -> None:
    """Every consent entry of a profile, oldest first, and the receipts of what was shown and chosen."""
    services = _services(db_path, create=False)
    who = services.profile(profile)
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
            "hash": record.hash,
        }
        for record in services.store.ledger.history(who)
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
        }
        for r in services.store.receipts.for_profile(who)
    ]
    if as_json:
        _print_json({"profile": who, "entries": entries, "receipts": receipts})
        return
    click.echo(f"profile: {who}")
    for e in entries:
        what = e["action"] + (f" {e['duration']}" if e["duration"] else "")
        click.echo(f"  #{e['id']:<4} {e['at']}  {e['feature']:<18} {what:<12} notice {e['notice_hash'] or '-'}")
    click.echo(f"receipts: {len(receipts)} ({sum(r['kind'] == 'notice_shown' for r in receipts)} notices shown)")


@consent.command("grant")
@click.argument("feature")
@click.option("--duration", required=True, help="drive, 7d, 90d or 365d.")
@db_option
@profile_option
def consent_grant(feature: str, duration: str, db_path: Path | None, profile: str | None) -> None:
    """Consent to FEATURE for a period (only while parked)."""
    entry = _services(db_path).grant(feature, duration, profile)
    until = entry.expires_at.isoformat() if entry.expires_at else f"the end of drive #{entry.drive_id}"
    click.echo(f"granted {entry.feature} for {entry.profile} until {until}")


@consent.command("revoke")
@click.argument("feature")
@db_option
@profile_option
def consent_revoke(feature: str, db_path: Path | None, profile: str | None) -> None:
    """Withdraw consent to FEATURE, at any time; its sensors stop before their next sample."""
    entry = _services(db_path).revoke(feature, profile)
    click.echo(f"revoked {entry.feature} for {entry.profile}")


@consent.command("verify")
@db_option
def consent_verify(db_path: Path | None) -> None:
    """Check the consent ledger's hash chain; exit 1 naming the first entry changed outside ivi."""
    store = open_store(db_path or default_db_path(), create=False, check_ledger=False)
    try:
        broken = store.ledger.check()
        count = store.ledger.count()
    finally:
        store.close()
    if broken:
        raise LedgerBroken(str(store.path), broken)
    click.echo(f"consent ledger intact: {count} entries")


@cli.group()
def drive() -> None:
    """Ignition, gear and driver profile."""


@drive.command("start")
@db_option
@profile_option
def drive_start(db_path: Path | None, profile: str | None) -> None:
    """Ignition on, parked: every cabin sensor off unless a longer consent holds."""
    started = _services(db_path).start_drive(profile)
    click.echo(f"drive #{started.id} started for {started.profile}")


@drive.command("end")
@db_option
def drive_end(db_path: Path | None) -> None:
    """Ignition off: this-drive-only consents, and all of a guest's, end with it."""
    ended = _services(db_path).end_drive()
    click.echo(f"drive #{ended.id} ended")


@drive.command("gear")
@click.argument("gear", type=click.Choice([g.value for g in Gear]))
@click.option("--speed", type=float, default=0.0, show_default=True, help="Speed in km/h.")
@db_option
def drive_gear(gear: str, speed: float, db_path: Path | None) -> None:
    """Move the gear lever (and say how fast the car goes): consents wait until it is parked."""
    motion = _services(db_path).set_motion(Gear(gear), speed)
    click.echo(f"{motion.describe()}: {'parked' if motion.parked else 'moving'}")


@drive.command("profile")
@click.argument("name")
@db_option
def drive_profile(name: str, db_path: Path | None) -> None:
    """Switch driver profile (only while parked): the drive goes on as a new drive for NAME."""
    started = _services(db_path).switch_profile(name)
    click.echo(f"drive #{started.id} started for {started.profile}")


@cli.group()
def data() -> None:
    """Personal data kept in the car, and deleting it."""


@data.command("status")
@json_option
@db_option
@profile_option
def data_status(as_json: bool, db_path: Path | None, profile: str | None) -> None:
    """What the car keeps for a profile, per data category, and for how long."""
    services = _services(db_path, create=False)
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
    click.echo(f"profile: {who}")
    for row in rows:
        keeps = ", ".join(f"{f} {d} days" for f, d in row["kept_by"].items()) or "never kept"
        span = f"  {row['first_at']} .. {row['last_at']}" if row["count"] else ""
        click.echo(f"  {row['category']:<16} {row['count']:>7} items {row['bytes']:>9} bytes  ({keeps}){span}")


@data.command("delete")
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
    click.echo(f"deleted {done.deleted.count if done.deleted else 0} {done.category} items kept in the car")
    if request:
        click.echo(
            f"deletion request #{request['id']} for data sent out by {', '.join(request['features'])}:"
            f" due by {request['deadline']} (10 Chinese working days)"
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
@json_option
@db_option
@profile_option
def data_requests(as_json: bool, db_path: Path | None, profile: str | None) -> None:
    """Deletion requests for data already sent out, with their working-day deadlines."""
    services = _services(db_path, create=False)
    who = services.profile(profile)
    rows = [_request_row(r) for r in services.deletion_requests(who)]
    if as_json:
        _print_json({"profile": who, "requests": rows})
        return
    click.echo(f"profile: {who}")
    for row in rows:
        click.echo(f"  #{row['id']:<4} {row['category']:<16} asked {row['requested_at']}  due by {row['deadline']}")
    if not rows:
        click.echo("  no deletion requests")


@data.command("purge")
@db_option
def data_purge(db_path: Path | None) -> None:
    """Delete what the car has kept longer than its feature's retention (also done at ignition-on)."""
    purged = _services(db_path).purge_kept_data()
    click.echo(f"purged {purged} batches past their retention")


@cli.group()
def bus() -> None:
    """The simulated sensor bus."""


@bus.command("run")
@click.option("--seconds", type=click.FloatRange(min=0, min_open=True, max=86_400), required=True)
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
            raise IviError("the ignition is off: run `ivi drive start` first")
        car.simulator.advance(seconds)
        car.keeper.flush()
        counts = car.guard.counts
        report = {
            "seconds": seconds,
            "vss_release": signals.VSS_RELEASE,
            "drive": {"id": drive.id, "profile": drive.profile} if drive else None,
            "fail_closed": failure,
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
        who = f"drive #{drive.id} ({drive.profile})" if drive else "no consent store"
        click.echo(f"{who}, {seconds:g} simulated seconds")
        for path, count in report["samples"].items():
            click.echo(f"  {path:<48} {count:>8}")
        click.echo(f"egress: {counts.allowed} allowed, {counts.refused} refused")
        for sent in report["left_car"]:
            click.echo(
                f"  {sent['feature']:<20} -> {sent['endpoint']:<16} {sent['parcels']:>6} parcels {sent['bytes']:>10} bytes"
            )
        if not report["left_car"]:
            click.echo("left the car: nothing")
    if failure:
        raise IviError(f"{failure}; the car ran with every personal sensor off")


@cli.group()
def egress() -> None:
    """What tried to leave the car, and what was let out."""


@egress.command("log")
@json_option
@db_option
@click.option("--profile", default=None, help="Only this driver profile's attempts (default: every profile's).")
def egress_log(as_json: bool, db_path: Path | None, profile: str | None) -> None:
    """Every attempt to send data out of the car, allowed or refused, and why."""
    attempts = _services(db_path, create=False).egress_log(profile)
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
    for row in rows:
        verdict = "sent   " if row["allowed"] else "REFUSED"
        click.echo(
            f"{row['at']}  {verdict} {row['feature']:<18} {row['category']:<15} -> {row['endpoint']}"
            f" ({row['region'] or '?'}) {row['bytes']} bytes  {row['reason']}"
        )
    if not rows:
        click.echo("nothing has tried to leave the car")


@cli.command()
@click.argument("images", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), help="Folder for the results.")
@click.option("--measure", is_flag=True, help="Measure face and plate recall on labelled street frames instead.")
@click.option("--frames", type=click.IntRange(min=1, max=10_000), default=200, show_default=True)
@click.option("--size", default="1280x720", show_default=True, help="Frame size for --measure, WIDTHxHEIGHT.")
@json_option
def anonymise(
    images: tuple[Path, ...], out_dir: Path | None, measure: bool, frames: int, size: str, as_json: bool
) -> None:
    """Pixelate faces and licence plates in IMAGES (PNG or JPEG) into --out, or --measure recall."""
    if measure:
        if images:
            raise click.UsageError("--measure takes no images")
        width, height = _size(size)
        report = recall.measure(Anonymiser(), recall.labelled_frames(frames, width, height))
        _print_recall(report, as_json)
        if not report.passes:
            raise IviError("below the CAAM test: it asks for 90 % of faces and of plates, and no face found after")
        return
    if not images or out_dir is None:
        raise click.UsageError("give IMAGES and --out DIR, or --measure")
    results = anonymise_files(list(images), out_dir)
    if as_json:
        _print_json({"images": [r.as_json() for r in results]})
        return
    for r in results:
        click.echo(f"{r.source}: {len(r.faces)} faces, {len(r.plates)} plates -> {r.written}")


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{3,4})x(\d{3,4})", text)
    if not match:
        raise click.BadParameter(f"'{text}' is not WIDTHxHEIGHT, e.g. 1280x720", param_hint="--size")
    return int(match[1]), int(match[2])


def _print_recall(report: recall.RecallReport, as_json: bool) -> None:
    data = {
        "frames": report.frames,
        "size": f"{report.width}x{report.height}",
        "faces": report.faces,
        "faces_hidden": report.faces_hidden,
        "face_recall": round(report.face_recall, 4),
        "plates": report.plates,
        "plates_hidden": report.plates_hidden,
        "plate_recall": round(report.plate_recall, 4),
        "faces_found_after": report.faces_found_after,
        "false_alarms_after": report.false_alarms_after,
        "frames_per_second": round(report.frames / report.seconds, 1),
    }
    if as_json:
        _print_json(data)
        return
    click.echo(f"{data['frames']} labelled frames at {data['size']}")
    click.echo(f"  face recall   {report.face_recall:7.1%}  ({report.faces_hidden} of {report.faces} hidden)")
    click.echo(f"  plate recall  {report.plate_recall:7.1%}  ({report.plates_hidden} of {report.plates} hidden)")
    click.echo(f"  faces the detector still finds after anonymising: {report.faces_found_after}")
    click.echo(f"  detections where no face was put, after: {report.false_alarms_after}")
    click.echo(f"  {data['frames_per_second']} frames a second")


def main(argv: list[str] | None = None) -> None:
    try:
        code = cli.main(args=argv, prog_name="ivi", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as help_request:
        click.echo(help_request.ctx.get_help())
        code = 0
    except click.UsageError as error:
        click.echo(f"ivi: {error.format_message()}", err=True)
        code = 2
    except click.Abort:
        click.echo("ivi: interrupted", err=True)
        code = 130
    except IviError as error:
        click.echo(f"ivi: {error}", err=True)
        code = 1
    sys.exit(code or 0)
