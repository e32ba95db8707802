"""The site's own links: every internal link of a built site resolves, under its base path.

Run on every build before publication (it needs no browser and no network).
Each ``href``/``src`` of every HTML page is resolved against the page's URL
below ``SITEURL`` (``http://site.invalid`` when it is empty). A link to
another host is external and not followed; a link to this host must stay
under ``SITEURL``'s path (a root-relative ``/kasus/`` on a site served from
``/repo/`` leaves it) and name a file of the output (a folder means its
``index.html``). The browser-level checks (linkchecker, the HTML checker,
axe) stay in ``make check``.

A site of 20,000 cases has over 40,000 pages, so the check remembers, in an
optional ``cache`` file, the internal paths each page links to, keyed by the
page's path and the SHA-256 of its bytes: an unchanged page is not parsed
again, only its paths are looked up among the files of this output (each
distinct path once). Pages are read, hashed and, when changed, parsed by
several processes when there are many.

Most pages are plain, well-formed HTML (quoted attributes, no ``<`` inside a
comment, a script or an attribute value), and for them a strict tokenizer
finds the links much faster than :class:`html.parser.HTMLParser`: it gives
the same links on every page it accepts, and a page it does not accept, for
any reason, is read by ``HTMLParser`` as before. Links that do not depend on
the page they are on (``https://host/...``, ``//host/...``, ``/path``) are
resolved once per process.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lapor_site import cachefile
from lapor_site.trees import list_files

LOCAL_BASE = "http://site.invalid"
_LINK_ATTRIBUTES = {"href", "src"}
_SKIPPED_SCHEMES = ("mailto:", "tel:", "sms:", "javascript:", "data:", "#")
#: Below this many pages, one process parses them (starting workers costs more).
_PARALLEL_MIN_PAGES = 400
_CACHE_FORMAT = "lapor-site link cache 1"


def _page_url(base: str, relative: str) -> str:
    if relative.endswith("index.html"):
        relative = relative[: -len("index.html")]
    return f"{base}/{relative}"


# The strict tokenizer: a page made only of text without "<", tags with quoted
# (or no) attribute values without "<", end tags, comments without "<" or "--",
# a doctype, and elements whose content is text to some HTML parser (in some
# Python version) with no "<" before their end tag. On such a page every "<"
# starts a token, so the start tags with a link are found by one search.
_FLAGS = re.ASCII | re.IGNORECASE  # ASCII: "ſ" or "K" (Kelvin) never match a-z
_SPACE = r"[ \t\n\r\f]"
_NAME = r"[a-z][a-z0-9\-]*"
_VALUE = r"""(?:"(?P<double>[^"<]*)"|'(?P<single>[^'<]*)')"""
_ATTRIBUTE = rf"{_SPACE}+(?P<name>[a-z_:][a-z0-9_:.\-]*)(?:{_SPACE}*={_SPACE}*{_VALUE})?"
_ATTRIBUTE_RE = re.compile(_ATTRIBUTE, _FLAGS)


def _unnamed(pattern: str) -> str:
    """``pattern`` with its named groups made plain groups (to use it more than once)."""
    return re.sub(r"[(][?]P<[a-z]+>", "(?:", pattern)


_ANY_ATTRIBUTES = f"(?:{_unnamed(_ATTRIBUTE)})*+"
_RAW_TEXT = "script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext"
_TAG_END = rf"{_ANY_ATTRIBUTES}{_SPACE}*/?>"
_PLAIN_PAGE_RE = re.compile(
    r"(?:[^<]++"
    rf"|<(?:{_RAW_TEXT})(?=[ \t\n\r\f/>]){_TAG_END}[^<]*+</(?:{_RAW_TEXT}){_SPACE}*>"
    rf"|<(?!(?:{_RAW_TEXT})[ \t\n\r\f/>]){_NAME}{_TAG_END}"
    rf"|</{_NAME}{_SPACE}*>"
    r"|<!--(?![\->])(?:[^<\-]|-(?!-))*+-->"
    rf"|<!doctype{_SPACE}+[a-z]+{_SPACE}*>"
    r")*+",
    _FLAGS,
)
# Such an element, to check that it ends with its own end tag.
_RAW_TEXT_ELEMENT_RE = re.compile(
    rf"<({_RAW_TEXT})(?=[ \t\n\r\f/>]){_TAG_END}[^<]*+</({_RAW_TEXT}){_SPACE}*>", _FLAGS
)
_START_TAG_RE = re.compile(rf"<({_NAME}){_TAG_END}", _FLAGS)
# A start tag with an href or src attribute, up to that attribute's name.
_NOT_LINK_ATTRIBUTE = _unnamed(
    _ATTRIBUTE.replace(">[a-z_:]", r">(?!(?:href|src)[ \t\n\r\f=/>])[a-z_:]")
)
_LINK_TAG_RE = re.compile(
    rf"<{_NAME}(?:{_NOT_LINK_ATTRIBUTE})*+{_SPACE}+(?:href|src)(?=[ \t\n\r\f=/>])", _FLAGS
)


class _Links(HTMLParser):
    """The links of any page, however its HTML is written."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in _LINK_ATTRIBUTES and value is not None:
                self.links.append((self.getpos()[0], value.strip()))


def _strict_links(text: str) -> list[tuple[int, str]] | None:
    """``(line, link)`` of each ``href``/``src`` of a plain page, as :class:`_Links` gives them.

    ``None`` when the page is not plain (see :data:`_PLAIN_PAGE_RE`).
    """
    if _PLAIN_PAGE_RE.fullmatch(text) is None:
        return None
    for element in _RAW_TEXT_ELEMENT_RE.finditer(text):
        if element.group(1).lower() != element.group(2).lower():
            return None
    links: list[tuple[int, str]] = []
    line, counted = 1, 0
    for tag in _LINK_TAG_RE.finditer(text):
        start = tag.start()
        line += text.count("\n", counted, start)
        counted = start
        whole = _START_TAG_RE.match(text, start)
        if whole is None:  # cannot happen on a plain page
            return None
        for attribute in _ATTRIBUTE_RE.finditer(text, whole.end(1), whole.end()):
            name, double, single = attribute.group("name", "double", "single")
            value = double if double is not None else single
            if value is not None and name.lower() in _LINK_ATTRIBUTES:
                links.append((line, (unescape(value) if "&" in value else value).strip()))
    return links


def _links(text: str) -> list[tuple[int, str]]:
    """``(line, link)`` of each ``href``/``src`` of a page."""
    links = _strict_links(text)
    if links is None:
        parser = _Links()
        parser.feed(text)
        links = parser.links
    return links


# A link whose target does not depend on the page it is on: "scheme://…", "//…", "/…".
_PAGE_INDEPENDENT_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.\-]*://|/")


def _internal_links(base: str, relative: str, text: str) -> Iterator[tuple[int, str, str | None]]:
    """``(line, link, path)`` of each link of ``relative``'s page to this site's host.

    ``path`` is the output path it names, or ``None`` when it leaves the site's path.
    """
    page_url = _page_url(base, relative)
    for line, link in _links(text):
        if not link or link.lower().startswith(_SKIPPED_SCHEMES):
            continue
        if _PAGE_INDEPENDENT_RE.match(link):
            target = _resolve_anywhere(base, link)
        else:
            target = _resolve(base, page_url, link)
        if target is not _EXTERNAL:
            yield line, link, target


_EXTERNAL = "<external>"


def _resolve(base: str, page_url: str, link: str) -> str | None:
    """The output path ``link`` on ``page_url`` names, ``None`` outside the site's path.

    :data:`_EXTERNAL` when it is on another host.
    """
    root = urlsplit(base + "/")
    target = urlsplit(urljoin(page_url, link))
    if (target.scheme, target.netloc) != (root.scheme, root.netloc):
        return _EXTERNAL
    if not target.path.startswith(root.path):
        return None
    return unquote(target.path[len(root.path) :])


@lru_cache(maxsize=65536)
def _resolve_anywhere(base: str, link: str) -> str | None:
    """:func:`_resolve` of a link that names the same target on every page."""
    return _resolve(base, base + "/", link)


def _page_links(base: str, relative: str, text: str) -> tuple[list[str], list[str]]:
    """The output paths ``relative``'s page links to, and its links that leave the site."""
    paths: dict[str, None] = {}
    outside: list[str] = []
    for line, link, path in _internal_links(base, relative, text):
        if path is None:
            where = urlsplit(base + "/").path
            outside.append(f"{relative}:{line}: {link} (outside the site's path {where})")
        else:
            paths[path] = None
    return list(paths), outside


def _broken_links(base: str, relative: str, text: str, missing: set[str]) -> list[str]:
    """The ``file:line: link (no such file)`` lines of a page whose ``missing`` paths were found."""
    return [
        f"{relative}:{line}: {link} (no such file)"
        for line, link, path in _internal_links(base, relative, text)
        if path in missing
    ]


def _scan(item: tuple[str, str, str, str]) -> tuple[str, str, list[str] | None, list[str]]:
    """(page, digest, paths, outside) of one page; paths None when its digest is ``known``."""
    base, output, relative, known = item
    data = Path(output, relative).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest == known:
        return relative, digest, None, []
    paths, outside = _page_links(base, relative, data.decode("utf-8", errors="replace"))
    return relative, digest, paths, outside


def check_links(
    output: Path,
    site_url: str = "",
    *,
    cache: Path | None = None,
    jobs: int | None = None,
    digests: Mapping[str, str] | None = None,
) -> list[str]:
    """Broken internal links of the site in ``output`` as ``file:line: link (why)``.

    ``cache`` (a file) remembers each page's links by its content hash;
    ``jobs`` processes read the pages and parse the changed ones (default: the
    usable cores). ``digests`` gives the SHA-256 (hex) of pages whose bytes are
    known already, by relative path (the leak audit's, just before): a page whose
    digest is the cached one is not read at all. None of them changes the result.
    """
    base = (site_url or LOCAL_BASE).rstrip("/")
    files, folders = _tree(output)
    known = _read_cache(cache, base)
    digests = digests or {}
    pages = sorted(f for f in files if f.endswith(".html"))
    todo = []
    entries: dict[str, tuple[str, list[str], list[str]]] = {}
    for page in pages:
        remembered = known.get(page)
        if remembered is not None and digests.get(page) == remembered[0]:
            entries[page] = remembered
        else:
            todo.append((base, str(output), page, remembered[0] if remembered else ""))
    jobs = jobs or len(os.sched_getaffinity(0))
    if jobs > 1 and len(todo) >= _PARALLEL_MIN_PAGES:
        # fork: no import of the caller's main module in the workers.
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            scanned = pool.map(_scan, todo, chunksize=64)
    else:
        scanned = [_scan(item) for item in todo]
    for relative, digest, paths, outside in scanned:
        entries[relative] = known[relative] if paths is None else (digest, paths, outside)
    problems: list[str] = []
    resolved: dict[str, bool] = {}  # pages share most of their links
    for relative in pages:
        _, paths, outside = entries[relative]
        problems += outside
        missing = set()
        for path in paths:
            found = resolved.get(path)
            if found is None:
                found = resolved[path] = _resolves(path, files, folders)
            if not found:
                missing.add(path)
        if missing:
            text = (output / relative).read_text(encoding="utf-8", errors="replace")
            problems += _broken_links(base, relative, text, missing)
    if cache is not None:
        _write_cache(cache, base, entries)
    return problems


def _resolves(path: str, files: set[str], folders: set[str]) -> bool:
    if path.endswith("/") or path.rstrip("/") in folders or path == "":
        return f"{path.rstrip('/')}/index.html".lstrip("/") in files
    return path in files


def _tree(output: Path) -> tuple[set[str], set[str]]:
    """Every file of ``output``, and every folder that holds one, as paths relative to it."""
    files = set(list_files(output))
    folders: set[str] = set()
    for path in files:
        folder = path.rpartition("/")[0]
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    return files, folders


def _read_cache(cache: Path | None, base: str) -> dict[str, tuple[str, list[str], list[str]]]:
    try:
        saved = json.loads(cache.read_text(encoding="utf-8")) if cache else {}
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(saved, dict) or saved.get("key") != [_CACHE_FORMAT, base]:
        return {}
    try:
        targets = saved["targets"]
        return {
            page: (digest, [targets[i] for i in ids], outside)
            for page, (digest, ids, outside) in saved["pages"].items()
        }
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return {}  # a cache of another shape (damaged, or not this code's): parse every page


def _write_cache(
    cache: Path, base: str, entries: dict[str, tuple[str, list[str], list[str]]]
) -> None:
    """Save the entries, each distinct path once (pages share most of their links)."""
    index: dict[str, int] = {}
    pages = {
        page: [digest, [index.setdefault(p, len(index)) for p in paths], outside]
        for page, (digest, paths, outside) in sorted(entries.items())
    }
    saved = {"key": [_CACHE_FORMAT, base], "targets": list(index), "pages": pages}
    cachefile.save(cache, json.dumps(saved, separators=(",", ":")))
