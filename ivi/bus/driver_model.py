"""The simulated driver, as the cabin's cameras and sensors see them: eyes that tire and
recover, glances away from the road, a heartbeat, and now and then a spoken command."""

import math
import random
from dataclasses import dataclass

DROWSINESS_PERIOD_S = 600.0  # the driver tires and recovers over ten minutes
GLANCE_EVERY_S = 30.0  # a glance at the mirror or the phone, for a moment, twice a minute or so
GLANCE_S = 2.0
COMMAND_EVERY_S = 60.0  # "navigate home", once a minute
COMMAND_AT_S = 20.0
COMMAND_S = 3.0


@dataclass(frozen=True)
class Look:
    eye_openness: float  # 0 closed, 1 wide open
    gaze: float  # -1 far left, 0 straight ahead, 1 far right


class Driver:
    def __init__(self, seed: int = 7):
        self._random = random.Random(seed)

    def drowsiness(self, t: float) -> float:
        phase = (t % DROWSINESS_PERIOD_S) / DROWSINESS_PERIOD_S
        return 4 * phase * (1 - phase)  # 0 at the start of the cycle, 1 half way

    def look(self, t: float) -> Look:
        eyes_closed = self._random.random() < 0.04 + 0.4 * self.drowsiness(t)
        openness = self._random.uniform(0.0, 0.15) if eyes_closed else self._random.uniform(0.6, 1.0)
        glancing = (t % GLANCE_EVERY_S) > GLANCE_EVERY_S - GLANCE_S
        gaze = (0.9 if (t // GLANCE_EVERY_S) % 2 else -0.9) if glancing else self._random.uniform(-0.2, 0.2)
        return Look(openness, gaze)

    def heart_rate(self, t: float) -> float:
        return round(72 + 6 * math.sin(t / 40) - 8 * self.drowsiness(t) + self._random.uniform(-2, 2), 1)

    def speaking(self, t: float) -> bool:
        return COMMAND_AT_S <= t % COMMAND_EVERY_S < COMMAND_AT_S + COMMAND_S
