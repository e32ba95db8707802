"""Disclosure control: small-cell suppression of one table, and the kecamatan table's population.

The linked-table audit of the whole published site is tests/privacy/test_intruder.py.
"""

from __future__ import annotations

import itertools
import random

import pytest

from lapor_site.disclosure import WITHHELD, suppress


def _derivable(result, k):
    """Hidden cells that a reader could compute from a published total and the shown cells."""
    found = []
    lines = [[(r, c) for c in result.columns] for r in result.rows]
    totals = [result.row_totals[r] for r in result.rows]
    lines += [[(r, c) for r in result.rows] for c in result.columns]
    totals += [result.column_totals[c] for c in result.columns]
    for line, total in zip(lines, totals, strict=True):
        hidden = [key for key in line if isinstance(result.cells[key[0]][key[1]], str)]
        if isinstance(total, int) and len(hidden) == 1:
            found.append(hidden[0])
    return found


def test_small_cells_are_hidden_and_large_ones_kept():
    table = {"Palaran": {"Jalan": 1, "Air": 7, "Listrik": 5}, "Sambutan": {"Jalan": 6, "Air": 4}}
    result = suppress(table, 3)
    assert result.cells["Palaran"]["Jalan"] == "< 3"
    assert result.cells["Sambutan"]["Listrik"] == 0  # zeros identify nobody
    assert result.row_totals == {"Palaran": 13, "Sambutan": 10}
    assert _derivable(result, 3) == []
    shown = [v for row in result.cells.values() for v in row.values() if isinstance(v, int)]
    assert all(v == 0 or v >= 3 for v in shown)


def test_small_totals_are_hidden_too():
    result = suppress({"Desa A": {"Jalan": 2}, "Desa B": {"Jalan": 9}}, 3)
    assert result.row_totals["Desa A"] == "< 3"
    assert result.cells["Desa A"]["Jalan"] == "< 3"


@pytest.mark.parametrize("seed", range(40))
def test_random_tables_never_reveal_a_small_cell(seed):
    rnd = random.Random(seed)
    rows, columns = [f"r{i}" for i in range(rnd.randint(1, 6))], [f"c{i}" for i in range(5)]
    table = {r: {c: rnd.choice([0, 0, 1, 2, 3, 5, 9]) for c in columns} for r in rows}
    k = rnd.choice([2, 3, 5])
    result = suppress(table, k)
    assert _derivable(result, k) == []
    for r, c in itertools.product(rows, columns):
        shown = result.cells[r][c]
        assert shown == table[r][c] or (shown in (f"< {k}", WITHHELD) and table[r][c] > 0)
        if 0 < table[r][c] < k:
            assert shown == f"< {k}"


def test_district_table_counts_published_cases_only():
    import dataclasses
    from zoneinfo import ZoneInfo

    from factories import make_record

    from lapor_site.aggregate import aggregate
    from lapor_site.model import RawRecord
    from lapor_site.validate import validate

    rows = [make_record(tracking_id=f"A{i}", district="Palaran") for i in range(6)]
    rows.append(make_record(tracking_id="LONE", district="Sambutan", category="Kesehatan",
                            privacy="confidential"))  # fmt: skip
    cases = [dataclasses.replace(c, identity=None) for c in validate(
        RawRecord(f"line {n}", r) for n, r in enumerate(rows, 1)).cases]  # fmt: skip
    stats = aggregate(cases, ZoneInfo("Asia/Makassar"), min_cell_count=3)
    assert "by_district_category" not in stats  # the table over all reports is gone
    (table,) = stats["published_by_district_category"]
    assert [row["district"] for row in table["rows"]] == ["Palaran"]  # the lone case: not here
    assert table["categories"] == ["Infrastruktur Jalan"]
    assert table["rows"][0]["cells"] == [6] and table["category_totals"] == [6]
    (region,) = stats["by_region"]
    assert region["total"] == 7  # it still counts above kecamatan level
    (kesehatan,) = [row for row in stats["by_category"] if row["name"] == "Kesehatan"]
    assert kesehatan["median_working_days_to_first_response"] is None  # one case: withheld


def test_cells_held_back_for_others_are_marked_withheld_not_below_k():
    # Palaran's 1 is small; the smallest other cell in its row (4) is held back to protect it.
    # It holds 4, so showing it as "< 3" would publish a false figure.
    table = {"Palaran": {"Jalan": 1, "Air": 4, "Listrik": 9}, "Sambutan": {"Jalan": 5, "Air": 8}}
    result = suppress(table, 3)
    assert result.cells["Palaran"]["Jalan"] == "< 3"
    assert result.cells["Palaran"]["Air"] == WITHHELD
    assert WITHHELD != "< 3"


@pytest.mark.parametrize("seed", range(40))
def test_below_k_is_never_a_false_figure(seed):
    rnd = random.Random(seed)
    rows, columns = [f"r{i}" for i in range(rnd.randint(1, 6))], [f"c{i}" for i in range(5)]
    table = {r: {c: rnd.choice([0, 0, 1, 2, 3, 4, 5, 9]) for c in columns} for r in rows}
    k = rnd.choice([2, 3, 5])
    result = suppress(table, k)
    for r, c in itertools.product(rows, columns):
        shown = result.cells[r][c]
        if shown == f"< {k}":
            assert 0 < table[r][c] < k
        elif shown == WITHHELD:
            assert table[r][c] >= k
        else:
            assert shown == table[r][c]
