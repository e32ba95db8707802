"""Translations: every marked string has English, `_` follows `lang`, pages pair up."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from jinja2 import Environment

from lapor_i18n import (
    EnglishCasesFailed,
    alternate_url,
    catalog,
    make_direct_gettext,
    make_gettext,
    wait_for_english_cases,
    write_english_cases,
)

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


DIRECT_CASES = (
    '{{ _("Kasus selesai") }}|{{ _("Kasus selesai") }}|{{ _("100%% tuntas") }}',
    '{{ _("x <b>%(n)s</b>", n=value) }}|{{ gettext("Kasus selesai") }}',
    "{% trans %}Kasus selesai{% endtrans %}|{% trans n=value %}ada {{ n }} kasus{% endtrans %}",
    '{% autoescape false %}{{ _("a <b>%(n)s</b>", n=value) }}{% endautoescape %}',
    '{% for v in [value, "&", "%(x)s"] %}{{ _("nilai %(v)s", v=v) }};{% endfor %}',
)


@pytest.mark.parametrize("source", DIRECT_CASES)
@pytest.mark.parametrize("autoescape", [True, False])
def test_direct_gettext_renders_what_jinjas_newstyle_gettext_renders(source, autoescape) -> None:
    def environment(direct: bool) -> Environment:
        env = Environment(extensions=["jinja2.ext.i18n"], autoescape=autoescape)
        env.install_gettext_callables(*make_gettext(TRANSLATIONS), newstyle=True)
        if direct:
            fast = make_direct_gettext(TRANSLATIONS)
            env.globals.update(_=fast, gettext=fast)
        return env

    jinja, direct = environment(False), environment(True)
    for lang in ("id", "en", "id"):  # the second "id" comes from the kept texts
        for value in ("<i>", "50%", 7):
            expected = jinja.from_string(source).render(lang=lang, value=value)
            assert direct.from_string(source).render(lang=lang, value=value) == expected
    english = direct.from_string('{{ _("Kasus selesai") }}').render(lang="en")
    assert english == "Resolved cases"


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


class _Article:
    template = "case"

    def __init__(self, slug: str) -> None:
        self.save_as = f"kasus/{slug}/index.html"
        self.url = f"kasus/{slug}/"


class _Generator:
    def __init__(self, slugs: list[str]) -> None:
        self.settings = {"RELATIVE_URLS": False}
        self.context: dict = {}
        self.articles = [_Article(slug) for slug in slugs]

    def get_template(self, name: str) -> str:
        return name


class _FileWriter:
    """Writes each page as a file naming its language; learns which pages it wrote."""

    def __init__(self, output: Path, fail_on: str = "") -> None:
        self.output, self.fail_on = output, fail_on
        self.written: list[str] = []
        self.taken: list[dict] = []

    def write_file(self, name, template, context, relative_urls=False, **kwargs) -> None:
        if name.endswith(f"{self.fail_on}/index.html") and self.fail_on:
            raise ValueError("template error")
        path = self.output / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{kwargs['lang']} {kwargs['url']}", encoding="utf-8")
        self.written.append(name)

    def detach(self) -> None:
        self.written = []

    def handover(self) -> dict:
        return {"written": self.written, "pid": os.getpid()}

    def take_over(self, learnt: dict) -> None:
        self.taken.append(learnt)


def test_english_case_pages_come_from_a_child_whose_learning_comes_back(tmp_path: Path) -> None:
    slugs = [f"k{i:03d}" for i in range(40)]
    writer = _FileWriter(tmp_path)
    write_english_cases(_Generator(slugs), writer)
    wait_for_english_cases(None)
    for slug in slugs:
        assert (tmp_path / f"en/kasus/{slug}/index.html").read_text() == f"en en/kasus/{slug}/"
    (learnt,) = writer.taken
    assert learnt["pid"] != os.getpid() and writer.written == []
    assert learnt["written"] == [f"en/kasus/{slug}/index.html" for slug in slugs]


def test_a_failure_in_the_english_pages_fails_the_build(tmp_path: Path, capfd) -> None:
    writer = _FileWriter(tmp_path, fail_on="k002")
    write_english_cases(_Generator(["k001", "k002", "k003"]), writer)
    with pytest.raises(EnglishCasesFailed, match="English case pages failed"):
        wait_for_english_cases(None)
    assert "ValueError: template error" in capfd.readouterr().err
    assert writer.taken == []
