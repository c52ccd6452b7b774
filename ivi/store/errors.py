from ivi.core.errors import IviError


class StoreUnavailable(IviError):
    """The consent database cannot be opened, read or written. Personal sensors stay off."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"cannot use the consent database {path}: {reason}")
        self.path = path
