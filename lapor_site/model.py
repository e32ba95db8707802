"""The canonical case record: the one model every pipeline stage passes along.

A source yields :class:`RawRecord` objects (untyped text keyed by canonical
field names); :mod:`lapor_site.validate` turns them into :class:`Case`;
:mod:`lapor_site.anonymize` returns a :class:`Case` whose ``identity`` is
``None``, whose ``id`` is a pseudonym and whose free text is redacted. Only
such anonymized cases may reach the writer.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


class Status(enum.StrEnum):
    UNVERIFIED = "unverified"
    VERIFIED = "verified"
    FORWARDED = "forwarded"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    POSTPONED = "postponed"
    ARCHIVED = "archived"


class Privacy(enum.StrEnum):
    PUBLIC = "public"
    #: The report is public, the reporter is hidden.
    ANONYMOUS = "anonymous"
    #: The report itself is never public (LAPOR! "rahasia").
    CONFIDENTIAL = "confidential"


class Channel(enum.StrEnum):
    WEB = "web"
    SMS = "sms"
    ANDROID = "android"
    IOS = "ios"
    TWITTER = "twitter"
    WHATSAPP = "whatsapp"
    OTHER = "other"


class ReportType(enum.StrEnum):
    PENGADUAN = "pengaduan"
    ASPIRASI = "aspirasi"
    PERMINTAAN_INFORMASI = "permintaan_informasi"


#: The enumerated fields and their types.
ENUMS: dict[str, type[enum.StrEnum]] = {
    "status": Status,
    "privacy": Privacy,
    "channel": Channel,
    "type": ReportType,
}

#: Values sources use for the enumerated fields (Indonesian first) → canonical value.
#: The one table of synonyms: every source and the validate stage read it, matching with
#: :func:`value_key` (case, spacing, ``_`` and ``-`` ignored). ``values`` tables in
#: ``sync.toml`` extend and override it per source.
VALUE_SYNONYMS: dict[str, dict[str, str]] = {
    "status": {
        "Belum Terverifikasi": "unverified",
        "Belum Diverifikasi": "unverified",
        "Menunggu Verifikasi": "unverified",
        "Terverifikasi": "verified",
        "Diverifikasi": "verified",
        "Terdisposisi": "forwarded",
        "Didisposisikan": "forwarded",
        "Diteruskan": "forwarded",
        "Terdisposisi Belum Ditindaklanjuti": "forwarded",
        "Proses": "in_progress",
        "Diproses": "in_progress",
        "Dalam Proses": "in_progress",
        "Sedang Diproses": "in_progress",
        "Terdisposisi Sedang Diproses": "in_progress",
        "Ditindaklanjuti": "in_progress",
        "Selesai": "resolved",
        "Terdisposisi Selesai": "resolved",
        "Tunda": "postponed",
        "Ditunda": "postponed",
        "Tertunda": "postponed",
        "Laporan Tertunda": "postponed",
        "Arsip": "archived",
        "Diarsipkan": "archived",
        "Laporan Arsip": "archived",
    },
    "privacy": {
        "Anonim": "anonymous",
        "Rahasia": "confidential",
        "Publik": "public",
        "Umum": "public",
        "Biasa": "public",
        "Terbuka": "public",
    },
    "type": {
        "Pengaduan": "pengaduan",
        "Aspirasi": "aspirasi",
        "Permintaan Informasi": "permintaan_informasi",
    },
    "channel": {
        "Website": "web",
        "Situs": "web",
        "Aplikasi Android": "android",
        "Aplikasi iOS": "ios",
        "X": "twitter",
        "WA": "whatsapp",
        "Lainnya": "other",
    },
}


def value_key(text: str) -> str:
    """How enumerated values are compared: case, spacing, ``_`` and ``-`` do not count."""
    return " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()


_CANONICAL: dict[str, dict[str, str]] = {
    name: {
        **{value_key(raw): value for raw, value in VALUE_SYNONYMS.get(name, {}).items()},
        **{value_key(member.value): member.value for member in kind},
    }
    for name, kind in ENUMS.items()
}


def canonical_value(field_name: str, text: str) -> str | None:
    """The canonical value of an enumerated field for ``text`` (a synonym or the value itself)."""
    return _CANONICAL[field_name].get(value_key(text))


#: Timestamp fields, in the order a case moves through them.
DATE_FIELDS = ("submitted_at", "verified_at", "forwarded_at", "first_response_at", "resolved_at")
#: Free text written by the reporter or the agency: untrusted, may hold personal data.
TEXT_FIELDS = ("title", "description", "response")
#: Classification fields: untrusted short text.
LABEL_FIELDS = ("category", "agency", "region", "district")
#: Identity fields: read for redaction and the leak audit, never published.
IDENTITY_FIELDS = ("reporter_name", "reporter_nik", "reporter_phone", "reporter_email")
#: Every field of the import format, in canonical order.
FIELDS = (
    "tracking_id",
    *DATE_FIELDS,
    *TEXT_FIELDS,
    *LABEL_FIELDS,
    "channel",
    "type",
    "status",
    "privacy",
    *IDENTITY_FIELDS,
    "satisfaction",
)


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One record as a source delivered it, before validation.

    ``position`` says where it came from ("line 12", "page 3 item 7") so that
    problems can name it; ``data`` maps canonical field names to raw values.
    A record the source could not parse at all carries ``error`` instead.
    """

    position: str
    data: dict[str, Any]
    error: str = ""


@dataclass(frozen=True, slots=True)
class Identity:
    """Who reported. Kept only in memory, for redaction and the leak audit."""

    name: str = ""
    nik: str = ""
    phone: str = ""
    email: str = ""

    def values(self) -> list[str]:
        return [v for v in (self.name, self.nik, self.phone, self.email) if v]


@dataclass(frozen=True, slots=True)
class Case:
    """A validated complaint record.

    Before anonymization ``id`` is the source's tracking id and ``identity``
    holds the reporter; after it ``id`` is the public pseudonym and
    ``identity`` is ``None``.
    """

    id: str
    submitted_at: datetime
    status: Status
    privacy: Privacy
    verified_at: datetime | None = None
    forwarded_at: datetime | None = None
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    title: str = ""
    description: str = ""
    response: str = ""
    category: str = ""
    agency: str = ""
    region: str = ""
    district: str = ""
    channel: Channel | None = None
    type: ReportType | None = None
    satisfaction: int | None = None
    identity: Identity | None = field(default=None, repr=False)

    @property
    def is_anonymized(self) -> bool:
        return self.identity is None

    @property
    def is_publishable(self) -> bool:
        """Only resolved, non-confidential cases get their own page and feed item."""
        return self.status is Status.RESOLVED and self.privacy is not Privacy.CONFIDENTIAL

    @property
    def last_activity_at(self) -> datetime:
        dates = [d for d in (getattr(self, f) for f in DATE_FIELDS) if d is not None]
        return max(dates)
