"""The write stage: escaping of untrusted text and the atomic, idempotent tree swap."""

from __future__ import annotations

import dataclasses
import json
from zoneinfo import ZoneInfo

import markdown
import pytest
from factories import make_record

from lapor_site.aggregate import aggregate
from lapor_site.model import RawRecord
from lapor_site.opendata import CASE_TABLE, table_files
from lapor_site.validate import validate
from lapor_site.write import TreeWriter, render_case, write_tree

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


def _cases(count: int) -> list:
    """``count`` anonymized cases with varied, untrusted titles; every third one unresolved."""
    titles = [
        "Jalan rusak",
        'Kutip "ganda", koma',
        "=HYPERLINK(1)",
        "Baris\nbaru",
        "Ünïcödé \u2028",
    ]
    return [
        dataclasses.replace(
            _case(
                title=titles[i % len(titles)],
                status="resolved" if i % 3 else "forwarded",
                tracking_id=f"LAP-W-{i:04d}",
            ),
            id=f"case{(i * 7919) % 1000:04d}",
        )
        for i in range(count)
    ]


def test_write_tree_writes_a_fresh_tree(tmp_path):
    cases = _cases(6)
    stats = aggregate(cases, WITA)
    target = tmp_path / ".generated.staged"
    write_tree(cases, stats, WITA, target)
    written = {p.relative_to(target).as_posix() for p in target.rglob("*.*")}
    published = {f"kasus/{c.id}.md" for c in cases if c.is_publishable}
    assert published and {p for p in written if p.startswith("kasus/")} == published
    assert {"data/statistik.json", "data/kasus.csv", "data/datapackage.json"} <= written
    with pytest.raises(FileExistsError):  # never written over: staging starts empty
        write_tree(cases, stats, WITA, target)


def test_the_case_table_is_written_as_the_in_memory_table_would_be(tmp_path):
    """Row by row, the case table has the bytes of table_files (json.dumps of every record)."""
    cases = _cases(40)
    write_tree(reversed(cases), aggregate(cases, WITA), WITA, tmp_path / "tree")
    published = sorted((c for c in cases if c.is_publishable), key=lambda c: c.id)
    expected = table_files(CASE_TABLE, {}, published, WITA)
    for name, text in expected.items():
        assert (tmp_path / "tree" / "data" / name).read_text(encoding="utf-8") == text
    records = json.loads(expected["kasus.json"])
    assert expected["kasus.json"] == json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    assert [r["id"] for r in records] == [c.id for c in published]


def test_an_empty_case_table_is_an_empty_list(tmp_path):
    write_tree([], aggregate([], WITA), WITA, tmp_path / "tree")
    assert (tmp_path / "tree" / "data" / "kasus.json").read_text(encoding="utf-8") == "[]\n"


def test_cases_must_come_in_id_order(tmp_path):
    first, second = sorted(_cases(2), key=lambda c: c.id)
    with TreeWriter(tmp_path / "tree", WITA) as tree:
        tree.add(second)
        with pytest.raises(ValueError, match="id order"):
            tree.add(first)
