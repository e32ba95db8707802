"""Site search: the Pagefind index is built from the finished pages, reproducibly."""

from __future__ import annotations

import gzip
import json
import re
import tomllib
from pathlib import Path

import pytest
from factories import make_record, new_site, records, write_jsonl

from lapor_site.cli import main


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same small site built twice: by ``update`` and again by ``build``."""
    folder = tmp_path_factory.mktemp("search")
    site = new_site(folder / "site")
    rows = [*records(3), make_record(tracking_id="LAP-CARI-1", title="Jembatan gantung putus")]
    data = write_jsonl(folder / "input.jsonl", rows)
    again = folder / "again"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LAPOR_SITE_SECRET", "search-test-key")
        assert main(["update", "--site", str(site), "--input", str(data)]) == 0
        assert main(["build", "--site", str(site), "--output", str(again)]) == 0
    return site / "output", again


def site_url(output: Path) -> str:
    region = tomllib.loads((output.parent / "region.toml").read_text(encoding="utf-8"))
    return region["site"]["url"].rstrip("/")


def fragments(output: Path) -> dict[str, dict]:
    """Pagefind's indexed pages, by URL (fragments are gzip with a signature)."""
    pages = {}
    for path in (output / "pagefind" / "fragment").iterdir():
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
        page = json.loads(text.removeprefix("pagefind_dcd"))
        pages[page["url"]] = page
    return pages


def test_the_index_is_byte_identical_between_builds(builds: tuple[Path, Path]) -> None:
    first, second = (sorted(p.relative_to(o) for o in [b] for p in b.rglob("*")) for b in builds)
    assert first == second
    index = [p for p in first if p.parts[0] == "pagefind"]
    assert len(index) > 10
    for path in index:
        assert (builds[0] / path).is_dir() or (builds[0] / path).read_bytes() == (
            builds[1] / path
        ).read_bytes(), path


def test_case_and_content_pages_are_indexed_in_their_language(builds: tuple[Path, Path]) -> None:
    output = builds[0]
    entry = json.loads((output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(entry["languages"]) == {"id", "en"}
    pages = fragments(output)
    cases = [p.parent.name for p in (output / "kasus").glob("*/index.html")]
    assert cases and all(f"/kasus/{c}/" in pages and f"/en/kasus/{c}/" in pages for c in cases)
    assert "/cara-melapor/" in pages and "/en/metodologi/" in pages
    assert not any(url.endswith("404.html") or "statistik" in url for url in pages)
    assert not any("/cari/" in url or "/instansi/" in url for url in pages)
    case = next(p for p in pages.values() if p["meta"]["title"] == "Jembatan gantung putus")
    # The page's own text, without the header, footer or the breadcrumb.
    assert "Lampu jalan di Jl. Juanda" in case["content"]
    assert "Langsung ke isi" not in case["content"] and "Umpan berita" not in case["content"]


@pytest.mark.parametrize("path", ["cari/index.html", "en/cari/index.html"])
def test_search_page_loads_only_this_sites_files(builds: tuple[Path, Path], path: str) -> None:
    output = builds[0]
    html = (output / path).read_text(encoding="utf-8")
    sources = re.findall(r'<script[^>]* src="([^"]+)"', html)
    # Pagefind's UI is loaded by cari.js on demand (data-js), not with the page.
    assert not any("pagefind" in s for s in sources)
    sources += re.findall(r'data-js="([^"]+)"', html)
    assert any(s.endswith("/pagefind/pagefind-ui.js") for s in sources)
    own = site_url(output)
    assert all(
        s.startswith(own + "/") or not s.startswith(("http:", "https:", "//")) for s in sources
    )
    assert 'data-css="' in html and "<noscript" not in html
    # Without JavaScript: a plain form, the explanation and the case listings.
    assert 'role="search"' in html and 'name="q"' in html
    for listing in ("kasus/", "kategori/", "instansi/", "wilayah/"):
        assert f'{listing}">' in html
    assert ("JavaScript" in html) and (("needs JavaScript" in html) == path.startswith("en/"))
    script = (output / "theme" / "js" / "cari.js").read_text(encoding="utf-8")
    assert "PagefindUI" in script and "http" not in script


def test_every_page_links_to_the_search_page(builds: tuple[Path, Path]) -> None:
    output = builds[0]
    own = site_url(output)
    assert f'href="{own}/cari/">Cari</a>' in (output / "kasus" / "index.html").read_text("utf-8")
    english = (output / "en" / "kasus" / "index.html").read_text(encoding="utf-8")
    assert f'href="{own}/en/cari/">Search</a>' in english
