"""What left the car, as the wire saw it: the recorder's capture (`ivi.net.recorder`) read back
into HTTP requests (h11, multipart by the standard library's MIME parser) and checked the way
CAAM's test analyses a car's outbound traffic:

- every request goes to an endpoint of the catalog in China;
- cabin data (any sound; any picture sent by a feature of the cabin) leaves only by the cabin's
  own ways out: a feature whose data is of the cabin, to that feature's endpoint (CN-02);
- no raw VIN anywhere in the bytes, no profile name in any header or field (CN-14);
- no picture of the outside in which an independent detector still finds a face or a readable
  plate (CN-03): OpenCV's Haar cascade for frontal faces (not the anonymiser's nets); for
  plates, OpenCV's Haar plate cascade proposes where a plate may be and the plate reader
  (`ivi.bus.plate_reader`) must read it, since a pixelated plate is still plate-shaped.

Bytes that are not HTTP cannot be checked, so they fail.
"""

import functools
import json
from collections import Counter
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path
from typing import Any

import cv2
import h11
import numpy as np

from ivi.bus.boxes import Box
from ivi.bus.egress_guard import Delivered
from ivi.bus.plate_reader import PlateReader
from ivi.core.catalog import Catalog
from ivi.core.text import Plural, Text
from ivi.core.ways_out import PayloadKind
from ivi.i18n.translator import N_
from ivi.net.tbox import CONTENT_TYPES

# Each cascade, the evidence it needs (neighbours) and the smallest face or plate it looks for.
# Chosen on the street scenes (`ivi.bus.street_scene`): no false face on their windows; the
# plate cascade proposes generously, as the reader decides.
PICTURE_PROBLEMS = {
    "face": N_("%(where)s: a picture with a face"),
    "plate": N_("%(where)s: a picture with a readable plate"),
    "undecodable": N_("%(where)s: a picture that cannot be decoded"),
}
HAAR = {"face": ("haarcascade_frontalface_alt2.xml", 5, 24), "plate": ("haarcascade_russian_plate_number.xml", 2, 20)}


@dataclass(frozen=True)
class Request:
    connection: str
    endpoint: str
    feature: str
    headers: tuple[tuple[str, str], ...]
    fields: Any  # the declared fields, as JSON
    parts: tuple[tuple[str, bytes], ...]  # (content type, bytes) of each payload part
    size: int  # bytes on the wire


@dataclass
class Traffic:
    requests: list[Request] = field(default_factory=list)
    problems: list[Text] = field(default_factory=list)
    wire_bytes: int = 0
    pictures: int = 0  # pictures looked at by the independent detectors

    @property
    def clean(self) -> bool:
        return not self.problems

    def by_feature(self) -> Counter[str]:
        return Counter(request.feature for request in self.requests)

    def refusal(self) -> Plural:
        """One line for a wire that is not clean: how many problems, and the first."""
        return Plural(
            "%(n)d problem on the wire: %(first)s",
            "%(n)d problems on the wire: %(first)s",
            len(self.problems),
            first=self.problems[0],
        )


def from_deliveries(delivered: list[Delivered]) -> Traffic:
    """What the guard let out in a car with no network, as the T-Box would have sent it."""
    traffic = Traffic()
    for parcel in delivered:
        kind = getattr(parcel.payload, "kind", PayloadKind.NONE)
        parts = tuple((CONTENT_TYPES[kind], part) for part in getattr(parcel.payload, "parts", ()))
        traffic.requests.append(Request("", parcel.endpoint, parcel.feature, (), parcel.fields, parts, parcel.bytes))
        traffic.wire_bytes += parcel.bytes
    return traffic


def read_capture(folder: Path) -> Traffic:
    """Every request the recorder saw, in order of connection."""
    traffic = Traffic()
    for path in sorted(folder.glob("connection-*.bin")):
        data = path.read_bytes()
        traffic.wire_bytes += len(data)
        try:
            traffic.requests += _requests(path.stem, data)
        except (h11.ProtocolError, ValueError) as error:
            traffic.problems.append(Text("%(file)s is not HTTP: %(why)s", file=path.name, why=str(error)))
    return traffic


def _requests(connection: str, data: bytes) -> list[Request]:
    http = h11.Connection(h11.SERVER)
    http.receive_data(data)
    found, head, body = [], None, b""
    while True:
        event = http.next_event()
        if event is h11.NEED_DATA:
            if head is not None or http.trailing_data[0]:  # a request begun, or bytes h11 holds back
                raise ValueError("a request cut short, or bytes that are no request")
            return found
        if isinstance(event, h11.Request):
            head, body = event, b""
        elif isinstance(event, h11.Data):
            body += bytes(event.data)
        elif isinstance(event, h11.EndOfMessage):
            found.append(_request(connection, head, body))
            head = None
            http.send(h11.Response(status_code=201, headers=[("content-length", "0")]))
            http.send(h11.EndOfMessage())
            http.start_next_cycle()


def _request(connection: str, head: h11.Request, body: bytes) -> Request:
    headers = tuple((name.decode("latin-1"), value.decode("latin-1")) for name, value in head.headers)
    _, endpoint, feature = (head.target.decode("latin-1").split("/") + ["", ""])[:3]
    content_type = dict(headers).get("content-type", "")
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    fields, parts = None, []
    for part in message.iter_parts() if message.is_multipart() else ():
        payload = part.get_payload(decode=True) or b""
        if part.get_param("name", header="content-disposition") == "fields":
            fields = json.loads(payload)
        else:
            parts.append((part.get_content_type(), payload))
    size = len(body) + sum(len(n) + len(v) for n, v in head.headers)
    return Request(connection, endpoint, feature, headers, fields, tuple(parts), size)


def check(traffic: Traffic, catalog: Catalog, vin: str, profiles: set[str]) -> Traffic:
    """Add to `traffic.problems` whatever in it breaks a rule above."""
    for request in traffic.requests:
        where = Text("%(feature)s to %(endpoint)s", feature=request.feature, endpoint=request.endpoint)
        endpoint = catalog.endpoint(request.endpoint)
        if endpoint is None or not endpoint.in_china:
            traffic.problems.append(Text("%(where)s: a destination outside China", where=where))
        feature = catalog.features.get(request.feature)
        of_cabin = feature is not None and any(catalog.categories[c].cabin for c in feature.categories)
        cabin_way = of_cabin and feature.endpoint == request.endpoint
        sounds = [kind for kind, _ in request.parts if not kind.startswith("image/")]
        if (sounds or of_cabin) and not cabin_way:
            traffic.problems.append(Text("%(where)s: cabin data outside the cabin's ways out", where=where))
        raw = _raw(request)
        if vin.encode() in raw or vin.lower().encode() in raw:
            traffic.problems.append(Text("%(where)s: the raw VIN", where=where))
        if named := profiles & set(_words(request)):
            traffic.problems.append(Text("%(where)s: a profile name (%(name)s)", where=where, name=sorted(named)[0]))
        for kind, data in request.parts:
            if kind.startswith("image/") and not cabin_way:
                traffic.pictures += 1
                traffic.problems += [Text(PICTURE_PROBLEMS[what], where=where) for what in _found_in_picture(data)]
    return traffic


def _raw(request: Request) -> bytes:
    head = "".join(f"{name}: {value}\n" for name, value in request.headers).encode("latin-1")
    return head + json.dumps(request.fields).encode() + b"".join(data for _, data in request.parts)


def _words(request: Request) -> list[str]:
    """Every header value and every string in the fields, and the words each is made of."""
    values = [value for _, value in request.headers] + list(_strings(request.fields))
    return values + [word for value in values for word in value.replace("/", " ").replace(";", " ").split()]


def _strings(value: Any):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@dataclass(frozen=True)
class Detectors:
    cascades: dict[str, cv2.CascadeClassifier]
    reader: PlateReader


@functools.lru_cache(maxsize=256)
def _found_in_picture(data: bytes) -> tuple[str, ...]:
    """What the detectors find in an encoded picture (a scenario checks the wire again and again:
    each picture is looked at once)."""
    picture = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    return ("undecodable",) if picture is None else tuple(found_in(detectors(), picture))


@functools.lru_cache(maxsize=1)
def detectors() -> Detectors:
    cascades = {what: cv2.CascadeClassifier(cv2.data.haarcascades + file) for what, (file, _n, _s) in HAAR.items()}
    return Detectors(cascades, PlateReader())


def found_in(finders: Detectors, picture: np.ndarray) -> list[str]:
    """What the independent detectors find in a BGR picture: "face", "plate" (read), both or none."""
    grey = cv2.cvtColor(picture, cv2.COLOR_BGR2GRAY)

    def candidates(what: str) -> list[Box]:
        _file, neighbours, smallest = HAAR[what]
        found = finders.cascades[what].detectMultiScale(grey, minNeighbors=neighbours, minSize=(smallest, smallest))
        return [Box(int(x), int(y), int(w), int(h)) for x, y, w, h in found]

    found = ["face"] if candidates("face") else []
    if any(finders.reader.readable(picture, box) for box in candidates("plate")):
        found.append("plate")
    return found
