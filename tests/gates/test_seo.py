"""Gate: the sitemap lists every page of the built site, and robots.txt points to it."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest

pytestmark = pytest.mark.gates

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap_url(site_dir: Path) -> str:
    robots = (site_dir / "robots.txt").read_text(encoding="utf-8").splitlines()
    lines = [
        line.removeprefix("Sitemap:").strip() for line in robots if line.startswith("Sitemap:")
    ]
    assert len(lines) == 1, "robots.txt must name exactly one sitemap"
    assert lines[0].startswith("https://") and lines[0].endswith("/sitemap.xml"), lines[0]
    return lines[0]


def test_robots_points_to_the_sitemap(site_dir: Path) -> None:
    sitemap_url(site_dir)
    assert (site_dir / "sitemap.xml").is_file()


def test_sitemap_covers_every_html_page(site_dir: Path, html_pages: list[Path]) -> None:
    base = sitemap_url(site_dir).removesuffix("sitemap.xml")
    root = ElementTree.parse(site_dir / "sitemap.xml").getroot()
    files = [site_dir / "sitemap.xml"]
    if root.tag.endswith("sitemapindex"):
        files = [site_dir / loc.text.removeprefix(base) for loc in root.iterfind(".//s:loc", NS)]
    listed = []
    for path in files:
        listed += [
            loc.text for loc in ElementTree.parse(path).getroot().iterfind("s:url/s:loc", NS)
        ]
    assert len(listed) == len(set(listed)), "a URL is listed twice"
    expected = {
        base + page.relative_to(site_dir).as_posix().removesuffix("index.html")
        for page in html_pages
        if 'name="robots" content="noindex' not in page.read_text(encoding="utf-8")
    }
    assert not any(u.endswith(("/404.html", "/widget/")) for u in expected), "noindex pages"
    assert sorted(expected - set(listed)) == [], "pages missing from the sitemap"
    assert sorted(set(listed) - expected) == [], "sitemap URLs with no page"
