"""Zenoh sessions of the car's network, and its key expressions.

A router stands for the car's network (its switch), listening on the loopback; the head unit
and every ECU are clients of it, so that a head unit that dies leaves the network up, and the
ECUs see it go. No multicast scouting (nothing is found that the car did not name), and a link
lease of LINK_LEASE_MS, so that an ECU that dies or is cut off is dropped, and its liveliness
tokens with it, within that time.
"""

import json

import zenoh

LINK_LEASE_MS = 1000  # a silent link is dropped after this; keep-alives go four times as often
HEAD_UNIT = "ivi/consent/head-unit"  # the head unit's liveliness token
LEASES = "ivi/consent/lease"  # ivi/consent/lease/<sensor>: leases, published and asked for


def lease_key_expr(sensor: str) -> str:
    return f"{LEASES}/{sensor}"


def signal_key_expr(vss_path: str) -> str:
    """A VSS path as a key expression: Vehicle.Cabin.Camera.Frame -> Vehicle/Cabin/Camera/Frame."""
    return vss_path.replace(".", "/")


def open_router(listen: str) -> zenoh.Session:
    """The network: the router every node connects to."""
    return _open("router", listen=[listen])


def open_client(router: str) -> zenoh.Session:
    """A node's session (the head unit, an ECU): a client of the router."""
    return _open("client", connect=[router])


def _open(mode: str, listen: list[str] = [], connect: list[str] = []) -> zenoh.Session:  # noqa: B006 - read only
    config = zenoh.Config()
    config.insert_json5("mode", json.dumps(mode))
    config.insert_json5("scouting/multicast/enabled", "false")
    config.insert_json5("listen/endpoints", json.dumps(listen))
    config.insert_json5("connect/endpoints", json.dumps(connect))
    config.insert_json5("transport/link/tx/lease", str(LINK_LEASE_MS))
    return zenoh.open(config)
