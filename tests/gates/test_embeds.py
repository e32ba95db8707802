"""Gate: every agency of the built site has its embeds, and they hold (plugins/lapor_embeds).

- Every agency page ``instansi/<slug>/`` (and the region, at the root) has
  ``lencana.svg``, ``widget/`` and ``tautkan/``, in Indonesian and English.
- Every badge is well-formed XML under 3 KB whose ``<title>`` gives the name
  and the resolved share of the agency's row in ``data/statistik.json``, and
  every SVG file of the site passes the Nu HTML Checker's SVG schema.
- In headless Chromium, every widget fits the iframe its "Tautkan ke kami"
  page suggests, at 300 px wide: no sideways scrolling, no taller than the frame.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from . import checks

pytestmark = pytest.mark.gates

SVG = "{http://www.w3.org/2000/svg}"
NARROW = 300


def test_every_agency_has_a_badge_a_widget_and_a_tautkan_page(site_dir: Path) -> None:
    agencies = checks.agency_names(site_dir)
    assert agencies, "no agency page"
    missing = [
        f"{prefix}{base}{item}"
        for prefix in ("", "en/")
        for base in ["", *(f"instansi/{slug}/" for slug in agencies)]
        for item in ("lencana.svg", "widget/index.html", "tautkan/index.html")
        if not (site_dir / prefix / base / item).is_file()
    ]
    assert missing == []


def test_badges_are_small_xml_with_the_agencys_figures(site_dir: Path) -> None:
    stats = json.loads((site_dir / "data" / "statistik.json").read_text(encoding="utf-8"))
    rows = {row["name"]: row for row in stats["by_agency"]}
    for slug, name in checks.agency_names(site_dir).items():
        data = (site_dir / "instansi" / slug / "lencana.svg").read_bytes()
        assert len(data) < 3000, slug
        badge = lxml.etree.fromstring(data)
        assert badge.tag == f"{SVG}svg" and badge.get("role") == "img", slug
        row = rows[name]
        share = math.floor(100 * row["resolved"] / row["total"] + 0.5)
        title = badge.find(f"{SVG}title").text
        resolved, total = (f"{row[key]:,}".replace(",", ".") for key in ("resolved", "total"))
        expected = f"{name}: {share}% laporan selesai ({resolved} dari {total} laporan)"
        assert title.startswith(expected), title


def test_svg_files_are_valid(site_dir: Path) -> None:
    result = checks.run_vnu(site_dir, kind="svg")
    badges = len(list(site_dir.rglob("lencana.svg")))
    assert result.checked >= badges > 0, f"vnu checked {result.checked} SVG files"
    assert result.problems == []


def test_widgets_fit_their_frame_at_300_px(site_dir: Path, site_server: str) -> None:
    from playwright.sync_api import sync_playwright

    pages = sorted(site_dir.glob("**/widget/index.html"))
    assert pages
    frame = lxml.html.parse(str(site_dir / "tautkan" / "index.html")).find(".//main//iframe")
    height = int(frame.get("height"))
    too_big = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=checks.CHROMIUM, args=checks.CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": NARROW, "height": height})
            tab = context.new_page()
            for page in pages:
                path = "/" + page.parent.relative_to(site_dir).as_posix() + "/"
                tab.goto(site_server + path)
                size = tab.evaluate(
                    "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
                )
                if size[0] > NARROW or size[1] > height:
                    too_big.append(f"{path}: {size[0]} x {size[1]}")
        finally:
            browser.close()
    assert too_big == [], f"wider than {NARROW} or taller than {height} px"
