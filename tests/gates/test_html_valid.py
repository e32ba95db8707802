"""Gate: every HTML page of the built site is valid according to the Nu HTML Checker.

Runs ``java -jar node_modules/vnu-jar/build/dist/vnu.jar --errors-only --format json
--skip-non-html --verbose <site_dir>`` once for the whole site (``--verbose`` lists
the checked files, so a run that checked nothing fails too).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from . import checks

pytestmark = pytest.mark.gates


def test_html_is_valid(site_dir: Path, html_pages: list[Path]) -> None:
    assert html_pages, f"no .html files under {site_dir}"
    result = checks.run_vnu(site_dir)
    assert result.checked > 0, f"vnu checked no files in {site_dir}: {result.problems}"
    if result.problems:
        pytest.fail(
            f"Nu HTML Checker: {len(result.problems)} error(s) in {result.checked} files:\n"
            + checks.format_problems(result.problems, limit=30),
            pytrace=False,
        )
