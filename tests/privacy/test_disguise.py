"""Identifiers in disguise: the skeleton folds them for matching, the text keeps its letters."""

from __future__ import annotations

from pathlib import Path

import pytest

from lapor_site.audit import audit_tree
from lapor_site.redact import Redactor, find_structured, normalize
from lapor_site.skeleton import fold_char, skeleton
from privacy.corpus import PROTECTED, Item, leaked, removed
from privacy.corpus_disguise import DISGUISE_CORPUS


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor(PROTECTED)


def _id(entry: Item) -> str:
    return entry.text[:50]


# ---------------------------------------------------------------------------
# The disguise corpus
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("entry", [e for e in DISGUISE_CORPUS if e.planted], ids=_id)
def test_no_disguised_item_leaks(redactor: Redactor, entry: Item) -> None:
    output = redactor.redact(entry.text, entry.names).text
    assert leaked(entry, output) == [], output


@pytest.mark.parametrize("entry", [e for e in DISGUISE_CORPUS if e.survive], ids=_id)
def test_ordinary_text_survives_the_skeleton(redactor: Redactor, entry: Item) -> None:
    output = redactor.redact(entry.text, entry.names).text
    assert removed(entry, output) == [], output


def test_disguise_corpus_covers_each_disguise() -> None:
    tags = {tag for entry in DISGUISE_CORPUS for tag in entry.tags}
    assert {
        "en-dash", "non-breaking-hyphen", "colon", "money-grouping", "nik-date", "digit-words",
        "at-dot", "brackets", "spaced-at", "entity", "cyrillic", "greek", "small-capitals",
        "dotless-i", "keycap", "dingbat", "combining-acute",
    } <= tags  # fmt: skip
    assert sum(len(e.survive) for e in DISGUISE_CORPUS) >= 40


def test_redaction_of_disguises_is_idempotent(redactor: Redactor) -> None:
    for entry in DISGUISE_CORPUS:
        once = redactor.redact(entry.text, entry.names)
        twice = redactor.redact(once.text, entry.names)
        assert twice.text == once.text
        assert sum(twice.counts.values()) == 0


# ---------------------------------------------------------------------------
# The skeleton
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("budi@gm\u0430il.com", "budi@gmail.com"),  # Cyrillic a
        ("yah\u03bfo", "yahoo"),  # Greek omicron
        ("\u0262\u1d0d\u1d00\u026a\u029f", "gmail"),  # small capitals
        ("gma\u0131l", "gmail"),  # dotless i
        ("yah\u00f3o", "yahoo"),  # o + U+0301, composed by NFKC
        ("0\ufe0f\u20e38\ufe0f\u20e3", "08"),  # keycaps
        ("⓿➑➊", "081"),  # dingbats
        ("0812\u20133456\u20117890", "0812-3456-7890"),  # en dash, non-breaking hyphen
        ("budi&#64;desa.id", "budi@desa.id"),
        ("nol delapan satu tiga lima lima", "081355"),
        ("kosong delapan, satu tiga - lima lima", "081355"),
        ("budi at kantor dot go dot id", "budi@kantor.go.id"),
        ("budi [at] pemkot [dot] go [dot] id", "budi@pemkot.go.id"),
        ("budi (at) desa.id", "budi@desa.id"),
        ("budi @ desa.id", "budi@desa.id"),
        ("wati titik dua at kampus titik ac titik id", "wati titik dua@kampus.ac.id"),
    ],
)
def test_skeleton_folds_disguises(text: str, folded: str) -> None:
    assert skeleton(normalize(text)).text == folded


@pytest.mark.parametrize(
    "text",
    [
        "dua minggu, tiga kali, satu dua orang",
        "satu, dua, tiga, empat",
        "informasi at lapor.go.id",
        "petugas at loket dua",
        "cek website dot go dot id",
        "x at y dot z",
        "fransiska.g@example.net. Terima kasih.",
        "Rp 1.500.000 pukul 10:30",
    ],
)
def test_skeleton_leaves_ordinary_text(text: str) -> None:
    assert skeleton(text).text == text
    assert skeleton(text).identity


def test_skeleton_spans_map_back_to_the_original() -> None:
    text = normalize(
        "Café: nol delapan satu dua tiga empat, budi [at] gm\u0430il [dot] com ⓿➑ \u0131 end"
    )
    skel = skeleton(text)
    assert skel.text == "Cafe: 081234, budi@gmail.com 08 i end"
    position = 0
    for word, original in [
        ("Cafe", "Café"),
        ("081234", "nol delapan satu dua tiga empat"),
        ("budi@gmail.com", "budi [at] gm\u0430il [dot] com"),
        ("08", "⓿➑"),
        ("i", "\u0131"),
        ("end", "end"),
    ]:
        start = skel.text.index(word, position)
        position = start + len(word)
        span = skel.span(start, position)
        assert text[span[0] : span[1]] == original


def test_skeleton_keeps_line_breaks() -> None:
    text = "nol\ndelapan satu tiga empat lima enam\nbudi at\nkantor dot go dot id"
    assert skeleton(text).text.count("\n") == text.count("\n")


def test_fold_char_uses_unicode_confusables_data() -> None:
    # Letters from the confusables data that no hand list in this project names.
    assert fold_char("\u0501") == "d"  # Cyrillic komi de
    assert fold_char("\u13aa") == "A"  # Cherokee letter go
    assert fold_char("a") == "a"
    assert fold_char("\u00e9") == "e"
    assert fold_char("\u20e3") == ""


def test_published_text_keeps_its_own_letters(redactor: Redactor) -> None:
    text = "Café Ñusantara, warung Señora: budi@gm\u0430il.com. " * 2
    text += "HP nol delapan satu satu lima lima lima nol satu dua tiga empat."
    output = redactor.redact(text).text
    assert output.count("Café Ñusantara") == 2
    assert output.count("warung Señora") == 2
    assert "[email disamarkan]" in output
    assert "[nomor telepon disamarkan]" in output
    assert "gm\u0430il" not in output and "delapan" not in output


def test_find_structured_returns_spans_of_the_original_text() -> None:
    text = "HP ⓿➑➊➋ ➎➎➎⓿ ➊➋➌➍ dan budi [at] desa [dot] id"
    found = find_structured(text, strict=True)
    assert [(m.kind, text[m.start : m.end]) for m in found] == [
        ("phone", "⓿➑➊➋ ➎➎➎⓿ ➊➋➌➍"),
        ("email", "budi [at] desa [dot] id"),
    ]


# ---------------------------------------------------------------------------
# The leak audit scans the same skeletons
# ---------------------------------------------------------------------------


def _audit(tmp_path: Path, body: str, identity=(), allow=()) -> list[tuple[int, str]]:
    (tmp_path / "index.html").write_text(f"<html>\n<body>\n{body}\n</body></html>\n", "utf-8")
    return [(f.line, f.kind) for f in audit_tree(tmp_path, identity, allow)]


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("<p>kontak budi.fiktif@gm\u0430il.com</p>", "email"),
        ("<p>rina.fiktif at kantor dot go dot id</p>", "email"),
        ("<p>rina [at] pemkot [dot] go [dot] id</p>", "email"),
        ("<p>HP 0812\u20135550\u20131301</p>", "phone"),
        ("<p>hubungi 628.555.013.040</p>", "phone"),
        ("<p>nol delapan satu tiga lima lima lima nol satu tiga nol enam</p>", "phone"),
        ("<p>⓿➑➊➌ ➎➎➎⓿ ➊➌➊➊</p>", "phone"),
        ("<p>Data 647203 05.07.95 2421</p>", "nik"),
        ("<p>NIK &amp;#x36;472030507952421</p>", "nik"),
    ],
)
def test_audit_finds_disguised_data(tmp_path: Path, body: str, kind: str) -> None:
    assert _audit(tmp_path, body) == [(3, kind)]


def test_audit_finds_identity_values_behind_look_alikes(tmp_path: Path) -> None:
    body = "<p>Pelapor R\u0430hm\u0430t Hid\u0430y\u0430tull\u0430h</p>"
    assert _audit(tmp_path, body, identity=["Rahmat Hidayatullah"]) == [(3, "identity-value")]


def test_audit_passes_ordinary_pages_and_allowed_contacts_in_disguise(tmp_path: Path) -> None:
    body = (
        "<p>Biaya Rp 1.500.000, dua minggu, 10:30 WITA, info at lapor.go.id</p>\n"
        "<p>diskominfo [at] kaltimprov [dot] example</p>"
    )
    assert _audit(tmp_path, body, allow=["diskominfo@kaltimprov.example"]) == []


# ---------------------------------------------------------------------------
# Over-redaction, measured
# ---------------------------------------------------------------------------


def over_redaction(redactor: Redactor) -> tuple[int, int]:
    """(removed, total) must-survive substrings of the disguise corpus."""
    total = wrong = 0
    for entry in DISGUISE_CORPUS:
        output = redactor.redact(entry.text, entry.names).text
        total += len(entry.survive)
        wrong += len(removed(entry, output))
    return wrong, total


def test_over_redaction_on_the_disguise_corpus_is_zero(redactor: Redactor) -> None:
    assert over_redaction(redactor)[0] == 0


def test_disguise_hint_matches_what_word_boundaries_match():
    """The hint regex is written without ``\\b`` for speed; it must match exactly where the
    plain word-boundary form does (seeded random strings of the characters that matter)."""
    import random
    import re

    from lapor_site.skeleton import _DISGUISE_HINT_RE

    plain = re.compile(
        r"[ \t]@|@[ \t]|\bat\b|\bdot\b|\btitik\b"
        r"|[\(\[\{<][ \t]{0,2}(?:at|@|dot|\.)[ \t]{0,2}[\)\]\}>]",
        re.ASCII,
    )
    rng = random.Random(1708)
    alphabet = ["at", "dot", "titik", "a", "t", "d", "o", "i", "k", "x", "_", "1", " ", "\t",
                "@", ".", "(", ")", "[", "]", "<", ">", "é", "-"]  # fmt: skip
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert [m.span() for m in _DISGUISE_HINT_RE.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ], text
