"""Synthetic records for tests (no real person) and helpers to write input files."""

from __future__ import annotations

import json
from pathlib import Path


def make_record(**overrides) -> dict:
    """A valid, resolved, public synthetic record; override any field."""
    record = {
        "tracking_id": "LAP-TEST-0001",
        "submitted_at": "2026-03-02T09:15:00+08:00",
        "verified_at": "2026-03-03T10:00:00+08:00",
        "forwarded_at": "2026-03-03T11:00:00+08:00",
        "first_response_at": "2026-03-05T08:30:00+08:00",
        "resolved_at": "2026-03-10T16:00:00+08:00",
        "title": "Lampu jalan mati di Jl. Juanda",
        "description": "Lampu jalan di Jl. Juanda, Samarinda, mati sejak dua minggu.",
        "response": "Terima kasih. Lampu telah diganti pada 9 Maret 2026.",
        "category": "Infrastruktur Jalan",
        "agency": "Dinas Perhubungan",
        "region": "Kota Samarinda",
        "district": "Samarinda Ulu",
        "channel": "web",
        "type": "pengaduan",
        "status": "resolved",
        "privacy": "public",
        "reporter_name": "Rahmat Hidayatullah",
        "reporter_nik": "6472010101900001",
        "reporter_phone": "081255501234",
        "reporter_email": "rahmat.contoh@example.com",
        "satisfaction": 4,
    }
    record.update(overrides)
    return record


def records(count: int, **overrides) -> list[dict]:
    return [make_record(tracking_id=f"LAP-TEST-{i:04d}", **overrides) for i in range(count)]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def new_site(folder: Path) -> Path:
    """A site folder at ``folder`` with the installation's region.toml (pages come from it too)."""
    from lapor_site.site import INSTALL_ROOT

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "region.toml").write_bytes((INSTALL_ROOT / "region.toml").read_bytes())
    return folder


def leftovers(folder: Path) -> list[str]:
    """Staged, backup, journal and partly written files an update left under ``folder``
    (none after any run)."""
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.name.endswith((".staged", ".backup"))
        or p.name in ("transaction.json",)
        or p.name.startswith(("build-", ".transaction"))
        or p.name.endswith(".partial")
    )


def paged_api_sync_toml(site: Path, url: str) -> Path:
    """A ``sync.toml`` in ``site`` for a ``lapor-api`` source at ``url`` that pages with
    ``?page=N``, returns items under ``data`` and pulls incrementally on ``updated_at``."""
    config = site / "sync.toml"
    config.write_text(
        f"""
[sync]
source = "api"
[sources.api]
type = "lapor-api"
base_url = "{url}"
pagination = "page"
page_size = 50
items_path = "data"
since_param = "updated_since"
updated_path = "updated_at"
retries = 0
progress = false
""",
        encoding="utf-8",
    )
    return config
