"""Which screen is on show, and the way to and from the notice; a part of `HeadUnitApp`.
Each screen is built the first time it is shown: the notice's first frame does not wait for
screens the driver may never open."""

from collections.abc import Mapping

from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, StringProperty

from ivi.core.durations import Duration
from ivi.core.errors import NotParked
from ivi.core.policy import pending_choices
from ivi.core.restrictions import Activity
from ivi.labels import REFUSALS
from ivi.ui.screens.home import HomeScreen
from ivi.ui.screens.ignition_off import IgnitionOffScreen
from ivi.ui.screens.media import MediaScreen
from ivi.ui.screens.monitoring import MonitoringScreen
from ivi.ui.screens.navigation import NavigationScreen
from ivi.ui.screens.notice import NoticeScreen
from ivi.ui.screens.phone import PhoneScreen
from ivi.ui.screens.privacy import PrivacyScreen
from ivi.ui.screens.settings import SettingsScreen

SCREENS = {
    "off": IgnitionOffScreen,
    "notice": NoticeScreen,
    "home": HomeScreen,
    "navigation": NavigationScreen,
    "media": MediaScreen,
    "phone": PhoneScreen,
    "monitoring": MonitoringScreen,
    "privacy": PrivacyScreen,
    "settings": SettingsScreen,
}


class Navigation(EventDispatcher):
    screen = StringProperty("off")  # the screen on show
    # The ignition-on notice is still unanswered (shown full screen, or as a banner while moving).
    notice_waiting = BooleanProperty(False)
    drawer_open = BooleanProperty(False)
    _notice_opened_from = "home"  # where a reopened notice returns to

    def show(self, screen: str) -> None:
        self.refusal = ""
        screens = self.root.ids.screens
        if not screens.has_screen(screen):
            screens.add_widget(SCREENS[screen](name=screen))
        screens.current = self.screen = screen

    def ask_if_pending(self) -> None:
        """Show the notice full screen if a choice is pending, unless the car is moving."""
        self.notice_waiting = bool(pending_choices(self.car.services.catalog, self.car.gate.state))
        self.show("notice" if self.notice_waiting and not self.moving else "home")

    def open_notice(self) -> None:
        if not self.allows(Activity.EXPAND_COLLECTION):  # its buttons are disabled; a script is refused the same
            self.refusal = REFUSALS[NotParked]
            return
        self._notice_opened_from = self.screen if self.screen != "notice" else self._notice_opened_from
        self.show("notice")

    def answer_notice(self, choices: Mapping[str, Duration | None]) -> None:
        if self.attempt(lambda: self.car.services.apply_choices(choices, self.asked)):
            self.notice_waiting = False
            self.close_notice()

    def close_notice(self) -> None:
        """Back to where the driver opened the notice (home after the ignition-on notice)."""
        back, self._notice_opened_from = self._notice_opened_from, "home"
        self.show(back)
