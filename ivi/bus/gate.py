"""The consent gate: the bus asks it before every sample whether a sensor may run.

It caches the policy's answer and recomputes it when a consent or drive changes (an
event) or when the next expiry passes (the clock), so the question costs a set lookup.
If the store cannot be read, it fails closed: nothing personal runs.
"""

from collections.abc import Callable

from ivi.core.catalog import Catalog
from ivi.core.clock import Clock
from ivi.core.events import EventHub, SensorsChanged
from ivi.core.policy import PrivacyState, fail_closed, served_features
from ivi.store import StoreUnavailable


class ConsentGate:
    def __init__(self, read_state: Callable[[], PrivacyState], catalog: Catalog, clock: Clock, hub: EventHub):
        self._read_state = read_state
        self._catalog = catalog
        self._clock = clock
        self._hub = hub
        self._state = fail_closed(catalog)  # until the first read below
        self._served: dict[str, frozenset[str]] = {}
        self.failure: StoreUnavailable | None = None  # why the gate failed closed, if it did
        self._refresh()  # so `failure` tells at once whether the store can be read

    def on_record_changed(self, _event: object) -> None:
        """A stop, a consent or a drive was recorded: read again what may run."""
        self._refresh()

    def _refresh(self) -> PrivacyState:
        before = self._state.powered_sensors
        try:
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

    def fresh(self) -> PrivacyState:
        """The answer now: recomputed (and any change announced) if the next expiry has passed."""
        state = self._state
        if state.valid_until is not None and self._clock.now() >= state.valid_until:
            return self._refresh()
        return state

    @property
    def state(self) -> PrivacyState:
        return self.fresh()

    def is_powered(self, sensor_id: str) -> bool:
        # `fresh` inlined: this runs before every sample, and the call is a tenth of its cost.
        state = self._state
        if state.valid_until is not None and self._clock.now() >= state.valid_until:
            state = self._refresh()
        return sensor_id in state.powered_sensors

    def features_served_by(self, sensor_id: str) -> frozenset[str]:
        """The active features a sensor's samples serve (empty for non-personal sensors)."""
        self.fresh()
        return self._served[sensor_id]
