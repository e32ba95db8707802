"""Free-text redaction: the personal-data patterns and the :class:`Redactor`.

This module owns every pattern that recognises personal data in free text
(names, NIK/KK, other identity numbers, bank accounts, telephone numbers,
e-mail addresses, social-media accounts, vehicle plates, house-level address
details and dates of birth) and the Indonesian placeholders that replace
them. :mod:`lapor_site.audit` reuses the same compiled patterns through
:func:`find_structured`, so there is one source of truth for them.

UU 27/2022 (Pelindungan Data Pribadi) applies: no reporter may be
identifiable from anything published. The redactor therefore errs on the side
of removing too much; what it keeps on purpose are place, street and agency
names, ordinary dates, times, years, money amounts, percentages and
quantities, so that the complaint itself stays readable.

Everything here is pure and deterministic. Patterns are compiled once at
import (or once per :class:`Redactor`); all repetitions are bounded and each
pattern can only start at a word or number boundary, so a 1 MB text is
processed in linear time.
"""

from __future__ import annotations

import collections
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

# ---------------------------------------------------------------------------
# Kinds and placeholders
# ---------------------------------------------------------------------------

NAME = "name"
NIK = "nik"
ID_NUMBER = "id-number"
BANK_ACCOUNT = "bank-account"
PHONE = "phone"
EMAIL = "email"
SOCIAL_MEDIA = "social-media"
VEHICLE_PLATE = "vehicle-plate"
ADDRESS = "address"
BIRTH_DATE = "birth-date"

#: One readable Indonesian placeholder per kind of personal data.
PLACEHOLDERS: dict[str, str] = {
    NAME: "[nama disamarkan]",
    NIK: "[NIK disamarkan]",
    ID_NUMBER: "[nomor identitas disamarkan]",
    BANK_ACCOUNT: "[nomor rekening disamarkan]",
    PHONE: "[nomor telepon disamarkan]",
    EMAIL: "[email disamarkan]",
    SOCIAL_MEDIA: "[akun media sosial disamarkan]",
    VEHICLE_PLATE: "[nomor kendaraan disamarkan]",
    ADDRESS: "[alamat disamarkan]",
    BIRTH_DATE: "[tanggal lahir disamarkan]",
}
KINDS = tuple(PLACEHOLDERS)


@dataclass(frozen=True)
class Redaction:
    """Redacted text and how many replacements of each kind were made (never the values)."""

    text: str
    counts: collections.Counter[str]


@dataclass(frozen=True, slots=True)
class Match:
    """A span of personal data in (normalized) text."""

    kind: str
    start: int
    end: int


# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------

# Characters dropped before matching: invisible formatting characters
# (zero-width space and joiners, bidi overrides, soft hyphen, BOM: category
# Cf), private-use (Co), surrogate (Cs) and unassigned (Cn) code points, and
# control characters other than tab and newline. They can hide a number from
# a pattern but are never meaningful in published text.
_DROPPED_CATEGORIES = frozenset(("Cf", "Co", "Cs", "Cn"))
_KEPT_CONTROLS = frozenset("\t\n")


def _translation(chars: Iterable[str]) -> dict[int, str | None]:
    """How to rewrite the distinct characters of a text (see :func:`normalize`)."""
    table: dict[int, str | None] = {}
    for char in chars:
        category = unicodedata.category(char)
        if category in _DROPPED_CATEGORIES or (category == "Cc" and char not in _KEPT_CONTROLS):
            table[ord(char)] = "\n" if char == "\r" else None
        elif char in "\u2028\u2029":
            table[ord(char)] = "\n"
        elif category == "Nd" and not char.isascii():
            # Digits of other scripts (Arabic-Indic, Devanagari...): NFKC keeps them.
            table[ord(char)] = str(unicodedata.decimal(char))
    return table


def normalize(text: str) -> str:
    """NFKC-normalize ``text``, drop invisible and control characters, use ASCII digits.

    Fullwidth digits and letters become ASCII, non-breaking and other spaces
    become plain spaces, "\\r\\n" becomes "\\n". :meth:`Redactor.redact` returns
    normalized text, and :mod:`lapor_site.audit` normalizes before matching.
    """
    text = unicodedata.normalize("NFKC", text.replace("\r\n", "\n"))
    table = _translation(ch for ch in set(text) if not ("\x20" <= ch <= "\x7e"))
    return text.translate(table) if table else text


def digits_of(text: str) -> str:
    """Only the ASCII digits of ``text``."""
    return "".join(ch for ch in text if "0" <= ch <= "9")


# ---------------------------------------------------------------------------
# Vocabulary for name detection
# ---------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Words that can never be (part of) a person's name right after an honorific:
#: pronouns, function words and informal abbreviations, common verbs and
#: adjectives, kinship and people nouns, institutions and administrative
#: vocabulary, time words. Checked in lower case.
STOPWORDS: frozenset[str] = _words(
    # pronouns
    "saya sy aku ku gue gw kami kita dia ia beliau mereka anda kamu engkau kalian nya"
    # function words, particles, informal abbreviations
    " yang yg di ke dari dr dan dgn dengan atau utk untuk pada pd dalam dlm oleh karena krn"
    " tetapi tapi tp namun juga jg sudah sdh udah belum blm tidak tdk gak ga nggak enggak tak"
    " bukan akan sedang masih msh telah tlh agar supaya spy bahwa bhw jika jk kalau kalo klo"
    " ketika saat sejak sampai sampe hingga sebagai sbg selaku ini itu tsb tersebut sini situ"
    " sana ada adalah ialah yaitu yakni mohon mhn tolong tlg terima kasih makasih dll dsb dst"
    " pun lah kah pula saja aja lagi lg hanya cuma sangat sekali banget paling lebih kurang"
    " semua semuanya setiap tiap para sang si se per secara sekitar antara atas bawah depan"
    " belakang samping dekat jauh tentang terhadap kepada kpd bagi serta lalu kemudian"
    " setelah sebelum sesudah selama sehingga maka jadi pernah selalu sering kadang baru"
    " sendiri pribadi bisa bs dapat dpt harus hrs mau ingin hendak perlu boleh mungkin memang"
    " tentu apa siapa mana kapan mengapa kenapa bagaimana gimana berapa nanti pdhl padahal"
    " bahkan sedangkan walaupun meskipun tanpa demi via ttg hal seperti spt sama begitu"
    " begini yah ya iya oh dong deh kok sih kan lho nih tuh sbb yth hormat salam"
    " assalamualaikum selamat permisi maaf izin ijin the of and to for in on at by with from"
    " sdg tsb thd utk bgmn gmn krna jgn jangan silakan silahkan coba terus trus lalu lantas"
    " asli juga kembali masing lain lainnya berbagai beberapa seluruh sebuah seorang"
    # common verbs
    " melapor melaporkan lapor mengadu mengadukan menyampaikan sampaikan mengatakan bilang"
    " berkata bicara berbicara menjawab jawab datang pergi pulang bekerja kerja mengurus urus"
    " meminta minta memberi memberikan kasih menerima membayar bayar tinggal menunggu tunggu"
    " menolak tolak membentak memarahi melayani layani dilayani masuk keluar pindah bertanya"
    " tanya menanyakan mendaftar daftar menjadi punya memiliki mengambil ambil membawa bawa"
    " melihat lihat mendengar tahu mengetahui kenal mengenal membantu bantu menolong dibantu"
    " dipanggil memanggil panggil menghubungi hubungi dihubungi menelepon telepon menelpon"
    " telp sms chat mengirim kirim bernama namanya merupakan menyatakan menjelaskan menyuruh"
    " disuruh suruh diminta dimintai memungut pungut menarik menagih tagih janji berjanji"
    " mengancam ancam memukul pukul mengusir usir melarang larang mengizinkan menahan tahan"
    " menyita merusak memperbaiki perbaiki diperbaiki menangani ditangani tangani mengecek"
    " cek periksa memeriksa diperiksa meninggal wafat dirawat berobat melahirkan lahir"
    " menikah cerai belajar mengajar ngajar jualan berjualan jual beli membeli menjual makan"
    " minum tidur duduk berdiri jalan lewat melintas bertemu ketemu tiba hadir absen bolos"
    " dilaporkan ditanggapi diproses ditolak diabaikan dikenakan dipersulit dibayar diurus"
    " dijanjikan ditunggu dipotong dipungut diberi diterima dikirim disampaikan ditindak"
    " ditindaklanjuti menindaklanjuti tindaklanjuti tanggapi menanggapi merespon respon"
    " diam marah berada berjalan bersama berupa berikut berharap berdasarkan berangkat"
    " berkunjung berlaku bermasalah berulang berbelit bertugas bertanggung menjabat"
    " mengaku mengakui menuduh dituduh diduga menduga katanya kata ucap ujar sebut"
    # adjectives and states
    " baik buruk jelek kasar ramah sopan galak judes cuek lambat cepat lama mahal murah susah"
    " sulit mudah gampang rusak parah bagus benar salah kecewa sedih senang bingung kesal"
    " khawatir takut resah malu lapar miskin kaya mampu tua muda besar kecil tinggi rendah"
    " panjang pendek banyak sedikit penuh kosong bersih kotor bau gelap terang aman bahaya"
    " berbahaya sehat sakit hamil menyusui bersalin lansia disabilitas difabel yatim piatu"
    " terlantar tetap kontrak resmi liar ilegal nakal kandung tiri angkat tersayang terhormat"
    # kinship and people
    " anak istri isteri suami ayah bapak ibu ortu orang keluarga adik kakak abang mertua"
    " menantu keponakan cucu nenek kakek paman bibi om tante saudara saudari sepupu tetangga"
    " teman kawan rekan warga masyarakat penduduk pelapor pengadu pemohon peserta pasien"
    " nasabah pelanggan konsumen penumpang pengendara pejalan siswa murid pelajar mahasiswa"
    " santri korban pelaku saksi pedagang pembeli penjual buruh petani nelayan pekerja kuli"
    " oknum pihak bapak-bapak ibu-ibu rakyat umat jemaah jamaah pengurus sekalian semua"
    " pns asn tni polri pppk cpns p3k honorer ojk kpk pkk"
    # institutions and administrative vocabulary
    " dinas badan kantor biro bagian bidang seksi unit upt uptd puskesmas pustu posyandu rsud"
    " rs rumah sakit klinik sekolah sd sdn smp smpn sma sman smk smkn mi mts ma man tk paud"
    " universitas kampus kelurahan kecamatan desa kampung dusun kota kabupaten kab provinsi"
    " prov pemkot pemkab pemprov pemda pemerintah pemerintahan negara negeri dprd pdam perumda"
    " pln pertamina bpjs samsat dukcapil disdukcapil kemenag polres polsek polda kodim"
    " koramil pengadilan kejaksaan bank bri bni btn bca bsi pt cv ud koperasi pasar masjid"
    " mushola musala gereja pura vihara jl jln gang gg lorong perumahan perum komplek"
    " kompleks blok rt rw no nomor kel kec lapor sp4n instansi perusahaan lembaga organisasi"
    " yayasan kelompok komunitas tim ibukota nusantara ikn pendidikan kebudayaan kesehatan"
    " pekerjaan umum penataan ruang rakyat perhubungan sosial kependudukan pemberdayaan"
    " perempuan perlindungan lingkungan hidup tenaga transmigrasi komunikasi informatika"
    " energi sumber daya mineral kehutanan perkebunan pangan tanaman hortikultura kelautan"
    " perikanan perindustrian perdagangan usaha menengah penanaman modal pelayanan layanan"
    " terpadu satu pintu pemuda olahraga pariwisata perpustakaan kearsipan pendapatan"
    " daerah kepegawaian penanggulangan bencana pamong praja inspektorat sekretariat"
    " pusat wilayah regional cabang kepolisian"
    # things complaints are about
    " uang biaya dana bantuan bansos blt bpnt kip kis ktp kk sim stnk bpkb akta ijazah surat"
    " berkas dokumen sertifikat tanah mobil motor kendaraan air listrik gas jembatan sampah"
    " banjir laporan pengaduan keluhan aduan masalah permasalahan kasus data sistem aplikasi"
    " website online antrean antrian loket nomor gaji upah tunjangan pajak retribusi iuran"
    # time
    " hari minggu bulan tahun jam menit detik pagi siang sore malam kemarin besok sekarang"
    " skrg tadi senin selasa rabu kamis jumat sabtu ahad januari februari pebruari maret"
    " april mei juni juli agustus september oktober november nopember desember tgl tanggal thn"
)

#: Positions and professions that may stand between an honorific and a name
#: ("Pak Lurah Budi", "Ibu Kepala Sekolah Siti"): kept, and scanning goes on.
ROLES: frozenset[str] = _words(
    "kepala kades kadus lurah camat bupati wabup walikota wali wawali gubernur wagub sekda"
    " sekdes sekretaris kabid kasi kasie kasubag kasubbag kabag kadis plt plh pj penjabat"
    " direktur dirut manager manajer ketua wakil kapolsek kapolres kapolda kanit danramil"
    " babinsa bhabinkamtibmas guru dosen dokter bidan perawat mantri apoteker ustadz ustad"
    " ustaz kyai kiai pendeta pastor romo sopir supir driver satpam security petugas staf"
    " staff pegawai karyawan admin operator kasir teller cs kurir ojol ojek tukang mandor"
    " pengawas pengelola pemilik owner bos pimpinan atasan koordinator pendamping"
    " fasilitator penyuluh kader anggota dewan hakim jaksa polisi tentara haji hajjah"
    " sekolah seksi bidang bagian puskesmas rt rw"
)

#: Titles written before a name ("Bapak Ir. H. Budi"): kept, and scanning goes on.
PRE_TITLES: frozenset[str] = _words("ir dr drg drs dra prof h hj kh tgk ns")

#: Honorifics met again after a trigger ("oleh Pak Joko", "saya Bapak Slamet"):
#: kept, and scanning goes on.
HONORIFICS: frozenset[str] = _words(
    "bapak pak bpk ibu bu sdr sdri saudara saudari tn ny nn mas mbak mba kak bang om tante"
    " mr mrs yth"
)

#: Abbreviated given names that end with a full stop ("Muh. Rizki").
NAME_ABBREVIATIONS: frozenset[str] = _words("muh moh mhd moch mochd abd st")

#: Words of a reporter's name that never identify anyone on their own.
NAME_CONNECTORS: frozenset[str] = _words("bin binti van der de al el la")

#: Protected without configuration: national names a name pattern must not swallow.
BUILTIN_PROTECTED = (
    "Indonesia",
    "Nusantara",
    "Ibu Kota Nusantara",
    "IKN",
    "Kalimantan",
    "Kalimantan Timur",
    "Kaltim",
    "LAPOR",
    "LAPOR!",
    "SP4N",
    "SP4N-LAPOR",
    "SP4N-LAPOR!",
    "LAPOR1708",
    "@LAPOR1708",
)
#: Generic heads of place and agency names; the rest of the name is protected too
#: ("RSUD Abdul Wahab Sjahranie" also protects "Abdul Wahab Sjahranie").
_GENERIC_HEADS = _words(
    "kota kabupaten kab provinsi kecamatan kec kelurahan kel desa rsud rs dinas badan biro pt"
    " perumda upt uptd satuan"
)

# ---------------------------------------------------------------------------
# Shared pattern pieces
# ---------------------------------------------------------------------------

# A masked protected phrase (see Redactor._mask): two private-use characters.
_SENTINEL = "[\U000f0000-\U000ffffd][\U00100000-\U0010ffff]"

# A letter-only word, optionally with inner apostrophes or hyphens ("Ma'ruf").
_WORD = r"[^\W\d_]+(?:['’\-][^\W\d_]+)*"
_MONTHS = (
    r"(?:januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober"
    r"|november|nopember|desember|jan|feb|peb|mar|apr|jun|jul|agu|agt|agus|aug|sep|sept"
    r"|okt|oct|nov|nop|des|dec)"
)
_DATE = (
    r"(?:\d{1,2}[ \t]*[-/.][ \t]*\d{1,2}[ \t]*[-/.][ \t]*(?:\d{4}|\d{2})"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    rf"|\d{{1,2}}[ \t]*(?:-[ \t]*)?{_MONTHS}\.?[ \t]*(?:-[ \t]*)?\d{{4}}"
    r"|(?:19|20)\d{2})(?!\d)"
)

# ---------------------------------------------------------------------------
# E-mail addresses
# ---------------------------------------------------------------------------

# Standard addresses. The local part may only start where no local-part
# character precedes, which keeps the search linear on long words. File
# names like "logo@2x.png" are not addresses.
EMAIL_RE = re.compile(
    r"(?<![\w.%+\-])[\w.%+\-]{1,64}+[ \t]?@[ \t]?"
    r"[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63}){0,8}"
    r"\.(?!(?:png|jpe?g|gif|svg|webp|avif|ico|css|js|mjs|map|json|xml|html?|pdf|woff2?|ttf)\b)"
    r"[A-Za-z]{2,24}(?![\w\-])",
    re.IGNORECASE,
)
# Obfuscated or incomplete addresses at common providers:
# "budi [at] gmail [dot] com", "budi(at)yahoo.co.id", "budi @ gmail".
EMAIL_OBFUSCATED_RE = re.compile(
    r"(?<![\w.%+\-])[\w.%+\-]{1,64}+[ \t]*(?:@|\(at\)|\[at\]|\{at\}|\bat\b)[ \t]*"
    r"(?:gmail|googlemail|yahoo|ymail|rocketmail|hotmail|outlook|live|icloud|protonmail"
    r"|proton|yandex)\b"
    r"(?:[ \t]*(?:\.|\(dot\)|\[dot\]|\{dot\}|\bdot\b|\btitik\b)[ \t]*(?:com|co|id|net|org|me)\b)*",
    re.IGNORECASE,
)

# ---------------------------------------------------------------------------
# Social-media accounts
# ---------------------------------------------------------------------------

# Profile and chat links: facebook.com/…, instagram.com/…, tiktok.com/@…,
# x.com/…, twitter.com/…, wa.me/…, t.me/…
SOCIAL_URL_RE = re.compile(
    r"(?<![\w.\-])(?:https?://)?(?:(?:www|m|web|mobile|vm|vt|id-id|id)\.)?"
    r"(?:facebook\.com|fb\.com|fb\.me|instagram\.com|instagr\.am|tiktok\.com|twitter\.com"
    r"|x\.com|threads\.net|youtube\.com|youtu\.be|linkedin\.com|wa\.me|api\.whatsapp\.com"
    r"|chat\.whatsapp\.com|t\.me|telegram\.me|line\.me|snapchat\.com)"
    r"/[^\s<>\"'()\[\]]{1,300}(?<![.,;:!?])",
    re.IGNORECASE,
)
# @handles (at least one letter, so "@2 buah" is a quantity, not a handle).
HANDLE_RE = re.compile(
    r"(?<![\w@.\-/])@(?=[\w.]{0,39}[A-Za-z_])[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,38}[A-Za-z0-9_])?"
    r"(?![\w@])"
)
# Handles introduced by the network's name: "IG: budi.santoso", "tiktok = budi_77".
HANDLE_KEYWORD_RE = re.compile(
    r"\b(?:ig|instagram|insta|tiktok|twitter|twiter|threads|telegram)\b"
    r"(?:[ \t]+(?:saya|sy|ku|kami))?[ \t]*[:=][ \t]*@?(?P<handle>[A-Za-z0-9_.]{2,40})\b",
    re.IGNORECASE,
)

# ---------------------------------------------------------------------------
# Dates of birth
# ---------------------------------------------------------------------------

# "lahir 12-03-1985", "tgl lahir: 12/03/1985", "TTL Samarinda, 12 Maret 1985",
# "kelahiran tahun 1985". Only the date is replaced; "akta kelahiran" is a
# document, not a birth date.
BIRTH_DATE_RE = re.compile(
    r"(?<!akta )(?<!akte )\b(?:lahir|lhr|kelahiran|ttl|dob)\b[ \t]*(?:[:/,][ \t]*)?"
    r"(?:(?:pada|tanggal|tgl\.?|tahun|thn|th\.|di)[ \t]*)*"
    rf"(?:(?:(?>{_WORD})|{_SENTINEL})(?:[ \t]*,[ \t]*|[ \t]+)){{0,3}}"
    rf"(?P<date>{_DATE})",
    re.IGNORECASE,
)

# ---------------------------------------------------------------------------
# Numbers: NIK/KK, identity numbers, bank accounts, telephone numbers
# ---------------------------------------------------------------------------

# A run of digits joined by single separators: "0812-3456-7890",
# "0812 3456 7890", "+62 812.3456.7890", "(0541) 741234", "64.72.01.010190.0001".
# Every separator is a non-digit, so the run cannot backtrack.
NUMBER_RUN_RE = re.compile(
    r"(?<!\d)(?:\+[ \t]?|\(\+?(?=[\d \t]{1,8}\)))?\d+"
    r"(?:(?:\)[ \t]?|[.\-]|[ \t]-[ \t]|[ \t])\d+)*"
)
# Words that say what the next number is ("no. HP", "NIK", "no. rek BRI").
NUMBER_KEYWORD_RE = re.compile(
    r"\b(?:(?P<phone>hp|handphone|ponsel|telp|telpon|telepon|telfon|tlp|tel|wa|whatsapp"
    r"|watsap|whatsap|kontak|contact|hub|hubungi|cp|sms|seluler|phone)"
    r"|(?P<nik>nik|ktp|e-ktp|ektp|kk|keluarga|kependudukan)"
    r"|(?P<id>npwp|bpjs|jkn|kis|nisn|nis|nip|nim|nrp|nrk|nuptk|kks|kip|pkh|sim|paspor"
    r"|passport|peserta|kartu|pelanggan|idpel|meter|registrasi|noreg|imei|polis|sertifikat"
    r"|shm|akta|akte)"
    r"|(?P<bank>rek|rekening|norek|a/c|va|virtual))\b",
    re.IGNORECASE,
)
_KEYWORD_KINDS = {"phone": PHONE, "nik": NIK, "id": ID_NUMBER, "bank": BANK_ACCOUNT}
# What may stand between such a keyword and its number: no digit, no bracket
# (so a placeholder ends the context), no line break, at most 30 characters.
_KEYWORD_FILLER_RE = re.compile(r"[^\d\[\]\n]{0,30}")
_MONEY_BEFORE_RE = re.compile(r"(?:\brp|\bidr|\busd|\$)\.?[ \t]?$", re.IGNORECASE)
_UNIT_AFTER_RE = re.compile(
    r"[ \t]?(?:%|,-|persen\b|rupiah\b|juta\b|jt\b|ribu\b|rb\b|miliar\b|milyar\b|triliun\b"
    r"|kg\b|km\b|ton\b|liter\b|meter\b|m2\b|m3\b)",
    re.IGNORECASE,
)
_DATE_TOKEN_RE = re.compile(
    r"\(?(?:\d{1,2}[-./]\d{1,2}[-./](?:\d{4}|\d{2})|\d{4}[-./]\d{1,2}[-./]\d{1,2})\)?"
)
_TIME_TOKEN_RE = re.compile(r"\d{1,2}[.:]\d{2}(?:[.:]\d{2})?")
_MONEY_TOKEN_RE = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
_YEAR_TOKEN_RE = re.compile(r"(?:19|20)\d{2}")
_DECIMAL_RE = re.compile(r"\(?0[.,]\d")
_NPWP_RE = re.compile(r"\d{2}\.\d{3}\.\d{3}\.\d[-.]\d{3}\.\d{3}")
_MOBILE_RE = re.compile(r"(?:62|0)8\d{7,11}")
_LANDLINE_RE = re.compile(r"0[1-79]\d{7,10}|62[1-79]\d{6,10}")
#: Numbers with fewer digits are never personal data on their own.
MIN_KEYWORD_DIGITS = 6
MIN_BARE_DIGITS = 9

# ---------------------------------------------------------------------------
# Vehicle plates
# ---------------------------------------------------------------------------

# Indonesian registration area codes (TNKB): 1–2 letters, 1–4 digits, 0–3 letters.
_PLATE_AREAS = (
    "A|AA|AB|AD|AE|AG|B|BA|BB|BD|BE|BG|BH|BK|BL|BM|BN|BP|D|DA|DB|DC|DD|DE|DG|DH|DK|DL|DM"
    "|DN|DP|DR|DS|DT|DW|E|EA|EB|ED|F|G|H|K|KB|KH|KT|KU|L|M|N|P|PA|PB|PG|R|S|T|W|Z"
)
# Upper-case plates with their letter suffix: "KT 1234 AB", "KT1234AB", "B 1 XYZ".
# Acronyms that look like plates (P3K, K3, B3, G30S, degrees S1–S3, D1–D4) are not.
PLATE_RE = re.compile(
    r"(?<![\w\-/.])(?!(?:P3K|K3|B3|G30S|[SD][1-4][ \t]|[SD][1-4]\b))"
    rf"(?:{_PLATE_AREAS})[ \t]?[1-9]\d{{0,3}}[ \t]?[A-Z]{{1,3}}(?![\w\-])"
)
# Any case, suffix optional, after a word that announces a plate ("nopol kt 1234").
PLATE_CONTEXT_RE = re.compile(
    r"\b(?:plat|pelat|nopol|no\.?[ \t]*pol|polisi|tnkb|kendaraan|mobil|motor|truk|truck"
    r"|angkot|pikap|pickup)\b[^\d\[\]\n]{0,25}?(?<![^\W\d_])"
    rf"(?P<plate>(?:{_PLATE_AREAS})[ \t]?[1-9]\d{{0,3}}(?:[ \t]?[A-Z]{{1,3}})?)(?![\w\-])",
    re.IGNORECASE,
)

# ---------------------------------------------------------------------------
# House-level address details
# ---------------------------------------------------------------------------

# RT/RW: "RT 05 RW 03", "RT.05/RW.03", "RT 005", "rt05", "RT/RW 05/03".
RT_RW_RE = re.compile(
    r"\b(?:rt[ \t]*/[ \t]*rw\.?[ \t]*:?[ \t]*\d{1,3}[ \t]*/[ \t]*\d{1,3}"
    r"|(?:rt|rw)\.?[ \t]*:?[ \t]*\d{1,3}"
    r"(?:[ \t]*[/,.\-]?[ \t]*(?:rt|rw)\.?[ \t]*:?[ \t]*\d{1,3})?)(?!\d)",
    re.IGNORECASE,
)
# House numbers: "No. 12", "nomor 12", "no 12A", "No. 12/3" (only near an address word).
HOUSE_NUMBER_RE = re.compile(
    r"\b(?:no|nomor|nmr|nomer)\b\.?[ \t]*:?[ \t]*\d{1,5}(?:[A-Za-z](?![A-Za-z]))?"
    r"(?:[ \t]*[/\-][ \t]*\d{1,5}(?:[A-Za-z](?![A-Za-z]))?)?(?!\d)",
    re.IGNORECASE,
)
# Blocks and plots: "Blok C-7", "Blok C7", "blok 5", "Kav. 12".
BLOCK_RE = re.compile(
    r"\b(?:blok|kav|kavling|kapling)\b\.?[ \t]*"
    r"(?:[A-Za-z]{1,2}[ \t]*[-./]?[ \t]*\d{1,4}|\d{1,4})(?:[A-Za-z](?![A-Za-z]))?(?!\d)",
    re.IGNORECASE,
)
# A bare house number right after a street name: "Jl. Pramuka 12", "Jalan Gatot Subroto 5A".
STREET_NUMBER_RE = re.compile(
    r"\b(?P<kw>jl|jln|jalan|gg|gang|lorong|lrg)\b\.?[ \t]*"
    r"(?P<words>(?:[^\W\d_][\w'’.\-]*[ \t]+){1,4})"
    r"(?P<num>\d{1,4}(?:[A-Za-z](?![A-Za-z]))?)(?![\d.,/\-]?\d)",
    re.IGNORECASE,
)
_ADDRESS_CONTEXT_RE = re.compile(
    r"\b(?:(?P<addr>jl|jln|jalan|gg|gang|lorong|lrg|perum|perumahan|komplek|kompleks|komp"
    r"|cluster|blok|rumah|alamat|almt|beralamat|tinggal|kediaman|domisili|kos|kost"
    r"|kontrakan|ruko|asrama|griya|residence)"
    r"|(?P<other>uu|undang|perda|pergub|perwali|perbup|pp|permen|permendagri|sk|surat"
    r"|keputusan|peraturan|pasal|antrian|antrean|loket|register|registrasi|tiket|laporan"
    r"|pengaduan|bus|kamar|ruang|ruangan|kursi|gedung|lantai|nota|kuitansi|invoice|faktur"
    r"|pesanan|resi|sakit|rs|rsud|puskesmas|klinik|sekolah|sd|sdn|smp|smpn|sma|sman|smk"
    r"|smkn|tk|kelas|urut|urutan))\b",
    re.IGNORECASE,
)
_NOT_HOUSE_AFTER_RE = re.compile(
    r"[ \t]*(?:tahun|thn|th|km|m|meter|bulan|hari|minggu|jam|kali|titik|lubang|unit|orang"
    r"|jiwa|kk|ribu|juta|rb|jt|no|nomor|persen)\b|[ \t]*%",
    re.IGNORECASE,
)
_LAW_YEAR_RE = re.compile(r"/[ \t]*(?:19|20)\d{2}$")
_YEAR_AFTER_RE = re.compile(r"[ \t]*(?:tahun|thn|th)\b", re.IGNORECASE)
_STREET_WORD_STOP = _words("km no nomor rt rw blok gang gg sd sdn smp smpn sma sman smk smkn tk")

# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------

# What introduces a name, in three groups:
# "intro": phrases after which a name follows even in lower case ("nama saya
#   budi santoso", "atas nama", "a.n.");
# "honorific": honorifics; a lower-case name counts only after a lower-case
#   honorific ("pak budi"), since formal text capitalises names ("Bapak Budi");
# "cap": only a capitalised name counts ("Saya Budi Santoso", "anak saya Rina",
#   "Haji Ahmad").
_NAME_TRIGGERS_INTRO = (
    r"nama[ \t]+(?:lengkap[ \t]+)?(?:saya|sy|ku|pelapor|pengadu|pemohon)",
    r"nama[ \t]+lengkap",
    r"nm[ \t]+sy",
    r"namaku",
    r"nama(?=[ \t]*:)",
    r"pelapor(?=[ \t]*:)",
    r"(?:saya|sy|aku)[ \t]+bernama",
    r"bernama",
    r"atas[ \t]+nama",
    r"a\.[ \t]?n\.?",
    r"a/n",
    r"an\.",
    r"(?:fb|facebook)(?=[ \t]*:)",
)
_NAME_TRIGGERS_HONORIFIC = (
    r"kepada[ \t]+yth\.?",
    r"yth\.?",
    r"(?:bapak|bpk|pak)[ \t]*/[ \t]*(?:ibu|bu)",
    r"sdr[ \t]*/[ \t]*(?:i|sdri)",
    r"bapak",
    r"bpk\.?",
    r"pak",
    r"ibu",
    r"bu",
    r"sdri\.?",
    r"sdr\.?",
    r"saudari",
    r"saudara",
    r"tn\.?",
    r"ny\.?",
    r"nn\.?",
    r"mas",
    r"mbak",
    r"mba",
    r"kak",
    r"bang",
    r"om",
    r"tante",
    r"mr\.?",
    r"mrs\.?",
    r"hj\.?",
    r"dr\.",
    r"drg\.",
    r"ir\.",
    r"drs\.?",
    r"dra\.?",
    r"prof\.?",
    r"ttd\.?",
    r"tertanda",
    r"hormat[ \t]+(?:saya|kami)[ \t]*,?\s*",
)
_NAME_TRIGGERS_CAP = (
    r"(?:anak|istri|isteri|suami|ayah|bapak|ibu|adik|kakak|mertua|keponakan|cucu|tetangga"
    r"|teman|rekan|paman|bibi|nenek|kakek|ortu|orang[ \t]+tua)[ \t]+(?:saya|sy|kami|ku)"
    r"[ \t]*,?",
    r"saya",
    r"sy",
    r"aku",
    r"(?-i:Haji)",
    r"(?-i:H\.)",
)
NAME_TRIGGER_RE = re.compile(
    r"(?<![\w.\-])(?i:"
    + "|".join(
        f"(?P<{group}>{'|'.join(triggers)})"
        for group, triggers in (
            ("intro", _NAME_TRIGGERS_INTRO),
            ("honorific", _NAME_TRIGGERS_HONORIFIC),
            ("cap", _NAME_TRIGGERS_CAP),
        )
    )
    + r")(?:[ \t]*:[ \t]*|[ \t]+|(?<=[.,\s]))"
)
# One word of a name, after optional blanks: "Budi", "budi", "S." (an initial).
_NAME_WORD_RE = re.compile(rf"[ \t]{{0,3}}(?P<word>{_WORD})(?P<dot>\.)?")
# Academic titles after a name: ", S.Pd", " S.T., M.T.", ", A.Md.Kep", ", Ph.D".
_TITLE_UNIT = (
    r"(?!(?:Sdr|Sdri|Bpk|Tn|Ny|Nn|Hj|Dr|Ir|Drs|Dra|Yth|Jl|Jln|Gg|No|Rp|Kab|Kec|Kel)\.)"
    r"(?:[A-Z][a-z]{0,2}\.){1,3}(?:[A-Z][A-Za-z]{0,3}\.?)?"
)
_TITLES_RE = re.compile(rf"(?:[ \t]*,?[ \t]*{_TITLE_UNIT}(?![\w]))+")
MAX_NAME_WORDS = 4
#: Titles, honorifics and roles skipped between a trigger and a name, at most.
MAX_SKIPPED_WORDS = 4
# Verb morphology: "menunggu", "membentak", "disampaikan", "rumahnya".
_VERB_PREFIXES = ("mem", "men")
_VERB_SUFFIXES = ("nya", "kan")
_NAMES_LIKE_VERBS = _words("mentari")


def _is_non_name(word: str) -> bool:
    """True for words that cannot be part of a name (checked in lower case)."""
    low = word.lower()
    if low in STOPWORDS or low in ROLES or low in HONORIFICS:
        return True
    if len(low) >= 6 and low.endswith(_VERB_SUFFIXES):
        return True
    return len(low) >= 7 and low.startswith(_VERB_PREFIXES) and low not in _NAMES_LIKE_VERBS


# ---------------------------------------------------------------------------
# Detectors shared with the audit
# ---------------------------------------------------------------------------


def _email_matches(text: str) -> list[Match]:
    found = [Match(EMAIL, m.start(), m.end()) for m in EMAIL_RE.finditer(text)]
    if "@" in text or "at" in text.lower():
        found += [Match(EMAIL, m.start(), m.end()) for m in EMAIL_OBFUSCATED_RE.finditer(text)]
    return _non_overlapping(found)


def _keyword_kind(text: str, start: int) -> str | None:
    """The kind announced by the nearest keyword before ``start``, if close enough."""
    last = _last_match(NUMBER_KEYWORD_RE, text, max(0, start - 48), start)
    if last is None or not _KEYWORD_FILLER_RE.fullmatch(text, last.end(), start):
        return None
    return _KEYWORD_KINDS[last.lastgroup or ""]


def _classify_token(
    token: str, *, keyword: str | None, money: bool, unit: bool, strict: bool
) -> str | None:
    """The kind of personal data one number token is, or ``None`` to keep it."""
    digits = digits_of(token)
    if money or unit or _DECIMAL_RE.match(token) or len(digits) < MIN_KEYWORD_DIGITS:
        return None
    if (
        _DATE_TOKEN_RE.fullmatch(token)
        or _TIME_TOKEN_RE.fullmatch(token)
        or _MONEY_TOKEN_RE.fullmatch(token)
    ):
        return None
    if keyword:
        return keyword
    if _MOBILE_RE.fullmatch(digits) or (token.startswith(("+", "(+")) and len(digits) >= 9):
        return PHONE
    if _LANDLINE_RE.fullmatch(digits) and not digits.startswith("00"):
        return PHONE
    if len(digits) == 16:
        return NIK
    if _NPWP_RE.fullmatch(token):
        return ID_NUMBER
    if strict or len(digits) < MIN_BARE_DIGITS:
        return None
    return ID_NUMBER


def _number_matches(text: str, *, strict: bool = False) -> list[Match]:
    """Personal numbers in ``text``; ``strict`` keeps only high-confidence ones."""
    found: list[Match] = []
    for run in NUMBER_RUN_RE.finditer(text):
        if run.end() - run.start() < MIN_KEYWORD_DIGITS:
            continue
        found.extend(_classify_run(text, run, strict=strict))
    return found


def _glued_to_word(text: str, start: int, end: int) -> bool:
    """True when a number run is part of a longer token ("a1b2c3", "v=1712345678901")."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if after.isalpha() or after == "_":
        return True
    if before.isalpha() or before == "_":
        word = re.search(r"[A-Za-z]+$", text[max(0, start - 12) : start])
        return not (word and NUMBER_KEYWORD_RE.fullmatch(word.group()))
    return False


def _classify_run(text: str, run: re.Match[str], *, strict: bool) -> list[Match]:
    start, end = run.span()
    value = run.group()
    if len(digits_of(value)) < MIN_KEYWORD_DIGITS:
        return []
    if strict and _glued_to_word(text, start, end):
        return []
    keyword = _keyword_kind(text, start)
    money = bool(_MONEY_BEFORE_RE.search(text, max(0, start - 5), start))
    unit = bool(_UNIT_AFTER_RE.match(text, end))
    tokens = [(start + t.start(), start + t.end(), t.group()) for t in re.finditer(r"\S+", value)]

    def single(kind: str | None) -> list[Match]:
        return [Match(kind, start, end)] if kind else []

    if len(tokens) == 1:
        kind = _classify_token(value, keyword=keyword, money=money, unit=unit, strict=strict)
        return single(kind)

    def per_token() -> list[Match]:
        found = []
        for i, (t_start, t_end, token) in enumerate(tokens):
            kind = _classify_token(
                token,
                keyword=keyword if i == 0 else None,
                money=money and i == 0,
                unit=unit and i == len(tokens) - 1,
                strict=strict,
            )
            if kind:
                found.append(Match(kind, t_start, t_end))
        return found

    texts = [t for _, _, t in tokens]
    # Dates, times and money amounts next to each other are separate numbers.
    if money or any(_DATE_TOKEN_RE.fullmatch(t) or _TIME_TOKEN_RE.fullmatch(t) for t in texts):
        return per_token()
    digits = digits_of(value)
    if keyword:
        return single(keyword)
    if _MOBILE_RE.fullmatch(digits) or (value.startswith(("+", "(+")) and 9 <= len(digits) <= 15):
        return single(PHONE)
    alone = [
        _classify_token(t, keyword=None, money=False, unit=False, strict=strict) for t in texts
    ]
    if any(alone) or any(_MONEY_TOKEN_RE.fullmatch(t) for t in texts):
        return per_token()
    if unit or all(_YEAR_TOKEN_RE.fullmatch(t) for t in texts if t != "-"):
        return []
    kind = _classify_token("".join(texts), keyword=None, money=False, unit=False, strict=strict)
    return single(kind)


def find_structured(text: str, *, strict: bool = False) -> list[Match]:
    """E-mail addresses and personal numbers in already :func:`normalize`-d ``text``.

    With ``strict`` only high-confidence findings are returned (NIK/KK,
    telephone, e-mail, and identity or bank numbers announced by a keyword),
    and numbers glued into longer tokens are ignored: this is what the leak
    audit scans published files for. Matches are sorted and do not overlap.
    """
    matches = _email_matches(text)
    taken = _Spans(matches)
    for match in _number_matches(text, strict=strict):
        if taken.free(match):
            matches.append(match)
    return sorted(matches, key=lambda m: m.start)


# ---------------------------------------------------------------------------
# Span bookkeeping
# ---------------------------------------------------------------------------


def _last_match(pattern: re.Pattern[str], text: str, start: int, end: int) -> re.Match | None:
    """The last match of ``pattern`` in ``text[start:end]``."""
    last = None
    for last in pattern.finditer(text, start, end):  # noqa: B007
        pass
    return last


def _non_overlapping(matches: Iterable[Match]) -> list[Match]:
    """Keep the earliest (then longest) of overlapping matches."""
    kept: list[Match] = []
    for match in sorted(matches, key=lambda m: (m.start, -m.end)):
        if not kept or match.start >= kept[-1].end:
            kept.append(match)
    return kept


class _Spans:
    """Spans already claimed by another detector in the same text."""

    def __init__(self, matches: Iterable[Match]) -> None:
        self._spans = [(m.start, m.end) for m in matches]

    def free(self, match: Match) -> bool:
        return all(match.end <= s or match.start >= e for s, e in self._spans)


def _replace(text: str, matches: Iterable[Match], counts: collections.Counter[str]) -> str:
    """Replace each match by its kind's placeholder and count it."""
    parts: list[str] = []
    position = 0
    for match in _non_overlapping(matches):
        parts.append(text[position : match.start])
        parts.append(PLACEHOLDERS[match.kind])
        counts[match.kind] += 1
        position = match.end
    parts.append(text[position:])
    return "".join(parts)


# ---------------------------------------------------------------------------
# Protected phrases
# ---------------------------------------------------------------------------

# Protected phrases are swapped for private-use sentinels while the patterns
# run, so no pattern can touch them. normalize() removes private-use
# characters from the input, so sentinels cannot be forged.
_SENTINEL_RE = re.compile(_SENTINEL)


def _sentinel(index: int) -> str:
    return chr(0xF0000 + index // 0x10000) + chr(0x100000 + index % 0x10000)


def _sentinel_index(sentinel: str) -> int:
    return (ord(sentinel[0]) - 0xF0000) * 0x10000 + ord(sentinel[1]) - 0x100000


def _protected_phrases(protected: Iterable[str]) -> set[str]:
    """Each protected phrase, its part before a comma, and its name without a generic head."""
    phrases: set[str] = set()
    for raw in (*BUILTIN_PROTECTED, *protected):
        phrase = " ".join(normalize(raw).split())
        candidates = [phrase, phrase.split(",")[0]]
        words = candidates[1].split()
        if len(words) > 1 and words[0].lower().rstrip(".") in _GENERIC_HEADS:
            candidates.append(" ".join(words[1:]))
        phrases.update(c.strip() for c in candidates if len(c.strip()) >= 3)
    return phrases


def _trie_regex(phrases: Iterable[str]) -> str:
    """A regex alternation of ``phrases`` shaped as a trie (fast with many phrases)."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for char in phrase.lower():
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = []
        for char, child in sorted(node.items()):
            if char == "":
                continue
            atom = r"\s+" if char == " " else re.escape(char)
            branches.append(atom + emit(child))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


# ---------------------------------------------------------------------------
# The redactor
# ---------------------------------------------------------------------------


class Redactor:
    """Replace personal data in free text with readable placeholders.

    ``protected`` lists words and phrases that must never be treated as
    personal data (place, region and agency names from the configuration,
    the office e-mail address...). They are matched case-insensitively as
    whole words.
    """

    def __init__(self, protected: Iterable[str] = ()) -> None:
        phrases = _protected_phrases(protected)
        self._protected_words = {p.lower() for p in phrases if " " not in p}
        self._protected_words |= {w.lstrip("@") for w in self._protected_words}
        # Never inside an e-mail address, handle or domain name.
        self._protected_re = re.compile(
            rf"(?<![\w@.+%\-])(?:{_trie_regex(phrases)})(?![\w\-@]|\.\w)", re.IGNORECASE
        )

    def redact(self, text: str, names: Sequence[str] = ()) -> Redaction:
        """Redact ``text``; ``names`` are the record's own reporter name(s).

        The returned text is :func:`normalize`-d. Redacting it again changes
        nothing.
        """
        counts: collections.Counter[str] = collections.Counter()
        text, originals = self._mask(normalize(text))
        steps: list[Callable[[str], list[Match]]] = [
            _email_matches,
            self._social_matches,
            _birth_date_matches,
            _number_matches,
            _address_matches,
            _plate_matches,
            self._own_name_finder(names),
            _triggered_name_matches,
        ]
        for step in steps:
            text = _replace(text, step(text), counts)
        return Redaction(self._unmask(text, originals), counts)

    # -- protected phrases -------------------------------------------------

    def _mask(self, text: str) -> tuple[str, list[str]]:
        originals: list[str] = []

        def swap(match: re.Match[str]) -> str:
            if len(originals) >= 0xFFFE * 0x10000:
                return match.group()
            originals.append(match.group())
            return _sentinel(len(originals) - 1)

        return self._protected_re.sub(swap, text), originals

    @staticmethod
    def _unmask(text: str, originals: list[str]) -> str:
        if not originals:
            return text
        return _SENTINEL_RE.sub(lambda m: originals[_sentinel_index(m.group())], text)

    # -- social media ------------------------------------------------------

    def _social_matches(self, text: str) -> list[Match]:
        found = [Match(SOCIAL_MEDIA, m.start(), m.end()) for m in SOCIAL_URL_RE.finditer(text)]
        if "@" in text:
            found += [
                Match(SOCIAL_MEDIA, m.start(), m.end())
                for m in HANDLE_RE.finditer(text)
                if m.group()[1:].lower() not in self._protected_words
            ]
        found += [
            Match(SOCIAL_MEDIA, m.start("handle"), m.end("handle"))
            for m in HANDLE_KEYWORD_RE.finditer(text)
            if m.group("handle").lower() not in self._protected_words
            and not _is_non_name(m.group("handle"))
        ]
        return _non_overlapping(found)

    # -- the reporter's own name -------------------------------------------

    def _own_name_finder(self, names: Sequence[str]) -> Callable[[str], list[Match]]:
        parts: set[str] = set()
        for name in names:
            for word in re.findall(_WORD, normalize(name)):
                low = word.lower()
                if (
                    len(word) >= 3
                    and low not in self._protected_words
                    and low not in NAME_CONNECTORS
                    and low not in PRE_TITLES
                ):
                    parts.add(low)
        if not parts:
            return lambda text: []
        part = "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True))
        # Consecutive parts ("Budi Santoso", "santoso budi") become one placeholder.
        pattern = re.compile(
            rf"(?<![\w@])(?:{part})(?:[ \t]{{1,3}}(?:{part}))*(?![\w@])", re.IGNORECASE
        )

        def find(text: str) -> list[Match]:
            return [Match(NAME, m.start(), m.end()) for m in pattern.finditer(text)]

        return find


# ---------------------------------------------------------------------------
# Step functions
# ---------------------------------------------------------------------------


def _birth_date_matches(text: str) -> list[Match]:
    return [Match(BIRTH_DATE, m.start("date"), m.end("date")) for m in BIRTH_DATE_RE.finditer(text)]


def _plate_matches(text: str) -> list[Match]:
    found = [Match(VEHICLE_PLATE, m.start(), m.end()) for m in PLATE_RE.finditer(text)]
    found += [
        Match(VEHICLE_PLATE, m.start("plate"), m.end("plate"))
        for m in PLATE_CONTEXT_RE.finditer(text)
    ]
    return _non_overlapping(found)


def _address_context(text: str, start: int) -> bool:
    """True when the nearest telling word before ``start`` is about a dwelling."""
    line_start = text.rfind("\n", 0, start) + 1
    last = _last_match(_ADDRESS_CONTEXT_RE, text, max(line_start, start - 60), start)
    return last is not None and last.lastgroup == "addr"


def _is_law_number(text: str, match: re.Match[str]) -> bool:
    """ "No. 27 Tahun 2022", "No. 5/2020": numbers of regulations, not houses."""
    return bool(_LAW_YEAR_RE.search(match.group()) or _YEAR_AFTER_RE.match(text, match.end()))


def _street_number_matches(text: str) -> Iterator[Match]:
    for m in STREET_NUMBER_RE.finditer(text):
        words = m.group("words").split()
        full_word = m.group("kw").lower() in ("jalan", "gang", "lorong")
        if full_word and not words[0][:1].isupper():
            continue
        if any(w.lower().rstrip(".") in _STREET_WORD_STOP for w in words):
            continue
        if not full_word and any(_is_non_name(w.rstrip(".")) for w in words if w.islower()):
            continue
        number = m.group("num")
        if _YEAR_TOKEN_RE.fullmatch(number) or _NOT_HOUSE_AFTER_RE.match(text, m.end()):
            continue
        yield Match(ADDRESS, m.start("num"), m.end("num"))


def _address_matches(text: str) -> list[Match]:
    found = [Match(ADDRESS, m.start(), m.end()) for m in RT_RW_RE.finditer(text)]
    found += [Match(ADDRESS, m.start(), m.end()) for m in BLOCK_RE.finditer(text)]
    found += [
        Match(ADDRESS, m.start(), m.end())
        for m in HOUSE_NUMBER_RE.finditer(text)
        if _address_context(text, m.start()) and not _is_law_number(text, m)
    ]
    found += _street_number_matches(text)
    return _non_overlapping(found)


def _scan_name(text: str, position: int, *, lower_ok: bool) -> tuple[int, int] | None:
    """The span of the name that starts at ``position`` (after a trigger), if any.

    Titles, honorifics and roles before the name are kept ("Bapak Ir. Budi",
    "Pak Lurah Budi"). The name is 1–4 words that are not stop-words; once a
    capitalised word was taken, a lower-case word ends the name.
    """
    start = end = None
    count = skipped = 0
    while count < MAX_NAME_WORDS:
        m = _NAME_WORD_RE.match(text, position)
        if not m:
            break
        word, low = m.group("word"), m.group("word").lower()
        if start is None and (low in PRE_TITLES or low in ROLES or low in HONORIFICS):
            skipped += 1
            if skipped > MAX_SKIPPED_WORDS:
                break
            position = m.end()
            continue
        initial = m.group("dot") and (len(word) == 1 or low in NAME_ABBREVIATIONS)
        if not initial and _is_non_name(word):
            break
        if word[0].islower() and not lower_ok:
            break
        if start is None:
            start = m.start("word")
            lower_ok = lower_ok and word[0].islower()
        count += 1
        end = position = m.end() if initial else m.end("word")
        if m.group("dot") and not initial:
            break  # the full stop ends the sentence
    if start is None or end is None:
        return None
    titles = _TITLES_RE.match(text, end)
    if titles:
        end = titles.end()
    return start, end


def _triggered_name_matches(text: str) -> list[Match]:
    found = []
    for trigger in NAME_TRIGGER_RE.finditer(text):
        if trigger.group("intro"):
            lower_ok = True
        elif trigger.group("honorific"):
            lower_ok = trigger.group().islower()
        else:
            lower_ok = False
        span = _scan_name(text, trigger.end(), lower_ok=lower_ok)
        if span:
            found.append(Match(NAME, *span))
    return _merge(found)


def _merge(matches: list[Match]) -> list[Match]:
    """Merge overlapping matches of the same kind into one."""
    merged: list[Match] = []
    for match in sorted(matches, key=lambda m: m.start):
        if merged and match.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Match(last.kind, last.start, max(last.end, match.end))
        else:
            merged.append(match)
    return merged
