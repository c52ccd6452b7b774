"""Domain events, and the small hub that hands them to whoever listens.

The service layer publishes an event after each committed change; the consent gate, the
UI and the tests subscribe. Handlers run synchronously, so a revoke has reached the gate
before the call that made it returns.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from ivi.core.consent import ConsentEntry
from ivi.core.drive import Drive
from ivi.core.motion import Motion


@dataclass(frozen=True)
class ConsentChanged:
    entry: ConsentEntry


@dataclass(frozen=True)
class DriveStarted:
    drive: Drive


@dataclass(frozen=True)
class DriveEnded:
    drive: Drive


@dataclass(frozen=True)
class StopsChanged:
    """The stops the car holds (carried out, not yet recorded) changed: what runs must be
    worked out again, before anything is written."""


@dataclass(frozen=True)
class MotionChanged:
    motion: Motion


@dataclass(frozen=True)
class SensorsChanged:
    powered: frozenset[str]


@dataclass(frozen=True)
class RecordChangedElsewhere:
    """Another process changed the record (a consent, a drive) or noted a stop: the running
    car has read what may run again; screens read what they show again."""


Event = (
    ConsentChanged | DriveStarted | DriveEnded | StopsChanged | MotionChanged | SensorsChanged | RecordChangedElsewhere
)
E = TypeVar("E", bound=Event)


class EventHub:
    def __init__(self) -> None:
        self._handlers: dict[type, list[Callable]] = defaultdict(list)

    def subscribe(self, kind: type[E], handler: Callable[[E], None]) -> None:
        self._handlers[kind].append(handler)

    def unsubscribe(self, kind: type[E], handler: Callable[[E], None]) -> None:
        self._handlers[kind].remove(handler)

    def publish(self, event: Event) -> None:
        for handler in list(self._handlers[type(event)]):
            handler(event)
