"""The 404 pages keep their style and links wherever the web server shows them.

A web server answers every missing path (``/kasus/tidak/ada/``) with ``404.html``
without redirecting, so the page's links are resolved against the missing path,
not against ``/404.html``. A production build links from the site's URL; a
preview (``RELATIVE_URLS``) from the server's root. One small synthetic site is
built both ways.
"""

from __future__ import annotations

import tomllib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from factories import new_site, records, write_jsonl

from lapor_site.cli import main

#: Where a reader may land: a missing page at the root and deep below it.
MISSING = ("nope", "kasus/tidak/ada/", "en/instansi/x/kasus/page/9/")


class _References(HTMLParser):
    """Stylesheets, icons and links of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.styles: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and values.get("rel") in ("stylesheet", "icon"):
            self.styles.append(values["href"])
        elif tag == "a" and not values.get("href", "#").startswith("#"):
            self.links.append(values["href"])


def references(page: Path) -> _References:
    parser = _References()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    """{"production": (output, URL it is served from), "preview": (...)}."""
    folder = tmp_path_factory.mktemp("notfound")
    site = new_site(folder / "site")
    data = write_jsonl(folder / "input.jsonl", records(3))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LAPOR_SITE_SECRET", "notfound-test-key")
        assert main(["update", "--site", str(site), "--input", str(data)]) == 0
        preview = folder / "preview"
        assert main(["build", "--site", str(site), "--output", str(preview)]) == 0
    region = tomllib.loads((site / "region.toml").read_text(encoding="utf-8"))
    return {
        "production": (site / "output", region["site"]["url"].rstrip("/")),
        "preview": (preview, "http://127.0.0.1:8000"),
    }


def _local_file(output: Path, base: str, url: str) -> Path | None:
    """The output file ``url`` names when the site is served at ``base``; None elsewhere."""
    parts, root = urlsplit(url), urlsplit(base + "/")
    if (parts.scheme, parts.netloc) != (root.scheme, root.netloc):
        return None
    if not parts.path.startswith(root.path):
        return output / "outside-the-site"
    path = output / parts.path[len(root.path) :]
    return path / "index.html" if parts.path.endswith("/") or path.is_dir() else path


@pytest.mark.parametrize("build", ["production", "preview"])
@pytest.mark.parametrize("page", ["404.html", "en/404.html"])
@pytest.mark.parametrize("missing", MISSING)
def test_a_404_page_shown_at_any_path_finds_its_css_and_pages(
    builds: dict[str, tuple[Path, str]], build: str, page: str, missing: str
) -> None:
    output, base = builds[build]
    shown_at = f"{base}/{missing}"
    found = references(output / page)
    assert any(href.endswith(".css") for href in found.styles), found.styles
    for href in found.styles + found.links:
        target = _local_file(output, base, urljoin(shown_at, href))
        if target is not None:
            assert target.is_file(), f"{page} at /{missing}: {href} -> {target}"
    # It leads home, in its own language.
    home = f"{base}/en/" if page.startswith("en/") else f"{base}/"
    assert home in {urljoin(shown_at, href) for href in found.links}


def test_other_preview_pages_still_link_relatively(builds: dict[str, tuple[Path, str]]) -> None:
    output, _ = builds["preview"]
    styles = references(output / "cara-melapor" / "index.html").styles
    assert styles and all(href.startswith("../") for href in styles), styles
