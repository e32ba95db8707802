"""SVG chart templates and label and order helpers (the tables' files: tests/test_opendata.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from lapor_charts import (
    Bar,
    count_bars,
    group_bars,
    group_name,
    hbar_chart,
    limit_bar,
    month_chart,
    nice_step,
    ordered,
    pct,
    short_month,
    shorten,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    """The chart as XML (inline SVG in HTML needs no namespace; add it to parse)."""
    return ET.fromstring(str(markup).replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))


def widths(root: ET.Element) -> list[float]:
    return [float(r.get("width", "0").rstrip("%")) for r in root.iter(f"{SVG}rect")]


def test_hbar_chart_is_named_by_its_title_and_desc():
    svg = hbar_chart("grafik-x", "Judul <b>", "Uraian & catatan", [Bar("A", (3,), "3")])
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "grafik-x-t grafik-x-d"
    assert root.find(f"{SVG}title").get("id") == "grafik-x-t"
    assert root.find(f"{SVG}title").text == "Judul <b>"  # escaped in the markup
    assert root.find(f"{SVG}desc").text == "Uraian & catatan"
    assert "<b>" not in svg and "&amp;" in svg


def test_hbar_chart_scales_to_the_largest_bar_and_stacks_parts():
    root = parse(
        hbar_chart("g", "t", "d", [Bar("Besar", (30, 10), "40"), Bar("Kecil", (10, 0), "10")])
    )
    rects = list(root.iter(f"{SVG}rect"))
    assert [r.get("class") for r in rects] == [None, "p1", None]  # empty parts are not drawn
    assert widths(root) == [75.0, 25.0, 25.0]
    assert rects[1].get("x") == "75%"  # the second part starts where the first ends
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["Besar", "40", "Kecil", "10"]
    assert root.get("height") == "68"  # two rows of 34 px


def test_hbar_chart_with_own_scale_draws_shares_and_a_class():
    bar = limit_bar({"measured": 8, "over_limit": 2}, "Verifikasi", "25%")
    root = parse(hbar_chart("g", "t", "d", [bar], "limits"))
    assert root.get("class") == "chart limits"
    assert widths(root) == [75.0, 25.0]
    empty = limit_bar({"measured": 0, "over_limit": 0}, "Tidak ada", "–")
    assert widths(parse(hbar_chart("g", "t", "d", [empty]))) == []


def test_charts_are_deterministic_and_free_of_scripts_and_dates():
    months = [{"month": f"2025-{m:02d}", "total": 10 * m, "resolved": 5 * m} for m in range(1, 13)]
    one = month_chart("grafik-bulan", "t", "d", months, "en")
    assert one == month_chart("grafik-bulan", "t", "d", months, "en")
    assert "<script" not in one and "onload" not in one
    ids = re.findall(r'id="([^"]+)"', one)
    assert ids == ["grafik-bulan", "grafik-bulan-t", "grafik-bulan-d"]


def test_month_chart_columns_labels_and_gridlines():
    months = [
        {"month": "2025-11", "total": 120, "resolved": 80},
        {"month": "2025-12", "total": 60, "resolved": 0},
        {"month": "2026-01", "total": 0, "resolved": 0},
    ]
    svg = month_chart("g", "t", "d", months, "id")
    root = parse(svg)
    rects = list(root.iter(f"{SVG}rect"))
    # 120 → gridlines every 50 up to 150: 80 resolved + 40 others, then 60 others only.
    heights = [float(r.get("height")) for r in rects]
    assert heights == pytest.approx([160 * 80 / 150, 160 * 40 / 150, 160 * 60 / 150], abs=0.1)
    assert [r.get("class") for r in rects] == [None, "p1", "p1"]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts[:4] == ["0", "50", "100", "150"]
    assert "Nov 2025" in texts and "Jan 2026" in texts
    assert "Jan 2026" in month_chart("g", "t", "d", months, "en")


def test_month_chart_labels_three_months_whatever_the_span():
    months = [{"month": f"20{20 + i // 12}-{i % 12 + 1:02d}", "total": 1, "resolved": 1}
              for i in range(60)]  # fmt: skip
    labels = [t for t in parse(month_chart("g", "t", "d", months)).iter(f"{SVG}text")]
    assert len([t for t in labels if " " in (t.text or "")]) == 3


def test_month_chart_without_months_is_empty_but_valid():
    root = parse(month_chart("g", "t", "d", []))
    assert list(root.iter(f"{SVG}rect")) == []


@pytest.mark.parametrize(
    ("largest", "step"), [(0, 1), (3, 1), (7, 2), (120, 50), (160, 50), (1000, 500), (1001, 500)]
)
def test_nice_step_is_1_2_or_5_and_gives_at_most_four_lines(largest, step):
    assert nice_step(largest) == step
    assert largest / step <= 4 or largest <= 4


def test_numbers_and_labels_follow_the_language():
    rows = [{"name": "(tidak diketahui)", "total": 1234, "resolved": 1000}]
    (bar,) = group_bars(rows, "id")
    assert (bar.label, bar.text, tuple(bar.parts)) == ("(tidak diketahui)", "1.234", (1000, 234))
    (bar,) = group_bars(rows, "en")
    assert (bar.label, bar.text) == ("(unknown)", "1,234")
    assert group_name("Dinas Sosial", "en") == "Dinas Sosial"
    assert [b.label for b in count_bars({"sms": 1, "web": 5}, "channel", "en")] == [
        "Website",
        "SMS 1708",
    ]
    assert short_month("2025-08", "id") == "Agu 2025"
    assert short_month("2025-05", "en") == "May 2025"


def test_status_follows_the_flow_and_other_kinds_the_count():
    counts = {
        "archived": 1,
        "forwarded": 9,
        "in_progress": 2,
        "postponed": 3,
        "resolved": 8,
        "unverified": 4,
        "verified": 7,
    }
    assert [code for code, _ in ordered(counts, "status")] == [
        "unverified",
        "verified",
        "forwarded",
        "in_progress",
        "resolved",
        "postponed",
        "archived",
    ]
    by_count = ordered({"sms": 2, "web": 5, "ios": 2}, "channel")
    assert by_count == [("web", 5), ("ios", 2), ("sms", 2)]


def test_shorten_cuts_at_a_word():
    assert shorten("Dinas Sosial") == "Dinas Sosial"
    cut = shorten("Dinas Kependudukan, Pemberdayaan Perempuan dan Perlindungan Anak")
    assert cut == "Dinas Kependudukan, Pemberdayaan…" and len(cut) <= 34


def test_pct_is_compact():
    assert (pct(0), pct(12.5), pct(100 / 3), pct(100)) == ("0%", "12.5%", "33.3%", "100%")
