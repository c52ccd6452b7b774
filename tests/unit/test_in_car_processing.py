"""In-car processing that needs no store: driver monitoring from infrared pixels, harsh
events from speed, and the de-identification of what leaves the car."""

import itertools

import pytest

from ivi.bus.acceleration import AccelerationWatch
from ivi.bus.dms import measure
from ivi.bus.sensors import DriverCamera
from ivi.core.pseudonyms import coarse, pseudonym, vin_hash


@pytest.mark.parametrize("openness", [0.0, 0.2, 0.6, 1.0])
@pytest.mark.parametrize("gaze", [-1.0, 0.0, 0.5, 1.0])
def test_dms_reads_eye_openness_and_gaze_from_the_pixels(openness, gaze):
    seen_openness, seen_gaze = measure(DriverCamera.render(openness, gaze))
    assert seen_openness == pytest.approx(openness, abs=0.21)
    if openness >= 0.2:
        assert seen_gaze == pytest.approx(gaze, abs=0.3)
    else:
        assert seen_gaze is None  # closed eyes show no pupil


def speeds(profile: list[tuple[float, float]], hz: float = 10):
    """(seconds, km/h) at `hz`, linear between the given points."""
    t, points = 0.0, []
    for (t0, v0), (t1, v1) in itertools.pairwise(profile):
        while t < t1:
            points.append((t, v0 + (v1 - v0) * (t - t0) / (t1 - t0)))
            t = round(t + 1 / hz, 6)
    return points


@pytest.mark.parametrize(
    ("profile", "events"),
    [
        ([(0, 0), (12, 50), (20, 50)], []),  # 1.2 m/s²: a calm start
        ([(0, 0), (5, 50), (10, 50)], ["acceleration"]),  # 2.8 m/s²
        ([(0, 50), (10, 0), (15, 0)], []),  # -1.4 m/s²
        ([(0, 50), (3.5, 0), (8, 0)], ["braking"]),  # -4.0 m/s²
        ([(0, 0), (5, 50), (8, 50), (11.5, 0), (15, 0)], ["acceleration", "braking"]),
    ],
)
def test_harsh_events_are_reported_once_each_from_speed(profile, events):
    watch = AccelerationWatch()
    seen = [e for t, v in speeds(profile) if (e := watch.feed(t, v))]
    assert seen == events


def test_coarse_location_is_about_a_kilometre():
    assert coarse(31.23456) == 31.23
    assert coarse(121.50501) == 121.51
    assert abs(coarse(31.23456) - 31.23456) <= 0.005


def test_pseudonyms_are_keyed_per_feature_and_per_profile():
    secret, other = b"s" * 32, b"t" * 32
    vin = "LSVSIM2R5P0123456"
    assert vin not in vin_hash(secret, vin) and vin_hash(secret, vin) != vin_hash(other, vin)
    ids = {pseudonym(secret, p, f) for p in ("driver", "guest") for f in ("traffic_services", "eco_driving")}
    assert len(ids) == 4
    assert pseudonym(secret, "driver", "eco_driving") == pseudonym(secret, "driver", "eco_driving")
