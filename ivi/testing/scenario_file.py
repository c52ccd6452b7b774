"""Reading a scenario file a careless or hostile user wrote, before anything in it is trusted:
a size limit checked before reading, UTF-8 named by line, and YAML without aliases (nested
aliases are how a 900-byte file asks for gigabytes: the "billion laughs")."""

from pathlib import Path
from typing import Any

import yaml
import yaml.composer

from ivi.core.errors import IviError
from ivi.core.text import Text, refused_by_system

MAX_SCENARIO_BYTES = 1 << 20  # the shipped scenarios are a few kB; a megabyte is a mistake or an attack


class BadScenario(IviError):
    def __init__(self, file: Path, line: int, reason: Text):
        super().__init__(Text("%(file)s:%(line)d: %(reason)s", file=str(file), line=line, reason=reason))


class NoAliasLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing aliases: a scenario never needs one, and nested aliases
    are how a 900-byte file asks for gigabytes."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed", event.start_mark)
        return super().compose_node(parent, index)


def parse(path: Path) -> tuple[yaml.Node, Any]:
    """The file's YAML node tree (for line numbers) and its data, or one line saying why not."""
    try:
        if path.stat().st_size > MAX_SCENARIO_BYTES:
            raise BadScenario(path, 0, Text("is larger than %(limit)s bytes", limit=f"{MAX_SCENARIO_BYTES:,}"))
        raw = path.read_bytes()
    except OSError as error:
        raise BadScenario(path, 0, Text("cannot be read: %(why)s", why=refused_by_system(error))) from None
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise BadScenario(path, line, Text("is not UTF-8: save the file as UTF-8")) from None
    try:
        return yaml.compose(source, Loader=NoAliasLoader), yaml.load(source, Loader=NoAliasLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        raise BadScenario(
            path, line, Text("not valid YAML (%(yaml)s)", yaml=getattr(error, "problem", None) or str(error))
        ) from None
