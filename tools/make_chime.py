"""Rebuild assets/sounds/drowsy.wav, the chime of the fatigue warning (a developer tool, not
run by the app): two soft tones a fifth apart (A5, E6), each fading, 0.9 s, 22.05 kHz mono.

    python tools/make_chime.py
"""

import wave
from pathlib import Path

import numpy as np

RATE = 22_050
OUT = Path(__file__).resolve().parent.parent / "assets" / "sounds" / "drowsy.wav"


def chime() -> np.ndarray:
    t = np.arange(int(0.9 * RATE)) / RATE
    first = np.sin(2 * np.pi * 880.0 * t) * np.exp(-5 * t)
    second = np.sin(2 * np.pi * 1318.5 * t) * np.exp(-5 * (t - 0.45))
    return (0.5 * np.where(t < 0.45, first, second) * 32767).astype(np.int16)


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(OUT), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(chime().tobytes())
    print(f"wrote {OUT}")
