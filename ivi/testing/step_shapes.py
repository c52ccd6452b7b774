"""What a scenario step's argument must look like: each shape returns a reason (a Text)
when an argument does not fit, so a scenario file is refused, naming its line, before anything
runs (`ivi.testing.scenario`)."""

import re
from collections.abc import Callable
from typing import Any

from ivi.core.clock import LONGEST_RUN_S
from ivi.core.text import Text
from ivi.i18n.translator import SOURCE_LANGUAGE, available_languages

PICTURE_NAME = re.compile(r"\w[\w .-]{0,63}")  # no separators, and no leading dot (so no "..")

# Checking a step's argument: each returns a reason (a Text) when the argument does not fit.
Shape = Callable[[Any], Text | None]
MAX_RECALL_FRAMES = 1_000  # street scenes a `recall` step draws and measures: minutes of work, not days
COUNT_KEYS = ("at_least", "at_most", "equals")


def nothing(argument: Any) -> Text | None:
    return None if argument is None else Text("takes nothing after it")


def string(argument: Any) -> Text | None:
    return None if isinstance(argument, str) and argument else Text("needs a text, like id:keep_all_off")


def texts(argument: Any) -> Text | None:
    """A text, or one per language ({en: ..., zh_CN: ...}), the source language among them."""
    if not isinstance(argument, dict):
        return string(argument)
    known = available_languages()
    if SOURCE_LANGUAGE in argument and all(k in known and isinstance(v, str) and v for k, v in argument.items()):
        return None
    return Text("needs a text, or one per language with %(source)s among them", source=SOURCE_LANGUAGE)


def picture_name(argument: Any) -> Text | None:
    """A screenshot's name: a plain name, saved as NAME.png inside --out (no folders, no ..)."""
    if isinstance(argument, str) and PICTURE_NAME.fullmatch(argument) and not argument.lower().endswith(".png"):
        return None
    return Text(
        "needs a plain name of up to 64 letters, digits, spaces, '-', '_' or '.' (saved as NAME.png"
        " in --out), not %(value)r",
        value=argument,
    )


def selector(argument: Any) -> Text | None:
    if isinstance(argument, str) and argument.partition(":")[0] in ("id", "text", "contains") and ":" in argument:
        return None
    return Text("needs a selector, id:NAME, text:TEXT or contains:PART, not %(value)r", value=argument)


def number(argument: Any) -> Text | None:
    ok = isinstance(argument, int | float) and not isinstance(argument, bool) and argument >= 0
    return None if ok else Text("needs a number of 0 or more, not %(value)r", value=argument)


def up_to(top: int) -> Shape:
    """A number of seconds or frames the step runs for: bounded, so that no step runs for ever."""

    def check(argument: Any) -> Text | None:
        ok = isinstance(argument, int | float) and not isinstance(argument, bool) and 0 <= argument <= top
        return None if ok else Text("needs a number from 0 to %(top)s, not %(value)r", top=f"{top:,}", value=argument)

    return check


seconds = up_to(LONGEST_RUN_S)
frames = up_to(MAX_RECALL_FRAMES)


def mapping(required: dict[str, Shape], optional: dict[str, Shape], one_of: tuple[str, ...] = ()) -> Shape:
    """A mapping with the `required` keys, any of the `optional` ones, and (if given) at
    least one key of `one_of`."""
    shapes = {**required, **optional}

    def check(argument: Any) -> Text | None:
        if not isinstance(argument, dict):
            return Text("needs the keys %(keys)s", keys=", ".join([*required, *one_of]))
        unknown = sorted(str(key) for key in set(argument) - set(shapes))
        if unknown:
            return Text("does not know %(keys)s (it takes %(known)s)", keys=", ".join(unknown), known=", ".join(shapes))
        missing = [key for key in required if key not in argument]
        if missing:
            return Text("needs %(key)s", key=missing[0])
        if one_of and not set(argument) & set(one_of):
            return Text("needs one of %(keys)s", keys=", ".join(one_of))
        for key, value in argument.items():
            reason = shapes[key](value)
            if reason is not None:
                return Text("%(key)s %(reason)s", key=key, reason=reason)
        return None

    return check


def one_of(*allowed: str) -> Shape:
    def check(argument: Any) -> Text | None:
        if argument in allowed:
            return None
        return Text("needs %(allowed)s, not %(value)r", allowed=", ".join(allowed), value=argument)

    return check


def language(argument: Any) -> Text | None:
    """A language with a catalog (read when the file is, not when the module is imported)."""
    return one_of(*available_languages())(argument)


def see_shape(argument: Any) -> Text | None:
    if isinstance(argument, dict):
        return mapping({"selector": selector}, {"within": seconds})(argument)
    return selector(argument)


def any_mapping(argument: Any) -> Text | None:
    return None if isinstance(argument, dict) and argument else Text("needs one or more key: value")


def boolean(argument: Any) -> Text | None:
    return None if isinstance(argument, bool) else Text("needs true or false, not %(value)r", value=argument)


COUNTS = {key: number for key in COUNT_KEYS}
