"""The ``ckan`` source: one CKAN DataStore table via the Action API.

Owns walking ``{base}/api/3/action/datastore_search`` by offset until a page
is empty or ``offset >= result.total`` and the ``success`` check. Its default
mapping is the national LAPOR! preset shared with the ``file`` source
(:data:`~lapor_site.sources.mapping.NATIONAL_EXPORT`: ``TrackingID``,
``TanggalLaporanMasuk``, …), whose naive timestamps get ``default_timezone``
(the region's time zone unless configured).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

import requests

from lapor_site.model import RawRecord
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
    NATIONAL_EXPORT,
    FieldMapper,
    Options,
    PageGuard,
    Watermark,
    check_since,
    map_page,
    one_line,
    report_notes,
)

#: Columns of the national LAPOR! table → canonical fields (the shared preset).
DEFAULT_FIELDS: dict[str, str] = NATIONAL_EXPORT.fields
DEFAULT_UPDATED_PATH = NATIONAL_EXPORT.updated_path


def _ckan_error(body: Mapping[str, Any]) -> str:
    error = body.get("error")
    if isinstance(error, Mapping):
        kind = str(error.get("__type") or "error")
        message = str(error.get("message") or "")
        return one_line(f"{kind}: {message}" if message else kind, 160)
    return "no details"


class CkanSource:
    """Fetch the records of one DataStore resource.

    Config keys: ``base_url`` and ``resource_id`` (required), ``limit``
    (1000), ``sort`` ("_id", keeps offset paging stable), ``filters`` (table,
    sent as CKAN ``filters`` JSON), ``api_key_env``, ``api_key_header``
    ("Authorization"), ``max_pages`` (1000), ``fields``, ``values``,
    ``defaults``, ``default_timezone`` (``timezone``: the region's, passed in by
    the registry), ``updated_path`` ("TanggalLaporanAktivitasTerakhir"), plus
    the HTTP options.
    ``since`` is accepted and ignored: ``datastore_search`` cannot filter a
    range, so every pull is complete.
    """

    name = "ckan"

    def __init__(
        self,
        config: Mapping[str, Any] | None = None,
        *,
        since: datetime | None = None,
        session: requests.Session | None = None,
        section: str = "sources.ckan",
        timezone: str = DEFAULT_TIMEZONE,
    ) -> None:
        opts = Options(config, section)
        self.section = section
        base = check_http_url(opts.text("base_url", required=True), f"[{section}] base_url")
        self.url = f"{base.rstrip('/')}/api/3/action/datastore_search"
        self.resource_id = opts.text("resource_id", required=True)
        self.limit = opts.integer("limit", 1000, minimum=1)
        self.sort = opts.text("sort", "_id")
        filters = opts.table("filters")
        self.filters = json.dumps(filters, ensure_ascii=False, default=str) if filters else ""
        api_key_env = opts.text("api_key_env")
        api_key_header = opts.text("api_key_header", "Authorization")
        self.max_pages = opts.integer("max_pages", 1000, minimum=1)
        self.mapper = FieldMapper.from_options(
            opts,
            DEFAULT_FIELDS,
            default_timezone=timezone,
            default_updated_path=DEFAULT_UPDATED_PATH,
        )
        opts.finish(HTTP_OPTIONS)
        self.since = check_since(since)
        self.session = session if session is not None else make_session(config)
        if api_key_env:
            key = read_secret(api_key_env, f"[{section}] api_key_env")
            self.session.auth = HeaderAuth(api_key_header, key)
        #: Latest activity time seen (ISO 8601), set once a fetch completed.
        self.watermark: str | None = None

    def __repr__(self) -> str:
        return f"CkanSource({redact_url(self.url)!r}, resource_id={self.resource_id!r})"

    def _params(self, offset: int) -> dict[str, str]:
        params = {"resource_id": self.resource_id, "limit": str(self.limit), "offset": str(offset)}
        if self.sort:
            params["sort"] = self.sort
        if self.filters:
            params["filters"] = self.filters
        return params

    def _records(self, body: Any, shown: str, context: str) -> tuple[list[Any], int | None]:
        if not isinstance(body, Mapping) or "success" not in body:
            raise source_error("not a CKAN Action API answer (no 'success')", shown, context)
        if body["success"] is not True:
            raise source_error(f"CKAN reported failure: {_ckan_error(body)}", shown, context)
        result = body.get("result")
        records = result.get("records") if isinstance(result, Mapping) else None
        if not isinstance(records, list):
            raise source_error("expected a list at 'result.records'", shown, context)
        total = result.get("total")
        return records, total if isinstance(total, int) and not isinstance(total, bool) else None

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
        offset = 0
        with progress_bar(self.session, self.name) as bar:
            while True:
                params = self._params(offset)
                shown = full_url(self.url, params)
                problem = guard.next_page()
                if problem:
                    raise source_error(problem, shown, self.name)
                context = f"{self.name} page {guard.page}"
                body = fetch_json(self.session, self.url, params, context=context)
                records, total = self._records(body, shown, context)
                if total is not None:
                    bar.total = total
                if not records:
                    break
                mapped, problem = map_page(records, guard, self.mapper, mark)
                if problem:
                    raise source_error(problem, shown, context)
                yield from mapped
                bar.update(len(records))
                offset += len(records)
                if total is not None and offset >= total:
                    break
        self.watermark = mark.iso()
        report_notes(self.notes)
