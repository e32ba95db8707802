"""The methodology page states how every figure is made, and each stated fact matches the code.

Each test reads the fact from content/pages/metodologi.md (Indonesian) and
metodologi.en.md (English) and checks it against the code that makes the
figure: the working-day rule and its holiday calendar, the time zone, where
"time to first response" starts, ``responses_within_limit``, rounding, the
feed length, the invalid-record rules and the small-count threshold.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import random
import runpy
import tomllib
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from factories import make_record

from lapor_site.aggregate import RESPONSE_LIMIT_WORKING_DAYS, aggregate
from lapor_site.model import RawRecord
from lapor_site.site import INSTALL_ROOT
from lapor_site.validate import CLOCK_TOLERANCE, validate
from lapor_site.workdays import is_working_day, working_days_between

PAGES = INSTALL_ROOT / "content" / "pages"
ID = (PAGES / "metodologi.md").read_text(encoding="utf-8")
EN = (PAGES / "metodologi.en.md").read_text(encoding="utf-8")
WITA = ZoneInfo("Asia/Makassar")


def stats_for(*rows: dict) -> dict:
    result = validate(RawRecord(f"line {n}", row) for n, row in enumerate(rows, 1))
    assert not result.problems, result.problems
    cases = [dataclasses.replace(c, identity=None) for c in result.cases]
    return aggregate(cases, WITA, min_cell_count=1)


def test_feed_length_is_the_configured_one():
    items = runpy.run_path(str(INSTALL_ROOT / "pelicanconf.py"))["LAPOR_FEED_ITEMS"]
    assert f"memuat {items} kasus selesai terbaru" in ID
    assert f"hold the {items} newest resolved cases" in EN


def test_holiday_calendar_is_python_holidays_public_category_without_cuti_bersama():
    assert "*python-holidays*" in ID and "*python-holidays*" in EN
    assert "Cuti bersama tidak dikecualikan" in ID
    assert "Collective leave days (cuti bersama) are not excluded" in EN
    for year in (2025, 2026):
        public = holidays.country_holidays("ID", years=[year])
        joint = holidays.country_holidays("ID", years=[year], categories=("government",))
        assert joint, "the package no longer lists cuti bersama: check the page"
        for day in public:
            assert not is_working_day(day), day
        for day in joint:
            if day.weekday() < 5 and day not in public:
                assert is_working_day(day), f"{day} ({joint[day]}) is cuti bersama"
    assert not is_working_day(date(2025, 3, 31))  # Idul Fitri
    assert is_working_day(date(2025, 4, 2))  # cuti bersama Idul Fitri: a working day here
    assert not is_working_day(date(2026, 3, 7))  # Saturday


def test_start_day_excluded_end_day_included():
    assert "Hari laporan masuk tidak dihitung dan hari akhir dihitung" in ID
    friday = datetime(2026, 3, 6, 9, 0, tzinfo=WITA)
    assert working_days_between(friday, friday.replace(hour=16)) == 0
    assert working_days_between(friday, datetime(2026, 3, 9, 8, 0, tzinfo=WITA)) == 1


def test_working_days_agree_with_a_count_day_by_day():
    """Across year ends, holidays and reversed spans (0: the end is not after the start)."""
    rng = random.Random(1708)
    first = date(2023, 12, 1)
    for _ in range(400):
        start = first + timedelta(days=rng.randrange(3 * 366))
        end = start + timedelta(days=rng.randrange(-20, 500))
        counted = sum(
            is_working_day(start + timedelta(days=k)) for k in range(1, (end - start).days + 1)
        )
        at = datetime.combine(start, time(23, 59), WITA)
        assert working_days_between(at, datetime.combine(end, time(0, 1), WITA)) == counted


def test_days_are_taken_in_the_regions_time_zone():
    # Submitted Wednesday 22:30 UTC = Thursday 06:30 WITA; answered Thursday 10:00 WITA.
    # Same day in WITA: 0 working days (counted in UTC it would be 1).
    assert "Tanggal ditentukan menurut {{ timezone_label }}" in ID
    assert "Dates are taken in {{ timezone_label }}" in EN
    stats = stats_for(
        make_record(
            submitted_at="2026-03-04T22:30:00+00:00",
            verified_at="2026-03-05T08:00:00+08:00",
            forwarded_at="2026-03-05T09:00:00+08:00",
            first_response_at="2026-03-05T10:00:00+08:00",
            resolved_at="2026-03-05T11:00:00+08:00",
        )
    )
    assert stats["timeliness"]["median_working_days_to_first_response"] == 0
    assert stats["timeliness"]["median_working_days_to_resolve"] == 0


def test_time_to_first_response_runs_from_submission():
    assert "sejak laporan masuk ke SP4N-LAPOR! (`submitted_at`)" in ID
    assert "runs from the moment the report came in to SP4N-LAPOR! (`submitted_at`)" in EN
    # Submitted Monday, verified and forwarded Wednesday, answered Thursday: 3 working days.
    stats = stats_for(
        make_record(
            submitted_at="2026-03-02T09:00:00+08:00",
            verified_at="2026-03-04T09:00:00+08:00",
            forwarded_at="2026-03-04T10:00:00+08:00",
            first_response_at="2026-03-05T10:00:00+08:00",
        )
    )
    assert stats["timeliness"]["median_working_days_to_first_response"] == 3


@pytest.mark.parametrize(("answered", "within"), [("2026-03-09", 1), ("2026-03-10", 0)])
def test_responses_within_limit_means_at_most_five_working_days(answered, within):
    assert RESPONSE_LIMIT_WORKING_DAYS == 5
    # The page states region.toml's [limits] (5 by default; test_limits_on_pages.py).
    assert "paling lama {{ response_limit }} hari kerja setelah laporan masuk" in ID
    assert "at most {{ response_limit }} working days after the report came in" in EN
    # Submitted Monday 2 March 2026: Monday 9 March is 5 working days later, Tuesday 10 is 6.
    stats = stats_for(
        make_record(
            submitted_at="2026-03-02T09:00:00+08:00",
            verified_at="2026-03-02T10:00:00+08:00",
            forwarded_at="2026-03-02T11:00:00+08:00",
            first_response_at=f"{answered}T09:00:00+08:00",
            resolved_at=f"{answered}T12:00:00+08:00",
        )
    )
    assert stats["timeliness"]["responses_measured"] == 1
    assert stats["timeliness"]["responses_within_limit"] == within


def test_rounding_is_half_up_as_stated():
    spec = importlib.util.spec_from_file_location(
        "lapor_stats_filters", INSTALL_ROOT / "plugins" / "lapor_stats" / "__init__.py"
    )
    assert spec and spec.loader
    filters = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(filters)
    percent = filters.percent
    assert "12,5% ditampilkan sebagai 13%" in ID and "12.5% is shown as 13%" in EN
    assert percent(1, 8) == "13%"


@pytest.mark.parametrize(
    "field", ["verified_at", "forwarded_at", "first_response_at", "resolved_at"]
)
def test_a_time_before_submission_makes_the_record_invalid(field):
    assert "lebih awal daripada waktu laporan masuk (`submitted_at`)" in ID
    assert "earlier than the time the report came in (`submitted_at`)" in EN
    row = make_record(**{field: "2026-03-01T09:00:00+08:00"})
    result = validate([RawRecord("line 1", row)])
    assert not result.cases and [p.field for p in result.problems] == [field]


def test_future_tolerance_is_as_stated():
    minutes = int(CLOCK_TOLERANCE.total_seconds() // 60)
    assert f"lebih dari {minutes} menit di masa depan" in ID
    assert f"more than {minutes} minutes in the future" in EN


def test_small_count_threshold_is_the_reference_regions():
    region = tomllib.loads((INSTALL_ROOT / "region.toml").read_text(encoding="utf-8"))
    k = region["data"]["min_cell_count"]
    assert f"kurang dari {k} laporan tidak ditampilkan" in ID
    assert f"over fewer than {k} reports are not shown" in EN


def test_district_tables_count_published_cases_as_stated():
    assert "**hanya menghitung kasus yang diterbitkan**" in ID
    assert "**count published cases only**" in EN
    public = make_record(tracking_id="A", district="Palaran")
    secret = make_record(tracking_id="B", district="Palaran", privacy="confidential")
    open_ = make_record(tracking_id="C", district="Palaran", status="in_progress", resolved_at=None)
    stats = stats_for(public, secret, open_)
    (table,) = stats["published_by_district_category"]
    assert [row["cells"] for row in table["rows"]] == [[1]]
    assert stats["by_region"][0]["total"] == 3  # above kecamatan level every report counts
