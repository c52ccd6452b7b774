"""The telematics unit (T-Box): the car's one way to the internet. It carries out what the
head unit's egress guard let out, and nothing else: only the head unit may hand it a parcel
(`ivi.net.link.access_control`), and it sends each as an HTTP POST to the endpoint's server,
`<cloud>/<endpoint>/<feature>`, the declared fields as JSON and each payload part as a file
of its own (multipart/form-data, as a car maker's API would take them).
"""

import json
import threading

import requests
import zenoh

from ivi.bus.egress_guard import Delivered
from ivi.core.ways_out import PayloadKind
from ivi.net.link import PARCELS

POST_S = 10.0  # a cloud that has not taken a parcel in this long: the parcel is dropped, not retried
CONTENT_TYPES = {
    PayloadKind.AUDIO: "audio/L16; rate=16000; channels=1",
    PayloadKind.CABIN_FRAME: "image/jpeg",
    PayloadKind.ANONYMISED_FRAMES: "image/jpeg",
}


def encode_parcel(parcel: Delivered) -> tuple[bytes, bytes]:
    """A parcel as it travels to the T-Box: its payload's parts one after the other, and what
    they are (feature, endpoint, fields, kind and the length of each part) beside them."""
    parts = getattr(parcel.payload, "parts", ())
    kind = getattr(parcel.payload, "kind", PayloadKind.NONE)
    about = {
        "feature": parcel.feature,
        "endpoint": parcel.endpoint,
        "fields": parcel.fields,
        "kind": kind.value,
        "parts": [len(part) for part in parts],
    }
    return b"".join(parts), json.dumps(about).encode()


def post_parcel(cloud: str, payload: bytes, about: dict, http: requests.Session) -> int:
    """POST one parcel to the cloud; its HTTP status."""
    kind = PayloadKind(about["kind"])
    files = [("fields", ("fields.json", json.dumps(about["fields"]), "application/json"))]
    offset = 0
    for number, length in enumerate(about["parts"]):
        files.append(("part", (f"part-{number}", payload[offset : offset + length], CONTENT_TYPES[kind])))
        offset += length
    url = f"{cloud.rstrip('/')}/{about['endpoint']}/{about['feature']}"
    return http.post(url, files=files, timeout=POST_S).status_code


class Tbox:
    """Takes parcels off the network in the order they came and posts them, one at a time."""

    def __init__(self, session: zenoh.Session, cloud: str):
        self._cloud = cloud
        self._http = requests.Session()
        self._incoming = session.declare_subscriber(f"{PARCELS}/*", zenoh.handlers.FifoChannel(1024))

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            sample = self._incoming.try_recv()
            if sample is None:
                stop.wait(0.005)
                continue
            try:
                about = json.loads(sample.attachment.to_bytes())
                post_parcel(self._cloud, sample.payload.to_bytes(), about, self._http)
            except (requests.RequestException, ValueError, KeyError, TypeError, AttributeError):
                pass  # not taken: dropped, not retried (a queue of its own is the T-Box's next step)

    def close(self) -> None:
        self._incoming.undeclare()
        self._http.close()
