"""lapor_seo: sitemap.xml, robots.txt and JSON-LD structured data.

After Pelican has written every page (``finalized`` signal) this plugin walks
the output and writes

* ``sitemap.xml``: every HTML page of both languages, absolute URLs from
  ``LAPOR_SITE_URL``, each with its ``xhtml:link rel="alternate" hreflang``
  pairs (``id``, ``en``, ``x-default`` = Indonesian), sorted by URL. Pages
  marked ``<meta name="robots" content="noindex">`` (the 404 pages), however
  written, are left out (each page's head is read, but for the pages
  ``LAPOR_SEO_MEMO`` knows: see :func:`indexable_pages`). ``lastmod`` comes
  from the data (a case's ``Modified`` date), never from the clock, and is
  omitted where the data has none. With more than
  ``LAPOR_SITEMAP_MAX_URLS`` (default 50,000, the protocol's limit) URLs,
  ``sitemap.xml`` becomes a sitemap index of ``sitemap-1.xml``,
  ``sitemap-2.xml``…;
* ``robots.txt``, which allows everything and names the sitemap.

It also gives the templates ``seo_jsonld(...)`` (see
``theme/templates/partials/jsonld.html``): schema.org JSON-LD with the
region's communications office (``GovernmentOrganization``) on every page,
a ``BreadcrumbList`` below the home page and a ``Dataset`` on the statistics
page. Names come from the data (agencies, categories) and are untrusted:
:func:`json_for_script` JSON-encodes them and escapes ``<``, ``>`` and ``&``
so no text can close the ``<script>`` element.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup
from pelican import signals

from lapor_site import cachefile
from lapor_site.digests import DigestLedger
from lapor_site.trees import list_files

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
#: The sitemap protocol's limit of URLs per file.
MAX_URLS = 50_000
EN_PREFIX = "en/"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
#: Where the open data is published (plugins/lapor_data copies it there).
DATA_DIR = "data"
#: Key under which the plugin keeps the pages' data dates between its two signals.
_LASTMOD_KEY = "LAPOR_SEO_LASTMOD"

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
# On bytes: only ASCII spells a tag, as crawlers read it (a Unicode ``ſ`` is not ``s``).
#: A meta tag, and each of its attributes (quoted or not).
_META_RE = re.compile(rb"<meta[\s/]([^>]*)>", re.IGNORECASE)
_ATTRIBUTE_RE = re.compile(rb"""([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")
#: The robots directives that keep a page out of search engines' indexes.
_NOINDEX = (b"noindex", b"none")
#: Where a page's head ends: its end tag or, when that is left out, the body's start tag.
_HEAD_END_RE = re.compile(rb"</head[\s/>]|<body[\s/>]", re.IGNORECASE)
#: Bytes read at a time looking for the end of a page's head.
_HEAD_CHUNK = 16 * 1024
#: The version of the rules whose answers the memo holds: this module's own bytes.
_MEMO_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
_SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


# ---------------------------------------------------------------------------
# Sitemap and robots.txt
# ---------------------------------------------------------------------------


def page_path(output_file: str) -> str:
    """``kasus/x/index.html`` → ``kasus/x/``; ``404.html`` stays ``404.html``."""
    return output_file.removesuffix("index.html")


def twin_path(path: str) -> str:
    """The other language's path of a page path (``en/kasus/`` ↔ ``kasus/``)."""
    return path.removeprefix(EN_PREFIX) if path.startswith(EN_PREFIX) else EN_PREFIX + path


def indexable_pages(
    output: Path, *, ledger: str | Path | None = None, memo: str | Path | None = None
) -> list[str]:
    """Paths of the HTML pages under ``output`` a search engine may index, sorted.

    ``memo`` is a file that remembers, by the SHA-256 of a page's bytes, whether
    it may be indexed; ``ledger`` a :class:`lapor_site.digests.DigestLedger` file
    that gives the digest of the pages it knows without reading them (a daily
    update links most pages from the last build). A page whose digest the memo
    holds is not read; the others are, and the memo then holds every page whose
    digest the ledger gave. The memo of another version of this module is not used.
    """
    top = os.fspath(output)
    memo = Path(memo) if memo else None
    known = _read_memo(memo)
    digests = DigestLedger(Path(ledger)) if ledger and memo else None
    seen: dict[str, bool] = {}
    found = []
    for relative in list_files(top):
        if not relative.endswith(".html"):
            continue
        path = os.path.join(top, relative)
        digest = digests.known_sha256(path) if digests else None
        key = digest.hex() if digest is not None else ""
        indexable = known.get(key) if key else None
        if indexable is None:
            indexable = not _noindex(_head(path))
        if key:
            seen[key] = indexable
        if indexable:
            found.append(page_path(relative))
    if memo is not None:
        record = {"code": _MEMO_CODE, "pages": dict(sorted(seen.items()))}
        cachefile.save(memo, json.dumps(record, separators=(",", ":")) + "\n")
    return sorted(found)


def _read_memo(memo: Path | None) -> dict[str, bool]:
    try:
        record = json.loads(memo.read_text(encoding="utf-8")) if memo else {}
        pages = record.get("pages") if record.get("code") == _MEMO_CODE else {}
        return {k: v for k, v in pages.items() if isinstance(k, str) and isinstance(v, bool)}
    except (OSError, ValueError, RecursionError, AttributeError):
        return {}  # no memo, or a damaged one: every page is read


def _noindex(head: bytes) -> bool:
    """Whether a robots meta tag of ``head`` says noindex (or none), however written."""
    if b"robots" not in head.lower():
        return False  # most pages: no tag to read
    for meta in _META_RE.finditer(head):
        attributes = {
            name.lower(): value.strip(b"\"'").lower()
            for name, value in _ATTRIBUTE_RE.findall(meta.group(1))
        }
        if attributes.get(b"name") == b"robots":
            directives = attributes.get(b"content", b"").replace(b",", b" ").split()
            if any(directive in _NOINDEX for directive in directives):
                return True
    return False


def _head(path: str) -> bytes:
    """The bytes of an HTML file up to the end of its head, however long (read with
    ``os.read``: 51,000 pages a build, and a text file object per page cost more)."""
    read = bytearray()
    fd = os.open(path, os.O_RDONLY)
    try:
        while more := os.read(fd, _HEAD_CHUNK):
            start = max(len(read) - 6, 0)  # an end tag cut between two reads
            read += more
            end = _HEAD_END_RE.search(read, start)
            if end:
                return bytes(read[: end.start()])
    finally:
        os.close(fd)
    return bytes(read)


def _url_entry(site_url: str, path: str, pages: set[str], lastmod: Mapping[str, str]) -> str:
    lines = [f"<url><loc>{escape(site_url + '/' + path)}</loc>"]
    if path in lastmod:
        lines.append(f"<lastmod>{escape(lastmod[path])}</lastmod>")
    twin = twin_path(path)
    if twin in pages:
        indonesian = twin if path.startswith(EN_PREFIX) else path
        english = path if path.startswith(EN_PREFIX) else twin
        for lang, target in (("id", indonesian), ("en", english), ("x-default", indonesian)):
            href = quoteattr(site_url + "/" + target)
            lines.append(f'<xhtml:link rel="alternate" hreflang="{lang}" href={href}/>')
    lines.append("</url>")
    return "".join(lines)


def urlset(site_url: str, paths: Sequence[str], pages: set[str], lastmod: Mapping[str, str]) -> str:
    """One sitemap file with ``paths``; ``pages`` (all of them) tells which twins exist."""
    entries = "\n".join(_url_entry(site_url, p, pages, lastmod) for p in paths)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">\n{entries}\n</urlset>\n'
    )


def sitemap_index(site_url: str, names: Iterable[str]) -> str:
    entries = "\n".join(
        f"<sitemap><loc>{escape(site_url + '/' + name)}</loc></sitemap>" for name in names
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="{SITEMAP_NS}">\n{entries}\n</sitemapindex>\n'
    )


def sitemap_files(
    site_url: str,
    paths: Sequence[str],
    lastmod: Mapping[str, str] | None = None,
    max_urls: int = MAX_URLS,
) -> dict[str, str]:
    """``{file name: XML}``: one ``sitemap.xml``, or an index and its parts past ``max_urls``."""
    site_url = site_url.rstrip("/")
    lastmod = lastmod or {}
    pages = set(paths)
    ordered = sorted(pages)
    if len(ordered) <= max_urls:
        return {SITEMAP: urlset(site_url, ordered, pages, lastmod)}
    chunks = [ordered[i : i + max_urls] for i in range(0, len(ordered), max_urls)]
    files = {
        f"sitemap-{n}.xml": urlset(site_url, chunk, pages, lastmod)
        for n, chunk in enumerate(chunks, 1)
    }
    return {SITEMAP: sitemap_index(site_url, files), **files}


def robots_txt(site_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {site_url.rstrip('/')}/{SITEMAP}\n"


def case_lastmod(articles: Iterable[Any]) -> dict[str, str]:
    """Page path → the date of its data (``Modified``, else ``Date``), for both languages."""
    dates = {}
    for article in articles:
        moment = getattr(article, "modified", None) or article.date
        day = moment.isoformat()
        dates[article.url] = day
        dates[EN_PREFIX + article.url] = day
    return dates


def remember_dates(generator) -> None:
    """Keep the cases' data dates for :func:`write_files` (``article_generator_finalized``)."""
    generator.settings[_LASTMOD_KEY] = case_lastmod(generator.articles)


def write_files(pelican) -> None:
    """Write the sitemap file(s) and robots.txt into the output (``finalized``)."""
    settings = pelican.settings
    output = Path(settings["OUTPUT_PATH"])
    site_url = settings["LAPOR_SITE_URL"]
    pages = indexable_pages(
        output, ledger=settings.get("LAPOR_REUSE_LEDGER"), memo=settings.get("LAPOR_SEO_MEMO")
    )
    files = sitemap_files(
        site_url,
        pages,
        settings.get(_LASTMOD_KEY, {}),
        int(settings.get("LAPOR_SITEMAP_MAX_URLS", MAX_URLS)),
    )
    files[ROBOTS] = robots_txt(site_url)
    for name, text in files.items():
        (output / name).write_text(text, encoding="utf-8", newline="\n")


# ---------------------------------------------------------------------------
# JSON-LD
# ---------------------------------------------------------------------------


def json_for_script(data: Any) -> Markup:
    """``data`` as JSON safe inside ``<script>``: ``<``, ``>``, ``&`` as ``\\u`` escapes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.translate(_SCRIPT_ESCAPES))


def organization(lapor: Any, site_url: str, lang: str) -> dict[str, Any]:
    """The office that runs the site, as a schema.org ``GovernmentOrganization``."""
    contact = lapor.contact
    publisher = lapor.publisher_en if lang == "en" else lapor.publisher
    org: dict[str, Any] = {
        "@type": "GovernmentOrganization",
        "@id": f"{site_url}/#organisasi",
        "name": contact.get("office") or publisher or lapor.title,
        "url": f"{site_url}/",
    }
    if contact.get("address"):
        org["address"] = contact["address"]
    if contact.get("email"):
        org["email"] = contact["email"]
    if contact.get("whatsapp"):
        org["contactPoint"] = {
            "@type": "ContactPoint",
            "contactType": "WhatsApp",
            "telephone": contact["whatsapp"],
        }
    return org


def breadcrumbs(
    path: str, title: str, home: str, sections: Mapping[str, str], site_url: str
) -> dict[str, Any] | None:
    """Beranda › section › page for ``path`` (``None`` on a home page).

    ``title`` is the page's title without the site's name; ``sections`` maps a
    first path segment (``kasus``) to its name. A page directly below the
    home page (``cara-melapor/``) has two crumbs.
    """
    inner = path.removeprefix(EN_PREFIX)
    prefix = path[: len(path) - len(inner)]
    if not inner or inner == "index.html":
        return None
    crumbs = [(home, prefix)]
    section = inner.split("/", 1)[0]
    if inner.strip("/") != section and section in sections:
        crumbs.append((sections[section], f"{prefix}{section}/"))
        # "Dinas Sosial · Instansi": the section is already the crumb before.
        title = title.removesuffix(f" · {sections[section]}")
    crumbs.append((title, path))
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": f"{site_url}/{url}"}
            for n, (name, url) in enumerate(crumbs, 1)
        ],
    }


def data_files(package: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The open-data files of the pipeline's ``datapackage.json``: (path, media type)."""
    files = [(f"{DATA_DIR}/datapackage.json", "application/json")] if package else []
    for resource in package.get("resources", ()):
        files.append((f"{DATA_DIR}/{resource['path']}", resource.get("mediatype", "text/csv")))
    return files


def dataset(
    stats: Mapping[str, Any],
    package: Mapping[str, Any],
    name: str,
    description: str,
    site_url: str,
    page: str,
) -> dict[str, Any]:
    """The statistics as a schema.org ``Dataset``; dates from the data only."""
    data: dict[str, Any] = {
        "@type": "Dataset",
        "name": name,
        "description": description,
        "url": f"{site_url}/{page}",
        "license": LICENSE,
        "isAccessibleForFree": True,
        "creator": {"@id": f"{site_url}/#organisasi"},
    }
    months = [m["month"] for m in stats.get("by_month", [])]
    if months:
        data["temporalCoverage"] = f"{min(months)}/{max(months)}"
    if stats.get("as_of"):
        data["dateModified"] = stats["as_of"]
    data["distribution"] = [
        {"@type": "DataDownload", "encodingFormat": kind, "contentUrl": f"{site_url}/{path}"}
        for path, kind in data_files(package)
    ]
    return data


def jsonld(
    output_file: str,
    lang: str,
    title: str,
    crumbs: Mapping[str, str],
    *,
    lapor: Any,
    site_url: str,
    stats: Mapping[str, Any] | None = None,
    package: Mapping[str, Any] | None = None,
    dataset_text: Sequence[str] = (),
) -> Markup:
    """The page's JSON-LD graph, ready for ``<script type="application/ld+json">``.

    ``crumbs`` maps ``"home"`` and each section folder (``kasus``…) to its
    translated name; ``dataset_text`` is the Dataset's name and description,
    given on the statistics page only.
    """
    site_url = site_url.rstrip("/")
    path = page_path(output_file)
    graph = [organization(lapor, site_url, lang)]
    trail = breadcrumbs(path, title, crumbs.get("home", ""), crumbs, site_url)
    if trail:
        graph.append(trail)
    if dataset_text and stats:
        graph.append(dataset(stats, package or {}, *dataset_text, site_url, path))
    return json_for_script({"@context": "https://schema.org", "@graph": graph})


def install(generator) -> None:
    settings = generator.settings

    def seo_jsonld(output_file: str, lang: str, title: str, crumbs, dataset_text=()) -> Markup:
        return jsonld(
            output_file,
            lang,
            title,
            crumbs,
            lapor=settings["LAPOR"],
            site_url=settings["LAPOR_SITE_URL"],
            stats=generator.context.get("STATS"),
            package=generator.context.get("DATAPACKAGE"),
            dataset_text=dataset_text,
        )

    generator.env.globals["seo_jsonld"] = seo_jsonld


def register() -> None:
    signals.generator_init.connect(install)
    signals.article_generator_finalized.connect(remember_dates)
    signals.finalized.connect(write_files)
