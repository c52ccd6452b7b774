"""A scenario run twice gives the same result, step by step, down to the evidence: the
simulator clock, the seeded sensors and the frames stepped by the driver leave nothing to
chance. Only the car's keyed ids differ, as they should: each fresh car database draws its
own secret."""

import re

import pytest

from ivi.testing.conformance import SUITE_DIR
from ivi.testing.scenario import ScenarioResult, read_scenario, run_scenarios

KEYED_ID = re.compile(r"\b[0-9a-f]{32}\b")  # a VIN hash or a driver pseudonym (ivi.core.pseudonyms)


def outcome(result: ScenarioResult) -> list:
    steps = [(s.step, s.failure, KEYED_ID.sub("<keyed id>", s.note or "")) for s in result.steps]
    return [result.passed, steps, result.evidence]


@pytest.mark.parametrize("requirement", ["CN-01", "CN-09", "CN-13"])
def test_a_scenario_gives_the_same_result_and_evidence_every_run(tmp_path, requirement):
    scenario = read_scenario(SUITE_DIR / f"{requirement}.yaml")
    runs = []
    for n in (1, 2):
        (tmp_path / f"work{n}").mkdir()
        runs += run_scenarios([scenario], tmp_path / f"run{n}", tmp_path / f"work{n}")
    assert runs[0].passed
    assert outcome(runs[0]) == outcome(runs[1])
