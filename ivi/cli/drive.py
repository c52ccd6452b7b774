"""`ivi drive`: ignition, gear and driver profile."""

from pathlib import Path

import click

from ivi.bootstrap import build_services, default_db_path, note_stop
from ivi.cli.language import say
from ivi.cli.options import closed_after, db_option, lang_option, profile_option, words, writer
from ivi.core.drive import Drive
from ivi.core.errors import DriveInProgress
from ivi.core.motion import Gear
from ivi.core.profiles import check_name
from ivi.core.stops import DriveStop, Stop
from ivi.core.text import Text
from ivi.services.privacy import PrivacyService
from ivi.store.errors import StoreUnavailable


@click.group()
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
    services = writer(db_path)
    running = services.current_drive()
    if running is not None and not restart:
        raise DriveInProgress(running.id, running.profile)
    _say_started(services, services.start_drive(profile))


def _say_started(services: PrivacyService, started: Drive) -> None:
    say(
        Text(
            "drive #%(drive)d started for %(profile)s",
            drive=started.id,
            profile=words(services).profile(started.profile),
        )
    )


@drive.command("end")
@lang_option
@db_option
def drive_end(db_path: Path | None) -> None:
    """Ignition off: this-drive-only consents, and all of a guest's, end with it."""
    path = db_path or default_db_path(make_folder=False)
    try:
        services = closed_after(build_services(path, create=False, stopping=True))
    except StoreUnavailable as failure:
        raise note_stop(path, failure, _drive_stop) from None
    ended = services.end_drive()
    say(Text("drive #%(drive)d ended", drive=ended.id))


def _drive_stop(services: PrivacyService) -> list[Stop]:
    drive = services.current_drive()
    return [DriveStop(drive.id, services.clock.now())] if drive else []


@drive.command("gear")
@lang_option
@click.argument("gear", type=click.Choice([g.value for g in Gear]))
@click.option("--speed", type=float, default=0.0, show_default=True, help="Speed in km/h.")
@db_option
def drive_gear(gear: str, speed: float, db_path: Path | None) -> None:
    """Move the gear lever (and say how fast the car goes): consents wait until it is parked."""
    motion = writer(db_path, create=False).set_motion(Gear(gear), speed)
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
@click.argument("name", callback=lambda _c, _p, value: check_name(value))
@db_option
def drive_profile(name: str, db_path: Path | None) -> None:
    """Switch driver profile (only while parked): the drive goes on as a new drive for NAME."""
    services = writer(db_path, create=False)
    _say_started(services, services.switch_profile(name))
