from ivi.core.errors import IviError
from ivi.core.ledger import ChainBreak
from ivi.core.text import Text


class StoreUnavailable(IviError):
    """The consent database cannot be opened, read or written. Personal sensors stay off."""

    def __init__(self, path: str, reason: Text):
        super().__init__(Text("cannot use the consent database %(path)s: %(reason)s", path=path, reason=reason))
        self.path = path
        self.reason = reason


class StoreFull(StoreUnavailable):
    """The disk under the database is full: a stop releases the reserve and tries again."""


class NotAnIviDatabase(StoreUnavailable):
    """The file is some other program's (or empty): ivi neither reads nor writes it."""


class SchemaChanged(StoreUnavailable):
    """The tables, columns, indexes or triggers are not the ones ivi wrote."""


class RecordBroken(StoreUnavailable):
    """A hash chain (the consent ledger or the drives) was changed outside ivi: nothing in it
    can be trusted."""

    def __init__(self, path: str, broken: ChainBreak):
        super().__init__(path, Text("%(broken)s (run `ivi consent verify`)", broken=broken.message))
        self.broken = broken


class Downgraded(StoreUnavailable):
    """The database holds an older schema than its secure element was sealed for, and not the
    record the secure element noted: put back or rewritten outside ivi. Never upgraded, since
    sealing it would give a forged record the car's key."""

    def __init__(self, path: str, schema: int):
        super().__init__(
            path,
            Text(
                "it was put back to an older schema (%(schema)d) holding a record its secure element"
                " did not note: not upgraded (run `ivi consent verify`)",
                schema=schema,
            ),
        )


class RecordChanged(IviError):
    def __init__(self, problem: Text):
        super().__init__(Text("the record was changed outside ivi: %(problem)s", problem=problem))
