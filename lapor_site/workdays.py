"""Working days in Indonesia: weekdays that are not national public holidays.

LAPOR!'s time limits (verification in 3 working days, follow-up in 5) are
counted in working days, so every duration the site publishes is too.
Holidays come from the ``holidays`` package; collective leave days (cuti
bersama) are not included.
"""

from __future__ import annotations

import itertools
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
    first, last = start.date(), end.astimezone(start.tzinfo).date()
    if last <= first:
        return 0
    # The statistics ask for tens of thousands of durations: each is a difference
    # of two running counts, never a walk over its days.
    years = sum(_year_total(year) for year in range(first.year, last.year))
    return years + _running_count(last) - _running_count(first)


def _running_count(day: date) -> int:
    """Working days from 1 January of ``day``'s year up to and including ``day``."""
    return _year_counts(day.year)[day.toordinal() - _first_ordinal(day.year)]


def _year_total(year: int) -> int:
    return _year_counts(year)[-1]


@lru_cache(maxsize=64)
def _first_ordinal(year: int) -> int:
    return date(year, 1, 1).toordinal()


@lru_cache(maxsize=64)
def _year_counts(year: int) -> tuple[int, ...]:
    start = date(year, 1, 1)
    days = (start + timedelta(days=k) for k in range((date(year + 1, 1, 1) - start).days))
    return tuple(itertools.accumulate(is_working_day(day) for day in days))
