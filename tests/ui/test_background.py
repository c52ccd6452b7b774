"""Slow work (anonymising a frame or a clip) runs off the UI thread, and its result comes back
on the UI thread at the next frame, in the order the work was handed over."""

import os
import threading

from kivy.clock import Clock

from ivi.ui.background import NICENESS, Background


def test_work_runs_on_a_worker_and_its_result_comes_back_on_the_ui_thread_at_the_next_frame(head_unit):
    background, done, results = Background("test-worker"), [], []
    for n in range(3):
        background.run(
            lambda n=n: (n, threading.current_thread()),
            lambda result: results.append((*result, threading.current_thread())),
        )
    background.close()  # waits for the work, not for the frame
    assert results == []
    Clock.tick()
    assert [n for n, _worker, _ui in results] == [0, 1, 2]
    assert all(worker is not threading.main_thread() and ui is threading.main_thread() for _n, worker, ui in results)
    background.run(lambda: "again", done.append)  # a closed worker is made again when needed
    background.close()
    Clock.tick()
    assert done == ["again"]


def test_the_worker_yields_the_cpu_to_the_ui_thread(head_unit):
    """On a two-core head unit, anonymising at the UI's priority took a core from the frames
    being drawn (bench/startup.py: monitoring p95 32-40 ms, 27-29 ms once lowered)."""
    background, priorities = Background("test-worker"), []
    background.run(lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id()), priorities.append)
    background.close()
    Clock.tick()
    ui = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert priorities == [min(19, ui + NICENESS)] and NICENESS > 0
