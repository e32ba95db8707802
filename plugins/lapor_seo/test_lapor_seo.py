"""Sitemap, robots.txt and JSON-LD on a small site built by ``lapor-site update``."""

from __future__ import annotations

import json
import os
import re
import sys
import time
import tomllib
from pathlib import Path
from xml.etree import ElementTree

import pytest

from lapor_seo import (
    MAX_URLS,
    SITEMAP_NS,
    XHTML_NS,
    indexable_pages,
    json_for_script,
    sitemap_files,
)
from lapor_site.cli import main
from lapor_site.site import INSTALL_ROOT

sys.path.insert(0, str(INSTALL_ROOT / "tests"))  # the project's test factories
from factories import make_record, new_site, records, write_jsonl

HOSTILE_AGENCY = '</script><script>alert("x")</script> & <!-- Dinas'
HOSTILE_CATEGORY = "Jalan </SCRIPT > & <b>rusak</b>"
#: URLs per sitemap file in the test site, so that it needs a sitemap index.
SMALL_LIMIT = 10
NS = {"s": SITEMAP_NS, "x": XHTML_NS}
JSONLD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("seo")
    site = new_site(folder / "site")
    (site / "pelicanconf.py").write_text(
        "import runpy\n"
        f"globals().update(runpy.run_path({str(INSTALL_ROOT / 'pelicanconf.py')!r}))\n"
        f"LAPOR_SITEMAP_MAX_URLS = {SMALL_LIMIT}\n",
        encoding="utf-8",
    )
    rows = [
        *records(3),
        make_record(tracking_id="LAP-HOSTILE-1", agency=HOSTILE_AGENCY, category=HOSTILE_CATEGORY),
    ]
    data = write_jsonl(folder / "input.jsonl", rows)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LAPOR_SITE_SECRET", "seo-test-key")
        assert main(["update", "--site", str(site), "--input", str(data)]) == 0
    return site / "output"


def site_url(output: Path) -> str:
    region = tomllib.loads((output.parent / "region.toml").read_text(encoding="utf-8"))
    return region["site"]["url"].rstrip("/")


def url_of(output: Path, page: Path) -> str:
    path = page.relative_to(output).as_posix().removesuffix("index.html")
    return f"{site_url(output)}/{path}"


def sitemap_urls(output: Path) -> list[ElementTree.Element]:
    """Every <url> of the site's sitemap, following a sitemap index."""
    root = ElementTree.parse(output / "sitemap.xml").getroot()
    if root.tag == f"{{{SITEMAP_NS}}}urlset":
        return root.findall("s:url", NS)
    urls = []
    for loc in root.findall("s:sitemap/s:loc", NS):
        assert loc.text.startswith(site_url(output) + "/")
        part = output / loc.text.removeprefix(site_url(output) + "/")
        urls += ElementTree.parse(part).getroot().findall("s:url", NS)
    return urls


def jsonld(page: Path) -> dict:
    (block,) = JSONLD_RE.findall(page.read_text(encoding="utf-8"))
    return json.loads(block)


def graph_item(data: dict, kind: str) -> dict | None:
    return next((item for item in data["@graph"] if item["@type"] == kind), None)


def noindex(page: Path) -> bool:
    return 'name="robots" content="noindex' in page.read_text(encoding="utf-8")


def test_sitemap_lists_every_indexable_page_with_its_language_pair(output: Path) -> None:
    pages = sorted(output.rglob("*.html"))
    expected = {url_of(output, p) for p in pages if not noindex(p)}
    assert all(url_of(output, p) not in expected for p in output.rglob("404.html"))
    assert all(url_of(output, p) not in expected for p in output.rglob("widget/index.html"))
    urls = sitemap_urls(output)
    locs = [u.findtext("s:loc", namespaces=NS) for u in urls]
    assert len(locs) == len(set(locs)) and set(locs) == expected
    assert locs == sorted(locs)  # deterministic order
    for url in urls:
        links = {a.get("hreflang"): a.get("href") for a in url.findall("x:link", NS)}
        loc = url.findtext("s:loc", namespaces=NS)
        assert set(links) == {"id", "en", "x-default"}, loc
        assert loc in (links["id"], links["en"]) and links["x-default"] == links["id"]
        assert links["en"] == links["id"].replace(site_url(output) + "/", site_url(output) + "/en/")
        assert links["en"] in expected and links["id"] in expected


def test_noindex_is_found_anywhere_in_the_head_and_only_there(tmp_path: Path) -> None:
    """A long head (a region's long names, in any script) does not hide its robots meta;
    the body never counts, and only ASCII spells the tag, as crawlers read it."""
    robots = '<meta name="robots" content="noindex">'
    long_head = "<title>" + "Ω Dinas Pekerjaan Umum dan Penataan Ruang " * 150 + "</title>"
    pages = {
        "plain/index.html": f"<html><head>{long_head}</head><body>isi</body></html>",
        "late/index.html": f"<html><head>{long_head}{robots}</head><body>isi</body></html>",
        "early/index.html": f"<html><head>{robots}</head><body>isi</body></html>",
        "body/index.html": f"<html><head></head><body><pre>{robots}</pre></body></html>",
        "unicode/index.html": '<html><head><meta name="robotſ" content="noindex"></head></html>',
        "data.json": robots,
    }
    for name, text in pages.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert len(long_head) > 4096
    assert indexable_pages(tmp_path) == ["body/", "plain/", "unicode/"]


@pytest.mark.parametrize(
    "head",
    [
        "<title>" + "x" * (1100 * 1024) + "</title>" + '<meta name="robots" content="noindex">',
        '<meta content="noindex, follow" name="robots">',
        "<meta name=robots content=noindex>",
        "<META NAME='ROBOTS' CONTENT='NOINDEX'>",
        '<meta charset="utf-8"><meta\n  name="robots"\n  content="none">',
    ],
    ids=["after-a-mebibyte", "content-first", "unquoted", "capitals", "none-over-lines"],
)
def test_every_way_of_writing_noindex_keeps_a_page_out(tmp_path: Path, head: str) -> None:
    """However the robots meta is spelled in the head, and however long the head is."""
    pages = {"hidden/index.html": f"<html><head>{head}</head><body>isi</body></html>"}
    pages["shown/index.html"] = "<html><head><title>t</title></head><body>isi</body></html>"
    for name, text in pages.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert indexable_pages(tmp_path) == ["shown/"]


@pytest.mark.parametrize("end", ["</HEAD>", "</head >", "<body>"])
def test_the_body_never_counts_however_the_head_ends(tmp_path: Path, end: str) -> None:
    robots = '<meta name="robots" content="noindex">'
    body = "" if end == "<body>" else "<body>"
    page = tmp_path / "page" / "index.html"
    page.parent.mkdir()
    page.write_text(f"<html><head><title>t</title>{end}{body}{robots}</body></html>", "utf-8")
    assert indexable_pages(tmp_path) == ["page/"]


def test_a_large_sitemap_becomes_an_index_of_small_files(output: Path) -> None:
    root = ElementTree.parse(output / "sitemap.xml").getroot()
    assert root.tag == f"{{{SITEMAP_NS}}}sitemapindex"
    parts = sorted(output.glob("sitemap-*.xml"))
    assert len(parts) == len(root.findall("s:sitemap", NS)) >= 2
    for part in parts:
        assert 0 < len(ElementTree.parse(part).getroot().findall("s:url", NS)) <= SMALL_LIMIT


def test_lastmod_comes_from_the_data_not_the_clock(output: Path) -> None:
    dated = {
        u.findtext("s:loc", namespaces=NS): u.findtext("s:lastmod", namespaces=NS)
        for u in sitemap_urls(output)
        if u.find("s:lastmod", NS) is not None
    }
    case_pages = [p for p in (output / "kasus").glob("*/index.html") if p.parent.name != "page"]
    assert case_pages and set(dated) == {
        url_of(output, p)
        for p in case_pages + [output / "en" / p.relative_to(output) for p in case_pages]
    }
    assert set(dated.values()) == {make_record()["resolved_at"]}


def test_robots_txt_names_the_sitemap(output: Path) -> None:
    robots = (output / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {site_url(output)}/sitemap.xml" in robots.splitlines()
    assert "Disallow: /\n" not in robots


def test_sitemap_files_are_the_same_whatever_the_order() -> None:
    paths = ["kasus/a/", "", "en/", "en/kasus/a/", "tentang/"]
    once = sitemap_files("https://x.example/", paths, {"kasus/a/": "2026-03-10T16:00:00+08:00"})
    assert once == sitemap_files("https://x.example", list(reversed(paths)), {
        "kasus/a/": "2026-03-10T16:00:00+08:00"})  # fmt: skip
    assert list(once) == ["sitemap.xml"] and MAX_URLS == 50_000
    (tentang,) = [u for u in ElementTree.fromstring(once["sitemap.xml"]) if "tentang" in u[0].text]
    assert tentang.findall("x:link", NS) == []  # no English twin: no alternates
    split = sitemap_files("https://x.example", paths, max_urls=2)
    assert list(split) == ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"]


def test_every_page_has_valid_json_ld_naming_the_office(output: Path) -> None:
    # Widgets (plugins/lapor_embeds) live in other sites' iframes: no site chrome, no JSON-LD.
    for page in sorted(p for p in output.rglob("*.html") if p.parent.name != "widget"):
        org = graph_item(jsonld(page), "GovernmentOrganization")
        assert org["name"] == "Dinas Komunikasi dan Informatika Provinsi Kalimantan Timur"
        assert org["url"] == site_url(output) + "/" and org["email"]


def test_hostile_names_cannot_leave_the_script_element(output: Path) -> None:
    pages = [p for p in output.rglob("*.html") if "script" in p.parent.name]
    assert pages, "the hostile agency and category have pages"
    for page in pages:
        (block,) = JSONLD_RE.findall(page.read_text(encoding="utf-8"))
        assert "<" not in block and ">" not in block and "&" not in block
        names = [
            c["name"] for c in graph_item(json.loads(block), "BreadcrumbList")["itemListElement"]
        ]
        assert any(HOSTILE_AGENCY in n or HOSTILE_CATEGORY in n for n in names), names
    assert json.loads(json_for_script({"a": "</script><!--&"})) == {"a": "</script><!--&"}


@pytest.mark.parametrize(
    ("path", "names"),
    [
        ("cara-melapor/", ["Beranda", "Cara melapor ke SP4N-LAPOR!"]),
        ("en/statistik/", ["Home", "Statistics"]),
        ("kategori/", ["Beranda", "Kasus selesai menurut kategori"]),
        ("en/instansi/dinas-perhubungan/", ["Home", "Agency", "Dinas Perhubungan"]),
    ],
)
def test_breadcrumbs_run_from_home_through_the_section(output: Path, path: str, names) -> None:
    trail = graph_item(jsonld(output / path / "index.html"), "BreadcrumbList")
    items = trail["itemListElement"]
    assert [i["name"] for i in items] == names
    assert [i["position"] for i in items] == list(range(1, len(names) + 1))
    assert items[-1]["item"] == f"{site_url(output)}/{path}"
    for item in items:  # every crumb is a page of the site
        assert (output / item["item"].removeprefix(site_url(output) + "/") / "index.html").is_file()


def test_case_pages_have_breadcrumbs_and_home_pages_none(output: Path) -> None:
    for home in ("index.html", "en/index.html"):
        assert graph_item(jsonld(output / home), "BreadcrumbList") is None
    case = next(
        p for p in (output / "en" / "kasus").glob("*/index.html") if p.parent.name != "page"
    )
    items = graph_item(jsonld(case), "BreadcrumbList")["itemListElement"]
    assert [i["name"] for i in items][:2] == ["Home", "Resolved cases"]
    assert items[2]["name"] == make_record()["title"]


def test_statistics_page_describes_the_open_data_as_a_dataset(output: Path) -> None:
    stats = json.loads((output / "data" / "statistik.json").read_text(encoding="utf-8"))
    for lang, path in (("id", "statistik/index.html"), ("en", "en/statistik/index.html")):
        dataset = graph_item(jsonld(output / path), "Dataset")
        assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
        assert dataset["dateModified"] == stats["as_of"]
        months = [m["month"] for m in stats["by_month"]]
        assert dataset["temporalCoverage"] == f"{months[0]}/{months[-1]}"
        assert (
            dataset["creator"]["@id"]
            == graph_item(jsonld(output / path), "GovernmentOrganization")["@id"]
        )
        assert ("Statistics" in dataset["name"]) == (lang == "en")
        files = [
            d["contentUrl"].removeprefix(site_url(output) + "/") for d in dataset["distribution"]
        ]
        published = {f"data/{p.name}" for p in (output / "data").iterdir()}
        assert set(files) == published  # every open-data file, from the data package
        assert "data/statistik.json" in files and "data/datapackage.json" in files
    assert graph_item(jsonld(output / "kasus" / "index.html"), "Dataset") is None


@pytest.mark.parametrize("english", [False, True])
def test_canonical_and_open_graph_urls_name_the_page_itself(output: Path, english: bool) -> None:
    cases = [p for p in (output / "kasus").glob("*/index.html") if p.parent.name != "page"]
    pages = [output / "cara-melapor" / "index.html", output / "statistik" / "index.html", cases[0]]
    if english:
        pages = [output / "en" / p.relative_to(output) for p in pages]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        url = url_of(output, page)
        assert f'<link rel="canonical" href="{url}">' in html
        assert f'<meta property="og:url" content="{url}">' in html
        assert f'content="{"en_GB" if english else "id_ID"}"' in html
        assert f'<html lang="{"en" if english else "id"}">' in html


def _settled_pages(output: Path, ledger: Path) -> None:
    """Pages of yesterday's build, which the digest ledger knows (as a daily update finds
    the pages it linked from the last build)."""
    from lapor_site.digests import DigestLedger

    robots = '<meta name="robots" content="noindex">'
    pages = {
        "index.html": "<html><head><title>Beranda</title></head><body>isi</body></html>",
        "kasus/a/index.html": "<html><head><title>A</title></head><body>isi</body></html>",
        "404.html": f"<html><head>{robots}</head><body>tidak ada</body></html>",
    }
    yesterday = time.time_ns() - 24 * 3600 * 1_000_000_000
    for name, text in pages.items():
        (output / name).parent.mkdir(parents=True, exist_ok=True)
        (output / name).write_text(text, encoding="utf-8")
        os.utime(output / name, ns=(yesterday, yesterday))
    known = DigestLedger(ledger, clock_folder=output)
    for name in pages:
        known.sha256(output / name)
    known.save()


def test_the_memo_spares_reading_known_pages_and_follows_their_bytes(tmp_path, monkeypatch):
    output, ledger, memo = tmp_path / "output", tmp_path / "ledger.bin", tmp_path / "memo.json"
    output.mkdir()
    _settled_pages(output, ledger)
    expected = ["", "kasus/a/"]
    assert indexable_pages(output, ledger=ledger, memo=memo) == expected
    import lapor_seo

    heads = []
    read = lapor_seo._head
    monkeypatch.setattr(lapor_seo, "_head", lambda path: heads.append(path) or read(path))
    assert indexable_pages(output, ledger=ledger, memo=memo) == expected
    assert heads == []  # every page known: none read
    page = output / "kasus" / "a" / "index.html"
    page.unlink()  # a new file, as a build writes it: the ledger does not know it
    page.write_text('<html><head><meta name="robots" content="noindex"></head></html>', "utf-8")
    assert indexable_pages(output, ledger=ledger, memo=memo) == [""]
    assert heads == [str(page)]


@pytest.mark.parametrize(
    "memo_text", ["{broken", "[]", '{"code": "another version", "pages": {}}', "FORGED"]
)
def test_a_memo_of_another_version_or_damaged_is_not_used(tmp_path, memo_text):
    output, ledger, memo = tmp_path / "output", tmp_path / "ledger.bin", tmp_path / "memo.json"
    output.mkdir()
    _settled_pages(output, ledger)
    from lapor_site.digests import DigestLedger

    known = DigestLedger(ledger)
    if memo_text == "FORGED":  # every page noindex, under another version of the rules
        pages = {known.known_sha256(p).hex(): False for p in output.rglob("*.html")}
        memo_text = json.dumps({"code": "0" * 64, "pages": pages})
    memo.write_text(memo_text, encoding="utf-8")
    assert indexable_pages(output, ledger=ledger, memo=memo) == ["", "kasus/a/"]
