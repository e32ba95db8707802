"""Working days in Indonesia: weekdays that are not national public holidays.

LAPOR!'s time limits (verification in 3 working days, follow-up in 5) are
counted in working days, so every duration the site publishes is too.
Holidays come from the ``holidays`` package; collective leave days (cuti
bersama) are not included.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("ID", years=[year]).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def working_days_between(start: datetime, end: datetime) -> int:
    """Working days after ``start``'s date up to and including ``end``'s date.

    Both are compared in ``start``'s time zone; a case answered on the day it
    arrived took 0 working days.
    """
    return _working_days_after(start.date(), end.astimezone(start.tzinfo).date())


@lru_cache(maxsize=65536)
def _working_days_after(first: date, last: date) -> int:
    # Cached: the statistics ask for the same case's durations once per table.
    count, day = 0, first + timedelta(days=1)
    while day <= last:
        count += is_working_day(day)
        day += timedelta(days=1)
    return count
