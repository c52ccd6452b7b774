"""Scenario files a careless or hostile user writes: refused when read, in one line naming
the file and line, before anything runs — screenshot names that would leave --out, YAML
aliases (the billion laughs), files far larger than a scenario, bytes that are not UTF-8."""

from pathlib import Path

import pytest

from ivi.testing.scenario import BadScenario, read_scenario


def scenario(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


@pytest.mark.parametrize("name", ["../../../x/pwn", "a/b", "/tmp/x", "shot.png", ".hidden", "..", "", "x" * 65])
def test_a_screenshot_name_that_would_leave_the_output_folder_is_refused(tmp_path, name):
    path = scenario(tmp_path, f"name: n\nsteps:\n  - ignition_on\n  - screenshot: {name!r}\n")
    with pytest.raises(BadScenario, match=rf"{path}:4: screenshot needs a plain name"):
        read_scenario(path)


def test_plain_screenshot_names_are_taken(tmp_path):
    path = scenario(tmp_path, "name: n\nsteps:\n  - screenshot: notice before 2\n  - screenshot: 诊断_1.0\n")
    assert [s.argument for s in read_scenario(path).steps] == ["notice before 2", "诊断_1.0"]


BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)},"
    f" *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(8)
)


def test_yaml_aliases_are_refused_so_a_bomb_never_unfolds(tmp_path):
    path = scenario(tmp_path, "name: n\nsteps:\n  - ignition_on\n" + BILLION_LAUGHS)
    assert path.stat().st_size < 1000
    with pytest.raises(BadScenario, match=r"hostile.yaml:5: not valid YAML \(aliases \(\*name\) are not allowed\)"):
        read_scenario(path)


def test_a_file_far_larger_than_a_scenario_is_refused_unread(tmp_path):
    path = scenario(tmp_path, "name: n\nsteps:\n" + "  - advance: 1\n" * 1_500_000)  # 22 MB
    with pytest.raises(BadScenario, match=r"hostile.yaml:0: is larger than 1,048,576 bytes"):
        read_scenario(path)


def test_bytes_that_are_not_utf8_are_named_with_their_line(tmp_path):
    path = scenario(tmp_path, b"name: n\nsteps:\n  - tap: text:\xff\xfe\n")
    with pytest.raises(BadScenario, match=r"hostile.yaml:3: is not UTF-8"):
        read_scenario(path)


# Numbers that would run the simulator, or the recall measure, for ever: each step is bounded
# (a simulated day, as `ivi bus run --seconds`), and infinity is no number.
ENDLESS = [
    "  - advance: 1.0e+30\n",
    "  - advance: .inf\n",
    "  - silent: {path: Vehicle.Speed, for: 1.0e+30}\n",
    "  - see: {selector: 'id:x', within: .inf}\n",
    "  - recall: {frames: 1.0e+30, at_least: 0.9}\n",
    "  - advance: 86401\n",
]


@pytest.mark.parametrize("step", ENDLESS)
def test_a_step_that_would_never_end_is_refused_when_read(tmp_path, step):
    path = scenario(tmp_path, "name: n\nsteps:\n  - ignition_on\n" + step)
    with pytest.raises(BadScenario, match=r"hostile.yaml:4: .* needs a number from 0 to"):
        read_scenario(path)


def test_a_day_is_the_longest_step(tmp_path):
    path = scenario(
        tmp_path, "name: n\nsteps:\n  - advance: 86400\n  - samples: {path: Vehicle.Speed, at_least: 1.0e+30}\n"
    )
    assert [s.argument for s in read_scenario(path).steps][0] == 86400


# About a megabyte of nesting, each in its own way: the parser's recursion, not a traceback.
NESTED = {
    "flow sequences": "[" * 300_000 + "]" * 300_000,
    "flow mappings": "{a: " * 200_000 + "1" + "}" * 200_000,
    "block sequences": "".join(" " * i + "-\n" for i in range(1400)),
    "block mappings": "".join(" " * i + "a:\n" for i in range(1400)),
    "mixed flow": "[{a: " * 140_000 + "1" + "}]" * 140_000,
    "in a step": "name: n\nsteps:\n  - tap: " + "[" * 300_000 + "]" * 300_000,
    "as the name": "name: " + "{a: " * 200_000 + "1" + "}" * 200_000 + "\nsteps: []\n",
}


@pytest.mark.parametrize("text", NESTED.values(), ids=NESTED.keys())
def test_deep_nesting_is_refused_in_one_line(tmp_path, text):
    path = scenario(tmp_path, text)
    assert path.stat().st_size <= 1 << 20
    with pytest.raises(BadScenario, match=r"hostile.yaml:\d+: (not valid YAML|nested more than)") as refused:
        read_scenario(path)
    assert "\n" not in str(refused.value)
