"""The head unit's side of consent leases: a signed lease for every personal sensor the consent
gate powers, renewed every RENEW_S, and a signed stop at once when the gate turns one off.

It keeps a liveliness token on the network while it runs: when the head unit dies or is cut
off, Zenoh drops the token (within the link lease) and every sensor ECU stops. Leases are also
answered to whoever asks (a sensor ECU starting up does not wait for the next renewal).
"""

import threading
import time
from collections.abc import Callable

import zenoh

from ivi.bus.gate import ConsentGate
from ivi.core.catalog import Catalog
from ivi.core.lease import RENEW_S, Lease
from ivi.net.link import HEAD_UNIT, LEASES, lease_key_expr

Signer = Callable[[str, frozenset[str], float], Lease]  # sensor, features, now -> a signed lease


class LeaseOffice:
    def __init__(self, session: zenoh.Session, gate: ConsentGate, catalog: Catalog, sign: Signer, wall=time.time):
        self._gate = gate
        self._sign = sign
        self._wall = wall
        self._sensors = [s for s in catalog.sensors if catalog.is_personal(s)]
        self._current: dict[str, Lease] = {}
        self._session = session  # its own puts: the access control drops a declared publisher's (ivi.net.sensor_ecu)
        self._queryable = session.declare_queryable(f"{LEASES}/*", self._answer)
        self._token = session.liveliness().declare_token(HEAD_UNIT)
        self._owner = threading.get_ident()

    def tick(self) -> None:
        """Grant, renew or stop: asked often (every few milliseconds), it reads the gate, which
        sees a stop made in any process within a millisecond."""
        now = self._wall()
        powered = self._gate.fresh().powered_sensors
        for sensor in self._sensors:
            features = self._gate.features_served_by(sensor) if sensor in powered else frozenset()
            held = self._current.get(sensor)
            changed = held is None or frozenset(held.features) != features
            if changed or (features and now - held.issued >= RENEW_S):
                lease = self._sign(sensor, features, now)
                self._current[sensor] = lease
                self._session.put(lease_key_expr(sensor), lease.encode())

    def lease_for(self, sensor: str) -> Lease | None:
        """The sensor's lease as it stands now: on the car's own thread, granted or renewed
        first if it has to be; on another (a frame anonymised in the background), as the car's
        thread last left it, since only that thread reads the car's record."""
        if threading.get_ident() == self._owner:
            self.tick()
        return self._current.get(sensor)

    def _answer(self, query: zenoh.Query) -> None:
        lease = self._current.get(str(query.key_expr).rsplit("/", 1)[-1])
        if lease is not None:
            query.reply(query.key_expr, lease.encode())

    def close(self) -> None:
        self._token.undeclare()
        self._queryable.undeclare()
