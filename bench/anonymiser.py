"""The exterior anonymiser on one core: frames a second at 1280x720 and 640x480, against
the crudest anonymiser there is (blur the whole frame), in the same run.

Frames are rendered first (the camera's work, not the anonymiser's) and the same frames go
through both: street scenes with faces and plates of every kind, by day and night. At least
4 frames/s at 1280x720 (CN-03's issue line), aim 15; at 640x480, aim 30.

Run from a checkout: python bench/anonymiser.py
"""

import argparse
import statistics
import time

import cv2

from ivi.bus.anonymiser import Anonymiser
from ivi.bus.recall import labelled_frames

AIMS = {(1280, 720): (4, 15), (640, 480): (None, 30)}  # (at least, aim) frames a second


def frames_per_second(work, frames: list) -> float:
    start = time.perf_counter()
    for frame in frames:
        work(frame)
    return len(frames) / (time.perf_counter() - start)


def blur_everything(frame):
    return cv2.GaussianBlur(frame, (0, 0), 8)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    cv2.setNumThreads(1)  # one core
    anonymiser = Anonymiser()
    for (width, height), (least, aim) in AIMS.items():
        frames = [pixels for pixels, _ in labelled_frames(args.frames, width, height)]
        ours, baseline = [], []
        for _ in range(args.rounds):  # interleaved, so both see the same machine
            ours.append(frames_per_second(anonymiser.anonymise, frames))
            baseline.append(frames_per_second(blur_everything, frames))
        fps, blur = statistics.median(ours), statistics.median(baseline)
        print(
            f"{width}x{height}: anonymiser {fps:6.1f} frames/s ({f'at least {least}, ' if least else ''}aim {aim}),"
            f" blur-everything {blur:6.1f} frames/s, ratio {fps / blur:.2f}x"
            f"  (median of {args.rounds} rounds of {args.frames} frames, one core)"
        )


if __name__ == "__main__":
    main()
