"""Sync state: when the last successful sync ran, from which source, up to which watermark.

Kept in ``.state/sync.json`` (or ``$LAPOR_SITE_STATE``) (outside ``content/`` and ``output/``, never
published). Written atomically, only after a sync succeeded.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from lapor_site.settings import ROOT

#: Environment variable that moves the state file (tests, several deployments on one host).
STATE_ENV = "LAPOR_SITE_STATE"


def state_path() -> Path:
    return Path(os.environ.get(STATE_ENV) or ROOT / ".state" / "sync.json")


def load(path: Path | None = None) -> dict[str, Any]:
    path = path or state_path()
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except json.JSONDecodeError:
        raise ValueError(f"{path}: state file is not valid JSON; delete it to start over") from None


def save(state: dict[str, Any], path: Path | None = None) -> None:
    path = path or state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(json.dumps(state, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def store_path() -> Path:
    """Where the case store lives: beside the state file (``.state/sync.cases.jsonl``)."""
    return state_path().with_suffix(".cases.jsonl")


def watermark_for(source_key: str, path: Path | None = None) -> datetime | None:
    """The watermark to pull from, if the last success was from this same source."""
    state = load(path)
    if state.get("source_key") != source_key or not state.get("watermark"):
        return None
    return datetime.fromisoformat(state["watermark"])


def record_success(
    source: str, as_of: str | None, watermark: str | None, published: int, now: datetime,
    path: Path | None = None, source_key: str = "",
) -> None:  # fmt: skip
    previous = load(path)
    if watermark is None and previous.get("source_key") == source_key:
        watermark = previous.get("watermark")  # nothing new: keep pulling from the same point
    save(
        {
            "last_success": now.isoformat(timespec="seconds"),
            "source": source,
            "source_key": source_key,
            "data_as_of": as_of,
            "watermark": watermark,
            "published_cases": published,
        },
        path,
    )


def describe(path: Path | None = None) -> str:
    state = load(path)
    if not state:
        return "no successful sync yet"
    return "\n".join(f"{key}: {state[key]}" for key in sorted(state))
