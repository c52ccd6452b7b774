"""Translation: gettext catalogs from locales/<lang>/LC_MESSAGES/ivi.po, switchable at run time.

The .po files are compiled in memory with Babel when first used, so what the app shows is
always what the .po file says; there are no .mo files to go stale.
"""

import gettext
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.units import format_unit

from ivi.core.errors import IviError
from ivi.paths import LOCALES_DIR

DOMAIN = "ivi"
DEFAULT_LANGUAGE = "zh_CN"
CAR_TIMEZONE = timezone(timedelta(hours=8), "China Standard Time")  # the car is in China; no DST


class UnknownLanguage(IviError):
    def __init__(self, language: str, known: list[str]):
        super().__init__(f"no catalog for language '{language}' (have: {', '.join(known)})")


def catalog_path(language: str, locales_dir: Path = LOCALES_DIR) -> Path:
    return locales_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def available_languages(locales_dir: Path = LOCALES_DIR) -> list[str]:
    return sorted(p.name for p in locales_dir.iterdir() if catalog_path(p.name, locales_dir).is_file())


def compile_catalog(po_file: Path) -> gettext.GNUTranslations:
    with po_file.open("rb") as source:
        catalog = read_po(source)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


class Translator:
    """The current language's gettext, and who to tell when it changes."""

    def __init__(self, language: str = DEFAULT_LANGUAGE, locales_dir: Path = LOCALES_DIR):
        self.locales_dir = locales_dir
        self._compiled: dict[str, gettext.GNUTranslations] = {}
        self._listeners: list[Callable[[str], None]] = []
        self.language = ""
        self.locale = Locale.parse(language)
        self.switch(language)

    @property
    def catalog(self) -> gettext.GNUTranslations:
        return self._compiled[self.language]

    def gettext(self, message: str) -> str:
        return self.catalog.gettext(message)

    def switch(self, language: str) -> None:
        if language not in self._compiled:
            known = available_languages(self.locales_dir)
            if language not in known:
                raise UnknownLanguage(language, known)
            self._compiled[language] = compile_catalog(catalog_path(language, self.locales_dir))
        self.language = language
        self.locale = Locale.parse(language)
        for listener in list(self._listeners):
            listener(language)

    def subscribe(self, listener: Callable[[str], None]) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[str], None]) -> None:
        self._listeners.remove(listener)

    def time(self, moment: datetime) -> str:
        """A clock time as people of this language write it."""
        return format_time(moment.astimezone(CAR_TIMEZONE), "short", locale=self.locale)

    def moment(self, moment: datetime) -> str:
        """Day and time, for lists of events: "Nov 21 9:30 AM" / "11月21日 09:30"."""
        local = moment.astimezone(CAR_TIMEZONE)
        return f"{format_skeleton('MMMd', local, locale=self.locale)} {self.time(local)}"

    def date(self, day: date) -> str:
        return format_date(day, "medium", locale=self.locale)

    def size(self, octets: int) -> str:
        """A data size in kilobytes, the unit a driver can compare."""
        return format_unit(round(octets / 1000, 1), "digital-kilobyte", "short", locale=self.locale)


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; it is translated where shown."""
    return message
