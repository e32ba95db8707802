"""Sources: where case records come from.

A source is any object with a ``fetch()`` method that yields
:class:`~lapor_site.model.RawRecord` objects whose ``data`` uses the canonical
field names of :data:`lapor_site.model.FIELDS`. Sources do no validation; a
source raises :class:`SourceError` (one clear line, no secrets) when it cannot
deliver a complete, well-formed set of records.

Optional attributes the pipeline reads: ``watermark`` (ISO 8601 text, after a
complete fetch: the latest change seen) and ``is_incremental`` (true when the
pull returns only records changed since the last watermark, so earlier
records must be kept from the case store).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from lapor_site.model import RawRecord


class SourceError(Exception):
    """The source could not deliver its records; the message is one line, safe to print."""


class Source(Protocol):
    name: str

    def fetch(self) -> Iterator[RawRecord]: ...
