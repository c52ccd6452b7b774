"""Opening the car's store: nothing is trusted, and nothing written, before it is checked.

A store is refused, in one line, when it cannot be trusted to record a stop: not a database,
another program's database or an empty file read as one, written by a newer ivi, a schema
that is not exactly ivi's (a table, column, index or trigger missing or added), a record
whose chains do not verify against the secure element, or a file it cannot write (read-only,
or locked by a writer past the busy timeout). Callers fail closed on that refusal.

Commands that only read open the file read-only and leave it, and its folder, byte for byte
as they were: no `-wal` or `-shm` files are left behind, no folder is made.
"""

import os
import sqlite3
from contextlib import closing
from dataclasses import replace
from pathlib import Path

from sqlite_utils import Database

from ivi.core.text import Text, refused_by_system
from ivi.files import NOT_A_FILE, is_special
from ivi.store import chains
from ivi.store.access import unavailable
from ivi.store.car_store import CarStore
from ivi.store.errors import Downgraded, NotAnIviDatabase, RecordBroken, SchemaChanged, StoreFull, StoreUnavailable
from ivi.store.migrations import code_schema_version, migrations, schema_version, unknown_migrations
from ivi.store.schema import schema_problem, user_tables
from ivi.store.secure_element import CHAINS, Anchor, AnchorUnreadable, SecureElement

BUSY_TIMEOUT_S = 2.0  # how long a writer waits for another before calling the store locked
KEYED_SCHEMA = 5  # the first schema version whose chains are keyed (m005)


def busy_timeout() -> float:
    """`IVI_BUSY_TIMEOUT` (seconds) if set, so that tests need not sit out the default."""
    value = os.environ.get("IVI_BUSY_TIMEOUT", "")
    try:
        seconds = float(value)
    except ValueError:
        return BUSY_TIMEOUT_S
    return seconds if 0 <= seconds <= 60 else BUSY_TIMEOUT_S


def open_store(
    path: str | Path,
    *,
    create: bool = True,
    read_only: bool = False,
    trust: bool = True,
    busy_timeout_s: float | None = None,
) -> CarStore:
    """Open the store at `path`: read-only, or for writing (creating and migrating it if need
    be, when `create` is set). With `trust` off nothing is checked beyond what opening needs,
    for `ivi consent verify`, which reports what it finds instead of refusing."""
    path = Path(path)
    timeout = busy_timeout() if busy_timeout_s is None else busy_timeout_s
    try:
        _check_path(path, create=create and not read_only)
        existed = path.exists()
    except OSError as error:
        raise StoreUnavailable(str(path), refused_by_system(error)) from None
    try:
        return _opened(path, read_only, trust, existed, timeout)
    except StoreFull:
        if not read_only or not _log_is_empty(path):
            raise
        # A full disk leaves a reader no room for SQLite's shared-memory index. With nothing
        # committed waiting in the write-ahead log the database file alone is the whole
        # record: read it as an unchanging file, which needs no room (so a stop can be noted).
        return _opened(path, read_only, trust, existed, timeout, unchanging=True)


def _opened(
    path: Path, read_only: bool, trust: bool, existed: bool, timeout: float, unchanging: bool = False
) -> CarStore:
    try:
        connection = _connect(path, read_only, timeout, unchanging)
    except OSError as error:
        raise StoreUnavailable(str(path), refused_by_system(error)) from None
    except sqlite3.Error as error:
        raise unavailable(str(path), error) from None
    try:
        # no sqlite-utils plugins: nothing installed beside ivi runs inside the car's record
        # (and loading them is a good part of a short command's time)
        return _open(
            Database(connection, execute_plugins=False), path, read_only=read_only, trust=trust, existed=existed
        )
    except sqlite3.Error as error:
        connection.close()
        raise unavailable(str(path), error) from None
    except OSError as error:
        connection.close()
        raise StoreUnavailable(str(path), refused_by_system(error)) from None
    except StoreUnavailable:
        connection.close()
        raise


# Every table that holds a record (the rest: the car's identity, the migrations applied).
RECORDS = (
    "drives",
    "consent_ledger",
    "receipts",
    "kept_data",
    "deletion_requests",
    "egress_log",
    "notice_documents",
    "car_clock",
)


def remove_unused(path: Path) -> bool:
    """Remove a database that holds no record, and the files beside it: the one a refused
    command made on its way to the refusal. True if it was removed."""
    try:
        with closing(sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)) as raw:
            if any(raw.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() for table in RECORDS):
                return False
    except sqlite3.Error:
        return False  # not a store as ivi makes it: not ivi's to remove
    for named in (path, *(path.with_name(path.name + end) for end in COMPANIONS)):
        named.unlink(missing_ok=True)
    return True


def _longest_name(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255  # what Linux's file systems allow


def _log_is_empty(path: Path) -> bool:
    """No write-ahead log beside the database, or one with no page in it."""
    try:
        return path.with_name(path.name + "-wal").stat().st_size == 0
    except FileNotFoundError:
        return True


# What ivi and SQLite keep beside the database, by the end of their names.
COMPANIONS = ("-wal", "-shm", "-journal", ".anchor", ".anchor.lock", ".anchor.part", ".reserve")


def _check_path(path: Path, *, create: bool) -> None:
    if path.is_dir():
        raise StoreUnavailable(str(path), Text("it is a folder, not a database file"))
    longest = len(path.name.encode()) + max(len(end) for end in COMPANIONS)
    if longest > _longest_name(path.parent):
        raise StoreUnavailable(
            str(path),
            Text(
                "its name is too long for the files kept beside it (at most %(most)d bytes)",
                most=_longest_name(path.parent) - max(len(end) for end in COMPANIONS),
            ),
        )
    for named in (path, *(path.with_name(path.name + end) for end in COMPANIONS)):
        if is_special(named):
            raise StoreUnavailable(str(named), NOT_A_FILE)
    if not create and not path.exists():
        raise StoreUnavailable(str(path), Text("no such database (nothing has been recorded yet)"))
    if not path.parent.is_dir():
        raise StoreUnavailable(str(path), Text("folder %(folder)s does not exist", folder=str(path.parent)))


def _connect(path: Path, read_only: bool, timeout: float, unchanging: bool = False) -> sqlite3.Connection:
    # isolation_level=None: no transaction begins unless ivi begins it (see Access.transaction).
    if not read_only:
        return sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
    # A WAL database opened read-only leaves -wal and -shm files behind. When there are none,
    # no writer has it open: read it as an unchanging file, which creates nothing. When a
    # writer has it open, its files are there already and a plain read-only open adds none.
    busy = not unchanging and any(path.with_name(path.name + suffix).exists() for suffix in ("-wal", "-shm"))
    uri = path.absolute().as_uri() + ("?mode=ro" if busy else "?mode=ro&immutable=1")
    return sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)


def _open(db: Database, path: Path, *, read_only: bool, trust: bool, existed: bool) -> CarStore:
    secure = SecureElement(path)
    tables = user_tables(db)  # a file that is not a database fails here
    if not tables:
        # ivi makes its database where there is none; an empty file someone else left there
        # is not ivi's to fill.
        if read_only or (existed and path.stat().st_size == 0):
            raise NotAnIviDatabase(
                str(path), Text("it is an empty file, not an ivi database (remove it, and ivi makes one there)")
            )
        if secure.exists():
            raise StoreUnavailable(
                str(path),
                Text(
                    "it is empty, but its secure element %(anchor)s holds a record: wiped or replaced outside ivi",
                    anchor=str(secure.path),
                ),
            )
    elif "_sqlite_migrations" not in tables or not migrations.applied(db):
        raise NotAnIviDatabase(
            str(path),
            Text("it is not an ivi database (it holds tables ivi did not make: %(tables)s)", tables=", ".join(tables)),
        )
    if newer := unknown_migrations(db):
        raise StoreUnavailable(
            str(path),
            Text(
                "it was written by a newer ivi (schema %(theirs)s, this ivi knows %(ours)s; unknown migration %(name)s)",
                theirs=schema_version(db),
                ours=code_schema_version(),
                name=newer[0],
            ),
        )
    if read_only:
        if schema_version(db) < code_schema_version():
            raise StoreUnavailable(
                str(path),
                Text("it was written by an older ivi: a command that writes (`ivi drive start`) upgrades it"),
            )
        anchor = _anchor(secure, path) if trust or secure.exists() else None
    else:
        db.execute("PRAGMA foreign_keys = ON")
        # A revoke that a power cut could undo would bring collection back: commit durably.
        db.execute("PRAGMA synchronous = FULL")
        if db.journal_mode != "wal":
            db.enable_wal()  # also finds a read-only file: the switch is a write
        anchor = _migrate(db, path, secure)
    store = CarStore(db, path, secure, anchor, read_only=read_only)
    if trust:
        if problem := schema_problem(db):
            raise SchemaChanged(str(path), problem)
        if broken := store.broken_chain():
            raise RecordBroken(str(path), broken)
        store.settle()
    return store


def _anchor(secure: SecureElement, path: Path) -> Anchor:
    if not secure.exists():
        raise StoreUnavailable(
            str(path),
            Text("its secure element %(anchor)s is missing: the record cannot be checked", anchor=str(secure.path)),
        )
    try:
        return secure.load()
    except AnchorUnreadable as error:
        raise StoreUnavailable(str(path), error.reason) from None


def _migrate(db: Database, path: Path, secure: SecureElement) -> Anchor | None:
    """Apply pending migrations and seal a new or upgraded store, all under the write lock
    (taken when it begins, so that a second process waits, then finds nothing to do). A
    store that cannot take a write cannot record a revoke either: this finds out now."""
    db.execute("BEGIN IMMEDIATE")
    try:
        # In WAL mode the lock alone is granted even on a read-only file; a write is not.
        db.execute("CREATE TABLE _ivi_write_probe (x)")
        db.execute("DROP TABLE _ivi_write_probe")
        before = schema_version(db)
        migrations.apply(db)
        if before >= KEYED_SCHEMA:  # keyed already: a later migration keeps the key and the chains
            db.execute("COMMIT" if schema_version(db) > before else "ROLLBACK")
            return _anchor(secure, path)
        anchor = _sealed(db, path, secure, before)
        secure.save(anchor)
        db.execute("COMMIT")
    except BaseException:
        db.rollback()
        raise
    return anchor


def _sealed(db: Database, path: Path, secure: SecureElement, before: int) -> Anchor:
    """A new store, or one upgraded from the unkeyed chain, sealed with a new key. Where a
    secure element is there already, the database was keyed before (or its sealing did not
    commit): it is sealed with that key only if that gives the very heads the secure element
    noted, so a forged unkeyed chain is never re-keyed; the stops noted there are kept."""
    if not secure.exists():
        key = Anchor.new().key
        return Anchor(key, chains.seal(db, key))
    noted = _anchor(secure, path)
    heads = chains.seal(db, noted.key)
    if any(heads[chain] not in noted.accepted_heads(chain) for chain in CHAINS):
        raise Downgraded(str(path), before)
    return replace(noted, heads=heads, next=None)
