"""In-process publish/subscribe by VSS path, counting every sample it carries and keeping
the latest per path."""

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Sample:
    path: str
    value: Any
    at: datetime
    features: frozenset[str]  # the features this sample serves; empty for non-personal data


Subscriber = Callable[[Sample], None]


class SignalBus:
    def __init__(self) -> None:
        self._subscribers: dict[str, list[Subscriber]] = defaultdict(list)
        self.counts: Counter[str] = Counter()
        self.latest: dict[str, Sample] = {}

    def subscribe(self, path: str, subscriber: Subscriber) -> None:
        self._subscribers[path].append(subscriber)

    def unsubscribe(self, path: str, subscriber: Subscriber) -> None:
        self._subscribers[path].remove(subscriber)

    def publish(self, sample: Sample) -> None:
        path = sample.path
        self.counts[path] += 1
        self.latest[path] = sample
        for subscriber in self._subscribers.get(path, ()):
            subscriber(sample)
