"""Reading a scenario file a careless or hostile user wrote, before anything in it is trusted:
a size limit checked before reading, UTF-8 named by line, and YAML without aliases (nested
aliases are how a 900-byte file asks for gigabytes: the "billion laughs")."""

from pathlib import Path
from typing import Any

import yaml
import yaml.composer

from ivi.core.errors import IviError
from ivi.core.text import Text, refused_by_system
from ivi.files import NOT_A_FILE, is_special

MAX_SCENARIO_BYTES = 1 << 20  # the shipped scenarios are a few kB; a megabyte is a mistake or an attack
MAX_DEPTH = 32  # a scenario nests three or four levels; deeper is a mistake, or an attack on the parser


class BadScenario(IviError):
    def __init__(self, file: Path, line: int, reason: Text):
        super().__init__(Text("%(file)s:%(line)d: %(reason)s", file=str(file), line=line, reason=reason))


class NoAliasLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing aliases (a scenario never needs one, and nested aliases
    are how a 900-byte file asks for gigabytes) and nesting deeper than MAX_DEPTH (the
    parser recurses, so a megabyte of brackets would exhaust Python's stack)."""

    depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed", event.start_mark)
        if self.depth >= MAX_DEPTH:
            problem = f"nested more than {MAX_DEPTH} levels deep"
            raise yaml.composer.ComposerError(None, None, problem, self.peek_event().start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def parse(path: Path) -> tuple[yaml.Node, Any]:
    """The file's YAML node tree (for line numbers) and its data, or one line saying why not."""
    if is_special(path):
        raise BadScenario(path, 0, Text("cannot be read: %(why)s", why=NOT_A_FILE))
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
    except RecursionError:  # the scanner's own recursion, on brackets it meets before composing
        raise BadScenario(path, 0, Text("not valid YAML (%(yaml)s)", yaml="nested too deeply")) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        raise BadScenario(
            path, line, Text("not valid YAML (%(yaml)s)", yaml=getattr(error, "problem", None) or str(error))
        ) from None
