"""The `ivi` command: a thin layer over the services, in the manner of sqlite-utils' cli.py,
one module per command group (JSON shaped in `shapes`).

Every failure ivi knows of is an `IviError`, printed as one line with a non-zero exit. What
it prints for people is in the language of `--lang`, else of the environment (`LANG`), else
English; JSON stays as documented.
"""

import os
import sys
from pathlib import Path

import click

from ivi.bootstrap import default_db_path
from ivi.cli.anonymise import anonymise
from ivi.cli.bus import bus
from ivi.cli.consent import consent
from ivi.cli.data import data
from ivi.cli.drive import drive
from ivi.cli.ecu import car, ecu
from ivi.cli.egress import egress
from ivi.cli.i18n import i18n
from ivi.cli.language import (
    LANG_OPTION,
    asked_language,
    help_texts,
    say,
    text,
    translate_help,
    translator,
    use_language,
)
from ivi.cli.options import Made, db_option, ecus_option, lang_option
from ivi.cli.params import window_size
from ivi.cli.test_kit import conformance, scenario
from ivi.core.errors import IviError
from ivi.core.text import Text, refused_by_system
from ivi.i18n.translator import DEFAULT_LANGUAGE, SOURCE_LANGUAGE, choose_language


@click.group()
@lang_option
@click.version_option(package_name="ivi")
def cli() -> None:
    """ivi: an in-vehicle head unit that asks for, records and honours consent."""


@cli.command()
@click.option(
    LANG_OPTION, "lang", default=None, metavar="LANGUAGE", help="zh_CN or en (default: from $LANG, else zh_CN)."
)
@db_option
@click.option("--size", default="1280x720", show_default=True, help="Window size, WIDTHxHEIGHT.")
@click.option("--fullscreen", is_flag=True)
@ecus_option
def demo(lang: str | None, db_path: Path | None, size: str, fullscreen: bool, ecus: bool) -> None:
    """Open the head unit on this screen."""
    window = window_size(size)
    from ivi.ui.launch import run_demo  # Kivy is imported only for the demo

    language = choose_language(lang, os.environ, DEFAULT_LANGUAGE)
    run_demo(db_path or default_db_path(), language, window, fullscreen, ecus)


for group in (consent, drive, data, bus, egress, anonymise, i18n, scenario, conformance, ecu, car):
    cli.add_command(group)

HELP_TEXTS = help_texts(cli)  # in English, as written: what translate_help looks up


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    try:
        use_language(choose_language(asked_language(args), os.environ, SOURCE_LANGUAGE))
        translate_help(HELP_TEXTS, translator())
        made = Made()
        try:
            code = cli.main(args=args, prog_name="ivi", standalone_mode=False, obj=made)
        except IviError:
            made.take_back()  # a refused command writes nothing, not even a new database
            raise
    except click.exceptions.NoArgsIsHelpError as help_request:
        click.echo(help_request.ctx.get_help())
        code = 0
    except click.UsageError as error:
        click.echo(f"ivi: {error.format_message()}", err=True)
        code = 2
    except click.Abort:
        say(Text("ivi: interrupted"), err=True)
        code = 130
    except IviError as error:
        click.echo(f"ivi: {text(error.message)}", err=True)
        code = 1
    except OSError as error:
        # A file the system would not let us read or write that no command foresaw: still
        # one line, not a traceback.
        name = f"{error.filename}: " if error.filename else ""
        click.echo(f"ivi: {name}{text(refused_by_system(error))}", err=True)
        code = 1
    sys.exit(code or 0)
