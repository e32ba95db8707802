"""Timeliness against the official limits: verification 3, first response 5, unhandled 15.

Dates are in March 2026 (no public holiday before the 19th): Monday 2 March
is the day of submission unless said otherwise, so Thursday 5 March is 3
working days later and Monday 9 March 5.
"""

from __future__ import annotations

import dataclasses
from zoneinfo import ZoneInfo

import pytest
from factories import make_record

from lapor_site.aggregate import aggregate, percentile_nearest_rank
from lapor_site.model import RawRecord
from lapor_site.validate import validate

WITA = ZoneInfo("Asia/Makassar")
STEP_KEYS = {"limit", "measured", "over_limit", "median", "p90", "waiting", "waiting_over_limit"}


def stats_for(*rows: dict, k: int = 1) -> dict:
    result = validate(RawRecord(f"line {n}", row) for n, row in enumerate(rows, 1))
    assert not result.problems, result.problems
    cases = [dataclasses.replace(c, identity=None) for c in result.cases]
    return aggregate(cases, WITA, min_cell_count=k)


def record(n: int, **fields) -> dict:
    return make_record(tracking_id=f"LAP-T-{n:04d}", **fields)


def at(day: int, hour: int = 9) -> str:
    return f"2026-03-{day:02d}T{hour:02d}:00:00+08:00"


@pytest.mark.parametrize(
    ("values", "p90"),
    [
        ([7], 7),
        (list(range(1, 11)), 9),
        ([0, 0, 30], 30),
        (list(range(1, 71)), 63),  # 0.9 * 70 is 63.00000000000001 in floats: still rank 63
        (list(range(1, 12)), 10),  # rank ⌈9.9⌉ = 10
    ],
)
def test_p90_is_the_nearest_rank(values, p90):
    assert percentile_nearest_rank(values) == p90
    assert percentile_nearest_rank(list(reversed(values))) == p90


def test_p90_of_nothing_is_none():
    assert percentile_nearest_rank([]) is None


@pytest.mark.parametrize(("verified", "over"), [(5, 0), (6, 1)])
def test_verification_limit_is_three_working_days(verified, over):
    stats = stats_for(record(1, verified_at=at(verified), forwarded_at=at(verified, 10)))
    step = stats["timeliness"]["verification"]
    assert (step["limit"], step["measured"], step["over_limit"]) == (3, 1, over)
    assert step["median"] == step["p90"] == 3 + over


@pytest.mark.parametrize(("answered", "over"), [(11, 0), (12, 1)])
def test_first_response_runs_from_forwarding_with_a_five_day_limit(answered, over):
    # Forwarded Wednesday 4 March: Wednesday 11 is 5 working days later, Thursday 12 is 6.
    stats = stats_for(
        record(
            1,
            verified_at=at(4, 8),
            forwarded_at=at(4, 10),
            first_response_at=at(answered),
            resolved_at=at(answered, 12),
        )
    )
    step = stats["timeliness"]["first_response"]
    assert (step["limit"], step["measured"], step["over_limit"]) == (5, 1, over)
    assert step["median"] == 5 + over and step["from_submitted"] == 0
    # The older figure still runs from submission (the home page shows it).
    assert stats["timeliness"]["median_working_days_to_first_response"] == 7 + over


def test_first_response_without_forwarding_date_counts_from_submission_and_says_so():
    stats = stats_for(record(1, forwarded_at=None, first_response_at=at(9), resolved_at=at(10)))
    step = stats["timeliness"]["first_response"]
    assert (step["median"], step["over_limit"], step["from_submitted"]) == (5, 0, 1)


def test_resolution_has_no_limit_only_median_and_p90():
    rows = [record(n, resolved_at=at(day)) for n, day in enumerate((3, 4, 5, 6, 13), 1)]
    step = stats_for(*rows)["timeliness"]["resolution"]
    assert step["limit"] is None and step["over_limit"] is None
    assert (step["measured"], step["median"], step["p90"]) == (5, 3, 9)


def test_waiting_reports_past_a_limit_count_separately_and_in_the_unhandled_flag():
    # As of Friday 27 March (the latest activity); Thursday 19 March (Nyepi) is a holiday.
    answered = record(1, forwarded_at=at(2, 10), first_response_at=at(27), resolved_at=at(27, 12))
    waiting = record(
        2, status="forwarded", forwarded_at=at(3), first_response_at=None, resolved_at=None
    )
    fresh = record(
        3, status="in_progress", forwarded_at=at(26), first_response_at=None, resolved_at=None
    )
    unverified = record(
        4,
        status="unverified",
        verified_at=None,
        forwarded_at=None,
        first_response_at=None,
        resolved_at=None,
    )
    stats = stats_for(answered, waiting, fresh, unverified)
    timeliness = stats["timeliness"]
    response = timeliness["first_response"]
    assert (response["measured"], response["waiting"], response["waiting_over_limit"]) == (1, 2, 1)
    assert response["over_limit"] == 1
    verification = timeliness["verification"]
    assert (verification["waiting"], verification["waiting_over_limit"]) == (1, 1)
    assert verification["measured"] == 3
    assert timeliness["resolution"]["waiting"] == 3  # open: forwarded, in progress, unverified
    # Answered after more than 15 working days, and waiting more than 15: both flagged.
    assert timeliness["unhandled"] == {"limit": 15, "measured": 3, "over_limit": 2}


def test_medians_and_percentiles_are_withheld_under_the_minimum_count():
    rows = [record(n, first_response_at=at(4), resolved_at=at(5)) for n in (1, 2)]
    stats = stats_for(*rows, k=3)
    for step in ("verification", "first_response", "resolution"):
        figures = stats["timeliness"][step]
        assert figures["measured"] == 2
        assert figures["median"] is None and figures["p90"] is None
    assert stats_for(*rows, k=2)["timeliness"]["first_response"]["median"] == 1


def test_every_group_row_carries_its_timeliness():
    rows = [
        record(1, agency="Dinas Sosial", region="Kota Bontang", category="Pendidikan"),
        record(2, agency="Dinas Perhubungan", first_response_at=at(12), resolved_at=at(13)),
        record(3, agency="", verified_at=at(10)),
    ]
    stats = stats_for(*rows)
    for table in ("by_region", "by_agency", "by_category"):
        for row in stats[table]:
            timeliness = row["timeliness"]
            assert set(timeliness) == {"verification", "first_response", "resolution", "unhandled"}
            for step in ("verification", "first_response", "resolution"):
                assert set(timeliness[step]) >= STEP_KEYS, (table, step)
            assert timeliness["verification"]["limit"] == 3
            assert timeliness["first_response"]["limit"] == 5
            assert timeliness["resolution"]["limit"] is None
            assert timeliness["unhandled"]["limit"] == 15
            # The older per-row fields stay.
            assert "median_working_days_to_first_response" in row
    agencies = {row["name"]: row["timeliness"] for row in stats["by_agency"]}
    assert agencies["Dinas Perhubungan"]["first_response"]["over_limit"] == 1
    assert agencies["Dinas Sosial"]["first_response"]["over_limit"] == 0
    assert agencies["(tidak diketahui)"]["verification"]["over_limit"] == 1


def test_days_are_taken_in_the_regions_time_zone():
    # Submitted Wednesday 22:30 UTC = Thursday 06:30 WITA, verified Thursday: 0 days.
    stats = stats_for(
        record(
            1,
            submitted_at="2026-03-04T22:30:00+00:00",
            verified_at="2026-03-05T08:00:00+08:00",
            forwarded_at="2026-03-05T09:00:00+08:00",
            first_response_at="2026-03-05T10:00:00+08:00",
            resolved_at="2026-03-05T11:00:00+08:00",
        )
    )
    assert stats["timeliness"]["verification"]["median"] == 0
