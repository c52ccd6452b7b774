"""Whether a database holds exactly the schema ivi writes: the same tables, columns, indexes
and triggers, as the registered migrations make them. A store that differs (a dropped table,
a foreign trigger, a missing append-only trigger) cannot be trusted to record a stop."""

from functools import cache

from sqlite_utils import Database

from ivi.core.text import Text
from ivi.store.migrations import migrations

Item = tuple[str, str, str | None]  # (type, name, sql)
ORDER = {"table": 0, "index": 1, "trigger": 2, "view": 3}  # a missing table before its indexes


def _order(item: Item) -> tuple[int, str]:
    return ORDER.get(item[0], 4), item[1]


# sqlite-utils makes and owns its migrations table; its shape differs between its versions.
OWNED_BY_SQLITE_UTILS = "_sqlite_migrations"


def schema_of(db: Database) -> frozenset[Item]:
    return frozenset(
        (kind, name, None if name == OWNED_BY_SQLITE_UTILS or sql is None else " ".join(sql.split()))
        for kind, name, sql in db.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    )


@cache
def expected_schema() -> frozenset[Item]:
    """What every migration applied to an empty database makes (in memory, once a process)."""
    db = Database(memory=True, execute_plugins=False)
    migrations.apply(db)
    schema = schema_of(db)
    db.close()
    return schema


def user_tables(db: Database) -> list[str]:
    return [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]


def schema_problem(db: Database) -> Text | None:
    """What differs from ivi's schema, first difference named, or None."""
    found, expected = schema_of(db), expected_schema()
    names = {(kind, name) for kind, name, _ in found}
    for kind, name, _sql in sorted(expected - found, key=_order):
        if (kind, name) in names:
            return Text("%(kind)s %(name)s was changed outside ivi", kind=kind, name=name)
        return Text("%(kind)s %(name)s is missing: removed outside ivi", kind=kind, name=name)
    for kind, name, _sql in sorted(found - expected, key=_order):
        return Text("%(kind)s %(name)s is not ivi's: added outside ivi", kind=kind, name=name)
    return None
