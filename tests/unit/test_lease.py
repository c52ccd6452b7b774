"""Consent leases (ivi.core.lease): what a sensor ECU accepts, and what stops it."""

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ivi.core.lease import MAX_SKEW_S, TTL_S, LeaseHolder, Verdict, granted, judge, lease_key, stopped

KEY = lease_key(b"the car's secret")
NOW = 1_800_000_000.0


def lease(at: float = NOW, sensor: str = "driver_camera"):
    return granted(sensor, ("fatigue_alert",), "pseudonym", ("notice1",), "head", at, KEY)


def test_a_lease_is_valid_for_its_life_and_then_expired():
    assert judge(lease(), KEY, NOW, -1) is Verdict.VALID
    assert judge(lease(), KEY, NOW + TTL_S - 0.01, -1) is Verdict.VALID
    assert judge(lease(), KEY, NOW + TTL_S, -1) is Verdict.EXPIRED


@given(
    st.sampled_from(["sensor", "features", "profile", "notices", "ledger_head", "sequence", "issued", "expires"]),
    st.data(),
)
def test_changing_any_field_of_a_signed_lease_makes_it_forged(field, data):
    original = lease()
    value = getattr(original, field)
    if isinstance(value, tuple):
        changed = value + (data.draw(st.text(min_size=1, max_size=5)),)
    elif isinstance(value, str):
        changed = value + data.draw(st.text(min_size=1, max_size=5))
    else:
        changed = type(value)(value - data.draw(st.integers(1, 1000)) / (1 if isinstance(value, int) else 1000))
    assert judge(replace(original, **{field: changed}), KEY, NOW, -1) is Verdict.FORGED


def test_a_lease_signed_with_another_key_is_forged_and_garbage_is_malformed():
    assert judge(lease().signed(lease_key(b"another car")), KEY, NOW, -1) is Verdict.FORGED
    holder = LeaseHolder(KEY)
    assert holder.receive(b"\\x00not json", NOW) is Verdict.MALFORMED
    assert holder.receive(b'{"sensor": []}', NOW) is Verdict.MALFORMED


def test_an_older_lease_than_one_held_is_a_replay_and_a_future_one_is_skew():
    assert judge(lease(NOW - 0.1), KEY, NOW, lease().sequence) is Verdict.REPLAYED
    assert judge(lease(NOW + MAX_SKEW_S + 0.01), KEY, NOW, -1) is Verdict.SKEWED
    assert judge(lease(NOW + MAX_SKEW_S - 0.01), KEY, NOW, -1) is Verdict.VALID
    too_long = replace(lease(), expires=NOW + 10 * TTL_S).signed(KEY)
    assert judge(too_long, KEY, NOW, -1) is Verdict.SKEWED


def test_the_holder_keeps_the_newest_valid_lease_until_a_stop_expiry_or_the_head_unit_goes():
    holder = LeaseHolder(KEY)
    assert holder.receive(lease().encode(), NOW) is Verdict.VALID
    assert holder.receive(lease().encode(), NOW) is Verdict.VALID  # the same lease twice: kept
    assert holder.lease("driver_camera", NOW) == lease()
    assert holder.lease("driver_camera", NOW + TTL_S) is None  # expired
    holder.receive(lease(NOW + 0.2).encode(), NOW + 0.2)
    assert holder.receive(stopped("driver_camera", NOW + 0.3, KEY).encode(), NOW + 0.3) is Verdict.STOP
    assert holder.lease("driver_camera", NOW + 0.3) is None
    assert holder.receive(lease(NOW + 0.2).encode(), NOW + 0.35) is Verdict.REPLAYED  # the lease before the stop
    assert holder.lease("driver_camera", NOW + 0.35) is None
    holder.receive(lease(NOW + 0.4).encode(), NOW + 0.4)
    holder.lose_head_unit()
    assert holder.lease("driver_camera", NOW + 0.4) is None


@pytest.mark.parametrize("attack", ["forged", "skewed"])
def test_a_forged_or_skewed_lease_stops_the_sensor_and_does_not_block_the_next_genuine_one(attack):
    holder = LeaseHolder(KEY)
    holder.receive(lease().encode(), NOW)
    bad = lease(NOW + 0.1).signed(lease_key(b"rogue")) if attack == "forged" else lease(NOW + 60)
    assert holder.receive(bad.encode(), NOW + 0.1) is Verdict(attack)
    assert holder.lease("driver_camera", NOW + 0.1) is None
    assert holder.receive(lease(NOW + 0.2).encode(), NOW + 0.2) is Verdict.VALID  # the head unit's renewal
    assert holder.refused == {Verdict(attack): 1}
