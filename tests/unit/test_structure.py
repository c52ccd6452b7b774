"""The shape docs/architecture.md describes, held: no import cycle between ivi's modules (an
import inside a function counts), no module over 450 lines, a core that imports nothing else
of ivi, and nothing above the services that opens the store's tables itself."""

import ast
import re
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

import ivi

PACKAGE = Path(ivi.__file__).parent
MOST_LINES = 450
ABOVE_THE_SERVICES = ("ivi.ui", "ivi.cli", "ivi.testing")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str) -> set[str]:
    """The ivi modules `name` imports, anywhere in it: `from ivi.x import y` is module ivi.x.y
    when there is one, else ivi.x."""
    found = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {
                f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in MODULES else node.module
                for alias in node.names
            }
    return {module for module in found if module in MODULES and module != name}


GRAPH = {name: imports_of(name) for name in MODULES}


def test_the_graph_is_read_from_the_source():
    # what the checks below walk: a module known to import another, inside a function too
    assert "ivi.core.text" in GRAPH["ivi.core.errors"]
    assert "ivi.ui.launch" in GRAPH["ivi.cli.main"]


def test_no_import_cycle_between_ivi_modules():
    try:
        TopologicalSorter(GRAPH).prepare()
    except CycleError as error:
        pytest.fail("import cycle: " + " -> ".join(error.args[1]))


def test_a_cycle_would_be_found():
    with pytest.raises(CycleError):
        TopologicalSorter({**GRAPH, "ivi.core.text": GRAPH["ivi.core.text"] | {"ivi.core.errors"}}).prepare()


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_over_450_lines(name):
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MOST_LINES, f"{MODULES[name]} has {lines} lines: split it"


def test_the_core_imports_nothing_of_ivi_outside_it():
    outside = {
        name: sorted(module for module in GRAPH[name] if not module.startswith("ivi.core"))
        for name in GRAPH
        if name.startswith("ivi.core")
    }
    assert {name: found for name, found in outside.items() if found} == {}


def test_nothing_above_the_services_opens_the_store():
    """The UI, the CLI and the test kit read and write through the services; of the store they
    may know its errors, nothing else (neither its modules nor a `.store` attribute)."""
    reaching = []
    for name, path in MODULES.items():
        if not name.startswith(ABOVE_THE_SERVICES):
            continue
        reaching += [
            f"{name} imports {m}" for m in GRAPH[name] if m.startswith("ivi.store") and m != "ivi.store.errors"
        ]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "store":
                reaching.append(f"{name}:{node.lineno} reaches .store")
    assert reaching == []


def test_every_document_the_code_and_tests_cite_is_in_the_repository():
    top = PACKAGE.parent
    cited = {
        (path.relative_to(top).as_posix(), document)
        for folder in ("ivi", "tests", "bench")
        for path in (top / folder).rglob("*.py")
        for document in re.findall(r"[\w./-]+\.md\b", path.read_text(encoding="utf-8"))
    }
    assert any(document == "docs/requirements.md" for _source, document in cited)  # what this looks for
    missing = sorted(
        (source, doc) for source, doc in cited if not ((top / doc).is_file() or (top / "docs" / doc).is_file())
    )
    assert missing == []


def test_both_stores_are_the_store_interface_and_the_closed_one_refuses_all_of_it():
    """The services see the store through `ivi.store.interface.Store`. CarStore and its tables
    have every member of it with the same parameters; ClosedStore has each one explicitly,
    and each refuses as the opening did."""
    import inspect

    from ivi.core.text import Text
    from ivi.store import interface
    from ivi.store.car_store import CarStore
    from ivi.store.closed import ClosedStore, ClosedTable
    from ivi.store.deletions_table import DeletionRequests
    from ivi.store.egress_table import EgressLog
    from ivi.store.errors import StoreUnavailable
    from ivi.store.inventory_table import Inventory
    from ivi.store.ledger_table import ConsentLedger
    from ivi.store.receipts_table import ReceiptBook

    def methods(protocol: type) -> dict[str, list[str]]:
        return {
            name: list(inspect.signature(value).parameters)
            for name, value in vars(protocol).items()
            if inspect.isfunction(value) and not name.startswith("_")
        }

    tables = {
        "ledger": (interface.Ledger, ConsentLedger),
        "receipts": (interface.Receipts, ReceiptBook),
        "inventory": (interface.KeptData, Inventory),
        "deletions": (interface.Deletions, DeletionRequests),
        "egress": (interface.Egress, EgressLog),
    }
    assert set(interface.Store.__annotations__) == set(tables)
    for protocol, implementation in [(interface.Store, CarStore), *tables.values()]:
        for name, parameters in methods(protocol).items():
            assert list(inspect.signature(getattr(implementation, name)).parameters) == parameters, name
            assert name in vars(ClosedStore if protocol is interface.Store else ClosedTable), name

    error = StoreUnavailable("car.db", Text("locked"))
    closed = ClosedStore(error)
    for name in set(methods(interface.Store)) - {"close"}:
        with pytest.raises(StoreUnavailable):
            getattr(closed, name)()
    for attribute, (protocol, _implementation) in tables.items():
        for name in methods(protocol):
            with pytest.raises(StoreUnavailable):
                getattr(getattr(closed, attribute), name)()
    closed.close()  # nothing to close
