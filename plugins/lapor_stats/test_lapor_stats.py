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
