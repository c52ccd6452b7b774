"""The car's network from the command line (issue 30): the cloud, the recorder and the T-Box
refuse what they cannot use in one line, and leave every file as it was."""

import hashlib
import os
import socket
import sqlite3

import pytest
from helpers import ivi


def state(folder) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def taken_port():
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def test_the_cloud_keeps_its_parcels_only_in_a_store_of_its_own(tmp_path, taken_port):
    (tmp_path / "notes.txt").write_text("a driver's notes")
    (tmp_path / "empty.db").write_bytes(b"")
    with sqlite3.connect(tmp_path / "other.db") as other:
        other.execute("CREATE TABLE notes (body TEXT)")
    os.mkfifo(tmp_path / "pipe.db")
    before = state(tmp_path)
    for store in ("notes.txt", "empty.db", "other.db", "pipe.db", "nowhere/cloud.db", "notes.txt/cloud.db", "fresh.db"):
        line = ["ecu", "cloud", "--store", str(tmp_path / store), "--listen", f"127.0.0.1:{taken_port}"]
        done = ivi(*line, process=True)  # a cloud that started would serve: not in the test's process
        assert done.returncode in (1, 2), (store, done.stderr)
        assert done.stderr.startswith("ivi: ") and done.stderr.count("\n") == 1, (store, done.stderr)
        assert state(tmp_path) == before, store  # fresh.db too: the port was taken, nothing was made
    assert "cannot serve the cloud on 127.0.0.1" in done.stderr


@pytest.mark.parametrize(
    "line",
    [
        ["cloud", "--store", "{folder}/x.db", "--listen", "10.0.0.1:80"],
        ["recorder", "--listen", "127.0.0.1:8080", "--to", "example.com:80", "--out", "{folder}/capture"],
        ["t-box", "--cloud", "http://example.com", "--router", "tcp/127.0.0.1:1"],
        ["t-box", "--cloud", "ftp://127.0.0.1:21"],
    ],
)
def test_the_network_stays_on_this_machine(tmp_path, line):
    done = ivi("ecu", *(word.format(folder=tmp_path) for word in line))
    assert done.returncode == 2 and "is not" in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_recorder_makes_its_capture_folder_only_once_it_listens(tmp_path, taken_port):
    (tmp_path / "notes.txt").write_text("a driver's notes")
    for listen, out in (
        (f"127.0.0.1:{taken_port}", tmp_path / "capture"),
        ("127.0.0.1:1", tmp_path / "notes.txt" / "x"),
    ):
        line = ["ecu", "recorder", "--listen", listen, "--to", "127.0.0.1:1", "--out", str(out)]
        done = ivi(*line, process=True)
        assert done.returncode == 1 and done.stderr.startswith("ivi: ") and done.stderr.count("\n") == 1, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
