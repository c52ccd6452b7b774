"""Consent leases: what lets a sensor ECU on the car's network publish a personal signal.

The head unit grants a sensor a lease for the features its samples serve, signed with a key the
car's ECUs share (derived from the car's secret), valid for a short time and renewed while the
consent holds. A sensor ECU publishes only while it holds a lease that this module judges
valid; everything else stops it: a stop (a lease for no feature), expiry, a bad signature, an
older lease than one already held (a replay), a lease issued in the future (the clocks disagree:
fail closed), or losing the head unit.

Pure: no I/O, no clock of its own. The adapters (`ivi.net`) carry leases over Zenoh.
"""

import hashlib
import hmac
import json
from dataclasses import asdict, dataclass, replace
from enum import Enum

TTL_S = 0.6  # a lease's life: a revoke reaches a sensor within this even if its stop is lost
RENEW_S = 0.2  # the head unit renews every lease this often: three chances before it ends
MAX_SKEW_S = 0.25  # a lease issued further than this in the ECU's future: the clocks disagree


class Verdict(Enum):
    VALID = "valid"
    STOP = "stop"  # signed, for no feature: the consent ended
    EXPIRED = "expired"
    FORGED = "forged"  # the signature does not match: not from the head unit
    REPLAYED = "replayed"  # older than a lease already held
    SKEWED = "skewed"  # issued in the future, or for longer than a lease lives
    MALFORMED = "malformed"


@dataclass(frozen=True)
class Lease:
    sensor: str
    features: tuple[str, ...]  # the features its samples serve; none: stop
    profile: str  # the driver profile's pseudonym, never its name
    notices: tuple[str, ...]  # the notice revision (hash) of each feature, in the same order
    ledger_head: str  # the consent ledger's head hash when it was granted
    sequence: int  # increasing: the head unit's clock in microseconds when it signed
    issued: float  # the head unit's clock, seconds since the epoch
    expires: float
    signature: str = ""

    def signed(self, key: bytes) -> "Lease":
        return replace(self, signature=_tag(self, key))

    def encode(self) -> bytes:
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":")).encode()


def lease_key(car_secret: bytes) -> bytes:
    """The key the head unit signs leases with and the ECUs check them by: the car's secret,
    never used as it is, so that a lease key in an ECU says nothing of the driver pseudonyms."""
    return hmac.new(car_secret, b"ivi consent lease", hashlib.sha256).digest()


def network_password(car_secret: bytes, user: str) -> str:
    """The password a node of the car's network logs in with: each node was given its own
    when the car was made; here, derived from the car's secret."""
    return hmac.new(car_secret, f"ivi network user:{user}".encode(), hashlib.sha256).hexdigest()[:32]


def granted(
    sensor: str,
    features: tuple[str, ...],
    profile: str,
    notices: tuple[str, ...],
    ledger_head: str,
    now: float,
    key: bytes,
) -> Lease:
    sequence = round(now * 1_000_000)
    return Lease(sensor, features, profile, notices, ledger_head, sequence, now, now + TTL_S).signed(key)


def stopped(sensor: str, now: float, key: bytes) -> Lease:
    return Lease(sensor, (), "", (), "", round(now * 1_000_000), now, now).signed(key)


def decode(data: bytes) -> Lease | None:
    try:
        fields = json.loads(data)
        lease = Lease(
            str(fields["sensor"]),
            tuple(str(f) for f in fields["features"]),
            str(fields["profile"]),
            tuple(str(n) for n in fields["notices"]),
            str(fields["ledger_head"]),
            int(fields["sequence"]),
            float(fields["issued"]),
            float(fields["expires"]),
            str(fields["signature"]),
        )
    except (ValueError, KeyError, TypeError, RecursionError):
        return None
    return lease


def judge(lease: Lease | None, key: bytes, now: float, newest: int) -> Verdict:
    """What a sensor ECU makes of a lease at `now` (its own clock), having held leases up to
    sequence `newest`."""
    if lease is None:
        return Verdict.MALFORMED
    if not hmac.compare_digest(lease.signature, _tag(lease, key)):
        return Verdict.FORGED
    if lease.sequence <= newest:
        return Verdict.REPLAYED
    if lease.issued > now + MAX_SKEW_S or lease.expires - lease.issued > TTL_S + 1e-6:
        return Verdict.SKEWED
    if not lease.features:
        return Verdict.STOP
    if now >= lease.expires:
        return Verdict.EXPIRED
    return Verdict.VALID


class LeaseHolder:
    """A sensor ECU's leases: one per sensor, the newest valid one, until it ends.

    Everything but a valid lease or the same lease again stops the sensor it names; a forged
    one stops every sensor (the consent channel cannot be trusted). Only a message that is not
    a lease at all is ignored."""

    def __init__(self, key: bytes):
        self._key = key
        self._held: dict[str, Lease] = {}
        self._newest: dict[str, int] = {}
        self.refused: dict[Verdict, int] = {}

    def receive(self, data: bytes, now: float) -> Verdict:
        lease = decode(data)
        if (
            lease is not None
            and lease.sequence == self._newest.get(lease.sensor)
            and lease == self._held.get(lease.sensor)
        ):
            return Verdict.VALID  # the same lease again (published and asked for): nothing new
        verdict = judge(lease, self._key, now, self._newest.get(lease.sensor, -1) if lease else -1)
        if verdict not in (Verdict.VALID, Verdict.STOP):
            self.refused[verdict] = self.refused.get(verdict, 0) + 1
        if verdict is Verdict.MALFORMED:
            return verdict
        if verdict is Verdict.FORGED:
            self._held.clear()
            return verdict
        if verdict in (Verdict.VALID, Verdict.STOP, Verdict.EXPIRED):  # a lease from the future sets nothing
            self._newest[lease.sensor] = lease.sequence
        if verdict is Verdict.VALID:
            self._held[lease.sensor] = lease
        else:
            self._held.pop(lease.sensor, None)
        return verdict

    def lease(self, sensor: str, now: float) -> Lease | None:
        """The lease the sensor may publish under now, if any (one that ended is dropped)."""
        lease = self._held.get(sensor)
        if lease is not None and (now >= lease.expires or lease.issued > now + MAX_SKEW_S):
            self._held.pop(sensor, None)  # the network's threads may have dropped it meanwhile
            return None
        return lease

    def lose_head_unit(self) -> None:
        """The head unit is gone (its liveliness token's DELETE): every lease ends now."""
        self._held.clear()


def _tag(lease: Lease, key: bytes) -> str:
    unsigned = replace(lease, signature="").encode()
    return hmac.new(key, unsigned, hashlib.sha256).hexdigest()
