"""``lapor-site sync`` and ``update`` end to end, through the command-line entry point."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import make_record, new_site, records

from lapor_site.cli import main

IDENTITY = ("Rahmat Hidayatullah", "6472010101900001", "081255501234", "rahmat.contoh@example.com")


@pytest.fixture(autouse=True)
def _secret(monkeypatch):
    monkeypatch.setenv("LAPOR_SITE_SECRET", "sync-cli-test-key")


@pytest.fixture
def site(tmp_path) -> Path:
    return new_site(tmp_path / "site")


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _sync(input_path: Path, site: Path) -> int:
    return main(["sync", "--site", str(site), "--input", str(input_path)])


def test_sync_publishes_valid_records_and_lists_invalid_ones(jsonl, site, capsys):
    rows = [*records(30), make_record(tracking_id="BROKEN", submitted_at="2026-13-45")]
    rows.append(make_record(tracking_id="RAHASIA", privacy="confidential"))
    rows.append(make_record(tracking_id="OPEN", status="in_progress", resolved_at=""))
    content = site / "content" / "generated"
    assert _sync(jsonl(rows), site) == 0
    err = capsys.readouterr().err
    assert "line 31 (id BROKEN): submitted_at: not an ISO 8601 date" in err
    assert len(list((content / "kasus").glob("*.md"))) == 30  # not the confidential or open one
    everything = b"".join(_tree(content).values()).decode()
    for value in (*IDENTITY, "LAP-TEST-0001", "RAHASIA"):
        assert value not in everything
    for value in IDENTITY:
        assert value not in err


def test_second_sync_changes_no_byte(jsonl, site, capsys):
    content = site / "content" / "generated"
    source = jsonl(records(10))
    assert _sync(source, site) == 0
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in content.rglob("*") if p.is_file()}
    assert _sync(source, site) == 0
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in content.rglob("*") if p.is_file()}
    assert before == after
    assert "content unchanged" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (records(8) + [make_record(tracking_id=f"X{i}", status="??") for i in range(2)],
         "2 of 10 records from file invalid (20%, limit 10%); nothing published"),
        ([make_record(tracking_id="", status="??")], "no valid record among 1"),
    ],
)  # fmt: skip
def test_refused_sync_keeps_published_content(jsonl, site, capsys, rows, message):
    assert _sync(jsonl(records(5), "good.jsonl"), site) == 0
    before = _tree(site)
    capsys.readouterr()
    assert _sync(jsonl(rows, "bad.jsonl"), site) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0], err
    assert _tree(site) == before


def test_missing_input_is_one_clear_line(tmp_path, site, capsys):
    assert _sync(tmp_path / "nope.jsonl", site) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "nope.jsonl" in line
    assert not (site / "content" / "generated").exists()


def test_update_builds_site_with_feeds(jsonl, site, capsys):
    output = site / "output"
    code = main(["update", "--site", str(site), "--input", str(jsonl(records(25)))])
    assert code == 0, capsys.readouterr().err
    cases = [p for p in (output / "kasus").iterdir() if p.name != "page" and p.is_dir()]
    assert len(cases) == 25
    # 25 cases at 20 a page: the first page holds them all (an archive page needs 40).
    assert "(25 dari 25)" in (output / "kasus" / "index.html").read_text(encoding="utf-8")
    assert not (output / "kasus" / "page").exists()
    assert (output / "data" / "statistik.json").exists()
    atom = (output / "feeds" / "kasus.atom.xml").read_text(encoding="utf-8")
    assert atom.count("<entry>") == 25
    assert "lapor.go.id" in atom
    home = (output / "index.html").read_text(encoding="utf-8")
    assert "SMS <strong>1708</strong>" in home and "@LAPOR1708" in home
    assert main(["status", "--site", str(site)]) == 0
    assert "published_cases: 25" in capsys.readouterr().out
