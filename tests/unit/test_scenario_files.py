"""Scenario files are read whole before anything runs; a mistake names the file and line."""

from pathlib import Path

import pytest

from ivi.core.text import Text
from ivi.testing.scenario import STEPS, BadScenario, read_scenario


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_scenario_is_read_with_the_line_of_each_step(tmp_path):
    path = write(
        tmp_path,
        "name: Chips\nlanguage: zh_CN\nsteps:\n  - ignition_on\n\n  - tap: id:keep_all_off\n"
        "  - see: {selector: 'text:Driven: 0.5 kilometers', within: 60}\n",
    )
    scenario = read_scenario(path)
    assert (scenario.name, scenario.language) == ("Chips", "zh_CN")
    assert [(s.line, s.verb) for s in scenario.steps] == [(4, "ignition_on"), (6, "tap"), (7, "see")]
    assert scenario.steps[2].argument == {"selector": "text:Driven: 0.5 kilometers", "within": 60}


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("name: x\nsteps:\n  - tap: [id:home\n", 4, "not valid YAML"),
        ("name: x\nsteps:\n  - ignition_on\n  - tapp: id:home\n", 4, "unknown step 'tapp' (known: ignition_on,"),
        ("name: x\nsteps:\n  - speed: fast\n", 3, "speed needs a number of 0 or more, not 'fast'"),
        (
            "name: x\nsteps:\n  - tap: home\n",
            3,
            "tap needs a selector, id:NAME, text:TEXT or contains:PART, not 'home'",
        ),
        ("name: x\nsteps:\n  - ignition_on: now\n", 3, "ignition_on takes nothing after it"),
        ("name: x\nsteps:\n  - samples: {path: Vehicle.Speed}\n", 3, "samples needs one of at_least, at_most, equals"),
        (
            "name: x\nsteps:\n  - swipe: {selector: id:rows, direction: sideways}\n",
            3,
            "direction needs up, down, left, right",
        ),
        ("name: x\nsteps:\n  - {tap: id:a, see: id:b}\n", 3, "a step is one verb"),
        ("name: x\n", 1, "a scenario needs steps"),
        ("name: x\nsteps: []\n", 2, "steps is a list of at least one step"),
        ("name: x\nlang: en\nsteps:\n  - ignition_on\n", 2, "unknown key lang"),
        ("- just a list\n", 1, "a scenario is a mapping with name and steps"),
        ("name: x\nlanguage: fr\nsteps:\n  - ignition_on\n", 2, "language needs en, zh_CN, not 'fr'"),
        ("name: x\nsteps:\n  - ignition_on\n  - language: klingon\n", 4, "language needs en, zh_CN, not 'klingon'"),
    ],
)
def test_a_mistake_is_refused_with_file_line_and_reason(tmp_path, text, line, reason):
    path = write(tmp_path, text)
    with pytest.raises(BadScenario) as refused:
        read_scenario(path)
    assert str(refused.value).startswith(f"{path}:{line}: ")
    assert reason in str(refused.value)


def test_a_missing_file_is_refused_in_one_line(tmp_path):
    with pytest.raises(BadScenario, match=r"nope\.yaml:0: cannot be read"):
        read_scenario(tmp_path / "nope.yaml")


def test_every_verb_checks_its_argument():
    for verb in STEPS.values():
        assert verb.shape(object()) is not None  # nothing accepts just anything


def test_the_summary_page_is_in_the_language_of_the_output(tmp_path):
    """summary.html says everything in the reader's language: the verdicts, the columns, the
    scenario's name and what each check found; the steps are the file's own words."""
    from ivi.i18n.translator import Translator
    from ivi.testing.reports import write_summary
    from ivi.testing.scenario import ScenarioResult, StepFailed, StepResult

    scenario = read_scenario(write(tmp_path, "name: Keep all off\nsteps:\n  - ignition_on\n  - tap: id:keep_all_off\n"))
    result = ScenarioResult(scenario, language="zh_CN")
    result.steps.append(StepResult(scenario.steps[0]))
    failed = StepFailed(Text("%(selector)r is on screen", selector="id:keep_all_off"))
    result.steps.append(StepResult(scenario.steps[1], failure=failed.why))
    page = write_summary([result], tmp_path / "summary.html", Translator("zh_CN")).read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page and "1 个场景中 0 个通过" in page
    assert "未通过：全部保持关闭" in page and "&#39;id:keep_all_off&#39; 仍在屏幕上" in page
    assert all(word in page for word in ("行", "步骤", "结果", "步骤后的界面", "中文"))
    assert "<code>tap: id:keep_all_off</code>" in page
