"""Real exports through the ``file`` source: the national LAPOR! preset, mappings,
time zones, big fields and JSON objects with a repeated key."""

from __future__ import annotations

import csv
import io
import json
import logging
from pathlib import Path

import pytest
from factories import make_record
from openpyxl import Workbook
from pytest_httpserver import HTTPServer
from source_testkit import FAST_HTTP

from lapor_site.model import Privacy, Status
from lapor_site.sources import SourceError
from lapor_site.sources.ckan import DEFAULT_FIELDS as CKAN_FIELDS
from lapor_site.sources.ckan import CkanSource
from lapor_site.sources.file import FileSource
from lapor_site.sources.lapor_api import LaporApiSource
from lapor_site.sources.mapping import NATIONAL_EXPORT
from lapor_site.sources.registry import build_source
from lapor_site.validate import MAX_TEXT_CHARS, validate

#: The column order of the data.go.id / Mendeley LAPOR! extract.
NATIONAL_COLUMNS = [
    "id",
    "JudulLaporan",
    "IsiLaporan",
    "DisposisiInstansi",
    "DisposisiInstansiID",
    "Kategori",
    "KategoriID",
    "Status",
    "Area",
    "AreaID",
    "TanggalLaporanMasuk",
    "TanggalDisposisi",
    "TanggalLaporanDitutup",
    "TanggalLaporanAktivitasTerakhir",
]


def national_row(number: int, **changes: str) -> dict[str, str]:
    row = {
        "id": str(900_000 + number),
        "JudulLaporan": f"Jalan rusak di desa {number}",
        "IsiLaporan": "jln desa rusak parah sdh 2 thn.mhn diperbaiki",
        "DisposisiInstansi": "Pemerintah Kabupaten Berau",
        "DisposisiInstansiID": "77",
        "Kategori": "Infrastruktur",
        "KategoriID": "4",
        "Status": "Selesai" if number % 2 else "Proses",
        "Area": "Kabupaten Berau",
        "AreaID": "6405",
        "TanggalLaporanMasuk": f"2014-03-{number:02d} 10:22:13",
        "TanggalDisposisi": f"2014-03-{number:02d} 15:00:00",
        "TanggalLaporanDitutup": f"2014-04-{number:02d} 09:00:00" if number % 2 else "",
        "TanggalLaporanAktivitasTerakhir": f"2014-04-{number:02d} 09:30:00",
    }
    row.update(changes)
    return row


def write_csv(path: Path, rows: list[dict[str, str]], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_national_export_syncs_without_configuration(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = write_csv(tmp_path / "lapor.csv", [national_row(n) for n in range(1, 11)])
    source = build_source({}, input=str(path))
    with caplog.at_level(logging.WARNING):
        result = validate(source.fetch())
    assert not result.problems and len(result.cases) == 10
    case = next(c for c in result.cases if c.id == "900001")
    assert case.status is Status.RESOLVED
    assert case.submitted_at.isoformat() == "2014-03-01T10:22:13+08:00"
    assert case.resolved_at.isoformat() == "2014-04-01T09:00:00+08:00"
    assert case.forwarded_at.isoformat() == "2014-03-01T15:00:00+08:00"
    assert (case.title, case.agency, case.category, case.region) == (
        "Jalan rusak di desa 1",
        "Pemerintah Kabupaten Berau",
        "Infrastruktur",
        "Kabupaten Berau",
    )
    # No privacy column: every case counts in the statistics, none gets a page.
    assert {c.privacy for c in result.cases} == {Privacy.CONFIDENTIAL}
    assert not any(c.is_publishable for c in result.cases)
    (note,) = source.notes
    assert note.startswith("[sources.file] privacy missing on 10 of 10 records: treated as ")
    assert 'defaults.privacy = "public"' in note
    assert note in caplog.text


def test_national_export_published_openly_by_operator_choice(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "lapor.csv", [national_row(n) for n in range(1, 5)], ";")
    config = {"sources": {"file": {"path": str(path), "defaults": {"privacy": "public"}}}}
    source = build_source(config)
    result = validate(source.fetch())
    assert sum(c.is_publishable for c in result.cases) == 2
    assert source.notes == []


def test_one_preset_shared_with_ckan() -> None:
    assert CKAN_FIELDS is NATIONAL_EXPORT.fields
    assert NATIONAL_EXPORT.fields["TrackingID"] == "tracking_id"
    assert NATIONAL_EXPORT.fields["id"] == "tracking_id"
    assert NATIONAL_EXPORT.recognises(NATIONAL_COLUMNS)
    assert not NATIONAL_EXPORT.recognises(["tracking_id", "submitted_at", "status"])


def test_national_export_as_xlsx_and_jsonl(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["TrackingID", "TanggalLaporanMasuk", "Status", "JudulLaporan"])
    sheet.append([123, "2014-03-05 10:22:13", "Belum Terverifikasi", "Air mati"])
    buffer = io.BytesIO()
    book.save(buffer)
    xlsx = tmp_path / "lapor.xlsx"
    xlsx.write_bytes(buffer.getvalue())
    (case,) = validate(FileSource(xlsx).fetch()).cases
    assert (case.id, case.status) == ("123", Status.UNVERIFIED)
    assert case.submitted_at.isoformat() == "2014-03-05T10:22:13+08:00"

    jsonl = tmp_path / "lapor.jsonl"
    jsonl.write_text(json.dumps(national_row(3)) + "\n", encoding="utf-8")
    (case,) = validate(FileSource(jsonl).fetch()).cases
    assert case.id == "900003" and case.status is Status.RESOLVED


def test_file_takes_fields_values_and_defaults(tmp_path: Path) -> None:
    rows = [
        {"No Tiket": "K-1", "Masuk": "2024-02-01 08:00", "Keadaan": "Ditutup", "Privasi": ""},
        {"No Tiket": "K-2", "Masuk": "2024-02-02 08:00", "Keadaan": "Proses", "Privasi": "Anonim"},
    ]
    path = write_csv(tmp_path / "export.csv", rows)
    options = {
        "path": str(path),
        "fields": {
            "No Tiket": "tracking_id",
            "Masuk": "submitted_at",
            "Keadaan": "status",
            "Privasi": "privacy",
        },
        "values": {"status": {"Ditutup": "resolved"}},
        "defaults": {"privacy": "public"},
    }
    source = build_source({"sources": {"file": options}})
    result = validate(source.fetch())
    cases = {c.id: c for c in result.cases}
    assert cases["K-1"].status is Status.RESOLVED and cases["K-1"].privacy is Privacy.PUBLIC
    assert cases["K-2"].status is Status.IN_PROGRESS and cases["K-2"].privacy is Privacy.ANONYMOUS
    with pytest.raises(SourceError, match=r"\[sources.file\] fields: 'x' maps to 'nama'"):
        build_source({"sources": {"file": {**options, "fields": {"x": "nama"}}}})


@pytest.mark.parametrize(
    ("zone", "offset"), [("Asia/Jakarta", "+07:00"), ("Asia/Jayapura", "+09:00")]
)
def test_naive_dates_use_the_region_time_zone(tmp_path: Path, zone: str, offset: str) -> None:
    path = write_csv(tmp_path / "lapor.csv", [national_row(1)])
    (case,) = validate(build_source({}, input=str(path), timezone=zone).fetch()).cases
    assert case.submitted_at.isoformat() == f"2014-03-01T10:22:13{offset}"
    canonical = tmp_path / "cases.jsonl"
    canonical.write_text(json.dumps(make_record(submitted_at="2026-03-02 09:15")) + "\n", "utf-8")
    (case,) = validate(build_source({}, input=str(canonical), timezone=zone).fetch()).cases
    assert case.submitted_at.isoformat() == f"2026-03-02T09:15:00{offset}"
    # The source's own option still wins over the region.
    config = {"sources": {"file": {"path": str(path), "default_timezone": "Asia/Makassar"}}}
    (case,) = validate(build_source(config, timezone=zone).fetch()).cases
    assert case.submitted_at.isoformat() == "2014-03-01T10:22:13+08:00"


def test_region_time_zone_reaches_ckan_and_lapor_api() -> None:
    config = {
        "sources": {
            "ckan": {"base_url": "https://data.example", "resource_id": "r1"},
            "lapor-api": {"base_url": "https://api.example"},
        }
    }
    ckan = build_source(config, source="ckan", timezone="Asia/Jakarta")
    api = build_source(config, source="lapor-api", timezone="Asia/Jakarta")
    assert isinstance(ckan, CkanSource) and isinstance(api, LaporApiSource)
    assert str(ckan.mapper.timezone) == str(api.mapper.timezone) == "Asia/Jakarta"
    config["sources"]["ckan"]["default_timezone"] = "Asia/Jayapura"
    assert str(build_source(config, source="ckan", timezone="Asia/Jakarta").mapper.timezone) == (
        "Asia/Jayapura"
    )


def test_200k_character_field_in_csv_is_read_and_cut(tmp_path: Path) -> None:
    huge = ("sangat panjang " * 14_000)[:200_000]
    rows = [make_record(tracking_id="BIG", description=huge), make_record(tracking_id="OK")]
    path = write_csv(tmp_path / "export.csv", rows)
    result = validate(FileSource(path).fetch())
    assert not result.problems
    big = next(c for c in result.cases if c.id == "BIG")
    assert len(big.description) <= MAX_TEXT_CHARS and big.description.endswith(" …")
    assert result.cut == {"description": 1}


def test_200k_character_field_in_jsonl_is_cut_and_counted(tmp_path: Path) -> None:
    huge = "x" * 199_000 + " akhir"
    path = tmp_path / "cases.jsonl"
    path.write_text(json.dumps(make_record(response=huge)) + "\n", encoding="utf-8")
    result = validate(FileSource(path).fetch())
    (case,) = result.cases
    assert len(case.response) <= MAX_TEXT_CHARS and case.response.endswith("…")
    assert result.cut == {"response": 1}


def test_repeated_json_key_makes_the_record_invalid(tmp_path: Path) -> None:
    good = json.dumps(make_record(tracking_id="OK"))
    sneaky = json.dumps(make_record(tracking_id="A1", privacy="confidential"))
    sneaky = sneaky[:-1] + ', "privacy": "public"}'
    nested = json.dumps(make_record(tracking_id="A2", title={"a": 1}))
    nested = nested.replace('{"a": 1}', '{"a": 1, "a": 2}')
    path = tmp_path / "cases.jsonl"
    path.write_text(f"{good}\n{sneaky}\n{nested}\n", encoding="utf-8")
    result = validate(FileSource(path).fetch())
    assert [c.id for c in result.cases] == ["OK"]
    first, second = result.problems
    assert (first.position, first.record_id) == ("line 2", "A1")
    assert "repeated key 'privacy'" in first.message
    assert second.position == "line 3" and "repeated key 'a'" in second.message

    array = tmp_path / "cases.json"
    array.write_text(f"[{good}, {sneaky}]", encoding="utf-8")
    result = validate(FileSource(array).fetch())
    assert [c.id for c in result.cases] == ["OK"]
    assert [(p.position, p.record_id) for p in result.problems] == [("item 2", "A1")]


def test_repeated_column_in_a_csv_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("tracking_id,privacy,status,privacy\nA,confidential,resolved,public\n", "utf-8")
    with pytest.raises(SourceError, match=r"export.csv: column 'privacy' appears twice"):
        list(FileSource(path).fetch())


def test_national_export_over_url(httpserver: HTTPServer) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=NATIONAL_COLUMNS)
    writer.writeheader()
    writer.writerows(national_row(n) for n in range(1, 4))
    httpserver.expect_request("/dataset/lapor.csv").respond_with_data(
        buffer.getvalue(), content_type="text/csv"
    )
    source = FileSource(httpserver.url_for("/dataset/lapor.csv"), http=FAST_HTTP)
    assert len(validate(source.fetch()).cases) == 3
