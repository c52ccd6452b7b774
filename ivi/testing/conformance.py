"""The conformance suite: one shipped scenario per requirement of docs/requirements.md (CN-01 …
CN-15, in `ivi/testing/conformance/`), and the report that gives each id a verdict with its
evidence: the screen after every step, what each check found, sample counts, and excerpts of
the consent ledger and the egress log.
"""

import shutil
from dataclasses import dataclass
from pathlib import Path

from ivi.bus.photo_recall import PhotoReport
from ivi.core.text import Plural, Text
from ivi.i18n.translator import Translator
from ivi.paths import ASSETS_DIR
from ivi.testing.reports import TEMPLATES
from ivi.testing.scenario import Scenario, ScenarioResult, read_scenario

SUITE_DIR = Path(__file__).parent / "conformance"
REQUIREMENT_IDS = tuple(f"CN-{number:02d}" for number in range(1, 16))
ANONYMISER_REQUIREMENT = "CN-03"  # what real photographs measured with --photos add to


@dataclass(frozen=True)
class PhotoMeasure:
    """The anonymiser on real photographs (`ivi conformance --photos DIR`)."""

    report: PhotoReport
    sheet: Path  # every miss


def suite() -> list[Scenario]:
    """The shipped scenarios, in requirement order."""
    return sorted((read_scenario(path) for path in SUITE_DIR.glob("*.yaml")), key=lambda s: s.requirement or "")


@dataclass(frozen=True)
class Verdict:
    requirement: str
    result: ScenarioResult | None  # None: no scenario proves this requirement
    photos: PhotoMeasure | None = None  # CN-03 with --photos: met only if the photos are too

    @property
    def passed(self) -> bool:
        photos_pass = self.photos is None or self.photos.report.passes
        return self.result is not None and self.result.passed and photos_pass


def verdicts(results: list[ScenarioResult], photos: PhotoMeasure | None = None) -> list[Verdict]:
    by_id = {r.scenario.requirement: r for r in results}
    return [
        Verdict(requirement, by_id.get(requirement), photos if requirement == ANONYMISER_REQUIREMENT else None)
        for requirement in REQUIREMENT_IDS
    ]


def key_figure(verdict: Verdict) -> Text:
    """One line for the summary table: the recall on real photographs where they were
    measured, else how many checks passed, or the first that failed."""
    if verdict.photos is not None:
        report = verdict.photos.report
        return Text(
            "faces hidden %(faces)s, plates hidden %(plates)s on real photographs",
            faces=f"{report.recall('faces'):.1%}",
            plates=f"{report.recall('plates'):.1%}",
        )
    result = verdict.result
    if result is None:
        return Text("no scenario")
    if (failed := result.failure) is not None:
        return Text("step %(line)d failed: %(step)s", line=failed.step.line, step=failed.step.label)
    return Plural("%(n)d step passed", "%(n)d steps passed", len(result.steps))


def write_report(found: list[Verdict], translator: Translator, path: Path) -> Path:
    """The report, in the translator's language (the head unit's screens in each scenario's)."""
    tr = translator.gettext
    words = {
        "title": tr("Conformance report"),
        "summary": Plural(
            "%(passed)d of %(n)d requirement met",
            "%(passed)d of %(n)d requirements met",
            len(found),
            passed=sum(v.passed for v in found),
        ).render(translator),
        "passed": tr("met"),
        "failed": tr("NOT MET"),
        "missing": tr("no scenario proves this requirement"),
        "line": tr("line"),
        "step": tr("step"),
        "outcome": tr("outcome"),
        "screen": tr("screen after it"),
        "ok": tr("ok"),
        "not_run": tr("not run"),
        "samples": tr("Samples on the bus"),
        "ledger": tr("Consent ledger (last entries)"),
        "egress": tr("What tried to leave the car"),
        "nothing": tr("nothing"),
        "screens_in": tr("screens in %(language)s"),
        "photos": tr("The anonymiser on real photographs"),
        "misses": tr("Every face and plate it missed"),
        "requirement": tr("Requirement"),
        "what": tr("What it asks"),
        "verdict": tr("Verdict"),
        "figure": tr("Key figure"),
        "generated": tr("%(steps)d steps run; every step's screen is under its requirement")
        % {"steps": sum(len(v.result.steps) for v in found if v.result)},
    }
    photo_lines = {
        v.requirement: [line.render(translator) for line in v.photos.report.lines(None)] for v in found if v.photos
    }
    page = TEMPLATES.get_template("conformance.html").render(
        verdicts=found,
        words=words,
        tr=tr,
        language=translator.language,
        base=path.parent,
        photo_lines=photo_lines,
        figures={v.requirement: key_figure(v).render(translator) for v in found},
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fonts = path.parent / "fonts"
    fonts.mkdir(exist_ok=True)
    for font in ("NotoSansCJKsc-Regular-subset.otf", "NotoSansCJKsc-Bold-subset.otf", "LICENSE-OFL.txt"):
        shutil.copyfile(ASSETS_DIR / "fonts" / font, fonts / font)
    path.write_text(page, encoding="utf-8")
    return path
