"""The ``ckan`` source against a local CKAN Action API serving the national LAPOR! table."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from source_testkit import FAKE_TOKEN, FAST_HTTP, assert_clean_error
from werkzeug import Request, Response

from lapor_site.sources import SourceError
from lapor_site.sources.ckan import CkanSource

RESOURCE = "5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b"
ACTION = "/api/3/action/datastore_search"


def row(number: int, **changes: Any) -> dict[str, Any]:
    """A row shaped like the data.go.id LAPOR! table (naive timestamps)."""
    item = {
        "_id": number,
        "TrackingID": 1_200_000 + number,
        "JudulLaporan": f"Pungutan liar di kelurahan {number}",
        "IsiLaporan": "sy dimintai uang utk surat keterangan.mhn ditindak",
        "Kategori": "Pelayanan Publik",
        "KategoriID": 31,
        "DisposisiInstansi": "Pemerintah Kota Samarinda",
        "DisposisiInstansiID": 640,
        "Area": "Kota Samarinda",
        "AreaID": 6472,
        "Status": "Selesai",
        "TanggalLaporanMasuk": f"2013-05-{number:02d} 10:11:12",
        "TanggalDisposisi": f"2013-05-{number:02d}T15:00:00",
        "TanggalLaporanDitutup": f"2013-06-{number:02d} 09:00:00",
        "TanggalLaporanAktivitasTerakhir": f"2013-06-{number:02d} 09:30:00",
    }
    item.update(changes)
    return item


class DatastoreServer:
    def __init__(self, rows: list[dict[str, Any]], with_total: bool = True) -> None:
        self.rows, self.with_total = rows, with_total

    def __call__(self, request: Request) -> Response:
        offset, limit = int(request.args["offset"]), int(request.args["limit"])
        result: dict[str, Any] = {
            "resource_id": request.args["resource_id"],
            "fields": [{"id": k, "type": "text"} for k in self.rows[0]],
            "records": self.rows[offset : offset + limit],
            "_links": {"start": "/api/3/action/datastore_search", "next": "..."},
        }
        if self.with_total:
            result["total"] = len(self.rows)
        body = {
            "help": "https://ckan.example/api/3/action/help_show",
            "success": True,
            "result": result,
        }
        return Response(json.dumps(body), content_type="application/json;charset=utf-8")


def config(url: str, **overrides: Any) -> dict[str, Any]:
    return {**FAST_HTTP, "base_url": url, "resource_id": RESOURCE, "limit": 2, **overrides}


def test_offset_paging_until_total_and_naive_dates(httpserver: HTTPServer) -> None:
    httpserver.expect_request(ACTION).respond_with_handler(
        DatastoreServer([row(n) for n in range(1, 6)])
    )
    source = CkanSource(config(httpserver.url_for("/")))
    records = list(source.fetch())

    assert [r.data["tracking_id"] for r in records] == [str(1_200_000 + n) for n in range(1, 6)]
    assert [r.args["offset"] for r, _ in httpserver.log] == ["0", "2", "4"]
    first = httpserver.log[0][0].args
    assert first["resource_id"] == RESOURCE and first["limit"] == "2" and first["sort"] == "_id"
    assert records[0].data == {
        "tracking_id": "1200001",
        "submitted_at": "2013-05-01T10:11:12+08:00",
        "forwarded_at": "2013-05-01T15:00:00+08:00",
        "resolved_at": "2013-06-01T09:00:00+08:00",
        "title": "Pungutan liar di kelurahan 1",
        "description": "sy dimintai uang utk surat keterangan.mhn ditindak",
        "category": "Pelayanan Publik",
        "agency": "Pemerintah Kota Samarinda",
        "region": "Kota Samarinda",
        "status": "resolved",
    }
    assert records[2].position == "page 2 item 1"
    assert source.watermark == "2013-06-05T09:30:00+08:00"


def test_paging_without_total_stops_on_empty_page(httpserver: HTTPServer) -> None:
    server = DatastoreServer([row(n) for n in range(1, 4)], with_total=False)
    httpserver.expect_request(ACTION).respond_with_handler(server)
    assert len(list(CkanSource(config(httpserver.url_for("/"))).fetch())) == 3
    assert [r.args["offset"] for r, _ in httpserver.log] == ["0", "2", "3"]


def test_configured_timezone_defaults_and_fields(httpserver: HTTPServer) -> None:
    httpserver.expect_request(ACTION).respond_with_handler(DatastoreServer([row(1, Kanal="SMS")]))
    source = CkanSource(
        config(
            httpserver.url_for("/"),
            default_timezone="Asia/Jakarta",
            fields={"Kanal": "channel"},
            defaults={"privacy": "anonymous"},
            filters={"AreaID": 6472},
        )
    )
    (record,) = list(source.fetch())
    assert record.data["submitted_at"] == "2013-05-01T10:11:12+07:00"
    assert record.data["channel"] == "SMS"
    assert record.data["privacy"] == "anonymous"
    assert json.loads(httpserver.log[0][0].args["filters"]) == {"AreaID": 6472}


def test_success_false(httpserver: HTTPServer) -> None:
    httpserver.expect_request(ACTION).respond_with_json(
        {"success": False, "error": {"__type": "Validation Error", "message": "bad sort"}}
    )
    with pytest.raises(SourceError) as caught:
        list(CkanSource(config(httpserver.url_for("/"))).fetch())
    assert_clean_error(
        caught.value, starts="ckan page 1: CKAN reported failure: Validation Error: bad sort"
    )


def test_not_a_ckan_answer(httpserver: HTTPServer) -> None:
    httpserver.expect_request(ACTION).respond_with_json([1, 2, 3])
    with pytest.raises(SourceError, match=r"not a CKAN Action API answer"):
        list(CkanSource(config(httpserver.url_for("/"))).fetch())


def test_server_ignoring_offset_is_a_loop(httpserver: HTTPServer) -> None:
    httpserver.expect_request(ACTION).respond_with_json(
        {"success": True, "result": {"records": [row(1), row(2)]}}
    )
    with pytest.raises(SourceError, match=r"^ckan page 2: pagination loop: this page is identical"):
        list(CkanSource(config(httpserver.url_for("/"))).fetch())


def test_renamed_column(httpserver: HTTPServer) -> None:
    renamed = [{("Status Laporan" if k == "Status" else k): v for k, v in row(1).items()}]
    httpserver.expect_request(ACTION).respond_with_handler(DatastoreServer(renamed))
    with pytest.raises(SourceError, match=r"source field 'Status' \(mapped to status\) is missing"):
        list(CkanSource(config(httpserver.url_for("/"))).fetch())


def test_api_key_header_and_http_error(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, debug_logs: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("TEST_CKAN_KEY", FAKE_TOKEN)
    httpserver.expect_request(ACTION).respond_with_json(
        {"success": False, "error": {"__type": "Authorization Error"}}, status=403
    )
    source = CkanSource(config(httpserver.url_for("/"), api_key_env="TEST_CKAN_KEY"))
    with pytest.raises(SourceError) as caught:
        list(source.fetch())
    assert_clean_error(
        caught.value, starts="ckan page 1: HTTP 403 Forbidden; the credential was refused"
    )
    assert httpserver.log[0][0].headers["Authorization"] == FAKE_TOKEN
    assert FAKE_TOKEN not in debug_logs.text + repr(source)


def test_missing_resource_id() -> None:
    with pytest.raises(
        SourceError, match=r"^\[sources.ckan\] missing required option 'resource_id'$"
    ):
        CkanSource({"base_url": "https://data.go.id"})


def test_repeated_key_in_a_record_or_the_envelope(httpserver: HTTPServer) -> None:
    body = json.dumps(
        {"success": True, "result": {"total": 2, "records": [row(1), row(2, Status="Proses")]}}
    )
    body = body.replace('"Status": "Proses"', '"Status": "Proses", "Status": "Selesai"')
    httpserver.expect_request(ACTION).respond_with_data(body, content_type="application/json")
    records = list(CkanSource(config(httpserver.url_for("/"))).fetch())
    assert records[0].error == ""
    assert records[1].error == "repeated key 'Status' in one JSON object"

    httpserver.clear()
    envelope = json.dumps({"success": False, "result": {"records": []}})[:-1] + ', "success": true}'
    httpserver.expect_request(ACTION).respond_with_data(envelope, content_type="application/json")
    with pytest.raises(SourceError) as caught:
        list(CkanSource(config(httpserver.url_for("/"))).fetch())
    assert_clean_error(caught.value, starts="ckan page 1: repeated key 'success' in the response")


def test_mendeley_shaped_table_with_id_column(httpserver: HTTPServer) -> None:
    rows = [{("id" if k == "TrackingID" else k): v for k, v in row(n).items()} for n in (1, 2)]
    httpserver.expect_request(ACTION).respond_with_handler(DatastoreServer(rows))
    records = list(CkanSource(config(httpserver.url_for("/"))).fetch())
    assert [r.data["tracking_id"] for r in records] == ["1200001", "1200002"]
