"""lapor_monthly: reports grouped by language, newest first; an index even without reports."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from lapor_monthly import monthly_reports
from lapor_site.cli import main
from lapor_site.site import INSTALL_ROOT


def _page(month: str, lang: str, template: str = "laporan") -> SimpleNamespace:
    return SimpleNamespace(report_month=month, lang=lang, template=template)


def test_reports_by_language_newest_first() -> None:
    pages = [
        _page("2025-01", "id"),
        _page("2025-03", "id"),
        _page("2025-02", "en"),
        _page("2025-03", "en"),
        _page("", "id", template="page"),  # an ordinary page is not a report
    ]
    reports = monthly_reports(pages)
    assert [p.report_month for p in reports["id"]] == ["2025-03", "2025-01"]
    assert [p.report_month for p in reports["en"]] == ["2025-03", "2025-02"]


def test_the_index_exists_before_the_first_full_month(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LAPOR_SITE_SECRET", "monthly-plugin-key")
    site = tmp_path / "site"
    site.mkdir()
    (site / "region.toml").write_bytes((INSTALL_ROOT / "region.toml").read_bytes())
    record = {
        "submitted_at": "2026-03-02T09:15:00+08:00",
        "first_response_at": "2026-03-05T08:30:00+08:00",
        "resolved_at": "2026-03-10T16:00:00+08:00",
        "title": "Lampu jalan mati",
        "description": "Lampu jalan mati sejak dua minggu.",
        "agency": "Dinas Perhubungan",
        "status": "resolved",
        "privacy": "public",
    }
    rows = [json.dumps(record | {"tracking_id": f"T-{i}"}) for i in range(2)]  # March only
    data = tmp_path / "cases.jsonl"
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["update", "--site", str(site), "--input", str(data)]) == 0
    assert not list((site / "content" / "generated" / "laporan").glob("*.md"))
    index = (site / "output" / "laporan" / "index.html").read_text("utf-8")
    assert "Belum ada laporan bulanan" in index
    english = (site / "output" / "en" / "laporan" / "index.html").read_text("utf-8")
    assert "No monthly report yet" in english
