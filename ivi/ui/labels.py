"""Display names (gettext msgids) for the domain's enumerations; translated where shown."""

from ivi.core.durations import Duration
from ivi.i18n import N_

DURATION_LABELS = {
    Duration.DRIVE.value: N_("This drive"),
    Duration.DAYS_7.value: N_("7 days"),
    Duration.DAYS_90.value: N_("90 days"),
    Duration.DAYS_365.value: N_("1 year"),
}
