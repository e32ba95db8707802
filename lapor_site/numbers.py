"""Numbers as the site shows them: Indonesian separators, halves rounded up.

One implementation for the templates (plugins/lapor_stats registers these as
filters) and for text the sync writes itself (lapor_site.monthly), so a figure
reads the same on every page.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext


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


def percent(part: int, whole: int) -> str:
    """``part`` of ``whole`` in whole percent, halves rounded up (1 of 8 → "13%")."""
    if not whole:
        return "–"
    with localcontext(prec=60):  # exact for any count this site will see: a half stays a half
        share = Decimal(100 * part) / Decimal(whole)
    return number(share) + "%"
