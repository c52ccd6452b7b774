"""Messages for people, written in the core without knowing the reader's language.

A `Text` is an English msgid with `%(name)s` placeholders and their values; a `Plural` also
has the English plural and the count that picks the form (the catalog knows how many forms
its language has: Chinese one, English two). They become words where they are shown: the CLI
and the head unit render them through the reader's catalog, and `str()` gives the English.
Values may be Texts themselves (a reason inside a refusal). Babel extracts the msgids from
every `Text("...")` and `Plural("...", "...")` call (see `ivi.translation`).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from gettext import NullTranslations
from typing import Protocol


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
        return translated % {k: v.render(messages) if isinstance(v, Text) else v for k, v in self.params.items()}

    def _translated(self, messages: Messages) -> str:
        return messages.gettext(self.msgid)

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


def refused_by_system(error: OSError) -> Text:
    # The operating system's words (English, from the C library) in brackets.
    return Text("the system refused (%(os)s)", os=error.strerror or str(error))
