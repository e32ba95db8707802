"""Gate: every agency of the built site has its outreach kit, and it holds (plugins/lapor_kit).

- Every agency page ``instansi/<slug>/`` (and the region, at the root) has its
  kit: the page in Indonesian and English, the poster (PDF ≤ 300 KB, SVG), the
  share card (PNG, SVG) and the texts in both languages.
- Every card shows its agency's last completed month as ``data/statistik.json``
  holds it (``by_agency[].last_month``), and "Data contoh" on the sample.
- Every WhatsApp message stays within its limit and points to the official channel.
The SVG files pass the Nu checker with every other SVG (test_embeds.py); the
kit pages are in the accessibility and layout gates' page lists (checks.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from . import checks

pytestmark = pytest.mark.gates

SVG = "{http://www.w3.org/2000/svg}"
FILES = (
    "index.html",
    "poster.pdf",
    "poster.svg",
    "kartu.png",
    "kartu.svg",
    "caption.txt",
    "whatsapp.txt",
)


def test_every_agency_and_the_region_have_a_kit(site_dir: Path) -> None:
    agencies = checks.agency_names(site_dir)
    assert agencies, "no agency page"
    folders = ["kit/", *(f"instansi/{slug}/kit/" for slug in agencies)]
    missing = [
        folder + item
        for folder in folders
        for item in FILES
        if not (site_dir / folder / item).is_file()
    ]
    missing += [
        f"en/{folder}{item}"
        for folder in folders
        for item in ("index.html", "caption.txt", "whatsapp.txt")
        if not (site_dir / "en" / folder / item).is_file()
    ]
    assert missing == []
    too_big = [f for f in folders if (site_dir / f / "poster.pdf").stat().st_size > 300_000]
    assert too_big == []


def test_cards_show_the_agencys_last_month(site_dir: Path) -> None:
    stats = json.loads((site_dir / "data" / "statistik.json").read_text(encoding="utf-8"))
    rows = {row["name"]: row for row in stats["by_agency"]}
    sample = "Data contoh" in (site_dir / "index.html").read_text(encoding="utf-8")
    for slug, name in checks.agency_names(site_dir).items():
        card = lxml.etree.fromstring(
            (site_dir / "instansi" / slug / "kit" / "kartu.svg").read_bytes()
        )
        words = " ".join("".join(t.itertext()) for t in card.iter(f"{SVG}text")).split()
        month = rows[name]["last_month"]
        for key in ("received", "resolved"):
            if isinstance(month[key], int):
                assert f"{month[key]:,}".replace(",", ".") in words, (slug, key)
        assert ("contoh" in words) == sample, slug


def test_whatsapp_messages_fit_and_point_to_the_official_channel(site_dir: Path) -> None:
    for path in sorted(site_dir.glob("**/kit/whatsapp.txt")):
        text = path.read_text(encoding="utf-8").rstrip("\n")
        assert len(text) <= 700 and "lapor.go.id" in text and "1708" in text, path
