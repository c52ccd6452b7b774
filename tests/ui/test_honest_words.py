"""Every sentence that says what is on or off agrees with the consent gate at the moment it is
shown. The front camera runs for driver assistance (driving safety: no consent, nothing leaves
the car) whenever the car is on, so no sentence may say "cameras are off" or "collects nothing
more" while it runs, and no readout may say "off" for a sensor that is on but has not
measured yet. Each check below is derived from the live state, not written out by hand."""

import pytest

from ivi.core.policy import on_for_safety
from ivi.testing.driver import HeadUnitDriver
from ivi.testing.tour import allow

OFF_WORDS = {"en": (" off", "nothing more"), "zh_CN": ("关闭", "不再采集")}
READOUTS = {  # sensor: the widgets that speak for it
    "driver_camera": ("fatigue_text",),
    "heart_rate_sensor": ("heart_rate",),
    "cabin_microphone": ("mic_state",),
    "exterior_camera": ("front_caption",),
}


def names_on(head_unit: HeadUnitDriver) -> set[str]:
    """The on-screen names of the sensors on for driving safety alone, and their features."""
    tr, catalog = head_unit.app.tr, head_unit.car.services.catalog
    on = on_for_safety(catalog, head_unit.car.gate.state)
    return {tr(catalog.sensors[s].name) for s in on} | {tr(catalog.features[f].name) for fs in on.values() for f in fs}


def assert_names_what_runs(head_unit: HeadUnitDriver, sentence: str) -> None:
    assert names_on(head_unit), "the front camera runs for driver assistance while the car is on"
    for name in names_on(head_unit):
        assert name in sentence, (name, sentence)


def assert_readouts_agree(head_unit: HeadUnitDriver) -> None:
    powered = head_unit.car.gate.state.powered_sensors
    for sensor, widgets in READOUTS.items():
        for widget in widgets:
            text = head_unit.text_of(f"id:{widget}")
            says_off = any(word in text for word in OFF_WORDS[head_unit.app.language])
            assert says_off == (sensor not in powered), (sensor, text)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_what_the_head_unit_says_is_on_or_off_is_what_the_gate_runs(head_unit, language):
    head_unit.set_language(language)
    head_unit.ignition_on()
    assert_names_what_runs(head_unit, head_unit.text_of("id:notice_summary"))
    allow(head_unit, ("fatigue_alert", "health_alert", "sentry_upload"))
    head_unit.tap("id:accept_selected")
    head_unit.app.show("monitoring")
    head_unit.step()
    assert_readouts_agree(head_unit)  # on, with no reading yet: "measuring", "starting"
    head_unit.advance(3)
    assert_readouts_agree(head_unit)
    head_unit.tap("id:chip_exterior_camera")  # incident clips stop; driver assistance does not
    toast = head_unit.text_of("id:toast")
    assert "exterior_camera" in head_unit.car.gate.state.powered_sensors
    assert_names_what_runs(head_unit, toast)
    assert not any(word in toast for word in OFF_WORDS[language])
    head_unit.tap("id:chip_heart_rate_sensor")  # this sensor does go off, and says so
    assert any(word in head_unit.text_of("id:toast") for word in OFF_WORDS[language])
    assert_readouts_agree(head_unit)
    head_unit.tap("id:rail_privacy")
    head_unit.tap("id:stop_all")
    assert_names_what_runs(head_unit, head_unit.text_of("id:toast"))
    head_unit.tap("id:open_notice")
    assert_names_what_runs(head_unit, head_unit.text_of("id:notice_summary"))
