"""Settings: the one object that holds a deployment's configuration.

Everything regional (names, areas, agencies, colours, contacts, URLs) comes
from ``region.toml``; secrets come only from the environment. Defaults are
documented on :class:`Settings` and in README.md ("Configuration").
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REGION_FILE = ROOT / "region.toml"

#: Environment variable holding the pseudonym key.
SECRET_ENV = "LAPOR_SITE_SECRET"
#: Key used when no secret is set. Public, so pseudonyms made with it are not
#: secret: fine for the bundled synthetic demo, refused by publishconf.py.
DEMO_SECRET = "lapor-site-demo-key-NOT-SECRET"


class SettingsError(ValueError):
    """The configuration file is missing a value or has a wrong one."""


@dataclass(frozen=True, slots=True)
class Official:
    """The national SP4N-LAPOR! channel every page points to."""

    web: str = "https://www.lapor.go.id"
    sms: str = "1708"
    twitter: str = "LAPOR1708"
    app_name: str = "SP4N LAPOR!"
    source: str = "https://lapor.go.id/lapor/tentang_lapor/tentang-lapor-dan-info-grafis.html"


@dataclass(frozen=True, slots=True)
class Settings:
    """A deployment's settings. Field defaults are the documented defaults."""

    site_url: str = ""
    title: str = "LAPOR!"
    title_en: str = "LAPOR!"
    publisher: str = ""
    publisher_en: str = ""
    timezone: str = "Asia/Makassar"
    timezone_label: str = "WITA"
    cases_per_page: int = 20
    region_name: str = ""
    region_name_en: str = ""
    region_short_name: str = ""
    areas: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    contact: dict[str, str] = field(default_factory=dict)
    primary_colour: str = "#0b5d3b"
    accent_colour: str = "#a8321f"
    official: Official = field(default_factory=Official)
    #: Share of invalid records above which a sync fails (0.10 = 10%).
    max_invalid_share: float = 0.10
    #: Cross-tabulation cells below this count are shown as "< k".
    min_cell_count: int = 3
    #: A full pull publishing fewer than this share of the cases shown now is refused.
    min_published_share: float = 0.5

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def protected_words(self) -> list[str]:
        """Names that free-text redaction must never take for personal names."""
        words = [self.region_name, self.region_short_name, *self.areas, *self.agencies]
        words += self.contact.values()  # the office's own address and e-mail
        return [w for w in words if w]


def _section(data: dict[str, Any], name: str) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise SettingsError(f"[{name}] must be a table")
    return value


def load_settings(path: str | Path | None = None) -> Settings:
    """Read ``region.toml`` (or ``path``) into :class:`Settings`."""
    path = Path(path) if path else DEFAULT_REGION_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsError(f"{path}: configuration file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: {exc}") from None
    site, region = _section(data, "site"), _section(data, "region")
    theme, limits = _section(data, "theme"), _section(data, "data")
    for key in ("title", "url"):
        if not site.get(key):
            raise SettingsError(f"{path}: [site] {key} is required")
    if not region.get("name"):
        raise SettingsError(f"{path}: [region] name is required")
    defaults = Settings()
    return Settings(
        site_url=str(site["url"]).rstrip("/"),
        title=site["title"],
        title_en=site.get("title_en", site["title"]),
        publisher=site.get("publisher", ""),
        publisher_en=site.get("publisher_en", site.get("publisher", "")),
        timezone=site.get("timezone", defaults.timezone),
        timezone_label=site.get("timezone_label", defaults.timezone_label),
        cases_per_page=int(site.get("cases_per_page", defaults.cases_per_page)),
        region_name=region["name"],
        region_name_en=region.get("name_en", region["name"]),
        region_short_name=region.get("short_name", region["name"]),
        areas=tuple(region.get("areas", ())),
        agencies=tuple(region.get("agencies", ())),
        contact={k: str(v) for k, v in _section(data, "contact").items()},
        primary_colour=theme.get("primary", defaults.primary_colour),
        accent_colour=theme.get("accent", defaults.accent_colour),
        official=Official(**_section(data, "official")),
        max_invalid_share=float(limits.get("max_invalid_share", defaults.max_invalid_share)),
        min_cell_count=int(limits.get("min_cell_count", defaults.min_cell_count)),
        min_published_share=float(
            limits.get("min_published_share", defaults.min_published_share)
        ),
    )


def pseudonym_secret() -> tuple[bytes, bool]:
    """Return the pseudonym key and whether it is the public demo key."""
    secret = os.environ.get(SECRET_ENV, "")
    if secret:
        return secret.encode("utf-8"), False
    return DEMO_SECRET.encode("utf-8"), True
