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

from ivi.core.errors import IviError
from ivi.core.text import Plural, Text
from ivi.i18n.translator import SOURCE_LANGUAGE
from ivi.testing import step_shapes as shapes
from ivi.testing.probes import PAYLOADS, Evidence, catalog_rejects, evidence, recall, received, try_send
from ivi.testing.scenario_file import BadScenario, parse

if TYPE_CHECKING:
    from ivi.testing.driver import HeadUnitDriver

SWIPE_DIRECTIONS = ("up", "down", "left", "right")  # the driver's SWIPES, named without importing Kivy


class StepFailed(AssertionError):
    """A step's check did not hold, said in words the report translates (the driver's own
    errors are AssertionErrors too)."""

    def __init__(self, why: Text):
        super().__init__(str(why))
        self.why = why


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
    language: str | None  # None: whichever the run is in (English, or the report's language)
    steps: tuple[Step, ...]
    requirement: str | None = None  # the id in docs/requirements.md it proves, e.g. CN-01
    evidence: EvidenceAsked = EvidenceAsked()

    @property
    def slug(self) -> str:
        return re.sub(r"[^A-Za-z0-9]+", "-", self.file.stem).strip("-").lower()


def _see(driver: "HeadUnitDriver", argument: Any) -> None:
    if isinstance(argument, str):
        driver.wait_for(argument)
    else:
        driver.wait_for(argument["selector"], timeout=argument.get("within", 0))


def _not_see(driver: "HeadUnitDriver", selector: str) -> None:
    driver.step()
    if driver.is_visible(selector):
        raise StepFailed(Text("%(selector)r is on screen", selector=selector))


def _text(driver: "HeadUnitDriver", argument: dict) -> None:
    """`is`: the widget's own text, exactly; `contains`: any text in it (a row, a card). The
    expected text is a message of ivi's, in English: it is looked for as the head unit says it
    in its language (a text ivi does not translate is looked for as it is written)."""
    widget = driver.wait_for(argument["of"])
    expected = {key: _in_language(argument[key], driver.app) for key in ("is", "contains") if key in argument}
    if "is" in expected and widget.text != expected["is"]:
        raise StepFailed(
            Text(
                "%(widget)r shows %(shown)r, not %(expected)r",
                widget=argument["of"],
                shown=widget.text,
                expected=expected["is"],
            )
        )
    shown = driver.texts(widget)
    if "contains" in expected and not any(expected["contains"] in text for text in shown):
        raise StepFailed(
            Text(
                "%(widget)r shows %(shown)s, none with %(expected)r",
                widget=argument["of"],
                shown=shown,
                expected=expected["contains"],
            )
        )


def _in_language(expected: str | dict[str, str], app: Any) -> str:
    """What to look for in the head unit's language: a text given per language, or a message
    of ivi's as the head unit says it (a text ivi does not translate, as it is written)."""
    if isinstance(expected, dict):
        return str(expected.get(app.language, expected.get(SOURCE_LANGUAGE, "")))
    return app.tr(str(expected))


def _silent(driver: "HeadUnitDriver", argument: dict) -> Text:
    before = driver.samples(argument["path"])
    driver.advance(argument["for"])
    after = driver.samples(argument["path"])
    if after != before:
        raise StepFailed(
            Plural(
                "%(n)d sample on %(path)s in %(seconds)s s",
                "%(n)d samples on %(path)s in %(seconds)s s",
                after - before,
                path=argument["path"],
                seconds=f"{argument['for']:g}",
            )
        )
    return Text(
        "no sample on %(path)s in %(seconds)s s (still %(n)d)",
        path=argument["path"],
        seconds=f"{argument['for']:g}",
        n=after,
    )


def _count(what: Text, count: int, argument: dict) -> Text:
    if "at_least" in argument and count < argument["at_least"]:
        raise StepFailed(
            Text("%(what)s: %(n)d, fewer than %(limit)s", what=what, n=count, limit=f"{argument['at_least']:g}")
        )
    if "at_most" in argument and count > argument["at_most"]:
        raise StepFailed(
            Text("%(what)s: %(n)d, more than %(limit)s", what=what, n=count, limit=f"{argument['at_most']:g}")
        )
    if "equals" in argument and count != argument["equals"]:
        raise StepFailed(Text("%(what)s: %(n)d, not %(limit)s", what=what, n=count, limit=f"{argument['equals']:g}"))
    return Text("%(what)s: %(n)d", what=what, n=count)


def _samples(driver: "HeadUnitDriver", argument: dict) -> Text:
    return _count(Text("samples on %(path)s", path=argument["path"]), driver.samples(argument["path"]), argument)


def _egress(driver: "HeadUnitDriver", argument: dict) -> Text:
    attempts = [
        a
        for a in driver.egress()
        if a.feature == argument.get("feature", a.feature) and a.allowed == argument.get("allowed", a.allowed)
    ]
    return _count(Text("attempts to send out"), len(attempts), argument)


def _traffic(driver: "HeadUnitDriver", argument: dict) -> Text:
    """What left the car breaks no rule of `ivi.net.traffic`; and, counted like `egress`, how
    many requests left (of one feature; with `new`, since the last `traffic` step)."""
    traffic = driver.outbound()
    if not traffic.clean:
        raise StepFailed(traffic.refusal())
    seen = traffic.requests[driver.traffic_seen :] if argument.get("new") else traffic.requests
    driver.traffic_seen = len(traffic.requests)
    count = sum(1 for r in seen if r.feature == argument.get("feature", r.feature))
    counted = _count(Text("requests that left the car"), count, argument)
    return Text(
        "%(counted)s; %(bytes)d bytes out, %(pictures)d pictures of the outside looked at: no face,"
        " no plate, no VIN, no profile name, no cabin data outside its ways out, nothing outside China",
        counted=counted,
        bytes=traffic.wire_bytes,
        pictures=traffic.pictures,
    )


@dataclass(frozen=True)
class Verb:
    shape: shapes.Shape
    act: Callable[["HeadUnitDriver", Any], Text | str | None]  # may return a note for the report


STEPS: dict[str, Verb] = {
    "ignition_on": Verb(shapes.nothing, lambda d, _a: d.ignition_on()),
    "ignition_off": Verb(shapes.nothing, lambda d, _a: d.ignition_off()),
    "tap": Verb(shapes.selector, lambda d, s: d.tap(s)),
    "swipe": Verb(
        shapes.mapping({"selector": shapes.selector, "direction": shapes.one_of(*SWIPE_DIRECTIONS)}, {}),
        lambda d, a: d.swipe(a["selector"], a["direction"]),
    ),
    "see": Verb(shapes.see_shape, _see),
    "not_see": Verb(shapes.selector, _not_see),
    "text": Verb(
        shapes.mapping({"of": shapes.selector}, {"is": shapes.texts, "contains": shapes.texts}, ("is", "contains")),
        _text,
    ),
    "gear": Verb(shapes.one_of("P", "R", "N", "D"), lambda d, g: d.set_gear(g)),
    "speed": Verb(
        lambda a: None if a == "city" else shapes.number(a), lambda d, kmh: d.set_speed(None if kmh == "city" else kmh)
    ),
    "advance": Verb(shapes.seconds, lambda d, seconds: d.advance(seconds)),
    "language": Verb(shapes.language, lambda d, code: d.set_language(code)),
    "samples": Verb(shapes.mapping({"path": shapes.string}, shapes.COUNTS, shapes.COUNT_KEYS), _samples),
    "egress": Verb(
        shapes.mapping({}, {"feature": shapes.string, "allowed": shapes.boolean, **shapes.COUNTS}, shapes.COUNT_KEYS),
        _egress,
    ),
    "traffic": Verb(
        shapes.mapping({}, {"feature": shapes.string, "new": shapes.boolean, **shapes.COUNTS}, shapes.COUNT_KEYS),
        _traffic,
    ),
    "screenshot": Verb(shapes.picture_name, lambda d, name: d.screenshot(name)),
    "silent": Verb(shapes.mapping({"path": shapes.string, "for": shapes.seconds}, {}), _silent),
    "fast_forward": Verb(shapes.one_of("hour", "day", "week"), lambda d, span: d.fast_forward(span)),
    # below the screen (ivi.testing.probes)
    "try_send": Verb(
        shapes.mapping(
            {"feature": shapes.string, "category": shapes.string, "endpoint": shapes.string, "expect": shapes.string},
            {"payload": shapes.one_of(*PAYLOADS)},
        ),
        lambda d, a: try_send(
            d.car, a["feature"], a["category"], a["endpoint"], a.get("payload", "nothing"), a["expect"]
        ),
    ),
    "received": Verb(
        shapes.mapping(
            {"feature": shapes.string, "at_least": shapes.number},
            {"de_identified": shapes.boolean, "coarse_location": shapes.boolean},
        ),
        lambda d, a: received(
            d.car, a["feature"], a["at_least"], a.get("de_identified", False), a.get("coarse_location", False)
        ),
    ),
    "catalog_rejects": Verb(
        shapes.mapping({"feature": shapes.string, "change": shapes.any_mapping, "reason": shapes.string}, {}),
        lambda _d, a: catalog_rejects(a["feature"], a["change"], a["reason"]),
    ),
    "recall": Verb(
        shapes.mapping({"frames": shapes.frames, "at_least": shapes.number}, {}),
        lambda _d, a: recall(int(a["frames"]), a["at_least"]),
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
    language = data.get("language")
    if language is not None and (reason := shapes.language(language)) is not None:
        raise BadScenario(path, _line(lines["language"]), Text("language %(reason)s", reason=reason))
    requirement = str(data["requirement"]) if "requirement" in data else None
    return Scenario(path, str(data["name"]), language, steps, requirement, evidence)


def _paths(argument: Any) -> Text | None:
    ok = isinstance(argument, list) and all(isinstance(p, str) and p for p in argument)
    return None if ok else Text("needs a list of VSS paths")


SCENARIO_KEYS = ("name", "language", "requirement", "evidence", "steps")
EVIDENCE_SHAPE = shapes.mapping({}, {"samples": _paths, "ledger": shapes.boolean, "egress": shapes.boolean})


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
    failure: Text | str | None = None  # the driver's own errors are in English, for developers
    note: Text | str | None = None  # what a check found, for the report


@dataclass
class ScenarioResult:
    scenario: Scenario
    steps: list[StepResult] = field(default_factory=list)
    seconds: float = 0.0
    evidence: Evidence | None = None
    language: str = SOURCE_LANGUAGE  # the head unit's, as it ran

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
            outcome.failure = getattr(failed, "why", None) or str(failed)
        except IviError as refused:  # the car could not do what the step asked (its store failed)
            outcome.failure = refused.message
        outcome.screenshot = driver.screenshot(pictures / f"{number:02d}-{step.verb}.png")
        if outcome.failure is not None:
            break
    asked = scenario.evidence  # and, always, which car it was and where its record ends
    result.evidence = evidence(driver.car, list(asked.samples), asked.ledger, asked.egress)
    return result


def run_scenarios(
    scenarios: list[Scenario], out_dir: Path, work_dir: Path, language: str = SOURCE_LANGUAGE, ecus: bool = False
) -> list[ScenarioResult]:
    """Each scenario on a head unit of its own (a fresh car database in `work_dir`, the same
    simulator start), its pictures in `out_dir/<file name>/`, in its own language if it names
    one, else in `language`. With `ecus`, each car runs as a network of ECUs, its cloud's store
    and its capture kept in `out_dir/<file name>/network/` as evidence. Kivy must have been
    configured headless (`ivi.ui.kivy_setup.configure`)."""
    from ivi.testing.driver import launch  # imports Kivy

    results = []
    for scenario, folder in zip(scenarios, _folders(scenarios)):
        pictures = out_dir / folder
        started = time.perf_counter()
        shown_in = scenario.language or language
        network = pictures / "network" if ecus else None
        driver = launch(work_dir / f"{folder}.db", language=shown_in, screenshot_dir=pictures, network=network)
        try:
            result = run_scenario(scenario, driver, pictures)
            result.language = shown_in
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
