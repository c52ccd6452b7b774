"""A parcel's values copied into plain types before anything checks them.

A rogue app can hand the egress guard objects that lie: text that equals anything, a mapping
that lists the declared names and holds more, a time whose text is a position, a class that
tells `isinstance` it is `str`. Checks on such objects prove nothing about what would be sent.
So the guard first copies a parcel into the few exact types a parcel may hold, each read once
through the built-in types' own methods, refuses anything else, and then checks and sends the
copy alone.
"""

from datetime import date, datetime, timezone
from typing import Any

MAX_DEPTH = 8  # a parcel is flat; this leaves room, and ends a list that holds itself
# Exact types only (compared by identity: a class's metaclass could make `==` say anything).
SCALARS = (str, int, float, bool, type(None), date, bytes)


class NotPlain(Exception):
    """A value that is not one of the plain types a parcel may hold."""


def plain(value: Any, depth: int = 0) -> Any:
    """A copy of `value` in plain types: str, int, float, bool, None, date, bytes, a datetime
    with no zone or a fixed one, and dicts (text keys) and lists of these. Raises NotPlain."""
    kind = type(value)
    if any(kind is scalar for scalar in SCALARS):
        return value
    if kind is datetime:
        if value.tzinfo is None or type(value.tzinfo) is timezone:  # a zone of our own, which cannot lie
            return value
        raise NotPlain
    if depth >= MAX_DEPTH:
        raise NotPlain
    if kind is dict:
        copy = {}
        for key, item in dict.items(value):  # the built-in's own items: an exact dict has no others
            if type(key) is not str:
                raise NotPlain
            copy[key] = plain(item, depth + 1)
        return copy
    if kind is list or kind is tuple:
        return [plain(item, depth + 1) for item in kind.__iter__(value)]
    raise NotPlain
