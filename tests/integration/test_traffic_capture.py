"""What leaves the car on the wire (issue 30): the T-Box's HTTP posts go through the recorder to
the cloud, which keeps them in its own SQLite file; the capture reads back as the requests that
were sent, and the check finds every kind of leak CAAM's traffic analysis looks for."""

import json
import random
import threading

import cv2
import pytest
import requests

from ivi.bootstrap import load_catalog
from ivi.bus.anonymiser import Anonymiser
from ivi.bus.street_scene import StreetScene
from ivi.core.ways_out import PayloadKind
from ivi.net import cloud
from ivi.net.nodes import free_port
from ivi.net.recorder import Recorder
from ivi.net.tbox import post_parcel
from ivi.net.traffic import check, read_capture

VIN = "LSVAB4BR0NN123456"
PROFILES = {"driver", "wang-fang"}
HASHED = {"vehicle": "e0b901ced8bd6988feeec5b1baad766b", "driver": "b3c3a93e159c99942d98d35bd4e70b60"}
FIX = {**HASHED, "latitude": 31.23, "longitude": 121.47, "at": "2026-11-21T01:30:00+00:00"}


class Wire:
    """The cloud and the recorder in front of it, each on a thread, as the car's network runs
    them in processes of their own; `send` posts a parcel as the T-Box does."""

    def __init__(self, folder):
        self.store, self.capture = folder / "cloud.db", folder / "capture"
        self.stop = threading.Event()
        cloud_port, recorder_port = free_port(), free_port()
        serving, recording = threading.Event(), threading.Event()
        self.threads = [
            threading.Thread(target=cloud.serve, args=(self.store, "127.0.0.1", cloud_port, self.stop, serving.set)),
            threading.Thread(
                target=Recorder(("127.0.0.1", recorder_port), ("127.0.0.1", cloud_port), self.capture).run,
                args=(self.stop, recording.set),
            ),
        ]
        for thread in self.threads:
            thread.start()
        assert serving.wait(10) and recording.wait(10)
        self.url = f"http://127.0.0.1:{recorder_port}"
        self.http = requests.Session()

    def send(self, feature: str, endpoint: str, fields: dict, kind=PayloadKind.NONE, parts: tuple[bytes, ...] = ()):
        about = {
            "feature": feature,
            "endpoint": endpoint,
            "fields": fields,
            "kind": kind.value,
            "parts": [len(p) for p in parts],
        }
        assert post_parcel(self.url, b"".join(parts), about, self.http) == 201

    def traffic(self):
        self.http.close()  # the connection ends: all it carried is in the capture
        return check(read_capture(self.capture), load_catalog(), VIN, PROFILES)

    def close(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(10)


@pytest.fixture
def wire(tmp_path):
    wire = Wire(tmp_path)
    yield wire
    wire.close()


def street(seed: int) -> bytes:
    scene = StreetScene()
    pixels, _truth = scene.render(scene.layout(random.Random(seed)))
    return cv2.imencode(".jpg", pixels, [cv2.IMWRITE_JPEG_QUALITY, 80])[1].tobytes()


def anonymised(seed: int) -> bytes:
    scene = StreetScene()
    pixels, _truth = scene.render(scene.layout(random.Random(seed)))
    return cv2.imencode(".jpg", Anonymiser().anonymise(pixels).pixels, [cv2.IMWRITE_JPEG_QUALITY, 80])[1].tobytes()


def test_what_the_tbox_sent_is_what_the_cloud_kept_and_the_capture_shows(wire):
    audio = bytes(range(256)) * 40
    wire.send("traffic_services", "cn-traffic", FIX)
    wire.send("cloud_voice", "cn-voice", {**HASHED, "format": "pcm_s16le_16000"}, PayloadKind.AUDIO, (audio,))
    traffic = wire.traffic()
    assert traffic.clean, traffic.problems
    assert [(r.feature, r.endpoint) for r in traffic.requests] == [
        ("traffic_services", "cn-traffic"),
        ("cloud_voice", "cn-voice"),
    ]
    assert traffic.requests[0].fields == FIX
    assert traffic.requests[1].parts == (("audio/l16", audio),)
    assert traffic.wire_bytes > len(audio)  # headers and multipart framing too: every byte
    assert cloud.received(wire.store) == 2
    kept = cloud.open_store(wire.store)
    assert [row["data"] for row in kept["parts"].rows] == [audio]
    assert json.loads(next(kept["parcels"].rows)["fields"]) == FIX


def test_an_anonymised_street_picture_passes(wire):
    wire.send(
        "sentry_upload",
        "cn-sentry",
        {**HASHED, "event": "hard_braking"},
        PayloadKind.ANONYMISED_FRAMES,
        (anonymised(0),),
    )
    traffic = wire.traffic()
    assert traffic.clean, traffic.problems
    assert traffic.pictures == 1


@pytest.mark.parametrize(
    ("feature", "endpoint", "fields", "kind", "parts", "problem"),
    [
        ("traffic_services", "cn-traffic", {**FIX, "vin": VIN}, PayloadKind.NONE, (), "the raw VIN"),
        (
            "traffic_services",
            "cn-traffic",
            {**FIX, "name": "wang-fang"},
            PayloadKind.NONE,
            (),
            "a profile name (wang-fang)",
        ),
        ("traffic_services", "eu-analytics", FIX, PayloadKind.NONE, (), "a destination outside China"),
        (
            "traffic_services",
            "cn-traffic",
            FIX,
            PayloadKind.AUDIO,
            (b"\x00\x01" * 800,),
            "cabin data outside the cabin's ways out",
        ),
        (
            "remote_cabin_view",
            "cn-sentry",
            HASHED,
            PayloadKind.CABIN_FRAME,
            (street(2),),
            "cabin data outside the cabin's ways out",
        ),
        ("sentry_upload", "cn-sentry", HASHED, PayloadKind.ANONYMISED_FRAMES, (street(1),), "a picture with a face"),
        (
            "sentry_upload",
            "cn-sentry",
            HASHED,
            PayloadKind.ANONYMISED_FRAMES,
            (street(0),),
            "a picture with a readable plate",
        ),
        (
            "sentry_upload",
            "cn-sentry",
            HASHED,
            PayloadKind.ANONYMISED_FRAMES,
            (b"\xff\xd8 not a jpeg",),
            "a picture that cannot be decoded",
        ),
    ],
)
def test_each_leak_is_found_on_the_wire(wire, feature, endpoint, fields, kind, parts, problem):
    wire.send(feature, endpoint, fields, kind, parts)
    problems = [str(p) for p in wire.traffic().problems]
    assert f"{feature} to {endpoint}: {problem}" in problems


def test_bytes_that_are_not_http_fail_the_check(tmp_path):
    capture = tmp_path / "capture"
    capture.mkdir()
    (capture / "connection-0001.bin").write_bytes(b"\x16\x03\x01 a TLS hello, or anything else\r\n\r\n")
    (capture / "connection-0003.bin").write_bytes(b"POST /cn-traffic/traffic_services HTT")  # cut in its first line
    (capture / "connection-0002.bin").write_bytes(
        b"POST /cn-traffic/traffic_services HTTP/1.1\r\nHost: x\r\nContent-Length: 99\r\n\r\n{}"
    )
    traffic = check(read_capture(capture), load_catalog(), VIN, PROFILES)
    assert [str(p).split(" is not HTTP")[0] for p in traffic.problems] == [
        "connection-0001.bin",
        "connection-0002.bin",
        "connection-0003.bin",
    ]
