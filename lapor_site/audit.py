"""Leak audit: the last line of defence, run on every built site before it is published.

Scans every text file under a folder for personal data: the high-confidence
patterns of :mod:`lapor_site.redact` (NIK/KK, phone, e-mail, announced
identity and bank numbers) and every identity value present in the input.
Lines are decoded (HTML entities, percent-escapes) and normalized first, so
encoding cannot hide a value. Findings name the file, line and kind, never
the value.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from lapor_site.redact import _trie_regex, digits_of, find_structured, normalize

IDENTITY_KIND = "identity-value"


@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    line: int
    kind: str


def _decode(line: str) -> str:
    return normalize(unquote(html.unescape(line)))


def _identity_patterns(values: Iterable[str]) -> tuple[re.Pattern[str] | None, frozenset[str]]:
    """A regex for textual values (names, e-mails) and a set of digit strings (NIK, phone)."""
    words, numbers = set(), set()
    for value in values:
        value = " ".join(normalize(value).split())
        digits = digits_of(value)
        if len(digits) >= 8 and len(digits) >= len(value.replace(" ", "")) - 4:
            numbers.add(digits.lstrip("0").removeprefix("62"))
        elif len(value.split()) >= 2 or len(value) >= 6:
            words.add(value.lower())
    if not words:
        return None, frozenset(numbers)
    pattern = re.compile(rf"(?<![\w.@-])(?:{_trie_regex(words)})(?![\w@-])", re.IGNORECASE)
    return pattern, frozenset(numbers)


_DIGIT_RUN = re.compile(r"\+?\d[\d\s.\-()]{6,}\d")


def audit_tree(
    root: Path, identity_values: Iterable[str] = (), allow: Iterable[str] = ()
) -> list[Finding]:
    """Every place under ``root`` where personal data seems to appear."""
    root = Path(root)
    allowed = {a.lower() for a in allow if a}
    allowed_digits = {digits_of(a) for a in allow if digits_of(a)}
    names, numbers = _identity_patterns(identity_values)
    findings: list[Finding] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if b"\x00" in data[:8192]:
            continue
        relative = str(path.relative_to(root))
        text = data.decode("utf-8", errors="replace")
        for number, raw in enumerate(text.splitlines(), start=1):
            line = _decode(raw)
            kinds = set()
            for match in find_structured(line, strict=True):
                value = line[match.start : match.end]
                if value.lower() not in allowed and digits_of(value) not in allowed_digits:
                    kinds.add(match.kind)
            if names is not None:
                spaced = " ".join(line.split())  # the name pattern expects single spaces
                kinds.update(
                    IDENTITY_KIND
                    for m in names.finditer(spaced)
                    if m.group().lower() not in allowed
                )
            if numbers:
                for run in _DIGIT_RUN.finditer(line):
                    digits = digits_of(run.group()).lstrip("0").removeprefix("62")
                    if digits in numbers:
                        kinds.add(IDENTITY_KIND)
            findings += [Finding(relative, number, kind) for kind in sorted(kinds)]
    return findings


def format_findings(findings: Iterable[Finding]) -> str:
    return "\n".join(f"{f.path}:{f.line}: {f.kind}" for f in findings)
