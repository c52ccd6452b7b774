"""The language the `ivi` command speaks: chosen before click parses the command line, so that
click's own messages ("No such option") come out in it too.

Click marks its messages for gettext but ships no catalogs; `locales/<lang>/LC_MESSAGES/click.po`
translates them, and its modules' `_`/`ngettext` are pointed at our translator here.
"""

from collections.abc import Sequence

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types

from ivi.core.text import Text
from ivi.i18n import SOURCE_LANGUAGE, Translator

LANG_OPTION = "--lang"
CLICK_MODULES = (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types)

_translator = Translator(SOURCE_LANGUAGE)


def asked_language(args: Sequence[str]) -> str | None:
    """The value of `--lang X` or `--lang=X` anywhere on the command line (the last one wins)."""
    asked = None
    for i, arg in enumerate(args):
        if arg == LANG_OPTION and i + 1 < len(args):
            asked = args[i + 1]
        elif arg.startswith(LANG_OPTION + "="):
            asked = arg.split("=", 1)[1]
    return asked


def use_language(language: str) -> None:
    _translator.switch(language)
    for module in CLICK_MODULES:
        module._ = _translator.gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _translator.ngettext  # type: ignore[attr-defined]


def translator() -> Translator:
    return _translator


def text(message: Text) -> str:
    return message.render(_translator)


def say(message: Text, err: bool = False) -> None:
    click.echo(text(message), err=err)
