"""Translation: gettext catalogs from locales/<lang>/LC_MESSAGES/{ivi,click}.po, switchable at
run time, and the locale's way of writing dates, times, durations, distances and numbers (CLDR,
through Babel).

The .po files are compiled in memory with Babel when first used, so what the app shows is
always what the .po file says; there are no .mo files to go stale.

A message missing from a catalog falls back to another catalog of the same language (a new
zh_TW catalog borrows from zh_CN), then to the English msgid.
"""

import os
import struct
import tempfile
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from gettext import GNUTranslations
from hashlib import sha256
from io import BytesIO
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime, format_skeleton, format_time, format_timedelta
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.units import format_unit

from ivi.core.clock import CAR_TIMEZONE
from ivi.core.durations import Duration
from ivi.core.errors import IviError
from ivi.core.text import Text, refused_by_system
from ivi.paths import LOCALES_DIR

DOMAIN = "ivi"
CLICK_DOMAIN = "click"  # the command-line parser's own messages, translated through us
DOMAINS = (DOMAIN, CLICK_DOMAIN)
DEFAULT_LANGUAGE = "zh_CN"  # the head unit of a car sold in China starts in Chinese
SOURCE_LANGUAGE = "en"  # msgids are English; commands print them when no language is asked for
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")  # POSIX order: the first one set wins


class UnknownLanguage(IviError):
    def __init__(self, language: str, known: list[str]):
        super().__init__(
            Text("no catalog for language '%(language)s' (have: %(known)s)", language=language, known=", ".join(known))
        )


def catalog_path(language: str, locales_dir: Path = LOCALES_DIR, domain: str = DOMAIN) -> Path:
    return locales_dir / language / "LC_MESSAGES" / f"{domain}.po"


def available_languages(locales_dir: Path = LOCALES_DIR) -> list[str]:
    return sorted(p.name for p in locales_dir.iterdir() if catalog_path(p.name, locales_dir).is_file())


def choose_language(
    asked: str | None, environ: Mapping[str, str], default: str, locales_dir: Path = LOCALES_DIR
) -> str:
    """`--lang` if given (it must name a catalog), else the locale of the environment
    (`LC_ALL`, `LC_MESSAGES`, `LANG`: "zh_CN.UTF-8" -> zh_CN, "en_GB" -> en), else `default`."""
    known = available_languages(locales_dir)
    if asked is not None:  # "--lang ''" names no catalog; it does not mean "the default"
        if asked not in known:
            raise UnknownLanguage(asked, known)
        return asked
    setting = next((environ[name] for name in LOCALE_VARIABLES if environ.get(name)), "")
    code = setting.split(".")[0].split("@")[0]
    if code in known:
        return code
    same_language = [language for language in known if language.split("_")[0] == code.split("_")[0]]
    return same_language[0] if code and same_language else default


def locale_of(language: str) -> Locale:
    """CLDR's data for a catalog's language; a region CLDR does not know (the pseudo-locale
    en_XA) formats like its language."""
    try:
        return Locale.parse(language)
    except UnknownLocaleError:
        return Locale.parse(language.split("_")[0])


class UnreadableCatalog(IviError):
    def __init__(self, path: Path, reason: Text):
        super().__init__(Text("cannot read the catalog %(path)s: %(reason)s", path=str(path), reason=reason))


def read_catalog(path: Path) -> Catalog:
    """A .po file, or one line saying why it cannot be read (not UTF-8, not a catalog)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableCatalog(path, refused_by_system(error)) from None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise UnreadableCatalog(path, Text("line %(line)d is not UTF-8: save the file as UTF-8", line=line)) from None
    try:
        return read_po(BytesIO(data))
    except (ValueError, IndexError) as error:  # Babel's parser on a broken entry
        raise UnreadableCatalog(path, Text("it is not a catalog (%(babel)s)", babel=str(error))) from None


def compile_catalog(po_file: Path) -> GNUTranslations:
    """The .po file compiled, from the cache of compiled catalogs when this very text was
    compiled before (reading a .po file is most of a short command's time)."""
    try:
        source = po_file.read_bytes()
    except OSError as error:
        raise UnreadableCatalog(po_file, refused_by_system(error)) from None
    cached = compiled_cache() / f"{po_file.parent.parent.name}-{po_file.stem}-{sha256(source).hexdigest()[:32]}.mo"
    try:
        return GNUTranslations(BytesIO(cached.read_bytes()))
    except (OSError, ValueError, struct.error):  # not compiled yet, or a cache file cut short
        pass
    compiled = BytesIO()
    write_mo(compiled, read_catalog(po_file))
    _keep(cached, compiled.getvalue())
    return GNUTranslations(BytesIO(compiled.getvalue()))


def compiled_cache() -> Path:
    """$IVI_CACHE, else $XDG_CACHE_HOME (~/.cache)/ivi/catalogs: compiled catalogs named by the
    hash of their .po text, so that one never stands in for a text that changed."""
    if os.environ.get("IVI_CACHE"):
        return Path(os.environ["IVI_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ivi" / "catalogs"


def _keep(path: Path, data: bytes) -> None:
    """Written whole or not at all; a cache that cannot be written only costs time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name, delete=False) as partial:
            partial.write(data)
        os.replace(partial.name, path)
    except OSError:
        pass


class Translator:
    """The current language's gettext, and who to tell when it changes."""

    def __init__(self, language: str = DEFAULT_LANGUAGE, locales_dir: Path = LOCALES_DIR):
        self.locales_dir = locales_dir
        self._compiled: dict[str, GNUTranslations] = {}
        self._listeners: list[Callable[[str], None]] = []
        self.language = ""
        self.locale = locale_of(language)
        self.switch(language)

    @property
    def catalog(self) -> GNUTranslations:
        """Compiled when first asked for: a command that prints JSON reads no catalog."""
        if self.language not in self._compiled:
            self._compiled[self.language] = self._compile(self.language, available_languages(self.locales_dir))
        return self._compiled[self.language]

    def gettext(self, message: str) -> str:
        return self.catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The catalog's plural form for `n` (Chinese has one form, English two)."""
        return self.catalog.ngettext(singular, plural, n)

    def switch(self, language: str) -> None:
        if language not in self._compiled:
            known = available_languages(self.locales_dir)
            if language not in known:
                raise UnknownLanguage(language, known)
        self.language = language
        self.locale = locale_of(language)
        for listener in list(self._listeners):
            listener(language)

    def _compile(self, language: str, known: list[str]) -> GNUTranslations:
        """The language's catalogs, then those of its siblings (zh_TW, then zh_CN); gettext
        falls back along the chain and, at its end, to the English msgid."""
        family = [language] + [k for k in known if k != language and k.split("_")[0] == language.split("_")[0]]
        chain = [
            compile_catalog(path)
            for member in family
            for domain in DOMAINS
            if (path := catalog_path(member, self.locales_dir, domain)).is_file()
        ]
        for fallback in chain[1:]:
            chain[0].add_fallback(fallback)
        return chain[0]

    def subscribe(self, listener: Callable[[str], None]) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[str], None]) -> None:
        self._listeners.remove(listener)

    def time(self, moment: datetime) -> str:
        """A clock time as people of this language write it."""
        return format_time(moment.astimezone(CAR_TIMEZONE), "short", locale=self.locale)

    def moment(self, moment: datetime, now: datetime) -> str:
        """Day and time, for lists of events: "Nov 21 9:30 AM" / "11月21日 09:30"; with the
        year when it is not the year of `now` (the car's clock): "Nov 21, 2027 9:30 AM"."""
        return f"{self.day(moment, now)} {self.time(moment)}"

    def instant(self, moment: datetime) -> str:
        """A moment to the second, in China time, for records: "Nov 21, 2026, 9:30:05 AM" /
        "2026年11月21日 09:30:05"."""
        return format_datetime(moment, "medium", tzinfo=CAR_TIMEZONE, locale=self.locale)

    def region(self, code: str) -> str:
        """A country or region by its ISO code, in this language: "China" / "中国"."""
        return self.locale.territories.get(code, code)

    def day(self, moment: datetime, now: datetime | None = None) -> str:
        """The day of a moment in China: "Nov 21" / "11月21日"; with its year if that is not
        the year of `now`: "Nov 21, 2027" / "2027年11月21日"."""
        local = moment.astimezone(CAR_TIMEZONE)
        same_year = now is None or local.year == now.astimezone(CAR_TIMEZONE).year
        return format_skeleton("MMMd" if same_year else "yMMMd", local, locale=self.locale)

    def span(self, length: timedelta) -> str:
        """How long, roughly, as people say it: "6 days", "23 hours" / "6天", "23小时"."""
        return format_timedelta(length, threshold=1.0, locale=self.locale)

    def date(self, day: date) -> str:
        return format_date(day, "medium", locale=self.locale)

    def size(self, octets: int) -> str:
        """A data size in kilobytes, the unit a driver can compare."""
        return format_unit(round(octets / 1000, 1), "digital-kilobyte", "short", locale=self.locale)

    def duration(self, duration: Duration) -> str:
        """How long a consent lasts, as the driver chose it: "This drive", "7 days" / "7天"."""
        if duration.length is None:
            return self.gettext(N_("This drive"))
        return self.days(duration.length.days)

    def days(self, days: int) -> str:
        """A period: "7 days" / "7天", "1 year" / "1年" (365 days is a year to a driver)."""
        if days % 365 == 0:
            return self._unit(days // 365, "duration-year")
        return self._unit(days, "duration-day")

    def distance(self, km: float) -> str:
        return self._unit(round(km, 1), "length-kilometer")

    def speed(self, kmh: float) -> str:
        return format_unit(round(kmh), "speed-kilometer-per-hour", "short", locale=self.locale)

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)

    def _unit(self, value: float, unit: str) -> str:
        # CLDR's long unit names ("7 days"); where a locale's long form is an alias of its
        # short one (Chinese: "7天"), Babel has no long pattern, so ask for the short form.
        width = "long" if "long" in self.locale._data["unit_patterns"].get(unit, {}) else "short"
        return format_unit(value, unit, width, locale=self.locale)


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; it is translated where shown."""
    return message
