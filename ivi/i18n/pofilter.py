"""The checks translators' own tools make: translate-toolkit's pofilter, with its default
tests for the catalog's language (`pofilter --language=zh_CN`), over every catalog; and, where
pofilter's tests assume European punctuation, a check of Chinese punctuation instead.

A few of pofilter's tests measure Chinese against English habits and flag what is right in
Chinese; they are named here, each with why, and not run for Chinese. Every other finding
fails `ivi i18n check`.
"""

import re
from pathlib import Path

from babel.messages.pofile import read_po
from translate.filters import checks
from translate.storage import factory

# pofilter's tests that do not fit Chinese text, and why.
NOT_FOR_CHINESE = {
    "brackets": "Chinese brackets are full-width （）; pofilter counts the ASCII ones missing",
    "doublequoting": "Chinese quotes with “ ” and 「 」",
    "singlequoting": "Chinese quotes with ‘ ’ and 「 」",
    "startpunc": "a Chinese sentence often begins with what English says last",
    "sentencecount": "Chinese joins with a comma what English says in two sentences",
    "short": "Chinese says in a character what English says in a word (开, 关, 无)",
    "puncspacing": "Chinese full-width punctuation takes no space around it",
}
# ASCII punctuation beside a Chinese character: Chinese text uses the full-width forms.
ASCII_BESIDE_CHINESE = re.compile(r"[\u4e00-\u9fff][,:;!?()]|[,:;!?()][\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[-#0 +]*\d*(?:\.\d+)?[sdrf]|%[sdrf]|\{[a-z_]*\}")


def findings(path: Path, language: str) -> list[tuple[int, str]]:
    """(line, what) for each finding in the catalog at `path`."""
    store = factory.getobject(str(path))
    with path.open("rb") as po:
        lines = {m.id[0] if isinstance(m.id, tuple) else m.id: m.lineno for m in read_po(po)}
    chinese = language.startswith("zh")
    excluded = list(NOT_FOR_CHINESE) if chinese else []
    checker = checks.StandardChecker(checks.CheckerConfig(targetlanguage=language), excludefilters=excluded)
    found = []
    one_form = str(store.getheaderplural()[0]).strip() == "1"
    for unit in store.units:
        if unit.isheader() or not unit.istranslated():
            continue
        line = lines.get(str(unit.source), 1)
        if one_form and unit.hasplural():
            # one form for every count: it reads as the English plural does (its placeholders too)
            unit.source = unit.source.strings[-1]
        for test, message in checker.run_filters(unit).items():
            found.append((line, f"{language}: pofilter {test}: {_message(message)} in {_quote(unit.source)}"))
        if chinese:
            for target in unit.target.strings if hasattr(unit.target, "strings") else [unit.target]:
                if ASCII_BESIDE_CHINESE.search(PLACEHOLDER.sub("", target)):
                    found.append((line, f"{language}: ASCII punctuation in Chinese text {_quote(target)}"))
    return found


def _message(message: object) -> str:
    text = message.get("message") if isinstance(message, dict) else message
    return str(text).splitlines()[0]


def _quote(text: str) -> str:
    text = str(text).replace("\n", " ")
    return repr(text if len(text) <= 60 else text[:57] + "...")
