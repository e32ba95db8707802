"""Gate: the site's Atom and RSS feeds (``feeds/*.atom.xml``, ``feeds/*.rss.xml``).

Atom feeds are validated against the RELAX NG schema of RFC 4287 Appendix B
(``tests/schemas/atom.rnc``, converted with rnc2rng) and its Schematron asserts;
RSS 2.0 feeds are checked for their required elements and RFC 822 dates. All feeds
must parse cleanly with feedparser, entry links must be absolute http(s) URLs,
and a feed published in both formats must have as many entries in each.
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
    problems = [p for path in feeds[0] for p in checks.check_atom_feed(path)]
    if problems:
        pytest.fail("invalid Atom feed(s):\n" + checks.format_problems(problems), pytrace=False)


def test_rss_feeds_are_valid(feeds: tuple[list[Path], list[Path]]) -> None:
    problems = [p for path in feeds[1] for p in checks.check_rss_feed(path)]
    if problems:
        pytest.fail("invalid RSS feed(s):\n" + checks.format_problems(problems), pytrace=False)


def test_atom_and_rss_have_same_entries(feeds: tuple[list[Path], list[Path]]) -> None:
    problems = checks.compare_feed_counts(*feeds)
    if problems:
        pytest.fail(
            "Atom and RSS feeds disagree:\n" + checks.format_problems(problems), pytrace=False
        )
