"""Disclosure control: small-cell suppression for published cross-tabulations.

Any table finer than kabupaten/kota × month (for example kecamatan ×
category) goes through :func:`suppress` before it is published. A count
from 1 to ``k - 1`` is shown as ``"< k"`` (primary suppression); zeros stay,
since they identify nobody. Row and column totals stay exact, so where one
suppressed cell in a row or column could be worked out from its total, the
smallest other non-zero cell there is suppressed too (complementary
suppression), repeated until no such row or column is left. A total below
``k`` is itself shown as ``"< k"`` and then reveals nothing about its cells.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

Cell = int | str


@dataclass(frozen=True, slots=True)
class SuppressedTable:
    rows: list[Hashable]
    columns: list[Hashable]
    #: cells[row][column]: an exact count, or "< k" when suppressed.
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


def suppress(table: Mapping[Hashable, Mapping[Hashable, int]], k: int) -> SuppressedTable:
    """Suppress small cells of ``table`` (``table[row][column] = count``) for threshold ``k``."""
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
    cells = {r: {c: below(k) if (r, c) in hidden else value[(r, c)] for c in columns} for r in rows}
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
