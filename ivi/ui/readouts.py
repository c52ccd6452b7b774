"""What a screen says of a personal sensor: whether it is on (powered) first, then what it
last measured. A sensor just switched on has no reading yet: it is "on, measuring", never
"off" (that word is for a sensor the gate keeps powered off). Used from kv, with the app's
`tr`, its powered sensors and the reading, so a line redraws when any of them changes."""

from collections.abc import Callable

Tr = Callable[[str], str]


def location(tr: Tr, powered: list[str], position: tuple[float, float] | None) -> str:
    if "gnss" not in powered:
        return tr("Location off")
    return tr("Location on, finding the position") if position is None else "%.4f° N\n%.4f° E" % position


def fatigue(tr: Tr, powered: list[str], level: float | None) -> str:
    if "driver_camera" not in powered:
        return tr("Camera off: no fatigue alert")
    return tr("Camera on, measuring") if level is None else tr("Fatigue level %d, analysed in the car") % level


def heart_rate(tr: Tr, powered: list[str], bpm: float | None) -> str:
    if "heart_rate_sensor" not in powered:
        return tr("Heart-rate sensor off")
    return tr("Heart-rate sensor on, measuring") if bpm is None else tr("Heart rate: %d bpm") % bpm


def microphone(tr: Tr, powered: list[str], dbfs: float | None) -> str:
    if "cabin_microphone" not in powered:
        return tr("Microphone off")
    return tr("Microphone on, listening") if dbfs is None else tr("Microphone level: %d dBFS") % dbfs
