"""Plain helpers for the source tests (conftest.py holds the fixtures).

:class:`RawServer` is a bare TCP server on 127.0.0.1 for what a well-behaved
HTTP server cannot do: hang, drop the connection, or send a body shorter than
its Content-Length.
"""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Callable

from lapor_site.sources import SourceError

#: A recognisable fake credential: it must never show up in messages or logs.
FAKE_TOKEN = "tok-FAKE-SECRET-7f3c9a2e51"
TOKEN_ENV = "TEST_LAPOR_API_TOKEN"

#: Fast HTTP settings: small timeouts, two retries, no backoff sleeps, no progress bar.
FAST_HTTP = {
    "connect_timeout": 2,
    "read_timeout": 5,
    "retries": 2,
    "backoff_factor": 0,
    "progress": False,
}


def http_response(
    body: bytes,
    *,
    status: str = "200 OK",
    content_type: str = "application/json",
    content_length: int | None = None,
    headers: dict[str, str] | None = None,
) -> bytes:
    """Raw HTTP/1.1 response bytes; ``content_length`` may lie to simulate a cut body."""
    length = len(body) if content_length is None else content_length
    lines = [
        f"HTTP/1.1 {status}",
        f"Content-Type: {content_type}",
        f"Content-Length: {length}",
        "Connection: close",
        *(f"{k}: {v}" for k, v in (headers or {}).items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


Handler = Callable[[str, dict[str, str], "RawServer"], bytes | None]


class RawServer:
    """A bare TCP server; ``handler(path, headers, server)`` returns the reply or ``None``.

    ``None`` closes the connection without a byte of answer; a handler may
    also block on :attr:`stopping` to hang until the test ends.
    """

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.stopping = threading.Event()
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.05)
        self.port = self._sock.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                data += chunk
            head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
            _method, path, _version = head[0].split(" ", 2)
            headers = {}
            for line in head[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            self.requests.append((path, headers))
            reply = self.handler(path, headers, self)
            if reply:
                conn.sendall(reply)

    def stop(self) -> None:
        self.stopping.set()
        self._sock.close()
        self._thread.join(1)


def assert_clean_error(
    error: SourceError, *, starts: str = "", contains: tuple[str, ...] = ()
) -> str:
    """The message is one line, names the URL as ``(GET http://…)``, holds no secret."""
    message = str(error)
    assert "\n" not in message and "\r" not in message
    assert FAKE_TOKEN not in message
    assert message.startswith(starts), message
    assert re.search(r"\(GET https?://127\.0\.0\.1:\d+/\S*\)$", message), message
    for part in contains:
        assert part in message, f"{part!r} not in {message!r}"
    return message
