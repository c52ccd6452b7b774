"""`ivi consent verify`: what the record looks like against what ivi wrote, as a report.

Unlike opening a store for use, which refuses at the first doubt, this reads everything it
can and says what it found: the schema, each chain and its head in the secure element. The
first changed record is named (a chain break before a schema change, since it says which
record to distrust)."""

import sqlite3
from dataclasses import dataclass, field

from ivi.core.ledger import ChainBreak
from ivi.core.text import Plural, Text
from ivi.store import chains
from ivi.store.car_store import CarStore
from ivi.store.migrations import schema_version
from ivi.store.schema import schema_problem


@dataclass
class VerifyReport:
    lines: list[Text] = field(default_factory=list)
    problems: list[Text] = field(default_factory=list)

    @property
    def problem(self) -> Text | None:
        return self.problems[0] if self.problems else None


def verify_record(store: CarStore) -> VerifyReport:
    with store.snapshot():
        return _report(store)


def _report(store: CarStore) -> VerifyReport:
    report = VerifyReport()
    db = store.db
    schema = schema_problem(db)
    if schema:
        report.lines.append(Text("schema: %(problem)s", problem=schema))
    else:
        report.lines.append(Text("schema: as ivi wrote it (version %(version)d)", version=schema_version(db)))
    if store.anchor is None:
        missing = Text(
            "its secure element %(anchor)s is missing: the record cannot be checked", anchor=str(store.secure.path)
        )
        report.lines.append(missing)
        report.problems.append(missing)
    else:
        for chain in chains.CHAINS:
            broken = _broken(store, chain)
            report.lines.append(_chain_line(store, chain, broken))
            if isinstance(broken, ChainBreak):
                report.problems.append(broken.message)
            elif broken is not None:
                report.problems.append(broken)
    if schema:
        report.problems.append(schema)
    return report


def _broken(store: CarStore, chain: str) -> ChainBreak | Text | None:
    try:
        return chains.verify_chain(store.db, store.anchor, chain)
    except sqlite3.Error as error:
        return Text("%(chain)s cannot be read (%(sqlite)s)", chain=chains.TABLES[chain], sqlite=str(error))


def _chain_line(store: CarStore, chain: str, broken: ChainBreak | Text | None) -> Text:
    if broken is not None:
        return broken.message if isinstance(broken, ChainBreak) else broken
    count = store.db.execute(f"SELECT count(*) FROM {chains.TABLES[chain]}").fetchone()[0]
    if chain == "drives":
        return Plural("drives intact: %(n)d drive", "drives intact: %(n)d drives", count)
    return Plural("consent ledger intact: %(n)d entry", "consent ledger intact: %(n)d entries", count)
