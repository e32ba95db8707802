"""lapor_stats: expose the pipeline's statistics and display helpers to templates.

Reads ``generated/data/statistik.json`` (written by ``lapor-site sync``) into
the template context as ``STATS``, and registers Jinja filters that format
dates in the site's time zone, numbers the Indonesian way and coded values
through :mod:`lapor_site.labels`. It computes nothing itself; numbers and
percentages are rounded half up (12.5 → 13) by :mod:`lapor_site.numbers`, as
the methodology page says.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican import signals

from lapor_site.labels import label, month_label, month_name
from lapor_site.numbers import number, percent, round_half_up
from lapor_site.write import case_sections

__all__ = ["load_stats", "make_date_filter", "month_label", "number", "percent", "round_half_up"]

STATS_PATH = Path("generated") / "data" / "statistik.json"


def load_stats(content_path: str) -> dict:
    path = Path(content_path) / STATS_PATH
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def make_date_filter(tz: ZoneInfo, suffix: str):
    def local_date(value: str | datetime | None, with_time: bool = False, lang: str = "id") -> str:
        """ISO text or datetime → "5 Maret 2026" (or with " 14.05 WITA")."""
        if not value:
            return ""
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        moment = moment.astimezone(tz)
        text = f"{moment.day} {month_name(moment.month, lang)} {moment.year}"
        if with_time:
            text += f" {moment:%H.%M} {suffix}"
        return text

    return local_date


def init(generator) -> None:
    settings = generator.settings
    generator.context["STATS"] = load_stats(settings["PATH"])
    lapor = settings["LAPOR"]
    generator.env.filters.update(
        {
            "label": lambda value, kind, lang="id": label(kind, value, lang),
            "local_date": make_date_filter(ZoneInfo(lapor.timezone), lapor.timezone_label),
            "month_label": month_label,
            "number": number,
            "case_sections": case_sections,
            "percent": percent,
        }
    )


def register() -> None:
    signals.generator_init.connect(init)
