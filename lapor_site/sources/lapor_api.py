"""The ``lapor-api`` source: a LAPOR!-style JSON HTTP API.

Owns the paging walk over such an API (page number, offset/limit, cursor or
next link), the token header (value from an environment variable), the
incremental ``since`` parameter and the ``watermark`` it reports. Mapping
items to canonical fields is :class:`~lapor_site.sources.mapping.FieldMapper`'s
job; transport and error messages are :mod:`lapor_site.sources.http`'s.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import requests

from lapor_site.model import FIELDS, RawRecord
from lapor_site.sources.http import (
    HTTP_OPTIONS,
    HeaderAuth,
    check_http_url,
    fetch_json,
    full_url,
    make_session,
    progress_bar,
    read_secret,
    redact_url,
    source_error,
)
from lapor_site.sources.mapping import (
    DEFAULT_TIMEZONE,
    MISSING,
    ConfigError,
    FieldMapper,
    Options,
    PageGuard,
    Watermark,
    check_since,
    get_path,
    map_page,
    report_notes,
)

PAGINATION = ("page", "offset", "cursor", "next_link")
#: An API that already answers with canonical names needs no ``fields`` table.
DEFAULT_FIELDS: dict[str, str] = {name: name for name in FIELDS}


def same_site(base: str, target: str) -> bool:
    """``target`` is on ``base``'s host, over the same scheme or upgraded to https."""
    old, new = urlsplit(base), urlsplit(target)
    return old.netloc.lower() == new.netloc.lower() and new.scheme in {old.scheme, "https"}


def _normalized(url: str) -> str:
    parts = urlsplit(url)
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", query, ""))


def _count(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


class LaporApiSource:
    """Fetch cases from a paged JSON API.

    Config keys (all optional except ``base_url``): ``endpoint``, ``params``
    (table of fixed query parameters), ``token_env``, ``token_header``
    ("Authorization"), ``token_prefix`` ("Bearer" for Authorization, else
    none), ``pagination`` (page | offset | cursor | next_link), ``page_param``,
    ``first_page``, ``page_size``, ``page_size_param``, ``offset_param``,
    ``limit_param``, ``cursor_param``, ``items_path``, ``next_cursor_path``,
    ``next_link_path``, ``total_path``, ``max_pages`` (1000), ``since_param``,
    ``since_format`` (iso | date | epoch), ``fields``, ``values``,
    ``defaults``, ``default_timezone`` (``timezone``: the region's, passed in
    by the registry), ``updated_path``, plus the HTTP
    options of :func:`~lapor_site.sources.http.make_session`.
    """

    name = "lapor-api"

    def __init__(
        self,
        config: Mapping[str, Any] | None = None,
        *,
        since: datetime | None = None,
        session: requests.Session | None = None,
        section: str = "sources.lapor-api",
        timezone: str = DEFAULT_TIMEZONE,
    ) -> None:
        opts = Options(config, section)
        self.section = section
        base = check_http_url(opts.text("base_url", required=True), f"[{section}] base_url")
        endpoint = opts.text("endpoint")
        self.url = urljoin(base.rstrip("/") + "/", endpoint.lstrip("/")) if endpoint else base
        self.params = {str(k): str(v) for k, v in opts.table("params").items()}
        token_env = opts.text("token_env")
        token_header = opts.text("token_header", "Authorization")
        default_prefix = "Bearer" if token_header.lower() == "authorization" else ""
        token_prefix = opts.text("token_prefix", default_prefix)
        self.pagination = opts.choice("pagination", "page", PAGINATION)
        self.page_param = opts.text("page_param", "page")
        self.first_page = opts.integer("first_page", 1)
        self.page_size = opts.integer("page_size", 100, minimum=1)
        self.page_size_param = opts.text("page_size_param", "per_page")
        self.offset_param = opts.text("offset_param", "offset")
        self.limit_param = opts.text("limit_param", "limit")
        self.cursor_param = opts.text("cursor_param", "cursor")
        self.items_path = opts.text("items_path", "data")
        self.next_cursor_path = opts.text("next_cursor_path", "meta.next_cursor")
        self.next_link_path = opts.text("next_link_path", "links.next")
        self.total_path = opts.text("total_path")
        self.max_pages = opts.integer("max_pages", 1000, minimum=1)
        self.since_param = opts.text("since_param", "updated_since")
        self.since_format = opts.choice("since_format", "iso", ("iso", "date", "epoch"))
        self.mapper = FieldMapper.from_options(opts, DEFAULT_FIELDS, default_timezone=timezone)
        opts.finish(HTTP_OPTIONS)
        needed = {
            "page": ("page_param",),
            "offset": ("offset_param",),
            "cursor": ("cursor_param", "next_cursor_path"),
            "next_link": ("next_link_path",),
        }[self.pagination]
        for option in needed:
            if not getattr(self, option):
                raise ConfigError(f"[{section}] {option} must not be empty for {self.pagination!r}")
        self.since = check_since(since)
        self.session = session if session is not None else make_session(config)
        if token_env:
            token = read_secret(token_env, f"[{section}] token_env")
            value = f"{token_prefix} {token}" if token_prefix else token
            self.session.auth = HeaderAuth(token_header, value)
        #: Latest activity time seen (ISO 8601), set once a fetch completed.
        self.watermark: str | None = None

    def __repr__(self) -> str:
        return f"LaporApiSource({redact_url(self.url)!r}, pagination={self.pagination!r})"

    def _first_params(self) -> dict[str, str]:
        params = dict(self.params)
        if self.pagination == "offset":
            params[self.offset_param] = "0"
            if self.limit_param:
                params[self.limit_param] = str(self.page_size)
        else:
            if self.pagination == "page":
                params[self.page_param] = str(self.first_page)
            if self.page_size_param:
                params[self.page_size_param] = str(self.page_size)
        if self.since is not None and self.since_param:
            if self.since_format == "date":
                params[self.since_param] = self.since.date().isoformat()
            elif self.since_format == "epoch":
                params[self.since_param] = str(int(self.since.timestamp()))
            else:
                params[self.since_param] = self.since.isoformat()
        return params

    def _items(self, body: Any, shown: str, context: str) -> list[Any]:
        value = get_path(body, self.items_path)
        where = repr(self.items_path) if self.items_path else "the top level"
        if value is MISSING:
            raise source_error(f"no {where} in the response", shown, context)
        if value is None:
            return []
        if not isinstance(value, list):
            kind = "an object" if isinstance(value, Mapping) else type(value).__name__
            raise source_error(f"expected a list of items at {where}, got {kind}", shown, context)
        return value

    @property
    def is_incremental(self) -> bool:
        """Whether this pull returns only records changed since ``since``."""
        return self.since is not None and bool(self.since_param)

    @property
    def notes(self) -> list[str]:
        """Warning lines about the last fetch (counts only)."""
        return self.mapper.notes()

    def fetch(self) -> Iterator[RawRecord]:
        self.watermark = None
        self.mapper.reset()
        mark = Watermark()
        mark.see(self.since)
        guard = PageGuard(self.max_pages)
        url, params = self.url, self._first_params()
        seen_links = {_normalized(full_url(url, params))}
        seen_cursors: set[str] = set()
        with progress_bar(self.session, self.name) as bar:
            while True:
                shown = full_url(url, params)
                problem = guard.next_page()
                if problem:
                    raise source_error(problem, shown, self.name)
                context = f"{self.name} page {guard.page}"
                body = fetch_json(self.session, url, params, context=context)
                items = self._items(body, shown, context)
                total = _count(get_path(body, self.total_path)) if self.total_path else None
                if total is not None:
                    bar.total = total
                if not items:
                    break
                mapped, problem = map_page(items, guard, self.mapper, mark)
                if problem:
                    raise source_error(problem, shown, context)
                yield from mapped
                bar.update(len(items))
                step = self._next(body, url, params, items, total, shown, context)
                if step is None:
                    break
                url, params = step
                if self.pagination == "next_link":
                    key = _normalized(url)
                    if key in seen_links:
                        problem = (
                            f"pagination loop: next link {redact_url(url)} was already fetched"
                        )
                        raise source_error(problem, shown, context)
                    seen_links.add(key)
                elif self.pagination == "cursor":
                    cursor = params[self.cursor_param]
                    if cursor in seen_cursors:
                        problem = "pagination loop: the server sent the same next cursor twice"
                        raise source_error(problem, shown, context)
                    seen_cursors.add(cursor)
        self.watermark = mark.iso()
        report_notes(self.notes)

    def _next(
        self,
        body: Any,
        url: str,
        params: dict[str, str] | None,
        items: list[Any],
        total: int | None,
        shown: str,
        context: str,
    ) -> tuple[str, dict[str, str] | None] | None:
        """The next request's ``(url, params)``, or ``None`` after the last page."""
        params = dict(params or {})
        if self.pagination == "page":
            number = int(params[self.page_param]) + 1
            if total is not None and (number - self.first_page) * self.page_size >= total:
                return None
            params[self.page_param] = str(number)
            return url, params
        if self.pagination == "offset":
            offset = int(params[self.offset_param]) + len(items)
            if total is not None and offset >= total:
                return None
            params[self.offset_param] = str(offset)
            return url, params
        if self.pagination == "cursor":
            cursor = get_path(body, self.next_cursor_path)
            if cursor is MISSING or cursor is None or cursor == "":
                return None
            if isinstance(cursor, (dict, list, bool)):
                raise source_error(
                    f"next cursor at {self.next_cursor_path!r} is not a value", shown, context
                )
            params[self.cursor_param] = str(cursor)
            return url, params
        link = get_path(body, self.next_link_path)
        if link is MISSING or link is None or link == "":
            return None
        if not isinstance(link, str):
            raise source_error(f"next link at {self.next_link_path!r} is not text", shown, context)
        target = urljoin(shown, link)
        if not same_site(self.url, target):
            problem = f"next link leads to another host ({redact_url(target)}); not following it"
            raise source_error(problem, shown, context)
        return target, None
