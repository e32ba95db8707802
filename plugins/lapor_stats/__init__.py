"""lapor_stats: expose the pipeline's statistics and display helpers to templates.

Reads ``generated/data/statistik.json`` (written by ``lapor-site sync``) into
the template context as ``STATS``, and registers Jinja filters that format
dates in the site's time zone, numbers the Indonesian way and coded values
through :mod:`lapor_site.labels`. It computes nothing itself; numbers and
percentages are rounded half up (12.5 → 13), as the methodology page says.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican import signals

from lapor_site.labels import label, month_name
from lapor_site.write import case_sections

STATS_PATH = Path("generated") / "data" / "statistik.json"


def load_stats(content_path: str) -> dict:
    path = Path(content_path) / STATS_PATH
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def round_half_up(value: float | int | Decimal, decimals: int = 0) -> Decimal:
    """``value`` rounded to ``decimals`` places, halves away from zero (12.5 → 13).

    A float is taken as written (its shortest repr), so 2.675 → 2.68 although
    the binary float is a little below 2.675.
    """
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def number(value: float | int | Decimal | str | None, decimals: int = 0, lang: str = "id") -> str:
    """1234567 → "1.234.567"; 2.5 → "2,5" (Indonesian separators, halves rounded up).

    English (``lang="en"``) uses "1,234,567" and "2.5". Text ("< 3",
    "ditahan") stays as it is; None is shown as "–".
    """
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    text = f"{round_half_up(value, decimals):,.{decimals}f}"
    if lang == "en":
        return text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


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


def month_label(value: str, lang: str = "id") -> str:
    """ "2026-03" → "Maret 2026"."""
    year, month = value.split("-")
    return f"{month_name(int(month), lang)} {year}"


def percent(part: int, whole: int) -> str:
    """``part`` of ``whole`` in whole percent, halves rounded up (1 of 8 → "13%")."""
    if not whole:
        return "–"
    with localcontext(prec=60):  # exact for any count this site will see: a half stays a half
        share = Decimal(100 * part) / Decimal(whole)
    return number(share) + "%"


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
