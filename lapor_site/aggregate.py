"""Aggregate stage: the statistics the site publishes, from anonymized cases.

Every case counts here, confidential and unresolved ones included, except
in the kecamatan × category table, which counts published cases only
(:mod:`lapor_site.disclosure`); nothing in the result identifies a case.
Durations are in Indonesian working days (:mod:`lapor_site.workdays`) from
``submitted_at``, with calendar days taken in the site's time zone. The
result is plain JSON-ready data with sorted keys, so the same input always
gives the same bytes.
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
UNKNOWN = "(tidak diketahui)"


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


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


def _group(cases: list[Case], key: Callable[[Case], str], tz: Any, k: int) -> list[dict[str, Any]]:
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
        "timeliness": _timeliness(cases, tz, k),
        "by_month": [
            {
                "month": month,
                "total": len(members),
                "resolved": sum(c.status is Status.RESOLVED for c in members),
            }
            for month, members in sorted(months.items())
        ],
        "by_region": _group(cases, lambda c: c.region, tz, k),
        "by_agency": _group(cases, lambda c: c.agency, tz, k),
        "by_category": _group(cases, lambda c: c.category, tz, k),
        "min_cell_count": k,
        "published_by_district_category": _district_by_category(cases),
    }
