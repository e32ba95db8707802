"""Choosing and building the source: ``sync.toml`` plus command-line overrides.

Owns :func:`load_sync_config` (read ``sync.toml``; without one, the bundled
sample file) and :func:`build_source` (pick ``[sources.<name>]``, apply
``--source``/``--url``/``--input``, merge the shared ``[http]`` table, build
the source). Secrets are never read from the file: options ending in ``_env``
name environment variables, which the sources read.
"""

from __future__ import annotations

import copy
import logging
import tomllib
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from lapor_site.site import SAMPLE_FILE
from lapor_site.sources import Source, SourceError
from lapor_site.sources.ckan import CkanSource
from lapor_site.sources.file import FileSource
from lapor_site.sources.lapor_api import LaporApiSource
from lapor_site.sources.mapping import ConfigError
from lapor_site.sources.open311 import Open311Source

log = logging.getLogger(__name__)

DEFAULT_CONFIG_FILE = Path("sync.toml")
#: Source types by the name used in ``type = …`` (or as the table name).
SOURCE_TYPES: dict[str, Any] = {
    "file": FileSource,
    "lapor-api": LaporApiSource,
    "open311": Open311Source,
    "ckan": CkanSource,
}
DEFAULTS: dict[str, Any] = {
    "sync": {"source": "file"},
    "sources": {"file": {"path": str(SAMPLE_FILE)}},
}


def _resolve_paths(config: dict[str, Any], base: Path) -> None:
    """Make relative ``path`` options absolute against ``base`` (the config's folder)."""
    sources = config.get("sources")
    if not isinstance(sources, Mapping):
        return
    for table in sources.values():
        if isinstance(table, dict) and isinstance(table.get("path"), str):
            path = Path(table["path"])
            if not path.is_absolute() and not table["path"].startswith(("http://", "https://")):
                table["path"] = str(base / path)


def default_sync_config() -> dict[str, Any]:
    """The configuration used without ``sync.toml``: the bundled sample, as a file source."""
    return copy.deepcopy(DEFAULTS)


def load_sync_config(path: Path | None = None) -> dict[str, Any]:
    """Read ``sync.toml`` (default: ``./sync.toml``).

    A missing default file gives the defaults (an explicit ``path`` must
    exist): the ``file`` source reading the installation's bundled sample
    (:data:`lapor_site.site.SAMPLE_FILE`, whatever the current folder). Relative
    ``path`` options are resolved against the config file's folder. A file
    that is not valid TOML raises :class:`ConfigError`.
    """
    if path is not None and not path.is_file():
        raise ConfigError(f"{path}: sync configuration not found")
    target = path if path is not None else DEFAULT_CONFIG_FILE
    if not target.is_file():
        log.info("%s not found; using the sample file source", target)
        return default_sync_config()
    try:
        with target.open("rb") as handle:
            config = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{target}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{target}: cannot read: {exc.strerror}") from None
    for key in ("sync", "http", "sources"):
        if not isinstance(config.get(key, {}), Mapping):
            raise ConfigError(f"{target}: [{key}] must be a table")
    _resolve_paths(config, target.resolve().parent)
    return config


def build_source(
    config: Mapping[str, Any],
    *,
    source: str | None = None,
    url: str | None = None,
    input: str | None = None,
    since: datetime | None = None,
    timezone: str | None = None,
) -> Source:
    """Build the configured source, applying command-line overrides.

    ``source`` picks a ``[sources.<name>]`` table (or a bare type name);
    without it ``[sync] source`` decides, or ``file`` when ``input`` is
    given. ``url`` replaces the source's ``base_url`` (or the file's path);
    ``input`` replaces the file source's path and only applies to it.
    ``since`` asks for records updated since then (sources that cannot filter
    pull everything). ``timezone`` (an IANA name: the region's ``[site]
    timezone``) is the zone of naive dates for the file, ckan and lapor-api
    sources unless their table sets ``default_timezone``; Open311 dates carry
    their offset. Unknown names and bad or missing options raise
    :class:`ConfigError` (both a :class:`SourceError` and a ``ValueError``).
    """
    tables = config.get("sources") or {}
    sync = config.get("sync") or {}
    name = source or ("file" if input else None) or sync.get("source") or "file"
    if not isinstance(name, str):
        raise ConfigError("[sync] source must be a source name")
    if name not in tables and name not in SOURCE_TYPES:
        known = sorted(set(tables) | set(SOURCE_TYPES))
        raise ConfigError(f"unknown source {name!r} (known: {', '.join(known)})")
    table = tables.get(name, {})
    if not isinstance(table, Mapping):
        raise ConfigError(f"[sources.{name}] must be a table")
    options = {**(config.get("http") or {}), **table}
    kind = options.pop("type", name)
    cls = SOURCE_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise ConfigError(
            f"[sources.{name}] unknown type {kind!r} (use {', '.join(sorted(SOURCE_TYPES))})"
        )
    if input is not None:
        if cls is not FileSource:
            raise ConfigError(f"--input only applies to the file source, not {name!r}")
        options.pop("url", None)
        options["path"] = input
    if url is not None:
        if cls is FileSource:
            options.pop("path", None)
            options["url"] = url
        else:
            options["base_url"] = url
    section = f"sources.{name}"
    zone_option = {"timezone": timezone} if timezone and cls is not Open311Source else {}
    if cls is FileSource:
        return FileSource.from_config(options, since=since, section=section, **zone_option)
    try:
        return cls(options, since=since, section=section, **zone_option)
    except ValueError as exc:
        if isinstance(exc, SourceError):
            raise
        raise ConfigError(str(exc)) from None
