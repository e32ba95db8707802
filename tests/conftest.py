"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import write_jsonl


@pytest.fixture
def jsonl(tmp_path):
    def _write(rows: list[dict], name: str = "cases.jsonl") -> Path:
        return write_jsonl(tmp_path / name, rows)

    return _write
