"""Disclosure control: what the site may say below kabupaten/kota level.

The site's policy (the methodology page, "Angka kecil dan tabel per
kecamatan"): tables finer than kabupaten/kota × month count only cases that
are published one by one (:func:`counted_below_region`: resolved, public or
anonymous; the same cases as ``kasus.csv``). Every such figure can already
be counted from the published cases, so it reveals nothing about
confidential or unresolved reports, and no cell needs hiding. This holds
for the tables read together: any table of whole reports that agrees with
everything published stays in agreement when an unpublished report moves to
another kecamatan of its kabupaten/kota, since no published figure about
unpublished reports names a kecamatan. ``tests/privacy/test_intruder.py``
checks it on the built site by linear programming over all published tables.

:func:`suppress` is the classic alternative, small-cell suppression of one
table: a count from 1 to ``k - 1`` is shown as ``"< k"`` (primary
suppression), zeros stay, and where one suppressed cell in a row or column
could be worked out from an exact total, the smallest other non-zero cell
there is held back too (complementary suppression), shown as
:data:`WITHHELD`, never as ``"< k"``, which would be a false figure. It
protects a table read on its own only: linked to other published tables
(totals by kabupaten/kota and by category, the published cases as lower
bounds, zeros shown as 0) its small cells could be worked out again, which
is why the site no longer uses it for a table over all reports.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from lapor_site.model import Case

Cell = int | str

#: A cell held back only to protect another one ("ditahan"; it holds ``k`` or more).
WITHHELD = "ditahan"


@dataclass(frozen=True, slots=True)
class SuppressedTable:
    rows: list[Hashable]
    columns: list[Hashable]
    #: cells[row][column]: an exact count, "< k" (1 to k - 1), or WITHHELD (k or more).
    cells: dict[Hashable, dict[Hashable, Cell]]
    #: Totals: exact, "< k", or None where withholding it was the only protection.
    row_totals: dict[Hashable, Cell | None]
    column_totals: dict[Hashable, Cell | None]
    suppressed: int


def below(k: int) -> str:
    return f"< {k}"


def _shown(total: int, k: int, withheld: bool) -> Cell | None:
    if withheld:
        return None
    return below(k) if 0 < total < k else total


def _cell(value: int, k: int, primary: bool, hidden: bool) -> Cell:
    if primary:
        return below(k)
    return WITHHELD if hidden else value


def counted_below_region(case: Case) -> bool:
    """Whether ``case`` counts in a table finer than kabupaten/kota: only if it is published."""
    return case.is_publishable


def suppress(table: Mapping[Hashable, Mapping[Hashable, int]], k: int) -> SuppressedTable:
    """Suppress small cells of ``table`` (``table[row][column] = count``) for threshold ``k``.

    For one table read on its own; see the module's docstring.
    """
    rows = list(table)
    columns = sorted({c for row in table.values() for c in row}, key=str)
    value = {(r, c): int(table[r].get(c, 0)) for r in rows for c in columns}
    hidden = {key for key, n in value.items() if 0 < n < k}
    lines = {("row", r): [(r, c) for c in columns] for r in rows}
    lines.update({("column", c): [(r, c) for r in rows] for c in columns})
    published = {name for name, line in lines.items() if sum(value[key] for key in line) >= k}
    withheld: set[tuple[str, Hashable]] = set()
    changed = True
    while changed:
        changed = False
        for name in sorted(published - withheld, key=str):
            line = lines[name]
            if sum(key in hidden for key in line) != 1:
                continue
            candidates = [key for key in line if key not in hidden and value[key] > 0]
            if candidates:
                hidden.add(min(candidates, key=lambda key: (value[key], str(key))))
            else:
                withheld.add(name)  # nothing left to hide with: withhold the total instead
            changed = True
    primary = {key for key, n in value.items() if 0 < n < k}
    cells = {
        r: {c: _cell(value[(r, c)], k, (r, c) in primary, (r, c) in hidden) for c in columns}
        for r in rows
    }
    return SuppressedTable(
        rows=rows,
        columns=columns,
        cells=cells,
        row_totals={
            r: _shown(sum(value[(r, c)] for c in columns), k, ("row", r) in withheld) for r in rows
        },
        column_totals={
            c: _shown(sum(value[(r, c)] for r in rows), k, ("column", c) in withheld)
            for c in columns
        },
        suppressed=len(hidden),
    )
