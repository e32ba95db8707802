"""lapor_kit: a "Kit Sosialisasi" (outreach kit) for every agency and for the region.

For every agency of plugins/lapor_listings and for the whole region (the
subjects of plugins/lapor_embeds: the same slugs, groups and folders), in
``<base>kit/`` (``instansi/<slug>/kit/``, or ``kit/`` for the region):

* ``poster.pdf`` and ``poster.svg``: an A4 poster (Indonesian) with the
  official channels of ``LAPOR.official``, a QR code to the official website,
  the agency's name and what *anonim* and *rahasia* mean;
* ``kartu.png`` and ``kartu.svg``: a 1080 × 1080 share card with the
  agency's reports of the last completed month (``by_agency[].last_month``
  of statistik.json) and the call to report through the official channel;
* ``caption.txt`` and ``whatsapp.txt``: ready-to-paste texts, in Indonesian,
  and again in English under ``en/``;
* ``index.html`` (and ``en/…/index.html``): the kit page, with previews,
  downloads, the texts and how to use them.

Rendering is a pure function of (subject, texts, settings) to bytes: one
layout (:class:`Drawing`, a list of boxes, texts and a QR code) painted three
ways (:func:`pdf_bytes`, :func:`svg_bytes`, :func:`png_bytes`). The PDF
embeds a subset of Bitstream Vera (shipped with reportlab) and is written in
reportlab's invariant mode, so the same data gives the same bytes. With
plugins/lapor_reuse, a kit whose drawings (:class:`KitDrawings`) fingerprint
as in the last build takes that build's files instead of painting them. Every text
comes from the theme's ``kit_texts.html`` (translated with ``_``). Names are
untrusted: :func:`lapor_embeds.clean_name` drops what XML cannot carry, the
SVG painter escapes the rest, and characters the font lacks become "?".
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

import reportlab
import segno
from lapor_embeds import Subject, clean_name, subjects
from lapor_listings import EN_PREFIX
from pelican import signals
from PIL import Image, ImageDraw, ImageFont
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from lapor_site.labels import month_label

KIT_FOLDER = "kit/"
KIT_TEMPLATE = "kit"
TEXTS_TEMPLATE = "kit_texts.html"
POSTER_PDF = "poster.pdf"
POSTER_SVG = "poster.svg"
CARD_PNG = "kartu.png"
CARD_SVG = "kartu.svg"
CAPTION = "caption.txt"
WHATSAPP = "whatsapp.txt"
#: A4 in PostScript points, and the share card in pixels.
A4 = (595, 842)
CARD = 1080
#: The longest WhatsApp broadcast message, and the longest name it quotes.
WHATSAPP_LIMIT = 700
WHATSAPP_NAME = 150
ELLIPSIS = "…"
#: zlib effort for the card: level 1 takes half the time of the default (6) for a file
#: about 20% larger (~80 KB); the PNG is the slowest part of a kit.
PNG_COMPRESS_LEVEL = 1
WHITE, DARK, GREY = "#ffffff", "#1a1a1a", "#555555"
_FONT_DIR = Path(reportlab.__file__).parent / "fonts"
FONTS = {
    False: ("LaporVera", _FONT_DIR / "Vera.ttf"),
    True: ("LaporVeraBd", _FONT_DIR / "VeraBd.ttf"),
}
SVG_FONTS = "'Bitstream Vera Sans', 'DejaVu Sans', Verdana, sans-serif"


# ---------------------------------------------------------------------------
# Fonts and text
# ---------------------------------------------------------------------------


@cache
def _pdf_font(bold: bool) -> TTFont:
    """The TrueType font, registered with reportlab once (embedded as a subset)."""
    name, path = FONTS[bold]
    font = TTFont(name, str(path))
    pdfmetrics.registerFont(font)
    return font


@cache
def _png_font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS[bold][1]), size)


def printable(text: str) -> str:
    """``text`` cleaned (:func:`clean_name`) with every character the font lacks as "?"."""
    glyphs = _pdf_font(False).face.charToGlyph
    return "".join(c if ord(c) in glyphs else "?" for c in clean_name(text))


def text_width(text: str, size: float, bold: bool = False) -> float:
    """``text``'s width at ``size`` in the kit's font (points or pixels alike)."""
    return pdfmetrics.stringWidth(text, _pdf_font(bold).fontName, size)


def _cut(text: str, size: float, bold: bool, width: float) -> str:
    while text and text_width(text + ELLIPSIS, size, bold) > width:
        text = text[:-1]
    return text.rstrip(" ,.;:-") + ELLIPSIS


def wrap(text: str, size: float, width: float, lines: int, bold: bool = False) -> list[str]:
    """``text`` in at most ``lines`` lines no wider than ``width``; a cut ends with "…"."""
    words = printable(text).split(" ")
    result: list[str] = []
    current = ""
    while words and len(result) < lines:
        word = words[0]
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold) <= width:
            current, words = candidate, words[1:]
            continue
        if not current:  # a word longer than the line: break it
            cut = len(word)
            while cut > 1 and text_width(word[:cut], size, bold) > width:
                cut -= 1
            current, words = word[:cut], [word[cut:], *words[1:]]
        result.append(current)
        current = ""
    if current:
        result.append(current)
    if words and result:
        result[-1] = _cut(" ".join([result[-1], *words]), size, bold, width)
    return result


def clip(text: str, length: int) -> str:
    """``text`` cut to at most ``length`` characters, ending with "…" when cut."""
    return text if len(text) <= length else text[: length - 1].rstrip() + ELLIPSIS


# ---------------------------------------------------------------------------
# Layout: one drawing, three painters
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    width: float
    height: float
    fill: str


@dataclass(frozen=True, slots=True)
class Text:
    """A line of text; ``y`` is its baseline, ``anchor`` start, middle or end."""

    x: float
    y: float
    size: float
    text: str
    fill: str = DARK
    bold: bool = False
    anchor: str = "start"


@dataclass(frozen=True, slots=True)
class Qr:
    """A QR code with its quiet zone, ``module`` units per module, top-left at x, y."""

    x: float
    y: float
    module: float
    matrix: tuple[tuple[bool, ...], ...]

    @property
    def size(self) -> float:
        return self.module * len(self.matrix)


@dataclass(frozen=True, slots=True)
class Drawing:
    width: int
    height: int
    items: tuple[Box | Text | Qr, ...]
    title: str
    desc: str


@cache
def qr_matrix(url: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code of ``url`` (error correction M) with its 4-module quiet zone."""
    code = segno.make_qr(url, error="m", boost_error=False)
    return tuple(tuple(bool(m) for m in row) for row in code.matrix_iter(scale=1, border=4))


class _Column:
    """Lines of text laid out from top to bottom at a cursor."""

    def __init__(self, x: float, y: float, width: float) -> None:
        self.x, self.y, self.width = x, y, width
        self.items: list[Text] = []

    def add(
        self,
        text: str,
        size: float,
        *,
        lines: int = 1,
        bold: bool = False,
        fill: str = DARK,
        gap: float = 0.0,
        leading: float = 1.25,
    ) -> None:
        self.y += gap
        for line in wrap(text, size, self.width, lines, bold):
            self.y += size * leading
            self.items.append(Text(self.x, self.y, size, line, fill, bold))


@dataclass(frozen=True, slots=True)
class Texts:
    """The kit's texts in one language (plain), from ``kit_texts.html``."""

    values: Mapping[str, str]

    def __getattr__(self, key: str) -> str:
        return self.values[key]


TEXT_KEYS = (
    "headline",
    "tagline",
    "for_agency",
    "for_region",
    "tone",
    "channels_title",
    "channel_web",
    "channel_sms",
    "channel_app",
    "channel_x",
    "choose_agency",
    "qr_caption",
    "anonim",
    "rahasia",
    "not_here",
    "card_title",
    "card_received",
    "card_resolved",
    "card_withheld",
    "card_caveat",
    "card_call",
    "sample",
    "caption",
    "whatsapp",
)


def poster(
    subject: Subject, texts: Texts, colours: tuple[str, str], web: str, footer: tuple[str, ...]
) -> Drawing:
    """The A4 poster of ``subject``: channels, QR code, name, anonim and rahasia."""
    primary, accent = colours
    width, height = A4
    margin = 48
    top = _Column(margin, 20, width - 2 * margin)
    top.add("SP4N-LAPOR!", 40, bold=True, fill=WHITE)
    top.add(texts.tagline, 14, fill=WHITE, gap=2)
    top.add(texts.headline, 30, lines=2, bold=True, fill=WHITE, gap=16)
    band = Box(0, 0, width, top.y + 28, primary)
    body = _Column(margin, band.height + 16, width - 2 * margin)
    if subject.is_region:
        body.add(texts.for_region, 26, lines=3, bold=True, fill=primary, gap=14)
    else:
        body.add(texts.for_agency, 15, gap=14)
        body.add(subject.name, 26, lines=3, bold=True, fill=primary, gap=2)
    body.add(texts.tone, 15, lines=2, gap=14)
    qr_top = body.y + 36
    matrix = qr_matrix(web)
    qr = Qr(width - margin - 170, qr_top, 170 / len(matrix), matrix)
    channels = _Column(margin, qr_top - 6, width - 2 * margin - 176)
    channels.add(texts.channels_title, 20, bold=True, fill=accent)
    for line in (texts.channel_web, texts.channel_sms, texts.channel_app, texts.channel_x):
        channels.add(line, 14, lines=2, gap=12)
    channels.add(texts.choose_agency, 13, lines=2, gap=14, fill=GREY)
    qr_texts = [
        Text(
            qr.x + qr.size / 2,
            qr_top + qr.size + 14,
            13,
            printable(texts.qr_caption),
            DARK,
            True,
            "middle",
        ),
        Text(
            qr.x + qr.size / 2,
            qr_top + qr.size + 30,
            12,
            printable(_host(web)),
            GREY,
            False,
            "middle",
        ),
    ]
    privacy = _Column(margin, max(channels.y, qr_top + qr.size + 30) + 30, width - 2 * margin)
    rule = Box(margin, privacy.y, width - 2 * margin, 2, accent)
    privacy.add(texts.anonim, 15, lines=3, gap=14)
    privacy.add(texts.rahasia, 15, lines=3, gap=10)
    privacy.add(texts.not_here, 12, lines=2, gap=24, fill=GREY)
    bottom = _Column(margin, height - 30 - 11.25 * len(footer), width - 2 * margin)
    for line in footer:
        bottom.add(line, 9, fill=GREY)
    items = (
        band,
        *top.items,
        *body.items,
        qr,
        *qr_texts,
        *channels.items,
        rule,
        *privacy.items,
        *bottom.items,
    )
    lines = [t.text for t in items if isinstance(t, Text)]
    return Drawing(width, height, items, f"SP4N-LAPOR!: {printable(subject.name)}", " ".join(lines))


def _count(value: Any, texts: Texts) -> tuple[str, float]:
    """A card figure and its font size: the count, "kurang dari k" when withheld, "–"."""
    if isinstance(value, int):
        return f"{value:,}".replace(",", "."), 132
    return (texts.card_withheld, 56) if value is None else ("–", 132)


def card(
    subject: Subject,
    texts: Texts,
    colours: tuple[str, str],
    month: Mapping[str, Any],
    web: str,
    region: str,
    sample: bool,
) -> Drawing:
    """The 1080 × 1080 share card: last month's reports and the call to report."""
    primary, accent = colours
    side = CARD
    margin = 72
    head = _Column(margin, 40, side - 2 * margin)
    head.add("SP4N-LAPOR!", 64, bold=True, fill=WHITE)
    head.add(region, 32, fill=WHITE, gap=4)
    items: list[Box | Text | Qr] = [Box(0, 0, side, head.y + 44, primary), *head.items]
    if sample:
        items.append(Text(side - margin, 100, 30, printable(texts.sample), WHITE, True, "end"))
    body = _Column(margin, head.y + 60, side - 2 * margin)
    body.add(subject.name, 46, lines=2, bold=True)
    body.add(texts.card_title, 36, gap=16, fill=GREY)
    items += body.items
    figures_y = body.y + 170
    for x, value, label in (
        (margin, month.get("received"), texts.card_received),
        (side / 2 + 20, month.get("resolved"), texts.card_resolved),
    ):
        shown, size = _count(value, texts) if month else ("–", 132)
        items.append(Text(x, figures_y, size, printable(shown), primary, True))
        column = _Column(x, figures_y + 10, side / 2 - margin - 20)
        column.add(label, 32, lines=2)
        items += column.items
    items.append(Text(margin, figures_y + 150, 30, printable(texts.card_caveat), GREY))
    band_top = side - 260
    items.append(Box(0, band_top, side, 260, accent))
    call = _Column(margin, band_top + 16, side - 2 * margin - 230)
    call.add(texts.card_call, 40, lines=2, bold=True, fill=WHITE)
    call.add(texts.channel_web, 28, fill=WHITE, gap=8)
    call.add(texts.channel_sms, 28, fill=WHITE)
    items += call.items
    matrix = qr_matrix(web)
    module = 6
    size = module * len(matrix)
    items.append(Qr(side - margin - size + 30, band_top + (260 - size) / 2, module, matrix))
    lines = [t.text for t in items if isinstance(t, Text)]
    return Drawing(
        side, side, tuple(items), f"{printable(subject.name)}: {texts.card_title}", " ".join(lines)
    )


# ---------------------------------------------------------------------------
# Painters
# ---------------------------------------------------------------------------


def _dark_runs(matrix: tuple[tuple[bool, ...], ...]) -> Iterator[tuple[int, int, int]]:
    """(row, first column, length) of every horizontal run of dark modules."""
    for row, modules in enumerate(matrix):
        column = 0
        while column < len(modules):
            if modules[column]:
                start = column
                while column < len(modules) and modules[column]:
                    column += 1
                yield row, start, column - start
            else:
                column += 1


def pdf_bytes(drawing: Drawing, author: str) -> bytes:
    """``drawing`` as a one-page PDF: real text in an embedded font subset, same bytes each time."""
    buffer = io.BytesIO()
    page = canvas.Canvas(
        buffer,
        pagesize=(drawing.width, drawing.height),
        invariant=1,
        pageCompression=1,
        initialFontName=_pdf_font(False).fontName,
    )
    page.setTitle(drawing.title)
    page.setAuthor(author)
    page.setSubject(drawing.desc[:500])
    page.setCreator("lapor-site")
    height = drawing.height
    for item in drawing.items:
        if isinstance(item, Box):
            page.setFillColor(item.fill)
            page.rect(
                item.x, height - item.y - item.height, item.width, item.height, stroke=0, fill=1
            )
        elif isinstance(item, Text):
            page.setFillColor(item.fill)
            page.setFont(_pdf_font(item.bold).fontName, item.size)
            draw = {
                "start": page.drawString,
                "middle": page.drawCentredString,
                "end": page.drawRightString,
            }[item.anchor]
            draw(item.x, height - item.y, item.text)
        else:
            page.setFillColor(WHITE)
            page.rect(item.x, height - item.y - item.size, item.size, item.size, stroke=0, fill=1)
            page.setFillColor("#000000")
            path = page.beginPath()
            for row, column, length in _dark_runs(item.matrix):
                top = height - item.y - (row + 1) * item.module
                path.rect(item.x + column * item.module, top, length * item.module, item.module)
            page.drawPath(path, stroke=0, fill=1)
    page.showPage()
    page.save()
    return buffer.getvalue()


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def svg_bytes(drawing: Drawing, lang: str = "id") -> bytes:
    """``drawing`` as SVG with ``role="img"``, ``<title>`` and ``<desc>``; every text escaped."""
    w, h = drawing.width, drawing.height
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" role="img" aria-labelledby="kit-title kit-desc" '
        f'xml:lang="{lang}" font-family={quoteattr(SVG_FONTS)}>',
        f'<title id="kit-title">{escape(drawing.title)}</title>',
        f'<desc id="kit-desc">{escape(drawing.desc)}</desc>',
    ]
    for item in drawing.items:
        if isinstance(item, Box):
            parts.append(
                f'<rect x="{_num(item.x)}" y="{_num(item.y)}" width="{_num(item.width)}" '
                f'height="{_num(item.height)}" fill="{item.fill}"/>'
            )
        elif isinstance(item, Text):
            weight = ' font-weight="bold"' if item.bold else ""
            anchor = f' text-anchor="{item.anchor}"' if item.anchor != "start" else ""
            parts.append(
                f'<text x="{_num(item.x)}" y="{_num(item.y)}" font-size="{_num(item.size)}"'
                f' fill="{item.fill}"{weight}{anchor}>{escape(item.text)}</text>'
            )
        else:
            m = item.module
            runs = "".join(
                f"M{_num(item.x + c * m)} {_num(item.y + r * m)}h{_num(n * m)}"
                f"v{_num(m)}h-{_num(n * m)}z"
                for r, c, n in _dark_runs(item.matrix)
            )
            parts.append(
                f'<rect x="{_num(item.x)}" y="{_num(item.y)}" width="{_num(item.size)}" '
                f'height="{_num(item.size)}" fill="#ffffff"/>'
            )
            parts.append(f'<path d="{runs}" fill="#000000"/>')
    parts.append("</svg>\n")
    return "\n".join(parts).encode("utf-8")


def png_bytes(drawing: Drawing) -> bytes:
    """``drawing`` as an RGB PNG (no metadata, so the same data gives the same bytes)."""
    image = Image.new("RGB", (drawing.width, drawing.height), WHITE)
    draw = ImageDraw.Draw(image)
    anchors = {"start": "ls", "middle": "ms", "end": "rs"}
    for item in drawing.items:
        if isinstance(item, Box):
            draw.rectangle(
                (item.x, item.y, item.x + item.width - 1, item.y + item.height - 1), fill=item.fill
            )
        elif isinstance(item, Text):
            font = _png_font(item.bold, round(item.size))
            draw.text(
                (item.x, item.y), item.text, fill=item.fill, font=font, anchor=anchors[item.anchor]
            )
        else:
            x, y, m = round(item.x), round(item.y), round(item.module)
            draw.rectangle(
                (x, y, x + m * len(item.matrix) - 1, y + m * len(item.matrix) - 1), fill=WHITE
            )
            for row, column, length in _dark_runs(item.matrix):
                left, top = x + column * m, y + row * m
                draw.rectangle((left, top, left + length * m - 1, top + m - 1), fill="#000000")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=PNG_COMPRESS_LEVEL)
    return buffer.getvalue()


# ---------------------------------------------------------------------------
# Texts and figures of a subject
# ---------------------------------------------------------------------------


def _host(url: str) -> str:
    """``url``'s host without "www.", as people type it (lapor.go.id)."""
    return urlsplit(url).netloc.removeprefix("www.")


def kit_texts(
    env: Any,
    lang: str,
    subject: Subject,
    lapor: Any,
    page_abs: str,
    month: str,
    min_cell_count: int,
) -> Texts:
    """Every text of ``subject``'s kit in ``lang``, from the theme's ``kit_texts.html``."""
    name = subject.label(lang)
    module = env.get_template(TEXTS_TEMPLATE).make_module(
        {
            "lang": lang,
            "name": name,
            "short_name": clip(name, WHATSAPP_NAME),
            "region": lapor.region_name_en if lang == "en" else lapor.region_name,
            "official": lapor.official,
            "web_host": _host(lapor.official.web),
            "page_abs": page_abs,
            "month": month,
            "min_cell_count": min_cell_count,
        }
    )
    return Texts({key: str(getattr(module, key)).strip() for key in TEXT_KEYS})


def last_month(subject: Subject, stats: Mapping[str, Any]) -> dict[str, Any]:
    """``subject``'s last completed month: {"month", "received", "resolved"}, or {}."""
    if subject.is_region:
        months = stats.get("completed_months") or []
        if not months:
            return {}
        latest = months[-1]
        resolved = (latest.get("resolution") or {}).get("measured")
        return {"month": latest["month"], "received": latest.get("received"), "resolved": resolved}
    row = subject.figures.row or {}
    return dict(row.get("last_month") or {})


@dataclass(frozen=True, slots=True)
class KitFile:
    """One file of a kit: its name, its bytes, and how a page describes it."""

    name: str
    data: bytes

    @property
    def size_label(self) -> str:
        size = len(self.data)
        if size < 1024:
            return f"{size} B"
        return f"{round(size / 1024):,} KB".replace(",", ".")


def kit_drawings(
    subject: Subject, texts: Texts, lapor: Any, month: Mapping[str, Any], sample: bool
) -> KitDrawings:
    """The layouts of the Indonesian poster and card of ``subject``."""
    colours = (lapor.primary_colour, lapor.accent_colour)
    web = lapor.official.web
    site = lapor.site_url.removeprefix("https://").removeprefix("http://")
    footer = (
        f"{site} · {texts.sample}" if sample else site,
        f"{_host(web)}: {lapor.official.source}",
    )
    sheet = poster(subject, texts, colours, web, footer)
    share = card(subject, texts, colours, month, web, lapor.region_name, sample)
    return KitDrawings(sheet, share, lapor.publisher)


@dataclass(frozen=True, slots=True)
class KitDrawings:
    """The layouts of a kit's files: what :func:`paint` turns into bytes."""

    poster: Drawing
    card: Drawing
    author: str


def paint(drawings: KitDrawings) -> list[KitFile]:
    """The poster and the card, as PDF, SVG and PNG bytes: a pure function of ``drawings``."""
    return [
        KitFile(POSTER_PDF, pdf_bytes(drawings.poster, drawings.author)),
        KitFile(POSTER_SVG, svg_bytes(drawings.poster)),
        KitFile(CARD_PNG, png_bytes(drawings.card)),
        KitFile(CARD_SVG, svg_bytes(drawings.card)),
    ]


def text_files(texts: Texts) -> list[KitFile]:
    return [
        KitFile(CAPTION, (texts.caption + "\n").encode("utf-8")),
        KitFile(WHATSAPP, (texts.whatsapp + "\n").encode("utf-8")),
    ]


# ---------------------------------------------------------------------------
# Pelican glue
# ---------------------------------------------------------------------------


def kit_url(subject: Subject, lang: str = "id") -> str:
    """The folder of ``subject``'s kit in ``lang``, relative to the site."""
    return (EN_PREFIX if lang == "en" else "") + subject.base + KIT_FOLDER


def _write(output: Path, folder: str, files: list[KitFile]) -> None:
    target = output / folder
    target.mkdir(parents=True, exist_ok=True)
    for file in files:
        (target / file.name).write_bytes(file.data)


#: The files :func:`paint` makes, in its order.
PAINTED = (POSTER_PDF, POSTER_SVG, CARD_PNG, CARD_SVG)


def _painted_files(writer: Any, output: Path, folder: str, drawings: KitDrawings) -> list[KitFile]:
    """The painted files of a kit, written into ``folder``: the last build's when the
    writer (plugins/lapor_reuse) has them for the same drawings, else painted now
    (about 30 ms a kit: 2.9 s of a daily update at 20,000 cases, profiled)."""
    previous = getattr(writer, "previous_files", None)
    found = previous(folder, PAINTED, drawings) if previous else None
    if found is not None:
        return [KitFile(name, found[name]) for name in PAINTED]
    files = paint(drawings)
    _write(output, folder, files)
    remember = getattr(writer, "remember_files", None)
    if remember:
        remember(folder, {file.name: file.data for file in files}, drawings)
    return files


def write_kits(generator, writer) -> None:
    """Write every kit (files and pages), for the region and each agency."""
    settings, context = generator.settings, generator.context
    lapor = settings["LAPOR"]
    stats = context.get("STATS") or {}
    k = stats.get("min_cell_count") or 1
    sample = bool(settings.get("LAPOR_SAMPLE_DATA"))
    output = Path(generator.output_path)
    for subject in subjects(context, lapor):
        month = last_month(subject, stats)
        files: list[KitFile] = []
        for lang in ("id", "en"):
            label = month_label(month["month"], lang) if month else "–"
            page_abs = f"{settings['LAPOR_SITE_URL']}/{EN_PREFIX if lang == 'en' else ''}"
            page_abs += subject.page_url
            texts = kit_texts(generator.env, lang, subject, lapor, page_abs, label, k)
            if lang == "id":
                drawings = kit_drawings(subject, texts, lapor, month, sample)
                files = _painted_files(writer, output, kit_url(subject), drawings)
            folder = kit_url(subject, lang)
            _write(output, folder, text_files(texts))
            writer.write_file(
                folder + "index.html",
                generator.get_template(KIT_TEMPLATE),
                context,
                relative_urls=settings["RELATIVE_URLS"],
                url=folder,
                lang=lang,
                subject=subject,
                texts=texts,
                files={f.name: f for f in files},
                kit_base=kit_url(subject),
                month=month,
            )


def register() -> None:
    signals.article_writer_finalized.connect(write_kits)
