"""What many tests share: the test clock's start, and running `ivi` as a user would. Imported
as `helpers` (pytest puts tests/ on the path); fixtures stay in the conftest files.

`ivi(...)` runs the command in this process through click's test runner, with the environment
it is given and nothing else, and returns what a process would (exit code, stdout, stderr):
one import of ivi serves every call. The commands that draw with Kivy (the demo, scenarios,
conformance, the translation check that draws the screens), and the tests that must prove a
real process (`process=True`), run `python -m ivi`."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from ivi.car import Car
from ivi.cli.main import main
from ivi.testing.clock import TEST_START

T0 = TEST_START  # 09:30 in the car
DRAWS_WITH_KIVY = {"demo", "scenario", "conformance"}


def ivi(
    *args: str,
    db: Path | None = None,
    env: dict | None = None,
    lang: str = "C.UTF-8",
    timeout: float = 60,
    process: bool = False,
) -> subprocess.CompletedProcess:
    """Run `ivi` with `LANG=lang` (the C locale: English messages) and no other locale variable."""
    arguments = [*args] + (["--db", str(db)] if db else [])
    environment = {k: v for k, v in (os.environ if env is None else env).items() if not k.startswith("LC_")}
    environment["LANG"] = lang
    environment.setdefault("IVI_BUSY_TIMEOUT", "0.2")  # a locked store is refused without sitting out 2 s
    if process or _draws(arguments):
        command = [sys.executable, "-m", "ivi", *arguments]
        return subprocess.run(command, check=False, capture_output=True, text=True, env=environment, timeout=timeout)
    return _in_this_process(arguments, environment)


def _draws(arguments: list[str]) -> bool:
    words = [a for a in arguments if not a.startswith("-")]
    return bool(DRAWS_WITH_KIVY & set(words[:1])) or (words[:2] == ["i18n", "check"] and "--no-render" not in arguments)


def _in_this_process(arguments: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess:
    unset = {name: None for name in os.environ if name not in environment}
    with CliRunner().isolation(env={**unset, **environment}) as (stdout, stderr, _both):
        try:
            main(arguments)
            code = 0
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else 1
    return subprocess.CompletedProcess(
        ["ivi", *arguments], code, stdout.getvalue().decode(), stderr.getvalue().decode("utf-8", "replace")
    )


def ok(*args: str, db: Path) -> str:
    result = ivi(*args, db=db)
    assert result.returncode == 0, result.stderr
    return result.stdout


def counts(car: Car, *paths: str) -> list[int]:
    """How many samples each signal carried."""
    return [car.bus.counts[p] for p in paths]


def dump(db: Path) -> list[str]:
    """The database's content, read without writing."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as raw:
        return list(raw.iterdump())
