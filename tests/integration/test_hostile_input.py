"""Every command and option of `ivi`, each handed hostile values while the rest of its command
line is valid: one line on stderr, exit 1 or 2, no traceback, and the car's folder — its
database, secure element and every other file in it — byte for byte as it was.

The commands run in this process (`ivi.cli.main`, the console script's entry point), so that
the whole table takes seconds; `test_cli.py` runs them as real processes."""

import hashlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import click
import numpy as np
import pytest
from helpers import ivi, ok
from PIL import Image

from ivi.cli.main import cli, main

NAMES = ["", " ", "-", "Bad Name", "../../etc/passwd", "a" * 1000, "名字", "%(x)s", "{0}", "\u202e"]
NUMBERS = ["", "nan", "inf", "-inf", "-1", "1e309", "0x10", "abc", "1,5"]
SIZES = ["", "0000x0000", "0x0", "1280", "1280x", "x720", "99999x99999", "1280x720x3", "-1280x720"]
LANGUAGES = ["", "xx", "en_XA", "zh-CN", "../../etc/passwd", "a" * 1000]


def hostile_files(folder: Path) -> list[str]:
    (folder / "zero.png").write_bytes(b"")
    (folder / "text.txt").write_text("not an image, not a database")
    (folder / "sub").mkdir(exist_ok=True)
    if not (folder / "pipe.png").exists():
        os.mkfifo(folder / "pipe.png")  # opening it would wait for a writer that never comes
    return ["", str(folder / "missing.png"), str(folder / "sub"), str(folder / "zero.png"), str(folder / "text.txt"),
            str(folder / ("x" * 300)), str(folder / "text.txt" / "x.png"), str(folder / "pipe.png")]  # fmt: skip


def hostile_databases(folder: Path) -> list[str]:
    (folder / "empty.db").write_bytes(b"")
    if not (folder / "other.db").exists():
        with sqlite3.connect(folder / "other.db") as other:  # another program's database
            other.execute("CREATE TABLE notes (body TEXT)")
    if not (folder / "pipe.db").exists():
        os.mkfifo(folder / "pipe.db")
    return ["", "/", str(folder / "sub"), str(folder / ("x" * 300)), str(folder / "nowhere" / "car.db"),
            str(folder / "text.txt"), str(folder / "empty.db"), str(folder / "other.db"),
            str(folder / "text.txt" / "car.db"), str(folder / "pipe.db"),
            str(folder / ("c" * 250 + ".db"))]  # legal, but leaves no room for "car.db.anchor.lock"  # fmt: skip


def hostile_folders(folder: Path) -> list[str]:
    return ["", str(folder / "text.txt"), str(folder / "text.txt" / "out"), "/proc/ivi-out", str(folder / ("x" * 300))]


def commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))
        else:
            yield (*path, name), command


# The translator's workflow writes the catalogs in the source tree by design; it takes no
# value but --lang, which main() checks for every command alike (swept below with the rest).
SKIPPED = {("i18n", "extract"), ("i18n", "update")}
COMMANDS = {path: command for path, command in commands(cli) if path not in SKIPPED}


def valid_line(path: tuple[str, ...], folder: Path) -> dict[str, list[str]]:
    """A valid value for every parameter the command needs, by parameter name."""
    image = folder / "street.png"
    if not image.exists():
        Image.fromarray(np.zeros((64, 64, 3), np.uint8)).save(image)
        (folder / "dark.yaml").write_text("name: dark\nsteps:\n  - ignition_on\n")
    values = {
        "feature": ["health_alert"], "duration": ["--duration", "7d"], "profile": ["--profile", "driver"],
        "gear": ["D"], "speed": ["--speed", "10"], "name": ["alice"], "category": ["location"],
        "seconds": ["--seconds", "1"], "images": [str(image)], "out_dir": ["--out", str(folder / "out")],
        "frames": ["--frames", "2"], "size": ["--size", "320x240"], "files": [str(folder / "dark.yaml")],
        "db_path": ["--db", str(folder / "car.db")], "screenshots": [], "lang": [], "group": ["cabin"],
        "listen": ["--listen", "tcp/127.0.0.1:1"], "router_at": ["--router", "tcp/127.0.0.1:1"],
        "store": ["--store", str(folder / "cloud.db")], "upstream": ["--to", "127.0.0.1:1"],
        "cloud": ["--cloud", "http://127.0.0.1:1"],
    }  # fmt: skip
    # The cloud and the recorder refuse a router's --listen: a listen they took would serve
    # until stopped. The cloud's store gets a test of its own (test_car_network_cli).
    if path == ("anonymise",):
        values["images"] = []  # with --measure, which --frames and --size go with
        values["out_dir"] = ["--measure"]
    if path == ("i18n", "check"):
        values["screenshots"] = ["--no-render"]
    return values


def hostile_values(name: str, folder: Path) -> list[str]:
    if name in ("db_path", "store"):
        return hostile_databases(folder)
    if name in ("images", "files"):
        return hostile_files(folder)
    if name in ("out_dir", "screenshots"):
        return hostile_folders(folder)
    if name in ("speed", "seconds", "frames"):
        return NUMBERS
    if name == "size":
        return SIZES
    if name == "lang":
        return LANGUAGES
    return NAMES


OPTION = {"duration": "--duration", "profile": "--profile", "speed": "--speed", "seconds": "--seconds",
          "out_dir": "--out", "frames": "--frames", "size": "--size", "db_path": "--db",
          "screenshots": "--screenshots", "lang": "--lang", "listen": "--listen", "router_at": "--router",
          "store": "--store", "upstream": "--to", "cloud": "--cloud"}  # fmt: skip
CASES = [
    (path, param.name)
    for path, command in COMMANDS.items()
    for param in command.params
    if not getattr(param, "is_flag", False) and param.name != "help"
]


def folder_state(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder"
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture(scope="module")
def car_folder(tmp_path_factory) -> Path:
    """A car with a drive in progress and a consent, and the hostile files beside it."""
    folder = tmp_path_factory.mktemp("car")
    ok("drive", "start", db=folder / "car.db")
    ok("consent", "grant", "health_alert", "--duration", "7d", db=folder / "car.db")
    for make in (hostile_files, hostile_databases):
        make(folder)
    return folder


@pytest.mark.parametrize("path, name", CASES, ids=[f"{' '.join(p)} {n}" for p, n in CASES])
def test_a_hostile_value_gets_one_line_and_changes_nothing(car_folder, tmp_path, monkeypatch, capsys, path, name):
    for variable in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER", "IVI_DB", "XDG_DATA_HOME", "IVI_CACHE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("HOME", str(car_folder / "home"))  # no default database to fall back on
    # ivi may keep compiled catalogs in its own cache (to say why it refuses, in a language);
    # nothing else, and nothing at all beside the car
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("LANG", "C.UTF-8")
    valid = valid_line(path, car_folder)
    before = folder_state(car_folder)
    for value in hostile_values(name, car_folder):
        line = [*path]
        for other, given in valid.items():
            if other != name and any(p.name == other for p in COMMANDS[path].params):
                line += given
        line += [OPTION[name], value] if name in OPTION else [value]
        with pytest.raises(SystemExit) as exit_:
            main(line)
        err = capsys.readouterr().err
        assert exit_.value.code in (1, 2), (line, err)
        assert err.startswith("ivi: ") and err.count("\n") == 1, (line, err)
        assert "Traceback" not in err
        assert folder_state(car_folder) == before, line
        assert {p.suffix for p in (tmp_path / "cache").rglob("*") if p.is_file()} <= {".mo"}


def test_annotations_nested_a_megabyte_deep_get_one_line(tmp_path):
    """JSON's parser recurses too: a megabyte of brackets is refused, not a traceback."""
    nested = tmp_path / "annotations.json"
    nested.write_text("[" * 500_000 + "]" * 500_000)
    done = ivi(
        "anonymise", "--measure", "--photos", str(tmp_path), "--annotations", str(nested), "--out", str(tmp_path / "o")
    )
    assert done.returncode == 1 and done.stderr.startswith("ivi: ") and done.stderr.count("\n") == 1, done.stderr
    assert "not COCO annotations" in done.stderr
