"""Outreach kits: a real build of a small site, twice, checked with real tools.

The poster is rendered by poppler (``pdftoppm``, ``pdftotext``), the QR codes
are decoded by zbar (``zbarimg``), the SVGs are parsed as XML and the kit page
as HTML. The Nu checker, axe and the layout check cover the kit pages in
tests/gates (checks.py's page lists).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import lxml.etree
import lxml.html
import pytest
from babel.messages.pofile import read_po
from PIL import Image

from lapor_kit import (
    CARD,
    WHATSAPP_LIMIT,
    clean_name,
    clip,
    printable,
    text_width,
    wrap,
)
from lapor_site.build import build
from lapor_site.settings import load_settings
from lapor_site.site import INSTALL_ROOT, Site
from lapor_site.write import write_tree

TRANSLATIONS = INSTALL_ROOT / "theme" / "translations" / "en" / "LC_MESSAGES"
SVG = "{http://www.w3.org/2000/svg}"
SITE_URL = "https://lapor.kaltimprov.example"
OFFICIAL = "https://www.lapor.go.id"
#: An agency name that tries to break out of SVG, HTML, a PDF string and the texts,
#: with right-to-left text and an emoji the font does not have.
HOSTILE = '<script>alert(1)</script> "Dinas" & Co\']]><!-- \\) (x) \x0b\u202e عربي 🚀'
#: The longest name anyone could give: the WhatsApp message must stay under its limit.
ENDLESS = "Dinas " + "Pekerjaan Umum dan Penataan Ruang " * 40
TOOLS = ("zbarimg", "pdftoppm", "pdftotext")

needs_tools = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in TOOLS),
    reason="zbar-tools and poppler-utils are installed by .ci/run",
)


def _row(name: str, total: int, resolved: int, last_month: dict | None) -> dict:
    return {
        "name": name,
        "total": total,
        "resolved": resolved,
        "median_working_days_to_first_response": 4.0,
        "median_working_days_to_resolve": None,
        "responses_measured": resolved,
        "responses_within_limit": resolved // 2,
        "last_month": last_month,
    }


AGENCIES = [
    _row("Dinas Kesehatan", 40, 30, {"month": "2026-02", "received": 17, "resolved": 12}),
    _row(HOSTILE, 8, 1, {"month": "2026-02", "received": None, "resolved": 0}),
    _row(ENDLESS, 3, 0, None),
]


def _stats() -> dict:
    return {
        "as_of": "2026-03-20T10:00:00+08:00",
        "totals": {"all": 51, "resolved": 31, "published": 1, "confidential": 3},
        "by_status": {"resolved": 31, "in_progress": 20},
        "by_privacy": {"public": 48, "confidential": 3},
        "by_type": {"pengaduan": 51},
        "by_channel": {"web": 51},
        "timeliness": {
            "median_working_days_to_first_response": 4.5,
            "median_working_days_to_resolve": 9.0,
            "responses_measured": 10,
            "responses_within_limit": 6,
        },
        "by_month": [
            {"month": "2026-02", "total": 30, "resolved": 20},
            {"month": "2026-03", "total": 21, "resolved": 11},
        ],
        "completed_months": [
            {
                "month": "2026-02",
                "received": 30,
                "agencies_over_limit": [],
                "verification": {},
                "first_response": {},
                "resolution": {"measured": 19},
            }
        ],
        "by_region": [_row("Area 1", 51, 31, None)],
        "by_agency": AGENCIES,
        "by_category": [_row("Kesehatan", 51, 31, None)],
        "min_cell_count": 3,
        "published_by_district_category": [],
    }


def _build(root: Path, output: Path) -> Path:
    build(Site.at(root), load_settings(root / "region.toml"), output)
    return output


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same small site (no published case) built twice by lapor-site."""
    root = tmp_path_factory.mktemp("site")
    (root / "region.toml").write_bytes((INSTALL_ROOT / "region.toml").read_bytes())
    generated = root / "content" / "generated"
    write_tree([], _stats(), ZoneInfo("Asia/Makassar"), generated)
    return _build(root, root / "output"), _build(root, root / "output-again")


@pytest.fixture(scope="module")
def site(builds: tuple[Path, Path]) -> Path:
    return builds[0]


def _slug(site: Path, name: str) -> str:
    """The agency's slug, read from the directory lapor_listings wrote (never re-derived)."""
    directory = lxml.html.fromstring((site / "instansi" / "index.html").read_bytes())
    for link in directory.iter("a"):
        if link.text_content().strip() in (clean_name(name), name.strip()):
            return link.get("href").rstrip("/").rsplit("/", 1)[1]
    raise AssertionError(f"{name!r} not in the directory")


def _kit(site: Path, name: str | None, lang: str = "id") -> Path:
    prefix = "en/" if lang == "en" else ""
    return site / prefix / (f"instansi/{_slug(site, name)}/kit" if name else "kit")


# ---------------------------------------------------------------------------
# Text fitting
# ---------------------------------------------------------------------------


def test_wrap_fits_the_width_and_marks_a_cut() -> None:
    lines = wrap(ENDLESS, 20, 300, 3, bold=True)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(text_width(line, 20, True) <= 300 for line in lines)
    assert wrap("Dinas Kesehatan", 20, 300, 3) == ["Dinas Kesehatan"]
    (word,) = wrap("W" * 80, 20, 300, 1)
    assert word.endswith("…") and text_width(word, 20) <= 300


def test_characters_the_font_lacks_become_question_marks() -> None:
    assert printable("Kécamatan 🚀 عربي\u202e\x0b") == "Kécamatan ? ????"
    assert clip("x" * 200, 150) == "x" * 149 + "…"


# ---------------------------------------------------------------------------
# The built kits
# ---------------------------------------------------------------------------

FILES = (
    "index.html",
    "poster.pdf",
    "poster.svg",
    "kartu.png",
    "kartu.svg",
    "caption.txt",
    "whatsapp.txt",
)


def test_every_agency_and_the_region_get_a_kit_in_both_languages(site: Path) -> None:
    for name in (None, *(row["name"] for row in AGENCIES)):
        for name_of_file in FILES:
            assert (_kit(site, name) / name_of_file).is_file(), (name, name_of_file)
        for name_of_file in ("index.html", "caption.txt", "whatsapp.txt"):
            assert (_kit(site, name, "en") / name_of_file).is_file(), (name, name_of_file)


def _zbar(image: Path) -> list[str]:
    result = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(image)],
        capture_output=True,
        encoding="utf-8",
        check=True,
    )
    return result.stdout.split()


@needs_tools
@pytest.mark.parametrize("name", [None, AGENCIES[0]["name"], HOSTILE])
def test_poster_pdf_prints_real_text_and_a_qr_to_the_official_site(
    site: Path, name: str | None, tmp_path: Path
) -> None:
    pdf = _kit(site, name) / "poster.pdf"
    assert pdf.stat().st_size <= 300_000
    subprocess.run(
        ["pdftoppm", "-r", "100", "-png", "-singlefile", str(pdf), str(tmp_path / "poster")],
        check=True,
    )
    with Image.open(tmp_path / "poster.png") as image:
        assert (round(image.width / 100 * 25.4), round(image.height / 100 * 25.4)) == (210, 297)
    assert _zbar(tmp_path / "poster.png") == [OFFICIAL]
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-layout", str(pdf), "-"],
        capture_output=True,
        encoding="utf-8",
        check=True,
    ).stdout
    flat = " ".join(text.split())
    for channel in (
        "lapor.go.id",
        "SMS 1708",
        "LAPOR (spasi) isi aduan",
        "@LAPOR1708",
        "SP4N LAPOR!",
        "Anonim:",
        "Rahasia:",
    ):
        assert channel in flat, channel
    if name == AGENCIES[0]["name"]:
        assert "Dinas Kesehatan" in flat
    elif name == HOSTILE:
        assert "<script>alert(1)</script>" in flat  # text on paper, nothing else
    else:
        assert "Kalimantan Timur" in flat


@needs_tools
def test_poster_fonts_are_embedded(site: Path) -> None:
    fonts = subprocess.run(
        ["pdffonts", str(_kit(site, None) / "poster.pdf")],
        capture_output=True,
        encoding="utf-8",
        check=True,
    ).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes yes " in " ".join(row.split()) + " " for row in rows), fonts


@needs_tools
def test_share_card_is_square_and_its_qr_decodes(site: Path) -> None:
    png = _kit(site, AGENCIES[0]["name"]) / "kartu.png"
    with Image.open(png) as image:
        assert image.size == (CARD, CARD)
    assert _zbar(png) == [OFFICIAL]


def _svg(path: Path) -> lxml.etree._Element:
    return lxml.etree.fromstring(path.read_bytes(), lxml.etree.XMLParser(resolve_entities=False))


def _texts(svg: lxml.etree._Element) -> str:
    return " ".join("".join(t.itertext()) for t in svg.iter(f"{SVG}text"))


@pytest.mark.parametrize("name", [None, AGENCIES[0]["name"], HOSTILE])
@pytest.mark.parametrize("file", ["poster.svg", "kartu.svg"])
def test_svgs_are_accessible_images_with_the_texts(site: Path, name: str | None, file: str) -> None:
    svg = _svg(_kit(site, name) / file)
    assert svg.tag == f"{SVG}svg" and svg.get("role") == "img"
    (title,) = svg.iter(f"{SVG}title")
    (desc,) = svg.iter(f"{SVG}desc")
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert [el.tag for el in svg.iter() if not str(el.tag).startswith(SVG)] == []
    assert not list(svg.iter(f"{SVG}script")) and not list(svg.iter(f"{SVG}foreignObject"))
    texts = _texts(svg)
    assert "SP4N-LAPOR!" in texts
    if name:
        assert printable(name)[:12] in texts and printable(name)[:12] in title.text


def test_card_shows_last_months_figures_and_withholds_small_counts(site: Path) -> None:
    texts = _texts(_svg(_kit(site, AGENCIES[0]["name"]) / "kartu.svg"))
    assert "Laporan warga, Februari 2026" in texts
    words = texts.split()
    assert "17" in words and "12" in words and "laporan diterima" in texts
    hostile = _texts(_svg(_kit(site, HOSTILE) / "kartu.svg"))
    assert "kurang dari 3" in hostile and "0" in hostile.split()
    region = _texts(_svg(_kit(site, None) / "kartu.svg"))
    assert "30" in region.split() and "19" in region.split()
    assert "Data contoh" not in texts  # not a sample build


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("name", [None, AGENCIES[0]["name"], HOSTILE, ENDLESS])
def test_texts_point_to_the_official_channel_and_fit_whatsapp(
    site: Path, name: str | None, lang: str
) -> None:
    folder = _kit(site, name, lang)
    whatsapp = (folder / "whatsapp.txt").read_text("utf-8").rstrip("\n")
    caption = (folder / "caption.txt").read_text("utf-8")
    assert len(whatsapp) <= WHATSAPP_LIMIT, len(whatsapp)
    for text in (whatsapp, caption):
        assert OFFICIAL in text and "1708" in text and "@LAPOR1708" in text
        assert "\u202e" not in text and "\x0b" not in text
    sms = "LAPOR (spasi) isi aduan" if lang == "id" else "LAPOR (space) your complaint"
    assert sms in whatsapp
    if name == HOSTILE:
        assert clean_name(HOSTILE) in caption  # plain text, as typed: a .txt file runs nothing


@pytest.mark.parametrize("lang", ["id", "en"])
def test_kit_page_previews_downloads_and_copyable_texts(site: Path, lang: str) -> None:
    slug = _slug(site, HOSTILE)
    folder = _kit(site, HOSTILE, lang)
    raw = (folder / "index.html").read_text("utf-8")
    assert "<script>alert" not in raw and "\u202e" not in raw
    page = lxml.html.fromstring(raw)
    assert page.get("lang") == lang
    assert clean_name(HOSTILE) in page.find(".//h1").text_content()
    images = page.xpath("//main//img")
    assert [img.get("src").rsplit("/", 1)[1] for img in images] == ["poster.svg", "kartu.svg"]
    assert all(img.get("alt") and clean_name(HOSTILE) in img.get("alt") for img in images)
    hrefs = [a.get("href") for a in page.xpath("//main//a")]
    depth = "../../../../" if lang == "en" else "../../../"
    for file in ("poster.pdf", "poster.svg", "kartu.png", "kartu.svg"):
        assert f"{depth}instansi/{slug}/kit/{file}" in hrefs, file
        size = (_kit(site, HOSTILE) / file).stat().st_size
        item = next(
            li
            for li in page.xpath("//main//li")
            if li.find("a") is not None and li.find("a").get("href").endswith(file)
        )
        assert item.text_content().rstrip().endswith(("B", "KB")) and size > 0
    codes = [code.text_content() for code in page.xpath("//pre/code")]
    assert codes == [
        (folder / f).read_text("utf-8").rstrip("\n") for f in ("caption.txt", "whatsapp.txt")
    ]
    prefix = "en/" if lang == "en" else ""
    assert f"{depth}{prefix}instansi/{slug}/" in hrefs  # back to the agency page


def test_agency_page_and_tautkan_link_to_the_kits(site: Path) -> None:
    slug = _slug(site, AGENCIES[0]["name"])
    agency = lxml.html.fromstring((site / f"instansi/{slug}/index.html").read_bytes())
    assert f"../../instansi/{slug}/kit/" in {a.get("href") for a in agency.iter("a")}
    region = lxml.html.fromstring((site / "tautkan/index.html").read_bytes())
    assert "../kit/" in {a.get("href") for a in region.iter("a")}
    english = lxml.html.fromstring((site / "en/tautkan/index.html").read_bytes())
    assert "../../en/kit/" in {a.get("href") for a in english.iter("a")}


def _kit_files(site: Path) -> list[Path]:
    return sorted(
        p.relative_to(site) for p in site.rglob("*") if "kit" in p.parent.parts and p.is_file()
    )


def test_kits_are_byte_identical_between_builds(builds: tuple[Path, Path]) -> None:
    first, second = builds
    files = _kit_files(first)
    assert files == _kit_files(second)
    assert len(files) == (1 + len(AGENCIES)) * (len(FILES) + 3)
    for path in files:
        assert (first / path).read_bytes() == (second / path).read_bytes(), path


def test_kit_strings_are_translated_in_one_catalog_only() -> None:
    def msgids(path: Path) -> set[str]:
        with path.open("rb") as handle:
            return {str(m.id) for m in read_po(handle) if m.id}

    mine = msgids(TRANSLATIONS / "kit.po")
    assert mine
    for other in TRANSLATIONS.glob("*.po"):
        if other.name != "kit.po":
            assert sorted(mine & msgids(other)) == [], other.name


VNU_JAR = INSTALL_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.mark.skipif(
    not VNU_JAR.is_file() or shutil.which("java") is None,
    reason="the Nu checker comes with npm ci and java",
)
def test_kit_svgs_and_pages_pass_the_nu_checker(site: Path) -> None:
    folders = [_kit(site, HOSTILE), _kit(site, HOSTILE, "en"), _kit(site, None)]
    pages = [str(f / "index.html") for f in folders]
    svgs = [str(f / n) for f in folders for n in ("poster.svg", "kartu.svg") if (f / n).is_file()]
    assert len(svgs) == 4
    for flag, files in (("--html", pages), ("--svg", svgs)):
        result = subprocess.run(
            ["java", "-jar", str(VNU_JAR), "--errors-only", flag, *files],
            capture_output=True,
            encoding="utf-8",
            check=False,
        )
        assert result.returncode == 0, result.stderr
