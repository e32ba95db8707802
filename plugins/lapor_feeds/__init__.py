"""lapor_feeds: RSS 2.0 and Atom feeds, written with feedgen, and the Feeds page.

Replaces Pelican's built-in feed writer (switched off in pelicanconf.py).
Every feed exists as ``<path>.atom.xml`` and ``<path>.rss.xml``:

* ``feeds/kasus``: the newest resolved cases of the whole site;
* ``feeds/instansi/<slug>``, ``feeds/kategori/<slug>``, ``feeds/wilayah/<slug>``:
  one agency's, category's or region's (slugs from plugins/lapor_listings);
  every agency has one, with or without published cases, so a reader can
  follow an agency before its first case is published;
* ``feeds/laporan-bulanan``: the monthly reports (pages with ``Report_month``).

Each holds the newest ``LAPOR_FEED_ITEMS`` items. A case item carries the
excerpt of the report and of the agency's follow-up, its dates and working
days, a link to the case page and the call to report through the official
channel. Entry ids are ``tag:`` URIs made of the site's host and the case
id (:func:`case_guid`), so they survive a change of URL scheme. Dates are
in the region's time zone and come from the data, never from the clock, so
the same content gives the same bytes.

The plugin also writes the Feeds page (``feeds/`` and ``en/feeds/``) and
gives the templates ``feed_path(kind, slug)`` and ``FEEDS`` for the
autodiscovery links (``partials/feeds_head.html``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from feedgen.feed import FeedGenerator
from lapor_listings import KIND_BY_KEY, KINDS, Group, Listings
from lapor_stats import make_date_filter
from pelican import signals

from lapor_site.workdays import working_days_between
from lapor_site.write import case_sections

FEED_DIR = "feeds"
#: The site-wide feed of resolved cases (its URLs predate the other feeds: keep them).
SITE_FEED = f"{FEED_DIR}/kasus"
MONTHLY_FEED = f"{FEED_DIR}/laporan-bulanan"
#: (extension, MIME type, label) of the two formats every feed is written in.
FORMATS = (
    ("atom.xml", "application/atom+xml", "Atom"),
    ("rss.xml", "application/rss+xml", "RSS"),
)
#: Kept for callers of the first version of this plugin.
ATOM_FILE = "kasus.atom.xml"
RSS_FILE = "kasus.rss.xml"
#: The Feeds page (and ``en/feeds/``), written from ``feeds.html``.
PAGE_TEMPLATE = "feeds"
PAGE_URL = f"{FEED_DIR}/"
#: Characters of the report's text and of the follow-up an item quotes.
TEXT_EXCERPT = 600
RESPONSE_EXCERPT = 300
DEFAULT_ITEMS = 50


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
_TAG = re.compile(r"<[^>]*>")


def _decoded(text: str) -> str:
    for _ in range(8):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return text


def plain_text(text: str) -> str:
    """A title as plain text that no feed reader can take for markup.

    RSS does not say whether ``<title>`` is text or HTML, and some readers
    render it as HTML: an escaped ``<script>`` would run there. Titles come
    from complaints, so every feed gets them with no angle brackets at all
    (and with HTML entities decoded first, however often they were escaped,
    so ``&lt;`` or ``&amp;lt;`` cannot bring one back).
    """
    return " ".join(_decoded(text).translate(_NO_MARKUP).split())


def excerpt(fragment: str, limit: int) -> str:
    """The text of an HTML ``fragment`` cut at a word to about ``limit`` characters, escaped.

    Case bodies are escaped text in ``<p>`` elements (lapor_site.write); the
    tags are dropped, the text decoded once and escaped again, so an excerpt
    is plain text whatever the complaint held.
    """
    text = " ".join(html.unescape(_TAG.sub(" ", fragment)).split())
    if len(text) > limit:
        cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
        text = cut.rstrip(" ,.;:") + " …"
    return html.escape(text)


# ---------------------------------------------------------------------------
# Ids and dates
# ---------------------------------------------------------------------------


def site_host(site_url: str) -> str:
    """``https://lapor.example.go.id/sub`` → ``lapor.example.go.id`` (the tag authority)."""
    return urlsplit(site_url).hostname or "localhost"


def case_guid(site_url: str, case_id: str, submitted: date) -> str:
    """A case's entry id: ``tag:<host>,<submission date>:kasus/<id>`` (RFC 4151).

    The case id is the site's pseudonymous id, which never changes; the date
    is the case's own submission date, also fixed. The URL of the case page
    is not used, so a new URL scheme or a move to HTTPS does not make every
    reader show every case again.
    """
    return f"tag:{site_host(site_url)},{submitted.isoformat()}:kasus/{case_id}"


def report_guid(site_url: str, month: str) -> str:
    """A monthly report's entry id: ``tag:<host>,<YYYY-MM>-01:laporan-bulanan/<YYYY-MM>``."""
    return f"tag:{site_host(site_url)},{month}-01:laporan-bulanan/{month}"


def _moment(value: Any) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def _local(moment: datetime, tz: ZoneInfo) -> datetime:
    return moment.astimezone(tz)


# ---------------------------------------------------------------------------
# Feeds
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class Feed:
    """One feed: where it is written, what it mirrors, its items."""

    #: ``feeds/instansi/dinas-sosial`` (no extension; relative to the site).
    path: str
    #: ``all``, ``agency``, ``category``, ``region`` or ``monthly``.
    kind: str
    title: str
    #: The site page the feed mirrors (relative to the site), its RSS ``<link>``.
    page_url: str
    #: The agency's, category's or region's name ("" for the other feeds).
    label: str = ""
    items: list[Any] = field(default_factory=list)

    def url(self, extension: str) -> str:
        return f"{self.path}.{extension}"


def feed_path(kind: str, slug: str) -> str:
    """``("agency", "dinas-sosial")`` → ``feeds/instansi/dinas-sosial`` (no extension)."""
    return f"{FEED_DIR}/{KIND_BY_KEY[kind].folder}/{slug}"


def group_feed(group: Group, title: str) -> Feed:
    """The feed of one agency, category or region; it mirrors its listing (or agency page)."""
    # An agency's page exists with or without cases, so its feed's id never changes.
    page = group.page_url or group.listing_url
    label = f"{title}: kasus selesai · {group.name}"
    return Feed(feed_path(group.kind, group.slug), group.kind, label, page, group.name, group.cases)


def monthly_reports(pages: Iterable[Any], lang: str = "id") -> list[Any]:
    """The pages with a ``report_month`` in ``lang``, newest month first, each month once."""
    found: dict[str, Any] = {}
    for page in pages:
        month = getattr(page, "report_month", None)
        if month and getattr(page, "lang", lang) == lang:
            found.setdefault(str(month), page)
    return [found[m] for m in sorted(found, reverse=True)]


def site_feed(title: str, articles: Iterable[Any] = ()) -> Feed:
    """The site-wide feed of resolved cases; it mirrors the case listing ``kasus/``."""
    return Feed(
        SITE_FEED, "all", f"{title}: laporan yang telah selesai ditindaklanjuti", "kasus/",
        items=list(articles),
    )  # fmt: skip


def all_feeds(articles: Sequence[Any], listings: Listings | None, reports: list[Any], title: str):
    """Every feed of the site, in the order the Feeds page lists them."""
    feeds = [
        site_feed(title, articles),
        Feed(MONTHLY_FEED, "monthly", f"{title}: laporan bulanan", _monthly_page(reports)),
    ]
    feeds[1].items = reports
    if listings is not None:
        for kind in KINDS:
            feeds += [group_feed(g, title) for g in listings.sorted(kind.key)]
    return feeds


def _monthly_page(reports: list[Any]) -> str:
    """The page the monthly feed mirrors: the newest report (the home page without one)."""
    return reports[0].url if reports else ""


def feed_id(feed: Feed, site_url: str) -> str:
    """The Atom id of a feed: the URL of the page it mirrors, which stays the same.

    The monthly feed mirrors the newest report, which changes every month:
    its id is its own URL instead.
    """
    if feed.kind == "monthly":
        return f"{site_url}/{feed.url(FORMATS[0][0])}"
    return f"{site_url}/{feed.page_url}"


def _new_feed(feed: Feed, settings, self_url: str, subtitle: str) -> FeedGenerator:
    lapor = settings["LAPOR"]
    site_url = settings["LAPOR_SITE_URL"].rstrip("/")
    generator = FeedGenerator()
    generator.id(feed_id(feed, site_url))
    generator.title(plain_text(feed.title))
    generator.subtitle(subtitle)
    # feedgen makes the RSS channel's <link> of the LAST link added: self first.
    generator.link(href=self_url, rel="self")
    generator.link(href=f"{site_url}/{feed.page_url}", rel="alternate")
    generator.author({"name": lapor.publisher or lapor.title})
    generator.language("id")
    return generator


def _dated(generator: FeedGenerator, moments: list[datetime], fallback: datetime) -> None:
    newest = max(moments, default=fallback)
    generator.updated(newest)
    generator.lastBuildDate(newest)


def _epoch(settings) -> datetime:
    """The date of an empty feed: the data's "as of" time (never the clock)."""
    tz = ZoneInfo(settings["LAPOR"].timezone)
    as_of = _moment(settings.get("LAPOR_AS_OF"))
    return _local(as_of, tz) if as_of else datetime(2000, 1, 1, tzinfo=tz)


def case_body(article, settings) -> str:
    """An item's HTML: labels, dates, the excerpts, the link and the call to action."""
    lapor = settings["LAPOR"]
    tz = ZoneInfo(lapor.timezone)
    site_url = settings["LAPOR_SITE_URL"].rstrip("/")
    local_date = make_date_filter(tz, lapor.timezone_label)
    labels = [
        f"{name}: {html.escape(value)}"
        for name, value in (
            ("Instansi", getattr(article, "case_agency", "")),
            ("Kategori", getattr(article, "case_category", "")),
            ("Wilayah", getattr(article, "case_region", "")),
        )
        if value
    ]
    submitted = _moment(getattr(article, "case_submitted", None))
    resolved = _moment(getattr(article, "case_resolved", None)) or article.date
    dates = [f"Selesai: {local_date(resolved)}"]
    if submitted:
        days = working_days_between(_local(submitted, tz), resolved)
        dates = [
            f"Dilaporkan: {local_date(submitted)}",
            *dates,
            f"Lama penanganan: {days} hari kerja",
        ]
    text, response = case_sections(article.content)
    body = f"<p>{' · '.join(labels)}</p>" if labels else ""
    body += f"<p>{' · '.join(dates)}</p>"
    # The citizen's and the agency's words stay in their sections, as on the case page.
    quoted = excerpt(text, TEXT_EXCERPT) or "(Tidak ada uraian.)"
    body += f'<section class="case-text"><h2>Isi laporan</h2><p>{quoted}</p></section>'
    if response:
        quoted = excerpt(response, RESPONSE_EXCERPT)
        body += (
            '<section class="case-response"><h2>Tindak lanjut instansi (cuplikan)</h2>'
            f"<p>{quoted}</p></section>"
        )
    url = html.escape(f"{site_url}/{article.url}")
    body += f'<p><a href="{url}">Baca selengkapnya di halaman kasus</a></p>'
    return body + call_to_action(lapor.official)


def _limit(settings) -> int:
    return int(settings.get("LAPOR_FEED_ITEMS") or DEFAULT_ITEMS)


def build_feed(
    articles: Iterable[Any], settings, self_url: str, feed: Feed | None = None
) -> FeedGenerator:
    """A feed of case ``articles`` (newest ``LAPOR_FEED_ITEMS``, newest first).

    ``feed`` says what it mirrors; without it, the site-wide feed of cases.
    """
    lapor = settings["LAPOR"]
    tz = ZoneInfo(lapor.timezone)
    site_url = settings["LAPOR_SITE_URL"].rstrip("/")
    feed = feed or site_feed(lapor.title)
    subtitle = (
        f"Laporan warga {lapor.region_name} melalui SP4N-LAPOR! yang telah selesai "
        "ditindaklanjuti instansi, dengan data pribadi pelapor disamarkan."
    )
    if feed.label:
        subtitle = f"{subtitle} {plain_text(feed.label)}."
    generator = _new_feed(feed, settings, self_url, subtitle)
    items = _newest(articles, settings)
    _dated(generator, [_local(_modified(a), tz) for a in items], _epoch(settings))
    for article in items:
        url = f"{site_url}/{article.url}"
        submitted = _moment(getattr(article, "case_submitted", None)) or article.date
        entry = generator.add_entry(order="append")
        guid = case_guid(site_url, article.slug, _local(submitted, tz).date())
        entry.id(guid)
        entry.guid(guid, permalink=False)
        entry.title(plain_text(article.title))
        entry.link(href=url)
        entry.published(_local(article.date, tz))
        entry.updated(_local(_modified(article), tz))
        agency = getattr(article, "case_agency", "")
        if agency:
            entry.category(term=plain_text(agency))
        entry.content(case_body(article, settings), type="html")
    return generator


def _newest(articles: Iterable[Any], settings) -> list[Any]:
    """The case ``articles`` a feed shows: the newest ``LAPOR_FEED_ITEMS``, newest first."""
    return sorted(articles, key=lambda a: (a.date, a.slug), reverse=True)[: _limit(settings)]


def _modified(item) -> datetime:
    return getattr(item, "modified", None) or item.date


def _report_date(page, tz: ZoneInfo) -> datetime:
    """A report's date: its ``Date``, else the first day after its month (00:00 local)."""
    moment = getattr(page, "date", None)
    if moment:
        return _local(moment, tz)
    year, month = (int(part) for part in str(page.report_month).split("-"))
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return datetime.combine(date(year, month, 1), time(), tz)


def build_monthly_feed(
    reports: Sequence[Any], settings, self_url: str, feed: Feed
) -> FeedGenerator:
    """The feed of monthly reports (newest month first); valid and empty without any."""
    lapor = settings["LAPOR"]
    tz = ZoneInfo(lapor.timezone)
    site_url = settings["LAPOR_SITE_URL"].rstrip("/")
    subtitle = (
        f"Laporan bulanan tentang laporan warga {lapor.region_name} melalui SP4N-LAPOR!: "
        "jumlah, waktu tanggapan dan kasus yang selesai."
    )
    generator = _new_feed(feed, settings, self_url, subtitle)
    items = list(reports)[: _limit(settings)]
    _dated(generator, [_report_date(p, tz) for p in items], _epoch(settings))
    for page in items:
        url = f"{site_url}/{page.url}"
        guid = report_guid(site_url, str(page.report_month))
        entry = generator.add_entry(order="append")
        entry.id(guid)
        entry.guid(guid, permalink=False)
        entry.title(plain_text(page.title))
        entry.link(href=url)
        entry.published(_report_date(page, tz))
        entry.updated(_local(getattr(page, "modified", None) or _report_date(page, tz), tz))
        body = f"<p>{excerpt(page.content, TEXT_EXCERPT)}</p>"
        body += f'<p><a href="{html.escape(url)}">Baca laporan lengkap</a></p>'
        entry.content(body + call_to_action(lapor.official), type="html")
    return generator


# ---------------------------------------------------------------------------
# Pelican glue
# ---------------------------------------------------------------------------


def _report_pages(context) -> list[Any]:
    pages = [*context.get("pages", []), *context.get("hidden_pages", [])]
    return pages + [t for p in pages for t in getattr(p, "translations", [])]


def site_feeds(generator) -> list[Feed]:
    """Every feed of the site being built (cases, groups, monthly reports)."""
    context = generator.context
    title = generator.settings["LAPOR"].title
    reports = monthly_reports(_report_pages(context))
    return all_feeds(generator.articles, context.get("LISTINGS"), reports, title)


def feed_inputs(feed: Feed, settings) -> dict[str, Any]:
    """What a feed's files are made of besides the code and the site's settings: what
    it mirrors, the items it shows and, for an empty feed, its date (the data's)."""
    if feed.kind == "monthly":
        items = list(feed.items)[: _limit(settings)]
    else:
        items = _newest(feed.items, settings)
    mirrors = [feed.path, feed.kind, feed.title, feed.page_url, feed.label]
    return {"feed": mirrors, "items": items, "empty": None if items else _epoch(settings)}


def write_feed(feed: Feed, folder: Path, settings, writer: Any = None) -> None:
    """``feed`` in both formats under ``folder`` (the output folder).

    With a ``writer`` that keeps files from the last build (plugins/lapor_reuse), a
    feed whose :func:`feed_inputs` fingerprint the same is linked from it instead:
    most feeds show none of a day's new or changed cases.
    """
    site_url = settings["LAPOR_SITE_URL"].rstrip("/")
    parent, _, stem = feed.path.rpartition("/")
    names = [f"{stem}.{extension}" for extension, _, _ in FORMATS]
    inputs = feed_inputs(feed, settings)
    previous = getattr(writer, "previous_files", None)
    if previous and previous(f"{parent}/", names, inputs) is not None:
        return
    target = folder / feed.path
    target.parent.mkdir(parents=True, exist_ok=True)
    files = {}
    for name, (extension, _, _) in zip(names, FORMATS, strict=True):
        self_url = f"{site_url}/{feed.url(extension)}"
        if feed.kind == "monthly":
            built = build_monthly_feed(feed.items, settings, self_url, feed)
        else:
            built = build_feed(feed.items, settings, self_url, feed)
        text = built.atom_str if extension == "atom.xml" else built.rss_str
        files[name] = text(pretty=True)
        (folder / feed.url(extension)).write_bytes(files[name])
    remember = getattr(writer, "remember_files", None)
    if remember:
        remember(f"{parent}/", files, inputs)


def write_feeds(generator, writer) -> None:
    """Write every feed and the Feeds page in both languages."""
    settings = dict(generator.settings)
    settings["LAPOR_AS_OF"] = (generator.context.get("STATS") or {}).get("as_of")
    feeds = site_feeds(generator)
    for feed in feeds:
        write_feed(feed, Path(writer.output_path), settings, writer)
    relative = generator.settings["RELATIVE_URLS"]
    for lang, prefix in (("id", ""), ("en", "en/")):
        writer.write_file(
            f"{prefix}{PAGE_URL}index.html", generator.get_template(PAGE_TEMPLATE),
            generator.context, relative_urls=relative, url=f"{prefix}{PAGE_URL}", lang=lang,
            feeds=feeds, feed_formats=FORMATS,
        )  # fmt: skip


def install(generator) -> None:
    """Template globals for the autodiscovery links and the "follow" links."""
    generator.env.globals.update(
        feed_path=feed_path, SITE_FEED=SITE_FEED, MONTHLY_FEED=MONTHLY_FEED, FEED_FORMATS=FORMATS
    )


def register() -> None:
    signals.generator_init.connect(install)
    signals.article_writer_finalized.connect(write_feeds)
