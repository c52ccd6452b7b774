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
    MALFORMED = "malformed"  # not a parcel: fields that are not a mapping, values of the wrong type
    UNDECLARED_FIELD = "undeclared_field"  # a field the way out does not declare, or one missing
    NOT_MINTED = "not_minted"  # audio or a cabin frame that the car's own pipeline did not make
    NOT_THE_FEATURES_ENDPOINT = "not_the_features_endpoint"  # an endpoint another way out declares


@dataclass(frozen=True)
class Contents:
    """What the guard found checking a parcel against its way out's declaration."""

    minted: bool  # the payload is the declared kind, made in this car (images: by the anonymiser)
    fields_problem: "Reason | None"  # why the fields are not the declared ones (ivi.core.ways_out)
    declared_endpoints: tuple[str, ...]


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
    if feature.processing is not Processing.LEAVES_CAR or not contents.declared_endpoints:
        return Reason.STAYS_IN_CAR
    if category_id not in feature.categories:
        return Reason.NOT_THE_FEATURES_DATA
    if feature_id not in set(active):
        return Reason.NO_CONSENT
    if not contents.minted:
        return Reason.NOT_ANONYMISED if catalog.categories[category_id].kind == "images" else Reason.NOT_MINTED
    if contents.fields_problem is not None:
        return contents.fields_problem
    endpoint = catalog.endpoint(endpoint_id)
    if endpoint is None:
        return Reason.UNKNOWN_ENDPOINT
    if not (endpoint.in_china or endpoint.assessed_for_export):
        return Reason.EXPORT_NOT_ASSESSED
    if endpoint_id not in contents.declared_endpoints:
        return Reason.NOT_THE_FEATURES_ENDPOINT
    return Reason.ALLOWED
