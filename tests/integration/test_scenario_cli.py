"""`ivi scenario run`: a verdict per scenario, JUnit XML, an HTML summary with a picture of
every step, a non-zero exit on failure, and a malformed file refused before anything runs."""

import os
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from helpers import ivi

PASSING = """name: Keeping all off
steps:
  - ignition_on
  - tap: id:keep_all_off
  - see: id:tile_privacy
"""
# An expected text is one of ivi's messages, looked for as the head unit says it: the title in
# English passes on a Chinese head unit, a title ivi never shows does not.
FAILING = """name: Expecting a title the head unit never shows
language: zh_CN
steps:
  - ignition_on
  - text: {of: id:notice_title, is: How this car uses your personal information}
  - text: {of: id:notice_title, is: How this car uses your data}
  - tap: id:keep_all_off
"""


class Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "img":
            self.sources.append(dict(attrs)["src"])


def test_a_failing_step_is_named_with_its_line_and_the_run_exits_1(tmp_path):
    (tmp_path / "passing.yaml").write_text(PASSING, encoding="utf-8")
    (tmp_path / "failing.yaml").write_text(FAILING, encoding="utf-8")
    out = tmp_path / "out"
    run = ivi("scenario", "run", str(tmp_path / "passing.yaml"), str(tmp_path / "failing.yaml"), "--out", str(out))
    assert run.returncode == 1
    assert "passed  Keeping all off (3 steps)" in run.stdout
    assert f"FAILED  Expecting a title the head unit never shows: {tmp_path / 'failing.yaml'}:6: text:" in run.stdout
    assert run.stderr == "ivi: 1 of 2 scenarios failed\n"
    suite = ET.parse(out / "junit.xml").getroot().find("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    failure = suite.find("testcase[@classname='failing']/failure")
    assert ":6: text: of=id:notice_title" in failure.get("message") and "本车如何处理您的个人信息" in failure.get(
        "message"
    )
    images = Images()
    images.feed((out / "summary.html").read_text(encoding="utf-8"))
    assert len(images.sources) == 3 + 3  # the failing scenario stops at its failing step
    assert all((out / source).is_file() for source in images.sources)


def test_a_malformed_file_is_refused_before_anything_runs(tmp_path):
    (tmp_path / "passing.yaml").write_text(PASSING, encoding="utf-8")
    (tmp_path / "typo.yaml").write_text("name: typo\nsteps:\n  - ignition_on\n  - tapp: id:home\n", encoding="utf-8")
    out = tmp_path / "out"
    run = ivi("scenario", "run", str(tmp_path / "passing.yaml"), str(tmp_path / "typo.yaml"), "--out", str(out))
    assert run.returncode == 1
    assert run.stderr.startswith(f"ivi: {tmp_path / 'typo.yaml'}:4: unknown step 'tapp' (known: ")
    assert run.stderr.count("\n") == 1 and run.stdout == ""
    assert not out.exists()


def test_scenarios_run_on_the_plain_install_without_pytest(tmp_path):
    """The README offers scenario files to people who do not write Python: they install ivi
    without the test extra. A `pytest` that cannot be imported stands in for that install."""
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "pytest.py").write_text("raise ModuleNotFoundError(\"No module named 'pytest'\")\n")
    (tmp_path / "passing.yaml").write_text(PASSING.replace("id:tile_privacy", "contains:PRIVACY CENTRE"))
    env = {**os.environ, "PYTHONPATH": str(shim)}
    run = ivi("scenario", "run", str(tmp_path / "passing.yaml"), "--out", str(tmp_path / "out"), env=env)
    assert run.returncode == 0, run.stderr
    assert "passed  Keeping all off (3 steps)" in run.stdout
