"""In-car keeping: what a feature with a retention period keeps goes into the data inventory.

Samples are gathered into one batch per (category, feature) and written once a simulated
minute, at drive end and on `flush`, so keeping a 1 Hz trip costs one small write a minute.
Only features that keep data (retention > 0) are kept; everything else is processed and gone.
"""

from collections.abc import Callable
from datetime import timedelta

from ivi.bus import signals
from ivi.bus.signal_bus import Sample, SignalBus
from ivi.core.catalog import Catalog
from ivi.core.drive import Drive
from ivi.core.events import DriveEnded, DriveStarted
from ivi.core.records import KeptBatch
from ivi.store import StoreUnavailable

BATCH_SPAN = timedelta(minutes=1)
# The sample that completes one kept item, its category, and the bytes the item takes.
KEPT_ITEMS = {
    signals.LONGITUDE: ("location", 24),  # a GNSS fix: latitude, longitude, time
    signals.HARSH_EVENT: ("driving_habits", 16),  # an event: its kind and time
}


class DataKeeper:
    def __init__(
        self,
        bus: SignalBus,
        catalog: Catalog,
        current_drive: Callable[[], Drive | None],
        keep: Callable[[list[KeptBatch]], None],
    ):
        self._catalog = catalog
        self._keep = keep
        self._batches: dict[tuple[str, str], KeptBatch] = {}
        try:
            self._drive = current_drive()
        except StoreUnavailable:
            self._drive = None
        for path, (category, size) in KEPT_ITEMS.items():
            bus.subscribe(path, lambda sample, c=category, n=size: self._on_item(sample, c, n))

    def on_drive_started(self, event: DriveStarted) -> None:
        self._drive = event.drive

    def on_drive_ended(self, _event: DriveEnded) -> None:
        self.flush()
        self._drive = None

    def _on_item(self, sample: Sample, category: str, size: int) -> None:
        if self._drive is None:
            return
        for feature_id in sample.features:
            feature = self._catalog.features[feature_id]
            if feature.retention_days and category in feature.categories:
                self._add((category, feature_id), sample, size)
        if any(sample.at - b.first_at >= BATCH_SPAN for b in self._batches.values()):
            self.flush()

    def _add(self, key: tuple[str, str], sample: Sample, size: int) -> None:
        batch = self._batches.get(key)
        if batch is None:
            self._batches[key] = KeptBatch(*key, self._drive.profile, self._drive.id, sample.at, sample.at, 1, size)
        else:
            self._batches[key] = KeptBatch(
                *key, batch.profile, batch.drive_id, batch.first_at, sample.at, batch.count + 1, batch.bytes + size
            )

    def flush(self) -> None:
        batches, self._batches = list(self._batches.values()), {}
        try:
            self._keep(batches)
        except StoreUnavailable:
            pass  # not kept: losing data the car may keep is the safe side, and the gate fails closed
