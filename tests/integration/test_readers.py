"""Read commands write nothing: `consent status|history|verify`, `data status|requests` and
`egress log` open the database read-only and leave it and its folder byte for byte as they
were — no -wal or -shm files, no folder made — and refuse, in one line, a file that is not an
ivi database."""

import hashlib
import sqlite3
from pathlib import Path

import pytest
from helpers import ivi, ok

READERS = [
    ["consent", "status"],
    ["consent", "history"],
    ["consent", "verify"],
    ["data", "status"],
    ["data", "requests"],
    ["egress", "log"],
]


def folder_state(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("command", READERS, ids=" ".join)
def test_a_reader_leaves_the_car_folder_byte_for_byte(db_path, command):
    ok("drive", "start", db=db_path)
    ok("consent", "grant", "health_alert", "--duration", "7d", db=db_path)
    before = folder_state(db_path.parent)
    assert not any(name.endswith(("-wal", "-shm")) for name in before)
    ok(*command, db=db_path)
    assert folder_state(db_path.parent) == before


def another_programs_database(path: Path) -> None:
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE notes (body TEXT)")
        other.execute("INSERT INTO notes VALUES ('mine')")


@pytest.mark.parametrize("command", READERS + [["drive", "start"], ["consent", "revoke", "navigation"]], ids=" ".join)
@pytest.mark.parametrize("kind", ["another program's", "zero-byte"])
def test_a_file_that_is_not_an_ivi_database_is_refused_and_left_alone(tmp_path, command, kind):
    path = tmp_path / "other.db"
    if kind == "zero-byte":
        path.write_bytes(b"")
    else:
        another_programs_database(path)
    before = folder_state(tmp_path)
    result = ivi(*command, db=path)
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "not an ivi database" in result.stderr
    assert folder_state(tmp_path) == before


def test_readers_make_no_folder_for_the_default_database(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "data")}
    for command in READERS:
        result = ivi(*command, env=env)
        assert result.returncode == 1 and "no such database" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_xdg_data_home_set_to_a_file_gets_one_line(tmp_path):
    (tmp_path / "file").write_text("x")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "file")}
    for command in (["drive", "start"], ["consent", "status"]):
        result = ivi(*command, env=env)
        assert result.returncode == 1 and result.stderr.count("\n") == 1
        assert "Traceback" not in result.stderr
    assert (tmp_path / "file").read_text() == "x"
