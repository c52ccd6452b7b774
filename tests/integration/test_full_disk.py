"""A full disk cannot block a revoke: the car keeps 1 MiB in reserve beside its database
(`car.db.reserve`) and gives it up to record a stop. Measured on a real full filesystem: a
4 MiB tmpfs mounted in a mount namespace of its own, filled to the last byte."""

import json

# Runs inside the namespace, on the small filesystem at argv[1]: the real `ivi` command.
SCRIPT = """
import json, os, subprocess, sys
folder = sys.argv[1]
db = os.path.join(folder, "car.db")
env = dict(os.environ, LANG="C.UTF-8")

def ivi(*args):
    done = subprocess.run([sys.executable, "-m", "ivi", *args, "--db", db], capture_output=True, text=True, env=env)
    return {"code": done.returncode, "out": done.stdout, "err": done.stderr}

steps = {"start": ivi("drive", "start"), "grant": ivi("consent", "grant", "health_alert", "--duration", "7d")}
reserve_before = os.path.exists(db + ".reserve")
filler = os.open(os.path.join(folder, "filler"), os.O_WRONLY | os.O_CREAT)
for chunk in (65536, 1):  # fill the disk to the last byte
    try:
        while os.write(filler, bytes(chunk)):
            pass
    except OSError:
        pass
os.close(filler)
steps["full_grant"] = ivi("consent", "grant", "navigation", "--duration", "7d")
steps["revoke"] = ivi("consent", "revoke", "health_alert")
steps["run"] = ivi("bus", "run", "--seconds", "5", "--json")
steps["history"] = ivi("consent", "history", "--json")
print(json.dumps({"steps": steps, "reserve_before": reserve_before, "reserve_after": os.path.exists(db + ".reserve")}))
"""


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
