"""The leak audit fails a build given a leaking page, naming file and line, never the value."""

from __future__ import annotations

import hashlib

import pytest

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


def _tree_with_a_late_part(root, pages: int) -> None:
    for i in range(pages):
        (root / "kasus" / f"k{i}").mkdir(parents=True)
        (root / "kasus" / f"k{i}" / "index.html").write_text(f"<p>kasus {i}</p>\n", "utf-8")
    (root / "kasus" / "k7" / "index.html").write_text(f"<p>{NAME}</p>\n", "utf-8")
    (root / "pagefind").mkdir()
    (root / "pagefind" / "early.json").write_text(f'{{"nik": "{NIK}"}}\n', "utf-8")


def _write_the_late_part(root) -> None:
    (root / "pagefind" / "late.json").write_text(f'{{"hp": "{PHONE}"}}\n', "utf-8")
    (root / "pagefind-en-2").mkdir()
    (root / "pagefind-en-2" / "late.json").write_text(f'{{"hp": "{PHONE}"}}\n', "utf-8")


def _late(relative: str) -> bool:
    return relative.startswith("pagefind")


@pytest.mark.parametrize("jobs", [1, 2])
def test_files_written_alongside_the_scan_are_scanned_once_it_is_done(tmp_path, jobs):
    """The build audits the pages while the search index is written (alongside), then the
    index: each file is scanned once, those written meanwhile included."""
    _tree_with_a_late_part(tmp_path, 450)
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    given = []

    def job(listed: list[str]) -> None:
        given.append(listed)  # the audit's own listing, so that the job need not list again
        _write_the_late_part(tmp_path)

    findings = audit_tree(
        tmp_path, [NAME, NIK, PHONE], jobs=jobs, alongside=job, written_after=_late
    )
    assert given == [before]
    assert [(f.path, f.kind) for f in findings] == [
        ("kasus/k7/index.html", "identity-value"),
        ("pagefind-en-2/late.json", "identity-value"),
        ("pagefind-en-2/late.json", "phone"),
        ("pagefind/early.json", "identity-value"),
        ("pagefind/early.json", "nik"),
        ("pagefind/late.json", "identity-value"),
        ("pagefind/late.json", "phone"),
    ]
    again = audit_tree(tmp_path, [NAME, NIK, PHONE], jobs=jobs)
    assert again == findings  # the same as a scan of the finished tree


def test_an_error_of_the_job_alongside_is_raised_after_the_scan(tmp_path):
    _tree_with_a_late_part(tmp_path, 450)

    def fail(listed: list[str]) -> None:
        raise RuntimeError("pagefind failed")

    with pytest.raises(RuntimeError, match="pagefind failed"):
        audit_tree(tmp_path, [NAME], jobs=2, alongside=fail, written_after=_late)


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_digests_of_the_scanned_files_are_given_back(tmp_path, jobs):
    """``digests`` holds the SHA-256 of every file scanned (late ones included), by relative
    path, and of no file the audit skips (Pagefind's own code)."""
    _tree_with_a_late_part(tmp_path, 450)
    (tmp_path / "pagefind" / "pagefind.js").write_text("// kode\n", "utf-8")
    digests: dict[str, str] = {}
    audit_tree(
        tmp_path, [NAME], jobs=jobs, digests=digests,
        alongside=lambda listed: _write_the_late_part(tmp_path), written_after=_late,
    )  # fmt: skip
    files = sorted(p for p in tmp_path.rglob("*") if p.is_file() and p.name != "pagefind.js")
    assert digests == {
        p.relative_to(tmp_path).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in files
    }
    assert len(digests) == 450 + 3
