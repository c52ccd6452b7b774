"""The consent ledger's hash chain: each entry's hash covers its content and the hash before it.

Editing, deleting, inserting or reordering an entry outside the program breaks the chain at
that entry; `verify` names the first one. The store also keeps the chain's head (the last id
and hash), so a deleted last entry is found too. Whoever can rewrite the whole file can also
recompute every hash: the chain makes tampering evident, it cannot make it impossible.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ivi.core.text import Text

GENESIS = "0" * 64  # the "previous hash" of the first entry


def entry_hash(previous: str, content: Mapping[str, Any]) -> str:
    """`content` is the entry's stored columns, id included, so a moved entry no longer fits."""
    canonical = json.dumps(dict(content), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{previous}:{canonical}".encode()).hexdigest()


@dataclass(frozen=True)
class LedgerBreak:
    entry_id: int
    reason: Text

    @property
    def message(self) -> Text:
        return Text("ledger entry #%(entry)d: %(reason)s", entry=self.entry_id, reason=self.reason)

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class ChainedRow:
    id: int
    content: Mapping[str, Any]  # every column but the two hashes
    prev_hash: str
    hash: str


def verify(rows: Iterable[ChainedRow], head: tuple[int, str] | None) -> LedgerBreak | None:
    """Walk the chain in id order. `head` is (last id, last hash) as the program last wrote it."""
    previous_id, previous_hash = 0, GENESIS
    for row in rows:
        if row.id != previous_id + 1:
            gone = f"#{previous_id + 1}" if row.id == previous_id + 2 else f"#{previous_id + 1}–#{row.id - 1}"
            return LedgerBreak(
                row.id, Text("entries before it are missing (%(gone)s): deleted outside the program", gone=gone)
            )
        if row.prev_hash != previous_hash:
            return LedgerBreak(
                row.id, Text("it does not follow the entry before it: inserted or reordered outside the program")
            )
        if entry_hash(row.prev_hash, row.content) != row.hash:
            return LedgerBreak(row.id, Text("its content does not match its hash: edited outside the program"))
        previous_id, previous_hash = row.id, row.hash
    if head is None:
        if previous_id:
            return LedgerBreak(
                previous_id, Text("the ledger has entries but no recorded head: edited outside the program")
            )
        return None
    head_id, head_hash = head
    if head_id > previous_id:
        return LedgerBreak(
            previous_id + 1,
            Text("missing: the ledger was last written at #%(head)d; deleted outside the program", head=head_id),
        )
    if head_id < previous_id:
        return LedgerBreak(head_id + 1, Text("added outside the program after the last entry it wrote"))
    if head_hash != previous_hash:
        return LedgerBreak(head_id, Text("rewritten outside the program: its hash is not the one recorded"))
    return None
