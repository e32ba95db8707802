"""Labels: the one place for the words shown for coded values, in Indonesian and English.

Templates and data files use these through :func:`label`; nothing else
spells out a status, privacy level, channel or report type.
"""

from __future__ import annotations

from lapor_site.model import Channel, Privacy, ReportType, Status

LANGUAGES = ("id", "en")

LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "status": {
        Status.UNVERIFIED: ("Belum terverifikasi", "Not yet verified"),
        Status.VERIFIED: ("Terverifikasi", "Verified"),
        Status.FORWARDED: ("Terdisposisi", "Forwarded to the agency"),
        Status.IN_PROGRESS: ("Sedang diproses", "In progress"),
        Status.RESOLVED: ("Selesai", "Resolved"),
        Status.POSTPONED: ("Ditunda", "Postponed"),
        Status.ARCHIVED: ("Diarsipkan", "Archived"),
    },
    "privacy": {
        Privacy.PUBLIC: ("Publik", "Public"),
        Privacy.ANONYMOUS: ("Anonim", "Anonymous"),
        Privacy.CONFIDENTIAL: ("Rahasia", "Confidential"),
    },
    "channel": {
        Channel.WEB: ("Situs web", "Website"),
        Channel.SMS: ("SMS 1708", "SMS 1708"),
        Channel.ANDROID: ("Aplikasi Android", "Android app"),
        Channel.IOS: ("Aplikasi iOS", "iOS app"),
        Channel.TWITTER: ("X/Twitter", "X/Twitter"),
        Channel.WHATSAPP: ("WhatsApp", "WhatsApp"),
        Channel.OTHER: ("Lainnya", "Other"),
    },
    "type": {
        ReportType.PENGADUAN: ("Pengaduan", "Complaint"),
        ReportType.ASPIRASI: ("Aspirasi", "Suggestion"),
        ReportType.PERMINTAAN_INFORMASI: ("Permintaan informasi", "Information request"),
    },
}

UNKNOWN = ("Tidak diketahui", "Unknown")

MONTHS = {
    "id": [
        "Januari", "Februari", "Maret", "April", "Mei", "Juni",
        "Juli", "Agustus", "September", "Oktober", "November", "Desember",
    ],
    "en": [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ],
}  # fmt: skip


def label(kind: str, value: str | None, lang: str = "id") -> str:
    """The display word for a coded value, e.g. ``label("status", "resolved") == "Selesai"``."""
    pair = LABELS[kind].get(value, UNKNOWN) if value else UNKNOWN
    return pair[LANGUAGES.index(lang)]


def month_name(month: int, lang: str = "id") -> str:
    return MONTHS[lang][month - 1]


def month_label(value: str, lang: str = "id") -> str:
    """ "2026-03" → "Maret 2026" ("March 2026" in English)."""
    year, month = value.split("-")
    return f"{month_name(int(month), lang)} {year}"
