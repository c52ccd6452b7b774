"""The README's two examples, exactly as written there: a new user's pytest test and a new
user's scenario file both pass."""

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from helpers import ivi

README = Path(__file__).parents[2] / "README.md"


def example(language: str) -> str:
    section = README.read_text(encoding="utf-8").split("## Testing the head unit", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(rf"```{language}\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == 1, f"the README's testing section should show one {language} example"
    return blocks[0]


def test_the_readme_pytest_example_passes_in_a_new_project(tmp_path):
    (tmp_path / "test_my_car.py").write_text(example("python"), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "test_my_car.py", "-p", "no:cacheprovider", "-p", "no:xdist", "-q"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout


def test_the_readme_scenario_example_passes_and_leaves_its_reports(tmp_path):
    scenario = tmp_path / "dark.yaml"
    scenario.write_text(example("yaml"), encoding="utf-8")
    run = ivi("scenario", "run", str(scenario), "--out", str(tmp_path / "results"))
    assert run.returncode == 0, run.stdout + run.stderr
    cases = ET.parse(tmp_path / "results" / "junit.xml").getroot().iter("testcase")
    assert [(c.get("name"), c.find("failure")) for c in cases] == [
        ("Keeping all off leaves the driver camera dark", None)
    ]
    assert len(list((tmp_path / "results" / "dark").glob("*.png"))) == 4  # a picture after each step
