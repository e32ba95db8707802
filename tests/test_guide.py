"""The guide: every guide page in both languages with the same sections, the home
page's official channels as links a phone can open, the 404 pages, and no
external resource anywhere.

One small site is built from synthetic records (tests/factories.py) in a
temporary site folder, with the installation's guide pages.
"""

from __future__ import annotations

import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from factories import new_site, records, write_jsonl

from lapor_site.cli import main

#: Hand-written pages (content/pages/), each at <slug>/ and en/<slug>/.
GUIDE_PAGES = ("cara-melapor", "tanya-jawab", "tentang", "metodologi", "panduan-admin")

#: Cited sources published only over http: the LAPOR! FAQ on blog.lapor.go.id
#: (the address in /work/shared/reference/lapor-facts.md). Every other
#: external link must be https.
HTTP_SOURCES = {
    "http://blog.lapor.go.id/index.php/338-frequently-asked-questions-faq-seputar-lapor"
}


class _Page(HTMLParser):
    """Headings, links and resource references of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[str] = []
        self.links: list[str] = []
        self.resources: list[tuple[str, str]] = []
        self.in_main = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "main":
            self.in_main = True
        if self.in_main and re.fullmatch(r"h[1-6]", tag):
            self.headings.append(tag)
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
        for name in ("src", "srcset", "poster", "data"):
            if name in values:
                self.resources.append((tag, values[name]))
        if tag == "link" and values.get("rel", "") in {
            "stylesheet",
            "icon",
            "preload",
            "modulepreload",
        }:
            self.resources.append((tag, values.get("href", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.in_main = False


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def site_url(output: Path) -> str:
    """The site's own URL (a production build links to itself absolutely)."""
    region = tomllib.loads((output.parent / "region.toml").read_text(encoding="utf-8"))
    return region["site"]["url"].rstrip("/") + "/"


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("guide")
    site = new_site(folder / "site")
    data = write_jsonl(folder / "input.jsonl", records(6))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LAPOR_SITE_SECRET", "guide-test-key")
        assert main(["update", "--site", str(site), "--input", str(data)]) == 0
    return site / "output"


@pytest.mark.parametrize("slug", GUIDE_PAGES)
def test_every_guide_page_has_the_same_sections_in_both_languages(output: Path, slug: str) -> None:
    indonesian = parse(output / slug / "index.html").headings
    english = parse(output / "en" / slug / "index.html").headings
    assert indonesian.count("h1") == english.count("h1") == 1
    assert indonesian == english, f"{slug}: the English page must carry every section"


def test_the_how_to_page_covers_the_whole_guide(output: Path) -> None:
    html = (output / "cara-melapor" / "index.html").read_text(encoding="utf-8")
    for section in (
        "Langkah demi langkah",
        "Laporan yang baik",
        "Contoh laporan yang baik",
        "Anonim dan rahasia",
        "Alur dan batas waktu",
        "Hak Anda sebagai pelapor",
        "Yang tidak ditangani LAPOR!",
        "Dasar hukum",
    ):
        assert f">{section}</h" in html, section
    assert '<ol class="flow">' in html  # the timeline is an HTML list, not an image
    assert "belum pasti" in html  # the 10-day closing is marked as unconfirmed
    assert "belum kami pastikan" in html  # and so is PermenPANRB 5/2025
    english = (output / "en" / "cara-melapor" / "index.html").read_text(encoding="utf-8")
    assert "not confirmed" in english
    assert 'lang="id"' in english  # Indonesian fragments are marked as such


def test_the_admin_guide_states_the_limits_with_their_sources(output: Path) -> None:
    html = (output / "panduan-admin" / "index.html").read_text(encoding="utf-8")
    for section in (
        "Batas waktu yang berlaku",
        "Menangani laporan langkah demi langkah",
        "Menulis tindak lanjut yang menuntaskan laporan",
        "Bukan kewenangan instansi Anda",
        "Daftar periksa",
        "Dasar hukum",
    ):
        assert f">{section}</h" in html, section
    # The limits come from region.toml [limits] (lapor_pages placeholders), never left raw.
    assert "paling lambat 3 hari kerja" in html and "paling lambat 5 hari kerja" in html
    assert "15 hari kerja" in html and "{{" not in html
    links = parse(output / "panduan-admin" / "index.html").links
    assert next(iter(HTTP_SOURCES)) in links  # the LAPOR! FAQ, cited on the page
    assert any("antaranews.com" in link for link in links)  # Kaltim's 15-day flag
    assert html.count("<blockquote>") == 2 and "rekaan" in html  # one good, one bad: synthetic
    assert "no wrong door policy" in html and "belum kami pastikan" in html
    english = (output / "en" / "panduan-admin" / "index.html").read_text(encoding="utf-8")
    assert "within 5 working days" in english and "made up" in english
    assert "not confirmed" in english and 'lang="id"' in english


def test_the_faq_has_eight_to_twelve_questions(output: Path) -> None:
    for path in (output / "tanya-jawab", output / "en" / "tanya-jawab"):
        assert 8 <= parse(path / "index.html").headings.count("h2") <= 12


@pytest.mark.parametrize("home", ["index.html", "en/index.html"])
def test_home_links_every_official_channel(output: Path, home: str) -> None:
    links = parse(output / home).links
    assert "https://www.lapor.go.id" in links
    assert "sms:1708?body=LAPOR%20" in links  # RFC 5724: ?body=, percent-encoded
    assert "https://x.com/LAPOR1708" in links
    assert any(link.startswith("https://apps.apple.com/") for link in links)
    assert "https://lapor.go.id/lapor/tentang_lapor/tentang-lapor-dan-info-grafis.html" in links


@pytest.mark.parametrize(("page", "lang"), [("404.html", "id"), ("en/404.html", "en")])
def test_404_pages_exist_and_lead_on(output: Path, page: str, lang: str) -> None:
    html = (output / page).read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in html
    assert '<meta name="robots" content="noindex">' in html
    links = parse(output / page).links
    assert "https://www.lapor.go.id" in links
    assert any(link.endswith("cara-melapor/") for link in links)
    for other in ("tentang", "cara-melapor", "tanya-jawab"):  # hidden: never in a menu
        menu = (output / other / "index.html").read_text(encoding="utf-8")
        assert "404.html" not in menu


def test_guide_links_to_other_sites_are_https(output: Path) -> None:
    pages = [output / "index.html", output / "en" / "index.html", output / "404.html"]
    pages += [output / lang / slug / "index.html" for lang in ("", "en") for slug in GUIDE_PAGES]
    insecure = [
        f"{page.relative_to(output)}: {link}"
        for page in pages
        for link in parse(page).links
        if link.startswith("http://") and link not in HTTP_SOURCES
    ]
    assert insecure == []


def test_no_page_loads_anything_from_another_site(output: Path) -> None:
    external = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
    own = site_url(output)
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > 20
    found = [
        f"{page.relative_to(output)}: <{tag}> {value}"
        for page in pages
        for tag, value in parse(page).resources
        if external.match(value) and not value.startswith(own)
    ]
    assert found == []
    css = (output / "theme" / "css" / "site.css").read_text(encoding="utf-8")
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", css)
