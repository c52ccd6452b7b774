"""The on-car SQLite store, through sqlite-utils."""

from ivi.store.car_store import CarStore, open_store
from ivi.store.errors import LedgerBroken, StoreUnavailable

__all__ = ["CarStore", "LedgerBroken", "StoreUnavailable", "open_store"]
