"""An intruder who reads every statistic the site publishes and audits it like τ-ARGUS does.

The intruder wants the number of reports that are *not* published (confidential,
or not resolved) in one kecamatan × category cell. They read the built site's
open data only: ``data/statistik.json`` (every table of the statistics page,
with its totals), ``data/kecamatan-kategori.csv`` and ``data/kasus.csv`` (each
published case, with its kabupaten/kota, kecamatan and category).

The model (:class:`Intruder`) has two unknowns per kabupaten/kota × kecamatan
× category cell: the resolved reports ``a`` and the unresolved ones ``b``
(integers ≥ 0). What is published becomes linear constraints:

* ``kasus.csv``: ``a ≥ p``, ``p`` the cell's published cases (all of them resolved);
* ``by_region``, ``by_category``, ``totals``: sums of ``a + b`` and of ``a``
  over the cells of each kabupaten/kota, of each category and of everything;
* a kecamatan × category table over *all* reports (what the site published
  before): an exact cell fixes ``a + b``, ``"< k"`` bounds it to ``1 … k-1``,
  a withheld cell says nothing, and exact or ``"< k"`` row and column totals
  bound their sums; a table over *published* cases only must equal the
  counts of ``kasus.csv`` and adds no constraint.

Tables over other variables (month, agency, status, channel, type, privacy)
are national one-way tables: they split the grand total along a dimension the
cells do not have and constrain the cells only through the grand total, which
is already in the model.

For a target cell the intruder's feasible range of ``u = a + b - p`` (the
unpublished reports) is ``[min u, max u]`` over the constraints, solved with
HiGHS (``highspy``): a linear program, warm-started from cell to cell, and an
integer program where the linear optimum is fractional, so both ends are
attained by a table of whole reports that agrees with everything published.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import highspy
import numpy as np

UNKNOWN = "(tidak diketahui)"
BELOW = re.compile(r"^<\s*(\d+)$")
Key = tuple[str, str, str]  # kabupaten/kota, kecamatan, category


def cell_range(value: object) -> tuple[float, float] | None:
    """The range a published cell value states: exact, "< k", or None when it says nothing."""
    if isinstance(value, bool):
        raise ValueError(f"unexpected cell value {value!r}")
    if isinstance(value, int):
        return (value, value)
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            return (int(text), int(text))
        if match := BELOW.match(text):
            return (1, int(match.group(1)) - 1)
        return None  # withheld ("ditahan"), "–" or empty
    if value is None:
        return None
    raise ValueError(f"unexpected cell value {value!r}")


@dataclass
class Published:
    """What the intruder reads from a built site's open data."""

    stats: dict
    #: Published cases per (kabupaten/kota, kecamatan, category), from kasus.csv.
    cases: Counter[Key]
    #: Fine tables as (population, region, categories, rows); population "all" or "published".
    fine_tables: list[tuple[str, dict]] = field(default_factory=list)
    #: kecamatan-kategori.csv rows as (population, key, value).
    fine_csv: list[tuple[str, Key, object]] = field(default_factory=list)

    @classmethod
    def read(cls, data_dir: Path) -> Published:
        stats = json.loads((data_dir / "statistik.json").read_text(encoding="utf-8"))
        cases: Counter[Key] = Counter()
        with (data_dir / "kasus.csv").open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                cases[_key(row["region"], row["district"], row["category"])] += 1
        fine = [("all", t) for t in stats.get("by_district_category", [])]
        fine += [("published", t) for t in stats.get("published_by_district_category", [])]
        rows = []
        path = data_dir / "kecamatan-kategori.csv"
        if path.exists():
            with path.open(encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle):
                    population = "published" if "published_cases" in row else "all"
                    value = row.get("published_cases", row.get("count"))
                    key = _key(row["region"], row["district"], row["category"])
                    rows.append((population, key, value))
        return cls(stats=stats, cases=cases, fine_tables=fine, fine_csv=rows)

    def without_fine_tables(self) -> Published:
        """All but the kecamatan × category tables (kasus.csv stays: its cases are public)."""
        return Published(stats=self.stats, cases=self.cases)


def _key(region: str, district: str, category: str) -> Key:
    return (region or UNKNOWN, district or UNKNOWN, category or UNKNOWN)


class Intruder:
    """The linear model of everything published; :meth:`interval` bounds one cell."""

    def __init__(self, published: Published, known_districts: Iterable[tuple[str, str]] = ()):
        stats = published.stats
        categories = sorted({row["name"] for row in stats["by_category"]})
        places = set(known_districts)  # the official kecamatan list is public knowledge
        regions = {r for r, _ in places}
        places.update(
            (row["name"], UNKNOWN) for row in stats["by_region"] if row["name"] not in regions
        )
        places.update((r, d) for r, d, _ in published.cases)
        for _, table in published.fine_tables:
            places.update((table["region"], row["district"]) for row in table["rows"])
        places.update((r, d) for _, (r, d, _), _ in published.fine_csv)
        self.keys: list[Key] = [(r, d, c) for r, d in sorted(places) for c in categories]
        self.index = {key: i for i, key in enumerate(self.keys)}
        n = len(self.keys)
        self.n = n
        self.published = np.array([published.cases.get(key, 0) for key in self.keys], float)
        unknown = set(published.cases) - set(self.index)
        if unknown:
            raise AssertionError(f"published cases outside every published table: {unknown}")
        # Unknowns: a (resolved) at 0..n-1, b (unresolved) at n..2n-1.
        self.lower = np.concatenate([self.published, np.zeros(n)])
        self.rows: list[tuple[list[int], float, float]] = []
        self._highs: highspy.Highs | None = None
        by_region: dict[str, list[int]] = defaultdict(list)
        by_category: dict[str, list[int]] = defaultdict(list)
        for i, (region, _, category) in enumerate(self.keys):
            by_region[region].append(i)
            by_category[category].append(i)
        for row in stats["by_region"]:
            self._margin(by_region[row["name"]], row["total"], row["resolved"])
        for row in stats["by_category"]:
            self._margin(by_category[row["name"]], row["total"], row["resolved"])
        totals = stats["totals"]
        self._margin(list(range(n)), totals["all"], totals["resolved"])
        for population, table in published.fine_tables:
            self._fine_table(population, table)
        for population, key, value in published.fine_csv:
            self._fine_cell(population, [self.index[key]], value)

    def _both(self, cells: list[int]) -> list[int]:
        return cells + [i + self.n for i in cells]

    def _add(self, columns: list[int], value: object) -> None:
        bounds = cell_range(value)
        if bounds is not None:
            self.rows.append((columns, *bounds))

    def _margin(self, cells: list[int], total: int, resolved: int) -> None:
        self._add(self._both(cells), total)
        self._add(cells, resolved)

    def _fine_cell(self, population: str, cells: list[int], value: object) -> None:
        if population == "all":
            self._add(self._both(cells), value)
            return
        bounds = cell_range(value)
        published = sum(self.published[i] for i in cells)
        if bounds is None or not bounds[0] <= published <= bounds[1]:
            raise AssertionError(f"published-case table disagrees with kasus.csv: {value!r}")

    def _fine_table(self, population: str, table: dict) -> None:
        region, categories = table["region"], table["categories"]
        columns: dict[str, list[int]] = defaultdict(list)
        for row in table["rows"]:
            line = []
            for category, value in zip(categories, row["cells"], strict=True):
                i = self.index[(region, row["district"], category)]
                self._fine_cell(population, [i], value)
                line.append(i)
                columns[category].append(i)
            self._fine_cell(population, line, row["total"])
        for category, total in zip(categories, table["category_totals"], strict=True):
            self._fine_cell(population, columns[category], total)

    def _solver(self) -> highspy.Highs:
        if self._highs is None:
            columns: list[list[int]] = [[] for _ in range(2 * self.n)]
            for r, (cells, _, _) in enumerate(self.rows):
                for c in cells:
                    columns[c].append(r)
            lp = highspy.HighsLp()
            lp.num_col_, lp.num_row_ = 2 * self.n, len(self.rows)
            lp.col_cost_ = np.zeros(2 * self.n)
            lp.col_lower_ = self.lower
            lp.col_upper_ = np.full(2 * self.n, highspy.kHighsInf)
            lp.row_lower_ = np.array([row[1] for row in self.rows], float)
            lp.row_upper_ = np.array([min(row[2], highspy.kHighsInf) for row in self.rows], float)
            lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
            lp.a_matrix_.start_ = np.cumsum([0] + [len(c) for c in columns]).astype(np.int32)
            lp.a_matrix_.index_ = np.array([r for c in columns for r in c], np.int32)
            lp.a_matrix_.value_ = np.ones(sum(len(c) for c in columns))
            self._highs = highspy.Highs()
            self._highs.setOptionValue("output_flag", False)
            self._highs.passModel(lp)
        return self._highs

    def _optimum(self, cost: np.ndarray, exact: bool) -> float:
        highs = self._solver()
        everything = np.arange(2 * self.n, dtype=np.int32)
        highs.changeColsCost(2 * self.n, everything, cost)
        highs.run()
        if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise Infeasible(f"no table agrees with everything published: {highs.getModelStatus()}")
        x = np.array(highs.getSolution().col_value)
        if exact and not np.allclose(x, np.round(x), atol=1e-6):
            # A fractional vertex: ask for whole reports (then back to the plain LP).
            integer = np.full(2 * self.n, highspy.HighsVarType.kInteger)
            highs.changeColsIntegrality(2 * self.n, everything, integer)
            highs.run()
            x = np.round(np.array(highs.getSolution().col_value))
            highs.changeColsIntegrality(
                2 * self.n, everything, np.full(2 * self.n, highspy.HighsVarType.kContinuous)
            )
        return float(cost @ x)

    def interval(self, key: Key, exact: bool = True) -> tuple[float, float]:
        """The feasible range of the unpublished reports in cell ``key``.

        ``exact``: both ends are attained by a table of whole reports. Without
        it the range is the linear relaxation's, which contains the exact one:
        enough to show that a cell is pinned, not that it is protected.
        """
        i = self.index[key]
        cost = np.zeros(2 * self.n)
        cost[i] = cost[i + self.n] = 1.0
        low = self._optimum(cost, exact)
        high = -self._optimum(-cost, exact)
        return low - self.published[i], high - self.published[i]


class Infeasible(AssertionError):
    """The published figures contradict each other: one of them is false."""
