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
from ivi.bus import signals
from ivi.core.consent import Action
from ivi.core.errors import IviError
from ivi.i18n import DEFAULT_LANGUAGE, available_languages
from ivi.services import FeatureStatus, PrivacyService


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


def _services(db_path: Path | None) -> PrivacyService:
    return build_services(db_path or default_db_path())


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
    match = re.fullmatch(r"(\d{3,4})x(\d{3,4})", size)
    if not match:
        raise click.BadParameter(f"'{size}' is not WIDTHxHEIGHT, e.g. 1280x720", param_hint="--size")
    from ivi.ui.launch import run_demo  # Kivy is imported only for the demo

    run_demo(db_path or default_db_path(), lang, (int(match[1]), int(match[2])), fullscreen)


@cli.group()
def consent() -> None:
    """Show, grant and revoke consents."""


def _status_row(status: FeatureStatus) -> dict[str, Any]:
    grant = status.latest if status.latest and status.latest.action is Action.GRANT else None
    return {
        "feature": status.feature.id,
        "active": status.active,
        "duration": grant.duration.value if grant else None,
        "granted_at": grant.at.isoformat() if grant else None,
        "expires_at": grant.expires_at.isoformat() if grant and grant.expires_at else None,
        "drive_id": grant.drive_id if grant else None,
    }


@consent.command("status")
@json_option
@db_option
@profile_option
def consent_status(as_json: bool, db_path: Path | None, profile: str | None) -> None:
    """Each feature's consent for a profile, and what is running now."""
    services = _services(db_path)
    who = services.profile(profile)
    rows = [_status_row(s) for s in services.status(who)]
    drive = services.store.current_drive()
    powered = sorted(services.state().powered_sensors)
    if as_json:
        _print_json(
            {
                "profile": who,
                "drive": {"id": drive.id, "profile": drive.profile, "started_at": drive.started_at.isoformat()}
                if drive
                else None,
                "features": rows,
                "powered_sensors": powered,
            }
        )
        return
    click.echo(f"profile: {who}    drive: {f'#{drive.id} ({drive.profile})' if drive else 'none'}")
    for row in rows:
        if row["active"]:
            until = row["expires_at"] or "end of this drive"
            click.echo(f"  {row['feature']:<16} on   ({row['duration']}, until {until})")
        else:
            click.echo(f"  {row['feature']:<16} off")
    click.echo(f"powered sensors: {', '.join(powered) or 'none'}")


@consent.command("grant")
@click.argument("feature")
@click.option("--duration", required=True, help="drive, 7d, 90d or 365d.")
@db_option
@profile_option
def consent_grant(feature: str, duration: str, db_path: Path | None, profile: str | None) -> None:
    """Consent to FEATURE for a period."""
    entry = _services(db_path).grant(feature, duration, profile)
    until = entry.expires_at.isoformat() if entry.expires_at else f"the end of drive #{entry.drive_id}"
    click.echo(f"granted {entry.feature} for {entry.profile} until {until}")


@consent.command("revoke")
@click.argument("feature")
@db_option
@profile_option
def consent_revoke(feature: str, db_path: Path | None, profile: str | None) -> None:
    """Withdraw consent to FEATURE; its sensors stop before their next sample."""
    entry = _services(db_path).revoke(feature, profile)
    click.echo(f"revoked {entry.feature} for {entry.profile}")


@cli.group()
def drive() -> None:
    """Ignition on and off."""


@drive.command("start")
@db_option
@profile_option
def drive_start(db_path: Path | None, profile: str | None) -> None:
    """Ignition on: a new drive, with every cabin sensor off unless a longer consent holds."""
    started = _services(db_path).start_drive(profile)
    click.echo(f"drive #{started.id} started for {started.profile}")


@drive.command("end")
@db_option
def drive_end(db_path: Path | None) -> None:
    """Ignition off: this-drive-only consents end with it."""
    ended = _services(db_path).end_drive()
    click.echo(f"drive #{ended.id} ended")


@cli.group()
def bus() -> None:
    """The simulated sensor bus."""


@bus.command("run")
@click.option("--seconds", type=click.FloatRange(min=0, min_open=True, max=86_400), required=True)
@json_option
@db_option
def bus_run(seconds: float, as_json: bool, db_path: Path | None) -> None:
    """Run the current drive for N simulated seconds and count what the sensors produced."""
    car = build_car(db_path or default_db_path())
    drive = car.services.store.current_drive()
    if drive is None:
        raise IviError("the ignition is off: run `ivi drive start` first")
    car.simulator.advance(seconds)
    report = {
        "seconds": seconds,
        "vss_release": signals.VSS_RELEASE,
        "drive": {"id": drive.id, "profile": drive.profile},
        "powered_sensors": sorted(car.gate.state.powered_sensors),
        "samples": {path: car.bus.counts[path] for path in signals.ALL_PATHS},
        "left_car": [],  # nothing in this car sends data out yet: no feature leaves the car
    }
    if as_json:
        _print_json(report)
        return
    click.echo(f"drive #{drive.id} ({drive.profile}), {seconds:g} simulated seconds")
    for path, count in report["samples"].items():
        click.echo(f"  {path:<48} {count:>8}")
    click.echo("left the car: nothing")


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
