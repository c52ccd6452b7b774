"""A feature's notice as a document: the exact words shown, in one language, and their version.

The notice hash of a feature (`Feature.notice_hash`) versions what the driver agrees to, in
the source language; a document's version hashes the text itself, so a receipt or a consent
can name the words the driver read, in the language they were shown in (and `ivi consent
history --text` can print them).
"""

import hashlib
from dataclasses import dataclass

from ivi.core.catalog import Feature
from ivi.core.text import Messages, Text

# The captions of the seven items of CN-05, as the notice shows them.
CAPTIONS = {
    "collects": Text("Collects"),
    "when": Text("When"),
    "why": Text("Why"),
    "storage": Text("Kept"),
    "access": Text("Your data"),
    "contact": Text("Contact"),
    "other": Text("Also"),
}


@dataclass(frozen=True)
class NoticeDocument:
    feature: str
    language: str
    notice_hash: str  # the feature's notice version this text renders
    text: str

    @property
    def version(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()[:16]


def notice_document(feature: Feature, language: str, messages: Messages) -> NoticeDocument:
    lines = [messages.gettext(feature.name), messages.gettext(feature.summary)]
    lines += [f"{CAPTIONS[item].render(messages)}: {messages.gettext(text)}" for item, text in feature.notice_items]
    return NoticeDocument(feature.id, language, feature.notice_hash, "\n".join(lines))
