"""Stop first, record second (docs/architecture.md, "Principles"): a stop in two steps.

`Stopping.begin` carries the stop out: the store holds it in memory and the consent gate,
told at once, powers its sensors off. `record` then writes it. If the write fails the stop
stays held, and is noted in the secure element, until a later write of any process records
it; a full disk first gives up its reserve. The head unit draws the stop between the two
steps, so a store that makes the record wait never holds the screen.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from ivi.core.errors import StopNotRecorded
from ivi.core.events import EventHub, StopsChanged
from ivi.core.stops import Stop
from ivi.store import StoreFull, StoreUnavailable
from ivi.store.interface import Store

T = TypeVar("T")


@dataclass
class Stopping(Generic[T]):
    store: Store
    hub: EventHub
    stops: list[Stop]
    write: Callable[[], T]

    @classmethod
    def begin(cls, store: Store, hub: EventHub, stops: list[Stop], write: Callable[[], T]) -> "Stopping[T]":
        if stops:
            store.hold(stops)
            hub.publish(StopsChanged())
        return cls(store, hub, stops, write)

    def record(self) -> T:
        try:
            try:
                result = self.write()
            except StoreFull:
                if not self.stops or not self.store.release_reserve():
                    raise
                result = self.write()
        except StoreUnavailable as error:
            if not self.stops:
                raise
            raise StopNotRecorded(error.message, self.store.keep_pending(self.stops)) from None
        except BaseException:
            self._let_go()  # refused before anything changed (a grant in the same answer): nothing stopped
            raise
        self.store.recorded(self.stops)
        return result

    def _let_go(self) -> None:
        self.store.recorded(self.stops)
        if self.stops:
            self.hub.publish(StopsChanged())
