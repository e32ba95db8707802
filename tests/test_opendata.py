"""Open data (lapor_site/opendata.py): the tables' CSV and JSON files and their data package.

The tables are cut from statistics given here, and a real sync of synthetic
records writes the whole ``data/`` folder, which the real Frictionless
validator then checks, schema and data.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from factories import make_record, new_site, records, write_jsonl
from frictionless import validate

from lapor_site.cli import main
from lapor_site.opendata import PACKAGE_FILE, TABLES, Publisher, render_data_files


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


STEP = {"measured": 4, "over_limit": 1, "median": 2.5, "p90": 6, "waiting": 0}
STATS = {
    "as_of": "2026-03-20T10:00:00+08:00",
    "totals": {"all": 5, "resolved": 4, "published": 0, "confidential": 1},
    "by_status": {"resolved": 4, "unverified": 1},
    "by_privacy": {"public": 4, "confidential": 1},
    "by_channel": {"web": 5},
    "by_type": {"pengaduan": 5},
    "by_month": [{"month": "2026-03", "total": 5, "resolved": 4}],
    "timeliness": {
        "median_working_days_to_first_response": 2.0,
        "verification": {**STEP, "limit": 3, "waiting_over_limit": 1},
        "first_response": {**STEP, "limit": 5, "waiting_over_limit": 0, "from_submitted": 0},
        "resolution": {**STEP, "limit": None, "over_limit": None, "waiting_over_limit": None},
        "unhandled": {"limit": 15, "measured": 4, "over_limit": 0},
    },
    "by_region": [],
    "by_category": [{"name": "A", "total": 1, "resolved": 0}],
    "by_agency": [
        {
            "name": "=HYPERLINK(1)",
            "total": 5,
            "resolved": 4,
            "timeliness": {
                "verification": {**STEP, "limit": 3},
                "first_response": {**STEP, "limit": 5},
                "resolution": {**STEP, "limit": None, "over_limit": None},
                "unhandled": {"limit": 15, "measured": 4, "over_limit": 0},
            },
        }
    ],
    "min_cell_count": 3,
    "published_by_district_category": [],
}
PUBLISHER = Publisher("T", "T en", "Dinas", "https://example.org", "https://www.lapor.go.id")


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return render_data_files(STATS, [], None, PUBLISHER)


def test_every_chart_table_in_csv_and_json(files: dict[str, str]) -> None:
    assert _rows(files["statistik-status.csv"]) == [
        ["status", "reports"],
        ["unverified", "1"],
        ["resolved", "4"],
    ]
    assert json.loads(files["statistik-status.json"]) == [
        {"status": "unverified", "reports": 1},
        {"status": "resolved", "reports": 4},
    ]
    agency = _rows(files["statistik-instansi.csv"])
    assert agency[1][0] == "'=HYPERLINK(1)"  # through csvsafe
    header = agency[0]
    assert header[:3] == ["name", "reports", "resolved"]
    assert dict(zip(header, agency[1], strict=True))["first_response_p90"] == "6"
    assert "resolution_over_limit" not in header
    record = json.loads(files["statistik-instansi.json"])[0]
    assert record["name"] == "=HYPERLINK(1)"  # JSON is no spreadsheet: the label as it is
    assert list(record) == header
    assert record["first_response_median"] == 2.5 and record["verification_waiting"] == 0
    waktu = _rows(files["statistik-ketepatan-waktu.csv"])
    assert waktu[0] == [
        "step", "limit_working_days", "measured", "over_limit", "median", "p90", "waiting",
        "waiting_over_limit", "from_submitted",
    ]  # fmt: skip
    assert waktu[3] == ["resolution", "", "4", "", "2.5", "6", "0", "", ""]
    assert waktu[4][:4] == ["unhandled", "15", "4", "0"]
    summary = json.loads(files["statistik-ringkasan.json"])
    assert summary == [summary[0]] and summary[0]["reports"] == 5
    assert summary[0]["data_per"] == STATS["as_of"]
    assert summary[0]["median_working_days_to_first_response"] == 2.0


def test_a_group_without_timeliness_leaves_cells_empty(files: dict[str, str]) -> None:
    rows = _rows(files["statistik-kategori.csv"])
    assert rows[1][:3] == ["A", "1", "0"] and set(rows[1][3:]) == {""}


def test_the_package_describes_every_file_and_no_clock(files: dict[str, str]) -> None:
    package = json.loads(files[PACKAGE_FILE])
    paths = [r["path"] for r in package["resources"]]
    assert sorted(paths) == sorted(
        [*(name for name in files if name != PACKAGE_FILE), "statistik.json"]
    )
    assert len(set(r["name"] for r in package["resources"])) == len(paths)
    assert package["created"] == package["data_per"] == STATS["as_of"]
    assert package["licenses"][0]["name"] == "CC-BY-4.0" and package["licenses"][0]["path"]
    assert [s["title"] for s in package["sources"]] == ["SP4N-LAPOR!", "Dinas"]
    for resource in package["resources"]:
        if "schema" not in resource:
            continue
        names = [f["name"] for f in resource["schema"]["fields"]]
        if resource["format"] == "csv":
            assert _rows(files[resource["path"]])[0] == names
        for field in resource["schema"]["fields"]:
            indonesian, english = field["description"].split(" / ", 1)
            assert indonesian and english, field
    assert {t.name for t in TABLES} >= {
        "kasus", "kecamatan-kategori", "statistik-instansi", "statistik-kategori",
        "statistik-wilayah", "statistik-ketepatan-waktu", "statistik-bulan",
    }  # fmt: skip


# ---------------------------------------------------------------------------
# A real sync, validated by Frictionless
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def synced(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data folder a real ``lapor-site sync`` writes from synthetic records."""
    root = tmp_path_factory.mktemp("opendata")
    site = new_site(root / "site")
    rows = [
        *records(6),
        make_record(tracking_id="FORMULA", title="=cmd|' /C calc'!A0 lampu", agency="Dinas Sosial"),
        make_record(tracking_id="RAHASIA", privacy="confidential", region="Kota Balikpapan"),
        make_record(tracking_id="OPEN", status="in_progress", resolved_at="", satisfaction=""),
        make_record(tracking_id="EMPTY", channel="", district="", category=""),
    ]
    data = write_jsonl(root / "in.jsonl", rows)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LAPOR_SITE_SECRET", "opendata-test-key")
        assert main(["sync", "--site", str(site), "--input", str(data)]) == 0
    return site / "content" / "generated" / "data"


def test_frictionless_validates_the_written_package(synced: Path) -> None:
    report = validate(synced / PACKAGE_FILE)
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "message"])
    assert len(report.tasks) == 2 * len(TABLES) + 1


def test_case_files_hold_published_cases_only(synced: Path) -> None:
    stats = json.loads((synced / "statistik.json").read_text(encoding="utf-8"))
    cases = _rows((synced / "kasus.csv").read_text(encoding="utf-8"))
    records_ = json.loads((synced / "kasus.json").read_text(encoding="utf-8"))
    assert len(cases) - 1 == len(records_) == stats["totals"]["published"] == 8
    assert stats["totals"]["all"] == 10
    assert {r["privacy"] for r in records_} == {"public"}
    assert [r["id"] for r in records_] == [row[0] for row in cases[1:]]
    formula = next(row for row in cases if "calc" in row[6])
    assert formula[6].startswith("'=")
    empty = next(r for r in records_ if r["channel"] is None)
    assert empty["district"] is None and empty["category"] is None
    district = json.loads((synced / "kecamatan-kategori.json").read_text(encoding="utf-8"))
    assert sum(r["published_cases"] for r in district) == 8
