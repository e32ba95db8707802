"""Gate: no page is wider than the window, on a 360 px phone or a 1280 px screen.

One page of every template (home, case listing and its page 2, a case, the
statistics, every guide page, the agency directory, an agency page, its cases,
a category, a region, the category and region indexes, the 404 page), each in
Indonesian and English, laid out in headless Chromium. A wide table may scroll
inside its own ``.scroll`` box; nothing else may reach past the window's edge.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from . import checks

pytestmark = pytest.mark.gates

WIDTHS = (360, 1280)
#: Templates every built site has; the gate fails if one of them went unchecked.
EXPECTED = ("/", "/kasus/", "/statistik/", "/cara-melapor/", "/instansi/", "/404.html",
            "/en/", "/en/kasus/", "/en/statistik/", "/en/instansi/", "/en/404.html")  # fmt: skip


def test_every_template_is_laid_out() -> None:
    site = checks.site_output_dir()
    paths = checks.layout_paths(site)
    missing = [p for p in EXPECTED if p not in paths]
    assert not missing, f"not in the layout gate: {missing}"
    assert any(p.startswith("/kasus/") and "/page/" not in p and p != "/kasus/" for p in paths)
    assert any(p.count("/") == 3 and p.startswith("/instansi/") for p in paths), paths


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_overflows(site_dir: Path, site_server: str, width: int) -> None:
    paths = checks.layout_paths(site_dir)
    result = checks.find_overflow(site_server, paths, width)
    if result.problems:
        pytest.fail(
            f"{len(result.problems)} page(s) wider than {width}px:\n"
            + checks.format_problems(result.problems),
            pytrace=False,
        )
    assert result.checked == len(paths), f"laid out {result.checked} of {paths}"
