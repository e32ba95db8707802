"""Fixtures for the source tests: real HTTP servers on 127.0.0.1 and fault helpers.

``httpserver`` (pytest-httpserver, bound to 127.0.0.1) speaks the APIs;
``raw_server`` starts :class:`source_testkit.RawServer` instances for faults.
"""

from __future__ import annotations

import logging
import socket

import pytest
from source_testkit import FAKE_TOKEN, TOKEN_ENV


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    return ("127.0.0.1", 0)


@pytest.fixture(autouse=True)
def _direct_connections(monkeypatch: pytest.MonkeyPatch) -> None:
    """Test servers are local: never route them through a proxy from the environment."""
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
def token(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(TOKEN_ENV, FAKE_TOKEN)
    return FAKE_TOKEN


@pytest.fixture
def debug_logs(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> pytest.LogCaptureFixture:
    """Capture every log line, urllib3's debug lines included."""
    caplog.set_level(logging.DEBUG)
    # The test server's own access log shows what it received; that is not our output.
    monkeypatch.setattr(logging.getLogger("werkzeug"), "disabled", True)
    return caplog


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 nobody listens on: connecting is refused."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port
