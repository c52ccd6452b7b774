"""Segmented controls that show a state of the car (or of a screen) and ask to change it."""

from collections.abc import Callable, Mapping
from typing import Any

from kivy.event import EventDispatcher
from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.widget import Widget

from ivi.ui.theme import Segment


class Choice(Segment):
    """One value of a state: down while the state has it. A tap asks for the value; the car
    may refuse, so the segment follows the state, never the tap. Styled in theme.kv."""

    test_id = StringProperty()
    value = ObjectProperty(None, allownone=True)
    current = ObjectProperty(None, allownone=True)
    label = StringProperty()  # msgid

    def on_release(self) -> None:
        self.state = "down" if self.value == self.current else "normal"


def add_choices(
    row: Widget, prefix: str, labels: Mapping[Any, str], owner: EventDispatcher, state: str, ask: Callable[[Any], None]
) -> None:
    """One Choice per value in `labels`, following `owner.<state>`, with test ids PREFIX_VALUE
    (PREFIX_auto for None, which stands for "the car decides")."""
    for value, label in labels.items():
        test_id = f"{prefix}_{'auto' if value is None else value}"
        choice = Choice(value=value, label=label, current=getattr(owner, state), test_id=test_id)
        owner.bind(**{state: choice.setter("current")})
        choice.bind(on_press=lambda _c, value=value: ask(value))
        row.add_widget(choice)
