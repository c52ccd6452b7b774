"""`ivi scenario run` and `ivi conformance`: the head unit driven headless from YAML scenario
files, without pytest."""

import tempfile
from pathlib import Path

import click

from ivi.cli.language import say, translator
from ivi.cli.options import ecus_option, lang_option, out_option
from ivi.cli.params import GivenPath, out_folder
from ivi.core.errors import IviError
from ivi.core.text import Plural, Text
from ivi.i18n.translator import SOURCE_LANGUAGE


@click.group()
@lang_option
def scenario() -> None:
    """Head-unit tests written as YAML scenario files (see the README)."""


def _run_headless(scenarios: list, out_dir: Path, language: str = SOURCE_LANGUAGE, ecus: bool = False) -> list:
    """Each scenario on a head unit of its own, headless, its database in a temporary folder,
    in `language` unless the scenario names its own; with `ecus`, on the car's network."""
    from ivi.testing.scenario import run_scenarios
    from ivi.ui.kivy_setup import configure  # Kivy is imported only to run scenarios

    configure(headless=True)
    with tempfile.TemporaryDirectory(prefix="ivi-scenarios-") as work:
        return run_scenarios(scenarios, out_dir, Path(work), language, ecus)


@scenario.command("run")
@lang_option
@click.argument("files", nargs=-1, required=True, type=GivenPath(path_type=Path, dir_okay=False))
@out_option("junit.xml, summary.html")
@ecus_option
def scenario_run(files: tuple[Path, ...], out_dir: Path, ecus: bool) -> None:
    """Run each scenario FILE on a headless head unit; exit 1 if any step fails."""
    from ivi.testing.reports import write_junit, write_summary  # YAML and Jinja only for this command
    from ivi.testing.scenario import read_scenario

    scenarios = [read_scenario(path) for path in files]  # every file checked before anything runs
    results = _run_headless(scenarios, out_folder(out_dir), ecus=ecus)
    for result in results:
        failed = result.failure
        if failed is None:
            say(
                Plural(
                    "passed  %(name)s (%(n)d step)",
                    "passed  %(name)s (%(n)d steps)",
                    len(result.steps),
                    name=Text(result.scenario.name),
                )
            )
        else:
            say(
                Text(
                    "FAILED  %(name)s: %(file)s:%(line)d: %(step)s: %(failure)s",
                    name=Text(result.scenario.name),
                    file=str(result.scenario.file),
                    line=failed.step.line,
                    step=failed.step.label,
                    failure=failed.failure,
                )
            )
    say(Text("wrote %(path)s", path=str(write_junit(results, out_dir / "junit.xml"))))
    say(Text("wrote %(path)s", path=str(write_summary(results, out_dir / "summary.html", translator()))))
    failures = sum(not r.passed for r in results)
    if failures:
        raise IviError(
            Plural(
                "%(failed)d of %(n)d scenario failed",
                "%(failed)d of %(n)d scenarios failed",
                len(results),
                failed=failures,
            )
        )


@click.command()
@lang_option
@out_option("report.html, junit.xml")
@click.option(
    "--photos",
    type=GivenPath(path_type=Path, file_okay=False, exists=True),
    help="Real photos labelled in COCO format (PHOTOS/annotations.json): CN-03 is met only if enough are hidden.",
)
@ecus_option
def conformance(out_dir: Path, photos: Path | None, ecus: bool) -> None:
    """Run the shipped scenario of every requirement (CN-01 to CN-15) and write a report, in
    the language of the output, with a verdict per requirement and its evidence."""
    from ivi.bus.anonymiser import Anonymiser  # OpenCV, only to measure the photos
    from ivi.bus.photo_recall import contact_sheet, load_photos, measure_photos
    from ivi.testing.conformance import PhotoMeasure, suite, verdicts, write_report  # YAML and Jinja: only here
    from ivi.testing.reports import write_junit

    measured = None
    if photos is not None:  # first: bad annotations are refused before anything runs
        labelled = load_photos(photos, photos / "annotations.json")
        report = measure_photos(Anonymiser(), labelled)
        measured = PhotoMeasure(report, contact_sheet(report.misses, out_folder(out_dir) / "misses.png"))
    results = _run_headless(suite(), out_folder(out_dir), translator().language, ecus)
    found = verdicts(results, measured)
    for verdict in found:
        name = translator().gettext(verdict.result.scenario.name) if verdict.result else ""
        say(Text("%(id)s  %(verdict)s  %(name)s", id=verdict.requirement, verdict=_met(verdict.passed), name=name))
    write_junit(results, out_dir / "junit.xml")
    say(Text("wrote %(path)s", path=str(write_report(found, translator(), out_dir / "report.html", ecus))))
    unmet = sum(not v.passed for v in found)
    if unmet:
        raise IviError(
            Plural(
                "%(failed)d of %(n)d requirement not met",
                "%(failed)d of %(n)d requirements not met",
                len(found),
                failed=unmet,
            )
        )


def _met(passed: bool) -> Text:
    return Text("met") if passed else Text("NOT MET")
