"""Fixtures for the quality gates, which test the BUILT site (``output/`` by default).

Set ``LAPOR_SITE_OUTPUT`` to check another build. If the site has not been built
(no directory, or no ``index.html`` in it) every gate that needs it fails with a
message telling you to run ``make html`` first.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from . import checks


@pytest.fixture(scope="session")
def site_dir() -> Path:
    """The built site directory; fails (does not skip) when it has not been built."""
    path = checks.site_output_dir()
    message = checks.missing_site_message(path)
    if message:
        pytest.fail(message, pytrace=False)
    return path


@pytest.fixture(scope="session")
def site_server(site_dir: Path) -> Iterator[str]:
    """Base URL (``http://127.0.0.1:PORT``, no trailing slash) serving ``site_dir``."""
    with checks.serve_directory(site_dir) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def html_pages(site_dir: Path) -> list[Path]:
    """Every ``.html`` file of the built site, sorted."""
    return checks.list_html_pages(site_dir)
