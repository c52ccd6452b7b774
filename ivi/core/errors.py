"""One exception class per failure the domain can report. Messages are one line, for people."""


class IviError(Exception):
    """Base of every error ivi reports to a user instead of a traceback."""


class UnknownFeature(IviError):
    def __init__(self, feature_id: str, known: list[str]):
        super().__init__(f"unknown feature '{feature_id}' (known: {', '.join(known)})")
        self.feature_id = feature_id


class InvalidDuration(IviError):
    def __init__(self, value: str, allowed: list[str]):
        super().__init__(f"invalid duration '{value}': choose one of {', '.join(allowed)}")
        self.value = value


class ConsentNotNeeded(IviError):
    def __init__(self, feature_id: str):
        super().__init__(f"feature '{feature_id}' needs no consent: it is always on and keeps its data in the car")


class NoDriveInProgress(IviError):
    def __init__(self, what: str):
        super().__init__(f"no drive in progress: {what} needs one (run `ivi drive start`)")


class InvalidCatalog(IviError):
    def __init__(self, entry: str, reason: str):
        super().__init__(f"invalid catalog entry '{entry}': {reason}")
        self.entry = entry
