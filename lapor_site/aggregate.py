"""Aggregate stage: the statistics the site publishes, from anonymized cases.

Every case counts here, confidential and unresolved ones included, except
in the kecamatan × category table, which counts published cases only
(:mod:`lapor_site.disclosure`); nothing in the result identifies a case.
Durations are in Indonesian working days (:mod:`lapor_site.workdays`), with
calendar days taken in the site's time zone. The legacy medians run from
``submitted_at``; the per-step timeliness (:func:`step_timeliness`) measures
each step of the LAPOR! flow against its official limit. The result is plain
JSON-ready data with sorted keys, so the same input always gives the same
bytes.

``completed_months`` (:func:`completed_months`) holds one entry per completed
month for the monthly reports (:mod:`lapor_site.monthly`): each step counted
in the month it happened, so a later pull changes an old month only when it
brings events dated in that month.

Each ``by_agency`` row carries ``last_month`` (:func:`agency_last_month`):
the agency's reports received and resolved in the last completed month, for
the share cards of plugins/lapor_kit. A count from 1 to ``min_cell_count - 1``
is withheld (``None``), so a card never says "1 report" of a small agency.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from fractions import Fraction
from typing import Any

from lapor_site.disclosure import counted_below_region
from lapor_site.model import DATE_FIELDS, Case, Channel, Privacy, ReportType, Status
from lapor_site.workdays import working_days_between

#: Working-day limit for an agency's first follow-up (LAPOR! rules).
RESPONSE_LIMIT_WORKING_DAYS = 5
#: Working-day limit for the admin's verification (LAPOR! FAQ).
VERIFICATION_LIMIT_WORKING_DAYS = 3
#: Kaltim flags reports an agency left without follow-up this many working days.
UNHANDLED_LIMIT_WORKING_DAYS = 15
UNKNOWN = "(tidak diketahui)"


@dataclass(frozen=True, slots=True)
class Limits:
    """The flow's working-day limits (``[limits]`` of region.toml), official by default."""

    verification: int = VERIFICATION_LIMIT_WORKING_DAYS
    first_response: int = RESPONSE_LIMIT_WORKING_DAYS
    unhandled: int = UNHANDLED_LIMIT_WORKING_DAYS


DEFAULT_LIMITS = Limits()

#: Most agencies listed as over the first-response limit in one month's report.
MONTH_AGENCIES = 10

#: Statuses in which a report still waits for verification, a first response, or an outcome.
_WAITING_VERIFICATION = frozenset({Status.UNVERIFIED})
_WAITING_RESPONSE = frozenset({Status.FORWARDED, Status.IN_PROGRESS})
_OPEN = frozenset({Status.UNVERIFIED, Status.VERIFIED, Status.FORWARDED, Status.IN_PROGRESS})


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def percentile_nearest_rank(values: list[int], percent: int = 90) -> int | None:
    """The nearest-rank percentile: the smallest value with at least ``percent``% of values ≤ it.

    The value at rank ⌈percent × n / 100⌉ of the sorted values (integer
    arithmetic, so no float rounding moves the rank). No interpolation, so the
    result is always one of the measured durations (p90 of 1..10 is 9; of a
    single value, that value).
    """
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-percent * len(ordered) // 100))
    return ordered[rank - 1]


def _step(
    durations: list[int],
    limit: int | None,
    k: int,
    waiting_ages: list[int] | None = None,
) -> dict[str, Any]:
    """One step's timeliness: counts against ``limit``, median and p90 (withheld under ``k``).

    ``measured`` counts the cases whose step is done; ``over_limit`` those among
    them that took more than ``limit`` working days. ``waiting`` counts open
    cases still waiting for the step at ``as_of``; ``waiting_over_limit`` those
    already past the limit (they are over it whatever happens next).
    """
    waiting_ages = waiting_ages or []
    enough = len(durations) >= k and bool(durations)
    return {
        "limit": limit,
        "measured": len(durations),
        "over_limit": None if limit is None else sum(d > limit for d in durations),
        "median": _median(durations) if enough else None,
        "p90": percentile_nearest_rank(durations) if enough else None,
        "waiting": len(waiting_ages),
        "waiting_over_limit": None if limit is None else sum(a > limit for a in waiting_ages),
    }


def _working_days(start: datetime, end: datetime, tz: Any) -> int:
    return working_days_between(start.astimezone(tz), end)


def step_timeliness(
    cases: list[Case], tz: Any, as_of: datetime | None, k: int, limits: Limits = DEFAULT_LIMITS
) -> dict[str, Any]:
    """Each step of the flow against its official limit, in working days.

    - ``verification``: ``submitted_at`` → ``verified_at`` (limit 3);
    - ``first_response``: ``forwarded_at`` → ``first_response_at`` (limit 5); a
      case without ``forwarded_at`` is measured from ``submitted_at`` and
      counted in ``from_submitted``;
    - ``resolution``: ``submitted_at`` → ``resolved_at`` of resolved cases
      (no official limit: ``limit`` and ``over_limit`` are None);
    - ``unhandled``: Kaltim's 15-working-day flag: forwarded cases that got
      their first response after more than 15 working days, or have waited
      longer than that at ``as_of`` without one. ``measured`` counts the
      answered and the waiting cases; it has no median.

    Medians and 90th percentiles (:func:`percentile_nearest_rank`) are over
    completed steps only and are withheld (None) under ``k`` cases.
    """
    verified, verify_wait = [], []
    answered, answer_wait = [], []
    resolved, open_count = [], 0
    from_submitted = 0
    for case in cases:
        if case.verified_at is not None:
            verified.append(_working_days(case.submitted_at, case.verified_at, tz))
        elif case.status in _WAITING_VERIFICATION and as_of is not None:
            verify_wait.append(_working_days(case.submitted_at, as_of, tz))
        start = case.forwarded_at or case.submitted_at
        if case.first_response_at is not None:
            answered.append(_working_days(start, case.first_response_at, tz))
            from_submitted += case.forwarded_at is None
        elif case.status in _WAITING_RESPONSE and as_of is not None:
            answer_wait.append(_working_days(start, as_of, tz))
            from_submitted += case.forwarded_at is None
        if case.status is Status.RESOLVED and case.resolved_at is not None:
            resolved.append(_working_days(case.submitted_at, case.resolved_at, tz))
        open_count += case.status in _OPEN
    first_response = _step(answered, limits.first_response, k, answer_wait)
    first_response["from_submitted"] = from_submitted
    resolution = _step(resolved, None, k)
    resolution["waiting"] = open_count
    late = limits.unhandled
    return {
        "verification": _step(verified, limits.verification, k, verify_wait),
        "first_response": first_response,
        "resolution": resolution,
        "unhandled": {
            "limit": late,
            "measured": len(answered) + len(answer_wait),
            "over_limit": sum(d > late for d in answered) + sum(a > late for a in answer_wait),
        },
    }


def _duration(case: Case, end_field: str, tz: Any) -> int | None:
    """Working days from submission to ``end_field``, dates taken in the site's time zone."""
    end = getattr(case, end_field)
    return None if end is None else working_days_between(case.submitted_at.astimezone(tz), end)


def _timeliness(
    cases: list[Case], tz: Any, k: int = 1, limit: int = RESPONSE_LIMIT_WORKING_DAYS
) -> dict[str, Any]:
    """Median working days; a median over fewer than ``k`` cases is withheld (None).

    Both durations run from ``submitted_at``. ``responses_measured`` counts the
    cases with a first response; ``responses_within_limit`` those among them
    answered within ``limit`` working days.
    """
    to_response = [d for c in cases if (d := _duration(c, "first_response_at", tz)) is not None]
    to_resolve = [
        d
        for c in cases
        if c.status is Status.RESOLVED and (d := _duration(c, "resolved_at", tz)) is not None
    ]
    within = sum(d <= limit for d in to_response)
    return {
        "median_working_days_to_first_response": _median(to_response)
        if len(to_response) >= k
        else None,
        "median_working_days_to_resolve": _median(to_resolve) if len(to_resolve) >= k else None,
        "responses_measured": len(to_response),
        "responses_within_limit": within,
    }


def _group(
    cases: list[Case],
    key: Callable[[Case], str],
    tz: Any,
    k: int,
    as_of: datetime | None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[dict[str, Any]]:
    groups: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        groups[key(case) or UNKNOWN].append(case)
    rows = []
    for name, members in groups.items():
        resolved = sum(c.status is Status.RESOLVED for c in members)
        rows.append(
            {
                "name": name,
                "total": len(members),
                "resolved": resolved,
                **_timeliness(members, tz, k, limits.first_response),
                "timeliness": step_timeliness(members, tz, as_of, k, limits),
            }
        )
    rows.sort(key=lambda row: (-row["total"], row["name"]))
    return rows


def _count(values: Iterable[Any], members: Iterable[Any]) -> dict[str, int]:
    counter = Counter(values)
    return {str(m): counter.get(m, 0) for m in members}


def month_key(moment: datetime, tz: Any) -> str:
    local = moment.astimezone(tz)
    return f"{local.year:04d}-{local.month:02d}"


def _in_zone(case: Case, tz: Any) -> Case:
    """``case`` with its dates in ``tz``: the same moments, converted once, not once a table."""
    return replace(
        case,
        **{name: value.astimezone(tz) for name in DATE_FIELDS if (value := getattr(case, name))},
    )


def _next_month(month: str) -> str:
    year, number = map(int, month.split("-"))
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def _report_months(first: str, as_of_month: str) -> list[str]:
    """Every month from ``first`` up to, not including, ``as_of_month``."""
    months, month = [], first
    while month < as_of_month:
        months.append(month)
        month = _next_month(month)
    return months


@dataclass(slots=True)
class _MonthEvents:
    """What happened in one month: arrivals, and the durations of the steps done in it."""

    received: int = 0
    verification: list[int] = field(default_factory=list)
    first_response: list[tuple[str, int]] = field(default_factory=list)
    resolution: list[int] = field(default_factory=list)


def _events_by_month(cases: list[Case], tz: Any) -> dict[str, _MonthEvents]:
    """Each case's steps, filed under the month (in ``tz``) each step happened.

    Durations are measured as in :func:`step_timeliness`: verification from
    submission, the first response from the forwarding (or the submission),
    the resolution of resolved cases from submission.
    """
    events: dict[str, _MonthEvents] = defaultdict(_MonthEvents)
    for case in cases:
        events[month_key(case.submitted_at, tz)].received += 1
        if case.verified_at is not None:
            days = _working_days(case.submitted_at, case.verified_at, tz)
            events[month_key(case.verified_at, tz)].verification.append(days)
        if case.first_response_at is not None:
            start = case.forwarded_at or case.submitted_at
            days = _working_days(start, case.first_response_at, tz)
            agency = case.agency or UNKNOWN
            events[month_key(case.first_response_at, tz)].first_response.append((agency, days))
        if case.status is Status.RESOLVED and case.resolved_at is not None:
            days = _working_days(case.submitted_at, case.resolved_at, tz)
            events[month_key(case.resolved_at, tz)].resolution.append(days)
    return events


def _done_step(durations: list[int], limit: int | None, k: int) -> dict[str, Any]:
    """:func:`_step` without the waiting counts (a past month has no "now" to wait at)."""
    return {key: value for key, value in _step(durations, limit, k).items() if "waiting" not in key}


def _agencies_over_limit(
    answers: list[tuple[str, int]], min_reports: int, limit: int = RESPONSE_LIMIT_WORKING_DAYS
) -> list[dict[str, Any]]:
    """Agencies whose first responses of the month went over the limit.

    Only agencies with at least ``min_reports`` first responses in the month
    count, so one late answer at a small agency does not head the list;
    the largest share over the limit first, at most :data:`MONTH_AGENCIES`.
    """
    by_agency: dict[str, list[int]] = defaultdict(list)
    for agency, days in answers:
        if agency != UNKNOWN:
            by_agency[agency].append(days)
    rows = []
    for name, durations in by_agency.items():
        over = sum(d > limit for d in durations)
        if len(durations) >= min_reports and over:
            rows.append({"name": name, "measured": len(durations), "over_limit": over})
    rows.sort(
        key=lambda r: (-Fraction(r["over_limit"], r["measured"]), -r["over_limit"], r["name"])
    )
    return rows[:MONTH_AGENCIES]


def month_figures(
    month: str, events: _MonthEvents, k: int, min_ranked: int, limits: Limits = DEFAULT_LIMITS
) -> dict[str, Any]:
    """One month's figures, the single source of every number in its monthly report.

    ``received`` counts reports submitted in the month; ``verification``,
    ``first_response`` and ``resolution`` the steps done in the month, of
    reports from any month (medians withheld under ``k``, as everywhere).
    """
    return {
        "month": month,
        "received": events.received,
        "verification": _done_step(events.verification, limits.verification, k),
        "first_response": _done_step(
            [days for _, days in events.first_response], limits.first_response, k
        ),
        "resolution": _done_step(events.resolution, None, k),
        "agencies_over_limit": _agencies_over_limit(
            events.first_response, min_ranked, limits.first_response
        ),
    }


def completed_months(
    cases: list[Case],
    tz: Any,
    as_of: datetime | None,
    k: int,
    min_ranked: int,
    limits: Limits = DEFAULT_LIMITS,
) -> list[dict[str, Any]]:
    """:func:`month_figures` of every completed month, oldest first.

    A month is complete once the data reaches past it: ``as_of`` (the latest
    activity in the data, never the clock) lies in a later month, in ``tz``.
    Months start with the first month a report was submitted; months without
    any report in between are included (with zeros).
    """
    if as_of is None or not cases:
        return []
    events = _events_by_month(cases, tz)
    first = min(month_key(c.submitted_at, tz) for c in cases)
    return [
        month_figures(month, events.get(month, _MonthEvents()), k, min_ranked, limits)
        for month in _report_months(first, month_key(as_of, tz))
    ]


def _last_completed_month(as_of: datetime | None, tz: Any) -> str | None:
    """The month before ``as_of``'s month (in ``tz``): the last one the data is complete for."""
    if as_of is None:
        return None
    year, number = map(int, month_key(as_of, tz).split("-"))
    return f"{year - (number == 1):04d}-{(number - 2) % 12 + 1:02d}"


def _at_least(count: int, k: int) -> int | None:
    """``count``, or None (withheld) from 1 to ``k - 1``."""
    return None if 0 < count < k else count


def agency_last_month(
    cases: list[Case], tz: Any, as_of: datetime | None, k: int
) -> dict[str, dict[str, Any]]:
    """Per agency (:data:`UNKNOWN` for none), its last completed month.

    ``received`` counts the agency's reports submitted in the month,
    ``resolved`` those resolved in it (submitted in any month); counts from
    1 to ``k - 1`` are withheld as ``None``. Every agency gets the entry,
    with zeros when it had nothing that month. Empty without ``as_of``.
    """
    month = _last_completed_month(as_of, tz)
    if month is None:
        return {}
    received: Counter[str] = Counter()
    resolved: Counter[str] = Counter()
    for case in cases:
        agency = case.agency or UNKNOWN
        if month_key(case.submitted_at, tz) == month:
            received[agency] += 1
        done = case.status is Status.RESOLVED and case.resolved_at is not None
        if done and month_key(case.resolved_at, tz) == month:
            resolved[agency] += 1
    return {
        agency: {
            "month": month,
            "received": _at_least(received[agency], k),
            "resolved": _at_least(resolved[agency], k),
        }
        for agency in {case.agency or UNKNOWN for case in cases}
    }


def _with_last_month(
    rows: list[dict[str, Any]], last_month: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    return [row | {"last_month": last_month.get(row["name"])} for row in rows]


def _district_by_category(cases: list[Case]) -> list[dict[str, Any]]:
    """Kecamatan × category counts of *published* cases, per kabupaten/kota.

    Only cases that are published one by one
    (:func:`lapor_site.disclosure.counted_below_region`) are counted, so every
    figure here can already be counted from ``kasus.csv``: nothing about
    confidential or unresolved reports is said below kabupaten/kota level,
    and no cell needs hiding.
    """
    regions: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for case in cases:
        if counted_below_region(case):
            district, category = case.district or UNKNOWN, case.category or UNKNOWN
            regions[case.region or UNKNOWN][district][category] += 1
    tables = []
    for region in sorted(regions):
        districts = regions[region]
        categories = sorted({c for counts in districts.values() for c in counts})
        tables.append(
            {
                "region": region,
                "categories": categories,
                "rows": [
                    {
                        "district": district,
                        "cells": [districts[district][c] for c in categories],
                        "total": sum(districts[district].values()),
                    }
                    for district in sorted(districts)
                ],
                "category_totals": [sum(d[c] for d in districts.values()) for c in categories],
            }
        )
    return tables


def aggregate(
    cases: list[Case],
    tz: Any,
    min_cell_count: int = 3,
    min_ranked_reports: int = 10,
    limits: Limits = DEFAULT_LIMITS,
) -> dict[str, Any]:
    """Statistics over all anonymized ``cases``, with months in the site's time zone.

    Tables finer than kabupaten/kota × month count published cases only
    (:mod:`lapor_site.disclosure`); medians over fewer than
    ``min_cell_count`` cases are withheld; a month's agencies over the limit
    count only agencies with ``min_ranked_reports`` first responses in it.
    Every limit is a working-day limit of ``limits`` (``[limits]`` of region.toml).
    """
    k = min_cell_count
    if any(not c.is_anonymized for c in cases):
        raise ValueError("aggregate() takes anonymized cases only")
    cases = [_in_zone(case, tz) for case in cases]
    months: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        months[month_key(case.submitted_at, tz)].append(case)
    as_of = max((c.last_activity_at for c in cases), default=None)
    return {
        "as_of": as_of.astimezone(tz).isoformat() if as_of else None,
        "totals": {
            "all": len(cases),
            "resolved": sum(c.status is Status.RESOLVED for c in cases),
            "published": sum(c.is_publishable for c in cases),
            "confidential": sum(c.privacy is Privacy.CONFIDENTIAL for c in cases),
        },
        "by_status": _count((c.status for c in cases), Status),
        "by_privacy": _count((c.privacy for c in cases), Privacy),
        "by_type": _count((c.type for c in cases), ReportType),
        "by_channel": _count((c.channel for c in cases), Channel),
        "timeliness": _timeliness(cases, tz, k, limits.first_response)
        | step_timeliness(cases, tz, as_of, k, limits),
        "by_month": [
            {
                "month": month,
                "total": len(members),
                "resolved": sum(c.status is Status.RESOLVED for c in members),
            }
            for month, members in sorted(months.items())
        ],
        "by_region": _group(cases, lambda c: c.region, tz, k, as_of, limits),
        "by_agency": _with_last_month(
            _group(cases, lambda c: c.agency, tz, k, as_of, limits),
            agency_last_month(cases, tz, as_of, k),
        ),
        "by_category": _group(cases, lambda c: c.category, tz, k, as_of, limits),
        "min_cell_count": k,
        "min_ranked_reports": min_ranked_reports,
        "completed_months": completed_months(cases, tz, as_of, k, min_ranked_reports, limits),
        "scorecards": scorecards(cases, tz, as_of, k, min_ranked_reports, limits),
        "published_by_district_category": _district_by_category(cases),
    }


# ---------------------------------------------------------------------------
# Agency scorecards: each agency's figures against the limits, the province
# median of each, and a 12-month trend. One pass over the cases, then work per
# agency on its own figures only (no rescan of all cases per agency).
# ---------------------------------------------------------------------------

#: Months in an agency's trend: the last completed months before ``as_of``.
TREND_MONTHS = 12
#: Scorecard figures and whether a higher value is the better one (None: neither).
SCORECARD_METRICS: dict[str, bool | None] = {
    "verified_within_share": True,
    "answered_within_share": True,
    "median_days_to_first_response": False,
    "median_days_to_resolution": False,
    "resolved_share": True,
    "satisfaction_mean": True,
    "open_over_limit": False,
}


@dataclass(slots=True)
class _AgencyTally:
    """What one agency's cases add up to, collected in the single pass."""

    reports: int = 0
    verified: list[int] = field(default_factory=list)
    answered: list[int] = field(default_factory=list)
    resolution: list[int] = field(default_factory=list)
    resolved: int = 0
    satisfaction: list[int] = field(default_factory=list)
    open: int = 0
    open_over_limit: int = 0
    open_flagged: int = 0
    #: month -> [received, answered, answered within the limit]
    months: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))


def trend_months(as_of: datetime | None, tz: Any, count: int = TREND_MONTHS) -> list[str]:
    """The ``count`` completed months before ``as_of``'s month (in ``tz``), oldest first."""
    if as_of is None:
        return []
    year, number = map(int, month_key(as_of, tz).split("-"))
    months = []
    for _ in range(count):
        year, number = (year - 1, 12) if number == 1 else (year, number - 1)
        months.append(f"{year:04d}-{number:02d}")
    return months[::-1]


def _open_state(case: Case, as_of: datetime, tz: Any, limits: Limits) -> tuple[bool, bool]:
    """Whether an open ``case`` is past its current step's limit, and past the unhandled flag.

    The same cases :func:`step_timeliness` counts as waiting: for verification
    an unverified one, for a first response a forwarded one not yet answered.
    """
    if case.verified_at is None and case.status in _WAITING_VERIFICATION:
        return _working_days(case.submitted_at, as_of, tz) > limits.verification, False
    if case.first_response_at is None and case.status in _WAITING_RESPONSE:
        age = _working_days(case.forwarded_at or case.submitted_at, as_of, tz)
        return age > limits.first_response, age > limits.unhandled
    return False, False


def _tally(
    cases: list[Case], tz: Any, as_of: datetime, limits: Limits, window: frozenset[str]
) -> dict[str, _AgencyTally]:
    """Every agency's :class:`_AgencyTally`, in one pass over ``cases``.

    Durations as in :func:`step_timeliness`; the trend counts reports received
    in a month and first responses given in it (within the limit or not).
    """
    tallies: dict[str, _AgencyTally] = defaultdict(_AgencyTally)
    for case in cases:
        tally = tallies[case.agency or UNKNOWN]
        tally.reports += 1
        submitted = month_key(case.submitted_at, tz)
        if submitted in window:
            tally.months[submitted][0] += 1
        if case.verified_at is not None:
            tally.verified.append(_working_days(case.submitted_at, case.verified_at, tz))
        if case.first_response_at is not None:
            days = _working_days(case.forwarded_at or case.submitted_at, case.first_response_at, tz)
            tally.answered.append(days)
            answered = month_key(case.first_response_at, tz)
            if answered in window:
                tally.months[answered][1] += 1
                tally.months[answered][2] += days <= limits.first_response
        if case.status is Status.RESOLVED:
            tally.resolved += 1
            if case.resolved_at is not None:
                tally.resolution.append(_working_days(case.submitted_at, case.resolved_at, tz))
        if case.satisfaction is not None:
            tally.satisfaction.append(case.satisfaction)
        if case.status in _OPEN:
            tally.open += 1
            over, flagged = _open_state(case, as_of, tz, limits)
            tally.open_over_limit += over
            tally.open_flagged += flagged
    return tallies


def _share(part: int, whole: int, k: int) -> float | None:
    """``part / whole`` rounded to 4 places, or None (withheld) when ``whole`` is under ``k``."""
    return round(part / whole, 4) if whole >= max(k, 1) else None


def _withheld_median(values: list[int], k: int) -> float | None:
    return _median(values) if len(values) >= max(k, 1) else None


def _scorecard(
    name: str, tally: _AgencyTally, months: list[str], limits: Limits, k: int
) -> dict[str, Any]:
    """One agency's scorecard row (shares and medians withheld under ``k`` measured cases)."""
    verified_within = sum(d <= limits.verification for d in tally.verified)
    answered_within = sum(d <= limits.first_response for d in tally.answered)
    satisfaction = tally.satisfaction
    return {
        "name": name,
        "reports": tally.reports,
        "verified_measured": len(tally.verified),
        "verified_within": verified_within,
        "verified_within_share": _share(verified_within, len(tally.verified), k),
        "answered_measured": len(tally.answered),
        "answered_within": answered_within,
        "answered_within_share": _share(answered_within, len(tally.answered), k),
        "median_days_to_first_response": _withheld_median(tally.answered, k),
        "median_days_to_resolution": _withheld_median(tally.resolution, k),
        "resolved": tally.resolved,
        "resolved_share": _share(tally.resolved, tally.reports, k),
        "satisfaction_count": len(satisfaction),
        "satisfaction_mean": round(sum(satisfaction) / len(satisfaction), 2)
        if len(satisfaction) >= max(k, 1)
        else None,
        "open": tally.open,
        "open_over_limit": tally.open_over_limit,
        "open_flagged": tally.open_flagged,
        "trend": [
            {
                "month": month,
                "received": (counts := tally.months.get(month, (0, 0, 0)))[0],
                "answered": counts[1],
                "answered_within": counts[2],
                "answered_within_share": _share(counts[2], counts[1], k),
            }
            for month in months
        ],
    }


def _province_median(rows: list[dict[str, Any]], min_reports: int) -> dict[str, float | None]:
    """Median of each :data:`SCORECARD_METRICS` over agencies with ``min_reports`` reports.

    Agencies whose figure is withheld are left out of that figure's median.
    """
    ranked = [row for row in rows if row["reports"] >= min_reports]
    medians: dict[str, float | None] = {"agencies": len(ranked)}
    for metric in SCORECARD_METRICS:
        values = [row[metric] for row in ranked if row[metric] is not None]
        medians[metric] = round(float(statistics.median(values)), 4) if values else None
    return medians


def scorecards(
    cases: list[Case],
    tz: Any,
    as_of: datetime | None,
    k: int,
    min_ranked: int,
    limits: Limits = DEFAULT_LIMITS,
) -> dict[str, Any]:
    """Every agency's scorecard, the province medians and the trend months.

    Figures per agency: the share of verifications and of first responses
    within their limit, the median working days to the first response and to
    resolution, the resolved share, the mean satisfaction (1–5) and how many
    reports are open at ``as_of`` (the data's cut-off, never the clock) and
    past their current step's limit (``open_flagged``: waiting for a first
    response longer than ``limits.unhandled``). A share, median or mean over
    fewer than ``k`` measured cases is None. ``province_median`` holds the
    median of each figure over the agencies with at least ``min_ranked``
    reports; ``agencies`` is sorted by name, the unknown agency left out.
    """
    months = trend_months(as_of, tz)
    tallies = _tally(cases, tz, as_of, limits, frozenset(months)) if as_of else {}
    rows = [
        _scorecard(name, tally, months, limits, k)
        for name, tally in sorted(tallies.items())
        if name != UNKNOWN
    ]
    return {
        "limits": {
            "verification": limits.verification,
            "first_response": limits.first_response,
            "unhandled": limits.unhandled,
        },
        "months": months,
        "min_cell_count": k,
        "min_ranked_reports": min_ranked,
        "higher_is_better": SCORECARD_METRICS,
        "province_median": _province_median(rows, min_ranked),
        "agencies": rows,
    }
