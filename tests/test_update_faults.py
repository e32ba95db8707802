"""Fault injection for the scheduled ``lapor-site update``, end to end through ``main``.

One healthy ``update`` runs first (module fixture) against a LAPOR!-style API
served by pytest-httpserver on 127.0.0.1: 27 synthetic items with Indonesian
field names over three ``next_link`` pages, a bearer token read from the
environment, the API echoing that token in its next links (as some do). Each
test starts from a byte-exact copy of that published state (content root,
``output/``, the state file), breaks the API (or the build) one way, runs
``update`` again and checks what an operator relies on:

* exit code 1 and exactly one line on stderr, ``lapor-site update: …``, that
  names what failed and, for transport and format faults, the URL with the
  token masked;
* the token never appears on stdout, stderr or in any log record;
* ``content/`` and ``output/`` are byte-identical (same mtimes too), no staging
  directory is left behind, and the state file still records the first success;
* the retries happened: the server saw exactly the expected requests.

A 500 or a 429 followed by a good answer is not a fault: the update succeeds.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from factories import leftovers, new_site
from pytest_httpserver import HTTPServer
from sources.source_testkit import RawServer, http_response
from werkzeug import Request, Response

from lapor_site.cli import main
from lapor_site.site import INSTALL_ROOT

TOKEN_ENV = "LAPOR_FAULT_TEST_TOKEN"
#: A recognisable fake credential: it must never show up in any output or log.
TOKEN = "SECRET-TOKEN-123"
ENDPOINT = "/api/v1/laporan"
FIXED_QUERY = "instansi=pemprov-kaltim"
PAGE_SIZE = 10
RECORD_COUNT = 27

#: Source field (dotted paths allowed) → canonical field, as in sync.toml's example.
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
    "kecamatan": "district",
    "status": "status",
    "privasi": "privacy",
    "kanal": "channel",
    "jenis": "type",
    "pelapor.nama": "reporter_name",
    "pelapor.nik": "reporter_nik",
    "pelapor.telepon": "reporter_phone",
}

#: The built-in Indonesian value mappings do not know these; the config adds them.
CONFIG_TEMPLATE = """\
[sync]
source = "lapor-api"

[http]
connect_timeout = 1
read_timeout = 1
retries = 2
backoff_factor = 0.01
progress = false

[sources.lapor-api]
base_url = "{base_url}"
endpoint = "{endpoint}"
params = {{ instansi = "pemprov-kaltim" }}
token_env = "{token_env}"
pagination = "next_link"
page_size = {page_size}
page_size_param = "per_page"
items_path = "data"
next_link_path = "links.next"
updated_path = "diperbarui"
max_pages = 20

[sources.lapor-api.fields]
{fields}

[sources.lapor-api.values.status]
"Tuntas" = "resolved"

[sources.lapor-api.values.privacy]
"Terbuka" = "public"

[sources.lapor-api.values.channel]
"SMS 1708" = "sms"
"""

AREAS = (
    ("Kota Samarinda", "Samarinda Ulu"),
    ("Kota Balikpapan", "Balikpapan Selatan"),
    ("Kabupaten Kutai Kartanegara", "Tenggarong"),
    ("Kota Bontang", "Bontang Utara"),
)
TOPICS = (
    ("Infrastruktur Jalan", "Dinas PUPR", "Jalan berlubang di depan SDN {n}"),
    ("Kesehatan", "Dinas Kesehatan", "Antrean puskesmas terlalu lama ({n})"),
    ("Air Bersih", "PDAM Tirta Kencana", "Air PDAM tidak mengalir sejak pekan lalu ({n})"),
    ("Pendidikan", "Dinas Pendidikan dan Kebudayaan", "Pungutan seragam sekolah ({n})"),
)
REPORTERS = ("Siti Nurhaliza Contoh", "Budi Santoso Contoh", "Dewi Lestari Contoh")


def laporan(n: int, **changes: Any) -> dict[str, Any]:
    """One synthetic LAPOR!-style item (Indonesian field names, no real person)."""
    day = 1 + n % 27
    status = ("Selesai", "Selesai", "Tuntas", "Selesai", "Diproses")[n % 5]
    privacy = ("Anonim", "Terbuka", "Publik", "Anonim", "Publik", "Terbuka", "Rahasia")[n % 7]
    category, agency, title = TOPICS[n % len(TOPICS)]
    region, district = AREAS[n % len(AREAS)]
    item: dict[str, Any] = {
        "no_tiket": f"LAP-KT-2025{n:05d}",
        "judul": title.format(n=n),
        "isi": (
            f"mhn ditindaklanjuti, sdh {1 + n % 4} minggu tdk ada perbaikan. "
            f"bisa hub saya di 0812-5550-{n:04d}"
        ),
        "tanggal": {
            "masuk": f"2025-02-{day:02d}T08:15:00+08:00",
            "disposisi": f"2025-02-{day:02d}T13:00:00+08:00",
            "selesai": None if status == "Diproses" else f"2025-03-{day:02d}T10:00:00+08:00",
        },
        "tindak_lanjut": {"terakhir": "Sudah ditindaklanjuti oleh petugas lapangan."},
        "kategori": {"id": 10 + n % len(TOPICS), "nama": category},
        "instansi": {"id": 70 + n % len(TOPICS), "nama": agency},
        "wilayah": region,
        "kecamatan": district,
        "status": status,
        "privasi": privacy,
        "kanal": ("Website", "SMS 1708", "Aplikasi Android")[n % 3],
        "jenis": "Pengaduan",
        "pelapor": {
            "nama": REPORTERS[n % len(REPORTERS)],
            "nik": f"647201010190{n:04d}",
            "telepon": f"08125550{n:04d}",
        },
        "diperbarui": f"2025-03-{day:02d}T12:00:00+08:00",
    }
    item.update(changes)
    return item


ITEMS = [laporan(n) for n in range(RECORD_COUNT)]
#: A new resolved public case, for the run where the data changed.
NEW_ITEM = laporan(
    500,
    judul="Lampu penerangan jalan padam di Jl. Pahlawan",
    status="Selesai",
    privasi="Publik",
    tanggal={
        "masuk": "2025-03-28T08:00:00+08:00",
        "disposisi": "2025-03-28T09:00:00+08:00",
        "selesai": "2025-04-02T15:00:00+08:00",
    },
    diperbarui="2025-04-02T15:30:00+08:00",
)


def page_url(page: int) -> str:
    """A next link as the API writes it: relative, echoing the caller's token."""
    return f"{ENDPOINT}?{FIXED_QUERY}&page={page}&per_page={PAGE_SIZE}&access_token={TOKEN}"


#: A next link meaning "the very first request of this run", query string and all.
FIRST_REQUEST = "<first request>"

#: ``fault(attempt, body)`` answers the ``attempt``-th request for a page instead of
#: ``body`` (the page the healthy API would send), or returns ``None`` to serve it.
Fault = Callable[[int, dict[str, Any]], Response | None]


class FakeApi:
    """A LAPOR!-style API: ``next_link`` pages of ``items``, bearer token required.

    It ignores ``updated_since`` (an API that cannot filter sends everything,
    which incremental pulls must cope with). ``next_links`` replaces the next
    link of a page (:data:`FIRST_REQUEST`: the path of the first request).
    """

    def __init__(
        self,
        items: list[dict[str, Any]],
        faults: dict[int, Fault] | None = None,
        next_links: dict[int, str | None] | None = None,
    ) -> None:
        chunks = [items[i : i + PAGE_SIZE] for i in range(0, len(items), PAGE_SIZE)]
        self.bodies = [
            {
                "status": "sukses",
                "data": chunk,
                "links": {"next": page_url(page + 1) if page < len(chunks) else None},
                "meta": {"halaman": page, "per_halaman": PAGE_SIZE, "total": len(items)},
            }
            for page, chunk in enumerate(chunks, start=1)
        ]
        for page, link in (next_links or {}).items():
            self.bodies[page - 1]["links"]["next"] = link
        self.faults = faults or {}
        self.attempts: dict[int, int] = {}
        self.first_request = ""
        self._lock = threading.Lock()

    def body(self, page: int) -> bytes:
        return json.dumps(self.bodies[page - 1], ensure_ascii=False).encode()

    def __call__(self, request: Request) -> Response:
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return json_response({"status": "gagal", "pesan": "token tidak valid"}, 401)
        page = int(request.args.get("page", "1"))
        with self._lock:
            attempt = self.attempts[page] = self.attempts.get(page, 0) + 1
            self.first_request = self.first_request or request.full_path
        body = self.bodies[page - 1]
        if body["links"]["next"] == FIRST_REQUEST:
            body = {**body, "links": {"next": self.first_request}}
        fault = self.faults.get(page)
        answer = fault(attempt, body) if fault else None
        return answer if answer is not None else json_response(body)


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        json.dumps(body, ensure_ascii=False),
        status=status,
        headers=headers,
        content_type="application/json",
    )


def http_error(status: int, *, times: int | None = None, retry_after: str = "") -> Fault:
    """Answer ``status`` to the first ``times`` attempts (all of them when ``None``)."""

    def fault(attempt: int, _body: dict[str, Any]) -> Response | None:
        if times is not None and attempt > times:
            return None
        headers = {"Retry-After": retry_after} if retry_after else None
        return json_response({"status": "gagal", "pesan": "server sibuk"}, status, headers)

    return fault


def html_page(_attempt: int, _body: dict[str, Any]) -> Response:
    """A proxy's maintenance page, served with 200."""
    page = (
        "<!DOCTYPE html><html lang='id'><head><title>Pemeliharaan</title></head>"
        "<body><h1>Layanan sedang dalam pemeliharaan</h1></body></html>"
    )
    return Response(page, status=200, content_type="text/html; charset=utf-8")


def truncated_json(_attempt: int, body: dict[str, Any]) -> Response:
    """The page's JSON cut in the middle (the Content-Length matches the cut body)."""
    text = json.dumps(body, ensure_ascii=False)
    return Response(text[: len(text) // 2], status=200, content_type="application/json")


def items_in_object(_attempt: int, body: dict[str, Any]) -> Response:
    """``data`` is an object wrapping the list instead of the list itself."""
    return json_response({**body, "data": {"laporan": body["data"], "jumlah": len(body["data"])}})


def renamed(item: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    return {new if key == old else key: value for key, value in item.items()}


# --- fixtures ----------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """One published site: content root, output and state file under ``work``."""

    work: Path
    config: Path

    @property
    def root(self) -> Path:
        return self.work / "content"

    @property
    def output(self) -> Path:
        return self.work / "output"

    @property
    def state(self) -> Path:
        return self.work / ".state" / "sync.json"

    def argv(self, config: Path | None = None) -> list[str]:
        return ["update", "--site", str(self.work), "--config", str(config or self.config)]


Snapshot = dict[str, tuple[bytes, int] | None]


def snapshot(root: Path) -> Snapshot:
    """Every path under ``root``: files as ``(bytes, mtime_ns)``, directories as ``None``."""
    return {
        path.relative_to(root).as_posix(): (
            (path.read_bytes(), path.stat().st_mtime_ns) if path.is_file() else None
        )
        for path in sorted(root.rglob("*"))
    }


def changed_paths(before: Snapshot, after: Snapshot) -> list[str]:
    """Paths added, removed or changed (in bytes or mtime)."""
    return [
        name
        for name in sorted(before.keys() | after.keys())
        if before.get(name, "absent") != after.get(name, "absent")
    ]


def differences(before: Snapshot, after: Snapshot) -> list[str]:
    """:func:`changed_paths` with what happened to each, for a readable assertion."""
    return [
        f"{'added' if name not in before else 'removed' if name not in after else 'changed'} {name}"
        for name in changed_paths(before, after)
    ]


def write_config(path: Path, base_url: str) -> Path:
    fields = "\n".join(f'"{source}" = "{target}"' for source, target in FIELDS.items())
    path.write_text(
        CONFIG_TEMPLATE.format(
            base_url=base_url,
            endpoint=ENDPOINT,
            token_env=TOKEN_ENV,
            page_size=PAGE_SIZE,
            fields=fields,
        ),
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def _environment() -> Iterator[None]:
    """The token and pseudonym key in the environment; local servers reached directly."""
    with pytest.MonkeyPatch.context() as patch:
        for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
            patch.delenv(var, raising=False)
        patch.delenv("all_proxy", raising=False)
        patch.setenv("NO_PROXY", "127.0.0.1,localhost")
        patch.setenv(TOKEN_ENV, TOKEN)
        patch.setenv("LAPOR_SITE_SECRET", "test-pseudonym-key-for-fault-tests")
        # The test server's access log shows what it received; that is not our output.
        patch.setattr(logging.getLogger("werkzeug"), "disabled", True)
        yield


@pytest.fixture(scope="module")
def api_server(_environment: None) -> Iterator[HTTPServer]:
    server = HTTPServer("127.0.0.1", 0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory, api_server: HTTPServer) -> Site:
    """The first, successful update against the healthy API."""
    base = tmp_path_factory.mktemp("baseline")
    config = write_config(base / "sync.toml", f"http://127.0.0.1:{api_server.port}")
    site = Site(base / "work", config)
    new_site(site.work)
    api_server.clear()
    api_server.expect_request(ENDPOINT).respond_with_handler(FakeApi(ITEMS))
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(site.argv())
    api_server.clear()
    assert code == 0, err.getvalue()
    assert "leak audit passed" in err.getvalue()
    assert json.loads(site.state.read_text(encoding="utf-8"))["source"] == "lapor-api"
    return site


@pytest.fixture
def site(
    baseline: Site,
    api_server: HTTPServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> Site:
    """A byte-exact copy (mtimes included) of the baseline, with its own state file."""
    site = Site(tmp_path / "work", baseline.config)
    shutil.copytree(baseline.work, site.work)
    caplog.set_level(logging.DEBUG)
    api_server.clear()
    return site


# --- assertions ----------------------------------------------------------------


def pages_requested(server: HTTPServer) -> list[int]:
    return [int(request.args.get("page", "1")) for request, _response in server.log]


def first_success(before: Snapshot) -> bytes:
    """The state file's bytes as the first, successful update left them."""
    entry = before[".state/sync.json"]
    assert entry is not None
    return entry[0]


def assert_no_token(capsys_out: str, capsys_err: str, caplog: pytest.LogCaptureFixture) -> None:
    assert TOKEN not in capsys_out
    assert TOKEN not in capsys_err
    assert TOKEN not in caplog.text
    for record in caplog.records:
        assert TOKEN not in record.getMessage(), record.name


def assert_failed_cleanly(
    site: Site,
    before: Snapshot,
    code: int,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    fragments: tuple[str, ...],
    *,
    url: bool = True,
) -> str:
    """Exit 1, one safe stderr line naming the fault, nothing published or recorded."""
    out, err = capsys.readouterr()
    assert_no_token(out, err, caplog)
    assert code == 1, err
    lines = err.splitlines()
    assert len(lines) == 1, err
    line = lines[0]
    assert line.startswith("lapor-site update: "), line
    for fragment in fragments:
        assert fragment in line, f"{fragment!r} not in {line!r}"
    if url:
        assert re.search(r"\(GET http://127\.0\.0\.1:\d+/api/v1/laporan\?\S+\)$", line), line
    assert differences(before, snapshot(site.work)) == []
    assert site.state.read_bytes() == first_success(before)
    return line


# --- faults --------------------------------------------------------------------

FAULTS = [
    pytest.param(
        FakeApi(ITEMS, {1: http_error(503)}),
        ("lapor-api page 1: HTTP 503 Service Unavailable (gave up after 3 attempts)",),
        [1, 1, 1],
        True,
        id="503-forever",
    ),
    pytest.param(
        FakeApi(ITEMS, {1: http_error(401)}),
        ("lapor-api page 1: HTTP 401 Unauthorized; the credential was refused",),
        [1],
        True,
        id="401-token-refused",
    ),
    pytest.param(
        FakeApi(ITEMS, {1: html_page}),
        ("lapor-api page 1: got an HTML page (text/html), not data",),
        [1],
        True,
        id="html-error-page-with-200",
    ),
    pytest.param(
        FakeApi(ITEMS, {2: truncated_json}),
        (
            "lapor-api page 2: invalid JSON at line 1",
            "the response looks truncated",
            "access_token=***",
        ),
        [1, 2],
        True,
        id="truncated-json",
    ),
    pytest.param(
        FakeApi(ITEMS, {1: items_in_object}),
        ("lapor-api page 1: expected a list of items at 'data', got an object",),
        [1],
        True,
        id="object-instead-of-list",
    ),
    pytest.param(
        FakeApi([renamed(item, "no_tiket", "nomor_tiket") for item in ITEMS]),
        (
            "lapor-api page 1: source field 'no_tiket' (mapped to tracking_id) is missing from "
            "every item; did the source rename it?",
        ),
        [1],
        True,
        id="id-field-renamed",
    ),
    pytest.param(
        FakeApi(ITEMS, next_links={2: FIRST_REQUEST}),
        ("lapor-api page 2: pagination loop: next link", "was already fetched", "access_token=***"),
        [1, 2],
        True,
        id="next-link-back-to-first-request",
    ),
    pytest.param(
        FakeApi(ITEMS, next_links={2: page_url(1)}),
        (
            "lapor-api page 3: pagination loop: this page is identical to page 1",
            "page=1",
            "access_token=***",
        ),
        [1, 2, 1],
        True,
        id="next-link-back-to-page-1",
    ),
    pytest.param(
        FakeApi(
            [
                laporan(n, tanggal={"masuk": "kemarin sore"}) if n in (1, 9, 14, 22) else item
                for n, item in enumerate(ITEMS)
            ]
        ),
        (
            "4 of 27 records from lapor-api invalid (15%, limit 10%); nothing published; "
            "first: page 1 item 2",
            "submitted_at: not an ISO 8601 date",
        ),
        [1, 2, 3],
        False,
        id="over-10-percent-invalid",
    ),
    pytest.param(
        FakeApi([laporan(n, status="Dibatalkan") for n in range(RECORD_COUNT)]),
        ("no valid record among 27 read from lapor-api; nothing published",),
        [1, 2, 3],
        False,
        id="zero-valid-records",
    ),
]


@pytest.mark.parametrize(("api", "fragments", "pages", "url"), FAULTS)
def test_api_fault_leaves_site_and_state_untouched(
    site: Site,
    api_server: HTTPServer,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    api: FakeApi,
    fragments: tuple[str, ...],
    pages: list[int],
    url: bool,
) -> None:
    api.attempts.clear()
    api.first_request = ""
    api_server.expect_request(ENDPOINT).respond_with_handler(api)
    before = snapshot(site.work)
    code = main(site.argv())
    assert_failed_cleanly(site, before, code, capsys, caplog, fragments, url=url)
    assert pages_requested(api_server) == pages


def test_connection_refused(
    site: Site,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    config = write_config(tmp_path / "refused.toml", f"http://127.0.0.1:{port}")
    before = snapshot(site.work)
    code = main(site.argv(config))
    line = assert_failed_cleanly(
        site, before, code, capsys, caplog,
        ("lapor-api page 1: connection refused (3 attempts)",),
    )  # fmt: skip
    assert f"127.0.0.1:{port}/api/v1/laporan?" in line


def test_read_timeout_is_retried_then_fails(
    site: Site,
    api_server: HTTPServer,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    release = threading.Event()

    def hang(_attempt: int, _body: dict[str, Any]) -> None:
        release.wait(10)  # far longer than read_timeout = 1 s; released when main returns

    api_server.expect_request(ENDPOINT).respond_with_handler(FakeApi(ITEMS, {2: hang}))
    before = snapshot(site.work)
    started = time.monotonic()
    try:
        code = main(site.argv())
    finally:
        release.set()
    elapsed = time.monotonic() - started
    assert_failed_cleanly(
        site, before, code, capsys, caplog,
        ("lapor-api page 2: read timeout after 1 s (3 attempts)", "access_token=***"),
    )  # fmt: skip
    assert 3 <= elapsed < 6  # three attempts of 1 s each, not one 10 s wait
    deadline = time.monotonic() + 3
    while len(api_server.log) < 4 and time.monotonic() < deadline:  # hung handlers finish
        time.sleep(0.02)
    assert pages_requested(api_server) == [1, 2, 2, 2]


@pytest.mark.parametrize(
    ("reply", "fragment", "page_2_requests"),
    [
        pytest.param(
            lambda body: None,
            "connection closed or reset by the server (3 attempts)",
            3,
            id="closed-without-answer",
        ),
        pytest.param(
            lambda body: http_response(body[: len(body) // 2], content_length=len(body)),
            "connection closed in the middle of the response",
            1,
            id="closed-mid-body",
        ),
    ],
)
def test_connection_dropped_on_page_2(
    site: Site,
    tmp_path: Path,
    raw_server: Callable[[Callable[..., bytes | None]], RawServer],
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    reply: Callable[[bytes], bytes | None],
    fragment: str,
    page_2_requests: int,
) -> None:
    api = FakeApi(ITEMS)

    def handle(path: str, headers: dict[str, str], _server: RawServer) -> bytes | None:
        assert headers.get("authorization") == f"Bearer {TOKEN}"
        page = int(parse_qs(urlsplit(path).query).get("page", ["1"])[0])
        return http_response(api.body(page)) if page == 1 else reply(api.body(page))

    server = raw_server(handle)
    config = write_config(tmp_path / "raw.toml", server.url(""))
    before = snapshot(site.work)
    code = main(site.argv(config))
    assert_failed_cleanly(
        site, before, code, capsys, caplog,
        (f"lapor-api page 2: {fragment}", "page=2", "access_token=***"),
    )  # fmt: skip
    pages = [parse_qs(urlsplit(path).query).get("page", ["1"])[0] for path, _ in server.requests]
    assert pages == ["1"] + ["2"] * page_2_requests


# --- not faults: a retried answer that then succeeds ----------------------------


def case_pages(output: Path) -> list[Path]:
    return [p for p in (output / "kasus").iterdir() if p.is_dir() and p.name != "page"]


def test_500_then_success_publishes_changed_data(
    site: Site,
    api_server: HTTPServer,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    api = FakeApi([*ITEMS, NEW_ITEM], {2: http_error(500, times=1)})
    api_server.expect_request(ENDPOINT).respond_with_handler(api)
    state = json.loads(site.state.read_text(encoding="utf-8"))
    cases = len(case_pages(site.output))
    before = snapshot(site.work)
    code = main(site.argv())
    out, err = capsys.readouterr()
    assert code == 0, err
    assert_no_token(out, err, caplog)
    assert pages_requested(api_server) == [1, 2, 2, 3]
    assert "content changed" in err and "leak audit passed" in err
    assert len(case_pages(site.output)) == cases + 1
    home = b"".join(p.read_bytes() for p in (site.output / "kasus").rglob("*.html"))
    assert b"Lampu penerangan jalan padam di Jl. Pahlawan" in home
    changed = changed_paths(before, snapshot(site.work))
    assert any(name.startswith("content/generated/kasus/") for name in changed), changed
    assert "output/index.html" in changed and "output/data/statistik.json" in changed
    after = json.loads(site.state.read_text(encoding="utf-8"))
    assert after["published_cases"] == state["published_cases"] + 1
    assert after["data_as_of"] > state["data_as_of"]
    assert after["watermark"] == "2025-04-02T15:30:00+08:00"


def test_429_with_retry_after_then_success_changes_nothing(
    site: Site,
    api_server: HTTPServer,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    api = FakeApi(ITEMS, {1: http_error(429, times=1, retry_after="1")})
    api_server.expect_request(ENDPOINT).respond_with_handler(api)
    before = snapshot(site.work)
    started = time.monotonic()
    code = main(site.argv())
    elapsed = time.monotonic() - started
    out, err = capsys.readouterr()
    assert code == 0, err
    assert_no_token(out, err, caplog)
    assert pages_requested(api_server) == [1, 1, 2, 3]
    assert elapsed >= 1.0  # Retry-After was honoured
    assert "content unchanged" in err
    # Same data: no byte (nor mtime) of content/ or output/ changes; only the state moves on.
    changed = changed_paths(before, snapshot(site.work))
    assert [name for name in changed if not name.startswith(".state/sync.json")] == [], changed


# --- a failing build -------------------------------------------------------------

#: A hand-written page that leaks a phone number and an NIK (the NIK is also reporter
#: 1's, so the audit flags it as an identity value too).
LEAKY_PAGE = """\
Title: Kontak petugas piket
Slug: kontak-piket

Hubungi petugas piket di 0812-3456-7890 (NIK 6472010101900001).
"""


def run_leaky_update(site: Site, api_server: HTTPServer) -> int:
    """A healthy sync, then a build whose content root holds :data:`LEAKY_PAGE`."""
    api_server.expect_request(ENDPOINT).respond_with_handler(FakeApi(ITEMS))
    shutil.copytree(INSTALL_ROOT / "content" / "pages", site.root / "pages")
    (site.root / "pages" / "kontak-piket.md").write_text(LEAKY_PAGE, encoding="utf-8")
    return main(site.argv())


def test_leak_audit_failure_keeps_output(
    site: Site,
    api_server: HTTPServer,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    output_before = snapshot(site.output)
    state_before = site.state.read_bytes()
    code = run_leaky_update(site, api_server)
    out, err = capsys.readouterr()
    assert_no_token(out, err, caplog)
    assert code == 1, err
    assert "content unchanged" in err  # the sync half succeeded
    failures = [line for line in err.splitlines() if line.startswith("lapor-site update: ")]
    assert len(failures) == 1, err
    # Three in the page, three again in its site-search index fragment (lapor_site.build).
    assert "leak audit: 6 possible personal data item(s); output not published" in failures[0]
    assert "pagefind/fragment/" in err
    assert "0812-3456-7890" not in err and "6472010101900001" not in err
    assert differences(output_before, snapshot(site.output)) == []
    assert site.state.read_bytes() == state_before  # no success recorded
    assert leftovers(site.work) == []  # no staging


def test_leak_audit_failure_ends_with_the_error_line(
    site: Site, api_server: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_leaky_update(site, api_server) == 1
    last = capsys.readouterr().err.splitlines()[-1]
    assert last.startswith("lapor-site update: leak audit"), last
