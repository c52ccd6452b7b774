"""The egress guard (CN-02, 03, 13, 14, 15): nothing leaves the car without a rule that lets
it, every attempt is on record, and what does leave is coarse and de-identified."""

import json
from datetime import datetime

import cv2
import numpy as np
import pytest
from helpers import T0, ivi, ok

from ivi.bus import signals
from ivi.bus.anonymiser import Anonymiser
from ivi.bus.egress_guard import Parcel, encode_frames
from ivi.bus.mint import Minted
from ivi.car import build_car
from ivi.core.clock import SimulatedClock
from ivi.core.egress import Reason
from ivi.core.motion import Gear
from ivi.core.pseudonyms import pseudonym, vin_hash
from ivi.core.ways_out import PayloadKind

CYCLE_S = 188.5


def everything_on(car) -> None:
    car.services.start_drive()
    for feature in car.services.catalog.consentable():
        car.services.grant(feature.id, "7d")
    car.services.set_motion(Gear.DRIVE, 0)


def clean_clip(car):
    """An incident clip as the car makes it: anonymised frames, minted by its recorder."""
    frames = encode_frames([Anonymiser().anonymise(np.full((360, 640, 3), 128, np.uint8))])
    return car.incidents.mint.make(PayloadKind.ANONYMISED_FRAMES, frames)


def coarse_fix(car, feature: str = "traffic_services") -> dict:
    """The fields of a traffic parcel, as the car's own traffic reporter sends them."""
    return {**car.guard.identifiers(feature), "latitude": 31.23, "longitude": 121.51, "at": car.clock.now()}


def clip_fields(car) -> dict:
    return {**car.guard.identifiers("sentry_upload"), "event": "hard_braking", "at": car.clock.now(), "frames": 1}


# A parcel that breaks one rule, and the rule. Consent: traffic_services, sentry_upload only.
REFUSED = {
    "unknown feature": (
        lambda c: Parcel("ad_tracking", "location", "cn-traffic", coarse_fix(c)),
        Reason.UNKNOWN_FEATURE,
    ),
    "in-car feature": (lambda c: Parcel("navigation", "location", "cn-traffic", coarse_fix(c)), Reason.STAYS_IN_CAR),
    "cabin audio via traffic": (
        lambda c: Parcel("traffic_services", "cabin_audio", "cn-traffic", {}, b"\0" * 3200),
        Reason.NOT_THE_FEATURES_DATA,
    ),
    "face data": (lambda c: Parcel("fatigue_alert", "face_biometric", "cn-voice", {}), Reason.STAYS_IN_CAR),
    "no consent": (lambda c: Parcel("cloud_voice", "cabin_audio", "cn-voice", {}, b"\0" * 3200), Reason.NO_CONSENT),
    "raw exterior frame": (
        lambda c: Parcel(
            "sentry_upload", "exterior_video", "cn-sentry", clip_fields(c), np.zeros((720, 1280, 3), np.uint8)
        ),
        Reason.NOT_ANONYMISED,
    ),
    "exterior jpeg not from the anonymiser": (
        lambda c: Parcel("sentry_upload", "exterior_video", "cn-sentry", clip_fields(c), b"\xff\xd8 a jpeg"),
        Reason.NOT_ANONYMISED,
    ),
    "precise location": (
        lambda c: Parcel("traffic_services", "location", "cn-traffic", {**coarse_fix(c), "latitude": 31.23456}),
        Reason.PRECISE_LOCATION,
    ),
    "unknown endpoint": (
        lambda c: Parcel("traffic_services", "location", "cn-elsewhere", coarse_fix(c)),
        Reason.UNKNOWN_ENDPOINT,
    ),
    "abroad, not assessed": (
        lambda c: Parcel("traffic_services", "location", "eu-analytics", coarse_fix(c)),
        Reason.EXPORT_NOT_ASSESSED,
    ),
}


@pytest.fixture
def consented(car):
    car.services.start_drive()
    car.services.grant("traffic_services", "7d")
    car.services.grant("sentry_upload", "7d")
    return car


@pytest.mark.parametrize("case", REFUSED)
def test_a_parcel_breaking_a_rule_is_refused_logged_and_not_received(consented, case):
    make, reason = REFUSED[case]
    parcel = make(consented)
    attempt = consented.guard.send(parcel)
    assert attempt.reason is reason and not attempt.allowed
    assert list(consented.guard.received) == []
    [logged] = consented.services.egress_log()
    assert (logged.feature, logged.category, logged.endpoint, logged.reason) == (
        parcel.feature,
        parcel.category,
        parcel.endpoint,
        reason,
    )
    assert logged.bytes > 0


@pytest.mark.parametrize("identifier", ["vehicle", "driver"])
def test_cn14_a_raw_vin_or_profile_name_is_refused(consented, identifier):
    vin, _ = consented.services.store.identity()
    fields = {**coarse_fix(consented), identifier: vin if identifier == "vehicle" else "driver"}
    attempt = consented.guard.send(Parcel("traffic_services", "location", "cn-traffic", fields))
    assert attempt.reason is Reason.IDENTIFIES_THE_DRIVER


def test_allowed_to_china_and_to_an_assessed_endpoint_abroad_that_the_way_out_declares(consented):
    to_china = consented.guard.send(Parcel("traffic_services", "location", "cn-traffic", coarse_fix(consented)))
    clip = Parcel("sentry_upload", "exterior_video", "cn-sentry", clip_fields(consented), clean_clip(consented))
    sent_clip = consented.guard.send(clip)
    assessed = consented.guard.send(Parcel(**{**clip.__dict__, "endpoint": "sg-backup"}))
    assert [to_china.reason, sent_clip.reason, assessed.reason] == [Reason.ALLOWED] * 3
    assert [a.region for a in consented.services.egress_log()] == ["CN", "CN", "SG"]
    assert len(consented.guard.received) == 3


def test_after_a_revoke_the_same_parcel_is_refused(consented):
    parcel = Parcel("traffic_services", "location", "cn-traffic", coarse_fix(consented))
    assert consented.guard.send(parcel).allowed
    consented.services.revoke("traffic_services")
    assert consented.guard.send(parcel).reason is Reason.NO_CONSENT
    assert [a.allowed for a in consented.services.egress_log()] == [True, False]


def test_an_attempt_that_cannot_be_logged_is_not_sent(consented):
    consented.services.store.close()  # the store is gone: nothing can be recorded
    attempt = consented.guard.send(Parcel("traffic_services", "location", "cn-traffic", coarse_fix(consented)))
    assert not attempt.allowed
    assert list(consented.guard.received) == []


def test_a_drive_with_everything_consented_sends_only_by_the_ways_out(car):  # CN-02
    everything_on(car)
    car.simulator.advance(2 * CYCLE_S)
    log = car.services.egress_log()
    assert {(a.feature, a.category, a.endpoint) for a in log} == {
        ("cloud_voice", "cabin_audio", "cn-voice"),
        ("remote_cabin_view", "cabin_video", "cn-cabin-view"),
        ("traffic_services", "location", "cn-traffic"),
        ("sentry_upload", "exterior_video", "cn-sentry"),
    }  # the driving score goes once a week: see below
    assert all(a.allowed for a in log)
    assert car.guard.counts.allowed == len(log)
    # Raw cabin data is never kept: the car keeps the trip, the driving habits and anonymised clips.
    kept = {row["category"] for row in car.services.store.db["kept_data"].rows}
    assert kept == {"location", "driving_habits", "exterior_video"}


def test_remote_cabin_view_sends_a_frame_a_second_only_while_the_owner_watches(car):
    car.services.start_drive()  # T0 is 01:30: the owner watches the first half minute of every five
    car.services.grant("remote_cabin_view", "7d")
    car.simulator.advance(600)
    sent = [datetime.fromisoformat(p.fields["at"]) for p in car.guard.received if p.feature == "remote_cabin_view"]
    assert len(sent) == 30 + 30 + 1  # 01:30:00-29, 01:35:00-29 and 01:40:00, the run's last instant
    assert all(at.minute % 5 == 0 and at.second < 30 for at in sent)
    assert car.bus.counts[signals.CABIN_CAMERA_FRAME] == 600 * 15 + 1  # the camera ran; the view did not


def test_the_remote_cabin_view_pauses_while_the_car_moves(car):
    car.services.start_drive()
    car.services.grant("remote_cabin_view", "7d")
    car.services.set_motion(Gear.DRIVE, 0)  # the city cycle: it moves, and stops now and then
    speeds = []
    car.bus.subscribe(signals.SPEED, lambda sample: speeds.append((sample.at, sample.value)))
    car.simulator.advance(600)
    sent = [datetime.fromisoformat(p.fields["at"]) for p in car.guard.received if p.feature == "remote_cabin_view"]
    watched = [at for at, _ in speeds if at.minute % 5 == 0 and at.second < 30]
    moving = sum(speed > 0 for at, speed in speeds if at in watched)
    assert moving > 100  # the owner watched while the car moved ...
    for at in sent:  # ... and was sent nothing then: only frames from moments standing still
        assert max((s for s in speeds if s[0] <= at), default=(at, 0.0))[1] == 0


def test_the_driving_score_leaves_once_a_week_and_the_events_stay_in_the_car(car):
    car.services.start_drive()
    car.services.grant("eco_driving", "365d")
    car.services.set_motion(Gear.DRIVE, 0)
    car.simulator.advance(2 * CYCLE_S)  # two harsh starts and two harsh stops
    assert [p for p in car.guard.received if p.feature == "eco_driving"] == []
    car.keeper.flush()
    assert car.services.holdings()["driving_habits"].count == 4
    car.services.set_motion(Gear.PARK, 0)
    car.services.end_drive()
    car.simulator.advance(7 * 24 * 3600)  # a week later
    car.services.start_drive()
    car.services.set_motion(Gear.DRIVE, 0)
    car.simulator.advance(CYCLE_S)
    [score] = [p for p in car.guard.received if p.feature == "eco_driving"]
    assert (score.fields["harsh_acceleration"], score.fields["harsh_braking"]) == (2, 2)


def test_cloud_voice_sends_each_spoken_command_and_no_road_noise(car):
    car.services.start_drive()
    car.services.grant("cloud_voice", "7d")
    car.simulator.advance(180)  # the driver speaks for 3 s a minute, from 20 s in
    sent = [p for p in car.guard.received if p.feature == "cloud_voice"]
    assert len(sent) == 3
    assert all(len(p.payload) == 3 * 32_000 for p in sent)  # 3 s of 16 kHz 16-bit audio, nothing else


def test_cn13_location_is_coarse_on_the_bus_unless_navigation_needs_it_and_always_coarse_out(car):
    car.services.start_drive()
    car.services.grant("traffic_services", "7d")
    car.services.set_motion(Gear.DRIVE, 0)
    car.simulator.advance(60)
    latitude = car.bus.latest[signals.LATITUDE].value
    assert latitude == round(latitude, 2)
    assert car.bus.latest[signals.HORIZONTAL_ACCURACY].value == 1000
    car.services.set_motion(Gear.PARK, 0)
    car.services.grant("navigation", "7d")
    car.services.set_motion(Gear.DRIVE, 0)
    car.simulator.advance(60)
    assert car.bus.latest[signals.HORIZONTAL_ACCURACY].value == 3
    assert car.bus.latest[signals.LATITUDE].value != round(car.bus.latest[signals.LATITUDE].value, 2)
    for parcel in car.guard.received:
        assert parcel.fields["latitude"] == round(parcel.fields["latitude"], 2)
        assert parcel.fields["longitude"] == round(parcel.fields["longitude"], 2)


def test_cn14_what_leaves_carries_a_keyed_vin_hash_and_a_per_feature_pseudonym(car):
    everything_on(car)
    car.simulator.advance(CYCLE_S)
    vin, secret = car.services.store.identity()
    by_feature = {p.feature: p.fields for p in car.guard.received}
    for feature, fields in by_feature.items():
        text = json.dumps(fields, default=str)
        assert vin not in text and '"driver"' not in text.replace('"driver":', "")
        assert fields["vehicle"] == vin_hash(secret, vin)
        assert fields["driver"] == pseudonym(secret, "driver", feature)
    assert len({fields["driver"] for fields in by_feature.values()}) == len(by_feature)  # not linkable


def test_cn03_incident_clips_leave_anonymised_and_the_detector_finds_no_face_in_them(car):
    car.services.start_drive()
    car.services.grant("sentry_upload", "7d")
    car.services.set_motion(Gear.DRIVE, 0)
    car.simulator.advance(2 * CYCLE_S)  # two hard stops
    clips = [p for p in car.guard.received if p.feature == "sentry_upload"]
    assert len(clips) == 2
    kept = car.services.holdings()["exterior_video"]  # the car keeps its copies (7 days)
    assert (kept.count, kept.bytes) == (2, sum(len(c.payload) for c in clips))
    anonymiser = Anonymiser()
    for clip in clips:
        assert isinstance(clip.payload, Minted) and len(clip.payload.parts) == 4  # 2 s, 2 a second
        for jpeg in clip.payload.parts:
            frame = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
            assert frame.shape == (720, 1280, 3)
            assert anonymiser.find_faces(frame) == []


def test_cn03_a_clip_handed_to_a_worker_leaves_when_the_work_is_done_and_only_if_still_allowed(car):
    handed = []
    car.incidents.offload = lambda work, then: handed.append((work, then))  # as the head unit's worker would
    car.services.start_drive()
    car.services.grant("sentry_upload", "7d")
    car.services.set_motion(Gear.DRIVE, 0)
    car.simulator.advance(2 * CYCLE_S)  # two hard stops: two clips handed over, nothing sent yet
    assert len(handed) == 2 and list(car.guard.received) == [] and car.services.egress_log() == []
    work, then = handed[0]
    then(work())
    assert [len(p.payload.parts) for p in car.guard.received if p.feature == "sentry_upload"] == [4]
    car.services.revoke("sentry_upload")  # stopped while the second clip was being anonymised
    work, then = handed[1]
    then(work())
    assert len([p for p in car.guard.received if p.feature == "sentry_upload"]) == 1
    assert not car.services.egress_log()[-1].allowed  # refused by the guard, and logged


class BrokenFrame:
    """A camera frame that arrives damaged (a short read)."""

    def pixels(self) -> np.ndarray:
        return np.zeros((8, 1280), np.uint8)


def test_cn03_a_frame_the_anonymiser_cannot_process_is_dropped_never_sent(car):
    car.services.start_drive()
    car.services.grant("sentry_upload", "7d")
    car.services.set_motion(Gear.DRIVE, 0)
    camera = next(s for s in car.simulator.sensors if s.id == "exterior_camera")

    def damaged(t, features, publish):
        publish(signals.EXTERIOR_CAMERA_FRAME, BrokenFrame())

    camera.sample = damaged
    car.simulator.advance(CYCLE_S)
    assert car.incidents.dropped == 4
    assert [p for p in car.guard.received if p.feature == "sentry_upload"] == []
    assert car.services.egress_log() == []  # nothing was even tried


def test_egress_log_cli_lists_every_attempt_with_its_reason(db_path):
    car = build_car(db_path, SimulatedClock(T0))
    car.services.start_drive()
    car.services.grant("traffic_services", "7d")
    car.guard.send(Parcel("traffic_services", "location", "cn-traffic", coarse_fix(car)))
    car.guard.send(Parcel("traffic_services", "location", "eu-analytics", coarse_fix(car)))
    car.close()
    rows = json.loads(ok("egress", "log", "--json", db=db_path))["attempts"]
    assert [(r["endpoint"], r["region"], r["allowed"], r["reason"]) for r in rows] == [
        ("cn-traffic", "CN", True, "allowed"),
        ("eu-analytics", "DE", False, "export_not_assessed"),
    ]
    text = ok("egress", "log", db=db_path)
    assert text.splitlines()[1].endswith(
        "Live traffic, Location and routes, 0.2 kB to analytics.example.eu (Germany): refused: export outside China not assessed"
    )


def test_bus_run_reports_egress_counts(db_path):
    for args in (
        ["drive", "start"],
        ["consent", "grant", "traffic_services", "--duration", "7d"],
        ["drive", "gear", "D"],
    ):
        ok(*args, db=db_path)
    report = json.loads(ok("bus", "run", "--seconds", "600", "--json", db=db_path))
    assert report["samples"][signals.LATITUDE] == 601
    logged = json.loads(ok("egress", "log", "--json", db=db_path))["attempts"]
    assert len(logged) == 11  # once a minute for 600 s, both ends included
    sent = sum(a["bytes"] for a in logged)
    assert report["egress"] == {"allowed": 11, "refused": 0, "bytes_out": sent, "by_reason": {"allowed": 11}}
    assert report["left_car"] == [
        {"feature": "traffic_services", "endpoint": "cn-traffic", "parcels": 11, "bytes": sent}
    ]


def test_egress_log_on_a_missing_database_is_one_line(tmp_path):
    result = ivi("egress", "log", db=tmp_path / "none.db")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "no such database" in result.stderr
