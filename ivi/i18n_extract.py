"""A Babel extractor for the catalog's text fields: names and the seven notice items.

Registered as the `ivi_catalog` Babel extractor in pyproject.toml; it is run by pybabel and by the
catalog-completeness test, never by the app.
"""

import re
from collections.abc import Iterator
from typing import BinaryIO

TEXT_FIELDS = ("name", "collects", "when", "why", "storage", "access", "contact", "other")
TEXT_LINE = re.compile(r'^\s*(?P<key>\w+)\s*=\s*"(?P<text>(?:[^"\\]|\\.)*)"\s*$')


def extract_catalog(
    fileobj: BinaryIO, keywords: object, comment_tags: object, options: dict
) -> Iterator[tuple[int, None, str, list[str]]]:
    for lineno, line in enumerate(fileobj.read().decode("utf-8").splitlines(), start=1):
        match = TEXT_LINE.match(line)
        if match and match["key"] in TEXT_FIELDS:
            yield lineno, None, match["text"], [f"catalog field: {match['key']}"]
