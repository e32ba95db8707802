"""lapor_charts: SVG charts and per-chart CSV files for the statistics page, made at build time.

Everything drawn here comes from ``statistik.json`` as the pipeline wrote it
(``STATS``, see :mod:`lapor_stats`); this plugin computes no statistic, it
only lays figures out. Charts are small SVG templates, not a charting
library: the page must stay under 100 KB and work without JavaScript.

- Each chart is inline SVG with ``role="img"`` and ``aria-labelledby``
  pointing at its own ``<title>`` and ``<desc>``; ids come from the chart's
  name, so two builds give the same bytes (nothing random, no dates).
- Bars are laid out in percent of the chart's width, and text keeps the
  page's font size, so a chart fits a 360 px phone without shrinking its
  labels; the SVG is clipped to its box and never widens the page.
- Labels and numbers arrive in the page's language: the template passes its
  translated words, coded values go through :func:`lapor_site.labels.label`
  and figures through :func:`lapor_stats.number`.
- Each chart's table is published as CSV and JSON by the pipeline
  (:mod:`lapor_site.opendata`, ``data/statistik-*.csv``); the page links to
  those files, so there is one way to make each table.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# lapor_stats is loaded before this plugin (PLUGINS order), so Pelican has it in sys.modules.
from lapor_stats import number
from markupsafe import Markup, escape
from pelican import signals

from lapor_site.aggregate import UNKNOWN
from lapor_site.labels import UNKNOWN as UNKNOWN_LABEL
from lapor_site.labels import label, month_name
from lapor_site.opendata import ordered

#: Height of one horizontal bar row: a text line, then the bar.
ROW_HEIGHT = 34
BAR_HEIGHT = 11
#: Labels longer than this are cut at a word in the chart (the table has them whole).
MAX_LABEL = 34
#: Vertical chart: plot height and the share of the width kept for the axis labels.
COLUMN_PLOT_HEIGHT = 160
COLUMN_GUTTER = 10.0


@dataclass(frozen=True)
class Bar:
    """One row of a horizontal bar chart: its label, stacked parts and the figure shown."""

    label: str
    parts: Sequence[int | float]
    text: str
    scale: float | None = field(default=None)

    @property
    def total(self) -> float:
        return float(sum(self.parts))


def pct(value: float) -> str:
    """A percentage for an SVG attribute: one decimal (under a pixel at 52rem), no trailing zero."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text or 0}%"


def px(value: float) -> str:
    """A length in user units: at most one decimal."""
    return f"{value:.1f}".rstrip("0").rstrip(".") or "0"


def shorten(text: str, limit: int = MAX_LABEL) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-") + "…"


def group_name(name: str, lang: str = "id") -> str:
    """A row name as shown: the pipeline's "(tidak diketahui)" in the page's language."""
    if name == UNKNOWN:
        return f"({UNKNOWN_LABEL[1 if lang == 'en' else 0].lower()})"
    return name


def _part(index: int) -> str:
    """The class of a stacked part: none for the first (the chart's main colour), then p1, p2…"""
    return f' class="p{index}"' if index else ""


def _x(left: float) -> str:
    return f' x="{pct(left)}"' if left else ""


def _svg_open(chart_id: str, title: str, desc: str, height: float, css_class: str = "") -> str:
    classes = f"chart {css_class}".strip()
    return (
        f'<svg class="{classes}" id="{chart_id}" role="img" width="100%" height="{px(height)}"'
        f' aria-labelledby="{chart_id}-t {chart_id}-d">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>'
    )


def hbar_chart(
    chart_id: str,
    title: str,
    desc: str,
    bars: Iterable[Bar],
    css_class: str = "",
    max_label: int = MAX_LABEL,
) -> Markup:
    """Horizontal bars, one row per :class:`Bar`: label and figure on a line, the bar below.

    A bar's parts are stacked (classes ``p0``, ``p1``, … colour them) and scaled
    to the largest total, or to ``bar.scale`` when given (100 % stacked rows).
    ``css_class`` is added to the ``chart`` class (``limits`` colours part 1 as
    over the limit). Labels are cut to ``max_label`` characters: a label and
    its figure must share one line 328 px wide.
    """
    rows = list(bars)
    largest = max((bar.total for bar in rows), default=0.0) or 1.0
    out = [_svg_open(chart_id, title, desc, len(rows) * ROW_HEIGHT, css_class)]
    for index, bar in enumerate(rows):
        top = index * ROW_HEIGHT
        out.append(
            f'<text y="{px(top + 13)}">{escape(shorten(bar.label, max_label))}</text>'
            f'<text class="v" x="100%" y="{px(top + 13)}">{escape(bar.text)}</text>'
        )
        scale = bar.scale or largest
        left = 0.0
        for part_index, part in enumerate(bar.parts):
            width = 100.0 * part / scale if scale else 0.0
            if width > 0:
                out.append(
                    f"<rect{_part(part_index)}{_x(left)}"
                    f' y="{px(top + 17)}" width="{pct(width)}" height="{BAR_HEIGHT}"/>'
                )
            left += width
    out.append("</svg>")
    return Markup("".join(out))


def nice_step(largest: float, ticks: int = 4) -> int:
    """A gridline step of 1, 2 or 5 × 10ⁿ giving at most ``ticks`` lines up to ``largest``."""
    if largest <= 0:
        return 1
    raw = largest / ticks
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return int(factor * power)
    return int(10 * power)  # pragma: no cover - the loop always returns


def short_month(month: str, lang: str = "id") -> str:
    """ "2026-03" → "Mar 2026" (three letters of the month's name in ``lang``)."""
    year, number_ = month.split("-")
    return f"{month_name(int(number_), lang)[:3]} {year}"


def month_chart(
    chart_id: str, title: str, desc: str, months: Sequence[Mapping[str, Any]], lang: str = "id"
) -> Markup:
    """Columns per month: resolved cases (``p0``) with the other reports (``p1``) on top.

    Gridlines at a 1-2-5 step, labelled at the left; at most three month labels
    below, so they fit a phone.
    """
    count = len(months)
    largest = max((m["total"] for m in months), default=0)
    step = nice_step(largest)
    top = max(step * math.ceil(largest / step), step)
    plot_bottom = 16.0 + COLUMN_PLOT_HEIGHT
    out = [_svg_open(chart_id, title, desc, plot_bottom + 22)]

    def y(value: float) -> float:
        return plot_bottom - COLUMN_PLOT_HEIGHT * value / top

    for tick in range(0, top + 1, step):
        out.append(
            f'<line class="grid" x2="100%" y1="{px(y(tick))}" y2="{px(y(tick))}"/>'
            f'<text class="axis" y="{px(y(tick) - 3)}">{number(tick, 0, lang)}</text>'
        )
    slot = (100.0 - COLUMN_GUTTER) / count if count else 0.0
    label_every = max(1, math.ceil(count / 3))
    for index, month in enumerate(months):
        left = COLUMN_GUTTER + index * slot + slot * 0.15
        width = slot * 0.7
        resolved, total = month["resolved"], month["total"]
        for part_index, (low, high) in enumerate(((0, resolved), (resolved, total))):
            if high > low:
                out.append(
                    f'<rect{_part(part_index)} x="{pct(left)}" y="{px(y(high))}"'
                    f' width="{pct(width)}" height="{px(y(low) - y(high))}"/>'
                )
        if index % label_every == 0:
            # Centred under its column; the outermost end at the column's edge, so about
            # three labels fit 360 px without overlapping or leaving the chart.
            centre = left + width / 2
            if centre > 85:
                css, x = "axis v", left + width
            elif centre < COLUMN_GUTTER + 5:
                css, x = "axis", left
            else:
                css, x = "axis m", centre
            out.append(
                f'<text class="{css}" x="{pct(x)}" y="{px(plot_bottom + 16)}">'
                f"{short_month(month['month'], lang)}</text>"
            )
    out.append("</svg>")
    return Markup("".join(out))


def group_bars(rows: Iterable[Mapping[str, Any]], lang: str = "id") -> list[Bar]:
    """Bars for by_region/by_agency/by_category: resolved, then the rest; the total shown."""
    return [
        Bar(
            group_name(row["name"], lang),
            (row["resolved"], row["total"] - row["resolved"]),
            number(row["total"], 0, lang),
        )
        for row in rows
    ]


def count_bars(counts: Mapping[str, int], kind: str, lang: str = "id") -> list[Bar]:
    """Bars for a coded count (status, channel, type), labels in ``lang``."""
    return [
        Bar(label(kind, code, lang), (count,), number(count, 0, lang))
        for code, count in ordered(counts, kind)
    ]


def limit_bar(step: Mapping[str, Any], text: str, over_text: str) -> Bar:
    """A 100 % row for one timeliness step: within the limit (``p0``), over it (``p1``).

    ``over_text`` is the translated figure shown at the right; the bar is empty
    when nothing was measured.
    """
    measured, over = step["measured"], step["over_limit"] or 0
    return Bar(text, (measured - over, over), over_text, scale=float(measured) or 1.0)


def init(generator) -> None:
    generator.env.globals.update(
        {
            "hbar_chart": hbar_chart,
            "month_chart": month_chart,
            "group_bars": group_bars,
            "count_bars": count_bars,
            "limit_bar": limit_bar,
        }
    )
    generator.env.filters.update({"group_name": group_name, "ordered": ordered})


def register() -> None:
    signals.generator_init.connect(init)
