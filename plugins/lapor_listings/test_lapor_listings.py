"""Agency directory, agency pages and case listings: slugs, pagination, rankings, a real build."""

from __future__ import annotations

import re
import runpy
import tomllib
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from babel.messages.pofile import read_po

from lapor_listings import (
    SORT_COLUMNS,
    Group,
    assign_slugs,
    build_listings,
    case_pages,
    name_hash,
    paginate,
    rank,
    slugify,
    sort_agencies,
)
from lapor_site.aggregate import SCORECARD_METRICS
from lapor_site.build import build
from lapor_site.settings import load_settings
from lapor_site.site import INSTALL_ROOT, Site
from lapor_site.write import write_tree

TRANSLATIONS = INSTALL_ROOT / "theme" / "translations" / "en" / "LC_MESSAGES"

# ---------------------------------------------------------------------------
# Slugs
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Dinas Pekerjaan Umum, Penataan Ruang dan Perumahan Rakyat",
         "dinas-pekerjaan-umum-penataan-ruang-dan-perumahan-rakyat"),
        ("RSUD Abdul Wahab Sjahranie", "rsud-abdul-wahab-sjahranie"),
        ("Kécamatan  Sungai—Kunjang", "kecamatan-sungai-kunjang"),
        ("<script>alert(1)</script>", "script-alert-1-script"),
        ("???", ""),
    ],
)  # fmt: skip
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_long_names_are_cut_at_a_hyphen() -> None:
    slug = slugify("Dinas " + "Sangat Panjang " * 10)
    assert len(slug) <= 60 and not slug.endswith("-") and slug.startswith("dinas-sangat-panjang")


def test_colliding_names_get_distinct_stable_slugs() -> None:
    names = ["Dinas Sosial", "DINAS SOSIAL", "Dinas  Sosial!", "Dinas Kesehatan"]
    slugs = assign_slugs(names, preferred={"Dinas Sosial"})
    assert len(set(slugs.values())) == len(names)
    assert slugs["Dinas Sosial"] == "dinas-sosial"  # the configured name keeps the plain slug
    assert slugs["DINAS SOSIAL"] == f"dinas-sosial-{name_hash('DINAS SOSIAL')}"
    assert slugs["Dinas Kesehatan"] == "dinas-kesehatan"
    # The same names in another order, or with an unrelated newcomer, give the same slugs.
    again = assign_slugs([*reversed(names), "Dinas Pariwisata"], preferred={"Dinas Sosial"})
    assert {n: again[n] for n in names} == slugs


def test_without_a_preferred_name_the_first_in_order_keeps_the_plain_slug() -> None:
    slugs = assign_slugs(["Kota B", "kota b"])
    assert slugs == {"Kota B": "kota-b", "kota b": f"kota-b-{name_hash('kota b')}"}


def test_reserved_empty_and_look_alike_slugs_never_collide() -> None:
    lookalike = f"Dinas Sosial {name_hash('DINAS SOSIAL')}"  # reads like the hashed slug
    names = ["Page", "???", "!!!", "Dinas Sosial", "DINAS SOSIAL", lookalike]
    slugs = assign_slugs(names)
    assert len(set(slugs.values())) == len(names)
    assert slugs["Page"] != "page" and slugs["Page"].startswith("page-")
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s) for s in slugs.values())


# ---------------------------------------------------------------------------
# Pagination
# ---------------------------------------------------------------------------


def _pages(base: str, count: int, per_page: int = 2) -> list[tuple[str, str]]:
    items = list(range(count))
    return [
        (p["articles_page"].save_as, p["articles_page"].url)
        for p in paginate(f"{base}index.html", base, items, per_page)
    ]


def test_pages_are_folders_named_page_n() -> None:
    assert _pages("wilayah/area-1/", 5) == [
        ("wilayah/area-1/index.html", "wilayah/area-1/"),
        ("wilayah/area-1/page/2/index.html", "wilayah/area-1/page/2/"),
        ("wilayah/area-1/page/3/index.html", "wilayah/area-1/page/3/"),
    ]


def test_area_1_page_2_and_area_12_cannot_collide() -> None:
    bases = ("x/area-1/", "x/area-12/", "x/area-1-2/", "x/area-1/page/")
    files = {base: [f for f, _ in _pages(base, 30)] for base in bases}
    every = [f for names in files.values() for f in names]
    assert len(every) == len(set(every)) == 60
    for base, names in files.items():  # each page is the base or <base>page/N/, nothing else
        assert names[0] == f"{base}index.html"
        assert names[1:] == [f"{base}page/{n}/index.html" for n in range(2, 16)]


def test_previous_and_next_pages() -> None:
    pages = list(paginate("a/index.html", "a/", list(range(5)), 2))
    assert [p["articles_previous_page"] is None for p in pages] == [True, False, False]
    assert pages[0]["articles_next_page"].url == "a/page/2/"
    assert pages[2]["articles_previous_page"].url == "a/page/2/"
    assert pages[1]["articles_previous_page"].url == "a/"
    assert [p["articles_page"].object_list for p in pages] == [[0, 1], [2, 3], [4]]


def test_case_pages_number_archives_from_the_oldest() -> None:
    cases = list(range(6, -1, -1))  # seven cases, newest first: 0 is the oldest
    pages = case_pages("a/index.html", "a/", cases, 2)
    assert [(p.url, p.save_as, p.cases, p.number) for p in pages] == [
        ("a/", "a/index.html", (6, 5, 4), 0),
        ("a/page/2/", "a/page/2/index.html", (3, 2), 2),
        ("a/page/1/", "a/page/1/index.html", (1, 0), 1),
    ]
    assert [(p.first, p.last, p.total) for p in pages] == [(5, 7, 7), (3, 4, None), (1, 2, None)]
    assert [(p.newer_url, p.older_url) for p in pages] == [
        (None, "a/page/2/"),
        ("a/", "a/page/1/"),
        ("a/page/2/", None),
    ]
    assert {p.first_url for p in pages} == {"a/"}


@pytest.mark.parametrize("per_page", [1, 2, 3, 20])
def test_newer_cases_never_change_an_archive_page(per_page: int) -> None:
    previous: dict[str, object] = {}
    for count in range(0, 5 * per_page + 3):
        cases = list(range(count - 1, -1, -1))
        pages = case_pages("l/index.html", "l/", cases, per_page)
        listed = [case for page in pages for case in page.cases]
        assert sorted(listed) == list(range(count))  # every case on exactly one page
        front = pages[0]
        assert len(front.cases) == count if count < per_page else per_page <= len(front.cases)
        assert len(front.cases) < 2 * per_page or count < per_page
        url, older = front.url, front.older_url  # the chain of older pages reaches every page
        seen = [url]
        while older:
            page = next(p for p in pages if p.url == older)
            assert page.newer_url == url
            url, older = page.url, page.older_url
            seen.append(url)
        assert seen == [p.url for p in pages]
        for page in pages[1:]:
            assert len(page.cases) == per_page and page.total is None
            before = previous.get(page.url)
            if before is not None:  # the same page one case ago: the same, but its newer link
                assert (page.cases, page.first, page.last, page.older_url) == before
        previous.update({p.url: (p.cases, p.first, p.last, p.older_url) for p in pages[1:]})


def test_case_pages_need_a_page_size() -> None:
    with pytest.raises(ValueError, match="per_page"):
        case_pages("a/index.html", "a/", [1], 0)


# ---------------------------------------------------------------------------
# Figures and rankings
# ---------------------------------------------------------------------------


def _row(name: str, total: int, resolved: int, median: float | None, **extra) -> dict:
    return {
        "name": name, "total": total, "resolved": resolved,
        "median_working_days_to_first_response": median, "median_working_days_to_resolve": None,
        "responses_measured": resolved, "responses_within_limit": resolved // 2, **extra,
    }  # fmt: skip


def _timeliness(first_median: float | None) -> dict:
    return {
        "verification": {"limit": 3, "measured": 10, "over_limit": 2, "median": 1.0, "p90": 4.0},
        "first_response": {"limit": 5, "measured": 9, "over_limit": 3, "median": first_median,
                           "p90": None},
        "resolution": {"limit": None, "measured": 8, "over_limit": 0, "median": 9.5, "p90": 20.0},
    }  # fmt: skip


def test_rankings_count_only_agencies_with_enough_reports() -> None:
    groups = [
        Group("agency", "Lucky", "lucky", _row("Lucky", 1, 1, 0.5)),
        Group("agency", "B", "b", _row("B", 20, 10, 4.0)),
        Group("agency", "A", "a", _row("A", 10, 9, 4.0)),
        Group("agency", "C", "c", _row("C", 50, 10, 6.0)),
        Group("agency", "No median", "n", _row("No median", 50, 10, None)),
    ]
    fastest = rank(groups, lambda g: g.first_response_median, minimum=10)
    assert [(r.rank, r.group.name) for r in fastest] == [(1, "A"), (1, "B"), (3, "C")]
    share = rank(groups, lambda g: g.resolved_share, minimum=10, descending=True)
    assert [r.group.name for r in share] == ["A", "B", "C", "No median"]
    (top,) = rank(groups, lambda g: g.resolved_share, minimum=11, descending=True, size=1)
    assert top.group.name == "B"


def test_timeliness_is_used_when_present_and_optional() -> None:
    with_it = Group("agency", "A", "a", _row("A", 10, 5, 7.0, timeliness=_timeliness(2.5)))
    without = Group("agency", "B", "b", _row("B", 10, 5, 7.0))
    assert with_it.first_response_median == 2.5 and with_it.resolution_median == 9.5
    assert with_it.stage("verification")["limit"] == 3
    assert without.timeliness is None and without.stage("verification") is None
    assert without.first_response_median == 7.0
    assert Group("agency", "C", "c").first_response_median is None


def _article(slug: str, day: int, agency: str, category: str = "Kesehatan", region: str = "X"):
    return SimpleNamespace(
        slug=slug, date=day, case_agency=agency, case_category=category, case_region=region
    )


def test_build_listings_groups_cases_and_keeps_agencies_without_cases() -> None:
    articles = [_article("a", 1, "Dinas A"), _article("b", 3, "Dinas A"), _article("c", 2, "")]
    stats = {
        "by_agency": [_row("Dinas A", 5, 2, 3.0), _row("Dinas B", 2, 0, None),
                      _row("(tidak diketahui)", 4, 0, None)],
        "by_region": [_row("(tidak diketahui)", 1, 0, None)],
    }  # fmt: skip
    listings = build_listings(articles, stats, min_ranked_reports=3)
    assert set(listings.groups["agency"]) == {"Dinas A", "Dinas B"}
    assert [a.slug for a in listings.groups["agency"]["Dinas A"].cases] == ["b", "a"]
    assert listings.listing_url("agency", "Dinas B") == ""  # no published case, no listing
    assert listings.agency_url("Dinas B") == "instansi/dinas-b/"
    assert listings.listing_url("category", "Kesehatan") == "kategori/kesehatan/"
    assert listings.unknown_agency["total"] == 4 and listings.unknown_agency_cases == 1
    assert listings.related(articles[0]) == [
        ("agency", "instansi/dinas-a/kasus/"), ("category", "kategori/kesehatan/"),
        ("region", "wilayah/x/"), ("agency_page", "instansi/dinas-a/"),
    ]  # fmt: skip
    assert listings.related(articles[2]) == [
        ("category", "kategori/kesehatan/"), ("region", "wilayah/x/")
    ]  # fmt: skip
    assert [r.group.name for r in listings.rankings()["resolved_share"]] == ["Dinas A"]


def test_cases_of_the_same_moment_are_in_the_order_of_the_site_listing() -> None:
    """A group's listing orders cases like ``/kasus/`` (pelicanconf ``newest_first``: newest,
    then slug A to Z), so "report N counted from the oldest" is the same case in both."""
    newest_first = runpy.run_path(str(INSTALL_ROOT / "pelicanconf.py"))["newest_first"]
    articles = [_article(slug, day, "Dinas A") for slug, day in
                [("b", 2), ("a", 2), ("d", 1), ("c", 2), ("e", 3)]]  # fmt: skip
    site = [a.slug for a in sorted(articles, key=newest_first)]
    assert site == ["e", "a", "b", "c", "d"]
    listings = build_listings(articles, {})
    assert [a.slug for a in listings.groups["agency"]["Dinas A"].cases] == site


# ---------------------------------------------------------------------------
# Translations
# ---------------------------------------------------------------------------


def _msgids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        return {str(m.id) for m in read_po(handle) if m.id}


def test_listing_strings_are_translated_in_one_catalog_only() -> None:
    mine = _msgids(TRANSLATIONS / "listings.po")
    for other in TRANSLATIONS.glob("*.po"):
        if other.name != "listings.po":
            assert sorted(mine & _msgids(other)) == [], other.name


# ---------------------------------------------------------------------------
# A real build
# ---------------------------------------------------------------------------

HOSTILE = '<script>alert(1)</script> "Dinas" & Co'
CONSONANTS = "bcdfghjklmnpqrstvwxz"


def _case_id(n: int) -> str:
    return "bbbbbbbbbb" + CONSONANTS[n // 20] + CONSONANTS[n % 20]


def _case(n: int, agency: str, region: str, category: str = "Kesehatan") -> str:
    day = f"2026-03-{n + 1:02d}T10:00:00+08:00"
    return (
        f"Title: Lampu jalan mati nomor urut {CONSONANTS[n]}\nDate: {day}\nModified: {day}\n"
        f"Slug: {_case_id(n)}\nLang: id\nTemplate: case\nCase_submitted: {day}\n"
        f"Case_resolved: {day}\nCase_category: {category}\nCase_agency: {agency}\n"
        f"Case_region: {region}\nCase_channel: web\nCase_type: pengaduan\n"
        f"Case_privacy: public\n\n<p>Lampu jalan mati.</p>\n"
    )


def _stats() -> dict:
    agencies = [
        _row("Dinas Sosial", 12, 9, 4.0, timeliness=_timeliness(3.5)),
        _row(HOSTILE, 6, 1, 8.0),
        _row("Dinas Pariwisata", 1, 1, None),
        _row("Urut", 3, 1, None),  # its slug must not be the sorted pages' folder
        _row("(tidak diketahui)", 2, 0, None),
    ]
    regions = [_row("Area 1", 10, 6, 4.0), _row("Area 12", 9, 5, 4.0)]
    return {
        "as_of": "2026-03-20T10:00:00+08:00",
        "totals": {"all": 21, "resolved": 11, "published": 5, "confidential": 3},
        "by_status": {"resolved": 11, "in_progress": 10},
        "by_privacy": {"public": 18, "confidential": 3},
        "by_type": {"pengaduan": 21},
        "by_channel": {"web": 21},
        "timeliness": {"median_working_days_to_first_response": 4.0,
                       "median_working_days_to_resolve": 9.0,
                       "responses_measured": 11, "responses_within_limit": 6},
        "by_month": [{"month": "2026-03", "total": 21, "resolved": 11}],
        "by_region": regions, "by_agency": agencies,
        "by_category": [_row("Kesehatan", 21, 11, 4.0)],
        "min_cell_count": 3, "published_by_district_category": [],
        "scorecards": _scorecards(),
    }  # fmt: skip


def _card(name: str, reports: int, answered: float | None, median: float | None) -> dict:
    """A scorecard row: only the figures the tests read differ between agencies."""
    return {
        "name": name, "reports": reports, "answered_within_share": answered,
        "median_days_to_first_response": median, "verified_within_share": None,
        "median_days_to_resolution": None, "resolved_share": None, "satisfaction_mean": None,
        "satisfaction_count": 0, "open": 2, "open_over_limit": 1, "open_flagged": 0,
        "trend": [
            {"month": "2026-01", "received": 4, "answered": 4, "answered_within": 3,
             "answered_within_share": 0.75},
            {"month": "2026-02", "received": 2, "answered": 2, "answered_within": 0,
             "answered_within_share": None},
        ],
    }  # fmt: skip


def _scorecards() -> dict:
    return {
        "limits": {"verification": 3, "first_response": 5, "unhandled": 15},
        "months": ["2026-01", "2026-02"], "min_cell_count": 3, "min_ranked_reports": 5,
        "higher_is_better": SCORECARD_METRICS,
        "province_median": {"agencies": 2, "answered_within_share": 0.5,
                            "median_days_to_first_response": 4.0, "open_over_limit": 1.0},
        "agencies": [
            _card("Dinas Sosial", 12, 0.75, 3.5), _card(HOSTILE, 6, 0.25, 6.0),
            _card("Dinas Pariwisata", 1, None, None), _card("Urut", 3, 1.0, 1.0),
        ],
    }  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small site built by lapor-site (Pelican, leak audit, link check): its output folder."""
    root = tmp_path_factory.mktemp("site")
    region = (INSTALL_ROOT / "region.toml").read_text(encoding="utf-8")
    region = region.replace("cases_per_page = 20", "cases_per_page = 2")
    region = region.replace("min_ranked_reports = 10", "min_ranked_reports = 5")
    (root / "region.toml").write_text(region, encoding="utf-8")
    generated = root / "content" / "generated"
    # statistik.json and the open data, as the sync writes them (no published case rows).
    write_tree([], _stats(), ZoneInfo("Asia/Makassar"), generated)
    (generated / "kasus").mkdir(parents=True, exist_ok=True)
    cases = [
        _case(0, "Dinas Sosial", "Area 1"), _case(1, "Dinas Sosial", "Area 1"),
        _case(2, HOSTILE, "Area 1", "Air Bersih"), _case(3, "Dinas Sosial", "Area 12"),
        _case(4, "", "Area 12"), _case(5, "Dinas Sosial", "Area 1"),
        _case(6, "Dinas Sosial", "Area 1"), _case(7, "Dinas Sosial", "Area 1"),
    ]  # fmt: skip
    for n, text in enumerate(cases):
        (generated / "kasus" / f"{_case_id(n)}.md").write_text(text, encoding="utf-8")
    settings = load_settings(root / "region.toml")
    assert tomllib.loads(region)["data"]["min_ranked_reports"] == settings.min_ranked_reports == 5
    conf = root / "pelicanconf.py"  # the installation's settings, two agencies a page
    conf.write_text(
        "import runpy\n"
        f"globals().update(runpy.run_path({str(INSTALL_ROOT / 'pelicanconf.py')!r}))\n"
        "LAPOR_AGENCIES_PER_PAGE = 2\n",
        encoding="utf-8",
    )
    output = root / "output"
    build(Site.at(root), settings, output, conf=conf)
    return output


def _read(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def _table(page: str, table_id: str) -> str:
    return page.split(f'<table id="{table_id}">', 1)[1].split("</table>", 1)[0]


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_every_page_exists_in_both_languages(site: Path, prefix: str) -> None:
    hostile = slugify(HOSTILE)
    for path in [
        "instansi", "instansi/page/2", "instansi/dinas-sosial", f"instansi/{hostile}",
        "instansi/dinas-pariwisata",
        "instansi/dinas-sosial/kasus", "instansi/dinas-sosial/kasus/page/2",
        f"instansi/{hostile}/kasus", "kategori", "kategori/kesehatan",
        "kategori/air-bersih", "wilayah", "wilayah/area-1",
        "wilayah/area-1/page/1", "wilayah/area-1/page/2", "wilayah/area-12",
    ]:  # fmt: skip
        assert (site / prefix / path / "index.html").is_file(), prefix + path
    assert not (site / prefix / "instansi/dinas-pariwisata/kasus").exists()  # no published case
    assert not (site / prefix / "wilayah/area-1/page/3").exists()
    written = {
        f.parent.relative_to(site / prefix).as_posix()
        for f in (site / prefix / "wilayah").rglob("*.html")
    }  # area-1 page 2 is area-1/page/2, never area-12's page nor a Pelican "-2" name
    assert written == {"wilayah", "wilayah/area-1", "wilayah/area-1/page/1",
                       "wilayah/area-1/page/2", "wilayah/area-12"}  # fmt: skip
    # Every folder under kasus/ but page/ is a case (the shrink guard and the gates count them).
    folders = {p.name for p in (site / prefix / "kasus").iterdir() if p.is_dir()} - {"page"}
    assert folders == {_case_id(n) for n in range(8)}
    assert _read(site, prefix + "wilayah/area-12").count('class="case-list"') == 1


def test_labels_are_escaped_everywhere(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text, page
    page = _read(site, "instansi")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#34;Dinas&#34; &amp; Co" in page


def test_agency_page_shows_timeliness_when_present(site: Path) -> None:
    page = _read(site, "instansi/dinas-sosial")
    table = _table(page, "waktu")
    assert "3 hari kerja" in table and "5 hari kerja" in table and "tidak ada batas resmi" in table
    assert "2 (20%)" in table  # verification: 2 of 10 over the limit
    assert "9,5" in table and "20,0" in table  # resolution median and p90, Indonesian decimals
    assert "90% laporan dalam" in table and "%%" not in page  # a literal % in a message
    english = _read(site, "en/instansi/dinas-sosial")
    assert "3 working days" in _table(english, "waktu") and "9.5" in _table(english, "waktu")
    assert 'href="../../instansi/dinas-sosial/kasus/"' in page
    assert "https://www.lapor.go.id" in page and "bukan serangan" in page
    assert len(page.encode()) < 100_000


def test_agency_page_without_timeliness_or_cases(site: Path) -> None:
    page = _read(site, f"instansi/{slugify(HOSTILE)}")
    assert '<table id="waktu">' not in page
    assert "0 dari 1 laporan yang sudah ditanggapi" in page
    lonely = _read(site, "instansi/dinas-pariwisata")
    assert "Belum ada kasus selesai dari instansi ini" in lonely
    assert "instansi/dinas-pariwisata/kasus" not in lonely


def test_rankings_state_the_minimum_and_leave_small_agencies_out(site: Path) -> None:
    page = _read(site, "instansi")
    assert "sedikitnya 5 laporan" in page and "bukan serangan terhadap instansi" in page
    fastest = _table(page, "tanggapan-tercepat")
    assert "Dinas Sosial" in fastest and "3,5" in fastest  # from timeliness
    assert "&lt;script&gt;" in fastest and "Dinas Pariwisata" not in fastest  # 6 ≥ 5 > 1
    assert "Dinas Pariwisata" not in _table(page, "selesai-tertinggi")
    directory = _table(page, "instansi")  # by name, two a page ("<" sorts before "D")
    assert directory.index("&lt;script&gt;") < directory.index("Dinas Pariwisata")
    assert "Dinas Sosial" not in directory and "Instansi tidak diketahui" not in directory
    last = _read(site, "instansi/page/2")  # the unknown row ends the last page
    assert "Dinas Sosial" in _table(last, "instansi") and "Instansi tidak diketahui" in last
    assert 'id="tanggapan-tercepat"' not in last and 'rel="prev" href="../../../instansi/"' in last


def _cases_on(page: str) -> list[str]:
    """The case ids a listing page lists, in its order."""
    listed = page.split('<ol class="case-list">', 1)[1].split("</ol>", 1)[0]
    return re.findall(r'kasus/([a-z]{12})/"', listed)


def test_listings_have_heading_count_and_links_back(site: Path) -> None:
    page = _read(site, "wilayah/area-1")  # six cases, two a page: the newest two, then archives
    assert '<span lang="id">Area 1</span></h1>' in page
    assert "Kasus selesai yang diterbitkan: 6" in page and "(2 dari 6)" in page
    assert _cases_on(page) == [_case_id(7), _case_id(6)]
    assert 'href="../../kasus/"' in page and 'href="../../wilayah/"' in page
    assert 'rel="next" href="../../wilayah/area-1/page/2/"' in page and 'rel="prev"' not in page
    english = _read(site, "en/wilayah/area-1")
    assert "Published resolved cases: 6" in english and 'hreflang="id"' in english
    agency = _read(site, "instansi/dinas-sosial/kasus")
    assert 'href="../../../instansi/dinas-sosial/"' in agency


def test_archive_pages_are_counted_from_the_oldest_and_show_no_total(site: Path) -> None:
    second = _read(site, "wilayah/area-1/page/2")
    assert '<span lang="id">Area 1</span></h1>' in second
    assert "Arsip halaman 2: laporan ke-3 sampai ke-4, dihitung dari yang terlama" in second
    assert _cases_on(second) == [_case_id(5), _case_id(2)]  # newest first within the page
    # Nothing that changes with newer cases: no total, no page count, no "Data per" date.
    assert "dari 6" not in second and ": 6" not in second and 'class="as-of"' not in second
    assert 'rel="prev" href="../../../../wilayah/area-1/"' in second
    assert 'rel="next" href="../../../../wilayah/area-1/page/1/"' in second
    assert 'href="../../../../wilayah/"' in second and 'href="../../../../kasus/"' in second
    first = _read(site, "wilayah/area-1/page/1")
    assert _cases_on(first) == [_case_id(1), _case_id(0)]
    assert 'rel="prev" href="../../../../wilayah/area-1/page/2/"' in first
    assert 'rel="next"' not in first
    english = _read(site, "en/wilayah/area-1/page/2")
    assert "Archive page 2: reports 3 to 4, counted from the oldest" in english
    assert "(archive page 2)" in english and "Follow this region" in english
    every = _read(site, "kasus/page/3")  # all eight cases: the oldest six on three archive pages
    assert _cases_on(every) == [_case_id(5), _case_id(4)]
    assert 'rel="prev" href="../../../kasus/"' in every and not (site / "kasus/page/4").exists()
    assert _cases_on(_read(site, "kasus")) == [_case_id(7), _case_id(6)]


def test_case_page_links_to_its_listings(site: Path) -> None:
    page = _read(site, f"kasus/{_case_id(0)}")
    for link in ("instansi/dinas-sosial/kasus/", "kategori/kesehatan/",
                 "wilayah/area-1/", "instansi/dinas-sosial/"):  # fmt: skip
        assert f'href="../../{link}"' in page
    assert "bukan nomor pelacakan LAPOR!" in page
    english = _read(site, f"en/kasus/{_case_id(0)}")
    assert 'href="../../../en/wilayah/area-1/"' in english
    unknown = _read(site, f"kasus/{_case_id(4)}")
    assert "Tidak diketahui" in unknown and "dari instansi yang sama" not in unknown
    assert 'href="../../wilayah/area-12/">dari wilayah yang sama</a>' in unknown


# ---------------------------------------------------------------------------
# Scorecards and the sorted directory
# ---------------------------------------------------------------------------


def test_reserved_folder_never_becomes_an_agency_slug() -> None:
    slugs = assign_slugs(["Urut", "URUT!", "Dinas Urut"])
    assert "urut" not in slugs.values()
    assert slugs["Dinas Urut"] == "dinas-urut" and slugs["Urut"].startswith("urut-")


def test_sorting_puts_small_agencies_and_withheld_figures_last() -> None:
    def group(name: str, total: int, share: float | None) -> Group:
        card = {"answered_within_share": share}
        return Group("agency", name, name.lower(), _row(name, total, 0, None), scorecard=card)

    groups = [group("A", 20, None), group("B", 20, 0.5), group("C", 2, 0.9), group("D", 30, 0.8)]
    assert [g.name for g in sort_agencies(groups, "tanggapan", 10)] == ["D", "B", "A", "C"]
    assert [g.name for g in sort_agencies(groups, "laporan", 10)] == ["D", "A", "B", "C"]


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_sorted_pages_exist_and_mark_the_sorted_column(site: Path, prefix: str) -> None:
    for column in SORT_COLUMNS:
        page = _read(site, f"{prefix}instansi/urut/{column}")
        head = _table(page, "instansi").split("</thead>", 1)[0]
        assert head.count("aria-sort=") == 1, column
        assert "tanggapan-tercepat" not in page  # the rankings stay on the default page
    default = _table(_read(site, f"{prefix}instansi"), "instansi")
    assert '<th scope="col" aria-sort="ascending">' in default
    up = "../../" if prefix else "../"
    assert f'href="{up}{prefix}instansi/urut/tanggapan/"' in default
    # "Urut" has its own page, and nothing is written at the sorted pages' folder itself.
    urut = assign_slugs(["Urut"])["Urut"]
    assert (site / prefix / "instansi" / urut / "index.html").is_file()
    assert not (site / prefix / "instansi/urut/index.html").exists()


def test_sorted_page_orders_best_first_and_small_agencies_last(site: Path) -> None:
    first = _table(_read(site, "instansi/urut/tanggapan"), "instansi")
    assert 'aria-sort="descending"' in first
    assert first.index("Dinas Sosial") < first.index("&lt;script&gt;")  # 75 % before 25 %
    assert "75%" in first and "Urut" not in first  # two a page
    rest = _table(_read(site, "instansi/urut/tanggapan/page/2"), "instansi")
    assert 'class="divider"' in rest and "kurang dari 5 laporan" in rest
    assert rest.index("Urut") < rest.index("Dinas Pariwisata")  # 100 % of 3 reports, then "–"
    fastest = _table(_read(site, "instansi/urut/median-tanggapan"), "instansi")
    assert 'aria-sort="ascending"' in fastest
    assert fastest.index("Dinas Sosial") < fastest.index("&lt;script&gt;")  # 3,5 before 6,0


def test_agency_page_has_its_scorecard_beside_the_median(site: Path) -> None:
    page = _read(site, "instansi/dinas-sosial")
    card = _table(page, "rapor")
    assert "Tanggapan pertama dalam 5 hari kerja" in card and "75%" in card and "50%" in card
    assert "di atas median" in card and "lebih cepat dari median" in card
    assert "sama dengan median" in card  # open over the limit: 1 and a median of 1
    assert "bukan peringkat" in page and "sumbangan warga" in page
    assert 'role="img"' in page and '<table id="tren">' in page and "Januari 2026" in page
    assert 'href="../../panduan-admin/"' in page
    english = _read(site, "en/instansi/dinas-sosial")
    assert "faster than the median" in _table(english, "rapor") and "January 2026" in english
    assert 'href="../../../en/panduan-admin/"' in english
    assert len(page.encode()) < 100_000


def test_small_agency_is_not_compared(site: Path) -> None:
    card = _table(_read(site, "instansi/dinas-pariwisata"), "rapor")
    assert "median" not in card.split("</thead>", 1)[1].replace("Median hari kerja", "")
