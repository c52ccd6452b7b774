"""A scenario run twice gives the same result, step by step, down to the evidence: the
simulator clock, the seeded sensors and the frames stepped by the driver leave nothing to
chance. Only what the car keys differs, as it should: its ids (each fresh car database draws
its own secret) and its ledger hashes (each car's secure element draws its own chain key)."""

import re

import pytest

from ivi.testing.conformance import SUITE_DIR
from ivi.testing.scenario import ScenarioResult, read_scenario, run_scenarios

KEYED_ID = re.compile(r"\b[0-9a-f]{32}\b")  # a VIN hash or a driver pseudonym (ivi.core.pseudonyms)
CHAIN_HASH = re.compile(r"\b[0-9a-f]{12}$")  # the start of a ledger entry's keyed hash, as evidence shows it


def outcome(result: ScenarioResult) -> list:
    said = [(s.step, str(s.failure or ""), KEYED_ID.sub("<keyed id>", str(s.note or ""))) for s in result.steps]
    ledger = [CHAIN_HASH.sub("<keyed hash>", str(line)) for line in result.evidence.ledger]
    return [result.passed, said, result.evidence.samples, ledger, [str(line) for line in result.evidence.egress]]


# an ignition cycle with consents, and the location fixes the egress log keeps: what varies if
# anything does (CN-09, the chips' stops, passed too; two keep the suite fast)
@pytest.mark.parametrize("requirement", ["CN-01", "CN-13"])
def test_a_scenario_gives_the_same_result_and_evidence_every_run(tmp_path, requirement):
    scenario = read_scenario(SUITE_DIR / f"{requirement}.yaml")
    runs = []
    for n in (1, 2):
        (tmp_path / f"work{n}").mkdir()
        runs += run_scenarios([scenario], tmp_path / f"run{n}", tmp_path / f"work{n}")
    assert runs[0].passed
    assert outcome(runs[0]) == outcome(runs[1])
