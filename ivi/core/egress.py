"""Whether a parcel of data may leave the car (CN-02, 03, 06, 13, 14, 15).

The egress guard in the bus inspects what a parcel holds and asks `decide`; the answer,
allowed or refused and why, is written to the store for every attempt.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from ivi.core.catalog import Catalog, Processing


class Reason(str, Enum):
    ALLOWED = "allowed"
    UNKNOWN_FEATURE = "unknown_feature"
    STAYS_IN_CAR = "stays_in_car"  # the feature processes its data in the car only
    NOT_THE_FEATURES_DATA = "not_the_features_data"  # the category is not one the feature uses
    NO_CONSENT = "no_consent"  # CN-06
    NOT_ANONYMISED = "not_anonymised"  # CN-03
    PRECISE_LOCATION = "precise_location"  # CN-13
    IDENTIFIES_THE_DRIVER = "identifies_the_driver"  # CN-14: a raw VIN or profile name
    UNKNOWN_ENDPOINT = "unknown_endpoint"
    EXPORT_NOT_ASSESSED = "export_not_assessed"  # CN-15
    NOT_LOGGED = "not_logged"  # the attempt could not be recorded, so nothing is sent


@dataclass(frozen=True)
class Contents:
    """What the guard found in a parcel, by looking at it."""

    anonymised: bool  # images: every frame went through the anonymiser
    precise_location: bool  # a position finer than about a kilometre
    raw_identifiers: bool  # the VIN or a profile name in clear


@dataclass(frozen=True)
class Attempt:
    """One try to send data out of the car, as the egress log records it."""

    at: datetime
    profile: str | None
    drive_id: int | None
    feature: str
    category: str
    endpoint: str
    region: str | None
    bytes: int
    reason: Reason

    @property
    def allowed(self) -> bool:
        return self.reason is Reason.ALLOWED


def decide(
    catalog: Catalog, feature_id: str, category_id: str, endpoint_id: str, active: Iterable[str], contents: Contents
) -> Reason:
    """ALLOWED, or the first rule the parcel breaks. (That a feature's purpose is a way out
    for its data, CN-02, the catalog checks on load.)"""
    feature = catalog.features.get(feature_id)
    if feature is None:
        return Reason.UNKNOWN_FEATURE
    if feature.processing is not Processing.LEAVES_CAR:
        return Reason.STAYS_IN_CAR
    if category_id not in feature.categories:
        return Reason.NOT_THE_FEATURES_DATA
    if feature_id not in set(active):
        return Reason.NO_CONSENT
    if catalog.categories[category_id].kind == "images" and not contents.anonymised:
        return Reason.NOT_ANONYMISED
    if contents.precise_location:
        return Reason.PRECISE_LOCATION
    if contents.raw_identifiers:
        return Reason.IDENTIFIES_THE_DRIVER
    endpoint = catalog.endpoint(endpoint_id)
    if endpoint is None:
        return Reason.UNKNOWN_ENDPOINT
    if not (endpoint.in_china or endpoint.assessed_for_export):
        return Reason.EXPORT_NOT_ASSESSED
    return Reason.ALLOWED
