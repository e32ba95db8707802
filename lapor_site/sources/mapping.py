"""Helpers shared by the sources: reading options, mapping records, guarding pagination.

* :class:`Options` reads one ``[sources.<name>]`` table with type checks and
  rejects unknown keys (and secrets written into the config file).
* :class:`FieldMapper` turns one source item into canonical ``RawRecord``
  data: source field paths → canonical names, value mappings per canonical
  field (``"Selesai"`` → ``resolved``), constant defaults, a default time zone
  for naive timestamps, and the check that a page still carries the source
  fields the required canonical fields come from.
* :class:`PageGuard` bounds the number of pages and detects a server that
  serves the same page again.
* :class:`Watermark` tracks the latest activity time seen, for incremental pulls.
* :data:`NATIONAL_EXPORT` is the one preset for the national LAPOR! table
  (data.go.id / Mendeley columns ``TrackingID`` or ``id``, ``TanggalLaporanMasuk``,
  ``Status``, …), shared by the ``ckan`` and ``file`` sources.
* :func:`loads_json` parses JSON keeping track of objects with a repeated key
  (:func:`repeated_problem` names one), so such a record is refused instead of
  silently keeping the last value.

Nothing here does I/O.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lapor_site.model import (
    DATE_FIELDS,
    FIELDS,
    VALUE_SYNONYMS,
    Channel,
    Privacy,
    RawRecord,
    ReportType,
    Status,
    value_key,
)
from lapor_site.sources import SourceError

log = logging.getLogger("lapor_site.sources")

#: Canonical fields every record needs; a page lacking their source field is a source error.
REQUIRED_FIELDS = ("tracking_id", "submitted_at", "status")

#: Allowed canonical values for the enumerated fields (value mappings are checked against these).
ENUM_FIELDS: dict[str, tuple[str, ...]] = {
    "status": tuple(member.value for member in Status),
    "privacy": tuple(member.value for member in Privacy),
    "channel": tuple(member.value for member in Channel),
    "type": tuple(member.value for member in ReportType),
}

#: Built-in value mappings (source text → canonical value): the shared synonym table of
#: :mod:`lapor_site.model`. Config ``values`` tables extend and override these.
DEFAULT_VALUES: dict[str, dict[str, str]] = VALUE_SYNONYMS

#: Zone of naive dates when the caller gives none (the registry passes the region's).
DEFAULT_TIMEZONE = "Asia/Makassar"

#: Options read by :meth:`FieldMapper.from_options`.
MAPPING_OPTIONS = ("fields", "values", "defaults", "default_timezone", "updated_path")


@dataclass(frozen=True)
class Preset:
    """A known export layout: its columns → canonical fields, and how to recognise it."""

    name: str
    fields: dict[str, str]
    updated_path: str = ""
    #: Each group lists alternative column names; a header holding one of every group matches.
    markers: tuple[tuple[str, ...], ...] = field(default=())

    def recognises(self, columns: Iterable[str]) -> bool:
        present = set(columns)
        return bool(self.markers) and all(present.intersection(g) for g in self.markers)


#: The national LAPOR! table (data.go.id "data-aspirasi-dan-pengaduan-masyarakat" and the
#: Mendeley extract built from it): naive local timestamps, Indonesian status values, no
#: privacy column. ``TrackingID`` wins over ``id`` when a table has both.
NATIONAL_EXPORT = Preset(
    name="national LAPOR! export",
    fields={
        "TrackingID": "tracking_id",
        "id": "tracking_id",
        "TanggalLaporanMasuk": "submitted_at",
        "TanggalDisposisi": "forwarded_at",
        "TanggalLaporanDitutup": "resolved_at",
        "JudulLaporan": "title",
        "IsiLaporan": "description",
        "Kategori": "category",
        "DisposisiInstansi": "agency",
        "Area": "region",
        "Status": "status",
    },
    updated_path="TanggalLaporanAktivitasTerakhir",
    markers=(("TrackingID", "id"), ("TanggalLaporanMasuk",), ("Status",)),
)


class RepeatedKeys(dict):
    """A JSON object (or XML element) in which a key appeared more than once."""

    __slots__ = ("repeated", "where")

    def __init__(self, data: Mapping[str, Any], repeated: Iterable[str], where: str) -> None:
        super().__init__(data)
        self.repeated = tuple(repeated)
        self.where = where


def object_pairs(pairs: Iterable[tuple[str, Any]], where: str = "JSON object") -> dict[str, Any]:
    """``object_pairs_hook`` for :func:`json.loads`: marks objects with a repeated key."""
    obj: dict[str, Any] = {}
    repeated: list[str] = []
    for key, value in pairs:
        if key in obj and key not in repeated:
            repeated.append(key)
        obj[key] = value
    return RepeatedKeys(obj, repeated, where) if repeated else obj


def loads_json(text: str | bytes) -> Any:
    """:func:`json.loads` that keeps track of objects with a repeated key."""
    return json.loads(text, object_pairs_hook=object_pairs)


def find_repeated(obj: Any, *, into_lists: bool = True) -> RepeatedKeys | None:
    """The first object inside ``obj`` (itself included) that has a repeated key.

    With ``into_lists=False`` lists are not entered: that checks a response's
    envelope and leaves the records in it to be checked one by one.
    """
    stack = [obj]
    while stack:
        current = stack.pop()
        if isinstance(current, RepeatedKeys):
            return current
        if isinstance(current, Mapping):
            stack.extend(reversed(list(current.values())))
        elif into_lists and isinstance(current, list):
            stack.extend(reversed(current))
    return None


def repeated_problem(obj: Any) -> str:
    """Name a repeated key anywhere inside ``obj``; "" when there is none."""
    marked = find_repeated(obj)
    if marked is None:
        return ""
    return f"repeated key {marked.repeated[0][:40]!r} in one {marked.where}"


def report_notes(notes: Iterable[str]) -> None:
    """Log a source's notes as warning lines (shown next to the sync summary)."""
    for note in notes:
        log.warning("warning: %s", note)


#: Option names that would hold a secret; they are refused in config files.
_SECRET_NAME = re.compile(r"(^|_)(token|key|apikey|secret|password|passwd|sig|signature)$", re.I)


class ConfigError(SourceError, ValueError):
    """A source is configured wrongly (unknown key, wrong type, missing option or variable)."""


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


#: Returned by :func:`get_path` when the path is absent.
MISSING: Any = _Missing()


def get_path(obj: Any, path: str) -> Any:
    """Follow a dotted ``path`` ("meta.next", "items.0.id") through dicts and lists.

    A key that itself contains dots is found too. An empty path is ``obj``;
    an absent step gives :data:`MISSING`.
    """
    if not path:
        return obj
    if isinstance(obj, Mapping) and path in obj:
        return obj[path]
    for step in path.split("."):
        if isinstance(obj, Mapping) and step in obj:
            obj = obj[step]
        elif (
            isinstance(obj, list)
            and step.lstrip("-").isdigit()
            and -len(obj) <= int(step) < len(obj)
        ):
            obj = obj[int(step)]
        else:
            return MISSING
    return obj


def one_line(text: str, limit: int = 300) -> str:
    """Collapse whitespace so a message stays on one line, and bound its length."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def zone(name: str, option: str = "default_timezone") -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{option}: unknown time zone {name!r}") from None


def check_since(since: datetime | None) -> datetime | None:
    if since is not None and since.tzinfo is None:
        raise ValueError("since must carry a time zone (an aware datetime)")
    return since


class Options:
    """Typed access to one config table; :meth:`finish` rejects what was never read."""

    def __init__(self, data: Mapping[str, Any] | None, section: str) -> None:
        self._data = dict(data or {})
        self._read: set[str] = set()
        self.section = section

    def _get(self, key: str, default: Any) -> Any:
        self._read.add(key)
        return self._data.get(key, default)

    def _fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(f"[{self.section}] {key}: {message}")

    def has(self, key: str) -> bool:
        return key in self._data

    def text(self, key: str, default: str = "", *, required: bool = False) -> str:
        value = self._get(key, default)
        if not isinstance(value, str):
            raise self._fail(key, f"expected text, got {type(value).__name__}")
        if required and not value.strip():
            raise ConfigError(f"[{self.section}] missing required option {key!r}")
        return value.strip()

    def choice(self, key: str, default: str, choices: Iterable[str]) -> str:
        value = self.text(key, default)
        allowed = tuple(choices)
        if value not in allowed:
            raise self._fail(key, f"{value!r} is not one of {', '.join(allowed)}")
        return value

    def integer(self, key: str, default: int, *, minimum: int = 0) -> int:
        value = self._get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._fail(key, f"expected a whole number, got {value!r}")
        if value < minimum:
            raise self._fail(key, f"must be at least {minimum}, got {value}")
        return value

    def number(self, key: str, default: float, *, minimum: float = 0.0) -> float:
        value = self._get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self._fail(key, f"expected a number, got {value!r}")
        if value < minimum:
            raise self._fail(key, f"must be at least {minimum}, got {value}")
        return float(value)

    def flag(self, key: str, default: bool) -> bool:
        value = self._get(key, default)
        if not isinstance(value, bool):
            raise self._fail(key, f"expected true or false, got {value!r}")
        return value

    def table(self, key: str) -> dict[str, Any]:
        value = self._get(key, {})
        if not isinstance(value, Mapping):
            raise self._fail(key, f"expected a table, got {type(value).__name__}")
        return dict(value)

    def finish(self, *also_allowed: Iterable[str]) -> None:
        """Raise on keys nobody read (typos), with a hint for secrets put in the file."""
        allowed = set(self._read).union(*also_allowed)
        for key in sorted(set(self._data) - allowed):
            if _SECRET_NAME.search(key):
                raise self._fail(
                    key,
                    "secrets are not read from config files; put the value in an environment "
                    "variable and give its NAME in the matching *_env option",
                )
            raise self._fail(key, "unknown option")


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"a": {"b": "x"}}`` → ``{"a.b": "x"}``, so unquoted dotted TOML keys work."""
    flat: dict[str, Any] = {}
    for key, value in table.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, Mapping):
            flat.update(_flatten(value, path))
        else:
            flat[path] = value
    return flat


def scalar_text(value: Any) -> str | None:
    """A scalar as text; ``None`` for objects and lists of objects (not mappable)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (str, int, float)):
        return str(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
        return ", ".join(t for t in (scalar_text(v) for v in value) if t)
    return None


def parse_timestamp(text: str, tz: tzinfo | None) -> datetime | None:
    """Parse ISO 8601 text; attach ``tz`` when it is naive. ``None`` when unusable."""
    text = text.strip()
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        if tz is None:
            return None
        parsed = parsed.replace(tzinfo=tz)
    return parsed


class FieldMapper:
    """Map source items to canonical record data.

    ``fields`` maps a source path (dotted paths allowed) to one canonical name
    or a list of them. Config entries override the built-in defaults per
    canonical field: when config maps anything to ``title``, no default source
    field feeds ``title`` any more. An empty name drops a default mapping.
    """

    def __init__(
        self,
        fields: Mapping[str, Any],
        *,
        values: Mapping[str, Mapping[str, str]] | None = None,
        defaults: Mapping[str, str] | None = None,
        timezone: tzinfo | None = None,
        updated_path: str = "",
        section: str = "source",
    ) -> None:
        self.fields: dict[str, tuple[str, ...]] = {}
        for source, target in fields.items():
            names = (target,) if isinstance(target, str) else tuple(target)
            names = tuple(n for n in names if n)
            for name in names:
                if not isinstance(name, str) or name not in FIELDS:
                    raise ConfigError(
                        f"[{section}] fields: {source!r} maps to {name!r}, not a canonical field"
                    )
            if names:
                self.fields[source] = names
        for required in REQUIRED_FIELDS:
            if not self.sources_of(required):
                raise ConfigError(f"[{section}] fields: no source field is mapped to {required}")
        self.values: dict[str, dict[str, str]] = {}
        for canonical, table in (values or {}).items():
            if canonical not in FIELDS:
                raise ConfigError(f"[{section}] values: {canonical!r} is not a canonical field")
            allowed = ENUM_FIELDS.get(canonical)
            mapped = self.values.setdefault(canonical, {})
            for raw, target in table.items():
                if not isinstance(target, str) or (allowed and target not in allowed):
                    hint = f" (allowed: {', '.join(allowed)})" if allowed else ""
                    raise ConfigError(
                        f"[{section}] values.{canonical}: {raw!r} maps to {target!r}{hint}"
                    )
                mapped[value_key(str(raw))] = target
        self.defaults = dict(defaults or {})
        for canonical, value in self.defaults.items():
            allowed = ENUM_FIELDS.get(canonical)
            if canonical not in FIELDS or not isinstance(value, str):
                raise ConfigError(f"[{section}] defaults: {canonical!r} is not a canonical field")
            if allowed and value not in allowed:
                raise ConfigError(
                    f"[{section}] defaults.{canonical}: {value!r} (allowed: {', '.join(allowed)})"
                )
        self.timezone = timezone
        self.updated_path = updated_path
        self.section = section
        self.mapped = self.without_privacy = 0

    @classmethod
    def from_options(
        cls,
        opts: Options,
        default_fields: Mapping[str, Any],
        *,
        default_values: Mapping[str, Mapping[str, str]] = DEFAULT_VALUES,
        default_defaults: Mapping[str, str] | None = None,
        default_timezone: str = "",
        default_updated_path: str = "",
    ) -> FieldMapper:
        """Build from the ``fields``, ``values``, ``defaults``, ``default_timezone``
        and ``updated_path`` options, merged over the given built-ins."""
        configured = _flatten(opts.table("fields"))
        overridden: set[str] = set()
        for target in configured.values():
            overridden.update([target] if isinstance(target, str) else target)
        fields: dict[str, Any] = {}
        for source, target in default_fields.items():
            names = [target] if isinstance(target, str) else list(target)
            kept = [n for n in names if n not in overridden]
            if kept:
                fields[source] = kept
        fields.update(configured)
        values = {k: dict(v) for k, v in default_values.items()}
        for canonical, table in opts.table("values").items():
            if not isinstance(table, Mapping):
                raise ConfigError(f"[{opts.section}] values.{canonical}: expected a table")
            values.setdefault(canonical, {}).update(table)
        defaults = {**(default_defaults or {}), **opts.table("defaults")}
        tz_name = opts.text("default_timezone", default_timezone)
        return cls(
            fields,
            values=values,
            defaults=defaults,
            timezone=zone(tz_name) if tz_name else None,
            updated_path=opts.text("updated_path", default_updated_path),
            section=opts.section,
        )

    def sources_of(self, canonical: str) -> list[str]:
        return [source for source, names in self.fields.items() if canonical in names]

    def missing_required(self, items: list[Any]) -> str:
        """Describe a required source field absent from every item of a non-empty page."""
        objects = [item for item in items if isinstance(item, Mapping)]
        if not objects:
            return ""
        for canonical in REQUIRED_FIELDS:
            sources = self.sources_of(canonical)
            if not any(get_path(item, s) is not MISSING for item in objects for s in sources):
                names = " or ".join(repr(s) for s in sources)
                return (
                    f"source field {names} (mapped to {canonical}) is missing from every item; "
                    "did the source rename it?"
                )
        return ""

    def map(self, item: Any) -> tuple[dict[str, str], str]:
        """Return ``(data, error)`` for one item; ``error`` is set when it cannot be mapped.

        An item holding an object with a repeated key is an error (which value
        counts would be a guess); its data is still returned so the problem
        can name the record, but an errored record is never used.
        """
        if not isinstance(item, Mapping):
            return {}, "not a JSON object"
        repeated = repeated_problem(item)
        data: dict[str, str] = {}
        for source, names in self.fields.items():
            value = get_path(item, source)
            if value is MISSING:
                continue
            text = scalar_text(value)
            if text is None:
                if repeated:
                    continue
                return {}, f"field {source!r} holds an object, not a value"
            for name in names:
                if name not in data or not data[name]:
                    data[name] = self._convert(name, text)
        for name, value in self.defaults.items():
            if not data.get(name, "").strip():
                data[name] = value
        if repeated:
            return data, repeated
        self.mapped += 1
        if not data.get("privacy", "").strip():
            self.without_privacy += 1
        return data, ""

    def reset(self) -> None:
        """Start counting for a new fetch."""
        self.mapped = self.without_privacy = 0

    def notes(self) -> list[str]:
        """Warning lines about the records mapped since :meth:`reset` (counts only)."""
        if not self.without_privacy:
            return []
        return [
            f"[{self.section}] privacy missing on {self.without_privacy} of {self.mapped} "
            "records: treated as confidential (counted in the statistics, no case page); "
            f'set defaults.privacy = "public" under [{self.section}] only if this source is '
            "already published openly"
        ]

    def _convert(self, name: str, text: str) -> str:
        table = self.values.get(name)
        if table:
            text = table.get(value_key(text), text)
        if name in DATE_FIELDS and self.timezone is not None:
            parsed = parse_timestamp(text, self.timezone)
            if parsed is not None:
                return parsed.isoformat()
        return text

    def activity(self, item: Any, data: Mapping[str, str]) -> datetime | None:
        """The item's last-update time (``updated_path``) or else its latest date field."""
        if self.updated_path and isinstance(item, Mapping):
            value = scalar_text(get_path(item, self.updated_path))
            parsed = parse_timestamp(value, self.timezone) if value else None
            if parsed is not None:
                return parsed
        dates = [parse_timestamp(data.get(name, ""), self.timezone) for name in DATE_FIELDS]
        known = [d for d in dates if d is not None]
        return max(known) if known else None


class Watermark:
    """The latest activity time seen during one fetch."""

    def __init__(self) -> None:
        self.latest: datetime | None = None

    def see(self, moment: datetime | None) -> None:
        if moment is not None and (self.latest is None or moment > self.latest):
            self.latest = moment

    def iso(self) -> str | None:
        return self.latest.isoformat() if self.latest else None


class PageGuard:
    """Count pages against ``max_pages`` and spot a page served twice.

    :meth:`next_page` returns the new page number or an error message;
    :meth:`repeated` returns the number of an identical earlier page.
    """

    def __init__(self, max_pages: int) -> None:
        self.max_pages = max_pages
        self.page = 0
        self._digests: dict[str, int] = {}

    def next_page(self) -> str:
        self.page += 1
        if self.page > self.max_pages:
            return (
                f"more than max_pages={self.max_pages} pages; raise max_pages or narrow the "
                "pull (records were not truncated silently)"
            )
        return ""

    def repeated(self, items: list[Any]) -> int:
        blob = json.dumps(items, sort_keys=True, default=str, ensure_ascii=False)
        digest = hashlib.sha256(blob.encode()).hexdigest()
        earlier = self._digests.get(digest, 0)
        self._digests.setdefault(digest, self.page)
        return earlier


def map_page(
    items: list[Any], guard: PageGuard, mapper: FieldMapper, mark: Watermark
) -> tuple[list[RawRecord], str]:
    """Check one fetched page and map its items; return (records, problem).

    The problem is a page served twice (a pagination loop) or a required
    source field missing from every item (the source renamed it).
    """
    earlier = guard.repeated(items)
    if earlier:
        return [], f"pagination loop: this page is identical to page {earlier}"
    missing = mapper.missing_required(items)
    if missing:
        return [], missing
    records = []
    for index, item in enumerate(items, start=1):
        data, error = mapper.map(item)
        if not error:
            mark.see(mapper.activity(item, data))
        records.append(RawRecord(f"page {guard.page} item {index}", data, error))
    return records, ""
