"""A pseudo-locale for the layout check only: the English text with accents and about 40 %
more letters, in brackets, so that a label too tight for a longer language, text that does
not pass through the catalog, and glyphs outside ASCII show up before a translator's do.

"Keep all off" becomes "[Kéép~~ åll~ öff~]"; placeholders are kept as they are.
"""

import shutil
from pathlib import Path

from babel.messages.catalog import Catalog

from ivi.i18n.catalogs import PLACEHOLDER, read_catalog, write_catalog
from ivi.i18n.translator import DOMAINS, SOURCE_LANGUAGE, catalog_path

PSEUDO_LANGUAGE = "en_XA"  # the code Android and Chrome use for accented pseudo-English
GROWTH = 0.4
# Latin-1 letters only: the bundled font has them, so the check measures real glyph widths.
ACCENTS = str.maketrans("aceinouyAEINOUY", "åçéîñöûýÅÉÎÑÖÛÝ")
PAD = "~"  # about a letter wide in the bundled font (its "·" is a full em: text grew twice)


def pseudo(text: str) -> str:
    """Accent the letters and lengthen each word by 40 %, leaving placeholders alone."""
    parts, last = [], 0
    for match in PLACEHOLDER.finditer(text):
        parts += [_stretch(text[last : match.start()]), match.group(0)]
        last = match.end()
    parts.append(_stretch(text[last:]))
    return "[" + "".join(parts) + "]"


def _stretch(text: str) -> str:
    words = text.split(" ")
    return " ".join(w.translate(ACCENTS) + PAD * round(len(w) * GROWTH) if w.strip() else w for w in words)


def pseudo_catalog(source: Catalog, domain: str) -> Catalog:
    """Every message of the English catalog, pseudo-translated."""
    catalog = Catalog(locale=SOURCE_LANGUAGE, domain=domain)
    for message in source:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        translated = tuple(pseudo(s) for s in strings)
        catalog.add(
            message.id,
            translated if isinstance(message.id, tuple) else translated[0],
            message.locations,
            context=message.context,
        )
    return catalog


def locales_with_pseudo(locales_dir: Path, into: Path) -> Path:
    """A copy of `locales_dir` with the pseudo-locale added; returns the copy."""
    shutil.copytree(locales_dir, into, dirs_exist_ok=True)
    for domain in DOMAINS:
        english = read_catalog(catalog_path(SOURCE_LANGUAGE, locales_dir, domain))
        write_catalog(catalog_path(PSEUDO_LANGUAGE, into, domain), pseudo_catalog(english, domain))
    return into
