"""`ivi i18n`: the translator's workflow: extract, update, compile and check the catalogs."""

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ivi.cli.language import catalog_help, say
from ivi.cli.options import lang_option
from ivi.cli.params import GivenPath, out_folder
from ivi.core.errors import IviError
from ivi.core.text import Plural, Text
from ivi.i18n.translator import UnknownLanguage, available_languages
from ivi.paths import LOCALES_DIR

if TYPE_CHECKING:
    from ivi.i18n.catalogs import Problem
    from ivi.i18n.help_text import HelpText


@click.group()
@lang_option
def i18n() -> None:
    """The translator's workflow: extract, update, compile and check the catalogs."""


@i18n.command("extract")
@lang_option
def i18n_extract() -> None:
    """Collect the messages marked in the source into locales/ivi.pot and locales/click.pot."""
    from ivi.i18n import catalogs  # Babel's extractors and fontTools: only for these commands

    for path in catalogs.extract(_command_help()):
        say(Text("wrote %(path)s", path=catalogs.shown_path(path)))


@i18n.command("update")
@lang_option
def i18n_update() -> None:
    """Merge the templates into every language's catalog: new messages untranslated, changed ones fuzzy."""
    from ivi.i18n import catalogs

    for path in catalogs.update():
        say(Text("updated %(path)s", path=catalogs.shown_path(path)))


@i18n.command("compile")
@click.option("--out", "out_dir", type=GivenPath(path_type=Path, file_okay=False), default=Path("build/locales"))
@lang_option
def i18n_compile(out_dir: Path) -> None:
    """Write .mo files to --out for other gettext readers (the app compiles the .po files itself)."""
    from ivi.i18n import catalogs

    for language, translated, total in catalogs.compile_all(out_folder(out_dir)):
        say(
            Text(
                "%(language)s: %(translated)d of %(total)d messages translated",
                language=language,
                translated=translated,
                total=total,
            )
        )
    say(Text("wrote %(path)s", path=str(out_dir)))


@i18n.command("check")
@click.option("--no-render", is_flag=True, help="Check the catalogs only, without drawing the screens.")
@click.option(
    "--draw",
    "drawn",
    multiple=True,
    metavar="LANGUAGE",
    help="Draw the screens in this language only (repeatable; default: every language and the pseudo-locale).",
)
@click.option(
    "--screenshots",
    type=GivenPath(file_okay=False, path_type=Path),
    help="Also save every screen drawn, as LANGUAGE-STATE.png in this folder.",
)
@lang_option
def i18n_check(no_render: bool, drawn: tuple[str, ...], screenshots: Path | None) -> None:
    """Every message translated, nothing fuzzy, the same placeholders, every character in the
    font, and every screen drawn in every language (and a pseudo-locale) without overflow."""
    from ivi.i18n import catalogs
    from ivi.i18n.pseudo_locale import PSEUDO_LANGUAGE

    languages = available_languages()
    drawable = [*languages, PSEUDO_LANGUAGE]
    for language in drawn:
        if language not in drawable:
            raise UnknownLanguage(language, drawable)
    if screenshots is not None:
        out_folder(screenshots)
    problems = catalogs.check_catalogs(command_help=_command_help())
    to_draw = [] if no_render else [language for language in drawable if language in drawn or not drawn]
    if to_draw:
        problems += _render_problems(to_draw, screenshots)
    for problem in problems:
        click.echo(str(problem))
    checked = ", ".join(languages)
    if problems:
        raise IviError(
            Plural(
                "%(n)d problem in the catalogs (%(languages)s)",
                "%(n)d problems in the catalogs (%(languages)s)",
                len(problems),
                languages=", ".join(languages + [d for d in to_draw if d not in languages]),
            )
        )
    if to_draw:
        say(
            Text(
                "catalogs complete (%(languages)s); every screen fits in %(drawn)s",
                languages=checked,
                drawn=", ".join(to_draw),
            )
        )
    else:
        say(Text("catalogs complete (%(languages)s); screens not drawn", languages=checked))


def _render_problems(languages: list[str], screenshot_dir: Path | None) -> list["Problem"]:
    """Every screen drawn in each language; the pseudo-locale's catalog is made from the
    source for the while."""
    from ivi.ui.kivy_setup import configure  # Kivy is imported only to draw the screens

    configure(headless=True)
    from ivi.i18n.pseudo_locale import locales_with_pseudo
    from ivi.testing.render_check import render_problems

    problems = []
    with tempfile.TemporaryDirectory(prefix="ivi-i18n-check-") as work:
        locales = locales_with_pseudo(LOCALES_DIR, Path(work) / "locales")
        for language in languages:
            problems += render_problems(locales, language, Path(work), screenshot_dir)
    return problems


def _command_help() -> list["HelpText"]:
    """The help of every command, read from the `ivi` group this command runs in."""
    return catalog_help(click.get_current_context().find_root().command)
