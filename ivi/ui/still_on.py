"""The sentences that say what is off, made from what is on: a sensor that runs for driving
safety (the front camera, for driver assistance) needs no consent and cannot be stopped from
the head unit, so "everything stopped" or "cameras are off" would not be true. Each sentence
names it, from the consent gate's state at the moment it is said."""

from babel.lists import format_list
from kivy.app import App

from ivi.core.policy import on_for_safety
from ivi.i18n.translator import N_

SAFETY = N_("%(sensor)s for %(features)s")  # "Front camera for Driver assistance"
NOTHING_ON = N_(
    "The car processes personal information only with your consent. Nothing that needs it is on now:"
    " cameras, microphones and location are off."
)
NOTHING_ON_BUT = N_(
    "The car processes personal information only with your consent. Nothing that needs it is on now."
    " On for driving safety, without consent and only in the car: %(safety)s."
)
SOME_ON = N_("The car processes personal information only with your consent. On now, as you chose: %(features)s.")
SOME_ON_AND = N_(
    "The car processes personal information only with your consent. On now, as you chose: %(features)s."
    " On for driving safety, without consent and only in the car: %(safety)s."
)
ALL_STOPPED = N_("Everything stopped: no camera, microphone or location is on for you")
ALL_STOPPED_BUT = N_(
    "Everything you allowed stopped. On for driving safety, without consent and only in the car: %(safety)s."
)
SENSOR_STOPPED = N_("%(sensor)s stopped: it collects nothing more")
SENSOR_STAYS_ON = N_(
    "%(features)s stopped. %(sensor)s stays on for %(safety)s: driving safety, no consent needed, only in the car."
)


def _listed(names: list[str]) -> str:
    return format_list(names, locale=App.get_running_app().translator.locale)


def safety_part() -> str:
    """ "Front camera for Driver assistance", one for each sensor on for safety alone ("" if none)."""
    app = App.get_running_app()
    catalog = app.car.services.catalog
    on = on_for_safety(catalog, app.car.gate.state)
    return _listed(
        [
            app.tr(SAFETY)
            % {
                "sensor": app.tr(catalog.sensors[sensor].name),
                "features": _listed([app.tr(catalog.features[f].name) for f in sorted(features)]),
            }
            for sensor, features in on.items()
        ]
    )


def summary(active_features: list[str]) -> str:
    """The notice's first sentence: what runs now, as chosen, and for safety."""
    app = App.get_running_app()
    safety = safety_part()
    names = _listed([app.tr(app.car.services.catalog.features[f].name) for f in active_features])
    if not active_features:
        return app.tr(NOTHING_ON_BUT) % {"safety": safety} if safety else app.tr(NOTHING_ON)
    if safety:
        return app.tr(SOME_ON_AND) % {"features": names, "safety": safety}
    return app.tr(SOME_ON) % {"features": names}


def all_stopped() -> str:
    app = App.get_running_app()
    safety = safety_part()
    return app.tr(ALL_STOPPED_BUT) % {"safety": safety} if safety else app.tr(ALL_STOPPED)


def sensor_stopped(sensor_id: str, stopped: list[str]) -> str:
    """After a chip's stop: the sensor is off, or it stays on for safety, and says for what."""
    app = App.get_running_app()
    catalog = app.car.services.catalog
    sensor = app.tr(catalog.sensors[sensor_id].name)
    safety = on_for_safety(catalog, app.car.gate.state).get(sensor_id)
    if not safety:
        return app.tr(SENSOR_STOPPED) % {"sensor": sensor}
    return app.tr(SENSOR_STAYS_ON) % {
        "features": _listed([app.tr(catalog.features[f].name) for f in stopped]),
        "sensor": sensor,
        "safety": _listed([app.tr(catalog.features[f].name) for f in sorted(safety)]),
    }
