"""Cache files in a site's ``.state``: rewritten atomically, and only when they change.

The leak audit and the link check remember what they found per content hash
(:mod:`lapor_site.audit`, :mod:`lapor_site.linkcheck`). A cache is never the
truth, so it lives outside the update's transaction; but an update that
changes nothing must not touch a file (not even its mtime), and a killed
write must never leave half a cache behind.
"""

from __future__ import annotations

from pathlib import Path

#: Suffix of a file being written beside the one it will replace. A killed run can
#: leave one in ``.state``; the next command removes it (:meth:`lapor_site.site.Site.lock`).
PARTIAL_SUFFIX = ".partial"


def save(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file, unless it already holds it."""
    save_bytes(path, text.encode("utf-8"))


def save_bytes(path: Path, data: bytes) -> None:
    """:func:`save` for bytes."""
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + PARTIAL_SUFFIX)
    partial.write_bytes(data)
    partial.replace(path)
