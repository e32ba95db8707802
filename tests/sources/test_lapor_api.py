"""The ``lapor-api`` source against a real local server speaking a LAPOR!-style API."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from source_testkit import FAKE_TOKEN, FAST_HTTP, TOKEN_ENV, assert_clean_error, http_response
from werkzeug import Request, Response

from lapor_site.model import RawRecord
from lapor_site.sources import SourceError
from lapor_site.sources.lapor_api import LaporApiSource
from lapor_site.sources.mapping import ConfigError
from lapor_site.validate import validate

WITA = timezone(timedelta(hours=8))

#: Source field → canonical field, as a real LAPOR!-style API would need.
FIELDS = {
    "no_tiket": "tracking_id",
    "tanggal.masuk": "submitted_at",
    "tanggal.disposisi": "forwarded_at",
    "tanggal.selesai": "resolved_at",
    "judul": "title",
    "isi": "description",
    "tindak_lanjut.terakhir": "response",
    "kategori.nama": "category",
    "instansi.nama": "agency",
    "wilayah": "region",
    "status": "status",
    "privasi": "privacy",
    "kanal": "channel",
}


def laporan(number: int, **changes: Any) -> dict[str, Any]:
    """One synthetic LAPOR!-style item (informal Indonesian, no real person)."""
    day = 1 + number % 27
    item = {
        "no_tiket": f"LAP-2024{number:05d}",
        "judul": f"Jalan berlubang di Jl. Contoh {number}",
        "isi": "jln di dpn sekolah berlubang sdh 3 bln.mhn segera diperbaiki",
        "tanggal": {
            "masuk": f"2024-03-{day:02d}T08:15:00+08:00",
            "disposisi": f"2024-03-{day:02d}T13:00:00+08:00",
            "selesai": None,
        },
        "tindak_lanjut": {"terakhir": "Sudah dijadwalkan perbaikan."},
        "kategori": {"id": 12, "nama": "Infrastruktur Jalan"},
        "instansi": {"id": 7, "nama": "Dinas PUPR Kota Samarinda"},
        "wilayah": "Kota Samarinda",
        "status": "Diproses",
        "privasi": "Anonim",
        "kanal": "Website",
        "updated_at": f"2024-04-{day:02d}T09:00:00+08:00",
    }
    item.update(changes)
    return item


def config(url: str, **overrides: Any) -> dict[str, Any]:
    return {
        **FAST_HTTP,
        "base_url": url,
        "endpoint": "/api/v1/laporan",
        "token_env": TOKEN_ENV,
        "fields": FIELDS,
        "page_size": 2,
        **overrides,
    }


def paged_handler(pages: list[list[dict[str, Any]]], param: str = "page") -> Any:
    def handle(request: Request) -> Response:
        number = int(request.args.get(param, "1"))
        items = pages[number - 1] if number <= len(pages) else []
        return Response(json.dumps({"data": items}), content_type="application/json")

    return handle


def ids(records: list[RawRecord]) -> list[str]:
    return [r.data["tracking_id"] for r in records]


def test_page_number_paging_mapping_and_token(httpserver: HTTPServer, token: str) -> None:
    pages = [[laporan(1), laporan(2)], [laporan(3, status="Selesai")]]
    httpserver.expect_request("/api/v1/laporan").respond_with_handler(paged_handler(pages))
    source = LaporApiSource(config(httpserver.url_for("/")))
    records = list(source.fetch())

    assert ids(records) == ["LAP-202400001", "LAP-202400002", "LAP-202400003"]
    assert [r.position for r in records] == ["page 1 item 1", "page 1 item 2", "page 2 item 1"]
    assert [dict(req.args) for req, _ in httpserver.log] == [
        {"page": "1", "per_page": "2"},
        {"page": "2", "per_page": "2"},
        {"page": "3", "per_page": "2"},
    ]
    for request, _ in httpserver.log:
        assert request.headers["Authorization"] == f"Bearer {token}"
    assert records[0].data == {
        "tracking_id": "LAP-202400001",
        "submitted_at": "2024-03-02T08:15:00+08:00",
        "forwarded_at": "2024-03-02T13:00:00+08:00",
        "resolved_at": "",
        "title": "Jalan berlubang di Jl. Contoh 1",
        "description": "jln di dpn sekolah berlubang sdh 3 bln.mhn segera diperbaiki",
        "response": "Sudah dijadwalkan perbaikan.",
        "category": "Infrastruktur Jalan",
        "agency": "Dinas PUPR Kota Samarinda",
        "region": "Kota Samarinda",
        "status": "in_progress",
        "privacy": "anonymous",
        "channel": "web",
    }
    assert records[2].data["status"] == "resolved"
    assert FAKE_TOKEN not in repr(source) + repr(source.session) + repr(source.session.auth)


def test_offset_paging_stops_at_total(httpserver: HTTPServer, token: str) -> None:
    items = [laporan(n) for n in range(1, 6)]

    def handle(request: Request) -> Response:
        offset, limit = int(request.args["skip"]), int(request.args["take"])
        body = {"result": {"rows": items[offset : offset + limit]}, "meta": {"total": 5}}
        return Response(json.dumps(body), content_type="application/json")

    httpserver.expect_request("/api/v1/laporan").respond_with_handler(handle)
    source = LaporApiSource(
        config(
            httpserver.url_for("/"),
            pagination="offset",
            offset_param="skip",
            limit_param="take",
            items_path="result.rows",
            total_path="meta.total",
        )
    )
    assert len(list(source.fetch())) == 5
    assert [req.args["skip"] for req, _ in httpserver.log] == ["0", "2", "4"]


def test_cursor_paging(httpserver: HTTPServer, token: str) -> None:
    chain = {
        "": ("c-2", [laporan(1), laporan(2)]),
        "c-2": ("c-3", [laporan(3)]),
        "c-3": (None, [laporan(4)]),
    }

    def handle(request: Request) -> Response:
        following, items = chain[request.args.get("cursor", "")]
        body = {"data": items, "meta": {"next_cursor": following}}
        return Response(json.dumps(body), content_type="application/json")

    httpserver.expect_request("/api/v1/laporan").respond_with_handler(handle)
    records = list(LaporApiSource(config(httpserver.url_for("/"), pagination="cursor")).fetch())
    assert ids(records) == [f"LAP-2024{n:05d}" for n in (1, 2, 3, 4)]
    assert [req.args.get("cursor") for req, _ in httpserver.log] == [None, "c-2", "c-3"]


def test_next_link_paging_relative_and_absolute(httpserver: HTTPServer, token: str) -> None:
    absolute = httpserver.url_for("/api/v1/laporan/p3")
    httpserver.expect_request("/api/v1/laporan").respond_with_json(
        {"data": [laporan(1)], "links": {"next": "/api/v1/laporan/p2?sesi=abc"}}
    )
    httpserver.expect_request("/api/v1/laporan/p2").respond_with_json(
        {"data": [laporan(2)], "links": {"next": absolute}}
    )
    httpserver.expect_request("/api/v1/laporan/p3").respond_with_json(
        {"data": [laporan(3)], "links": {"next": None}}
    )
    records = list(LaporApiSource(config(httpserver.url_for("/"), pagination="next_link")).fetch())
    assert len(records) == 3
    assert httpserver.log[1][0].args["sesi"] == "abc"
    assert all(req.headers["Authorization"] == f"Bearer {token}" for req, _ in httpserver.log)


def test_config_extends_value_mappings_and_unknown_values_pass_through(
    httpserver: HTTPServer, token: str
) -> None:
    items = [
        laporan(1, status="Menunggu Tanggapan"),
        laporan(2, status="  belum   TERVERIFIKASI "),
        laporan(3, status="Entah"),
        laporan(4, privasi="Rahasia"),
    ]
    httpserver.expect_request("/api/v1/laporan").respond_with_handler(paged_handler([items]))
    source = LaporApiSource(
        config(
            httpserver.url_for("/"),
            page_size=10,
            values={"status": {"Menunggu Tanggapan": "forwarded"}},
        )
    )
    data = [r.data for r in source.fetch()]
    assert [d["status"] for d in data] == ["forwarded", "unverified", "Entah", "in_progress"]
    assert data[3]["privacy"] == "confidential"


def test_bad_value_mapping_is_a_config_error(token: str) -> None:
    with pytest.raises(ConfigError, match=r"values.status: 'Beres' maps to 'done'"):
        LaporApiSource(config("http://127.0.0.1:9", values={"status": {"Beres": "done"}}))


def test_since_is_sent_and_watermark_reported(httpserver: HTTPServer, token: str) -> None:
    items = [laporan(1), laporan(2, updated_at="2024-05-20T10:30:00+08:00"), laporan(3)]
    httpserver.expect_request("/api/v1/laporan").respond_with_handler(paged_handler([items]))
    since = datetime(2024, 4, 1, 0, 0, tzinfo=WITA)
    source = LaporApiSource(
        config(httpserver.url_for("/"), page_size=10, updated_path="updated_at"), since=since
    )
    assert source.watermark is None
    records = source.fetch()
    next(records)
    assert source.watermark is None  # only a completed fetch sets it
    list(records)
    assert httpserver.log[0][0].args["updated_since"] == "2024-04-01T00:00:00+08:00"
    assert source.watermark == "2024-05-20T10:30:00+08:00"


def test_watermark_without_updated_field_uses_latest_date(
    httpserver: HTTPServer, token: str
) -> None:
    item = laporan(1)
    item["tanggal"]["selesai"] = "2024-03-30T16:00:00+08:00"
    httpserver.expect_request("/api/v1/laporan").respond_with_handler(paged_handler([[item]]))
    source = LaporApiSource(config(httpserver.url_for("/")))
    list(source.fetch())
    assert source.watermark == "2024-03-30T16:00:00+08:00"


def test_since_as_epoch(httpserver: HTTPServer, token: str) -> None:
    httpserver.expect_request("/api/v1/laporan").respond_with_json({"data": []})
    since = datetime(2024, 1, 1, tzinfo=UTC)
    source = LaporApiSource(
        config(httpserver.url_for("/"), since_param="sejak", since_format="epoch"), since=since
    )
    assert list(source.fetch()) == []
    assert httpserver.log[0][0].args["sejak"] == "1704067200"
    assert source.watermark == since.isoformat()


def test_renamed_field_is_a_source_error(
    httpserver: HTTPServer, token: str, debug_logs: pytest.LogCaptureFixture
) -> None:
    renamed = []
    for n in (1, 2):
        item = laporan(n)
        item["nomor_tiket"] = item.pop("no_tiket")
        renamed.append(item)
    httpserver.expect_request("/api/v1/laporan").respond_with_handler(paged_handler([renamed]))
    with pytest.raises(SourceError) as caught:
        list(LaporApiSource(config(httpserver.url_for("/"))).fetch())
    assert_clean_error(
        caught.value,
        starts="lapor-api page 1: source field 'no_tiket' (mapped to tracking_id) is missing "
        "from every item; did the source rename it?",
        contains=("/api/v1/laporan?page=1&per_page=2)",),
    )
    assert FAKE_TOKEN not in debug_logs.text


def test_field_missing_from_some_items_only_is_left_to_validation(
    httpserver: HTTPServer, token: str
) -> None:
    item = laporan(2)
    del item["status"]
    httpserver.expect_request("/api/v1/laporan").respond_with_handler(
        paged_handler([[laporan(1), item]])
    )
    records = list(LaporApiSource(config(httpserver.url_for("/"))).fetch())
    assert "status" not in records[1].data
    assert len(validate(records).problems) == 1


def test_object_where_list_expected(httpserver: HTTPServer, token: str) -> None:
    httpserver.expect_request("/api/v1/laporan").respond_with_json({"data": laporan(1)})
    with pytest.raises(SourceError) as caught:
        list(LaporApiSource(config(httpserver.url_for("/"))).fetch())
    assert_clean_error(
        caught.value, starts="lapor-api page 1: expected a list of items at 'data', got an object"
    )


def test_missing_items_key(httpserver: HTTPServer, token: str) -> None:
    httpserver.expect_request("/api/v1/laporan").respond_with_json({"message": "ok"})
    with pytest.raises(SourceError, match=r"^lapor-api page 1: no 'data' in the response \(GET"):
        list(LaporApiSource(config(httpserver.url_for("/"))).fetch())


def test_next_link_pointing_back_is_a_loop(httpserver: HTTPServer, token: str) -> None:
    first = httpserver.url_for("/api/v1/laporan")
    httpserver.expect_request("/api/v1/laporan", query_string="per_page=2").respond_with_json(
        {"data": [laporan(1)], "links": {"next": "/api/v1/laporan?page=2&per_page=2"}}
    )
    httpserver.expect_request(
        "/api/v1/laporan", query_string="page=2&per_page=2"
    ).respond_with_json({"data": [laporan(2)], "links": {"next": f"{first}?per_page=2"}})
    with pytest.raises(SourceError) as caught:
        list(LaporApiSource(config(httpserver.url_for("/"), pagination="next_link")).fetch())
    assert_clean_error(
        caught.value,
        starts="lapor-api page 2: pagination loop: next link http://127.0.0.1:",
        contains=("was already fetched",),
    )
    assert len(httpserver.log) == 2


def test_repeated_cursor_is_a_loop(httpserver: HTTPServer, token: str) -> None:
    def handle(request: Request) -> Response:
        number = {"": 1, "c-2": 2, "c-3": 3}[request.args.get("cursor", "")]
        following = {1: "c-2", 2: "c-3", 3: "c-2"}[number]
        body = {"data": [laporan(number)], "meta": {"next_cursor": following}}
        return Response(json.dumps(body), content_type="application/json")

    httpserver.expect_request("/api/v1/laporan").respond_with_handler(handle)
    with pytest.raises(SourceError, match=r"^lapor-api page 3: pagination loop: the server sent "):
        list(LaporApiSource(config(httpserver.url_for("/"), pagination="cursor")).fetch())


def test_server_ignoring_the_page_parameter_is_a_loop(httpserver: HTTPServer, token: str) -> None:
    httpserver.expect_request("/api/v1/laporan").respond_with_json(
        {"data": [laporan(1), laporan(2)]}
    )
    fetched: list[RawRecord] = []
    with pytest.raises(SourceError) as caught:
        fetched.extend(LaporApiSource(config(httpserver.url_for("/"))).fetch())
    assert_clean_error(
        caught.value, starts="lapor-api page 2: pagination loop: this page is identical to page 1"
    )
    assert len(fetched) == 2 and len(httpserver.log) == 2


def test_exceeding_max_pages_is_an_error_not_truncation(httpserver: HTTPServer, token: str) -> None:
    pages = [[laporan(n)] for n in range(1, 5)]
    httpserver.expect_request("/api/v1/laporan").respond_with_handler(paged_handler(pages))
    with pytest.raises(SourceError) as caught:
        list(LaporApiSource(config(httpserver.url_for("/"), max_pages=3)).fetch())
    assert_clean_error(
        caught.value,
        starts="lapor-api: more than max_pages=3 pages; raise max_pages",
        contains=("page=4",),
    )
    assert len(httpserver.log) == 3


def test_connection_dropped_on_page_2(raw_server, token: str) -> None:
    page_1 = json.dumps({"data": [laporan(1), laporan(2)]}).encode()

    def handle(path: str, headers: dict[str, str], server: Any) -> bytes | None:
        return http_response(page_1) if "page=1" in path else None

    server = raw_server(handle)
    fetched: list[RawRecord] = []
    with pytest.raises(SourceError) as caught:
        fetched.extend(LaporApiSource(config(server.url(""))).fetch())
    assert_clean_error(
        caught.value,
        starts="lapor-api page 2: connection closed or reset by the server (3 attempts)",
        contains=("page=2",),
    )
    assert len(fetched) == 2  # page 1 was delivered; the pipeline must discard it on error
    assert [p for p, _ in server.requests].count("/api/v1/laporan?page=2&per_page=2") == 3
    assert server.requests[0][1]["authorization"] == f"Bearer {FAKE_TOKEN}"


def test_duplicate_across_pages_is_yielded_and_deduped_by_validation(
    httpserver: HTTPServer, token: str
) -> None:
    """The source passes a repeated record on; ``validate`` drops identical repeats."""
    pages = [[laporan(1), laporan(2)], [laporan(2), laporan(3)]]
    httpserver.expect_request("/api/v1/laporan").respond_with_handler(paged_handler(pages))
    records = list(LaporApiSource(config(httpserver.url_for("/"))).fetch())
    assert ids(records) == ["LAP-202400001", "LAP-202400002", "LAP-202400002", "LAP-202400003"]
    result = validate(records)
    assert len(result.cases) == 3 and result.duplicates == 1 and not result.problems


def test_unauthorized(httpserver: HTTPServer, token: str) -> None:
    httpserver.expect_request("/api/v1/laporan").respond_with_json(
        {"error": "bad token"}, status=401
    )
    with pytest.raises(SourceError) as caught:
        list(LaporApiSource(config(httpserver.url_for("/"))).fetch())
    assert_clean_error(
        caught.value, starts="lapor-api page 1: HTTP 401 Unauthorized; the credential was refused"
    )


def test_next_link_to_another_host_is_not_followed(httpserver: HTTPServer, token: str) -> None:
    httpserver.expect_request("/api/v1/laporan").respond_with_json(
        {"data": [laporan(1)], "links": {"next": "https://evil.example/steal?page=2"}}
    )
    with pytest.raises(SourceError, match=r"next link leads to another host \(https://evil"):
        list(LaporApiSource(config(httpserver.url_for("/"), pagination="next_link")).fetch())
    assert len(httpserver.log) == 1


def test_token_variable_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    with pytest.raises(ConfigError) as caught:
        LaporApiSource(config("https://api.example"))
    assert str(caught.value) == (
        f"environment variable {TOKEN_ENV} is not set (named by [sources.lapor-api] token_env)"
    )


def test_item_that_is_not_an_object_becomes_an_invalid_record(
    httpserver: HTTPServer, token: str
) -> None:
    httpserver.expect_request("/api/v1/laporan").respond_with_handler(
        paged_handler([[laporan(1), "rusak"]])
    )
    records = list(LaporApiSource(config(httpserver.url_for("/"))).fetch())
    assert records[1] == RawRecord("page 1 item 2", {}, "not a JSON object")


def test_html_maintenance_page_from_the_api(httpserver: HTTPServer, token: str) -> None:
    httpserver.expect_request("/api/v1/laporan").respond_with_data(
        "<!doctype html><title>Sedang pemeliharaan</title>", content_type="text/html"
    )
    with pytest.raises(SourceError) as caught:
        list(LaporApiSource(config(httpserver.url_for("/"))).fetch())
    assert_clean_error(
        caught.value,
        starts="lapor-api page 1: got an HTML page (text/html), not data (GET http://127.0.0.1:",
    )


def test_empty_paging_option_is_a_config_error(token: str) -> None:
    with pytest.raises(ConfigError, match=r"next_link_path must not be empty for 'next_link'"):
        LaporApiSource(config("https://api.example", pagination="next_link", next_link_path=""))


def test_repeated_key_in_an_item_is_an_invalid_record(httpserver: HTTPServer, token: str) -> None:
    body = json.dumps({"data": [laporan(1), laporan(2, privasi="Rahasia")]})
    body = body.replace('"privasi": "Rahasia"', '"privasi": "Rahasia", "privasi": "Publik"')
    httpserver.expect_request(
        "/api/v1/laporan", query_string="page=1&per_page=5"
    ).respond_with_data(body, content_type="application/json")
    httpserver.expect_request("/api/v1/laporan").respond_with_json({"data": []})
    source = LaporApiSource(config(httpserver.url_for("/"), page_size=5))
    result = validate(source.fetch())
    assert [c.id for c in result.cases] == ["LAP-202400001"]
    (problem,) = result.problems
    assert (problem.position, problem.record_id) == ("page 1 item 2", "LAP-202400002")
    assert "repeated key 'privasi'" in problem.message


def test_naive_dates_use_the_given_time_zone(httpserver: HTTPServer, token: str) -> None:
    item = laporan(1, tanggal={"masuk": "2024-03-02 08:15:00"})
    httpserver.expect_request("/api/v1/laporan").respond_with_handler(paged_handler([[item]]))
    source = LaporApiSource(config(httpserver.url_for("/"), page_size=5), timezone="Asia/Jakarta")
    (record,) = list(source.fetch())
    assert record.data["submitted_at"] == "2024-03-02T08:15:00+07:00"
