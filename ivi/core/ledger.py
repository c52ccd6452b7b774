"""The hash chains that make the record evidence: each record's hash covers its content and
the hash before it, keyed (HMAC-SHA256) with a secret kept outside the database file.

Two chains share the key: the consent ledger, and the drives (who drove, from when to when),
since both decide whether a sensor may run. Editing, deleting, inserting or reordering a
record breaks its chain at that record; `verify` names the first one. The chain's head (the
last id and hash) is kept outside the database too (`ivi.store.secure_element`), so deleting
the newest records, or the whole chain, is found; and without the key nobody can recompute
a chain that verifies.
"""

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ivi.core.text import Text

GENESIS = "0" * 64  # the "previous hash" of the first record


def canonical(content: Mapping[str, Any]) -> str:
    return json.dumps(dict(content), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def unkeyed_hash(previous: str, content: Mapping[str, Any]) -> str:
    """The plain SHA-256 chain of schema versions 2 to 4: only to check such a ledger once,
    before it is sealed with a key."""
    return hashlib.sha256(f"{previous}:{canonical(content)}".encode()).hexdigest()


def entry_hash(key: bytes, previous: str, content: Mapping[str, Any]) -> str:
    """`content` is the record's stored columns, id included, so a moved record no longer fits."""
    return hmac.new(key, f"{previous}:{canonical(content)}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    """The first record of a chain that is not as ivi wrote it."""

    chain: str  # "ledger" or "drives"
    record_id: int
    reason: Text

    @property
    def message(self) -> Text:
        if self.chain == "drives":
            return Text("drive #%(entry)d: %(reason)s", entry=self.record_id, reason=self.reason)
        return Text("ledger entry #%(entry)d: %(reason)s", entry=self.record_id, reason=self.reason)

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class ChainedRow:
    id: int
    content: Mapping[str, Any]  # every column the hash covers
    prev_hash: str
    hash: str


Head = tuple[int, str]  # (last id, last hash); (0, GENESIS) for an empty chain
EMPTY: Head = (0, GENESIS)


def verify(chain: str, key: bytes, rows: Iterable[ChainedRow], heads: Iterable[Head]) -> ChainBreak | None:
    """Walk the chain in id order. `heads` are the heads the secure element recorded (the
    last noted one, and the one a commit was about to make). The chain may run past a head:
    a commit whose note a power cut lost left records that verify with the key, which
    only ivi has; it may not stop short of one, nor differ from one."""
    heads = list(heads)
    wanted = {head_id for head_id, _ in heads}
    seen: dict[int, str] = {0: GENESIS}
    previous_id, previous_hash = EMPTY
    for row in rows:
        if row.id != previous_id + 1:
            gone = f"#{previous_id + 1}" if row.id == previous_id + 2 else f"#{previous_id + 1}–#{row.id - 1}"
            return ChainBreak(
                chain, row.id, Text("records before it are missing (%(gone)s): deleted outside ivi", gone=gone)
            )
        if row.prev_hash != previous_hash:
            return ChainBreak(chain, row.id, Text("it does not follow the record before it: inserted or reordered"))
        if not hmac.compare_digest(entry_hash(key, row.prev_hash, row.content), row.hash or ""):
            return ChainBreak(
                chain, row.id, Text("its content does not match its keyed hash: edited, or hashed again outside ivi")
            )
        previous_id, previous_hash = row.id, row.hash
        if row.id in wanted:
            seen[row.id] = row.hash
    if any(seen.get(head_id) == head_hash for head_id, head_hash in heads):
        return None
    head_id = min(h[0] for h in heads)
    if head_id > previous_id:
        return ChainBreak(
            chain,
            previous_id + 1,
            Text("missing: ivi last wrote up to #%(head)d; deleted outside ivi", head=max(h[0] for h in heads)),
        )
    return ChainBreak(chain, head_id, Text("not the record ivi last wrote: replaced outside ivi"))
