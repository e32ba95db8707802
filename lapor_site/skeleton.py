"""Skeletons: what a text looks like once its disguises are folded away, with offsets back.

Personal data can be written to look right to a reader and wrong to a
pattern: a Cyrillic "а" in "gmаil", a Greek omicron or a dotless "ı" in an
address, dingbat digits ("➊"), a keycap sign after each digit, an en dash
or a non-breaking hyphen between digit groups, "&#64;" for "@", digits
spelled out in Indonesian ("nol delapan satu tiga ..."), an e-mail address
written "budi at kantor dot go dot id". :func:`skeleton` folds all of that
into plain ASCII letters, digits and "@"/"." for matching, and keeps a map
from every skeleton offset back to the text it was made from. The patterns
of :mod:`lapor_site.redact` run on the skeleton, their matches are mapped
back, and the published text keeps its original letters everywhere except
where personal data is replaced. :mod:`lapor_site.audit` scans the same
skeletons.

Three passes, each a list of rewrites (a span of its input and what it
becomes), composed into one :class:`Skeleton`:

1. characters: every non-ASCII character is looked up once: enclosing and
   combining marks (U+20E3 keycap, U+0301) are dropped, anything with a digit
   value ("➊", "⓿", "٣") becomes that ASCII digit, small capitals and dotless
   letters their letter, a letter with diacritics its base letter ("ó" →
   "o"), Unicode dashes "-", and the rest is looked up in Unicode's
   confusables data (``confusable_homoglyphs``, from Unicode's
   confusables.txt): a character confusable with one ASCII letter, digit or
   sign becomes it. Numeric HTML character references ("&#64;", "&#x40;")
   and "&commat;"/"&period;" are decoded.
2. digit words: a run of Indonesian (and English) digit words, alone or next
   to digit groups, that adds up to at least :data:`MIN_SPELLED_DIGITS`
   digits becomes digits ("nol delapan satu tiga" → "0813"). "dua minggu",
   "tiga kali" or "satu dua tiga" stay words.
3. e-mail disguises: "[at]", "(at)", "{at}", a spaced "@", and the word
   "at" before a domain written with "dot", "titik", "[dot]" or "(dot)",
   become "@" and "." — only inside something shaped like an address whose
   last label is a top-level domain when plain words are used.

A skeleton never joins or splits lines, so line numbers agree. All passes
are linear: every pattern here is a bounded or possessive repetition that
cannot backtrack.
"""

from __future__ import annotations

import functools
import html
import json
import operator
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from importlib import resources

# ---------------------------------------------------------------------------
# Offset maps
# ---------------------------------------------------------------------------


class _OffsetMap:
    """Maps offsets of one pass's output back to its input.

    Rewrite ``i`` turned input ``starts[i]:ends[i]`` into ``lengths[i]``
    characters at output offset ``targets[i]`` (plain lists: a text can have
    a rewrite per character).
    """

    def __init__(
        self, starts: list[int], ends: list[int], targets: list[int], lengths: list[int]
    ) -> None:
        self._starts, self._ends, self._targets, self._lengths = starts, ends, targets, lengths

    def start(self, offset: int) -> int:
        """The input offset where the output character at ``offset`` comes from."""
        index = bisect_right(self._targets, offset) - 1
        if index < 0:
            return offset
        produced_end = self._targets[index] + self._lengths[index]
        if offset < produced_end:
            return self._starts[index]
        return self._ends[index] + offset - produced_end

    def end(self, offset: int) -> int:
        """The input offset where output ending at ``offset`` (exclusive) ends."""
        if offset <= 0:
            return offset
        index = bisect_right(self._targets, offset - 1) - 1
        if index < 0:
            return offset
        produced_end = self._targets[index] + self._lengths[index]
        if offset - 1 < produced_end:
            end = self._ends[index]
        else:
            end = self._ends[index] + offset - produced_end
        # Take dropped characters right after the span along (a keycap sign).
        index += 1
        while (
            index < len(self._targets)
            and self._targets[index] == offset
            and not self._lengths[index]
            and self._starts[index] == end
        ):
            end = self._ends[index]
            index += 1
        return end


def _apply(text: str, rewrites: list[tuple[int, int, str]]) -> tuple[str, _OffsetMap | None]:
    """``text`` with the sorted, disjoint ``rewrites`` (start, end, new) made, and its map."""
    if not rewrites:
        return text, None
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    targets: list[int] = []
    lengths: list[int] = []
    position = target = 0
    for start, end, new in rewrites:
        parts.append(text[position:start])
        parts.append(new)
        target += start - position
        starts.append(start)
        ends.append(end)
        targets.append(target)
        lengths.append(len(new))
        target += len(new)
        position = end
    parts.append(text[position:])
    return "".join(parts), _OffsetMap(starts, ends, targets, lengths)


@dataclass(frozen=True)
class Skeleton:
    """The folded ``text`` of an ``original``, and how to map its spans back."""

    original: str
    text: str
    _maps: tuple[_OffsetMap, ...] = ()

    @property
    def identity(self) -> bool:
        """True when the skeleton has the original's offsets (no map is needed)."""
        return not self._maps

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original that skeleton ``text[start:end]`` was made from."""
        if start >= end:
            for offset_map in reversed(self._maps):
                start = end = offset_map.start(start)
            return start, end
        for offset_map in reversed(self._maps):
            start, end = offset_map.start(start), offset_map.end(end)
        return start, end


# ---------------------------------------------------------------------------
# Pass 1: characters
# ---------------------------------------------------------------------------


@functools.cache
def _confusables() -> dict[str, str]:
    """Non-ASCII characters confusable with exactly one ASCII character, and that character."""
    path = resources.files("confusable_homoglyphs").joinpath("confusables.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    table: dict[str, str] = {}
    for char, glyphs in data.items():
        if len(char) != 1 or char.isascii():
            continue
        ascii_glyphs = {g["c"] for g in glyphs if len(g["c"]) == 1 and g["c"].isascii()}
        if len(ascii_glyphs) == 1 and not ascii_glyphs & {" ", "\t", "\n"}:
            table[char] = ascii_glyphs.pop()
    return table


_SMALL_CAPITAL_RE = re.compile(r"LATIN LETTER SMALL CAPITAL ([A-Z])$")
_DOTLESS_RE = re.compile(r"LATIN SMALL LETTER DOTLESS ([A-Z])$")
_DROPPED_MARKS = frozenset(("Mn", "Me", "Cf"))


@functools.cache
def fold_char(char: str) -> str:
    """The ASCII look-alike of one character ("" to drop it, itself if it has none).

    ASCII characters are returned unchanged.
    """
    if char.isascii():
        return char
    category = unicodedata.category(char)
    if category in _DROPPED_MARKS:
        return ""
    digit = unicodedata.digit(char, None)
    if digit is not None:
        return str(digit)
    if category == "Pd" or char == "\u2212":
        return "-"
    name = unicodedata.name(char, "")
    named = _SMALL_CAPITAL_RE.search(name) or _DOTLESS_RE.search(name)
    if named:
        return named.group(1).lower()
    base = unicodedata.normalize("NFD", char)
    marks_only = all(unicodedata.category(c) in _DROPPED_MARKS for c in base[1:])
    if len(base) > 1 and base[0].isascii() and base[0].isalpha() and marks_only:
        return base[0]
    return _confusables().get(char, char)


_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|commat|period|amp);", re.ASCII)


def _decode_entity(entity: str) -> str:
    decoded = html.unescape(entity)
    if len(decoded) != 1 or decoded in "\n\r" or not decoded.isprintable():
        return entity
    return fold_char(decoded)


_start = operator.methodcaller("start")


def _fold_characters(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """``text`` with look-alikes replaced one for one, and the rewrites that change lengths.

    One-for-one replacements keep every offset, so they need no map (and
    ``str.translate`` makes them fast); dropped marks and decoded references do.
    """
    rewrites: list[tuple[int, int, str]] = []
    if not text.isascii():
        changed = {c: fold_char(c) for c in set(text) if not c.isascii() and fold_char(c) != c}
        same_length = {ord(c): folded for c, folded in changed.items() if len(folded) == 1}
        if same_length:
            text = text.translate(same_length)
        other = [c for c, folded in changed.items() if len(folded) != 1]
        if other:
            pattern = re.compile("[" + "".join(re.escape(c) for c in other) + "]")
            folded = {c: changed[c] for c in other}
            rewrites += [
                (start, start + 1, folded[text[start]])
                for start in map(_start, pattern.finditer(text))
            ]
    if "&" in text:
        rewrites += [
            (m.start(), m.end(), _decode_entity(m.group()))
            for m in _ENTITY_RE.finditer(text)
            if _decode_entity(m.group()) != m.group()
        ]
        rewrites.sort()
    return text, rewrites


# ---------------------------------------------------------------------------
# Pass 2: digit words
# ---------------------------------------------------------------------------

#: Spelled digits, Indonesian and English ("o" and "kosong" are read for zero).
DIGIT_WORDS: dict[str, str] = {
    "nol": "0", "kosong": "0", "o": "0", "zero": "0",
    "satu": "1", "one": "1",
    "dua": "2", "two": "2",
    "tiga": "3", "three": "3",
    "empat": "4", "four": "4",
    "lima": "5", "five": "5",
    "enam": "6", "six": "6",
    "tujuh": "7", "seven": "7",
    "delapan": "8", "eight": "8",
    "sembilan": "9", "nine": "9",
}  # fmt: skip
#: A run of digit words (with digit groups around it) shorter than this stays words.
MIN_SPELLED_DIGITS = 6

_DIGIT_WORD = "(?:" + "|".join(sorted(DIGIT_WORDS, key=len, reverse=True)) + ")"
# One element of a spelled number: a digit word or a group of digits, as whole words.
_SPELLED_ITEM = rf"(?:{_DIGIT_WORD}|[0-9]+)(?![a-z0-9])"
_SPELLED_SEPARATOR = r"(?:[ \t]{0,3}[,.\-/][ \t]{0,3}|[ \t]{1,3})"
# Possessive: a run is taken whole, never given back piece by piece.
_SPELLED_RUN_RE = re.compile(
    rf"(?<![a-z0-9]){_SPELLED_ITEM}(?:{_SPELLED_SEPARATOR}{_SPELLED_ITEM})*+", re.ASCII
)
# A digit word next to another digit word or a digit group: most texts have none.
_SPELLED_HINT_RE = re.compile(
    rf"(?<![a-z0-9]){_DIGIT_WORD}{_SPELLED_SEPARATOR}{_SPELLED_ITEM}"
    rf"|[0-9]{_SPELLED_SEPARATOR}{_DIGIT_WORD}(?![a-z0-9])",
    re.ASCII,
)
_SPELLED_WORD_RE = re.compile(rf"(?<![a-z0-9]){_DIGIT_WORD}(?![a-z0-9])", re.ASCII)


def _digit_word_rewrites(low: str) -> list[tuple[int, int, str]]:
    """Runs of digit words in the lower-cased ``low``, as digits."""
    if not _SPELLED_HINT_RE.search(low):
        return []
    rewrites: list[tuple[int, int, str]] = []
    for run in _SPELLED_RUN_RE.finditer(low):
        words = list(_SPELLED_WORD_RE.finditer(low, run.start(), run.end()))
        if not words:
            continue
        digits = sum(c.isdigit() for c in run.group()) + len(words)
        if digits < MIN_SPELLED_DIGITS:
            continue
        # Consecutive words (and what separates them) become one group of digits.
        group_start, group = words[0].start(), ""
        previous_end = words[0].start()
        for word in words:
            between = low[previous_end : word.start()]
            if group and any(c.isdigit() for c in between):
                rewrites.append((group_start, previous_end, group))
                group_start, group = word.start(), ""
            group += DIGIT_WORDS[word.group()]
            previous_end = word.end()
        rewrites.append((group_start, previous_end, group))
    return rewrites


# ---------------------------------------------------------------------------
# Pass 3: e-mail disguises
# ---------------------------------------------------------------------------

#: Last labels that make "budi at kantor dot go dot id" an address.
TOP_LEVEL_DOMAINS: frozenset[str] = frozenset(
    re.findall(
        r"\w+",
        "id com net org co go ac sch or web my biz info io me gov edu mil int xyz online site"
        " ponpes desa app dev cloud email mail tech store",
    )
)
_BRACKETED = r"[\(\[\{<][ \t]{0,2}(?:WORD)[ \t]{0,2}[\)\]\}>]"
_AT = (
    r"(?:[ \t]{0,3}(?:@|" + _BRACKETED.replace("WORD", "at|@") + r")[ \t]{0,3}"
    r"|[ \t]{1,3}(?P<bare_at>at)[ \t]{1,3})"
)
_DOT = (
    r"(?:\.|[ \t]{0,3}" + _BRACKETED.replace("WORD", r"dot|titik|\.") + r"[ \t]{0,3}"
    r"|[ \t]{1,3}(?:dot|titik)[ \t]{1,3})"
)
_LABEL = r"[a-z0-9\-]{1,63}+"
_MAX_DOTS = 8
_AT_RE = re.compile(_AT, re.ASCII)
_LABEL_RE = re.compile(_LABEL, re.ASCII)
_DOT_LABEL_RE = re.compile(rf"(?P<dot>{_DOT})(?P<label>{_LABEL})", re.ASCII)
_DISGUISED_EMAIL_RE = re.compile(
    rf"(?<![\w.%+\-])[\w.%+\-]{{1,64}}+(?={_AT}{_LABEL}{_DOT})", re.ASCII
)
# Something to rewrite: a spaced or bracketed "@", or "at", "dot", "titik".
# Every branch starts with a character, so the regex engine skips to those
# quickly ("at(?<!\wat)" is "\bat" written after the word).
_DISGUISE_HINT_RE = re.compile(
    r"[ \t]@|@[ \t]|at(?!\w)(?<!\wat)|dot(?!\w)(?<!\wdot)|titik(?!\w)(?<!\wtitik)"
    r"|[\(\[\{<][ \t]{0,2}(?:at|@|dot|\.)[ \t]{0,2}[\)\]\}>]",
    re.ASCII,
)


def _email_rewrites(low: str) -> list[tuple[int, int, str]]:
    """Disguised "@" and "." of e-mail-shaped text in the lower-cased ``low``."""
    if not _DISGUISE_HINT_RE.search(low):
        return []
    rewrites: list[tuple[int, int, str]] = []
    position = 0
    for local in _DISGUISED_EMAIL_RE.finditer(low):
        if local.start() < position:
            continue
        at = _AT_RE.match(low, local.end())
        if at is None:
            continue
        label = _LABEL_RE.match(low, at.end())
        if label is None:
            continue
        end = label.end()
        found = [(at.start(), at.end(), "@")]
        bare_at = at.group("bare_at") is not None
        word_dot = disguised_dot = False
        last_label = label.group()
        for _ in range(_MAX_DOTS):
            dot = _DOT_LABEL_RE.match(low, end)
            if dot is None:
                break
            found.append((dot.start("dot"), dot.end("dot"), "."))
            written = dot.group("dot").strip(" \t")
            disguised_dot = disguised_dot or written != "."
            word_dot = word_dot or written in ("dot", "titik")
            last_label, end = dot.group("label"), dot.end()
        if len(found) < 2 or (bare_at and not disguised_dot):
            continue  # "tersedia at lapor.go.id" is prose
        if (bare_at or word_dot) and last_label not in TOP_LEVEL_DOMAINS:
            continue
        if end < len(low) and (low[end].isalnum() or low[end] in "_-"):
            continue
        rewrites += [(s, e, new) for s, e, new in found if low[s:e] != new]
        position = end
    return rewrites


# ---------------------------------------------------------------------------
# The skeleton
# ---------------------------------------------------------------------------


def skeleton(text: str) -> Skeleton:
    """Fold ``text`` (already :func:`~lapor_site.redact.normalize`-d) for matching.

    The skeleton keeps letter case where it can (patterns that look at
    capitals still work) and every line break.
    """
    maps: list[_OffsetMap] = []
    current, rewrites = _fold_characters(text)
    current, offset_map = _apply(current, rewrites)
    if offset_map is not None:
        maps.append(offset_map)
    for rewrites_of in (_digit_word_rewrites, _email_rewrites):
        current, offset_map = _apply(current, rewrites_of(_lower(current)))
        if offset_map is not None:
            maps.append(offset_map)
    return Skeleton(text, current, tuple(maps))


def _lower(text: str) -> str:
    """``text`` lower-cased character for character (offsets stay valid)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
