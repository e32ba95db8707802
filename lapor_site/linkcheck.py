"""The site's own links: every internal link of a built site resolves, under its base path.

Run on every build before publication (it needs no browser and no network).
Each ``href``/``src`` of every HTML page is resolved against the page's URL
below ``SITEURL`` (``http://site.invalid`` when it is empty). A link to
another host is external and not followed; a link to this host must stay
under ``SITEURL``'s path (a root-relative ``/kasus/`` on a site served from
``/repo/`` leaves it) and name a file of the output (a folder means its
``index.html``). The browser-level checks (linkchecker, the HTML checker,
axe) stay in ``make check``.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

LOCAL_BASE = "http://site.invalid"
_LINK_ATTRIBUTES = {"href", "src"}
_SKIPPED_SCHEMES = ("mailto:", "tel:", "sms:", "javascript:", "data:", "#")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in _LINK_ATTRIBUTES and value is not None:
                self.links.append((self.getpos()[0], value.strip()))


def _page_url(base: str, relative: Path) -> str:
    path = relative.as_posix()
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return f"{base}/{path}"


def check_links(output: Path, site_url: str = "") -> list[str]:
    """Broken internal links of the site in ``output`` as ``file:line: link (why)``."""
    base = (site_url or LOCAL_BASE).rstrip("/")
    root = urlsplit(base + "/")
    problems: list[str] = []
    for page in sorted(output.rglob("*.html")):
        relative = page.relative_to(output)
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        page_url = _page_url(base, relative)
        for line, link in parser.links:
            if not link or link.lower().startswith(_SKIPPED_SCHEMES):
                continue
            target = urlsplit(urljoin(page_url, link))
            if (target.scheme, target.netloc) != (root.scheme, root.netloc):
                continue
            if not target.path.startswith(root.path):
                problems.append(f"{relative}:{line}: {link} (outside the site's path {root.path})")
                continue
            path = output / unquote(target.path[len(root.path) :])
            if target.path.endswith("/") or path.is_dir():
                path = path / "index.html"
            if not path.is_file():
                problems.append(f"{relative}:{line}: {link} (no such file)")
    return problems
