"""What the car records beside consents: receipts, data kept in the car, deletion requests."""

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

from ivi.core.motion import Motion


class ReceiptKind(str, Enum):
    NOTICE_SHOWN = "notice_shown"
    CHOICE = "choice"


class Channel(str, Enum):
    DISPLAY = "display"  # the head unit's screen
    CLI = "cli"  # the `ivi` command, standing in for the companion app


@dataclass(frozen=True)
class Receipt:
    """Proof of what the driver was shown or chose: which notice versions, in which language,
    for which profile, in which driving state, when."""

    kind: ReceiptKind
    at: datetime
    profile: str
    drive_id: int | None
    language: str
    channel: Channel
    motion: Motion
    notices: dict[str, str]  # feature -> notice hash shown or agreed to
    choices: dict[str, str] = field(default_factory=dict)  # feature -> duration, or "off"
    documents: dict[str, str] = field(default_factory=dict)  # feature -> version of the text shown


@dataclass(frozen=True)
class KeptBatch:
    """Data of one category that a feature keeps in the car, gathered over a stretch of a drive."""

    category: str
    feature: str
    profile: str
    drive_id: int | None
    first_at: datetime
    last_at: datetime
    count: int
    bytes: int


@dataclass(frozen=True)
class Holding:
    """What the car keeps of one category for a profile."""

    category: str
    count: int
    bytes: int
    first_at: datetime | None
    last_at: datetime | None


@dataclass(frozen=True)
class DeletionRequest:
    """A request to delete data of a category that already left the car, due in 10 working days."""

    profile: str
    category: str
    features: tuple[str, ...]  # the features that sent this category out
    requested_at: datetime
    deadline: date
    id: int | None = None
