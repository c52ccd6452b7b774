"""Simulated sensors. Each is sampled by the simulator at its own rate, only while powered.

A sensor knows nothing of consent: the simulator asks the consent gate before every sample
and passes in the features the sample will serve (which sets, for one, how precisely the
GNSS receiver reports the car's position).
"""

import random
from collections.abc import Callable
from typing import Any, Protocol

import cv2
import numpy as np

from ivi.bus import signals
from ivi.bus.acceleration import AccelerationWatch
from ivi.bus.driver_model import Driver
from ivi.bus.street_scene import Layout, StreetScene
from ivi.bus.vehicle import Route, Vehicle
from ivi.core.catalog import Catalog
from ivi.core.pseudonyms import coarse

Publish = Callable[[str, Any], None]


class Sensor(Protocol):
    id: str  # the catalog's sensor id
    rate_hz: float

    def sample(self, t: float, features: frozenset[str], publish: Publish) -> None:
        """Publish this sensor's signals at `t` seconds into the simulation."""
        ...


class SpeedSensor:
    """Speed from the powertrain: not personal, on for the whole drive."""

    id = "vehicle_bus"
    rate_hz = 10.0

    def __init__(self, vehicle: Vehicle):
        self.vehicle = vehicle

    def sample(self, t: float, features: frozenset[str], publish: Publish) -> None:
        publish(signals.SPEED, self.vehicle.motion.speed_kmh)


class PowertrainSensor:
    """Gear and ignition state, once a second: not personal."""

    id = "vehicle_bus"
    rate_hz = 1.0

    def __init__(self, vehicle: Vehicle):
        self.vehicle = vehicle

    def sample(self, t: float, features: frozenset[str], publish: Publish) -> None:
        publish(signals.GEAR, signals.VSS_GEAR[self.vehicle.gear])
        publish(signals.CURRENT_GEAR, signals.ENGAGED_GEAR[self.vehicle.gear])
        publish(signals.IGNITION, "ON")


class GnssReceiver:
    """The car's position along its route. Precise (3 m) only for a feature that needs the
    street, such as in-car navigation; otherwise rounded to about a kilometre (CN-13)."""

    id = "gnss"
    rate_hz = 1.0
    accuracy_m = 3.0
    coarse_accuracy_m = 1000.0

    def __init__(self, vehicle: Vehicle, route: Route, catalog: Catalog):
        self.vehicle = vehicle
        self.route = route
        self.catalog = catalog

    def sample(self, t: float, features: frozenset[str], publish: Publish) -> None:
        latitude, longitude = self.route.position(self.vehicle.distance_m)
        if self.catalog.needs_precise_location(features):
            publish(signals.LATITUDE, latitude)
            publish(signals.LONGITUDE, longitude)
            publish(signals.HORIZONTAL_ACCURACY, self.accuracy_m)
        else:
            publish(signals.LATITUDE, coarse(latitude))
            publish(signals.LONGITUDE, coarse(longitude))
            publish(signals.HORIZONTAL_ACCURACY, self.coarse_accuracy_m)


# The driver camera's infrared frame: a face lit by the camera's own IR light, eyes in
# known places (the camera is fixed on the steering column).
IR_SIZE = (64, 48)  # width, height
EYES = ((22, 20), (42, 20))  # centre of each eye
EYE_HALF_WIDTH = 7
EYE_HALF_HEIGHT = 5  # wide open
PUPIL_TRAVEL = 4  # pixels the pupil moves from straight ahead to far left or right


class DriverCamera:
    """The cabin's infrared driver camera. Its frames feed in-car driver monitoring only."""

    id = "driver_camera"
    rate_hz = 15.0

    def __init__(self, driver: Driver):
        self.driver = driver

    def sample(self, t: float, features: frozenset[str], publish: Publish) -> None:
        look = self.driver.look(t)
        publish(signals.DRIVER_CAMERA_FRAME, self.render(look.eye_openness, look.gaze))

    @staticmethod
    def render(openness: float, gaze: float) -> np.ndarray:
        frame = np.full((IR_SIZE[1], IR_SIZE[0]), 25, np.uint8)
        cv2.ellipse(frame, (32, 26), (24, 22), 0, 0, 360, 120, -1)  # the face
        half_height = round(EYE_HALF_HEIGHT * openness)
        for x, y in EYES:
            if half_height:
                cv2.ellipse(frame, (x, y), (EYE_HALF_WIDTH, half_height), 0, 0, 360, 220, -1)  # the white
                cv2.circle(frame, (x + round(gaze * PUPIL_TRAVEL), y), 2, 10, -1)  # the pupil
            else:
                cv2.line(frame, (x - EYE_HALF_WIDTH, y), (x + EYE_HALF_WIDTH, y), 60, 1)  # closed lids
        return frame


class CabinCamera:
    """A wide-angle colour camera over the seats, for the owner's remote cabin view."""

    id = "cabin_camera"
    rate_hz = 15.0
    size = (320, 180)

    def __init__(self) -> None:
        self._cabin = _empty_cabin(*self.size)

    def sample(self, t: float, features: frozenset[str], publish: Publish) -> None:
        frame = self._cabin.copy()
        _draw_driver(frame, round(4 * np.sin(t / 2)))
        publish(signals.CABIN_CAMERA_FRAME, frame)


def _empty_cabin(width: int, height: int) -> np.ndarray:
    """The cabin as the camera by the mirror sees it, looking back (BGR): the rear window and
    its pillars, the roof lining, the rear bench, and the two front seats with headrests (the
    driver's on the right of the picture, as in a left-hand-drive car seen from the front)."""
    cabin = np.full((height, width, 3), (62, 58, 54), np.uint8)  # roof lining and trim
    blue = np.linspace(235, 170, 40)  # the rear window, a pale sky through it, lighter at the top
    sky = np.stack([blue, np.full(40, 200), np.full(40, 150)], axis=1).astype(np.uint8)
    cabin[18:58, 60 : width - 60] = sky[:, None, :]
    cv2.line(cabin, (60, 18), (30, 110), (48, 44, 40), 10)  # C-pillars
    cv2.line(cabin, (width - 60, 18), (width - 30, 110), (48, 44, 40), 10)
    cv2.rectangle(cabin, (30, 70), (width - 30, 125), (75, 70, 68), -1)  # the rear bench
    for x in (38, width - 128):  # front seat backs, and their headrests
        cv2.rectangle(cabin, (x, 95), (x + 90, height), (40, 38, 36), -1)
        cv2.rectangle(cabin, (x + 25, 62), (x + 65, 92), (44, 42, 40), -1)
    cv2.rectangle(cabin, (width // 2 - 18, 130), (width // 2 + 18, height), (30, 30, 30), -1)  # console
    return cabin


def _draw_driver(frame: np.ndarray, sway: int) -> None:
    """The driver in the right-hand seat: shoulders, a seat belt across them, neck and head."""
    width, height = frame.shape[1], frame.shape[0]
    x = width - 83 + sway
    cv2.ellipse(frame, (x, height + 10), (58, 62), 0, 180, 360, (120, 70, 40), -1)  # shoulders, a blue shirt
    cv2.line(frame, (x - 45, height - 40), (x + 30, height), (25, 25, 25), 7)  # the seat belt
    cv2.rectangle(frame, (x - 9, 95), (x + 9, 118), (120, 150, 190), -1)  # neck
    cv2.ellipse(frame, (x, 80), (22, 27), 0, 0, 360, (125, 155, 200), -1)  # face
    cv2.ellipse(frame, (x, 62), (24, 14), 0, 180, 360, (30, 30, 40), -1)  # hair


SAMPLE_RATE = 16_000
CHUNK_S = 0.1


class Microphone:
    """The cabin microphone: 100 ms chunks of 16 kHz PCM and their level. Quiet road noise,
    louder while the driver speaks a command."""

    id = "cabin_microphone"
    rate_hz = 1 / CHUNK_S

    def __init__(self, driver: Driver, seed: int = 11):
        self.driver = driver
        self._random = np.random.default_rng(seed)
        self._tone = np.sin(2 * np.pi * 180 * np.arange(round(SAMPLE_RATE * CHUNK_S)) / SAMPLE_RATE)

    def sample(self, t: float, features: frozenset[str], publish: Publish) -> None:
        noise = self._random.normal(0, 300, self._tone.size)
        voice = 6000 * self._tone if self.driver.speaking(t) else 0
        chunk = np.clip(noise + voice, -32768, 32767).astype(np.int16)
        rms = float(np.sqrt(np.mean(chunk.astype(np.float64) ** 2)))
        publish(signals.MICROPHONE_LEVEL, round(20 * np.log10(max(rms, 1) / 32768), 1))
        publish(signals.MICROPHONE_AUDIO, chunk.tobytes())


class HeartRateSensor:
    id = "heart_rate_sensor"
    rate_hz = 1.0

    def __init__(self, driver: Driver):
        self.driver = driver

    def sample(self, t: float, features: frozenset[str], publish: Publish) -> None:
        publish(signals.HEART_RATE, round(self.driver.heart_rate(t)))  # VSS: uint16 bpm


class HabitRecorder:
    """Driving habits, derived from speed: the start of each harsh acceleration or braking."""

    id = "habit_recorder"
    rate_hz = 10.0

    def __init__(self, vehicle: Vehicle):
        self.vehicle = vehicle
        self._watch = AccelerationWatch()

    def sample(self, t: float, features: frozenset[str], publish: Publish) -> None:
        if event := self._watch.feed(t, self.vehicle.speed_kmh):
            publish(signals.HARSH_EVENT, event)


class ExteriorFrame:
    """A front-camera frame, rendered only when something looks at its pixels (the in-car
    driving functions on this simulated bus only count frames; the incident recorder renders
    the few it sends)."""

    __slots__ = ("_scene", "layout")

    def __init__(self, scene: StreetScene, layout: Layout):
        self._scene = scene
        self.layout = layout

    def pixels(self) -> np.ndarray:
        return self._scene.render(self.layout)[0]


class ExteriorCamera:
    """The front camera, 1280 × 720 at 15 frames a second. The street changes every few
    seconds; in between, its people and cars move sideways across the picture, so that a
    stream anonymiser has something to follow."""

    id = "exterior_camera"
    rate_hz = 15.0
    scene_s = 4.0
    max_speed = 60  # pixels a second that people and cars move across the picture

    def __init__(self, scene: StreetScene, seed: int = 3):
        self.scene = scene
        self._random = random.Random(seed)
        self._layout: Layout | None = None
        self._since = self._until = 0.0
        self._speed = 0

    def sample(self, t: float, features: frozenset[str], publish: Publish) -> None:
        if self._layout is None or t >= self._until:
            self._layout = self.scene.layout(self._random)
            self._since, self._until = t, t + self.scene_s
            self._speed = self._random.choice((-1, 1)) * self._random.randint(10, self.max_speed)
        moved = self.scene.moved(self._layout, round(self._speed * (t - self._since)))
        publish(signals.EXTERIOR_CAMERA_FRAME, ExteriorFrame(self.scene, moved))
