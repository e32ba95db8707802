"""Open data: every published table as CSV and JSON, described by a Frictionless Data Package.

Part of the write stage (:func:`lapor_site.write.render_tree`): the tables are
cut from the statistics (:func:`lapor_site.aggregate.aggregate`) and the
published cases, nothing is counted again. Each :class:`Table` is written
twice under ``data/``, as ``<name>.csv`` (every cell through
:mod:`lapor_site.csvsafe`) and as ``<name>.json`` (a list of records with
typed values, ``null`` where a figure is missing or withheld), and
``datapackage.json`` describes every file with its Table Schema. This is the
only place that makes these tables: the statistics page links to the same
files (plugins/lapor_charts draws, it writes no CSV).

Privacy is the pipeline's as a whole: the case table holds only published
cases (resolved, public or anonymous, already redacted), the tables finer
than kabupaten/kota count published cases only
(:mod:`lapor_site.disclosure`), and every other table is an aggregate the
statistics page shows anyway. The package's date is the data's cut-off
(``as_of``), never the clock, so the same input gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TextIO

from lapor_site.csvsafe import csv_text, safe_cell
from lapor_site.model import Case, Channel, Privacy, ReportType, Status
from lapor_site.settings import Settings

#: Version of the JSON API and of the layout of these files.
API_VERSION = 1
PACKAGE_FILE = "datapackage.json"
STATS_FILE = "statistik.json"
LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
#: The only cell text read as missing: an empty cell.
MISSING_VALUES = ("",)

Row = Sequence[Any]


@dataclass(frozen=True, slots=True)
class Field:
    """One column: its name, Table Schema type and what it means (Indonesian, then English)."""

    name: str
    type: str
    id: str
    en: str
    enum: tuple[str, ...] = ()

    def descriptor(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "description": f"{self.id} / {self.en}",
        }
        if self.type == "datetime":
            out["format"] = "any"
        if self.enum:
            out["constraints"] = {"enum": list(self.enum)}
        return out


@dataclass(frozen=True, slots=True)
class Table:
    """One published table: file stem, titles, columns, key and how its rows are cut."""

    name: str
    title_id: str
    title_en: str
    fields: tuple[Field, ...]
    rows: Callable[[Mapping[str, Any], Sequence[Case], Any], Iterable[Row]]
    primary_key: tuple[str, ...] = ()
    #: Counts published cases only (True) or all reports, confidential ones included.
    published_only: bool = False


# ---------------------------------------------------------------------------
# Columns
# ---------------------------------------------------------------------------


def _f(name: str, type_: str, id_: str, en: str, enum: Iterable[str] = ()) -> Field:
    return Field(name, type_, id_, en, tuple(enum))


def _values(enum: Iterable[Any]) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


REPORTS = _f("reports", "integer", "Jumlah laporan", "Number of reports")
RESOLVED = _f("resolved", "integer", "Laporan berstatus selesai", "Reports resolved")

CASE_FIELDS = (
    _f("id", "string", "Nomor kasus samaran (bukan nomor pelacakan LAPOR!)",
       "Pseudonymous case number (not the LAPOR! tracking number)"),
    _f("submitted_at", "datetime", "Waktu laporan masuk", "When the report was submitted"),
    _f("verified_at", "datetime", "Waktu laporan diverifikasi", "When the report was verified"),
    _f("forwarded_at", "datetime", "Waktu laporan diteruskan ke instansi",
       "When the report was forwarded to the agency"),
    _f("first_response_at", "datetime", "Waktu tindak lanjut pertama instansi",
       "When the agency first responded"),
    _f("resolved_at", "datetime", "Waktu laporan selesai", "When the report was resolved"),
    _f("title", "string", "Judul laporan (data pribadi disamarkan)",
       "Report title (personal data removed)"),
    _f("category", "string", "Kategori", "Category"),
    _f("agency", "string", "Instansi tujuan", "Agency the report went to"),
    _f("region", "string", "Kabupaten/kota", "Regency/city"),
    _f("district", "string", "Kecamatan", "District (kecamatan)"),
    _f("channel", "string", "Kanal pelaporan", "Channel used", _values(Channel)),
    _f("type", "string", "Jenis laporan", "Type of report", _values(ReportType)),
    _f("privacy", "string", "Sifat laporan (publik atau anonim)",
       "Privacy chosen by the reporter (public or anonymous)", ("public", "anonymous")),
    _f("satisfaction", "integer", "Penilaian kepuasan pelapor, 1–5",
       "Reporter's satisfaction rating, 1–5"),
)  # fmt: skip

#: Each timeliness step's columns in the per-group tables (resolution has no official limit).
GROUP_STEP_COLUMNS: dict[str, tuple[str, ...]] = {
    "verification": ("measured", "over_limit", "median", "p90", "waiting", "waiting_over_limit"),
    "first_response": (
        "measured", "over_limit", "median", "p90", "waiting", "waiting_over_limit",
        "from_submitted",
    ),
    "resolution": ("measured", "median", "p90", "waiting"),
    "unhandled": ("measured", "over_limit"),
}  # fmt: skip

#: The limits are region.toml's [limits]: each is given in the limit_working_days column of
#: statistik-ketepatan-waktu, never written into a description.
_STEP_NAMES = {
    "verification": (
        "verifikasi (batas: limit_working_days di statistik-ketepatan-waktu)",
        "verification (limit: limit_working_days in statistik-ketepatan-waktu)",
    ),
    "first_response": (
        "tindak lanjut pertama sejak diteruskan (batas: limit_working_days di "
        "statistik-ketepatan-waktu)",
        "first response after forwarding (limit: limit_working_days in statistik-ketepatan-waktu)",
    ),
    "resolution": ("penyelesaian sejak laporan masuk", "resolution since submission"),
    "unhandled": (
        "tanpa tindak lanjut lebih lama dari batas penanda (limit_working_days di "
        "statistik-ketepatan-waktu)",
        "no response for longer than the flag's limit (limit_working_days in "
        "statistik-ketepatan-waktu)",
    ),
}
_MEASURES = {
    "limit": ("batas resmi, hari kerja", "official limit, working days", "integer"),
    "measured": ("kasus yang diukur", "cases measured", "integer"),
    "over_limit": ("melewati batas", "over the limit", "integer"),
    "median": ("median hari kerja (kosong bila kasus terlalu sedikit)",
               "median working days (empty when too few cases)", "number"),
    "p90": ("persentil ke-90 hari kerja (kosong bila kasus terlalu sedikit)",
            "90th percentile of working days (empty when too few cases)", "integer"),
    "waiting": ("laporan yang masih menunggu", "reports still waiting", "integer"),
    "waiting_over_limit": ("masih menunggu dan sudah melewati batas",
                           "still waiting and already over the limit", "integer"),
    "from_submitted": ("diukur sejak laporan masuk karena tanpa tanggal diteruskan",
                       "measured from submission, having no forwarding date", "integer"),
}  # fmt: skip
_LEGACY = (
    _f("median_working_days_to_first_response", "number",
       "Median hari kerja dari laporan masuk sampai tindak lanjut pertama",
       "Median working days from submission to the first response"),
    _f("median_working_days_to_resolve", "number",
       "Median hari kerja dari laporan masuk sampai selesai",
       "Median working days from submission to resolution"),
    _f("responses_measured", "integer", "Laporan dengan tindak lanjut pertama",
       "Reports with a first response"),
    _f("responses_within_limit", "integer",
       "Tindak lanjut pertama sejak laporan masuk dalam batas tanggapan pertama "
       "(limit_working_days di statistik-ketepatan-waktu)",
       "First responses within the first-response limit, counted from submission "
       "(limit_working_days in statistik-ketepatan-waktu)"),
)  # fmt: skip


def _step_field(step: str, measure: str) -> Field:
    step_id, step_en = _STEP_NAMES[step]
    measure_id, measure_en, type_ = _MEASURES[measure]
    return Field(f"{step}_{measure}", type_, f"{step_id}: {measure_id}", f"{step_en}: {measure_en}")


GROUP_STEP_FIELDS = tuple(
    _step_field(step, measure)
    for step, measures in GROUP_STEP_COLUMNS.items()
    for measure in measures
)


def _group_fields(id_: str, en: str) -> tuple[Field, ...]:
    return (_f("name", "string", id_, en), REPORTS, RESOLVED, *_LEGACY, *GROUP_STEP_FIELDS)


# ---------------------------------------------------------------------------
# Rows (cut from the statistics and the published cases, never counted again)
# ---------------------------------------------------------------------------


def _iso(moment: datetime | None, tz: Any) -> str | None:
    return moment.astimezone(tz).isoformat() if moment else None


def _case_rows(_stats: Mapping[str, Any], cases: Sequence[Case], tz: Any) -> Iterable[Row]:
    for case in cases:
        row: list[Any] = []
        for field in CASE_FIELDS:
            value = getattr(case, field.name)
            if isinstance(value, datetime):
                value = _iso(value, tz)
            elif field.name == "title":
                value = " ".join(value.split())
            elif hasattr(value, "value"):
                value = value.value
            row.append(value if value not in ("", None) else None)
        yield row


def ordered(counts: Mapping[str, int], kind: str) -> list[tuple[str, int]]:
    """Coded counts as ``(code, count)``: statuses in the flow's order, others largest first.

    Codes the flow does not know (none today) follow in alphabetical order.
    """
    if kind == "status":
        flow = [s.value for s in Status]
        known = [(code, counts[code]) for code in flow if code in counts]
        return known + sorted((k, v) for k, v in counts.items() if k not in flow)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _coded(key: str, kind: str) -> Callable[..., Iterable[Row]]:
    def rows(stats: Mapping[str, Any], _cases: Sequence[Case], _tz: Any) -> Iterable[Row]:
        return ordered(stats.get(key) or {}, kind)

    return rows


def group_row(row: Mapping[str, Any]) -> list[Any]:
    """One row of by_region/by_agency/by_category as the group tables' cells."""
    timeliness = row.get("timeliness") or {}
    cells = [row["name"], row["total"], row["resolved"]]
    cells += [row.get(field.name) for field in _LEGACY]
    for step, measures in GROUP_STEP_COLUMNS.items():
        cells += [(timeliness.get(step) or {}).get(measure) for measure in measures]
    return cells


def _groups(key: str) -> Callable[..., Iterable[Row]]:
    def rows(stats: Mapping[str, Any], _cases: Sequence[Case], _tz: Any) -> Iterable[Row]:
        return [group_row(row) for row in stats.get(key) or []]

    return rows


_STEP_TABLE_MEASURES = tuple(_MEASURES)


def _timeliness_rows(stats: Mapping[str, Any], _cases: Sequence[Case], _tz: Any) -> Iterable[Row]:
    timeliness = stats.get("timeliness") or {}
    for step in GROUP_STEP_COLUMNS:
        values = timeliness.get(step)
        if isinstance(values, Mapping):
            yield [step, *(values.get(measure) for measure in _STEP_TABLE_MEASURES)]


def _month_rows(stats: Mapping[str, Any], _cases: Sequence[Case], _tz: Any) -> Iterable[Row]:
    return [[m["month"], m["total"], m["resolved"]] for m in stats.get("by_month") or []]


def _district_rows(stats: Mapping[str, Any], _cases: Sequence[Case], _tz: Any) -> Iterable[Row]:
    return (
        (table["region"], row["district"], category, count)
        for table in stats.get("published_by_district_category") or []
        for row in table["rows"]
        for category, count in zip(table["categories"], row["cells"], strict=True)
    )


SUMMARY_FIELDS = (
    _f("data_per", "datetime", "Batas waktu data (aktivitas terakhir dalam data)",
       "Cut-off of the data (latest activity in it)"),
    _f("reports", "integer", "Semua laporan, termasuk yang rahasia dan yang belum selesai",
       "All reports, confidential and unresolved ones included"),
    RESOLVED,
    _f("published", "integer", "Kasus yang diterbitkan (selesai, publik atau anonim)",
       "Published cases (resolved, public or anonymous)"),
    _f("confidential", "integer", "Laporan rahasia", "Confidential reports"),
    *_LEGACY,
    _f("min_cell_count", "integer", "Median ditampilkan hanya bila ada sekurang-kurangnya "
       "sekian kasus", "Medians are shown only over at least this many cases"),
)  # fmt: skip


def _summary_rows(stats: Mapping[str, Any], _cases: Sequence[Case], _tz: Any) -> Iterable[Row]:
    totals = stats.get("totals") or {}
    timeliness = stats.get("timeliness") or {}
    return [
        [
            stats.get("as_of"),
            totals.get("all", 0),
            totals.get("resolved", 0),
            totals.get("published", 0),
            totals.get("confidential", 0),
            *(timeliness.get(field.name) for field in _LEGACY),
            stats.get("min_cell_count"),
        ]
    ]


def _coded_table(name: str, key: str, kind: str, title: tuple[str, str], code: Field) -> Table:
    return Table(name, *title, (code, REPORTS), _coded(key, kind), (code.name,))


TABLES: tuple[Table, ...] = (
    Table("kasus", "Kasus selesai yang diterbitkan", "Published resolved cases",
          CASE_FIELDS, _case_rows, ("id",), published_only=True),
    Table("statistik-ringkasan", "Ringkasan", "Summary", SUMMARY_FIELDS, _summary_rows),
    _coded_table("statistik-status", "by_status", "status",
                 ("Laporan menurut status", "Reports by status"),
                 _f("status", "string", "Status laporan", "Status", _values(Status))),
    _coded_table("statistik-kanal", "by_channel", "channel",
                 ("Laporan menurut kanal", "Reports by channel"),
                 _f("channel", "string", "Kanal pelaporan", "Channel", _values(Channel))),
    _coded_table("statistik-jenis", "by_type", "type",
                 ("Laporan menurut jenis", "Reports by type"),
                 _f("type", "string", "Jenis laporan", "Type of report", _values(ReportType))),
    _coded_table("statistik-privasi", "by_privacy", "privacy",
                 ("Laporan menurut sifat", "Reports by privacy"),
                 _f("privacy", "string", "Sifat laporan", "Privacy", _values(Privacy))),
    Table("statistik-bulan", "Laporan menurut bulan masuk", "Reports by month submitted",
          (_f("month", "yearmonth", "Bulan laporan masuk (YYYY-MM, zona waktu wilayah)",
              "Month submitted (YYYY-MM, the region's time zone)"), REPORTS, RESOLVED),
          _month_rows, ("month",)),
    Table("statistik-ketepatan-waktu", "Ketepatan waktu per tahap", "Timeliness by step",
          (_f("step", "string", "Tahap", "Step", tuple(GROUP_STEP_COLUMNS)),
           *(Field(m if m != "limit" else "limit_working_days", t, i, e)
             for m, (i, e, t) in _MEASURES.items())),
          _timeliness_rows, ("step",)),
    Table("statistik-wilayah", "Laporan menurut kabupaten/kota", "Reports by regency/city",
          _group_fields("Kabupaten/kota", "Regency/city"), _groups("by_region"), ("name",)),
    Table("statistik-instansi", "Laporan menurut instansi tujuan", "Reports by agency",
          _group_fields("Instansi", "Agency"), _groups("by_agency"), ("name",)),
    Table("statistik-kategori", "Laporan menurut kategori", "Reports by category",
          _group_fields("Kategori", "Category"), _groups("by_category"), ("name",)),
    Table("kecamatan-kategori", "Kasus yang diterbitkan menurut kecamatan dan kategori",
          "Published cases by district and category",
          (_f("region", "string", "Kabupaten/kota", "Regency/city"),
           _f("district", "string", "Kecamatan", "District (kecamatan)"),
           _f("category", "string", "Kategori", "Category"),
           _f("published_cases", "integer", "Kasus yang diterbitkan",
              "Published cases")),
          _district_rows, ("region", "district", "category"), published_only=True),
)  # fmt: skip
TABLE_BY_NAME = {table.name: table for table in TABLES}
#: The table of published cases, one row each (the one that grows with the site).
CASE_TABLE = TABLE_BY_NAME["kasus"]


# ---------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------


def _json_text(value: Any, sort_keys: bool = True) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=sort_keys) + "\n"


def table_rows(table: Table, stats: Mapping[str, Any], cases: Sequence[Case], tz: Any) -> list[Row]:
    return [list(row) for row in table.rows(stats, cases, tz)]


def table_files(
    table: Table, stats: Mapping[str, Any], cases: Sequence[Case], tz: Any
) -> dict[str, str]:
    """``<name>.csv`` and ``<name>.json`` of one table, as text (see :class:`TableWriter`)."""
    csv_out, json_out = io.StringIO(), io.StringIO()
    writer = TableWriter(table, csv_out, json_out)
    writer.add(table.rows(stats, cases, tz))
    writer.close()
    return {f"{table.name}.csv": csv_out.getvalue(), f"{table.name}.json": json_out.getvalue()}


class TableWriter:
    """One table written row by row to its CSV and JSON files (the case table is large).

    The CSV's cells go through :func:`lapor_site.csvsafe.safe_cell`. The JSON
    is a list of records with typed values (missing is null) whose keys follow
    the schema's field order, as a keyed JSON table must; it is the text
    ``json.dumps(records, ensure_ascii=False, indent=1)`` gives, written one
    record at a time.
    """

    def __init__(self, table: Table, csv_out: TextIO, json_out: TextIO) -> None:
        self._names = [field.name for field in table.fields]
        self._csv = csv.writer(csv_out, lineterminator="\n")
        self._csv.writerow([safe_cell(name) for name in self._names])
        self._json = json_out
        self._records = 0
        # Made once: json.dumps(ensure_ascii=False) builds a new encoder at every call.
        self._keys = [f"  {json.dumps(name)}: " for name in self._names]
        self._value = json.JSONEncoder(ensure_ascii=False).encode

    def add(self, rows: Iterable[Row]) -> None:
        for row in rows:
            row = list(row)
            self._csv.writerow([safe_cell(cell) for cell in row])
            if len(row) != len(self._names):
                raise ValueError(f"{len(row)} values for {len(self._names)} fields")
            # The record as json.dumps(indent=1) writes it inside the list, value by value
            # (the values are scalars; the C encoder is much faster than the indenting one).
            value = self._value
            items = ",\n".join(key + value(cell) for key, cell in zip(self._keys, row, strict=True))
            self._json.write((",\n" if self._records else "[\n") + " {\n" + items + "\n }")
            self._records += 1

    def close(self) -> None:
        """End the JSON list (the caller closes the files)."""
        self._json.write("\n]\n" if self._records else "[]\n")


def _resource(table: Table, fmt: str) -> dict[str, Any]:
    scope = (
        "Hanya kasus yang diterbitkan (selesai, publik atau anonim). "
        "/ Published cases only (resolved, public or anonymous)."
        if table.published_only
        else "Semua laporan, termasuk yang rahasia dan yang belum selesai. "
        "/ All reports, confidential and unresolved ones included."
    )
    schema: dict[str, Any] = {
        "fields": [field.descriptor() for field in table.fields],
        "missingValues": list(MISSING_VALUES),
    }
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    resource: dict[str, Any] = {
        "name": table.name if fmt == "csv" else f"{table.name}-json",
        "path": f"{table.name}.{fmt}",
        "profile": "tabular-data-resource",
        "title": f"{table.title_id} / {table.title_en}",
        "description": scope,
        "format": fmt,
        "mediatype": "text/csv" if fmt == "csv" else "application/json",
        "encoding": "utf-8",
        "licenses": [LICENSE],
        "schema": schema,
    }
    if fmt == "csv":
        resource["dialect"] = {"delimiter": ",", "header": True, "quoteChar": '"'}
    return resource


@dataclass(frozen=True, slots=True)
class Publisher:
    """Who publishes the package: the site's title, office and URLs (from region.toml)."""

    title: str
    title_en: str
    publisher: str
    site_url: str
    official_web: str

    @classmethod
    def from_settings(cls, settings: Settings) -> Publisher:
        return cls(
            settings.title,
            settings.title_en,
            settings.publisher,
            settings.site_url,
            settings.official.web,
        )


def datapackage(stats: Mapping[str, Any], publisher: Publisher) -> dict[str, Any]:
    """The Frictionless Data Package (v1) describing every file under ``data/``."""
    as_of = stats.get("as_of")
    package: dict[str, Any] = {
        "profile": "data-package",
        "name": "lapor-data-terbuka",
        "title": f"Data terbuka {publisher.title} / Open data, {publisher.title_en}",
        "description": (
            "Statistik dan kasus selesai yang diterbitkan (dianonimkan) dari pengaduan "
            "SP4N-LAPOR!. Sedikitnya laporan tidak berarti pelayanan baik. / Statistics and "
            "published resolved cases (anonymized) from SP4N-LAPOR! complaints. Few reports "
            "do not mean good service."
        ),
        "homepage": f"{publisher.site_url}/data-terbuka/",
        "version": f"{API_VERSION}.0.0",
        "licenses": [LICENSE],
        "sources": [
            {"title": "SP4N-LAPOR!", "path": publisher.official_web},
            {"title": publisher.publisher or publisher.title, "path": f"{publisher.site_url}/"},
        ],
        "keywords": ["SP4N-LAPOR!", "pengaduan", "pelayanan publik", "complaints"],
        "data_per": as_of,
        "resources": [
            {
                "name": "statistik",
                "path": STATS_FILE,
                "profile": "data-resource",
                "title": "Semua statistik (JSON) / All statistics (JSON)",
                "description": "Hasil tahap agregasi apa adanya. / The aggregate stage's output.",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
            },
            *(_resource(table, fmt) for table in TABLES for fmt in ("csv", "json")),
        ],
    }
    if as_of:
        package["created"] = as_of
    return package


def cases_csv(published: Sequence[Case], tz: Any) -> str:
    """``kasus.csv``: the published cases, one row each."""
    table = TABLE_BY_NAME["kasus"]
    names = [field.name for field in table.fields]
    return csv_text(names, table_rows(table, {}, published, tz))


def render_data_files(
    stats: Mapping[str, Any], published: Sequence[Case], tz: Any, publisher: Publisher
) -> dict[str, str]:
    """Every open-data file (tables and ``datapackage.json``) as ``{file name: text}``."""
    files: dict[str, str] = {}
    for table in TABLES:
        files.update(table_files(table, stats, published, tz))
    files[PACKAGE_FILE] = _json_text(datapackage(stats, publisher))
    return files
