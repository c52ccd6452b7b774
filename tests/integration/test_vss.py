"""Every standard signal the car publishes is as VSS 4.0 specifies it: the path exists, each
value is of the signal's datatype and within its range and allowed values, and the unit ivi
means is the unit VSS gives. The specification is loaded by COVESA's vss-tools from the VSS
definitions of these signals kept as test data (tests/data/vss, MPL-2.0)."""

from collections import defaultdict
from pathlib import Path

import pytest
from vss_tools.main import get_trees

from ivi.bus import signals
from ivi.core.motion import Gear

SPEC = Path(__file__).parents[1] / "data" / "vss"
INTEGERS = {"int8": (-128, 127), "uint8": (0, 255), "int16": (-32768, 32767), "uint16": (0, 65535)}


@pytest.fixture(scope="module")
def spec() -> dict:
    root, _types = get_trees(
        vspec=SPEC / "ivi.vspec", quantities=(SPEC / "quantities.yaml",), units=(SPEC / "units.yaml",)
    )
    return {node.get_fqn(): node.data for node in root.leaves}


def of_datatype(value: object, datatype: str) -> bool:
    if datatype in INTEGERS:
        low, high = INTEGERS[datatype]
        return type(value) is int and low <= value <= high
    return {"float": float, "double": float, "boolean": bool, "string": str}[datatype] is type(value)


def test_every_standard_signal_is_published_as_vss_specifies_it(car, spec):
    car.services.start_drive()
    for feature in car.services.catalog.consentable():
        car.services.grant(feature.id, "7d")
    seen: dict[str, list] = defaultdict(list)
    for path in signals.ALL_PATHS:
        car.bus.subscribe(path, lambda sample: seen[sample.path].append(sample.value))
    for gear in (Gear.PARK, Gear.REVERSE, Gear.NEUTRAL, Gear.DRIVE):
        car.services.set_motion(gear, 0)
        car.simulator.advance(30)
    standard = [p for p in signals.ALL_PATHS if p not in signals.OVERLAY]
    assert set(standard) <= set(spec), set(standard) - set(spec)
    for path in standard:
        definition = spec[path]
        assert seen[path], f"{path} was never published"
        assert definition.unit == signals.UNITS.get(path), path
        for value in seen[path]:
            assert of_datatype(value, definition.datatype), (path, definition.datatype, value)
            assert definition.allowed is None or value in definition.allowed, (path, value)
            assert definition.min is None or value >= definition.min, (path, value)
            assert definition.max is None or value <= definition.max, (path, value)
    # the codes for park and drive belong to the selected gear; the gear engaged has none
    assert set(seen[signals.GEAR]) == {126, -1, 0, 127}
    assert set(seen[signals.CURRENT_GEAR]) == {0, -1, 1}
