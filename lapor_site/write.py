"""Write stage: anonymized cases and statistics to Markdown and data files, atomically.

Everything the pipeline generates lives in one directory (``content/generated``
by default): ``kasus/<id>.md`` per publishable case and ``data/`` for the
statistics and open data. The tree is written case by case into a staged folder
(:class:`TreeWriter`, so that no step holds every case);
:mod:`lapor_site.transaction` swaps it in together with the sync state, so a
failure leaves the previous tree in place, and an identical tree touches
nothing.

Untrusted text (titles, labels, free text) can never inject Markdown, HTML or
Pelican metadata: metadata values are forced onto one line (Jinja escapes
them when rendering), and the body is written as raw HTML blocks whose text
is HTML-escaped, which Markdown passes through without interpreting it.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from lapor_site.model import Case
from lapor_site.opendata import CASE_TABLE, Publisher, TableWriter, render_data_files
from lapor_site.settings import Settings

CASES_DIR = "kasus"
DATA_DIR = "data"
STATS_FILE = "statistik.json"
UNTITLED = "Laporan tanpa judul"


def one_line(text: str) -> str:
    """Collapse any whitespace, line breaks included, to single spaces."""
    return " ".join(text.split())


def _iso(moment: datetime | None, tz: Any) -> str:
    return moment.astimezone(tz).isoformat() if moment else ""


def inline_html(text: str) -> str:
    """Untrusted text as escaped HTML on one line (for raw HTML blocks in Markdown)."""
    return html.escape(one_line(text))


def html_paragraphs(text: str) -> str:
    """Escaped text as ``<p>`` elements, one per blank-line-separated paragraph, no blank lines."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    return "\n".join(f"<p>{inline_html(p)}</p>" for p in paragraphs)


def render_case(case: Case, tz: Any) -> str:
    """The Markdown source of one anonymized, publishable case."""
    if not case.is_anonymized or not case.is_publishable:
        raise ValueError(f"case {case.id} is not an anonymized publishable case")
    metadata = {
        "Title": one_line(case.title) or UNTITLED,
        "Date": _iso(case.resolved_at or case.last_activity_at, tz),
        "Modified": _iso(case.last_activity_at, tz),
        "Slug": case.id,
        "Lang": "id",
        "Template": "case",
        "Case_submitted": _iso(case.submitted_at, tz),
        "Case_verified": _iso(case.verified_at, tz),
        "Case_forwarded": _iso(case.forwarded_at, tz),
        "Case_first_response": _iso(case.first_response_at, tz),
        "Case_resolved": _iso(case.resolved_at, tz),
        "Case_category": case.category,
        "Case_agency": case.agency,
        "Case_region": case.region,
        "Case_district": case.district,
        "Case_channel": case.channel or "",
        "Case_type": case.type or "",
        "Case_privacy": case.privacy,
        "Case_satisfaction": str(case.satisfaction or ""),
    }
    lines = [f"{key}: {one_line(str(value))}" for key, value in metadata.items() if value]
    # Headings come from the theme, in the page's language; the follow-up starts
    # at a marker no escaped text can contain (:func:`case_sections`).
    body = [html_paragraphs(case.description)]
    if case.response.strip():
        body += [RESPONSE_MARKER, html_paragraphs(case.response), "</div>"]
    return "\n".join(lines) + "\n\n" + "\n".join(body) + "\n"


#: Where the agency's follow-up starts in a case body (see :func:`render_case`).
RESPONSE_MARKER = '<div class="case-response">'


def case_sections(content: str) -> tuple[str, str]:
    """A rendered case body split into the report's text and the agency's follow-up (HTML).

    The marker cannot come from a complaint: case text is HTML-escaped here.
    """
    text, _, response = content.partition(RESPONSE_MARKER)
    return text.strip(), response.strip().removesuffix("</div>").strip()


class TreeWriter:
    """A fresh generated tree at ``target`` (a staged path: it must not exist yet), case by case.

    :meth:`add` takes the cases in id order and writes each publishable one at
    once: its ``kasus/<id>.md`` and its row of the case table (written as it
    goes, :class:`~lapor_site.opendata.TableWriter`), so no step holds every
    case. :meth:`finish` writes what needs the statistics: ``statistik.json``,
    the other open-data tables and ``datapackage.json``, plus ``extra`` files
    (``{relative path: text}``). ``publisher`` names the site in
    ``datapackage.json`` (region.toml's defaults if None). Making the tree
    public is the transaction's job (:mod:`lapor_site.transaction`).
    """

    def __init__(self, target: Path, tz: Any, publisher: Publisher | None = None) -> None:
        self.target = target
        self.tz = tz
        self.publisher = publisher or Publisher.from_settings(Settings())
        target.mkdir(parents=True)  # kasus/ comes with the first publishable case
        (target / DATA_DIR).mkdir()
        self._table = CASE_TABLE
        self._outputs = [
            (target / DATA_DIR / f"{self._table.name}.{ext}").open(
                "w", encoding="utf-8", newline="\n"
            )
            for ext in ("csv", "json")
        ]
        self._rows = TableWriter(self._table, *self._outputs)
        self._last = ""
        self._root = os.fspath(target)
        self._folders = {self._root, os.path.join(self._root, DATA_DIR)}

    def add(self, case: Case) -> None:
        """Write ``case`` if it is publishable; cases come in id order."""
        if case.id <= self._last:
            raise ValueError(f"case {case.id} comes after {self._last}: cases come in id order")
        self._last = case.id
        if case.is_publishable:
            self._write(f"{CASES_DIR}/{case.id}.md", render_case(case, self.tz))
            self._rows.add(self._table.rows({}, (case,), self.tz))

    def finish(self, stats: dict[str, Any], extra: dict[str, str] | None = None) -> None:
        self._close()
        text = json.dumps(stats, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        self._write(f"{DATA_DIR}/{STATS_FILE}", text)
        for name, text in render_data_files(stats, (), self.tz, self.publisher).items():
            if name not in (f"{self._table.name}.csv", f"{self._table.name}.json"):
                self._write(f"{DATA_DIR}/{name}", text)
        for relative, text in (extra or {}).items():
            self._write(relative, text)

    def _close(self) -> None:
        if self._outputs:
            self._rows.close()
            for output in self._outputs:
                output.close()
            self._outputs = []

    def _write(self, relative: str, text: str) -> None:
        # Strings, and each folder made once: this runs for every case of the site.
        path = os.path.join(self._root, relative)
        folder = os.path.dirname(path)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        with open(path, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)

    def __enter__(self) -> TreeWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._close()


def write_tree(
    cases: Iterable[Case],
    stats: dict[str, Any],
    tz: Any,
    target: Path,
    publisher: Publisher | None = None,
    extra: dict[str, str] | None = None,
) -> None:
    """Write the generated tree of ``cases`` (any order) at ``target`` (see :class:`TreeWriter`)."""
    with TreeWriter(target, tz, publisher) as tree:
        for case in sorted(cases, key=lambda c: c.id):
            tree.add(case)
        tree.finish(stats, extra)
