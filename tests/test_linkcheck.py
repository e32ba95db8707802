"""The link check reads every page's links, however its HTML is written.

Plain pages go through a strict tokenizer and the others through
:class:`html.parser.HTMLParser`; both must report the same broken links on
the same lines, and neither may report what is not a link (text in a comment
or a script).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from lapor_site.linkcheck import check_links

SITE = "https://contoh.example/sub"

#: Pages whose broken links (line, link) are known: each is either plain HTML
#: or has something only a full HTML parser reads right.
PAGES = {
    "plain": (
        '<!doctype html>\n<html lang="id">\n<head><title>x</title>\n'
        '<link rel="stylesheet" href="/sub/ada.css"></head>\n<body>\n'
        '<a class="x"\n   href="/sub/hilang/">x</a>\n<img alt="" src="gambar.png">\n'
        "<!-- href='/sub/komentar/' -->\n"
        '<script type="application/ld+json">{"url": "/sub/skrip/"}</script>\n'
        "<a href='/sub/satu/?a=1&amp;b=2'>x</a><a href>x</a><a href=\"\">x</a>\n"
        '<svg viewBox="0 0 1 1"><use href="#a"/></svg>\n</body>\n</html>\n',
        [(6, "/sub/hilang/"), (8, "gambar.png"), (11, "/sub/satu/?a=1&b=2")],
    ),
    "markup in a comment": (
        "<!-- <a href='/sub/komentar/'>x</a> -->\n<a href='/sub/hilang/'>x</a>\n",
        [(2, "/sub/hilang/")],
    ),
    "unquoted attribute": (
        "<p>x</p>\n<a href=/sub/hilang/>x</a>\n",
        [(2, "/sub/hilang/")],
    ),
    "markup in a script": (
        "<script>if (a<b) { x = \"<a href='/sub/skrip/'>\"; }</script>\n"
        '<a href="/sub/hilang/">x</a>\n',
        [(2, "/sub/hilang/")],
    ),
    "markup in an attribute": (
        '<p title="<a href=/sub/atribut/>">\n<a href="/sub/hilang/">x</a></p>\n',
        [(2, "/sub/hilang/")],
    ),
    "bare less-than sign": (
        '<p>1 < 2</p>\n<a href="/sub/hilang/">x</a>\n',
        [(2, "/sub/hilang/")],
    ),
    "upper-case tags and attributes": (
        '<A HREF="/sub/hilang/">x</A>\n<IMG SRC = "/sub/ada.css">\n',
        [(1, "/sub/hilang/")],
    ),
    "links on one line with a text area": (
        '<textarea>&lt;a href="/sub/kode/"&gt;</textarea><a href="/sub/hilang/">x</a>\n',
        [(1, "/sub/hilang/")],
    ),
}


def _site(root: Path, page: str) -> Path:
    root.mkdir()
    (root / "ada.css").write_text("body{}\n", "utf-8")
    (root / "index.html").write_text(page, "utf-8")
    return root


@pytest.mark.parametrize(("page", "broken"), PAGES.values(), ids=PAGES.keys())
def test_broken_links_are_found_on_their_lines(tmp_path, page, broken):
    problems = check_links(_site(tmp_path / "site", page), SITE, jobs=1)
    assert problems == [f"index.html:{line}: {link} (no such file)" for line, link in broken]


def test_links_that_name_the_same_target_everywhere_resolve_on_every_page(tmp_path):
    """A root-relative or absolute link resolves once; a relative one on each page."""
    site = _site(tmp_path / "site", '<a href="/sub/ada.css">x</a><a href="ada.css">x</a>\n')
    (site / "a").mkdir()
    (site / "a" / "index.html").write_text(
        f'<a href="/sub/ada.css">x</a><a href="{SITE}/ada.css">x</a>'
        '<a href="//contoh.example/lain/">x</a><a href="ada.css">x</a>\n',
        "utf-8",
    )
    assert check_links(site, SITE, jobs=1) == [
        "a/index.html:1: //contoh.example/lain/ (outside the site's path /sub/)",
        "a/index.html:1: ada.css (no such file)",
    ]


def test_pages_whose_bytes_are_known_and_cached_are_not_read_again(tmp_path, monkeypatch):
    from lapor_site import linkcheck

    site, cache = tmp_path / "output", tmp_path / "links.json"
    (site / "b").mkdir(parents=True)
    (site / "a.html").write_text('<a href="/sub/b/">b</a>\n', encoding="utf-8")
    (site / "b" / "index.html").write_text('<a href="/sub/a.html">a</a>\n', encoding="utf-8")
    (site / "c.html").write_text('<p>x</p>\n<a href="/sub/hilang/">x</a>\n', encoding="utf-8")
    assert check_links(site, SITE, cache=cache, jobs=1) == ["c.html:2: /sub/hilang/ (no such file)"]
    (site / "c.html").write_text('<a href="/sub/b/">diperbaiki</a>\n', encoding="utf-8")
    (site / "d.html").write_text('<a href="/sub/baru/">baru</a>\n', encoding="utf-8")
    digests = {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in site.rglob("*.html")
    }
    scanned = []
    real_scan = linkcheck._scan
    monkeypatch.setattr(linkcheck, "_scan", lambda item: scanned.append(item[2]) or real_scan(item))
    found = check_links(site, SITE, cache=cache, jobs=1, digests=digests)
    # The changed page and the new one are read; the two the digests vouch for are not.
    assert sorted(scanned) == ["c.html", "d.html"]
    assert found == ["d.html:1: /sub/baru/ (no such file)"]
    assert found == check_links(site, SITE, jobs=1)  # the same as with no cache at all
    # A digest unlike the cached one (the page changed since) makes the page read again.
    scanned.clear()
    check_links(site, SITE, cache=cache, jobs=1, digests={**digests, "a.html": "0" * 64})
    assert scanned == ["a.html"]
