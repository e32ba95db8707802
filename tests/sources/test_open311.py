"""The ``open311`` source against a local GeoReport v2 server (JSON and XML)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from xml.sax.saxutils import escape

import pytest
from pytest_httpserver import HTTPServer
from source_testkit import FAKE_TOKEN, FAST_HTTP, assert_clean_error
from werkzeug import Request, Response

from lapor_site.sources import SourceError
from lapor_site.sources.open311 import Open311Source, first_sentence

NOW = datetime(2024, 6, 30, 0, 0, tzinfo=UTC)


def service_request(number: int, when: datetime, **changes: Any) -> dict[str, Any]:
    closed = number % 2 == 0
    item = {
        "service_request_id": 6400 + number,
        "status": "closed" if closed else "open",
        "status_notes": "Lubang sudah ditambal." if closed else None,
        "service_name": "Jalan Rusak",
        "service_code": "JR-01",
        "description": f"Lubang besar di jalan nomor {number}. Sudah lama tdk diperbaiki.",
        "agency_responsible": "Dinas PUPR Kota Balikpapan",
        "service_notice": "",
        "requested_datetime": when.astimezone(UTC).isoformat(),
        "updated_datetime": (when + timedelta(days=3)).isoformat(),
        "expected_datetime": None,
        "address": "Jl. Contoh No. 1, RT 05, Balikpapan",
        "address_id": "",
        "zipcode": "76111",
        "lat": -1.2379,
        "long": 116.8529,
        "media_url": "https://open311.example/media/1.jpg",
    }
    item.update(changes)
    return item


class GeoReportServer:
    """Serves ``/v2/requests.json`` from a list, filtered by window, capped like real servers."""

    def __init__(self, items: list[dict[str, Any]], cap: int = 1000, xml: bool = False) -> None:
        self.items, self.cap, self.xml = items, cap, xml

    def __call__(self, request: Request) -> Response:
        start = datetime.fromisoformat(request.args["start_date"])
        end = datetime.fromisoformat(request.args["end_date"])
        chosen = [
            item
            for item in self.items
            if start <= datetime.fromisoformat(item["requested_datetime"]) <= end
        ]
        chosen.sort(key=lambda item: item["requested_datetime"], reverse=True)
        chosen = chosen[: self.cap]
        if self.xml:
            return Response(to_xml(chosen), content_type="text/xml; charset=utf-8")
        return Response(json.dumps(chosen), content_type="application/json")


def to_xml(items: list[dict[str, Any]]) -> str:
    parts = ['<?xml version="1.0" encoding="utf-8"?>', "<service_requests>"]
    for item in items:
        fields = "".join(
            f"<{k}>{escape(str(v))}</{k}>" if v is not None else f"<{k}/>" for k, v in item.items()
        )
        parts.append(f"<request>{fields}</request>")
    parts.append("</service_requests>")
    return "".join(parts)


def config(url: str, **overrides: Any) -> dict[str, Any]:
    return {**FAST_HTTP, "base_url": url, "start_date": "2024-04-01", **overrides}


def source(url: str, since: datetime | None = None, **overrides: Any) -> Open311Source:
    return Open311Source(config(url, **overrides), since=since, now=lambda: NOW)


def test_windows_mapping_and_boundary_dedupe(httpserver: HTTPServer) -> None:
    items = [
        service_request(1, datetime(2024, 4, 5, 9, 0, tzinfo=UTC)),
        service_request(2, datetime(2024, 5, 1, 0, 0, tzinfo=UTC)),  # exactly on a boundary
        service_request(3, datetime(2024, 6, 20, 2, 30, tzinfo=UTC)),
    ]
    httpserver.expect_request("/v2/requests.json").respond_with_handler(GeoReportServer(items))
    src = source(httpserver.url_for("/v2"), jurisdiction_id="balikpapan.go.id")
    records = list(src.fetch())

    windows = [(r.args["start_date"], r.args["end_date"]) for r, _ in httpserver.log]
    assert windows == [
        ("2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z"),
        ("2024-05-01T00:00:00Z", "2024-05-31T00:00:00Z"),
        ("2024-05-31T00:00:00Z", "2024-06-30T00:00:00Z"),
    ]
    assert all(r.args["jurisdiction_id"] == "balikpapan.go.id" for r, _ in httpserver.log)
    # The server answers newest first; 6402 sits on a boundary and is kept once.
    assert [r.data["tracking_id"] for r in records] == ["6402", "6401", "6403"]
    closed = records[0].data
    assert closed == {
        "tracking_id": "6402",
        "submitted_at": "2024-05-01T00:00:00+00:00",
        "resolved_at": "2024-05-04T00:00:00+00:00",
        "status": "resolved",
        "category": "Jalan Rusak",
        "agency": "Dinas PUPR Kota Balikpapan",
        "description": "Lubang besar di jalan nomor 2. Sudah lama tdk diperbaiki.",
        "response": "Lubang sudah ditambal.",
        "title": "Lubang besar di jalan nomor 2.",
        "privacy": "public",
    }
    opened = records[1].data
    assert opened["status"] == "in_progress" and "resolved_at" not in opened
    assert opened["response"] == ""
    assert not any("Jl. Contoh" in value for r in records for value in r.data.values())
    assert src.watermark == "2024-06-23T02:30:00+00:00"


def test_window_at_the_1000_cap_is_split_until_complete(httpserver: HTTPServer) -> None:
    start = datetime(2024, 6, 1, tzinfo=UTC)
    items = [service_request(n, start + timedelta(minutes=15 * n)) for n in range(2500)]
    server = GeoReportServer(items, cap=1000)
    httpserver.expect_request("/v2/requests.json").respond_with_handler(server)
    records = list(source(httpserver.url_for("/v2"), start_date="2024-06-01").fetch())
    assert len({r.data["tracking_id"] for r in records}) == len(records) == 2500
    counts = [len(json.loads(resp.get_data())) for _, resp in httpserver.log]
    assert counts[0] == 1000 and len(counts) > 3  # the first window hit the cap and was split
    windows = [
        (r.args["start_date"], r.args["end_date"])
        for (r, _), n in zip(httpserver.log, counts, strict=True)
        if n < 1000
    ]
    assert windows[0][0] == "2024-06-01T00:00:00Z" and windows[-1][1] == "2024-06-30T00:00:00Z"


def test_window_that_cannot_be_split_further_is_an_error(httpserver: HTTPServer) -> None:
    moment = datetime(2024, 6, 10, 12, 0, tzinfo=UTC)
    items = [service_request(n, moment) for n in range(5)]
    httpserver.expect_request("/v2/requests.json").respond_with_handler(
        GeoReportServer(items, cap=3)
    )
    with pytest.raises(SourceError) as caught:
        list(source(httpserver.url_for("/v2"), start_date="2024-06-01", page_limit=3).fetch())
    assert_clean_error(
        caught.value, starts="open311 2024-06-10T", contains=("cannot split it further",)
    )


def test_xml_format(httpserver: HTTPServer) -> None:
    items = [service_request(n, datetime(2024, 6, n, tzinfo=UTC)) for n in (1, 2)]
    httpserver.expect_request("/v2/requests.xml").respond_with_handler(
        GeoReportServer(items, xml=True)
    )
    records = list(source(httpserver.url_for("/v2"), format="xml", start_date="2024-06-01").fetch())
    assert [r.data["tracking_id"] for r in records] == ["6402", "6401"]
    assert records[0].data["status"] == "resolved"
    assert records[0].data["resolved_at"] == "2024-06-05T00:00:00+00:00"
    assert records[1].data["response"] == ""


@pytest.mark.parametrize(
    "body",
    [
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><service_requests/>',
        '<?xml version="1.0"?><!ENTITY x SYSTEM "file:///etc/passwd"><service_requests/>',
    ],
)
def test_xml_with_doctype_or_entity_is_refused(httpserver: HTTPServer, body: str) -> None:
    httpserver.expect_request("/v2/requests.xml").respond_with_data(body, content_type="text/xml")
    with pytest.raises(SourceError) as caught:
        list(source(httpserver.url_for("/v2"), format="xml", start_date="2024-06-20").fetch())
    assert_clean_error(caught.value, contains=("DOCTYPE or ENTITY declaration refused",))


def test_invalid_xml(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v2/requests.xml").respond_with_data(
        "<service_requests><request><status>open</request>", content_type="text/xml"
    )
    with pytest.raises(SourceError, match=r"invalid XML at line 1 column"):
        list(source(httpserver.url_for("/v2"), format="xml", start_date="2024-06-20").fetch())


def test_api_key_from_env_is_sent_never_shown(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, debug_logs: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("TEST_OPEN311_KEY", FAKE_TOKEN)
    httpserver.expect_request("/v2/requests.json").respond_with_data("down", status=503)
    src = source(httpserver.url_for("/v2"), start_date="2024-06-20", api_key_env="TEST_OPEN311_KEY")
    with pytest.raises(SourceError) as caught:
        list(src.fetch())
    message = assert_clean_error(
        caught.value,
        starts="open311 2024-06-20T00:00:00Z..2024-06-30T00:00:00Z: HTTP 503 Service Unavailable",
    )
    assert "api_key=***" in message
    assert httpserver.log[0][0].args["api_key"] == FAKE_TOKEN
    assert FAKE_TOKEN not in debug_logs.text + repr(src)


def test_since_with_since_param(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v2/requests.json").respond_with_json([])
    since = datetime(2024, 6, 25, tzinfo=UTC)
    src = source(httpserver.url_for("/v2"), since=since, since_param="updated_after")
    assert list(src.fetch()) == []
    assert {r.args["updated_after"] for r, _ in httpserver.log} == {"2024-06-25T00:00:00Z"}
    assert httpserver.log[0][0].args["start_date"] == "2024-04-01T00:00:00Z"
    assert src.watermark == since.isoformat()


def test_since_without_since_param_pulls_everything(httpserver: HTTPServer) -> None:
    """GeoReport filters by requested time only; updates to old requests need a full pull."""
    items = [service_request(1, datetime(2024, 4, 2, tzinfo=UTC))]
    httpserver.expect_request("/v2/requests.json").respond_with_handler(GeoReportServer(items))
    src = source(httpserver.url_for("/v2"), since=datetime(2024, 6, 25, tzinfo=UTC))
    assert len(list(src.fetch())) == 1
    assert httpserver.log[0][0].args["start_date"] == "2024-04-01T00:00:00Z"


def test_object_instead_of_list(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v2/requests.json").respond_with_json({"service_requests": []})
    with pytest.raises(SourceError, match=r"expected a list of service requests, got an object"):
        list(source(httpserver.url_for("/v2"), start_date="2024-06-20").fetch())


def test_renamed_field(httpserver: HTTPServer) -> None:
    item = service_request(1, datetime(2024, 6, 21, tzinfo=UTC))
    item["request_time"] = item.pop("requested_datetime")
    httpserver.expect_request("/v2/requests.json").respond_with_json([item])
    with pytest.raises(
        SourceError, match=r"'requested_datetime' \(mapped to submitted_at\) is missing"
    ):
        list(source(httpserver.url_for("/v2"), start_date="2024-06-20").fetch())


def test_privacy_and_title_options(httpserver: HTTPServer) -> None:
    item = service_request(1, datetime(2024, 6, 21, tzinfo=UTC), status="acknowledged")
    httpserver.expect_request("/v2/requests.json").respond_with_json([item])
    src = source(
        httpserver.url_for("/v2"),
        start_date="2024-06-20",
        default_privacy="anonymous",
        title_from="service_name",
        values={"status": {"acknowledged": "verified"}},
    )
    (record,) = list(src.fetch())
    assert record.data["privacy"] == "anonymous"
    assert record.data["title"] == "Jalan Rusak"
    assert record.data["status"] == "verified"


def test_first_sentence() -> None:
    assert first_sentence("Lampu mati. Sudah seminggu.") == "Lampu mati."
    assert first_sentence("baris satu\nbaris dua") == "baris satu"
    long = "kata " * 60
    assert first_sentence(long).endswith("…") and len(first_sentence(long)) <= 120


class WindowIgnoringServer:
    """Answers every window with the same requests, like a server that drops the filter."""

    def __init__(self, items: list[dict[str, Any]]) -> None:
        self.items = items

    def __call__(self, request: Request) -> Response:
        return Response(json.dumps(self.items), content_type="application/json")


def test_server_ignoring_the_window_fails_the_pull(httpserver: HTTPServer) -> None:
    start = datetime(2024, 4, 2, tzinfo=UTC)
    items = [service_request(n, start + timedelta(days=8 * n)) for n in range(10)]
    httpserver.expect_request("/v2/requests.json").respond_with_handler(WindowIgnoringServer(items))
    with pytest.raises(SourceError) as caught:
        list(source(httpserver.url_for("/v2")).fetch())
    assert_clean_error(
        caught.value,
        starts="open311 2024-04-01T00:00:00Z..2024-05-01T00:00:00Z: the server ignores "
        "start_date/end_date: 6 of 10 requests lie outside the window asked for",
    )


def test_stray_requests_outside_the_window_are_dropped_and_counted(
    httpserver: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    inside = [service_request(n, datetime(2024, 4, 2 + n, tzinfo=UTC)) for n in range(1, 5)]
    stray = service_request(9, datetime(2023, 12, 24, tzinfo=UTC))
    server = GeoReportServer(inside)

    def handler(request: Request) -> Response:
        response = server(request)
        if request.args["start_date"] == "2024-04-01T00:00:00Z":
            items = json.loads(response.get_data())
            response = Response(json.dumps([*items, stray]), content_type="application/json")
        return response

    httpserver.expect_request("/v2/requests.json").respond_with_handler(handler)
    src = source(httpserver.url_for("/v2"))
    records = list(src.fetch())
    assert sorted(r.data["tracking_id"] for r in records) == ["6401", "6402", "6403", "6404"]
    assert src.notes == [
        "[sources.open311] 1 request outside the date window asked for dropped "
        "(the server answered beyond start_date/end_date)"
    ]
    assert src.notes[0] in caplog.text


def test_repeated_json_key_makes_the_request_invalid(httpserver: HTTPServer) -> None:
    good = service_request(1, datetime(2024, 6, 21, tzinfo=UTC))
    twice = service_request(2, datetime(2024, 6, 22, tzinfo=UTC), status="open")
    body = json.dumps([good, twice])
    body = body[:-2] + ', "status": "closed"}]'
    httpserver.expect_request("/v2/requests.json").respond_with_data(
        body, content_type="application/json"
    )
    records = list(source(httpserver.url_for("/v2"), start_date="2024-06-20").fetch())
    assert [r.error for r in records] == ["", "repeated key 'status' in one JSON object"]
    assert records[1].data["tracking_id"] == "6402"


def test_repeated_xml_element_makes_the_request_invalid(httpserver: HTTPServer) -> None:
    item = service_request(1, datetime(2024, 6, 21, tzinfo=UTC))
    body = to_xml([item]).replace("</request>", "<status>closed</status></request>")
    httpserver.expect_request("/v2/requests.xml").respond_with_data(body, content_type="text/xml")
    src = source(httpserver.url_for("/v2"), format="xml", start_date="2024-06-20")
    (record,) = list(src.fetch())
    assert record.error == "repeated key 'status' in one XML element"
