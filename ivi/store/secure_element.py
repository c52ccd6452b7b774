"""The simulator's stand-in for the car's secure element, and the disk space kept for stops.

A real car keeps keys and counters in a secure element (a chip no program on the head unit
can rewrite). The simulator keeps them in a small file beside the database, `car.db.anchor`:

- the key of the record's hash chains (HMAC-SHA256), so that a chain recomputed by anyone
  who has only the database file no longer verifies;
- the heads of the chains as ivi last committed them (and, during a commit, the heads the
  commit is about to make), so that deleting the newest records, wiping the ledger or putting
  back an older copy of the database is found;
- stops the car carried out but could not yet record, so that the next process keeps them
  off too.

Each note goes into one of two slots, the one not holding the newest note, with a sequence
number and a checksum: a power cut half way through a write leaves the other note whole.

It protects against whatever can change the database file alone: another program, the
`sqlite3` shell, a copy restored from a backup. It does not protect against someone who can
rewrite both files (root on the head unit): a real secure element is what stops that.

`car.db.reserve` is disk space held for stops: when the disk is full, a stop releases it and
is recorded in the room it leaves (`Reserve`).
"""

import errno
import fcntl
import hashlib
import json
import os
import secrets
import struct
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ivi.core.ledger import EMPTY, Head
from ivi.core.stops import Stop, stop_from_json
from ivi.core.text import Text, refused_by_system

CHAINS = ("ledger", "drives")
# The file holds two slots; each note goes into the one not holding the newest note.
SLOT_BYTES = 8192
NOTE_HEADER = struct.Struct("<QI32s")  # sequence number, payload length, SHA-256 of the payload
RESERVE_BYTES = 1 << 20  # room for hundreds of revokes with their receipts and WAL pages


@dataclass(frozen=True)
class Anchor:
    key: bytes
    heads: dict[str, Head]  # per chain, as ivi last committed it
    next: dict[str, Head] | None = None  # per chain, as a commit under way will leave it
    stops: tuple[Stop, ...] = field(default=())

    @staticmethod
    def new() -> "Anchor":
        return Anchor(secrets.token_bytes(32), dict.fromkeys(CHAINS, EMPTY))

    def accepted_heads(self, chain: str) -> list[Head]:
        return [self.heads[chain]] + ([self.next[chain]] if self.next else [])


class AnchorUnreadable(Exception):
    def __init__(self, reason: Text):
        super().__init__(str(reason))
        self.reason = reason


class SecureElement:
    def __init__(self, db_path: Path):
        self.path = db_path.with_name(db_path.name + ".anchor")
        # Writers change the file one at a time, under a lock of its own. Not the database
        # file's: closing any descriptor of it would drop SQLite's own locks on it.
        self.lock_path = db_path.with_name(db_path.name + ".anchor.lock")
        self._cached: tuple[int, Anchor] | None = None  # (sequence, note) as last read or written

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Held by a writer from noting its heads until it has noted the commit, and while it
        adds a stop, so that no change of another process's is lost."""
        descriptor = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)

    def change(self, change: Callable[[Anchor], Anchor]) -> Anchor:
        """Read, change and write back durably (under `locked`), so that a stop another
        process noted meanwhile is not lost."""
        anchor = change(self.load())
        self.save(anchor)
        return anchor

    def stops(self) -> tuple[Stop, ...]:
        """The stops noted in the file (none if there is no file)."""
        return self.load().stops if self.exists() else ()

    def exists(self) -> bool:
        return self.path.exists()

    @property
    def sequence(self) -> int:
        """The sequence number of the note this process last read or wrote (0: none yet)."""
        return self._cached[0] if self._cached else 0

    def newest_sequence(self) -> int:
        """The highest sequence number the file's two slots hold now (0 if there is no file):
        two reads of eight bytes, cheap enough to ask before every sample whether another
        process noted something. Unchecked: a spoilt slot only makes `load` read again."""
        try:
            descriptor = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)
        except FileNotFoundError:
            return 0
        try:
            return max(
                int.from_bytes(os.pread(descriptor, 8, i * SLOT_BYTES).ljust(8, b"\0"), "little") for i in (0, 1)
            )
        finally:
            os.close(descriptor)

    def load(self) -> Anchor:
        """The newest whole note in the file (parsed again only when it changed)."""
        try:
            descriptor = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO put there does not block
            try:
                data = os.pread(descriptor, 2 * SLOT_BYTES, 0)
            finally:
                os.close(descriptor)
        except OSError as error:
            raise AnchorUnreadable(refused_by_system(error)) from None
        notes = [note for note in (_note(data[i * SLOT_BYTES : (i + 1) * SLOT_BYTES]) for i in (0, 1)) if note]
        if not notes:
            raise AnchorUnreadable(Text("its secure element %(path)s is damaged", path=str(self.path)))
        sequence, payload = max(notes)
        if self._cached is None or self._cached[0] != sequence:
            self._cached = (sequence, self._parse(payload))
        return self._cached[1]

    def _parse(self, payload: bytes) -> Anchor:
        try:
            data = json.loads(payload)
            return Anchor(
                key=bytes.fromhex(data["key"]),
                heads={c: _head(data["heads"][c]) for c in CHAINS},
                next={c: _head(data["next"][c]) for c in CHAINS} if data.get("next") else None,
                stops=tuple(stop_from_json(s) for s in data.get("stops", [])),
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            raise AnchorUnreadable(Text("its secure element %(path)s is damaged", path=str(self.path))) from None

    def save(self, anchor: Anchor, *, durable: bool = True) -> None:
        """Write a new note into the slot that does not hold the newest one: a power cut half
        way spoils only that slot (its checksum tells), and the other still holds a whole
        note. With `durable` the note is on the disk before this returns."""
        payload = json.dumps(
            {
                "key": anchor.key.hex(),
                "heads": {c: list(anchor.heads[c]) for c in CHAINS},
                "next": {c: list(anchor.next[c]) for c in CHAINS} if anchor.next else None,
                "stops": [s.as_json() for s in anchor.stops],
            }
        ).encode()
        if len(payload) > SLOT_BYTES - NOTE_HEADER.size:
            raise OSError(errno.EFBIG, "too many stops waiting to be recorded", str(self.path))
        sequence = (self._cached[0] if self._cached else 0) + 1
        note = NOTE_HEADER.pack(sequence, len(payload), hashlib.sha256(payload).digest()) + payload
        if not self.exists():
            self._create()
        descriptor = os.open(self.path, os.O_WRONLY)
        try:
            os.pwrite(descriptor, note.ljust(SLOT_BYTES, b"\0"), (sequence % 2) * SLOT_BYTES)
            if durable:
                os.fsync(descriptor)
        finally:
            os.close(descriptor)
        self._cached = (sequence, anchor)

    def _create(self) -> None:
        """An empty file of two slots, made whole and in place at once (rename)."""
        part = self.path.with_name(self.path.name + ".part")
        try:
            with open(part, "wb") as out:
                out.write(bytes(2 * SLOT_BYTES))
                out.flush()
                os.fsync(out.fileno())
            os.replace(part, self.path)
        except OSError:
            part.unlink(missing_ok=True)
            raise


def _note(slot: bytes) -> tuple[int, bytes] | None:
    """(sequence, payload) of a whole note, or None for an empty or spoilt slot."""
    if len(slot) < NOTE_HEADER.size:
        return None
    sequence, length, digest = NOTE_HEADER.unpack_from(slot)
    payload = slot[NOTE_HEADER.size : NOTE_HEADER.size + length]
    if sequence == 0 or len(payload) != length or hashlib.sha256(payload).digest() != digest:
        return None
    return sequence, payload


def _head(value: list) -> Head:
    last_id, last_hash = value
    if not isinstance(last_id, int) or not isinstance(last_hash, str):
        raise TypeError("a head is [id, hash]")
    return last_id, last_hash


class Reserve:
    """Disk space held back for stops (`car.db.reserve`, 1 MiB of zeros, really written)."""

    def __init__(self, db_path: Path):
        self.path = db_path.with_name(db_path.name + ".reserve")

    def keep(self) -> None:
        """Hold the space if it is not held yet; a disk too full for it is no reason to fail."""
        if self.path.exists():
            return
        try:
            with open(self.path, "wb") as out:
                out.write(bytes(RESERVE_BYTES))
                out.flush()
                os.fsync(out.fileno())
        except OSError:
            self.path.unlink(missing_ok=True)

    def release(self) -> bool:
        """Free the space for a stop; True if there was any to free."""
        try:
            self.path.unlink()
        except OSError:
            return False
        return True
