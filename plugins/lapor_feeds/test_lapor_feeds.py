"""Feeds: order, limits, ids, dates, escaping, the call to action, and a real build."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import feedparser
import pytest
from babel.messages.pofile import read_po
from lapor_listings import slugify

from lapor_feeds import Feed, build_feed, build_monthly_feed
from lapor_site.build import build
from lapor_site.settings import load_settings
from lapor_site.site import INSTALL_ROOT, Site
from lapor_site.write import write_tree

WITA = timezone(timedelta(hours=8))


def _article(n: int, title: str = "Kasus") -> SimpleNamespace:
    day = datetime(2026, 3, 1, 9, tzinfo=WITA) + timedelta(days=n)
    return SimpleNamespace(
        title=f"{title} {n}", url=f"kasus/id{n}/", slug=f"id{n}", date=day,
        modified=day + timedelta(hours=1), case_agency="Dinas Sosial",
        content="<p>Isi &lt;script&gt;</p>",
    )  # fmt: skip


SETTINGS = {
    "LAPOR": load_settings(INSTALL_ROOT / "region.toml"),
    "LAPOR_SITE_URL": "https://situs.example",
    "LAPOR_FEED_ITEMS": 3,
}


def test_newest_first_limited_and_reproducible():
    articles = [_article(n) for n in range(5)]
    atom = build_feed(articles, SETTINGS, "https://situs.example/feeds/a.xml").atom_str()
    again = build_feed(list(reversed(articles)), SETTINGS, "https://situs.example/feeds/a.xml")
    assert atom == again.atom_str()
    parsed = feedparser.parse(atom)
    assert [e.title for e in parsed.entries] == ["Kasus 4", "Kasus 3", "Kasus 2"]
    assert parsed.feed.updated == "2026-03-05T10:00:00+08:00"


def test_items_end_with_official_channel_and_keep_escaping():
    rss = build_feed(
        [_article(1, "<b>Judul</b>")], SETTINGS, "https://situs.example/f.xml"
    ).rss_str()
    (entry,) = feedparser.parse(rss).entries
    assert entry.title == "‹b›Judul‹/b› 1"  # plain text: no markup, not even escaped
    assert "&lt;script&gt;" in entry.description
    assert entry.description.rstrip().endswith("</p>")
    assert "SMS 1708" in entry.description and "https://www.lapor.go.id" in entry.description


HOSTILE_TITLES = [
    "<script>alert(1)</script>",
    "&lt;img src=x onerror=alert(1)&gt;",
    "&amp;lt;b&amp;gt;",
    "<![CDATA[<script>]]>",
    "a <a href='javascript:alert(1)'>tautan</a>",
]


def test_titles_are_plain_text_in_every_feed():
    articles = [_article(n, title) for n, title in enumerate(HOSTILE_TITLES)]
    settings = {**SETTINGS, "LAPOR_FEED_ITEMS": 50}
    feed = build_feed(articles, settings, "https://situs.example/f.xml")
    for raw in (feed.rss_str(), feed.atom_str()):
        text = raw.decode("utf-8")
        titles = text.split("<title>")[1:]
        assert len(titles) == len(HOSTILE_TITLES) + 1
        for title in titles:
            content = title.split("</title>")[0]
            assert "&lt;" not in content and "<" not in content and "&amp;lt;" not in content
        for entry in feedparser.parse(raw).entries:
            assert "<" not in entry.title and ">" not in entry.title


def test_rss_channel_links_to_the_page_the_feed_mirrors():
    """RSS ``<channel><link>`` is the site page; the feed's own URL is only atom:link rel=self."""
    self_url = "https://situs.example/feeds/kasus.rss.xml"
    rss = build_feed([_article(1)], SETTINGS, self_url).rss_str()
    parsed = feedparser.parse(rss)
    assert parsed.feed.link == "https://situs.example/kasus/"
    assert [(link.rel, link.href) for link in parsed.feed.links if link.rel == "self"] == [
        ("self", self_url)
    ]


def test_guids_are_tag_uris_of_the_case_id_not_its_url():
    article = _article(2)
    article.case_submitted = "2026-02-27T23:30:00+07:00"  # 28 February in WITA
    moved = SimpleNamespace(**{**vars(article), "url": "arsip/2026/id2.html"})
    for case in (article, moved):
        (entry,) = feedparser.parse(
            build_feed([case], SETTINGS, "https://s/f.xml").atom_str()
        ).entries
        assert entry.id == "tag:situs.example,2026-02-28:kasus/id2"


def test_items_quote_an_excerpt_of_the_follow_up_with_dates_and_working_days():
    article = _article(3)
    article.case_submitted = "2026-03-02T09:00:00+08:00"  # Monday; resolved Wednesday 4 March
    response = " ".join(f"kata{n}" for n in range(400))
    article.content = f'<p>Isi laporan.</p>\n<div class="case-response">\n<p>{response}</p>\n</div>'
    (entry,) = feedparser.parse(
        build_feed([article], SETTINGS, "https://s/f.xml").rss_str()
    ).entries
    assert "Dilaporkan: 2 Maret 2026" in entry.description
    assert "Selesai: 4 Maret 2026" in entry.description
    assert "Lama penanganan: 2 hari kerja" in entry.description
    assert "kata10 " in entry.description and "kata399" not in entry.description
    assert "https://situs.example/kasus/id3/" in entry.description


def test_an_empty_monthly_feed_is_valid_and_dated_from_the_data():
    feed = Feed("feeds/laporan-bulanan", "monthly", "Situs: laporan bulanan", "")
    settings = {**SETTINGS, "LAPOR_AS_OF": "2026-03-20T10:00:00+08:00"}
    built = build_monthly_feed([], settings, "https://situs.example/f.atom.xml", feed)
    for raw in (built.atom_str(), built.rss_str()):
        parsed = feedparser.parse(raw)
        assert not parsed.bozo and parsed.entries == []
    assert feedparser.parse(built.atom_str()).feed.updated == "2026-03-20T10:00:00+08:00"
    assert (
        built.atom_str()
        == build_monthly_feed([], settings, "https://situs.example/f.atom.xml", feed).atom_str()
    )


# ---------------------------------------------------------------------------
# A real build: every feed, the Feeds page, autodiscovery
# ---------------------------------------------------------------------------

HOSTILE = '<script>alert(1)</script> "Dinas" & Co'
LIMIT = 2
CONSONANTS = "bcdfghjklmnpqrstvwxz"
AGENCIES = ["Dinas Sosial", "Dinas Sosial", HOSTILE, "Dinas Sosial", "Dinas Pendidikan"]


def _case_id(n: int) -> str:
    return "cccccccccc" + CONSONANTS[n // 20] + CONSONANTS[n % 20]


def _case(n: int, agency: str, title: str = "Jalan rusak nomor urut") -> str:
    day = f"2026-03-{n + 10:02d}T10:00:00+08:00"
    region = "Area 1" if n % 2 else "Area 2"
    return (
        f"Title: {title} {CONSONANTS[n]}\nDate: {day}\nModified: {day}\n"
        f"Slug: {_case_id(n)}\nLang: id\nTemplate: case\n"
        f"Case_submitted: 2026-03-0{n + 1}T08:00:00+08:00\nCase_resolved: {day}\n"
        f"Case_category: Jalan\nCase_agency: {agency}\nCase_region: {region}\n"
        f"Case_channel: web\nCase_type: pengaduan\nCase_privacy: public\n\n"
        f'<p>Jalan rusak.</p>\n<div class="case-response">\n<p>Sudah diperbaiki.</p>\n</div>\n'
    )


def _stats() -> dict:
    row = {"total": 5, "resolved": 3, "median_working_days_to_first_response": 2.0,
           "median_working_days_to_resolve": 5.0}  # fmt: skip
    agencies = [{"name": n, **row} for n in ("Dinas Sosial", HOSTILE, "Dinas Pendidikan",
                                             "Dinas Pariwisata")]  # fmt: skip
    return {
        "as_of": "2026-03-20T10:00:00+08:00",
        "totals": {"all": 20, "resolved": 12, "published": 5, "confidential": 3},
        "by_status": {"resolved": 12}, "by_privacy": {"public": 20}, "by_type": {"pengaduan": 20},
        "by_channel": {"web": 20},
        "timeliness": {"median_working_days_to_first_response": 2.0,
                       "median_working_days_to_resolve": 5.0,
                       "responses_measured": 12, "responses_within_limit": 10},
        "by_month": [{"month": "2026-03", "total": 20, "resolved": 12}],
        "by_region": [], "by_agency": agencies, "by_category": [],
        "min_cell_count": 3, "published_by_district_category": [],
    }  # fmt: skip


REPORT = (
    "Title: Laporan bulanan Maret 2026 <b>\nSlug: laporan-bulanan-2026-03\nLang: {lang}\n"
    "Report_month: 2026-03\nDate: 2026-04-01T08:00:00+08:00\n\n<p>Ringkasan {lang}.</p>\n"
)


def _write_site(root: Path, cases: list[str]) -> Path:
    generated = root / "content" / "generated"
    # statistik.json and the open data, as the sync writes them (no published case rows).
    write_tree([], _stats(), ZoneInfo("Asia/Makassar"), generated)
    for folder in ("kasus", "data", "laporan"):
        (generated / folder).mkdir(parents=True, exist_ok=True)
    for n, text in enumerate(cases):
        (generated / "kasus" / f"{_case_id(n)}.md").write_text(text, encoding="utf-8")
    laporan = generated / "laporan"
    (laporan / "2026-03.md").write_text(REPORT.format(lang="id"), encoding="utf-8")
    (laporan / "2026-03.en.md").write_text(REPORT.format(lang="en"), encoding="utf-8")
    (root / "region.toml").write_bytes((INSTALL_ROOT / "region.toml").read_bytes())
    conf = root / "pelicanconf.py"  # the installation's settings, reports read as pages
    conf.write_text(
        "import runpy\n"
        f"globals().update(runpy.run_path({str(INSTALL_ROOT / 'pelicanconf.py')!r}))\n"
        f"LAPOR_FEED_ITEMS = {LIMIT}\n"
        'PAGE_PATHS = ["pages", "generated/laporan"]\n',
        encoding="utf-8",
    )
    output = root / "output"
    build(Site.at(root), load_settings(root / "region.toml"), output, conf=conf)
    return output


def _cases(extra: int = 0) -> list[str]:
    cases = [_case(n, agency) for n, agency in enumerate(AGENCIES)]
    cases[2] = _case(2, HOSTILE, title="<img src=x onerror=alert(1)> &lt;b&gt;")
    return cases + [_case(len(AGENCIES) + n, "Dinas Sosial") for n in range(extra)]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small site built by lapor-site (Pelican, leak audit, link check): its output folder."""
    return _write_site(tmp_path_factory.mktemp("site"), _cases())


def _feeds(site: Path) -> dict[str, tuple[Path, Path]]:
    """feed path (``instansi/dinas-sosial``) → (Atom file, RSS file)."""
    found = {}
    for atom in sorted((site / "feeds").rglob("*.atom.xml")):
        stem = atom.relative_to(site / "feeds").as_posix().removesuffix(".atom.xml")
        found[stem] = (atom, atom.with_name(atom.name.replace(".atom.xml", ".rss.xml")))
    return found


def test_every_feed_is_written_in_both_formats(site: Path) -> None:
    hostile = slugify(HOSTILE)
    assert set(_feeds(site)) == {
        "kasus", "laporan-bulanan",
        "instansi/dinas-sosial", f"instansi/{hostile}", "instansi/dinas-pendidikan",
        "instansi/dinas-pariwisata",  # in the statistics, no published case: an empty feed
        "kategori/jalan", "wilayah/area-1", "wilayah/area-2",
    }  # fmt: skip
    assert sorted((site / "feeds").rglob("*.rss.xml")) == sorted(
        rss for _, rss in _feeds(site).values()
    )


def test_feeds_parse_carry_language_and_local_dates(site: Path) -> None:
    for atom, rss in _feeds(site).values():
        for path in (atom, rss):
            parsed = feedparser.parse(str(path))
            assert not parsed.bozo, (path, parsed.bozo_exception)
        assert 'xml:lang="id"' in atom.read_text(encoding="utf-8")
        assert "<language>id</language>" in rss.read_text(encoding="utf-8")
        for entry in feedparser.parse(str(atom)).entries:
            assert entry.published.endswith("+08:00") and entry.updated.endswith("+08:00")
        for entry in feedparser.parse(str(rss)).entries:
            assert entry.published.endswith("+0800")


def test_item_counts_match_the_data(site: Path) -> None:
    published = {"kasus": 5, "instansi/dinas-sosial": 3, f"instansi/{slugify(HOSTILE)}": 1,
                 "instansi/dinas-pendidikan": 1, "instansi/dinas-pariwisata": 0,
                 "kategori/jalan": 5, "wilayah/area-1": 2, "wilayah/area-2": 3,
                 "laporan-bulanan": 1}  # fmt: skip
    for name, files in _feeds(site).items():
        for path in files:
            assert len(feedparser.parse(str(path)).entries) == min(LIMIT, published[name]), path


def test_every_item_carries_the_official_channel_and_the_case_facts(site: Path) -> None:
    for name, (atom, rss) in _feeds(site).items():
        for path in (atom, rss):
            for entry in feedparser.parse(str(path)).entries:
                body = entry.content[0].value if "content" in entry else entry.description
                assert 'href="https://www.lapor.go.id"' in body, (path, entry.id)
                if name != "laporan-bulanan":
                    assert "hari kerja" in body and "Sudah diperbaiki." in body


def test_channel_links_and_self_links(site: Path) -> None:
    settings = load_settings(INSTALL_ROOT / "region.toml")
    base = settings.site_url
    expected = {"kasus": "kasus/", "instansi/dinas-sosial": "instansi/dinas-sosial/",
                "instansi/dinas-pariwisata": "instansi/dinas-pariwisata/",
                "wilayah/area-1": "wilayah/area-1/",
                "laporan-bulanan": "laporan-bulanan-2026-03/"}  # fmt: skip
    feeds = _feeds(site)
    for name, page in expected.items():
        atom, rss = feeds[name]
        parsed = feedparser.parse(str(rss))
        assert parsed.feed.link == f"{base}/{page}"
        assert (site / page / "index.html").is_file()
        selves = [link.href for link in parsed.feed.links if link.rel == "self"]
        assert selves == [f"{base}/feeds/{name}.rss.xml"]
        selves = [
            link.href for link in feedparser.parse(str(atom)).feed.links if link.rel == "self"
        ]
        assert selves == [f"{base}/feeds/{name}.atom.xml"]


def test_hostile_titles_stay_plain_text(site: Path) -> None:
    for atom, rss in _feeds(site).values():
        for path in (atom, rss):
            text = path.read_text(encoding="utf-8")
            # No tag, in the XML nor in the HTML it carries (``&amp;lt;`` is text there).
            assert "<script" not in text and "&lt;script" not in text
            assert "<img" not in text and "&lt;img" not in text
            for entry in feedparser.parse(str(path)).entries:
                assert "<" not in entry.title and ">" not in entry.title


def test_guids_are_stable_across_builds(site: Path, tmp_path_factory: pytest.TempPathFactory):
    """A second build with one more case gives every item it shares the same id."""
    again = _feeds(_write_site(tmp_path_factory.mktemp("again"), _cases(extra=1)))
    shared = 0
    for name, (atom, _) in _feeds(site).items():
        before = {e.link: e.id for e in feedparser.parse(str(atom)).entries}
        after = {e.link: e.id for e in feedparser.parse(str(again[name][0])).entries}
        assert all(guid.startswith("tag:lapor.") for guid in before.values())
        assert len(set(before.values())) == len(before)
        for link in before.keys() & after.keys():
            assert before[link] == after[link]
            shared += 1
    assert shared >= 8
    newest = feedparser.parse(str(again["kasus"][0])).entries[0]
    assert newest.id.endswith(f":kasus/{_case_id(len(AGENCIES))}")


def _head(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8").split("</head>")[0]


def test_pages_announce_their_feeds(site: Path) -> None:
    for path in ("", "en/", "statistik/", f"kasus/{_case_id(0)}/"):
        head = _head(site, path)
        assert head.count('rel="alternate" type="application/') == 2, path
        assert "feeds/kasus.atom.xml" in head and "feeds/kasus.rss.xml" in head
    for path, feed in [
        ("instansi/dinas-sosial/", "instansi/dinas-sosial"),
        ("en/instansi/dinas-pariwisata/", "instansi/dinas-pariwisata"),
        ("instansi/dinas-sosial/kasus/", "instansi/dinas-sosial"),
        ("kategori/jalan/", "kategori/jalan"),
        ("en/wilayah/area-1/", "wilayah/area-1"),
        ("laporan-bulanan-2026-03/", "laporan-bulanan"),
        ("en/laporan-bulanan-2026-03/", "laporan-bulanan"),
    ]:
        head = _head(site, path)
        assert head.count('rel="alternate" type="application/') == 4, path
        assert f"feeds/{feed}.atom.xml" in head and f"feeds/{feed}.rss.xml" in head, path
    assert "&lt;script&gt;" in _head(site, f"instansi/{slugify(HOSTILE)}/")


def test_agency_pages_offer_to_follow_the_agency(site: Path) -> None:
    page = (site / "instansi/dinas-pariwisata/index.html").read_text(encoding="utf-8")
    assert "Ikuti instansi ini:" in page
    assert 'href="../../feeds/instansi/dinas-pariwisata.rss.xml"' in page
    english = (site / "en/instansi/dinas-sosial/index.html").read_text(encoding="utf-8")
    assert "Follow this agency:" in english and "feeds/instansi/dinas-sosial.atom.xml" in english
    region = (site / "wilayah/area-1/index.html").read_text(encoding="utf-8")
    assert "Ikuti wilayah ini:" in region


def test_feeds_page_lists_every_feed_in_both_languages(site: Path) -> None:
    for path, words in (("feeds", "Cara berlangganan"), ("en/feeds", "How to subscribe")):
        page = (site / path / "index.html").read_text(encoding="utf-8")
        assert words in page and "<script>" not in page
        for name in _feeds(site):
            for extension in ("atom.xml", "rss.xml"):
                assert f'feeds/{name}.{extension}"' in page, (path, name)
        assert len(page.encode()) < 100_000


def test_feed_strings_are_translated_in_one_catalog_only() -> None:
    folder = INSTALL_ROOT / "theme" / "translations" / "en" / "LC_MESSAGES"

    def ids(path: Path) -> set[str]:
        with path.open("rb") as handle:
            return {str(m.id) for m in read_po(handle) if m.id}

    mine = ids(folder / "feeds.po")
    for other in folder.glob("*.po"):
        if other.name != "feeds.po":
            assert sorted(mine & ids(other)) == [], other.name


def test_plugins_come_after_the_plugins_they_import() -> None:
    """Pelican loads plugins from PLUGIN_PATHS, not sys.path: an import works only when the
    imported plugin is already loaded (the tests' sys.path would hide the mistake)."""
    import ast
    import runpy

    order = runpy.run_path(str(INSTALL_ROOT / "pelicanconf.py"))["PLUGINS"]
    for position, name in enumerate(order):
        tree = ast.parse((INSTALL_ROOT / "plugins" / name / "__init__.py").read_text("utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        for other in imported & set(order):
            assert order.index(other) < position, f"{name} imports {other}, listed later"
