"""A walk through every screen and state of the head unit, by tap, for screenshots and
layout checks: the notice before and after a choice, a feature's details, the notice opened
again, the banner while moving, the launcher and each app, every section of the privacy
centre, the drawer, many chips at once, the reminder the day before consents end, and
consents that ended."""

from collections.abc import Iterator

from ivi.testing.driver import HeadUnitDriver

# Enough features that every personal sensor is on, so the status bar is at its fullest.
EVERY_SENSOR = (
    "fatigue_alert",
    "health_alert",
    "voice_assistant",
    "remote_cabin_view",
    "navigation",
    "traffic_services",
    "eco_driving",
)
SECTIONS = ("consents", "sensors", "history", "kept", "sent", "deletions", "contact")


def allow(head_unit: HeadUnitDriver, features: tuple[str, ...], duration: str = "7d") -> None:
    for feature in features:
        head_unit.tap(f"id:allow_{feature}")
        head_unit.tap(f"id:duration_{feature}_{duration}")


def drawer(head_unit: HeadUnitDriver, *selectors: str) -> None:
    """Open the simulator drawer, tap each selector in it, and close it."""
    head_unit.tap("id:open_drawer")
    for selector in selectors:
        head_unit.tap(selector)
    head_unit.tap("id:close_drawer")


def tour(head_unit: HeadUnitDriver) -> Iterator[str]:
    """Yields a name for each state, with that state on screen."""
    yield "ignition_off"
    head_unit.ignition_on()
    yield "notice"
    head_unit.tap("id:details_remote_cabin_view")
    yield "notice_details"
    head_unit.tap("id:details_close")
    allow(head_unit, ("fatigue_alert",))
    yield "notice_chosen"
    drawer(head_unit, "id:sim_speed_60", "id:sim_gear_D")
    head_unit.advance(5)
    yield "banner_while_moving"
    head_unit.tap("id:home")
    head_unit.tap("id:tile_privacy")
    yield "privacy_while_moving"
    drawer(head_unit, "id:sim_speed_0")
    head_unit.advance(6)  # eases down from 60 km/h
    drawer(head_unit, "id:sim_gear_P")
    head_unit.tap("id:banner_open")
    allow(head_unit, EVERY_SENSOR)
    head_unit.tap("id:accept_selected")
    yield "home"
    drawer(head_unit, "id:sim_speed_auto", "id:sim_gear_D")
    for screen in ("navigation", "monitoring"):
        head_unit.tap("id:home")
        head_unit.tap(f"id:tile_{screen}")
        head_unit.advance(40)
        yield f"{screen}_while_moving"
    drawer(head_unit, "id:sim_speed_0")
    head_unit.advance(15)  # eases to a stop
    drawer(head_unit, "id:sim_gear_P")
    head_unit.advance(2)
    yield "monitoring"  # parked: the live pictures are back
    head_unit.tap("id:home")
    head_unit.tap("id:tile_media")
    head_unit.tap("id:play_pause")
    yield "media"
    head_unit.tap("id:home")
    head_unit.tap("id:tile_phone")
    head_unit.tap("id:call_2")
    yield "phone"
    head_unit.tap("id:home")
    head_unit.tap("id:tile_settings")
    yield "settings"
    head_unit.tap("id:home")
    head_unit.tap("id:tile_privacy")
    for section in SECTIONS:
        head_unit.tap(f"id:section_{section}")
        yield f"privacy_{section}"
    head_unit.tap("id:section_kept")
    head_unit.tap("id:kept_location_button")
    yield "privacy_delete_asked"
    head_unit.tap("id:confirm_yes")
    head_unit.tap("id:section_deletions")
    yield "privacy_deletion_filed"
    head_unit.tap("id:open_drawer")
    yield "drawer"
    head_unit.tap("id:close_drawer")
    head_unit.tap("id:section_consents")
    head_unit.tap("id:open_notice")
    yield "notice_reopened"
    head_unit.tap("id:notice_close")
    for _ in range(6):  # the week's consents end tomorrow
        head_unit.fast_forward("day")
    head_unit.tap("id:home")
    yield "renewal_reminder"
    head_unit.fast_forward("day")
    head_unit.tap("id:rail_privacy")
    head_unit.tap("id:section_consents")
    yield "privacy_expired"
