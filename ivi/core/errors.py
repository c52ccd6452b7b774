"""One exception class per failure the domain can report. Messages are one line, for people,
and translatable: each carries a `Text` the CLI renders in the reader's language."""

from ivi.core.text import Text


class IviError(Exception):
    """Base of every error ivi reports to a user instead of a traceback."""

    def __init__(self, message: Text):
        super().__init__(str(message))
        self.message = message


class UnknownFeature(IviError):
    def __init__(self, feature_id: str, known: list[str]):
        super().__init__(
            Text("unknown feature '%(feature)s' (known: %(known)s)", feature=feature_id, known=", ".join(known))
        )
        self.feature_id = feature_id


class UnknownCategory(IviError):
    def __init__(self, category_id: str, known: list[str]):
        super().__init__(
            Text(
                "unknown data category '%(category)s' (known: %(known)s)", category=category_id, known=", ".join(known)
            )
        )
        self.category_id = category_id


class InvalidDuration(IviError):
    def __init__(self, value: str, allowed: list[str]):
        super().__init__(
            Text("invalid duration '%(value)s': choose one of %(allowed)s", value=value, allowed=", ".join(allowed))
        )
        self.value = value


class InvalidProfile(IviError):
    def __init__(self, name: str):
        super().__init__(
            Text(
                "invalid profile name '%(name)s': use 1 to 32 lower-case letters, digits, '-' or '_',"
                " starting with a letter or digit",
                name=name,
            )
        )


class InvalidMotion(IviError):
    def __init__(self, reason: Text):
        super().__init__(Text("invalid driving state: %(reason)s", reason=reason))


class ConsentNotNeeded(IviError):
    def __init__(self, feature_name: str):
        super().__init__(
            Text(
                "%(feature)s needs no consent: it is always on and keeps its data in the car",
                feature=Text(feature_name),
            )
        )


class NoDriveInProgress(IviError):
    def __init__(self, what: Text):
        super().__init__(Text("no drive in progress: %(what)s needs one (run `ivi drive start`)", what=what))


class DriveInProgress(IviError):
    """Starting a drive during one would end it, and its this-drive consents with it."""

    def __init__(self, drive_id: int, profile: str):
        super().__init__(
            Text(
                "drive #%(drive)d is in progress for %(profile)s: end it first, or give --restart",
                drive=drive_id,
                profile=profile,
            )
        )


class NotParked(IviError):
    """A grant expands collection, so it is only accepted while parked; revokes always are."""

    def __init__(self, action: Text, motion: Text):
        super().__init__(
            Text(
                "cannot %(action)s while the car is moving (%(motion)s):"
                " park (gear P) or stop first; stopping a feature works at any time",
                action=action,
                motion=motion,
            )
        )


class GuestConsentLimited(IviError):
    def __init__(self, feature_name: str, duration: str):
        super().__init__(
            Text(
                "a guest can consent to %(feature)s for this drive only, not %(duration)s: use --duration drive",
                feature=Text(feature_name),
                duration=duration,
            )
        )


class InvalidCatalog(IviError):
    def __init__(self, entry: str, reason: Text):
        super().__init__(Text("invalid catalog entry '%(entry)s': %(reason)s", entry=entry, reason=reason))
        self.entry = entry


class StopNotRecorded(IviError):
    """A stop was carried out (its sensors are off) but the store could not record it."""

    def __init__(self, reason: Text, kept: bool):
        if kept:
            message = Text(
                "stopped, but not recorded yet (%(reason)s): it stays off, and is recorded once the store can take it",
                reason=reason,
            )
        else:
            message = Text(
                "stopped while this runs, but neither recorded nor noted (%(reason)s): check the consent store",
                reason=reason,
            )
        super().__init__(message)
        self.kept = kept


class CannotWrite(IviError):
    """An output folder (or file) that cannot be written: nothing was written there."""

    def __init__(self, path: str, why: Text):
        super().__init__(Text("cannot write to %(path)s: %(why)s", path=path, why=why))
