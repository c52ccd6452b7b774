import copy
import tomllib
from datetime import timedelta

from helpers import T0

from ivi.bootstrap import load_catalog
from ivi.core.catalog import Catalog
from ivi.core.consent import grant, revoke
from ivi.core.drive import Drive
from ivi.core.durations import Duration
from ivi.core.motion import PARKED
from ivi.core.policy import evaluate, fail_closed, pending_choices
from ivi.paths import CATALOG_FILE

CATALOG = load_catalog()
DRIVE = Drive(1, "driver", T0)


def test_cn01_every_drive_starts_with_every_cabin_sensor_off():
    state = evaluate(CATALOG, [], DRIVE, T0)
    # the vehicle bus, and the front camera for driver assistance (in car, no consent needed)
    assert state.powered_sensors == {"vehicle_bus", "exterior_camera"}
    assert state.active_features == {"adas_perception"}
    assert pending_choices(CATALOG, state) == [f.id for f in CATALOG.consentable()]


def test_with_the_ignition_off_nothing_is_powered():
    entry = grant(CATALOG, "fatigue_alert", Duration.DAYS_7, "driver", T0, DRIVE, PARKED)
    assert evaluate(CATALOG, [entry], None, T0).powered_sensors == frozenset()


def test_a_valid_consent_powers_exactly_the_sensors_its_feature_needs():  # CN-06
    entry = grant(CATALOG, "fatigue_alert", Duration.DAYS_7, "driver", T0, DRIVE, PARKED)
    state = evaluate(CATALOG, [entry], DRIVE, T0)
    assert state.active_features == {"fatigue_alert", "adas_perception"}
    assert state.powered_sensors == {"vehicle_bus", "exterior_camera", "driver_camera"}
    assert state.valid_until == T0 + timedelta(days=7)


def test_a_revoke_as_latest_entry_powers_nothing():
    entry = revoke(CATALOG, "navigation", "driver", T0)
    assert evaluate(CATALOG, [entry], DRIVE, T0).powered_sensors == {"vehicle_bus", "exterior_camera"}


def test_valid_until_is_the_earliest_expiry():
    week = grant(CATALOG, "fatigue_alert", Duration.DAYS_7, "driver", T0, DRIVE, PARKED)
    year = grant(CATALOG, "navigation", Duration.DAYS_365, "driver", T0, DRIVE, PARKED)
    assert evaluate(CATALOG, [year, week], DRIVE, T0).valid_until == T0 + timedelta(days=7)


def test_failing_closed_keeps_every_personal_sensor_off():
    state = fail_closed(CATALOG)
    assert state.active_features == frozenset()
    assert all(not CATALOG.is_personal(s) for s in state.powered_sensors)


def test_an_in_car_safety_function_needs_no_consent_and_runs_only_while_driving():  # CN-06
    data = tomllib.loads(CATALOG_FILE.read_text(encoding="utf-8"))
    safety = copy.deepcopy(next(f for f in data["feature"] if f["id"] == "fatigue_alert"))
    safety.update(id="drowsiness_braking", consent="none")
    data["feature"].append(safety)
    catalog = Catalog.from_dict(data)
    assert "drowsiness_braking" not in [f.id for f in catalog.consentable()]
    assert evaluate(catalog, [], DRIVE, T0).powered_sensors == {"vehicle_bus", "exterior_camera", "driver_camera"}
    assert evaluate(catalog, [], None, T0).powered_sensors == frozenset()
