"""The working-day limits a site states are its own ``[limits]``, on every page and in the data.

A deployment with other limits (and another publishing office) is built from
scratch; its statistics page, agency pages and open-data descriptions must
state those limits and that office, never the reference deployment's 3, 5
and 15 working days or East Kalimantan's Diskominfo.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from factories import new_site, records, write_jsonl

from lapor_site.cli import main

LIMITS = {"verification": 4, "first_response": 7, "unhandled": 21}
PUBLISHER = ("Dinas Kominfo Kabupaten Contoh", "Communications Office, Contoh Regency")
#: What the reference deployment states, which this site must not.
REFERENCE = re.compile(r"\b(?:3|5|15)(?: hari kerja| working days|-working-day)|Diskominfo")


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("limits")
    site = new_site(folder / "site")
    region = site / "region.toml"
    text = region.read_text(encoding="utf-8")
    for key, value in LIMITS.items():
        text, count = re.subn(rf"(?m)^{key} = \d+$", f"{key} = {value}", text)
        assert count == 1, key
    text = re.sub(r'(?m)^publisher = ".*"$', f'publisher = "{PUBLISHER[0]}"', text)
    text = re.sub(r'(?m)^publisher_en = ".*"$', f'publisher_en = "{PUBLISHER[1]}"', text)
    region.write_text(text, encoding="utf-8")
    data = write_jsonl(folder / "input.jsonl", records(8))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LAPOR_SITE_SECRET", "limits-test-key")
        assert main(["update", "--site", str(site), "--input", str(data)]) == 0
    return site / "output"


def visible_text(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    main_part = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main_part).split())


@pytest.mark.parametrize(
    ("page", "days"), [("statistik/", "hari kerja"), ("en/statistik/", "working days")]
)
def test_the_statistics_page_states_this_sites_limits(output: Path, page: str, days: str) -> None:
    text = visible_text(output / page / "index.html")
    for value in LIMITS.values():
        assert f"{value} {days}" in text or f"{value}-working-day" in text, value
    assert PUBLISHER[page.startswith("en/")] in text
    assert not REFERENCE.search(text), REFERENCE.search(text).group(0)


def test_agency_pages_state_this_sites_limits(output: Path) -> None:
    pages = sorted((output / "instansi").glob("*/index.html"))
    pages += sorted((output / "en" / "instansi").glob("*/index.html"))
    assert len(pages) >= 2
    for path in pages:
        text = visible_text(path)
        assert str(LIMITS["first_response"]) in text, path
        assert not REFERENCE.search(text), (path, REFERENCE.search(text).group(0))


@pytest.mark.parametrize("page", ["metodologi/", "en/metodologi/"])
def test_the_methodology_states_this_sites_limits(output: Path, page: str) -> None:
    text = visible_text(output / page / "index.html")
    assert str(LIMITS["verification"]) in text and str(LIMITS["first_response"]) in text
    assert not REFERENCE.search(text), REFERENCE.search(text).group(0)


def test_open_data_descriptions_name_no_fixed_limit(output: Path) -> None:
    package = json.loads((output / "data" / "datapackage.json").read_text(encoding="utf-8"))
    descriptions = [
        field["description"]
        for resource in package["resources"]
        for field in resource.get("schema", {}).get("fields", [])
    ]
    assert any("limit_working_days" in d for d in descriptions)
    assert not [d for d in descriptions if REFERENCE.search(d)]
    limits = (output / "data" / "statistik-ketepatan-waktu.csv").read_text(encoding="utf-8")
    rows = {line.split(",")[0]: line.split(",")[1] for line in limits.splitlines()[1:]}
    assert rows["verification"] == str(LIMITS["verification"])
    assert rows["first_response"] == str(LIMITS["first_response"])
    assert rows["unhandled"] == str(LIMITS["unhandled"])
