"""lapor_embeds: badges, widgets and "Tautkan ke kami" pages other sites can embed.

For every agency of plugins/lapor_listings (its groups and slugs, never
re-derived) and for the whole region, in Indonesian and again under ``en/``:

* ``instansi/<slug>/lencana.svg`` (region: ``lencana.svg``): an SVG badge
  with the name, the share of reports resolved and "SP4N-LAPOR!", rendered
  from the theme's ``lencana.svg`` template;
* ``instansi/<slug>/widget/`` (region: ``widget/``): a small page made for
  an ``<iframe>``, without JavaScript: the name, three figures, a link to the
  official channel and one to the full figures, both opening a new tab;
* ``instansi/<slug>/tautkan/`` (region: ``tautkan/``): copy-paste snippets
  (link, badge, iframe) with absolute URLs from ``LAPOR_SITE_URL``, and a
  preview of the badge and the widget;
* ``sematan/widget.css``: the widget's stylesheet in the region's colours.

Names come from the data and are untrusted. Characters XML cannot carry
(control characters) and bidirectional overrides are dropped
(:func:`clean_name`); every template escapes the rest (autoescape). The
badge's name is cut to two lines by an estimate of its rendered width
(:func:`wrap_name`), so no font metrics are needed and the bytes depend on
the data alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lapor_listings import EN_PREFIX, Group, Listings
from pelican import signals

#: The badge's size in px (the template draws to it; snippets give it to <img>).
BADGE_WIDTH = 320
BADGE_HEIGHT = 64
#: Room for the name on the badge: the left panel less its padding, at NAME_FONT_SIZE px.
NAME_WIDTH = 216
NAME_FONT_SIZE = 11
NAME_LINES = 2
ELLIPSIS = "…"
#: The widget's suggested frame (snippets and preview); the page reads well from 300 px.
WIDGET_WIDTH = 320
WIDGET_HEIGHT = 440

BADGE_FILE = "lencana.svg"
WIDGET_FOLDER = "widget/"
LINK_FOLDER = "tautkan/"
STYLESHEET = "sematan/widget.css"
BADGE_TEMPLATE = "lencana.svg"
STYLESHEET_TEMPLATE = "widget.css"
WIDGET_TEMPLATE = "widget"
LINK_TEMPLATE = "tautkan"

#: Characters XML 1.0 cannot carry, and bidirectional controls that could reorder the text.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]"
)
_NARROW = frozenset(" fijlrtI!.,:;'|()[]{}-/")
_WIDE = frozenset("mwMW@%")


# ---------------------------------------------------------------------------
# Names on the badge
# ---------------------------------------------------------------------------


def clean_name(name: str) -> str:
    """``name`` in NFC without control characters or bidi overrides, spaces collapsed."""
    text = _UNSAFE.sub(" ", unicodedata.normalize("NFC", name))
    return " ".join(text.split())


def text_width(text: str, font_size: float = NAME_FONT_SIZE) -> float:
    """A generous estimate of ``text``'s width in px, in a bold sans-serif (Verdana-like)."""
    em = 0.0
    for char in text:
        if char in _NARROW:
            em += 0.4
        elif char in _WIDE:
            em += 1.0
        elif char.isupper():
            em += 0.78
        elif char.isdigit():
            em += 0.7
        elif unicodedata.east_asian_width(char) in ("W", "F"):
            em += 1.1
        else:
            em += 0.64
    return em * font_size


def _fit(text: str, width: float) -> str:
    """The longest start of ``text`` that fits ``width`` with an ellipsis after it,
    cut between words unless that would lose more than half of it."""
    cut = text
    while cut and text_width(cut + ELLIPSIS) > width:
        cut = cut[:-1]
    if cut != text and not text[len(cut)].isspace():
        words = cut.rsplit(" ", 1)[0]
        if " " in cut and len(words) * 2 >= len(cut):
            cut = words
    return cut.rstrip(" ,.;:-") + ELLIPSIS


def wrap_name(name: str, width: float = NAME_WIDTH, lines: int = NAME_LINES) -> list[str]:
    """``name`` in at most ``lines`` lines of at most ``width`` px; a cut ends with "…".

    Lines break between words; a word too long for a line is broken inside.
    """
    words = clean_name(name).split(" ")
    result: list[str] = []
    current = ""
    while words:
        word = words[0]
        candidate = f"{current} {word}" if current else word
        if text_width(candidate) <= width:
            current = candidate
            words.pop(0)
            continue
        if not current:  # one word longer than a line: break it
            cut = len(word)
            while cut > 1 and text_width(word[:cut]) > width:
                cut -= 1
            current, words[0] = word[:cut], word[cut:]
        result.append(current)
        current = ""
        if len(result) == lines:
            break
    if current and len(result) < lines:
        result.append(current)
        current = ""
    if words or current:
        rest = " ".join(part for part in (result[-1], current, *words) if part)
        result[-1] = _fit(rest, width)
    return result


# ---------------------------------------------------------------------------
# What is embedded
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Subject:
    """An agency or the whole region: its names, its figures, where its embeds live."""

    name: str
    name_en: str
    #: Folder of its embeds, relative to the site ("instansi/<slug>/", or "" for the region).
    base: str
    #: Its page with the full figures, relative to the site.
    page_url: str
    #: Its figures (total, resolved, resolved_share, first_response_median).
    figures: Group
    is_region: bool = False

    def label(self, lang: str) -> str:
        """Its name in ``lang`` (an agency's name is the data's, in every language)."""
        return clean_name(self.name_en if lang == "en" else self.name)

    def name_lang(self, lang: str) -> str:
        """The language its name is written in, for ``lang=`` attributes."""
        return lang if self.is_region else "id"

    @property
    def badge_url(self) -> str:
        return self.base + BADGE_FILE

    @property
    def widget_url(self) -> str:
        return self.base + WIDGET_FOLDER

    @property
    def link_url(self) -> str:
        return self.base + LINK_FOLDER


def region_subject(lapor: Any, stats: Mapping[str, Any]) -> Subject:
    """The whole region, with the figures of ``statistik.json``'s totals."""
    totals = stats.get("totals") or {}
    timeliness = stats.get("timeliness") or {}
    row = {
        "total": totals.get("all"),
        "resolved": totals.get("resolved"),
        "timeliness": timeliness,
        "median_working_days_to_first_response": timeliness.get(
            "median_working_days_to_first_response"
        ),
    }
    figures = Group("region", lapor.region_name, "", row if totals else None)
    return Subject(lapor.region_name, lapor.region_name_en, "", "statistik/", figures, True)


def agency_subjects(listings: Listings) -> list[Subject]:
    """Every agency of the listings (the ones with a page), by name."""
    return [
        Subject(group.name, group.name, group.page_url, group.page_url, group)
        for group in listings.sorted("agency")
    ]


def subjects(context: Mapping[str, Any], lapor: Any) -> list[Subject]:
    """The region first, then every agency."""
    region = region_subject(lapor, context.get("STATS") or {})
    return [region, *agency_subjects(context["LISTINGS"])]


# ---------------------------------------------------------------------------
# Pelican glue
# ---------------------------------------------------------------------------


def _languages(path: str) -> Iterator[tuple[str, str]]:
    yield "id", path
    yield "en", EN_PREFIX + path


def render_badge(env: Any, subject: Subject, lang: str, context: Mapping[str, Any]) -> bytes:
    """The badge of ``subject`` in ``lang`` as UTF-8 SVG bytes."""
    template = env.get_template(BADGE_TEMPLATE)
    text = template.render(
        context,
        lang=lang,
        subject=subject,
        name_lines=wrap_name(subject.label(lang)),
        width=BADGE_WIDTH,
        height=BADGE_HEIGHT,
    )
    return (text.strip() + "\n").encode("utf-8")


def _write_bytes(output: Path, path: str, data: bytes) -> None:
    target = output / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def write_embeds(generator, writer) -> None:
    """Write every badge, widget and "Tautkan ke kami" page, in both languages."""
    settings = generator.settings
    context = generator.context
    output = Path(generator.output_path)
    relative = settings["RELATIVE_URLS"]
    sizes = {
        "badge_width": BADGE_WIDTH, "badge_height": BADGE_HEIGHT,
        "widget_width": WIDGET_WIDTH, "widget_height": WIDGET_HEIGHT,
    }  # fmt: skip
    css = generator.env.get_template(STYLESHEET_TEMPLATE).render(context)
    _write_bytes(output, STYLESHEET, (css.strip() + "\n").encode("utf-8"))
    for subject in subjects(context, settings["LAPOR"]):
        for lang, badge in _languages(subject.badge_url):
            _write_bytes(output, badge, render_badge(generator.env, subject, lang, context))
        for template, folder in ((WIDGET_TEMPLATE, subject.widget_url),
                                 (LINK_TEMPLATE, subject.link_url)):  # fmt: skip
            for lang, url in _languages(folder):
                writer.write_file(
                    url + "index.html", generator.get_template(template), context,
                    relative_urls=relative, url=url, lang=lang, subject=subject,
                    stylesheet=STYLESHEET, **sizes,
                )  # fmt: skip


def register() -> None:
    signals.article_writer_finalized.connect(write_embeds)
