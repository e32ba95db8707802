"""The ``file`` source reads JSON Lines and CSV exports as a stream, with the same records."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
from pathlib import Path

import pytest
from factories import make_record
from pytest_httpserver import HTTPServer
from source_testkit import FAST_HTTP

from lapor_site.sources import SourceError
from lapor_site.sources.file import FileSource

#: A long text per record: the export is many times larger than anything a record needs.
FILLER = "Jalan berlubang di depan pasar, mohon segera diperbaiki. " * 150


def _large_rows(count: int) -> list[dict]:
    return [make_record(tracking_id=f"LAP-BIG-{i:05d}", description=FILLER) for i in range(count)]


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def _write_csv(path: Path, rows: list[dict], **options: str) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), **options)
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return path


def _peak_while_reading(source: FileSource) -> tuple[int, int]:
    """(records read one at a time, peak bytes allocated meanwhile)."""
    tracemalloc.start()
    try:
        count = sum(1 for _ in source.fetch())
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_a_large_export_is_read_without_holding_it(tmp_path: Path, suffix: str) -> None:
    rows = _large_rows(1500)
    write = _write_jsonl if suffix == ".jsonl" else _write_csv
    path = write(tmp_path / f"cases{suffix}", rows)
    size = path.stat().st_size
    assert size > 12_000_000
    count, peak = _peak_while_reading(FileSource(path))
    assert count == len(rows)
    # Reading it whole takes more than its size (bytes, then text, then every record).
    assert peak < size / 10, f"peak {peak:,} bytes for a {size:,}-byte export"


ODD_TITLE = "baris\u2028dua\u2029tiga\x85"
TRICKY_JSONL = (
    "\ufeff"
    + json.dumps(make_record(tracking_id="J1", title=ODD_TITLE), ensure_ascii=False)
    + "\r\n\n   \n"
    + json.dumps(make_record(tracking_id="J2"))
    + "\n[1, 2]\n{broken\n"
    + json.dumps(make_record(tracking_id="J3"))
)


def test_jsonl_lines_split_at_newline_only_with_their_numbers(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_bytes(TRICKY_JSONL.encode("utf-8"))
    records = list(FileSource(path).fetch())
    assert [r.position for r in records] == ["line 1", "line 4", "line 5", "line 6", "line 7"]
    assert records[0].data["tracking_id"] == "J1"
    assert records[0].data["title"] == ODD_TITLE
    assert records[2].error == "not a JSON object"
    assert records[3].error.startswith("not valid JSON")
    assert records[4].data["tracking_id"] == "J3"


@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"])
def test_csv_with_any_line_end_bom_semicolons_and_quoted_newlines(
    tmp_path: Path, line_end: str
) -> None:
    rows = [
        make_record(tracking_id="C1", title="dua\nbaris; dengan titik koma"),
        make_record(tracking_id="C2", title='kutip "ganda"'),
    ]
    path = _write_csv(tmp_path / "cases.csv", rows, delimiter=";", lineterminator=line_end)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    records = list(FileSource(path).fetch())
    assert [r.data["tracking_id"] for r in records] == ["C1", "C2"]
    assert records[0].data["title"] == "dua\nbaris; dengan titik koma"
    assert records[1].data["title"] == 'kutip "ganda"'
    assert [r.position for r in records] == ["line 3", "line 4"]  # where each record ends


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_a_byte_that_is_not_utf8_is_named_before_any_record(tmp_path: Path, suffix: str) -> None:
    rows = [make_record(tracking_id=f"LAP-U-{i}") for i in range(50)]
    write = _write_jsonl if suffix == ".jsonl" else _write_csv
    path = write(tmp_path / f"cases{suffix}", rows)
    good = path.read_bytes()
    path.write_bytes(good + b"\xff trailing\n")
    records = FileSource(path).fetch()
    with pytest.raises(SourceError, match=rf"cases\{suffix}: not UTF-8 \(byte {len(good)}\)"):
        next(records)


def test_an_export_over_http_is_fetched_once_and_read_like_a_file(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    rows = _large_rows(20)
    path = _write_jsonl(tmp_path / "cases.jsonl", rows)
    httpserver.expect_ordered_request("/export/cases.jsonl").respond_with_data(
        path.read_bytes(), content_type="application/x-ndjson"
    )
    source = FileSource(httpserver.url_for("/export/cases.jsonl"), http=FAST_HTTP)
    from_url = list(source.fetch())
    assert len(httpserver.log) == 1
    assert from_url == list(FileSource(path).fetch())
