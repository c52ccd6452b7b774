"""One exception class per failure the domain can report. Messages are one line, for people."""


class IviError(Exception):
    """Base of every error ivi reports to a user instead of a traceback."""


class UnknownFeature(IviError):
    def __init__(self, feature_id: str, known: list[str]):
        super().__init__(f"unknown feature '{feature_id}' (known: {', '.join(known)})")
        self.feature_id = feature_id


class UnknownCategory(IviError):
    def __init__(self, category_id: str, known: list[str]):
        super().__init__(f"unknown data category '{category_id}' (known: {', '.join(known)})")
        self.category_id = category_id


class InvalidDuration(IviError):
    def __init__(self, value: str, allowed: list[str]):
        super().__init__(f"invalid duration '{value}': choose one of {', '.join(allowed)}")
        self.value = value


class InvalidProfile(IviError):
    def __init__(self, name: str):
        super().__init__(f"invalid profile name '{name}': use 1 to 32 lower-case letters, digits, '-' or '_'")


class InvalidMotion(IviError):
    def __init__(self, reason: str):
        super().__init__(f"invalid driving state: {reason}")


class ConsentNotNeeded(IviError):
    def __init__(self, feature_id: str):
        super().__init__(f"feature '{feature_id}' needs no consent: it is always on and keeps its data in the car")


class NoDriveInProgress(IviError):
    def __init__(self, what: str):
        super().__init__(f"no drive in progress: {what} needs one (run `ivi drive start`)")


class NotParked(IviError):
    """A grant expands collection, so it is only accepted while parked; revokes always are."""

    def __init__(self, action: str, motion_description: str):
        super().__init__(
            f"cannot {action} while the car is moving ({motion_description}):"
            " park (gear P) or stop first; stopping a feature works at any time"
        )


class GuestConsentLimited(IviError):
    def __init__(self, feature_id: str, duration: str):
        super().__init__(
            f"the guest profile can consent to '{feature_id}' for this drive only, not {duration}: use --duration drive"
        )


class InvalidCatalog(IviError):
    def __init__(self, entry: str, reason: str):
        super().__init__(f"invalid catalog entry '{entry}': {reason}")
        self.entry = entry
