"""`ivi ecu`: the car's network of ECUs on Eclipse Zenoh, one process a node (issue 30, first
part: consent leases between the head unit and the sensor ECUs)."""

import signal
import threading
from pathlib import Path

import click

from ivi.bootstrap import default_db_path
from ivi.cli import shapes
from ivi.cli.bus import bus_run
from ivi.cli.language import say
from ivi.cli.options import db_option, json_option, lang_option, seconds_option
from ivi.core.text import Text

ROUTER = "tcp/127.0.0.1:7447"


def _until_told_to_stop() -> threading.Event:
    """Set at SIGTERM or SIGINT: the node closes its session (its liveliness token goes with it)."""
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    return stop


@click.group()
@lang_option
def ecu() -> None:
    """The car's ECUs as processes on Eclipse Zenoh, on the loopback."""


@ecu.command("router")
@lang_option
@db_option
@click.option("--listen", default=ROUTER, show_default=True, help="Where the network listens (the loopback).")
def router(db_path: Path | None, listen: str) -> None:
    """Run the car's network: the Zenoh router every node connects to, until stopped."""
    from ivi.net.nodes import run_router  # Zenoh only for the commands that use it

    run_router(db_path or default_db_path(), listen, _until_told_to_stop(), click.echo)


@ecu.command("head-unit")
@lang_option
@db_option
@click.option("--router", "router_at", default=ROUTER, show_default=True, help="The car's network.")
def head_unit(db_path: Path | None, router_at: str) -> None:
    """Grant consent leases to the sensor ECUs from the car's record, until stopped."""
    from ivi.net.nodes import run_head_unit

    run_head_unit(db_path or default_db_path(), router_at, _until_told_to_stop(), click.echo)


@ecu.command("sensors")
@lang_option
@click.argument("group", type=click.Choice(["cabin"]))
@db_option
@click.option("--router", "router_at", default=ROUTER, show_default=True, help="The car's network.")
def sensors(group: str, db_path: Path | None, router_at: str) -> None:
    """Run a sensor ECU: GROUP's sensors publish only under a valid lease, until stopped."""
    from ivi.net.nodes import run_sensor_ecu

    run_sensor_ecu(db_path or default_db_path(), group, router_at, _until_told_to_stop(), click.echo)


@click.command()
@lang_option
@seconds_option
@click.option("--ecus", is_flag=True, help="As processes on Zenoh, on the wall clock, instead of in this process.")
@json_option
@db_option
@click.pass_context
def car(context: click.Context, seconds: float, ecus: bool, as_json: bool, db_path: Path | None) -> None:
    """Run the car for N seconds and count what its signals carried: in this process on the
    simulator clock (as `ivi bus run`), or with --ecus as a network of processes."""
    if not ecus:
        context.invoke(bus_run, seconds=seconds, as_json=as_json, db_path=db_path)
        return
    from ivi.net.nodes import run_network

    counts = run_network(db_path or default_db_path(), seconds)
    if as_json:
        shapes.print_json({"seconds": seconds, "ecus": True, "signals": counts})
        return
    for path, count in counts.items():
        say(Text("%(path)s: %(count)d", path=path, count=count))
