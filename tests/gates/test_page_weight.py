"""Gate: the built home page weighs at most 20 KB and every page at most 100 KB,
HTML plus the CSS, icons and images it loads, and nothing is loaded from
another host (measured by ``bench/budget.py``, which prints the figures)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from lapor_site.settings import load_settings

from . import checks

pytestmark = pytest.mark.gates

_spec = importlib.util.spec_from_file_location("budget", checks.REPO_ROOT / "bench" / "budget.py")
budget = importlib.util.module_from_spec(_spec)
sys.modules["budget"] = budget  # dataclasses look their module up
_spec.loader.exec_module(budget)


def test_every_page_is_within_its_weight_budget(site_dir: Path) -> None:
    site_url = load_settings(checks.REPO_ROOT / "region.toml").site_url
    weights = budget.measure_site(site_dir, site_url)
    assert len(weights) > 20, "too few pages measured"
    assert any(w.path == "/" for w in weights)
    problems = budget.problems(weights)
    if problems:
        pytest.fail(
            f"{len(problems)} page(s) over budget or loading from elsewhere:\n"
            + checks.format_problems(problems),
            pytrace=False,
        )
