"""Gate: the site's Atom and RSS feeds (``feeds/*.atom.xml``, ``feeds/*.rss.xml``).

Atom feeds are validated against the RELAX NG schema of RFC 4287 Appendix B
(``tests/schemas/atom.rnc``, converted with rnc2rng) and its Schematron asserts;
RSS 2.0 feeds are checked for their required elements and RFC 822 dates. All feeds
must parse cleanly with feedparser, entry links must be absolute http(s) URLs,
and a feed published in both formats must have as many entries in each. Every
feed in ``feeds/`` and its subfolders is checked (site-wide, per agency, category
and region, monthly reports); only the site-wide feed must have entries. Every
item links to the official channel, and an RSS channel links to a page of the
site, not to the feed itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from . import checks

pytestmark = pytest.mark.gates


@pytest.fixture(scope="module")
def feeds(site_dir: Path) -> tuple[list[Path], list[Path]]:
    atom, rss = checks.find_feeds(site_dir)
    assert atom, f"no Atom feed (feeds/*.atom.xml) in {site_dir}"
    assert rss, f"no RSS feed (feeds/*.rss.xml) in {site_dir}"
    return atom, rss


def test_atom_feeds_are_valid(feeds: tuple[list[Path], list[Path]]) -> None:
    problems = [
        p
        for path in feeds[0]
        for p in checks.check_atom_feed(path, allow_empty=checks.feed_may_be_empty(path))
    ]
    if problems:
        pytest.fail("invalid Atom feed(s):\n" + checks.format_problems(problems), pytrace=False)


def test_rss_feeds_are_valid(feeds: tuple[list[Path], list[Path]]) -> None:
    problems = [
        p
        for path in feeds[1]
        for p in checks.check_rss_feed(path, allow_empty=checks.feed_may_be_empty(path))
    ]
    if problems:
        pytest.fail("invalid RSS feed(s):\n" + checks.format_problems(problems), pytrace=False)


def test_atom_and_rss_have_same_entries(feeds: tuple[list[Path], list[Path]]) -> None:
    problems = checks.compare_feed_counts(*feeds)
    if problems:
        pytest.fail(
            "Atom and RSS feeds disagree:\n" + checks.format_problems(problems), pytrace=False
        )


def test_every_item_links_to_the_official_channel(
    site_dir: Path, feeds: tuple[list[Path], list[Path]]
) -> None:
    import feedparser

    official = checks.official_web(site_dir)
    missing = [
        f"{path.relative_to(site_dir)}: {entry.get('id', '?')}"
        for path in [*feeds[0], *feeds[1]]
        for entry in feedparser.parse(str(path)).entries
        if f'href="{official}"'
        not in "".join(c.value for c in entry.get("content", [])) + entry.get("summary", "")
    ]
    assert missing == [], "items without the official channel:\n" + "\n".join(missing[:20])


def test_rss_channels_link_to_pages_of_the_site(
    site_dir: Path, feeds: tuple[list[Path], list[Path]]
) -> None:
    import feedparser

    site_url = checks.site_url(site_dir)
    missing = []
    for path in feeds[1]:
        link = feedparser.parse(str(path)).feed.get("link", "")
        page = link.removeprefix(site_url).lstrip("/")
        if not link.startswith(site_url) or not (site_dir / page / "index.html").is_file():
            missing.append(f"{path.relative_to(site_dir)}: {link}")
    assert missing == [], "RSS channel links that are no page of the site:\n" + "\n".join(missing)
