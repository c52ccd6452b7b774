"""The service layer: every change to drives, consents and kept data goes through here.

Each method is one transaction on the store, then its domain events on the hub, so the
consent gate and the UI learn of a change before the call returns.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from ivi.core import consent as rules
from ivi.core.catalog import Catalog, Feature
from ivi.core.clock import Clock, SystemClock
from ivi.core.consent import Action, ConsentEntry, LedgerRecord
from ivi.core.drive import Drive
from ivi.core.durations import Duration
from ivi.core.egress import Attempt
from ivi.core.errors import InvalidMotion, NoDriveInProgress, NotParked, StopNotRecorded
from ivi.core.events import ConsentChanged, DriveEnded, DriveStarted, EventHub, MotionChanged, StopsChanged
from ivi.core.motion import PARKED, Gear, Motion
from ivi.core.notice import NoticeDocument, notice_document
from ivi.core.policy import PrivacyState, evaluate
from ivi.core.profiles import DEFAULT_PROFILE, check_name
from ivi.core.records import Channel, DeletionRequest, Holding, KeptBatch, Receipt, ReceiptKind
from ivi.core.restrictions import Activity, allows, driving_state
from ivi.core.stops import DriveStop, RevokeStop, Stop, apply_stops
from ivi.core.text import ENGLISH, Messages, Text
from ivi.core.working_days import deletion_deadline
from ivi.i18n.translator import SOURCE_LANGUAGE
from ivi.stopping import Stopping
from ivi.store import CarStore, StoreUnavailable

MAX_SPEED_KMH = 250.0


RENEW_AHEAD = timedelta(days=1)  # how long before a consent ends the driver is reminded to renew it


@dataclass(frozen=True)
class FeatureStatus:
    feature: Feature
    latest: ConsentEntry | None  # the driver's last choice, if any, valid or not
    running: ConsentEntry | None  # the same entry while it lets the feature run now

    @property
    def active(self) -> bool:
        return self.running is not None

    @property
    def last_grant(self) -> ConsentEntry | None:
        """The driver's last choice if it was a grant (valid or not), else None."""
        return self.latest if self.latest and self.latest.action is Action.GRANT else None

    def ends_soon(self, now: datetime) -> bool:
        """It runs now and ends within RENEW_AHEAD: time to remind the driver to renew it."""
        running = self.running
        return running is not None and running.expires_at is not None and running.expires_at - now <= RENEW_AHEAD

    def expired_at(self, now: datetime) -> datetime | None:
        """When the last grant ran out, if that is why the feature is off (not a revoke, the
        end of a drive, or a changed notice): the driver renews it rather than starts anew."""
        grant = self.last_grant
        if self.running is None and grant and grant.expires_at and grant.expires_at <= now and not self.notice_changed:
            return grant.expires_at
        return None

    @property
    def notice_changed(self) -> bool:
        """The last grant was given under an older notice, so it no longer counts: ask again."""
        grant = self.last_grant
        return grant is not None and grant.notice_hash != self.feature.notice_hash


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


class PrivacyService:
    def __init__(self, store: CarStore, catalog: Catalog, clock: Clock, hub: EventHub):
        self.store = store
        self.catalog = catalog
        self.clock = clock
        self.hub = hub

    def profile(self, requested: str | None = None) -> str:
        """The profile a command acts for: the one asked for, else the current driver's. A
        drive whose end is carried out but not yet recorded has ended: its driver is not
        the current one (a revoke after it is the default profile's, as once it is recorded)."""
        if requested is not None:
            return _profile_for(requested, None)
        drive = self.current_drive()
        return _profile_for(None, drive if drive is not None and drive.in_progress else None)

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

    def motion(self) -> Motion:
        drive = self.store.current_drive()
        return self.store.motion(drive) if drive else PARKED

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
                ReceiptKind.NOTICE_SHOWN, _profile_for(None, drive), drive, motion, asked, documents, {}
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
            who = _profile_for(profile, drive)
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

    # reading

    def notice_documents(self, profile: str) -> list[NoticeDocument]:
        """Every notice text the profile's consents and receipts name, first named first."""
        versions = [r.entry.notice_document for r in self.consent_history(profile) if r.entry.notice_document]
        versions += [v for r in self.receipts(profile) for v in r.documents.values()]
        return [d for v in dict.fromkeys(versions) if (d := self.store.receipts.document(v))]

    def consent_history(self, profile: str) -> list[LedgerRecord]:
        """Every consent entry of the profile, oldest first, with its place in the hash chain."""
        return self.store.ledger.history(profile)

    def receipts(self, profile: str) -> list[Receipt]:
        """What the profile was shown and what it chose, oldest first."""
        return self.store.receipts.for_profile(profile)

    def vin(self) -> str:
        """The car's vehicle identification number: it never leaves the car as it is."""
        return self.store.identity()[0]

    def close(self) -> None:
        self.store.close()

    def current_drive(self) -> Drive | None:
        """The drive in progress, as it is once every stop carried out is recorded."""
        return apply_stops(self.store.stopped(), [], self.store.current_drive())[1]

    def state(self) -> PrivacyState:
        """What may run now: the record, with every stop carried out and not yet recorded."""
        drive = self.store.current_drive()
        latest = self.store.ledger.latest(drive.profile) if drive else []
        latest, drive = apply_stops(self.store.stopped(), latest, drive)
        return evaluate(self.catalog, latest, drive, self.clock.now())

    def status(self, profile: str | None = None) -> list[FeatureStatus]:
        who = self.profile(profile)
        entries, drive = apply_stops(self.store.stopped(), self.store.ledger.latest(who), self.store.current_drive())
        now = self.clock.now()
        latest = {e.feature: e for e in entries}
        statuses = []
        for feature in self.catalog.consentable():
            entry = latest.get(feature.id)
            running = entry if rules.running(self.catalog, entry, drive, now) else None
            statuses.append(FeatureStatus(feature, entry, running))
        return statuses

    # the car's clock

    def keep_time(self) -> None:
        """Note where the simulator's clock stands, so that a restarted car goes on from there."""
        now = self.clock.now()
        self.store.keep_time(now, max(0.0, (now - SystemClock().now()).total_seconds()))

    # data kept in the car, and deletion (CN-12)

    def keep(self, batches: list[KeptBatch]) -> None:
        if batches:
            self.store.inventory.keep(batches)

    def holdings(self, profile: str | None = None) -> dict[str, Holding]:
        return self.store.inventory.holdings(self.profile(profile))

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

    def sent_out_by(self, category_id: str, profile: str | None = None) -> tuple[str, ...]:
        """The features the profile ever let send this category out of the car."""
        return self.catalog.sent_out_by(category_id, self.store.ledger.ever_granted(self.profile(profile)))

    def deletion_requests(self, profile: str | None = None) -> list[DeletionRequest]:
        return self.store.deletions.for_profile(self.profile(profile))

    # what left the car (CN-02, CN-15)

    def log_egress(self, attempt: Attempt) -> None:
        self.store.egress.add(attempt)

    def egress_log(self, profile: str | None = None) -> list[Attempt]:
        """Every attempt to send data out, allowed or refused; every profile's unless one is named."""
        return self.store.egress.attempts(check_name(profile) if profile is not None else None)


def _profile_for(requested: str | None, drive: Drive | None) -> str:
    if requested is not None:  # "" is a bad name, not "the current driver"
        return check_name(requested)
    return drive.profile if drive else DEFAULT_PROFILE


def _with_notice_seen(entry: ConsentEntry, document: NoticeDocument) -> ConsentEntry:
    """A grant names the text the driver agreed to, and its language."""
    if entry.action is not Action.GRANT:
        return entry
    return replace(entry, notice_language=document.language, notice_document=document.version)


CLI = Asked(SOURCE_LANGUAGE, Channel.CLI)
