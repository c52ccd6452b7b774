"""`ivi conformance`: every requirement CN-01 … CN-15 met by its shipped scenario, with a
report in the language asked for."""

import hashlib
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

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
    start = report.index('<table class="summary">')
    table = report[start : report.index("</table>", start)]
    assert table.count('<td class="verdict met">满足</td>') == 15 and table.count("个步骤全部通过") == 15
    assert report.count('<details id="CN-') == 15
    thumbnails = re.findall(r'<a class="shot" href="([^"]+)"><img src="([^"]+)"', report)
    assert len(thumbnails) > 100 and all(link == image and (out / link).is_file() for link, image in thumbnails)
    assert "@media print" in report and (out / "fonts" / "NotoSansCJKsc-Regular-subset.otf").is_file()
    assert ".shot code { white-space: normal; word-break: break-all; }" in report  # captions wrap, never overlap
    assert "总线上的采样数" in report and "试图传出车外的数据" in report  # sample counts, egress log
    cases = list(ET.parse(out / "junit.xml").getroot().iter("testcase"))
    assert len(cases) == 15 and not any(c.find("failure") is not None for c in cases)
    assert latin_only_sentences(report) == []  # every sentence in Chinese: ids, paths and code aside
    assert report.count("界面语言 中文") == 15  # every requirement's screens in Chinese too
    # where it came from, and a SHA-256 of every evidence file, checkable with sha256sum -c
    for label in ("运行时间", "ivi 版本", "源代码", "功能目录", "VIN 的带密钥哈希", "记录的末端"):
        assert label in report, label
    sums = dict(reversed(line.split("  ", 1)) for line in (out / "SHA256SUMS").read_text().splitlines())
    shown = [
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file() and p.name not in ("report.html", "SHA256SUMS")
    ]
    assert sorted(sums) == sorted(shown) and all(
        hashlib.sha256((out / n).read_bytes()).hexdigest() == d for n, d in sums.items()
    )
    assert all(f'<a href="{name}">{name}</a></td><td><code>{digest}</code>' in report for name, digest in sums.items())


# What may stand in Latin letters in a Chinese report: ids, signal paths, file names, selectors,
# hashes, and the few names that are names in Chinese too.
NOT_WORDS = re.compile(
    r"CN-\d\d|Vehicle(\.\w+)+|[\w./-]+\.(yaml|png|otf|txt|xml|html)|SHA256SUMS|id:\w+|\b[a-z]+(_[a-z0-9]+)+\b|[0-9a-f]{8,}"
    r"|\b(UTC|ivi|VIN|SHA-256|sha256sum|git|B|s)\b|#\d+|[\d.:,%+()/-]+"
)


def latin_only_sentences(page: str) -> list[str]:
    """Text of the page, outside code and preformatted lines' ids, with words in Latin letters
    and not one Chinese character."""

    class Reader(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.inside, self.found = 0, []

        def handle_starttag(self, tag: str, _attrs: list) -> None:
            self.inside += tag in ("code", "style", "title")

        def handle_endtag(self, tag: str) -> None:
            self.inside -= tag in ("code", "style", "title")

        def handle_data(self, data: str) -> None:
            text = data.strip()
            if text and not self.inside and re.search(r"[A-Za-z]{2,}", NOT_WORDS.sub(" ", text)):
                if not re.search(r"[\u4e00-\u9fff]", text):
                    self.found.append(text)

    reader = Reader()
    reader.feed(page)
    return reader.found


def test_a_requirement_without_a_scenario_is_not_met(tmp_path):
    found = verdicts([])
    assert not any(v.passed for v in found)
    report = write_report(found, Translator("en"), tmp_path / "report.html").read_text(encoding="utf-8")
    assert "0 of 15 requirements met" in report
    assert report.count("no scenario proves this requirement") == 15
