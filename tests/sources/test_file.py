"""The ``file`` source: XLSX, exports over http(s), and the unchanged local formats."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from pytest_httpserver import HTTPServer
from source_testkit import FAST_HTTP, assert_clean_error

from lapor_site.sources import SourceError
from lapor_site.sources.file import FileSource, cell_text, parse_text

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_bytes() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Kasus"
    sheet.append(
        ["tracking_id", "submitted_at", "status", "privacy", "satisfaction", "title", None]
    )
    sheet.append(
        [1001, datetime(2024, 3, 1, 8, 15), "resolved", "public", 4.0, "Lampu jalan mati", None]
    )
    sheet.append([None, None, None, None, None, None, None])
    sheet.append(
        ["LAP-2", "2024-03-02T09:00:00+08:00", "in_progress", "anonymous", None, "Banjir", None]
    )
    sheet.append(["LAP-3", None, "resolved", None, None, None, "extra"])
    book.create_sheet("Catatan").append(["ignored"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def check_xlsx_records(records: list) -> None:
    assert [r.position for r in records] == ["row 2", "row 4", "row 5"]
    assert records[0].data == {
        "tracking_id": "1001",
        "submitted_at": "2024-03-01T08:15:00+08:00",
        "status": "resolved",
        "privacy": "public",
        "satisfaction": "4",
        "title": "Lampu jalan mati",
    }
    assert records[1].data["submitted_at"] == "2024-03-02T09:00:00+08:00"
    assert records[1].data["satisfaction"] == ""
    assert records[2].error == "more columns than the header"


def test_xlsx_file(tmp_path: Path) -> None:
    path = tmp_path / "kasus.xlsx"
    path.write_bytes(workbook_bytes())
    check_xlsx_records(list(FileSource(path).fetch()))


def test_xlsx_over_url(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/export/kasus.xlsx").respond_with_data(
        workbook_bytes(), content_type=XLSX_TYPE
    )
    source = FileSource(httpserver.url_for("/export/kasus.xlsx"), http=FAST_HTTP)
    check_xlsx_records(list(source.fetch()))
    assert httpserver.log[0][0].headers["User-Agent"].startswith("lapor-site/")


def test_broken_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "kasus.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(SourceError, match=r"kasus.xlsx: not a readable .xlsx workbook$"):
        list(FileSource(path).fetch())


def test_jsonl_over_url(httpserver: HTTPServer) -> None:
    body = '{"tracking_id": "A1", "status": "resolved"}\n\n{"tracking_id": "A2"}\nrusak\n'
    httpserver.expect_request("/data/cases.jsonl").respond_with_data(
        body, content_type="application/x-ndjson"
    )
    records = list(FileSource(httpserver.url_for("/data/cases.jsonl"), http=FAST_HTTP).fetch())
    assert [r.position for r in records] == ["line 1", "line 3", "line 4"]
    assert records[2].error.startswith("not valid JSON")


def test_csv_over_url_with_format_option(httpserver: HTTPServer) -> None:
    body = "\ufefftracking_id;status;title\nA1;resolved;Jalan rusak\n".encode()
    httpserver.expect_request("/unduh").respond_with_data(body, content_type="text/csv")
    source = FileSource(httpserver.url_for("/unduh") + "?id=7", format="csv", http=FAST_HTTP)
    (record,) = list(source.fetch())
    assert record.data == {"tracking_id": "A1", "status": "resolved", "title": "Jalan rusak"}


def test_url_without_suffix_or_format(httpserver: HTTPServer) -> None:
    with pytest.raises(SourceError, match=r"unsupported file type '' \(use .* or set format\)"):
        list(FileSource(httpserver.url_for("/unduh"), http=FAST_HTTP).fetch())
    assert not httpserver.log


def test_url_serving_an_html_page(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/cases.json").respond_with_data(
        "<html><body>Login required</body></html>", content_type="text/html"
    )
    with pytest.raises(SourceError) as caught:
        list(FileSource(httpserver.url_for("/cases.json"), http=FAST_HTTP).fetch())
    assert_clean_error(caught.value, starts="file: got an HTML page (text/html), not data")


def test_url_not_found(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/gone.csv").respond_with_data("not here", status=404)
    with pytest.raises(SourceError) as caught:
        list(FileSource(httpserver.url_for("/gone.csv"), http=FAST_HTTP).fetch())
    assert_clean_error(caught.value, starts="file: HTTP 404 Not Found")


def test_local_formats_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "cases.json"
    path.write_text('[{"tracking_id": "A1"}, 3]', encoding="utf-8")
    records = list(FileSource(path).fetch())
    assert records[0].data == {"tracking_id": "A1"} and records[1].error == "not a JSON object"
    assert FileSource(path).path == path
    with pytest.raises(SourceError, match=r"cannot read"):
        list(FileSource(tmp_path / "missing.csv").fetch())
    with pytest.raises(SourceError, match=r"unsupported file type '.txt'"):
        list(FileSource(tmp_path / "cases.txt").fetch())
    assert [r.data for r in parse_text("a,b\n1,2\n", ".csv", "x")] == [{"a": "1", "b": "2"}]


def test_cell_text() -> None:
    assert cell_text(None) == ""
    assert cell_text(True) == "true"
    assert cell_text(3.5) == "3.5"
    assert cell_text(12.0) == "12"
    assert cell_text(datetime(2024, 1, 2, 3, 4, 5)) == "2024-01-02T03:04:05"
