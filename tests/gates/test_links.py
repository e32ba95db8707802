"""Gate: no broken internal links, crawling the built site over HTTP with LinkChecker.

The site is served by ``site_server`` because LinkChecker run on a folder lets
broken root-relative links (``/nope/``) pass. Only URLs under the server's base
URL are checked; external links are not fetched.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from . import checks

pytestmark = pytest.mark.gates


def test_no_broken_internal_links(site_server: str, html_pages: list[Path], tmp_path: Path) -> None:
    result = checks.run_linkchecker(site_server, tmp_path, threads=4)
    if result.problems:
        pytest.fail(
            f"{len(result.problems)} broken link(s) (URL <- parent page line:col: result):\n"
            + checks.format_problems(result.problems, limit=50),
            pytrace=False,
        )
    assert result.checked > len(html_pages) / 2, (
        f"LinkChecker checked only {result.checked} URL(s) for {len(html_pages)} pages: "
        "the crawl did not reach the site"
    )
