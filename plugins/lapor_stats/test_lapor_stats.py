"""Display filters: Indonesian numbers, WITA dates, month names."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from lapor_stats import make_date_filter, month_label, number, percent


def test_number_uses_indonesian_separators():
    assert number(1234567) == "1.234.567"
    assert number(2.5, 1) == "2,5"
    assert number(None) == "–"
    assert number("< 3") == "< 3"  # suppressed cells pass through


def test_dates_are_shown_in_wita():
    local_date = make_date_filter(ZoneInfo("Asia/Makassar"), "WITA")
    assert local_date("2026-03-04T22:30:00+00:00", True) == "5 Maret 2026 06.30 WITA"
    assert local_date("2026-03-04T22:30:00+00:00", lang="en") == "5 March 2026"
    assert local_date("") == ""


def test_month_label_and_percent():
    assert month_label("2025-08") == "Agustus 2025"
    assert percent(1, 3) == "33%"
    assert percent(1, 0) == "–"


def test_percentages_round_half_up():
    # 1/8 = 12.5 %, 5/8 = 62.5 %, 1/40 = 2.5 %: Python's round() and format() would give
    # 12, 62 and 2 (half to even); the methodology promises half up.
    assert percent(1, 8) == "13%"
    assert percent(5, 8) == "63%"
    assert percent(1, 40) == "3%"
    assert percent(3, 8) == "38%"
    assert percent(1, 6) == "17%" and percent(1, 7) == "14%"
    assert percent(2000, 2000) == "100%"


def test_numbers_round_half_up():
    assert number(0.5) == "1"
    assert number(2.5) == "3"
    assert number(6.25, 1) == "6,3"
    assert number(2.675, 2) == "2,68"  # as written, not as the binary float stores it
    assert number(1234.5) == "1.235"
