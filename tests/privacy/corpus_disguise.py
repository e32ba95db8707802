"""Adversarial corpus: identifiers in disguise, and ordinary text that must survive the skeleton.

Personal data written to slip past a pattern (issue 8, task 2): phones with
en dashes, non-breaking hyphens, colons or money-style dot grouping; a NIK
grouped like a date; spelled-out digits; e-mail addresses with "at"/"dot",
brackets, a spaced "@" or "&#64;"; look-alike letters from Cyrillic and
Greek, small capitals, dotless "ı", keycap and dingbat digits, and an "o"
with a combining acute. And text that looks like it but is not personal
data: number words, money, times, dates, ratios, English "at".

Every value is invented. Same :class:`~privacy.corpus.Item` shape as
``corpus.py``, checked by the same ``leaked`` and ``removed``; used by
``tests/privacy/test_disguise.py`` and ``bench/redaction_quality.py``.
"""

from __future__ import annotations

from privacy.corpus import BIRTH, EMAIL, NIK, PHONE, Item, item

DISGUISE_CORPUS: list[Item] = [
    # ------------------------------------------------------------------
    # Phones with other separators
    # ------------------------------------------------------------------
    item(
        "Nomor saya 0812–5550–1301, mohon dihubungi sore hari.",
        (PHONE, "0812–5550–1301"),
        survive=["mohon dihubungi sore hari"],
        tags=("en-dash",),
    ),
    item(
        "Bisa WA ke 0813\u20115550\u20111302 untuk konfirmasi.",
        (PHONE, "0813\u20115550\u20111302"),
        survive=["untuk konfirmasi"],
        tags=("non-breaking-hyphen",),
    ),
    item(
        "telepon 0852:5550:1303 kapan saja",
        (PHONE, "0852:5550:1303"),
        survive=["kapan saja"],
        tags=("colon",),
    ),
    item(
        "Silakan hubungi 628.555.013.040 kalau petugas perlu data tambahan.",
        (PHONE, "628.555.013.040"),
        survive=["kalau petugas perlu data tambahan"],
        tags=("money-grouping",),
    ),
    item(
        "atau +62 813 — 5550 — 1305",
        (PHONE, "813 — 5550 — 1305"),
        tags=("em-dash",),
    ),
    # ------------------------------------------------------------------
    # A NIK grouped like a date, no keyword
    # ------------------------------------------------------------------
    item(
        "Data saya 647203 05.07.95 2421 sudah terdaftar di kelurahan.",
        (NIK, "647203 05.07.95 2421"),
        survive=["sudah terdaftar di kelurahan"],
        tags=("nik-date",),
    ),
    item(
        "identitas 647201-450888-0007 (perempuan)",
        (NIK, "647201-450888-0007"),
        survive=["(perempuan)"],
        tags=("nik-date",),
    ),
    # ------------------------------------------------------------------
    # Spelled-out digits
    # ------------------------------------------------------------------
    item(
        "hubungi saya di nol delapan satu tiga lima lima lima nol satu tiga nol enam ya pak",
        (PHONE, "nol delapan satu tiga lima lima lima nol satu tiga nol enam"),
        survive=["ya pak"],
        tags=("digit-words",),
    ),
    item(
        "WA: kosong delapan lima dua - lima lima lima nol - satu tiga nol tujuh",
        (PHONE, "kosong delapan lima dua - lima lima lima nol - satu tiga nol tujuh"),
        tags=("digit-words",),
    ),
    item(
        "no hp 0812 lima lima lima nol satu tiga nol delapan, terima kasih",
        (PHONE, "0812 lima lima lima nol satu tiga nol delapan"),
        survive=["terima kasih"],
        tags=("digit-words", "mixed"),
    ),
    item(
        "NOL DELAPAN SATU SATU LIMA LIMA LIMA NOL SATU TIGA SATU NOL",
        (PHONE, "NOL DELAPAN SATU SATU LIMA LIMA LIMA NOL SATU TIGA SATU NOL"),
        tags=("digit-words", "upper-case"),
    ),
    # ------------------------------------------------------------------
    # E-mail addresses in disguise
    # ------------------------------------------------------------------
    item(
        "email saya rina.fiktif at kantor dot go dot id, balas ke sana",
        (EMAIL, "rina.fiktif at kantor dot go dot id"),
        survive=["balas ke sana"],
        tags=("at-dot",),
    ),
    item(
        "surel: rina.fiktif[at]pemkot[dot]go[dot]id",
        (EMAIL, "rina.fiktif[at]pemkot[dot]go[dot]id"),
        tags=("brackets",),
    ),
    item(
        "kirim ke budi_fiktif (at) desa.id saja",
        (EMAIL, "budi_fiktif (at) desa.id"),
        survive=["saja"],
        tags=("brackets",),
    ),
    item(
        "alamat surel budi.fiktif @ dinas.go.id",
        (EMAIL, "budi.fiktif @ dinas.go.id"),
        tags=("spaced-at",),
    ),
    item(
        "Email: siti.fiktif&#64;sekolah.sch.id",
        (EMAIL, "siti.fiktif&#64;sekolah.sch.id"),
        tags=("entity",),
    ),
    item(
        "surel wati.fiktif titik dua at kampus titik ac titik id",
        (EMAIL, "dua at kampus titik ac titik id"),
        tags=("titik",),
    ),
    # ------------------------------------------------------------------
    # Look-alike characters
    # ------------------------------------------------------------------
    item(
        "Balasan ke budi.fiktif@gm\u0430il.com ya",
        (EMAIL, "budi.fiktif@gm\u0430il.com"),
        survive=["ya"],
        tags=("cyrillic",),
    ),
    item(
        "email fiktif.rina@yah\u03bfo.co.id",
        (EMAIL, "fiktif.rina@yah\u03bfo.co.id"),
        tags=("greek",),
    ),
    item(
        "kontak bud\u0131.f@gma\u0131l.com",
        (EMAIL, "bud\u0131.f@gma\u0131l.com"),
        tags=("dotless-i",),
    ),
    item(
        "email fiktif@\u0262\u1d0d\u1d00\u026a\u029f.com",
        (EMAIL, "fiktif@\u0262\u1d0d\u1d00\u026a\u029f.com"),
        tags=("small-capitals",),
    ),
    item(
        "email budi.fiktif@yaho\u0301o.com",
        (EMAIL, "budi.fiktif@yaho\u0301o.com"),
        tags=("combining-acute",),
    ),
    item(
        "HP 0\ufe0f\u20e38\ufe0f\u20e31\ufe0f\u20e32\ufe0f\u20e35\ufe0f\u20e35\ufe0f\u20e35"
        "\ufe0f\u20e30\ufe0f\u20e31\ufe0f\u20e33\ufe0f\u20e31\ufe0f\u20e30\ufe0f\u20e3",
        (
            PHONE,
            "0\ufe0f\u20e38\ufe0f\u20e31\ufe0f\u20e32\ufe0f\u20e35\ufe0f\u20e35\ufe0f\u20e35"
            "\ufe0f\u20e30\ufe0f\u20e31\ufe0f\u20e33\ufe0f\u20e31\ufe0f\u20e30\ufe0f\u20e3",
        ),
        tags=("keycap",),
    ),
    item(
        "nomor ⓿➑➊➌ ➎➎➎⓿ ➊➌➊➊ tolong dicatat",
        (PHONE, "⓿➑➊➌ ➎➎➎⓿ ➊➌➊➊"),
        survive=["tolong dicatat"],
        tags=("dingbat",),
    ),
    item(
        "NIK \u0c66\u0c6c\u0c6a\u0c6d\u0c68\u0c66\u0c67\u0c66\u0c67\u0c66\u0c67\u0c6f\u0c6f"
        "\u0c66\u0c66\u0c67\u0c68 terlampir",
        (
            NIK,
            "\u0c66\u0c6c\u0c6a\u0c6d\u0c68\u0c66\u0c67\u0c66\u0c67\u0c66\u0c67\u0c6f\u0c6f"
            "\u0c66\u0c66\u0c67\u0c68",
        ),
        survive=["terlampir"],
        tags=("other-script-digits",),
    ),
    item(
        "lahir di Samarinda, tanggal ➊➋-⓿➌-➊➒➑➎",
        (BIRTH, "➊➋-⓿➌-➊➒➑➎"),
        survive=["Samarinda"],
        tags=("dingbat", "birth-date"),
    ),
    # ------------------------------------------------------------------
    # Must survive: number words, money, times, dates, ratios, "at"
    # ------------------------------------------------------------------
    item(
        "Biaya Rp 1.500.000 dibayar dua minggu lalu, petugas datang tiga kali.",
        survive=["Rp 1.500.000", "dua minggu lalu", "tiga kali"],
    ),
    item(
        "Anggaran 1.250.000.000 rupiah dan 628.500.000 untuk tahap dua.",
        survive=["1.250.000.000 rupiah", "628.500.000", "tahap dua"],
    ),
    item(
        "Total bantuan Rp 628.512.345.678 untuk satu provinsi.",
        survive=["Rp 628.512.345.678", "satu provinsi"],
    ),
    item(
        "Antre dari pukul 07:30 sampai 11:45:20 WITA, nomor antrean dua puluh lima.",
        survive=["pukul 07:30 sampai 11:45:20 WITA", "dua puluh lima"],
    ),
    item(
        "Periode 12.03.2025 - 15.03.2025 dan 01.04.2025 05.04.2025 sudah lewat.",
        survive=["12.03.2025 - 15.03.2025", "01.04.2025 05.04.2025"],
    ),
    item(
        "Peta skala 1:50000 menunjukkan jalan satu, dua, tiga, empat rusak.",
        survive=["skala 1:50000", "jalan satu, dua, tiga, empat rusak"],
    ),
    item(
        "Kami menunggu enam bulan lima hari; satu dua orang saja yang dilayani.",
        survive=["enam bulan lima hari", "satu dua orang saja"],
    ),
    item(
        "Informasi lengkap at lapor.go.id, petugas at loket dua.",
        survive=["at lapor.go.id", "at loket dua"],
    ),
    item(
        "Dinas bilang cek website dot go dot id saja, dan titik jemput di terminal.",
        survive=["website dot go dot id saja", "titik jemput di terminal"],
    ),
    item(
        "Café Ñusantara di Jl. Pahlawan buka jam 08.00, harga Rp 25.000.",
        survive=["Café Ñusantara", "jam 08.00", "Rp 25.000"],
    ),
    item(
        "Sekolah Dasar nomor dua di Kecamatan Loa Janan; ada 628 siswa dan 1.200 buku.",
        survive=["nomor dua", "628 siswa", "1.200 buku"],
    ),
    item(
        "Skor IPM 0,7512 naik; inflasi 2,5% pada Triwulan I 2025.",
        survive=["0,7512", "2,5%", "Triwulan I 2025"],
    ),
    item(
        "Warga menulis ①②③ di papan; kode tiket A-12, ruang ⓵.",
        survive=["kode tiket A-12"],
    ),
    item(
        "Nilai ujian tujuh delapan sembilan, rata-rata delapan.",
        survive=["tujuh delapan sembilan", "rata-rata delapan"],
    ),
    item(
        "Pertemuan Senin 05.07.2025 pukul 09:00 di aula, dihadiri 2.421 peserta.",
        survive=["05.07.2025 pukul 09:00", "2.421 peserta"],
    ),
    item(
        "Koordinat -0.5021, 117.153709 di peta dan rasio 1:2:3.",
        survive=["-0.5021, 117.153709", "rasio 1:2:3"],
    ),
]
