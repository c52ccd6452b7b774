"""The launcher, the status bar and the live views, by tap."""

import numpy as np

from ivi.bus import signals
from ivi.bus.anonymiser import Anonymiser
from ivi.testing.driver import HeadUnitDriver
from ivi.testing.tour import allow, drawer


def start(head_unit: HeadUnitDriver, *features: str) -> None:
    head_unit.ignition_on()
    allow(head_unit, features)
    head_unit.tap("id:accept_selected" if features else "id:keep_all_off")


def open_app(head_unit: HeadUnitDriver, screen: str) -> None:
    head_unit.tap("id:home")
    head_unit.tap(f"id:tile_{screen}")


def test_the_launcher_opens_every_app_and_home_brings_it_back(head_unit):
    start(head_unit)
    titles = {
        "navigation": "Navigation",
        "media": "Radio",
        "phone": "Favourites",
        "monitoring": "Driver monitoring",
        "privacy": "Privacy centre",
        "settings": "Language",
    }
    for screen, title in titles.items():
        open_app(head_unit, screen)
        assert head_unit.app.screen == screen
        assert title in head_unit.texts(head_unit.app.root.ids.screens.current_screen)
    head_unit.tap("id:home")
    assert head_unit.app.screen == "home"
    head_unit.tap("id:rail_privacy")  # one tap from anywhere
    assert head_unit.app.screen == "privacy"


def test_media_and_phone_answer_taps(head_unit):
    start(head_unit)
    open_app(head_unit, "media")
    head_unit.tap("id:station_FM 101.7")
    head_unit.tap("id:play_pause")
    assert head_unit.text_of("id:now_playing") == "Playing FM 101.7"
    head_unit.tap("id:play_pause")
    assert head_unit.text_of("id:now_playing") == "Paused: FM 101.7"
    open_app(head_unit, "phone")
    assert head_unit.find("id:hang_up").disabled
    head_unit.tap("id:call_1")
    assert head_unit.text_of("id:call_state") == "Calling Office…"
    head_unit.tap("id:hang_up")
    assert head_unit.text_of("id:call_state") == "No call"


def test_the_status_bar_shows_drive_state_and_where_each_sensors_data_goes(head_unit):
    start(head_unit, "voice_assistant", "remote_cabin_view")
    assert head_unit.text_of("id:speed") == "P  0 km/h"
    chips = head_unit.find("id:chips")
    assert "stays in car" in head_unit.texts(head_unit.find("id:chip_cabin_microphone"))
    assert "leaves car" in head_unit.texts(head_unit.find("id:chip_cabin_camera"))
    assert [c.sensor_id for c in reversed(chips.children)] == ["cabin_camera", "cabin_microphone", "exterior_camera"]
    # Cloud voice sends what the microphone hears out of the car: its chip says so.
    head_unit.tap("id:rail_privacy")
    head_unit.tap("id:open_notice")
    allow(head_unit, ("cloud_voice",))
    head_unit.tap("id:accept_selected")
    assert "leaves car" in head_unit.texts(head_unit.find("id:chip_cabin_microphone"))
    drawer(head_unit, "id:sim_speed_60", "id:sim_gear_D")
    head_unit.advance(9)  # eases up at 2 m/s²
    assert head_unit.text_of("id:speed") == "D  60 km/h"


def test_the_monitoring_gauges_follow_the_driver_and_blank_when_the_camera_stops(head_unit):
    start(head_unit, "fatigue_alert", "health_alert", "voice_assistant")
    open_app(head_unit, "monitoring")
    assert head_unit.text_of("id:fatigue_value") == "—"
    head_unit.advance(30)
    dms = head_unit.car.bus.latest
    assert head_unit.text_of("id:fatigue_value") == f"{int(dms[signals.FATIGUE_LEVEL].value)}"
    assert head_unit.text_of("id:distraction") == f"Distraction: {int(dms[signals.DISTRACTION_LEVEL].value)}%"
    assert head_unit.text_of("id:heart_rate") == f"Heart rate: {int(dms[signals.HEART_RATE].value)} bpm"
    assert head_unit.find("id:mic_level").level > 0
    head_unit.tap("id:chip_driver_camera")
    head_unit.tap("id:chip_cabin_microphone")
    assert head_unit.text_of("id:fatigue_value") == "—"
    assert head_unit.text_of("id:eyes_on_road") == "Eyes on road: —"
    assert head_unit.text_of("id:mic_state") == "Microphone off"
    assert head_unit.find("id:mic_level").level == 0
    assert head_unit.text_of("id:heart_rate").startswith("Heart rate:")  # still consented


def test_the_cabin_preview_shows_the_camera_only_while_consented(head_unit):
    start(head_unit)
    open_app(head_unit, "monitoring")
    head_unit.advance(2)
    assert not head_unit.is_visible("id:cabin_preview")
    assert head_unit.text_of("id:cabin_caption") == "Off: the cabin camera is powered only while you allow it"
    head_unit.tap("id:rail_privacy")
    head_unit.tap("id:open_notice")
    allow(head_unit, ("remote_cabin_view",))
    head_unit.tap("id:accept_selected")
    open_app(head_unit, "monitoring")
    head_unit.advance(1)
    preview = head_unit.wait_for("id:cabin_preview")
    assert preview.texture.size == (320, 180)
    shown = np.frombuffer(preview.texture.pixels, np.uint8).reshape(180, 320, 4)[:, :, 2::-1]  # RGBA → BGR
    assert np.array_equal(shown, head_unit.car.bus.latest[signals.CABIN_CAMERA_FRAME].value)
    head_unit.tap("id:chip_cabin_camera")
    assert not head_unit.is_visible("id:cabin_preview")  # gone at once, not frozen


def test_the_front_preview_is_the_anonymised_frame(head_unit):
    start(head_unit)
    open_app(head_unit, "monitoring")
    screen = head_unit.app.root.ids.screens.current_screen
    shown = []
    original = screen._show_front
    screen._front._show = lambda result: (shown.append(result), original(result))
    for _ in range(16):  # two street scenes, a frame drawn every half second
        head_unit.advance(0.5)
    assert len(shown) >= 14  # two a second
    head_unit.advance(8)  # frames offered between two draws replace each other: one is anonymised
    assert len(shown) <= 17
    assert sum(len(r.faces) for r in shown) > 0 and sum(len(r.plates) for r in shown) > 0
    detector = Anonymiser()
    assert all(detector.find_faces(np.array(r.pixels)) == [] for r in shown if r.faces)
    last = shown[-1]
    assert (
        head_unit.text_of("id:front_caption") == f"Faces hidden: {len(last.faces)}  Plates hidden: {len(last.plates)}"
    )


def test_the_route_is_drawn_as_the_car_moves_while_location_is_on(head_unit):
    start(head_unit, "navigation")
    open_app(head_unit, "navigation")
    drawer(head_unit, "id:sim_speed_60", "id:sim_gear_D")
    head_unit.advance(30)
    trail = head_unit.find("id:route").trail
    assert len(trail) == 31 and trail[0] != trail[-1]  # a fix a second, from the start
    lat, lon = head_unit.app.position
    assert head_unit.text_of("id:position") == f"{lat:.4f}° N\n{lon:.4f}° E"
    head_unit.tap("id:chip_gnss")
    head_unit.advance(10)
    assert len(head_unit.find("id:route").trail) == 31
    assert head_unit.text_of("id:position") == "Location off"


def test_the_home_tiles_say_a_sensor_is_on_as_soon_as_it_is_even_before_its_first_reading(head_unit):
    start(head_unit, "fatigue_alert", "navigation")  # consented; the car has not run a frame since
    tiles = head_unit.texts(head_unit.find("id:home_tiles"))
    assert "Camera on, measuring" in tiles and "Location on" in tiles
    head_unit.advance(2)
    tiles = head_unit.texts(head_unit.find("id:home_tiles"))
    assert any(t.startswith("Fatigue level ") for t in tiles) and "On the route, location on" in tiles
    head_unit.tap("id:chip_driver_camera")
    head_unit.tap("id:chip_gnss")
    tiles = head_unit.texts(head_unit.find("id:home_tiles"))
    assert "Camera off: no fatigue alert" in tiles and "Location off" in tiles


def test_the_fatigue_alert_warns_once_the_level_is_past_the_alert_line_and_stops_with_the_camera(head_unit):
    start(head_unit, "fatigue_alert")
    head_unit.advance(60)
    assert not head_unit.is_visible("id:drowsy_warning")  # rested: the level rises slowly
    head_unit.advance(240)  # five minutes in, the simulated driver is at their drowsiest
    assert head_unit.app.fatigue >= 70
    assert head_unit.text_of("id:drowsy_warning") == "You seem drowsy: take a break as soon as you safely can."
    assert head_unit.app.chime.length > 0.5 and head_unit.app.chimes == 1  # heard once, as it started
    head_unit.advance(30)
    assert head_unit.app.chimes == 1  # not again while the warning stays
    head_unit.tap("id:chip_driver_camera")
    assert not head_unit.is_visible("id:drowsy_warning")  # no camera, no level, no warning
