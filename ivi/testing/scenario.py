"""Scenario files: a head-unit test written as YAML, for people who do not write Python.

    name: A chip stops the driver camera
    language: en              # optional; en unless given
    steps:
      - ignition_on
      - tap: id:allow_fatigue_alert
      - tap: id:duration_fatigue_alert_7d
      - tap: id:accept_selected
      - see: id:chip_driver_camera
      - tap: id:chip_driver_camera
      - not_see: id:chip_driver_camera

Each step is one verb (see STEPS): something a driver does on screen (`HeadUnitDriver`), a
check of the sensor bus, or a probe below the screen (`ivi.testing.probes`). A file is
checked whole before anything runs; a mistake is reported with the file, the line and what
is wrong.
"""

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ivi.core.clock import LONGEST_RUN_S
from ivi.core.errors import IviError
from ivi.core.text import Text
from ivi.i18n.translator import SOURCE_LANGUAGE, available_languages
from ivi.testing.probes import PAYLOADS, Evidence, catalog_rejects, evidence, recall, received, try_send
from ivi.testing.scenario_file import BadScenario, parse

if TYPE_CHECKING:
    from ivi.testing.driver import HeadUnitDriver

SWIPE_DIRECTIONS = ("up", "down", "left", "right")  # the driver's SWIPES, named without importing Kivy
PICTURE_NAME = re.compile(r"\w[\w .-]{0,63}")  # no separators, and no leading dot (so no "..")


class StepFailed(AssertionError):
    """A step's check did not hold (the driver's own errors are AssertionErrors too)."""


@dataclass(frozen=True)
class Step:
    line: int
    verb: str
    argument: Any  # checked against the verb's shape when the file is read

    @property
    def label(self) -> str:
        return self.verb if self.argument is None else f"{self.verb}: {_short(self.argument)}"


@dataclass(frozen=True)
class EvidenceAsked:
    """What a conformance report shows after the steps, besides their screenshots."""

    samples: tuple[str, ...] = ()  # VSS paths whose sample counts prove something
    ledger: bool = False
    egress: bool = False


@dataclass(frozen=True)
class Scenario:
    file: Path
    name: str
    language: str
    steps: tuple[Step, ...]
    requirement: str | None = None  # the id in docs/requirements.md it proves, e.g. CN-01
    evidence: EvidenceAsked = EvidenceAsked()

    @property
    def slug(self) -> str:
        return re.sub(r"[^A-Za-z0-9]+", "-", self.file.stem).strip("-").lower()


# Checking a step's argument: each returns a reason (a Text) when the argument does not fit.
Shape = Callable[[Any], Text | None]
MAX_RECALL_FRAMES = 1_000  # street scenes a `recall` step draws and measures: minutes of work, not days
COUNT_KEYS = ("at_least", "at_most", "equals")


def _nothing(argument: Any) -> Text | None:
    return None if argument is None else Text("takes nothing after it")


def _string(argument: Any) -> Text | None:
    return None if isinstance(argument, str) and argument else Text("needs a text, like id:keep_all_off")


def _picture_name(argument: Any) -> Text | None:
    """A screenshot's name: a plain name, saved as NAME.png inside --out (no folders, no ..)."""
    if isinstance(argument, str) and PICTURE_NAME.fullmatch(argument) and not argument.lower().endswith(".png"):
        return None
    return Text(
        "needs a plain name of up to 64 letters, digits, spaces, '-', '_' or '.' (saved as NAME.png"
        " in --out), not %(value)r",
        value=argument,
    )


def _selector(argument: Any) -> Text | None:
    if isinstance(argument, str) and argument.partition(":")[0] in ("id", "text", "contains") and ":" in argument:
        return None
    return Text("needs a selector, id:NAME, text:TEXT or contains:PART, not %(value)r", value=argument)


def _number(argument: Any) -> Text | None:
    ok = isinstance(argument, int | float) and not isinstance(argument, bool) and argument >= 0
    return None if ok else Text("needs a number of 0 or more, not %(value)r", value=argument)


def _up_to(top: int) -> Shape:
    """A number of seconds or frames the step runs for: bounded, so that no step runs for ever."""

    def check(argument: Any) -> Text | None:
        ok = isinstance(argument, int | float) and not isinstance(argument, bool) and 0 <= argument <= top
        return None if ok else Text("needs a number from 0 to %(top)s, not %(value)r", top=f"{top:,}", value=argument)

    return check


_seconds = _up_to(LONGEST_RUN_S)
_frames = _up_to(MAX_RECALL_FRAMES)


def _mapping(required: dict[str, Shape], optional: dict[str, Shape], one_of: tuple[str, ...] = ()) -> Shape:
    """A mapping with the `required` keys, any of the `optional` ones, and (if given) at
    least one key of `one_of`."""
    shapes = {**required, **optional}

    def check(argument: Any) -> Text | None:
        if not isinstance(argument, dict):
            return Text("needs the keys %(keys)s", keys=", ".join([*required, *one_of]))
        unknown = sorted(str(key) for key in set(argument) - set(shapes))
        if unknown:
            return Text("does not know %(keys)s (it takes %(known)s)", keys=", ".join(unknown), known=", ".join(shapes))
        missing = [key for key in required if key not in argument]
        if missing:
            return Text("needs %(key)s", key=missing[0])
        if one_of and not set(argument) & set(one_of):
            return Text("needs one of %(keys)s", keys=", ".join(one_of))
        for key, value in argument.items():
            reason = shapes[key](value)
            if reason is not None:
                return Text("%(key)s %(reason)s", key=key, reason=reason)
        return None

    return check


def _one_of(*allowed: str) -> Shape:
    def check(argument: Any) -> Text | None:
        if argument in allowed:
            return None
        return Text("needs %(allowed)s, not %(value)r", allowed=", ".join(allowed), value=argument)

    return check


def _language(argument: Any) -> Text | None:
    """A language with a catalog (read when the file is, not when the module is imported)."""
    return _one_of(*available_languages())(argument)


def _see_shape(argument: Any) -> Text | None:
    if isinstance(argument, dict):
        return _mapping({"selector": _selector}, {"within": _seconds})(argument)
    return _selector(argument)


def _any_mapping(argument: Any) -> Text | None:
    return None if isinstance(argument, dict) and argument else Text("needs one or more key: value")


def _boolean(argument: Any) -> Text | None:
    return None if isinstance(argument, bool) else Text("needs true or false, not %(value)r", value=argument)


COUNTS = {key: _number for key in COUNT_KEYS}


def _see(driver: "HeadUnitDriver", argument: Any) -> None:
    if isinstance(argument, str):
        driver.wait_for(argument)
    else:
        driver.wait_for(argument["selector"], timeout=argument.get("within", 0))


def _not_see(driver: "HeadUnitDriver", selector: str) -> None:
    driver.step()
    if driver.is_visible(selector):
        raise StepFailed(f"{selector!r} is on screen")


def _text(driver: "HeadUnitDriver", argument: dict) -> None:
    """`is`: the widget's own text, exactly; `contains`: any text in it (a row, a card)."""
    widget = driver.wait_for(argument["of"])
    if "is" in argument and widget.text != str(argument["is"]):
        raise StepFailed(f"{argument['of']!r} shows {widget.text!r}, not {argument['is']!r}")
    shown = driver.texts(widget)
    if "contains" in argument and not any(str(argument["contains"]) in text for text in shown):
        raise StepFailed(f"{argument['of']!r} shows {shown}, none with {argument['contains']!r}")


def _silent(driver: "HeadUnitDriver", argument: dict) -> str:
    before = driver.samples(argument["path"])
    driver.advance(argument["for"])
    after = driver.samples(argument["path"])
    if after != before:
        raise StepFailed(f"{after - before} samples on {argument['path']} in {argument['for']} s")
    return f"no sample on {argument['path']} in {argument['for']} s (still {after})"


def _count(what: str, count: int, argument: dict) -> None:
    if "at_least" in argument and count < argument["at_least"]:
        raise StepFailed(f"{what}: {count}, fewer than {argument['at_least']}")
    if "at_most" in argument and count > argument["at_most"]:
        raise StepFailed(f"{what}: {count}, more than {argument['at_most']}")
    if "equals" in argument and count != argument["equals"]:
        raise StepFailed(f"{what}: {count}, not {argument['equals']}")


def _samples(driver: "HeadUnitDriver", argument: dict) -> None:
    _count(f"samples on {argument['path']}", driver.samples(argument["path"]), argument)


def _egress(driver: "HeadUnitDriver", argument: dict) -> None:
    attempts = [
        a
        for a in driver.egress()
        if a.feature == argument.get("feature", a.feature) and a.allowed == argument.get("allowed", a.allowed)
    ]
    _count("attempts to send out", len(attempts), argument)


@dataclass(frozen=True)
class Verb:
    shape: Shape
    act: Callable[["HeadUnitDriver", Any], str | None]  # may return a note for the report


STEPS: dict[str, Verb] = {
    "ignition_on": Verb(_nothing, lambda d, _a: d.ignition_on()),
    "ignition_off": Verb(_nothing, lambda d, _a: d.ignition_off()),
    "tap": Verb(_selector, lambda d, s: d.tap(s)),
    "swipe": Verb(
        _mapping({"selector": _selector, "direction": _one_of(*SWIPE_DIRECTIONS)}, {}),
        lambda d, a: d.swipe(a["selector"], a["direction"]),
    ),
    "see": Verb(_see_shape, _see),
    "not_see": Verb(_selector, _not_see),
    "text": Verb(_mapping({"of": _selector}, {"is": _string, "contains": _string}, ("is", "contains")), _text),
    "gear": Verb(_one_of("P", "R", "N", "D"), lambda d, g: d.set_gear(g)),
    "speed": Verb(
        lambda a: None if a == "city" else _number(a), lambda d, kmh: d.set_speed(None if kmh == "city" else kmh)
    ),
    "advance": Verb(_seconds, lambda d, seconds: d.advance(seconds)),
    "language": Verb(_language, lambda d, code: d.set_language(code)),
    "samples": Verb(_mapping({"path": _string}, COUNTS, COUNT_KEYS), _samples),
    "egress": Verb(_mapping({}, {"feature": _string, "allowed": _boolean, **COUNTS}, COUNT_KEYS), _egress),
    "screenshot": Verb(_picture_name, lambda d, name: d.screenshot(name)),
    "silent": Verb(_mapping({"path": _string, "for": _seconds}, {}), _silent),
    "fast_forward": Verb(_one_of("hour", "day", "week"), lambda d, span: d.fast_forward(span)),
    # below the screen (ivi.testing.probes)
    "try_send": Verb(
        _mapping(
            {"feature": _string, "category": _string, "endpoint": _string, "expect": _string},
            {"payload": _one_of(*PAYLOADS)},
        ),
        lambda d, a: try_send(
            d.car, a["feature"], a["category"], a["endpoint"], a.get("payload", "nothing"), a["expect"]
        ),
    ),
    "received": Verb(
        _mapping({"feature": _string, "at_least": _number}, {"de_identified": _boolean, "coarse_location": _boolean}),
        lambda d, a: received(
            d.car, a["feature"], a["at_least"], a.get("de_identified", False), a.get("coarse_location", False)
        ),
    ),
    "catalog_rejects": Verb(
        _mapping({"feature": _string, "change": _any_mapping, "reason": _string}, {}),
        lambda _d, a: catalog_rejects(a["feature"], a["change"], a["reason"]),
    ),
    "recall": Verb(
        _mapping({"frames": _frames, "at_least": _number}, {}), lambda _d, a: recall(int(a["frames"]), a["at_least"])
    ),
}


def read_scenario(path: Path) -> Scenario:
    """The scenario in `path`, checked whole: every step known and with the argument it needs
    (the file itself is checked first: `ivi.testing.scenario_file.parse`)."""
    root, data = parse(path)
    if not isinstance(data, dict):
        raise BadScenario(path, 1, Text("a scenario is a mapping with name and steps"))
    lines = {key.value: value for key, value in root.value}  # the node of each top-level key, for its line
    for key in ("name", "steps"):
        if key not in data:
            raise BadScenario(path, 1, Text("a scenario needs %(key)s", key=key))
    unknown = sorted(set(data) - set(SCENARIO_KEYS))
    if unknown:
        raise BadScenario(
            path,
            _line(lines[unknown[0]]),
            Text("unknown key %(key)s (a scenario has %(keys)s)", key=unknown[0], keys=", ".join(SCENARIO_KEYS)),
        )
    if not isinstance(data["steps"], list) or not data["steps"]:
        raise BadScenario(path, _line(lines["steps"]), Text("steps is a list of at least one step"))
    steps = tuple(
        _step(path, item, _line(node)) for item, node in zip(data["steps"], lines["steps"].value, strict=True)
    )
    evidence = EvidenceAsked()
    if "evidence" in data:
        reason = EVIDENCE_SHAPE(data["evidence"])
        if reason is not None:
            raise BadScenario(path, _line(lines["evidence"]), Text("evidence %(reason)s", reason=reason))
        asked = data["evidence"]
        evidence = EvidenceAsked(
            tuple(asked.get("samples", ())), asked.get("ledger", False), asked.get("egress", False)
        )
    language = data.get("language", SOURCE_LANGUAGE)
    if (reason := _language(language)) is not None:
        raise BadScenario(path, _line(lines["language"]), Text("language %(reason)s", reason=reason))
    requirement = str(data["requirement"]) if "requirement" in data else None
    return Scenario(path, str(data["name"]), language, steps, requirement, evidence)


def _paths(argument: Any) -> Text | None:
    ok = isinstance(argument, list) and all(isinstance(p, str) and p for p in argument)
    return None if ok else Text("needs a list of VSS paths")


SCENARIO_KEYS = ("name", "language", "requirement", "evidence", "steps")
EVIDENCE_SHAPE = _mapping({}, {"samples": _paths, "ledger": _boolean, "egress": _boolean})


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _step(path: Path, item: Any, line: int) -> Step:
    if isinstance(item, str):
        verb, argument = item, None
    elif isinstance(item, dict) and len(item) == 1:
        ((verb, argument),) = item.items()
    else:
        raise BadScenario(path, line, Text("a step is one verb, like `tap: id:home` or `ignition_on`"))
    if verb not in STEPS:
        raise BadScenario(
            path, line, Text("unknown step %(verb)r (known: %(known)s)", verb=verb, known=", ".join(STEPS))
        )
    reason = STEPS[verb].shape(argument)
    if reason is not None:
        raise BadScenario(path, line, Text("%(verb)s %(reason)s", verb=verb, reason=reason))
    return Step(line, verb, argument)


def _short(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return str(value)


@dataclass
class StepResult:
    step: Step
    screenshot: Path | None = None
    failure: str | None = None
    note: str | None = None  # what a check found, for the report


@dataclass
class ScenarioResult:
    scenario: Scenario
    steps: list[StepResult] = field(default_factory=list)
    seconds: float = 0.0
    evidence: Evidence | None = None

    @property
    def passed(self) -> bool:
        return all(result.failure is None for result in self.steps) and len(self.steps) == len(self.scenario.steps)

    @property
    def failure(self) -> StepResult | None:
        return next((result for result in self.steps if result.failure is not None), None)


def run_scenario(scenario: Scenario, driver: "HeadUnitDriver", pictures: Path) -> ScenarioResult:
    """Run the steps in order on a started head unit, a screenshot after each; the first
    failing step ends the scenario (what follows it would test nothing)."""
    result = ScenarioResult(scenario)
    for number, step in enumerate(scenario.steps, start=1):
        outcome = StepResult(step)
        result.steps.append(outcome)
        try:
            outcome.note = STEPS[step.verb].act(driver, step.argument)
        except AssertionError as failed:  # the driver's errors, StepFailed and ProbeFailed
            outcome.failure = str(failed)
        except IviError as refused:  # the car could not do what the step asked (its store failed)
            outcome.failure = str(refused)
        outcome.screenshot = driver.screenshot(pictures / f"{number:02d}-{step.verb}.png")
        if outcome.failure is not None:
            break
    asked = scenario.evidence
    if asked != EvidenceAsked():
        result.evidence = evidence(driver.car, list(asked.samples), asked.ledger, asked.egress)
    return result


def run_scenarios(scenarios: list[Scenario], out_dir: Path, work_dir: Path) -> list[ScenarioResult]:
    """Each scenario on a head unit of its own (a fresh car database in `work_dir`, the same
    simulator start), its pictures in `out_dir/<file name>/`. Kivy must have been configured
    headless (`ivi.ui.kivy_setup.configure`)."""
    from ivi.testing.driver import launch  # imports Kivy

    results = []
    for scenario, folder in zip(scenarios, _folders(scenarios)):
        pictures = out_dir / folder
        started = time.perf_counter()
        driver = launch(work_dir / f"{folder}.db", language=scenario.language, screenshot_dir=pictures)
        try:
            result = run_scenario(scenario, driver, pictures)
        finally:
            driver.close()
        result.seconds = time.perf_counter() - started
        results.append(result)
    return results


def _folders(scenarios: list[Scenario]) -> list[str]:
    """A folder (and car) of its own for each scenario, even when two files share a name."""
    folders: list[str] = []
    for scenario in scenarios:
        folder, n = scenario.slug or "scenario", 1
        while folder in folders:
            n += 1
            folder = f"{scenario.slug or 'scenario'}-{n}"
        folders.append(folder)
    return folders
