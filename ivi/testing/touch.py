"""A finger on the screen, through Kivy's own input path (`EventLoop.post_dispatch_input`).

The same as Kivy's `kivy.tests.common.UnitTestTouch`, which cannot be used here: its module
imports pytest, and the test kit (`ivi scenario run`, `ivi conformance`) runs on the plain
install, without the test extra.
"""

from kivy.base import EventLoop
from kivy.input.motionevent import MotionEvent


class Touch(MotionEvent):
    def __init__(self, x: float, y: float):
        super().__init__("Touch", 99, self._share(x, y), is_touch=True, type_id="touch")
        self.profile = ["pos"]

    @staticmethod
    def _share(x: float, y: float) -> dict[str, float]:
        window = EventLoop.window
        return {"x": x / (window.width - 1.0), "y": y / (window.height - 1.0)}

    def depack(self, args: dict[str, float]) -> None:
        self.sx, self.sy = args["x"], args["y"]
        super().depack(args)

    def touch_down(self) -> None:
        EventLoop.post_dispatch_input("begin", self)

    def touch_move(self, x: float, y: float) -> None:
        self.move(self._share(x, y))
        EventLoop.post_dispatch_input("update", self)

    def touch_up(self) -> None:
        EventLoop.post_dispatch_input("end", self)
