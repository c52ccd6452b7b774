"""`ivi bus`: the simulated sensor bus, run from the command line."""

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ivi.bootstrap import default_db_path
from ivi.cli import shapes
from ivi.cli.language import say, translator
from ivi.cli.options import db_option, ecus_option, json_option, lang_option, seconds_option
from ivi.core.errors import IviError
from ivi.core.text import Plural, Text
from ivi.words import Words

if TYPE_CHECKING:  # Zenoh and the wire check only for the car on its network
    from ivi.net.traffic import Traffic


@click.group()
@lang_option
def bus() -> None:
    """The simulated sensor bus."""


@bus.command("run")
@lang_option
@seconds_option
@ecus_option
@json_option
@db_option
def bus_run(seconds: float, ecus: bool, as_json: bool, db_path: Path | None) -> None:
    """Run the current drive for N simulated seconds and count what the sensors produced.

    If the consent database cannot be used, the car still runs, with every personal sensor
    off, and the command exits 1 saying why."""
    from ivi.bus import signals  # the car (NumPy, OpenCV) only for the command that runs it
    from ivi.car import build_car

    db_path = db_path or default_db_path()
    car = build_car(db_path, fail_closed=True, create=False)
    network, traffic = None, None
    try:
        failure = car.gate.failure
        drive = None if failure else car.services.current_drive()
        if drive is None and not failure:
            raise IviError(Text("the ignition is off: run `ivi drive start` first"))
        if ecus:
            from ivi.net.car_network import CarNetwork, beside, outbound  # Zenoh only for the car on its network

            network = CarNetwork(db_path, beside(db_path))
            network.connect(car)
        car.simulator.advance(seconds)
        car.keeper.flush()
        traffic = outbound(car, network) if network else None
        wire = _wire(traffic, network.folder) if traffic else None
        report = shapes.bus_run(
            seconds,
            signals.VSS_RELEASE,
            drive,
            str(failure) if failure else None,
            sorted(car.gate.state.powered_sensors),
            {path: car.bus.counts[path] for path in signals.ALL_PATHS},
            car.guard.counts,
            car.incidents.dropped,
            wire,
        )
    finally:
        try:
            if network is not None:
                network.close()
        finally:
            car.close()
    if as_json:
        shapes.print_json(report)
    else:
        _say_run(report, Words(car.services.catalog, translator()))
    if failure:
        raise IviError(Text("%(failure)s; the car ran with every personal sensor off", failure=failure.message))
    if traffic is not None and not traffic.clean:
        raise IviError(traffic.refusal())


def _wire(traffic: "Traffic", folder: Path) -> shapes.Json:
    return shapes.wire(traffic, str(folder), [problem.render(translator()) for problem in traffic.problems])


def _say_run(report: shapes.Json, named: Words) -> None:
    drive, seconds = report["drive"], f"{report['seconds']:g}"
    if drive:
        say(
            Text(
                "drive #%(drive)d (%(profile)s), %(seconds)s simulated seconds",
                drive=drive["id"],
                profile=named.profile(drive["profile"]),
                seconds=seconds,
            )
        )
    else:
        say(Text("no consent store, %(seconds)s simulated seconds", seconds=seconds))
    for path, count in report["samples"].items():
        click.echo(f"  {path:<48} {count:>8}")
    egress = report["egress"]
    say(Text("egress: %(allowed)d allowed, %(refused)d refused", allowed=egress["allowed"], refused=egress["refused"]))
    for sent in report["left_car"]:
        say(
            Plural(
                "  %(feature)s to %(server)s: %(n)d parcel, %(size)s",
                "  %(feature)s to %(server)s: %(n)d parcels, %(size)s",
                sent["parcels"],
                feature=named.feature(sent["feature"]),
                server=named.server(sent["endpoint"]),
                size=translator().size(sent["bytes"]),
            )
        )
    if not report["left_car"]:
        say(Text("left the car: nothing"))
    if wire := report["wire"]:
        say(
            Text(
                "on the wire (%(folder)s): %(requests)d requests, %(bytes)d bytes, %(pictures)d pictures of the outside",
                folder=wire["folder"],
                requests=wire["requests"],
                bytes=wire["bytes"],
                pictures=wire["pictures"],
            )
        )
        for problem in wire["problems"]:
            click.echo(f"  {problem}")
