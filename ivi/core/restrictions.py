"""What the head unit lets the driver do in each driving state: one table, in the manner of
Android Automotive's UX restrictions. The screens, the services and the CLI ask it; none of
them decides for itself. Stopping is never restricted: it is not an activity here.
"""

from enum import Enum


class DrivingState(str, Enum):
    OFF = "off"  # ignition off
    PARKED = "parked"  # gear P, or standing still
    MOVING = "moving"


class Activity(str, Enum):
    EXPAND_COLLECTION = "expand_collection"  # switch a consent on, or lengthen one
    SWITCH_DRIVER = "switch_driver"  # another profile's consents would start
    VIDEO_ON_SCREEN = "video_on_screen"  # live camera pictures on the head unit
    LONG_READING = "long_reading"  # lists and texts longer than a glance: ledger, logs, data
    STREAM_CABIN_VIEW = "stream_cabin_view"  # the remote cabin view sends the cabin out


RESTRICTED: dict[DrivingState, frozenset[Activity]] = {
    DrivingState.OFF: frozenset({Activity.EXPAND_COLLECTION, Activity.VIDEO_ON_SCREEN, Activity.STREAM_CABIN_VIEW}),
    DrivingState.PARKED: frozenset(),
    # Nothing that takes the eyes off the road, nothing that collects more, and the cabin
    # view is for watching a parked car.
    DrivingState.MOVING: frozenset(Activity),
}


def driving_state(ignition: bool, parked: bool) -> DrivingState:
    """`parked` in the sense of the rules (`Motion.parked`): gear P, or standing still."""
    if not ignition:
        return DrivingState.OFF
    return DrivingState.PARKED if parked else DrivingState.MOVING


def allows(state: DrivingState, activity: Activity) -> bool:
    return activity not in RESTRICTED[state]
