"""What ivi calls things when it shows them to people, on the screen and from the command
line: features, profiles, sensors, data categories, durations, servers, languages and times
in the reader's language (the CLI's JSON keeps the ids and ISO times it documents).

A feature, sensor or category is named as the catalog names it, translated; a profile the
head unit offers by its display name, any other by the name it was made with; a moment in
China time, to the second, as the language writes it.
"""

from datetime import datetime

from babel.lists import format_list

from ivi.core.catalog import Catalog
from ivi.core.durations import Duration
from ivi.core.egress import Reason
from ivi.core.text import Text
from ivi.i18n.translator import Translator, locale_of
from ivi.labels import EGRESS_REASONS, PROFILES


class Words:
    def __init__(self, catalog: Catalog, translator: Translator):
        self.catalog = catalog
        self.translator = translator

    def feature(self, feature_id: str) -> str:
        feature = self.catalog.features.get(feature_id)
        return self.translator.gettext(feature.name) if feature else feature_id

    def joined(self, names: list[str]) -> str:
        """ "a, b and c" / "a、b和c"; empty for none."""
        return format_list(names, locale=self.translator.locale) if names else ""

    def profile(self, name: str) -> str:
        return self.translator.gettext(PROFILES[name]) if name in PROFILES else name

    def sensor(self, sensor_id: str) -> str:
        sensor = self.catalog.sensors.get(sensor_id)
        return self.translator.gettext(sensor.name) if sensor else sensor_id

    def category(self, category_id: str) -> str:
        category = self.catalog.categories.get(category_id)
        return self.translator.gettext(category.name) if category else category_id

    def server(self, endpoint_id: str) -> str:
        """Where data went: its host and its country, "voice.example.cn (China)"."""
        endpoint = self.catalog.endpoints.get(endpoint_id)
        if endpoint is None:
            return endpoint_id
        return Text("%(host)s (%(region)s)", host=endpoint.host, region=self.translator.region(endpoint.region)).render(
            self.translator
        )

    def language(self, code: str) -> str:
        """A language by its code, in the reader's language: "Chinese" / "中文"."""
        return locale_of(code).get_display_name(self.translator.locale) or code

    def duration(self, value: str) -> str:
        return self.translator.duration(Duration(value))

    def reason(self, reason: Reason) -> str:
        return self.translator.gettext(EGRESS_REASONS[reason])

    def moment(self, at: datetime) -> str:
        return self.translator.instant(at)
