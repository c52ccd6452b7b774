"""The privacy centre: what the car is allowed to do and is doing, what it keeps, what left
it, and the controls to stop and delete — reachable from anywhere in one tap (Home) plus one.

Each section is a list of rows built here from the services; the rows are rebuilt whenever
consents, sensors or the language change, so the list never shows a stale state.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from ivi.core.catalog import ConsentKind
from ivi.core.consent import Action
from ivi.core.durations import Duration
from ivi.core.records import Receipt
from ivi.core.restrictions import Activity
from ivi.core.working_days import working_days_left
from ivi.i18n.translator import N_
from ivi.labels import EGRESS_REASONS
from ivi.ui.choices import add_choices
from ivi.ui.overlay import Confirm
from ivi.ui.screens.receipt import ReceiptView, choices_line
from ivi.ui.status_bar import live_sensor
from ivi.ui.theme import LabelButton
from ivi.words import Words

Builder.load_file(str(Path(__file__).with_suffix(".kv")))

SECTIONS = {
    "consents": N_("Consents"),
    "sensors": N_("Live sensors"),
    "history": N_("History"),
    "kept": N_("Kept in the car"),
    "sent": N_("Left the car"),
    "deletions": N_("Deletion requests"),
    "contact": N_("Contact"),
}
LISTED = 40  # the newest entries a list shows; the CLI prints them all
ALLOWED_UNTIL = N_("Allowed until %(until)s, %(left)s left")
ENDS_SOON = N_("Ends %(until)s, in %(left)s: renew it in the notice to keep it on")
LONG_SECTIONS = ("history", "kept", "sent", "deletions")  # more than a glance: they wait while driving
LOCKED_TITLE = N_("Park to read this")
LOCKED_DETAIL = N_("Long lists wait while you drive. Stopping works at any time: tap a chip, or Stop all collection.")


@dataclass(frozen=True)
class Row:
    title: str  # translated
    detail: str  # translated
    action: str = ""  # msgid of the row's button, "" for none
    on_action: Callable[[], None] | None = None
    test_id: str = ""


class PrivacyRow(BoxLayout):
    title = StringProperty()
    detail = StringProperty()
    test_id = StringProperty()


class RowButton(LabelButton):
    """A row's action: sized in privacy.kv."""


class PrivacyScreen(Screen):
    section = StringProperty("consents")
    message = StringProperty()  # what the last delete did, translated

    def on_kv_post(self, _base) -> None:
        add_choices(self.ids.tabs, "section", SECTIONS, self, "section", self.show_section)
        self.bind(section=self.refresh)

    def on_pre_enter(self) -> None:
        app = App.get_running_app()
        app.bind(privacy_changes=self.refresh, tr=self.refresh, driving_state=self.refresh)
        self.message = ""
        self.refresh()

    def on_leave(self) -> None:
        self.release()

    def release(self) -> None:
        """Stop following the car (also when the app stops while this screen is on show)."""
        App.get_running_app().unbind(privacy_changes=self.refresh, tr=self.refresh, driving_state=self.refresh)

    def show_section(self, section: str) -> None:
        self.message = ""
        self.ids.scroll.scroll_y = 1
        self.section = section

    def refresh(self, *_args) -> None:
        rows_box = self.ids.rows
        rows_box.clear_widgets()
        for row in self._rows():
            widget = PrivacyRow(title=row.title, detail=row.detail, test_id=row.test_id)
            if row.action:
                button = RowButton(label=row.action, test_id=f"{row.test_id}_button")
                button.bind(on_release=lambda _b, act=row.on_action: act())
                widget.add_widget(button)
            rows_box.add_widget(widget)

    def _rows(self) -> list[Row]:
        """The section's rows; a long one waits, with the reason, while the car moves."""
        if self.section in LONG_SECTIONS and not self._app.allows(Activity.LONG_READING):
            return [Row(self._tr(LOCKED_TITLE), self._tr(LOCKED_DETAIL), test_id="privacy_locked")]
        return getattr(self, f"_{self.section}")()

    # the sections

    @property
    def _app(self):
        return App.get_running_app()

    def _tr(self, message: str) -> str:
        return self._app.tr(message)

    def _consents(self) -> list[Row]:
        app, tr = self._app, self._tr
        rows = []
        now = app.car.clock.now()
        for status in app.car.services.status():
            feature, running = status.feature, status.running
            if running is None:
                if expired := status.expired_at(now):  # it ran out: say so, and offer to renew
                    detail = tr("Expired %(when)s") % {"when": app.translator.moment(expired, now)}
                    rows.append(Row(tr(feature.name), detail, N_("Renew"), app.open_notice, f"consent_{feature.id}"))
                    continue
                detail = tr("Off: the notice changed, so you are asked again") if status.notice_changed else tr("Off")
                rows.append(Row(tr(feature.name), detail, test_id=f"consent_{feature.id}"))
                continue
            if running.duration is Duration.DRIVE or running.expires_at is None:
                detail = tr("Allowed for this drive")
            else:
                left = app.translator.span(running.expires_at - now)
                until = app.translator.moment(running.expires_at, now)
                detail = tr(ENDS_SOON if status.ends_soon(now) else ALLOWED_UNTIL) % {"until": until, "left": left}
            rows.append(
                Row(
                    tr(feature.name),
                    detail,
                    N_("Stop"),
                    lambda f=feature.id: app.stop_feature(f),
                    f"consent_{feature.id}",
                )
            )
        for feature in app.car.services.catalog.features.values():
            if feature.consent is ConsentKind.NONE:
                detail = tr("Driving safety: on while the car is on, needs no consent, stays in the car")
                rows.append(Row(tr(feature.name), detail, test_id=f"consent_{feature.id}"))
        return rows

    def _sensors(self) -> list[Row]:
        app, tr = self._app, self._tr
        catalog = app.car.services.catalog
        rows = []
        for sensor_id, sensor in catalog.sensors.items():
            if not catalog.is_personal(sensor_id):
                continue
            test_id = f"sensor_{sensor_id}"
            if sensor_id not in app.powered_personal:
                rows.append(Row(tr(sensor.name), tr("Powered off"), test_id=test_id))
                continue
            live = live_sensor(app.car, sensor_id)
            where = tr("leaves car") if live.leaves_car else tr("stays in car")
            uses = ", ".join(tr(catalog.feature(f).name) for f in sorted(live.features))
            detail = f"{tr('On')} · {where} · {uses}"
            stop = N_("Stop") if live.stoppable else ""
            rows.append(Row(tr(sensor.name), detail, stop, lambda s=sensor_id: app.stop_sensor(s), test_id))
        return rows

    def _history(self) -> list[Row]:
        app, tr = self._app, self._tr
        services = app.car.services
        now = services.clock.now()
        profile = services.profile()
        rows = []
        for record in reversed(services.consent_history(profile)[-LISTED:]):
            entry = record.entry
            if entry.action is Action.GRANT and entry.duration is Duration.DRIVE:
                what = tr("Allowed for this drive")
            elif entry.action is Action.GRANT:
                what = tr("Allowed for %s") % app.translator.duration(entry.duration)
            else:
                what = tr("Stopped")
            detail = f"{what} · {app.translator.moment(entry.at, now)}"  # the chain's hashes: `ivi consent history`
            rows.append(Row(tr(services.catalog.feature(entry.feature).name), detail, test_id=f"ledger_{record.id}"))
        words = Words(services.catalog, app.translator)
        for index, receipt in enumerate(reversed(services.receipts(profile)[-LISTED:])):
            state = tr("parked") if receipt.motion.parked else tr("moving")
            title = tr("Notice shown") if receipt.kind.value == "notice_shown" else tr("Choices made")
            detail = f"{app.translator.moment(receipt.at, now)} · {words.language(receipt.language)} · {state}"
            if receipt.choices:
                detail += "\n" + choices_line(receipt, short=True)
            rows.append(Row(title, detail, N_("Open"), partial(self._open_receipt, receipt), f"receipt_{index}"))
        return rows or [Row(tr("Nothing yet"), tr("Every choice and every notice shown will be listed here."))]

    def _open_receipt(self, receipt: Receipt) -> None:
        self.add_widget(ReceiptView(receipt))

    def _kept(self) -> list[Row]:
        app, tr = self._app, self._tr
        services = app.car.services
        now = services.clock.now()
        app.car.keeper.flush()  # what the drive gathered so far, counted
        holdings = services.holdings()
        rows = []
        for category in services.catalog.categories.values():
            if not category.personal:
                continue
            held = holdings.get(category.id)
            sent_out = services.sent_out_by(category.id)
            if held:
                detail = app.translator.ngettext(
                    "%(n)s item, %(size)s, since %(since)s", "%(n)s items, %(size)s, since %(since)s", held.count
                ) % {
                    "n": app.translator.number(held.count),
                    "size": app.translator.size(held.bytes),
                    "since": app.translator.moment(held.first_at, now),
                }
            else:
                detail = tr("Nothing kept in the car")
            if sent_out:
                detail += " · " + tr("some was sent out")
            delete = N_("Delete") if held or sent_out else ""  # nothing to delete, no button
            rows.append(
                Row(tr(category.name), detail, delete, lambda c=category.id: self._ask_delete(c), f"kept_{category.id}")
            )
        return rows

    def _ask_delete(self, category_id: str) -> None:
        """Deleting cannot be undone: asked first, in the words of what will happen (nothing kept
        in the car: only the copies sent out are asked to be deleted)."""
        tr, services = self._tr, self._app.car.services
        name = tr(services.catalog.category(category_id).name)
        if category_id in services.holdings():
            question = tr(
                "Delete %(name)s kept in the car? It cannot be undone. Copies already sent out will be asked to be"
                " deleted too."
            ) % {"name": name}
        else:
            question = tr(
                "Nothing of %(name)s is kept in the car. Ask for the copies sent out of it to be deleted?"
            ) % {"name": name}
        self.add_widget(Confirm(lambda: self._delete(category_id), question=question, answer=N_("Delete")))

    def _delete(self, category_id: str) -> None:
        app, tr = self._app, self._tr
        done = []
        if not app.attempt(lambda: done.append(app.car.services.delete_data(category_id))):
            return
        deletion = done[0]
        name = tr(app.car.services.catalog.category(category_id).name)
        deadline = app.translator.date(deletion.request.deadline) if deletion.request is not None else ""
        if deletion.deleted is None and deletion.request is not None:
            self.message = tr(
                "Nothing of %(name)s was kept in the car. The copies outside must be deleted by %(deadline)s."
            ) % {"name": name, "deadline": deadline}
        elif deletion.deleted is None:
            self.message = tr("Nothing of %s was kept in the car: nothing to delete.") % name
        elif deletion.request is not None:
            self.message = tr("%(name)s deleted in the car. The copies outside must be deleted by %(deadline)s.") % {
                "name": name,
                "deadline": deadline,
            }
        else:
            self.message = tr("%s deleted in the car.") % name
        self.refresh()

    def _sent(self) -> list[Row]:
        app, tr = self._app, self._tr
        services = app.car.services
        now = services.clock.now()
        attempts = services.egress_log(services.profile())
        sent = [a for a in attempts if a.allowed]
        summary = tr("Sent: %(sent)s · Refused: %(refused)s · Out of the car: %(size)s") % {
            "sent": app.translator.number(len(sent)),
            "refused": app.translator.number(len(attempts) - len(sent)),
            "size": app.translator.size(sum(a.bytes for a in sent)),
        }
        rows = [Row(tr("Everything that tried to leave the car"), summary, test_id="sent_summary")]
        words = Words(services.catalog, app.translator)
        for index, attempt in enumerate(reversed(attempts[-LISTED:])):
            title = f"{tr(services.catalog.feature(attempt.feature).name)} → {words.server(attempt.endpoint)}"
            detail = f"{app.translator.moment(attempt.at, now)} · {app.translator.size(attempt.bytes)} · {tr(EGRESS_REASONS[attempt.reason])}"
            rows.append(Row(title, detail, test_id=f"sent_{index}"))
        return rows

    def _deletions(self) -> list[Row]:
        app, tr = self._app, self._tr
        services = app.car.services
        now = services.clock.now()
        rows = []
        for request in reversed(services.deletion_requests()):
            left = working_days_left(now, request.deadline)
            detail = app.translator.ngettext(
                "Asked %(asked)s · due %(due)s · %(n)d working day left",
                "Asked %(asked)s · due %(due)s · %(n)d working days left",
                left,
            ) % {
                "asked": app.translator.moment(request.requested_at, now),
                "due": app.translator.date(request.deadline),
                "n": left,
            }
            rows.append(
                Row(tr(services.catalog.category(request.category).name), detail, test_id=f"deletion_{request.id}")
            )
        return rows or [
            Row(tr("No requests"), tr("Deleting data that left the car files a request here, due in 10 working days."))
        ]

    def _contact(self) -> list[Row]:
        tr, catalog = self._tr, self._app.car.services.catalog
        return [
            Row(tr("Privacy office"), tr(catalog.consentable()[0].contact), test_id="contact"),
            Row(
                tr("Other ways to read the notice"),
                tr("Owner's manual, the companion app, and by voice: say “privacy notice”."),
            ),
        ]
