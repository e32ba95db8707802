"""The shared HTTP layer: session settings, every transport fault, and secret hygiene."""

from __future__ import annotations

import time

import pytest
import requests
from pytest_httpserver import HTTPServer
from source_testkit import FAKE_TOKEN, FAST_HTTP, assert_clean_error, http_response

from lapor_site import __version__
from lapor_site.sources import SourceError
from lapor_site.sources.http import (
    HeaderAuth,
    ParamAuth,
    fetch_bytes,
    fetch_json,
    make_session,
    progress_bar,
    read_secret,
    redact_url,
)
from lapor_site.sources.mapping import ConfigError


def session(**overrides: object) -> requests.Session:
    return make_session({**FAST_HTTP, **overrides})


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://api.example/v1/cases?page=2", "https://api.example/v1/cases?page=2"),
        (
            "https://api.example/x?token=abc&page=1&api_key=k1&Signature=s#frag",
            "https://api.example/x?token=***&page=1&api_key=***&Signature=***",
        ),
        (
            "https://user:pa55@api.example/x?access_token=t&apikey=a&key=b&sig=c",
            "https://api.example/x?access_token=***&apikey=***&key=***&sig=***",
        ),
        (
            "http://h/x?secret=s&password=p&client_secret=c",
            "http://h/x?secret=***&password=***&client_secret=***",
        ),
        ("http://h/x?monkey=1&keyword=jalan", "http://h/x?monkey=1&keyword=jalan"),
    ],
)
def test_redact_url(url: str, expected: str) -> None:
    assert redact_url(url) == expected


def test_session_defaults_and_user_agent(httpserver: HTTPServer) -> None:
    default = make_session()
    assert default.timeout == (10.0, 60.0)
    adapter = default.get_adapter("https://example.org")
    retry = adapter.max_retries
    assert retry.total == 5 and retry.backoff_factor == 0.5
    assert set(retry.status_forcelist) == {429, 500, 502, 503, 504}
    assert retry.allowed_methods == frozenset({"GET"})
    assert retry.respect_retry_after_header is True
    assert default.verify is True
    assert default.get_adapter("http://example.org") is adapter

    httpserver.expect_request("/ua").respond_with_json({"ok": True})
    assert fetch_json(session(), httpserver.url_for("/ua")) == {"ok": True}
    request, _ = httpserver.log[0]
    assert request.headers["User-Agent"].startswith(f"lapor-site/{__version__} (")


def test_bad_http_option_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"read_timeout: expected a number"):
        make_session({"read_timeout": "slow"})


def test_connection_refused(closed_port: int) -> None:
    url = f"http://127.0.0.1:{closed_port}/api/cases"
    with pytest.raises(SourceError) as caught:
        fetch_json(session(), url, {"page": 1}, context="lapor-api page 1")
    assert_clean_error(
        caught.value,
        starts="lapor-api page 1: connection refused (3 attempts)",
        contains=(f"(GET {url}?page=1)",),
    )


def test_read_timeout_is_retried_then_reported(raw_server) -> None:
    hanging = raw_server(lambda path, headers, server: server.stopping.wait(5) and None)
    started = time.monotonic()
    with pytest.raises(SourceError) as caught:
        fetch_json(session(read_timeout=0.2, retries=1), hanging.url("/slow"))
    assert time.monotonic() - started < 3
    assert_clean_error(caught.value, starts="read timeout after 0.2 s (2 attempts)")
    assert len(hanging.requests) == 2


def test_500_and_503_then_success_is_retried(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/flaky").respond_with_data("boom", status=500)
    httpserver.expect_ordered_request("/flaky").respond_with_data("busy", status=503)
    httpserver.expect_ordered_request("/flaky").respond_with_json({"data": []})
    assert fetch_json(session(), httpserver.url_for("/flaky")) == {"data": []}
    assert len(httpserver.log) == 3


def test_429_waits_for_retry_after(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/limited").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "1"}
    )
    httpserver.expect_ordered_request("/limited").respond_with_json([1, 2])
    started = time.monotonic()
    assert fetch_json(session(backoff_factor=0), httpserver.url_for("/limited")) == [1, 2]
    assert time.monotonic() - started >= 0.9
    assert len(httpserver.log) == 2


def test_5xx_forever_gives_up_after_the_retries(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/down").respond_with_data("down", status=503)
    with pytest.raises(SourceError) as caught:
        fetch_json(session(retries=2), httpserver.url_for("/down"), context="ckan page 1")
    assert_clean_error(
        caught.value, starts="ckan page 1: HTTP 503 Service Unavailable (gave up after 3 attempts)"
    )
    assert len(httpserver.log) == 3


def test_4xx_is_not_retried(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/missing").respond_with_data("nope", status=404)
    with pytest.raises(SourceError) as caught:
        fetch_json(session(), httpserver.url_for("/missing"))
    assert_clean_error(caught.value, starts="HTTP 404 Not Found (GET")
    assert len(httpserver.log) == 1


def test_html_error_page_with_200_is_refused(httpserver: HTTPServer) -> None:
    page = (
        "<!DOCTYPE html><html><head><title>Maintenance</title></head>"
        "<body>Sedang perbaikan</body></html>"
    )
    httpserver.expect_request("/api").respond_with_data(
        page, content_type="text/html; charset=utf-8"
    )
    with pytest.raises(SourceError) as caught:
        fetch_json(session(), httpserver.url_for("/api"))
    message = assert_clean_error(caught.value, starts="got an HTML page (text/html), not data")
    assert "Maintenance" not in message


def test_html_body_labelled_json_is_refused(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api").respond_with_data(
        "\n  <html><body>502 Bad Gateway</body></html>", content_type="application/json"
    )
    with pytest.raises(SourceError, match=r"got an HTML page \(application/json\)"):
        fetch_json(session(), httpserver.url_for("/api"))


def test_json_sent_as_text_html_is_accepted(httpserver: HTTPServer) -> None:
    """PHP back ends often forget the content type; a JSON body still counts as JSON."""
    httpserver.expect_request("/api").respond_with_data('{"data": []}', content_type="text/html")
    assert fetch_json(session(), httpserver.url_for("/api")) == {"data": []}


def test_truncated_json(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api").respond_with_data(
        '{"data": [{"no_tiket": "LAP-1", "judul": "Jalan rus', content_type="application/json"
    )
    with pytest.raises(SourceError) as caught:
        fetch_json(session(), httpserver.url_for("/api"))
    assert_clean_error(
        caught.value, starts="invalid JSON at line 1 column", contains=("looks truncated",)
    )


def test_empty_body(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api").respond_with_data("", content_type="application/json")
    with pytest.raises(SourceError, match=r"^empty response, expected JSON \(GET"):
        fetch_json(session(), httpserver.url_for("/api"))


def test_body_cut_short_of_its_content_length(raw_server) -> None:
    body = b'{"data": [{"no_tiket": "LAP-1"}, {"no_tiket": "LAP-2"}]}'
    short = raw_server(lambda *_: http_response(body[:20], content_length=len(body)))
    with pytest.raises(SourceError) as caught:
        fetch_json(session(), short.url("/api"))
    assert_clean_error(caught.value, starts="connection closed in the middle of the response")


def test_connection_dropped_without_answer(raw_server) -> None:
    dropping = raw_server(lambda *_: None)
    with pytest.raises(SourceError) as caught:
        fetch_json(session(retries=1), dropping.url("/api"))
    assert_clean_error(caught.value, starts="connection closed or reset by the server (2 attempts)")
    assert len(dropping.requests) == 2


def test_secrets_never_reach_messages_or_logs(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, debug_logs: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("SOME_KEY", FAKE_TOKEN)
    key = read_secret("SOME_KEY", "api_key_env")
    httpserver.expect_request("/down").respond_with_data("down", status=503)
    with_param = session(retries=1)
    with_param.auth = ParamAuth("api_key", key)
    with pytest.raises(SourceError) as caught:
        fetch_json(with_param, httpserver.url_for("/down"), {"token": "inline-secret-999"})
    message = assert_clean_error(caught.value)
    assert "inline-secret-999" not in message and "token=***" in message
    request, _ = httpserver.log[0]
    assert request.args["api_key"] == FAKE_TOKEN  # it was sent...
    assert FAKE_TOKEN not in debug_logs.text  # ...but never logged
    assert "inline-secret-999" not in debug_logs.text
    assert "urllib3" in debug_logs.text  # the debug lines were there, scrubbed
    assert FAKE_TOKEN not in repr(with_param.auth) + repr(with_param)
    assert FAKE_TOKEN not in repr(HeaderAuth("X-Token", FAKE_TOKEN))


def test_missing_secret_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOT_SET_ANYWHERE", raising=False)
    with pytest.raises(ConfigError, match=r"^environment variable NOT_SET_ANYWHERE is not set"):
        read_secret("NOT_SET_ANYWHERE", "[sources.x] token_env")


def test_credential_header_dropped_on_redirect_to_another_host(
    httpserver: HTTPServer, raw_server
) -> None:
    other = raw_server(lambda *_: http_response(b"[]"))
    httpserver.expect_request("/api").respond_with_data(
        "", status=302, headers={"Location": other.url("/elsewhere")}
    )
    authed = session()
    authed.auth = HeaderAuth("X-Api-Token", FAKE_TOKEN)
    assert fetch_json(authed, httpserver.url_for("/api")) == []
    first, _ = httpserver.log[0]
    assert first.headers["X-Api-Token"] == FAKE_TOKEN
    assert "x-api-token" not in other.requests[0][1]


def test_fetch_bytes_returns_body_and_type(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x.csv").respond_with_data("a,b\n1,2\n", content_type="text/csv")
    body, content_type = fetch_bytes(session(), httpserver.url_for("/x.csv"))
    assert body == b"a,b\n1,2\n" and content_type.startswith("text/csv")


def test_progress_bar_is_silent_off_a_terminal() -> None:
    with progress_bar(session(progress=True), "test") as bar:
        assert bar.disable
