"""One restrictions model (Android Automotive's UX restrictions, as issue 19 asks): what each
driving state allows. Stopping is not in the table: it is never restricted."""

import pytest

from ivi.core.motion import Gear, Motion
from ivi.core.restrictions import Activity, DrivingState, allows, driving_state


def test_parked_allows_everything_and_moving_nothing():
    assert all(allows(DrivingState.PARKED, activity) for activity in Activity)
    assert not any(allows(DrivingState.MOVING, activity) for activity in Activity)


def test_with_the_ignition_off_nothing_collects_more_and_no_video_plays_or_streams():
    off = {activity for activity in Activity if not allows(DrivingState.OFF, activity)}
    assert off == {Activity.EXPAND_COLLECTION, Activity.VIDEO_ON_SCREEN, Activity.STREAM_CABIN_VIEW}


@pytest.mark.parametrize(
    ("ignition", "motion", "state"),
    [
        (False, Motion(Gear.DRIVE, 50), DrivingState.OFF),
        (True, Motion(Gear.PARK, 0), DrivingState.PARKED),
        (True, Motion(Gear.DRIVE, 0), DrivingState.PARKED),  # standing still counts as parked
        (True, Motion(Gear.DRIVE, 0.5), DrivingState.MOVING),
        (True, Motion(Gear.REVERSE, 3), DrivingState.MOVING),
    ],
)
def test_the_driving_state_follows_the_ignition_and_the_rules_sense_of_parked(ignition, motion, state):
    assert driving_state(ignition, motion.parked) is state
