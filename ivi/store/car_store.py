"""The car's store: drives, the consent ledger, receipts, kept data, deletion requests, the
egress log, the car's identity and its clock, in one SQLite file, with its secure element
beside it (`ivi.store.secure_element`). `ivi.store.opening` opens it.
"""

import errno
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from ivi.core import ledger
from ivi.core.drive import Drive
from ivi.core.ledger import ChainBreak
from ivi.core.motion import Gear, Motion
from ivi.core.stops import RevokeStop, Stop
from ivi.core.text import Text, refused_by_system
from ivi.store import chains
from ivi.store.access import Access, Hooks, iso, parse_time, unavailable
from ivi.store.deletions_table import DeletionRequests
from ivi.store.egress_table import EgressLog
from ivi.store.errors import RecordBroken, StoreFull, StoreUnavailable
from ivi.store.inventory_table import Inventory
from ivi.store.ledger_table import ConsentLedger
from ivi.store.migrations import schema_version
from ivi.store.receipts_table import ReceiptBook
from ivi.store.secure_element import Anchor, AnchorUnreadable, Reserve, SecureElement

SNAPSHOT_ATTEMPTS = 50  # commits take milliseconds: this many in a row means something is wrong
# Every table with a moment of its own: no new record may be dated before the newest of these.
DATED = {
    "consent_ledger": "at",
    "receipts": "at",
    "egress_log": "at",
    "drives": "max(started_at, coalesce(ended_at, ''))",
    "car_clock": "at",
}


class CarStore:
    def __init__(self, db: Database, path: Path, secure: SecureElement, anchor: Anchor | None, *, read_only: bool):
        self.db = db
        self.path = path
        self.read_only = read_only
        self.secure = secure
        self.anchor = anchor  # None only when opened untrusted without one (`ivi consent verify`)
        self.reserve = Reserve(path)
        self.pending: list[Stop] = list(anchor.stops) if anchor else []  # carried out, not yet recorded
        self.held: list[Stop] = []  # carried out, being recorded now
        self._data_version: int | None = None  # SQLite's count of other connections' commits, as last seen
        self._broken: RecordBroken | None = None  # a change made elsewhere that does not verify
        self._access = Access(db, path, Hooks(self._record_pending, self._committing))
        self.ledger = ConsentLedger(self._access, self._key)
        self.receipts = ReceiptBook(self._access)
        self.inventory = Inventory(self._access)
        self.deletions = DeletionRequests(self._access)
        self.egress = EgressLog(self._access)
        if not read_only:
            self.reserve.keep()

    def close(self) -> None:
        self.db.close()

    @property
    def schema_version(self) -> int:
        with self._access.guard():
            return schema_version(self.db)

    def identity(self) -> tuple[str, bytes]:
        """The car's VIN and the secret that keys its pseudonyms."""
        with self._access.guard():
            vin, secret = self.db.execute("SELECT vin, secret FROM car_identity").fetchone()
        return vin, bytes.fromhex(secret)

    def chain_heads(self) -> dict[str, tuple[int, str]]:
        with self._access.guard():
            return chains.heads(self.db)

    def transaction(self) -> AbstractContextManager[None]:
        """All writes inside commit together or not at all; a nested block joins the outer one."""
        return self._access.transaction()

    # the record's chains and the secure element

    def _key(self) -> bytes:
        assert self.anchor is not None, "a writable store always has its secure element"
        return self.anchor.key

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """A read transaction whose records and secure-element heads agree. A reader takes no
        lock (it writes nothing): it reads the heads before and after the snapshot starts and
        tries again if they moved, since a commit in the snapshot was noted before it began."""
        with self._access.guard():
            for _attempt in range(SNAPSHOT_ATTEMPTS):
                before = self._read_anchor()
                self.db.execute("BEGIN")
                self.db.execute("SELECT count(*) FROM drives").fetchall()  # the snapshot starts here
                after = self._read_anchor()
                if before == after:
                    break
                self.db.execute("ROLLBACK")
            else:
                raise StoreUnavailable(str(self.path), Text("the record kept changing while it was read"))
            self.anchor = after or self.anchor
            try:
                yield
            finally:
                self.db.execute("ROLLBACK")

    def _read_anchor(self) -> Anchor | None:
        if not self.secure.exists():
            return None
        try:
            return self.secure.load()
        except AnchorUnreadable as error:
            raise StoreUnavailable(str(self.path), error.reason) from None

    def broken_chain(self) -> ChainBreak | None:
        """The first record (ledger, then drives) not as ivi wrote it; None if all verify."""
        with self.snapshot():
            assert self.anchor is not None
            return chains.check(self.db, self.anchor)

    def settle(self) -> None:
        """After the checks at open: forget stops the record already holds (a commit that
        happened just before its process stopped), and record the ones it does not."""
        self.pending = [s for s in self.pending if not self._is_recorded(s)]
        if self.pending and not self.read_only:
            try:
                with self.transaction():
                    pass  # a transaction records what is pending when it begins
            except StoreUnavailable:
                pass  # still pending: the state keeps them off (see `stopped`)

    def changed_elsewhere(self) -> bool:
        """Has another process committed to the record, or noted a stop in the secure element,
        since this store last looked? Asked before every sample, so it costs a pragma and two
        small reads. The stops noted elsewhere are taken up here, so the state keeps them off.
        A commit made elsewhere is verified against the secure element before it is believed:
        one that does not verify (a row forged with the sqlite3 shell) raises RecordBroken,
        now and at every later look, so the running car fails closed as a new one would."""
        if self._broken is not None:
            raise self._broken
        try:  # not `guard()`: its context manager would cost a fifth of the question
            version = self.db.conn.execute("PRAGMA data_version").fetchone()[0]
            noted = self.anchor is not None and self.secure.newest_sequence() != self.secure.sequence
        except sqlite3.Error as error:
            raise unavailable(str(self.path), error) from None
        except OSError as error:
            raise StoreUnavailable(str(self.path), refused_by_system(error)) from None
        if version == self._data_version and not noted:
            return False
        first_look = self._data_version is None
        self._data_version = version
        if noted:
            self.pending = self._noted_stops()  # as a write does when it begins
        if not first_look and self.anchor is not None and not self.db.conn.in_transaction:
            if broken := self.broken_chain():
                self._broken = RecordBroken(str(self.path), broken)
                raise self._broken
        return noted or not first_look

    def _is_recorded(self, stop: Stop) -> bool:
        with self._access.guard():
            if isinstance(stop, RevokeStop):
                row = self.db.execute(
                    "SELECT action FROM consent_ledger WHERE profile = ? AND feature = ? ORDER BY id DESC LIMIT 1",
                    [stop.profile, stop.feature],
                ).fetchone()
                return row is None or row[0] == "revoke"
            row = self.db.execute("SELECT ended_at FROM drives WHERE id = ?", [stop.drive_id]).fetchone()
            return row is None or row[0] is not None

    def _record_pending(self) -> None:
        """When a write begins: record the stops carried out earlier (here or by another
        process) that the record does not hold yet."""
        if self.anchor is not None:
            self.pending = self._noted_stops()
        for stop in [s for s in self.pending if not self._is_recorded(s)]:
            at = max(stop.at, self.last_moment() or stop.at)  # never dated before what is recorded
            if isinstance(stop, RevokeStop):
                self.ledger.append(RevokeStop(stop.profile, stop.feature, at).entry())
            elif (drive := self.current_drive()) is not None and drive.id == stop.drive_id:
                self.end_drive(drive, at)

    def _noted_stops(self) -> list[Stop]:
        try:
            return list(self.secure.stops())
        except (OSError, AnchorUnreadable):
            return self.pending

    @contextmanager
    def _committing(self) -> Iterator[None]:
        """Around a commit, the secure element. A commit that records a stop first notes,
        durably, where it will leave the chains and the stop itself, so that a power cut half
        way loses neither (a stop must outlive the process that carried it out). Every commit
        that moves a chain then notes its heads; that note need not be synced, since records
        past a head that verify with the key can only be ivi's (see `ivi.core.ledger.verify`)."""
        assert self.anchor is not None
        heads = chains.heads(self.db)
        if heads == self.anchor.heads and not self.pending and not self.held:
            yield
            return
        done = self.pending + self.held
        with self.secure.locked():  # the file does not change under us until the commit is noted
            try:
                if self.held:
                    self.anchor = self._change(lambda now: replace(now, next=heads, stops=_union(now.stops, self.held)))
                else:
                    self.anchor = self.secure.load()
            except AnchorUnreadable as error:
                raise StoreUnavailable(str(self.path), error.reason) from None
            except OSError as error:
                failure = StoreFull if error.errno in (errno.ENOSPC, errno.EDQUOT) else StoreUnavailable
                raise failure(str(self.path), refused_by_system(error)) from None
            yield  # the commit
            self.pending = []
            self.anchor = replace(self.anchor, heads=heads, next=None, stops=_without(self.anchor.stops, done))
            try:
                self._save(self.anchor, durable=False)
            except OSError:
                pass  # the records past the noted head verify with the key: the next open accepts them

    def _change(self, change: Callable[[Anchor], Anchor]) -> Anchor:
        """Change the secure element (its lock held); a full disk gives up the reserve first."""
        try:
            return self.secure.change(change)
        except OSError:
            if not self.reserve.release():
                raise
            return self.secure.change(change)

    def _save(self, anchor: Anchor, *, durable: bool) -> None:
        try:
            self.secure.save(anchor, durable=durable)
        except OSError:
            if not self.reserve.release():
                raise
            self.secure.save(anchor, durable=durable)

    # stops (see ivi.core.stops)

    def stopped(self) -> list[Stop]:
        """Stops carried out and not yet recorded, which the state treats as recorded."""
        return self.pending + self.held

    def hold(self, stops: list[Stop]) -> None:
        self.held += stops

    def recorded(self, stops: list[Stop]) -> None:
        self.held = [s for s in self.held if s not in stops]

    def release_reserve(self) -> bool:
        return self.reserve.release()

    def keep_pending(self, stops: list[Stop]) -> bool:
        """A stop could not be recorded: keep it until it can be, here and in the secure
        element. True if the secure element has it (the next process keeps it off too)."""
        self.recorded(stops)
        self.pending += [s for s in stops if s not in self.pending]
        if self.anchor is None:
            return False

        try:
            with self.secure.locked():
                self.anchor = self._change(lambda now: replace(now, stops=_union(now.stops, stops)))
        except (OSError, AnchorUnreadable):
            return False
        return True

    # the car's clock

    def last_moment(self) -> datetime | None:
        """The newest moment anything was recorded at, the car's clock included."""
        with self._access.guard():
            moments = [
                self.db.execute(f"SELECT max({moment}) FROM {table}").fetchone()[0] for table, moment in DATED.items()
            ]
        return max((parse_time(m) for m in moments if m), default=None)

    def clock_ahead_s(self) -> float:
        """How far the simulator's clock was ahead of the system's when last kept."""
        with self._access.guard():
            row = self.db.execute("SELECT ahead_s FROM car_clock").fetchone()
        return row[0] if row else 0.0

    def keep_time(self, at: datetime, ahead_s: float) -> None:
        with self.transaction():
            self.db.execute("INSERT OR REPLACE INTO car_clock (one, at, ahead_s) VALUES (1, ?, ?)", [iso(at), ahead_s])

    # drives

    def current_drive(self) -> Drive | None:
        rows = self._access.rows("SELECT * FROM drives WHERE ended_at IS NULL ORDER BY id DESC LIMIT 1")
        return _drive(rows[0]) if rows else None

    def start_drive(self, profile: str, at: datetime) -> Drive:
        with self.transaction():
            last_id, last_hash = chains.head(self.db, "drives")
            content = {"id": last_id + 1, "profile": profile, "started_at": iso(at), "ended_at": None}
            digest = ledger.entry_hash(self._key(), last_hash, content)
            self.db.execute(
                "INSERT INTO drives (id, profile, started_at, prev_hash, hash) VALUES (?, ?, ?, ?, ?)",
                [content["id"], profile, content["started_at"], last_hash, digest],
            )
        return Drive(content["id"], profile, at)

    def end_drive(self, drive: Drive, at: datetime) -> Drive:
        with self.transaction():
            [row] = self._access.rows("SELECT * FROM drives WHERE id = ?", [drive.id])
            content = chains.drive_content(row) | {"ended_at": iso(at)}
            digest = ledger.entry_hash(self._key(), row["prev_hash"], content)
            self.db.execute("UPDATE drives SET ended_at = ?, hash = ? WHERE id = ?", [iso(at), digest, drive.id])
        return Drive(drive.id, drive.profile, drive.started_at, at)

    def motion(self, drive: Drive) -> Motion:
        with self._access.guard():
            row = self.db.execute("SELECT gear, speed_kmh FROM drives WHERE id = ?", [drive.id]).fetchone()
        return Motion(Gear(row[0]), row[1])

    def set_motion(self, drive: Drive, motion: Motion) -> None:
        with self.transaction():
            self.db.execute(
                "UPDATE drives SET gear = ?, speed_kmh = ? WHERE id = ?",
                [motion.gear.value, motion.speed_kmh, drive.id],
            )


def _union(stops: tuple[Stop, ...], more: list[Stop]) -> tuple[Stop, ...]:
    return stops + tuple(s for s in more if s not in stops)


def _without(stops: tuple[Stop, ...], done: list[Stop]) -> tuple[Stop, ...]:
    return tuple(s for s in stops if s not in done)


def _drive(row: dict) -> Drive:
    return Drive(row["id"], row["profile"], parse_time(row["started_at"]), parse_time(row["ended_at"]))
