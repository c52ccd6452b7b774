"""Slow work off the UI thread: anonymising a 1280×720 frame takes a quarter of a second on
one core, longer than 15 of the head unit's frames. The work runs on one worker thread, in
the order it was handed over; its result is handed back on the UI thread, at the next frame.

The worker runs at a lower priority than the UI: on a two-core head unit it would otherwise
take a core from the frames being drawn (a preview a frame late is fine; a stop is not).
"""

import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from kivy.clock import Clock

Result = TypeVar("Result")
NICENESS = 10  # steps below the UI thread (of 19): the UI gets the CPU whenever it wants it


def _lower_priority() -> None:
    if sys.platform == "linux":  # there a thread's id names only that thread
        thread = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, thread, min(19, os.getpriority(os.PRIO_PROCESS, thread) + NICENESS))


class Background:
    def __init__(self, name: str):
        self._name = name
        self._worker: ThreadPoolExecutor | None = None

    def run(self, work: Callable[[], Result], then: Callable[[Result], None]) -> None:
        if self._worker is None:
            self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix=self._name, initializer=_lower_priority)
        self._worker.submit(self._work, work, then)

    @staticmethod
    def _work(work: Callable[[], Result], then: Callable[[Result], None]) -> None:
        result = work()
        Clock.schedule_once(lambda _dt: then(result))

    def close(self) -> None:
        """Wait for the work handed over, then let the thread go (it is made again if needed)."""
        if self._worker is not None:
            self._worker.shutdown(wait=True)
            self._worker = None
