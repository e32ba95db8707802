"""lapor_data: the pipeline's open data under ``data/``, a static JSON API under ``api/v1/``.

The pipeline's write stage (:mod:`lapor_site.opendata`) computes every table
and ``datapackage.json`` into ``content/generated/data/``; this plugin counts
nothing:

- it copies that folder, as it is, to ``<output>/data/`` (``finalized``);
- it gives templates the package as ``DATAPACKAGE`` (the Data page lists its
  files and their fields from it);
- it writes the JSON API from ``statistik.json`` and the slugs of
  plugins/lapor_listings (``LISTINGS``), so an agency's file sits at the same
  slug as its page: ``api/v1/summary.json``, ``api/v1/<kind>.json`` and
  ``api/v1/<kind>/<slug>.json`` for ``agencies``, ``categories`` and
  ``regions``. Each file carries ``api_version``, ``data_per`` (the data's
  cut-off, never the clock) and absolute links to the site's page and the
  official channel; keys are sorted and lists keep the statistics' order, so
  two builds of the same data give the same bytes.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

# lapor_listings is loaded before this plugin (PLUGINS order), so Pelican has it in sys.modules.
from lapor_listings import KIND_BY_KEY
from pelican import signals

from lapor_site.opendata import API_VERSION, PACKAGE_FILE

DATA_SOURCE = Path("generated") / "data"
DATA_DIR = "data"
API_DIR = f"api/v{API_VERSION}"
#: The API's folder for each kind of group of plugins/lapor_listings.
API_KINDS = {"agency": "agencies", "category": "categories", "region": "regions"}


def load_package(content_path: str) -> dict[str, Any]:
    """The pipeline's ``datapackage.json``, or ``{}`` before the first sync."""
    path = Path(content_path) / DATA_SOURCE / PACKAGE_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def json_text(value: Any) -> str:
    """Stable JSON: sorted keys, UTF-8, one trailing newline."""
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


class Api:
    """The API's files for one site: its statistics, listings and absolute base URL."""

    def __init__(self, stats: Mapping[str, Any], listings: Any, lapor: Any) -> None:
        self.stats = stats
        self.listings = listings
        self.lapor = lapor
        self.base = lapor.site_url.rstrip("/") + "/"

    def url(self, path: str) -> str:
        return self.base + path

    def _head(self, page: str) -> dict[str, Any]:
        official = self.lapor.official
        return {
            "api_version": API_VERSION,
            "data_per": self.stats.get("as_of"),
            "links": {
                "page": self.url(page),
                "page_en": self.url("en/" + page),
                "data": self.url("data-terbuka/"),
                "datapackage": self.url(f"{DATA_DIR}/{PACKAGE_FILE}"),
                "methodology": self.url("metodologi/"),
            },
            "official_channel": {
                "web": official.web,
                "sms": official.sms,
                "app": official.app_name,
                "twitter": f"https://x.com/{official.twitter}",
            },
        }

    def _group_page(self, kind: str, group: Any) -> str:
        return group.page_url if kind == "agency" else group.listing_url

    def _item(self, kind: str, row: Mapping[str, Any]) -> dict[str, Any]:
        """One entry of an index: the statistics' row, with slug and links when it has a page."""
        group = self.listings.group(kind, row.get("name"))
        item: dict[str, Any] = {"name": row["name"], "reports": row["total"]}
        item["resolved"] = row["resolved"]
        item["slug"] = group.slug if group else None
        item["published_cases"] = len(group.cases) if group else None
        item["api"] = self.url(f"{API_DIR}/{API_KINDS[kind]}/{group.slug}.json") if group else None
        item["page"] = self.url(self._group_page(kind, group)) if group else None
        return item

    def summary(self) -> dict[str, Any]:
        keys = ("totals", "by_status", "by_privacy", "by_type", "by_channel", "by_month")
        body = {key: self.stats.get(key) for key in keys}
        body["timeliness"] = self.stats.get("timeliness")
        body["min_cell_count"] = self.stats.get("min_cell_count")
        body["endpoints"] = {
            name: self.url(f"{API_DIR}/{name}.json") for name in API_KINDS.values()
        }
        return self._head("statistik/") | body

    def index(self, kind: str, table: str, folder: str) -> dict[str, Any]:
        rows = self.stats.get(table) or []
        return self._head(f"{folder}/") | {"items": [self._item(kind, row) for row in rows]}

    def group(self, kind: str, group: Any) -> dict[str, Any]:
        row = dict(group.row or {})
        row.pop("name", None)
        head = self._head(self._group_page(kind, group))
        return head | {
            "kind": kind,
            "name": group.name,
            "slug": group.slug,
            "published_cases": len(group.cases),
            "cases_page": self.url(group.listing_url) if group.listing_url else None,
            "statistics": row,
        }

    def files(self) -> Iterator[tuple[str, Any]]:
        """Every API file as ``(path under the output, JSON value)``."""
        if not self.stats.get("totals"):
            return
        yield f"{API_DIR}/summary.json", self.summary()
        for kind, name in API_KINDS.items():
            spec = KIND_BY_KEY[kind]
            yield f"{API_DIR}/{name}.json", self.index(kind, spec.stats_table, spec.folder)
            for group in self.listings.sorted(kind):
                yield f"{API_DIR}/{name}/{group.slug}.json", self.group(kind, group)


def in_lang(text: str | None, lang: str = "id") -> str:
    """The Indonesian or the English half of a package's ``"<id> / <en>"`` text."""
    parts = (text or "").split(" / ", 1)
    return parts[1] if lang == "en" and len(parts) == 2 else parts[0]


def init(generator) -> None:
    generator.context["DATAPACKAGE"] = load_package(generator.settings["PATH"])
    generator.env.filters["in_lang"] = in_lang


def write_api(generator, writer) -> None:
    """Write ``api/v1/`` after the listings are known (``article_writer_finalized``)."""
    listings = generator.context.get("LISTINGS")
    if listings is None:
        return
    api = Api(generator.context.get("STATS") or {}, listings, generator.settings["LAPOR"])
    output = Path(generator.settings["OUTPUT_PATH"])
    for relative, value in api.files():
        path = output / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json_text(value), encoding="utf-8", newline="\n")


def copy_data(pelican) -> None:
    """Copy the pipeline's ``generated/data/`` to ``<output>/data/`` unchanged (``finalized``)."""
    source = Path(pelican.settings["PATH"]) / DATA_SOURCE
    if not source.is_dir():
        return
    target = Path(pelican.settings["OUTPUT_PATH"]) / DATA_DIR
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.iterdir()):
        if path.is_file():
            shutil.copyfile(path, target / path.name)


def register() -> None:
    signals.generator_init.connect(init)
    signals.article_writer_finalized.connect(write_api)
    signals.finalized.connect(copy_data)
