"""Translations: every marked string has English, `_` follows `lang`, pages pair up."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from jinja2 import Environment

from lapor_i18n import alternate_url, catalog, make_gettext

THEME = Path(__file__).resolve().parents[2] / "theme"
TRANSLATIONS = str(THEME / "translations")


def marked_strings() -> set[str]:
    found = extract_from_dir(
        str(THEME / "templates"),
        method_map=[("**.html", "jinja2"), ("**.svg", "jinja2")],
        keywords={"_": None},
    )
    return {message for _, _, message, _, _ in found if isinstance(message, str)}


def test_every_marked_string_has_an_english_translation() -> None:
    strings = marked_strings()
    assert len(strings) > 50
    english = catalog(TRANSLATIONS, "en")
    assert sorted(strings - english.keys()) == []


def test_no_translation_is_left_over_from_removed_text() -> None:
    assert sorted(catalog(TRANSLATIONS, "en").keys() - marked_strings()) == []


@pytest.mark.parametrize(("lang", "expected"), [("id", "Kasus selesai"), ("en", "Resolved cases")])
def test_gettext_follows_the_template_language(lang: str, expected: str) -> None:
    env = Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    env.install_gettext_callables(*make_gettext(TRANSLATIONS), newstyle=True)
    template = env.from_string(
        '{% set lang = lang %}{{ _("Kasus selesai") }}|{{ _("x <b>%(n)s</b>", n="<i>") }}'
    )
    assert template.render(lang=lang) == f"{expected}|x <b>&lt;i&gt;</b>"


@pytest.mark.parametrize(
    ("output_file", "lang", "url"),
    [
        ("index.html", "en", "en/"),
        ("en/index.html", "id", ""),
        ("kasus/bcdfghjklmnp/index.html", "en", "en/kasus/bcdfghjklmnp/"),
        ("en/kasus/page/2/index.html", "id", "kasus/page/2/"),
        ("en/statistik/index.html", "en", "en/statistik/"),
    ],
)
def test_alternate_url(output_file: str, lang: str, url: str) -> None:
    assert alternate_url(output_file, lang) == url
