import copy
import tomllib

import pytest

from ivi.bootstrap import load_catalog
from ivi.core.catalog import Catalog, ConsentKind, Processing, Purpose
from ivi.core.errors import InvalidCatalog, UnknownFeature
from ivi.paths import CATALOG_FILE

RAW = tomllib.loads(CATALOG_FILE.read_text(encoding="utf-8"))


def variant(**changes_to_fatigue_alert) -> dict:
    data = copy.deepcopy(RAW)
    feature = next(f for f in data["feature"] if f["id"] == "fatigue_alert")
    feature.update(changes_to_fatigue_alert)
    return data


def test_shipped_catalog_has_the_skeleton_features_and_vehicle_status():
    catalog = load_catalog()
    assert {"fatigue_alert", "navigation"} <= set(catalog.features)
    assert catalog.categories["vehicle_status"].personal is False
    fatigue = catalog.feature("fatigue_alert")
    assert fatigue.purpose is Purpose.DRIVING_SAFETY
    assert fatigue.processing is Processing.IN_CAR
    assert fatigue.consent is ConsentKind.SEPARATE
    assert [f.id for f in catalog.features_using("driver_camera")] == ["fatigue_alert"]


def test_unknown_feature_names_the_known_ones():
    with pytest.raises(UnknownFeature, match="known: fatigue_alert, navigation"):
        load_catalog().feature("selfie_upload")


def test_biometric_for_anything_but_driving_safety_is_rejected():  # CN-11
    with pytest.raises(InvalidCatalog, match="fatigue_alert.*only be used for driving safety"):
        Catalog.from_dict(variant(purpose="navigation"))


def test_duration_outside_the_allowed_set_is_rejected():  # CN-08
    with pytest.raises(InvalidCatalog, match="fatigue_alert.*'forever'"):
        Catalog.from_dict(variant(durations=["drive", "forever"]))


def test_unknown_category_is_rejected():
    with pytest.raises(InvalidCatalog, match="unknown data category 'retina'"):
        Catalog.from_dict(variant(categories=["retina"]))


def test_duplicate_ids_are_rejected():
    data = copy.deepcopy(RAW)
    data["feature"].append(copy.deepcopy(data["feature"][0]))
    with pytest.raises(InvalidCatalog, match="duplicate feature id"):
        Catalog.from_dict(data)


def test_sensitive_data_cannot_go_without_separate_consent():  # CN-07
    with pytest.raises(InvalidCatalog, match="sensitive data needs separate consent"):
        Catalog.from_dict(variant(consent="consent"))


def test_only_in_car_safety_functions_may_skip_consent():  # CN-06
    data = copy.deepcopy(RAW)
    navigation = next(f for f in data["feature"] if f["id"] == "navigation")
    navigation["consent"] = "none"
    with pytest.raises(InvalidCatalog, match="navigation.*without consent"):
        Catalog.from_dict(data)
