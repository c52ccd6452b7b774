"""Values the `ivi` command takes, checked before any work starts: paths that name something,
output folders that can be written, finite seconds, window and frame sizes. Each refusal is
one line (click's usage error, exit 2, or `CannotWrite`, exit 1)."""

import math
import re
import tempfile
from pathlib import Path

import click

from ivi.cli.language import text
from ivi.core.errors import CannotWrite
from ivi.core.text import Text, refused_by_system
from ivi.files import NOT_A_FILE, is_special

MIN_SIZE, MAX_SIZE = (320, 240), (7680, 4320)  # a window or frame size: a small screen to 8K


class GivenPath(click.Path):
    """A path option or argument: an empty one names no file (click would read it as ".")."""

    def convert(self, value, param, ctx):
        if isinstance(value, str) and not value.strip():
            self.fail(text(Text("an empty path names no file")), param, ctx)
        path = super().convert(value, param, ctx)
        if is_special(Path(path)):
            self.fail(text(NOT_A_FILE), param, ctx)
        return path


def out_folder(folder: Path) -> Path:
    """Make the output folder, and find out now that it can be written, before any work."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        raise CannotWrite(str(folder), refused_by_system(error)) from None
    return folder


def finite_seconds(seconds: float) -> float:
    # click's FloatRange lets "nan" through: no comparison with it is ever true.
    if not math.isfinite(seconds):
        raise click.BadParameter(
            text(Text("'%(value)s' is not a number of seconds", value=seconds)), param_hint="--seconds"
        )
    return seconds


def window_size(size: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{3,4})x(\d{3,4})", size)
    if not match or not (MIN_SIZE[0] <= int(match[1]) <= MAX_SIZE[0] and MIN_SIZE[1] <= int(match[2]) <= MAX_SIZE[1]):
        raise click.BadParameter(
            text(
                Text(
                    "'%(size)s' is not WIDTHxHEIGHT between %(least)s and %(most)s, e.g. 1280x720",
                    size=size,
                    least="x".join(map(str, MIN_SIZE)),
                    most="x".join(map(str, MAX_SIZE)),
                )
            ),
            param_hint="--size",
        )
    return int(match[1]), int(match[2])


def host_port(value: str, option: str) -> tuple[str, int]:
    """HOST:PORT on this machine's loopback (the cloud and its recorder live on this machine)."""
    host, _, port = value.rpartition(":")
    if host not in ("127.0.0.1", "localhost") or not port.isdigit() or not 0 < int(port) < 65536:
        raise click.BadParameter(text(Text("'%(value)s' is not 127.0.0.1:PORT", value=value)), param_hint=option)
    return host, int(port)


def http_url(value: str) -> str:
    """The cloud's URL: http(s) on this machine's loopback."""
    match = re.fullmatch(r"https?://(127\.0\.0\.1|localhost):(\d{1,5})/?", value)
    if not match or not 0 < int(match[2]) < 65536:
        raise click.BadParameter(
            text(Text("'%(value)s' is not http://127.0.0.1:PORT", value=value)), param_hint="--cloud"
        )
    return value.rstrip("/")
