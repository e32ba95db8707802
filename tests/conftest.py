"""Shared fixtures: input files and raw socket servers for network faults."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from factories import write_jsonl
from sources.source_testkit import Handler, RawServer


@pytest.fixture
def jsonl(tmp_path):
    def _write(rows: list[dict], name: str = "cases.jsonl") -> Path:
        return write_jsonl(tmp_path / name, rows)

    return _write


@pytest.fixture
def raw_server() -> Iterator[Callable[[Handler], RawServer]]:
    """Start :class:`RawServer` instances (hang, drop or cut connections); stopped afterwards."""
    servers: list[RawServer] = []

    def start(handler: Handler) -> RawServer:
        server = RawServer(handler)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
