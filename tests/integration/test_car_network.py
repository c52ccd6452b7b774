"""The head unit on the car's network of ECUs (issue 30): its personal sensors in sensor ECUs,
sampled on the head unit's clock under consent leases, its egress carried by the T-Box over
HTTP to a cloud through a recorder. It behaves as the car in one process, step for step, and
what left it on the wire passes the capture check."""

import json
import signal
from pathlib import Path

import numpy as np
import pytest
from helpers import ivi

from ivi.bus import signals
from ivi.bus.anonymiser import FrameUnprocessable
from ivi.net import cloud
from ivi.testing.driver import launch

SENDING = ("fatigue_alert", "health_alert", "cloud_voice", "remote_cabin_view", "navigation", "sentry_upload")
CABIN_AND_OUTSIDE = (
    signals.DRIVER_CAMERA_FRAME,
    signals.CABIN_CAMERA_FRAME,
    signals.MICROPHONE_AUDIO,
    signals.HEART_RATE,
    signals.EXTERIOR_CAMERA_FRAME,
    signals.LATITUDE,
)


def drive(head_unit, seconds: float) -> None:
    head_unit.ignition_on()
    for feature in SENDING:
        head_unit.tap(f"id:allow_{feature}")
        head_unit.tap(f"id:duration_{feature}_7d")
    head_unit.tap("id:accept_selected")
    head_unit.set_gear("D")
    head_unit.set_speed(None)
    head_unit.advance(seconds)


@pytest.fixture
def on_network(tmp_path):
    head_unit = launch(tmp_path / "car.db", language="en", network=tmp_path / "network")
    yield head_unit
    head_unit.close()


def seen(head_unit) -> tuple[dict, dict]:
    """What the bus carried, and the latest value of each personal signal (a frame's pixels)."""
    latest = {path: head_unit.car.bus.latest[path].value for path in CABIN_AND_OUTSIDE}
    latest[signals.EXTERIOR_CAMERA_FRAME] = latest[signals.EXTERIOR_CAMERA_FRAME].pixels()
    return dict(head_unit.car.bus.counts), latest


def test_the_car_on_its_network_samples_as_the_car_in_one_process(tmp_path):
    alone = launch(tmp_path / "alone.db", language="en")  # one head unit at a time: they share the window
    try:
        drive(alone, 20)
        counts, latest = seen(alone)
    finally:
        alone.close()
    on_network = launch(tmp_path / "car.db", language="en", network=tmp_path / "network")
    try:
        drive(on_network, 20)
        assert seen(on_network)[0] == counts
        for path, value in seen(on_network)[1].items():
            assert np.array_equal(np.asarray(value), np.asarray(latest[path])), path
        assert all(counts[path] > 0 for path in CABIN_AND_OUTSIDE)
    finally:
        on_network.close()


def test_what_left_the_car_on_the_wire_is_clean_is_what_the_cloud_kept_and_stops_with_the_chips(on_network):
    on_network.ignition_on()
    for feature in ("cloud_voice", "remote_cabin_view", "sentry_upload"):
        on_network.tap(f"id:allow_{feature}")
        on_network.tap(f"id:duration_{feature}_7d")
    on_network.tap("id:accept_selected")
    on_network.set_gear("D")
    on_network.set_speed(None)
    on_network.advance(200)  # the city cycle brakes hard once: an incident clip, its frames fetched from the ECU
    traffic = on_network.outbound()
    assert traffic.clean, traffic.problems
    sent = traffic.by_feature()
    assert sent["remote_cabin_view"] >= 1 and sent["cloud_voice"] >= 1 and sent["sentry_upload"] >= 1
    assert traffic.pictures >= 2  # the clip's frames of the outside, looked at by the independent detectors
    allowed = sum(attempt.allowed for attempt in on_network.egress())
    assert cloud.received(on_network.network.cloud_store) == len(traffic.requests) == allowed
    for sensor in ("cabin_camera", "cabin_microphone", "exterior_camera"):
        on_network.tap(f"id:chip_{sensor}")
    on_network.advance(60)
    assert len(on_network.outbound().requests) == allowed


def test_a_stopped_camera_s_frames_are_gone_and_a_killed_ecu_leaves_its_sensors_silent(on_network):
    drive(on_network, 2)
    frame = on_network.car.bus.latest[signals.EXTERIOR_CAMERA_FRAME].value
    assert frame.pixels().shape == (720, 1280, 3)
    counts = on_network.car.bus.counts
    front, cabin = counts[signals.EXTERIOR_CAMERA_FRAME], counts[signals.CABIN_CAMERA_FRAME]
    ecu = on_network.network.nodes["sensors cabin"]
    ecu.send_signal(signal.SIGKILL)
    ecu.wait()
    on_network.advance(3)
    assert counts[signals.CABIN_CAMERA_FRAME] == cabin
    assert counts[signals.EXTERIOR_CAMERA_FRAME] == front + 45  # 3 s at 15 frames a second
    on_network.tap("id:rail_privacy")  # the head unit still answers
    assert on_network.is_visible("id:section_kept")
    on_network.tap("id:chip_exterior_camera")  # incident clips stop; driver assistance still sees
    assert frame.pixels().shape == (720, 1280, 3)
    on_network.set_speed(0)
    on_network.set_gear("P")
    on_network.ignition_off()  # the drive ends: the camera's lease with it
    with pytest.raises(FrameUnprocessable):
        frame.pixels()


def test_ivi_car_ecus_counts_as_ivi_car_checks_its_wire_and_leaves_no_process(tmp_path):
    runs = {}
    for name, ecus in (("alone", []), ("networked", ["--ecus"])):
        (tmp_path / name).mkdir()
        db = tmp_path / name / "car.db"
        assert ivi("drive", "start", db=db).returncode == 0
        for feature in ("cloud_voice", "traffic_services"):
            assert ivi("consent", "grant", feature, "--duration", "7d", db=db).returncode == 0
        assert ivi("drive", "gear", "D", db=db).returncode == 0
        run = ivi("car", "--seconds", "120", *ecus, "--json", db=db, process=True)
        assert run.returncode == 0, run.stderr
        runs[name] = json.loads(run.stdout)
    alone, networked = runs["alone"], runs["networked"]
    assert networked["samples"] == alone["samples"] and networked["samples"]["Vehicle.CurrentLocation.Latitude"] > 0
    assert alone["wire"] is None
    wire = networked["wire"]
    assert wire["clean"] and wire["problems"] == []
    assert wire["requests"] == networked["egress"]["allowed"] == alone["egress"]["allowed"] >= 3
    assert wire["by_feature"]["traffic_services"] >= 2 and wire["by_feature"]["cloud_voice"] >= 1
    assert wire["folder"] == str(tmp_path / "networked" / "car-network")
    assert cloud.received(tmp_path / "networked" / "car-network" / "cloud.db") == wire["requests"]
    assert not nodes_of(tmp_path / "networked" / "car.db")  # every node stopped
    missing = ivi("car", "--ecus", "--seconds", "1", db=tmp_path / "none" / "car.db")
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1 and "no such database" in missing.stderr
    assert not (tmp_path / "none").exists()


def nodes_of(db: Path) -> list[int]:
    """The `ivi ecu` processes still running on this car's database."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0") if entry.name.isdigit() else []
        except OSError:
            continue
        if b"ecu" in command and str(db).encode() in command:
            found.append(int(entry.name))
    return found
