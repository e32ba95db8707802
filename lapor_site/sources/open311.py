"""The ``open311`` source: Open311 GeoReport v2 service requests.

Owns walking ``GET {base}/requests.{json|xml}`` in ``start_date``/``end_date``
windows from a configured start to now, splitting a window in half whenever
it comes back at the server's cap (1,000 requests by default) so nothing is
cut off, de-duplicating requests seen in two windows, safe XML parsing (no
DOCTYPE, no entities), and the fixed GeoReport → canonical mapping.

Window guard: a request whose ``requested_datetime`` lies outside the window
asked for is dropped and counted (:attr:`Open311Source.notes`), so a server
that stretches a window neither inflates nor shrinks the site silently. When
most of one answer (more than half of it) lies outside its window, the server
evidently ignores ``start_date``/``end_date`` and the pull fails.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

import requests

from lapor_site.model import Privacy, RawRecord
from lapor_site.sources.http import (
    HTTP_OPTIONS,
    ParamAuth,
    check_http_url,
    fetch_bytes,
    fetch_json,
    full_url,
    make_session,
    progress_bar,
    read_secret,
    redact_url,
    source_error,
)
from lapor_site.sources.mapping import (
    ConfigError,
    FieldMapper,
    Options,
    RepeatedKeys,
    Watermark,
    check_since,
    parse_timestamp,
    report_notes,
)

log = logging.getLogger(__name__)

#: GeoReport v2 field → canonical field. ``address``, ``lat``/``long`` and
#: ``media_url`` are deliberately not mapped (privacy).
FIELDS: dict[str, str] = {
    "service_request_id": "tracking_id",
    "requested_datetime": "submitted_at",
    "status": "status",
    "service_name": "category",
    "agency_responsible": "agency",
    "description": "description",
    "status_notes": "response",
}
STATUS_VALUES = {"open": "in_progress", "closed": "resolved"}
TITLE_CHARS = 120
_SENTENCE_END = re.compile(r"(?<=[.!?])\s|\n")
_UNSAFE_XML = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def parse_start(text: str, option: str) -> datetime:
    """A config date or datetime; naive values are read as UTC."""
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(text), datetime.min.time())
        except ValueError:
            raise ConfigError(f"{option}: not an ISO 8601 date: {text!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def first_sentence(text: str, limit: int = TITLE_CHARS) -> str:
    """The first sentence (or line) of ``text``, cut at a word boundary to ``limit``."""
    sentence = _SENTENCE_END.split(text.strip(), maxsplit=1)[0].strip()
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def parse_xml(body: bytes) -> list[dict[str, str]] | str:
    """Parse a GeoReport ``<service_requests>`` document; a ``str`` result is the problem.

    DOCTYPE and ENTITY declarations are refused before parsing, so no
    external or recursive entity is ever expanded.
    """
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "XML is not UTF-8"
    if _UNSAFE_XML.search(text):
        return "XML with a DOCTYPE or ENTITY declaration refused"
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        line, column = exc.position
        return f"invalid XML at line {line} column {column}"
    if root.tag != "service_requests":
        return f"expected <service_requests>, got <{root.tag[:40]}>"
    items: list[dict[str, str]] = []
    for request in root:
        if request.tag != "request":
            continue
        item: dict[str, str] = {}
        repeated = []
        for child in request:
            if child.tag in item:
                repeated.append(child.tag)
            item[child.tag] = (child.text or "").strip()
        items.append(RepeatedKeys(item, repeated, "XML element") if repeated else item)
    return items


def outside(items: list[Any], start: datetime, end: datetime) -> list[bool]:
    """For each item, whether its ``requested_datetime`` lies outside ``[start, end]``.

    Items without a readable, offset-carrying date are not outside: validation
    reports them.
    """
    flags = []
    for item in items:
        text = item.get("requested_datetime") if isinstance(item, Mapping) else None
        moment = parse_timestamp(text, None) if isinstance(text, str) else None
        flags.append(moment is not None and not start <= moment <= end)
    return flags


class Open311Source:
    """Fetch service requests from a GeoReport v2 endpoint.

    Config keys: ``base_url`` and ``start_date`` (required), ``format``
    (json | xml), ``jurisdiction_id``, ``api_key_env``, ``window_days`` (30),
    ``page_limit`` (1000, the server's cap), ``min_window_seconds`` (60),
    ``status``, ``service_code``, ``default_privacy`` ("public"),
    ``title_from`` (description | service_name), ``since_param``,
    ``max_requests`` (5000), ``values``, plus the HTTP options.
    """

    name = "open311"

    def __init__(
        self,
        config: Mapping[str, Any] | None = None,
        *,
        since: datetime | None = None,
        session: requests.Session | None = None,
        section: str = "sources.open311",
        now: Callable[[], datetime] | None = None,
    ) -> None:
        opts = Options(config, section)
        self.section = section
        base = check_http_url(opts.text("base_url", required=True), f"[{section}] base_url")
        self.format = opts.choice("format", "json", ("json", "xml"))
        self.url = f"{base.rstrip('/')}/requests.{self.format}"
        self.start = parse_start(opts.text("start_date", required=True), f"[{section}] start_date")
        self.window = timedelta(days=opts.number("window_days", 30, minimum=0.001))
        self.page_limit = opts.integer("page_limit", 1000, minimum=1)
        self.min_window = timedelta(seconds=opts.integer("min_window_seconds", 60, minimum=2))
        self.max_requests = opts.integer("max_requests", 5000, minimum=1)
        self.params = {
            key: value
            for key in ("jurisdiction_id", "status", "service_code")
            if (value := opts.text(key))
        }
        self.since_param = opts.text("since_param")
        api_key_env = opts.text("api_key_env")
        privacy = opts.choice("default_privacy", "public", [p.value for p in Privacy])
        self.title_from = opts.choice("title_from", "description", ("description", "service_name"))
        values = opts.table("values")
        status_values = values.pop("status", {})
        if not isinstance(status_values, Mapping):
            raise ConfigError(f"[{section}] values.status: expected a table")
        self.mapper = FieldMapper(
            FIELDS,
            values={**values, "status": {**STATUS_VALUES, **status_values}},
            defaults={"privacy": privacy},
            updated_path="updated_datetime",
            section=section,
        )
        opts.finish(HTTP_OPTIONS)
        self.since = check_since(since)
        self.now = now or (lambda: datetime.now(UTC))
        self.session = session if session is not None else make_session(config)
        if api_key_env:
            key = read_secret(api_key_env, f"[{section}] api_key_env")
            self.session.auth = ParamAuth("api_key", key)
        #: Latest activity time seen (ISO 8601), set once a fetch completed.
        self.watermark: str | None = None
        #: Requests dropped by the last fetch for lying outside the window asked for.
        self.out_of_window = 0

    @property
    def notes(self) -> list[str]:
        """Warning lines about the last fetch (counts only)."""
        if not self.out_of_window:
            return self.mapper.notes()
        plural = "request" if self.out_of_window == 1 else "requests"
        return [
            *self.mapper.notes(),
            f"[{self.section}] {self.out_of_window} {plural} outside the date window asked for "
            "dropped (the server answered beyond start_date/end_date)",
        ]

    def __repr__(self) -> str:
        return f"Open311Source({redact_url(self.url)!r}, format={self.format!r})"

    def _windows(self) -> list[tuple[datetime, datetime]]:
        end = self.now()
        windows, start = [], self.start
        while start < end:
            windows.append((start, min(start + self.window, end)))
            start += self.window
        return windows

    def _get(self, params: dict[str, str], context: str) -> list[Any]:
        shown = full_url(self.url, params)
        if self.format == "xml":
            body, _ = fetch_bytes(
                self.session, self.url, params, context=context, accept="application/xml"
            )
            items: Any = parse_xml(body)
            if isinstance(items, str):
                raise source_error(items, shown, context)
            return items
        items = fetch_json(self.session, self.url, params, context=context)
        if not isinstance(items, list):
            kind = "an object" if isinstance(items, Mapping) else type(items).__name__
            raise source_error(f"expected a list of service requests, got {kind}", shown, context)
        return items

    @property
    def is_incremental(self) -> bool:
        """Whether this pull returns only records changed since ``since``."""
        return self.since is not None and bool(self.since_param)

    def fetch(self) -> Iterator[RawRecord]:
        self.watermark = None
        self.out_of_window = 0
        self.mapper.reset()
        mark = Watermark()
        mark.see(self.since)
        if self.since is not None and not self.since_param:
            log.info("open311: no since_param configured; pulling every window in full")
        pending = list(reversed(self._windows()))
        seen: set[str] = set()
        made = 0
        with progress_bar(self.session, self.name) as bar:
            while pending:
                start, end = pending.pop()
                params = {**self.params, "start_date": _stamp(start), "end_date": _stamp(end)}
                if self.since is not None and self.since_param:
                    params[self.since_param] = _stamp(self.since)
                context = f"{self.name} {_stamp(start)}..{_stamp(end)}"
                made += 1
                if made > self.max_requests:
                    problem = f"more than max_requests={self.max_requests} requests; raise it"
                    raise source_error(problem, full_url(self.url, params), context)
                items = self._get(params, context)
                stray = outside(items, start, end)
                if sum(stray) * 2 > len(items):
                    problem = (
                        f"the server ignores start_date/end_date: {sum(stray)} of {len(items)} "
                        "requests lie outside the window asked for"
                    )
                    raise source_error(problem, full_url(self.url, params), context)
                if len(items) >= self.page_limit:
                    if end - start <= self.min_window:
                        problem = (
                            f"{len(items)} requests in a window of {end - start}, the server's "
                            "cap; cannot split it further"
                        )
                        raise source_error(problem, full_url(self.url, params), context)
                    middle = start + (end - start) / 2
                    middle = middle.replace(microsecond=0)
                    pending += [(middle, end), (start, middle)]
                    log.debug("open311: %s hit the cap of %d; splitting", context, self.page_limit)
                    continue
                missing = self.mapper.missing_required(items)
                if missing:
                    raise source_error(missing, full_url(self.url, params), context)
                self.out_of_window += sum(stray)
                for index, item in enumerate(items, start=1):
                    if stray[index - 1]:
                        continue
                    record = self._record(item, f"{context} item {index}", mark)
                    tracking_id = record.data.get("tracking_id", "")
                    if tracking_id and tracking_id in seen:
                        continue
                    seen.add(tracking_id)
                    bar.update(1)
                    yield record
        self.watermark = mark.iso()
        report_notes(self.notes)

    def _record(self, item: Any, position: str, mark: Watermark) -> RawRecord:
        data, error = self.mapper.map(item)
        if error:
            return RawRecord(position, data, error)
        updated = str(item.get("updated_datetime") or "").strip()
        if data.get("status") == "resolved" and updated:
            data["resolved_at"] = updated
        service_name = data.get("category", "")
        title = (
            first_sentence(data.get("description", "")) if self.title_from == "description" else ""
        )
        data["title"] = title or service_name
        mark.see(self.mapper.activity(item, data))
        return RawRecord(position, data)
