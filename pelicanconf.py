"""Pelican settings: the choices that are the same for every site folder.

``lapor-site build`` reads this file (or a site folder's own
``pelicanconf.py``) and adds what comes from the site folder: ``LAPOR`` (the
region's settings), ``SITENAME``, ``TIMEZONE``, ``DEFAULT_PAGINATION``,
``LAPOR_SITE_URL``, ``PATH``, ``OUTPUT_PATH``, ``LAPOR_SAMPLE_DATA``,
``LAPOR_REUSE_MEMO``, ``LAPOR_REUSE_FROM`` and ``LAPOR_REUSE_LEDGER``
(plugins/lapor_reuse) and, for
a production build, ``SITEURL`` (see lapor_site/build.py).

Safety-relevant choices (see DEVELOPERS.md, "Known traps"):
- Jinja autoescaping is on; templates mark only Pelican's rendered content
  ``|safe`` (case bodies are escaped by lapor_site.write before Markdown).
- Listings (plugins/lapor_listings) page as ``<folder>/page/N/`` so ``area-1``
  page 2 and ``area-12`` can never collide; Pelican paginates nothing.
- Pelican's own feed writer is off; plugins/lapor_feeds writes the feeds.
- The content cache compares file hashes, not mtimes; `lapor-site build` turns
  it on at the reader layer, in a folder per configuration (lapor_site/build.py).
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent

#: A preview links relatively, so it works from any folder or sub-path (GitHub Pages
#: included); a production build links from the region's URL (lapor_site/build.py).
SITEURL = ""
RELATIVE_URLS = True
#: True for a production build (``lapor-site build --production``, publishconf.py).
LAPOR_PRODUCTION = False
#: True when the content was synced from the bundled synthetic sample ("Data contoh").
LAPOR_SAMPLE_DATA = False
DEFAULT_LANG = "id"
DEFAULT_DATE_FORMAT = "%d-%m-%Y"
LOCALE = ("C",)

PATH = "content"
ARTICLE_PATHS = ["generated/kasus"]
PAGE_PATHS = ["pages", "generated/laporan"]
# generated/data is copied to data/ by plugins/lapor_data, with the JSON API;
# robots.txt and sitemap.xml come from plugins/lapor_seo.
STATIC_PATHS = ["extra"]
THEME = str(ROOT / "theme")
THEME_STATIC_DIR = "theme"

PLUGIN_PATHS = [str(ROOT / "plugins")]
# A plugin that imports another comes after it (Pelican finds plugins on
# PLUGIN_PATHS, not sys.path): lapor_charts imports lapor_stats; lapor_feeds,
# lapor_embeds and lapor_data use lapor_listings' groups; lapor_kit lapor_embeds' subjects.
# lapor_reuse gives Pelican its writer: pages whose inputs are unchanged come from the last build.
PLUGINS = [
    "lapor_markdown",
    "lapor_pages",
    "lapor_i18n",
    "lapor_stats",
    "lapor_charts",
    "lapor_listings",
    "lapor_feeds",
    "lapor_monthly",
    "lapor_embeds",
    "lapor_kit",
    "lapor_data",
    "lapor_seo",
    "lapor_reuse",
]
#: URLs per sitemap file; past it sitemap.xml becomes a sitemap index (plugins/lapor_seo).
LAPOR_SITEMAP_MAX_URLS = 50_000

JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": [],
    "autoescape": True,
}

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.meta": {},
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"permalink": False},
    },
    "output_format": "html5",
}

# URLs: one directory per page, so links stay stable and need no .html.
ARTICLE_URL = "kasus/{slug}/"
ARTICLE_SAVE_AS = "kasus/{slug}/index.html"
ARTICLE_LANG_URL = "en/kasus/{slug}/"
ARTICLE_LANG_SAVE_AS = "en/kasus/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "en/{slug}/"
PAGE_LANG_SAVE_AS = "en/{slug}/index.html"
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""

# The home page and the statistics are their own templates, each with an English twin
# under en/ (plugins/lapor_i18n): <name>_en.html. The case listing kasus/ is written by
# plugins/lapor_listings (archive pages that keep their cases), not Pelican's index.
DIRECT_TEMPLATES = ["home", "statistik", "cari", "home_en", "statistik_en", "cari_en"]
HOME_SAVE_AS = "index.html"
HOME_URL = ""
STATISTIK_SAVE_AS = "statistik/index.html"
STATISTIK_URL = "statistik/"
HOME_EN_SAVE_AS = "en/index.html"
HOME_EN_URL = "en/"
STATISTIK_EN_SAVE_AS = "en/statistik/index.html"
STATISTIK_EN_URL = "en/statistik/"
CARI_SAVE_AS = "cari/index.html"
CARI_URL = "cari/"
CARI_EN_SAVE_AS = "en/cari/index.html"
CARI_EN_URL = "en/cari/"
PAGINATED_TEMPLATES: dict = {}

# Case articles have no Pelican translations (plugins/lapor_i18n writes their English
# pages). With a translation id, Pelican's process_translations checks every article's
# membership in a list of all of them: quadratic, 2.6 s at 20,000 cases, 40 s at 80,000.
ARTICLE_TRANSLATION_ID = None

# Pages Pelican would make by default that this site does not publish.
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""

# Feeds come from plugins/lapor_feeds (feedgen), not Pelican's writer.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
#: Items per feed, newest first (plugins/lapor_feeds/README.md lists the feeds).
LAPOR_FEED_ITEMS = 50
#: Agencies per page of the directory /instansi/ (plugins/lapor_listings).
LAPOR_AGENCIES_PER_PAGE = 200


# Builds are byte-reproducible: no build timestamps, stable ordering. Cases of the same
# moment are ordered by slug, whatever order Pelican read their files in.
class _Newer:
    """A date that sorts newest first."""

    __slots__ = ("date",)

    def __init__(self, date):
        self.date = date

    def __eq__(self, other):
        return self.date == other.date

    def __lt__(self, other):
        return self.date > other.date


def newest_first(article):
    """Sort key: newest first, then by slug."""
    return (_Newer(article.date), article.slug)


ARTICLE_ORDER_BY = newest_first
SUMMARY_MAX_LENGTH = 40
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
CHECK_MODIFIED_METHOD = "sha256"
DELETE_OUTPUT_DIRECTORY = False
TYPOGRIFY = False
