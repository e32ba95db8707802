"""Gate: the monthly reports fit a 360 px phone and every completed month has its page.

In headless Chromium (Playwright, ``/usr/bin/chromium``), the reports' index
and the newest report, in Indonesian and English: the document is no wider
than the window (the agencies' table scrolls in its own container). The
built site has a report page in both languages for every month in
``completed_months`` of ``data/statistik.json``, and no other.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from . import checks

pytestmark = pytest.mark.gates


def _report_paths(site_dir: Path) -> list[str]:
    newest = sorted(site_dir.glob("laporan/*/index.html"))[-1:]
    paths = ["/laporan/"] + [f"/laporan/{p.parent.name}/" for p in newest]
    return paths + [f"/en{path}" for path in paths]


def test_every_completed_month_has_its_pages(site_dir: Path) -> None:
    stats = json.loads((site_dir / "data" / "statistik.json").read_text("utf-8"))
    months = [m["month"] for m in stats["completed_months"]]
    assert months, "the sample should give monthly reports"
    for prefix in ("", "en/"):
        built = sorted(p.parent.name for p in (site_dir / prefix / "laporan").glob("*/index.html"))
        assert built == months, prefix


def test_reports_do_not_overflow_a_phone(site_dir: Path, site_server: str) -> None:
    from playwright.sync_api import sync_playwright

    too_wide = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=checks.CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": 360, "height": 640})
            for path in _report_paths(site_dir):
                response = page.goto(site_server + path, wait_until="load")
                assert response is not None and response.status == 200, path
                scroll, inner = page.evaluate(
                    "[document.scrollingElement.scrollWidth, window.innerWidth]"
                )
                if scroll > inner:
                    too_wide.append(f"{path}: {scroll}px")
        finally:
            browser.close()
    assert not too_wide
