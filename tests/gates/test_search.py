"""Gate: the site search finds a case in each language, from the site's own files only.

Opens ``/cari/?q=<a word of a case's title>`` (and the English page) in
headless Chromium, waits for Pagefind's results and checks that they link to
pages of the built site in the page's language, that no request leaves the
site, and that without JavaScript the page keeps its form and its links to
the case listings.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from . import checks

pytestmark = pytest.mark.gates


def search_word(site_dir: Path) -> str:
    """The longest word of the first case page's title (a word the index must hold)."""
    cases = sorted(p for p in (site_dir / "kasus").glob("*/index.html") if p.parent.name != "page")
    assert cases, "the built site has no case page"
    title = re.search(r"<h1[^>]*>(.*?)</h1>", cases[0].read_text(encoding="utf-8")).group(1)
    return max(re.findall(r"[A-Za-z]{4,}", title), key=len)


def test_search_finds_cases_in_each_language(site_dir: Path, site_server: str) -> None:
    from playwright.sync_api import sync_playwright

    word = search_word(site_dir)
    outside: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=checks.CHROMIUM, args=checks.CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            context.on(
                "request",
                lambda r: None if r.url.startswith(site_server + "/") else outside.append(r.url),
            )
            page = context.new_page()
            for prefix in ("", "/en"):
                links = checks.search_results(page, f"{site_server}{prefix}/cari/?q={word}")
                assert links, f"{prefix}/cari/: no result for {word!r}"
                for link in links:
                    assert link.startswith(f"{prefix}/") and not link.startswith(
                        "/en/" if not prefix else "/en/en/"
                    ), link
                    target = site_dir / link.split("#")[0].strip("/") / "index.html"
                    assert target.is_file(), f"{link}: no such page"
                assert page.is_hidden(".search-fallback") and page.is_hidden(".search-form")
            # Without ?q=, Pagefind loads when the search box gets focus.
            page.goto(f"{site_server}/cari/", wait_until="load")
            assert page.evaluate("typeof PagefindUI") == "undefined"  # not loaded with the page
            page.focus("#q")
            page.wait_for_selector(".pagefind-ui__search-input", timeout=20_000)
            page.fill(".pagefind-ui__search-input", word)
            page.wait_for_selector(checks.SEARCH_RESULT_LINK, timeout=20_000)
            context.close()
            context = browser.new_context(java_script_enabled=False)
            page = context.new_page()
            page.goto(f"{site_server}/cari/", wait_until="load")
            assert page.is_visible(".search-fallback") and page.is_visible("form[role=search]")
            for listing in ("kategori/", "instansi/", "wilayah/"):
                assert page.locator(f".search-fallback a[href$='{listing}']").count() == 1
            context.close()
        finally:
            browser.close()
    assert outside == [], f"requests outside the site: {outside[:5]}"
