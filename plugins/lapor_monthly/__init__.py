"""lapor_monthly: the index of the monthly reports, ``laporan/`` and ``en/laporan/``.

The reports themselves are pages the sync writes (:mod:`lapor_site.monthly`:
``content/generated/laporan/YYYY-MM.md`` and ``.en.md``, ``Template: laporan``);
Pelican renders them like any page. This plugin only gathers them, newest
month first, as ``MONTHLY_REPORTS`` (``{"id": [...], "en": [...]}``) for every
template, and writes the index in both languages, also when there is no
report yet (a site whose data covers less than one full month).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pelican import signals

REPORT_TEMPLATE = "laporan"
INDEX_TEMPLATE = "laporan_index"
#: (language, save_as, url) of the index pages.
INDEXES = (
    ("id", "laporan/index.html", "laporan/"),
    ("en", "en/laporan/index.html", "en/laporan/"),
)


def monthly_reports(pages: Iterable[Any]) -> dict[str, list[Any]]:
    """The report pages among ``pages`` by language, newest month first."""
    reports: dict[str, list[Any]] = {lang: [] for lang, _, _ in INDEXES}
    for page in pages:
        if getattr(page, "template", "") == REPORT_TEMPLATE and page.lang in reports:
            reports[page.lang].append(page)
    for members in reports.values():
        members.sort(key=lambda page: page.report_month, reverse=True)
    return reports


def collect(generator) -> None:
    """After the pages are read: the reports of both languages for every template."""
    pages = [*generator.pages, *generator.translations]
    generator.context["MONTHLY_REPORTS"] = monthly_reports(pages)


def write_index(generator, writer) -> None:
    reports = generator.context.get("MONTHLY_REPORTS") or monthly_reports(())
    template = generator.get_template(INDEX_TEMPLATE)
    for lang, save_as, url in INDEXES:
        writer.write_file(
            save_as, template, generator.context,
            relative_urls=generator.settings["RELATIVE_URLS"], url=url, lang=lang,
            reports=reports[lang],
        )  # fmt: skip


def register() -> None:
    signals.page_generator_finalized.connect(collect)
    signals.page_writer_finalized.connect(write_index)
