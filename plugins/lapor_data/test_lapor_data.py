"""lapor_data on a real build: data/ as the pipeline wrote it, the JSON API, the Data page.

One small synthetic site goes through ``lapor-site update`` (sync, Pelican,
leak audit, link check); a second ``build`` of the same content must give
the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from frictionless import validate

from lapor_data import in_lang
from lapor_site.audit import audit_tree
from lapor_site.cli import main
from lapor_site.site import INSTALL_ROOT

TRANSLATIONS = INSTALL_ROOT / "theme" / "translations" / "en" / "LC_MESSAGES"
AGENCIES = ("Dinas Sosial", "Dinas Kesehatan", "Badan Pendapatan Daerah")
#: A synthetic reporter (no real person): name, NIK, phone.
REPORTER = ("Rahmat Hidayatullah", "6472010101900001", "081255501234")


def make_record(**overrides: object) -> dict[str, object]:
    """A resolved, public synthetic record (no real person); override any field."""
    record = {
        "tracking_id": "LAP-1",
        "submitted_at": "2026-03-02T09:15:00+08:00",
        "verified_at": "2026-03-03T10:00:00+08:00",
        "forwarded_at": "2026-03-03T11:00:00+08:00",
        "first_response_at": "2026-03-05T08:30:00+08:00",
        "resolved_at": "2026-03-10T16:00:00+08:00",
        "title": "Lampu jalan mati",
        "description": "Lampu jalan di depan pasar mati sejak dua minggu.",
        "response": "Lampu telah diganti.",
        "category": "Infrastruktur Jalan",
        "agency": "Dinas Perhubungan",
        "region": "Kota Samarinda",
        "district": "Samarinda Ulu",
        "channel": "web",
        "type": "pengaduan",
        "status": "resolved",
        "privacy": "public",
        "reporter_name": REPORTER[0],
        "reporter_nik": REPORTER[1],
        "reporter_phone": REPORTER[2],
    }
    return record | overrides


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("lapor-data")
    folder = root / "site"
    folder.mkdir()
    (folder / "region.toml").write_bytes((INSTALL_ROOT / "region.toml").read_bytes())
    rows = []
    for n, agency in enumerate(AGENCIES):
        rows += [
            make_record(tracking_id=f"LAP-{n}-{i}", agency=agency, region=f"Kota {n % 2}")
            for i in range(3 + n)
        ]
    rows.append(make_record(tracking_id="SECRET", privacy="confidential", agency="Dinas Rahasia"))
    rows.append(make_record(tracking_id="OPEN", status="in_progress", resolved_at=""))
    rows += [make_record(tracking_id=f"NONE-{i}", agency="", category="Air Bersih") for i in (1, 2)]
    data = root / "in.jsonl"
    data.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LAPOR_SITE_SECRET", "lapor-data-test-key")
        assert main(["update", "--site", str(folder), "--input", str(data)]) == 0
    return folder


def _json(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_data_folder_is_the_pipelines_and_valid(site: Path) -> None:
    generated = site / "content" / "generated" / "data"
    assert _tree(site / "output" / "data") == _tree(generated)
    report = validate(site / "output" / "data" / "datapackage.json")
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "message"])


def test_api_counts_match_the_statistics_and_the_cases(site: Path) -> None:
    out = site / "output"
    stats = _json(out / "data" / "statistik.json")
    published = list(csv.DictReader(io.StringIO((out / "data" / "kasus.csv").read_text())))
    summary = _json(out / "api" / "v1" / "summary.json")
    assert summary["api_version"] == 1 and summary["data_per"] == stats["as_of"]
    assert summary["totals"] == stats["totals"] and summary["totals"]["published"] == len(published)
    assert summary["links"]["page"].endswith("/statistik/")
    assert summary["official_channel"]["web"].startswith("https://")
    for kind, table, column in (
        ("agencies", "by_agency", "agency"),
        ("categories", "by_category", "category"),
        ("regions", "by_region", "region"),
    ):
        index = _json(out / "api" / "v1" / f"{kind}.json")
        assert [(i["name"], i["reports"]) for i in index["items"]] == [
            (row["name"], row["total"]) for row in stats[table]
        ]
        assert sum(i["reports"] for i in index["items"]) == stats["totals"]["all"]
        for item in index["items"]:
            named = sum(case[column] == item["name"] for case in published)
            if item["slug"] is None:
                continue
            one = _json(out / "api" / "v1" / kind / f"{item['slug']}.json")
            assert one["name"] == item["name"] and one["published_cases"] == named
            row = next(r for r in stats[table] if r["name"] == item["name"])
            assert one["statistics"] == {k: v for k, v in row.items() if k != "name"}
            assert one["links"]["page"] == item["page"]


def test_every_agency_page_has_its_api_file_and_back(site: Path) -> None:
    out = site / "output"
    pages = {p.parent.name for p in (out / "instansi").glob("*/index.html")} - {"page"}
    files = {p.stem for p in (out / "api" / "v1" / "agencies").glob("*.json")}
    # Agencies with no published case get a page and a file too (SECRET, OPEN).
    assert pages == files and len(files) == len(AGENCIES) + 2
    for kind, folder in (("categories", "kategori"), ("regions", "wilayah")):
        listed = {p.parent.name for p in (out / folder).glob("*/index.html")} - {"page"}
        assert listed == {p.stem for p in (out / "api" / "v1" / kind).glob("*.json")}


def test_a_second_build_gives_the_same_bytes(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LAPOR_SITE_SECRET", "lapor-data-test-key")
        assert main(["build", "--production", "--site", str(site), "--output", str(again)]) == 0
    first = _tree(site / "output")
    second = _tree(again)
    for part in ("api/", "data/", "data-terbuka/", "en/data-terbuka/"):
        mine = {k: v for k, v in first.items() if k.startswith(part)}
        assert mine and mine == {k: v for k, v in second.items() if k.startswith(part)}, part
    assert b'"api_version": 1' in first["api/v1/agencies.json"]
    text = first["api/v1/summary.json"].decode()
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def test_data_page_lists_every_file_in_both_languages(site: Path) -> None:
    out = site / "output"
    package = _json(out / "data" / "datapackage.json")
    indonesian = (out / "data-terbuka" / "index.html").read_text(encoding="utf-8")
    english = (out / "en" / "data-terbuka" / "index.html").read_text(encoding="utf-8")
    for resource in package["resources"]:
        assert f'/data/{resource["path"]}"' in indonesian, resource["path"]
        assert f'/data/{resource["path"]}"' in english, resource["path"]
    assert "Daftar berkas" in indonesian and "Files" in english and "Daftar berkas" not in english
    assert "Kasus selesai yang diterbitkan" in indonesian
    assert "Published resolved cases" in english
    assert "CC BY 4.0" in indonesian and "CC BY 4.0" in english
    assert "metodologi/" in indonesian and "tidak berarti pelayanannya baik" in indonesian
    assert "do not mean that its service is good" in english
    assert "curl -s https://" in indonesian and "/api/v1/summary.json" in english
    assert "/api/v1/agencies/" in indonesian  # an example agency file, linked
    assert "semua berkas dan API" in (out / "index.html").read_text(encoding="utf-8")


def test_leak_audit_reads_the_api_and_data_files(site: Path, tmp_path: Path) -> None:
    out = site / "output"
    assert audit_tree(out / "api", REPORTER) == [] and audit_tree(out / "data", REPORTER) == []
    planted = tmp_path / "api"
    shutil.copytree(out / "api", planted)
    target = planted / "v1" / "summary.json"
    leak = json.dumps({"note": f"hubungi {REPORTER[2]}"}, ensure_ascii=True)
    target.write_text(target.read_text(encoding="utf-8") + leak, encoding="utf-8")
    assert {f.path for f in audit_tree(planted, REPORTER)} == {"v1/summary.json"}


def test_in_lang_picks_a_half() -> None:
    assert in_lang("Kabupaten/kota / Regency/city", "en") == "Regency/city"
    assert in_lang("Kabupaten/kota / Regency/city") == "Kabupaten/kota"
    assert in_lang("Tanpa terjemahan", "en") == "Tanpa terjemahan"
    assert in_lang(None) == ""


def test_strings_are_translated_in_one_catalog_only() -> None:
    def ids(path: Path) -> set[str]:
        with path.open("rb") as handle:
            return {str(m.id) for m in read_po(handle) if m.id}

    mine = ids(TRANSLATIONS / "opendata.po")
    assert mine
    for other in TRANSLATIONS.glob("*.po"):
        if other.name != "opendata.po":
            assert sorted(mine & ids(other)) == [], other.name
