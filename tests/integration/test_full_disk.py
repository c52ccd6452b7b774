"""A full disk cannot block a revoke: the car keeps 1 MiB in reserve beside its database
(`car.db.reserve`) and gives it up to record a stop. Measured on a real full filesystem: a
4 MiB tmpfs mounted in a mount namespace of its own, filled to the last byte."""

import json

import pytest

# Runs inside the namespace, on the small filesystem at argv[1]: the real `ivi` command.
PRELUDE = """
import json, os, subprocess, sys
folder = sys.argv[1]
db = os.path.join(folder, "car.db")
env = dict(os.environ, LANG="C.UTF-8", IVI_BUSY_TIMEOUT="0.2")

def ivi(*args):
    done = subprocess.run([sys.executable, "-m", "ivi", *args, "--db", db], capture_output=True, text=True, env=env)
    return {"code": done.returncode, "out": done.stdout, "err": done.stderr}

def fill(name):
    filler = os.open(os.path.join(folder, name), os.O_WRONLY | os.O_CREAT)
    for chunk in (65536, 1):  # to the last byte
        try:
            while os.write(filler, bytes(chunk)):
                pass
        except OSError:
            pass
    os.close(filler)
"""

SCRIPT = (
    PRELUDE
    + """
steps = {"start": ivi("drive", "start"), "grant": ivi("consent", "grant", "health_alert", "--duration", "7d")}
reserve_before = os.path.exists(db + ".reserve")
fill("filler")
steps["full_grant"] = ivi("consent", "grant", "navigation", "--duration", "7d")
steps["revoke"] = ivi("consent", "revoke", "health_alert")
steps["run"] = ivi("bus", "run", "--seconds", "5", "--json")
steps["history"] = ivi("consent", "history", "--json")
print(json.dumps({"steps": steps, "reserve_before": reserve_before, "reserve_after": os.path.exists(db + ".reserve")}))
"""
)


def test_a_revoke_on_a_full_disk_is_recorded_in_the_reserve(small_disk):
    done = small_disk("4m", SCRIPT, [])
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    steps = report["steps"]
    assert steps["start"]["code"] == 0 and steps["grant"]["code"] == 0
    assert report["reserve_before"]
    # a grant expands collection: it does not get the reserve, and fails in one line
    assert steps["full_grant"]["code"] == 1 and "full" in steps["full_grant"]["err"]
    assert steps["full_grant"]["err"].count("\n") == 1
    # the revoke does, and is recorded
    assert steps["revoke"]["code"] == 0, steps["revoke"]["err"]
    assert not report["reserve_after"]
    entries = json.loads(steps["history"]["out"])["entries"]
    assert [(e["feature"], e["action"]) for e in entries] == [("health_alert", "grant"), ("health_alert", "revoke")]
    assert json.loads(steps["run"]["out"])["samples"]["Vehicle.Driver.HeartRate"] == 0


# The reserve gone before the stop: deleted by hand, or spent by an earlier stop on a disk
# that then filled up again. The stop is noted in the secure element, whose two slots were
# written in full when it was made, so the note needs no new room. The commands run as the
# console script runs them (`main`), in the script's process to save a start-up each: each
# opens the store anew from the disk, as the next process would.
NO_RESERVE = (
    PRELUDE
    + """
import contextlib, io
from ivi.cli.main import main
os.environ.update(env)

def ivi(*args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main([*args, "--db", db])
            code = 0
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else 1
    return {"code": code, "out": out.getvalue(), "err": err.getvalue()}

how = sys.argv[2]
steps = {"start": ivi("drive", "start")}
for feature in ("health_alert", "navigation"):
    steps["grant_" + feature] = ivi("consent", "grant", feature, "--duration", "7d")
if how == "deleted":
    os.unlink(db + ".reserve")
else:
    fill("first")
    steps["first_stop"] = ivi("consent", "revoke", "navigation")  # spends the reserve
fill("second")
steps["revoke"] = ivi("consent", "revoke", "health_alert")
steps["status_full"] = ivi("consent", "status", "--json")
steps["run_full"] = ivi("bus", "run", "--seconds", "5", "--json")
for name in ("first", "second"):
    if os.path.exists(os.path.join(folder, name)):
        os.unlink(os.path.join(folder, name))
steps["run_freed"] = ivi("bus", "run", "--seconds", "5", "--json")
steps["history"] = ivi("consent", "history", "--json")
print(json.dumps(steps))
"""
)


@pytest.mark.parametrize("how", ["deleted", "spent"])
def test_a_stop_on_a_full_disk_without_its_reserve_is_noted_and_honoured(small_disk, how):
    done = small_disk("4m", NO_RESERVE, [how])
    assert done.returncode == 0, done.stderr
    steps = json.loads(done.stdout)
    assert steps["start"]["code"] == 0 and steps["grant_health_alert"]["code"] == 0
    # not recorded, but noted: it says so in one line, and exits 1
    revoke = steps["revoke"]
    assert revoke["code"] == 1 and "stays off" in revoke["err"] and revoke["err"].count("\n") == 1, revoke
    # the next processes, on the same full disk, keep it off
    status = json.loads(steps["status_full"]["out"])
    health = next(f for f in status["features"] if f["feature"] == "health_alert")
    assert health["active"] is False, steps["status_full"]
    assert "heart_rate_sensor" not in status["powered_sensors"]
    assert json.loads(steps["run_full"]["out"])["samples"]["Vehicle.Driver.HeartRate"] == 0
    # with room again, the next writer records it
    assert json.loads(steps["run_freed"]["out"])["samples"]["Vehicle.Driver.HeartRate"] == 0
    entries = json.loads(steps["history"]["out"])["entries"]
    assert [e["action"] for e in entries if e["feature"] == "health_alert"] == ["grant", "revoke"]
