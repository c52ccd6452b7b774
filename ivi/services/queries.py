"""The read side of the car's privacy record: what the screens, the CLI and the test kit ask,
answered from the store with every stop carried out but not yet recorded taken as recorded.
`PrivacyService` (ivi/services/privacy.py) adds the writes on top; nothing above the services reads
the store itself."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from ivi.core import consent as rules
from ivi.core.catalog import Catalog, Feature
from ivi.core.clock import Clock
from ivi.core.consent import Action, ConsentEntry, LedgerRecord
from ivi.core.drive import Drive
from ivi.core.egress import Attempt
from ivi.core.lease import Lease, granted, lease_key, network_password, stopped
from ivi.core.motion import PARKED, Motion
from ivi.core.notice import NoticeDocument
from ivi.core.policy import PrivacyState, evaluate
from ivi.core.profiles import DEFAULT_PROFILE, check_name
from ivi.core.pseudonyms import pseudonym, vin_hash
from ivi.core.records import DeletionRequest, Holding, Receipt
from ivi.core.stops import apply_stops
from ivi.store.interface import Store

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


class PrivacyQueries:
    def __init__(self, store: Store, catalog: Catalog, clock: Clock):
        self.store = store
        self.catalog = catalog
        self.clock = clock

    def profile(self, requested: str | None = None) -> str:
        """The profile a command acts for: the one asked for, else the current driver's (a
        drive whose end is carried out has no driver, recorded or not)."""
        return profile_for(requested, None if requested is not None else self.current_drive())

    def motion(self) -> Motion:
        drive = self.store.current_drive()
        return self.store.motion(drive) if drive else PARKED

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

    def record_heads(self) -> dict[str, tuple[int, str]]:
        """Where the record's hash chains end (ledger, drives): id and keyed hash of the newest,
        what an auditor compares with `ivi consent verify`."""
        return self.store.chain_heads()

    def vehicle_hash(self) -> str:
        """The car as everything that leaves it names it: a keyed hash of its VIN (CN-14)."""
        vin, secret = self.store.identity()
        return vin_hash(secret, vin)

    def lease_key(self) -> bytes:
        """The key that signs consent leases to the car's sensor ECUs (ivi.core.lease): derived
        from the car's secret, which the ECUs were given when the car was made."""
        return lease_key(self.store.identity()[1])

    def network_password(self, user: str) -> str:
        """The password `user` logs in to the car's network with (ivi.net.link)."""
        return network_password(self.store.identity()[1], user)

    def lease(self, sensor: str, features: frozenset[str], now: float) -> Lease:
        """A signed lease for `sensor` to serve `features` (a stop if none), naming the driver
        by a pseudonym, the notice revision of each feature and the ledger's head."""
        secret = self.store.identity()[1]
        drive = self.current_drive()
        if not features or drive is None:
            return stopped(sensor, now, lease_key(secret))
        ordered = tuple(sorted(features))
        notices = tuple(self.catalog.features[f].notice_hash for f in ordered)
        driver = pseudonym(secret, drive.profile, f"lease:{sensor}")
        return granted(sensor, ordered, driver, notices, self.record_heads()["ledger"][1], now, lease_key(secret))

    def vin(self) -> str:
        """The car's vehicle identification number: it never leaves the car as it is."""
        return self.store.identity()[0]

    def current_drive(self) -> Drive | None:
        """The drive in progress, as it is once every stop carried out is recorded: none once
        its end is carried out, recorded or not."""
        drive = apply_stops(self.store.stopped(), [], self.store.current_drive())[1]
        return drive if drive is not None and drive.in_progress else None

    def changed_elsewhere(self) -> bool:
        """Did another process change the record (a consent, a drive) or note a stop since the
        last time this was asked? The running car asks before every sample (CN-06)."""
        return self.store.changed_elsewhere()

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

    def holdings(self, profile: str | None = None) -> dict[str, Holding]:
        return self.store.inventory.holdings(self.profile(profile))

    def sent_out_by(self, category_id: str, profile: str | None = None) -> tuple[str, ...]:
        """The features the profile ever let send this category out of the car."""
        return self.catalog.sent_out_by(category_id, self.store.ledger.ever_granted(self.profile(profile)))

    def deletion_requests(self, profile: str | None = None) -> list[DeletionRequest]:
        return self.store.deletions.for_profile(self.profile(profile))

    def egress_log(self, profile: str | None = None) -> list[Attempt]:
        """Every attempt to send data out, allowed or refused; every profile's unless one is named."""
        return self.store.egress.attempts(check_name(profile) if profile is not None else None)


def profile_for(requested: str | None, drive: Drive | None) -> str:
    if requested is not None:  # "" is a bad name, not "the current driver"
        return check_name(requested)
    return drive.profile if drive else DEFAULT_PROFILE
