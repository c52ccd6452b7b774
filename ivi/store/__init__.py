"""The on-car SQLite store, through sqlite-utils."""

from ivi.store.car_store import CarStore
from ivi.store.errors import RecordBroken, StoreFull, StoreUnavailable
from ivi.store.opening import open_store

__all__ = ["CarStore", "RecordBroken", "StoreFull", "StoreUnavailable", "open_store"]
