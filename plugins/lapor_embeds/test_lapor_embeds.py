"""Badges, widgets and "Tautkan ke kami" pages: name wrapping, and a real build, twice."""

from __future__ import annotations

import math
from pathlib import Path
from zoneinfo import ZoneInfo

import lxml.etree
import lxml.html
import pytest
from babel.messages.pofile import read_po

from lapor_embeds import (
    BADGE_HEIGHT,
    BADGE_WIDTH,
    ELLIPSIS,
    NAME_WIDTH,
    STYLESHEET,
    WIDGET_HEIGHT,
    WIDGET_WIDTH,
    clean_name,
    text_width,
    wrap_name,
)
from lapor_site.build import build
from lapor_site.settings import contrast_with_white, load_settings
from lapor_site.site import INSTALL_ROOT, Site
from lapor_site.write import write_tree

TRANSLATIONS = INSTALL_ROOT / "theme" / "translations" / "en" / "LC_MESSAGES"
SVG = "{http://www.w3.org/2000/svg}"
SITE_URL = "https://lapor.kaltimprov.example"
OFFICIAL = "https://www.lapor.go.id"
#: An agency name that tries to break out of SVG text, an HTML attribute and a snippet.
HOSTILE = '<script>alert(1)</script> "Dinas" & Co\']]><!-- \x0b\u202e'
LONG = "Dinas Pekerjaan Umum, Penataan Ruang dan Perumahan Rakyat Wilayah Utara dan Selatan"

# ---------------------------------------------------------------------------
# Names on the badge
# ---------------------------------------------------------------------------


def test_short_names_stay_on_one_line() -> None:
    assert wrap_name("Dinas Sosial") == ["Dinas Sosial"]


def test_long_names_take_two_lines_and_end_with_an_ellipsis() -> None:
    lines = wrap_name(LONG)
    assert len(lines) == 2 and lines[1].endswith(ELLIPSIS)
    assert lines[0].startswith("Dinas Pekerjaan Umum") and " ".join(lines).count(ELLIPSIS) == 1
    assert all(text_width(line) <= NAME_WIDTH for line in lines)
    last_word = lines[1].removesuffix(ELLIPSIS).split()[-1]
    assert last_word in LONG.split()  # cut between words, not inside one


def test_a_name_that_fits_two_lines_is_not_cut() -> None:
    name = "Dinas Pekerjaan Umum, Penataan Ruang dan Perumahan Rakyat"
    lines = wrap_name(name)
    assert " ".join(lines) == name and ELLIPSIS not in name


def test_one_endless_word_is_broken_and_cut() -> None:
    lines = wrap_name("W" * 200)
    assert len(lines) == 2 and lines[0] == "W" * len(lines[0]) and lines[1].endswith(ELLIPSIS)
    assert all(text_width(line) <= NAME_WIDTH for line in lines)


def test_names_lose_what_xml_cannot_carry() -> None:
    assert clean_name("A\x00B\x0b\u202eC\ud800  D\n") == "A B C D"
    assert clean_name("Kécamatan") == "Kécamatan"  # NFC, accents kept


# ---------------------------------------------------------------------------
# A real build, twice
# ---------------------------------------------------------------------------


def _row(name: str, total: int, resolved: int, median: float | None) -> dict:
    return {
        "name": name, "total": total, "resolved": resolved,
        "median_working_days_to_first_response": median, "median_working_days_to_resolve": None,
        "responses_measured": resolved, "responses_within_limit": resolved // 2,
    }  # fmt: skip


AGENCIES = [
    _row("Dinas Sosial", 12, 9, 4.0),
    _row(HOSTILE, 8, 1, 8.0),
    _row(LONG, 3, 0, None),
    _row("(tidak diketahui)", 2, 0, None),
]


def _stats() -> dict:
    return {
        "as_of": "2026-03-20T10:00:00+08:00",
        "totals": {"all": 25, "resolved": 10, "published": 1, "confidential": 3},
        "by_status": {"resolved": 10, "in_progress": 15},
        "by_privacy": {"public": 22, "confidential": 3},
        "by_type": {"pengaduan": 25},
        "by_channel": {"web": 25},
        "timeliness": {"median_working_days_to_first_response": 4.5,
                       "median_working_days_to_resolve": 9.0,
                       "responses_measured": 10, "responses_within_limit": 6},
        "by_month": [{"month": "2026-03", "total": 25, "resolved": 10}],
        "by_region": [_row("Area 1", 25, 10, 4.5)], "by_agency": AGENCIES,
        "by_category": [_row("Kesehatan", 25, 10, 4.5)],
        "min_cell_count": 3, "published_by_district_category": [],
    }  # fmt: skip


CASE = (
    "Title: Lampu jalan mati\nDate: 2026-03-02T10:00:00+08:00\n"
    "Slug: bbbbbbbbbbbb\nLang: id\nTemplate: case\nCase_submitted: 2026-03-02T10:00:00+08:00\n"
    "Case_resolved: 2026-03-09T10:00:00+08:00\nCase_category: Kesehatan\n"
    "Case_agency: Dinas Sosial\nCase_region: Area 1\nCase_channel: web\nCase_type: pengaduan\n"
    "Case_privacy: public\n\n<p>Lampu jalan mati.</p>\n"
)


def _build(root: Path, output: Path) -> Path:
    build(Site.at(root), load_settings(root / "region.toml"), output)
    return output


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same small site built twice by lapor-site into two folders."""
    root = tmp_path_factory.mktemp("site")
    (root / "region.toml").write_bytes((INSTALL_ROOT / "region.toml").read_bytes())
    generated = root / "content" / "generated"
    # statistik.json and the open data, as the sync writes them (no published case rows).
    write_tree([], _stats(), ZoneInfo("Asia/Makassar"), generated)
    (generated / "kasus").mkdir(parents=True, exist_ok=True)
    (generated / "kasus" / "bbbbbbbbbbbb.md").write_text(CASE, encoding="utf-8")
    return _build(root, root / "output"), _build(root, root / "output-again")


@pytest.fixture(scope="module")
def site(builds: tuple[Path, Path]) -> Path:
    return builds[0]


def _slug(site: Path, name: str) -> str:
    """The agency's slug, read from the directory lapor_listings wrote (never re-derived)."""
    directory = lxml.html.fromstring((site / "instansi" / "index.html").read_bytes())
    for link in directory.iter("a"):
        if link.text_content().strip() == clean_name(name) or link.text_content() == name:
            href = link.get("href")
            if "/instansi/" in href and href.count("/") >= 3:
                return href.rstrip("/").rsplit("/", 1)[1]
    raise AssertionError(f"{name!r} not in the directory")


def _share(row: dict) -> str:
    """The resolved share as the site shows it: whole percent, halves rounded up."""
    return f"{math.floor(100 * row['resolved'] / row['total'] + 0.5)}%"


def _badge(site: Path, path: str) -> lxml.etree._Element:
    data = (site / path).read_bytes()
    assert len(data) < 3000, path
    return lxml.etree.fromstring(data, lxml.etree.XMLParser(resolve_entities=False))


def _texts(badge: lxml.etree._Element) -> str:
    return " ".join("".join(t.itertext()) for t in badge.iter(f"{SVG}text"))


def test_every_agency_and_the_region_get_their_embeds(site: Path) -> None:
    agencies = sorted(p.parent.name for p in (site / "instansi").glob("*/index.html"))
    agencies.remove("page") if "page" in agencies else None
    assert len(agencies) == 3  # the unknown row gets no page, so no embeds
    for prefix in ("", "en/"):
        for base in [*(f"instansi/{slug}/" for slug in agencies), ""]:
            assert (site / prefix / base / "lencana.svg").is_file(), prefix + base
            for folder in ("widget", "tautkan"):
                assert (site / prefix / base / folder / "index.html").is_file(), base + folder
    assert (site / STYLESHEET).is_file()


@pytest.mark.parametrize(("row", "lang"), [(AGENCIES[0], "id"), (AGENCIES[0], "en"),
                                           (AGENCIES[1], "id"), (AGENCIES[2], "en")])  # fmt: skip
def test_badge_is_svg_with_the_agencys_figures(site: Path, row: dict, lang: str) -> None:
    prefix = "en/" if lang == "en" else ""
    badge = _badge(site, f"{prefix}instansi/{_slug(site, row['name'])}/lencana.svg")
    assert badge.tag == f"{SVG}svg" and badge.get("role") == "img"
    assert (badge.get("width"), badge.get("height")) == (str(BADGE_WIDTH), str(BADGE_HEIGHT))
    (title,) = badge.iter(f"{SVG}title")
    assert badge.get("aria-labelledby") == title.get("id")
    share = _share(row)
    assert title.text.startswith(f"{clean_name(row['name'])}: {share} ")
    words = ("dari", "laporan") if lang == "id" else ("of", "reports")
    assert f"({row['resolved']} {words[0]} {row['total']}" in title.text
    texts = _texts(badge)
    assert share in texts and f"{row['total']} {words[1]}" in texts and "SP4N-LAPOR!" in texts
    assert not list(badge.iter(f"{SVG}script")) and not list(badge.iter(f"{SVG}foreignObject"))
    fills = {el.get("fill") for el in badge.iter() if el.get("fill")} - {"#fff"}
    assert fills and all(contrast_with_white(colour) >= 4.5 for colour in fills)


def test_hostile_name_stays_text_in_the_badge(site: Path) -> None:
    badge = _badge(site, f"instansi/{_slug(site, HOSTILE)}/lencana.svg")
    (title,) = badge.iter(f"{SVG}title")
    assert title.text.startswith(clean_name(HOSTILE) + ":")
    assert [el.tag for el in badge.iter() if not str(el.tag).startswith(SVG)] == []
    assert "<script" in _texts(badge) or "<script" in title.text  # shown as text, not run


def test_region_badge_counts_every_report(site: Path) -> None:
    badge = _badge(site, "lencana.svg")
    (title,) = badge.iter(f"{SVG}title")
    assert title.text.startswith("Kalimantan Timur: 40% laporan selesai (10 dari 25 laporan)")
    english = _badge(site, "en/lencana.svg")
    assert "East Kalimantan: 40% of reports resolved" in next(english.iter(f"{SVG}title")).text


def _page(site: Path, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / path / "index.html").read_bytes())


@pytest.mark.parametrize("name", [AGENCIES[0]["name"], HOSTILE])
def test_widget_has_figures_and_links_that_open_a_new_tab(site: Path, name: str) -> None:
    slug = _slug(site, name)
    page = _page(site, f"instansi/{slug}/widget")
    assert page.get("lang") == "id" and page.find(".//h1").text_content() == clean_name(name)
    assert not page.xpath("//script | //style | //*[@style] | //iframe")
    links = {a.get("href"): a for a in page.iter("a")}
    assert OFFICIAL in links and f"../../../instansi/{slug}/" in links
    assert all(a.get("target") == "_blank" and a.get("rel") == "noopener" for a in links.values())
    (sheet,) = page.xpath("//link[@rel='stylesheet']/@href")
    assert sheet == f"../../../{STYLESHEET}"
    row = next(r for r in AGENCIES if r["name"] == name)
    figures = [f.text for f in page.find_class("figure")]
    assert figures[:2] == [str(row["total"]), _share(row)]
    english = _page(site, f"en/instansi/{slug}/widget")
    assert english.get("lang") == "en" and f"../../../../en/instansi/{slug}/" in {
        a.get("href") for a in english.iter("a")
    }


def _snippets(page: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Each <pre><code> snippet parsed as the HTML a webmaster would paste."""
    codes = page.xpath("//pre/code")
    assert len(codes) == 3
    return [lxml.html.fragment_fromstring(c.text_content(), create_parent="div") for c in codes]


@pytest.mark.parametrize(("prefix", "name"), [("", HOSTILE), ("en/", HOSTILE),
                                              ("", AGENCIES[0]["name"])])  # fmt: skip
def test_snippets_are_escaped_and_absolute(site: Path, prefix: str, name: str) -> None:
    slug = _slug(site, name)
    page = _page(site, f"{prefix}instansi/{slug}/tautkan")
    base = f"{SITE_URL}/{prefix}instansi/{slug}/"
    link, badge, frame = _snippets(page)
    for snippet in (link, badge):
        assert [a.get("href") for a in snippet.iter("a")] == [base, OFFICIAL]
        assert not snippet.xpath("//script")
    assert clean_name(name) in link.text_content()
    (img,) = badge.iter("img")
    assert img.get("src") == base + "lencana.svg" and img.get("alt").startswith(clean_name(name))
    (iframe,) = frame.iter("iframe")
    assert iframe.get("src") == base + "widget/" and clean_name(name) in iframe.get("title")
    assert (iframe.get("width"), iframe.get("height")) == (str(WIDGET_WIDTH), str(WIDGET_HEIGHT))
    # The previews show the same badge and widget, from this site.
    (preview,) = page.xpath("//main//img")
    assert preview.get("src").endswith(f"{prefix}instansi/{slug}/lencana.svg")
    (frame_preview,) = page.xpath("//main//iframe")
    assert frame_preview.get("title") == iframe.get("title")


def _embeds(site: Path) -> list[Path]:
    """Every file lapor_embeds wrote under ``site``."""
    return sorted(
        p.relative_to(site)
        for p in site.rglob("*")
        if p.is_file() and (p.name == "lencana.svg" or p.parent.name in ("widget", "tautkan")
                            or p.as_posix().endswith(STYLESHEET))
    )  # fmt: skip


def test_hostile_name_is_never_markup(site: Path) -> None:
    embeds = _embeds(site)
    for path in embeds:
        text = (site / path).read_text(encoding="utf-8")
        assert "<script>alert" not in text and "\u202e" not in text and "\x0b" not in text, path
        if "tautkan" not in path.parts:  # only snippets escape twice (shown mark-up)
            assert "&amp;lt;script" not in text, path
    widget = (site / f"instansi/{_slug(site, HOSTILE)}/widget/index.html").read_text("utf-8")
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; &#34;Dinas&#34; &amp; Co&#39;]]&gt;&lt;!--" in widget
    )


def test_agency_pages_and_footer_link_to_tautkan(site: Path) -> None:
    slug = _slug(site, "Dinas Sosial")
    page = _page(site, f"instansi/{slug}")
    hrefs = {a.get("href") for a in page.iter("a")}
    assert f"../../instansi/{slug}/tautkan/" in hrefs and "../../tautkan/" in hrefs
    region = _page(site, "tautkan")
    assert "../instansi/" in {a.get("href") for a in region.xpath("//main//a")}
    (code,) = [c for c in region.xpath("//pre/code") if "iframe" in c.text_content()]
    assert f'src="{SITE_URL}/widget/"' in code.text_content()


def test_embeds_are_byte_identical_between_builds(builds: tuple[Path, Path]) -> None:
    first, second = builds
    embeds = _embeds(first)
    assert embeds == _embeds(second)
    assert len(embeds) == 2 * (3 + 1) * 3 + 1
    for path in embeds:
        assert (first / path).read_bytes() == (second / path).read_bytes(), path


def test_embed_strings_are_translated_in_one_catalog_only() -> None:
    def msgids(path: Path) -> set[str]:
        with path.open("rb") as handle:
            return {str(m.id) for m in read_po(handle) if m.id}

    mine = msgids(TRANSLATIONS / "embeds.po")
    assert mine
    for other in TRANSLATIONS.glob("*.po"):
        if other.name != "embeds.po":
            assert sorted(mine & msgids(other)) == [], other.name
