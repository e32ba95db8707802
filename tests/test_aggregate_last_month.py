"""Each agency's last completed month (``by_agency[].last_month``), for the share cards."""

from __future__ import annotations

import dataclasses
from zoneinfo import ZoneInfo

from factories import make_record

from lapor_site.aggregate import aggregate
from lapor_site.model import RawRecord
from lapor_site.validate import validate

WITA = ZoneInfo("Asia/Makassar")


def stats_for(rows: list[dict], k: int) -> dict:
    result = validate(RawRecord(f"line {n}", row) for n, row in enumerate(rows, 1))
    assert not result.problems, result.problems
    cases = [dataclasses.replace(c, identity=None) for c in result.cases]
    return aggregate(cases, WITA, min_cell_count=k)


def _report(n: int, agency: str, submitted: str, resolved: str | None) -> dict:
    fields = (
        {"resolved_at": resolved} if resolved else {"resolved_at": None, "status": "in_progress"}
    )
    return make_record(
        tracking_id=f"LAP-M-{n:04d}",
        agency=agency,
        submitted_at=submitted,
        verified_at=submitted,
        forwarded_at=submitted,
        first_response_at=submitted,
        **fields,
    )


def _rows(k: int) -> dict[str, dict]:
    rows = [
        # Dinas Sosial: 3 received in February (one resolved in March), 1 older resolved then.
        _report(1, "Dinas Sosial", "2026-02-02T09:00:00+08:00", "2026-02-10T09:00:00+08:00"),
        _report(2, "Dinas Sosial", "2026-02-03T09:00:00+08:00", "2026-03-02T09:00:00+08:00"),
        _report(3, "Dinas Sosial", "2026-02-04T09:00:00+08:00", None),
        _report(4, "Dinas Sosial", "2026-01-20T09:00:00+08:00", "2026-02-05T09:00:00+08:00"),
        # Dinas Perhubungan: one report in February, one in March (the month the data reaches).
        _report(5, "Dinas Perhubungan", "2026-02-26T09:00:00+08:00", None),
        _report(6, "Dinas Perhubungan", "2026-03-03T09:00:00+08:00", None),
    ]
    stats = stats_for(rows, k)
    return {row["name"]: row["last_month"] for row in stats["by_agency"]}


def test_counts_are_those_of_the_month_before_the_data_ends() -> None:
    months = _rows(k=1)
    assert months["Dinas Sosial"] == {"month": "2026-02", "received": 3, "resolved": 2}
    assert months["Dinas Perhubungan"] == {"month": "2026-02", "received": 1, "resolved": 0}


def test_small_counts_are_withheld_zeros_stay() -> None:
    months = _rows(k=3)
    assert months["Dinas Sosial"] == {"month": "2026-02", "received": 3, "resolved": None}
    assert months["Dinas Perhubungan"] == {"month": "2026-02", "received": None, "resolved": 0}


def test_january_follows_december_of_the_year_before() -> None:
    rows = [_report(1, "Dinas Sosial", "2025-12-30T09:00:00+08:00", "2026-01-02T09:00:00+08:00")]
    (row,) = stats_for(rows, k=1)["by_agency"]
    assert row["last_month"] == {"month": "2025-12", "received": 1, "resolved": 0}
