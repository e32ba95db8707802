"""Page weight budget: every built HTML page with the CSS and images it loads.

Run from the repository root after `make site` (or `make html`):

    .venv/bin/python bench/budget.py [--output output] [--top 1] [--site-url URL]

A page's weight is its HTML plus every file it makes the browser load
(stylesheets, icons, images, scripts, and what the CSS loads with ``url()`` or
``@import``), uncompressed, each file counted once per page. Only the site's
own files may be loaded: a reference to any other host is an error. The
Pagefind search index (``pagefind/`` and any ``pagefind-*/`` bundles, fetched by
script on demand) and the feeds and data files (linked, never loaded) are not pages.

Prints the heaviest page of each template kind, Indonesian and English, then
the home page's weight, the heaviest page and the one-line summary
``home_kb=X max_page_kb=Y pages=N over_budget=K``. Exits with status 1 when
the home page weighs more than 20 KB, any page more than 100 KB, or a page
loads a file from elsewhere or one that is missing (KB = 1000 bytes).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent

KB = 1000
HOME_BUDGET = 20 * KB
PAGE_BUDGET = 100 * KB
#: Folders of the output that hold no pages a reader opens.
NOT_PAGES = ("pagefind/", "pagefind-")
#: ``<link rel=...>`` values whose target the browser loads with the page.
LOADED_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload"}

_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


@dataclass(frozen=True)
class PageWeight:
    """One page: its URL path, its HTML size and the files it loads."""

    path: str
    html: int
    assets: int
    #: References to other hosts (not allowed) and to files the output lacks.
    external: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return self.html + self.assets

    @property
    def budget(self) -> int:
        return HOME_BUDGET if self.path in ("/", "/en/") else PAGE_BUDGET

    @property
    def over_budget(self) -> bool:
        return self.total > self.budget


class _Subresources(HTMLParser):
    """Collects the URLs an HTML page makes the browser load, and its inline CSS."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and LOADED_RELS & set(values.get("rel", "").lower().split()):
            self.urls.append(values.get("href", ""))
        elif tag in ("img", "script", "source", "input", "iframe", "embed", "audio", "video"):
            if tag != "input" or values.get("type", "").lower() == "image":
                self.urls += [values[k] for k in ("src", "poster", "data") if values.get(k)]
            for candidate in values.get("srcset", "").split(","):
                if candidate.strip():
                    self.urls.append(candidate.split()[0])
        elif tag == "object" and values.get("data"):
            self.urls.append(values["data"])
        if values.get("style"):
            self.css.append(values["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.css.append(data)


def css_references(css: str) -> list[str]:
    """URLs a stylesheet loads: ``url(...)`` and ``@import "..."``."""
    return [m.group(2) or m.group(4) for m in _CSS_URL.finditer(css)]


def page_url_path(site_dir: Path, page: Path) -> str:
    """``kasus/x/index.html`` -> ``/kasus/x/``; ``404.html`` -> ``/404.html``."""
    rel = page.relative_to(site_dir).as_posix()
    return "/" + rel.removesuffix("index.html")


def _local_file(ref: str, base: Path, site_dir: Path, site_url: str) -> Path | None:
    """The output file ``ref`` (found in a file at ``base``) names; None for another host."""
    if site_url and (ref == site_url or ref.startswith(site_url + "/")):
        ref = urlsplit(site_url).path.rstrip("/") + ref[len(site_url) :] or "/"
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        prefix = urlsplit(site_url).path.rstrip("/")
        return site_dir / path.removeprefix(prefix).lstrip("/")
    return base.parent / path


def measure_page(site_dir: Path, page: Path, site_url: str = "") -> PageWeight:
    """Weigh one HTML file of ``site_dir``: HTML plus each file it loads, once each."""
    html = page.read_text(encoding="utf-8")
    parser = _Subresources()
    parser.feed(html)
    pending = [(ref, page) for ref in parser.urls]
    pending += [(ref, page) for css in parser.css for ref in css_references(css)]
    seen: set[Path] = set()
    external: list[str] = []
    missing: list[str] = []
    assets = 0
    while pending:
        ref, base = pending.pop(0)
        ref = ref.strip()
        if not ref or ref.startswith(("data:", "#")):
            continue
        local = _local_file(ref, base, site_dir, site_url)
        if local is None:
            external.append(ref)
            continue
        local = local.resolve()
        if local.is_dir():  # a frame's page: "widget/" is widget/index.html
            local = local / "index.html"
        if local in seen:
            continue
        seen.add(local)
        if not local.is_file():
            missing.append(ref)
            continue
        assets += local.stat().st_size
        if local.suffix == ".css":
            css = local.read_text(encoding="utf-8")
            pending += [(inner, local) for inner in css_references(css)]
    return PageWeight(
        page_url_path(site_dir, page), page.stat().st_size, assets, tuple(external), tuple(missing)
    )


def html_pages(site_dir: Path) -> list[Path]:
    """Every page of the built site, sorted, without the search index's files."""
    pages = []
    for page in sorted(site_dir.rglob("*.html")):
        rel = page.relative_to(site_dir).as_posix()
        if page.is_file() and not rel.startswith(NOT_PAGES):
            pages.append(page)
    return pages


def measure_site(site_dir: Path, site_url: str = "") -> list[PageWeight]:
    """Weigh every page of ``site_dir``; ``site_url`` is the URL a production build links from."""
    site_dir = site_dir.resolve()
    return [measure_page(site_dir, page, site_url.rstrip("/")) for page in html_pages(site_dir)]


def problems(weights: Iterable[PageWeight]) -> list[str]:
    """One line per page over its budget, loading from another host, or missing a file."""
    found = []
    for w in weights:
        if w.over_budget:
            found.append(f"{w.path}: {w.total / KB:.1f} KB > {w.budget / KB:.0f} KB")
        found += [f"{w.path}: loads {ref} from another host" for ref in w.external]
        found += [f"{w.path}: loads {ref}, which the output lacks" for ref in w.missing]
    return found


def template_kind(path: str) -> tuple[str, str]:
    """(kind, language) of a page from its URL path."""
    lang = "en" if path.startswith("/en/") else "id"
    parts = path.removeprefix("/en").strip("/").split("/")
    first, depth = parts[0], len(parts)
    if path in ("/", "/en/"):
        kind = "home"
    elif first in ("statistik", "cara-melapor", "404.html"):
        kind = first.removesuffix(".html")
    elif first == "instansi":
        if depth == 1 or parts[1] == "page":
            kind = "instansi directory"
        else:
            kind = "agency page" if depth == 2 else "listing: agency cases"
    elif first == "kasus":
        kind = "case page" if depth == 2 and parts[1] != "page" else "listing: cases"
    elif first in ("kategori", "wilayah"):
        kind = f"listing: {first}" + (" index" if depth == 1 else "")
    else:
        kind = "other page" if depth == 1 else "other"
    return kind, lang


def report(weights: list[PageWeight], top: int = 1) -> list[str]:
    """The table of the heaviest pages of each kind, the home and maximum weights, the summary."""
    groups: dict[tuple[str, str], list[PageWeight]] = defaultdict(list)
    for w in weights:
        groups[template_kind(w.path)].append(w)
    lines = [
        f"{'kind':<24} {'lang':<4} {'pages':>5} {'median':>7} {'heaviest':>8} "
        f"{'html':>6} {'css+img':>7}  page",
    ]
    for (kind, lang), group in sorted(groups.items()):
        median = statistics.median(w.total for w in group) / KB
        for rank, w in enumerate(sorted(group, key=lambda w: (-w.total, w.path))[:top]):
            head = (kind, lang, str(len(group)), f"{median:.1f}") if rank == 0 else ("", "", "", "")
            lines.append(
                f"{head[0]:<24} {head[1]:<4} {head[2]:>5} {head[3]:>7} {w.total / KB:>8.1f} "
                f"{w.html / KB:>6.1f} {w.assets / KB:>7.1f}  {w.path}"
            )
    home = next((w for w in weights if w.path == "/"), None)
    heaviest = max(weights, key=lambda w: w.total, default=None)
    home_kb = home.total / KB if home else 0.0
    max_kb = heaviest.total / KB if heaviest else 0.0
    over = sum(1 for w in weights if w.over_budget)
    lines.append(f"home page: {home_kb:.1f} KB (budget {HOME_BUDGET / KB:.0f} KB)")
    if heaviest:
        lines.append(
            f"heaviest page: {heaviest.path} {max_kb:.1f} KB (budget {PAGE_BUDGET / KB:.0f} KB)"
        )
    lines.append(f"home_kb={home_kb:.1f} max_page_kb={max_kb:.1f} pages={len(weights)} "
                 f"over_budget={over}")  # fmt: skip
    return lines


def _default_site_url() -> str:
    sys.path.insert(0, str(ROOT))
    from lapor_site.settings import load_settings

    return load_settings(ROOT / "region.toml").site_url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "output", help="built site")
    parser.add_argument("--top", type=int, default=1, help="heaviest pages shown per kind")
    parser.add_argument("--site-url", help="URL a production build links from (region.toml)")
    args = parser.parse_args()
    if not (args.output / "index.html").is_file():
        print(f"{args.output}: no built site; run `make site` first", file=sys.stderr)
        return 2
    site_url = args.site_url if args.site_url is not None else _default_site_url()
    weights = measure_site(args.output, site_url)
    found = problems(weights)
    for line in found[:50]:
        print(f"FAIL {line}")
    if len(found) > 50:
        print(f"FAIL ... and {len(found) - 50} more")
    print("\n".join(report(weights, args.top)))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
