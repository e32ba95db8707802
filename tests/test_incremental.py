"""Incremental updates: a pull since the last watermark adds to what was published.

A LAPOR!-style API on 127.0.0.1 (pytest-httpserver) is pulled in full once,
then with ``updated_since``; the site must show old and new cases, advance the
watermark, survive an empty pull, and ``--full`` must start over.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factories import make_record, new_site, paged_api_sync_toml
from werkzeug import Request, Response

from lapor_site import state
from lapor_site.cli import main


def _item(tracking_id: str, updated: str, **overrides) -> dict:
    record = make_record(tracking_id=tracking_id, **overrides)
    record["updated_at"] = updated
    return record


@pytest.fixture
def api(tmp_path, httpserver, monkeypatch):
    monkeypatch.setenv("LAPOR_SITE_SECRET", "incremental-test-key")
    new_site(tmp_path)
    config = paged_api_sync_toml(tmp_path, httpserver.url_for("/v1/laporan"))
    served: dict[str, list[dict]] = {"items": []}
    seen: list[dict] = []

    def handler(request: Request) -> Response:
        seen.append(dict(request.args))
        page = int(request.args.get("page", 1))
        items = served["items"] if page == 1 else []
        return Response(json.dumps({"data": items}), content_type="application/json")

    httpserver.expect_request("/v1/laporan").respond_with_handler(handler)
    return config, served, seen


def _update(config: Path, tmp_path: Path, *extra: str) -> int:
    return main(["sync", "--site", str(tmp_path), "--config", str(config), *extra])


def _published(tmp_path: Path) -> int:
    return len(list((tmp_path / "content" / "generated" / "kasus").glob("*.md")))


def load(tmp_path: Path) -> dict:
    return state.load(tmp_path / ".state" / "sync.json")


def test_incremental_pull_adds_to_the_store(api, tmp_path, capsys):
    config, served, seen = api
    served["items"] = [
        _item("A", "2026-03-10T16:00:00+08:00"),
        _item("B", "2026-03-11T09:00:00+08:00", status="in_progress", resolved_at=""),
        _item("C", "2026-03-12T09:00:00+08:00"),
    ]
    assert _update(config, tmp_path) == 0
    assert "updated_since" not in seen[0]
    assert _published(tmp_path) == 2  # B is still open
    assert load(tmp_path)["watermark"] == "2026-03-12T09:00:00+08:00"

    seen.clear()
    served["items"] = [
        _item("B", "2026-03-20T09:00:00+08:00", resolved_at="2026-03-20T09:00:00+08:00"),
        _item("D", "2026-03-21T09:00:00+08:00"),
    ]
    assert _update(config, tmp_path) == 0
    assert seen[0]["updated_since"] == "2026-03-12T09:00:00+08:00"
    assert _published(tmp_path) == 4  # A, C kept; B now resolved; D new
    assert "incremental pull: 2 earlier cases kept from store" in capsys.readouterr().err
    assert load(tmp_path)["watermark"] == "2026-03-21T09:00:00+08:00"

    served["items"] = []  # nothing new since
    assert _update(config, tmp_path) == 0
    assert _published(tmp_path) == 4
    assert load(tmp_path)["watermark"] == "2026-03-21T09:00:00+08:00"
    assert "content unchanged" in capsys.readouterr().err

    seen.clear()
    served["items"] = [_item("A", "2026-03-10T16:00:00+08:00")]
    assert _update(config, tmp_path, "--full") == 1  # 1 case where 4 are shown: refused
    assert "run again with --allow-shrink" in capsys.readouterr().err
    assert _published(tmp_path) == 4
    assert _update(config, tmp_path, "--full", "--allow-shrink") == 0
    assert "updated_since" not in seen[0]
    assert _published(tmp_path) == 1  # a full pull replaces the store


def test_store_holds_no_identity(api, tmp_path):
    config, served, _ = api
    served["items"] = [_item("A", "2026-03-10T16:00:00+08:00")]
    assert _update(config, tmp_path) == 0
    store = (tmp_path / ".state" / "sync.cases.jsonl").read_text(encoding="utf-8")
    for value in ("Rahmat", "6472010101900001", "081255501234", "rahmat.contoh@", '"A"'):
        assert value not in store


def test_damaged_store_is_a_clear_error_and_keeps_content(api, tmp_path, capsys):
    config, served, _ = api
    served["items"] = [_item("A", "2026-03-10T16:00:00+08:00")]
    assert _update(config, tmp_path) == 0
    (tmp_path / ".state" / "sync.cases.jsonl").write_text("{broken\n", encoding="utf-8")
    before = {
        p: p.read_bytes() for p in (tmp_path / "content" / "generated").rglob("*") if p.is_file()
    }
    capsys.readouterr()
    assert _update(config, tmp_path) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "line 1 is damaged" in line and "--full" in line
    assert {
        p: p.read_bytes() for p in (tmp_path / "content" / "generated").rglob("*") if p.is_file()
    } == before


def test_changed_secret_needs_a_full_pull(api, tmp_path, capsys, monkeypatch):
    config, served, _ = api
    served["items"] = [_item("A", "2026-03-10T16:00:00+08:00")]
    assert _update(config, tmp_path) == 0
    before = {p: p.read_bytes() for p in (tmp_path / "content").rglob("*") if p.is_file()}
    monkeypatch.setenv("LAPOR_SITE_SECRET", "a-new-secret")
    served["items"] = [_item("B", "2026-03-12T09:00:00+08:00")]
    capsys.readouterr()
    assert _update(config, tmp_path) == 1  # A would be published under two ids
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "pseudonymized with another LAPOR_SITE_SECRET" in line and "--full" in line
    assert {p: p.read_bytes() for p in (tmp_path / "content").rglob("*") if p.is_file()} == before
    served["items"] = [_item("A", "2026-03-10T16:00:00+08:00"), _item("B", "2026-03-12T09:00")]
    assert _update(config, tmp_path, "--full") == 0
    assert _published(tmp_path) == 2


def test_changed_secret_is_caught_from_the_state_alone(api, tmp_path, capsys, monkeypatch):
    """On a CI runner only .state/ is restored: no content, no output."""
    import shutil

    config, served, _ = api
    served["items"] = [_item("A", "2026-03-10T16:00:00+08:00")]
    assert _update(config, tmp_path) == 0
    shutil.rmtree(tmp_path / "content")
    monkeypatch.setenv("LAPOR_SITE_SECRET", "a-rotated-secret")
    served["items"] = [_item("B", "2026-03-12T09:00:00+08:00")]
    capsys.readouterr()
    assert _update(config, tmp_path) == 1
    assert "pseudonymized with another LAPOR_SITE_SECRET" in capsys.readouterr().err


@pytest.mark.parametrize(
    "bad",
    [
        _item("FUTURE", "2030-01-01T00:00:00+08:00", submitted_at="2030-01-01T00:00:00+08:00"),
        _item("UNKNOWN", "2026-03-20T09:00:00+08:00", status="Ditutup"),
    ],
    ids=["future-dated", "unknown-status"],
)
def test_skipped_records_do_not_move_the_watermark(api, tmp_path, bad):
    config, served, seen = api
    served["items"] = [_item(f"A{i}", "2026-03-10T16:00:00+08:00") for i in range(20)]
    assert _update(config, tmp_path) == 0
    assert load(tmp_path)["watermark"] == "2026-03-10T16:00:00+08:00"
    served["items"] = [_item(f"B{i}", "2026-03-12T09:00:00+08:00") for i in range(10)] + [bad]
    assert _update(config, tmp_path) == 0  # the B cases are published, the bad record skipped
    assert _published(tmp_path) == 30
    # The skipped record must be asked for again once it is fixed: the watermark stays.
    assert load(tmp_path)["watermark"] == "2026-03-10T16:00:00+08:00"
    seen.clear()
    served["items"] = [_item("C", "2026-03-25T09:00:00+08:00")]
    assert _update(config, tmp_path) == 0
    assert seen[0]["updated_since"] == "2026-03-10T16:00:00+08:00"
    assert _published(tmp_path) == 31
    assert load(tmp_path)["watermark"] == "2026-03-25T09:00:00+08:00"


def test_a_watermark_in_the_future_is_cut_to_now(api, tmp_path):
    """A valid record whose change stamp is in the future (a server's clock)."""
    config, served, _ = api
    served["items"] = [_item("A", "2031-01-01T00:00:00+08:00")]
    assert _update(config, tmp_path) == 0
    assert load(tmp_path)["watermark"] < "2031"
