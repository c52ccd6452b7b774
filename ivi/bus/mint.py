"""Payloads the car made itself, and a way for the egress guard to tell them from bytes
anyone could hand it: each is tagged with a key that lives only in this running car.

The car's own pipelines mint what they send — the voice pipeline a spoken command, the cabin
view a cabin-camera frame, the incident recorder the frames the anonymiser returned — and the
guard lets a payload out only if its tag verifies for the kind its way out declares. Raw
JPEG bytes, a raw frame, or anonymised frames relabelled as another kind are refused.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from ivi.core.ways_out import PayloadKind


@dataclass(frozen=True)
class Minted:
    kind: PayloadKind
    parts: tuple[bytes, ...]  # a command's audio, one frame, or the frames of a clip
    tag: bytes

    def __len__(self) -> int:
        return sum(len(part) for part in self.parts)


class Mint:
    def __init__(self) -> None:
        self._key = secrets.token_bytes(32)

    def make(self, kind: PayloadKind, parts: tuple[bytes, ...]) -> Minted:
        return Minted(kind, parts, self._tag(kind, parts))

    @staticmethod
    def plain(payload: object) -> "bytes | Minted | None":
        """`payload` if it is plain bytes or a `Minted` of exact types throughout (a subclass
        could say it equals b"" or lie about its length), else None: not the car's."""
        if type(payload) is bytes:
            return payload
        if type(payload) is not Minted or type(payload.kind) is not PayloadKind or type(payload.tag) is not bytes:
            return None
        if type(payload.parts) is not tuple or not all(type(part) is bytes for part in payload.parts):
            return None
        return payload

    def made(self, payload: "bytes | Minted | None", kind: PayloadKind) -> bool:
        """Whether `payload` (as `plain` returned it) is of `kind` and was made by this mint, untouched."""
        if kind is PayloadKind.NONE:
            return payload == b""
        if not isinstance(payload, Minted) or payload.kind is not kind:
            return False
        return hmac.compare_digest(payload.tag, self._tag(kind, payload.parts))

    def _tag(self, kind: PayloadKind, parts: tuple[bytes, ...]) -> bytes:
        digest = hmac.new(self._key, kind.value.encode(), hashlib.sha256)
        for part in parts:
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
        return digest.digest()
