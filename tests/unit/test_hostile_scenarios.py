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
