from ivi.core.errors import IviError
from ivi.core.ledger import LedgerBreak
from ivi.core.text import Text


class StoreUnavailable(IviError):
    """The consent database cannot be opened, read or written. Personal sensors stay off."""

    def __init__(self, path: str, reason: Text):
        super().__init__(Text("cannot use the consent database %(path)s: %(reason)s", path=path, reason=reason))
        self.path = path


class LedgerBroken(StoreUnavailable):
    """The consent ledger was changed outside the program: no consent in it can be trusted."""

    def __init__(self, path: str, broken: LedgerBreak):
        super().__init__(path, Text("%(broken)s (run `ivi consent verify`)", broken=broken.message))
        self.broken = broken
