"""Each network source syncs a realistic local server into a built site.

``lapor-site update`` is run against GeoReport v2 and CKAN servers on
127.0.0.1 (the same server fakes as the source tests) and the built site is
checked: case pages for the resolved public cases, feeds, statistics, and no
personal data from fields the mapping must drop (Open311 ``address``).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from factories import new_site
from pytest_httpserver import HTTPServer
from test_ckan import RESOURCE, DatastoreServer
from test_ckan import row as ckan_row
from test_open311 import GeoReportServer, service_request

from lapor_site.cli import main


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LAPOR_SITE_SECRET", "end-to-end-test-key")
    return new_site(tmp_path)


def _update(site: Path, config_text: str) -> int:
    (site / "sync.toml").write_text(config_text, encoding="utf-8")
    return main(["update", "--site", str(site)])


def _case_pages(site: Path) -> list[Path]:
    return [p for p in (site / "output" / "kasus").iterdir() if p.is_dir() and p.name != "page"]


def test_open311_server_to_site(site: Path, httpserver: HTTPServer, capsys) -> None:
    start = datetime(2026, 6, 1, 8, tzinfo=UTC)
    items = [service_request(n, start + timedelta(days=n)) for n in range(1, 41)]
    httpserver.expect_request("/v2/requests.json").respond_with_handler(GeoReportServer(items))
    config = f"""
[sync]
source = "open311"
[sources.open311]
base_url = "{httpserver.url_for("/v2")}"
start_date = "2026-05-01"
window_days = 60
retries = 0
progress = false
"""
    assert _update(site, config) == 0, capsys.readouterr().err
    assert len(_case_pages(site)) == 20  # the closed half
    atom = (site / "output" / "feeds" / "kasus.atom.xml").read_text(encoding="utf-8")
    assert atom.count("<entry>") == 20 and "Dinas PUPR Kota Balikpapan" in atom
    stats = json.loads((site / "output" / "data" / "statistik.json").read_text(encoding="utf-8"))
    assert stats["totals"]["all"] == 40
    everything = "".join(p.read_text("utf-8") for p in (site / "output").rglob("*.html"))
    assert "Jl. Contoh No. 1" not in everything  # address is never mapped
    assert "116.8529" not in everything


def test_ckan_server_to_site(site: Path, httpserver: HTTPServer, capsys) -> None:
    rows = [ckan_row(n, _id=n) for n in range(1, 26)]
    httpserver.expect_request("/api/3/action/datastore_search").respond_with_handler(
        DatastoreServer(rows)
    )
    config = f"""
[sync]
source = "ckan"
[sources.ckan]
base_url = "{httpserver.url_for("/")}"
resource_id = "{RESOURCE}"
limit = 10
retries = 0
progress = false
[sources.ckan.defaults]
privacy = "public"
"""
    assert _update(site, config) == 0, capsys.readouterr().err
    assert len(_case_pages(site)) == 25
    page = (_case_pages(site)[0] / "index.html").read_text(encoding="utf-8")
    assert "Pemerintah Kota Samarinda" in page and "WITA" in page
    assert "1200001" not in "".join(p.read_text("utf-8") for p in (site / "output").rglob("*.*")
                                    if p.suffix in (".html", ".xml", ".json", ".csv"))  # fmt: skip
