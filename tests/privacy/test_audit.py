"""The leak audit: finds planted personal data in a built tree, never reveals it."""

from __future__ import annotations

import dataclasses
import gzip
from pathlib import Path

import pytest

from lapor_site.audit import Finding, audit_tree, format_findings

NAME = "Rahmat Hidayatullah"
NIK = "6472010101900001"
PHONE = "0812-5550-1234"
EMAIL = "rahmat.fiktif@example.com"
IDENTITY = (NAME, NIK, PHONE, EMAIL)
ALLOW = ("diskominfo@kaltimprov.example", "1708", "@LAPOR1708", "(0541) 741234")

CLEAN_PAGE = """<!doctype html>
<html lang="id"><head><title>Kasus 3f2a9c1b7d4e</title>
<style>@media (min-width: 40em) { body { width: 100%; } }</style></head>
<body>
<h1>Jalan rusak di Jl. Pramuka</h1>
<p>Dilaporkan 12 Maret 2025 pukul 10.30 WITA, selesai 2025-03-20T16:00:00+08:00.</p>
<p>Kerugian Rp 2.500.000; 15 KK terdampak (30%). Pelapor [nama disamarkan],
HP [nomor telepon disamarkan].</p>
<p>Kontak: diskominfo@kaltimprov.example, SMS 1708, @LAPOR1708, telp (0541) 741234.</p>
<img src="/theme/logo@2x.png" alt=""><script src="/theme/app.js?v=1732781234567"></script>
<svg viewBox="0 0 24 24"><path d="M0.8123456789 12.5 L 117.153709 3"/></svg>
</body></html>
"""


def _write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _page(body: str) -> str:
    """``body`` on line 3 of a small page."""
    return f"<!doctype html>\n<html><body>\n{body}\n</body></html>\n"


def _kinds(findings: list[Finding]) -> set[tuple[str, int, str]]:
    return {(f.path, f.line, f.kind) for f in findings}


# ---------------------------------------------------------------------------
# Planted personal data is found
# ---------------------------------------------------------------------------

PLANTED = {
    "nik": ("<p>NIK 6472010101900002</p>", "nik"),
    "kk with dots": ("<td>KK 64.72.01.150324.0004</td>", "nik"),
    "phone": ("<p>Hubungi 0813 5550 1235</p>", "phone"),
    "phone +62": ("<p>WA +62 813-5550-1236</p>", "phone"),
    "landline": ("<p>telp (0542) 725678</p>", "phone"),
    "email": ("<p>budi.fiktif@example.net</p>", "email"),
    "email upper case": ("<p>BUDI.FIKTIF@EXAMPLE.NET</p>", "email"),
    "decimal entities": ("<p>&#48;&#56;13 5550 1237</p>", "phone"),
    "hex entities": ("<p>NIK &#x36;472010101900003</p>", "nik"),
    "named entity": ("<p>budi&commat;example.net</p>", "email"),
    "double-encoded entity": ("<p>&amp;#48;81355501238</p>", "phone"),
    "percent mailto": ('<a href="mailto:budi.fiktif%40example.net">x</a>', "email"),
    "percent tel": ('<a href="tel:%2B62%20813%205550%201239">x</a>', "phone"),
    "json escape": ('{"email": "budi.fiktif\\u0040example.net"}', "email"),
    "zero-width": ("<p>HP 0813\u200b5550\u200b1240</p>", "phone"),
    "fullwidth digits": ("<p>HP ０８１３５５５０１２４１</p>", "phone"),
    "bank account": ("<p>no. rek BRI 0123456789</p>", "bank-account"),
    "npwp": ("<p>NPWP 12.345.678.9-012.345</p>", "id-number"),
    "glued keyword": ("<p>NIK6472010101900005</p>", "nik"),
}


@pytest.mark.parametrize(("body", "kind"), PLANTED.values(), ids=PLANTED.keys())
def test_planted_pattern_is_found_with_path_line_and_kind(tmp_path, body, kind):
    _write(tmp_path, "kasus/abc/index.html", _page(body))
    _write(tmp_path, "index.html", CLEAN_PAGE)
    findings = audit_tree(tmp_path, allow=ALLOW)
    assert (("kasus/abc/index.html", 3, kind)) in _kinds(findings)
    assert {f.path for f in findings} == {"kasus/abc/index.html"}


IDENTITY_SPELLINGS = {
    "name": "<p>Pelapor: Rahmat Hidayatullah</p>",
    "name other case and spacing": "<p>RAHMAT   hidayatullah</p>",
    "name across a line-internal tag": "<p>Rahmat <b>Hidayatullah</b></p>",
    "name in a slug": '<a href="/orang/rahmat-hidayatullah/">x</a>',
    "name percent-encoded": '<a href="/cari?q=Rahmat%20Hidayatullah">x</a>',
    "nik with spaces": "<p>6472 0101 0190 0001</p>",
    "nik entity-encoded": "<p>&#54;&#52;72010101900001</p>",
    "phone digits only": "<p>081255501234</p>",
    "phone +62": "<p>+62 812 5550 1234</p>",
    "phone with slashes": "<p>0812/5550/1234</p>",
    "email": "<p>Rahmat.Fiktif@Example.com</p>",
    "email percent-encoded": '<a href="mailto:rahmat.fiktif%40example.com">x</a>',
    "name between non-ASCII signs": "<p>Pelapor·Rahmat Hidayatullah—Samarinda</p>",
    "name after a non-ASCII word": "<p>Pengaduan dari Ibu Çağla Rahmat Hidayatullah</p>",
}


@pytest.mark.parametrize("body", IDENTITY_SPELLINGS.values(), ids=IDENTITY_SPELLINGS.keys())
def test_identity_value_is_found_whatever_its_spelling(tmp_path, body):
    _write(tmp_path, "kasus/index.html", _page(body))
    findings = audit_tree(tmp_path, IDENTITY, allow=ALLOW)
    assert ("kasus/index.html", 3, "identity-value") in _kinds(findings)


def test_name_glued_to_other_letters_is_another_word(tmp_path):
    _write(tmp_path, "index.html", _page("<p>Rahmat Hidayatullahé, Rahmat·Hidayatullah2</p>"))
    assert audit_tree(tmp_path, IDENTITY) == []


def test_short_or_partial_identity_values_are_not_searched(tmp_path):
    _write(tmp_path, "index.html", _page("<p>Rahmat datang. Budi juga. Nomor 5550.</p>"))
    assert audit_tree(tmp_path, ["Rahmat Hidayatullah", "Budi", "5550"]) == []


# ---------------------------------------------------------------------------
# The value never appears in a finding or in the report
# ---------------------------------------------------------------------------


def test_findings_and_report_never_contain_the_values(tmp_path):
    _write(
        tmp_path,
        "kasus/index.html",
        _page(f"<p>{NAME}, NIK {NIK}, HP {PHONE}, {EMAIL}</p>\n<p>&#48;8125550 1234</p>"),
    )
    findings = audit_tree(tmp_path, IDENTITY)
    assert _kinds(findings) == {
        ("kasus/index.html", 3, "identity-value"),
        ("kasus/index.html", 3, "nik"),
        ("kasus/index.html", 3, "phone"),
        ("kasus/index.html", 3, "email"),
        ("kasus/index.html", 4, "identity-value"),
        ("kasus/index.html", 4, "phone"),
    }
    assert [f.name for f in dataclasses.fields(Finding)] == ["path", "line", "kind"]
    report = format_findings(findings)
    dumped = report + repr(findings)
    for value in (*IDENTITY, "Rahmat", "Hidayatullah", "6472", "5550", "rahmat.fiktif"):
        assert value.lower() not in dumped.lower()


def test_format_findings_prints_path_line_kind():
    findings = [Finding("a/b.html", 3, "nik"), Finding("c.xml", 10, "identity-value")]
    assert format_findings(findings) == "a/b.html:3: nik\nc.xml:10: identity-value"
    assert format_findings([]) == ""


# ---------------------------------------------------------------------------
# Allowed values, clean trees, binary files
# ---------------------------------------------------------------------------


def test_allow_listed_values_pass(tmp_path):
    _write(
        tmp_path,
        "index.html",
        _page(
            "<p>DISKOMINFO@KALTIMPROV.EXAMPLE, diskominfo%40kaltimprov.example, "
            "telp 0541-741234, (0541) 741 234, SMS 1708, @LAPOR1708</p>"
        ),
    )
    assert audit_tree(tmp_path, IDENTITY, allow=ALLOW) == []


def test_allow_list_does_not_hide_other_values(tmp_path):
    _write(tmp_path, "index.html", _page("<p>diskominfo@kaltimprov.example, x@example.org</p>"))
    findings = audit_tree(tmp_path, allow=ALLOW)
    assert _kinds(findings) == {("index.html", 3, "email")}


def test_clean_tree_gives_no_findings(tmp_path):
    _write(tmp_path, "index.html", CLEAN_PAGE)
    _write(tmp_path, "kasus/index.html", CLEAN_PAGE)
    _write(
        tmp_path,
        "feeds/all.atom.xml",
        "<feed><updated>2025-03-20T16:00:00+08:00</updated>"
        "<title>Jalan rusak</title><id>tag:lapor.example,2025:3f2a9c1b7d4e</id></feed>\n",
    )
    _write(tmp_path, "data/stats.json", '{"counts": [8, 12, 55, 50, 12, 34], "year": 2025}\n')
    _write(tmp_path, "data/cases.csv", "id,region,days\n3f2a9c1b7d4e,Kota Samarinda,12\n")
    _write(tmp_path, "theme/site.css", "body{margin:0}@font-face{src:url(a@2x.woff2)}\n")
    _write(tmp_path, "robots.txt", "User-agent: *\n")
    assert audit_tree(tmp_path, IDENTITY, allow=ALLOW) == []


def test_binary_files_are_skipped_by_sniffing(tmp_path):
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + NIK.encode())
    (tmp_path / "notes.dat").write_bytes(NIK.encode())  # no NUL: text, whatever the name
    findings = audit_tree(tmp_path, IDENTITY)
    assert {f.path for f in findings} == {"notes.dat"}


def test_gzipped_files_are_audited(tmp_path):
    (tmp_path / "feed.xml.gz").write_bytes(gzip.compress(_page(f"<p>{PHONE}</p>").encode()))
    assert ("feed.xml.gz", 3, "phone") in _kinds(audit_tree(tmp_path))


def test_search_index_files_are_decompressed_and_audited(tmp_path):
    """Pagefind's fragments are gzip without a .gz suffix; the audit reads them too."""
    fragment = tmp_path / "pagefind" / "fragment" / "id_1a2b.pf_fragment"
    fragment.parent.mkdir(parents=True)
    fragment.write_bytes(gzip.compress(f'pagefind_dcd{{"content":"{PHONE}"}}'.encode()))
    assert ("pagefind/fragment/id_1a2b.pf_fragment", 1, "phone") in _kinds(audit_tree(tmp_path))


def test_excluded_files_are_not_scanned(tmp_path):
    _write(tmp_path, "pagefind/pagefind-ui.js", f"var a='{PHONE}';")
    _write(tmp_path, "pagefind/data.json", f'{{"a":"{PHONE}"}}')
    found = audit_tree(tmp_path, exclude=["pagefind/*.js"])
    assert {f.path for f in found} == {"pagefind/data.json"}


def test_every_audit_skips_the_search_program_but_not_its_index(tmp_path, capsys):
    """The build and `lapor-site audit` agree: Pagefind's code is skipped by default."""
    _write(tmp_path, "pagefind/pagefind-ui.js", f"var a='{PHONE}';")
    _write(tmp_path, "pagefind/pagefind-ui.css", f"/* {PHONE} */")
    _write(tmp_path, "pagefind/data.json", f'{{"a":"{PHONE}"}}')
    _write(tmp_path, "js/site.js", f"var a='{PHONE}';")  # only Pagefind's own folder
    found = {f.path for f in audit_tree(tmp_path)}
    assert found == {"pagefind/data.json", "js/site.js"}


def test_line_numbers_survive_crlf_and_decoded_newlines(tmp_path):
    text = "a\r\nb &#10; c %0A d \\u000a e\r\nf\u2028g\r\nNIK 6472010101900001\r\n"
    (tmp_path / "page.html").write_bytes(text.encode("utf-8"))
    assert _kinds(audit_tree(tmp_path)) == {("page.html", 4, "nik")}


def test_every_text_file_type_is_scanned(tmp_path):
    for name in ("a.html", "b.xml", "c.json", "d.csv", "e.txt", "f.md", "g.js", "h.css", "i.svg"):
        _write(tmp_path, name, f"x\nHP {PHONE}\n")
    findings = audit_tree(tmp_path)
    assert len({f.path for f in findings}) == 9
    assert {(f.line, f.kind) for f in findings} == {(2, "phone")}


def test_findings_are_sorted_and_unique(tmp_path):
    _write(tmp_path, "b.html", f"{NIK} {NIK}\n")
    _write(tmp_path, "a.html", f"x\n{NIK}\n")
    findings = audit_tree(tmp_path, [NIK])
    assert findings == [
        Finding("a.html", 2, "identity-value"),
        Finding("a.html", 2, "nik"),
        Finding("b.html", 1, "identity-value"),
        Finding("b.html", 1, "nik"),
    ]


def test_utf16_text_files_are_audited(tmp_path):
    (tmp_path / "export.csv").write_bytes(f"nama,hp\nx,{PHONE}\n".encode("utf-16"))
    assert _kinds(audit_tree(tmp_path)) == {("export.csv", 2, "phone")}


# ---------------------------------------------------------------------------
# Next to case ids, with and without folded text (one skeleton or two)
# ---------------------------------------------------------------------------

CASE_ID = "bcdfghjklmnp"
#: Spelled-out digits: the skeleton of this line is shorter than the text.
SPELLED = "nol delapan satu tiga lima lima lima nol satu dua empat dua"

NEXT_TO_CASE_IDS = {
    "phone after an id and a comma": (f"<p>{CASE_ID},081355501299</p>", "phone"),
    "phone in an id's URL": (f'<a href="/kasus/{CASE_ID}/081355501299">x</a>', "phone"),
    "bank account after an id": (f"<p>rek {CASE_ID} 0123456789</p>", "bank-account"),
    "nik before an id": (f"<p>NIK 6472010101900002 {CASE_ID}</p>", "nik"),
    "id as an address": (f"<p>{CASE_ID}@example.net</p>", "email"),
    "phone in an attribute": (f'<p title="{CASE_ID} HP 0813-5550-1299">x</p>', "phone"),
    "phone in a comment": (f"<!-- {CASE_ID} 0813 5550 1299 -->", "phone"),
    "phone in a script": (f'<script>var k="{CASE_ID}",hp="081355501299";</script>', "phone"),
}


@pytest.mark.parametrize("folded", [False, True], ids=["plain", "folded"])
@pytest.mark.parametrize(("body", "kind"), NEXT_TO_CASE_IDS.values(), ids=NEXT_TO_CASE_IDS.keys())
def test_personal_data_next_to_a_case_id_is_found(tmp_path, body, kind, folded):
    """The audit masks case ids at their exact places, whether or not the text is folded."""
    prefix = f"<p>{SPELLED}</p> " if folded else ""
    _write(tmp_path, "kasus/x/index.html", _page(prefix + body))
    findings = _kinds(audit_tree(tmp_path, allow=ALLOW))
    assert ("kasus/x/index.html", 3, kind) in findings
    if folded:
        assert ("kasus/x/index.html", 3, "phone") in findings  # the spelled number


def test_identity_address_shaped_like_a_case_id_is_an_identity_value(tmp_path):
    """Masking hides ids from the patterns only: identity values are matched unmasked."""
    _write(tmp_path, "index.html", _page(f"<p>{CASE_ID}@example.net</p>"))
    findings = _kinds(audit_tree(tmp_path, [f"{CASE_ID}@example.net"]))
    assert findings == {("index.html", 3, "email"), ("index.html", 3, "identity-value")}


def test_control_characters_and_other_digits_in_a_search_index_hide_nothing(tmp_path):
    """A search index is full of control bytes; they and non-ASCII digits are normalized away."""
    hidden = "\x01".join("٠٨١٣٥٥٥٠١٢٩٩")  # Arabic-Indic digits between control bytes
    index = tmp_path / "pagefind" / "index" / "id_1.pf_index"
    index.parent.mkdir(parents=True)
    index.write_bytes(gzip.compress(f"\x02\x17x\x1c{hidden}\x05 y\n".encode()))
    assert _kinds(audit_tree(tmp_path)) == {("pagefind/index/id_1.pf_index", 1, "phone")}
