"""What every command group shares: the common options, and the services a command works
over (opened for writing or read-only, closed when the command ends)."""

from dataclasses import dataclass, field
from pathlib import Path

import click

from ivi.bootstrap import build_services, default_db_path, discard_unused_store, load_catalog
from ivi.cli.language import LANG_OPTION, translator
from ivi.cli.params import GivenPath, finite_seconds
from ivi.core.clock import LONGEST_RUN_S
from ivi.core.durations import Duration
from ivi.core.profiles import check_name
from ivi.core.records import Channel
from ivi.services.privacy import Asked, PrivacyService
from ivi.words import Words


def lang_option(command):
    # Read by main() before click parses anything, so that click's own errors are translated too.
    return click.option(
        LANG_OPTION, expose_value=False, metavar="LANGUAGE", help="Language of the output (default: from $LANG)."
    )(command)


def ecus_option(command):
    return click.option(
        "--ecus",
        is_flag=True,
        help="Run the car as a network of ECUs on Eclipse Zenoh (processes on the loopback), its T-Box posting to a cloud on this machine.",
    )(command)


def db_option(command):
    return click.option(
        "--db",
        "db_path",
        type=GivenPath(path_type=Path, dir_okay=False),
        default=None,
        help="The car's consent database (default: $IVI_DB, else ~/.local/share/ivi/car.db).",
    )(command)


# A command refused for its words is refused before it opens the database: on a database that
# is not there yet, opening would make one (and its secure element and reserve) for nothing.


def _profile(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    return value if value is None else check_name(value)


def profile_option(command):
    return click.option(
        "--profile", default=None, callback=_profile, help="Driver profile (default: the current driver's)."
    )(command)


def feature_argument(command):
    return click.argument("feature", callback=lambda _c, _p, value: load_catalog().feature(value).id)(command)


def category_argument(command):
    return click.argument("category", callback=lambda _c, _p, value: load_catalog().category(value).id)(command)


def duration_option(command):
    return click.option(
        "--duration",
        required=True,
        callback=lambda _c, _p, value: Duration.parse(value),
        help="drive, 7d, 90d or 365d.",
    )(command)


def seconds_option(command):
    """--seconds N: how long to run the car (finite, positive, at most LONGEST_RUN_S)."""
    return click.option(
        "--seconds",
        type=click.FloatRange(min=0, min_open=True, max=LONGEST_RUN_S),
        required=True,
        callback=lambda _c, _p, v: finite_seconds(v),
    )(command)


def json_option(command):
    return click.option("--json", "as_json", is_flag=True, help="Print JSON (documented in the README).")(command)


def out_option(files: str):
    return click.option(
        "--out",
        "out_dir",
        required=True,
        type=GivenPath(path_type=Path, file_okay=False),
        help=f"Folder for {files} and a screenshot of every step.",
    )


@dataclass
class Made:
    """What a command made that its refusal takes back (`main` calls `take_back` when the
    command is refused): a database it created, if nothing was recorded in it."""

    stores: list[Path] = field(default_factory=list)

    def take_back(self) -> None:
        for path in self.stores:
            discard_unused_store(path)


def writer(db_path: Path | None, *, create: bool = True) -> PrivacyService:
    """For a command that writes: the database is created if it is missing (and removed
    again if the command is then refused), unless the command needs a record to act on
    (`create=False`: a missing one is refused, not made)."""
    path = db_path or default_db_path(make_folder=create)
    if create and not path.exists():
        made = click.get_current_context().find_object(Made)
        if made is not None:
            made.stores.append(path)
    return closed_after(build_services(path, create=create))


def reader(db_path: Path | None) -> PrivacyService:
    """For a command that only reads: the database is opened read-only and left as it was,
    byte for byte; a missing one is refused, not made (nor its folder)."""
    return closed_after(build_services(db_path or default_db_path(make_folder=False), create=False, read_only=True))


def closed_after(services: PrivacyService) -> PrivacyService:
    """The store closes when the command ends, refused or not: SQLite folds its -wal file
    back into the database and removes it."""
    click.get_current_context().call_on_close(services.close)
    return services


def asked() -> Asked:
    """The command stands in for the companion app: the notice is rendered in its language."""
    return Asked(translator().language, Channel.CLI, translator())


def words(services: PrivacyService) -> Words:
    """For people: names and times in the language of the output."""
    return Words(services.catalog, translator())
