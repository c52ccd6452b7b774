"""The conformance suite: one shipped scenario per requirement of docs/requirements.md (CN-01 …
CN-15, in `ivi/testing/conformance/`), and the report that gives each id a verdict with its
evidence: the screen after every step, what each check found, sample counts, and excerpts of
the consent ledger and the egress log.
"""

import hashlib
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

from ivi.bus.photo_recall import PhotoReport
from ivi.core.text import Plural, Text
from ivi.i18n.translator import Translator
from ivi.paths import ASSETS_DIR, CATALOG_FILE, PACKAGE_DIR
from ivi.testing.reports import TEMPLATES, language_name, said, step_words
from ivi.testing.scenario import Scenario, ScenarioResult, read_scenario

SUITE_DIR = Path(__file__).parent / "conformance"
REQUIREMENT_IDS = tuple(f"CN-{number:02d}" for number in range(1, 16))
SUMS = "SHA256SUMS"  # beside the report: the SHA-256 of every evidence file
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


def write_report(found: list[Verdict], translator: Translator, path: Path, ecus: bool = False) -> Path:
    """The report, in the translator's language, with the screens the head unit showed in it
    (a scenario that names its language, in that one); where it came from (with `ecus`, a car
    run as a network of ECUs); and a SHA-256 of every evidence file it shows, kept in
    SHA256SUMS beside it."""
    tr = translator.gettext
    _copy_fonts(path.parent)
    sums = seal_evidence(path.parent, path)
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
        **step_words(translator),
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
        "origin": tr("Where this report comes from"),
        "car": tr("The car, as what leaves it names it (keyed hash of its VIN)"),
        "heads": tr("Where its record ends (verify with ivi consent verify)"),
        "ledger_head": tr("consent ledger"),
        "drives_head": tr("drives"),
        "files": tr("Evidence files and their SHA-256"),
        "files_count": Plural(
            "%(n)d file; the same list is in %(sums)s (check it with sha256sum -c)",
            "%(n)d files; the same list is in %(sums)s (check it with sha256sum -c)",
            len(sums),
            sums=SUMS,
        ).render(translator),
        "generated": Plural(
            "%(n)d step run; every step's screen is under its requirement",
            "%(n)d steps run; every step's screen is under its requirement",
            sum(len(v.result.steps) for v in found if v.result),
        ).render(translator),
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
        said=said(translator),
        provenance=provenance(translator, ecus),
        sums=sums,
        sums_file=SUMS,
        languages={v.result.language: language_name(v.result.language, translator) for v in found if v.result},
        figures={v.requirement: key_figure(v).render(translator) for v in found},
    )
    path.write_text(page, encoding="utf-8")
    return path


def _copy_fonts(folder: Path) -> None:
    fonts = folder / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    for font in ("NotoSansCJKsc-Regular-subset.otf", "NotoSansCJKsc-Bold-subset.otf", "LICENSE-OFL.txt"):
        shutil.copyfile(ASSETS_DIR / "fonts" / font, fonts / font)


def provenance(translator: Translator, ecus: bool = False) -> list[tuple[str, str]]:
    """What an auditor needs to know this report's run again: when and where (time zone), which
    ivi (version and commit), which catalog of features it held the car to, and how the car ran."""
    tr = translator.gettext
    now = datetime.now().astimezone()
    car = (
        tr("a network of ECUs on Eclipse Zenoh (router, sensor ECUs, T-Box; a cloud behind a recorder)")
        if ecus
        else tr("one process")
    )
    return [
        (tr("The car ran as"), car),
        (tr("Run at"), f"{now:%Y-%m-%d %H:%M:%S} {now.tzname()} (UTC{now:%z})"),
        (tr("ivi version"), version("ivi")),
        (tr("Source"), _commit() or tr("not a git checkout")),
        (tr("Catalog of features"), f"SHA-256 {_sha256(CATALOG_FILE)}"),
    ]


def _commit() -> str | None:
    """The git commit ivi runs from, marked if the work tree differs from it; None if not a checkout."""
    checkout = PACKAGE_DIR.parent
    if not (checkout / ".git").exists():
        return None
    try:
        head = subprocess.run(
            ["git", "-C", str(checkout), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10
        )
        changed = subprocess.run(
            ["git", "-C", str(checkout), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if head.returncode != 0:
        return None
    return head.stdout.strip() + (" (+ uncommitted changes)" if changed.stdout.strip() else "")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def seal_evidence(folder: Path, report: Path) -> list[tuple[str, str]]:
    """The SHA-256 of every evidence file under `folder` (screenshots, junit.xml, the contact
    sheet, the fonts), written to SHA256SUMS beside the report (`sha256sum -c` checks it)."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p not in (report, folder / SUMS))
    sums = [(p.relative_to(folder).as_posix(), _sha256(p)) for p in files]
    (folder / SUMS).write_text("".join(f"{digest}  {name}\n" for name, digest in sums), encoding="utf-8")
    return sums
