"""Labels of every case, published or not, are redacted; unknown labels are checked harder.

Confidential and unresolved cases never get a page, but their category,
agency, region and district are counted in the statistics: a district typed
as a phone number or a category holding an e-mail address spelled out would
reach ``statistik.json``, the statistics page and ``kecamatan-kategori.csv``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import make_record, new_site, records, write_jsonl

from lapor_site.anonymize import LABEL_PLACEHOLDER
from lapor_site.cli import main

#: (field, hostile label, fragments that must appear nowhere in the built site)
HOSTILE_LABELS = [
    ("district", "0852/5041/6147", ["0852", "5041", "6147"]),
    ("category", "Keluhan budi.santoso at unmul dot ac dot id", ["budi.santoso", "unmul"]),
    ("category", "Hubungi rahmat[at]gmail[dot]com", ["rahmat[at]", "gmail"]),
    ("agency", "Dinas X (hp 0812 3456 7890)", ["0812", "3456 7890"]),
    ("region", "Kota Contoh wa.me/6281234567890", ["6281234567890", "wa.me"]),
    ("district", "Kel. Sidodadi RT 05 NIK 6472031507950001", ["6472031507950001"]),
    ("agency", "Dinas Y kontak pak.eko&#64;example.com", ["pak.eko", "example.com"]),
]
ORDINARY = [
    ("category", "Infrastruktur Jalan"),
    ("agency", "SMP Negeri 12 Samarinda"),
    ("district", "Samarinda Ulu"),
    ("region", "Kota Balikpapan"),
    ("agency", "RSUD Abdul Wahab Sjahranie"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("labels")
    rows = records(30)
    for n, (field, label, _) in enumerate(HOSTILE_LABELS):
        # Never published: confidential, and unresolved.
        rows.append(make_record(tracking_id=f"R{n}", privacy="confidential", **{field: label}))
        rows.append(
            make_record(tracking_id=f"U{n}", status="in_progress", resolved_at="", **{field: label})
        )
    for n, (field, label) in enumerate(ORDINARY):
        rows.append(make_record(tracking_id=f"O{n}", **{field: label}))
    site = new_site(root / "site")
    data = write_jsonl(root / "input.jsonl", rows)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LAPOR_SITE_SECRET", "labels-test-secret")
        assert main(["update", "--site", str(site), "--input", str(data)]) == 0
    return site


def published_text(site: Path) -> str:
    parts = [
        p.read_text(encoding="utf-8")
        for p in sorted((site / "output").rglob("*"))
        if p.suffix in (".html", ".json", ".csv", ".xml")
    ]
    return "\n".join(parts)


@pytest.mark.parametrize(("field", "label", "fragments"), HOSTILE_LABELS)
def test_hostile_labels_of_unpublished_cases_reach_no_output(site, field, label, fragments):
    text = published_text(site)
    for fragment in fragments:
        assert fragment not in text, (field, fragment)


def test_replaced_labels_are_counted_as_one_placeholder(site):
    stats = (site / "output" / "data" / "statistik.json").read_text(encoding="utf-8")
    assert LABEL_PLACEHOLDER in stats


@pytest.mark.parametrize(("field", "label"), ORDINARY)
def test_ordinary_labels_stay(site, field, label):
    assert label in published_text(site)
