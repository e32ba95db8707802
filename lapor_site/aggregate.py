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
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from lapor_site.disclosure import counted_below_region
from lapor_site.model import Case, Channel, Privacy, ReportType, Status
from lapor_site.workdays import working_days_between

#: Working-day limit for an agency's first follow-up (LAPOR! rules).
RESPONSE_LIMIT_WORKING_DAYS = 5
#: Working-day limit for the admin's verification (LAPOR! FAQ).
VERIFICATION_LIMIT_WORKING_DAYS = 3
#: Kaltim flags reports an agency left without follow-up this many working days.
UNHANDLED_LIMIT_WORKING_DAYS = 15
UNKNOWN = "(tidak diketahui)"

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


def step_timeliness(cases: list[Case], tz: Any, as_of: datetime | None, k: int) -> dict[str, Any]:
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
    first_response = _step(answered, RESPONSE_LIMIT_WORKING_DAYS, k, answer_wait)
    first_response["from_submitted"] = from_submitted
    resolution = _step(resolved, None, k)
    resolution["waiting"] = open_count
    late = UNHANDLED_LIMIT_WORKING_DAYS
    return {
        "verification": _step(verified, VERIFICATION_LIMIT_WORKING_DAYS, k, verify_wait),
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


def _timeliness(cases: list[Case], tz: Any, k: int = 1) -> dict[str, Any]:
    """Median working days; a median over fewer than ``k`` cases is withheld (None).

    Both durations run from ``submitted_at``. ``responses_measured`` counts the
    cases with a first response; ``responses_within_limit`` those among them
    answered within :data:`RESPONSE_LIMIT_WORKING_DAYS` working days.
    """
    to_response = [d for c in cases if (d := _duration(c, "first_response_at", tz)) is not None]
    to_resolve = [
        d
        for c in cases
        if c.status is Status.RESOLVED and (d := _duration(c, "resolved_at", tz)) is not None
    ]
    within = sum(d <= RESPONSE_LIMIT_WORKING_DAYS for d in to_response)
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
                **_timeliness(members, tz, k),
                "timeliness": step_timeliness(members, tz, as_of, k),
            }
        )
    rows.sort(key=lambda row: (-row["total"], row["name"]))
    return rows


def _count(values: Iterable[Any], members: Iterable[Any]) -> dict[str, int]:
    counter = Counter(values)
    return {str(m): counter.get(m, 0) for m in members}


def month_key(moment: datetime, tz: Any) -> str:
    return moment.astimezone(tz).strftime("%Y-%m")


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


def aggregate(cases: list[Case], tz: Any, min_cell_count: int = 3) -> dict[str, Any]:
    """Statistics over all anonymized ``cases``, with months in the site's time zone.

    Tables finer than kabupaten/kota × month count published cases only
    (:mod:`lapor_site.disclosure`); medians over fewer than
    ``min_cell_count`` cases are withheld.
    """
    k = min_cell_count
    if any(not c.is_anonymized for c in cases):
        raise ValueError("aggregate() takes anonymized cases only")
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
        "timeliness": _timeliness(cases, tz, k) | step_timeliness(cases, tz, as_of, k),
        "by_month": [
            {
                "month": month,
                "total": len(members),
                "resolved": sum(c.status is Status.RESOLVED for c in members),
            }
            for month, members in sorted(months.items())
        ],
        "by_region": _group(cases, lambda c: c.region, tz, k, as_of),
        "by_agency": _group(cases, lambda c: c.agency, tz, k, as_of),
        "by_category": _group(cases, lambda c: c.category, tz, k, as_of),
        "min_cell_count": k,
        "published_by_district_category": _district_by_category(cases),
    }
