"""Monthly reports: one Markdown page per completed month, in Indonesian and English.

Part of the write stage: :func:`render_monthly_reports` turns the
``completed_months`` section of the statistics (:func:`lapor_site.aggregate.completed_months`,
the only source of the figures) and the published cases resolved in each month
into ``laporan/YYYY-MM.md`` and ``laporan/YYYY-MM.en.md``. The pipeline adds
them to the generated tree, which Pelican reads as pages (``Template: laporan``,
saved at ``laporan/YYYY-MM/`` and ``en/laporan/YYYY-MM/``).

The words come from the text templates ``lapor_site/templates/laporan.<lang>.md``.
Everything in a report depends on its month's data only (its ``Date`` is the
month's last second in the site's time zone, not the clock), so a new month
leaves the earlier reports byte for byte as they were.

Untrusted text (case titles, agency names) appears only inside raw HTML
blocks, escaped by :func:`inert`: Markdown leaves such blocks alone, escaped
text cannot open a tag, and a line break cannot start a metadata line.
"""

from __future__ import annotations

import calendar
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from lapor_site.aggregate import month_key
from lapor_site.labels import month_label
from lapor_site.model import Case
from lapor_site.numbers import number, percent
from lapor_site.settings import Settings
from lapor_site.write import UNTITLED, inline_html

REPORTS_DIR = "laporan"
#: Resolved cases shown in a report (the newest of the month).
REPORT_CASES = 5
LANGUAGES = ("id", "en")
TEMPLATES = Path(__file__).resolve().parent / "templates"


def inert(text: str) -> Markup:
    """Untrusted text as inline HTML that neither Markdown, Pelican nor Jinja acts on.

    :func:`lapor_site.write.inline_html` escapes it onto one line; braces become
    entities too, so no ``{{ placeholder }}`` (plugins/lapor_pages) or
    ``{filename}`` remains.
    """
    escaped = inline_html(text).replace("{", "&#123;").replace("}", "&#125;")
    return Markup(escaped)


def month_end(month: str, tz: Any) -> str:
    """The last second of ``month`` in ``tz``, ISO 8601 with offset: the report's date."""
    year, number_ = map(int, month.split("-"))
    last_day = calendar.monthrange(year, number_)[1]
    return datetime(year, number_, last_day, 23, 59, 59, tzinfo=tz).isoformat()


def report_path(month: str, lang: str) -> str:
    """A report's path in the generated tree: ``laporan/2025-05.md``, ``laporan/2025-05.en.md``."""
    suffix = "" if lang == "id" else f".{lang}"
    return f"{REPORTS_DIR}/{month}{suffix}.md"


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(number=number, percent=percent, month_label=month_label, inert=inert)
    return env


def resolved_cases(cases: list[Case], tz: Any) -> dict[str, list[Case]]:
    """Published cases by month resolved, newest first, at most :data:`REPORT_CASES` a month."""
    by_month: dict[str, list[Case]] = {}
    for case in cases:
        if case.is_publishable and case.resolved_at is not None:
            by_month.setdefault(month_key(case.resolved_at, tz), []).append(case)
    return {
        month: sorted(members, key=_newest_first)[:REPORT_CASES]
        for month, members in by_month.items()
    }


def _newest_first(case: Case) -> tuple[float, str]:
    return (-case.resolved_at.timestamp(), case.id)


class MonthlyCases:
    """The cases the monthly reports list, picked from a stream of cases.

    It keeps at most a few :data:`REPORT_CASES` a month (the newest resolved),
    so :func:`render_monthly_reports` gets the same cases from :meth:`cases`
    as from all of them.
    """

    def __init__(self, tz: Any) -> None:
        self.tz = tz
        self._by_month: dict[str, list[Case]] = {}

    def offer(self, case: Case) -> None:
        if not (case.is_publishable and case.resolved_at is not None):
            return
        members = self._by_month.setdefault(month_key(case.resolved_at, self.tz), [])
        members.append(case)
        if len(members) > 2 * REPORT_CASES:
            members.sort(key=_newest_first)
            del members[REPORT_CASES:]

    def cases(self) -> list[Case]:
        return [case for members in self._by_month.values() for case in members]


def render_report(
    figures: dict[str, Any],
    previous: dict[str, Any] | None,
    cases: list[Case],
    stats: dict[str, Any],
    settings: Settings,
    lang: str,
    env: Environment | None = None,
) -> str:
    """The Markdown source of one month's report in ``lang``."""
    env = env or _environment()
    return env.get_template(f"laporan.{lang}.md").render(
        f=figures,
        p=previous,
        cases=[{"id": c.id, "title": c.title.strip() or UNTITLED} for c in cases],
        k=stats.get("min_cell_count", 1),
        min_ranked=stats.get("min_ranked_reports", settings.min_ranked_reports),
        date=month_end(figures["month"], settings.tz),
        lang=lang,
        region=settings.region_name_en if lang == "en" else settings.region_name,
        timezone_label=settings.timezone_label,
        official=settings.official,
    )


def render_monthly_reports(
    cases: list[Case], stats: dict[str, Any], settings: Settings
) -> dict[str, str]:
    """Every completed month's report in both languages, as ``{relative path: text}``."""
    env = _environment()
    resolved = resolved_cases(cases, settings.tz)
    files: dict[str, str] = {}
    previous = None
    for figures in stats.get("completed_months") or []:
        month = figures["month"]
        for lang in LANGUAGES:
            files[report_path(month, lang)] = render_report(
                figures, previous, resolved.get(month, []), stats, settings, lang, env
            )
        previous = figures
    return files
