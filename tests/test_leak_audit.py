"""The leak audit fails a build given a leaking page, naming file and line, never the value."""

from __future__ import annotations

from lapor_site.audit import audit_tree, format_findings

NAME, NIK, PHONE = "Rahmat Hidayatullah", "6472010101900001", "081255501234"


def test_leaking_page_is_found_without_printing_the_value(tmp_path):
    (tmp_path / "kasus").mkdir()
    (tmp_path / "kasus" / "index.html").write_text(
        "<p>aman</p>\n<p>Pelapor: rahmat   HIDAYATULLAH</p>\n<p>NIK 6472&#48;10101900001</p>\n"
        "<a href='tel:%2B62%20812%205550%201234'>x</a>\n",
        encoding="utf-8",
    )
    (tmp_path / "ok.html").write_text("<p>SMS 1708, Rp 2.500.000, 12 Maret 2025</p>\n", "utf-8")
    findings = audit_tree(tmp_path, [NAME, NIK, PHONE], allow=["1708"])
    assert {(f.path, f.line) for f in findings} == {
        ("kasus/index.html", 2), ("kasus/index.html", 3), ("kasus/index.html", 4)
    }  # fmt: skip
    report = format_findings(findings)
    for value in (NAME, NIK, PHONE, "Rahmat", "6472"):
        assert value.lower() not in report.lower()


def test_clean_tree_and_allowed_contacts_pass(tmp_path):
    (tmp_path / "index.html").write_text(
        "<p>diskominfo@kaltimprov.example, SMS 1708, @LAPOR1708</p>\n", "utf-8"
    )
    assert audit_tree(tmp_path, [NAME], allow=["diskominfo@kaltimprov.example", "1708"]) == []
