"""Validate stage: turn raw records into :class:`~lapor_site.model.Case` objects.

Every rule that makes a record unusable lives here. An invalid record is
skipped and reported as a :class:`Problem` naming its position, id and field;
the valid ones go on. Deciding whether too many were invalid is the
pipeline's job.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from lapor_site.model import (
    DATE_FIELDS,
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
)

#: Longest free text kept per field; longer text is cut (and the cut is reported).
MAX_TEXT_CHARS = 20_000
#: Longest label (category, agency, region, district) or id.
MAX_LABEL_CHARS = 200


@dataclass(frozen=True, slots=True)
class Problem:
    """Why one record was skipped."""

    position: str
    record_id: str
    field: str
    message: str

    def __str__(self) -> str:
        who = f" (id {self.record_id})" if self.record_id else ""
        where = f"{self.field}: " if self.field else ""
        return f"{self.position}{who}: {where}{self.message}"


@dataclass(slots=True)
class ValidationResult:
    cases: list[Case] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    duplicates: int = 0

    @property
    def total(self) -> int:
        return len(self.cases) + len(self.problems) + self.duplicates


class _Invalid(Exception):
    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message


def clean_text(value: Any, field_name: str, limit: int = MAX_TEXT_CHARS) -> str:
    """Return ``value`` as NFC text without control or invisible formatting characters.

    Newlines and tabs survive in free text; zero-width characters, bidi
    overrides and NUL do not.
    """
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise _Invalid(field_name, f"expected text, got {type(value).__name__}")
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n"))
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
    return "".join(kept).strip()[:limit]


def _label(value: Any, field_name: str) -> str:
    return " ".join(clean_text(value, field_name, MAX_LABEL_CHARS).split())


def parse_datetime(value: Any, field_name: str) -> datetime | None:
    """Parse an ISO 8601 timestamp that carries a UTC offset; empty means unknown."""
    text = clean_text(value, field_name, 64)
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise _Invalid(field_name, f"not an ISO 8601 date: {text[:40]!r}") from None
    if parsed.tzinfo is None:
        raise _Invalid(field_name, f"date has no UTC offset: {text[:40]!r}")
    return parsed


def _enum(enum_type: type, value: Any, field_name: str, *, required: bool) -> Any:
    text = _label(value, field_name).lower()
    if not text:
        if required:
            raise _Invalid(field_name, "missing")
        return None
    try:
        return enum_type(text)
    except ValueError:
        allowed = ", ".join(member.value for member in enum_type)
        raise _Invalid(field_name, f"unknown value {text[:40]!r} (allowed: {allowed})") from None


def _satisfaction(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise _Invalid("satisfaction", f"not a number: {str(value)[:20]!r}") from None
    if not 1 <= number <= 5:
        raise _Invalid("satisfaction", f"must be 1 to 5, got {number}")
    return number


def parse_case(record: RawRecord) -> Case:
    """Build a :class:`Case` from one raw record or raise ``_Invalid``."""
    data = record.data
    tracking_id = _label(data.get("tracking_id"), "tracking_id")
    if not tracking_id:
        raise _Invalid("tracking_id", "missing")
    dates = {name: parse_datetime(data.get(name), name) for name in DATE_FIELDS}
    submitted = dates["submitted_at"]
    if submitted is None:
        raise _Invalid("submitted_at", "missing")
    for name in DATE_FIELDS[1:]:
        if dates[name] is not None and dates[name] < submitted:
            raise _Invalid(name, "is before submitted_at")
    privacy = _enum(Privacy, data.get("privacy"), "privacy", required=False)
    identity = Identity(
        *(clean_text(data.get(name), name, MAX_LABEL_CHARS) for name in IDENTITY_FIELDS)
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
        **{name: clean_text(data.get(name), name) for name in TEXT_FIELDS},
        **{name: _label(data.get(name), name) for name in LABEL_FIELDS},
    )


def validate(records: Iterable[RawRecord]) -> ValidationResult:
    """Validate every record; identical repeats are dropped, conflicting ones rejected.

    When one tracking id appears with different content, none of its versions
    is kept: publishing the wrong one (say, a confidential case marked public)
    would be worse than publishing none.
    """
    result = ValidationResult()
    by_id: dict[str, tuple[str, Case]] = {}
    conflicted: dict[str, list[str]] = {}
    for record in records:
        record_id = ""
        try:
            if record.error:
                raise _Invalid("", record.error)
            record_id = _label(record.data.get("tracking_id"), "tracking_id")
            case = parse_case(record)
        except _Invalid as exc:
            result.problems.append(Problem(record.position, record_id, exc.field, exc.message))
            continue
        if case.id in conflicted:
            conflicted[case.id].append(record.position)
        elif case.id in by_id:
            first_position, first = by_id[case.id]
            if first == case:
                result.duplicates += 1
            else:
                conflicted[case.id] = [first_position, record.position]
                del by_id[case.id]
        else:
            by_id[case.id] = (record.position, case)
    for record_id, positions in conflicted.items():
        for position in positions:
            result.problems.append(
                Problem(
                    position,
                    record_id,
                    "tracking_id",
                    f"same id with different content at {', '.join(positions)}",
                )
            )
    result.cases = [case for _, case in by_id.values()]
    return result
