"""Gate: the built site's open data (``data/``) and static JSON API (``api/v1/``).

The real Frictionless validator checks ``data/datapackage.json`` and every
file it describes (schema and data); the API's counts must be the
statistics' and the case file's, every agency page must have its API file,
and every file the package lists must be reachable from the Data page.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pytest
from frictionless import validate

pytestmark = pytest.mark.gates


def _json(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))


def test_data_package_is_valid(site_dir: Path) -> None:
    package = site_dir / "data" / "datapackage.json"
    assert package.is_file(), f"no {package}"
    report = validate(package)
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "message"])
    described = {r["path"] for r in _json(package)["resources"]} | {package.name}
    assert described == {p.name for p in (site_dir / "data").iterdir()}


def test_api_matches_the_statistics_and_the_cases(site_dir: Path) -> None:
    stats = _json(site_dir / "data" / "statistik.json")
    text = (site_dir / "data" / "kasus.csv").read_text(encoding="utf-8")
    cases = list(csv.DictReader(io.StringIO(text)))
    api = site_dir / "api" / "v1"
    summary = _json(api / "summary.json")
    assert summary["totals"] == stats["totals"]
    assert summary["totals"]["published"] == len(cases)
    per_agency = Counter(case["agency"] for case in cases)
    index = _json(api / "agencies.json")
    assert sum(item["reports"] for item in index["items"]) == stats["totals"]["all"]
    for item in index["items"]:
        if item["slug"]:
            one = _json(api / "agencies" / f"{item['slug']}.json")
            assert one["published_cases"] == per_agency[item["name"]], item["name"]
            assert one["statistics"]["total"] == item["reports"]


def test_every_agency_page_has_its_api_file(site_dir: Path) -> None:
    pages = {p.parent.name for p in (site_dir / "instansi").glob("*/index.html")} - {"page"}
    files = {p.stem for p in (site_dir / "api" / "v1" / "agencies").glob("*.json")}
    assert pages and pages == files


@pytest.mark.parametrize("page", ["data-terbuka", "en/data-terbuka"])
def test_data_page_links_every_file(site_dir: Path, page: str) -> None:
    html = (site_dir / page / "index.html").read_text(encoding="utf-8")
    for resource in _json(site_dir / "data" / "datapackage.json")["resources"]:
        assert f'data/{resource["path"]}"' in html, resource["path"]
