"""Scenario runs that must not leak into each other or into the report: two files of the
same name each get a car and an output folder of their own, and a name carrying control
characters still gives a junit.xml that XML parsers and junitparser read."""

import xml.etree.ElementTree as ET

from junitparser import JUnitXml

from ivi.testing.reports import write_junit
from ivi.testing.scenario import read_scenario, run_scenarios

CONSENTS = """name: "Consents\\x07 to fatigue alert\\x1b[31m"
steps:
  - ignition_on
  - tap: id:allow_fatigue_alert
  - tap: id:duration_fatigue_alert_7d
  - tap: id:accept_selected
  - screenshot: after
"""
STARTS_DARK = """name: Starts with the driver camera off
steps:
  - ignition_on
  - advance: 2
  - samples: {path: Vehicle.Cabin.Camera.Driver.Frame, equals: 0}
  - screenshot: after
"""


def test_two_files_of_the_same_name_get_a_car_and_a_folder_each(tmp_path):
    files = []
    for folder, text in (("a", CONSENTS), ("b", STARTS_DARK)):
        (tmp_path / folder).mkdir()
        files.append(tmp_path / folder / "same.yaml")
        files[-1].write_text(text)
    (tmp_path / "work").mkdir()
    out = tmp_path / "out"
    results = run_scenarios([read_scenario(f) for f in files], out, tmp_path / "work")
    assert [r.passed for r in results] == [True, True]  # the second did not inherit the first's consent
    assert (out / "same" / "after.png").is_file() and (out / "same-2" / "after.png").is_file()
    junit = write_junit(results, out / "junit.xml")
    ET.parse(junit)  # well-formed
    [suite] = JUnitXml.fromfile(str(junit))
    assert [case.name for case in suite] == [
        "Consents\ufffd to fatigue alert\ufffd[31m",
        "Starts with the driver camera off",
    ]
