"""The translator's workflow behind `ivi i18n extract|update|compile|check`: Babel's extract,
update and compile steps for the two domains, and the checks a catalog must pass.

Two domains: `ivi` (our .py and .kv files and the catalog's notice text, mapped by
locales/babel.cfg) and `click` (the command-line parser's own messages, from click's source).
"""

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import click
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po
from fontTools.ttLib import TTFont

from ivi.core.errors import IviError
from ivi.core.text import Text, fits_source, percent_placeholders
from ivi.i18n import pofilter
from ivi.i18n.help_text import HelpText
from ivi.i18n.translator import (
    DOMAIN,
    DOMAINS,
    SOURCE_LANGUAGE,
    UnreadableCatalog,
    available_languages,
    catalog_path,
    read_catalog,
)
from ivi.paths import ASSETS_DIR, LOCALES_DIR, PACKAGE_DIR

CHECKOUT_DIR = PACKAGE_DIR.parent
IVI_KEYWORDS = {"tr": None, "N_": None, "Text": None, "Plural": (1, 2), "ngettext": (1, 2)}
CLICK_KEYWORDS = {"_": None, "ngettext": (1, 2)}
CLICK_FILES = ("core.py", "decorators.py", "exceptions.py", "formatting.py", "parser.py", "types.py")
COMMENT_TAGS = ["TRANSLATORS:"]
FONT_FILES = [ASSETS_DIR / "fonts" / f"NotoSansCJKsc-{weight}-subset.otf" for weight in ("Regular", "Bold")]
# A python-format placeholder, `%(name)-18s` or `%d`, or a str.format one, `{name!r}` (click's).
PLACEHOLDER = re.compile(r"%(?:\((?P<name>\w+)\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|\{(?P<brace>[^{}]*)\}")


class NotACheckout(IviError):
    def __init__(self) -> None:
        super().__init__(
            Text("extracting and updating catalogs works in a checkout of ivi (there is no %(dir)s)", dir="locales/")
        )


@dataclass(frozen=True)
class Problem:
    """Something a translator (or a layout) must fix, where to fix it."""

    file: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.what}"


def template_path(domain: str, locales_dir: Path = LOCALES_DIR) -> Path:
    return locales_dir / f"{domain}.pot"


def _checkout_locales() -> Path:
    if LOCALES_DIR != CHECKOUT_DIR / "locales":
        raise NotACheckout()
    return LOCALES_DIR


Source = tuple[str, int, str | tuple[str, ...], list[str], str | None]  # what Babel's extractors yield


def _sources(domain: str, command_help: Sequence[HelpText]) -> Iterator[Source]:
    if domain == DOMAIN:
        with (LOCALES_DIR / "babel.cfg").open() as config:
            method_map, options_map = parse_mapping_cfg(config)
        yield from extract_from_dir(
            CHECKOUT_DIR, method_map, options_map, keywords=IVI_KEYWORDS, comment_tags=COMMENT_TAGS
        )
        yield from _command_help(command_help)
    else:
        yield from _click_messages()


def _click_messages() -> Iterator[Source]:
    click_dir = Path(click.__file__).parent
    method_map = [(name, "python") for name in CLICK_FILES]
    for filename, *rest in extract_from_dir(click_dir, method_map, {}, keywords=CLICK_KEYWORDS):
        yield (f"click/{filename}", *rest)


def _command_help(command_help: Sequence[HelpText]) -> Iterator[Source]:
    """The help of the CLI's commands and options, except the options click adds itself
    (`--version`), which click.po has."""
    done = {message for _file, _line, message, *_rest in _click_messages()}
    for help_text in command_help:
        if help_text.english not in done:  # a shared option (--db) is named where it is first used
            done.add(help_text.english)
            where = help_text.file.relative_to(CHECKOUT_DIR).as_posix()
            yield where, help_text.line, help_text.english, [f"help of: {help_text.shown_in}"], None


def extracted(domain: str, command_help: Sequence[HelpText] = ()) -> Catalog:
    """The messages the source marks for translation, and the CLI's help, as a template (what
    `pybabel extract` makes)."""
    template = Catalog(project="ivi", domain=domain, charset="utf-8", creation_date=datetime(2026, 1, 1))
    for filename, lineno, message, comments, context in _sources(domain, command_help):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def extract(command_help: Sequence[HelpText]) -> list[Path]:
    """Write locales/<domain>.pot from the source and the CLI's help."""
    locales = _checkout_locales()
    written = []
    for domain in DOMAINS:
        path = template_path(domain, locales)
        write_catalog(path, extracted(domain, command_help))
        written.append(path)
    return written


def update() -> list[Path]:
    """Merge each template into every language's catalog (what `pybabel update` does): new
    messages arrive untranslated, changed ones fuzzy, removed ones obsolete."""
    locales = _checkout_locales()
    written = []
    for language in available_languages(locales):
        for domain in DOMAINS:
            path = catalog_path(language, locales, domain)
            catalog = read_catalog(path) if path.is_file() else Catalog(locale=language, domain=domain)
            catalog.update(read_catalog(template_path(domain, locales)))
            write_catalog(path, catalog)
            written.append(path)
    return written


def compile_all(out_dir: Path) -> list[tuple[str, int, int]]:
    """Write each catalog as a .mo file under `out_dir` (for other gettext readers; the app
    compiles the .po files itself at start-up). Returns (language, translated, messages)."""
    counts = []
    for language in available_languages():
        translated = total = 0
        for domain in DOMAINS:
            catalog = read_catalog(catalog_path(language, LOCALES_DIR, domain))
            target = out_dir / language / "LC_MESSAGES" / f"{domain}.mo"
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as mo:
                write_mo(mo, catalog)
            messages = [m for m in catalog if m.id]
            total += len(messages)
            translated += sum(1 for m in messages if _translated(m) and not m.fuzzy)
        counts.append((language, translated, total))
    return counts


def check_catalogs(
    locales_dir: Path = LOCALES_DIR, font_files: list[Path] = FONT_FILES, command_help: Sequence[HelpText] = ()
) -> list[Problem]:
    """Every message of the source (and of the CLI's help) translated in every language,
    nothing fuzzy, the same placeholders as the source, and every character in the bundled font."""
    problems = []
    glyphs = [set(TTFont(f).getBestCmap()) for f in font_files]
    for domain in DOMAINS:
        template = _template(domain, locales_dir, command_help)
        for language in available_languages(locales_dir):
            path = catalog_path(language, locales_dir, domain)
            try:
                catalog = read_catalog(path) if path.is_file() else Catalog(locale=language, domain=domain)
            except UnreadableCatalog as error:
                problems.append(Problem(shown_path(path), 1, str(error.message)))
                continue
            problems += _catalog_problems(shown_path(path), catalog, template, language, glyphs)
            if catalog.fuzzy:
                problems.append(
                    Problem(shown_path(path), 1, f"{language}: the header is marked fuzzy (pybabel compile skips it)")
                )
            if language != SOURCE_LANGUAGE and path.is_file():
                problems += [Problem(shown_path(path), line, what) for line, what in pofilter.findings(path, language)]
    return problems


def _template(domain: str, locales_dir: Path, command_help: Sequence[HelpText]) -> Catalog:
    # The source itself where there is one, so that a stale .pot cannot hide a new message.
    return (
        extracted(domain, command_help)
        if LOCALES_DIR == CHECKOUT_DIR / "locales"
        else read_catalog(template_path(domain, locales_dir))
    )


def _catalog_problems(
    shown: str, catalog: Catalog, template: Catalog, language: str, glyphs: list[set[int]]
) -> list[Problem]:
    problems = []
    for source in template:
        if not source.id:
            continue
        message = catalog.get(source.id, source.context)
        where = f"{source.locations[0][0]}:{source.locations[0][1]}" if source.locations else "?"
        if message is None:
            problems.append(
                Problem(shown, 1, f"{language}: missing {_quote(source.id)} ({where}): run ivi i18n update")
            )
        elif not _translated(message):
            problems.append(Problem(shown, message.lineno, f"{language}: untranslated {_quote(source.id)} ({where})"))
        elif message.fuzzy:
            problems.append(Problem(shown, message.lineno, f"{language}: fuzzy {_quote(source.id)}: review it"))
        else:
            problems += _text_problems(shown, message, language, glyphs)
    return problems


def _text_problems(shown: str, message: Message, language: str, glyphs: list[set[int]]) -> list[Problem]:
    problems = []
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    for string in strings:
        if reason := _format_problem(string, ids):
            problems.append(Problem(shown, message.lineno, f"{language}: {reason} in {_quote(string)}"))
        for char in sorted(set(string)):
            if not char.isspace() and any(ord(char) not in font for font in glyphs):
                problems.append(
                    Problem(
                        shown,
                        message.lineno,
                        f"{language}: character {char!r} (U+{ord(char):04X}) in {_quote(string)}"
                        " is not in the bundled font (tools/make_font_subset.py)",
                    )
                )
    return problems


def _format_problem(string: str, sources: tuple[str, ...]) -> str | None:
    """Why a translation cannot be formatted with its source's values, or None. A plural form
    may use the singular's placeholders or the plural's (Chinese has one form)."""
    expected = [placeholders(source) for source in sources]
    if not any(percent_placeholders(source) for source in sources):
        # {name} placeholders (kv), or none: the same names
        return (
            None
            if placeholders(string) in expected
            else f"placeholders {placeholders(string)} are not the source's {expected[-1]}"
        )
    if not fits_source(string, sources):
        return (
            f"placeholders {placeholders(string)} are not the source's {expected[-1]}"
            " (the same names and conversions, no width or precision of its own, no stray %)"
        )
    found = percent_placeholders(string) or []
    samples: dict | tuple = {name: SAMPLES[conversion] for name, _spec, conversion in found}
    if all(not name for name, _spec, _conversion in found):
        samples = tuple(SAMPLES[conversion] for _name, _spec, conversion in found)  # %d, formatted in order
    try:
        string % samples
    except (KeyError, ValueError, TypeError) as error:
        return f"does not format with sample values ({error})"
    return None


# A value of each conversion's kind, to format every translation with (`ivi i18n check`).
SAMPLES = dict.fromkeys("diouxXc", 7) | dict.fromkeys("eEfFgG", 1.5) | dict.fromkeys("sra", "x")


def placeholders(message: str) -> list[str]:
    """The placeholders of a message, sorted: `%(name)s` by name and type (a translation may
    change a column's width), `{name!r}` whole. A name used twice appears twice."""
    cleaned = message.replace("%%", "").replace("{{", "").replace("}}", "")
    return sorted(
        f"%({m['name'] or ''}){m.group(0)[-1]}" if m["brace"] is None else m.group(0)
        for m in PLACEHOLDER.finditer(cleaned)
    )


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


def _quote(text: str | tuple[str, ...]) -> str:
    first = text[0] if isinstance(text, tuple) else text
    return repr(first if len(first) <= 60 else first[:57] + "...")


def shown_path(path: Path) -> str:
    try:
        return str(path.relative_to(CHECKOUT_DIR))
    except ValueError:
        return str(path)


def write_catalog(path: Path, catalog: Catalog) -> None:
    """Write through a temporary file, so that a failure leaves the old catalog whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("wb") as po:
        write_po(po, catalog, width=100, sort_by_file=True, include_previous=True)
    temporary.replace(path)
