"""`ivi ecu`: the car's network of ECUs on Eclipse Zenoh, one process a node (issue 30, first
part: consent leases between the head unit and the sensor ECUs)."""

import signal
import threading
from pathlib import Path

import click

from ivi.bootstrap import default_db_path
from ivi.cli import params
from ivi.cli.bus import bus_run
from ivi.cli.options import db_option, ecus_option, json_option, lang_option, seconds_option
from ivi.net import READY

ROUTER = "tcp/127.0.0.1:7447"
SENSOR_GROUPS = ["cabin", "exterior", "location"]  # ivi.net.sensor_ecu.GROUPS, without loading Zenoh


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
@click.argument("group", type=click.Choice(SENSOR_GROUPS))
@db_option
@click.option("--router", "router_at", default=ROUTER, show_default=True, help="The car's network.")
@click.option("--on-demand", is_flag=True, help="Sample when the head unit asks, on its clock, not on the wall clock.")
def sensors(group: str, db_path: Path | None, router_at: str, on_demand: bool) -> None:
    """Run a sensor ECU: GROUP's sensors publish only under a valid lease, until stopped."""
    from ivi.net.nodes import run_sensor_ecu

    run_sensor_ecu(db_path or default_db_path(), group, router_at, _until_told_to_stop(), click.echo, on_demand)


@ecu.command("t-box")
@lang_option
@db_option
@click.option("--router", "router_at", default=ROUTER, show_default=True, help="The car's network.")
@click.option("--cloud", required=True, help="The cloud's URL on this machine: http, 127.0.0.1 and its port.")
def tbox(db_path: Path | None, router_at: str, cloud: str) -> None:
    """Run the T-Box: carry what the egress guard let out to the cloud over HTTP, until stopped."""
    from ivi.net.nodes import run_tbox

    run_tbox(db_path or default_db_path(), router_at, params.http_url(cloud), _until_told_to_stop(), click.echo)


@ecu.command("cloud")
@lang_option
@click.option(
    "--store", type=params.GivenPath(dir_okay=False, path_type=Path), required=True, help="The cloud's SQLite file."
)
@click.option("--listen", default="127.0.0.1:8080", show_default=True, help="HOST:PORT to serve on.")
def cloud(store: Path, listen: str) -> None:
    """Run the car maker's cloud on this machine, keeping what it receives in STORE, until stopped."""
    from ivi.net.cloud import serve

    serve(store, *params.host_port(listen, "--listen"), _until_told_to_stop(), lambda: click.echo(READY))


@ecu.command("recorder")
@lang_option
@click.option("--listen", required=True, help="HOST:PORT the T-Box sends to.")
@click.option("--to", "upstream", required=True, help="HOST:PORT of the cloud.")
@click.option(
    "--out",
    "out_dir",
    type=params.GivenPath(file_okay=False, path_type=Path),
    required=True,
    help="Where the capture goes.",
)
def recorder(listen: str, upstream: str, out_dir: Path) -> None:
    """Record every byte sent through to the cloud, a file per connection, until stopped."""
    from ivi.net.recorder import Recorder

    ends = params.host_port(listen, "--listen"), params.host_port(upstream, "--to")
    Recorder(*ends, out_dir).run(_until_told_to_stop(), lambda: click.echo(READY))


@click.command()
@lang_option
@seconds_option
@ecus_option
@json_option
@db_option
@click.pass_context
def car(context: click.Context, seconds: float, ecus: bool, as_json: bool, db_path: Path | None) -> None:
    """Run the car for N simulated seconds and count what its signals carried, as `ivi bus
    run`; with --ecus, its sensors in ECUs and its egress through the T-Box, and what left it
    on the wire checked."""
    context.invoke(bus_run, seconds=seconds, ecus=ecus, as_json=as_json, db_path=db_path)
