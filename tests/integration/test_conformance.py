"""`ivi conformance`: every requirement CN-01 … CN-15 met by its shipped scenario, with a
report in the language asked for."""

import re
import xml.etree.ElementTree as ET

from helpers import ivi

from ivi.i18n.translator import Translator
from ivi.testing.conformance import REQUIREMENT_IDS, suite, verdicts, write_report


def test_the_shipped_suite_covers_every_requirement_once():
    assert [s.requirement for s in suite()] == list(REQUIREMENT_IDS)


def test_every_requirement_is_met_and_the_report_is_in_chinese(tmp_path):
    out = tmp_path / "conformance"
    run = ivi("conformance", "--out", str(out), "--lang", "zh_CN", timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert [line.split()[:2] for line in lines[:15]] == [[id_, "满足"] for id_ in REQUIREMENT_IDS]
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "15 项要求中满足 15 项" in report and "未满足" not in report
    assert report.count('<img src="cn-') > 100  # a screenshot after every step
    # A summary table first, a row per requirement with its verdict and key figure; then each
    # requirement's evidence folded under it; thumbnails that open the picture full size.
    table = report[report.index('<table class="summary">') : report.index("</table>")]
    assert table.count('<td class="verdict met">满足</td>') == 15 and table.count("个步骤全部通过") == 15
    assert report.count('<details id="CN-') == 15
    thumbnails = re.findall(r'<a class="shot" href="([^"]+)"><img src="([^"]+)"', report)
    assert len(thumbnails) > 100 and all(link == image and (out / link).is_file() for link, image in thumbnails)
    assert "@media print" in report and (out / "fonts" / "NotoSansCJKsc-Regular-subset.otf").is_file()
    assert "总线上的采样数" in report and "试图传出车外的数据" in report  # sample counts, egress log
    cases = list(ET.parse(out / "junit.xml").getroot().iter("testcase"))
    assert len(cases) == 15 and not any(c.find("failure") is not None for c in cases)


def test_a_requirement_without_a_scenario_is_not_met(tmp_path):
    found = verdicts([])
    assert not any(v.passed for v in found)
    report = write_report(found, Translator("en"), tmp_path / "report.html").read_text(encoding="utf-8")
    assert "0 of 15 requirements met" in report
    assert report.count("no scenario proves this requirement") == 15
