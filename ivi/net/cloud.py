"""The car maker's cloud, simulated on this machine: a Flask app served by waitress on
127.0.0.1, keeping every parcel it receives in its own SQLite file (never the car's).

`POST /<endpoint>/<feature>` takes the T-Box's multipart parcel (`ivi.net.tbox`): the declared
fields as JSON in `fields`, the payload's parts as files named `part`.
"""

import json
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils
from flask import Flask, abort, request
from waitress.server import create_server

from ivi.core.errors import IviError
from ivi.core.text import Text, refused_by_system

SCHEMA = {
    "parcels": {"id": int, "received_at": str, "endpoint": str, "feature": str, "fields": str, "bytes": int},
    "parts": {"parcel_id": int, "number": int, "content_type": str, "data": bytes},
}


class CloudStoreUnusable(IviError):
    def __init__(self, path: Path, why: Text):
        super().__init__(Text("cannot keep the cloud's parcels in %(path)s: %(why)s", path=str(path), why=why))


class CannotServe(IviError):
    def __init__(self, host: str, port: int, why: Text):
        super().__init__(Text("cannot serve the cloud on %(host)s:%(port)d: %(why)s", host=host, port=port, why=why))


def check_store(path: Path) -> Path:
    """A file the cloud may keep its parcels in: none yet, in a folder that is there, or a cloud
    store it made before. Any other file is left as it is (ivi writes only into files of its own)."""
    if not path.parent.is_dir():
        raise CloudStoreUnusable(path, Text("its folder does not exist"))
    if not path.exists():
        return path
    try:
        store = sqlite_utils.Database(sqlite3.connect(f"file:{path}?mode=ro", uri=True))
        tables = set(store.table_names())
        store.close()
    except sqlite3.DatabaseError:
        tables = None
    if tables != set(SCHEMA):
        raise CloudStoreUnusable(path, Text("it is not a cloud store ivi made"))
    return path


def open_store(path: Path) -> sqlite_utils.Database:
    store = sqlite_utils.Database(path)
    store["parcels"].create(SCHEMA["parcels"], pk="id", if_not_exists=True)
    store["parts"].create(
        SCHEMA["parts"], pk=("parcel_id", "number"), foreign_keys=[("parcel_id", "parcels", "id")], if_not_exists=True
    )
    return store


def received(path: Path) -> int:
    """How many parcels the cloud's store holds (0 if it has none yet)."""
    if not path.exists():
        return 0
    store = sqlite_utils.Database(sqlite3.connect(f"file:{path}?mode=ro", uri=True))
    try:
        return store["parcels"].count if store["parcels"].exists() else 0
    except sqlite3.DatabaseError:
        return 0  # not a cloud store: the cloud refuses it when it starts (check_store)
    finally:
        store.close()


def make_app(path: Path) -> Flask:
    app = Flask("ivi-cloud")
    lock = threading.Lock()  # waitress answers on several threads; one writer to the file

    @app.post("/<endpoint>/<feature>")
    def take(endpoint: str, feature: str):
        try:
            fields = json.loads(request.files["fields"].read())
        except (KeyError, ValueError):
            abort(400)
        parts = [(part.mimetype, part.read()) for part in request.files.getlist("part")]
        with lock:
            store = sqlite_utils.Database(path)  # made by `serve`, before the first request
            with store.conn:  # the parcel and its parts, or nothing
                parcel = (
                    store["parcels"]
                    .insert(
                        {
                            "received_at": datetime.now(UTC).isoformat(),
                            "endpoint": endpoint,
                            "feature": feature,
                            "fields": json.dumps(fields),
                            "bytes": sum(len(data) for _type, data in parts),
                        }
                    )
                    .last_pk
                )
                store["parts"].insert_all(
                    {"parcel_id": parcel, "number": n, "content_type": kind, "data": data}
                    for n, (kind, data) in enumerate(parts)
                )
            store.close()
        return {"id": parcel}, 201

    return app


def serve(path: Path, host: str, port: int, stop: threading.Event, ready: Callable[[], None]) -> None:
    """Serve until `stop` is set; `ready` is called once the port is ours and the store open."""
    made = not check_store(path).exists()
    try:
        server = create_server(make_app(path), host=host, port=port, threads=2)
    except OSError as error:  # the port is taken, or not ours to take: nothing made yet
        raise CannotServe(host, port, refused_by_system(error)) from None
    try:
        open_store(path).close()
    except sqlite3.Error as error:  # a name too long for the file system, a full disk
        server.close()
        if made:
            path.unlink(missing_ok=True)
        raise CloudStoreUnusable(path, Text(str(error))) from None
    ready()
    waiting = threading.Thread(target=lambda: (stop.wait(), server.close()), daemon=True)
    waiting.start()
    try:
        server.run()
    except (OSError, ValueError):  # closed under it: the way waitress stops
        pass
