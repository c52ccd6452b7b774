"""De-identification of what leaves the car (CN-14).

A server never sees the VIN or a profile name: the car sends keyed hashes of them, keyed
with a secret that never leaves the car, so nobody can recover the VIN by hashing every
possible VIN. A driver's pseudonym differs per feature, so two services cannot link
their records of the same person.
"""

import hashlib
import hmac


def vin_hash(secret: bytes, vin: str) -> str:
    return hmac.new(secret, f"vin:{vin}".encode(), hashlib.sha256).hexdigest()[:32]


def pseudonym(secret: bytes, profile: str, feature_id: str) -> str:
    return hmac.new(secret, f"driver:{feature_id}:{profile}".encode(), hashlib.sha256).hexdigest()[:32]


def coarse(degrees: float, step: float = 0.01) -> float:
    """A latitude or longitude rounded to `step` degrees (0.01° is about 1.1 km, CN-13)."""
    return round(round(degrees / step) * step, 6)
