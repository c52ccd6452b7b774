"""What a scenario run leaves behind: JUnit XML for CI, and an HTML summary for people, with
the screenshot of every step."""

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from ivi.core.text import Messages, Plural, Text
from ivi.i18n.translator import Translator, locale_of
from ivi.testing.scenario import ScenarioResult

TEMPLATES = Environment(loader=PackageLoader("ivi.testing"), autoescape=select_autoescape())


# What XML 1.0 cannot hold (control characters but tab, newline and return; lone surrogates):
# a scenario name or a failure message may carry them, and the file must stay well-formed.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    return NOT_XML.sub("\ufffd", text)


def write_junit(results: Sequence[ScenarioResult], path: Path) -> Path:
    """One <testcase> per scenario; a failing one carries the step, its line and what failed."""
    failures = sum(not r.passed for r in results)
    suites = ET.Element("testsuites", tests=str(len(results)), failures=str(failures))
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="ivi scenarios",
        tests=str(len(results)),
        failures=str(failures),
        errors="0",
        time=f"{sum(r.seconds for r in results):.3f}",
    )
    for result in results:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=_xml(result.scenario.slug),
            name=_xml(result.scenario.name),
            time=f"{result.seconds:.3f}",
        )
        failed = result.failure
        if failed is not None:
            where = f"{result.scenario.file}:{failed.step.line}: {failed.step.label}"
            why = str(failed.failure)  # in English: CI's readers
            ET.SubElement(case, "failure", message=_xml(f"{where}: {why}")).text = _xml(why)
        ET.SubElement(case, "system-out").text = _xml(
            "\n".join(f"line {s.step.line}: {s.step.label} -> {s.screenshot}" for s in result.steps)
        )
    ET.indent(suites)
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(suites).write(path, encoding="utf-8", xml_declaration=True)
    return path


def said(translator: Messages) -> Callable[[Text | str | None], str]:
    """For templates: a Text in the report's language; a plain string (the driver's own
    English, for developers) as it is."""

    def render(text: Text | str | None) -> str:
        return text.render(translator) if isinstance(text, Text) else text or ""

    return render


def step_words(translator: Translator) -> dict[str, str]:
    """The words of a table of steps, in both reports."""
    tr = translator.gettext
    return {
        "line": tr("line"),
        "step": tr("step"),
        "outcome": tr("outcome"),
        "screen": tr("screen after it"),
        "ok": tr("ok"),
        "not_run": tr("not run"),
    }


def language_name(code: str, translator: Translator) -> str:
    """A language by its name in the report's language ("中文（中国）", "English")."""
    return locale_of(code).get_display_name(translator.locale) or code


def write_summary(results: Sequence[ScenarioResult], path: Path, translator: Translator) -> Path:
    """A page a person reads, in the translator's language: each scenario, its verdict, and
    each step with its picture."""
    tr = translator.gettext
    passed = sum(r.passed for r in results)
    words = {
        "title": Plural(
            "%(passed)d of %(n)d scenario passed", "%(passed)d of %(n)d scenarios passed", len(results), passed=passed
        ).render(translator),
        "heading": tr("%(verdict)s: %(name)s"),
        "passed": tr("passed"),
        "failed": tr("FAILED"),
        **step_words(translator),
    }
    page = TEMPLATES.get_template("summary.html").render(
        results=results,
        base=path.parent,
        words=words,
        tr=tr,
        said=said(translator),
        language=translator.language,
        languages={r.language: language_name(r.language, translator) for r in results},
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path
