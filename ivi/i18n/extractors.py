"""Babel extractors for text that is not in a gettext call: the catalog's text fields (names,
one-line summaries and the seven notice items), and the names of the conformance scenarios
(each is the requirement its report shows).

Registered as the `ivi_catalog` and `ivi_scenario` Babel extractors in pyproject.toml; they are
run by pybabel and by `ivi i18n extract`, never by the app.
"""

import re
from collections.abc import Iterator
from typing import BinaryIO

TEXT_FIELDS = ("name", "summary", "collects", "when", "why", "storage", "access", "contact", "other")
TEXT_LINE = re.compile(r'^\s*(?P<key>\w+)\s*=\s*"(?P<text>(?:[^"\\]|\\.)*)"\s*$')


def extract_catalog(
    fileobj: BinaryIO, keywords: object, comment_tags: object, options: dict
) -> Iterator[tuple[int, None, str, list[str]]]:
    for lineno, line in enumerate(fileobj.read().decode("utf-8").splitlines(), start=1):
        match = TEXT_LINE.match(line)
        if match and match["key"] in TEXT_FIELDS:
            yield lineno, None, match["text"], [f"catalog field: {match['key']}"]


SCENARIO_NAME = re.compile(r"^name:\s*(?P<text>.+?)\s*$")


def extract_scenario_name(
    fileobj: BinaryIO, keywords: object, comment_tags: object, options: dict
) -> Iterator[tuple[int, None, str, list[str]]]:
    # The name is a plain one-line YAML scalar in every shipped scenario.
    for lineno, line in enumerate(fileobj.read().decode("utf-8").splitlines(), start=1):
        if match := SCENARIO_NAME.match(line):
            yield lineno, None, match["text"], ["conformance scenario: the requirement it proves"]
