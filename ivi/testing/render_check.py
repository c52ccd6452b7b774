"""The rendered half of `ivi i18n check`: every screen of the tour in a language, headless,
with each text that does not fit traced back to the catalog entry a translator can shorten
(or, for the pseudo-locale, to the source line whose widget needs more room).

Kivy must have been configured headless (`ivi.ui.kivy_setup.configure`) before this module
is imported.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Message

from ivi.i18n.catalogs import PLACEHOLDER, Problem, read_catalog, shown_path
from ivi.i18n.pseudo_locale import PSEUDO_LANGUAGE
from ivi.i18n.translator import DOMAINS, catalog_path
from ivi.testing.driver import launch
from ivi.testing.layout import LayoutProblem, text_problems, touch_problems
from ivi.testing.tour import tour


@dataclass(frozen=True)
class Entry:
    file: str
    line: int
    shown: str  # the translation as it would appear, placeholders matching anything
    pattern: re.Pattern[str]


class CatalogIndex:
    """Finds which catalog entry a label's text came from."""

    def __init__(self, language: str, locales_dir: Path):
        self.entries: list[Entry] = []
        for domain in DOMAINS:
            path = catalog_path(language, locales_dir, domain)
            if path.is_file():
                for message in read_catalog(path):
                    self.entries += self._entries(language, path, message)
        self.entries.sort(key=lambda e: -len(e.shown))  # the most specific match first

    @staticmethod
    def _entries(language: str, path: Path, message: Message) -> list[Entry]:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if language == PSEUDO_LANGUAGE and message.locations:  # the fix is in the layout
            file, line = message.locations[0][0], message.locations[0][1] or 0
        else:
            file, line = shown_path(path), message.lineno
        found = []
        for string in strings:
            if not string or not message.id:
                continue
            pieces = PLACEHOLDER.split(string)
            literal = [p for i, p in enumerate(pieces) if i % 3 == 0]  # split() also yields the groups
            pattern = re.compile(".+?".join(re.escape(p) for p in literal), re.DOTALL)
            found.append(Entry(file, line, string, pattern))
        return found

    def locate(self, text: str) -> Entry | None:
        return next((e for e in self.entries if e.pattern.search(text)), None)


def render_problems(
    locales_dir: Path, language: str, work_dir: Path, screenshot_dir: Path | None = None
) -> list[Problem]:
    """Tour every screen in `language` at the default 1280×720 and report each text that
    overflows its widget, runs off the window or over other text, and each touch target under
    76 dp or text under 24 sp (a long translation can squeeze a button); with `screenshot_dir`,
    save each state as `<language>-<state>.png` there, so the problems can be seen."""
    index = CatalogIndex(language, locales_dir)
    head_unit = launch(
        work_dir / f"{language}.db", language=language, locales_dir=locales_dir, screenshot_dir=screenshot_dir
    )
    found: dict[tuple[str, int, str], Problem] = {}
    try:
        for state in tour(head_unit):
            if screenshot_dir is None:
                head_unit.step()
            else:
                head_unit.screenshot(f"{language}-{state}")  # steps a frame first
            root = head_unit.app.root
            for problem in text_problems(root, overlays=(root.ids.drawer,)) + touch_problems(root):
                located = _problem(index, language, state, problem)
                found.setdefault((located.file, located.line, problem.what), located)
    finally:
        head_unit.close()
    return list(found.values())


def _problem(index: CatalogIndex, language: str, state: str, problem: LayoutProblem) -> Problem:
    entry = index.locate(problem.text)
    if entry is None:
        return Problem("(not from a catalog)", 0, f"{language} on {state}: {problem.what}")
    shown = entry.shown if len(entry.shown) <= 60 else entry.shown[:57] + "..."
    return Problem(entry.file, entry.line, f"{language}: {shown!r} does not fit on {state}: {problem.what}")
