"""Gate: axe-core finds no WCAG 2.0/2.1 A/AA violations on representative pages.

Pages: home, ``/kasus/``, ``/kasus/page/2/``, one case page, ``/statistik/``,
the guide and an English page (those that exist), each at a desktop viewport
and at 360x640 (cheap phones), in headless Debian Chromium driven by
Playwright, served by ``site_server``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from . import checks

pytestmark = pytest.mark.gates


@pytest.mark.parametrize("viewport", list(checks.VIEWPORTS))
def test_no_axe_violations(site_dir: Path, site_server: str, viewport: str) -> None:
    paths = checks.a11y_paths(site_dir)
    result = checks.run_axe(site_server, paths, viewport=viewport)
    if result.problems:
        pytest.fail(
            f"axe-core: {len(result.problems)} violation(s) at {viewport} "
            "(page [viewport]: rule (impact): help -- targets -- docs):\n"
            + checks.format_problems(result.problems, limit=60),
            pytrace=False,
        )
    assert result.checked == len(paths), f"audited {result.checked} of {paths}"
