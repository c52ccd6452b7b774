"""Display names (gettext msgids) for the domain's enumerations, shared by the screens and the
command line; translated where shown."""

from ivi.core.consent import Action
from ivi.core.durations import Duration
from ivi.core.egress import Reason
from ivi.core.errors import GuestConsentLimited, InvalidMotion, NoDriveInProgress, NotParked
from ivi.i18n.translator import N_

# The driver profiles the simulator and the settings offer (others, made with the CLI, show by name).
PROFILES = {"driver": N_("Driver"), "partner": N_("Partner"), "guest": N_("Guest")}
# A ledger entry in a report: what was done, and for how long.
ACTIONS = {Action.GRANT: N_("allowed"), Action.REVOKE: N_("withdrawn")}
DURATIONS = {
    Duration.DRIVE: N_("this drive"),
    Duration.DAYS_7: N_("7 days"),
    Duration.DAYS_90: N_("90 days"),
    Duration.DAYS_365: N_("1 year"),
}

# Why the egress guard let a parcel out or stopped it, as the privacy centre lists it.
EGRESS_REASONS = {
    Reason.ALLOWED: N_("sent"),
    Reason.UNKNOWN_FEATURE: N_("refused: unknown feature"),
    Reason.STAYS_IN_CAR: N_("refused: this feature keeps its data in the car"),
    Reason.NOT_THE_FEATURES_DATA: N_("refused: not this feature's data"),
    Reason.NO_CONSENT: N_("refused: no consent"),
    Reason.NOT_ANONYMISED: N_("refused: faces or plates not anonymised"),
    Reason.PRECISE_LOCATION: N_("refused: location too precise"),
    Reason.IDENTIFIES_THE_DRIVER: N_("refused: it would identify the driver or the car"),
    Reason.UNKNOWN_ENDPOINT: N_("refused: unknown server"),
    Reason.EXPORT_NOT_ASSESSED: N_("refused: export outside China not assessed"),
    Reason.NOT_LOGGED: N_("refused: the log could not be written"),
    Reason.MALFORMED: N_("refused: not a parcel this feature sends"),
    Reason.UNDECLARED_FIELD: N_("refused: it holds data this feature does not send"),
    Reason.NOT_MINTED: N_("refused: sound or images the car did not make"),
    Reason.NOT_THE_FEATURES_ENDPOINT: N_("refused: not this feature's server"),
}

# What the driver is told when the car refuses a tap, by the refusal's kind.
REFUSALS = {
    NotParked: N_("Park the car to switch this on. Stopping works at any time."),
    InvalidMotion: N_("Come to a stop before you select P."),
    NoDriveInProgress: N_("Turn the ignition on first."),
    GuestConsentLimited: N_("A guest's consent lasts this drive only."),
}
REFUSED = N_("The car cannot do that now.")  # any other refusal: the CLI names it in full
# What the driver is told when the consent store lets the car down (the CLI says more).
STOP_NOT_RECORDED = N_("Stopped. The car could not record it yet: it stays off until it can.")
STORE_UNUSABLE = N_("The car cannot use its consent record: everything personal stays off.")
