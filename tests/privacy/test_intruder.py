"""No small kecamatan × category count of unpublished reports can be learned from the site.

The intruder (:mod:`privacy.intruder`) reads everything the site publishes
(every table of ``statistik.json`` with its totals, ``kecamatan-kategori.csv``
and ``kasus.csv``, whose cases are lower bounds on their cells), knows the
official list of kecamatan, and computes by linear and integer programming
over all of it at once the feasible range ``[lo, hi]`` of the number of
unpublished (confidential or unresolved) reports in every kecamatan × category
cell, as a τ-ARGUS audit of linked tables does.

A cell is *protected* when it holds ``u`` = 1 to ``k - 1`` unpublished reports
(``k`` = ``[data] min_cell_count``). Its protection interval, in τ-ARGUS's
terms with lower protection level ``u`` and upper protection level ``k - u``,
is ``[0, k]``: the intruder must not be able to rule out that the cell holds
no unpublished report (nothing is learned about anyone in it), nor that it
holds ``k`` or more. So:

* on the bundled sample, after a real ``lapor-site update``: ``lo == 0`` and
  ``hi >= k`` for every protected cell;
* on adversarial synthetic tables, where a kabupaten/kota or a category may
  have a single unpublished report, the one-way tables by kabupaten/kota and
  by category (published in full by policy) can themselves narrow a cell.
  There the kecamatan-level publication must add nothing inside ``[0, k]``:
  ``lo <= max(0, lo_ref)`` and ``hi >= min(k, hi_ref)``, where
  ``[lo_ref, hi_ref]`` is the range for an intruder who reads the same files
  without the kecamatan × category tables.

Two more tests show that the audit catches the publication the site used
before (every report counted per kecamatan, small cells shown as ``"< 3"``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import random
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from factories import make_record, new_site

from lapor_site.aggregate import aggregate
from lapor_site.cli import main
from lapor_site.disclosure import WITHHELD, suppress
from lapor_site.model import Case, RawRecord
from lapor_site.site import INSTALL_ROOT
from lapor_site.validate import validate
from lapor_site.write import DATA_DIR, write_tree
from privacy.intruder import UNKNOWN, Infeasible, Intruder, Key, Published

K = 3
TZ = ZoneInfo("Asia/Makassar")
SAMPLE = INSTALL_ROOT / "data" / "sample" / "cases.jsonl"


def cell(case: Case) -> Key:
    return (case.region or UNKNOWN, case.district or UNKNOWN, case.category or UNKNOWN)


def anonymized(rows: list[dict]) -> list[Case]:
    result = validate(RawRecord(f"line {n}", row) for n, row in enumerate(rows, 1))
    return [dataclasses.replace(c, identity=None) for c in result.cases]


@dataclasses.dataclass
class Audit:
    """Protected cells: true count, the intruder's range, and the range without fine tables."""

    cells: dict[Key, tuple[int, tuple[float, float], tuple[float, float]]]

    def unprotected(self, k: int) -> list[str]:
        """Cells whose range does not cover the protection interval ``[0, k]``."""
        return [
            f"{key}: holds {true}, intruder knows {lo:g}..{hi:g}"
            for key, (true, (lo, hi), _) in sorted(self.cells.items())
            if lo != 0 or hi < k
        ]

    def narrowed(self, k: int) -> list[str]:
        """Cells the kecamatan-level tables narrow inside ``[0, k]`` beyond the other tables."""
        return [
            f"{key}: holds {true}, intruder knows {lo:g}..{hi:g} (without them {lo0:g}..{hi0:g})"
            for key, (true, (lo, hi), (lo0, hi0)) in sorted(self.cells.items())
            if lo > max(0, lo0) or hi < min(k, hi0)
        ]

    def min_width(self) -> float:
        return min(hi - lo for _, (lo, hi), _ in self.cells.values())


def audit(data_dir: Path, cases: list[Case], k: int = K) -> Audit:
    """Run the intruder on the published files in ``data_dir``; ``cases`` is the truth."""
    published = Published.read(data_dir)
    truth_published = Counter(cell(c) for c in cases if c.is_publishable)
    assert truth_published == published.cases, "kasus.csv does not list the published cases"
    unpublished = Counter(cell(c) for c in cases if not c.is_publishable)
    places = {key[:2] for key in map(cell, cases)}
    intruder = Intruder(published, places)
    reference = Intruder(published.without_fine_tables(), places)
    cells = {}
    for key, true in unpublished.items():
        if 0 < true < k:
            cells[key] = (true, intruder.interval(key), reference.interval(key))
    return Audit(cells)


def publish(tmp_path: Path, cases: list[Case], stats: dict | None = None) -> Path:
    """Write the open data the site publishes for ``cases`` (Pelican copies these files as is)."""
    stats = stats if stats is not None else aggregate(cases, TZ, K)
    generated = tmp_path / "generated"
    write_tree(cases, stats, TZ, generated)
    return generated / DATA_DIR


# --- the bundled sample, through a real build ---------------------------------------------


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = new_site(tmp_path_factory.mktemp("sample") / "site")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = main(["update", "--site", str(root), "--input", str(SAMPLE)])
    assert code == 0
    return root / "output"


def test_sample_site_pins_no_protected_cell(sample_site: Path, record_property) -> None:
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    result = audit(sample_site / DATA_DIR, anonymized(rows))
    record_property("protected_cells", len(result.cells))
    record_property("min_interval_width", float(result.min_width()))
    width = result.min_width()
    print(f"\nsample: {len(result.cells)} protected cells, min interval width {width:g}")
    assert len(result.cells) > 100  # the sample has many small cells: the audit is not vacuous
    assert result.unprotected(K) == []


def test_statistics_page_shows_only_what_the_json_holds(sample_site: Path) -> None:
    """The intruder reads the JSON; the page's kecamatan tables must say nothing more."""
    import lxml.html

    stats = json.loads((sample_site / DATA_DIR / "statistik.json").read_text(encoding="utf-8"))
    page = lxml.html.parse(str(sample_site / "statistik" / "index.html")).getroot()
    shown = []
    for table in page.xpath('//section[@id="kecamatan"]//table'):
        for row in table.xpath("./tbody/tr"):
            shown.append([td.text_content().replace(".", "") for td in row.xpath("./td")])
    expected = [
        [str(v) for v in [*row["cells"], row["total"]]]
        for table in stats["published_by_district_category"]
        for row in table["rows"]
    ]
    assert shown == expected


# --- adversarial synthetic tables -----------------------------------------------------------


def _records(specs: list[tuple[str, str, str, str, str]]) -> list[dict]:
    """Records from (region, district, category, status, privacy) tuples."""
    return [
        make_record(
            tracking_id=f"LAP-ADV-{n:04d}",
            region=region,
            district=district,
            category=category,
            status=status,
            privacy=privacy,
            **({} if status == "resolved" else {"resolved_at": None}),
        )
        for n, (region, district, category, status, privacy) in enumerate(specs)
    ]


PUBLIC = ("resolved", "public")
SECRET = ("resolved", "confidential")
OPEN = ("in_progress", "public")
BACKGROUND = [
    ("Kota Samarinda", district, category, *kind)
    for district in ("Palaran", "Sambutan", "Loa Janan Ilir")
    for category in ("Air Bersih", "Infrastruktur Jalan", "Kesehatan")
    for kind in (PUBLIC, PUBLIC, PUBLIC, SECRET, OPEN, OPEN)
]

SCENARIOS = {
    # A kabupaten whose only report is one confidential report in one cell.
    "region with a single small cell": [
        ("Kabupaten Mahakam Ulu", "Long Bagun", "Kesehatan", *SECRET),
    ],
    # One unpublished report among published ones: the totals minus kasus.csv give 1 per region.
    "one unpublished report in a region": [
        *[("Kota Bontang", "Bontang Barat", "Air Bersih", *PUBLIC)] * 4,
        *[("Kota Bontang", "Bontang Selatan", "Kesehatan", *PUBLIC)] * 3,
        ("Kota Bontang", "Bontang Selatan", "Air Bersih", *OPEN),
    ],
    # A category reported only in one kecamatan, only unpublished.
    "category only in one kecamatan": [
        ("Kota Samarinda", "Palaran", "Perizinan", *SECRET),
        ("Kota Samarinda", "Palaran", "Perizinan", *OPEN),
    ],
    # A kecamatan all of whose reports are unpublished, next to a fully published one.
    "kecamatan with no published report": [
        *[("Kabupaten Paser", "Long Kali", "Perhubungan", *PUBLIC)] * 5,
        ("Kabupaten Paser", "Long Ikis", "Perhubungan", *SECRET),
        ("Kabupaten Paser", "Long Ikis", "Perhubungan", *OPEN),
    ],
    # Unknown kabupaten/kota and kecamatan (one pseudo-kecamatan only).
    "unknown region": [
        ("", "", "Lainnya", *OPEN),
        ("", "", "Lainnya", *PUBLIC),
        ("", "", "Air Bersih", *SECRET),
    ],
}


@pytest.mark.parametrize("name", SCENARIOS)
@pytest.mark.parametrize("background", [True, False], ids=["with background", "alone"])
def test_adversarial_tables_pin_no_protected_cell(tmp_path: Path, name: str, background: bool):
    specs = SCENARIOS[name] + (BACKGROUND if background else [])
    cases = anonymized(_records(specs))
    result = audit(publish(tmp_path, cases), cases)
    assert result.cells, "the scenario has no protected cell"
    assert result.narrowed(K) == []


@pytest.mark.parametrize("seed", range(12))
def test_random_tables_pin_no_protected_cell(tmp_path: Path, seed: int) -> None:
    rnd = random.Random(seed)
    regions = {
        f"Kabupaten {r}": [f"Kecamatan {r}{d}" for d in range(rnd.randint(1, 4))] for r in "ABC"
    }
    categories = [f"Kategori {c}" for c in range(rnd.randint(1, 4))]
    kinds = [PUBLIC, PUBLIC, SECRET, OPEN, ("resolved", "anonymous"), ("postponed", "confidential")]
    specs = []
    for region, districts in regions.items():
        for district in districts:
            for category in categories:
                count = rnd.choice([0, 1, 2, 3])
                specs += [(region, district, category, *rnd.choice(kinds))] * count
    cases = anonymized(_records(specs))
    result = audit(publish(tmp_path, cases), cases)
    assert result.narrowed(K) == []


# --- the audit has teeth: the publication the site used before fails it -------------------


def previous_publication(cases: list[Case]) -> dict:
    """The statistics as published before: all reports per kecamatan × category, "< 3" cells."""
    stats = aggregate(cases, TZ, K)
    del stats["published_by_district_category"]
    regions: dict[str, dict[str, Counter[str]]] = {}
    for case in cases:
        region, district, category = cell(case)
        regions.setdefault(region, {}).setdefault(district, Counter())[category] += 1
    stats["by_district_category"] = []
    for region in sorted(regions):
        table = suppress(dict(sorted(regions[region].items())), K)
        stats["by_district_category"].append(
            {
                "region": region,
                "categories": table.columns,
                "rows": [
                    {
                        "district": d,
                        "cells": [table.cells[d][c] for c in table.columns],
                        "total": table.row_totals[d],
                    }
                    for d in table.rows
                ],
                "category_totals": [table.column_totals[c] for c in table.columns],
            }
        )
    return stats


def test_previous_publication_is_caught(tmp_path: Path) -> None:
    # A zero shown as 0 and the published cases of kasus.csv pin the "< 3" cells.
    specs = [
        ("Kota Samarinda", "Palaran", "Air Bersih", *SECRET),
        *[("Kota Samarinda", "Palaran", "Air Bersih", *PUBLIC)] * 1,
        *[("Kota Samarinda", "Palaran", "Kesehatan", *PUBLIC)] * 5,
        *[("Kota Samarinda", "Sambutan", "Air Bersih", *PUBLIC)] * 6,
        *[("Kota Samarinda", "Sambutan", "Kesehatan", *PUBLIC)] * 4,
    ]
    cases = anonymized(_records(specs))
    result = audit(publish(tmp_path, cases, previous_publication(cases)), cases)
    assert result.narrowed(K) and result.unprotected(K), "the audit missed a pinned cell"
    (lo, hi) = result.cells[("Kota Samarinda", "Palaran", "Air Bersih")][1]
    assert lo == hi == 1


def test_false_below_k_figure_is_caught(tmp_path: Path) -> None:
    # The smallest other cell of Palaran's row (4) is held back to protect the 1; published as
    # "< 3" it is a false figure, and the figures no longer agree with each other.
    specs = [
        ("Kota Samarinda", "Palaran", "Air Bersih", *SECRET),
        *[("Kota Samarinda", "Palaran", "Kesehatan", *SECRET)] * 4,
        *[("Kota Samarinda", "Palaran", "Perizinan", *SECRET)] * 9,
        *[("Kota Samarinda", "Sambutan", "Air Bersih", *SECRET)] * 5,
        *[("Kota Samarinda", "Sambutan", "Kesehatan", *SECRET)] * 5,
    ]
    cases = anonymized(_records(specs))
    stats = previous_publication(cases)
    (table,) = stats["by_district_category"]
    (palaran,) = [row for row in table["rows"] if row["district"] == "Palaran"]
    column = table["categories"].index("Kesehatan")
    assert palaran["cells"][column] == WITHHELD  # held back to protect Palaran's 1
    palaran["cells"][column] = "< 3"  # what the site printed before: a false figure
    with pytest.raises(Infeasible):
        audit(publish(tmp_path, cases, stats), cases)
