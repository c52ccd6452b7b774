"""The car's clock is kept with its database: a restarted car goes on from where the
simulator's fast-forward left it, and nothing — ledger entry, receipt, egress attempt, drive —
is ever dated before the record above it, whichever clock the next process starts with."""

import json
from datetime import timedelta

from helpers import T0, ok

from ivi.car import build_car
from ivi.core.clock import SimulatedClock, SystemClock

WEEK = timedelta(weeks=1).total_seconds()


def test_a_restarted_car_goes_on_from_where_fast_forward_left_it(db_path):
    car = build_car(db_path)  # on the system's clock, as the demo starts
    car.services.start_drive()
    car.fast_forward(WEEK)
    ahead = car.clock.now()
    car.close()
    restarted = build_car(db_path)
    assert restarted.clock.now() >= ahead > SystemClock().now() + timedelta(days=6)
    restarted.close()


def test_no_record_is_dated_before_the_one_above_it(db_path):
    car = build_car(db_path)
    car.services.start_drive()
    car.fast_forward(WEEK)
    car.services.grant("health_alert", "7d")
    car.close()
    # the command line starts from the system's clock plus how far the car had run ahead
    ok("consent", "grant", "navigation", "--duration", "7d", db=db_path)
    ok("drive", "end", db=db_path)
    entries = json.loads(ok("consent", "history", "--json", db=db_path))["entries"]
    moments = [e["at"] for e in entries]
    assert moments == sorted(moments) and moments[0] > (SystemClock().now() + timedelta(days=6)).isoformat()


def test_a_car_given_an_earlier_clock_is_moved_up_to_its_newest_record(db_path):
    later = build_car(db_path, SimulatedClock(T0 + timedelta(days=30)))
    later.services.start_drive()
    later.services.grant("health_alert", "7d")
    later.close()
    earlier = build_car(db_path, SimulatedClock(T0))
    assert earlier.clock.now() >= T0 + timedelta(days=30)
    earlier.services.revoke("health_alert")
    [grant, revoke] = earlier.services.store.ledger.history("driver")
    assert revoke.entry.at >= grant.entry.at
    earlier.close()
