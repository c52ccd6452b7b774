"""`ivi data`: personal data kept in the car, and deleting it."""

from pathlib import Path

import click

from ivi.cli import shapes
from ivi.cli.language import say, text, translator
from ivi.cli.options import (
    category_argument,
    db_option,
    json_option,
    lang_option,
    profile_option,
    reader,
    words,
    writer,
)
from ivi.core.text import Plural, Text


@click.group()
@lang_option
def data() -> None:
    """Personal data kept in the car, and deleting it."""


@data.command("status")
@lang_option
@json_option
@db_option
@profile_option
def data_status(as_json: bool, db_path: Path | None, profile: str | None) -> None:
    """What the car keeps for a profile, per data category, and for how long."""
    services = reader(db_path)
    who = services.profile(profile)
    held = services.holdings(who)
    catalog = services.catalog
    rows = [
        shapes.holding_row(
            category,
            held.get(category.id),
            [f for f in catalog.features_of_category(category.id) if f.retention_days],
        )
        for category in catalog.categories.values()
        if category.personal
    ]
    if as_json:
        shapes.print_json({"profile": who, "categories": rows})
        return
    named = words(services)
    say(Text("Profile: %(profile)s", profile=named.profile(who)))
    for row in rows:
        kept = [
            text(Text("%(feature)s, %(days)s", feature=named.feature(f), days=translator().days(d)))
            for f, d in row["kept_by"].items()
        ]
        holding = held.get(row["category"])
        span = (
            text(
                Text(
                    ", %(first)s to %(last)s", first=named.moment(holding.first_at), last=named.moment(holding.last_at)
                )
            )
            if holding and holding.count
            else ""
        )
        keeps = named.joined(kept) or text(Text("never"))
        say(
            Plural(
                "  %(category)s: %(n)d item, %(size)s%(span)s (kept: %(keeps)s)",
                "  %(category)s: %(n)d items, %(size)s%(span)s (kept: %(keeps)s)",
                row["count"],
                category=named.category(row["category"]),
                size=translator().size(row["bytes"]),
                span=span,
                keeps=keeps,
            )
        )


@data.command("delete")
@lang_option
@category_argument
@json_option
@db_option
@profile_option
def data_delete(category: str, as_json: bool, db_path: Path | None, profile: str | None) -> None:
    """Delete CATEGORY's data in the car now, and ask for copies sent out to be deleted."""
    services = writer(db_path, create=False)
    done = services.delete_data(category, profile)
    if as_json:
        shapes.print_json(shapes.deletion(done))
        return
    named = words(services)
    say(
        Plural(
            "%(category)s: %(n)d item kept in the car deleted",
            "%(category)s: %(n)d items kept in the car deleted",
            done.deleted.count if done.deleted else 0,
            category=named.category(done.category),
        )
    )
    if done.request:
        say(
            Text(
                "deletion request #%(id)d for data sent out by %(features)s: due by %(deadline)s (10 Chinese working days)",
                id=done.request.id,
                features=named.joined([named.feature(f) for f in done.request.features]),
                deadline=translator().date(done.request.deadline),
            )
        )


@data.command("requests")
@lang_option
@json_option
@db_option
@profile_option
def data_requests(as_json: bool, db_path: Path | None, profile: str | None) -> None:
    """Deletion requests for data already sent out, with their working-day deadlines."""
    services = reader(db_path)
    who = services.profile(profile)
    requests = services.deletion_requests(who)
    if as_json:
        shapes.print_json({"profile": who, "requests": [shapes.request_row(r) for r in requests]})
        return
    named = words(services)
    say(Text("Profile: %(profile)s", profile=named.profile(who)))
    for request in requests:
        say(
            Text(
                "  #%(id)d  %(category)s: asked %(asked)s, due by %(deadline)s",
                id=request.id,
                category=named.category(request.category),
                asked=named.moment(request.requested_at),
                deadline=translator().date(request.deadline),
            )
        )
    if not requests:
        say(Text("  no deletion requests"))


@data.command("purge")
@lang_option
@db_option
def data_purge(db_path: Path | None) -> None:
    """Delete what the car has kept longer than its feature's retention (also done at ignition-on)."""
    purged = writer(db_path, create=False).purge_kept_data()
    say(Plural("purged %(n)d batch past its retention", "purged %(n)d batches past their retention", purged))
