from ivi.core.errors import IviError
from ivi.core.ledger import LedgerBreak


class StoreUnavailable(IviError):
    """The consent database cannot be opened, read or written. Personal sensors stay off."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"cannot use the consent database {path}: {reason}")
        self.path = path


class LedgerBroken(StoreUnavailable):
    """The consent ledger was changed outside the program: no consent in it can be trusted."""

    def __init__(self, path: str, broken: LedgerBreak):
        super().__init__(path, f"{broken} (run `ivi consent verify`)")
        self.broken = broken
