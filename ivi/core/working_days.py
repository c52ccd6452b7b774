"""Deadlines in Chinese working days (CN-12): weekends and public holidays do not count, and
the make-up working days the State Council moves onto weekends do.

The `holidays` package carries each year's official schedule; for a year it has no schedule
for, it falls back to the statutory holidays without make-up days.
"""

from datetime import date, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING

from ivi.core.clock import CAR_TIMEZONE

if TYPE_CHECKING:
    import holidays

DELETION_WORKING_DAYS = 10


@cache
def _calendar() -> "holidays.HolidayBase":
    import holidays  # tens of milliseconds to load: only once a deadline is counted

    return holidays.China()  # grows by year on demand


def add_working_days(start: date, days: int) -> date:
    """The `days`-th working day after `start` (which itself does not count)."""
    return _calendar().get_nth_working_day(start, days)


def deletion_deadline(requested_at: datetime) -> date:
    """The last day, in China, by which data already sent out must be deleted."""
    return add_working_days(requested_at.astimezone(CAR_TIMEZONE).date(), DELETION_WORKING_DAYS)


def working_days_left(now: datetime, deadline: date) -> int:
    """Working days after today, in China, up to and including `deadline` (0 once it is due)."""
    today = now.astimezone(CAR_TIMEZONE).date()
    if deadline <= today:
        return 0
    return _calendar().get_working_days_count(today + timedelta(days=1), deadline)
