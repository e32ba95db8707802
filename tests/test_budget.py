"""bench/budget.py: the page weight measurement on tiny synthetic sites (no timing)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

BUDGET_PY = Path(__file__).resolve().parent.parent / "bench" / "budget.py"
_spec = importlib.util.spec_from_file_location("budget", BUDGET_PY)
budget = importlib.util.module_from_spec(_spec)
sys.modules["budget"] = budget  # dataclasses look their module up
_spec.loader.exec_module(budget)

PAGE = """<!doctype html><html lang="id"><head><title>t</title>
<link rel="icon" href="{root}theme/favicon.svg">
<link rel="stylesheet" href="{root}theme/css/site.css">
<link rel="alternate" type="application/atom+xml" href="{root}feeds/kasus.atom.xml">
</head><body>{body}<a href="{root}data/kasus.csv">CSV</a></body></html>"""


def _write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A light home, a case page and files no page loads (feeds, data, search index)."""
    _write(tmp_path / "theme/css/site.css", "body{background:url(../bg.png)}\n" + "x" * 3000)
    _write(tmp_path / "theme/bg.png", b"\0" * 1000)
    _write(tmp_path / "theme/favicon.svg", "<svg></svg>")
    _write(tmp_path / "index.html", PAGE.format(root="", body="<p>home</p>"))
    _write(tmp_path / "kasus/abc/index.html", PAGE.format(root="../../", body="<p>case</p>"))
    _write(tmp_path / "feeds/kasus.atom.xml", "x" * 200_000)
    _write(tmp_path / "data/kasus.csv", "x" * 200_000)
    _write(tmp_path / "pagefind/fragment/x.html", "x" * 200_000)
    return tmp_path


def _by_path(site: Path, site_url: str = "") -> dict[str, object]:
    return {w.path: w for w in budget.measure_site(site, site_url)}


def test_a_page_weighs_its_html_css_and_images_once_and_not_linked_files(site: Path) -> None:
    weights = _by_path(site)
    assert sorted(weights) == ["/", "/kasus/abc/"]  # the search index is no page
    css = (site / "theme/css/site.css").stat().st_size
    home = weights["/"]
    assert home.html == (site / "index.html").stat().st_size
    assert home.assets == css + 1000 + len("<svg></svg>")  # feeds and CSV are only linked
    assert budget.problems(weights.values()) == []


def test_an_image_that_takes_a_page_over_100_kb_is_caught(site: Path) -> None:
    _write(site / "kasus/abc/foto.jpg", b"\0" * 100_000)
    body = '<img src="foto.jpg" alt=""><img src="./foto.jpg" alt="">'  # loaded once
    _write(site / "kasus/abc/index.html", PAGE.format(root="../../", body=body))
    weights = _by_path(site)
    assert weights["/kasus/abc/"].over_budget and not weights["/"].over_budget
    assert weights["/kasus/abc/"].assets > 100_000 > weights["/kasus/abc/"].assets - 100_000
    [problem] = budget.problems(weights.values())
    assert problem.startswith("/kasus/abc/: ") and "> 100 KB" in problem


def test_a_home_over_20_kb_is_caught_where_another_page_would_pass(site: Path) -> None:
    body = "<p>" + "kata " * 3500 + "</p>"
    _write(site / "index.html", PAGE.format(root="", body=body))
    _write(site / "kasus/abc/index.html", PAGE.format(root="../../", body=body))
    weights = _by_path(site)
    assert weights["/"].over_budget
    assert not weights["/kasus/abc/"].over_budget
    assert budget.report(list(weights.values()))[-1].endswith("pages=2 over_budget=1")


def test_files_from_another_host_or_missing_ones_are_errors(site: Path) -> None:
    body = '<img src="https://cdn.example/x.png" alt=""><script src="/gone.js"></script>'
    _write(site / "index.html", PAGE.format(root="", body=body))
    found = budget.problems(budget.measure_site(site))
    assert found == [
        "/: loads https://cdn.example/x.png from another host",
        "/: loads /gone.js, which the output lacks",
    ]


def test_a_production_build_linking_from_the_site_url_is_measured_locally(site: Path) -> None:
    url = "https://lapor.example/sub"
    _write(site / "index.html", PAGE.format(root=url + "/", body=""))
    home = _by_path(site, url)["/"]
    assert home.external == () and home.missing == ()
    assert home.assets == (site / "theme/css/site.css").stat().st_size + 1000 + 11


def test_the_script_fails_on_an_over_budget_site_and_prints_the_summary(site: Path) -> None:
    _write(site / "kasus/abc/foto.jpg", b"\0" * 100_000)
    _write(site / "kasus/abc/index.html", PAGE.format(root="../../", body='<img src="foto.jpg">'))
    run = subprocess.run(
        [sys.executable, str(BUDGET_PY), "--output", str(site), "--site-url", ""],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    last = run.stdout.splitlines()[-1]
    assert last.startswith("home_kb=") and last.endswith(" pages=2 over_budget=1"), last
    assert "case page" in run.stdout
