"""Settings: the one object that holds a deployment's configuration.

Everything regional (names, areas, agencies, colours, contacts, URLs) comes
from ``region.toml``; secrets come only from the environment. :data:`SCHEMA`
declares every table and key of ``region.toml`` with its rule and default
(README.md, "Configuration", documents the same); :func:`load_settings` refuses
anything else with a one-line :class:`SettingsError` naming the file and key.
"""

from __future__ import annotations

import difflib
import json
import math
import os
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo, available_timezones

#: Environment variable holding the pseudonym key.
SECRET_ENV = "LAPOR_SITE_SECRET"
#: Key used when no secret is set. Public, so pseudonyms made with it are not
#: secret: fine for the bundled synthetic demo, refused by publishconf.py.
DEMO_SECRET = "lapor-site-demo-key-NOT-SECRET"


class SettingsError(ValueError):
    """The configuration file is missing a value or has a wrong one."""


# ---------------------------------------------------------------------------
# Value checks. Each takes the value read from TOML and returns the value to
# store, or raises _Invalid with the reason (the loader adds file, table, key).
# ---------------------------------------------------------------------------


class _Invalid(ValueError):
    """A value breaks its key's rule; the message says how, without file or key."""


#: The Indonesian time zones and the label each is written with on the site.
INDONESIAN_ZONES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
#: Minimum contrast of theme colours against white (WCAG 2.1 AA, normal text).
MIN_CONTRAST = 4.5
REGION_KINDS = ("provinsi", "kabupaten", "kota")

_COLOUR_RE = re.compile(r"#[0-9a-fA-F]{6}")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
# http(s), a host name (or IPv4) and optional port and path; no spaces, quotes,
# query, fragment or user info, so the value is safe in any attribute or feed.
_URL_RE = re.compile(
    rf"https?://(?:{_LABEL}\.)*{_LABEL}(?::\d{{1,5}})?(?:/[A-Za-z0-9._~%!$&+,;=:@/-]*)?"
)
_EMAIL_RE = re.compile(rf"[A-Za-z0-9._%+-]+@(?:{_LABEL}\.)+[A-Za-z]{{2,}}")
_WHATSAPP_RE = re.compile(r"\+?[0-9]{6,15}")
_LANGUAGE_RE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
_TWITTER_RE = re.compile(r"[A-Za-z0-9_]{1,15}")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def _type_name(value: object) -> str:
    names = (
        (bool, "boolean"),
        (int, "integer"),
        (float, "float"),
        (str, "string"),
        (list, "array"),
        (dict, "table"),
        (datetime, "date-time"),
        (date, "date"),
        (time, "time"),
    )
    return next((name for kind, name in names if isinstance(value, kind)), type(value).__name__)


def _shown(value: object) -> str:
    """The value's type and a short, one-line rendering of it, for messages."""
    if isinstance(value, dict | list):
        return _type_name(value)
    text = repr(value)
    return f"{_type_name(value)} {text if len(text) <= 40 else text[:37] + '...'}"


def _string(value: object, *, allow_empty: bool = True) -> str:
    if not isinstance(value, str):
        raise _Invalid(f"expected a string, got {_shown(value)}")
    if _CONTROL_RE.search(value):
        raise _Invalid("control characters (such as a line break) are not allowed")
    if not allow_empty and not value.strip():
        raise _Invalid("must not be empty")
    return value


def _text(value: object) -> str:
    return _string(value)


def _nonempty(value: object) -> str:
    return _string(value, allow_empty=False)


def _matching(
    pattern: re.Pattern[str], what: str, *, allow_empty: bool = False
) -> Callable[[object], str]:
    def check(value: object) -> str:
        text = _string(value)
        if allow_empty and text == "":
            return text
        if not pattern.fullmatch(text):
            raise _Invalid(f"{_shown(text)} is not {what}")
        return text

    return check


_url = _matching(_URL_RE, "an http(s) URL without spaces, query or fragment")


def _site_url(value: object) -> str:
    return _url(value).rstrip("/")


def _string_list(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _Invalid(f"expected an array of strings, got {_shown(value)}")
    items: list[str] = []
    for number, item in enumerate(value, 1):
        try:
            text = _nonempty(item)
        except _Invalid as exc:
            raise _Invalid(f"item {number}: {exc}") from None
        if text in items:
            raise _Invalid(f"item {number}: {text!r} is listed twice")
        items.append(text)
    return tuple(items)


def _integer(minimum: int) -> Callable[[object], int]:
    def check(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Invalid(f"expected an integer, got {_shown(value)}")
        if value < minimum:
            raise _Invalid(f"must be at least {minimum}, got {value}")
        return value

    return check


def _share(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Invalid(f"expected a number from 0 to 1, got {_shown(value)}")
    if not 0 <= value <= 1:  # also refuses nan
        raise _Invalid(f"must be from 0 to 1 (0.1 = 10%), got {value}")
    return float(value)


#: Files of the zone database that name no zone: the machine's own setting and helpers.
_NOT_ZONES = frozenset(("localtime", "posixrules", "Factory"))


def _timezone(value: object) -> str:
    name = _nonempty(value)
    zones = available_timezones() - _NOT_ZONES
    if name in zones:
        return name
    close = difflib.get_close_matches(name, sorted(zones), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise _Invalid(
        f"{name!r} is not an IANA time zone name{hint}; use an IANA name such as "
        "Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT)"
    )


def contrast_with_white(colour: str) -> float:
    """WCAG 2.1 contrast ratio of ``#rrggbb`` against white (1 to 21)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


def _colour(value: object) -> str:
    colour = _matching(_COLOUR_RE, "a colour written #rrggbb")(value)
    ratio = contrast_with_white(colour)
    if ratio < MIN_CONTRAST:
        shown = math.floor(ratio * 100) / 100
        raise _Invalid(
            f"{colour} has a contrast of {shown:.2f}:1 against white, "
            f"below the {MIN_CONTRAST}:1 text needs; choose a darker colour"
        )
    return colour


def _region_code(value: object) -> str:
    if not isinstance(value, str):
        raise _Invalid(f'expected a string of 2 digits such as "64", got {_shown(value)}')
    return _matching(re.compile(r"[0-9]{2}"), 'a 2-digit province code such as "64"')(value)


def _region_kind(value: object) -> str:
    kind = _string(value)
    if kind not in REGION_KINDS:
        raise _Invalid(f"{kind!r} is not one of {', '.join(REGION_KINDS)}")
    return kind


def _zone_label(table: dict[str, Any]) -> str:
    """Default of [site] timezone_label: WIB, WITA or WIT, from the time zone."""
    zone = table["timezone"]
    if zone not in INDONESIAN_ZONES:
        raise _Invalid(
            f"required because timezone {zone!r} is not one of "
            f'{", ".join(INDONESIAN_ZONES)} (give the label readers know, e.g. "WIB")'
        )
    return INDONESIAN_ZONES[zone]


# ---------------------------------------------------------------------------
# The schema of region.toml
# ---------------------------------------------------------------------------

#: Marks a key without default.
REQUIRED: Final = object()


@dataclass(frozen=True, slots=True)
class Key:
    """One key of ``region.toml``: its rule, its default and where it is stored.

    ``default`` is :data:`REQUIRED`, a value, or a function of the table's
    other (already resolved) values. ``attr`` is the :class:`Settings` attribute
    (the key's name when empty); keys of [contact] and [official] go into
    ``Settings.contact`` and ``Settings.official``.
    """

    check: Callable[[Any], Any]
    type: str
    default: Any
    doc: str
    attr: str = ""

    @property
    def default_doc(self) -> str:
        """The default as the documentation shows it."""
        if self.default is REQUIRED:
            return "required"
        if callable(self.default):
            return (self.default.__doc__ or "").split(":", 1)[-1].strip()
        if isinstance(self.default, tuple):
            return "[]"
        return json.dumps(self.default, ensure_ascii=False)


def _same_as(key: str) -> Callable[[dict[str, Any]], Any]:
    def default(table: dict[str, Any]) -> Any:
        return table[key]

    default.__doc__ = f"default: the value of {key}"
    return default


_OFFICIAL_SOURCE = "https://lapor.go.id/lapor/tentang_lapor/tentang-lapor-dan-info-grafis.html"

#: table -> key -> rule. Every key of region.toml; anything else is refused.
SCHEMA: Final[dict[str, dict[str, Key]]] = {
    "site": {
        "url": Key(_site_url, "http(s) URL", REQUIRED,
                   "public URL of the built site (a trailing / is dropped)", "site_url"),
        "title": Key(_nonempty, "string", REQUIRED, "site title (Indonesian)"),
        "title_en": Key(_nonempty, "string", _same_as("title"), "site title (English)"),
        "publisher": Key(_text, "string", "", "publishing office (Indonesian)"),
        "publisher_en": Key(_text, "string", _same_as("publisher"), "publishing office (English)"),
        "timezone": Key(_timezone, "IANA time zone", "Asia/Makassar",
                        "time zone dates are shown in, e.g. Asia/Jakarta"),
        "timezone_label": Key(_nonempty, "string", _zone_label,
                              "label shown after times; required outside Indonesia's zones"),
        "language": Key(_matching(_LANGUAGE_RE, "a language tag such as id or en"),
                        "language tag", "id", "main language of the site"),
        "cases_per_page": Key(_integer(1), "integer ≥ 1", 20, "cases per listing page"),
        "search_bundle_pages": Key(_integer(1), "integer ≥ 1", 6000,
                                   "most pages indexed in one site-search bundle (Pagefind "
                                   "holds a bundle in memory, about 130 KB a case page)"),
    },
    "region": {
        "name": Key(_nonempty, "string", REQUIRED, "region name (Indonesian)", "region_name"),
        "name_en": Key(_nonempty, "string", _same_as("name"), "region name (English)",
                       "region_name_en"),
        "short_name": Key(_nonempty, "string", _same_as("name"), "short name, e.g. Kaltim",
                          "region_short_name"),
        "kind": Key(_region_kind, " | ".join(REGION_KINDS), "provinsi",
                    "what the region is", "region_kind"),
        "code": Key(_region_code, "2 digits (string)", "",
                    "Kemendagri province code, the first 2 digits of a NIK; used by "
                    "scripts/generate_sample.py", "region_code"),
        "areas": Key(_string_list, "array of strings", (), "kabupaten/kota reports come from"),
        "agencies": Key(_string_list, "array of strings", (), "agencies that receive reports"),
    },
    "contact": {
        "office": Key(_text, "string", "", "office that runs the site"),
        "address": Key(_text, "string", "", "its postal address"),
        "email": Key(_matching(_EMAIL_RE, "an e-mail address", allow_empty=True),
                     "e-mail address or empty", "", "its e-mail address"),
        "whatsapp": Key(_matching(_WHATSAPP_RE, "6 to 15 digits, optionally after +",
                                  allow_empty=True),
                        "digits (optional leading +) or empty", "",
                        "WhatsApp number for help with reporting; empty if none"),
    },
    "theme": {
        "primary": Key(_colour, "#rrggbb, contrast ≥ 4.5:1 on white", "#0b5d3b",
                       "main colour", "primary_colour"),
        "accent": Key(_colour, "#rrggbb, contrast ≥ 4.5:1 on white", "#a8321f",
                      "accent colour", "accent_colour"),
    },
    "official": {
        "web": Key(_url, "http(s) URL", "https://www.lapor.go.id", "the national channel"),
        "sms": Key(_matching(re.compile(r"[0-9]{3,15}"), "a number of digits"), "digits",
                   "1708", "SMS number"),
        # The SMS format is "<keyword> (spasi) isi aduan" (LAPOR! "Tentang LAPOR!" infographic).
        "sms_keyword": Key(_matching(re.compile(r"[A-Z0-9]{1,20}"), "capital letters or digits"),
                           "word", "LAPOR", "first word of a report by SMS"),
        "twitter": Key(_matching(_TWITTER_RE, "an X/Twitter handle without @"),
                       "handle without @", "LAPOR1708", "X/Twitter account"),
        "app_name": Key(_nonempty, "string", "SP4N LAPOR!", "name of the apps in the stores"),
        "source": Key(_url, "http(s) URL", _OFFICIAL_SOURCE, "where these facts come from"),
    },
    "data": {
        "max_invalid_share": Key(_share, "number 0–1", 0.10,
                                 "a sync fails when more than this share of records is invalid"),
        "min_cell_count": Key(_integer(1), "integer ≥ 1", 3,
                              "medians over fewer cases than this are withheld"),
        "min_published_share": Key(_share, "number 0–1", 0.5,
                                   "a full pull publishing fewer cases than this share of the "
                                   "cases shown now is refused unless --allow-shrink is given"),
        "min_ranked_reports": Key(_integer(1), "integer ≥ 1", 10,
                                  "agency rankings count only agencies with at least this many "
                                  "reports"),
    },
    "limits": {
        "verification": Key(_integer(1), "integer ≥ 1 (working days)", 3,
                            "the LAPOR! admin verifies a report within this many working days "
                            "(LAPOR! FAQ)", "verification_limit"),
        "first_response": Key(_integer(1), "integer ≥ 1 (working days)", 5,
                              "an agency follows a forwarded report up within this many working "
                              "days (SP4N-LAPOR! app description, KSP)", "response_limit"),
        "unhandled": Key(_integer(1), "integer ≥ first_response (working days)", 15,
                         "a forwarded report without follow-up for longer is flagged centrally "
                         "(Diskominfo Kaltim)", "unhandled_limit"),
    },
}  # fmt: skip


def _default(table: str, key: str) -> Any:
    return SCHEMA[table][key].default


@dataclass(frozen=True, slots=True)
class Official:
    """The national SP4N-LAPOR! channel every page points to."""

    web: str = _default("official", "web")
    sms: str = _default("official", "sms")
    #: An SMS report is "<sms_keyword> (spasi) isi aduan" sent to ``sms``.
    sms_keyword: str = _default("official", "sms_keyword")
    twitter: str = _default("official", "twitter")
    app_name: str = _default("official", "app_name")
    source: str = _default("official", "source")


def _empty_contact() -> dict[str, str]:
    return {key: spec.default for key, spec in SCHEMA["contact"].items()}


@dataclass(frozen=True, slots=True)
class Settings:
    """A deployment's settings, built from ``region.toml`` by :func:`load_settings`.

    Defaults are those of :data:`SCHEMA`; the few that depend on another key
    (``title_en``, ``timezone_label``...) hold the value for the defaults here.
    """

    site_url: str = ""
    title: str = "LAPOR!"
    title_en: str = "LAPOR!"
    publisher: str = _default("site", "publisher")
    publisher_en: str = _default("site", "publisher")
    timezone: str = _default("site", "timezone")
    timezone_label: str = INDONESIAN_ZONES[_default("site", "timezone")]
    language: str = _default("site", "language")
    cases_per_page: int = _default("site", "cases_per_page")
    #: Most pages in one bundle of the site search's index (lapor_site.search).
    search_bundle_pages: int = _default("site", "search_bundle_pages")
    region_name: str = ""
    region_name_en: str = ""
    region_short_name: str = ""
    region_kind: str = _default("region", "kind")
    #: Kemendagri province code ("64"), or empty.
    region_code: str = _default("region", "code")
    areas: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    #: office, address, email, whatsapp (empty when not given).
    contact: dict[str, str] = field(default_factory=_empty_contact)
    primary_colour: str = _default("theme", "primary")
    accent_colour: str = _default("theme", "accent")
    official: Official = field(default_factory=Official)
    #: Share of invalid records above which a sync fails (0.10 = 10%).
    max_invalid_share: float = _default("data", "max_invalid_share")
    #: Cross-tabulation cells below this count are shown as "< k".
    min_cell_count: int = _default("data", "min_cell_count")
    #: A full pull publishing fewer cases than this share of the published ones is refused.
    min_published_share: float = _default("data", "min_published_share")
    #: Agency rankings count only agencies with at least this many reports.
    min_ranked_reports: int = _default("data", "min_ranked_reports")
    #: Working days the LAPOR! admin has to verify a report.
    verification_limit: int = _default("limits", "verification")
    #: Working days an agency has for its first follow-up.
    response_limit: int = _default("limits", "first_response")
    #: Working days without follow-up after which a report is flagged.
    unhandled_limit: int = _default("limits", "unhandled")

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def protected_words(self) -> list[str]:
        """Names that free-text redaction must never take for personal names."""
        words = [self.region_name, self.region_short_name, *self.areas, *self.agencies]
        words += self.contact.values()  # the office's own address and e-mail
        return [w for w in words if w]


def _unknown(name: str, known: Iterable[str], what: str) -> str:
    known = list(known)
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f"unknown {what} (did you mean {close[0]!r}?)"
    return f"unknown {what} (known: {', '.join(known)})"


def _resolve(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Check ``data`` against :data:`SCHEMA`; return every key's value, defaults filled in.

    Raises ``_Invalid`` with a message that starts with the table and key.
    """
    for name, table in data.items():
        if name not in SCHEMA:
            raise _Invalid(f"[{name}]: {_unknown(name, SCHEMA, 'table')}")
        if not isinstance(table, dict):
            raise _Invalid(f"[{name}]: expected a table, got {_shown(table)}")
    resolved: dict[str, dict[str, Any]] = {}
    for name, keys in SCHEMA.items():
        given: dict[str, Any] = data.get(name, {})
        for key in given:
            if key not in keys:
                raise _Invalid(f"[{name}] {key}: {_unknown(key, keys, 'key')}")
        values: dict[str, Any] = {}
        for key, spec in keys.items():
            try:
                if key in given:
                    values[key] = spec.check(given[key])
                elif spec.default is REQUIRED:
                    raise _Invalid("is required")
                elif callable(spec.default):
                    values[key] = spec.default(values)
                else:
                    values[key] = spec.default
            except _Invalid as exc:
                raise _Invalid(f"[{name}] {key}: {exc}") from None
        resolved[name] = values
    limits = resolved["limits"]
    if limits["unhandled"] < limits["first_response"]:
        raise _Invalid(
            f"[limits] unhandled: must be at least first_response ({limits['first_response']}),"
            f" got {limits['unhandled']}"
        )
    return resolved


def load_settings(path: str | Path) -> Settings:
    """Read and check a region file (a site folder's ``region.toml``) into :class:`Settings`.

    Raises :class:`SettingsError` with one line naming the file, and for a bad
    value the table and key, e.g. ``region.toml: [site] time_zone: unknown key
    (did you mean 'timezone'?)``.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsError(f"{path}: configuration file not found") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        reason = " ".join(str(exc).split())
        raise SettingsError(f"{path}: {reason}") from None
    try:
        tables = _resolve(data)
    except _Invalid as exc:
        raise SettingsError(f"{path}: {exc}") from None
    fields = {
        SCHEMA[name][key].attr or key: value
        for name, values in tables.items()
        if name not in ("contact", "official")
        for key, value in values.items()
    }
    return Settings(**fields, contact=tables["contact"], official=Official(**tables["official"]))


def pseudonym_secret() -> tuple[bytes, bool]:
    """Return the pseudonym key and whether it is the public demo key."""
    secret = os.environ.get(SECRET_ENV, "")
    if secret:
        return secret.encode("utf-8"), False
    return DEMO_SECRET.encode("utf-8"), True
