"""Site search: the Pagefind index is built from the finished pages, reproducibly."""

from __future__ import annotations

import functools
import gzip
import json
import re
import tomllib
from collections.abc import Iterator
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


# ---------------------------------------------------------------- bundles of a large site

#: Words that name one case each (the titles are otherwise alike).
BUNDLE_WORDS = (
    "zamrud",
    "kenari",
    "merbau",
    "meranti",
    "bengkirai",
    "gaharu",
    "jelutung",
    "keruing",
    "sungkai",
    "tengkawang",
)
#: Pages per bundle in the split site: small, so a dozen cases fill several bundles.
SMALL_BUNDLE = 7


def set_bundle_pages(region: str, pages: int) -> str:
    """region.toml's text with ``[site] search_bundle_pages`` set to ``pages``."""
    text, count = re.subn(
        r"(?m)^search_bundle_pages = .*$", f"search_bundle_pages = {pages}", region
    )
    return (
        text if count else region.replace("[site]\n", f"[site]\nsearch_bundle_pages = {pages}\n", 1)
    )


@pytest.fixture(scope="module")
def split_builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, str]]:
    """A site whose index is cut into bundles of SMALL_BUNDLE pages, built twice, and the
    URL of a local server publishing the first build at the site's own URL."""
    from gates import checks

    folder = tmp_path_factory.mktemp("search-bundles")
    site = new_site(folder / "site")
    rows = [
        make_record(tracking_id=f"LAP-BUNDLE-{i}", title=f"Atap balai {word} bocor")
        for i, word in enumerate(BUNDLE_WORDS)
    ]
    data = write_jsonl(folder / "input.jsonl", rows)
    again = folder / "again"
    with checks.serve_directory(site / "output") as server, pytest.MonkeyPatch.context() as patch:
        region = site / "region.toml"
        text = region.read_text(encoding="utf-8")
        text = re.sub(r'(?m)^url = ".*"$', f'url = "{server}"', text, count=1)
        text = set_bundle_pages(text, SMALL_BUNDLE)
        region.write_text(text, encoding="utf-8")
        patch.setenv("LAPOR_SITE_SECRET", "search-bundle-test-key")
        assert main(["update", "--site", str(site), "--input", str(data)]) == 0
        assert main(["build", "--site", str(site), "--output", str(again)]) == 0
        yield site / "output", again, server


def bundle_pages(bundle: Path) -> dict[str, dict]:
    """The pages of one bundle, by URL."""
    pages = {}
    for path in (bundle / "fragment").iterdir():
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
        page = json.loads(text.removeprefix("pagefind_dcd"))
        pages[page["url"]] = page
    return pages


def indexed_pages(output: Path) -> dict[str, str]:
    """URL -> language of every page the search must find (``data-pagefind-body``)."""
    found = {}
    for path in output.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        if "data-pagefind-body" in html and not path.relative_to(output).parts[0].startswith(
            "pagefind"
        ):
            url = "/" + path.relative_to(output).parent.as_posix() + "/"
            found[url.replace("//", "/")] = re.search(r'<html lang="([^"]+)"', html).group(1)
    return found


def test_a_large_index_is_cut_into_bundles_per_language(
    split_builds: tuple[Path, Path, str],
) -> None:
    output = split_builds[0]
    bundles = json.loads((output / "pagefind" / "bundles.json").read_text(encoding="utf-8"))
    assert set(bundles) == {"id", "en"}
    assert bundles["id"][0] == "pagefind/"  # the main language's first bundle
    assert all(len(folders) >= 3 for folders in bundles.values()), bundles
    expected = indexed_pages(output)
    seen: dict[str, str] = {}
    for lang, folders in bundles.items():
        sizes = []
        for folder in folders:
            pages = bundle_pages(output / folder)
            entry = json.loads((output / folder / "pagefind-entry.json").read_text("utf-8"))
            assert list(entry["languages"]) == [lang], folder
            assert not seen.keys() & pages.keys(), f"{folder}: a page is in two bundles"
            seen.update(dict.fromkeys(pages, lang))
            sizes.append(len(pages))
        assert max(sizes) <= SMALL_BUNDLE and max(sizes) - min(sizes) <= 1, (lang, sizes)
    assert seen == expected  # every indexed page once, in a bundle of its own language
    folders = {p.name for p in output.iterdir() if p.name.startswith("pagefind")}
    assert folders == {f.rstrip("/") for lang in bundles.values() for f in lang}


def test_bundles_are_byte_identical_between_builds(split_builds: tuple[Path, Path, str]) -> None:
    first, second, _ = split_builds
    index = sorted(
        p.relative_to(first)
        for p in first.rglob("*")
        if p.relative_to(first).parts[0].startswith("pagefind")
    )
    assert index == sorted(
        p.relative_to(second)
        for p in second.rglob("*")
        if p.relative_to(second).parts[0].startswith("pagefind")
    )
    for path in index:
        assert (first / path).is_dir() or (first / path).read_bytes() == (
            second / path
        ).read_bytes(), path


def test_a_small_index_is_one_bundle_for_both_languages(builds: tuple[Path, Path]) -> None:
    output = builds[0]
    bundles = json.loads((output / "pagefind" / "bundles.json").read_text(encoding="utf-8"))
    assert bundles == {"en": ["pagefind/"], "id": ["pagefind/"]}
    assert [p.name for p in output.iterdir() if p.name.startswith("pagefind")] == ["pagefind"]


def _record_url(urls: list[str], request) -> None:
    urls.append(request.url)


def test_the_search_page_finds_cases_in_every_bundle(split_builds: tuple[Path, Path, str]) -> None:
    """Headless Chromium searches each case's own word and must find its page, in each
    language, whichever bundle holds it; no bundle of the other language is loaded."""
    from gates import checks
    from playwright.sync_api import sync_playwright

    output, _, server = split_builds
    bundles = json.loads((output / "pagefind" / "bundles.json").read_text(encoding="utf-8"))
    where = {
        (lang, url): folder
        for lang, folders in bundles.items()
        for folder in folders
        for url in bundle_pages(output / folder)
    }
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=checks.CHROMIUM, args=checks.CHROMIUM_ARGS)
        try:
            for lang, prefix in (("id", ""), ("en", "/en")):
                cases = {
                    word: url
                    for (page_lang, url), _ in where.items()
                    if page_lang == lang and "/kasus/" in url
                    for word in BUNDLE_WORDS
                    if word in bundle_pages(output / where[(lang, url)])[url]["meta"]["title"]
                }
                assert len(cases) == len(BUNDLE_WORDS), sorted(cases)
                holders = {where[(lang, url)] for url in cases.values()}
                assert len(holders) >= 2, holders  # the cases are spread over several bundles
                context = browser.new_context()
                loaded: list[str] = []
                context.on("request", functools.partial(_record_url, loaded))
                page = context.new_page()
                for word, url in sorted(cases.items()):
                    links = checks.search_results(page, f"{server}{prefix}/cari/?q={word}")
                    found = {link.split("#")[0] for link in links if "/kasus/" in link}
                    assert found == {url}, (lang, word, links)  # its case, and no other
                context.close()
                other = "en" if lang == "id" else "id"
                foreign = {f for f in bundles[other] if f not in bundles[lang]}
                # The UI and the list of bundles come from pagefind/; no index of the other
                # language is fetched.
                ui = ("pagefind-ui.js", "pagefind-ui.css", "bundles.json")
                fetched = [u for u in loaded if any(f"/{f}" in u for f in foreign)]
                assert [u for u in fetched if not u.endswith(ui)] == [], lang
                assert any(f"/{bundles[lang][-1]}pagefind-entry.json" in u for u in loaded)
        finally:
            browser.close()
