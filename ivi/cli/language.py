"""The language the `ivi` command speaks: chosen before click parses the command line, so that
click's own messages ("No such option") come out in it too.

Click marks its messages for gettext but ships no catalogs; `locales/<lang>/LC_MESSAGES/click.po`
translates them, and its modules' `_`/`ngettext` are pointed at our translator here. The help
of our commands and options (docstrings and `help=`) is English in the source; `help_texts`
lists it for extraction, and `translate_help` puts it in the chosen language.
"""

import inspect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types

from ivi.core.text import Text
from ivi.i18n.help_text import HelpText
from ivi.i18n.translator import SOURCE_LANGUAGE, Translator

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


@dataclass(frozen=True)
class CommandHelp:
    """A command's or an option's help, in English as written, the command or option that
    shows it, and where it is shown ("ivi consent grant --duration")."""

    english: str
    holder: click.Command | click.Parameter
    shown_in: str
    command: click.Command  # the command it belongs to (itself, for a command)

    def located(self) -> HelpText:
        """With the file and line of its command, for the translator (reading the source
        takes a while: only the catalog workflow asks)."""
        callback = inspect.unwrap(self.command.callback)  # every ivi command is a decorated function
        file, line = Path(inspect.getsourcefile(callback)), inspect.getsourcelines(callback)[1]
        return HelpText(self.english, file, line, self.shown_in)


def help_texts(root: click.Group) -> list[CommandHelp]:
    return list(_help_texts(root, "ivi"))


def catalog_help(root: click.Group) -> list[HelpText]:
    """The help of every command under `root`, located, as the catalog workflow takes it."""
    return [help_text.located() for help_text in help_texts(root)]


def _help_texts(command: click.Command, path: str) -> Iterator[CommandHelp]:
    if command.help:
        yield CommandHelp(inspect.cleandoc(command.help), command, path, command)
    for param in command.params:
        if isinstance(param, click.Option) and param.help:
            yield CommandHelp(param.help, param, f"{path} {param.opts[0]}", command)
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _help_texts(sub, f"{path} {name}")


FIRST_SENTENCE = re.compile(r"^.*?(?:\.(?=\s|$)|。|$)", re.DOTALL)


def translate_help(texts: list[CommandHelp], translator: Translator) -> None:
    """Give every command and option its help in the translator's language. The list of
    commands shows each command's first sentence (click's own shortening splits at spaces,
    which Chinese does not have)."""
    for help_text in texts:
        translated = translator.gettext(help_text.english)
        help_text.holder.help = translated
        if isinstance(help_text.holder, click.Command):
            help_text.holder.short_help = FIRST_SENTENCE.match(translated).group(0).replace("\n", " ")
