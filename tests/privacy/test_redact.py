"""The redactor: nothing planted leaks, the complaint itself survives, and it is robust."""

from __future__ import annotations

import dataclasses
import random
import re
import unicodedata

import pytest

from lapor_site.redact import (
    EMAIL_RE,
    KINDS,
    PLACEHOLDERS,
    Redaction,
    Redactor,
    find_emails,
    find_structured,
    normalize,
    trie_regex,
)
from privacy.corpus import CORPUS, CROSS_REPORTER, KNOWN_NAMES, PROTECTED, Item, leaked, removed


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor(PROTECTED, known_names=KNOWN_NAMES)


def _id(entry: Item) -> str:
    return entry.text[:50]


# ---------------------------------------------------------------------------
# The adversarial corpus
# ---------------------------------------------------------------------------

PLANTED = [e for e in CORPUS + CROSS_REPORTER if e.planted]
SURVIVING = [e for e in CORPUS + CROSS_REPORTER if e.survive]


@pytest.mark.parametrize("entry", PLANTED, ids=_id)
def test_no_planted_item_leaks(redactor: Redactor, entry: Item) -> None:
    output = redactor.redact(entry.text, entry.names).text
    assert leaked(entry, output) == [], output


@pytest.mark.parametrize("entry", SURVIVING, ids=_id)
def test_every_must_survive_substring_survives(redactor: Redactor, entry: Item) -> None:
    output = redactor.redact(entry.text, entry.names).text
    assert removed(entry, output) == [], output


@pytest.mark.parametrize("entry", CORPUS, ids=_id)
def test_redaction_is_idempotent(redactor: Redactor, entry: Item) -> None:
    once = redactor.redact(entry.text, entry.names)
    twice = redactor.redact(once.text, entry.names)
    assert twice.text == once.text
    assert sum(twice.counts.values()) == 0


def test_corpus_is_large_and_covers_every_kind() -> None:
    kinds = {kind for entry in CORPUS for kind, _ in entry.planted}
    assert kinds == set(KINDS)
    assert sum(len(e.planted) for e in CORPUS) >= 150
    assert sum(len(e.survive) for e in CORPUS) >= 150


# ---------------------------------------------------------------------------
# Placeholders and counts
# ---------------------------------------------------------------------------


def test_placeholders_are_readable_indonesian_one_per_kind() -> None:
    assert set(PLACEHOLDERS) == set(KINDS)
    assert len(set(PLACEHOLDERS.values())) == len(KINDS)
    assert PLACEHOLDERS["name"] == "[nama disamarkan]"
    assert PLACEHOLDERS["nik"] == "[NIK disamarkan]"
    assert all(p.startswith("[") and p.endswith(" disamarkan]") for p in PLACEHOLDERS.values())


def test_counts_per_kind(redactor: Redactor) -> None:
    text = (
        "Nama saya Budi Santoso, NIK 6472010101900001, HP 0812-5550-1234 dan 0813 5550 1235, "
        "email budi@example.com, IG @budi_fiktif, rek BRI 0123456789, NPWP 12.345.678.9-012.345, "
        "mobil KT 1234 AB, alamat Jl. Pramuka No. 12 RT 05 RW 03, lahir 12-03-1985."
    )
    result = redactor.redact(text)
    assert result.counts == {
        "name": 1,
        "nik": 1,
        "phone": 2,
        "email": 1,
        "social-media": 1,
        "bank-account": 1,
        "id-number": 1,
        "vehicle-plate": 1,
        "address": 2,
        "birth-date": 1,
    }
    assert result.text == (
        "Nama saya [nama disamarkan], NIK [NIK disamarkan], HP [nomor telepon disamarkan] dan "
        "[nomor telepon disamarkan], email [email disamarkan], IG [akun media sosial disamarkan], "
        "rek BRI [nomor rekening disamarkan], NPWP [nomor identitas disamarkan], "
        "mobil [nomor kendaraan disamarkan], alamat Jl. Pramuka [alamat disamarkan] "
        "[alamat disamarkan], lahir [tanggal lahir disamarkan]."
    )


def test_counts_hold_kinds_and_numbers_never_values(redactor: Redactor) -> None:
    result = redactor.redact("Bapak Hendra Wijaya, HP 081255501234")
    assert set(result.counts) <= set(KINDS)
    assert all(isinstance(n, int) for n in result.counts.values())
    assert "Hendra" not in repr(result.counts)


def test_redaction_is_frozen(redactor: Redactor) -> None:
    result = redactor.redact("tidak ada data pribadi")
    assert isinstance(result, Redaction)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.text = "x"  # type: ignore[misc]
    assert result.counts == {}
    assert result.text == "tidak ada data pribadi"


def test_empty_text(redactor: Redactor) -> None:
    assert redactor.redact("").text == ""


# ---------------------------------------------------------------------------
# The reporter's own name
# ---------------------------------------------------------------------------


def test_reporter_name_parts_are_redacted_wherever_they_occur(redactor: Redactor) -> None:
    text = (
        "SANTOSO melapor. Kata budi, Pak Santoso dan bu Budi sudah datang. budisantoso tetap,"
        " budidaya ikan juga."
    )
    result = redactor.redact(text, names=["Budi Santoso"])
    assert "santoso melapor" not in result.text.lower()
    assert "budi," not in result.text.lower()
    # glued parts are the name; a longer word that merely contains a part is not
    assert "budisantoso" not in result.text
    assert "budidaya ikan" in result.text
    assert result.counts["name"] == 5


def test_full_reporter_name_becomes_one_placeholder(redactor: Redactor) -> None:
    result = redactor.redact("Budi Santoso - Jalan rusak", names=["Budi Santoso"])
    assert result.text == "[nama disamarkan] - Jalan rusak"


def test_reporter_name_skips_short_protected_and_connector_parts(redactor: Redactor) -> None:
    text = "Al dan Ahmad bin Salim dari Berau ke RSUD Abdul Wahab Sjahranie, kata Abdul."
    result = redactor.redact(text, names=["Al Abdul bin Salim Berau", "Ahmad"])
    out = result.text
    assert out.startswith("Al dan [nama disamarkan] bin [nama disamarkan] dari Berau")
    assert "RSUD Abdul Wahab Sjahranie" in out
    assert out.endswith("kata [nama disamarkan].")


def test_reporter_name_with_odd_spacing_and_case(redactor: Redactor) -> None:
    result = redactor.redact(
        "pelapor RAHMAT   hidayatullah hadir", names=[" rahmat\u00a0Hidayatullah "]
    )
    assert result.text == "pelapor [nama disamarkan] hadir"


# ---------------------------------------------------------------------------
# Protected words
# ---------------------------------------------------------------------------


def test_protected_phrases_survive_honorifics_and_name_parts() -> None:
    redactor = Redactor(["RSUD Abdul Wahab Sjahranie", "Kota Samarinda", "Pak Tua Resto"])
    text = "Bapak Abdul dirawat di rsud abdul wahab sjahranie, makan di Pak Tua Resto, Samarinda."
    out = redactor.redact(text, names=["Samarinda Abdul"]).text
    assert out == (
        "Bapak [nama disamarkan] dirawat di rsud abdul wahab sjahranie, makan di Pak Tua Resto, "
        "Samarinda."
    )


def test_protected_words_do_not_shield_emails_or_handles() -> None:
    redactor = Redactor(["Kota Samarinda"])
    out = redactor.redact("tulis ke samarinda.budi@example.com atau @samarinda_budi").text
    assert out == "tulis ke [email disamarkan] atau [akun media sosial disamarkan]"


def test_protected_handle_survives() -> None:
    out = Redactor(["@KaltimProv"]).redact("Follow @KaltimProv dan @LAPOR1708, bukan @orang_fiktif")
    assert out.text == "Follow @KaltimProv dan @LAPOR1708, bukan [akun media sosial disamarkan]"


# ---------------------------------------------------------------------------
# Odd Unicode
# ---------------------------------------------------------------------------

ODD = [
    "HP 0812\u200b5550\u200b1234",
    "HP 0812\u200c5550\u200d1234",
    "HP \u202e0812-5550-1234\u202c",
    "HP 0812\x005550\x001234",
    "HP 0812\u00ad5550\u00ad1234",
    "HP \ufeff081255501234",
    "HP \uff10\uff18\uff11\uff12\uff15\uff15\uff15\uff10\uff11\uff12\uff13\uff14",
    "HP \u0660\u0668\u0661\u0662\u0665\u0665\u0665\u0660\u0661\u0662\u0663\u0664",
    "HP \u096608\u0967\u0968\u096b\u096b\u096b\u0966\u0967\u0968\u0969\u096a",
    "HP 0812\u20605550\u20601234",
    "HP 0812\ue0015550\U000f00011234",
    "HP 0812\u00a05550\u00a01234",
    "HP 0812\u20095550\u30001234",
]


@pytest.mark.parametrize("text", ODD, ids=[repr(t)[:40] for t in ODD])
def test_odd_unicode_does_not_hide_a_phone_number(redactor: Redactor, text: str) -> None:
    out = redactor.redact(text).text
    assert out == "HP [nomor telepon disamarkan]"


def test_odd_unicode_does_not_hide_a_nik_or_email(redactor: Redactor) -> None:
    nik = "".join(chr(0xFF10 + int(d)) for d in "6472010101900001")
    out = redactor.redact(f"NIK {nik} dan e\u200bmail budi\u200b@exa\u200bmple.com").text
    assert out == "NIK [NIK disamarkan] dan email [email disamarkan]"


def test_output_has_no_invisible_or_control_characters(redactor: Redactor) -> None:
    text = "a\u200bb\u202ec\x00d\x07e\tf\ng\r\nh\u2028i\ue000j"
    out = redactor.redact(text).text
    assert out == "abcde\tf\ng\nh\nij"
    assert not any(unicodedata.category(c) in ("Cf", "Co", "Cs", "Cn") for c in out)


def test_normalize_is_idempotent() -> None:
    text = "\uff21\uff22 \u0661\u0662 caf\u0065\u0301 \u00bd \u200b"
    assert normalize(normalize(text)) == normalize(text)
    assert normalize("\uff10\uff18") == "08"


# ---------------------------------------------------------------------------
# Large and hostile input
# ---------------------------------------------------------------------------


def test_one_megabyte_description_is_redacted(redactor: Redactor) -> None:
    chunks = [e.text for e in CORPUS]
    text = ""
    while len(text) < 1_000_000:
        text += " ".join(chunks) + "\n"
    result = redactor.redact(text)
    assert "6472010101900001" not in result.text
    assert "081255501234" not in result.text
    assert "budi.santoso@example.com" not in result.text
    assert "RSUD Abdul Wahab Sjahranie" in result.text


HOSTILE = {
    "one long word": "a" * 1_000_000,
    "long word after a trigger": "lahir " + "a" * 1_000_000,
    "at signs": "@" * 1_000_000,
    "local part without domain": "a.b" * 333_333 + "@",
    "digits and spaces": "1 " * 500_000,
    "digits and dots": "1." * 500_000,
    "one long number": "7" * 1_000_000,
    "honorifics": "Bapak " * 166_666,
    "names after honorifics": "Bapak Budi " * 90_000,
    "street words": "Jl. A B C D E F " * 60_000,
    "no. repeated": "No. " * 250_000,
    "rt repeated": "RT " * 330_000,
    "plates": "KT " * 330_000,
    "emails": "a@b.co " * 140_000,
    "brackets": "[nama disamarkan] " * 55_000,
    "dashes": "- " * 500_000,
    "protected": "Samarinda " * 100_000,
    "lahir dates": "lahir 12-03-1985 " * 58_000,
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_megabyte_input_completes(redactor: Redactor, text: str) -> None:
    # No timing assertion here: bench/redaction_quality.py measures speed. A
    # pattern with catastrophic backtracking would make this test hang.
    result = redactor.redact(text)
    assert isinstance(result.text, str)


# ---------------------------------------------------------------------------
# find_structured (shared with the audit)
# ---------------------------------------------------------------------------


def test_find_structured_finds_numbers_and_emails() -> None:
    text = "NIK 6472010101900001, HP 0812-5550-1234, mail budi@example.com, no. 1234567890"
    kinds = [m.kind for m in find_structured(text)]
    assert kinds == ["nik", "phone", "email", "id-number"]


def test_find_structured_strict_is_conservative() -> None:
    text = (
        "build 1732781234567 hash a6472010101900001b ts=081255501234x NIK6472010101900002 "
        "v 0.81255501234 date 2025-03-12 Rp 2.500.000.000 nisn 0087654321"
    )
    found = find_structured(text, strict=True)
    assert [(m.kind, text[m.start : m.end]) for m in found] == [
        ("nik", "6472010101900002"),
        ("id-number", "0087654321"),
    ]


def test_redactor_without_configuration_still_protects_national_names() -> None:
    out = Redactor().redact("Bapak Budi dari Ibu Kota Nusantara, follow @LAPOR1708").text
    assert out == "Bapak [nama disamarkan] dari Ibu Kota Nusantara, follow @LAPOR1708"


def test_trie_regex_matches_its_phrases_case_insensitively() -> None:
    # lapor_site.anonymize builds its known-names pattern with this helper.
    pattern = re.compile(rf"(?<!\w)(?:{trie_regex(['Budi Santoso', 'Budi'])})(?!\w)", re.I)
    assert [m.group() for m in pattern.finditer("BUDI  santoso, budi, budiman")] == [
        "BUDI  santoso",
        "budi",
    ]


# ---------------------------------------------------------------------------
# Names no cue word introduces (issue 8)
# ---------------------------------------------------------------------------

NAME_PH = PLACEHOLDERS["name"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Petugas kami, Joko Rahman (HP 0812-5550-1234), telah meninjau lokasi.",
            f"Petugas kami, {NAME_PH} (HP [nomor telepon disamarkan]), telah meninjau lokasi.",
        ),
        ("Yth. Bpk. hendra wiyata, mohon dibantu.", f"Yth. Bpk. {NAME_PH}, mohon dibantu."),
        ("Diperiksa Dr Andi Wijaya kemarin.", f"Diperiksa Dr {NAME_PH} kemarin."),
        ("Bapak Kepala Desa Sutrisno menolak.", f"Bapak Kepala Desa {NAME_PH} menolak."),
        ("Tembusan: Bapak\nSutrisno Hadi", f"Tembusan: Bapak\n{NAME_PH}"),
        ("Ibu Wayan sukertiasih datang.", f"Ibu {NAME_PH} datang."),
        ("Sdr. Ahmad Fauzi bin Abdulkadirsyah", f"Sdr. {NAME_PH}"),
        ("Akun JokoRahman diblokir.", f"Akun {NAME_PH} diblokir."),
        ("Tertulis J o k o  R a h m a n di kuitansi.", f"Tertulis {NAME_PH} di kuitansi."),
    ],
)
def test_issue_8_shapes(redactor: Redactor, text: str, expected: str) -> None:
    assert redactor.redact(text).text == expected


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Maruf Hidayat melapor.", ["Ma'ruf Hidayat"]),
        ("Ma'ruf Hidayat melapor.", ["Maruf Hidayat"]),
        ("Ma’ruf Hidayat melapor.", ["Maruf Hidayat"]),
        ("René Hidayat melapor.", ["Rene Hidayat"]),
        ("Rene Hidayat melapor.", ["René Hidayat"]),
        ("marufhidayat melapor.", ["Ma'ruf Hidayat"]),
    ],
)
def test_own_name_ignores_accents_apostrophes_and_glue(
    redactor: Redactor, text: str, names: list[str]
) -> None:
    assert redactor.redact(text, names).text == f"{NAME_PH} melapor."


def test_other_reporters_one_word_names_but_not_common_words() -> None:
    redactor = Redactor(known_names=["Sukirman", "Indah", "Yohana Sitompul"])
    out = redactor.redact("kata sukirman dan yohana sitompul, taman itu indah.").text
    assert out == f"kata {NAME_PH} dan {NAME_PH}, taman itu indah."


@pytest.mark.parametrize(
    "text",
    [
        "Jl. Sudirman dan Jalan Ahmad Yani rusak.",
        "Dirujuk ke RSUD Abdul Wahab Sjahranie.",
        "Terbang dari Bandara APT Pranoto.",
        "Trotoar Jl. KH. Wahid Hasyim rusak.",
        "Jl. Dr. Soetomo dan Jalan Pak Kasim berlubang.",
        "Dirujuk ke Rumah Sakit Haji Darjad.",
        "Jalan Rusak Parah Di Depan Pasar Segiri",
        "Putra daerah dan bawang putih.",
        "Sudah dicek oleh Dinas Perhubungan.",
    ],
)
def test_places_and_words_named_like_people_survive(redactor: Redactor, text: str) -> None:
    assert redactor.redact(text).text == text


def test_find_emails_finds_what_the_email_pattern_finds():
    """``find_emails`` looks only at each "@": the same matches as ``EMAIL_RE.finditer``."""
    pieces = [*'ab.@ \t-+%_x1\n"<', "é", "co", "id", "png", ".com", "gmail", "a" * 63]
    rnd = random.Random(1708)
    texts = [
        "a@b@gmail.com",
        "budi @ kantor.go.id, siti\t@x.co.id",
        "logo@2x.png " + "x" * 64 + "@gmail.com " + "y" * 65 + "@gmail.com",
        '{"@context": "https://schema.org", "@type": "x"} budi.s@kantor.id',
    ]
    texts += ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 30))) for _ in range(20000)]
    found = 0
    for text in texts:
        expected = [m.span() for m in EMAIL_RE.finditer(text)]
        assert [m.span() for m in find_emails(text)] == expected, text
        found += len(expected)
    assert found > 100
