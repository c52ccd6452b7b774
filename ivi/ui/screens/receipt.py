"""A receipt opened from the privacy centre's history: what the driver was shown or chose,
when, in which language and driving state, and the exact notice text shown (CN-04, CN-05), as
the record keeps it. Laid over the privacy centre (`Overlay`)."""

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import StringProperty

from ivi.core.durations import Duration
from ivi.core.records import Receipt, ReceiptKind
from ivi.ui.overlay import Overlay
from ivi.words import Words

Builder.load_file(str(Path(__file__).with_suffix(".kv")))


def choices_line(receipt: Receipt, *, short: bool = False) -> str:
    """ "Fatigue alert: 7 days, Navigation: off": each choice of the receipt, in words; `short`
    names only what was switched on, and says if the rest was off."""
    app = App.get_running_app()
    catalog = app.car.services.catalog
    chosen = {f: c for f, c in receipt.choices.items() if f in catalog.features and not (short and c == "off")}
    said = [
        app.tr("%(feature)s: %(choice)s") % {"feature": app.tr(catalog.feature(f).name), "choice": _choice(c)}
        for f, c in chosen.items()
    ]
    if short and len(chosen) < len(receipt.choices):
        said.append(app.tr("everything else off") if chosen else app.tr("everything off"))
    return Words(catalog, app.translator).joined(said)


def _choice(value: str) -> str:
    app = App.get_running_app()
    return app.tr("off") if value == "off" else app.translator.duration(Duration(value))


class ReceiptView(Overlay):
    test_id = StringProperty("receipt")
    title = StringProperty()  # translated
    body = StringProperty()  # translated, with the notice texts as recorded

    def __init__(self, receipt: Receipt, **kwargs):
        super().__init__(**kwargs)
        app = App.get_running_app()
        services, tr = app.car.services, app.tr
        words = Words(services.catalog, app.translator)
        shown = receipt.kind is ReceiptKind.NOTICE_SHOWN
        self.title = (tr("Notice shown") if shown else tr("Choices made")) + " · " + app.translator.instant(receipt.at)
        lines = [
            tr("Language: %s") % words.language(receipt.language),
            tr("Shown on: %s")
            % (tr("the car's display") if receipt.channel.value == "display" else tr("the ivi command")),
            tr("The car was: %s") % (tr("parked") if receipt.motion.parked else tr("moving")),
        ]
        if receipt.choices:
            lines.append(tr("Chosen: %s") % choices_line(receipt))
        texts = {d.version: d for d in services.notice_documents(receipt.profile)}
        for feature, version in receipt.documents.items():
            if (document := texts.get(version)) is not None:
                lines += ["", tr("Notice text %(version)s:") % {"version": version}, document.text]
        self.body = "\n".join(lines)
