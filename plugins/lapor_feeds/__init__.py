"""lapor_feeds: RSS 2.0 and Atom feeds of resolved cases, written with feedgen.

Replaces Pelican's built-in feed writer (switched off in pelicanconf.py).
Writes ``feeds/kasus.atom.xml`` and ``feeds/kasus.rss.xml`` with the newest
``LAPOR_FEED_ITEMS`` cases; every item ends with the call to report through
the official channel. Feed timestamps come from the data, never from the
clock, so the same content gives the same bytes.
"""

from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path

from feedgen.feed import FeedGenerator
from pelican import signals

from lapor_site.write import case_sections

FEED_DIR = "feeds"
ATOM_FILE = "kasus.atom.xml"
RSS_FILE = "kasus.rss.xml"


def call_to_action(official) -> str:
    """The closing paragraph of every item: where to report, in Indonesian and English."""
    web = html.escape(official.web)
    return (
        f"<p><strong>Punya keluhan tentang layanan publik?</strong> Laporkan melalui kanal resmi "
        f'SP4N-LAPOR!: <a href="{web}">{web}</a>, SMS {html.escape(official.sms)}, aplikasi '
        f"{html.escape(official.app_name)}, atau X/Twitter @{html.escape(official.twitter)}.</p>"
        f'<p lang="en">Have a complaint about a public service? Report it through the official '
        f'SP4N-LAPOR! channel: <a href="{web}">{web}</a>.</p>'
    )


#: Angle brackets become look-alike quotation marks in titles (see :func:`plain_text`).
_NO_MARKUP = str.maketrans({"<": "‹", ">": "›"})


def plain_text(text: str) -> str:
    """A title as plain text that no feed reader can take for markup.

    RSS does not say whether ``<title>`` is text or HTML, and some readers
    render it as HTML: an escaped ``<script>`` would run there. Titles come
    from complaints, so every feed gets them with no angle brackets at all
    (and with HTML entities decoded first, however often they were escaped,
    so ``&lt;`` or ``&amp;lt;`` cannot bring one back).
    """
    for _ in range(8):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return " ".join(text.translate(_NO_MARKUP).split())


def item_body(content: str) -> str:
    """A case's text and the agency's follow-up, each under its heading."""
    text, response = case_sections(content)
    body = (
        '<section class="case-text"><h2>Isi laporan</h2>'
        f"{text or '<p>(Tidak ada uraian.)</p>'}</section>"
    )
    if response:
        body += (
            f'<section class="case-response"><h2>Tindak lanjut instansi</h2>{response}</section>'
        )
    return body


def _moment(article, name: str) -> datetime:
    return getattr(article, name, None) or article.date


def build_feed(articles, settings, self_url: str) -> FeedGenerator:
    """A feed of ``articles`` (newest first) for the site described by ``settings``."""
    lapor = settings["LAPOR"]
    site_url = settings["LAPOR_SITE_URL"].rstrip("/")
    items = sorted(articles, key=lambda a: (a.date, a.slug), reverse=True)
    items = items[: settings.get("LAPOR_FEED_ITEMS", 50)]
    feed = FeedGenerator()
    feed.id(f"{site_url}/kasus/")
    feed.title(plain_text(f"{lapor.title}: laporan yang telah selesai ditindaklanjuti"))
    feed.subtitle(
        f"Laporan warga {lapor.region_name} melalui SP4N-LAPOR! yang telah selesai "
        "ditindaklanjuti instansi, dengan data pribadi pelapor disamarkan."
    )
    feed.link(href=f"{site_url}/kasus/", rel="alternate")
    feed.link(href=self_url, rel="self")
    feed.author({"name": lapor.publisher or lapor.title})
    feed.language("id")
    if items:
        newest = max(_moment(a, "modified") for a in items)
        feed.updated(newest)
        feed.lastBuildDate(newest)
    for article in items:
        url = f"{site_url}/{article.url}"
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.guid(url, permalink=True)
        entry.title(plain_text(article.title))
        entry.link(href=url)
        entry.published(article.date)
        entry.updated(_moment(article, "modified"))
        agency = getattr(article, "case_agency", "")
        if agency:
            entry.category(term=agency)
        body = item_body(article.content) + call_to_action(lapor.official)
        entry.content(body, type="html")
    return feed


def write_feeds(generator, writer) -> None:
    folder = Path(writer.output_path) / FEED_DIR
    folder.mkdir(parents=True, exist_ok=True)
    feeds_url = generator.settings["LAPOR_SITE_URL"].rstrip("/") + "/" + FEED_DIR
    atom = build_feed(generator.articles, generator.settings, f"{feeds_url}/{ATOM_FILE}")
    atom.atom_file(str(folder / ATOM_FILE), pretty=True)
    rss = build_feed(generator.articles, generator.settings, f"{feeds_url}/{RSS_FILE}")
    rss.rss_file(str(folder / RSS_FILE), pretty=True)


def register() -> None:
    signals.article_writer_finalized.connect(write_feeds)
