"""lapor_listings: the agency directory, agency pages and case listings by label.

Writes, in Indonesian and again in English under ``en/``:

* ``instansi/``: every agency with its figures (``LAPOR_AGENCIES_PER_PAGE``
  a page, so a national directory stays small), and on its first page
  rankings that count only agencies with at least ``[data] min_ranked_reports``
  reports;
* ``instansi/urut/<column>/``: the same directory sorted by one scorecard
  column (:data:`SORT_COLUMNS`), best first, agencies with fewer than
  ``min_ranked_reports`` reports last; the column headings link the orders
  together, so sorting needs no JavaScript (``urut`` is a reserved slug);
* ``instansi/<slug>/``: one agency's scorecard beside the province medians
  (``scorecards`` of ``statistik.json``), its figures, its response times against the
  official limits (``row["timeliness"]`` of ``statistik.json`` when the
  statistics have it), its newest resolved cases and the official channel;
* ``kategori/``, ``wilayah/``: the categories and regions that have
  published cases;
* ``kasus/``: every published case; ``instansi/<slug>/kasus/``,
  ``kategori/<slug>/``, ``wilayah/<slug>/``: the published cases of one
  agency, category or region. Each listing is newest first, paged by
  :func:`case_pages`: its first page holds the newest cases, and archive page
  ``<base>/page/N/`` holds the N-th run of ``cases_per_page`` cases counted
  from the oldest, which newer cases do not shift. A daily update that adds recent cases changes a
  listing's first page (and, once a run fills, adds one archive page) instead
  of shifting every page by the new cases; the build's reuse, audit and link
  check then skip the unchanged archive pages.

Nothing else is written under ``kasus/``: every folder there but ``page`` is a
case page (the sync's shrink guard and the gates count them so).

Slugs come from the labels (:func:`assign_slugs`): stable, and never the same
for two labels. Labels come from the data and are untrusted; the templates
escape them (autoescape) like any other text. The work is one pass over the
cases plus one sort, so it stays linear for a national site's 20,000 cases.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pelican import signals
from pelican.paginator import PaginationRule, Paginator

EN_PREFIX = "en/"
#: The label the statistics use for a missing value (lapor_site.aggregate.UNKNOWN).
UNKNOWN = "(tidak diketahui)"
#: The folder of the agency directory's pre-sorted pages: ``instansi/urut/<column>/``.
SORTED_FOLDER = "urut"
#: Path segments a slug must never be: ``page`` would read as pagination, ``urut``
#: is the folder of the sorted directory pages.
RESERVED_SLUGS = frozenset({"page", SORTED_FOLDER})
#: The stem of the slug of a label without a usable letter or digit (``label-<hash>``).
NO_SLUG = "label"
#: Longest slug made from a label (before any hash suffix), cut at a hyphen.
MAX_SLUG_LENGTH = 60
#: Newest cases shown on an agency's page (the rest are in its listing).
AGENCY_PAGE_CASES = 5
#: Rows in each ranking table.
RANKING_SIZE = 10

#: Listing pages: page 1 at the base path, then ``<base>/page/N/`` (never ``<base>-N``).
PAGINATION = (
    PaginationRule(1, "{url}", "{save_as}"),
    PaginationRule(2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

#: Every published case: ``kasus/`` (the rest of ``kasus/`` is the case pages).
CASES_FOLDER = "kasus/"

CASES_TEMPLATE = "index"
ARCHIVE_TEMPLATE = "archive"
DIRECTORY_TEMPLATE = "instansi"
AGENCY_TEMPLATE = "instansi_agency"
LISTING_TEMPLATE = "listing"
LISTING_INDEX_TEMPLATE = "listing_index"


@dataclass(frozen=True, slots=True)
class Kind:
    """One way of grouping cases: the article attribute, the statistics table, the URL part."""

    key: str
    attribute: str
    stats_table: str
    folder: str


KINDS: tuple[Kind, ...] = (
    Kind("agency", "case_agency", "by_agency", "instansi"),
    Kind("category", "case_category", "by_category", "kategori"),
    Kind("region", "case_region", "by_region", "wilayah"),
)
KIND_BY_KEY = {kind.key: kind for kind in KINDS}


# ---------------------------------------------------------------------------
# Slugs
# ---------------------------------------------------------------------------


def slugify(name: str) -> str:
    """``"Dinas Pekerjaan Umum, Penataan Ruang"`` → ``"dinas-pekerjaan-umum-penataan-ruang"``.

    Accents are dropped, anything but ASCII letters and digits becomes one
    hyphen, and a long result is cut at a hyphen. May be empty.
    """
    letters = "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
    )
    slug = re.sub(r"[^a-z0-9]+", "-", letters.lower()).strip("-")
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[: MAX_SLUG_LENGTH + 1].rsplit("-", 1)[0].strip("-")
    return slug


def name_hash(name: str, length: int = 6) -> str:
    """A short hex digest of ``name`` (depends on the name alone)."""
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:length]


def assign_slugs(names: Iterable[str], preferred: Collection[str] = ()) -> dict[str, str]:
    """A URL slug for every distinct name; no two names share one.

    A name gets its plain :func:`slugify` form unless another name has the
    same form: then the ``preferred`` name (the region's configured agencies),
    or else the one that sorts first, keeps it, and every other gets
    ``<slug>-<hash of its own name>``. A name with no usable letters, or
    whose form is reserved (``page``), always gets the hash. So a configured
    agency's URL never changes, and any other URL changes only when a new
    name with the same form appears and sorts before it.
    """
    groups: dict[str, list[str]] = {}
    for name in sorted(set(names)):
        groups.setdefault(slugify(name), []).append(name)
    slugs: dict[str, str] = {}
    hashed: list[tuple[str, str]] = []
    for base, members in groups.items():
        members.sort(key=lambda n: (n not in preferred, n))
        first, *others = members
        if base and base not in RESERVED_SLUGS:
            slugs[first] = base
        else:
            others.insert(0, first)
        hashed.extend((base or NO_SLUG, name) for name in others)
    used = set(slugs.values())
    for base, name in sorted(hashed, key=lambda pair: pair[1]):
        length = 6
        while (slug := f"{base}-{name_hash(name, length)}") in used:
            length += 2  # a label that happens to read like another's hashed slug
        slugs[name] = slug
        used.add(slug)
    return slugs


# ---------------------------------------------------------------------------
# Pagination
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CasePage:
    """One page of a case listing, as its template sees it (``listing``).

    An archive page holds nothing that changes when newer cases arrive (no
    total, no page count), so its render key, and its bytes, stay the same.
    """

    url: str
    save_as: str
    #: The listing's first page.
    first_url: str
    #: Its cases, newest first.
    cases: tuple[Any, ...]
    #: 0 for the listing's first page (the newest cases), N for archive page N.
    number: int
    #: Positions of its oldest and newest case, counted from the listing's oldest (1).
    first: int
    last: int
    #: Cases in the whole listing: on the first page only (None on archive pages).
    total: int | None
    newer_url: str | None
    older_url: str | None


def case_pages(save_as: str, url: str, cases: Sequence[Any], per_page: int) -> list[CasePage]:
    """The pages of a listing of ``cases`` (newest first), first page at ``save_as``/``url``.

    Archive page N (``<folder>/page/N/``) holds the N-th run of ``per_page``
    cases counted from the oldest, so it keeps its cases while newer ones
    arrive. The first page holds every case no archive page holds: between
    ``per_page`` and ``2 * per_page - 1`` of the newest (all of them in a
    shorter listing), so it is never nearly empty. Every case is on exactly
    one page. The paths are ``<folder>/page/N/`` whatever the site's
    ``PAGINATION_PATTERNS``, so ``area-1`` page 2 can never be ``area-12``'s page.
    """
    if per_page < 1:
        raise ValueError(f"per_page must be at least 1, not {per_page}")
    count = len(cases)
    archived = max(0, count // per_page - 1)
    front = count - archived * per_page
    # urls[0] is the first page, urls[N] archive page N; newer means a higher N, then the first.
    urls = [url] + [f"{url}page/{n}/" for n in range(1, archived + 1)]
    newer = [None, *urls[2:], url] if archived else [None]
    older = [urls[archived] if archived else None, None, *urls[1:archived]]
    pages = [CasePage(url, save_as, url, tuple(cases[:front]), 0, count - front + 1, count,
                      count, newer[0], older[0])]  # fmt: skip
    folder = save_as.removesuffix("index.html")
    for number in range(archived, 0, -1):
        start = count - number * per_page  # newest first: archive N starts N runs from the end
        pages.append(
            CasePage(
                urls[number], f"{folder}page/{number}/index.html", url,
                tuple(cases[start : start + per_page]), number, (number - 1) * per_page + 1,
                number * per_page, None, newer[number], older[number],
            )
        )  # fmt: skip
    return pages


def paginate(
    save_as: str, url: str, items: Sequence[Any], per_page: int
) -> Iterator[dict[str, Any]]:
    """The template variables of each page of ``items`` (the agency directory), first page
    at ``save_as``/``url``, numbered from the first item.

    Pages after the first are ``<folder>/page/N/index.html`` whatever the
    site's ``PAGINATION_PATTERNS``, so ``area-1`` page 2
    (``area-1/page/2/``) can never be ``area-12``'s page.
    """
    settings = {"PAGINATION_PATTERNS": PAGINATION, "DEFAULT_ORPHANS": 0}
    paginator = Paginator(save_as, url, items, settings, per_page)
    pages = [paginator.page(n) for n in range(1, paginator.num_pages + 1)]
    for index, page in enumerate(pages):
        yield {
            "articles_paginator": paginator,
            "articles_page": page,
            "articles_previous_page": pages[index - 1] if index else None,
            "articles_next_page": pages[index + 1] if index + 1 < len(pages) else None,
        }


# ---------------------------------------------------------------------------
# Groups, figures and rankings
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GroupHead:
    """What a case listing's pages show of their group (``group`` in ``listing.html`` and
    ``archive.html``): its name and links, none of its figures or other cases."""

    kind: str
    name: str
    slug: str
    #: An agency's own page ("" for a category or a region).
    page_url: str


@dataclass(slots=True)
class Group:
    """One agency, category or region: its statistics row and its published cases."""

    kind: str
    name: str
    slug: str
    #: The row of statistik.json (``by_agency``...), or None when it has none.
    row: Mapping[str, Any] | None = None
    #: Published (resolved, public or anonymous) cases, newest first.
    cases: list[Any] = field(default_factory=list)
    #: An agency's row of ``statistik.json`` ``scorecards.agencies``, or None.
    scorecard: Mapping[str, Any] | None = None

    @property
    def listing_url(self) -> str:
        """URL of its case listing (relative to the site), or "" when it has no case."""
        if not self.cases:
            return ""
        if self.kind == "agency":
            return f"instansi/{self.slug}/kasus/"
        return f"{KIND_BY_KEY[self.kind].folder}/{self.slug}/"

    @property
    def page_url(self) -> str:
        """URL of an agency's own page ("" for a category or a region)."""
        return f"instansi/{self.slug}/" if self.kind == "agency" else ""

    @property
    def head(self) -> GroupHead:
        return GroupHead(self.kind, self.name, self.slug, self.page_url)

    @property
    def total(self) -> int | None:
        return self.row.get("total") if self.row else None

    @property
    def resolved(self) -> int | None:
        return self.row.get("resolved") if self.row else None

    @property
    def resolved_share(self) -> float | None:
        """Resolved reports as a fraction of all reports, or None without reports."""
        total, resolved = self.total, self.resolved
        return resolved / total if total and resolved is not None else None

    @property
    def timeliness(self) -> Mapping[str, Any] | None:
        """``row["timeliness"]`` (per stage: limit, measured, over_limit, median, p90) if given."""
        value = self.row.get("timeliness") if self.row else None
        return value if isinstance(value, Mapping) and value else None

    def stage(self, name: str) -> Mapping[str, Any] | None:
        """One stage of :attr:`timeliness` (``verification``...), or None."""
        stages = self.timeliness or {}
        value = stages.get(name)
        return value if isinstance(value, Mapping) else None

    @property
    def first_response_median(self) -> float | None:
        """Median working days to the first response, from ``timeliness`` when present."""
        stage = self.stage("first_response")
        if stage is not None:
            return stage.get("median")
        return self.row.get("median_working_days_to_first_response") if self.row else None

    @property
    def trend_columns(self) -> list[dict[str, Any]]:
        """The trend as ``month_chart`` columns: first responses, and those within the limit."""
        trend = self.scorecard.get("trend") if self.scorecard else None
        return [
            {"month": m["month"], "total": m["answered"], "resolved": m["answered_within"]}
            for m in trend or []
        ]

    @property
    def resolution_median(self) -> float | None:
        """Median working days to resolution, from ``timeliness`` when present."""
        stage = self.stage("resolution")
        if stage is not None:
            return stage.get("median")
        return self.row.get("median_working_days_to_resolve") if self.row else None


@dataclass(frozen=True, slots=True)
class Ranked:
    """A row of a ranking: its place (shared on a tie), the group and the value shown."""

    rank: int
    group: Group
    value: float


def rank(
    groups: Iterable[Group],
    value: Callable[[Group], float | None],
    *,
    minimum: int,
    descending: bool = False,
    size: int = RANKING_SIZE,
) -> list[Ranked]:
    """The top ``size`` groups by ``value`` among those with at least ``minimum`` reports.

    Groups with fewer reports or no value are left out, so one lucky case
    cannot top a table. Equal values share a place (1, 2, 2, 4); names break
    the order of equal values only.
    """
    eligible = [(v, g) for g in groups if (g.total or 0) >= minimum and (v := value(g)) is not None]
    eligible.sort(key=lambda pair: (-pair[0] if descending else pair[0], pair[1].name))
    ranked: list[Ranked] = []
    for position, (v, group) in enumerate(eligible[:size], start=1):
        place = ranked[-1].rank if ranked and ranked[-1].value == v else position
        ranked.append(Ranked(place, group, v))
    return ranked


# ---------------------------------------------------------------------------
# Scorecards and the sorted directory pages
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SortColumn:
    """A column of the agency directory that has its own pre-sorted page."""

    key: str
    #: The scorecard figure it sorts by (``reports``: the number of reports).
    metric: str
    #: True when the largest value comes first.
    descending: bool


#: URL part -> column; ``instansi/urut/<key>/`` lists the agencies best first by it.
#: The keys are part of the site's URLs: keep them stable.
SORT_COLUMNS: dict[str, SortColumn] = {
    column.key: column
    for column in (
        SortColumn("laporan", "reports", True),
        SortColumn("verifikasi", "verified_within_share", True),
        SortColumn("tanggapan", "answered_within_share", True),
        SortColumn("median-tanggapan", "median_days_to_first_response", False),
        SortColumn("median-selesai", "median_days_to_resolution", False),
        SortColumn("selesai", "resolved_share", True),
        SortColumn("kepuasan", "satisfaction_mean", True),
        SortColumn("lewat-batas", "open_over_limit", False),
    )
}


def sorted_url(column: str) -> str:
    """URL (relative to the site) of the directory sorted by ``column``."""
    return f"instansi/{SORTED_FOLDER}/{column}/"


def figure(group: Group, metric: str) -> float | None:
    """One scorecard figure of ``group`` (None when withheld or missing)."""
    if metric == "reports":
        return group.total
    return group.scorecard.get(metric) if group.scorecard else None


def sort_agencies(groups: Iterable[Group], column: str, min_reports: int) -> list[Group]:
    """``groups`` best first by ``column``; agencies with fewer than ``min_reports`` reports last.

    Within each part, agencies whose figure is withheld come after those with
    one; equal figures keep the alphabetical order.
    """
    spec = SORT_COLUMNS[column]

    def key(group: Group) -> tuple[bool, bool, float, str, str]:
        value = figure(group, spec.metric)
        few = spec.metric != "reports" and (group.total or 0) < min_reports
        number = 0.0 if value is None else (-value if spec.descending else value)
        return (few, value is None, number, group.name.casefold(), group.name)

    return sorted(groups, key=key)


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """One line of an agency's scorecard: its figure, the province median, how they compare."""

    metric: str
    value: float | None
    median: float | None
    #: ``better``, ``worse``, ``same``, or "" when there is nothing to compare.
    comparison: str


#: The scorecard's lines, in the order shown.
SCORECARD_LINES = (
    "verified_within_share",
    "answered_within_share",
    "median_days_to_first_response",
    "median_days_to_resolution",
    "resolved_share",
    "satisfaction_mean",
    "open_over_limit",
)


def compare(group: Group, cards: Mapping[str, Any], min_reports: int) -> list[ScoreRow]:
    """``group``'s scorecard lines beside the province medians of ``cards``.

    No comparison is made for an agency with fewer than ``min_reports``
    reports (the medians count only agencies with that many), nor when
    either figure is withheld.
    """
    if not group.scorecard:
        return []
    medians = cards.get("province_median") or {}
    higher = cards.get("higher_is_better") or {}
    enough = (group.total or 0) >= min_reports
    rows = []
    for metric in SCORECARD_LINES:
        value, median = group.scorecard.get(metric), medians.get(metric)
        verdict = ""
        if enough and value is not None and median is not None and metric in higher:
            if value == median:
                verdict = "same"
            else:
                verdict = "better" if (value > median) == bool(higher[metric]) else "worse"
        rows.append(ScoreRow(metric, value, median, verdict))
    return rows


def is_known(name: str | None) -> bool:
    """A real label: neither empty nor the statistics' "unknown" row."""
    return bool(name and name.strip()) and name != UNKNOWN


@dataclass(slots=True)
class Listings:
    """Every group of every kind, by name; what the templates see as ``LISTINGS``."""

    groups: dict[str, dict[str, Group]]
    #: The statistics' row for reports without an agency, if any.
    unknown_agency: Mapping[str, Any] | None = None
    #: Published cases without an agency (in no agency listing).
    unknown_agency_cases: int = 0
    min_ranked_reports: int = 10
    #: ``statistik.json`` ``scorecards`` (limits, months, province medians), or empty.
    scorecards: Mapping[str, Any] = field(default_factory=dict)

    def group(self, kind: str, name: str | None) -> Group | None:
        return self.groups[kind].get(name or "")

    def listing_url(self, kind: str, name: str | None) -> str:
        """The case listing of ``name`` ("" when it has none), for templates."""
        group = self.group(kind, name)
        return group.listing_url if group else ""

    def agency_url(self, name: str | None) -> str:
        """The page of agency ``name`` ("" when it has none), for templates."""
        group = self.group("agency", name)
        return group.page_url if group else ""

    def related(self, article: Any) -> list[tuple[str, str]]:
        """``(kind, url)`` of the listings a case belongs to, then its agency's page.

        ``kind`` is ``agency``, ``category``, ``region`` or ``agency_page``;
        labels without a listing are left out.
        """
        links = [
            (kind.key, self.listing_url(kind.key, getattr(article, kind.attribute, "")))
            for kind in KINDS
        ]
        links.append(("agency_page", self.agency_url(getattr(article, "case_agency", ""))))
        return [(kind, url) for kind, url in links if url]

    def page_digest(self, article: Any) -> list[tuple[str, str]]:
        """What a case page sees of the listings (plugins/lapor_reuse): its related links."""
        return self.related(article)

    def sorted(self, kind: str) -> list[Group]:
        """The groups of ``kind`` in alphabetical order (the directory never ranks by size)."""
        return sorted(self.groups[kind].values(), key=lambda g: (g.name.casefold(), g.name))

    def with_cases(self, kind: str) -> list[Group]:
        return [g for g in self.sorted(kind) if g.cases]

    def sorted_by(self, column: str) -> list[Group]:
        """The agencies in the order of the directory page sorted by ``column``."""
        return sort_agencies(self.sorted("agency"), column, self.min_ranked_reports)

    def comparison(self, group: Group) -> list[ScoreRow]:
        """The scorecard rows of ``group`` beside the province medians (empty without one)."""
        return compare(group, self.scorecards, self.min_ranked_reports)

    def rankings(self) -> dict[str, list[Ranked]]:
        """The agencies' rankings, each over agencies with enough reports."""
        agencies = list(self.groups["agency"].values())
        minimum = self.min_ranked_reports
        return {
            "first_response": rank(agencies, lambda g: g.first_response_median, minimum=minimum),
            "resolved_share": rank(
                agencies, lambda g: g.resolved_share, minimum=minimum, descending=True
            ),
        }


def build_listings(
    articles: Iterable[Any],
    stats: Mapping[str, Any],
    preferred_agencies: Collection[str] = (),
    min_ranked_reports: int = 10,
) -> Listings:
    """Group the published ``articles`` and the statistics' rows by agency, category, region.

    Every agency in the statistics gets a page, with or without published
    cases; a category or a region appears only when it has published cases.
    Cases are sorted newest first, then by slug (id) A to Z, the order of ``/kasus/``
    (pelicanconf's ``newest_first``), so listings are reproducible and agree.
    """
    # Two stable sorts: newest first, and within one moment the slugs stay A to Z.
    ordered = sorted(sorted(articles, key=lambda a: a.slug), key=lambda a: a.date, reverse=True)
    members: dict[str, dict[str, list[Any]]] = {kind.key: {} for kind in KINDS}
    unknown_agency_cases = 0
    for article in ordered:
        unknown_agency_cases += not is_known(getattr(article, "case_agency", ""))
        for kind in KINDS:
            name = getattr(article, kind.attribute, "") or ""
            if is_known(name):
                members[kind.key].setdefault(name, []).append(article)
    groups: dict[str, dict[str, Group]] = {}
    unknown_agency = None
    for kind in KINDS:
        rows: dict[str, Mapping[str, Any]] = {}
        for row in stats.get(kind.stats_table) or []:
            name = row.get("name")
            if kind.key == "agency" and name == UNKNOWN:
                unknown_agency = row
            elif is_known(name):
                rows[name] = row
        names = set(members[kind.key])
        if kind.key == "agency":
            names |= rows.keys()
        slugs = assign_slugs(names, preferred_agencies if kind.key == "agency" else ())
        groups[kind.key] = {
            name: Group(
                kind.key, name, slugs[name], rows.get(name), members[kind.key].get(name, [])
            )
            for name in names
        }
    cards = stats.get("scorecards") or {}
    for row in cards.get("agencies") or []:
        group = groups["agency"].get(row.get("name"))
        if group is not None:
            group.scorecard = row
    return Listings(groups, unknown_agency, unknown_agency_cases, min_ranked_reports, cards)


# ---------------------------------------------------------------------------
# Pelican glue
# ---------------------------------------------------------------------------


def prepare(generator) -> None:
    """After the cases are read, before any page is written: group them for every template."""
    settings = generator.settings
    lapor = settings["LAPOR"]
    generator.context["LISTINGS"] = build_listings(
        generator.articles,
        generator.context.get("STATS") or {},
        preferred_agencies=lapor.agencies,
        min_ranked_reports=lapor.min_ranked_reports,
    )


def _languages(save_as: str, url: str) -> Iterator[tuple[str, str, str]]:
    yield "id", save_as, url
    yield "en", EN_PREFIX + save_as, EN_PREFIX + url


def write_listings(generator, writer) -> None:
    """Write the case listings, the directory and the agency pages, in both languages."""
    listings: Listings = generator.context["LISTINGS"]
    relative = generator.settings["RELATIVE_URLS"]
    per_page = generator.settings.get("DEFAULT_PAGINATION") or 20
    context = generator.context

    def write(template: str, save_as: str, url: str, **variables: Any) -> None:
        for lang, name, page_url in _languages(save_as, url):
            writer.write_file(
                name, generator.get_template(template), context,
                relative_urls=relative, url=page_url, lang=lang, **variables,
            )  # fmt: skip

    def write_cases(base: str, cases: Sequence[Any], group: GroupHead | None) -> None:
        first = LISTING_TEMPLATE if group else CASES_TEMPLATE
        for lang, save_as, url in _languages(f"{base}index.html", base):
            for page in case_pages(save_as, url, cases, per_page):
                template = generator.get_template(ARCHIVE_TEMPLATE if page.number else first)
                writer.write_file(
                    page.save_as, template, context, relative_urls=relative, url=page.url,
                    lang=lang, listing=page, group=group, kind=group.kind if group else None,
                )  # fmt: skip

    write_cases(CASES_FOLDER, generator.articles, None)
    rankings = listings.rankings()
    sorting = {"sort_columns": SORT_COLUMNS, "sorted_url": sorted_url}
    agencies_per_page = generator.settings.get("LAPOR_AGENCIES_PER_PAGE") or 200
    for lang, save_as, url in _languages("instansi/index.html", "instansi/"):
        for page in paginate(save_as, url, listings.sorted("agency"), agencies_per_page):
            writer.write_file(
                page["articles_page"].save_as, generator.get_template(DIRECTORY_TEMPLATE),
                context, relative_urls=relative, url=page["articles_page"].url, lang=lang,
                rankings=rankings, sort_column="", **sorting, **page,
            )  # fmt: skip
    for column in SORT_COLUMNS:
        for lang, save_as, url in _languages(f"{sorted_url(column)}index.html", sorted_url(column)):
            for page in paginate(save_as, url, listings.sorted_by(column), agencies_per_page):
                writer.write_file(
                    page["articles_page"].save_as, generator.get_template(DIRECTORY_TEMPLATE),
                    context, relative_urls=relative, url=page["articles_page"].url, lang=lang,
                    rankings=rankings, sort_column=column, **sorting, **page,
                )  # fmt: skip
    for group in listings.groups["agency"].values():
        write(AGENCY_TEMPLATE, f"{group.page_url}index.html", group.page_url, group=group)
    for kind in KINDS:
        if kind.key != "agency":
            base = f"{kind.folder}/"
            write(LISTING_INDEX_TEMPLATE, f"{base}index.html", base, kind=kind.key)
        for group in listings.groups[kind.key].values():
            if group.cases:
                write_cases(group.listing_url, group.cases, group.head)


def register() -> None:
    signals.article_generator_finalized.connect(prepare)
    signals.article_writer_finalized.connect(write_listings)
