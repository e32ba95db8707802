"""Agency scorecards in statistik.json: hand-computed figures, small-cell suppression, limits.

Dates are in March 2026 (no public holiday before the 19th); Monday 2 March is
the day of submission unless said otherwise. Agency A has three reports:

1. verified 3 Mar (1 working day), forwarded 3 Mar, answered 5 Mar (2),
   resolved 10 Mar (6 from submission), satisfaction 4;
2. verified 9 Mar (5, over the limit of 3), forwarded 9 Mar, answered 17 Mar
   (6, over the limit of 5), resolved 18 Mar (12), satisfaction 2;
3. verified and forwarded 3 Mar, no answer yet: open, and at ``as_of``
   (18 Mar, the latest date in the data) it has waited 11 working days.

Agency B has one report from February, answered in 2 working days.
"""

from __future__ import annotations

import dataclasses
from zoneinfo import ZoneInfo

import pytest
from factories import make_record

from lapor_site.aggregate import DEFAULT_LIMITS, Limits, aggregate, trend_months
from lapor_site.model import RawRecord
from lapor_site.validate import validate

WITA = ZoneInfo("Asia/Makassar")


def at(day: int, month: int = 3) -> str:
    return f"2026-{month:02d}-{day:02d}T09:00:00+08:00"


def cases() -> list:
    a = {"agency": "Dinas A"}
    rows = [
        make_record(
            tracking_id="LAP-S-1", verified_at=at(3), forwarded_at=at(3),
            first_response_at=at(5), resolved_at=at(10), satisfaction=4, **a,
        ),
        make_record(
            tracking_id="LAP-S-2", verified_at=at(9), forwarded_at=at(9),
            first_response_at=at(17), resolved_at=at(18), satisfaction=2, **a,
        ),
        make_record(
            tracking_id="LAP-S-3", verified_at=at(3), forwarded_at=at(3), first_response_at=None,
            resolved_at=None, response=None, status="forwarded", satisfaction=None, **a,
        ),
        make_record(
            tracking_id="LAP-S-4", agency="Dinas B", submitted_at=at(2, 2), verified_at=at(2, 2),
            forwarded_at=at(2, 2), first_response_at=at(4, 2), resolved_at=at(5, 2),
        ),
    ]  # fmt: skip
    result = validate(RawRecord(f"line {n}", row) for n, row in enumerate(rows, 1))
    assert not result.problems, result.problems
    return [dataclasses.replace(c, identity=None) for c in result.cases]


def cards(k: int = 1, min_ranked: int = 1, limits: Limits = DEFAULT_LIMITS) -> dict:
    return aggregate(cases(), WITA, min_cell_count=k, min_ranked_reports=min_ranked, limits=limits)[
        "scorecards"
    ]


def agency(scorecards: dict, name: str) -> dict:
    (row,) = [r for r in scorecards["agencies"] if r["name"] == name]
    return row


def test_agency_figures_are_the_hand_computed_ones() -> None:
    a = agency(cards(), "Dinas A")
    assert a["reports"] == 3
    assert (a["verified_measured"], a["verified_within"], a["verified_within_share"]) == (
        3, 2, 0.6667,
    )  # fmt: skip
    assert (a["answered_measured"], a["answered_within"], a["answered_within_share"]) == (2, 1, 0.5)
    assert a["median_days_to_first_response"] == 4.0  # (2 + 6) / 2
    assert a["median_days_to_resolution"] == 9.0  # (6 + 12) / 2
    assert (a["resolved"], a["resolved_share"]) == (2, 0.6667)
    assert (a["satisfaction_count"], a["satisfaction_mean"]) == (2, 3.0)
    assert (a["open"], a["open_over_limit"], a["open_flagged"]) == (1, 1, 0)


def test_open_reports_are_counted_at_the_data_cut_off_not_the_clock() -> None:
    # 11 working days of waiting: over a 10-day unhandled limit, not over 15.
    a = agency(cards(limits=Limits(3, 5, 10)), "Dinas A")
    assert (a["open"], a["open_over_limit"], a["open_flagged"]) == (1, 1, 1)
    a = agency(cards(limits=Limits(3, 12, 15)), "Dinas A")
    assert (a["open_over_limit"], a["open_flagged"]) == (0, 0)


def test_limits_move_the_shares() -> None:
    scorecards = cards(limits=Limits(verification=5, first_response=6, unhandled=15))
    a = agency(scorecards, "Dinas A")
    assert a["verified_within_share"] == 1.0 and a["answered_within_share"] == 1.0
    assert scorecards["limits"] == {"verification": 5, "first_response": 6, "unhandled": 15}


def test_trend_is_the_last_twelve_completed_months() -> None:
    scorecards = cards()
    assert scorecards["months"] == trend_months_expected()
    b = agency(scorecards, "Dinas B")
    february = [m for m in b["trend"] if m["month"] == "2026-02"]
    assert february == [
        {"month": "2026-02", "received": 1, "answered": 1, "answered_within": 1,
         "answered_within_share": 1.0},
    ]  # fmt: skip
    # March is not complete at as_of (18 March): agency A's reports are in no month yet.
    assert all(m["received"] == m["answered"] == 0 for m in agency(scorecards, "Dinas A")["trend"])


def trend_months_expected() -> list[str]:
    return [f"2025-{m:02d}" for m in range(3, 13)] + ["2026-01", "2026-02"]


def test_trend_months_cross_the_year() -> None:
    from datetime import datetime

    months = trend_months(datetime(2026, 1, 1, 0, 30, tzinfo=WITA), WITA, 3)
    assert months == ["2025-10", "2025-11", "2025-12"]
    assert trend_months(None, WITA) == []


def test_province_median_counts_agencies_with_enough_reports() -> None:
    medians = cards(min_ranked=1)["province_median"]
    assert medians["agencies"] == 2
    assert medians["answered_within_share"] == 0.75  # median of 0.5 and 1.0
    assert medians["median_days_to_first_response"] == 3.0  # median of 4 and 2
    medians = cards(min_ranked=2)["province_median"]
    assert medians["agencies"] == 1 and medians["answered_within_share"] == 0.5
    assert cards(min_ranked=4)["province_median"]["answered_within_share"] is None


@pytest.mark.parametrize("k", [3])
def test_small_cells_are_withheld(k: int) -> None:
    scorecards = cards(k=k)
    a = agency(scorecards, "Dinas A")
    assert a["verified_within_share"] == 0.6667  # 3 verified: enough
    assert a["answered_within_share"] is None  # 2 answered: too few
    assert a["median_days_to_first_response"] is None
    assert a["satisfaction_mean"] is None and a["satisfaction_count"] == 2
    b = agency(scorecards, "Dinas B")
    assert b["resolved_share"] is None and b["reports"] == 1
    assert all(m["answered_within_share"] is None for m in b["trend"])
    # Counts stay: they are not figures computed from few reports.
    assert (a["open"], a["open_over_limit"]) == (1, 1)


def test_open_counts_agree_with_the_timeliness_waiting_counts() -> None:
    """An in-progress report that already has its first response is open but not waiting."""
    answered = make_record(
        tracking_id="LAP-S-9", agency="Dinas C", status="in_progress", resolved_at=None,
        first_response_at=at(3), satisfaction=None,
    )  # fmt: skip
    waiting = make_record(
        tracking_id="LAP-S-8", agency="Dinas C", status="in_progress", resolved_at=None,
        first_response_at=None, response=None, satisfaction=None,
    )  # fmt: skip
    late = make_record(
        tracking_id="LAP-S-7", agency="Dinas D", submitted_at=at(30), verified_at=at(30),
        forwarded_at=at(30), first_response_at=at(30), resolved_at=at(30),
    )  # fmt: skip
    result = validate(RawRecord(f"l{n}", r) for n, r in enumerate([answered, waiting, late], 1))
    assert not result.problems, result.problems
    stats = aggregate([dataclasses.replace(c, identity=None) for c in result.cases], WITA, 1, 1)
    (card,) = [r for r in stats["scorecards"]["agencies"] if r["name"] == "Dinas C"]
    (row,) = [r for r in stats["by_agency"] if r["name"] == "Dinas C"]
    assert card["open"] == 2
    assert card["open_over_limit"] == row["timeliness"]["first_response"]["waiting_over_limit"] == 1
