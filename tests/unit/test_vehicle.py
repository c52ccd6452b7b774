import json
from itertools import pairwise

import pytest

from ivi.bus.vehicle import DriveCycle, Route, Vehicle
from ivi.car import ROUTE_FILE
from ivi.core.motion import Gear


def test_distance_is_the_integral_of_speed():
    cycle = DriveCycle()
    step = 0.01
    integrated = sum(cycle.speed_kmh(i * step) / 3.6 * step for i in range(int(2.5 * cycle.period / step)))
    assert integrated == pytest.approx(cycle.distance_m(2.5 * cycle.period), rel=1e-3)


def test_the_car_waits_then_drives_at_city_speed():
    cycle = DriveCycle()
    assert cycle.speed_kmh(5) == 0
    assert max(cycle.speed_kmh(t) for t in range(int(cycle.period))) == 50


def test_route_runs_from_its_first_point_to_its_last_and_back():
    route = Route.load(ROUTE_FILE)
    points = json.loads(ROUTE_FILE.read_text())["points"]
    total = sum(route.legs_m)
    assert 4000 < total < 7000  # Lujiazui to Century Park is about five kilometres
    assert route.position(0) == pytest.approx(tuple(points[0]))
    assert route.position(total) == pytest.approx(tuple(points[-1]))
    assert route.position(2 * total) == pytest.approx(tuple(points[0]))


def test_the_speed_control_eases_to_its_speed_without_a_harsh_event():
    vehicle = Vehicle(DriveCycle(), Gear.DRIVE)
    vehicle.hold(60)
    step, speeds, t = 0.05, [], 0.0
    for target in (60, 0):
        vehicle.hold(target)
        for _ in range(400):  # 20 s
            t += step
            vehicle.move_to(t)
            speeds.append(vehicle.speed_kmh / 3.6)
        assert vehicle.speed_kmh == pytest.approx(target)
    changes = [(b - a) / step for a, b in pairwise(speeds)]
    assert max(changes) == pytest.approx(2.0) and min(changes) == pytest.approx(-3.0)
    travelled = sum((a + b) / 2 * step for a, b in zip([0.0] + speeds, speeds))
    assert vehicle.distance_m - DriveCycle().distance_m(0) == pytest.approx(travelled)
