"""Validate stage: turn raw records into :class:`~lapor_site.model.Case` objects.

Every rule that makes a record unusable lives here. An invalid record is
skipped and reported as a :class:`Problem` naming its position, id and field;
the valid ones go on. Deciding whether too many were invalid is the
pipeline's job; :func:`refusal_message` words its refusal (top reasons with
counts and the fix, never personal data).

Rules beyond the field formats: no date may lie more than
:data:`CLOCK_TOLERANCE` in the future; a tracking id longer than
:data:`MAX_LABEL_CHARS` is invalid (never cut); free text longer than
:data:`MAX_TEXT_CHARS` and labels longer than :data:`MAX_LABEL_CHARS` are cut
at a word boundary and counted per field (:attr:`ValidationResult.cut`).
Enumerated values accept the shared synonyms of
:data:`lapor_site.model.VALUE_SYNONYMS` ("Selesai", "Anonim", …).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from lapor_site.model import (
    DATE_FIELDS,
    ENUMS,
    IDENTITY_FIELDS,
    LABEL_FIELDS,
    TEXT_FIELDS,
    Case,
    Channel,
    Identity,
    Privacy,
    RawRecord,
    ReportType,
    Status,
    canonical_value,
)
from lapor_site.spool import CaseSpool

log = logging.getLogger(__name__)

_QUOTED = re.compile(r"'([^']*)'")
_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]{0,39}")

#: Longest free text kept per field; longer text is cut at a word boundary (and counted).
MAX_TEXT_CHARS = 20_000
#: Longest label (category, agency, region, district) or identity value; longer ones are cut.
#: A tracking id longer than this is invalid.
MAX_LABEL_CHARS = 200
#: How far past "now" a date may lie (clock skew between the source and us).
CLOCK_TOLERANCE = timedelta(minutes=10)
#: Appended where text was cut.
CUT_MARK = "…"
#: How many reasons a refusal names before "…".
TOP_REASONS = 3
#: Fields whose offending value may be printed in a refusal: fixed vocabularies, never
#: free text or identity.
PRINTABLE_FIELDS = frozenset(ENUMS)


@dataclass(frozen=True, slots=True)
class Problem:
    """Why one record was skipped.

    ``reason`` is the message without the offending value (for grouping);
    ``value`` is that value, kept only for the enumerated fields.
    """

    position: str
    record_id: str
    field: str
    message: str
    reason: str = ""
    value: str = ""

    def __str__(self) -> str:
        who = f" (id {self.record_id})" if self.record_id else ""
        where = f"{self.field}: " if self.field else ""
        return f"{self.position}{who}: {where}{self.message}"


@dataclass(slots=True)
class ValidationResult:
    #: The valid cases in input order, held compactly (:mod:`lapor_site.spool`).
    cases: CaseSpool = field(default_factory=CaseSpool)
    problems: list[Problem] = field(default_factory=list)
    duplicates: int = 0
    #: Fields cut to their limit, by field name (valid records only).
    cut: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return len(self.cases) + len(self.problems) + self.duplicates

    def notes(self) -> list[str]:
        """Warning lines for the sync summary: counts by field name, never values."""
        if not self.cut:
            return []
        counts = ", ".join(f"{name} {n}" for name, n in sorted(self.cut.items()))
        return [
            f"cut at a word boundary (text over {MAX_TEXT_CHARS:,} characters, labels over "
            f"{MAX_LABEL_CHARS}): {counts}"
        ]


class _Invalid(Exception):
    def __init__(self, field_name: str, message: str, reason: str = "", value: str = "") -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message
        self.reason = reason or message
        self.value = value


def cut_at_word(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, marked with "…".

    A single word longer than half the limit is cut inside the word.
    """
    if len(text) <= limit:
        return text
    room = text[: limit - len(CUT_MARK)]
    boundary = max(room.rfind(" "), room.rfind("\n"), room.rfind("\t"))
    if boundary > limit // 2:
        room = room[: boundary + 1]
    return room.rstrip() + " " + CUT_MARK if room.endswith((" ", "\n", "\t")) else room + CUT_MARK


def _clean(value: Any, field_name: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise _Invalid(field_name, f"expected text, got {type(value).__name__}")
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n"))
    if value.replace("\n", "").replace("\t", "").isprintable():
        return value.strip()  # nothing to drop (the loop below, in C)
    kept = []
    for char in value:
        if char in "\n\t":
            kept.append(char)
        elif unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            continue
        elif char in "\u2028\u2029":
            kept.append("\n")
        else:
            kept.append(char)
    return "".join(kept).strip()


def clean_text(
    value: Any, field_name: str, limit: int = MAX_TEXT_CHARS, cut: Counter[str] | None = None
) -> str:
    """Return ``value`` as NFC text without control or invisible formatting characters.

    Newlines and tabs survive in free text; zero-width characters, bidi
    overrides and NUL do not. Text over ``limit`` is cut at a word boundary
    and counted in ``cut`` under ``field_name``.
    """
    text = _clean(value, field_name)
    if len(text) > limit:
        text = cut_at_word(text, limit)
        if cut is not None:
            cut[field_name] += 1
    return text


def _label(value: Any, field_name: str, cut: Counter[str] | None = None) -> str:
    text = " ".join(_clean(value, field_name).split())
    if len(text) > MAX_LABEL_CHARS:
        text = cut_at_word(text, MAX_LABEL_CHARS)
        if cut is not None:
            cut[field_name] += 1
    return text


def _tracking_id(value: Any) -> str:
    return " ".join(_clean(value, "tracking_id").split())


def _error_reason(error: str) -> str:
    """A source's record error without details; quoted words stay only if they are names
    of fields (``'privacy'``), never anything that could be a value."""
    reason = error.split(" (")[0]
    return _QUOTED.sub(lambda m: m.group(0) if _FIELD_NAME.fullmatch(m.group(1)) else "'…'", reason)


def _shown_id(record_id: str) -> str:
    return record_id if len(record_id) <= 40 else record_id[:39] + CUT_MARK


def parse_datetime(value: Any, field_name: str) -> datetime | None:
    """Parse an ISO 8601 timestamp that carries a UTC offset; empty means unknown."""
    text = _clean(value, field_name)[:64]
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise _Invalid(
            field_name, f"not an ISO 8601 date: {text[:40]!r}", "not an ISO 8601 date"
        ) from None
    if parsed.tzinfo is None:
        raise _Invalid(
            field_name, f"date has no UTC offset: {text[:40]!r}", "date has no UTC offset"
        )
    return parsed


def _enum(enum_type: type, value: Any, field_name: str, *, required: bool) -> Any:
    text = _label(value, field_name)
    if not text:
        if required:
            raise _Invalid(field_name, "missing")
        return None
    canonical = canonical_value(field_name, text)
    if canonical is None:
        allowed = ", ".join(member.value for member in enum_type)
        raise _Invalid(
            field_name,
            f"unknown value {text[:40]!r} (allowed: {allowed} or their Indonesian names)",
            "unknown value",
            text[:40],
        )
    return enum_type(canonical)


def _satisfaction(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise _Invalid(
            "satisfaction", f"not a number: {str(value)[:20]!r}", "not a number"
        ) from None
    if not 1 <= number <= 5:
        raise _Invalid("satisfaction", f"must be 1 to 5, got {number}", "must be 1 to 5")
    return number


def parse_case(
    record: RawRecord, *, now: datetime | None = None, cut: Counter[str] | None = None
) -> Case:
    """Build a :class:`Case` from one raw record or raise ``_Invalid``.

    With ``now``, a date more than :data:`CLOCK_TOLERANCE` after it is
    invalid. Fields cut to their limit are counted in ``cut``.
    """
    data = record.data
    tracking_id = _tracking_id(data.get("tracking_id"))
    if not tracking_id:
        raise _Invalid("tracking_id", "missing")
    if len(tracking_id) > MAX_LABEL_CHARS:
        raise _Invalid("tracking_id", f"longer than {MAX_LABEL_CHARS} characters")
    dates = {name: parse_datetime(data.get(name), name) for name in DATE_FIELDS}
    submitted = dates["submitted_at"]
    if submitted is None:
        raise _Invalid("submitted_at", "missing")
    for name in DATE_FIELDS[1:]:
        if dates[name] is not None and dates[name] < submitted:
            raise _Invalid(name, "is before submitted_at")
    if now is not None:
        for name in DATE_FIELDS:
            moment = dates[name]
            if moment is not None and moment > now + CLOCK_TOLERANCE:
                raise _Invalid(name, f"is in the future ({moment.isoformat()})", "is in the future")
    privacy = _enum(Privacy, data.get("privacy"), "privacy", required=False)
    identity = Identity(
        *(clean_text(data.get(name), name, MAX_LABEL_CHARS, cut) for name in IDENTITY_FIELDS)
    )
    return Case(
        id=tracking_id,
        status=_enum(Status, data.get("status"), "status", required=True),
        # Unknown privacy is treated as the strictest level.
        privacy=privacy or Privacy.CONFIDENTIAL,
        channel=_enum(Channel, data.get("channel"), "channel", required=False),
        type=_enum(ReportType, data.get("type"), "type", required=False),
        satisfaction=_satisfaction(data.get("satisfaction")),
        identity=identity,
        **dates,
        **{name: clean_text(data.get(name), name, cut=cut) for name in TEXT_FIELDS},
        **{name: _label(data.get(name), name, cut) for name in LABEL_FIELDS},
    )


def validate(records: Iterable[RawRecord], *, now: datetime | None = None) -> ValidationResult:
    """Validate every record; identical repeats are dropped, conflicting ones rejected.

    When one tracking id appears with different content, none of its versions
    is kept: publishing the wrong one (say, a confidential case marked public)
    would be worse than publishing none. ``now`` (aware; default: the current
    time) is what "in the future" is measured against. The result's notes are
    also logged as warnings.
    """
    if now is None:
        now = datetime.now(UTC)
    elif now.tzinfo is None:
        raise ValueError("now must carry a time zone (an aware datetime)")
    result = ValidationResult()
    # Per id: where it was first seen and its place in the spool (memory does not hold
    # the cases themselves; a repeated id, which is rare, reads its first version back).
    by_id: dict[str, tuple[str, int]] = {}
    conflicted: dict[str, list[str]] = {}
    for record in records:
        record_id = ""
        cut: Counter[str] = Counter()
        try:
            record_id = _shown_id(_tracking_id(record.data.get("tracking_id")))
            if record.error:
                raise _Invalid("", record.error, _error_reason(record.error))
            case = parse_case(record, now=now, cut=cut)
        except _Invalid as exc:
            value = exc.value if exc.field in PRINTABLE_FIELDS else ""
            result.problems.append(
                Problem(record.position, record_id, exc.field, exc.message, exc.reason, value)
            )
            continue
        result.cut.update(cut)
        if case.id in conflicted:
            conflicted[case.id].append(record.position)
        elif case.id in by_id:
            first_position, first = by_id[case.id]
            if result.cases[first] == case:
                result.duplicates += 1
            else:
                conflicted[case.id] = [first_position, record.position]
                del by_id[case.id]
        else:
            by_id[case.id] = (record.position, len(result.cases))
            result.cases.append(case)
    for record_id, positions in conflicted.items():
        for position in positions:
            result.problems.append(
                Problem(
                    position,
                    _shown_id(record_id),
                    "tracking_id",
                    f"same id with different content at {', '.join(positions)}",
                    "same id with different content",
                )
            )
    if conflicted:  # rare: the first version of a conflicted id is in the spool already
        result.cases = CaseSpool(c for c in result.cases if c.id not in conflicted)
    for note in result.notes():
        log.warning("warning: %s", note)
    return result


def _fix(problem: Problem, section: str) -> str:
    """What the operator can do about one kind of problem."""
    name, reason = problem.field, problem.reason
    if reason == "unknown value":
        return f"map it under [{section}.values.{name}]"
    if reason == "missing" and name:
        return f"map the source's column to {name} under [{section}.fields]"
    if reason == "date has no UTC offset":
        return f"set default_timezone under [{section}]"
    if reason == "is in the future":
        return f"check the source's clock and default_timezone under [{section}]"
    if name in DATE_FIELDS:
        return f"check which column is mapped to {name} under [{section}.fields]"
    if name == "tracking_id":
        return f"check which column is mapped to tracking_id under [{section}.fields]"
    if name:
        return f"check the column mapped to {name} under [{section}.fields]"
    return f"fix the export of [{section}]"


def refusal_message(result: ValidationResult, source: Any, max_share: float | None = None) -> str:
    """The one-line refusal of a sync: counts, the top reasons with counts and fixes.

    Without ``max_share`` the refusal is "no valid record"; with it, "too
    many invalid". Values appear only for the enumerated fields (status,
    privacy, channel, type); never ids, free text or identity.
    """
    name = getattr(source, "name", "source")
    section = getattr(source, "section", "") or f"sources.{name}"
    invalid = len(result.problems)
    if max_share is None:
        parts = [f"no valid record among {result.total} read from {name}; nothing published"]
        if not result.total:
            parts.append(f"the source returned no records; check [{section}]")
    else:
        share = invalid / result.total if result.total else 0.0
        parts = [
            f"{invalid} of {result.total} records from {name} invalid ({share:.0%}, "
            f"limit {max_share:.0%}); nothing published; first: {result.problems[0].position}"
        ]
    groups: Counter[tuple[str, str, str]] = Counter()
    example: dict[tuple[str, str, str], Problem] = {}
    for problem in result.problems:
        key = (problem.field, problem.reason or problem.message, problem.value)
        groups[key] += 1
        example.setdefault(key, problem)
    ranked = groups.most_common()
    for key, count in ranked[:TOP_REASONS]:
        field_name, reason, value = key
        shown = f"{field_name}: {reason}" if field_name else reason
        if value and field_name in PRINTABLE_FIELDS:
            shown += f" {value!r}"
        parts.append(f"{shown} × {count}: {_fix(example[key], section)}")
    if len(ranked) > TOP_REASONS:
        parts.append("…")
    return " ".join("; ".join(parts).split())
