"""Sync state: when the last successful sync ran, from which source, up to which watermark.

Kept in ``.state/sync.json`` of the site folder (outside ``content/`` and
``output/``, never published) and replaced only by a committed update (see
:mod:`lapor_site.transaction`).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any


def load(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except json.JSONDecodeError:
        raise ValueError(f"{path}: state file is not valid JSON; delete it to start over") from None


def write(state: dict[str, Any], path: Path) -> None:
    """Write ``state`` to ``path`` (a staged file: the transaction makes it atomic)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(state, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def watermark_for(source_key: str, path: Path) -> datetime | None:
    """The watermark to pull from, if the last success was from this same source."""
    state = load(path)
    if state.get("source_key") != source_key or not state.get("watermark"):
        return None
    return datetime.fromisoformat(state["watermark"])


def success(
    previous: dict[str, Any], *, source: str, source_key: str, as_of: str | None,
    watermark: str | None, published: int, now: datetime,
) -> dict[str, Any]:  # fmt: skip
    """The state after a successful sync, given the state before it."""
    if watermark is None and previous.get("source_key") == source_key:
        watermark = previous.get("watermark")  # nothing new: keep pulling from the same point
    return {
        "last_success": now.isoformat(timespec="seconds"),
        "source": source,
        "source_key": source_key,
        "data_as_of": as_of,
        "watermark": watermark,
        "published_cases": published,
    }


def describe(path: Path) -> str:
    state = load(path)
    if not state:
        return "no successful sync yet"
    return "\n".join(f"{key}: {state[key]}" for key in sorted(state))
