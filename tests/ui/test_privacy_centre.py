"""The privacy centre, by tap: consents and their expiry, live sensors, history and
receipts, data kept in the car, what left it, deletion requests, contact, master stop."""

from datetime import timedelta

from ivi.bus import signals
from ivi.testing.driver import HeadUnitDriver
from ivi.testing.tour import EVERY_SENSOR, allow, drawer


def drive_with(
    head_unit: HeadUnitDriver, features: tuple[str, ...], seconds: float = 0, duration: str = "7d", park: bool = True
) -> None:
    """Allow the features, drive `seconds`, then (unless `park` is False) park: long lists
    wait while the car moves."""
    head_unit.ignition_on()
    allow(head_unit, features, duration)
    head_unit.tap("id:accept_selected")
    if seconds:
        drawer(head_unit, "id:sim_speed_60", "id:sim_gear_D")
        head_unit.advance(seconds)
        if park:
            drawer(head_unit, "id:sim_speed_0")
            head_unit.advance(8)  # eases to a stop from 60 km/h
            drawer(head_unit, "id:sim_gear_P")
    head_unit.tap("id:rail_privacy")


def row(head_unit: HeadUnitDriver, test_id: str) -> list[str]:
    return head_unit.texts(head_unit.wait_for(f"id:{test_id}"))


def test_consents_show_their_expiry_and_each_one_stops(head_unit):
    drive_with(head_unit, ("fatigue_alert",), duration="7d")
    drawer(head_unit, "id:sim_language_en")
    assert row(head_unit, "consent_fatigue_alert") == [
        "Fatigue alert",
        "Allowed until Nov 28 9:30\u202fAM, 1 week left",
        "Stop",
    ]
    assert row(head_unit, "consent_navigation")[1] == "Off"
    assert "needs no consent" in row(head_unit, "consent_adas_perception")[1]
    head_unit.tap("id:consent_fatigue_alert_button")
    assert row(head_unit, "consent_fatigue_alert") == ["Fatigue alert", "Off"]
    taken = head_unit.samples(signals.DRIVER_CAMERA_FRAME)
    head_unit.advance(5)
    assert head_unit.samples(signals.DRIVER_CAMERA_FRAME) == taken


def test_live_sensors_each_have_a_stop_except_driving_safety(head_unit):
    drive_with(head_unit, ("navigation", "traffic_services", "voice_assistant"))
    head_unit.tap("id:section_sensors")
    gnss = row(head_unit, "sensor_gnss")
    assert gnss[0] == "Location" and "leaves car" in gnss[1] and "Live traffic" in gnss[1] and gnss[2] == "Stop"
    assert row(head_unit, "sensor_cabin_camera") == ["Cabin camera", "Powered off"]
    assert "Stop" not in row(head_unit, "sensor_exterior_camera")
    head_unit.tap("id:sensor_gnss_button")
    assert row(head_unit, "sensor_gnss") == ["Location", "Powered off"]
    assert not head_unit.is_visible("id:chip_gnss")
    assert head_unit.is_visible("id:chip_cabin_microphone")


def test_history_lists_every_choice_and_receipt(head_unit):
    drive_with(head_unit, ("fatigue_alert",), duration="90d")
    head_unit.tap("id:section_consents")
    head_unit.tap("id:consent_fatigue_alert_button")
    head_unit.tap("id:section_history")
    records = head_unit.car.services.store.ledger.history("driver")
    newest, oldest = row(head_unit, f"ledger_{records[-1].id}"), row(head_unit, f"ledger_{records[0].id}")
    assert newest[0] == "Fatigue alert" and newest[1].startswith("Stopped · Nov 21")
    assert oldest[1].startswith("Allowed for 90 days · Nov 21") and records[0].hash[:8] not in oldest[1]
    receipts = [row(head_unit, f"receipt_{i}") for i in range(3)]  # newest first
    assert [r[0] for r in receipts] == ["Choices made", "Choices made", "Notice shown"]
    assert receipts[-1][1].endswith("English · parked")  # the language by its name


def test_kept_data_is_deleted_at_once_and_a_request_covers_what_left_the_car(head_unit):  # CN-12
    drive_with(head_unit, ("navigation", "traffic_services"), seconds=120)
    head_unit.tap("id:section_kept")
    assert head_unit.car.services.holdings()["location"].count > 0
    kept = row(head_unit, "kept_location")
    assert kept[0] == "Location and routes" and "items" in kept[1] and "some was sent out" in kept[1]
    assert row(head_unit, "kept_heart_rate") == ["Heart rate", "Nothing kept in the car"]  # nothing to delete
    head_unit.tap("id:kept_location_button")
    head_unit.tap("id:confirm_yes")
    assert "location" not in head_unit.car.services.holdings()
    # Saturday 21 November 2026: ten working days on is Friday 4 December.
    assert head_unit.text_of("id:privacy_message") == (
        "Location and routes deleted in the car. The copies outside must be deleted by Dec 4, 2026."
    )
    head_unit.tap("id:section_deletions")
    request = head_unit.car.services.deletion_requests()[0]
    assert row(head_unit, f"deletion_{request.id}") == [
        "Location and routes",
        "Asked Nov 21 9:32\u202fAM · due Dec 4, 2026 · 10 working days left",
    ]


def test_the_egress_log_shows_what_left_the_car(head_unit):  # CN-02, CN-15
    drive_with(head_unit, ("traffic_services",), seconds=150)
    head_unit.tap("id:section_sent")
    attempts = head_unit.car.services.egress_log()
    assert len(attempts) == 3 and all(a.allowed for a in attempts)  # a coarse fix a minute
    summary = row(head_unit, "sent_summary")
    assert summary[1].startswith("Sent: 3 · Refused: 0 · Out of the car:")
    newest = row(head_unit, "sent_0")
    assert newest[0] == "Live traffic → traffic.example.cn (China)" and newest[1].endswith("· sent")


def test_the_master_stop_ends_all_collection_even_while_moving(head_unit):
    drive_with(head_unit, EVERY_SENSOR, seconds=30, park=False)
    assert head_unit.app.moving
    head_unit.tap("id:stop_all")
    assert head_unit.app.powered_personal == ["exterior_camera"]  # driver assistance needs no consent
    counts = {
        path: head_unit.samples(path) for path in (signals.DRIVER_CAMERA_FRAME, signals.LATITUDE, signals.HEART_RATE)
    }
    head_unit.advance(10)
    assert {path: head_unit.samples(path) for path in counts} == counts


def test_contact_and_the_notice_are_one_tap_away(head_unit):
    drive_with(head_unit, ("fatigue_alert",))
    head_unit.tap("id:section_contact")
    assert "privacy@ivi-motors.example" in row(head_unit, "contact")[1]
    head_unit.tap("id:open_notice")
    assert head_unit.app.screen == "notice"
    assert head_unit.text_of("id:allow_fatigue_alert") == "Allowed"


def test_consents_end_on_time_as_the_clock_is_fast_forwarded(head_unit):  # CN-08
    drive_with(head_unit, ("fatigue_alert",), duration="7d")
    start = head_unit.car.clock.now()
    drawer(head_unit, "id:ff_day")
    assert head_unit.car.clock.now() - start == timedelta(days=1)
    assert row(head_unit, "consent_fatigue_alert")[1].startswith("Allowed until Nov 28")
    drawer(head_unit, "id:ff_week")
    assert row(head_unit, "consent_fatigue_alert") == ["Fatigue alert", "Expired Nov 28 9:30\u202fAM", "Renew"]
    assert not head_unit.is_visible("id:chip_driver_camera")
    taken = head_unit.samples(signals.DRIVER_CAMERA_FRAME)
    head_unit.advance(5)
    assert head_unit.samples(signals.DRIVER_CAMERA_FRAME) == taken


def test_an_ending_consent_says_so_the_day_before_and_an_ended_one_offers_to_renew(head_unit):  # CN-08
    drive_with(head_unit, ("fatigue_alert",), duration="7d")
    assert head_unit.text_of("id:clock") == "9:30\u202fAM"
    for _ in range(6):
        head_unit.fast_forward("day")
    assert head_unit.text_of("id:clock") == "Nov 27\n9:30\u202fAM"  # another day than it started: the date shows
    assert row(head_unit, "consent_fatigue_alert")[1] == (
        "Ends Nov 28 9:30\u202fAM, in 1 day: renew it in the notice to keep it on"
    )
    head_unit.fast_forward("day")
    head_unit.tap("id:consent_fatigue_alert_button")  # Renew
    assert head_unit.app.screen == "notice" and head_unit.find("id:allow_fatigue_alert").state == "normal"


def test_deleting_asks_first_and_cancel_keeps_everything(head_unit):
    drive_with(head_unit, ("navigation",), seconds=30)
    head_unit.tap("id:section_kept")
    before = head_unit.car.services.holdings()["location"].count
    head_unit.tap("id:kept_location_button")
    assert head_unit.text_of("id:confirm_question").startswith("Delete Location and routes kept in the car?")
    assert "id:section_history" not in head_unit.tappable()  # the question stands over the screen
    head_unit.tap("id:confirm_no")
    assert head_unit.car.services.holdings()["location"].count == before
    assert not head_unit.is_visible("id:confirm_question")


def test_a_receipt_shows_what_was_chosen_and_opens_with_the_notice_text_shown(head_unit):
    drive_with(head_unit, ("fatigue_alert", "navigation"), duration="90d")
    head_unit.tap("id:section_history")
    choices, shown = row(head_unit, "receipt_0"), row(head_unit, "receipt_1")
    assert (
        choices[0] == "Choices made" and "Fatigue alert: 90 days" in choices[1] and "Navigation: 90 days" in choices[1]
    )
    assert shown[0] == "Notice shown" and choices[-1] == "Open"
    head_unit.tap("id:receipt_0_button")
    body = head_unit.text_of("id:receipt_body")
    [receipt] = [r for r in head_unit.car.services.receipts("driver") if r.choices]
    for feature, version in receipt.documents.items():
        [document] = [d for d in head_unit.car.services.notice_documents("driver") if d.version == version]
        assert version in body and document.text in body, feature
    assert "Chosen: " in body and "Fatigue alert: 90 days" in body and "The car was: parked" in body
    head_unit.tap("id:receipt_close")
    assert not head_unit.is_visible("id:receipt_body")


def test_an_expiry_next_year_says_its_year(head_unit):
    drive_with(head_unit, ("fatigue_alert",), duration="365d")
    assert row(head_unit, "consent_fatigue_alert")[1].startswith("Allowed until Nov 21, 2027 9:30")


def test_deleting_a_category_with_nothing_kept_says_so(head_unit):  # CN-12
    drive_with(head_unit, ("navigation", "traffic_services"), seconds=120)
    head_unit.tap("id:section_kept")
    head_unit.tap("id:kept_location_button")
    head_unit.tap("id:confirm_yes")
    assert row(head_unit, "kept_location")[1] == "Nothing kept in the car · some was sent out"
    head_unit.tap("id:kept_location_button")  # again: nothing is kept, what was sent out still is
    assert head_unit.text_of("id:confirm_question") == (
        "Nothing of Location and routes is kept in the car. Ask for the copies sent out of it to be deleted?"
    )
    head_unit.tap("id:confirm_yes")
    assert head_unit.text_of("id:privacy_message").startswith(
        "Nothing of Location and routes was kept in the car. The copies outside must be deleted by"
    )
