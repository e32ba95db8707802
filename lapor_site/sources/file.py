"""The ``file`` source: exports as JSON Lines, a JSON array, CSV or XLSX.

The export may be a local path or an http(s) URL (fetched with the shared
session of :mod:`lapor_site.sources.http`; the format comes from the URL's
suffix or the ``format`` option).

Columns are mapped like every other source's fields
(:class:`~lapor_site.sources.mapping.FieldMapper`: ``fields``, ``values``,
``defaults``, ``default_timezone``): by default a column named like a
canonical field feeds that field, and a header in the layout of the national
LAPOR! export (``TrackingID`` or ``id``, ``TanggalLaporanMasuk``, ``Status``,
…) is recognised and mapped with the preset it shares with the ``ckan``
source. Naive timestamps get ``default_timezone`` (the region's time zone
unless configured).

CSV may be UTF-8 with or without a byte-order mark and use ``,`` or ``;`` as
delimiter (Excel in the Indonesian locale writes ``;``); fields of any size
are read (validation cuts long text). A header naming a column twice is
refused, and so is, record by record, a JSON object with a repeated key.
XLSX is read from the first sheet; its first row is the header, cells become
text and Excel dates become ISO 8601 in ``default_timezone``.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack
from datetime import datetime, tzinfo
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO, TextIO
from urllib.parse import urlsplit

import requests

from lapor_site.model import FIELDS, RawRecord
from lapor_site.sources import SourceError
from lapor_site.sources.http import (
    HTTP_OPTIONS,
    check_http_url,
    fetch_bytes,
    make_session,
    redact_url,
)
from lapor_site.sources.mapping import (
    DEFAULT_TIMEZONE,
    MAPPING_OPTIONS,
    NATIONAL_EXPORT,
    FieldMapper,
    Options,
    loads_json,
    report_notes,
    scalar_text,
)

SUFFIXES = (".jsonl", ".json", ".csv", ".xlsx")
#: A column named like a canonical field feeds that field.
CANONICAL_COLUMNS: dict[str, str] = {name: name for name in FIELDS}
#: Largest CSV field read (the csv module's default is 131,072 characters).
CSV_FIELD_LIMIT = 2**31 - 1


def _is_url(location: str) -> bool:
    return location.lower().startswith(("http://", "https://"))


def _suffix(fmt: str | None) -> str:
    return "." + fmt.lower().lstrip(".") if fmt else ""


class FileSource:
    """Read records from a local file or an http(s) URL and map them to canonical fields."""

    name = "file"

    def __init__(
        self,
        path: str | Path,
        *,
        format: str | None = None,
        default_timezone: str = DEFAULT_TIMEZONE,
        session: requests.Session | None = None,
        http: Mapping[str, Any] | None = None,
        mapping: Mapping[str, Any] | None = None,
        section: str = "sources.file",
    ) -> None:
        """``mapping`` holds the ``fields``, ``values``, ``defaults``, ``default_timezone``
        and ``updated_path`` options (other keys in it are ignored here)."""
        location = str(path)
        self.url: str | None = check_http_url(location, "url") if _is_url(location) else None
        self.path: Path | None = None if self.url else Path(path)
        self.format = _suffix(format)
        self.section = section
        opts = Options(mapping, section)
        self.canonical = FieldMapper.from_options(
            opts, CANONICAL_COLUMNS, default_timezone=default_timezone
        )
        self.national = FieldMapper.from_options(
            opts,
            NATIONAL_EXPORT.fields,
            default_timezone=default_timezone,
            default_updated_path=NATIONAL_EXPORT.updated_path,
        )
        self.timezone: tzinfo | None = self.canonical.timezone
        self._session = session
        self._http = dict(http or {})
        #: The mapper the last fetch used (chosen by the file's columns).
        self.mapper = self.canonical

    @classmethod
    def from_config(
        cls,
        config: Mapping[str, Any],
        *,
        since: datetime | None = None,
        section: str = "sources.file",
        timezone: str = DEFAULT_TIMEZONE,
    ) -> FileSource:
        """Build from ``path`` or ``url``, ``format``, the mapping options and HTTP options.

        ``timezone`` (the region's) applies to naive dates unless the table
        sets ``default_timezone``. ``since`` is ignored: a file is always read
        whole.
        """
        opts = Options(config, section)
        url = opts.text("url")
        path = opts.text("path")
        if not url and not path:
            raise SourceError(f"[{section}] missing required option 'path' (or 'url')")
        source = cls(
            url or path,
            format=opts.text("format") or None,
            default_timezone=timezone,
            http=config,
            mapping=config,
            section=section,
        )
        opts.finish(HTTP_OPTIONS, MAPPING_OPTIONS)
        return source

    @property
    def notes(self) -> list[str]:
        """Warning lines about the last fetch (counts only)."""
        return self.mapper.notes()

    @property
    def label(self) -> str:
        return redact_url(self.url) if self.url else str(self.path)

    def __repr__(self) -> str:
        return f"FileSource({self.label!r})"

    def _suffix(self) -> str:
        if self.format:
            return self.format
        if self.url:
            return PurePosixPath(urlsplit(self.url).path).suffix.lower()
        assert self.path is not None
        return self.path.suffix.lower()

    def _read(self) -> bytes:
        if self.url:
            session = self._session or make_session(self._http)
            body, _ = fetch_bytes(session, self.url, context=self.name)
            return body
        assert self.path is not None
        try:
            return self.path.read_bytes()
        except OSError as exc:
            raise SourceError(f"{self.path}: cannot read: {exc.strerror}") from None

    def _opener(self) -> Callable[[], BinaryIO]:
        """Opens the export afresh at each call: the file itself, or its body fetched once."""
        if self.url:
            body = self._read()
            return lambda: io.BytesIO(body)
        assert self.path is not None
        path = self.path

        def open_file() -> BinaryIO:
            try:
                return path.open("rb")
            except OSError as exc:
                raise SourceError(f"{path}: cannot read: {exc.strerror}") from None

        return open_file

    def fetch(self) -> Iterator[RawRecord]:
        """The export's records, mapped; JSON Lines and CSV are read as a stream.

        A JSON Lines or CSV export is read twice, a line at a time: a first
        pass checks that it is UTF-8 (and finds a JSON Lines export's
        columns, which choose the mapping), the second gives the records.
        Neither holds the whole export, so a large file costs no more memory
        than a small one (an export fetched by URL is held as bytes). A JSON
        array and an XLSX workbook are read whole.
        """
        suffix = self._suffix()
        if suffix not in SUFFIXES:
            hint = " or set format" if self.url else ""
            raise SourceError(
                f"{self.label}: unsupported file type {suffix!r} (use {', '.join(SUFFIXES)}{hint})"
            )
        with ExitStack() as stack:
            columns, rows = self._rows(suffix, stack)
            national = NATIONAL_EXPORT.recognises(columns) and "tracking_id" not in columns
            self.mapper = self.national if national else self.canonical
            self.mapper.reset()
            for row in rows:
                if row.error:
                    yield row
                    continue
                data, error = self.mapper.map(row.data)
                yield RawRecord(row.position, data, error)
        report_notes(self.notes)

    def _rows(self, suffix: str, stack: ExitStack) -> tuple[set[str], Iterator[RawRecord]]:
        """The export's columns and its parsed records (streams stay open on ``stack``)."""
        if suffix in (".jsonl", ".csv"):
            opener = self._opener()
            with opener() as stream:
                lines = _text_lines(stream, self.label)
                if suffix == ".jsonl":
                    columns = _jsonl_columns(lines)
                else:
                    for _ in lines:  # a CSV export's columns are its header's: check the encoding
                        pass
            stream = stack.enter_context(opener())
            if suffix == ".jsonl":
                return columns, _parse_jsonl(_text_lines(stream, self.label))
            text = stack.enter_context(_csv_text(stream))
            header, rows = _csv_records(text, self.label)
            return set(header) - {""}, rows
        raw = self._read()
        if suffix == ".xlsx":
            listed = list(parse_xlsx(raw, self.label, self.timezone))
        else:
            listed = list(_parse_json_array(_decoded(raw, self.label), self.label))
        return {name for row in listed if not row.error for name in row.data}, iter(listed)


def _decoded(raw: bytes, label: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{label}: not UTF-8 (byte {exc.start})") from None


def _text_lines(stream: BinaryIO, label: str) -> Iterator[str]:
    """The lines of a UTF-8 stream (a leading byte-order mark dropped), each with its end.

    Lines end at "\n" only, as in :func:`parse_text`: a JSON string may hold
    U+2028, U+2029 or U+0085 raw. A byte that is not UTF-8 is an error naming
    its offset in the file.
    """
    offset = 0
    for raw in stream:
        if offset == 0 and raw.startswith(codecs.BOM_UTF8):
            raw, offset = raw[len(codecs.BOM_UTF8) :], len(codecs.BOM_UTF8)
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SourceError(f"{label}: not UTF-8 (byte {offset + exc.start})") from None
        offset += len(raw)


def _jsonl_columns(lines: Iterator[str]) -> set[str]:
    """The columns of a JSON Lines export (every line is read, so its encoding is checked)."""
    columns: set[str] = set()
    for line in lines:
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(data, dict):
            columns.update(data)
    return columns


def _csv_text(stream: BinaryIO) -> TextIO:
    """A CSV export as text, its line ends left as they are (what the csv module expects)."""
    return io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")


def parse_text(text: str, suffix: str, label: str) -> Iterator[RawRecord]:
    """Parse an export's text by its file suffix (``.jsonl``, ``.json`` or ``.csv``)."""
    if suffix == ".jsonl":
        yield from _parse_jsonl(text.split("\n"))
    elif suffix == ".json":
        yield from _parse_json_array(text, label)
    else:
        yield from _csv_records(io.StringIO(text, newline=""), label)[1]


def _parse_jsonl(lines: Iterable[str]) -> Iterator[RawRecord]:
    # Lines end at "\n" only (see _text_lines).
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        position = f"line {number}"
        try:
            data = loads_json(line)
        except json.JSONDecodeError as exc:
            yield RawRecord(position, {}, error=f"not valid JSON ({exc.msg})")
            continue
        if not isinstance(data, dict):
            yield RawRecord(position, {}, error="not a JSON object")
            continue
        yield RawRecord(position, data)


def _parse_json_array(text: str, label: str) -> Iterator[RawRecord]:
    try:
        items = loads_json(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"{label}: not valid JSON at line {exc.lineno}: {exc.msg}") from None
    if not isinstance(items, list):
        raise SourceError(f"{label}: expected a JSON array of records")
    for number, data in enumerate(items, start=1):
        position = f"item {number}"
        if isinstance(data, dict):
            yield RawRecord(position, data)
        else:
            yield RawRecord(position, {}, error="not a JSON object")


def _csv_records(text: TextIO, label: str) -> tuple[list[str], Iterator[RawRecord]]:
    """The header of a CSV export read from ``text`` (opened with newline=""), and its records.

    The delimiter is ``;`` when the first line has more of them than ``,``
    (Excel in the Indonesian locale), else ``,``.
    """
    first = text.readline()
    if csv.field_size_limit() < CSV_FIELD_LIMIT:
        csv.field_size_limit(CSV_FIELD_LIMIT)
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(itertools.chain([first], text), delimiter=delimiter)
    try:
        names = reader.fieldnames
    except csv.Error as exc:
        raise SourceError(f"{label}: broken CSV near line {reader.line_num}: {exc}") from None
    if not names:
        raise SourceError(f"{label}: empty CSV file")
    reader.fieldnames = [name.strip() for name in names]
    _check_header(reader.fieldnames, label)
    return reader.fieldnames, _csv_rows(reader, label)


def _csv_rows(reader: csv.DictReader, label: str) -> Iterator[RawRecord]:
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SourceError(f"{label}: broken CSV near line {reader.line_num}: {exc}") from None
        position = f"line {reader.line_num}"
        if None in row:
            yield RawRecord(position, {}, error="more columns than the header")
            continue
        yield RawRecord(position, {k: v for k, v in row.items() if k})


def _check_header(names: list[str], label: str) -> None:
    repeated = [name for name, count in Counter(n for n in names if n).items() if count > 1]
    if repeated:
        raise SourceError(
            f"{label}: column {repeated[0][:40]!r} appears twice in the header; "
            "which one counts would be a guess"
        )


def cell_text(value: Any, tz: tzinfo | None = None) -> str:
    """An XLSX cell as text: whole floats without ``.0``, datetimes as ISO 8601.

    A naive datetime gets ``tz`` (Excel stores no offset).
    """
    if isinstance(value, datetime) and value.tzinfo is None and tz is not None:
        value = value.replace(tzinfo=tz)
    text = scalar_text(value)
    return (str(value) if text is None else text).strip()


def parse_xlsx(raw: bytes, label: str, tz: tzinfo | None = None) -> Iterator[RawRecord]:
    """Parse the first sheet of an XLSX workbook; the first row names the fields."""
    from openpyxl import load_workbook  # imported here: only XLSX users pay for it

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise SourceError(f"{label}: not a readable .xlsx workbook") from None
    try:
        if not workbook.worksheets:
            raise SourceError(f"{label}: the workbook has no sheet")
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        names = [cell_text(cell) for cell in header or ()]
        while names and not names[-1]:
            names.pop()
        if not names:
            raise SourceError(f"{label}: empty XLSX sheet (no header row)")
        _check_header(names, label)
        for number, row in enumerate(rows, start=2):
            cells = [cell_text(cell, tz) for cell in row]
            if not any(cells):
                continue
            position = f"row {number}"
            if any(cells[len(names) :]):
                yield RawRecord(position, {}, error="more columns than the header")
                continue
            cells += [""] * (len(names) - len(cells))
            yield RawRecord(position, {n: c for n, c in zip(names, cells, strict=False) if n})
    finally:
        workbook.close()
