"""When a driver is warned of drowsiness: a rule of the car, shared by the driver monitor that
measures fatigue and the screens that warn and colour the gauge."""

ALERT_LEVEL = 70  # the driver is warned from here (the gauge turns red) ...
CALM_LEVEL = 60  # ... until the level is back under this: a level hovering at the line does not flicker


def warn_of_drowsiness(level: float | None, warned: bool) -> bool:
    """Whether the warning shows at `level` (None: the camera is off), given whether it
    showed before."""
    if level is None or level < CALM_LEVEL:
        return False
    return warned or level >= ALERT_LEVEL
