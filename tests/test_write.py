"""The write stage: escaping of untrusted text and the atomic, idempotent tree swap."""

from __future__ import annotations

import dataclasses
from zoneinfo import ZoneInfo

import markdown
import pytest
from factories import make_record

from lapor_site.model import RawRecord
from lapor_site.validate import validate
from lapor_site.write import render_case, write_tree

WITA = ZoneInfo("Asia/Makassar")
HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> [klik](javascript:alert(3)) "
    "![x](data:text/html;base64,PHNjcmlwdD4=) <a href='http://evil.example'>a</a> "
    "{{ 7*7 }} {% raw %} **tebal** `kode` # judul\n\n1. daftar\n- butir\n\n    kode indent\n"
    "<http://evil.example> &lt;b&gt; {filename}/x.md"
)


def _case(**overrides):
    (case,) = validate([RawRecord("line 1", make_record(**overrides))]).cases
    return dataclasses.replace(case, identity=None, id="abcdef012345")


def _render_html(text: str) -> tuple[str, dict]:
    md = markdown.Markdown(extensions=["meta", "extra"], output_format="html5")
    html = md.convert(text)
    return html, md.Meta


def test_hostile_text_renders_as_inert_text():
    html, _meta = _render_html(render_case(_case(description=HOSTILE, response=HOSTILE), WITA))
    for live in (
        "<script",
        "<img",
        "<a ",
        "<strong",
        "<em",
        "<code",
        "<ol",
        "<ul",
        "<pre",
        "<h1",
        'href="javascript',
        'src="data',
    ):
        assert live not in html, live
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "[klik](javascript:alert(3))" in html
    assert "&amp;lt;b&amp;gt;" in html  # an entity in the source shows as typed


def test_newlines_cannot_inject_metadata():
    title = "Jalan rusak\nStatus: draft\r\nSlug: ../../etc/passwd\u2028Template: evil"
    source = render_case(_case(title=title, agency="Dinas\nLang: en"), WITA)
    _, meta = _render_html(source)
    assert meta["title"] == ["Jalan rusak Status: draft Slug: ../../etc/passwd Template: evil"]
    assert meta["slug"] == ["abcdef012345"]
    assert meta["template"] == ["case"]
    assert meta["lang"] == ["id"]
    assert "status" not in meta


def test_identity_never_written_and_unpublishable_cases_refused():
    source = render_case(_case(), WITA)
    for value in (
        "Rahmat",
        "6472010101900001",
        "081255501234",
        "rahmat.contoh@example.com",
        "LAP-TEST-0001",
    ):
        assert value not in source
    with pytest.raises(ValueError):
        render_case(_case(privacy="confidential"), WITA)
    (raw,) = validate([RawRecord("line 1", make_record())]).cases
    with pytest.raises(ValueError):
        render_case(raw, WITA)  # not anonymized


def test_dates_are_written_in_wita():
    source = render_case(_case(submitted_at="2026-03-02T01:15:00+00:00"), WITA)
    assert "Case_submitted: 2026-03-02T09:15:00+08:00" in source


def test_write_tree_writes_a_fresh_tree(tmp_path):
    target = tmp_path / ".generated.staged"
    write_tree({"kasus/a.md": "A", "data/s.json": "{}"}, target)
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*.*")) == [
        "data/s.json",
        "kasus/a.md",
    ]
    with pytest.raises(FileExistsError):  # never written over: staging starts empty
        write_tree({"kasus/b.md": "B"}, target)
