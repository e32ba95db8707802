"""Placeholders in pages: region values, escaping, unknown names."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest

from lapor_pages import fill, region_values, utc_offset
from lapor_site.settings import Settings


@pytest.mark.parametrize(
    ("zone", "label", "offset"),
    [("Asia/Makassar", "WITA", "UTC+8"), ("Asia/Jakarta", "WIB", "UTC+7"),
     ("Asia/Jayapura", "WIT", "UTC+9"), ("Australia/Adelaide", "ACST", None)],
)  # fmt: skip
def test_time_zone_wording_follows_the_region(zone, label, offset):
    settings = replace(Settings(), timezone=zone, timezone_label=label)
    text = fill("Waktu dalam {{ timezone_label }} ({{utc_offset}}).", region_values(settings))
    assert text.startswith(f"Waktu dalam {label} (UTC+")
    if offset:
        assert text.endswith(f"({offset}).")
    else:
        assert utc_offset(settings) in ("UTC+9:30", "UTC+10:30")


def test_values_are_escaped():
    settings = replace(Settings(), region_name="<b>Kaltim</b> & co")
    assert (
        fill("{{ region_name }}", region_values(settings)) == "&lt;b&gt;Kaltim&lt;/b&gt; &amp; co"
    )


def test_unknown_placeholder_is_an_error(caplog):
    with caplog.at_level(logging.ERROR):
        text = fill("x {{ nope }} y", region_values(Settings()), "pages/a.md")
    assert text == "x {{ nope }} y"
    assert "pages/a.md: unknown placeholder {{ nope }}" in caplog.text
