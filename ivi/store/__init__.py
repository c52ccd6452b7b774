"""The on-car SQLite store, through sqlite-utils."""

from ivi.store.car_store import CarStore, open_store
from ivi.store.errors import StoreUnavailable

__all__ = ["CarStore", "StoreUnavailable", "open_store"]
