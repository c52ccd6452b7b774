"""Messages for people, written in the core without knowing the reader's language.

A `Text` is an English msgid with `%(name)s` placeholders and their values; a `Plural` also
has the English plural and the count that picks the form (the catalog knows how many forms
its language has: Chinese one, English two). They become words where they are shown: the CLI
and the head unit render them through the reader's catalog, and `str()` gives the English.
Values may be Texts themselves (a reason inside a refusal). Babel extracts the msgids from
every `Text("...")` and `Plural("...", "...")` call (see `ivi.translation`).
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from gettext import NullTranslations
from typing import Protocol

# A %-placeholder as Python formats it: %(name)s, %(n)d, %-18s, %.1f, and %% for a percent sign.
PERCENT = re.compile(r"%(?:\((?P<name>\w+)\))?(?P<spec>[-#0 +]*\d*(?:\.\d+)?)(?P<conversion>[diouxXeEfFgGcrsa%])")
Placeholder = tuple[str, str, str]  # (name, flags width and precision, conversion)


def percent_placeholders(message: str) -> list[Placeholder] | None:
    """The %-placeholders of a message in order (%% left out), or None if a % in it is not
    the start of one (a stray %, which formatting would trip over)."""
    found, at = [], 0
    while (at := message.find("%", at)) != -1:
        match = PERCENT.match(message, at)
        if match is None:
            return None
        if match["conversion"] != "%":
            found.append((match["name"] or "", match["spec"], match["conversion"]))
        at = match.end()
    return found


def fits_source(translation: str, sources: tuple[str, ...]) -> bool:
    """A translation may be formatted with its source's values: the same placeholders by name
    and conversion, no stray %, and no width or precision the source did not have (it may drop
    the source's, which only align columns in English)."""
    found = percent_placeholders(translation)
    if found is None:
        return False
    for source in sources:
        expected = percent_placeholders(source) or []
        specs: dict[tuple[str, str], set[str]] = {}
        for name, spec, conversion in expected:
            specs.setdefault((name, conversion), {""}).add(spec)
        if sorted((n, c) for n, _s, c in found) == sorted((n, c) for n, _s, c in expected) and all(
            spec in specs[(name, conversion)] for name, spec, conversion in found
        ):
            return True
    return False


class Messages(Protocol):
    """A catalog: gettext's translations, or ivi's Translator."""

    def gettext(self, message: str) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int) -> str: ...


ENGLISH = NullTranslations()  # the msgids themselves


@dataclass(frozen=True, init=False)
class Text:
    msgid: str
    params: Mapping[str, object]

    def __init__(self, msgid: str, /, **params: object):
        object.__setattr__(self, "msgid", msgid)
        object.__setattr__(self, "params", params)

    def render(self, messages: Messages) -> str:
        translated = self._translated(messages)
        if not self.params:
            return translated
        if translated not in self._sources() and not fits_source(translated, self._sources()):
            # A translation that would not format (a stray %, a changed placeholder, a width
            # a translator added) never stops what is being said: say it in English instead.
            translated = self._translated(ENGLISH)
        return translated % {k: v.render(messages) if isinstance(v, Text) else v for k, v in self.params.items()}

    def _translated(self, messages: Messages) -> str:
        return messages.gettext(self.msgid)

    def _sources(self) -> tuple[str, ...]:
        return (self.msgid,)

    def __str__(self) -> str:
        return self.render(ENGLISH)


@dataclass(frozen=True, init=False)
class Plural(Text):
    """The count is the `%(n)d` placeholder's value."""

    plural: str

    def __init__(self, singular: str, plural: str, n: int, /, **params: object):
        super().__init__(singular, n=n, **params)
        object.__setattr__(self, "plural", plural)

    def _translated(self, messages: Messages) -> str:
        return messages.ngettext(self.msgid, self.plural, self.params["n"])

    def _sources(self) -> tuple[str, ...]:
        return (self.msgid, self.plural)


def refused_by_system(error: OSError) -> Text:
    # The operating system's words (English, from the C library) in brackets.
    return Text("the system refused (%(os)s)", os=error.strerror or str(error))
