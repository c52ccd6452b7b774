"""`ivi egress`: what tried to leave the car, and what was let out."""

from pathlib import Path

import click

from ivi.cli import shapes
from ivi.cli.language import say, translator
from ivi.cli.options import db_option, json_option, lang_option, reader, words
from ivi.core.text import Text


@click.group()
@lang_option
def egress() -> None:
    """What tried to leave the car, and what was let out."""


@egress.command("log")
@lang_option
@json_option
@db_option
@click.option("--profile", default=None, help="Only this driver profile's attempts (default: every profile's).")
def egress_log(as_json: bool, db_path: Path | None, profile: str | None) -> None:
    """Every attempt to send data out of the car, allowed or refused, and why."""
    services = reader(db_path)
    attempts = services.egress_log(profile)
    if as_json:
        shapes.print_json({"attempts": [shapes.attempt_row(a) for a in attempts]})
        return
    named = words(services)
    for attempt in attempts:
        say(
            Text(
                "%(at)s  %(feature)s, %(category)s, %(size)s to %(server)s: %(reason)s",
                at=named.moment(attempt.at),
                feature=named.feature(attempt.feature),
                category=named.category(attempt.category),
                size=translator().size(attempt.bytes),
                server=named.server(attempt.endpoint),
                reason=named.reason(attempt.reason),
            )
        )
    if not attempts:
        say(Text("nothing has tried to leave the car"))
