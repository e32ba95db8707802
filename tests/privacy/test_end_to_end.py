"""End to end: a hostile input through sync, Pelican and the feeds publishes no personal data
and no live markup, and the complaint itself stays readable.

One JSONL of synthetic records (:mod:`privacy.hostile`) goes through the real
``lapor-site update`` (validate, anonymize, aggregate, write, Pelican with the
project's plugins and theme, the feeds, the leak audit) into a temporary
directory, once for the module. The records carry every planted item of the
adversarial corpus, the reporter's own identity in many spellings and odd
Unicode, hostile HTML, template syntax, Markdown structure, Pelican metadata
injection, path traversal in the tracking id and a 1 MB description; some are
confidential, unresolved or invalid and must leave no trace.

The tests then read the built site as a reader and a feed reader would:

* zero live markup in every HTML page and in every feed item's HTML;
* every file under the output directory, case pages at ``kasus/<id>/`` (the
  pseudonym shape, :data:`lapor_site.anonymize.PSEUDONYM_RE`);
* zero leaks of identity values and planted personal data, compared after
  decoding entities, NFKC, dropping invisible characters and combining marks,
  case folding, and digit for digit for numbers; the project's own leak audit
  agrees;
* hidden records' markers, titles and timestamps appear nowhere;
* legitimate text (places, agencies, dates, amounts) survives;
* template and metadata syntax stays literal text.

Personal data in the label fields (category, agency, region, district) gets
two small builds of its own at the end, raw line separators inside JSONL
strings a small sync: in the main input either would stop the whole run.
Each failure names the input, the file and what appeared.
"""

from __future__ import annotations

import contextlib
import gzip
import html
import io
import json
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import lxml.etree
import lxml.html
import pytest
from factories import make_record, new_site

from lapor_site.anonymize import PSEUDONYM_RE, pseudonym
from lapor_site.audit import PROGRAM_FILES, audit_tree, format_findings
from lapor_site.build import allowed_values
from lapor_site.cli import main
from lapor_site.labels import month_name
from lapor_site.model import DATE_FIELDS
from lapor_site.redact import HONORIFICS, NAME_CONNECTORS, PRE_TITLES
from lapor_site.settings import load_settings
from lapor_site.site import INSTALL_ROOT as ROOT
from lapor_site.validate import MAX_TEXT_CHARS
from lapor_site.write import one_line
from privacy.corpus import BANK, EMAIL, ID, NAME, NIK, PHONE, SOCIAL, Item, leaked
from privacy.hostile import (
    HIDDEN,
    HOSTILE_MARKUP,
    HUGE_CHARS,
    INJECTED_TITLE,
    INVALID,
    LABELS,
    MARKDOWN_STRUCTURE,
    MUST_SURVIVE,
    PUBLISHED,
    PWNED_NAME,
    TRAVERSAL_IDS,
    Spec,
    dataset,
)

SECRET = "e2e-privacy-test-key"
SETTINGS = load_settings(ROOT / "region.toml")
WITA = ZoneInfo(SETTINGS.timezone)
OFFICIAL_WEB = SETTINGS.official.web
SPECS = dataset()
BY_KEY = {spec.key: spec for spec in SPECS}
PUBLISHED_SPECS = [s for s in SPECS if s.fate == PUBLISHED]
HIDDEN_SPECS = [s for s in SPECS if s.fate in (HIDDEN, INVALID)]
CORPUS_SPECS = [s for s in PUBLISHED_SPECS if s.items]
#: Characters that must never reach a published file: invisible, bidi, separators, NUL.
FORBIDDEN_CHARS = re.compile("[\x00\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u2028\u2029\x85]")
#: Attributes whose value is a URL a browser may load or navigate to.
URL_ATTRIBUTES = frozenset(
    ("href", "src", "action", "formaction", "poster", "background", "srcset", "data", "xlink:href")
)
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
#: Elements that never belong in page content (inside <main>).
FORBIDDEN_IN_MAIN = frozenset(
    (
        "iframe", "object", "embed", "style", "script", "form", "input", "base", "link",
        "meta", "svg", "math", "img", "template", "noscript", "frame", "frameset", "applet",
    )
)  # fmt: skip
CASE_SECTIONS = '//section[@class="case-text" or @class="case-response"]'
#: Items per feed (LAPOR_FEED_ITEMS in pelicanconf.py).
FEED_ITEMS = 50


# ---------------------------------------------------------------------------
# Building the site once
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """One ``lapor-site update`` run in a temporary directory."""

    root: Path
    input: Path
    state: Path
    content: Path
    output: Path
    code: int
    stderr: str
    #: Files the injected ``Save_as`` could create, with their mtime before the run.
    traps: dict[Path, float | None]

    def case_dir(self, spec: Spec) -> Path:
        return self.output / "kasus" / case_id(spec)

    def case_page(self, spec: Spec) -> lxml.html.HtmlElement:
        return parse_html(self.case_dir(spec) / "index.html")


def case_id(spec: Spec) -> str:
    return pseudonym(spec.tracking_id, SECRET.encode("utf-8"))


def jsonl_line(row: dict) -> str:
    """``row`` as one JSONL line, UTF-8 kept raw except the characters that break lines.

    ``json.dumps(ensure_ascii=False)`` leaves U+2028, U+2029 and U+0085 raw,
    and the JSONL reader splits lines on them (see
    :func:`test_raw_line_separators_in_jsonl_strings_do_not_split_records`).
    """
    text = json.dumps(row, ensure_ascii=False)
    for char in "\u2028\u2029\x85":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text + "\n"


def _trap_paths(root: Path) -> list[Path]:
    """Where ``Save_as: ../../../tmp/<name>`` could land, from any plausible base."""
    bases = [root, root / "output", root / "output" / "kasus", ROOT, ROOT / "output", Path.cwd()]
    paths = {Path("/tmp") / PWNED_NAME, ROOT / PWNED_NAME}
    for base in bases:
        for depth in range(1, 5):
            paths.add(Path(os.path.normpath(base / ("../" * depth) / "tmp" / PWNED_NAME)))
    return sorted(paths)


def _mtime(path: Path) -> float | None:
    return path.stat().st_mtime if path.exists() else None


def run_update(root: Path, rows: list[dict]) -> tuple[int, str, Path, Path]:
    """Run ``lapor-site update`` on ``rows`` under ``root``.

    Returns the exit code, stderr, the content root and the output directory.
    """
    content_root = new_site(root) / "content"
    source = root / "input.jsonl"
    source.write_text("".join(jsonl_line(r) for r in rows), encoding="utf-8")
    output = root / "output"
    argv = ["update", "--site", str(root), "--input", str(source)]
    err = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stderr(err):
        patch.setenv("LAPOR_SITE_SECRET", SECRET)
        code = main(argv)
    return code, err.getvalue(), content_root, output


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("e2e")
    traps = {path: _mtime(path) for path in _trap_paths(root)}
    code, stderr, content, output = run_update(root, [spec.row for spec in SPECS])
    print(stderr)  # shown by pytest on failure: which records the pipeline skipped
    return Site(
        root,
        root / "input.jsonl",
        root / ".state" / "sync.json",
        content,
        output,
        code,
        stderr,
        traps,
    )


# ---------------------------------------------------------------------------
# Reading the output
# ---------------------------------------------------------------------------


@cache
def parse_html(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(path.read_bytes())


def text_files(output: Path) -> Iterator[tuple[str, str]]:
    """Every published text file, the search index decompressed, as the leak audit reads
    them: Pagefind's own program files (:data:`lapor_site.audit.PROGRAM_FILES`) and
    binary files (its word index; the pages it is made from are checked) aside."""
    for path in sorted(output.rglob("*")):
        relative = path.relative_to(output).as_posix()
        if not path.is_file() or any(fnmatchcase(relative, p) for p in PROGRAM_FILES):
            continue
        data, errors = path.read_bytes(), "strict"
        if data[:2] == b"\x1f\x8b":  # the search index: UTF-8 text in a binary format
            data, errors = gzip.decompress(data), "replace"
        if b"\0" not in data[:8192]:
            yield relative, data.decode("utf-8", errors)


_DROPPED = frozenset(("Mn", "Me", "Cf", "Cc", "Co", "Cs", "Cn"))


def flatten(text: str) -> str:
    """``text`` as a reader sees it, for comparison.

    HTML entities decoded (three rounds, for feeds that escape HTML twice),
    NFKD, combining marks and invisible or control characters dropped (line
    breaks become spaces), NFKC, digits of any script as ASCII, case folded.
    """
    for _ in range(3):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    text = unicodedata.normalize("NFKD", text)
    table: dict[int, str | None] = {}
    for char in set(text):
        if char.isascii() and (char.isprintable() or char in "\n\t"):
            continue
        if char in "\u2028\u2029\x85":
            table[ord(char)] = " "
        elif unicodedata.category(char) in _DROPPED:
            table[ord(char)] = None
        elif unicodedata.category(char) == "Nd":
            table[ord(char)] = str(unicodedata.decimal(char))
    return unicodedata.normalize("NFKC", text.translate(table)).casefold()


_DIGIT_RUN = re.compile(r"\d(?:[ \t.\-()+/_]{0,3}\d)*")


def digit_runs(flat: str) -> str:
    """Every run of digits in ``flat`` (separators removed), joined with "|"."""
    return "|".join(re.sub(r"\D", "", run) for run in _DIGIT_RUN.findall(flat))


def core_digits(value: str) -> str:
    """The digits of a number without a leading "62" or "0" (0812…, 62812…, +62 812… agree)."""
    digits = re.sub(r"\D", "", flatten(value))
    if digits.startswith("62"):
        return digits[2:]
    return digits[1:] if digits.startswith("0") else digits


def name_pattern(words: list[str]) -> re.Pattern[str]:
    """Whole ``words`` in order, separated by anything but letters (tags included)."""
    body = r"(?:<[^<>\n]{0,200}>|[\W\d_])+".join(re.escape(w) for w in words)
    return re.compile(rf"(?<![^\W\d_]){body}(?![^\W\d_])")


@dataclass(frozen=True)
class Published:
    """Every output file flattened, and its digit runs; each also as one blob for speed."""

    files: dict[str, str]
    digits: dict[str, str]
    blob: str
    digit_blob: str

    @classmethod
    def of(cls, output: Path) -> Published:
        files = {name: flatten(text) for name, text in text_files(output)}
        digits = {name: digit_runs(text) for name, text in files.items()}
        return cls(files, digits, "\x00".join(files.values()), "|".join(digits.values()))

    def where(
        self, found: re.Pattern[str] | str, *, digits: bool = False, hint: str = ""
    ) -> list[str]:
        """The files in which ``found`` (a flattened substring, digits or a pattern) occurs.

        ``hint`` is a substring of every match of a pattern: files without it are skipped.
        """
        pool, blob = (self.digits, self.digit_blob) if digits else (self.files, self.blob)
        if isinstance(found, str):
            return [name for name, text in pool.items() if found in text] if found in blob else []
        if hint not in blob or not found.search(blob):
            return []
        return [name for name, text in pool.items() if hint in text and found.search(text)]


@pytest.fixture(scope="module")
def published(site: Site) -> Published:
    return Published.of(site.output)


# ---------------------------------------------------------------------------
# What must not leak
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    """One value to look for in the output and how to look for it."""

    label: str
    kind: str  # "text", "digits" or "pattern"
    value: str | re.Pattern[str]
    hint: str = ""  # for a pattern: a substring of every match


def value_probes(kind: str, value: str) -> list[Probe]:
    """How to find a planted or identity ``value`` of ``kind`` anywhere in the site.

    Only values distinctive enough to be searched for site-wide: numbers of
    8+ digits, e-mail addresses and their local part, handles of 6+
    characters, names of two words or more. Everything else is checked on the
    record's own page.
    """
    flat = flatten(value).strip()
    if kind in (NIK, ID, BANK, PHONE) or (kind == SOCIAL and flat.isdigit()):
        core = core_digits(value)
        return [Probe(f"{kind} {value!r}", "digits", core)] if len(core) >= 8 else []
    if kind == EMAIL:
        local = flat.split("@")[0].strip()
        probes = [Probe(f"email {value!r}", "text", flat.replace(" ", ""))] if "@" in flat else []
        if len(local) >= 6:
            probes.append(Probe(f"email local part {local!r}", "text", local))
        return probes
    if kind == SOCIAL:
        handle = flat.lstrip("@")
        return [Probe(f"social {value!r}", "text", handle)] if len(handle) >= 6 else []
    if kind == NAME:
        words = [w for w in re.findall(r"[^\W\d_]+", flat) if len(w) >= 3]
        if len(words) >= 2:
            return [Probe(f"name {value!r}", "pattern", name_pattern(words), words[0])]
    return []


def identity_probes(spec: Spec) -> list[Probe]:
    name, nik, phone, email = spec.who.values()
    return [
        *value_probes(NAME, name),
        *value_probes(NIK, nik),
        *value_probes(PHONE, phone),
        *value_probes(EMAIL, email),
    ]


def planted_probes(spec: Spec) -> list[Probe]:
    return [
        p
        for entry in spec.items
        for kind, value in entry.planted
        for p in value_probes(kind, value)
    ]


def find(published: Published, probe: Probe) -> list[str]:
    if probe.kind == "digits":
        return published.where(str(probe.value), digits=True)
    return published.where(probe.value, hint=probe.hint)


def name_parts(name: str) -> list[str]:
    """The parts of the reporter's ``name`` the redactor removes wherever they stand."""
    protected = {w for p in SETTINGS.protected_words for w in re.findall(r"\w+", flatten(p))}
    skip = protected | NAME_CONNECTORS | PRE_TITLES | HONORIFICS
    return [w for w in re.findall(r"[^\W\d_]+", flatten(name)) if len(w) >= 3 and w not in skip]


def _param(spec: Spec) -> object:
    return pytest.param(spec, id=spec.key)


# ---------------------------------------------------------------------------
# 1. The run
# ---------------------------------------------------------------------------


def test_update_succeeds_and_skips_only_the_invalid_records(site: Site) -> None:
    assert site.code == 0, site.stderr
    skipped = [line for line in site.stderr.splitlines() if line.startswith("skipped ")]
    invalid_ids = sorted(s.tracking_id for s in SPECS if s.fate == INVALID)
    assert sorted(re.search(r"\(id ([^)]+)\)", line)[1] for line in skipped) == invalid_ids
    assert f"cases published: {len(PUBLISHED_SPECS)};" in site.stderr
    assert "leak audit passed" in site.stderr


def test_operator_output_holds_no_personal_data(site: Site) -> None:
    flat = flatten(site.stderr)
    runs = digit_runs(flat)
    for spec in SPECS:
        for probe in identity_probes(spec) + planted_probes(spec):
            pool = runs if probe.kind == "digits" else flat
            found = (
                str(probe.value) in pool if probe.kind != "pattern" else probe.value.search(pool)
            )
            assert not found, f"{spec.key}: {probe.label} printed on stderr"
        for marker in spec.markers:
            assert marker not in flat, f"{spec.key}: marker printed on stderr"


# ---------------------------------------------------------------------------
# 2. Zero live markup
# ---------------------------------------------------------------------------


def _dangerous(url: str) -> bool:
    squeezed = "".join(ch for ch in html.unescape(url) if ch.isprintable() and not ch.isspace())
    return squeezed.casefold().startswith(DANGEROUS_SCHEMES)


#: The site search pages, the only pages that run a script: the theme's own, by ``src``
#: (it loads Pagefind's UI from the site's /pagefind/ when someone searches).
SEARCH_PAGES = ("cari/index.html", "en/cari/index.html")
SEARCH_SCRIPTS = ("theme/js/cari.js",)


def theme_script(element: lxml.html.HtmlElement, where: str) -> bool:
    """JSON-LD data (inert, with no "<" that could end it) or the search page's own scripts."""
    body, src = (element.text or "").strip(), element.get("src") or ""
    if (element.get("type") or "").lower() == "application/ld+json":
        return not src and "<" not in body
    return where in SEARCH_PAGES and not body and src.endswith(SEARCH_SCRIPTS)


def theme_elements(main: lxml.html.HtmlElement, where: str) -> set[lxml.html.HtmlElement]:
    """Elements the theme itself puts in <main>: the search form on the search pages,
    the badge and widget previews (same-site URLs only) on the "Tautkan ke kami" pages,
    the poster and card previews on the "Kit sosialisasi" pages."""
    if where in SEARCH_PAGES:
        return {e for e in main.iter("form", "input")}
    if where.endswith(("tautkan/index.html", "kit/index.html")):
        return {
            e
            for e in main.iter("img", "iframe")
            if (src := e.get("src") or "")
            and not _dangerous(src)
            and ("//" not in src or src.startswith(SETTINGS.site_url.rstrip("/") + "/"))
        }
    return set()


def live_markup(root: lxml.html.HtmlElement, where: str) -> list[str]:
    """Script, event handlers and dangerous URLs anywhere under ``root``."""
    problems = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag == "script" and not theme_script(element, where):
            problems.append(f"{where}: <script>")
        if tag == "meta" and any(a.lower() == "http-equiv" for a in element.attrib):
            problems.append(f"{where}: <meta http-equiv>")
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                problems.append(f"{where}: <{tag} {name}=…>")
            if name.lower() in URL_ATTRIBUTES and _dangerous(value):
                problems.append(f"{where}: <{tag} {name}={value[:30]!r}>")
    return problems


#: The statistics pages, the only pages with charts (plugins/lapor_charts).
CHART_PAGES = ("statistik/index.html", "en/statistik/index.html")
#: Agency pages carry one chart too: the scorecard's 12-month trend (plugins/lapor_listings).
AGENCY_PAGE = re.compile(r"(?:en/)?instansi/[a-z0-9-]+/index\.html")
#: What a theme chart may hold: shapes and text, no links, images, styles or foreign content.
CHART_TAGS = frozenset(("title", "desc", "text", "rect", "line"))
CHART_ATTRIBUTES = frozenset(
    ("class", "id", "role", "width", "height", "aria-labelledby", "x", "y", "x1", "x2", "y1", "y2")
)


def theme_charts(main: lxml.html.HtmlElement, where: str) -> list[lxml.html.HtmlElement]:
    """The theme's own ``<svg class="chart">`` charts: statistics and agency pages only."""
    if where not in CHART_PAGES and not AGENCY_PAGE.fullmatch(where):
        return []
    return [e for e in main.iter("svg") if "chart" in (e.get("class") or "").split()]


def chart_problems(svg: lxml.html.HtmlElement, where: str) -> list[str]:
    """A chart is inert: only shapes and plain text, attributes from a short list."""
    problems = []
    for element in svg.iter():
        tag = element.tag.lower() if isinstance(element.tag, str) else "<!-- -->"
        if element is not svg and tag not in CHART_TAGS:
            problems.append(f"{where}: <{tag}> in a chart")
        if tag in ("title", "desc", "text") and len(element):
            problems.append(f"{where}: markup inside a chart's <{tag}>")
        problems += [
            f"{where}: <{tag} {name}=…> in a chart"
            for name in element.attrib
            if name.lower() not in CHART_ATTRIBUTES
        ]
    if svg.get("role") != "img":
        problems.append(f"{where}: chart without role=img")
    return problems


def inert_sections(root: lxml.html.HtmlElement, where: str) -> list[str]:
    """Case text sections hold a heading and plain paragraphs, nothing else."""
    problems = []
    for section in root.xpath(CASE_SECTIONS):
        for element in section.iterdescendants():
            if not isinstance(element.tag, str):
                problems.append(
                    f"{where}: comment or processing instruction in {section.get('class')}"
                )
            elif element.tag == "div" and dict(element.attrib) == {"lang": "id"}:
                continue  # the wrapper that marks the citizen's text as Indonesian
            elif element.tag not in ("h2", "p") or (element.tag == "p" and element.attrib):
                problems.append(f"{where}: <{element.tag} {dict(element.attrib)}> in case text")
    return problems


_RAW_SECTION = re.compile(r'<section class="case-(?:text|response)"[^>]*>(.*?)</section>', re.S)
_PLAIN_TAG = re.compile(r'</?p>|<h2 id="[a-z-]+">|</h2>|<h2>|<div lang="id">|</div>')


def raw_section_tags(source: str, where: str) -> list[str]:
    """Tags other than ``<p>`` and ``<h2>`` inside the case sections of raw HTML ``source``.

    Independent of any HTML parser: escaped text holds no "<", so every "<"
    inside a section starts a tag.
    """
    return [
        f"{where}: raw {tag[:40]!r} in case text"
        for body in _RAW_SECTION.findall(source)
        for tag in re.findall(r"<[^>]*>?", body)
        if not _PLAIN_TAG.fullmatch(tag)
    ]


def test_no_live_markup_in_any_page(site: Site) -> None:
    pages = sorted(site.output.rglob("*.html"))
    assert len(pages) > len(PUBLISHED_SPECS)
    problems = []
    for path in pages:
        where = path.relative_to(site.output).as_posix()
        doc = parse_html(path)
        problems += live_markup(doc, where)
        (main_element,) = doc.xpath("//main")
        charts = set(theme_charts(main_element, where))
        theme = theme_elements(main_element, where)
        problems += [
            f"{where}: <{e.tag}> in <main>"
            for e in main_element.iter()
            if isinstance(e.tag, str)
            and e.tag.lower() in FORBIDDEN_IN_MAIN
            and e not in theme
            and not (e in charts or any(e in set(c.iter()) for c in charts))
        ]
        problems += [p for c in charts for p in chart_problems(c, where)]
        problems += inert_sections(doc, where)
        problems += raw_section_tags(path.read_text(encoding="utf-8"), where)
    assert problems == []


def test_every_case_page_has_its_sections_and_no_links_in_them(site: Site) -> None:
    for spec in PUBLISHED_SPECS:
        doc = site.case_page(spec)
        sections = doc.xpath(CASE_SECTIONS)
        assert [s.get("class") for s in sections][:1] == ["case-text"], spec.key
        assert not [a for s in sections for a in s.iter("a")], spec.key
        assert doc.xpath("//article/@class") == ["case"], spec.key  # Template stays "case"
        raw = (site.case_dir(spec) / "index.html").read_text(encoding="utf-8")
        assert len(_RAW_SECTION.findall(raw)) == len(sections), spec.key


#: The link of a feed item to its case page (``<site url>/kasus/<id>/``).
_CASE_URL = re.compile(r"https?://[^/\s\"]+(?:/[^\s\"]*)?/kasus/[a-z]+/")


def feed_items(site: Site) -> list[tuple[str, str, str]]:
    """(feed, item title, item HTML) for every item of both feeds."""
    items = []
    atom = lxml.etree.parse(site.output / "feeds" / "kasus.atom.xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    for entry in atom.getroot().iterfind("a:entry", ns):
        content = entry.find("a:content", ns)
        assert content is not None and content.get("type") == "html"
        items.append(("atom", entry.findtext("a:title", "", ns), content.text or ""))
    rss = lxml.etree.parse(site.output / "feeds" / "kasus.rss.xml")
    encoded = "{http://purl.org/rss/1.0/modules/content/}encoded"
    for item in rss.getroot().iter("item"):
        bodies = [item.findtext("description"), item.findtext(encoded)]
        items += [("rss", item.findtext("title", ""), body) for body in bodies if body]
    return items


def test_no_live_markup_in_feed_items(site: Site) -> None:
    items = feed_items(site)
    newest = min(FEED_ITEMS, len(PUBLISHED_SPECS))
    assert len([i for i in items if i[0] == "atom"]) == newest
    assert len([i for i in items if i[0] == "rss"]) == newest
    # The hostile records are the newest, so every one of them is in both feeds.
    atom = (site.output / "feeds" / "kasus.atom.xml").read_text(encoding="utf-8")
    hostile = [s for s in PUBLISHED_SPECS if not s.items]
    assert len(hostile) < FEED_ITEMS
    assert [s.key for s in hostile if f"/kasus/{case_id(s)}/" not in atom] == []
    problems = []
    for number, (feed, title, body) in enumerate(items):
        where = f"{feed} item {number} ({title[:40]!r})"
        fragment = lxml.html.fragment_fromstring(body, create_parent="div")
        problems += live_markup(fragment, where)
        problems += inert_sections(fragment, where)
        problems += raw_section_tags(body, where)
        for element in fragment.iterdescendants():
            if not isinstance(element.tag, str):
                problems.append(f"{where}: comment or processing instruction")
            elif element.tag not in ("section", "h2", "p", "strong", "a"):
                problems.append(f"{where}: <{element.tag}>")
        links = [a.get("href") for a in fragment.iter("a")]
        # The case page on this site, the call to action, and nothing else.
        if len(links) != 3 or not _CASE_URL.fullmatch(links[0]) or links[1:] != [OFFICIAL_WEB] * 2:
            problems.append(f"{where}: links {links}")
    assert problems == []


def test_hostile_markup_shows_as_text(site: Site) -> None:
    """Escaped, not dropped: every hostile string reads as typed in the case text."""
    hostile = [s for s in PUBLISHED_SPECS if "hostile" in s.tags]
    assert len(hostile) == 23
    shown = " ".join(
        one_line(s.text_content())
        for spec in hostile
        for s in site.case_page(spec).xpath(CASE_SECTIONS)
    )
    missing = [t for t in (*HOSTILE_MARKUP, *MARKDOWN_STRUCTURE) if one_line(t) not in shown]
    assert missing == []


# ---------------------------------------------------------------------------
# 3. Files only under output, at the expected paths
# ---------------------------------------------------------------------------


def test_case_pages_live_at_their_pseudonym(site: Site) -> None:
    kasus = site.output / "kasus"
    expected = {case_id(spec) for spec in PUBLISHED_SPECS}
    assert len(expected) == len(PUBLISHED_SPECS)
    case_dirs = {p.name for p in kasus.iterdir() if p.is_dir() and p.name != "page"}
    assert case_dirs == expected
    for name in case_dirs:
        assert PSEUDONYM_RE.fullmatch(name)
        assert [p.name for p in (kasus / name).iterdir()] == ["index.html"]
    listing = {p.relative_to(kasus).as_posix() for p in kasus.rglob("*") if p.is_file()}
    case_page = re.compile(rf"{PSEUDONYM_RE.pattern}/index\.html")
    others = {p for p in listing if not case_page.fullmatch(p)}
    archived = max(0, len(PUBLISHED_SPECS) // SETTINGS.cases_per_page - 1)  # case_pages()
    assert others == {"index.html"} | {f"page/{n}/index.html" for n in range(1, archived + 1)}


def test_no_file_outside_the_output_directory(site: Site) -> None:
    for path in site.output.rglob("*"):
        relative = path.relative_to(site.output).as_posix()
        assert ".." not in relative and "evil" not in relative.lower(), relative
        assert re.fullmatch(r"[A-Za-z0-9._/-]+", relative), relative
        assert path.resolve().is_relative_to(site.output.resolve()), relative
    # the site folder: its region file, input, content, output and .state (state, store, lock)
    allowed = {site.input, site.content, site.output, site.state.parent, site.root / "region.toml"}
    strays = [
        p.relative_to(site.root).as_posix()
        for p in site.root.rglob("*")
        if not any(p == a or p.is_relative_to(a) for a in allowed)
    ]
    assert strays == []
    # English case pages are the Indonesian ones again, never a page a record asked for.
    indonesian = {p.parent.name for p in (site.output / "kasus").glob("*/index.html")}
    english = {p.parent.name for p in (site.output / "en" / "kasus").glob("*/index.html")}
    assert english == indonesian
    changed = [str(p) for p, before in site.traps.items() if _mtime(p) != before]
    assert changed == []
    assert not [p for p in site.root.parent.rglob(PWNED_NAME)]


# ---------------------------------------------------------------------------
# 4. Zero leaks
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("spec", [_param(s) for s in SPECS])
def test_identity_appears_in_no_file(published: Published, spec: Spec) -> None:
    found = {p.label: find(published, p) for p in identity_probes(spec)}
    assert {label: files for label, files in found.items() if files} == {}


@pytest.mark.parametrize("spec", [_param(s) for s in CORPUS_SPECS + HIDDEN_SPECS])
def test_planted_personal_data_appears_in_no_file(published: Published, spec: Spec) -> None:
    found = {p.label: find(published, p) for p in planted_probes(spec)}
    assert {label: files for label, files in found.items() if files} == {}


def main_text(site: Site, spec: Spec) -> str:
    (main_element,) = site.case_page(spec).xpath("//main")
    return unicodedata.normalize("NFKC", main_element.text_content())


@pytest.mark.parametrize("spec", [_param(s) for s in PUBLISHED_SPECS])
def test_case_page_shows_no_part_of_the_reporters_identity(site: Site, spec: Spec) -> None:
    flat = flatten(main_text(site, spec))
    parts = [w for w in name_parts(spec.who.name) if name_pattern([w]).search(flat)]
    assert parts == []
    runs = digit_runs(flat)
    for value in (spec.who.nik, spec.who.phone):
        core = core_digits(value)
        # No 8-digit stretch of the number survives anywhere on the page.
        assert not [core[i : i + 8] for i in range(len(core) - 7) if core[i : i + 8] in runs]
    assert spec.who.email.split("@")[0] not in flat


@pytest.mark.parametrize("spec", [_param(s) for s in CORPUS_SPECS])
def test_case_page_shows_no_planted_item(site: Site, spec: Spec) -> None:
    """The corpus's own leak check, on the flattened page minus every must-survive substring."""
    rest = flatten(main_text(site, spec))
    keep = [k for entry in spec.items for k in entry.survive] + list(MUST_SURVIVE)
    for text in sorted((flatten(k) for k in keep), key=len, reverse=True):
        rest = rest.replace(text, " ")
    leaks = {entry.text[:50]: leaked(Item(entry.text, entry.planted), rest) for entry in spec.items}
    assert {text: found for text, found in leaks.items() if found} == {}


def test_leak_audit_finds_nothing(site: Site) -> None:
    values = [v for spec in SPECS for v in spec.who.values()]
    findings = audit_tree(site.output, values, allow=allowed_values(SETTINGS))
    assert findings == [], format_findings(findings)


def test_no_invisible_or_bidi_character_is_published(site: Site) -> None:
    found = {
        name: sorted({f"U+{ord(c):04X}" for c in FORBIDDEN_CHARS.findall(text)})
        for name, text in text_files(site.output)
    }
    assert {name: chars for name, chars in found.items() if chars} == {}


# ---------------------------------------------------------------------------
# 5. Confidential, unresolved and invalid records leave no trace
# ---------------------------------------------------------------------------


def printed_dates(spec: Spec) -> list[str]:
    """Each timestamp of ``spec`` as the site prints it (ISO to the minute, and in words)."""
    found = []
    for name in DATE_FIELDS:
        try:
            moment = datetime.fromisoformat(spec.row.get(name) or "").astimezone(WITA)
        except ValueError:
            continue
        words = f"{moment.day} {month_name(moment.month, 'id')} {moment.year} {moment:%H.%M}"
        found += [flatten(moment.isoformat()[:16]), flatten(words)]
    return found


@pytest.mark.parametrize("spec", [_param(s) for s in HIDDEN_SPECS])
def test_hidden_record_leaves_no_trace(site: Site, published: Published, spec: Spec) -> None:
    assert spec.markers
    for marker in spec.markers:
        assert published.where(marker) == [], marker
    for date in printed_dates(spec):
        pattern = re.compile(rf"(?<!\d){re.escape(date)}(?!\d)")
        assert published.where(pattern, hint=date) == [], date
    assert published.where(flatten(spec.tracking_id)) == []
    assert not site.case_dir(spec).exists()


def test_tracking_ids_are_never_published(published: Published) -> None:
    ids = [flatten(s.tracking_id) for s in SPECS]
    assert {i: published.where(i) for i in ids if published.where(i)} == {}


# ---------------------------------------------------------------------------
# 6. Legitimate text survives
# ---------------------------------------------------------------------------


def section_text(site: Site, spec: Spec) -> str:
    return " ".join(one_line(s.text_content()) for s in site.case_page(spec).xpath(CASE_SECTIONS))


@pytest.mark.parametrize("spec", [_param(s) for s in CORPUS_SPECS])
def test_legitimate_text_survives(site: Site, spec: Spec) -> None:
    doc = site.case_page(spec)
    sections = section_text(site, spec)
    assert [keep for keep in MUST_SURVIVE if keep not in sections] == []
    facts = one_line(" ".join(doc.xpath('//dl[@class="case-facts"]//text()')))
    for value in (LABELS["category"], LABELS["agency"], LABELS["region"], LABELS["district"]):
        assert value in facts


#: The office e-mail the redactor protects (from region.toml [contact]).
OFFICE_EMAIL = SETTINGS.contact["email"]


@pytest.mark.parametrize("spec", [_param(s) for s in CORPUS_SPECS])
def test_corpus_text_survives(site: Site, spec: Spec) -> None:
    """Every must-survive substring of the corpus items (places, amounts, dates, agencies)."""
    sections = section_text(site, spec)
    keep = [k for entry in spec.items for k in entry.survive]
    assert [k for k in keep if one_line(unicodedata.normalize("NFKC", k)) not in sections] == []


def test_office_email_in_free_text_survives(site: Site) -> None:
    (spec,) = [s for s in CORPUS_SPECS if any(OFFICE_EMAIL in e.survive for e in s.items)]
    assert OFFICE_EMAIL in section_text(site, spec)


# ---------------------------------------------------------------------------
# 7. The 1 MB description
# ---------------------------------------------------------------------------


def test_huge_description_is_published_truncated(site: Site) -> None:
    spec = BY_KEY["huge"]
    assert len(spec.row["description"]) == HUGE_CHARS
    page = site.case_dir(spec) / "index.html"
    assert page.stat().st_size < 10 * MAX_TEXT_CHARS
    (text,) = site.case_page(spec).xpath('//section[@class="case-text"]')
    shown = one_line(text.text_content())
    assert "Air PDAM mati lagi di Jl. Juanda" in shown
    # Cut to MAX_TEXT_CHARS before redaction; placeholders may lengthen it a little.
    assert MAX_TEXT_CHARS // 2 < len(shown) < 2 * MAX_TEXT_CHARS


# ---------------------------------------------------------------------------
# 8. Template and metadata syntax stays literal
# ---------------------------------------------------------------------------


def _spec_with(text: str) -> Spec:
    (spec,) = [s for s in PUBLISHED_SPECS if "hostile" in s.tags and text in s.row["title"]]
    return spec


def test_template_syntax_stays_literal(site: Site) -> None:
    spec = _spec_with("{{ 7*7 }}")
    doc = site.case_page(spec)
    title = one_line(doc.xpath("//h1")[0].text_content())
    assert title.endswith("melapor {{ 7*7 }}"), title
    visible = [
        title,
        doc.findtext(".//title"),
        *(s.text_content() for s in doc.xpath(CASE_SECTIONS)),
    ]
    assert all("49" not in text for text in visible)
    facts = one_line(" ".join(doc.xpath('//dl[@class="case-facts"]//text()')))
    assert "Kec. {{ 7*7 }}" in facts
    statistics = one_line(parse_html(site.output / "statistik" / "index.html").text_content())
    assert "{{ 7*7 }}" in statistics
    feed_titles = [t for _, t, _ in feed_items(site)]
    assert sum(t.endswith("melapor {{ 7*7 }}") for t in feed_titles) == 2
    for text in ("{% include 'x' %}", "{filename}/../x", "|filename|../../x.md"):
        page = site.case_page(_spec_with(text))
        assert text in page.xpath("//h1")[0].text_content()


def test_metadata_injection_has_no_effect(site: Site) -> None:
    spec = BY_KEY["inject"]
    doc = site.case_page(spec)
    assert doc.get("lang") == "id"
    assert doc.xpath("//article/@class") == ["case"]
    title = one_line(doc.xpath("//h1")[0].text_content())
    assert title == one_line(INJECTED_TITLE)
    facts = one_line(" ".join(doc.xpath('//dl[@class="case-facts"]//text()')))
    assert "Dinas Perhubungan Status: draft Save_as: ../../../tmp/" + PWNED_NAME in facts
    assert "Kota Samarinda Lang: en, Kec. Samarinda Ulu Slug: ../../evil" in facts
    resolved = datetime.fromisoformat(spec.row["resolved_at"]).astimezone(WITA)
    assert f"Selesai: {resolved.day} {month_name(resolved.month, 'id')} {resolved.year}" in (
        one_line(doc.text_content())
    )
    # Still listed (not a draft) and still in the feeds.
    url = f"/kasus/{case_id(spec)}/"
    listings = [site.output / "kasus" / "index.html", *site.output.glob("kasus/page/*/index.html")]
    assert sum(url in p.read_text(encoding="utf-8") for p in listings) == 1
    for feed in ("kasus.atom.xml", "kasus.rss.xml"):
        assert f"{SETTINGS.site_url}{url}" in (site.output / "feeds" / feed).read_text("utf-8")


def test_traversal_ids_become_pseudonyms(site: Site, published: Published) -> None:
    specs = [s for s in PUBLISHED_SPECS if "traversal" in s.tags]
    assert sorted(s.tracking_id for s in specs) == sorted(TRAVERSAL_IDS)
    for spec in specs:
        assert (site.case_dir(spec) / "index.html").is_file()
        assert published.where("e2e-trv") == []


# ---------------------------------------------------------------------------
# Label fields and JSONL line separators: separate small runs
# ---------------------------------------------------------------------------


LABEL_NAMES = (
    "Joko Susilo Wibisono",
    "Warsini Hadiwijaya",
    "Yoga Permana Putra",
    "Sumarni Rahayuningsih",
)


def test_names_in_label_fields_are_not_published(tmp_path: Path) -> None:
    rows = [make_record(tracking_id=f"E2E-LABEL-{i:02d}") for i in range(20)]
    rows += [
        make_record(
            tracking_id="E2E-LABEL-NAMES",
            agency=f"Dinas Sosial (Kepala Bidang Bapak {LABEL_NAMES[0]})",
            category=f"Bantuan sosial - Ibu {LABEL_NAMES[1]}",
            district=f"Sungai Kunjang, rumah Sdr. {LABEL_NAMES[2]}",
        ),
        make_record(
            tracking_id="E2E-LABEL-SECRET",
            privacy="confidential",
            region=f"Kota Samarinda, a.n. {LABEL_NAMES[3]}",
        ),
    ]
    code, stderr, _, output = run_update(tmp_path, rows)
    assert code == 0, stderr
    files = {name: flatten(text) for name, text in text_files(output)}
    found = {n: [f for f, t in files.items() if flatten(n) in t] for n in LABEL_NAMES}
    assert {n: f for n, f in found.items() if f} == {}


def test_personal_numbers_in_label_fields_do_not_block_publication(tmp_path: Path) -> None:
    rows = [make_record(tracking_id=f"E2E-LABEL-{i:02d}") for i in range(20)]
    rows.append(
        make_record(
            tracking_id="E2E-LABEL-NUMBERS",
            agency="Dinas Sosial, hubungi 0812 5550 9876",
            district="Samarinda Ulu (rahmat.contoh@example.com)",
            category="Rahmat Hidayatullah",
        )
    )
    code, stderr, _, output = run_update(tmp_path, rows)
    assert code == 0, stderr
    assert len(list((output / "kasus").glob("*/index.html"))) == 21
    allow = allowed_values(SETTINGS)  # the office's own contact is published on purpose
    assert audit_tree(output, ["0812 5550 9876", "rahmat.contoh@example.com"], allow=allow) == []


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"], ids=["2028", "2029", "0085"])
def test_raw_line_separators_in_jsonl_strings_do_not_split_records(
    tmp_path: Path, separator: str
) -> None:
    rows = [make_record(tracking_id=f"E2E-LS-{i:02d}") for i in range(20)]
    rows.append(make_record(tracking_id="E2E-LS-RAW", description=f"Baris satu{separator}dua"))
    source = tmp_path / "raw.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    err = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stderr(err):
        patch.setenv("LAPOR_SITE_SECRET", SECRET)
        code = main(["sync", "--site", str(new_site(tmp_path)), "--input", str(source)])
    assert code == 0, err.getvalue()
    assert "not valid JSON" not in err.getvalue()
    assert len(list((tmp_path / "content" / "generated" / "kasus").glob("*.md"))) == 21
