"""The consent gate: the bus asks it before every sample whether a sensor may run.

It caches the policy's answer and recomputes it when a consent or drive changes: in this
process (an event), in another process (the store says so when asked, before every sample),
or when the next expiry passes (the clock). So the question costs a set lookup and a look at
whether the record changed; a stop made anywhere stops the sensor before its next sample.
If the store cannot be read, it fails closed: nothing personal runs.
"""

import time
from collections.abc import Callable

from ivi.core.catalog import Catalog
from ivi.core.clock import Clock
from ivi.core.events import EventHub, RecordChangedElsewhere, SensorsChanged
from ivi.core.policy import PrivacyState, fail_closed, served_features
from ivi.store import StoreUnavailable

# How often, at most, the gate looks for what other processes changed: the samples of one
# simulator step come microseconds apart, and a look costs a few (a pragma, two small reads).
# So no sample is taken more than this long (of the wall clock) after another process
# committed a stop; the `ivi` command that made it takes longer than that to exit.
LOOK_EVERY_S = 0.001


class ConsentGate:
    def __init__(
        self,
        read_state: Callable[[], PrivacyState],
        changed_elsewhere: Callable[[], bool],
        catalog: Catalog,
        clock: Clock,
        hub: EventHub,
    ):
        self._read_state = read_state
        self._changed_elsewhere = changed_elsewhere
        self._catalog = catalog
        self._clock = clock
        self._hub = hub
        self._state = fail_closed(catalog)  # until the first read below
        self._served: dict[str, frozenset[str]] = {}
        self.failure: StoreUnavailable | None = None  # why the gate failed closed, if it did
        self._distrust: StoreUnavailable | None = None  # why the store could not say what changed
        self._look_elsewhere()  # from here on, what other processes commit is seen
        self._refresh()  # so `failure` tells at once whether the store can be read

    def on_record_changed(self, _event: object) -> None:
        """A stop, a consent or a drive was recorded: read again what may run."""
        self._refresh()

    def _refresh(self) -> PrivacyState:
        before = self._state.powered_sensors
        try:
            if self._distrust is not None:
                raise self._distrust  # what it would read cannot be believed
            self._state = self._read_state()
            self.failure = None
        except StoreUnavailable as error:
            self._state = fail_closed(self._catalog)
            self.failure = error
        active = self._state.active_features
        self._served = {s: served_features(self._catalog, s, active) for s in self._catalog.sensors}
        if self._state.powered_sensors != before:
            self._hub.publish(SensorsChanged(self._state.powered_sensors))
        return self._state

    def _look_elsewhere(self, now: float | None = None) -> bool:
        """True if another process changed the record. A store that cannot say fails closed:
        True the first time (read again, and fail), not at every look after."""
        self._looked_at = now or time.monotonic()
        try:
            changed = self._changed_elsewhere()
        except StoreUnavailable as error:
            first = self._distrust is None
            self._distrust = error
            return first
        if self._distrust is not None:  # it can say again: read what may run
            self._distrust = None
            return True
        return changed

    def fresh(self) -> PrivacyState:
        """The answer now: read again (and any change announced) if another process changed
        the record or the next expiry has passed."""
        now = time.monotonic()
        if now - self._looked_at >= LOOK_EVERY_S and self._look_elsewhere(now):
            state = self._refresh()
            self._hub.publish(RecordChangedElsewhere())
            return state
        state = self._state
        if state.valid_until is not None and self._clock.now() >= state.valid_until:
            return self._refresh()
        return state

    @property
    def state(self) -> PrivacyState:
        return self.fresh()

    def is_powered(self, sensor_id: str) -> bool:
        """Asked at the moment of every sample: a stop made here is seen at once, one made in
        another process once it is committed (within `LOOK_EVERY_S`)."""
        # `fresh` inlined for the common case, where nothing is due: this runs before every
        # sample, and the call would be a fifth of its cost.
        state = self._state
        if time.monotonic() - self._looked_at >= LOOK_EVERY_S or (
            state.valid_until is not None and self._clock.now() >= state.valid_until
        ):
            state = self.fresh()
        return sensor_id in state.powered_sensors

    def features_served_by(self, sensor_id: str) -> frozenset[str]:
        """The active features a sensor's samples serve (empty for non-personal sensors), as the
        gate last read them: the simulator asks right after `is_powered`, which has just read
        what changed; the status bar, on the events that follow any change."""
        return self._served[sensor_id]
