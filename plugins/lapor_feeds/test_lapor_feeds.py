"""Feeds from case articles: order, reproducible dates, escaping, call to action."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import feedparser

from lapor_feeds import build_feed
from lapor_site.settings import load_settings
from lapor_site.site import INSTALL_ROOT

WITA = timezone(timedelta(hours=8))


def _article(n: int, title: str = "Kasus") -> SimpleNamespace:
    day = datetime(2026, 3, 1, 9, tzinfo=WITA) + timedelta(days=n)
    return SimpleNamespace(
        title=f"{title} {n}", url=f"kasus/id{n}/", slug=f"id{n}", date=day,
        modified=day + timedelta(hours=1), case_agency="Dinas Sosial",
        content="<p>Isi &lt;script&gt;</p>",
    )  # fmt: skip


SETTINGS = {
    "LAPOR": load_settings(INSTALL_ROOT / "region.toml"),
    "LAPOR_SITE_URL": "https://situs.example",
    "LAPOR_FEED_ITEMS": 3,
}


def test_newest_first_limited_and_reproducible():
    articles = [_article(n) for n in range(5)]
    atom = build_feed(articles, SETTINGS, "https://situs.example/feeds/a.xml").atom_str()
    again = build_feed(list(reversed(articles)), SETTINGS, "https://situs.example/feeds/a.xml")
    assert atom == again.atom_str()
    parsed = feedparser.parse(atom)
    assert [e.title for e in parsed.entries] == ["Kasus 4", "Kasus 3", "Kasus 2"]
    assert parsed.feed.updated == "2026-03-05T10:00:00+08:00"


def test_items_end_with_official_channel_and_keep_escaping():
    rss = build_feed(
        [_article(1, "<b>Judul</b>")], SETTINGS, "https://situs.example/f.xml"
    ).rss_str()
    (entry,) = feedparser.parse(rss).entries
    assert entry.title == "‹b›Judul‹/b› 1"  # plain text: no markup, not even escaped
    assert "&lt;script&gt;" in entry.description
    assert entry.description.rstrip().endswith("</p>")
    assert "SMS 1708" in entry.description and "https://www.lapor.go.id" in entry.description


HOSTILE_TITLES = [
    "<script>alert(1)</script>",
    "&lt;img src=x onerror=alert(1)&gt;",
    "&amp;lt;b&amp;gt;",
    "<![CDATA[<script>]]>",
    "a <a href='javascript:alert(1)'>tautan</a>",
]


def test_titles_are_plain_text_in_every_feed():
    articles = [_article(n, title) for n, title in enumerate(HOSTILE_TITLES)]
    settings = {**SETTINGS, "LAPOR_FEED_ITEMS": 50}
    feed = build_feed(articles, settings, "https://situs.example/f.xml")
    for raw in (feed.rss_str(), feed.atom_str()):
        text = raw.decode("utf-8")
        titles = text.split("<title>")[1:]
        assert len(titles) == len(HOSTILE_TITLES) + 1
        for title in titles:
            content = title.split("</title>")[0]
            assert "&lt;" not in content and "<" not in content and "&amp;lt;" not in content
        for entry in feedparser.parse(raw).entries:
            assert "<" not in entry.title and ">" not in entry.title
