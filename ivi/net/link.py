"""Zenoh sessions of the car's network, and who may say what on it.

A router stands for the car's network (its switch), listening on the loopback; the head unit
and every ECU are clients of it, so that a head unit that dies leaves the network up, and the
ECUs see it go. No multicast scouting (nothing is found that the car did not name), and a link
lease of LINK_LEASE_MS, so that a node that dies or is cut off is dropped, and its liveliness
tokens with it, within that time.

Every node logs in (Zenoh's user and password authentication; the passwords are derived from
the car's secret, `ivi.core.lease.network_password`), and the router's access control denies
by default: only the head unit may grant leases (`ivi/consent/**`), ask the sensor ECUs for
samples and frames, and hand parcels to the T-Box (`ivi/egress/**`); only a sensor ECU may
publish or answer with its own group's signals; only the T-Box may take parcels; and the monitor
(a capture, a test) may only listen.
"""

import json
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import zenoh

from ivi.core.errors import IviError
from ivi.core.text import Text

LINK_LEASE_MS = 1000  # a silent link is dropped after this; keep-alives go four times as often
HEAD_UNIT = "ivi/consent/head-unit"  # the head unit's liveliness token
LEASES = "ivi/consent/lease"  # ivi/consent/lease/<sensor>: leases, published and asked for
SAMPLES = "ivi/sample"  # ivi/sample/<group>/<sensor>: the head unit asks for a sample on its clock
FRAMES = "ivi/frame"  # ivi/frame/<group>/<n>: a camera's frame n, fetched when something looks at it
PARCELS = "ivi/egress"  # ivi/egress/<endpoint>: what the egress guard let out, to the T-Box
HEAD_UNIT_USER = "head-unit"
MONITOR_USER = "monitor"
TBOX_USER = "t-box"
# The key expressions each sensor ECU may publish on: its group's signals (ivi.net.sensor_ecu).
ECU_KEYS = {
    "cabin": ("Vehicle/Cabin/**", "Vehicle/Driver/HeartRate"),
    "exterior": ("Vehicle/Exterior/**",),
    "location": ("Vehicle/CurrentLocation/**",),
}

Password = Callable[[str], str]  # user -> password


class NetworkUnavailable(IviError):
    def __init__(self, where: str, why: str):
        super().__init__(Text("cannot use the car's network at %(where)s: %(why)s", where=where, why=_plain(why)))


def _plain(zenoh_error: str) -> str:
    """Zenoh's reason, without the Rust around it: its first line, the message inside an error
    value, and no source location."""
    first = zenoh_error.strip().splitlines()[0] if zenoh_error.strip() else "?"
    inner = re.search(r'msg: "([^"]*)"', first)
    return re.sub(r"\s+at /\S+?\.rs:\d+\.?", "", inner.group(1) if inner else first).strip()


def ecu_user(group: str) -> str:
    return f"sensors-{group}"


def users() -> list[str]:
    """Who logs in to the router: the head unit, the monitor, the T-Box, a sensor ECU per group."""
    return [HEAD_UNIT_USER, MONITOR_USER, TBOX_USER, *(ecu_user(group) for group in ECU_KEYS)]


def lease_key_expr(sensor: str) -> str:
    return f"{LEASES}/{sensor}"


def sample_key_expr(group: str, sensor: str) -> str:
    return f"{SAMPLES}/{group}/{sensor}"


def frame_key_expr(group: str, number: int) -> str:
    return f"{FRAMES}/{group}/{number}"


def parcel_key_expr(endpoint: str) -> str:
    return f"{PARCELS}/{endpoint}"


def signal_key_expr(vss_path: str) -> str:
    """A VSS path as a key expression: Vehicle.Cabin.Camera.Frame -> Vehicle/Cabin/Camera/Frame."""
    return vss_path.replace(".", "/")


def vss_path(key_expr: str) -> str:
    """The VSS path a key expression stands for: the inverse of `signal_key_expr`."""
    return key_expr.replace("/", ".")


def open_router(listen: str, password: Password) -> zenoh.Session:
    """The network: the router every node logs in to. Zenoh reads its list of passwords from a
    file when it opens: the file lives in a private folder only as long as that takes."""
    private = Path(tempfile.mkdtemp(prefix="ivi-network-"))
    dictionary = private / "users"
    try:
        descriptor = os.open(dictionary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write("".join(f"{user}:{password(user)}\n" for user in users()))
        auth = {"user": "router", "password": password("router"), "dictionary_file": str(dictionary)}
        return _open("router", listen=(listen,), auth=auth, access=access_control())
    finally:
        dictionary.unlink(missing_ok=True)
        private.rmdir()


def open_client(router: str, user: str, password: str) -> zenoh.Session:
    """A node's session (the head unit, an ECU, the monitor), logged in to the router."""
    return _open("client", connect=(router,), auth={"user": user, "password": password})


def access_control() -> dict:
    """Deny by default; each node may do only its part (flows as the router sees them)."""

    def allow(rule: str, messages: list[str], keys: list[str], flow: str = "ingress") -> dict:
        return {"id": rule, "permission": "allow", "flows": [flow], "messages": messages, "key_exprs": keys}

    rules = [
        allow("grant leases", ["put", "liveliness_token", "declare_queryable", "reply"], ["ivi/consent/**"]),
        allow("be asked for leases", ["query"], ["ivi/consent/**"], "egress"),
        allow("watch", ["declare_subscriber"], ["Vehicle/**", "ivi/consent/**"]),
        allow("be told", ["put"], ["Vehicle/**", "ivi/consent/**"], "egress"),
        allow("hold leases", ["declare_subscriber", "query"], [f"{LEASES}/**"]),
        allow("watch the head unit", ["declare_liveliness_subscriber", "liveliness_query"], [HEAD_UNIT]),
        allow("be given leases", ["put", "reply"], [f"{LEASES}/**"], "egress"),
        allow("see the head unit", ["liveliness_token"], [HEAD_UNIT], "egress"),
        allow("ask for samples", ["query"], [f"{SAMPLES}/**", f"{FRAMES}/**"]),
        allow("be given samples", ["reply"], ["Vehicle/**", f"{FRAMES}/**"], "egress"),
        allow("be asked for samples", ["query"], [f"{SAMPLES}/**", f"{FRAMES}/**"], "egress"),
        allow("send out", ["put"], [f"{PARCELS}/**"]),
        allow("carry out", ["declare_subscriber"], [f"{PARCELS}/**"]),
        allow("be handed parcels", ["put"], [f"{PARCELS}/**"], "egress"),
    ]
    subjects = [{"id": user, "usernames": [user]} for user in (HEAD_UNIT_USER, MONITOR_USER, TBOX_USER)]
    head_unit = ["grant leases", "be asked for leases", "watch", "be told", "ask for samples", "be given samples"]
    policies = [
        {"rules": [*head_unit, "send out"], "subjects": [HEAD_UNIT_USER]},
        {"rules": ["watch", "be told"], "subjects": [MONITOR_USER]},
        {"rules": ["carry out", "be handed parcels"], "subjects": [TBOX_USER]},
    ]
    for group, keys in ECU_KEYS.items():
        user = ecu_user(group)
        own = [f"{SAMPLES}/{group}/**", f"{FRAMES}/{group}/**"]
        rules.append(allow(f"publish {group}", ["put"], list(keys)))
        rules.append(allow(f"answer for {group}", ["declare_queryable"], own))
        rules.append(allow(f"sample {group}", ["reply"], [*keys, f"{FRAMES}/{group}/**"]))
        subjects.append({"id": user, "usernames": [user]})
        own_rules = [f"publish {group}", f"answer for {group}", f"sample {group}"]
        shared = ["hold leases", "watch the head unit", "be given leases", "see the head unit", "be asked for samples"]
        policies.append({"rules": [*own_rules, *shared], "subjects": [user]})
    return {"enabled": True, "default_permission": "deny", "rules": rules, "subjects": subjects, "policies": policies}


def _open(
    mode: str, *, listen: tuple[str, ...] = (), connect: tuple[str, ...] = (), auth: dict, access: dict | None = None
) -> zenoh.Session:
    try:
        return zenoh.open(_config(mode, listen, connect, auth, access))
    except zenoh.ZError as error:  # a malformed endpoint, a port taken, no router there
        raise NetworkUnavailable(" ".join([*listen, *connect]), str(error)) from None


def _config(
    mode: str, listen: tuple[str, ...], connect: tuple[str, ...], auth: dict, access: dict | None
) -> zenoh.Config:
    config = zenoh.Config()
    config.insert_json5("mode", json.dumps(mode))
    config.insert_json5("scouting/multicast/enabled", "false")
    config.insert_json5("listen/endpoints", json.dumps(list(listen)))
    config.insert_json5("connect/endpoints", json.dumps(list(connect)))
    config.insert_json5("transport/link/tx/lease", str(LINK_LEASE_MS))
    config.insert_json5("transport/auth/usrpwd", json.dumps(auth))
    if access is not None:
        config.insert_json5("access_control", json.dumps(access))
    return config
