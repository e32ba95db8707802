"""Generate the synthetic sample data set ``data/sample/cases.jsonl``.

This script owns that file: SP4N-LAPOR! style complaint records in the canonical
import format (one JSON object per line, keys in canonical order) for the
kabupaten/kota and agencies named in ``region.toml``. Every person, number and
address in it is invented. The free text deliberately embeds synthetic personal
data (names, NIK, KK, phone numbers, e-mails, handles, plates, addresses, BPJS
numbers) so that the anonymizer and the leak audit have something to catch.

The output is byte-for-byte deterministic for a given seed, count and region file:

    python scripts/generate_sample.py [--seed 1708] [--count 3000] [--output PATH]
                                      [--config REGION_TOML]

The region file (checked by ``lapor_site.settings.load_settings``) gives the
time zone of every date, the kabupaten/kota (``areas``) and the agencies. East
Kalimantan's areas have built-in NIK codes, telephone area codes, volumes and
kecamatan; any other area gets the NIK prefix ``[region] code`` + 01, 02... in
the order of ``areas`` and five neutral kecamatan ("<Area> Utara", "<Area>
Selatan"...), so a new region has demo data without extra tables.

Standard library only (``lapor_site.settings`` is too).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's lapor_site, also without an installed package
from lapor_site.settings import Settings, SettingsError, load_settings  # noqa: E402

DEFAULT_CONFIG = ROOT / "region.toml"
DEFAULT_OUTPUT = ROOT / "data" / "sample" / "cases.jsonl"

# The period covered, in the region's time zone (first and last day).
FIRST_DAY, LAST_DAY = date(2024, 11, 1), date(2026, 10, 31)


def words(text: str, sep: str | None = None) -> list[str]:
    """Split a compact data string into a list (keeps the tables below short)."""
    return [w.strip() for w in text.split(sep) if w.strip()]


# ---------------------------------------------------------------------------
# Data tables
# ---------------------------------------------------------------------------
# fmt: off
FIELDS = (
    "tracking_id", "submitted_at", "verified_at", "forwarded_at", "first_response_at",
    "resolved_at", "title", "description", "response", "category", "agency", "region",
    "district", "channel", "type", "status", "privacy", "reporter_name", "reporter_nik",
    "reporter_phone", "reporter_email", "satisfaction",
)
STAGES = ("verified_at", "forwarded_at", "first_response_at", "resolved_at")

# Weighted enums: value -> relative weight.
PRIVACY = {"public": 60, "anonymous": 30, "confidential": 10}
TYPES = {"pengaduan": 75, "aspirasi": 15, "permintaan_informasi": 10}
CHANNELS = {"web": 32, "android": 26, "ios": 6, "sms": 10, "whatsapp": 15, "twitter": 6,
            "other": 5}
STATUSES = ("unverified", "verified", "forwarded", "in_progress", "resolved", "postponed",
            "archived")
# Status weights for cases at least STATUS_SETTLE_DAYS old and for brand-new ones.
STATUS_OLD = (2, 2, 3, 5, 65, 6, 13)
STATUS_NEW = (16, 16, 18, 22, 18, 5, 5)
STATUS_SETTLE_DAYS = 120
# Stages after submission each status has reached (postponed/archived: see timeline()).
REACHED = {"unverified": 0, "verified": 1, "forwarded": 2, "in_progress": 3, "resolved": 4}
# Status of a case cut short by the end of the period, by the number of stages it did reach.
FALLBACK = ("unverified", "verified", "forwarded", "in_progress")
# Chance that a report sent through each channel is written in the informal register.
INFORMAL_CHANCE = {"sms": 0.85, "twitter": 0.75, "whatsapp": 0.65, "android": 0.45,
                   "ios": 0.4, "web": 0.3, "other": 0.3}
MONTH_FACTOR = (1.1, 1.0, 0.95, 0.85, 0.95, 1.05, 1.15, 1.0, 0.95, 1.0, 1.05, 1.1)
HOUR_WEEKDAY = (2, 1, 1, 1, 2, 4, 8, 16, 22, 24, 24, 22, 18, 20, 22, 20, 16, 12, 10, 10, 9, 8,
                6, 4)
HOUR_WEEKEND = (3, 2, 1, 1, 1, 2, 4, 7, 10, 12, 12, 12, 11, 11, 11, 11, 10, 10, 10, 10, 9, 8,
                6, 4)

# Known areas (East Kalimantan): Kemendagri/NIK code, telephone area code, relative
# volume, districts ("Kecamatan: kelurahan, ...; Kecamatan"). Other areas: see
# region_places().
AREAS: dict[str, tuple[str, str, float, str]] = {
    "Kota Samarinda": ("6472", "0541", 28, "Samarinda Ulu: Air Putih, Sidodadi, Air Hitam, "
        "Gunung Kelua; Samarinda Ilir: Sidodamai, Pelita, Sungai Dama; Sungai Kunjang: Loa "
        "Bakung, Karang Asam Ulu, Lok Bahu, Teluk Lerong Ulu; Palaran: Rawa Makmur, Bukuan, "
        "Simpang Pasir, Handil Bakti; Loa Janan Ilir: Simpang Tiga, Harapan Baru, Rapak Dalam, "
        "Sengkotek; Sambutan: Sambutan, Sindang Sari, Pulau Atas, Makroman; Sungai Pinang: "
        "Temindung Permai, Gunung Lingai, Mugirejo, Bandara; Samarinda Utara: Sempaja Selatan, "
        "Lempake, Sungai Siring, Tanah Merah; Samarinda Kota: Bugis, Karang Mumus, Pasar Pagi, "
        "Pelabuhan; Samarinda Seberang: Sungai Keledang, Mangkupalas, Baqa, Tenun"),
    "Kota Balikpapan": ("6471", "0542", 22, "Balikpapan Kota: Klandasan Ilir, Klandasan Ulu, "
        "Prapatan, Telaga Sari, Damai; Balikpapan Selatan: Sepinggan, Gunung Bahagia, Sungai "
        "Nangka, Damai Bahagia, Sepinggan Raya; Balikpapan Utara: Batu Ampar, Gunung "
        "Samarinda, Karang Joang, Muara Rapak; Balikpapan Tengah: Gunung Sari Ilir, Gunung "
        "Sari Ulu, Karang Rejo, Mekar Sari, Karang Jati; Balikpapan Timur: Manggar, Manggar "
        "Baru, Lamaru, Teritip; Balikpapan Barat: Baru Ilir, Baru Tengah, Margo Mulyo, "
        "Kariangau"),
    "Kota Bontang": ("6474", "0548", 7, "Bontang Utara: Bontang Baru, Api-Api, Gunung Elai, "
        "Lok Tuan, Guntung, Bontang Kuala; Bontang Selatan: Tanjung Laut, Tanjung Laut Indah, "
        "Berbas Tengah, Berbas Pantai, Satimpo, Bontang Lestari; Bontang Barat: Belimbing, "
        "Gunung Telihan, Kanaan"),
    "Kabupaten Kutai Kartanegara": ("6403", "0541", 17, "Tenggarong; Tenggarong Seberang; "
        "Loa Kulu; Loa Janan; Sanga-Sanga; Muara Jawa; Samboja; Muara Badak; Anggana; Marang "
        "Kayu; Sebulu; Muara Kaman; Kota Bangun; Muara Muntai; Kembang Janggut; Kenohan; "
        "Tabang; Muara Wis"),
    "Kabupaten Kutai Timur": ("6404", "0549", 8, "Sangatta Utara; Sangatta Selatan; Bengalon; "
        "Muara Wahau; Kongbeng; Kaliorang; Sangkulirang; Rantau Pulung; Teluk Pandan; Muara "
        "Ancalong; Busang; Telen; Sandaran; Karangan; Kaubun; Batu Ampar; Long Mesangat"),
    "Kabupaten Kutai Barat": ("6402", "0545", 3, "Barong Tongkok; Melak; Long Iram; Damai; "
        "Muara Lawa; Muara Pahu; Jempang; Bentian Besar; Linggang Bigung; Sekolaq Darat; "
        "Nyuatan; Bongan; Siluq Ngurai; Tering; Penyinggahan"),
    "Kabupaten Berau": ("6405", "0554", 5, "Tanjung Redeb; Gunung Tabur; Sambaliung; Teluk "
        "Bayur; Talisayan; Biduk-Biduk; Pulau Derawan; Maratua; Kelay; Segah; Tabalar; Batu "
        "Putih; Biatan"),
    "Kabupaten Paser": ("6401", "0543", 5, "Tanah Grogot; Kuaro; Long Ikis; Long Kali; Muara "
        "Komam; Batu Sopang; Pasir Belengkong; Tanjung Harapan; Batu Engau; Muara Samu"),
    "Kabupaten Penajam Paser Utara": ("6409", "0542", 4, "Penajam; Waru; Babulu; Sepaku"),
    "Kabupaten Mahakam Ulu": ("6411", "0545", 1, "Long Bagun; Long Hubung; Laham; Long Apari; "
        "Long Pahangai"),
}
# Relative volume of an area without built-in data, and of reports without a region.
DEFAULT_WEIGHT = 3.0
# Telephone area code for areas without built-in data (any plausible code will do).
GENERIC_PHONE_CODE = "021"
# Neutral kecamatan names for areas without built-in districts: "<Area> Utara"...
GENERIC_DISTRICTS = ("Utara", "Selatan", "Timur", "Barat", "Tengah")
# Regions outside the configured list (misrouted reports; Kaltim's neighbours, used
# only when the region file names built-in areas), and the shares of foreign and
# of unknown (empty) regions.
FOREIGN_AREAS = ("Kota Tarakan", "Kabupaten Bulungan", "Kota Banjarmasin")
FOREIGN_SHARE, UNKNOWN_AREA_SHARE = 0.01, 0.015

VILLAGES = words("Sumber Sari|Sido Mulyo|Karya Jaya|Bukit Raya|Mekar Jaya|Tanjung Batu|Sumber "
                 "Rejo|Purwajaya|Bhuana Jaya|Suka Damai|Margahayu|Long Lunuk|Sungai Seluang|"
                 "Rempanga|Batuah|Teluk Dalam|Bangun Rejo|Muara Enggelam|Sebuntal|Jembayan", "|")
STREETS = ["Jl. " + s for s in words(
    "Juanda|M.T. Haryono|Pramuka|P. Antasari|Ahmad Yani|Jend. Sudirman|D.I. Panjaitan|Gatot "
    "Subroto|Slamet Riyadi|KH. Wahid Hasyim|Soekarno-Hatta|Mulawarman|Awang Long|Imam Bonjol|"
    "Letjen Suprapto|Cipto Mangunkusumo|Siradj Salman|Perjuangan|Merdeka|Pattimura|Ruhui "
    "Rahayu|Poros Samarinda-Bontang|Pangeran Suryanata|A.W. Sjahranie|Bhayangkara|Kesuma "
    "Bangsa|Adam Malik|Marsma R. Iswahyudi|Jakarta|Cendana", "|")]
GANGS = words("Mawar Melati Kenanga Sepakat Keluarga Karya Damai Rukun Swadaya Famili Harapan")
LANDMARKS = words("masjid|pos ronda|Indomaret|Alfamart|SD negeri|kantor lurah|pasar|gereja|"
                  "simpang empat|jembatan|lapangan bola|warung makan|puskesmas", "|")
COMPANY_A = words("Borneo Mahakam Etam Bumi Karya Mitra Sinar Tunas Kaltim Benua Harapan")
COMPANY_B = words("Jaya Abadi Sejahtera Lestari Perkasa Mandiri Makmur Utama Sentosa Prima")
ROUTES = words("Samarinda-Long Bagun|Samarinda-Melak|Tanjung Redeb-Maratua|Balikpapan-Penajam|"
               "Samarinda-Muara Muntai|Tanjung Redeb-Derawan", "|")
MONTHS = words("Januari Februari Maret April Mei Juni Juli Agustus September Oktober November "
               "Desember")
DAYS_ID = words("Senin Selasa Rabu Kamis Jumat Sabtu Minggu")

# Given and family names (Javanese, Banjar, Bugis, Kutai, Dayak, Batak,
# Chinese-Indonesian...), combined at random into synthetic people.
MALE = words("Budi Ahmad Agus Rudi Muhammad Rizky Hendra Dedi Yusuf Arif Fajar Joko Bambang "
             "Sugeng Wahyu Eko Slamet Hasan Irwan Syahrul Rahmat Herman Yohanes Stefanus "
             "Agustinus Paulus Daniel Kevin Hendrik Johan Abdul Ilham Fikri Reza Taufik Zainal "
             "Firmansyah Darmawan Lukas Petrus Robert Suparman Haris Rahmadi Saiful Anang Rusdi "
             "Jumri Aldi Dimas Bayu")
FEMALE = words("Siti Sri Dewi Rina Wulan Fitri Rahmawati Yuliana Maria Theresia Fransiska "
               "Lestari Ratna Nurul Ayu Putri Indah Dian Novita Kartini Rosmini Masitah Halimah "
               "Aisyah Nadia Mega Lina Susanti Yanti Elisabet Hana Agnes Jamilah Aida Salmah "
               "Rusmini Wati Mariani Noorhayati Fatimah Anisa Veronika Meliana Selvi Rusmiati")
FAMILY = words("Santoso Wijaya Saputra Pratama Hidayat Setiawan Kurniawan Nugroho Wibowo "
               "Susanto Gunawan Halim Tanjaya Siregar Simanjuntak Nainggolan Sinaga Hutapea "
               "Pardede Lubis Nasution Manurung Syahrani Noor Rahman Fauzi Ramadhan Mappiare "
               "Lamappa Tenriawaru Pabittei Lejau Lahang Ajang Hibau Jalung Ngau Irang Husin "
               "Effendi Hakim Yunus Firdaus Anwar Mulyadi Sulaiman Hamzah Sitompul Setiadi "
               "Tanudjaja Lim Tan Kadrie Yusran Arsyad Bakri")
PHONE_PREFIXES = words("11 12 13 21 22 23 51 52 53 14 15 16 55 56 57 58 17 18 19 59 77 78 31 "
                       "32 33 38 95 96 97 98 99 81 82 83 85 87 88")
# Reserved example domains only (RFC 2606/6761): no address here can reach anyone.
EMAIL_DOMAINS = ("example.com", "example.net", "example.org", "mail.example", "surel.example")
AMOUNTS = (50, 75, 100, 150, 200, 250, 300, 350, 500, 750, 1000, 1500, 2000, 2500, 3000,
           4500, 5000, 7500, 12500)  # thousands of rupiah

# Categories: weight, unit that handles them, issues, proposals ("|"), information
# requests ("|"). An issue is (agency keywords "|", titles "|", description body).
CATEGORIES: dict[str, tuple[int, str, list[tuple[str, str, str]], str, str]] = {
    "Infrastruktur Jalan": (18, "Bidang Bina Marga", [
        ("Pekerjaan Umum", "Jalan rusak dan berlubang di {street}|Mohon perbaikan jalan di "
         "{place}|Jalan berlubang membahayakan pengendara", "Jalan di {street}, {place} rusak "
         "parah dan banyak lubang sejak {since}. Sudah beberapa kali pengendara motor jatuh "
         "terutama saat malam dan hujan karena lubang tertutup genangan air."),
        ("Pekerjaan Umum", "Drainase tersumbat di {street}|Saluran air meluap ke jalan",
         "Saluran drainase di sepanjang {street} tersumbat sampah dan lumpur sehingga setiap "
         "hujan air meluap ke jalan dan masuk ke rumah warga di {place}."),
        ("Pekerjaan Umum|Perhubungan", "Lampu jalan mati di {street}|PJU padam sudah "
         "berminggu-minggu", "Lampu penerangan jalan umum di {street} {place} mati sejak "
         "{since}. Jalan gelap gulita dan rawan kejahatan, sudah ada warga yang dijambret."),
        ("Pekerjaan Umum|Inspektorat", "Proyek jalan terbengkalai|Pekerjaan jalan di {place} "
         "tidak selesai", "Proyek peningkatan jalan di {street} dengan nilai kontrak sekitar "
         "{contract} dikerjakan sejak {since} tetapi sampai sekarang terbengkalai. Material "
         "dibiarkan menumpuk di bahu jalan."),
        ("Pekerjaan Umum|Pemberdayaan Masyarakat", "Jembatan kayu rusak di {place}|Jembatan "
         "lapuk mohon diperbaiki", "Jembatan penghubung antar-RT di {place} sudah lapuk dan "
         "beberapa papan lantainya hilang. Anak-anak sekolah setiap hari melewati jembatan ini."),
    ], "pengaspalan jalan lingkungan di {place}|pembangunan trotoar di {street}",
       "jadwal perbaikan jalan di {street}|anggaran pemeliharaan jalan tahun ini"),
    "Pendidikan": (10, "Bidang Pembinaan SMA", [
        ("Pendidikan", "Pungutan di {school}|Pungutan saat daftar ulang|Biaya seragam mahal",
         "Pihak {school} meminta pembayaran sebesar {money} untuk seragam dan uang pembangunan "
         "saat daftar ulang. Bukankah sekolah negeri seharusnya gratis?"),
        ("Pendidikan", "Masalah zonasi SPMB {area}|Anak tidak diterima padahal rumah dekat "
         "sekolah", "Anak kami tidak diterima di {school} melalui jalur domisili padahal jarak "
         "rumah hanya sekitar {meters} meter, sementara siswa yang rumahnya jauh diterima."),
        ("Pendidikan|Inspektorat", "Ijazah ditahan sekolah|Ijazah anak saya ditahan",
         "Ijazah anak saya ditahan oleh {school} karena masih ada tunggakan biaya {money}. "
         "Anak saya butuh ijazah untuk mendaftar kerja."),
        ("Pendidikan", "Ruang kelas rusak di {school}|Atap sekolah bocor", "Atap ruang kelas "
         "di {school} bocor dan plafon sudah jebol sejak {since}. Siswa terpaksa belajar "
         "bergantian di ruang perpustakaan."),
        ("Pendidikan|Sosial", "Dana PIP belum cair|Bantuan PIP tidak diterima", "Dana Program "
         "Indonesia Pintar untuk anak saya yang sekolah di {school} belum diterima padahal "
         "namanya sudah tercantum sebagai penerima sejak {since}."),
    ], "penambahan ruang kelas baru di {school}|beasiswa untuk siswa kurang mampu",
       "jadwal dan syarat SPMB tahun ini|syarat legalisir ijazah"),
    "Kesehatan": (10, "Bidang Pelayanan Kesehatan", [
        ("Kesehatan|RSUD", "Pelayanan lambat di {clinic}|Antrean panjang di {clinic}",
         "Pelayanan di {clinic} sangat lambat. Pasien harus antre dari pagi dan baru dilayani "
         "setelah {hours} jam, sementara petugas loket sering tidak ada di tempat."),
        ("Kesehatan|RSUD", "Pasien BPJS ditolak|Kartu BPJS tidak bisa dipakai", "Keluarga "
         "saya ditolak saat berobat di {clinic} dengan alasan kartu BPJS Kesehatan tidak aktif, "
         "padahal iuran sudah dibayar rutin."),
        ("Kesehatan", "Obat kosong di {clinic}|Pasien disuruh beli obat sendiri", "Obat untuk "
         "pasien penyakit kronis di {clinic} sering kosong dan pasien disuruh membeli sendiri di "
         "apotek luar dengan biaya sekitar {money}."),
        ("RSUD|Kesehatan", "Biaya tambahan di rumah sakit|Pasien BPJS diminta bayar", "Kami "
         "diminta membayar biaya tambahan {money} untuk tindakan di {clinic} padahal pasien "
         "peserta BPJS kelas III."),
        ("RSUD|Kesehatan", "Petugas tidak ramah|Perawat bersikap kasar", "Petugas jaga di "
         "{clinic} bersikap kasar kepada pasien lansia dan keluarga pasien dibentak saat "
         "bertanya pada {date}."),
    ], "penambahan dokter spesialis di {clinic}|ambulans desa untuk {place}",
       "jadwal vaksinasi di {clinic}|prosedur rujukan pasien BPJS"),
    "Air Bersih": (8, "Bagian Pelayanan Pelanggan", [
        ("Air Minum", "Air PDAM tidak mengalir|Air mati sudah {days} hari", "Air PDAM di "
         "{place} tidak mengalir sudah {days} hari. Warga terpaksa membeli air tandon seharga "
         "{money} per tandon."),
        ("Air Minum", "Air keruh dan berbau|Air PDAM kotor", "Air PDAM yang mengalir ke rumah "
         "warga di {street} keruh kecoklatan dan berbau sejak {since}."),
        ("Air Minum", "Tagihan air melonjak|Tagihan PDAM tidak wajar", "Tagihan air bulan ini "
         "mencapai {money}, naik berkali lipat dari biasanya, padahal pemakaian tidak berubah. "
         "Meteran diduga rusak."),
        ("Air Minum|Pekerjaan Umum", "Pipa bocor di {street}|Kebocoran pipa dibiarkan",
         "Ada pipa PDAM yang bocor di {street} dekat {landmark} sejak {since}. Air terbuang "
         "percuma dan jalan jadi berlubang."),
        ("Air Minum", "Sambungan baru belum dipasang|Pemasangan meteran air lama", "Saya sudah "
         "mendaftar sambungan baru dan membayar {money} sejak {since}, tapi sampai sekarang "
         "belum ada pemasangan."),
    ], "perluasan jaringan pipa air bersih ke {place}|pembangunan sumur bor di {place}",
       "tarif air terbaru|jadwal distribusi air di {place}"),
    "Listrik dan Energi": (6, "Bidang Ketenagalistrikan", [
        ("Energi", "Listrik sering padam di {place}|Pemadaman tanpa pemberitahuan", "Listrik "
         "di {place} sering padam tanpa pemberitahuan, hampir setiap hari {hours} jam. "
         "Peralatan elektronik warga banyak yang rusak."),
        ("Energi|Perdagangan", "Gas elpiji 3 kg langka|Harga LPG 3 kg mahal", "Gas LPG 3 kg di "
         "{place} langka dan kalau ada harganya mencapai {money} per tabung, jauh di atas HET."),
        ("Energi|Migas", "Antrean solar di SPBU|Solar langka di {area}", "Antrean solar di SPBU "
         "{street} mengular sampai {meters} meter setiap hari. Diduga ada pengetap yang membeli "
         "berulang kali."),
        ("Energi", "Tiang listrik miring di {street}|Kabel listrik menjuntai", "Tiang listrik "
         "di {street} {place} miring dan kabelnya menjuntai rendah, membahayakan warga lewat."),
    ], "pemasangan listrik desa untuk {place}|PLTS untuk kampung di {area}",
       "program sambung listrik gratis|kuota LPG 3 kg di {area}"),
    "Administrasi Kependudukan": (9, "Bidang Pelayanan Dukcapil", [
        ("Kependudukan", "KTP elektronik belum jadi|Blangko KTP-el kosong", "Saya sudah "
         "merekam KTP elektronik sejak {since} tapi sampai sekarang belum dicetak dengan alasan "
         "blangko kosong."),
        ("Kependudukan", "Perubahan data KK lama|Urus KK tidak selesai", "Pengurusan perubahan "
         "data Kartu Keluarga di {place} sudah lebih dari {days} hari belum selesai."),
        ("Kependudukan|Inspektorat", "Pungutan saat urus akta kelahiran|Diminta uang urus "
         "akta", "Saat mengurus akta kelahiran anak, ada oknum yang meminta uang {money} agar "
         "cepat selesai. Bukankah layanan adminduk gratis?"),
        ("Kependudukan", "NIK tidak terdaftar|NIK ganda di sistem", "NIK saya tidak terbaca "
         "di sistem saat mendaftar BPJS dan membuka rekening bank, katanya datanya ganda "
         "dengan orang lain."),
        ("Kependudukan|Komunikasi", "Antrean online Disdukcapil penuh|Aplikasi antrean error",
         "Aplikasi antrean online Disdukcapil {area} selalu penuh, kuota habis dalam hitungan "
         "menit sejak {since}."),
    ], "layanan jemput bola perekaman KTP-el di {place}|pelayanan adminduk hari Sabtu",
       "syarat pindah domisili|syarat membuat akta kematian"),
    "Lingkungan Hidup": (9, "Bidang Pengelolaan Sampah", [
        ("Lingkungan Hidup", "Sampah menumpuk di {place}|Sampah tidak diangkut", "Sampah di "
         "TPS {street} menumpuk dan tidak diangkut sejak {since}. Baunya menyengat dan banyak "
         "lalat."),
        ("Penanggulangan Bencana|Pekerjaan Umum", "Banjir setiap hujan di {place}|Rumah warga "
         "kebanjiran", "Setiap hujan deras {place} selalu banjir setinggi lutut orang dewasa. "
         "Air baru surut setelah {hours} jam."),
        ("Lingkungan Hidup", "Limbah perusahaan mencemari sungai|Sungai tercemar limbah",
         "Limbah dari {company} diduga dibuang ke sungai di {place}. Air sungai berubah hitam "
         "dan banyak ikan mati."),
        ("Energi|Lingkungan Hidup", "Lubang bekas tambang tidak direklamasi|Lubang tambang "
         "dekat permukiman", "Lubang bekas tambang batu bara di dekat permukiman {place} "
         "dibiarkan terbuka tanpa pagar dan tanda bahaya. Anak-anak sering bermain di sana."),
        ("Kehutanan|Penanggulangan Bencana", "Pembakaran lahan di {place}|Asap kebakaran lahan",
         "Ada pembakaran lahan di {place} yang menimbulkan asap tebal sampai ke permukiman "
         "sejak {since}."),
    ], "penambahan armada pengangkut sampah di {place}|penanaman pohon di bantaran sungai",
       "jadwal pengangkutan sampah di {place}|syarat izin lingkungan"),
    "Perhubungan": (6, "Bidang Lalu Lintas", [
        ("Perhubungan", "Parkir liar di {street}|Jukir liar minta tarif mahal", "Juru parkir "
         "liar di {street} meminta tarif {money} dan memarkir kendaraan sampai ke badan jalan "
         "sehingga macet."),
        ("Perhubungan", "Lampu lalu lintas mati|Traffic light di {street} rusak", "Lampu lalu "
         "lintas di simpang {street} mati sejak {since} dan sudah terjadi beberapa kecelakaan."),
        ("Perhubungan|Energi", "Truk batu bara lewat jalan umum|Angkutan tambang melanggar jam",
         "Truk angkutan batu bara melintas di {street} pada siang hari padahal dilarang. Jalan "
         "jadi rusak dan berdebu."),
        ("Perhubungan|Inspektorat", "Pungli uji KIR|Biaya KIR tidak resmi", "Saat uji KIR "
         "kendaraan angkutan kami diminta membayar {money} di luar tarif resmi."),
        ("Perhubungan", "Speedboat melebihi kapasitas|Kapal tidak ada pelampung", "Speedboat "
         "rute {route} sering mengangkut penumpang melebihi kapasitas dan tidak menyediakan "
         "pelampung."),
    ], "halte bus di {street}|penambahan rambu di simpang {street}",
       "jadwal bus DAMRI ke bandara|tarif retribusi parkir"),
    "Ketenagakerjaan": (6, "Bidang Hubungan Industrial", [
        ("Tenaga Kerja", "THR tidak dibayar|THR karyawan {company} belum cair", "{company} "
         "tempat saya bekerja belum membayar THR karyawan padahal Lebaran tinggal {days} hari."),
        ("Tenaga Kerja", "Gaji di bawah UMK|Upah tidak sesuai UMK {area}", "Kami karyawan "
         "{company} digaji sekitar {money} per bulan, jauh di bawah UMK {area}."),
        ("Tenaga Kerja", "PHK sepihak tanpa pesangon|Di-PHK tanpa pesangon", "Saya di-PHK "
         "sepihak oleh {company} tanpa pesangon setelah bekerja {years} tahun."),
        ("Tenaga Kerja", "BPJS Ketenagakerjaan tidak didaftarkan|Iuran BPJS dipotong",
         "Iuran BPJS Ketenagakerjaan dipotong dari gaji tetapi ternyata kami tidak didaftarkan "
         "oleh {company}."),
        ("Kepegawaian", "Honorer belum digaji|Gaji PPPK terlambat", "Gaji tenaga honorer dan "
         "PPPK di lingkungan pemerintah daerah belum dibayar selama {months} bulan."),
    ], "pelatihan kerja gratis untuk pemuda {place}|bursa kerja di {area}",
       "syarat membuat kartu AK/1|besaran UMK {area} tahun ini"),
    "Sosial dan Bantuan": (8, "Bidang Perlindungan dan Jaminan Sosial", [
        ("Sosial", "Bansos tidak tepat sasaran|Bantuan sosial salah sasaran", "Penyaluran "
         "bansos di {place} tidak tepat sasaran. Warga mampu dapat, sedangkan warga miskin "
         "seperti tetangga kami tidak."),
        ("Sosial", "Tidak terdaftar DTKS|Keluarga miskin tidak dapat bantuan", "Keluarga saya "
         "termasuk kurang mampu tapi tidak terdaftar di DTKS sehingga tidak bisa menerima "
         "bantuan apa pun."),
        ("Sosial|Inspektorat", "Potongan dana PKH|Dana PKH dipotong oknum", "Dana PKH yang "
         "seharusnya {money} dipotong oleh oknum pendamping sebesar {money2}."),
        ("Sosial", "Lansia terlantar di {place}|Warga ODGJ perlu bantuan", "Ada warga lansia "
         "di {place} yang hidup sendiri dan sakit-sakitan sejak {since}. Mohon bantuan Dinas "
         "Sosial."),
        ("Sosial|Polisi Pamong", "Anak jalanan di simpang {street}|Pengemis di lampu merah",
         "Banyak anak jalanan dan pengemis di simpang {street} setiap sore sampai malam."),
    ], "bedah rumah untuk warga miskin di {place}|posyandu lansia di {place}",
       "cara mendaftar DTKS|jadwal penyaluran BPNT"),
    "Perizinan": (4, "Bidang Pelayanan Perizinan", [
        ("Penanaman Modal", "Izin usaha lama terbit|Pengajuan PBG tidak jelas", "Pengajuan "
         "izin untuk usaha saya melalui OSS sudah {days} hari tidak ada kejelasan."),
        ("Penanaman Modal|Pekerjaan Umum", "Bangunan tanpa izin di {street}|Ruko menutup "
         "drainase", "Ada bangunan ruko di {street} yang dibangun tanpa PBG dan menutup "
         "saluran drainase."),
        ("Penanaman Modal|Inspektorat", "Biaya tidak resmi urus izin|Pungli perizinan", "Saat "
         "mengurus izin usaha diminta biaya tambahan {money} oleh oknum petugas."),
        ("Penanaman Modal|Lingkungan Hidup", "Tower dibangun tanpa sosialisasi|Izin menara "
         "telekomunikasi", "Menara telekomunikasi dibangun di {place} tanpa sosialisasi kepada "
         "warga sekitar."),
    ], "layanan perizinan keliling di {area}", "syarat izin usaha mikro|biaya retribusi PBG"),
    "Ketertiban Umum": (5, "Bidang Ketertiban Umum", [
        ("Polisi Pamong", "Tempat hiburan berisik sampai pagi|Kafe mengganggu warga",
         "Tempat hiburan di {street} beroperasi sampai dini hari dengan musik keras sehingga "
         "mengganggu warga {place}."),
        ("Polisi Pamong", "PKL berjualan di trotoar|Trotoar {street} dipakai PKL", "Pedagang "
         "kaki lima berjualan di trotoar {street} sehingga pejalan kaki terpaksa turun ke jalan."),
        ("Polisi Pamong|Perhubungan", "Balap liar setiap malam|Balap liar di {street}",
         "Setiap malam minggu ada balap liar di {street}, suara knalpot sangat bising."),
        ("Polisi Pamong", "Reklame liar dan spanduk|Baliho roboh di {street}", "Baliho di "
         "{street} dipasang tanpa izin dan hampir roboh menimpa pengguna jalan."),
        ("Polisi Pamong", "Peredaran miras di {place}|Warung jual miras", "Ada warung di "
         "{place} yang menjual minuman keras secara bebas, termasuk kepada anak di bawah umur."),
    ], "patroli malam rutin di {place}", "prosedur penertiban PKL|jam operasional kafe"),
    "Lainnya": (7, "Bagian Umum", [
        ("Inspektorat|Kepegawaian", "Pegawai sering bolos|ASN tidak disiplin", "Ada pegawai "
         "di {office} yang sering tidak masuk kerja dan hanya datang untuk absen."),
        ("Pendapatan", "Bayar pajak kendaraan gagal|Saldo terpotong bayar PKB", "Pembayaran "
         "pajak kendaraan lewat aplikasi gagal tetapi saldo terpotong {money} pada {date}."),
        ("Bank", "Saldo berkurang di ATM|Transaksi ATM gagal", "Transaksi tarik tunai di ATM "
         "gagal tetapi saldo rekening berkurang {money} pada {date}."),
        ("Komunikasi", "Website pemerintah tidak bisa diakses|Situs layanan error", "Website "
         "layanan pemerintah daerah tidak bisa diakses sejak {since}."),
        ("Pemberdayaan Masyarakat|Inspektorat", "Dana desa tidak transparan|Penggunaan dana "
         "desa dipertanyakan", "Penggunaan dana desa di {place} tidak transparan, papan "
         "informasi APBDes tidak pernah dipasang."),
        ("Perindustrian|Pangan", "Harga sembako naik|Beras langka di pasar", "Harga beras dan "
         "minyak goreng di pasar {place} naik tajam sejak {since}."),
        ("Kelautan", "Nelayan sulit mendapat solar|Bantuan alat tangkap tidak merata",
         "Nelayan di {place} kesulitan mendapat solar bersubsidi dan bantuan alat tangkap tidak "
         "merata sejak {since}."),
        ("Pariwisata", "Objek wisata tidak terawat|Toilet di tempat wisata rusak", "Fasilitas "
         "objek wisata dekat {place} rusak dan kotor, toilet tidak berfungsi padahal pengunjung "
         "membayar tiket masuk."),
        ("Perkebunan|Tenaga Kerja", "Plasma sawit tidak dibagi|Konflik lahan dengan perusahaan "
         "sawit", "Kebun plasma sawit untuk warga {place} belum dibagi oleh {company} padahal "
         "sudah dijanjikan sejak {since}."),
        ("Pemuda|Perpustakaan", "Sarana olahraga rusak|GOR tidak terawat", "Lapangan dan GOR "
         "di {place} rusak dan tidak terawat padahal setiap sore dipakai pemuda berlatih."),
        ("Biro Umum|Migas|Perpustakaan", "Mohon perhatian pemerintah provinsi|Aset daerah "
         "terbengkalai", "Gedung milik pemerintah provinsi di {place} terbengkalai sejak "
         "{since} dan dipakai untuk kegiatan yang tidak jelas."),
    ], "perpustakaan keliling ke {place}|perbaikan lapangan olahraga di {place}",
       "pengumuman seleksi pegawai|jam layanan kantor"),
}
# Seasonal lift of a category: (months, factor).
SEASONS = {"Pendidikan": ((6, 7), 2.2), "Lingkungan Hidup": ((11, 12, 1, 2), 1.6),
           "Air Bersih": ((8, 9, 10), 1.6), "Ketenagakerjaan": ((3, 4), 1.8)}

# Description building blocks. {name}, {nik}, {phone}... are the reporter's,
# {oname}, {ophone}... a third party's.
OPENINGS = ("", "", "", "Selamat pagi.", "Selamat siang pak/bu.", "Assalamualaikum.",
            "Yth. Admin LAPOR!,", "Mohon izin melapor.", "Permisi,", "Lapor!")
CLOSINGS = ("Mohon segera ditindaklanjuti.", "Terima kasih.", "Mohon perhatian instansi terkait. "
            "Terima kasih.", "Tolong segera ditangani sebelum ada korban.", "Kami tunggu "
            "tindak lanjutnya.", "Mohon bantuannya pak.", "")
CLOSINGS_POLITE = ("Terima kasih.", "Terima kasih atas perhatiannya.", "Mohon pencerahannya.",
                   "")
DETAILS = ("Kejadian ini sudah berlangsung sejak {since}.", "Kami sudah melapor ke kelurahan "
           "pada {date} tapi belum ada tindak lanjut.", "Lokasinya di dekat {landmark}, "
           "{street}.", "Foto kondisi sudah saya lampirkan.", "Ini sudah kedua kalinya saya "
           "melapor.", "Kerugian yang kami alami sekitar {money}.", "Warga sekitar juga "
           "mengeluhkan hal yang sama.")
SELF = ("Nama saya {name}, warga {place}.", "Saya {name}, NIK {nik}, beralamat di {address}.",
        "Perkenalkan, saya {hon} {first} dari {place}.", "Pelapor: {name}, HP {phone}.",
        "Laporan ini saya sampaikan a.n. {name}.", "Saya warga {address}.",
        "saya {lname} tinggal di {address}.", "Nama: {name} / NIK: {nik}",
        "Saya {name} (NIK {nik}), warga {place}.")
CONTACT = ("Mohon hubungi saya di {phone}.", "No. HP/WA: {phone}", "Bisa dihubungi lewat "
           "email {email}.", "Kontak: {phone} / {email}", "Telp rumah {landline}.", "Foto-foto "
           "ada di IG saya {handle}.", "WA sy {phone} ya")
OTHERS = ("Petugas yang melayani waktu itu {ohon} {oname}.", "Yang meminta uang adalah oknum "
          "bernama {ohon} {ofirst}.", "Tetangga saya {ohon} {oname} juga mengalami hal yang "
          "sama (HP {ophone}).", "Ketua RT kami, {ohon} {oname}, sudah melapor ke kelurahan "
          "tapi tidak ada tanggapan.", "Kendaraan yang terlibat bernomor polisi {plate}.",
          "Sdr. {oname} yang tinggal di {oaddress} bisa jadi saksi.")
CATEGORY_PII = {
    "Kesehatan": ("Nomor BPJS saya {bpjs}.", "No kartu BPJS: {bpjs}"),
    "Administrasi Kependudukan": ("NIK {nik}, No. KK {kk}.", "Nomor KK kami {kk}."),
    "Sosial dan Bantuan": ("NIK saya {nik} dan KK {kk}.", "No KK {kk}"),
    "Perhubungan": ("Plat nomor kendaraannya {plate}.",),
    "Ketertiban Umum": ("Mobil pelaku {plate}.",),
    "Lainnya": ("Nomor rekening saya {account}.", "Nopol kendaraan {plate}."),
}
TITLE_PII = ("{name} - {title}", "Laporan a.n. {name}: {title}", "{title} (NIK {nik_plain})",
             "{title} - hub {phone}")
REASONS = ("Hal ini sangat dibutuhkan warga sekitar.", "Selama ini warga harus pergi jauh.",
           "Semoga bisa masuk anggaran tahun depan.", "Kami siap membantu gotong royong.")
INFO_TAILS = ("Saya ingin tahu syarat dan prosedurnya.", "Di mana saya bisa mendapat info "
              "resminya?", "Terima kasih sebelumnya.", "Apakah ada biayanya?")
INFORMAL = words("saya:sy,tidak:tdk,yang:yg,dengan:dgn,sudah:sdh,mohon:mhn,untuk:utk,"
                 "karena:krn,belum:blm,tolong:tlg,bapak:bpk,sampai:sampe,juga:jg,tanggal:tgl,"
                 "dari:dr,bisa:bs,banyak:byk,sekarang:skrg,padahal:pdhl,tetapi:tp,orang:org,"
                 "lagi:lg,terima kasih:makasih", ",")

# Agency responses. {ohon} {oname} here is the officer.
RESPONSE_OPEN = ("Terima kasih atas laporan Saudara.", "Yth. {salutation}, terima kasih telah "
                 "menyampaikan laporan melalui SP4N-LAPOR!.", "Selamat siang, terima kasih atas "
                 "informasinya.", "Terima kasih atas partisipasi Bapak/Ibu dalam pengawasan "
                 "pelayanan publik.")
RESPONSE_PROGRESS = ("Laporan Saudara telah kami terima dan diteruskan ke {unit} untuk "
                     "ditindaklanjuti.", "Saat ini tim kami sedang melakukan verifikasi lapangan "
                     "di lokasi yang dilaporkan.", "Laporan sedang kami koordinasikan dengan "
                     "instansi terkait dan akan ditindaklanjuti sesuai ketentuan.")
RESPONSE_DONE = ("Kami telah melakukan peninjauan lapangan pada {rdate} dan permasalahan telah "
                 "ditangani.", "Permasalahan yang Saudara laporkan telah selesai ditindaklanjuti "
                 "pada {rdate}.", "Tim {unit} telah turun ke lokasi dan menindaklanjuti laporan "
                 "Saudara. Apabila masih ada kendala silakan sampaikan kembali.", "Kami telah "
                 "memanggil pihak terkait dan memberikan pembinaan sesuai ketentuan.")
RESPONSE_INFO = ("Untuk {info}, silakan datang ke kantor kami pada jam kerja atau menghubungi "
                 "{office_phone}.", "Informasi mengenai {info} dapat dilihat pada laman resmi "
                 "kami.")
RESPONSE_ASPIRATION = ("Usulan Saudara telah kami catat dan akan dibahas dalam perencanaan "
                       "program tahun anggaran berikutnya.",)
RESPONSE_POSTPONED = ("Penanganan laporan ini kami tunda sementara karena masih menunggu "
                      "ketersediaan anggaran.", "Laporan kami tunda karena memerlukan koordinasi "
                      "dengan pemerintah kabupaten/kota.")
RESPONSE_ARCHIVED = ("Laporan kami arsipkan karena pelapor tidak dapat dihubungi untuk "
                     "melengkapi data pendukung.",)
RESPONSE_OFFICER = ("Laporan ini ditindaklanjuti oleh {ohon} {ofirst}, staf {unit}.",
                    "Untuk informasi lebih lanjut silakan menghubungi {ohon} {oname} di "
                    "{office_phone}.", "Petugas kami, {ohon} {oname}, telah menghubungi pelapor "
                    "melalui telepon.")
RESPONSE_CLOSE = ("Terima kasih.", "Salam.", "Hormat kami, Admin {agency}.", "")
# fmt: on

INFORMAL_RULES = [
    (re.compile(rf"\b{long}\b", re.IGNORECASE), short)
    for long, short in (pair.split(":") for pair in INFORMAL)
]


# ---------------------------------------------------------------------------
# The region
# ---------------------------------------------------------------------------

Districts = tuple[tuple[str, tuple[str, ...]], ...]


class RegionError(ValueError):
    """The region file cannot drive the generator (for example no areas)."""


@dataclass(frozen=True, slots=True)
class Place:
    """What the generator knows about one kabupaten/kota."""

    nik_code: str  # 4 digits: province + kabupaten/kota (Kemendagri)
    phone_code: str  # telephone area code
    weight: float  # relative report volume
    districts: Districts  # kecamatan and some of their kelurahan


@dataclass(frozen=True, slots=True)
class Region:
    """The region the records are generated for."""

    tz: tzinfo
    areas: tuple[str, ...]
    agencies: tuple[str, ...]
    places: dict[str, Place]  # one per area
    unknown: Place  # for reports from elsewhere or without a region
    foreign: tuple[str, ...]  # regions outside the list that misrouted reports name

    @property
    def start(self) -> datetime:
        return datetime.combine(FIRST_DAY, time(0, 0, 0), self.tz)

    @property
    def end(self) -> datetime:
        return datetime.combine(LAST_DAY, time(23, 59, 59), self.tz)


def generic_place(area: str, nik_code: str) -> Place:
    """An area without built-in data: neutral kecamatan names, no kelurahan."""
    short = short_area(area)
    districts = tuple((f"{short} {side}", ()) for side in GENERIC_DISTRICTS)
    return Place(nik_code, GENERIC_PHONE_CODE, DEFAULT_WEIGHT, districts)


def region_places(areas: tuple[str, ...], code: str) -> dict[str, Place]:
    """Built-in data for known areas; ``code`` + 01, 02... (by position) for the others."""
    places = {}
    for number, area in enumerate(areas, 1):
        known = AREAS.get(area)
        if known and (not code or known[0].startswith(code)):
            nik_code, phone_code, weight, spec = known
            places[area] = Place(nik_code, phone_code, weight, parse_districts(spec))
        elif not code:
            raise RegionError(
                f"[region] code is needed: {area!r} has no built-in NIK code "
                '(give the 2-digit province code, e.g. code = "32")'
            )
        elif number > 99:
            raise RegionError("[region] areas: at most 99 areas without built-in codes")
        else:
            places[area] = generic_place(area, f"{code}{number:02d}")
    return places


def make_region(settings: Settings) -> Region:
    """The generator's view of a loaded region file."""
    areas = settings.areas
    if not areas or not settings.agencies:
        raise RegionError("[region] areas and agencies must list at least one name each")
    places = region_places(areas, settings.region_code)
    first = places[areas[0]]
    builtin = any(area in AREAS for area in areas)
    return Region(
        tz=settings.tz,
        areas=areas,
        agencies=settings.agencies,
        places=places,
        unknown=Place(first.nik_code, first.phone_code, DEFAULT_WEIGHT, ()),
        foreign=tuple(a for a in FOREIGN_AREAS if a not in areas) if builtin else (),
    )


def load_region(path: Path) -> Region:
    """Read and check a region file such as ``region.toml``."""
    settings = load_settings(path)
    try:
        return make_region(settings)
    except RegionError as exc:
        raise RegionError(f"{path}: {exc}") from None


# ---------------------------------------------------------------------------
# Small value generators
# ---------------------------------------------------------------------------


def pick(rng: random.Random, table: dict[str, float]) -> str:
    """Choose a key of ``table`` with its value as weight."""
    return rng.choices(list(table), weights=list(table.values()))[0]


def digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def short_area(area: str) -> str:
    return area.removeprefix("Kota ").removeprefix("Kabupaten ")


def parse_districts(spec: str) -> Districts:
    """Parse ``"District: kel, kel; District"`` into (district, kelurahan) pairs."""
    pairs = []
    for part in words(spec, ";"):
        name, _, kelurahan = part.partition(":")
        pairs.append((name.strip(), tuple(words(kelurahan, ","))))
    return tuple(pairs)


def id_date(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def date_phrase(rng: random.Random, d: date) -> str:
    month = MONTHS[d.month - 1]
    return rng.choice(
        (id_date(d), f"{d.day:02d}/{d.month:02d}/{d.year}", f"{d.day}-{d.month}-{d.year}",
         f"{DAYS_ID[d.weekday()]}, {id_date(d)}", f"{d.day} {month.lower()}")
    )  # fmt: skip


def since_phrase(rng: random.Random, submitted: datetime) -> str:
    back = rng.randint(5, 200)
    d = (submitted - timedelta(days=back)).date()
    forms = [
        id_date(d),
        f"tanggal {d.day:02d}/{d.month:02d}/{d.year}",
        f"awal {MONTHS[d.month - 1]}",
    ]
    if back >= 60:
        forms.append(f"{back // 30} bulan yang lalu")
    elif back >= 14:
        forms.append(f"{back // 7} minggu lalu")
    return rng.choice(forms)


def rupiah(rng: random.Random, thousands: int) -> str:
    dotted = f"{thousands * 1000:,}".replace(",", ".")
    forms = [f"Rp {dotted}", f"Rp {dotted}", f"Rp{dotted}", f"Rp. {dotted},-"]
    if thousands >= 1000:
        juta = f"{thousands / 1000:g}".replace(".", ",")
        forms += [f"{juta} juta", f"Rp {juta}jt"]
    else:
        forms.append(f"{thousands}rb")
    return rng.choice(forms)


def contract_value(rng: random.Random) -> str:
    millions = rng.randint(3, 70) * 50
    if millions >= 1000:
        return f"Rp {millions / 1000:g} miliar".replace(".", ",")
    return rng.choice((f"Rp {millions} juta", f"Rp {millions}.000.000"))


def phone_variant(rng: random.Random, phone: str) -> str:
    """Write a mobile number ("081234567890") the way people type it."""
    a, b, c, n = phone[:4], phone[4:8], phone[8:], phone[1:]
    return rng.choice(
        (phone, f"{a}-{b}-{c}", f"{a} {b} {c}", f"{a}.{b}.{c}", f"+62 {n[:3]} {n[3:7]} {n[7:]}",
         f"+62{n}", f"62{n}", f"(+62) {n}")
    )  # fmt: skip


def nik_variant(rng: random.Random, nik: str) -> str:
    quads = [nik[i : i + 4] for i in range(0, 16, 4)]
    official = f"{nik[:2]}.{nik[2:4]}.{nik[4:6]}.{nik[6:12]}.{nik[12:]}"
    return rng.choice((nik, nik, " ".join(quads), ".".join(quads), official))


def landline(rng: random.Random, area_code: str) -> str:
    number = rng.choice("7247") + digits(rng, 5)
    return rng.choice((f"({area_code}) {number}", f"{area_code}-{number}", f"{area_code} {number}"))


def plate(rng: random.Random) -> str:
    letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWZ") for _ in range(rng.randint(1, 2)))
    number = rng.randint(1, 9999)
    return rng.choice((f"KT {number} {letters}", f"KT {number} {letters}", f"KT{number}{letters}"))


def make_person(rng: random.Random, code: str) -> dict[str, str]:
    """A synthetic person with NIK and KK of area ``code``, phone, e-mail and handle."""
    gender = rng.choice("MF")
    given = MALE if gender == "M" else FEMALE
    first = rng.choice(given)
    parts, shape = [first], rng.random()
    if shape < 0.15:
        parts.append(rng.choice([g for g in given if g != first]))
    if shape >= 0.05:  # a few people have a single name
        parts.append(rng.choice(FAMILY))
    if rng.random() < 0.05:
        parts.insert(0, "Andi")
    birth = date(rng.randint(1955, 2006), rng.randint(1, 12), rng.randint(1, 28))
    kec, day = f"{rng.randint(1, 12):02d}", birth.day + (40 if gender == "F" else 0)
    serial, issued = rng.randint(1, 2999), f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}"
    f, last = (re.sub("[^a-z]", "", p.lower()) for p in (first, parts[-1]))
    n = rng.randint(1, 99)
    local = rng.choice(
        (
            f"{f}.{last}",
            f"{f}{last}{n}",
            f"{f}_{birth.year % 100:02d}",
            f"{last}.{f}",
            f"{f}{birth.year}",
        )
    )
    return {
        "name": " ".join(parts),
        "first": first,
        "gender": gender,
        "nik": f"{code}{kec}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}",
        "kk": f"{code}{kec}{issued}{rng.randint(10, 24):02d}{rng.randint(1, 9999):04d}",
        "phone": "08" + rng.choice(PHONE_PREFIXES) + digits(rng, rng.choice((7, 8, 8, 8, 9))),
        "email": f"{local}@{rng.choice(EMAIL_DOMAINS)}",
        "handle": "@" + rng.choice((f"{f}{last}", f"{f}_{last}", f"{f}.{last}{n}", f"{f}{n}")),
    }


def honorific(rng: random.Random, person: dict[str, str]) -> str:
    if person["gender"] == "M":
        return rng.choice(("Bapak", "Pak", "Bpk.", "Sdr."))
    return rng.choice(("Ibu", "Bu", "Sdri.", "Ny."))


def address(rng: random.Random, street: str, kelurahan: str) -> str:
    """A house address with number and RT (sometimes RW or kelurahan)."""
    rt, number, form = rng.randint(1, 45), rng.randint(1, 150), rng.random()
    if form < 0.5:
        text = f"{street} No. {number} RT {rt:02d}"
        if rng.random() < 0.4:
            text += f" RW {rng.randint(1, 12):02d}"
    elif form < 0.8:
        text = f"{street} Gg. {rng.choice(GANGS)} {rng.randint(1, 9)} No. {number} RT.{rt:03d}"
    else:
        block = f"{rng.choice('ABCDEFG')}{rng.randint(1, 20)}"
        text = f"Perumahan Griya {rng.choice(COMPANY_B)} Blok {block} No. {number % 40 + 1}"
    return f"{text}, Kel. {kelurahan}" if kelurahan and rng.random() < 0.5 else text


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------


def submission_times(rng: random.Random, count: int, tz: tzinfo) -> list[datetime]:
    """Draw ``count`` submission times: more on weekdays, office hours and some months."""
    total = (LAST_DAY - FIRST_DAY).days
    days = [FIRST_DAY + timedelta(days=i) for i in range(total + 1)]
    weekday_factor = (1.0, 1.0, 1.0, 1.0, 1.0, 0.45, 0.35)
    weights = [
        MONTH_FACTOR[d.month - 1] * weekday_factor[d.weekday()] * (1 + 0.15 * i / total)
        for i, d in enumerate(days)
    ]
    times = []
    for d in rng.choices(days, weights=weights, k=count):
        hour = rng.choices(range(24), weights=HOUR_WEEKDAY if d.weekday() < 5 else HOUR_WEEKEND)[0]
        times.append(datetime.combine(d, time(hour, rng.randint(0, 59), rng.randint(0, 59)), tz))
    return sorted(times)


def add_working_days(day: date, n: int) -> date:
    """The working day ``n`` working days after ``day`` (weekends skipped)."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def office_time(rng: random.Random, after: datetime, n: int) -> datetime:
    """A moment in office hours ``n`` working days after ``after``, and later than it."""
    day = add_working_days(after.date(), n)
    if day == after.date() and after.time() >= time(16, 0):
        day = add_working_days(day, 1)
    lo = datetime.combine(day, time(7, 30), after.tzinfo)
    if day == after.date():
        lo = max(lo, after + timedelta(minutes=5))
    hi = datetime.combine(day, time(16, 30), after.tzinfo)
    return lo + timedelta(seconds=rng.randint(0, int((hi - lo).total_seconds())))


def stage_delay(rng: random.Random, stage: str) -> int:
    """Working days a stage takes; a minority of cases are late."""
    if stage == "verified_at":
        return rng.choices((0, 1, 2, 3, rng.randint(4, 8)), weights=(38, 32, 16, 9, 5))[0]
    if stage == "forwarded_at":
        return rng.choices((0, 1, 2), weights=(70, 25, 5))[0]
    if stage == "first_response_at":
        if rng.random() < 0.15:
            return rng.randint(11, 30)
        return min(rng.randint(1, 10), rng.randint(1, 10))
    return rng.choices((0, rng.randint(1, 5), rng.randint(6, 25)), weights=(35, 45, 20))[0]


def pick_status(rng: random.Random, submitted: datetime, end: datetime) -> str:
    """Older cases are mostly resolved, recent ones mostly open."""
    settled = min((end - submitted).days / STATUS_SETTLE_DAYS, 1.0)
    weights = [o * settled + n * (1 - settled) for o, n in zip(STATUS_OLD, STATUS_NEW, strict=True)]
    return rng.choices(STATUSES, weights=weights)[0]


def timeline(
    rng: random.Random, submitted: datetime, status: str, end: datetime
) -> tuple[str, dict[str, datetime]]:
    """Stage timestamps for ``status``; a stage that would fall after ``end`` cuts it short."""
    if status == "postponed":
        reach = 3 if rng.random() < 0.4 else 2
    elif status == "archived":
        reach = 3 if rng.random() < 0.25 else 1
    else:
        reach = REACHED[status]
    dates: dict[str, datetime] = {}
    previous = submitted
    for stage in STAGES[:reach]:
        moment = office_time(rng, previous, stage_delay(rng, stage))
        if moment > end:
            return FALLBACK[len(dates)], dates
        dates[stage] = previous = moment
    return status, dates


# ---------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------


def informal(rng: random.Random, text: str) -> str:
    """Rewrite text in the SMS/chat register: abbreviations, lost spaces, lowercase."""
    for pattern, short in INFORMAL_RULES:
        if rng.random() < 0.7:
            text = pattern.sub(short, text)
    if rng.random() < 0.4:
        text = re.sub(r"\. (?=\S)", ".", text)
    if rng.random() < 0.3:
        text = text.lower()
    if rng.random() < 0.2:
        text = text.rstrip(".") + "!!"
    return text


def compose_report(rng: random.Random, ctx: dict[str, str]) -> tuple[str, str]:
    """Title and description, with synthetic personal data mixed in."""
    category, rtype = ctx["category"], ctx["type"]
    complaint = rtype == "pengaduan"
    if rtype == "aspirasi":
        proposal = rng.choice(words(CATEGORIES[category][3], "|"))
        title = rng.choice(("Usulan ", "Aspirasi: ", "Mohon ")) + proposal
        lead = "Kami mengusulkan" if "{place}" in proposal else "Kami warga {place} mengusulkan"
        body = f"{lead} {proposal}. {rng.choice(REASONS)}"
    elif rtype == "permintaan_informasi":
        title = rng.choice(("Mohon informasi ", "Informasi ", "Tanya ")) + ctx["info"]
        body = f"Mohon informasi mengenai {ctx['info']}. {rng.choice(INFO_TAILS)}"
    else:
        title, body = rng.choice(words(ctx["issue_titles"], "|")), ctx["issue_body"]
    parts = [rng.choice(OPENINGS)]
    if rng.random() < 0.35:
        parts.append(rng.choice(SELF))
    parts.append(body)
    if complaint and rng.random() < 0.5:
        parts.append(rng.choice(DETAILS))
    if complaint and category in CATEGORY_PII and rng.random() < 0.45:
        parts.append(rng.choice(CATEGORY_PII[category]))
    if complaint and rng.random() < 0.15:
        parts.append(rng.choice(OTHERS))
    if rng.random() < 0.25:
        parts.append(rng.choice(CONTACT))
    parts.append(rng.choice(CLOSINGS if complaint else CLOSINGS_POLITE))
    description = " ".join(p for p in parts if p).format_map(ctx)
    if ctx["channel"] == "twitter" and rng.random() < 0.6:
        description = "@LAPOR1708 " + description
    if rng.random() < INFORMAL_CHANCE[ctx["channel"]]:
        description = informal(rng, description)
    title = title.format_map(ctx)
    title, style = title[0].upper() + title[1:], rng.random()
    if style < 0.06:
        title = rng.choice(TITLE_PII).format_map({**ctx, "title": title})
    elif style < 0.1:
        title = title.upper() + "!!!"
    elif style < 0.18:
        title = title.lower()
    return title, description


def compose_response(rng: random.Random, status: str, ctx: dict[str, str]) -> str:
    """The agency's follow-up text, sometimes naming the officer."""
    if status == "resolved":
        pool = {"aspirasi": RESPONSE_ASPIRATION, "permintaan_informasi": RESPONSE_INFO}
        steps = [pool.get(ctx["type"], RESPONSE_DONE)]
        if ctx["type"] == "pengaduan" and rng.random() < 0.4:
            steps.insert(0, RESPONSE_PROGRESS)
    else:
        pool = {"postponed": RESPONSE_POSTPONED, "archived": RESPONSE_ARCHIVED}
        steps = [pool.get(status, RESPONSE_PROGRESS)]
    parts = [rng.choice(RESPONSE_OPEN), *(rng.choice(step) for step in steps)]
    if rng.random() < 0.25:
        parts.append(rng.choice(RESPONSE_OFFICER))
    parts.append(rng.choice(RESPONSE_CLOSE))
    officer = ctx["officer"]
    values = {**ctx, "ohon": ctx["officer_hon"], "oname": officer, "ofirst": officer.split()[0]}
    return " ".join(p for p in parts if p).format_map(values)


# ---------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------


def pick_region(rng: random.Random, region: Region) -> str:
    r = rng.random()
    if r < FOREIGN_SHARE and region.foreign:
        return rng.choice(region.foreign)
    if r < FOREIGN_SHARE + UNKNOWN_AREA_SHARE:
        return ""
    return rng.choices(region.areas, weights=[region.places[a].weight for a in region.areas])[0]


def pick_category(rng: random.Random, month: int) -> str:
    weights = []
    for name, (weight, *_) in CATEGORIES.items():
        months, lift = SEASONS.get(name, ((), 1.0))
        weights.append(weight * (lift if month in months else 1.0))
    return rng.choices(list(CATEGORIES), weights=weights)[0]


def pick_agency(rng: random.Random, keywords: str, agencies: tuple[str, ...], region: str) -> str:
    """An agency whose name contains one of the issue's keywords (the first preferred)."""
    if region and rng.random() < 0.02:  # sent to the kabupaten/kota, not listed in the config
        return f"Pemerintah {region}"
    keys = words(keywords, "|")
    first = [a for a in agencies if keys[0] in a]
    matching = [a for a in agencies if any(k in a for k in keys)]
    return rng.choice((first if rng.random() < 0.75 else matching) or matching or agencies)


def place_context(rng: random.Random, region: Region, name: str) -> dict[str, str]:
    """Where the case happened: district, kelurahan or village, street, address."""
    known = region.places.get(name, region.unknown)
    code, area_code, districts = known.nik_code, known.phone_code, known.districts
    district, kelurahan = rng.choice(districts) if districts and rng.random() > 0.08 else ("", ())
    kel = rng.choice(kelurahan) if kelurahan else ""
    if kel:
        place = rng.choice(("Kelurahan ", "Kel. ", "kelurahan ")) + kel
    elif district and rng.random() < 0.6:
        place = f"Desa {rng.choice(VILLAGES)}, Kecamatan {district}"
    else:
        place = f"Kecamatan {district}" if district else f"Desa {rng.choice(VILLAGES)}"
    area = short_area(name) or short_area(region.areas[0])
    street = rng.choice(STREETS)
    return {
        "code": code, "area_code": area_code, "district": district, "kel": kel, "place": place,
        "area": area, "street": street, "address": address(rng, street, kel),
        "oaddress": address(rng, rng.choice(STREETS), kel),
        "landmark": rng.choice(LANDMARKS), "route": rng.choice(ROUTES),
        "landline": landline(rng, area_code), "office_phone": landline(rng, area_code),
        "school": rng.choice((f"SDN {rng.randint(1, 40):03d} {district or area}",
                              f"SMPN {rng.randint(1, 20)} {area}",
                              f"SMAN {rng.randint(1, 16)} {area}",
                              f"SMKN {rng.randint(1, 18)} {area}")),
    }  # fmt: skip


def detail_context(rng: random.Random, submitted: datetime) -> dict[str, str]:
    """Amounts, dates, durations and other details the templates mention."""
    amount = rng.randrange(1, len(AMOUNTS))
    mentioned = (submitted - timedelta(days=rng.randint(1, 60))).date()
    return {
        "since": since_phrase(rng, submitted), "date": date_phrase(rng, mentioned),
        "money": rupiah(rng, AMOUNTS[amount]),
        "money2": rupiah(rng, AMOUNTS[rng.randrange(amount)]),
        "contract": contract_value(rng), "days": str(rng.randint(3, 45)),
        "hours": str(rng.randint(2, 8)), "meters": str(rng.choice((150, 200, 300, 450, 800))),
        "years": str(rng.randint(2, 15)), "months": str(rng.randint(2, 5)),
        "company": f"{rng.choice(('PT', 'PT', 'CV'))} {rng.choice(COMPANY_A)} "
                   f"{rng.choice(COMPANY_B)}",
        "plate": plate(rng), "bpjs": "000" + digits(rng, 10), "account": "0" + digits(rng, 9),
    }  # fmt: skip


def person_context(
    rng: random.Random, reporter: dict[str, str], other: dict[str, str]
) -> dict[str, str]:
    """The reporter's and a third party's personal data, as written in free text."""
    return {
        "name": reporter["name"], "first": reporter["first"], "lname": reporter["name"].lower(),
        "hon": honorific(rng, reporter), "nik": nik_variant(rng, reporter["nik"]),
        "nik_plain": reporter["nik"], "kk": reporter["kk"], "email": reporter["email"],
        "phone": phone_variant(rng, reporter["phone"]), "handle": reporter["handle"],
        "ohon": honorific(rng, other), "oname": other["name"], "ofirst": other["first"],
        "ophone": phone_variant(rng, other["phone"]),
        "salutation": f"{honorific(rng, reporter)} {reporter['name']}" if rng.random() < 0.15
        else rng.choice(("Bapak/Ibu Pelapor", "Saudara Pelapor", "Pelapor")),
    }  # fmt: skip


def reporter_fields(rng: random.Random, person: dict[str, str], channel: str) -> dict[str, str]:
    """The identity fields; some sources leave some or all of them empty."""
    if rng.random() < 0.06:
        return {}
    # Chance that name, NIK, phone and e-mail are missing, by channel.
    missing = {"sms": (0.6, 0.7, 0.0, 0.9), "twitter": (0.3, 0.8, 0.5, 0.4)}
    phone = person["phone"] if rng.random() < 0.8 else "+62" + person["phone"][1:]
    values = (person["name"], person["nik"], phone, person["email"])
    keys = ("reporter_name", "reporter_nik", "reporter_phone", "reporter_email")
    chances = missing.get(channel, (0.03, 0.25, 0.08, 0.35))
    return {k: "" if rng.random() < m else v for k, v, m in zip(keys, values, chances, strict=True)}


def make_record(
    rng: random.Random, tracking_id: str, submitted: datetime, config: Region
) -> dict[str, Any]:
    """One synthetic case in the region ``config``, keys in canonical order."""
    region = pick_region(rng, config)
    category = pick_category(rng, submitted.month)
    _, unit, issues, _, infos = CATEGORIES[category]
    keywords, issue_titles, issue_body = rng.choice(issues)
    rtype, channel, privacy = pick(rng, TYPES), pick(rng, CHANNELS), pick(rng, PRIVACY)
    status, dates = timeline(rng, submitted, pick_status(rng, submitted, config.end), config.end)
    agency = pick_agency(rng, keywords, config.agencies, region)
    if status == "unverified" and rng.random() < 0.7:
        agency = ""  # not yet routed to an agency
    ctx = place_context(rng, config, region)
    reporter, other, officer = (make_person(rng, ctx["code"]) for _ in range(3))
    ctx.update(detail_context(rng, submitted))
    ctx.update(person_context(rng, reporter, other))
    responded = dates.get("first_response_at", submitted).date()
    ctx.update(
        category=category, type=rtype, channel=channel, issue_titles=issue_titles,
        issue_body=issue_body, unit=unit, agency=agency or "LAPOR!",
        clinic=agency if "RSUD" in agency else f"Puskesmas {ctx['district'] or ctx['area']}",
        office=f"kantor {agency}" if agency else f"kantor kelurahan {ctx['kel'] or 'kami'}",
        rdate=id_date(responded), officer=officer["name"], officer_hon=honorific(rng, officer),
    )  # fmt: skip
    ctx["info"] = rng.choice(words(infos, "|")).format_map(ctx)
    title, description = compose_report(rng, ctx)
    record: dict[str, Any] = dict.fromkeys(FIELDS, "")
    record.update({stage: moment.isoformat(timespec="seconds") for stage, moment in dates.items()})
    record.update(
        tracking_id=tracking_id, submitted_at=submitted.isoformat(timespec="seconds"),
        title=title, description=description, category=category, agency=agency, region=region,
        district=ctx["district"], channel=channel, type=rtype, status=status, privacy=privacy,
        satisfaction=None,
    )  # fmt: skip
    if "first_response_at" in dates:
        record["response"] = compose_response(rng, status, ctx)
    record.update(reporter_fields(rng, reporter, channel))
    if status == "resolved" and rng.random() < 0.5:
        record["satisfaction"] = rng.choices((1, 2, 3, 4, 5), weights=(8, 10, 20, 32, 30))[0]
    return record


def generate(seed: int, count: int, region: Region) -> list[dict[str, Any]]:
    """``count`` records in submission order; the same arguments give the same records."""
    rng = random.Random(seed)
    counters: dict[int, int] = {}
    records = []
    for submitted in submission_times(rng, count, region.tz):
        year = submitted.year
        if year not in counters:
            counters[year] = rng.randint(1_000, 40_000)
        counters[year] += rng.randint(20, 300)
        tracking_id = f"LAP-{year}-{counters[year]:07d}"
        records.append(make_record(rng, tracking_id, submitted, region))
    return records


def write_jsonl(records: list[dict[str, Any]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the synthetic sample cases (JSONL).")
    parser.add_argument("--seed", type=int, default=1708, help="random seed (default 1708)")
    parser.add_argument("--count", type=int, default=3000, help="records (default 3000)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="JSONL file to write")
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="region file")
    args = parser.parse_args(argv)
    try:
        region = load_region(args.config)
    except (SettingsError, RegionError) as exc:
        print(f"generate_sample: {exc}", file=sys.stderr)
        return 1
    records = generate(args.seed, args.count, region)
    write_jsonl(records, args.output)
    print(f"wrote {len(records)} records to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
