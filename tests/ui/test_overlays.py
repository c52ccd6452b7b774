"""What is drawn over the screen takes the touches that land on it: a tap on the drowsiness
warning, a stop's confirmation or the simulator drawer never presses what lies beneath, and a
mouse wheel in the drawer scrolls it instead of closing it. The warning can be dismissed."""

from kivy.uix.behaviors import ButtonBehavior

from ivi.testing.driver import HeadUnitDriver
from ivi.testing.touch import Touch
from ivi.testing.tour import allow


def drowsy(head_unit: HeadUnitDriver) -> None:
    head_unit.ignition_on()
    allow(head_unit, ["fatigue_alert"])
    head_unit.tap("id:accept_selected")
    head_unit.advance(300)  # five minutes in, the simulated driver is at their drowsiest
    assert head_unit.is_visible("id:drowsy_warning")


def buttons_under(head_unit: HeadUnitDriver, cover) -> list:
    """Enabled buttons of the screen whose centre lies under `cover`, away from its own."""
    own = [w for w in cover.walk(restrict=True) if isinstance(w, ButtonBehavior)]

    def on(widget, x: float, y: float) -> bool:
        return widget.collide_point(*widget.to_widget(x, y))

    return [
        w
        for w in head_unit._widgets()
        if isinstance(w, ButtonBehavior) and w not in own and not w.disabled
        and on(cover, *w.to_window(*w.center)) and not any(on(b, *w.to_window(*w.center)) for b in own)
    ]  # fmt: skip


def press_at(head_unit: HeadUnitDriver, x: float, y: float, button: str | None = None) -> None:
    touch = Touch(x, y)
    if button:
        touch.button = button
        touch.profile.append("button")
    touch.touch_down()
    touch.touch_up()
    head_unit.step()


def test_a_tap_on_the_drowsiness_warning_presses_nothing_beneath_it_and_it_can_be_dismissed(head_unit):
    drowsy(head_unit)
    head_unit.tap("id:rail_privacy")
    warning = head_unit.find("id:drowsy_warning").parent
    beneath = buttons_under(head_unit, warning)
    assert beneath, "the warning lies over the privacy centre's buttons"
    pressed: list[str] = []
    for button in beneath:
        button.bind(on_press=lambda b: pressed.append(b.test_id))
        press_at(head_unit, *button.to_window(*button.center))
    assert pressed == []
    head_unit.tap("id:drowsy_dismiss")
    assert not head_unit.is_visible("id:drowsy_warning")
    head_unit.tap(f"id:{beneath[0].test_id}")  # uncovered: a tap reaches it again
    assert pressed == [beneath[0].test_id]
    head_unit.advance(30)
    assert not head_unit.is_visible("id:drowsy_warning")  # dismissed stays dismissed while it lasts


def test_a_tap_on_a_stops_confirmation_reaches_nothing_beneath_it(head_unit):
    drowsy(head_unit)
    head_unit.tap("id:drowsy_dismiss")
    head_unit.tap("id:chip_driver_camera")
    toast = head_unit.find("id:toast")
    screens = head_unit.app.root.ids.screens
    reached: list[object] = []
    screens.bind(on_touch_down=lambda _w, touch: reached.append(touch))
    press_at(head_unit, *toast.to_window(*toast.center))
    assert reached == []
    press_at(head_unit, *toast.to_window(toast.center_x, toast.top + 40))  # beside it, the screen
    assert len(reached) == 1


def test_a_mouse_wheel_in_the_simulator_drawer_leaves_it_open(head_unit):
    head_unit.ignition_on()
    head_unit.tap("id:open_drawer")
    drawer = head_unit.find("id:drawer")
    for wheel in ("scrolldown", "scrollup", "scrolldown"):
        press_at(head_unit, *drawer.to_window(*drawer.center), button=wheel)
        assert head_unit.app.drawer_open
    press_at(head_unit, *drawer.to_window(drawer.x + 8, drawer.y + 8))  # its padding, not a control
    assert head_unit.app.drawer_open
