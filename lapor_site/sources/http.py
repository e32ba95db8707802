"""HTTP transport for the sources: one robust session, safe fetching, safe messages.

Owns:

* :func:`make_session`: a ``requests`` session with connect/read timeouts on
  every request, urllib3 ``Retry`` (429/5xx, ``Retry-After`` respected, GET
  only), TLS verification and the project's User-Agent.
* :func:`fetch_json` / :func:`fetch_bytes`: one GET that either returns the
  body or raises :class:`~lapor_site.sources.SourceError` with one line naming
  the problem and the URL with secrets removed.
* Secrets: :func:`read_secret` takes a credential from an environment
  variable, :class:`HeaderAuth` / :class:`ParamAuth` attach it to requests
  without showing it in reprs, :func:`redact_url` / :func:`scrub` remove it
  from text, and a log filter scrubs urllib3's debug lines.
* :func:`progress_bar`: a tqdm bar on stderr, only when stderr is a terminal.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter
from requests.auth import AuthBase
from tqdm import tqdm
from urllib3.exceptions import (
    ConnectTimeoutError,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
)
from urllib3.exceptions import SSLError as Urllib3SSLError
from urllib3.util.retry import Retry

from lapor_site import __version__
from lapor_site.sources import SourceError
from lapor_site.sources.mapping import (
    ConfigError,
    Options,
    find_repeated,
    loads_json,
    one_line,
)

log = logging.getLogger(__name__)

#: Where the User-Agent points operators of the APIs we call.
USER_AGENT = f"lapor-site/{__version__} (static outreach site for SP4N-LAPOR! data)"

#: Options every HTTP source accepts (in ``[http]`` or its own table).
HTTP_OPTIONS = frozenset(
    {
        "connect_timeout",
        "read_timeout",
        "retries",
        "backoff_factor",
        "backoff_max",
        "retry_after_max",
        "ca_bundle",
        "progress",
    }
)
RETRY_STATUSES = (429, 500, 502, 503, 504)

#: Query parameter names whose values are secrets (compared case-insensitively).
SENSITIVE_PARAMS = frozenset(
    {
        "token",
        "key",
        "api_key",
        "apikey",
        "access_token",
        "secret",
        "password",
        "sig",
        "signature",
    }
)
#: Also sensitive: those names behind a prefix ("client_secret", "x-api-key").
_SENSITIVE_NAME = r"(?:[a-z0-9]+[_-])*(?:token|key|apikey|secret|password|passwd|sig|signature)"
_MASK = "***"
#: Secret values read from the environment in this process; scrubbed from any text.
_SECRETS: set[str] = set()


def _is_sensitive(name: str) -> bool:
    name = name.strip().lower()
    return name in SENSITIVE_PARAMS or re.fullmatch(_SENSITIVE_NAME, name) is not None


def redact_url(url: str) -> str:
    """Return ``url`` without user:password and with sensitive query values masked.

    The fragment is dropped; everything else stays as written.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return scrub(url)
    netloc = parts.netloc.rpartition("@")[2] if "@" in parts.netloc else parts.netloc
    pieces = []
    for piece in parts.query.split("&") if parts.query else []:
        name, eq, _value = piece.partition("=")
        pieces.append(f"{name}={_MASK}" if eq and _is_sensitive(unquote(name)) else piece)
    clean = urlunsplit((parts.scheme, netloc, parts.path, "&".join(pieces), ""))
    return scrub(clean)


_PARAM_IN_TEXT = re.compile(rf"(?i)([?&;]{_SENSITIVE_NAME}=)[^&\s'\"#]*")
_USERINFO_IN_TEXT = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://)[^/\s@]+@")


def scrub(text: str) -> str:
    """Remove known secret values, sensitive query values and URL credentials from text."""
    for secret in _SECRETS:
        text = text.replace(secret, _MASK)
    text = _PARAM_IN_TEXT.sub(rf"\1{_MASK}", text)
    return _USERINFO_IN_TEXT.sub(r"\1", text)


def read_secret(env_name: str, option: str) -> str:
    """Read a credential from the environment variable ``env_name``.

    ``option`` names the config option that named the variable, for the error.
    """
    if not env_name or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", env_name):
        raise ConfigError(f"{option}: {env_name!r} is not an environment variable name")
    value = os.environ.get(env_name, "").strip()
    if not value:
        raise ConfigError(f"environment variable {env_name} is not set (named by {option})")
    if len(value) >= 4:
        _SECRETS.add(value)
    return value


class HeaderAuth(AuthBase):
    """Send a credential in a request header; its repr never shows the value."""

    def __init__(self, header: str, value: str) -> None:
        self.header = header
        self._value = value

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers[self.header] = self._value
        return request

    def __repr__(self) -> str:
        return f"HeaderAuth({self.header!r}, '{_MASK}')"


class ParamAuth(AuthBase):
    """Send a credential as a query parameter (Open311 ``api_key``); hidden in reprs."""

    def __init__(self, param: str, value: str) -> None:
        self.param = param
        self._value = value

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.prepare_url(request.url, {self.param: self._value})
        return request

    def __repr__(self) -> str:
        return f"ParamAuth({self.param!r}, '{_MASK}')"


class _ScrubFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken log call is not ours to fix
            return True
        clean = scrub(message)
        if clean != message:
            record.msg, record.args = clean, ()
        return True


_FILTER = _ScrubFilter()
_FILTERED_LOGGERS = (
    "urllib3.connectionpool",
    "urllib3.connection",
    "urllib3.util.retry",
    "urllib3.response",
    "requests",
)


def _install_log_filter() -> None:
    for name in _FILTERED_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)


_install_log_filter()


class Session(requests.Session):
    """A ``requests.Session`` that applies its timeouts to every request.

    It also drops a credential header when a redirect leaves the host
    (requests only does that for ``Authorization``).
    """

    def __init__(self, *, timeout: tuple[float, float], attempts: int, progress: bool) -> None:
        super().__init__()
        self.timeout = timeout
        self.attempts = attempts
        self.progress = progress

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("timeout", self.timeout)
        return super().request(method, url, *args, **kwargs)

    def rebuild_auth(
        self, prepared_request: requests.PreparedRequest, response: requests.Response
    ) -> None:
        super().rebuild_auth(prepared_request, response)
        if isinstance(self.auth, HeaderAuth) and self.should_strip_auth(
            response.request.url or "", prepared_request.url or ""
        ):
            prepared_request.headers.pop(self.auth.header, None)

    def __repr__(self) -> str:
        return f"<lapor_site Session timeout={self.timeout} attempts={self.attempts}>"


def make_session(config: Mapping[str, Any] | None = None) -> Session:
    """Build the one session a source uses.

    Reads only :data:`HTTP_OPTIONS` from ``config`` (other keys are ignored):
    ``connect_timeout`` (10 s), ``read_timeout`` (60 s), ``retries`` (5),
    ``backoff_factor`` (0.5), ``backoff_max`` (30 s), ``retry_after_max``
    (120 s: a longer ``Retry-After`` is cut to this), ``ca_bundle`` (extra CA
    file; verification stays on) and ``progress`` (true).
    """
    opts = Options({k: v for k, v in (config or {}).items() if k in HTTP_OPTIONS}, "http")
    timeout = (
        opts.number("connect_timeout", 10.0, minimum=0.001),
        opts.number("read_timeout", 60.0, minimum=0.001),
    )
    retries = opts.integer("retries", 5)
    retry = Retry(
        total=retries,
        backoff_factor=opts.number("backoff_factor", 0.5),
        backoff_max=opts.number("backoff_max", 30.0),
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        respect_retry_after_header=True,
        retry_after_max=opts.integer("retry_after_max", 120),
        raise_on_status=False,
    )
    session = Session(timeout=timeout, attempts=retries + 1, progress=opts.flag("progress", True))
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    ca_bundle = opts.text("ca_bundle")
    session.verify = ca_bundle or True
    return session


def check_http_url(url: str, option: str) -> str:
    """Return ``url`` if it is an absolute http(s) URL, else raise :class:`ConfigError`."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"{option}: expected an http:// or https:// URL, got {redact_url(url)!r}")
    return url


def full_url(url: str, params: Mapping[str, Any] | None = None) -> str:
    """``url`` with ``params`` encoded the way requests sends them."""
    if not params:
        return url
    try:
        return requests.Request("GET", url, params=dict(params)).prepare().url or url
    except requests.RequestException:
        return url


def source_error(problem: str, url: str, context: str = "") -> SourceError:
    """One-line error: ``"<context>: <problem> (GET <redacted url>)"``."""
    prefix = f"{context}: " if context else ""
    return SourceError(
        f"{one_line(scrub(prefix + problem), 300)} (GET {one_line(redact_url(url))})"
    )


def _seconds(value: float) -> str:
    return f"{value:g} s"


def _describe(exc: requests.RequestException, session: requests.Session) -> str:
    """Name a transport failure without echoing the exception text (it holds the URL)."""
    connect_timeout, read_timeout = getattr(session, "timeout", (None, None))
    attempts = getattr(session, "attempts", 1)
    if isinstance(exc, requests.exceptions.SSLError):
        return "TLS error (certificate not trusted or handshake failed)"
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return f"connect timeout after {_seconds(connect_timeout or 0)} ({attempts} attempts)"
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return f"read timeout after {_seconds(read_timeout or 0)}"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return "connection closed in the middle of the response"
    if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema)):
        return "invalid URL"
    if isinstance(exc, requests.exceptions.InvalidSchema):
        return "unsupported URL scheme (use http or https)"
    if isinstance(exc, requests.exceptions.TooManyRedirects):
        return "too many redirects"
    if isinstance(exc, requests.exceptions.ConnectionError):
        reason: Any = exc.args[0] if exc.args else None
        tries = ""
        if isinstance(reason, MaxRetryError):
            reason, tries = reason.reason, f" ({attempts} attempts)"
        if isinstance(reason, NameResolutionError):
            return f"cannot resolve the host name{tries}"
        if isinstance(reason, NewConnectionError):
            refused = "refused" in str(reason).lower()
            return f"{'connection refused' if refused else 'cannot connect'}{tries}"
        if isinstance(reason, ReadTimeoutError):
            return f"read timeout after {_seconds(read_timeout or 0)}{tries}"
        if isinstance(reason, ConnectTimeoutError):
            return f"connect timeout after {_seconds(connect_timeout or 0)}{tries}"
        if isinstance(reason, Urllib3SSLError):
            return f"TLS error{tries}"
        if isinstance(reason, ProtocolError):
            if "IncompleteRead" in repr(reason) or "incomplete" in str(reason).lower():
                return "connection closed in the middle of the response"
            return f"connection closed or reset by the server{tries}"
        return f"connection failed{tries}"
    return f"request failed ({type(exc).__name__})"


def _status_problem(response: requests.Response, session: requests.Session) -> str:
    try:
        phrase = HTTPStatus(response.status_code).phrase
    except ValueError:
        phrase = "error"
    problem = f"HTTP {response.status_code} {phrase}"
    retries = getattr(response.raw, "retries", None)
    made = len(retries.history) if retries is not None and retries.history else 0
    if made:
        problem += f" (gave up after {made + 1} attempts)"
    if response.status_code in (401, 403) and session.auth is not None:
        problem += "; the credential was refused"
    return problem


def _looks_like_html(content_type: str, body: bytes) -> bool:
    start = body[:512].lstrip().lower()
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return True
    return "html" in content_type and not start.startswith((b"{", b"["))


def fetch_bytes(
    session: requests.Session,
    url: str,
    params: Mapping[str, Any] | None = None,
    *,
    context: str = "",
    accept: str = "*/*",
) -> tuple[bytes, str]:
    """GET ``url``; return ``(body, content_type)`` of a 2xx answer that is not an HTML page."""
    shown = full_url(url, params)
    log.debug("GET %s", redact_url(shown))
    try:
        response = session.get(url, params=params, headers={"Accept": accept})
    except requests.RequestException as exc:
        raise source_error(_describe(exc, session), shown, context) from None
    except (ValueError, UnicodeError):  # malformed URL or header below requests' checks
        raise source_error("invalid URL", shown, context) from None
    shown = response.url or shown
    if not 200 <= response.status_code < 300:
        raise source_error(_status_problem(response, session), shown, context)
    content_type = response.headers.get("Content-Type", "").lower()
    body = response.content
    if _looks_like_html(content_type, body):
        kind = content_type.split(";")[0].strip() or "no content type"
        raise source_error(f"got an HTML page ({kind}), not data", shown, context)
    return body, content_type


def fetch_json(
    session: requests.Session,
    url: str,
    params: Mapping[str, Any] | None = None,
    *,
    context: str = "",
) -> Any:
    """GET ``url`` and decode its JSON body, or raise :class:`SourceError`.

    Covers connection refused/reset, timeouts, HTTP errors after the
    session's retries, an HTML error page served with 200, invalid or
    truncated JSON, and a key repeated in the envelope (records with a
    repeated key are refused one by one, by the mapping). A JSON body sent as
    ``text/html`` (common with PHP back ends) is accepted; an HTML body never
    is.
    """
    body, _content_type = fetch_bytes(
        session, url, params, context=context, accept="application/json"
    )
    shown = full_url(url, params)
    if not body.strip():
        raise source_error("empty response, expected JSON", shown, context)
    try:
        data = loads_json(body)
    except UnicodeDecodeError:
        raise source_error("response is not UTF-8 JSON", shown, context) from None
    except json.JSONDecodeError as exc:
        cut = exc.pos >= len(exc.doc.rstrip()) or exc.msg.startswith("Unterminated string")
        truncated = "; the response looks truncated" if cut else ""
        problem = f"invalid JSON at line {exc.lineno} column {exc.colno} ({exc.msg}){truncated}"
        raise source_error(problem, shown, context) from None
    marked = find_repeated(data, into_lists=False)
    if marked is not None:
        key = marked.repeated[0][:40]
        raise source_error(
            f"repeated key {key!r} in the response, outside the records", shown, context
        )
    return data


def progress_bar(
    session: requests.Session | None, description: str, total: int | None = None
) -> tqdm:
    """A records progress bar on stderr; silent unless stderr is a terminal and progress is on."""
    enabled = bool(getattr(session, "progress", False)) and sys.stderr.isatty()
    return tqdm(
        total=total,
        desc=description,
        unit=" records",
        file=sys.stderr,
        disable=not enabled,
        leave=False,
        dynamic_ncols=True,
    )
