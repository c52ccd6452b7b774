"""The service layer: every change to drives, consents and kept data goes through here.

Each method is one transaction on the store, then its domain events on the hub, so the
consent gate and the UI learn of a change before the call returns.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import timedelta

from ivi.core import consent as rules
from ivi.core.catalog import Catalog
from ivi.core.clock import Clock, SystemClock
from ivi.core.consent import Action, ConsentEntry
from ivi.core.drive import Drive
from ivi.core.durations import Duration
from ivi.core.egress import Attempt
from ivi.core.errors import InvalidMotion, NoDriveInProgress, NotParked, StopNotRecorded
from ivi.core.events import ConsentChanged, DriveEnded, DriveStarted, EventHub, MotionChanged, StopsChanged
from ivi.core.motion import PARKED, Gear, Motion
from ivi.core.notice import NoticeDocument, notice_document
from ivi.core.profiles import check_name
from ivi.core.records import Channel, DeletionRequest, Holding, KeptBatch, Receipt, ReceiptKind
from ivi.core.restrictions import Activity, allows, driving_state
from ivi.core.stops import DriveStop, RevokeStop, Stop
from ivi.core.text import ENGLISH, Messages, Text
from ivi.core.working_days import deletion_deadline
from ivi.i18n.translator import SOURCE_LANGUAGE
from ivi.services.queries import PrivacyQueries, profile_for
from ivi.services.stopping import Stopping
from ivi.store import StoreUnavailable
from ivi.store.interface import Store

MAX_SPEED_KMH = 250.0


@dataclass(frozen=True)
class Deletion:
    """What `delete_data` did: in-car data gone at once, and a request for what left the car."""

    category: str
    deleted: Holding | None
    request: DeletionRequest | None


@dataclass(frozen=True)
class Asked:
    """Where a choice came from, for its receipt: the channel, and the language and catalog
    the notice was rendered in (to record the exact text shown)."""

    language: str
    channel: Channel
    messages: Messages = ENGLISH


class PrivacyService(PrivacyQueries):
    """Every change to drives, consents and kept data: one transaction, then its events. The
    reads are `PrivacyQueries`' (ivi/services/queries.py)."""

    def __init__(self, store: Store, catalog: Catalog, clock: Clock, hub: EventHub):
        super().__init__(store, catalog, clock)
        self.hub = hub

    # drives and driving state

    def start_drive(self, profile: str | None = None) -> Drive:
        """Ignition on, parked. A drive left open (the car lost power) is closed first, and
        kept data past its retention is purged."""
        unfinished = self.store.current_drive()
        stops = [DriveStop(unfinished.id, self.clock.now())] if unfinished else []
        who = self.profile(profile)

        def record() -> Drive:
            with self.store.transaction():
                if still_open := self.store.current_drive():
                    self.store.end_drive(still_open, self.clock.now())
                drive = self.store.start_drive(who, self.clock.now())
                self.purge_kept_data()
            return drive

        drive = Stopping.begin(self.store, self.hub, stops, record).record()
        if unfinished:
            self.hub.publish(DriveEnded(replace(unfinished, ended_at=drive.started_at)))
        self.hub.publish(DriveStarted(drive))
        return drive

    def end_drive(self) -> Drive:
        """Ignition off: everything personal stops first, then the end is recorded."""
        drive = self._drive(Text("ending a drive"))

        def record() -> Drive:
            with self.store.transaction():
                return self.store.end_drive(self._drive(Text("ending a drive")), self.clock.now())

        ended = Stopping.begin(self.store, self.hub, [DriveStop(drive.id, self.clock.now())], record).record()
        self.hub.publish(DriveEnded(ended))
        return ended

    def switch_profile(self, profile: str) -> Drive:
        """Another driver takes over: the drive goes on as a new drive for their profile, so
        nothing the last driver agreed to for this drive carries over. Only while parked,
        since the new profile's consents may switch more on."""
        motion = self.motion()
        if not allows(driving_state(True, motion.parked), Activity.SWITCH_DRIVER):
            raise NotParked(Text("switch to profile '%(profile)s'", profile=profile), motion.describe())
        self._drive(Text("switching profile"))
        return self.start_drive(check_name(profile))

    def set_motion(self, gear: Gear, speed_kmh: float) -> Motion:
        if not 0 <= speed_kmh <= MAX_SPEED_KMH:
            raise InvalidMotion(
                Text(
                    "speed %(speed)s km/h is not between 0 and %(top)s",
                    speed=f"{speed_kmh:g}",
                    top=f"{MAX_SPEED_KMH:g}",
                )
            )
        if gear is Gear.PARK and speed_kmh:
            raise InvalidMotion(Text("gear P needs the car to stand still"))
        motion = Motion(gear, speed_kmh)
        with self.store.transaction():
            self.store.set_motion(self._drive(Text("a gear change")), motion)
        self.hub.publish(MotionChanged(motion))
        return motion

    def _drive(self, what: Text) -> Drive:
        drive = self.store.current_drive()
        if drive is None:
            raise NoDriveInProgress(what)
        return drive

    # consents

    def grant(
        self, feature_id: str, duration: str | Duration, profile: str | None = None, asked: Asked | None = None
    ) -> ConsentEntry:
        chosen = duration if isinstance(duration, Duration) else Duration.parse(duration)

        def decide(who: str, drive: Drive | None, motion: Motion) -> list[ConsentEntry]:
            return [rules.grant(self.catalog, feature_id, chosen, who, self.clock.now(), drive, motion)]

        [entry] = self._record(decide, profile, asked, {feature_id: chosen.value})
        return entry

    def revoke(self, feature_id: str, profile: str | None = None, asked: Asked | None = None) -> ConsentEntry:
        """Withdraw a consent, at any time: its sensors stop before anything is written."""
        self.catalog.feature(feature_id)  # an unknown feature stops nothing

        def decide(who: str, _drive: Drive | None, _motion: Motion) -> list[ConsentEntry]:
            return [rules.revoke(self.catalog, feature_id, who, self.clock.now())]

        [entry] = self._begin_stop([feature_id], decide, profile, asked, {feature_id: "off"}).record()
        return entry

    def apply_choices(self, choices: Mapping[str, Duration | None], asked: Asked | None = None) -> list[ConsentEntry]:
        return self.begin_choices(choices, asked).record()

    def begin_choices(
        self, choices: Mapping[str, Duration | None], asked: Asked | None = None
    ) -> Stopping[list[ConsentEntry]]:
        """The notice's answer, as one transaction (see `ivi.core.consent.changes_for`): what it
        switches off is off once this returns; `record()` writes it all."""
        for feature_id in choices:
            self.catalog.feature(feature_id)

        def decide(who: str, drive: Drive | None, motion: Motion) -> list[ConsentEntry]:
            latest = {e.feature: e for e in self.store.ledger.latest(who)}
            return rules.changes_for(self.catalog, choices, latest, who, self.clock.now(), drive, motion)

        answer = {feature: d.value if d else "off" for feature, d in choices.items()}
        off = [feature for feature, d in choices.items() if d is None]
        return self._begin_stop(off, decide, None, asked, answer)

    def stop_sensor(self, sensor_id: str, asked: Asked | None = None) -> list[ConsentEntry]:
        return self.begin_stop_sensor(sensor_id, asked).record()

    def begin_stop_sensor(self, sensor_id: str, asked: Asked | None = None) -> Stopping[list[ConsentEntry]]:
        """One tap on a status-bar chip: revoke every running feature that powers the sensor
        (`changes_for` leaves alone the ones that are not running)."""
        return self.begin_choices({f.id: None for f in self.catalog.features_using(sensor_id)}, asked)

    def stop_all(self, asked: Asked | None = None) -> list[ConsentEntry]:
        return self.begin_stop_all(asked).record()

    def begin_stop_all(self, asked: Asked | None = None) -> Stopping[list[ConsentEntry]]:
        """The master stop: every feature the driver allowed ends now, parked or not."""
        return self.begin_choices({f.id: None for f in self.catalog.consentable()}, asked)

    def _begin_stop(
        self,
        off: list[str],
        decide: Callable[[str, Drive | None, Motion], list[ConsentEntry]],
        profile: str | None,
        asked: Asked | None,
        answer: dict[str, str],
    ) -> Stopping[list[ConsentEntry]]:
        stops: list[Stop] = []
        if off:
            try:
                who = self.profile(profile)
            except StoreUnavailable as error:
                self.hub.publish(StopsChanged())  # the gate reads again, cannot, and fails closed
                raise StopNotRecorded(error.message, kept=False) from None
            stops = [RevokeStop(who, feature, self.clock.now()) for feature in off]
        return Stopping.begin(self.store, self.hub, stops, lambda: self._record(decide, profile, asked, answer))

    def notice_shown(self, features: Iterable[str], asked: Asked) -> None:
        """Record that the notice for `features` was put in front of the driver."""
        with self.store.transaction():
            drive = self.store.current_drive()
            motion = self.store.motion(drive) if drive else PARKED
            documents = self._documents(features, asked)
            receipt = self._receipt(
                ReceiptKind.NOTICE_SHOWN, profile_for(None, drive), drive, motion, asked, documents, {}
            )
            self.store.receipts.add(receipt, documents)

    def _record(
        self,
        decide: Callable[[str, Drive | None, Motion], list[ConsentEntry]],
        profile: str | None,
        asked: Asked | None,
        answer: dict[str, str],
    ) -> list[ConsentEntry]:
        """Decide and append ledger entries and the choice's receipt in one transaction, then
        announce the entries."""
        with self.store.transaction():
            drive = self.store.current_drive()
            who = profile_for(profile, drive)
            motion = self.store.motion(drive) if drive else PARKED
            asked = asked or CLI
            documents = self._documents(answer, asked)
            seen = {d.feature: d for d in documents}
            entries = [_with_notice_seen(entry, seen[entry.feature]) for entry in decide(who, drive, motion)]
            for entry in entries:
                self.store.ledger.append(entry)
            receipt = self._receipt(ReceiptKind.CHOICE, who, drive, motion, asked, documents, answer)
            self.store.receipts.add(receipt, documents)
        for entry in entries:
            self.hub.publish(ConsentChanged(entry))
        return entries

    def _receipt(
        self,
        kind: ReceiptKind,
        profile: str,
        drive: Drive | None,
        motion: Motion,
        asked: Asked,
        documents: list[NoticeDocument],
        choices: dict[str, str],
    ) -> Receipt:
        return Receipt(
            kind=kind,
            at=self.clock.now(),
            profile=profile,
            drive_id=drive.id if drive else None,
            language=asked.language,
            channel=asked.channel,
            motion=motion,
            notices={d.feature: d.notice_hash for d in documents},
            choices=choices,
            documents={d.feature: d.version for d in documents},
        )

    def _documents(self, features: Iterable[str], asked: Asked) -> list[NoticeDocument]:
        return [notice_document(self.catalog.feature(f), asked.language, asked.messages) for f in features]

    def close(self) -> None:
        self.store.close()

    # the car's clock

    def keep_time(self) -> None:
        """Note where the simulator's clock stands, so that a restarted car goes on from there."""
        now = self.clock.now()
        self.store.keep_time(now, max(0.0, (now - SystemClock().now()).total_seconds()))

    # data kept in the car, and deletion (CN-12)

    def keep(self, batches: list[KeptBatch]) -> None:
        if batches:
            self.store.inventory.keep(batches)

    def purge_kept_data(self) -> int:
        """Delete what has been kept longer than its feature's retention."""
        now = self.clock.now()
        keep_since = {f.id: now - timedelta(days=f.retention_days) for f in self.catalog.features.values()}
        return self.store.inventory.purge(keep_since)

    def delete_data(self, category_id: str, profile: str | None = None) -> Deletion:
        """Delete the category's in-car data at once and, if a feature the profile consented to
        sent it out, file a request to delete the copies outside, due in 10 working days."""
        category = self.catalog.category(category_id)
        who = self.profile(profile)
        now = self.clock.now()
        with self.store.transaction():
            deleted = self.store.inventory.delete(who, category.id)
            sent_by = self.sent_out_by(category.id, who)
            request = None
            if sent_by:
                request = self.store.deletions.add(
                    DeletionRequest(who, category.id, sent_by, now, deletion_deadline(now))
                )
        return Deletion(category.id, deleted, request)

    # what left the car (CN-02, CN-15)

    def log_egress(self, attempt: Attempt) -> None:
        self.store.egress.add(attempt)


def _with_notice_seen(entry: ConsentEntry, document: NoticeDocument) -> ConsentEntry:
    """A grant names the text the driver agreed to, and its language."""
    if entry.action is not Action.GRANT:
        return entry
    return replace(entry, notice_language=document.language, notice_document=document.version)


CLI = Asked(SOURCE_LANGUAGE, Channel.CLI)
