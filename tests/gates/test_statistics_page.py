"""Gate: the built statistics page fits a 360 px phone, and its charts are accessible and light.

- In headless Chromium (Playwright, ``/usr/bin/chromium``), ``/statistik/`` and
  ``/en/statistik/`` at 360 and 1280 px wide: the document is no wider than
  the window (a wide table scrolls inside its own labelled container).
- Each chart is an inline SVG with ``role="img"`` named by its own
  ``<title>`` and ``<desc>``, followed by its table and a CSV link that the
  server answers.
- The page with its CSS and icon weighs at most 100 KB.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import urlopen

import pytest

from . import checks

pytestmark = pytest.mark.gates

PAGES = ("/statistik/", "/en/statistik/")
WIDTHS = (360, 1280)
#: HTML + CSS + images of one statistics page.
MAX_PAGE_BYTES = 100_000

_CHARTS = """() => [...document.querySelectorAll('svg.chart')].map(svg => {
    const ids = (svg.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
    let next = svg.nextElementSibling;
    while (next && !next.querySelector('table') && next.tagName !== 'TABLE') {
        next = next.nextElementSibling;
    }
    const after = next ? next.nextElementSibling : null;
    return {
        id: svg.id,
        role: svg.getAttribute('role'),
        names: ids.map(id => {
            const el = document.getElementById(id);
            return el && svg.contains(el) ? el.tagName.toLowerCase() + ':' + el.textContent : null;
        }),
        table: next ? !!(next.querySelector('caption') && next.querySelector('th[scope]')) : false,
        csv: after && after.querySelector('a[href$=".csv"]')
            ? after.querySelector('a[href$=".csv"]').href : null,
    };
})"""


def _browser(pw):
    return pw.chromium.launch(
        executable_path=checks.CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
    )


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_statistics_page_does_not_overflow(site_server: str, path: str, width: int) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = _browser(pw)
        try:
            page = browser.new_page(viewport={"width": width, "height": 800})
            response = page.goto(site_server + path, wait_until="load")
            assert response is not None and response.status == 200, path
            scroll_width, inner_width = page.evaluate(
                "[document.scrollingElement.scrollWidth, window.innerWidth]"
            )
            wide = page.evaluate(
                """() => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5
                                 && !e.closest('.scroll'))
                    .slice(0, 5).map(e => e.tagName + (e.id ? '#' + e.id : ''))"""
            )
        finally:
            browser.close()
    assert scroll_width <= inner_width, f"{path} at {width}px: {scroll_width}px wide {wide}"


@pytest.mark.parametrize("path", PAGES)
def test_every_chart_has_a_text_alternative_a_table_and_a_csv(site_server: str, path: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = _browser(pw)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(site_server + path, wait_until="load")
            charts = page.evaluate(_CHARTS)
        finally:
            browser.close()
    assert len(charts) >= 7, charts  # month, timeliness, region, agency, category, channel, type
    for chart in charts:
        assert chart["role"] == "img", chart
        kinds = [name.split(":", 1)[0] if name else None for name in chart["names"]]
        assert kinds == ["title", "desc"], chart
        assert all(name.split(":", 1)[1].strip() for name in chart["names"]), chart
        assert chart["table"], f"{chart['id']}: no table with caption and th scope after it"
        assert chart["csv"], f"{chart['id']}: no CSV link after its table"
        # Fetched from the local test server whatever SITEURL the build linked from.
        with urlopen(site_server + urlparse(chart["csv"]).path, timeout=10) as answer:
            body = answer.read().decode("utf-8")
        assert answer.status == 200 and body.count("\n") >= 2, chart["csv"]


@pytest.mark.parametrize("page", ["statistik/index.html", "en/statistik/index.html"])
def test_statistics_page_weight(site_dir: Path, page: str) -> None:
    html_path = site_dir / page
    html = html_path.read_text(encoding="utf-8")
    total = html_path.stat().st_size
    linked = re.findall(r'<link rel="(?:stylesheet|icon)" href="([^"]+)"', html)
    linked += re.findall(r'<img [^>]*src="([^"]+)"', html)
    assert any(href.endswith(".css") for href in linked), linked
    for href in linked:
        url = urlparse(href)
        # A production build links from the site's URL; a preview build relatively.
        local = site_dir / url.path.lstrip("/") if url.netloc else html_path.parent / url.path
        total += local.resolve().stat().st_size
    assert total <= MAX_PAGE_BYTES, f"{page}: {total} bytes with CSS and images"
