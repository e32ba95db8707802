"""lapor_pages: fill the region's values into the hand-written pages.

Guide and methodology pages are shared by every site folder, so they name
regional facts with placeholders that this plugin replaces from ``LAPOR``
(the region's settings): ``{{ timezone_label }}`` → ``WITA``,
``{{ utc_offset }}`` → ``UTC+8``, ``{{ region_name }}``, ``{{ region_name_en }}``,
``{{ publisher }}``, ``{{ publisher_en }}``, ``{{ site_title }}``,
``{{ site_url }}`` (the production URL, for examples), and the working-day
limits of ``[limits]``: ``{{ verification_limit }}``, ``{{ response_limit }}``,
``{{ unhandled_limit }}``. Values are
HTML-escaped. An unknown placeholder is a build error (logged as an error,
which ``lapor-site build`` turns into a failed build). Only pages are
touched: case articles carry untrusted text and are never templated.
"""

from __future__ import annotations

import html
import logging
import re
from datetime import datetime

from pelican import signals
from pelican.contents import Page

log = logging.getLogger(__name__)

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


def utc_offset(settings) -> str:
    """The region's current offset as Indonesians write it: "UTC+8", "UTC+7", "UTC+9:30"."""
    offset = datetime.now(settings.tz).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def region_values(settings) -> dict[str, str]:
    return {
        "timezone_label": settings.timezone_label,
        "utc_offset": utc_offset(settings),
        "region_name": settings.region_name,
        "region_name_en": settings.region_name_en,
        "publisher": settings.publisher,
        "publisher_en": settings.publisher_en,
        "site_title": settings.title,
        "site_url": settings.site_url,
        "verification_limit": str(settings.verification_limit),
        "response_limit": str(settings.response_limit),
        "unhandled_limit": str(settings.unhandled_limit),
    }


def fill(text: str, values: dict[str, str], where: str = "") -> str:
    """Replace every placeholder in ``text``; unknown names are logged as errors."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            log.error(
                "%s: unknown placeholder {{ %s }} (known: %s)", where, name, ", ".join(values)
            )
            return match.group(0)
        return html.escape(values[name])

    return PLACEHOLDER.sub(replace, text)


def fill_page(content) -> None:
    if not isinstance(content, Page) or "LAPOR" not in content.settings:
        return
    values = region_values(content.settings["LAPOR"])
    content._content = fill(content._content, values, content.source_path)
    content.title = fill(content.title, values, content.source_path)


def register() -> None:
    signals.content_object_init.connect(fill_page)
