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
import (or once per :class:`Redactor`), every repetition is bounded or cannot
backtrack, and each pattern can only start at a word or number boundary, so a
1 MB text is processed in linear time. Most patterns are written in lower case
and matched against a lower-cased copy of the text of the same length
(:func:`fold`): Python's ``re`` is several times faster on literal
alternations without ``re.IGNORECASE``.
"""

from __future__ import annotations

import collections
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from lapor_site.gazetteer import fold_name, is_strong_name, is_word, name_rank
from lapor_site.skeleton import Skeleton, skeleton

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
# control characters other than tab and newline, and combining marks left
# over after NFKC composition (Mn: "0857\u0300011", "Kri\u0327stoforus").
# They can hide a number or a name from a pattern; Indonesian text written in
# Latin script does not need them once composed.
_DROPPED_CATEGORIES = frozenset(("Cf", "Co", "Cs", "Cn", "Mn"))
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
    become plain spaces, line separators become "\\n". :meth:`Redactor.redact`
    returns normalized text, and :mod:`lapor_site.audit` normalizes before
    matching.
    """
    text = unicodedata.normalize("NFKC", text.replace("\r\n", "\n"))
    table = _translation(ch for ch in set(text) if not ("\x20" <= ch <= "\x7e"))
    if not table:
        return text
    # Only the few characters to change are visited (str.translate visits all),
    # one pass per replacement ("", "\n" or a digit), none of which is changed.
    by_replacement: dict[str, list[str]] = collections.defaultdict(list)
    for code, replacement in table.items():
        by_replacement[replacement or ""].append(re.escape(chr(code)))
    for replacement, chars in by_replacement.items():
        text = re.sub("[" + "".join(chars) + "]", replacement, text)
    return text


def fold(text: str) -> str:
    """``text`` in lower case, character for character (offsets stay valid)."""
    low = text.lower()
    if len(low) == len(text):  # lower() never removes a character
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_NON_DIGIT_RE = re.compile(r"[^0-9]+")


def digits_of(text: str) -> str:
    """Only the ASCII digits of ``text``."""
    return _NON_DIGIT_RE.sub("", text)


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
    " mewakili merasa merasakan melakukan melaksanakan melanggar melewati melalui meliputi"
    " meyakini berdomisili berusia beserta kira rasa harap dengar kawin ogah tani kos kost"
    # occupations and states people introduce themselves with, time adverbs
    " pensiunan pensiun wiraswasta pengusaha swasta mahasiswi janda duda lajang perantau"
    " pendatang penyewa pengontrak penghuni dulu dahulu kini sementara sekeluarga terakhir"
    " pertama awalnya biasanya akhirnya sempat ngga engga ndak nda gk udh blm"
    # form labels ("Nama: ... Umur: ...") and what follows a profession ("Dokter Gigi")
    " umur usia alamat pekerjaan agama jenis kelamin status kewarganegaraan kode pos email"
    " hp wa telp gigi spesialis jaga kandungan hewan praktek praktik angkot truk bus paket"
    " online ojek pribadi keliling"
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
    " fasilitator penyuluh kader anggota dewan jaksa polisi tentara haji hajjah presiden"
    " wapres menteri wamen"
    " sekolah seksi bidang bagian puskesmas rt rw"
)

#: Titles written before a name ("Bapak Ir. H. Budi"): kept, and scanning goes on.
PRE_TITLES: frozenset[str] = _words(
    "ir dr drg drs dra prof h hj kh tgk ns almarhum almarhumah alm almh mendiang"
)

#: Honorifics met again after a trigger ("oleh Pak Joko", "saya Bapak Slamet"):
#: kept, and scanning goes on.
HONORIFICS: frozenset[str] = _words(
    "bapak pak bpk ibu bu sdr sdri saudara saudari tn ny nn mas mbak mba kak bang om tante"
    " mr mrs yth"
)

#: First words of place names: a capitalised phrase starting so is not a name.
PLACE_HEADS: frozenset[str] = _words(
    "sungai gunung bukit teluk muara loa taman pantai pulau danau simpang bandara pelabuhan"
    " terminal stadion lapangan tanah air batu karang lok long tanjung kampung"
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
# A calendar date or a year, in folded text.
_DATE = (
    r"(?:\d{1,2}[ \t]*+[-/.][ \t]*+\d{1,2}[ \t]*+[-/.][ \t]*+(?:\d{4}|\d{2})"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    rf"|\d{{1,2}}[ \t]*+(?:-[ \t]*+)?{_MONTHS}\.?[ \t]*+(?:-[ \t]*+)?\d{{4}}"
    r"|(?:19|20)\d{2})(?!\d)"
)

# All patterns below are matched against folded (lower-case) text unless
# their comment says otherwise.

# ---------------------------------------------------------------------------
# E-mail addresses
# ---------------------------------------------------------------------------

# Standard addresses. The local part may only start where no local-part
# character precedes and cannot backtrack, which keeps the search linear on
# long words. File names like "logo@2x.png" are not addresses.
EMAIL_RE = re.compile(
    r"(?<![\w.%+\-])[\w.%+\-]{1,64}+[ \t]?@[ \t]?"
    r"[a-z0-9\-]{1,63}(?:\.[a-z0-9\-]{1,63}){0,8}"
    r"\.(?!(?:png|jpe?g|gif|svg|webp|avif|ico|css|js|mjs|map|json|xml|html?|pdf|woff2?|ttf)\b)"
    r"[a-z]{2,24}(?![\w\-])"
)
# The local part of an address that ends right before its "@" (see find_emails).
_EMAIL_LOCAL_END_RE = re.compile(r"[\w.%+\-]{1,65}\Z")
_EMAIL_LOCAL_CHAR_RE = re.compile(r"[\w.%+\-]")


def find_emails(low: str) -> Iterator[re.Match[str]]:
    """``EMAIL_RE.finditer(low)``, the same matches, looked for only at each "@".

    A match's local part is the whole run of local-part characters ending at
    its "@" (or one space or tab before it), at most 64 long, so each "@" has
    at most one place where a match can start: matching there is linear in
    the number of "@", where ``finditer`` tries every offset of the text.
    """
    position = 0
    while (at := low.find("@", position)) >= 0:
        end = at - 1 if at and low[at - 1] in " \t" else at
        local = None
        if end and _EMAIL_LOCAL_CHAR_RE.match(low, end - 1):
            local = _EMAIL_LOCAL_END_RE.search(low, max(0, end - 65), end)
        match = None
        if local is not None and len(local.group()) <= 64 and local.start() >= position:
            match = EMAIL_RE.match(low, local.start())
        if match is None:
            position = at + 1
        else:
            yield match
            position = match.end()


# Obfuscated or incomplete addresses at common providers:
# "budi [at] gmail [dot] com", "budi(at)yahoo.co.id", "budi @ gmail".
EMAIL_OBFUSCATED_RE = re.compile(
    r"(?<![\w.%+\-])[\w.%+\-]{1,64}+[ \t]*+(?:@|\(at\)|\[at\]|\{at\}|\bat\b)[ \t]*+"
    r"(?:gmail|googlemail|yahoo|ymail|rocketmail|hotmail|outlook|live|icloud|protonmail"
    r"|proton|yandex)\b"
    r"(?:[ \t]*+(?:\.|\(dot\)|\[dot\]|\{dot\}|\bdot\b|\btitik\b)[ \t]*+(?:com|co|id|net|org|me)\b)*"
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
    r"/[^\s<>\"'()\[\]]{1,300}(?<![.,;:!?])"
)
# @handles with at least one letter ("@2 buah" is a quantity).
HANDLE_RE = re.compile(
    r"(?<![\w@.\-/])@+(?=[\w.]{0,39}[a-z_])[a-z0-9_](?:[a-z0-9_.]{0,38}[a-z0-9_])?(?![\w@])"
)
# Handles introduced by the network's name: "IG: budi.santoso", "tiktok = budi_77".
HANDLE_KEYWORD_RE = re.compile(
    r"\b(?:ig|instagram|insta|tiktok|twitter|twiter|threads|telegram)\b"
    r"(?:[ \t]++(?:saya|sy|ku|kami))?[ \t]*+[:=][ \t]*+@?(?P<handle>[a-z0-9_.]{2,40})\b"
)

# ---------------------------------------------------------------------------
# Dates of birth
# ---------------------------------------------------------------------------

# "lahir 12-03-1985", "tgl lahir: 12/03/1985", "TTL Samarinda, 12 Maret 1985",
# "kelahiran tahun 1985". Only the date is replaced (the place of birth is
# not identifying); "akta kelahiran" is a document, not a birth date.
BIRTH_DATE_RE = re.compile(
    r"(?<!akta )(?<!akte )\b(?:lahir|lhr|kelahiran|ttl|dob)\b[ \t]*+(?:[:/,][ \t]*+)?"
    # Possessive, and each word whole: "lahir" + "di" x 50,000 cannot backtrack.
    r"(?:(?:(?:pada|tanggal|tgl|tahun|thn|di)\b\.?|th\.)[ \t]*+)*+"
    rf"(?:(?:(?>{_WORD})|{_SENTINEL})(?:[ \t]*+[,/][ \t]*+|[ \t]++)){{0,3}}"
    rf"(?P<date>{_DATE})"
)

# ---------------------------------------------------------------------------
# Numbers: NIK/KK, identity numbers, bank accounts, telephone numbers
# ---------------------------------------------------------------------------

# A run of digits joined by single separators: "0812-3456-7890",
# "0812 3456 7890", "812.3456.7890", "0812:3456:7890", "0541) 741234",
# "64.72.01.010190.0001" (other dashes are "-" in the skeleton)
# (a leading "+", "(" or "(+" is added by _run_start). Every separator is a
# non-digit, so the run cannot backtrack. Matched against raw or folded text.
NUMBER_RUN_RE = re.compile(r"\d+(?:(?:\)[ \t]?|[.:\-]|[ \t]-[ \t]|[ \t])\d+)*")
# Words that say what the next number is ("no. HP", "NIK", "no. rek BRI").
NUMBER_KEYWORD_RE = re.compile(
    r"\b(?:(?P<phone>hp|handphone|ponsel|telp|telpon|telepon|telfon|tlp|tel|wa|whatsapp"
    r"|watsap|whatsap|kontak|contact|hub|hubungi|cp|sms|seluler|phone)"
    r"|(?P<nik>nik|ktp|e-ktp|ektp|kk|keluarga|kependudukan)"
    r"|(?P<id>npwp|bpjs|jkn|kis|nisn|nis|nip|nim|nrp|nrk|nuptk|kks|kip|pkh|sim|paspor"
    r"|passport|peserta|kartu|pelanggan|idpel|meter|registrasi|noreg|imei|polis|sertifikat"
    r"|shm|akta|akte)"
    r"|(?P<bank>rek|rekening|norek|a/c|va|virtual))\b"
)
_KEYWORD_KINDS = {"phone": PHONE, "nik": NIK, "id": ID_NUMBER, "bank": BANK_ACCOUNT}
#: How far before a number its keyword may stand.
_KEYWORD_WINDOW = 48
# What may stand between such a keyword and its number: no digit, no bracket
# (so a placeholder ends the context), no markup, no line break, at most 30
# characters.
_KEYWORD_FILLER_RE = re.compile(r"[^\d\[\]<>{}\n]{0,30}")
_MONEY_BEFORE_RE = re.compile(r"(?:\brp|\bidr|\busd|\$)\.?[ \t]?$")
_UNIT_AFTER_RE = re.compile(
    r"[ \t]?(?:%|,-|persen\b|rupiah\b|juta\b|jt\b|ribu\b|rb\b|miliar\b|milyar\b|triliun\b"
    r"|kg\b|km\b|ton\b|liter\b|meter\b|m2\b|m3\b)"
)
# Single number tokens that are never personal data.
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_DATE_TOKEN_RE = re.compile(
    rf"\(?(?:{_DAY}[-./]{_MONTH}[-./](?:\d{{4}}|\d{{2}})|\d{{4}}[-./]{_MONTH}[-./]{_DAY})\)?"
)
_TIME_TOKEN_RE = re.compile(r"(?:[01]?\d|2[0-4])[.:][0-5]\d(?:[.:][0-5]\d)?")
_MONEY_TOKEN_RE = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
_FULL_DATE_TOKEN_RE = re.compile(
    r"\(?\d{1,2}[-./:]\d{1,2}[-./:](?:19|20)\d{2}\)?|\d{4}[-./]\d{1,2}[-./]\d{1,2}"
)
# A NIK: province 11-94, regency and district, birth day (41-71 for women),
# month, year, serial number.
_NIK_SHAPE_RE = re.compile(r"(?:1[1-9]|[2-8]\d|9[0-4])\d{4}[0-7]\d(?:0[1-9]|1[0-2])\d{6}")
_YEAR_TOKEN_RE = re.compile(r"(?:19|20)\d{2}")
# Decimal fractions ("0.5021") and coordinates or measurements ("117.153709").
_FRACTION_RE = re.compile(r"\(?0[.,]\d")
_DECIMAL_RE = re.compile(r"\d{1,3}[.,]\d{4,}")
# Shapes of personal numbers (on the digits only, except NPWP).
_NPWP_RE = re.compile(r"\d{2}\.\d{3}\.\d{3}\.\d[-.]\d{3}\.\d{3}")
_MOBILE_RE = re.compile(r"(?:62|0)8\d{7,11}")
_LANDLINE_RE = re.compile(r"0[1-79]\d{7,10}|62[1-79]\d{6,10}")
#: A number with fewer digits is never personal data; without a keyword it
#: needs MIN_BARE_DIGITS (shorter ones are amounts, counts, codes).
MIN_KEYWORD_DIGITS = 6
MIN_BARE_DIGITS = 9
#: In strict mode (the audit) a number announced by a keyword needs this many.
MIN_STRICT_KEYWORD_DIGITS = 8

# ---------------------------------------------------------------------------
# Vehicle plates
# ---------------------------------------------------------------------------

# Indonesian registration area codes (TNKB): 1–2 letters, 1–4 digits, 0–3 letters.
_PLATE_AREAS = (
    "A|AA|AB|AD|AE|AG|B|BA|BB|BD|BE|BG|BH|BK|BL|BM|BN|BP|D|DA|DB|DC|DD|DE|DG|DH|DK|DL|DM"
    "|DN|DP|DR|DS|DT|DW|E|EA|EB|ED|F|G|H|K|KB|KH|KT|KU|L|M|N|P|PA|PB|PG|R|S|T|W|Z"
)
# Upper-case plates with their letter suffix, matched against raw text:
# "KT 1234 AB", "KT1234AB", "B 1 XYZ". Acronyms that look like plates (P3K,
# K3, B3, G30S, the degrees S1–S3 and D1–D4) are not plates.
PLATE_RE = re.compile(
    r"(?<![\w\-/.])(?!(?:P3K|K3|B3|G30S|[SD][1-4][ \t]|[SD][1-4]\b))"
    rf"(?:{_PLATE_AREAS})[ \t\-]?[1-9]\d{{0,3}}[ \t\-]?[A-Z]{{1,3}}(?![\w\-])"
)
# Any case, suffix optional, after a word that announces a plate ("nopol kt 1234").
PLATE_CONTEXT_RE = re.compile(
    r"\b(?:plat|pelat|nopol|no\.?[ \t]*+pol|polisi|tnkb|kendaraan|mobil|motor|truk|truck"
    r"|angkot|pikap|pickup)\b[^\d\[\]\n]{0,25}?(?<![^\W\d_])"
    rf"(?P<plate>(?:{_PLATE_AREAS.lower()})[ \t\-]?[1-9]\d{{0,3}}(?:[ \t\-]?[a-z]{{1,3}})?)"
    r"(?![\w\-])"
)

# ---------------------------------------------------------------------------
# House-level address details
# ---------------------------------------------------------------------------

# RT/RW: "RT 05 RW 03", "RT.05/RW.03", "RT 005", "rt05", "RT/RW 05/03".
RT_RW_RE = re.compile(
    r"\b(?:rt[ \t]*+/[ \t]*+rw\.?[ \t]*+:?[ \t]*+\d{1,3}[ \t]*+/[ \t]*+\d{1,3}"
    r"|(?:rt|rw)\.?[ \t]*+:?[ \t]*+\d{1,3}"
    r"(?:[ \t]*+[/,.\-]?[ \t]*+(?:rt|rw)\.?[ \t]*+:?[ \t]*+\d{1,3})?)(?!\d)"
)
# House numbers: "No. 12", "nomor 12", "no 12A", "No. 12/3"; only near a word
# about a dwelling (see _address_context) and not "No. 5 Tahun 2020".
HOUSE_NUMBER_RE = re.compile(
    r"\b(?:no|nomor|nmr|nomer)\b\.?[ \t]*+:?[ \t]*+\d{1,5}(?:[a-z](?![a-z]))?"
    r"(?:[ \t]*+[/\-][ \t]*+\d{1,5}(?:[a-z](?![a-z]))?)?(?!\d)"
)
# Blocks and plots: "Blok C-7", "Blok C7", "blok 5", "Kav. 12".
BLOCK_RE = re.compile(
    r"\b(?:blok|kav|kavling|kapling)\b\.?[ \t]*+"
    r"(?:[a-z]{1,2}[ \t]*+[-./]?[ \t]*+\d{1,4}|\d{1,4})(?:[a-z](?![a-z]))?"
    r"(?:[ \t]*+[/\-][ \t]*+\d{1,4}(?:[a-z](?![a-z]))?)?(?!\d)"
)
# A bare house number right after a street name: "Jl. Pramuka 12",
# "Jalan Gatot Subroto 5A" (checked further in _street_number_matches).
STREET_NUMBER_RE = re.compile(
    r"\b(?P<kw>jl|jln|jalan|gg|gang|lorong|lrg)\b\.?[ \t]*+"
    r"(?P<words>(?:[^\W\d_][\w'’.\-]*[ \t]++){1,4})"
    r"(?P<num>\d{1,4}(?:[a-z](?![a-z]))?)(?![\d.,/\-]?\d)"
)
# The nearest of these words before "No. 12" decides whether it is a house.
_ADDRESS_CONTEXT_RE = re.compile(
    r"\b(?:(?P<addr>jl|jln|jalan|gg|gang|lorong|lrg|perum|perumahan|komplek|kompleks|komp"
    r"|cluster|blok|rumah|alamat|almt|beralamat|tinggal|kediaman|domisili|kos|kost"
    r"|kontrakan|ruko|asrama|griya|residence)"
    r"|(?P<other>uu|undang|perda|pergub|perwali|perbup|pp|permen|permendagri|sk|surat"
    r"|keputusan|peraturan|pasal|antrian|antrean|loket|register|registrasi|tiket|laporan"
    r"|pengaduan|bus|kamar|ruang|ruangan|kursi|gedung|lantai|nota|kuitansi|invoice|faktur"
    r"|pesanan|resi|sakit|rs|rsud|puskesmas|klinik|sekolah|sd|sdn|smp|smpn|sma|sman|smk"
    r"|smkn|tk|kelas|urut|urutan))\b"
)
_ADDRESS_WINDOW = 60
_NOT_HOUSE_AFTER_RE = re.compile(
    r"[ \t]*+(?:tahun|thn|th|km|m|meter|bulan|hari|minggu|jam|kali|titik|lubang|unit|orang"
    r"|jiwa|kk|ribu|juta|rb|jt|no|nomor|persen)\b|[ \t]*+%"
)
_LAW_YEAR_RE = re.compile(r"/[ \t]*+(?:19|20)\d{2}$")
_YEAR_AFTER_RE = re.compile(r"[ \t]*+(?:tahun|thn|th)\b")
_STREET_WORD_STOP = _words("km no nomor rt rw blok gang gg sd sdn smp smpn sma sman smk smkn tk")

# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------

# What introduces a name, by group:
# "intro": phrases after which a name follows even in lower case ("nama saya
#   budi santoso", "atas nama", "a.n.", "Terlapor:");
# "honorific": honorifics; a lower-case name counts only after a lower-case
#   honorific ("pak budi"), since formal text capitalises names ("Bapak Budi");
# "cap": relatives, only a capitalised name counts ("anak saya Rina");
# "self": "saya", "sy", "aku": a capitalised name ("Saya Budi Santoso"), or a
#   lower-case one followed by a word that usually follows one ("sy budi
#   santoso tinggal di", "saya rina, warga");
# "signoff", "role": sign-offs, nicknames and professions, capitalised names
#   only ("Salam, Dewi", "alias Acong", "Dokter Andi");
# "title": "Haji", "H." — only when written with a capital H.
_NAME_TRIGGERS = {
    "intro": (
        r"nama[ \t]+(?:lengkap[ \t]+)?(?:saya|sy|ku|pelapor|pengadu|pemohon|terlapor)",
        r"nama[ \t]+lengkap",
        r"nm[ \t]+sy",
        r"namaku",
        r"nama(?=[ \t]*:)",
        r"(?:pelapor|terlapor|pelaku|saksi|korban|penerima|pemohon|pengadu|narahubung|cp"
        r"|kontak(?:[ \t]+person)?|contact[ \t]+person)(?=[ \t]*:)",
        r"(?:saya|sy|aku)[ \t]+bernama",
        r"bernama",
        r"atas[ \t]+nama",
        r"a\.[ \t]?n\.?",
        r"a/n",
        r"an\.",
        r"(?:fb|facebook)(?=[ \t]*:)",
    ),
    "honorific": (
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
    ),
    "cap": (
        r"(?:anak|istri|isteri|suami|ayah|bapak|ibu|adik|kakak|mertua|keponakan|cucu|tetangga"
        r"|teman|rekan|paman|bibi|nenek|kakek|ortu|orang[ \t]+tua)[ \t]+(?:saya|sy|kami|ku)"
        r"[ \t]*,?",
    ),
    "self": (r"saya", r"sy", r"aku"),
    "signoff": (r"(?:wa)?salam(?:[ \t]+hormat)?[ \t]*,\s*", r"alias"),
    "role": (
        r"dokter",
        r"bidan",
        r"perawat",
        r"ustadz",
        r"ustad",
        r"ustaz",
        r"kyai",
        r"kiai",
        r"pendeta",
        r"pastor",
        r"guru",
        r"dosen",
        r"sopir",
        r"supir",
        r"satpam",
        r"mandor",
        r"kurir",
    ),
    "title": (r"haji", r"h\."),
    # "Dr Andi" (a capital D, no full stop: "dr" is also "dari")
    "doctor": (r"dr",),
    # Person contexts where one gazetteer name is enough: "Petugas kami, Joko",
    # "oleh Joko", "bin Abdulkadirsyah", "Kepala Desa Sutrisno".
    "person": (
        r"(?:petugas|staf|staff|pegawai|karyawan|operator|teknisi|perwakilan|admin)"
        r"(?:[ \t]+(?:kami|kita|loket|lapangan|kantor|jaga))?",
        r"oleh",
        r"bin",
        r"binti",
        r"kepala[ \t]+(?:desa|dusun|kampung|kelurahan|sekolah|puskesmas|dinas|bidang|seksi"
        r"|bagian|kantor|unit|upt|uptd|rt|rw)",
        r"ketua[ \t]+(?:rt|rw)",
        r"kades|kadus|lurah|camat|kapolsek|babinsa|bhabinkamtibmas",
    ),
}
NAME_TRIGGER_RE = re.compile(
    r"(?<![\w\-])(?:"
    + "|".join(f"(?P<{group}>{'|'.join(alts)})" for group, alts in _NAME_TRIGGERS.items())
    + r")(?:(?P<nl>[ \t]*\n[ \t]*)|[ \t]*[:,][ \t]*|[ \t]+|(?<=[.,\s]))"
)
# One word of a name, after optional blanks: "Budi", "budi", "S." (an initial).
# Matched against raw text, like the titles.
_NAME_WORD_RE = re.compile(rf"[ \t]{{0,3}}(?P<word>{_WORD})(?P<dot>\.)?")
# Academic titles after a name: ", S.Pd", " S.T., M.T.", ", A.Md.Kep", ", Ph.D".
_TITLE_UNIT = (
    r"(?!(?:Sdr|Sdri|Bpk|Tn|Ny|Nn|Hj|Dr|Ir|Drs|Dra|Yth|Jl|Jln|Gg|No|Rp|Kab|Kec|Kel|Ds|Dsn"
    r"|Kp|Prov|Perum|Komp)\.)"
    r"(?:[A-Z][a-z]{0,2}\.){1,3}(?:[A-Z][A-Za-z]{0,3}\.?)?"
)
_TITLES_RE = re.compile(rf"(?:[ \t]*+,?[ \t]*+{_TITLE_UNIT}(?!\w))+")
# What follows a lower-case name introduced by "saya": "sy budi tinggal di ...".
_AFTER_SELF_NAME_RE = re.compile(
    r"[ \t]*(?:[,(]|(?:tinggal|warga|dari|beralamat|alamat|asal|selaku|sebagai|domisili"
    r"|berdomisili|nik|ktp|umur|usia|hp|wa|no)\b)",
    re.IGNORECASE,
)
# A capitalised name before "alias": "Agus alias Acong" (raw text).
_BEFORE_ALIAS_RE = re.compile(
    r"(?<![\w\-])(?P<name>[A-Z][^\W\d_]+(?:[ \t][A-Z][^\W\d_]+){0,2}),?[ \t]+alias\b"
)
# A capitalised name before "bin"/"binti": "Ahmad Fauzi bin Abdulkadirsyah" (raw text).
_BEFORE_PATRONYMIC_RE = re.compile(
    r"(?<![\w\-])(?P<name>[A-Z][^\W\d_]+(?:[ \t][A-Z][^\W\d_]+){0,2})[ \t]+(?:bin|binti|Bin"
    r"|Binti)[ \t]+[A-Z]"
)
# A name at the very start of a text, before a dash or colon: "Budi Santoso - Jalan rusak".
_LEADING_NAME_RE = re.compile(
    r"\A[ \t]*(?P<name>[A-Z][^\W\d_]+(?:[ \t][A-Z][^\W\d_]+){1,2})[ \t]+[-–—:][ \t]"
)
#: Words of one name, at most (initials count).
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


#: Administrative units between a role and a name ("Kepala Desa Sutrisno").
_ROLE_UNITS: frozenset[str] = _words(
    "desa dusun kampung kelurahan kecamatan sekolah puskesmas dinas bidang seksi bagian kantor"
    " unit upt uptd"
)
#: Joins a name to the father's name ("Ahmad bin Abdulkadirsyah").
_PATRONYMICS: frozenset[str] = _words("bin binti bt bte")
#: Words before a capitalised phrase that make it a place, street, building or
#: organisation, not a person ("Jl. Sudirman", "RSUD Abdul Wahab Sjahranie",
#: "Bandara APT Pranoto", "Masjid Baitul Muttaqien"). Checked in lower case.
PLACE_CONTEXT: frozenset[str] = (
    PLACE_HEADS
    | _GENERIC_HEADS
    | _words(
        "jl jln jalan gg gang lorong lrg rsud rs rsu rsia rsj sakit puskesmas pustu klinik"
        " apotek masjid musala mushola mushala langgar surau gereja pura vihara klenteng"
        " bandara stadion gor gedung wisma hotel sekolah sd sdn smp smpn sma sman smk smkn mts"
        " man min universitas univ institut politeknik stikes akademi yayasan pt cv ud toko"
        " warung pasar perumahan perum komplek kompleks komp griya taman lapangan jembatan"
        " terminal pelabuhan dermaga desa kelurahan kel kecamatan kec dusun dsn kampung kp"
        " kabupaten kab kota provinsi ponpes pondok pesantren tpu makam kantor rumah"
        " kodim koramil polsek polres korem lanud yonif batalyon museum tugu monumen patung"
        " bank koperasi perusahaan dinas badan biro satuan divisi cabang unit"
        " sungai gunung bukit teluk muara loa pantai pulau danau simpang"
    )
)
#: Streets and buildings often named with an honorific or title ("Jl. Dr. Soetomo",
#: "Jalan Pak Kasim", "Rumah Sakit Haji Darjad", "Bandara Haji Asan").
NAMED_PLACE_HEADS: frozenset[str] = _words(
    "jl jln jalan gg gang lorong lrg rsud rsu rsia sakit bandara stadion masjid"
)
# A phrase of two or more capitalised words on one line (raw text): a name
# candidate that no cue introduces ("Petugas kami Joko Rahman telah ...").
_CAP = "A-ZÀ-ÖØ-Þ"
_CAP_WORD = rf"[{_CAP}][^\W\d_]*(?:['’\-][^\W\d_]+)*"
CAPITALISED_RUN_RE = re.compile(rf"(?<![\w'’\-]){_CAP_WORD}(?:[ \t]{{1,2}}{_CAP_WORD})+(?![\w'’])")
# Two to four capitalised words glued together ("JokoRahman").
GLUED_NAME_RE = re.compile(r"(?<![\w@./])[A-Z][a-z]{2,}(?:[A-Z][a-z]{2,}){1,3}(?![\w@])")
# Letters spaced out ("J o k o  R a h m a n"): at least four single letters.
SPACED_LETTERS_RE = re.compile(r"(?<![\w\-])[^\W\d_](?:[ \t]{1,2}[^\W\d_]){3,60}(?![\w\-])")
_PRECEDING_WORDS_RE = re.compile(r"[^\W\d_]+")
_CLAUSE_BREAK_RE = re.compile(r"[,;:!?()\[\]\n]")


def _name_like(word: str) -> bool:
    """A word that may be part of a name: a gazetteer name or no dictionary word."""
    if _is_non_name(word) or word.lower() in PLACE_CONTEXT:
        return False
    return name_rank(word) is not None or (len(word) >= 3 and not is_word(word))


def _is_gazetteer_name(word: str) -> bool:
    """A gazetteer name that is not a stop-word, role or honorific."""
    return not _is_non_name(word) and name_rank(word) is not None


def _split_names(letters: str, extra: frozenset[str] = frozenset()) -> bool:
    """Whether ``letters`` (folded) is 1–4 names glued together, at least one strong.

    A name here is a gazetteer name of 3+ letters or one of ``extra`` (the
    reporters' own name parts).
    """
    n = len(letters)
    # best[i]: (parts, has_strong) for letters[:i], fewest parts first.
    best: list[tuple[int, bool] | None] = [None] * (n + 1)
    best[0] = (0, False)
    for end in range(3, n + 1):
        for start in range(max(0, end - 20), end - 2):
            previous = best[start]
            if previous is None or previous[0] >= 4:
                continue
            part = letters[start:end]
            if part in extra:
                strong = True
            elif name_rank(part) is not None and part not in STOPWORDS:
                strong = is_strong_name(part)
            else:
                continue
            candidate = (previous[0] + 1, previous[1] or strong)
            current = best[end]
            if current is None or (candidate[1], -candidate[0]) > (current[1], -current[0]):
                best[end] = candidate
    return best[n] is not None and best[n][1]


# ---------------------------------------------------------------------------
# Span bookkeeping
# ---------------------------------------------------------------------------


def _spans(kind: str, matches: Iterable[re.Match[str]], group: int | str = 0) -> list[Match]:
    return [Match(kind, m.start(group), m.end(group)) for m in matches]


def _last_match(pattern: re.Pattern[str], text: str, start: int, end: int) -> re.Match | None:
    """The last match of ``pattern`` in ``text[start:end]``."""
    last = None
    for last in pattern.finditer(text, start, end):  # noqa: B007
        pass
    return last


def _union(matches: Iterable[Match]) -> list[Match]:
    """Sorted matches, overlapping ones joined into one (with the kind of the first).

    Joining rather than dropping means a partial overlap can never leave part
    of a value uncovered.
    """
    joined: list[Match] = []
    for match in sorted(matches, key=lambda m: (m.start, -m.end)):
        if joined and match.start < joined[-1].end:
            last = joined[-1]
            if match.end > last.end:
                joined[-1] = Match(last.kind, last.start, match.end)
        else:
            joined.append(match)
    return joined


def _replace(text: str, matches: Iterable[Match], counts: collections.Counter[str]) -> str:
    """Replace each match by its kind's placeholder and count it."""
    parts: list[str] = []
    position = 0
    for match in _union(matches):
        parts.append(text[position : match.start])
        parts.append(PLACEHOLDERS[match.kind])
        counts[match.kind] += 1
        position = match.end
    parts.append(text[position:])
    return "".join(parts)


# ---------------------------------------------------------------------------
# Detectors shared with the audit: e-mail addresses and numbers
# ---------------------------------------------------------------------------


_EMAIL_PROVIDERS = (
    "gmail", "googlemail", "yahoo", "ymail", "rocketmail", "hotmail", "outlook", "live",
    "icloud", "proton", "yandex",
)  # fmt: skip


def _email_matches(text: str, low: str) -> list[Match]:
    found = _spans(EMAIL, find_emails(low))
    if any(provider in low for provider in _EMAIL_PROVIDERS):
        found += _spans(EMAIL, EMAIL_OBFUSCATED_RE.finditer(low))
    return _union(found)


def _run_start(text: str, start: int, end: int) -> int:
    """Where a number run really starts: include a leading "+", "+ ", "(" or "(+"."""
    before = text[max(0, start - 3) : start]
    if before.endswith("+"):
        start -= 1
    elif before.endswith("+ "):
        start -= 2
    if start > 0 and text[start - 1] == "(" and ")" in text[start:end]:
        start -= 1
    return start


def _keyword_kind(low: str, start: int) -> str | None:
    """The kind announced by the nearest keyword before ``start``, if close enough."""
    last = _last_match(NUMBER_KEYWORD_RE, low, max(0, start - _KEYWORD_WINDOW), start)
    if last is None or not _KEYWORD_FILLER_RE.fullmatch(low, last.end(), start):
        return None
    return _KEYWORD_KINDS[last.lastgroup or ""]


def _glued_to_word(text: str, low: str, start: int, end: int) -> bool:
    """True when a number run is part of a longer token ("a1b2c3", "v=1712345678901").

    A keyword glued to the number ("NIK6472...") does not count.
    """
    after = text[end : end + 1]
    if after.isalpha() or after == "_":
        return True
    before = text[start - 1 : start] if start else ""
    if before.isalpha() or before == "_":
        word = re.search(r"[a-z]+$", low[max(0, start - 12) : start])
        return not (word and NUMBER_KEYWORD_RE.fullmatch(word.group()))
    return False


def _classify_token(
    token: str, *, keyword: str | None, money: bool, unit: bool, strict: bool
) -> str | None:
    """The kind of personal data one number token is, or ``None`` to keep it."""
    if len(token) < MIN_KEYWORD_DIGITS or money or unit:
        return None
    digits = digits_of(token)
    if len(digits) < MIN_KEYWORD_DIGITS:
        return None
    if _MONEY_TOKEN_RE.fullmatch(token) and _MOBILE_RE.fullmatch(digits):
        return PHONE  # "628.123.456.789": grouped like money, but no amount starts so
    if (
        _DATE_TOKEN_RE.fullmatch(token)
        or _TIME_TOKEN_RE.fullmatch(token)
        or _MONEY_TOKEN_RE.fullmatch(token)
    ):
        return None
    if keyword:
        return keyword if not strict or len(digits) >= MIN_STRICT_KEYWORD_DIGITS else None
    if _FRACTION_RE.match(token):
        return None
    if _MOBILE_RE.fullmatch(digits) or (token.startswith(("+", "(+")) and len(digits) >= 9):
        return PHONE
    if _DECIMAL_RE.fullmatch(token):
        return None
    if _LANDLINE_RE.fullmatch(digits) and not digits.startswith("00"):
        return PHONE
    if len(digits) == 16:
        return NIK
    if _NPWP_RE.fullmatch(token):
        return ID_NUMBER
    if strict or len(digits) < MIN_BARE_DIGITS:
        return None
    return ID_NUMBER


def _is_grouped_nik(tokens: Sequence[str], digits: str) -> bool:
    """Whether number tokens are a NIK grouped around its birth date: "647203 05.07.95 2421".

    16 digits whose province code, day (plus 40 for women) and month are
    valid; two calendar dates with four-digit years are not a NIK.
    """
    if len(digits) != 16 or not _NIK_SHAPE_RE.fullmatch(digits):
        return False
    return not any(_FULL_DATE_TOKEN_RE.fullmatch(t) for t in tokens)


def _classify_run(text: str, low: str, start: int, end: int, *, strict: bool) -> list[Match]:
    """Personal data in the number run ``text[start:end]``: all of it, some tokens, or none.

    A run may join several numbers ("12.03.2025 10.30", "Rp 500.000 0812...");
    dates, times and amounts in it are kept, and a token that is personal on
    its own is redacted on its own.
    """
    value = text[start:end]
    keyword = _keyword_kind(low, start)
    money = bool(_MONEY_BEFORE_RE.search(low, max(0, start - 5), start))
    unit = bool(_UNIT_AFTER_RE.match(low, end))
    if " " not in value and "\t" not in value:
        kind = _classify_token(value, keyword=keyword, money=money, unit=unit, strict=strict)
        return [Match(kind, start, end)] if kind else []
    tokens = [(start + t.start(), t.group()) for t in re.finditer(r"\S+", value)]
    texts = [token for _, token in tokens]

    def per_token() -> list[Match]:
        found = []
        for i, (t_start, token) in enumerate(tokens):
            kind = _classify_token(
                token,
                keyword=keyword if i == 0 else None,
                money=money and i == 0,
                unit=unit and i == len(tokens) - 1,
                strict=strict,
            )
            if kind:
                found.append(Match(kind, t_start, t_start + len(token)))
        return found

    digits = digits_of(value)
    if not money and _is_grouped_nik(texts, digits):
        return [Match(NIK, start, end)]
    if money or any(_DATE_TOKEN_RE.fullmatch(t) or _TIME_TOKEN_RE.fullmatch(t) for t in texts):
        return per_token()
    if keyword:
        enough = not strict or len(digits) >= MIN_STRICT_KEYWORD_DIGITS
        return [Match(keyword, start, end)] if enough else []
    if _MOBILE_RE.fullmatch(digits) or (value.startswith(("+", "(+")) and 9 <= len(digits) <= 15):
        return [Match(PHONE, start, end)]
    alone = per_token()
    if alone or any(_MONEY_TOKEN_RE.fullmatch(t) for t in texts):
        return alone
    if unit or all(_YEAR_TOKEN_RE.fullmatch(t) for t in texts if t != "-"):
        return []
    joined = "".join(texts)
    kind = _classify_token(joined, keyword=None, money=False, unit=False, strict=strict)
    return [Match(kind, start, end)] if kind else []


def _number_matches(text: str, low: str, *, strict: bool = False) -> list[Match]:
    """Personal numbers in ``text``; ``strict`` keeps only high-confidence ones."""
    found: list[Match] = []
    shortest = MIN_STRICT_KEYWORD_DIGITS if strict else MIN_KEYWORD_DIGITS
    for run in NUMBER_RUN_RE.finditer(low):
        start, end = run.span()
        if end - start < shortest:
            continue
        if strict and _glued_to_word(text, low, start, end):
            continue
        start = _run_start(text, start, end)
        found.extend(_classify_run(text, low, start, end, strict=strict))
    return found


def find_structured(text: str, *, strict: bool = False) -> list[Match]:
    """E-mail addresses and personal numbers in :func:`normalize`-d ``text``.

    The patterns run on the text's :func:`~lapor_site.skeleton.skeleton`
    (look-alike letters, spelled digits and disguised "@" folded), and the
    matches are spans of ``text`` itself.
    With ``strict`` only high-confidence findings are returned (NIK/KK,
    telephone, e-mail, and identity or bank numbers announced by a keyword),
    and numbers glued into longer tokens are ignored: this is what the leak
    audit scans published files for. Matches are sorted and do not overlap.
    """
    skel = skeleton(text)
    return _union(_to_original(skel, _structured(skel.text, fold(skel.text), strict=strict)))


def find_structured_in_skeleton(text: str, low: str, *, strict: bool = False) -> list[Match]:
    """:func:`find_structured` of a text that is already its own skeleton.

    ``text`` is the :attr:`~lapor_site.skeleton.Skeleton.text` of a skeleton
    that has its original's offsets (:attr:`~lapor_site.skeleton.Skeleton.identity`),
    ``low`` its :func:`fold`: the caller has made the skeleton already.
    """
    return _union(_structured(text, low, strict=strict))


def _structured(text: str, low: str, *, strict: bool) -> list[Match]:
    return _email_matches(text, low) + _number_matches(text, low, strict=strict)


def _to_original(skel: Skeleton, matches: Iterable[Match]) -> list[Match]:
    """``matches`` in ``skel.text``, as spans of the text the skeleton was made from."""
    if skel.identity:
        return list(matches)
    return [Match(m.kind, *skel.span(m.start, m.end)) for m in matches]


def _skeleton_step(step: Callable[[str, str], list[Match]], skel: Skeleton) -> list[Match]:
    """Run a detector on the skeleton of a text; its matches, in the text itself."""
    return _to_original(skel, step(skel.text, fold(skel.text)))


# ---------------------------------------------------------------------------
# Protected phrases
# ---------------------------------------------------------------------------

# While the patterns run, protected phrases are swapped for private-use
# sentinels so that no pattern can touch them. normalize() removes
# private-use characters from the input, so a sentinel cannot be forged.
_SENTINEL_RE = re.compile(_SENTINEL)


def _sentinel(index: int) -> str:
    return chr(0xF0000 + index // 0x10000) + chr(0x100000 + index % 0x10000)


def _sentinel_index(sentinel: str) -> int:
    return (ord(sentinel[0]) - 0xF0000) * 0x10000 + ord(sentinel[1]) - 0x100000


_MAX_SENTINELS = (0xFFFFD - 0xF0000) * 0x10000


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


def trie_regex(phrases: Iterable[str]) -> str:
    """A regex alternation of lower-cased ``phrases`` shaped as a trie (fast with many)."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for char in fold(phrase):
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [
            (r"\s+" if char == " " else re.escape(char)) + emit(child)
            for char, child in sorted(node.items())
            if char
        ]
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
    whole words; for "RSUD Abdul Wahab Sjahranie" or "Kota Samarinda" the
    name without its generic head is protected too.
    """

    def __init__(self, protected: Iterable[str] = (), known_names: Iterable[str] = ()) -> None:
        phrases = _protected_phrases(protected)
        self._protected_words = {fold(p) for p in phrases if " " not in p}
        self._protected_words |= {w.lstrip("@") for w in self._protected_words}
        # Never inside an e-mail address, a handle or a domain name.
        self._protected_re = re.compile(
            rf"(?<![\w@.+%\-])(?:{trie_regex(phrases)})(?![\w\-@]|\.\w)" if phrases else r"(?!)"
        )
        self._known_re = self._known_names_pattern(known_names)

    def redact(self, text: str, names: Sequence[str] = ()) -> Redaction:
        """Redact ``text``; ``names`` are the record's own reporter name(s).

        The returned text is :func:`normalize`-d. Redacting it again changes
        nothing.
        """
        counts: collections.Counter[str] = collections.Counter()
        text, originals = self._mask(normalize(text))
        # Structured data is found on the skeleton of the text (look-alike
        # letters, spelled digits, disguised "@" folded) and replaced in the
        # text itself, which keeps its own letters.
        structured_steps: list[Callable[[str, str], list[Match]]] = [
            _email_matches,
            self._social_matches,
            _birth_date_matches,
            _number_matches,
            _address_matches,
            _plate_matches,
        ]
        skel = skeleton(text)
        for step in structured_steps:
            replaced = _replace(text, _skeleton_step(step, skel), counts)
            if replaced != text:
                text, skel = replaced, skeleton(replaced)
        steps: list[Callable[[str, str], list[Match]]] = [
            _triggered_name_matches,
            self._own_name_finder(names),
            self._known_name_matches,
            _gazetteer_name_matches,
        ]
        for step in steps:
            text = _replace(text, step(text, fold(text)), counts)
        return Redaction(self._unmask(text, originals), counts)

    def mentions_name(self, text: str, names: Sequence[str]) -> bool:
        """Whether :meth:`redact` would find one of the record's own ``names`` in ``text``
        with nothing else redacted before it."""
        masked, _ = self._mask(normalize(text))
        return bool(self._own_name_finder(names)(masked, fold(masked)))

    # -- protected phrases -------------------------------------------------

    def _mask(self, text: str) -> tuple[str, list[str]]:
        originals: list[str] = []
        parts: list[str] = []
        position = 0
        for m in self._protected_re.finditer(fold(text)):
            if len(originals) >= _MAX_SENTINELS:
                break
            parts += [text[position : m.start()], _sentinel(len(originals))]
            originals.append(text[m.start() : m.end()])
            position = m.end()
        parts.append(text[position:])
        return "".join(parts), originals

    @staticmethod
    def _unmask(text: str, originals: list[str]) -> str:
        if not originals:
            return text
        return _SENTINEL_RE.sub(lambda m: originals[_sentinel_index(m.group())], text)

    # -- social media ------------------------------------------------------

    def _social_matches(self, text: str, low: str) -> list[Match]:
        found = _spans(SOCIAL_MEDIA, SOCIAL_URL_RE.finditer(low)) if "/" in low else []
        if "@" in low:
            found += [
                Match(SOCIAL_MEDIA, m.start(), m.end())
                for m in HANDLE_RE.finditer(low)
                if m.group()[1:] not in self._protected_words
            ]
        found += [
            Match(SOCIAL_MEDIA, m.start("handle"), m.end("handle"))
            for m in HANDLE_KEYWORD_RE.finditer(low)
            if m.group("handle") not in self._protected_words
            and not _is_non_name(m.group("handle"))
        ]
        return _union(found)

    # -- the reporter's own name -------------------------------------------

    def _name_parts(self, name: str) -> list[str]:
        """The folded words (3+ letters) of ``name`` that identify someone."""
        parts = []
        for word in re.findall(_WORD, fold(normalize(name))):
            part = fold_name(word)
            if (
                len(part) >= 3
                and part.isalpha()
                and part.isascii()
                and word not in self._protected_words
                and part not in NAME_CONNECTORS
                and part not in PRE_TITLES
                and part not in HONORIFICS
            ):
                parts.append(part)
        return parts

    def _own_name_finder(self, names: Sequence[str]) -> Callable[[str, str], list[Match]]:
        """Find each part (3+ letters) of ``names``, with or without accents and apostrophes.

        "Ma'ruf" in the identity field also finds "Maruf" and "Ma’ruf", "Jose"
        also finds "José"; parts glued ("jokorahman", "joko.rahman") or spelt
        letter by letter ("J o k o") are found too.
        """
        parts = {part for name in names for part in self._name_parts(name)}
        extra = frozenset(parts)
        if not parts:
            return lambda text, low: _spaced_name_matches(text, low, extra)

        finder = functools.partial(_own_name_runs, extra, min(map(len, parts)))

        def find(text: str, low: str) -> list[Match]:
            spaced = _spaced_name_matches(text, low, extra)
            return _union(_name_spans(finder, low) + spaced)

        return find

    # -- other reporters' names ----------------------------------------------

    def _known_names_pattern(self, names: Iterable[str]) -> re.Pattern[str] | None:
        """One regex for the names of every reporter in the input.

        A reporter often names a neighbour or another reporter with no cue the
        other steps could key on; if that person reported too, their name is
        known. Full names (two words or more) are found wherever they occur,
        one-word names too unless the word is an ordinary Indonesian word
        ("Indah", "Jaya"). Accents and apostrophes do not matter.
        """
        full: set[tuple[str, ...]] = set()
        single: set[str] = set()
        for name in names:
            parts = self._name_parts(name)
            if len(parts) >= 2:
                full.add(tuple(parts))
            elif len(parts) == 1 and len(name.split()) == 1:
                word = parts[0]
                if len(word) >= 4 and not _is_non_name(word) and not is_word(word):
                    single.add(word)
        if not full and not single:
            return None

        # Thousands of names: a trie is many times faster than a flat alternation.
        phrases = [" ".join(n) for n in full] + sorted(single)
        return re.compile(rf"(?<![\w@])(?:{trie_regex(phrases)})(?![\w@])")

    def _known_name_matches(self, text: str, low: str) -> list[Match]:
        if self._known_re is None:
            return []
        return _name_spans(self._known_re.finditer, low)


_WORD_RUN_RE = re.compile(r"\w+")


def _glued_parts(run: str, parts: frozenset[str], shortest: int) -> bool:
    """Whether the word ``run`` is made only of ``parts``, glued or joined by single "_"."""
    if run in parts:
        return True
    if len(run) < 2 * shortest:
        return False
    for piece in run.split("_"):
        # reachable[i]: piece[:i] is a sequence of parts.
        reachable = [True] + [False] * len(piece)
        for end in range(shortest, len(piece) + 1):
            reachable[end] = any(
                reachable[start] and piece[start:end] in parts
                for start in range(0, end - shortest + 1)
            )
        if not reachable[-1]:
            return False
    return True


def _own_name_runs(parts: frozenset[str], shortest: int, low: str) -> Iterator[tuple[int, int]]:
    """Spans of the reporter's name ``parts`` in ``low``: whole words made of parts.

    Consecutive parts become one span ("Budi Santoso", "santoso budi",
    "budi_santoso", "budi.santoso", "budisantoso"); words are joined by one to
    three spaces or tabs, or one ".". A span never starts after or ends
    before "@" (a handle or an e-mail address is another step's). One pass
    over the words, no regex per name: a sync meets a new name in every record.
    """
    if not any(part in low for part in parts):
        return
    start = end = -1
    for run in _WORD_RUN_RE.finditer(low):
        named = _glued_parts(run.group(), parts, shortest)
        joined = end >= 0 and _joins(low[end : run.start()])
        if named and joined and low[run.end() : run.end() + 1] != "@":
            end = run.end()
            continue
        if start >= 0:
            yield start, end
            start = end = -1
        free = low[run.start() - 1 : run.start()] != "@" != low[run.end() : run.end() + 1]
        if named and free:
            start, end = run.start(), run.end()
    if start >= 0:
        yield start, end


def _joins(gap: str) -> bool:
    return gap == "." or (0 < len(gap) <= 3 and not gap.strip(" \t"))


# ---------------------------------------------------------------------------
# Steps without configuration
# ---------------------------------------------------------------------------


def _letter_variants() -> dict[str, str]:
    """Per ASCII letter, the lower-case Latin letters with accents that fold to it."""
    variants: dict[str, str] = {}
    for code in range(0xC0, 0x250):
        char = chr(code).lower()
        base = unicodedata.normalize("NFKD", char)[:1]
        if len(char) == 1 and base.isascii() and base.isalpha() and base != char:
            variants[base] = variants.get(base, "") + char
    return variants


_LETTER_VARIANTS = _letter_variants()


_NOT_PLAIN_RE = re.compile(r"['’`ʼ]|[^\x00-\x7f]")


def _plain_letters(low: str) -> bool:
    """Whether ``low`` has no accented letter nor apostrophe (a plain name regex will do)."""
    return _NOT_PLAIN_RE.search(low) is None


_APOSTROPHES = "'’`ʼ"
#: Accented Latin letters to their base letter, one character for one.
_TO_BASE_LETTER = str.maketrans(
    {variant: base for base, variants in _LETTER_VARIANTS.items() for variant in variants}
)
_APOSTROPHE_TO_SPACE = str.maketrans(dict.fromkeys(_APOSTROPHES, " "))


def _name_spans(find: Callable[[str], Iterable[Any]], low: str) -> list[Match]:
    """Spans ``find`` gives in ``low`` for plain (folded ASCII) names, whatever the accents.

    ``find`` returns :class:`re.Match` objects or ``(start, end)`` pairs.

    A name is found with any accents on its letters ("José" for "jose") and with
    apostrophes inside it ("Ma'ruf", "Ma’ruf" for "maruf") or beside it ("d'Silva"
    for "silva"). Rather than one loose regex per name (slow to compile with
    thousands of names), the text is matched twice in plain letters: once with
    apostrophes dropped (offsets mapped back), once with them as spaces. Every
    match of either is kept, so the union can only redact more.
    """
    if _plain_letters(low):
        return [Match(NAME, *_bounds(found)) for found in find(low)]
    based = low.translate(_TO_BASE_LETTER)
    spans = [Match(NAME, *_bounds(found)) for found in find(based.translate(_APOSTROPHE_TO_SPACE))]
    kept = [i for i, char in enumerate(based) if char not in _APOSTROPHES]
    dropped = "".join(based[i] for i in kept)
    for found in find(dropped):
        start, end = _bounds(found)
        spans.append(Match(NAME, kept[start], kept[end - 1] + 1))
    return spans


def _bounds(found: Any) -> tuple[int, int]:
    return found.span() if isinstance(found, re.Match) else found


_BIRTH_WORDS = ("lahir", "lhr", "ttl", "dob")


def _birth_date_matches(text: str, low: str) -> list[Match]:
    if not any(word in low for word in _BIRTH_WORDS):
        return []
    return _spans(BIRTH_DATE, BIRTH_DATE_RE.finditer(low), "date")


# Every upper-case plate contains this; searching for it first is much faster.
_PLATE_HINT_RE = re.compile(r"[A-Z][ \t\-]?[1-9]")


def _plate_matches(text: str, low: str) -> list[Match]:
    found = _spans(VEHICLE_PLATE, PLATE_RE.finditer(text)) if _PLATE_HINT_RE.search(text) else []
    found += _spans(VEHICLE_PLATE, PLATE_CONTEXT_RE.finditer(low), "plate")
    return _union(found)


def _address_context(low: str, start: int) -> bool:
    """True when the nearest telling word before ``start`` is about a dwelling."""
    line_start = low.rfind("\n", 0, start) + 1
    window_start = max(line_start, start - _ADDRESS_WINDOW)
    last = _last_match(_ADDRESS_CONTEXT_RE, low, window_start, start)
    return last is not None and last.lastgroup == "addr"


def _is_law_number(low: str, match: re.Match[str]) -> bool:
    """Whether "No. 27 Tahun 2022" or "No. 5/2020" numbers a regulation, not a house."""
    return bool(_LAW_YEAR_RE.search(match.group()) or _YEAR_AFTER_RE.match(low, match.end()))


def _street_number_matches(text: str, low: str) -> Iterator[Match]:
    for m in STREET_NUMBER_RE.finditer(low):
        words = text[m.start("words") : m.end("words")].split()
        full_word = m.group("kw") in ("jalan", "gang", "lorong")
        if full_word and not words[0][:1].isupper():
            continue  # "jalan rusak 3 ..." is not an address
        if any(w.lower().rstrip(".") in _STREET_WORD_STOP for w in words):
            continue
        if not full_word and any(_is_non_name(w.rstrip(".")) for w in words if w.islower()):
            continue
        number = m.group("num")
        if _YEAR_TOKEN_RE.fullmatch(number) or _NOT_HOUSE_AFTER_RE.match(low, m.end()):
            continue
        yield Match(ADDRESS, m.start("num"), m.end("num"))


def _address_matches(text: str, low: str) -> list[Match]:
    found = _spans(ADDRESS, RT_RW_RE.finditer(low))
    found += _spans(ADDRESS, BLOCK_RE.finditer(low))
    found += [
        Match(ADDRESS, m.start(), m.end())
        for m in HOUSE_NUMBER_RE.finditer(low)
        if _address_context(low, m.start()) and not _is_law_number(low, m)
    ]
    found += _street_number_matches(text, low)
    return _union(found)


def _scan_name(
    text: str,
    position: int,
    *,
    lower_ok: bool,
    lower_needs_cue: bool = False,
    gazetteer_first: bool = False,
) -> tuple[int, int] | None:
    """The span of the name that starts at ``position`` (after a trigger), if any.

    Titles, honorifics and roles before the name are kept ("Bapak Ir. Budi",
    "Pak Lurah Budi", "Bapak Kepala Desa Sutrisno"). The name is 1–4 words
    that are not stop-words, joined by "bin"/"binti" to a father's name. Once a
    capitalised word was taken, a lower-case word ends the name unless it is a
    gazetteer name or no dictionary word ("Ibu Wayan sukertiasih"). A
    lower-case first word where capitals are expected counts when it is a
    strong gazetteer name ("Yth. Bpk. hendra wiyata"). With ``gazetteer_first``
    the first word must be a gazetteer name ("oleh Joko", but not "oleh Dinas").
    """
    start = end = None
    count = skipped = 0
    after_role = after_unit = False
    while count < MAX_NAME_WORDS:
        m = _NAME_WORD_RE.match(text, position)
        if not m:
            break
        word, low = m.group("word"), m.group("word").lower()
        if start is None and (
            low in PRE_TITLES
            or low in ROLES
            or low in HONORIFICS
            or (after_role and low in _ROLE_UNITS)
        ):
            skipped += 1
            if skipped > MAX_SKIPPED_WORDS:
                break
            after_unit = after_role and low in _ROLE_UNITS
            after_role = low in ROLES and low not in _ROLE_UNITS
            position = m.end()
            continue
        if start is not None and low in _PATRONYMICS and not m.group("dot"):
            following = _NAME_WORD_RE.match(text, m.end())
            if (
                following
                and following.group("word")[0].isupper()
                and not _is_non_name(following.group("word"))
            ):
                position = m.end()  # "Ahmad bin Abdulkadirsyah": the father's name follows
                lower_ok = False
                continue
            break
        initial = bool(m.group("dot")) and (len(word) == 1 or low in NAME_ABBREVIATIONS)
        titles_follow = m.group("dot") and not initial and _TITLES_RE.match(text, position)
        if start is not None and titles_follow:
            break  # "Budi Sp.OG": the titles follow
        if not initial and _is_non_name(word):
            break
        confirmed = _is_gazetteer_name(word) and (is_strong_name(word) or not after_unit)
        if start is None and (gazetteer_first or after_unit) and not initial and not confirmed:
            break  # "oleh Dinas", "Kepala Desa Sumber Rejo" (a village)
        if word[0].islower() and not lower_ok:
            if start is None and is_strong_name(word) and not gazetteer_first:
                lower_ok = True  # "Yth. Bpk. hendra wiyata"
            elif start is None or not _name_like(word):
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
    if lower_needs_cue and text[start].islower() and not _AFTER_SELF_NAME_RE.match(text, end):
        return None
    titles = _TITLES_RE.match(text, end)
    return start, titles.end() if titles else end


def _triggered_name_matches(text: str, low: str) -> list[Match]:
    found = []
    for trigger in NAME_TRIGGER_RE.finditer(low):
        if _after_place_word(low, trigger.start(), NAMED_PLACE_HEADS):
            continue  # "Jl. Dr. Soetomo", "Jalan Pak Kasim", "Rumah Sakit Haji Darjad"
        if trigger.group("intro"):
            lower_ok = True
        elif trigger.group("honorific"):
            lower_ok = text[trigger.start() : trigger.end()].islower()
        elif (trigger.group("title") or trigger.group("doctor")) and not text[
            trigger.start()
        ].isupper():
            continue
        else:
            lower_ok = False
        self_named = trigger.group("self") is not None
        span = _scan_name(
            text,
            trigger.end(),
            lower_ok=lower_ok or self_named,
            lower_needs_cue=self_named,
            gazetteer_first=bool(
                trigger.group("person") or trigger.group("doctor") or trigger.group("nl")
            ),
        )
        if span:
            found.append(Match(NAME, *span))
    untriggered = list(_BEFORE_ALIAS_RE.finditer(text)) if "alias" in low else []
    if " bin" in low:
        untriggered += _BEFORE_PATRONYMIC_RE.finditer(text)
    leading = _LEADING_NAME_RE.match(text)
    for m in [*untriggered, *([leading] if leading else [])]:
        if not any(_is_non_name(w) or w.lower() in PLACE_HEADS for w in m.group("name").split()):
            found.append(Match(NAME, m.start("name"), m.end("name")))
    return _union(found)


def _gazetteer_name_matches(text: str, low: str) -> list[Match]:
    """Names no cue introduces: capitalised gazetteer names and glued names ("JokoRahman").

    In a phrase of capitalised words, two or more consecutive name-like words
    (:func:`_name_like`) of which one is a strong gazetteer name are a name
    ("Petugas kami, Joko Rahman (HP ...)"). The rest of a phrase after a place
    word is a place ("Jl. Ahmad Yani", "RSUD Abdul Wahab Sjahranie").
    """
    found: list[Match] = []
    for run in CAPITALISED_RUN_RE.finditer(text):
        if _after_place_word(low, run.start()):
            continue
        groups: list[list[re.Match[str]]] = [[]]
        for word in re.finditer(r"\S+", run.group()):
            if word.group().lower() in PLACE_CONTEXT:
                break  # a place word: the rest of the phrase is a place
            if _name_like(word.group()):
                groups[-1].append(word)
            elif groups[-1]:
                groups.append([])
        for group in groups:
            if len(group) >= 2 and any(is_strong_name(w.group()) for w in group):
                start, end = run.start() + group[0].start(), run.start() + group[-1].end()
                found.append(Match(NAME, start, end))
    for m in GLUED_NAME_RE.finditer(text):
        if _split_names(fold_name(m.group())):
            found.append(Match(NAME, m.start(), m.end()))
    return found


def _after_place_word(low: str, start: int, heads: frozenset[str] = PLACE_CONTEXT) -> bool:
    """Whether the words before ``start`` end with a place word ("Jl.", "Jl. KH.", "RSUD")."""
    window = low[max(0, start - 40) : start]
    clause = _CLAUSE_BREAK_RE.split(window)[-1]  # not across a comma or a line break
    before = _PRECEDING_WORDS_RE.findall(clause)
    for word in reversed(before[-4:]):
        if word in heads:
            return True
        if not (len(word) == 1 or word in PRE_TITLES or word in NAME_ABBREVIATIONS):
            return False
    return False


def _spaced_name_matches(text: str, low: str, extra: frozenset[str]) -> list[Match]:
    """Names written letter by letter ("J o k o  R a h m a n")."""
    return [
        Match(NAME, m.start(), m.end())
        for m in SPACED_LETTERS_RE.finditer(low)
        if _split_names(fold_name(re.sub(r"[ \t]", "", m.group())), extra)
    ]
