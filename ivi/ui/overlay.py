"""A view laid over one screen (a feature's details, a question before deleting): the status
bar and its stops stay one tap away; a tap on the dimmed screen around it closes it; while
it is open, nothing under it takes a touch."""

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import StringProperty
from kivy.uix.floatlayout import FloatLayout

Builder.load_file(str(Path(__file__).with_suffix(".kv")))


class Shield:
    """A widget drawn over others (a warning across the screen, a confirmation, the drawer):
    a touch that lands on it while it shows is its own and its children's, and goes no
    further, so a tap on it never presses what lies beneath (a mouse wheel neither)."""

    def on_touch_down(self, touch) -> bool:
        if not self.collide_point(*touch.pos):
            return False
        super().on_touch_down(touch)  # type: ignore[misc]
        return True


class Overlay(FloatLayout):
    covers_siblings = True  # what lies beneath takes no touch (HeadUnitDriver honours it)

    def on_touch_down(self, touch) -> bool:
        if not self.collide_point(*touch.pos):
            return False
        if not super().on_touch_down(touch) and not self.ids.panel.collide_point(*touch.pos):
            self.close()
        return True

    def close(self) -> None:
        if self.parent is not None:
            self.parent.remove_widget(self)


class Confirm(Overlay):
    """A question before something that cannot be undone: the question, and two answers."""

    test_id = StringProperty("confirm")
    question = StringProperty()  # translated
    answer = StringProperty()  # msgid of the button that does it

    def __init__(self, on_yes, **kwargs):
        super().__init__(**kwargs)
        self._on_yes = on_yes

    def yes(self) -> None:
        self.close()
        self._on_yes()
