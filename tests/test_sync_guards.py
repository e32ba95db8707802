"""Guards before publishing, through ``lapor-site sync``: future dates, refusal reasons,
the region's time zone for naive dates, and the warning lines of a national export."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from factories import make_record, new_site, records

from lapor_site.cli import main
from lapor_site.site import INSTALL_ROOT as ROOT


@pytest.fixture(autouse=True)
def _secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAPOR_SITE_SECRET", "sync-guards-test-key")


def _sync(input_path: Path, content: Path, *extra: str) -> int:
    """Sync into the site folder whose ``content/generated`` is ``content``."""
    site = new_site(content.parent.parent)
    return main([*extra, "sync", "--site", str(site), "--input", str(input_path)])


def test_future_date_is_skipped_and_never_becomes_data_per(jsonl, tmp_path, capsys) -> None:
    rows = [
        *records(30),
        make_record(tracking_id="FUTURE", resolved_at="2090-05-05T10:00:00+08:00"),
    ]
    content = tmp_path / "content" / "generated"
    assert _sync(jsonl(rows), content) == 0
    err = capsys.readouterr().err
    assert "line 31 (id FUTURE): resolved_at: is in the future" in err
    assert "data as of 2026-03-10" in err
    generated = "".join(p.read_text("utf-8") for p in content.rglob("*") if p.is_file())
    assert "2090-" not in generated


def test_refusal_names_reasons_counts_and_fix(jsonl, tmp_path, capsys) -> None:
    rows = [make_record(tracking_id=f"D{i}", status="Ditutup") for i in range(30)]
    assert _sync(jsonl(rows), tmp_path / "content" / "generated") == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line == (
        "lapor-site sync: no valid record among 30 read from file; nothing published; "
        "status: unknown value 'Ditutup' × 30: map it under [sources.file.values.status]"
    )


def test_region_time_zone_applies_to_naive_dates(jsonl, tmp_path, capsys) -> None:
    region = tmp_path / "jakarta.toml"
    text = (ROOT / "region.toml").read_text(encoding="utf-8")
    region.write_text(
        text.replace('timezone = "Asia/Makassar"', 'timezone = "Asia/Jakarta"'), encoding="utf-8"
    )
    rows = [make_record(submitted_at="2026-03-02 09:15:00", resolved_at="2026-03-10 16:00")]
    assert _sync(jsonl(rows), tmp_path / "content" / "generated", "--region", str(region)) == 0, (
        capsys.readouterr().err
    )
    store = tmp_path / ".state" / "sync.cases.jsonl"
    (case,) = [json.loads(line) for line in store.read_text("utf-8").splitlines()]
    assert case["submitted_at"] == "2026-03-02T09:15:00+07:00"
    assert case["resolved_at"] == "2026-03-10T16:00:00+07:00"


def test_national_export_prints_warning_lines(tmp_path: Path) -> None:
    """A real run: the warning lines reach stderr next to the summary."""
    path = tmp_path / "lapor.csv"
    header = ["id", "JudulLaporan", "IsiLaporan", "Status", "TanggalLaporanMasuk"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for n in range(1, 6):
            body = "jalan " * (5000 if n == 1 else 3)
            writer.writerow([n, f"Jalan rusak {n}", body, "Selesai", f"2014-03-0{n} 10:22:13"])
    env = {**os.environ, "LAPOR_SITE_SECRET": "sync-guards-test-key", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "lapor_site.cli", "sync", "--input", str(path),
         "--site", str(new_site(tmp_path))],
        capture_output=True, encoding="utf-8", env=env, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert any(
        line.startswith("warning: [sources.file] privacy missing on 5 of 5 records")
        for line in lines
    ), done.stderr
    assert "warning: cut at a word boundary (text over 20,000 characters" in done.stderr
    assert "description 1" in done.stderr
    assert "cases published: 0" in done.stderr
