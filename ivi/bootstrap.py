"""The composition root, first half: the clock, the store and the services over them, which
is all a command that reads or writes consent needs (no bus, so no NumPy or OpenCV). The
running car, with its bus and sensors, is assembled on top of this in `ivi.car`."""

import os
import tomllib
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from ivi.core.catalog import Catalog
from ivi.core.clock import SimulatedClock, SystemClock
from ivi.core.errors import InvalidCatalog, IviError, StopNotRecorded
from ivi.core.events import EventHub
from ivi.core.stops import Stop
from ivi.core.text import Text, refused_by_system
from ivi.paths import CATALOG_FILE
from ivi.services.privacy import PrivacyService
from ivi.store import StoreFull, StoreUnavailable, open_store
from ivi.store.interface import Store
from ivi.store.opening import remove_unused
from ivi.store.secure_element import Reserve
from ivi.store.verification import VerifyReport, verify_record


def default_db_path(*, make_folder: bool = True) -> Path:
    """$IVI_DB, else the car's store under $XDG_DATA_HOME (~/.local/share) /ivi/car.db. The
    folder is made only for a command that writes (`make_folder`)."""
    if os.environ.get("IVI_DB"):
        return Path(os.environ["IVI_DB"])
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    folder = data_home / "ivi"
    if make_folder:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreUnavailable(str(folder / "car.db"), refused_by_system(error)) from None
    return folder / "car.db"


def load_catalog(path: Path = CATALOG_FILE) -> Catalog:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InvalidCatalog(str(path), refused_by_system(error)) from None
    except tomllib.TOMLDecodeError as error:
        # tomllib's own words (English) in brackets, as for SQLite's and the system's
        raise InvalidCatalog(str(path), Text("not valid TOML (%(toml)s)", toml=str(error))) from None
    return Catalog.from_dict(data)


def build_services(
    db_path: Path,
    clock: SimulatedClock | None = None,
    hub: EventHub | None = None,
    *,
    create: bool = True,
    read_only: bool = False,
    stopping: bool = False,
) -> PrivacyService:
    """Services over the store at `db_path`: `create=False` refuses a missing database,
    `read_only` opens it without writing anything (for commands that only read), and
    `stopping` (for a command that stops collection) lets a full disk give up the space held
    in reserve for stops (`car.db.reserve`)."""
    catalog = load_catalog()
    try:
        store = open_store(db_path, create=create, read_only=read_only)
    except StoreFull:
        if not stopping or not Reserve(db_path).release():
            raise
        store = open_store(db_path, create=create, read_only=read_only)
    try:
        return PrivacyService(store, catalog, car_clock(store, clock), hub or EventHub())
    except StoreUnavailable:
        store.close()
        raise


def discard_unused_store(db_path: Path) -> None:
    """Remove a database in which nothing was recorded, and its files: what a command that
    was refused made on the way (a refused command writes nothing)."""
    remove_unused(db_path)


def verify_store(db_path: Path) -> VerifyReport:
    """The record checked as `ivi consent verify` does: opened read-only, without trusting its
    hash chains (that is what is checked), and left as it was."""
    store = open_store(db_path, create=False, read_only=True, trust=False)
    try:
        return verify_record(store)
    finally:
        store.close()


def note_stop(db_path: Path, failure: StoreUnavailable, stops: Callable[[PrivacyService], list[Stop]]) -> IviError:
    """A stop asked of a store that cannot take a write now (locked past the busy timeout,
    disk full, read-only): the stop is noted in the secure element if the store can still be
    read and trusted, so that the next process keeps it off and the next write records it.
    Returns the error to report; a store that cannot even be read is refused by every
    process, which keeps everything personal off."""
    try:
        services = build_services(db_path, create=False, read_only=True)
    except StoreUnavailable:
        return failure
    try:
        noted = stops(services)
        kept = services.store.keep_pending(noted) if noted else False
    finally:
        services.store.close()
    return StopNotRecorded(failure.message, kept) if noted else failure


def car_clock(store: Store, clock: SimulatedClock | None = None) -> SimulatedClock:
    """The simulator's clock, never behind anything the car recorded. A new one starts at the
    system's time plus how far the car's clock had been run ahead (fast-forward); a given one
    is moved up to the newest record if it is behind it."""
    if clock is None:
        clock = SimulatedClock(SystemClock().now() + timedelta(seconds=store.clock_ahead_s()))
    last = store.last_moment()
    if last is not None and clock.now() < last:
        clock.set(last)
    return clock
