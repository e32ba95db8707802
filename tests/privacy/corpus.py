"""An adversarial corpus for the redactor: synthetic complaint text with planted personal data.

Every person, number, address, account and plate here is invented. Each item
records which substrings are planted personal data (with their kind) and
which substrings must survive redaction. ``names`` are the record's own
reporter name(s), passed to :meth:`Redactor.redact` as the pipeline does.

Used by ``tests/privacy/test_redact.py`` and ``bench/redaction_quality.py``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# What the configuration protects (region.toml areas and agencies, plus a few
# kelurahan/kecamatan names), as the anonymize stage would pass it.
PROTECTED = (
    "Kota Samarinda",
    "Kota Balikpapan",
    "Kota Bontang",
    "Kabupaten Kutai Kartanegara",
    "Kabupaten Kutai Timur",
    "Kabupaten Kutai Barat",
    "Kabupaten Berau",
    "Kabupaten Paser",
    "Kabupaten Penajam Paser Utara",
    "Kabupaten Mahakam Ulu",
    "Dinas Pendidikan dan Kebudayaan",
    "Dinas Kesehatan",
    "Dinas Pekerjaan Umum, Penataan Ruang dan Perumahan Rakyat",
    "Dinas Perhubungan",
    "Dinas Sosial",
    "Dinas Kependudukan, Pemberdayaan Perempuan dan Perlindungan Anak",
    "Dinas Lingkungan Hidup",
    "Dinas Komunikasi dan Informatika",
    "Badan Pendapatan Daerah",
    "Satuan Polisi Pamong Praja",
    "RSUD Abdul Wahab Sjahranie",
    "RSUD Kanujoso Djatiwibowo",
    "Inspektorat Daerah",
    "PT Bank Pembangunan Daerah Kaltim Kaltara",
    "Perumda Air Minum Tirta Kencana",
    "Kalimantan Timur",
    "Samarinda Ulu",
    "Sungai Pinang",
    "Tenggarong",
    "Sangatta",
    "diskominfo@kaltimprov.example",
)

NAME = "name"
NIK = "nik"
ID = "id-number"
BANK = "bank-account"
PHONE = "phone"
EMAIL = "email"
SOCIAL = "social-media"
PLATE = "vehicle-plate"
ADDRESS = "address"
BIRTH = "birth-date"


@dataclass(frozen=True)
class Item:
    """One corpus sentence or paragraph."""

    text: str
    planted: tuple[tuple[str, str], ...] = ()
    survive: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    tags: tuple[str, ...] = field(default=())


def item(
    text: str,
    *planted: tuple[str, str],
    survive: tuple[str, ...] | list[str] = (),
    names: tuple[str, ...] | list[str] = (),
    tags: tuple[str, ...] = (),
) -> Item:
    return Item(text, tuple(planted), tuple(survive), tuple(names), tags)


CORPUS: list[Item] = [
    # ------------------------------------------------------------------
    # Names after honorifics and introducing phrases
    # ------------------------------------------------------------------
    item(
        "Nama saya Budi Santoso, warga Kelurahan Sidodadi, Samarinda Ulu.",
        (NAME, "Budi Santoso"),
        survive=["Kelurahan Sidodadi", "Samarinda Ulu", "warga"],
    ),
    item(
        "nama saya budi santoso mau melapor jalan rusak di jl pramuka",
        (NAME, "budi santoso"),
        survive=["mau melapor jalan rusak", "jl pramuka"],
        tags=("informal", "lowercase"),
    ),
    item(
        "Saya bernama Siti Rahmawati, ibu rumah tangga, tinggal di Sungai Pinang.",
        (NAME, "Siti Rahmawati"),
        survive=["ibu rumah tangga", "Sungai Pinang"],
    ),
    item(
        "sy bernama rina wulandari dr samarinda, mhn bantuan",
        (NAME, "rina wulandari"),
        survive=["mhn bantuan"],
        tags=("informal", "lowercase"),
    ),
    item(
        "Laporan ini saya sampaikan a.n. Hendra Gunawan.",
        (NAME, "Hendra Gunawan"),
        survive=["Laporan ini saya sampaikan"],
    ),
    item(
        "Surat kuasa atas nama Yohanes Pardede sudah saya lampirkan.",
        (NAME, "Yohanes Pardede"),
        survive=["Surat kuasa", "sudah saya lampirkan"],
    ),
    item(
        "Tagihan an. Rusmini Lahang tidak wajar bulan ini.",
        (NAME, "Rusmini Lahang"),
        survive=["Tagihan", "tidak wajar bulan ini"],
    ),
    item(
        "Petugas loket bernama Andi Saputra membentak ibu-ibu yang antre.",
        (NAME, "Andi Saputra"),
        survive=["Petugas loket", "membentak ibu-ibu yang antre"],
    ),
    item(
        "Yang meminta uang adalah oknum bernama Pak Joko.",
        (NAME, "Joko"),
        survive=["Yang meminta uang adalah oknum"],
    ),
    item(
        "Tetangga saya Bapak Agus Setiawan juga mengalami hal yang sama.",
        (NAME, "Agus Setiawan"),
        survive=["Tetangga saya Bapak", "juga mengalami hal yang sama"],
    ),
    item(
        "Sudah saya sampaikan ke Bu Dewi di loket 3 tapi tidak ditanggapi.",
        (NAME, "Dewi"),
        survive=["loket 3", "tidak ditanggapi"],
    ),
    item(
        "pak rudi hartono bilang berkas sy hilang",
        (NAME, "rudi hartono"),
        survive=["bilang berkas sy hilang"],
        tags=("informal", "lowercase"),
    ),
    item(
        "bu yanti petugas kelurahan minta uang 50rb",
        (NAME, "yanti"),
        survive=["petugas kelurahan minta uang 50rb"],
        tags=("informal", "lowercase"),
    ),
    item(
        "Mohon ditindak Bpk. Irwan Siregar yang menahan ijazah anak kami.",
        (NAME, "Irwan Siregar"),
        survive=["Mohon ditindak", "yang menahan ijazah anak kami"],
    ),
    item(
        "Sdr. Fikri Ramadhan yang tinggal di sebelah bisa jadi saksi.",
        (NAME, "Fikri Ramadhan"),
        survive=["yang tinggal di sebelah bisa jadi saksi"],
    ),
    item(
        "Sdri. Nadia Kurniawan dan Sdr/i Lukas Sinaga hadir saat kejadian.",
        (NAME, "Nadia Kurniawan"),
        (NAME, "Lukas Sinaga"),
        survive=["hadir saat kejadian"],
    ),
    item(
        "Saksi kami Saudara Taufik Hidayat dan Saudari Mega Lestari.",
        (NAME, "Taufik Hidayat"),
        (NAME, "Mega Lestari"),
        survive=["Saksi kami"],
    ),
    item(
        "Rumah milik Tn. Herman Lubis dan Ny. Ratna Sari kebanjiran.",
        (NAME, "Herman Lubis"),
        (NAME, "Ratna Sari"),
        survive=["Rumah milik", "kebanjiran"],
    ),
    item(
        "Anak perempuan Nn. Agnes Hutapea tidak diterima di sekolah.",
        (NAME, "Agnes Hutapea"),
        survive=["tidak diterima di sekolah"],
    ),
    item(
        "Kurir paket, Mas Dimas, sering melempar paket ke halaman.",
        (NAME, "Dimas"),
        survive=["Kurir paket", "sering melempar paket ke halaman"],
    ),
    item(
        "mbak lina kasir di loket pembayaran tidak memberi struk",
        (NAME, "lina"),
        survive=["kasir di loket pembayaran tidak memberi struk"],
        tags=("informal", "lowercase"),
    ),
    item(
        "Kak Fitri dari bagian pendaftaran menyuruh kami pulang.",
        (NAME, "Fitri"),
        survive=["dari bagian pendaftaran menyuruh kami pulang"],
    ),
    item(
        "Bang Ucok tukang parkir di depan pasar minta Rp5.000 per motor.",
        (NAME, "Ucok"),
        survive=["tukang parkir di depan pasar", "Rp5.000 per motor"],
    ),
    item(
        "Om Hasan dan Tante Salmah pemilik warung menjual miras.",
        (NAME, "Hasan"),
        (NAME, "Salmah"),
        survive=["pemilik warung menjual miras"],
    ),
    item(
        "Pembangunan masjid dipimpin Haji Zainal Arifin dan Hj. Halimah.",
        (NAME, "Zainal Arifin"),
        (NAME, "Halimah"),
        survive=["Pembangunan masjid dipimpin"],
    ),
    item(
        "Pembangunan musala dikoordinir H. Slamet Riyanto.",
        (NAME, "Slamet Riyanto"),
        survive=["Pembangunan musala dikoordinir"],
    ),
    item(
        "Saya diperiksa oleh dr. Maria Theresia, Sp.PD dan drg. Kevin Tanjaya.",
        (NAME, "Maria Theresia"),
        (NAME, "Sp.PD"),
        (NAME, "Kevin Tanjaya"),
        survive=["Saya diperiksa oleh"],
    ),
    item(
        "Proyek diawasi Ir. Bambang Susilo, M.T. selaku konsultan.",
        (NAME, "Bambang Susilo"),
        survive=["Proyek diawasi", "selaku konsultan"],
    ),
    item(
        "Kepala sekolah, Ibu Wulan Sari, S.Pd., M.Pd., menahan rapor siswa.",
        (NAME, "Wulan Sari"),
        (NAME, "S.Pd."),
        survive=["Kepala sekolah", "menahan rapor siswa"],
    ),
    item(
        "Guru honorer Bapak Ahmad Fauzi S.Pd belum digaji 4 bulan.",
        (NAME, "Ahmad Fauzi"),
        survive=["Guru honorer", "belum digaji 4 bulan"],
    ),
    item(
        "Pak Lurah Budiman Halim tidak pernah ada di kantor.",
        (NAME, "Budiman Halim"),
        survive=["Pak Lurah", "tidak pernah ada di kantor"],
    ),
    item(
        "Ibu Kepala Puskesmas, Ibu Yuliana Sitompul, tidak mau menemui warga.",
        (NAME, "Yuliana Sitompul"),
        survive=["Ibu Kepala Puskesmas", "tidak mau menemui warga"],
    ),
    item(
        "Kepada Yth. Bapak Gubernur Kalimantan Timur, mohon perhatiannya.",
        survive=["Kepada Yth. Bapak Gubernur Kalimantan Timur", "mohon perhatiannya"],
    ),
    item(
        "Kepada Yth. Ibu Kartini Nasution, Kepala Bidang Pelayanan.",
        (NAME, "Kartini Nasution"),
        survive=["Kepala Bidang Pelayanan"],
    ),
    item(
        "Perkenalkan, saya Bapak Slamet dari Loa Janan.",
        (NAME, "Slamet"),
        survive=["Perkenalkan", "dari Loa Janan"],
    ),
    item(
        "Saya Dian Novita, warga Tenggarong, ingin menanyakan bantuan PKH.",
        (NAME, "Dian Novita"),
        survive=["warga Tenggarong", "ingin menanyakan bantuan PKH"],
    ),
    item(
        "Anak saya Putri Ayu ditolak mendaftar di SD negeri terdekat.",
        (NAME, "Putri Ayu"),
        survive=["ditolak mendaftar di SD negeri terdekat"],
    ),
    item(
        "Istri saya, Fatimah Husin, melahirkan di RSUD Abdul Wahab Sjahranie.",
        (NAME, "Fatimah Husin"),
        survive=["melahirkan di RSUD Abdul Wahab Sjahranie"],
    ),
    item(
        "Nama: Rahmat Hidayatullah / Alamat: Samarinda",
        (NAME, "Rahmat Hidayatullah"),
        survive=["Alamat: Samarinda"],
    ),
    item(
        "Pelapor: Veronika Manurung",
        (NAME, "Veronika Manurung"),
    ),
    item(
        "Hormat saya,\nJohan Effendi",
        (NAME, "Johan Effendi"),
        survive=["Hormat saya"],
    ),
    item(
        "ttd. Rusdi Arsyad",
        (NAME, "Rusdi Arsyad"),
    ),
    item(
        "Foto-foto ada di FB: Novita Sari Hamzah",
        (NAME, "Novita Sari Hamzah"),
        survive=["Foto-foto ada di"],
    ),
    item(
        "Dokter jaga, Bapak M. Rizki Ramadhan, menolak pasien BPJS.",
        (NAME, "M. Rizki Ramadhan"),
        survive=["Dokter jaga", "menolak pasien BPJS"],
    ),
    item(
        "Sopir truk itu Bapak Daniel S. kabur setelah menabrak.",
        (NAME, "Daniel S."),
        survive=["Sopir truk itu", "kabur setelah menabrak"],
    ),
    item(
        "BAPAK SUGENG WIBOWO MENGANCAM WARGA",
        (NAME, "SUGENG WIBOWO"),
        survive=["MENGANCAM WARGA"],
        tags=("title", "caps"),
    ),
    item(
        "Pungli oleh Pak Hendrik di Samsat",
        (NAME, "Hendrik"),
        survive=["Pungli oleh Pak", "di Samsat"],
        tags=("title",),
    ),
    item(
        "Bapak/Ibu Stefanus Ajang selaku ketua panitia tidak transparan.",
        (NAME, "Stefanus Ajang"),
        survive=["selaku ketua panitia tidak transparan"],
    ),
    item(
        "Dilayani oleh saudara Eko Prasetyo di meja 2.",
        (NAME, "Eko Prasetyo"),
        survive=["Dilayani oleh", "di meja 2"],
    ),
    item(
        "Yg minta uang itu pak haji dahlan, sdh sy laporkan ke RT",
        (NAME, "dahlan"),
        survive=["Yg minta uang itu"],
        tags=("informal", "lowercase"),
    ),
    # ------------------------------------------------------------------
    # Officers in agency responses
    # ------------------------------------------------------------------
    item(
        "Laporan ini ditindaklanjuti oleh Bapak Hendra Wijaya, staf Bidang Bina Marga.",
        (NAME, "Hendra Wijaya"),
        survive=["Laporan ini ditindaklanjuti oleh", "staf Bidang Bina Marga"],
    ),
    item(
        "Untuk informasi lebih lanjut silakan menghubungi Ibu Sri Wahyuni di kantor kami.",
        (NAME, "Sri Wahyuni"),
        survive=["Untuk informasi lebih lanjut silakan menghubungi", "di kantor kami"],
    ),
    item(
        "Petugas kami, Sdr. Arif Nugroho, telah menghubungi pelapor melalui telepon.",
        (NAME, "Arif Nugroho"),
        survive=["Petugas kami", "telah menghubungi pelapor melalui telepon"],
    ),
    item(
        "Tim telah turun ke lokasi dipimpin Kepala Seksi Jalan, Bapak Yusuf Bakri, S.T.",
        (NAME, "Yusuf Bakri"),
        survive=["Tim telah turun ke lokasi dipimpin Kepala Seksi Jalan"],
    ),
    item(
        "Terima kasih atas laporan Saudara. Laporan telah diteruskan ke Bidang Pelayanan.",
        survive=["Terima kasih atas laporan Saudara.", "Laporan telah diteruskan ke Bidang"],
    ),
    item(
        "Yth. Ibu Halimah Noor, terima kasih telah menyampaikan laporan melalui SP4N-LAPOR!.",
        (NAME, "Halimah Noor"),
        survive=["terima kasih telah menyampaikan laporan melalui SP4N-LAPOR!"],
    ),
    item(
        "Hormat kami, Admin Dinas Perhubungan.",
        survive=["Hormat kami, Admin Dinas Perhubungan."],
    ),
    item(
        "Terima kasih atas partisipasi Bapak/Ibu dalam pengawasan pelayanan publik.",
        survive=["Terima kasih atas partisipasi Bapak/Ibu dalam pengawasan pelayanan publik."],
    ),
    # ------------------------------------------------------------------
    # NIK and KK numbers
    # ------------------------------------------------------------------
    item(
        "NIK saya 6472010101900001 tidak terbaca di sistem.",
        (NIK, "6472010101900001"),
        survive=["tidak terbaca di sistem"],
    ),
    item("NIK: 6472 0101 0190 0002", (NIK, "6472 0101 0190 0002")),
    item("nik sy 6472.0101.0190.0003 tolong dicek", (NIK, "6472.0101.0190.0003")),
    item("No. KK 64.72.01.150324.0004 belum diperbarui.", (NIK, "64.72.01.150324.0004")),
    item("Nomor KK kami 6403121503220015.", (NIK, "6403121503220015")),
    item(
        "Data KTP 6471-0505-8800-0017 dipakai orang lain untuk pinjol.",
        (NIK, "6471-0505-8800-0017"),
        survive=["dipakai orang lain untuk pinjol"],
    ),
    item(
        "E-KTP saya dengan nomor 6472014505950006 hilang di kantor kelurahan.",
        (NIK, "6472014505950006"),
        survive=["hilang di kantor kelurahan"],
    ),
    item("NIK6472010101900007 ganda di DTKS", (NIK, "6472010101900007"), survive=["ganda di DTKS"]),
    item(
        "Pengajuan KTP untuk 6472010101900008 belum jadi sejak Januari 2025.",
        (NIK, "6472010101900008"),
        survive=["belum jadi sejak Januari 2025"],
    ),
    item(
        "Saya Rahmadi Yunus (NIK 6474011212800009), warga Bontang Baru.",
        (NAME, "Rahmadi Yunus"),
        (NIK, "6474011212800009"),
        survive=["warga Bontang Baru"],
    ),
    item(
        "Bantuan untuk 15 KK di RT kami belum cair.",
        survive=["Bantuan untuk 15 KK", "belum cair"],
    ),
    # ------------------------------------------------------------------
    # Telephone numbers
    # ------------------------------------------------------------------
    item("Mohon hubungi saya di 081255501234.", (PHONE, "081255501234")),
    item("No. HP/WA: 0812-5550-1235", (PHONE, "0812-5550-1235")),
    item(
        "hp: 0813 5550 1236 (aktif jam kerja)",
        (PHONE, "0813 5550 1236"),
        survive=["aktif jam kerja"],
    ),
    item("WA sy 0852.5550.1237 ya", (PHONE, "0852.5550.1237"), tags=("informal",)),
    item("Kontak: +62 812 5550 1238", (PHONE, "+62 812 5550 1238")),
    item("telp +6281255501239 kapan saja", (PHONE, "+6281255501239"), survive=["kapan saja"]),
    item("Bisa dihubungi di 6281355501240.", (PHONE, "6281355501240")),
    item("Nomor saya (+62) 82155501241.", (PHONE, "(+62) 82155501241")),
    item("Telp rumah (0541) 741234.", (PHONE, "(0541) 741234"), survive=["Telp rumah"]),
    item(
        "Telepon kantor 0542-725678 tidak pernah diangkat.",
        (PHONE, "0542-725678"),
        survive=["tidak pernah diangkat"],
    ),
    item("hub 0548 412345 utk konfirmasi", (PHONE, "0548 412345"), survive=["utk konfirmasi"]),
    item(
        "Hubungi +62 541 741235 pada jam kerja.",
        (PHONE, "+62 541 741235"),
        survive=["pada jam kerja"],
    ),
    item("Pelapor: 0812 - 5550 - 1242", (PHONE, "0812 - 5550 - 1242")),
    item("No HP 0811 555 01 243 tidak aktif lagi", (PHONE, "0811 555 01 243")),
    item("WA:085155501244", (PHONE, "085155501244")),
    item(
        "Jalan berlubang - hub 087755501245",
        (PHONE, "087755501245"),
        survive=["Jalan berlubang"],
        tags=("title",),
    ),
    item(
        "Tetangga saya juga mengalami hal yang sama (HP 089655501246).",
        (PHONE, "089655501246"),
        survive=["Tetangga saya juga mengalami hal yang sama"],
    ),
    item(
        "Sudah 3 kali telepon ke call center tapi tdk diangkat, no sy 08125550 1247",
        (PHONE, "08125550 1247"),
        survive=["Sudah 3 kali telepon"],
        tags=("informal",),
    ),
    item("Silakan SMS ke 1708 atau hubungi kami.", survive=["SMS ke 1708"]),
    # ------------------------------------------------------------------
    # E-mail addresses
    # ------------------------------------------------------------------
    item(
        "Bisa dihubungi lewat email budi.santoso@example.com.", (EMAIL, "budi.santoso@example.com")
    ),
    item(
        "Kontak: 081255501248 / RINA_W85@MAIL.EXAMPLE",
        (PHONE, "081255501248"),
        (EMAIL, "RINA_W85@MAIL.EXAMPLE"),
    ),
    item(
        "email sy: hendra1985@surel.example, tlg dibalas",
        (EMAIL, "hendra1985@surel.example"),
        survive=["tlg dibalas"],
    ),
    item("Kirim ke contoh.pelapor.fiktif [at] gmail [dot] com", (EMAIL, "contoh.pelapor.fiktif")),
    item("surel: pelapor.fiktif77(at)yahoo.co.id", (EMAIL, "pelapor.fiktif77")),
    item("e-mail saya contoh_fiktif @ gmail . com", (EMAIL, "contoh_fiktif")),
    item("Tulis ke siti+lapor@example.org ya", (EMAIL, "siti+lapor@example.org")),
    item(
        "Pengaduan resmi bisa dikirim ke diskominfo@kaltimprov.example.",
        survive=["diskominfo@kaltimprov.example"],
    ),
    # ------------------------------------------------------------------
    # Social-media accounts
    # ------------------------------------------------------------------
    item("Foto-foto ada di IG saya @rina_fiktif_smd.", (SOCIAL, "@rina_fiktif_smd")),
    item("Video kejadian di tiktok.com/@budifiktif88", (SOCIAL, "budifiktif88")),
    item(
        "Lihat postingan https://www.facebook.com/contoh.pelapor.fiktif/posts/123",
        (SOCIAL, "contoh.pelapor.fiktif"),
    ),
    item(
        "profil instagram.com/dewi.fiktif_01 ada buktinya",
        (SOCIAL, "dewi.fiktif_01"),
        survive=["ada buktinya"],
    ),
    item("Chat langsung wa.me/6281255501249", (SOCIAL, "6281255501249")),
    item(
        "Sudah saya mention di x.com/akunfiktif_99 dan twitter.com/akunfiktif_98",
        (SOCIAL, "akunfiktif_99"),
        (SOCIAL, "akunfiktif_98"),
    ),
    item("IG: budi.fiktif.smd", (SOCIAL, "budi.fiktif.smd")),
    item("Silakan mention @LAPOR1708 untuk pengaduan.", survive=["@LAPOR1708"]),
    item("Harga cabai naik jadi Rp80.000/kg, beli @2 kg saja", survive=["Rp80.000/kg", "@2 kg"]),
    # ------------------------------------------------------------------
    # Other identity numbers
    # ------------------------------------------------------------------
    item(
        "NPWP saya 12.345.678.9-012.345 tidak valid.",
        (ID, "12.345.678.9-012.345"),
        survive=["tidak valid"],
    ),
    item("NPWP 6472010101900010 (format baru)", (ID, "6472010101900010"), survive=["format baru"]),
    item(
        "Nomor BPJS saya 0001234567890 tidak aktif.", (ID, "0001234567890"), survive=["tidak aktif"]
    ),
    item("No kartu BPJS: 0002345678901", (ID, "0002345678901")),
    item(
        "NISN anak saya 0087654321 tidak muncul di Dapodik.",
        (ID, "0087654321"),
        survive=["tidak muncul di Dapodik"],
    ),
    item("Kartu KIP nomor 5432109876 belum diaktifkan.", (ID, "5432109876")),
    item("KKS no 1234 5678 9012 3456 sudah diblokir.", (ID, "1234 5678 9012 3456")),
    item(
        "NIP pegawai tersebut 198503122010011005 tercatat di BKD.",
        (ID, "198503122010011005"),
        survive=["tercatat di BKD"],
    ),
    item(
        "ID pelanggan PLN 532101234567 tagihannya naik.",
        (ID, "532101234567"),
        survive=["tagihannya naik"],
    ),
    item("No. SIM 890123456789 ditahan polisi.", (ID, "890123456789")),
    item("Kode registrasi saya 20250312001 tidak ditemukan.", (ID, "20250312001")),
    # ------------------------------------------------------------------
    # Bank accounts
    # ------------------------------------------------------------------
    item("Nomor rekening saya 0123456789.", (BANK, "0123456789")),
    item("Transfer ke rek BRI 0123-01-012345-50-1 a.n. pengurus.", (BANK, "0123-01-012345-50-1")),
    item("no. rek bank kaltimtara 0011234567 sdh benar", (BANK, "0011234567")),
    item("norek: 1234567890123 (Mandiri)", (BANK, "1234567890123")),
    item(
        "Uang Rp 1.500.000 sudah ditransfer ke rekening 5550123456.",
        (BANK, "5550123456"),
        survive=["Rp 1.500.000"],
    ),
    item(
        "Saldo rekening berkurang Rp 2.500.000 pada 12 Maret 2025.",
        survive=["Rp 2.500.000", "12 Maret 2025"],
    ),
    # ------------------------------------------------------------------
    # Vehicle plates
    # ------------------------------------------------------------------
    item("Kendaraan yang terlibat bernomor polisi KT 1234 AB.", (PLATE, "KT 1234 AB")),
    item(
        "Mobil pelaku KT1234XY parkir di trotoar.",
        (PLATE, "KT1234XY"),
        survive=["parkir di trotoar"],
    ),
    item("Truk B 9876 UVW menumpahkan tanah di jalan.", (PLATE, "B 9876 UVW")),
    item("motor dgn plat kt 4321 zz kabur", (PLATE, "kt 4321 zz"), tags=("informal",)),
    item("Nopol kendaraan DA 77 H.", (PLATE, "DA 77 H")),
    item("Ambulans B 1 XYZ tidak datang.", (PLATE, "B 1 XYZ")),
    item(
        "Seleksi P3K dan K3 di RT 05 ditunda, syarat S1 PGSD atau D3 TI.",
        (ADDRESS, "RT 05"),
        survive=["Seleksi P3K dan K3", "syarat S1 PGSD atau D3 TI"],
    ),
    item("Limbah B3 dibuang ke sungai Karang Mumus.", survive=["Limbah B3", "Karang Mumus"]),
    # ------------------------------------------------------------------
    # Addresses
    # ------------------------------------------------------------------
    item(
        "Saya warga Jl. Pramuka No. 12 RT 05 RW 03, Kel. Sidodadi.",
        (ADDRESS, "No. 12"),
        (ADDRESS, "RT 05 RW 03"),
        survive=["Jl. Pramuka", "Kel. Sidodadi"],
    ),
    item(
        "Alamat: Jl. Juanda Gg. Mawar 3 No. 7 RT.005",
        (ADDRESS, "No. 7"),
        (ADDRESS, "RT.005"),
        survive=["Jl. Juanda Gg. Mawar 3"],
    ),
    item(
        "Rumah kami di Perumahan Griya Sejahtera Blok C-7 kebanjiran.",
        (ADDRESS, "Blok C-7"),
        survive=["Perumahan Griya Sejahtera", "kebanjiran"],
    ),
    item(
        "tinggal di perum citra griya blok d12 no 4",
        (ADDRESS, "blok d12"),
        (ADDRESS, "no 4"),
        survive=["perum citra griya"],
        tags=("informal",),
    ),
    item(
        "Rumah nomor 12A di Jalan Ahmad Yani sering kemasukan air.",
        (ADDRESS, "nomor 12A"),
        survive=["Jalan Ahmad Yani"],
    ),
    item(
        "alamat jl. gatot subroto no.45 rt.12/rw.04 kel. sungai pinang dalam",
        (ADDRESS, "no.45"),
        (ADDRESS, "rt.12/rw.04"),
        survive=["jl. gatot subroto", "kel. sungai pinang dalam"],
        tags=("informal",),
    ),
    item(
        "Saya tinggal di Jl. Slamet Riyadi 27, Samarinda.",
        (ADDRESS, "Slamet Riyadi 27"),
        survive=["Jl. Slamet Riyadi", "Samarinda"],
    ),
    item(
        "RT/RW 015/003 Kelurahan Lempake", (ADDRESS, "RT/RW 015/003"), survive=["Kelurahan Lempake"]
    ),
    item("Kontrakan saya Jl. Merdeka Kav. 9 bocor.", (ADDRESS, "Kav. 9"), survive=["Jl. Merdeka"]),
    item(
        "Sesuai UU No. 27 Tahun 2022 dan Perda No. 5 Tahun 2020 data pribadi wajib dilindungi.",
        survive=["UU No. 27 Tahun 2022", "Perda No. 5 Tahun 2020"],
    ),
    item("Antrean nomor 12 dipanggil setelah 3 jam.", survive=["Antrean nomor 12", "3 jam"]),
    item(
        "Pasien di kamar no. 5 RSUD Kanujoso Djatiwibowo kepanasan.",
        survive=["kamar no. 5", "RSUD Kanujoso Djatiwibowo"],
    ),
    item(
        "Jalan rusak parah sepanjang 500 meter di Jl. Soekarno Hatta Km 5.",
        survive=["sepanjang 500 meter", "Jl. Soekarno Hatta Km 5"],
    ),
    item("Jalan di Gang 3 Sempaja rusak sejak 2023.", survive=["Gang 3 Sempaja", "sejak 2023"]),
    # ------------------------------------------------------------------
    # Dates of birth
    # ------------------------------------------------------------------
    item(
        "tgl lahir 12-03-1985 tercantum salah di KK",
        (BIRTH, "12-03-1985"),
        survive=["tercantum salah di KK"],
    ),
    item(
        "Tempat/tanggal lahir: Samarinda, 12 Maret 1985",
        (BIRTH, "12 Maret 1985"),
        survive=["Samarinda"],
    ),
    item("TTL Balikpapan 05/11/1990", (BIRTH, "05/11/1990")),
    item("anak sy lahir thn 2019 blm dpt akta", (BIRTH, "2019"), tags=("informal",)),
    item(
        "Ibu saya lahir pada tanggal 1 Januari 1950 dan kini sakit.",
        (BIRTH, "1 Januari 1950"),
        survive=["dan kini sakit"],
    ),
    item(
        "Akta kelahiran anak saya belum selesai sejak 12 Maret 2025.",
        survive=["Akta kelahiran", "sejak 12 Maret 2025"],
    ),
    # ------------------------------------------------------------------
    # Reporter's own name (names parameter) wherever it occurs
    # ------------------------------------------------------------------
    item(
        "Budi Santoso - Jalan rusak di Jl. Juanda",
        (NAME, "Budi Santoso"),
        survive=["Jalan rusak di Jl. Juanda"],
        names=["Budi Santoso"],
        tags=("title",),
    ),
    item(
        "saya santoso, bersama budi kecil anak saya, menunggu 3 jam",
        (NAME, "santoso"),
        (NAME, "budi"),
        survive=["anak saya, menunggu 3 jam"],
        names=["Budi Santoso"],
        tags=("lowercase",),
    ),
    item(
        "Laporan a.n. Abdul Rahman: pelayanan di RSUD Abdul Wahab Sjahranie lambat. Rahman.",
        (NAME, "Abdul Rahman"),
        (NAME, "Rahman."),
        survive=["RSUD Abdul Wahab Sjahranie"],
        names=["Abdul Rahman"],
    ),
    item(
        "Rumah keluarga Mappiare di Kutai Kartanegara kebanjiran.",
        (NAME, "Mappiare"),
        survive=["Kutai Kartanegara", "kebanjiran"],
        names=["Andi Mappiare"],
    ),
    item(
        "SITI AMINAH TIDAK DAPAT BANSOS",
        (NAME, "SITI AMINAH"),
        survive=["TIDAK DAPAT BANSOS"],
        names=["Siti Aminah binti Ahmad"],
        tags=("title", "caps"),
    ),
    item(
        "Pelayanan di Berau lambat, kata warga Berau.",
        survive=["Pelayanan di Berau lambat", "warga Berau"],
        names=["Yusran Berau"],
    ),
    # ------------------------------------------------------------------
    # Odd Unicode
    # ------------------------------------------------------------------
    item("HP saya 0812\u200b5550\u200b1250", (PHONE, "081255501250"), tags=("unicode",)),
    item(
        "NIK \uff16\uff14\uff17\uff12\uff10\uff11\uff10\uff11\uff10\uff11\uff19\uff10"
        "\uff10\uff10\uff11\uff11",
        (NIK, "6472010101900011"),
        tags=("unicode",),
    ),
    item("WA 0812\u202e5550\u202c1251", (PHONE, "081255501251"), tags=("unicode",)),
    item("telp 0813\x005550\x001252", (PHONE, "081355501252"), tags=("unicode",)),
    item(
        "nomor \u0660\u0668\u0661\u0662\u0665\u0665\u0665\u0660\u0661\u0662\u0665\u0663",
        (PHONE, "081255501253"),
        tags=("unicode",),
    ),
    item(
        "email budi\u00ad.fiktif@example.com", (EMAIL, "budi.fiktif@example.com"), tags=("unicode",)
    ),
    item("Nama saya\u00a0Wati\u00a0Kadrie", (NAME, "Wati Kadrie"), tags=("unicode",)),
    # ------------------------------------------------------------------
    # Whole reports mixing everything (formal and informal)
    # ------------------------------------------------------------------
    item(
        "Selamat pagi. Saya Fransiska Gunawan, NIK 6472016502880012, beralamat di Jl. M.T. "
        "Haryono No. 88 RT 07, Kel. Air Hitam. Air PDAM di rumah kami tidak mengalir sudah "
        "5 hari sejak 3 Maret 2025 sehingga kami membeli air tandon Rp 150.000 per tandon. "
        "Mohon hubungi saya di 0812-5550-1254 atau fransiska.g@example.net. Terima kasih.",
        (NAME, "Fransiska Gunawan"),
        (NIK, "6472016502880012"),
        (ADDRESS, "No. 88"),
        (ADDRESS, "RT 07"),
        (PHONE, "0812-5550-1254"),
        (EMAIL, "fransiska.g@example.net"),
        survive=[
            "Jl. M.T. Haryono",
            "Kel. Air Hitam",
            "tidak mengalir sudah 5 hari",
            "sejak 3 Maret 2025",
            "Rp 150.000 per tandon",
            "Terima kasih.",
        ],
        names=["Fransiska Gunawan"],
    ),
    item(
        "mhn izin lapor.sy warga rt 12 sempaja selatan,jln depan rmh sy rusak parah udh 2 bln."
        "tdk ada perbaikan.wa sy 0821 5550 1255.makasih",
        (ADDRESS, "rt 12"),
        (PHONE, "0821 5550 1255"),
        survive=["sempaja selatan", "rusak parah udh 2 bln", "tdk ada perbaikan", "makasih"],
        tags=("informal",),
    ),
    item(
        "Dana PKH yg seharusnya Rp 750.000 dipotong oleh oknum pendamping sebesar Rp 150.000. "
        "Pendampingnya bu ani susanti, hp nya 081355501256.",
        (NAME, "ani susanti"),
        (PHONE, "081355501256"),
        survive=["Rp 750.000", "Rp 150.000", "dipotong oleh oknum pendamping"],
        tags=("informal", "lowercase"),
    ),
    item(
        "Pada hari Senin, 10 Februari 2025 pukul 09.15 WITA, saya mengurus KTP di Disdukcapil "
        "Kota Balikpapan. Antrean sampai 120 orang dan hanya 2 loket yang buka (30%). Petugas "
        "Sdr. Kevin Halim meminta Rp 100.000 agar cepat.",
        (NAME, "Kevin Halim"),
        survive=[
            "Senin, 10 Februari 2025 pukul 09.15 WITA",
            "Disdukcapil Kota Balikpapan",
            "120 orang",
            "2 loket",
            "(30%)",
            "Rp 100.000 agar cepat",
        ],
    ),
    item(
        "Proyek jalan senilai Rp 2,5 miliar (Rp2.500.000.000) dikerjakan PT Borneo Jaya "
        "Abadi sejak 01/08/2024 tapi baru selesai 40 persen.",
        survive=[
            "Rp 2,5 miliar",
            "Rp2.500.000.000",
            "PT Borneo Jaya Abadi",
            "01/08/2024",
            "40 persen",
        ],
    ),
    item(
        "Kerugian 2.500.000 rupiah dan 3 unit motor rusak, terjadi tanggal 12/03/2025 jam 21:30.",
        survive=["2.500.000 rupiah", "3 unit motor rusak", "12/03/2025", "21:30"],
    ),
    # ------------------------------------------------------------------
    # Must survive: places, agencies, dates, amounts, content
    # ------------------------------------------------------------------
    item(
        "Jalan di Jl. Ahmad Yani, Kecamatan Sungai Kunjang, Kota Samarinda rusak parah.",
        survive=["Jl. Ahmad Yani", "Kecamatan Sungai Kunjang", "Kota Samarinda", "rusak parah"],
    ),
    item(
        "Dinas Pekerjaan Umum belum memperbaiki jembatan di Kabupaten Kutai Barat.",
        survive=["Dinas Pekerjaan Umum", "Kabupaten Kutai Barat", "jembatan"],
    ),
    item(
        "Pasien di RSUD Abdul Wahab Sjahranie menunggu 6 jam di IGD.",
        survive=["RSUD Abdul Wahab Sjahranie", "menunggu 6 jam di IGD"],
    ),
    item(
        "Ibu hamil dan ibu menyusui di Ibu Kota Nusantara belum dapat layanan posyandu.",
        survive=["Ibu hamil dan ibu menyusui", "Ibu Kota Nusantara", "layanan posyandu"],
    ),
    item(
        "Pak RT dan Bu RT sudah melapor ke kelurahan, Bapak-bapak warga juga.",
        survive=["Pak RT dan Bu RT sudah melapor", "Bapak-bapak warga juga"],
    ),
    item(
        "Perumda Air Minum Tirta Kencana menaikkan tarif 15% mulai 1 Januari 2025.",
        survive=["Perumda Air Minum Tirta Kencana", "tarif 15%", "1 Januari 2025"],
    ),
    item(
        "Harga LPG 3 kg di Sangatta mencapai Rp 45.000 per tabung, jauh di atas HET Rp 18.000.",
        survive=["LPG 3 kg", "Sangatta", "Rp 45.000 per tabung", "HET Rp 18.000"],
    ),
    item(
        "Gaji honorer Rp1,8 juta dibayar terlambat 3 bulan pada tahun 2024 dan 2025.",
        survive=["Rp1,8 juta", "3 bulan", "tahun 2024 dan 2025"],
    ),
    item(
        "Speedboat rute Tanjung Redeb-Maratua membawa 40 penumpang padahal kapasitas 25.",
        survive=["Tanjung Redeb-Maratua", "40 penumpang", "kapasitas 25"],
    ),
    item(
        "Banjir setinggi 1,5 meter merendam 230 rumah di Kelurahan Temindung Permai.",
        survive=["1,5 meter", "230 rumah", "Kelurahan Temindung Permai"],
    ),
    item(
        "Laporan tanggal 2025-03-12 belum ditanggapi sampai 2025-04-01.",
        survive=["2025-03-12", "2025-04-01"],
    ),
    item(
        "Tarif parkir naik dari Rp 2.000 menjadi Rp 5.000 (naik 150%).",
        survive=["Rp 2.000", "Rp 5.000", "150%"],
    ),
    item(
        "Pelayanan di Badan Pendapatan Daerah buka pukul 08.00 sampai 15.30 WITA.",
        survive=["Badan Pendapatan Daerah", "08.00 sampai 15.30 WITA"],
    ),
    item(
        "Anggaran Rp 12.750.000.000 untuk 12 paket pekerjaan tahun anggaran 2025.",
        survive=["Rp 12.750.000.000", "12 paket pekerjaan", "2025"],
    ),
    item(
        "Jemaah haji asal Kutai Timur belum mendapat jadwal keberangkatan.",
        survive=["Jemaah haji asal Kutai Timur", "jadwal keberangkatan"],
    ),
    item(
        "Sekolah SDN 012 Samarinda Ulu meminta uang seragam Rp 650.000.",
        survive=["SDN 012 Samarinda Ulu", "Rp 650.000"],
    ),
    item(
        "Covid-19 dan DBD meningkat di Puskesmas Sempaja pada minggu ke-3 Maret.",
        survive=["Covid-19", "Puskesmas Sempaja", "minggu ke-3 Maret"],
    ),
    item(
        "Terima kasih Bapak dan Ibu petugas Satuan Polisi Pamong Praja yang sigap.",
        survive=["Terima kasih Bapak dan Ibu petugas", "Satuan Polisi Pamong Praja"],
    ),
    item(
        "Pengaduan ini berdasarkan Pasal 5 ayat 2 Perwali Nomor 14 Tahun 2021.",
        survive=["Pasal 5 ayat 2", "Perwali Nomor 14 Tahun 2021"],
    ),
    item(
        "Koordinat lokasi lubang di KM 12 poros Samarinda-Bontang, 200 m dari SPBU.",
        survive=["KM 12 poros Samarinda-Bontang", "200 m dari SPBU"],
    ),
    item(
        "Warga 3 RT yaitu RT 10, RT 11 dan RT 12 terdampak.",
        (ADDRESS, "RT 10"),
        survive=["Warga 3 RT", "terdampak"],
        tags=("over-redaction-accepted",),
    ),
    item(
        "Saya sangat kecewa dengan pelayanan Dinas Kesehatan.",
        survive=["Saya sangat kecewa dengan pelayanan Dinas Kesehatan."],
    ),
    item(
        "Mohon Bapak Walikota meninjau langsung ke lokasi.",
        survive=["Mohon Bapak Walikota meninjau langsung ke lokasi."],
    ),
    item(
        "Saya Warga Bontang Mohon Bantuan Pemerintah Untuk Ibu Hamil",
        survive=["Saya Warga Bontang Mohon Bantuan Pemerintah Untuk Ibu Hamil"],
        tags=("title",),
    ),
    item(
        "Bantuan untuk ibu-ibu PKK di Desa Sumber Sari belum cair, kata bapak kepala desa.",
        survive=["ibu-ibu PKK", "Desa Sumber Sari", "kata bapak kepala desa"],
    ),
    # ------------------------------------------------------------------
    # Second wave: harder spellings
    # ------------------------------------------------------------------
    item(
        "Saya, Wahyu Pratama, warga Loa Bakung.",
        (NAME, "Wahyu Pratama"),
        survive=["warga Loa Bakung"],
    ),
    item(
        "NAMA SAYA ROSMINI HAKIM DARI BERAU",
        (NAME, "ROSMINI HAKIM"),
        survive=["DARI BERAU"],
        tags=("caps",),
    ),
    item(
        "namaku dewi kartika, tolong dibantu",
        (NAME, "dewi kartika"),
        survive=["tolong dibantu"],
        tags=("lowercase",),
    ),
    item(
        "sdr budi hartanto tdk pernah hadir",
        (NAME, "budi hartanto"),
        survive=["tdk pernah hadir"],
        tags=("lowercase",),
    ),
    item(
        "Ibu Theresia Hutapea-Simanjuntak belum menerima gaji.",
        (NAME, "Theresia Hutapea-Simanjuntak"),
        survive=["belum menerima gaji"],
    ),
    item(
        "Bapak Ma'ruf Lejau selaku kepala dusun tidak membantu.",
        (NAME, "Ma'ruf Lejau"),
        survive=["selaku kepala dusun tidak membantu"],
    ),
    item(
        "Bapak I Made Sutama tinggal di Sepaku.",
        (NAME, "Made Sutama"),
        survive=["tinggal di Sepaku"],
    ),
    item(
        "Andi Muhammad Yusran adalah nama lengkap saya, kata Bpk Andi Muhammad Yusran.",
        (NAME, "Andi Muhammad Yusran"),
        names=["Andi Muhammad Yusran"],
    ),
    item(
        "Sudah bertemu Pak Budi, Pak Agus, dan Bu Rina di kantor camat.",
        (NAME, "Budi"),
        (NAME, "Agus"),
        (NAME, "Rina"),
        survive=["di kantor camat"],
    ),
    item(
        "Petugas atas nama Sdr. Yoga Permana menolak berkas saya.",
        (NAME, "Yoga Permana"),
        survive=["menolak berkas saya"],
    ),
    item("Surat an. Ibu Rina Lubis hilang.", (NAME, "Rina Lubis"), survive=["hilang"]),
    item(
        "Kepala Desa Sumber Rejo, Bapak Rahmad Ajang, tidak transparan.",
        (NAME, "Rahmad Ajang"),
        survive=["Kepala Desa Sumber Rejo", "tidak transparan"],
    ),
    item(
        "dah lapor ke pak rt budiono tp gk ada respon",
        (NAME, "budiono"),
        survive=["tp gk ada respon"],
        tags=("informal", "lowercase"),
    ),
    item(
        "dibantu sm bu ani dan dg pak agus",
        (NAME, "ani"),
        (NAME, "agus"),
        tags=("informal", "lowercase"),
    ),
    item(
        "akun FB saya Susanti Lamappa sudah dibajak",
        (NAME, "Susanti Lamappa"),
        survive=["sudah dibajak"],
    ),
    item(
        "Petugas bernama Selvi Irang, A.Md.Kep tidak ramah.",
        (NAME, "Selvi Irang"),
        (NAME, "A.Md.Kep"),
        survive=["tidak ramah"],
    ),
    item(
        "Bapak H. Muh. Saiful Anwar, S.E., M.M. selaku direktur.",
        (NAME, "Muh. Saiful Anwar"),
        (NAME, "M.M."),
        survive=["selaku direktur"],
    ),
    item(
        "0 8 1 2 5 5 5 0 1 2 6 0 nomor sy", (PHONE, "0 8 1 2 5 5 5 0 1 2 6 0"), survive=["nomor sy"]
    ),
    item("HP: 0812-5550-1261/0813-5550-1262", (PHONE, "0812-5550-1261"), (PHONE, "0813-5550-1262")),
    item("+62-812-5550-1263 (WA only)", (PHONE, "+62-812-5550-1263"), survive=["WA only"]),
    item(
        "62 812-5550-1264 bisa ditelepon", (PHONE, "62 812-5550-1264"), survive=["bisa ditelepon"]
    ),
    item(
        "Telp kantor (0541) 741 234 selalu sibuk.",
        (PHONE, "(0541) 741 234"),
        survive=["selalu sibuk"],
    ),
    item(
        "hubungi 0541.741236 atau datang langsung",
        (PHONE, "0541.741236"),
        survive=["atau datang langsung"],
    ),
    item("Telp/WA 081255501265", (PHONE, "081255501265")),
    item(
        "nik 64 72 01 01 01 90 0013 salah ketik",
        (NIK, "64 72 01 01 01 90 0013"),
        survive=["salah ketik"],
    ),
    item("KTP saya 647201 010190 0014.", (NIK, "647201 010190 0014")),
    item(
        "NIK:6472010101900015,KK:6472011503220016",
        (NIK, "6472010101900015"),
        (NIK, "6472011503220016"),
    ),
    item("EMAIL: BUDI.FIKTIF@EXAMPLE.COM", (EMAIL, "BUDI.FIKTIF@EXAMPLE.COM")),
    item(
        "klik mailto:pelapor.fiktif@example.co.id untuk balas",
        (EMAIL, "pelapor.fiktif@example.co.id"),
        survive=["untuk balas"],
    ),
    item(
        "https://instagram.com/budi.fiktif_smd?igsh=abc123 lihat videonya",
        (SOCIAL, "budi.fiktif_smd"),
        survive=["lihat videonya"],
    ),
    item("tiktok @akun.fiktif.77 sudah viral", (SOCIAL, "akun.fiktif.77"), survive=["sudah viral"]),
    item(
        "Plat B-1234-XYZ nyelonong masuk jalur busway",
        (PLATE, "B-1234-XYZ"),
        survive=["nyelonong masuk jalur busway"],
    ),
    item("Mobil dinas KT 1 A dipakai ke mall", (PLATE, "KT 1 A"), survive=["dipakai ke mall"]),
    item(
        "Perum Griya Indah Blok F2/15 banjir",
        (ADDRESS, "Blok F2/15"),
        survive=["Perum Griya Indah", "banjir"],
    ),
    item("Komplek Korpri Blok A No. 3 gelap", (ADDRESS, "No. 3"), survive=["Komplek Korpri"]),
    item(
        "rumah sy di gg mawar no 5 rt 03",
        (ADDRESS, "no 5"),
        (ADDRESS, "rt 03"),
        survive=["gg mawar"],
        tags=("informal",),
    ),
    item("Rt. 05 Rw. 02 dan RT005/RW002", (ADDRESS, "Rt. 05 Rw. 02"), (ADDRESS, "RT005/RW002")),
    item("TTL: Samarinda/12-03-1985", (BIRTH, "12-03-1985"), survive=["Samarinda"]),
    item("lahir tgl 05-11-1990 di RSUD", (BIRTH, "05-11-1990")),
    item("Tanggal Lahir 3 Juni 1978", (BIRTH, "3 Juni 1978")),
    item(
        "No. Peserta JKN-KIS 0001234567891 tidak aktif",
        (ID, "0001234567891"),
        survive=["tidak aktif"],
    ),
    item("NPWP: 09.254.294.3-407.000", (ID, "09.254.294.3-407.000")),
    item(
        "IMEI 356938035643809 hp saya hilang", (ID, "356938035643809"), survive=["hp saya hilang"]
    ),
    item("rekening BCA a.n. Budi Fiktif 1234567891", (BANK, "1234567891"), (NAME, "Budi Fiktif")),
    item("Bayar ke VA 8808123456789012", (BANK, "8808123456789012")),
    item(
        "Laporan saya sebelumnya LAP-2025-0001234 tidak ditanggapi.",
        (ID, "2025-0001234"),
        survive=["tidak ditanggapi"],
    ),
    item(
        "di atas het.sdr.hana fauzi yg tinggal di dekat pasar bisa jadi saksi.",
        (NAME, "hana fauzi"),
        survive=["yg tinggal di dekat pasar bisa jadi saksi."],
        tags=("informal", "lowercase"),
    ),
    item(
        "Ini sudah kedua kalinya saya melapor.Sdr.Irwan Jumri Susanto bs jadi saksi.",
        (NAME, "Irwan Jumri Susanto"),
        survive=["Ini sudah kedua kalinya saya melapor.", "bs jadi saksi."],
        tags=("informal",),
    ),
    item(
        "sy ayu fatimah nasution tinggal di Perumahan Griya Abadi, mohon dibantu.",
        (NAME, "ayu fatimah nasution"),
        survive=["tinggal di Perumahan Griya Abadi", "mohon dibantu"],
        tags=("informal", "lowercase"),
    ),
    item(
        "saya rina, warga Kelurahan Lempake, belum dapat bantuan.",
        (NAME, "rina"),
        survive=["warga Kelurahan Lempake", "belum dapat bantuan"],
        tags=("informal", "lowercase"),
    ),
    item(
        "Rusdi Nasution - Antrean online Disdukcapil penuh",
        (NAME, "Rusdi Nasution"),
        survive=["Antrean online Disdukcapil penuh"],
        tags=("title",),
    ),
    item(
        "Petugas yg melayani waktu itu Pak Fikri Reza Jalung.",
        (NAME, "Fikri Reza Jalung"),
        survive=["Petugas yg melayani waktu itu Pak"],
        names=["Fikri Anwar"],
    ),
    item(
        "Yang bertanda tangan di bawah ini: Nama : Yohana Lahang Umur : 45 tahun Alamat : "
        "Jl. Cendana No 7",
        (NAME, "Yohana Lahang"),
        (ADDRESS, "No 7"),
        survive=["Umur : 45 tahun Alamat : Jl. Cendana"],
    ),
    item(
        "Terima kasih Pak Joko atas bantuannya. Salam, Dewi",
        (NAME, "Joko"),
        (NAME, "Dewi"),
        survive=["Terima kasih Pak", "atas bantuannya. Salam,"],
    ),
    item(
        "Terlapor: Hendra Gunawan, S.H. (oknum lurah)",
        (NAME, "Hendra Gunawan"),
        (NAME, "S.H."),
        survive=["(oknum lurah)"],
    ),
    item(
        "Pelaku pemukulan adalah Agus alias Acong, warga Sempaja.",
        (NAME, "Agus"),
        (NAME, "Acong"),
        survive=["Pelaku pemukulan adalah", "alias", "warga Sempaja."],
    ),
    item(
        "Dokter Andi menolak pasien, padahal Dokter Gigi dan Guru Honorer sudah datang.",
        (NAME, "Andi"),
        survive=["menolak pasien, padahal Dokter Gigi dan Guru Honorer sudah datang."],
    ),
    item(
        "Dr. Hendrawan Sp.OG sering tidak praktek, dr. M. Rizki, Sp.A juga.",
        (NAME, "Hendrawan"),
        (NAME, "Sp.OG"),
        (NAME, "M. Rizki"),
        survive=["sering tidak praktek", "juga."],
    ),
    item(
        "Suami saya Bambang sudah meninggal, sy janda dan tinggal di Palaran.",
        (NAME, "Bambang"),
        survive=["sudah meninggal, sy janda dan tinggal di Palaran."],
    ),
    item(
        "Kontak person: Bapak Yusran (0812-5550-8888). CP: Ibu Sari 081255509999",
        (NAME, "Yusran"),
        (PHONE, "0812-5550-8888"),
        (NAME, "Sari"),
        (PHONE, "081255509999"),
    ),
    item(
        "Bu Lurah Hj. Siti Rahmah tidak ada, pak kades samsul arifin menjual tanah desa.",
        (NAME, "Siti Rahmah"),
        (NAME, "samsul arifin"),
        survive=["Bu Lurah Hj.", "tidak ada, pak kades", "menjual tanah desa."],
    ),
    item("Telp (0541) 74.12.36 tidak aktif", (PHONE, "(0541) 74.12.36"), survive=["tidak aktif"]),
    item(
        "IG @@budi_fiktif_77 dan @ @ bukan akun",
        (SOCIAL, "budi_fiktif_77"),
        survive=["@ @ bukan akun"],
    ),
    item(
        "No HP : 0812 - 555 - 01235 atau hp 0812555 01236",
        (PHONE, "0812 - 555 - 01235"),
        (PHONE, "0812555 01236"),
    ),
    item(
        "NIK 6472 0101 0190 0003 ,NIK istri 6472014101920004",
        (NIK, "6472 0101 0190 0003"),
        (NIK, "6472014101920004"),
    ),
    item("api.whatsapp.com/send?phone=6281255501237", (SOCIAL, "6281255501237")),
    item(
        "Bapak Budi H. Santoso dan Ibu Rina S. hadir di rapat.",
        (NAME, "Budi H. Santoso"),
        (NAME, "Rina S."),
        survive=["dan Ibu", "hadir di rapat."],
    ),
    # ------------------------------------------------------------------
    # Second wave: must survive
    # ------------------------------------------------------------------
    item(
        "Biaya Rp. 2.500.000,- dan Rp 2.500.000,00 serta IDR 2,500,000 dan USD 1,000.",
        survive=["Rp. 2.500.000,-", "Rp 2.500.000,00", "IDR 2,500,000", "USD 1,000"],
    ),
    item(
        "Uang Rp2500000 atau 2500000 rupiah atau sebesar 2.500.000.000.",
        survive=["Rp2500000", "2500000 rupiah", "2.500.000.000"],
    ),
    item(
        "Rp 15.000.000 (lima belas juta rupiah) untuk 150.000 jiwa dan 3.500.000 ton.",
        survive=["Rp 15.000.000", "150.000 jiwa", "3.500.000 ton"],
    ),
    item(
        "Kejadian 12.03.2025 10.30 dan 2025/03/12, jam 08.00-16.00, pukul 10:30:45.",
        survive=["12.03.2025 10.30", "2025/03/12", "08.00-16.00", "10:30:45"],
    ),
    item(
        "Periode 2020-2024 dan tahun 2020 2021 2022 serta 12 Maret 2025 - 15 Maret 2025.",
        survive=["2020-2024", "2020 2021 2022", "12 Maret 2025 - 15 Maret 2025"],
    ),
    item(
        "Dari tanggal 01-03-2025 s.d. 31-03-2025 (Senin 12/3).",
        survive=["01-03-2025 s.d. 31-03-2025", "Senin 12/3"],
    ),
    item("Titik koordinat -0.502106, 117.153709 di tepi jalan.", survive=["-0.502106, 117.153709"]),
    item(
        "Luas lahan 2.500 m2 untuk 1.500 KK, ongkos naik 12,5%.",
        survive=["2.500 m2", "1.500 KK", "12,5%"],
    ),
    item(
        "Mohon Bapak Presiden dan Pak Wali Kota serta Bapak Ketua DPRD hadir.",
        survive=["Bapak Presiden dan Pak Wali Kota serta Bapak Ketua DPRD hadir"],
    ),
    item(
        "Harga mas kawin naik, kata pak ogah di simpang.",
        survive=["mas kawin naik", "pak ogah di simpang"],
    ),
    item(
        "Bapak Kos dan Ibu Kos menaikkan sewa, Pak Tani juga mengeluh.",
        survive=["Bapak Kos dan Ibu Kos", "Pak Tani juga mengeluh"],
    ),
    item(
        "Saya Mewakili Warga, Saya Merasa Dirugikan Dan Saya Berharap Ada Solusi",
        survive=["Saya Mewakili Warga", "Saya Merasa Dirugikan", "Saya Berharap Ada Solusi"],
        tags=("title",),
    ),
    item(
        "Keluhan Pelayanan Ibu Bidan Desa Yang Galak",
        survive=["Keluhan Pelayanan Ibu Bidan Desa Yang Galak"],
        tags=("title",),
    ),
    item(
        "Mohon Bantuan Bapak Bupati Berau Untuk Jalan Kampung",
        survive=["Mohon Bantuan Bapak Bupati Berau Untuk Jalan Kampung"],
        tags=("title",),
    ),
    item(
        "Terima kasih, Ibu. Saya sudah terima bantuannya.",
        survive=["Terima kasih, Ibu. Saya sudah terima bantuannya."],
    ),
    item(
        "Jalan Poros Samarinda-Bontang KM 25 longsor sepanjang 30 meter.",
        survive=["Jalan Poros Samarinda-Bontang KM 25", "30 meter"],
    ),
    item("Silakan hubungi call center 112 atau 1500-567.", survive=["call center 112", "1500-567"]),
    item(
        "Bantuan untuk 1.234 penerima PKH tahap 3 tahun 2025 senilai Rp 3,2 miliar.",
        survive=["1.234 penerima PKH tahap 3 tahun 2025", "Rp 3,2 miliar"],
    ),
    item(
        "saya pensiunan tinggal di Loa Janan, saya dulu tinggal di Sempaja, sy sendiri dari Berau.",
        survive=[
            "saya pensiunan tinggal di Loa Janan",
            "saya dulu tinggal di Sempaja",
            "sy sendiri dari Berau",
        ],
        tags=("informal",),
    ),
    item(
        "Sungai Karang Mumus - Banjir setiap hujan",
        survive=["Sungai Karang Mumus - Banjir setiap hujan"],
        tags=("title",),
    ),
    item(
        "Jalan Rusak Parah - Mohon Perbaikan Segera",
        survive=["Jalan Rusak Parah - Mohon Perbaikan Segera"],
        tags=("title",),
    ),
    item(
        "Kota Samarinda: Lampu Jalan Mati",
        survive=["Kota Samarinda: Lampu Jalan Mati"],
        tags=("title",),
    ),
    item(
        "Sopir Angkot dan Sopir Bus ugal-ugalan, Kurir Paket telat, Salam Sejahtera.",
        survive=["Sopir Angkot dan Sopir Bus ugal-ugalan, Kurir Paket telat, Salam Sejahtera."],
    ),
    item(
        "UU No 23 Thn 2014 tentang Pemda dan SK Gubernur Nomor 100/K.123/2025 berlaku.",
        survive=["UU No 23 Thn 2014", "SK Gubernur Nomor 100/K.123/2025"],
    ),
    item(
        "Dinas Kesehatan dan RSUD Kanujoso Djatiwibowo di Kota Balikpapan.",
        survive=["Dinas Kesehatan", "RSUD Kanujoso Djatiwibowo", "Kota Balikpapan"],
    ),
]


# ---------------------------------------------------------------------------
# Names that no cue word introduces (issue 8): generated variants
# ---------------------------------------------------------------------------

#: Other reporters in the same input (the pipeline passes every reporter's name
#: as ``known_names``). Invented.
KNOWN_NAMES = ("Sukirman", "Darmawansyah", "Yohana Sitompul", "Indah", "Jaya")

# Invented combinations of common Indonesian given names and surnames.
_FIRST = (
    "Joko", "Hendra", "Slamet", "Sutrisno", "Bambang", "Rudi", "Yusuf", "Dedi", "Eko", "Irfan",
    "Fajar", "Heru", "Wahyu", "Andi", "Taufik", "Hadi", "Teguh", "Arif", "Rizky", "Fitri",
)  # fmt: skip
_LAST = (
    "Rahman", "Prasetyo", "Saputra", "Hidayat", "Nugroho", "Siregar", "Harahap", "Pratama",
    "Wibowo", "Susanto", "Kusnadi", "Lubis", "Tambunan", "Gunawan", "Setiawan", "Purnomo",
    "Hartono", "Kurniawan", "Santoso", "Firmansyah",
)  # fmt: skip


def _pairs(count: int, offset: int = 0) -> list[tuple[str, str]]:
    return [
        (_FIRST[(i + offset) % len(_FIRST)], _LAST[(i * 7 + offset) % len(_LAST)])
        for i in range(count)
    ]


_UNCUED_TEMPLATES = (
    (
        "Petugas kami, {f} {l} (HP 0812-5550-{n:04d}), telah meninjau lokasi.",
        ["telah meninjau lokasi"],
    ),
    ("Petugas kami {f} {l} telah meninjau lokasi pada hari Senin.", ["telah meninjau lokasi"]),
    ("Terima kasih. {f} {l} dari bagian teknis akan menghubungi Anda.", ["dari bagian teknis"]),
    ("Laporan sudah diteruskan kepada {f} {l} untuk ditindaklanjuti.", ["untuk ditindaklanjuti"]),
    ("Tim lapangan yang dipimpin {f} {l} sudah memperbaiki pipa.", ["sudah memperbaiki pipa"]),
    ("Hasil peninjauan {f} {l} dan tim: saluran tersumbat sampah.", ["saluran tersumbat sampah"]),
    ("Mohon maaf, {f} {l} sedang cuti sehingga berkas tertunda.", ["sedang cuti"]),
    ("Yang bertugas saat itu {f} {l}, staf Dinas Perhubungan.", ["Dinas Perhubungan"]),
    ("Menurut {f} {l}, pekerjaan selesai akhir bulan.", ["pekerjaan selesai akhir bulan"]),
    ("Berkas diterima {f} {l} di loket 3 pukul 10.15.", ["di loket 3 pukul 10.15"]),
    ("Kontraktor menunjuk {f} {l} sebagai pengawas proyek.", ["sebagai pengawas proyek"]),
    ("JAWABAN: PETUGAS KAMI {F} {L} SUDAH KE LOKASI.", ["SUDAH KE LOKASI"]),
    ("Sudah dicek oleh {f}, jalan akan ditambal minggu depan.", ["jalan akan ditambal"]),
    ("Petugas kami, {f}, sudah mendatangi rumah pelapor.", ["sudah mendatangi rumah pelapor"]),
    ("Ananda {f} {l} belum menerima KIP sampai sekarang.", ["belum menerima KIP"]),
)


def _uncued_items() -> list[Item]:
    items = []
    for t, (template, keep) in enumerate(_UNCUED_TEMPLATES):
        for i, (first, last) in enumerate(_pairs(6, offset=t)):
            text = template.format(
                f=first, l=last, F=first.upper(), L=last.upper(), n=1000 + 10 * t + i
            )
            planted = (
                [(NAME, first)]
                if "{l}" not in template and "{L}" not in template
                else [(NAME, f"{first} {last}")]
            )
            if "HP" in template:
                planted.append((PHONE, f"0812-5550-{1000 + 10 * t + i:04d}"))
            items.append(item(text, *planted, survive=keep, tags=("uncued",)))
    return items


# Each shape quoted in issue 8, several variants each: (text, planted names separated by
# "|", must-survive substrings, the record's own reporter names).
_SHAPES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    # a lower-case name after a capitalised honorific
    (
        "Yth. Bpk. hendra wiyata, mohon ditindaklanjuti.",
        "hendra wiyata",
        ("mohon ditindaklanjuti",),
        (),
    ),
    ("Kepada Yth. Ibu sutrisno wati di tempat.", "sutrisno wati", ("di tempat",), ()),
    (
        "Saya sudah bertemu Bapak joko susanto tapi belum ada hasil.",
        "joko susanto",
        ("belum ada hasil",),
        (),
    ),
    ("Sdr. bambang hartono tidak datang.", "bambang hartono", ("tidak datang",), ()),
    (
        "Ibu fitri handayani sudah menerima berkas.",
        "fitri handayani",
        ("sudah menerima berkas",),
        (),
    ),
    (
        "Bpk. slamet widarto menjanjikan perbaikan.",
        "slamet widarto",
        ("menjanjikan perbaikan",),
        (),
    ),
    # "Dr" without a full stop
    (
        "Anak saya diperiksa Dr Andi Wijaya tapi tidak diberi obat.",
        "Andi Wijaya",
        ("tidak diberi obat",),
        (),
    ),
    ("Dr Hendra menolak pasien BPJS.", "Hendra", ("menolak pasien BPJS",), ()),
    ("Jadwal Dr Fitri Lestari sering kosong.", "Fitri Lestari", ("sering kosong",), ()),
    ("DR Teguh Prasetyo tidak hadir di poli.", "Teguh Prasetyo", ("tidak hadir di poli",), ()),
    # a role and an administrative unit between the honorific and the name
    (
        "Bapak Kepala Desa Sutrisno tidak mau menandatangani surat.",
        "Sutrisno",
        ("tidak mau menandatangani surat",),
        (),
    ),
    (
        "Ibu Kepala Sekolah Fitriani meminta uang seragam.",
        "Fitriani",
        ("meminta uang seragam",),
        (),
    ),
    (
        "Pak Kepala Dinas Bambang Hartono belum menjawab.",
        "Bambang Hartono",
        ("belum menjawab",),
        (),
    ),
    ("Kepala Desa Suparman menahan bantuan warga.", "Suparman", ("menahan bantuan warga",), ()),
    ("Lurah Hendrawan tidak pernah di kantor.", "Hendrawan", ("tidak pernah di kantor",), ()),
    (
        "Ketua RT Slamet Widodo memungut biaya surat.",
        "Slamet Widodo",
        ("memungut biaya surat",),
        (),
    ),
    # a line break after the honorific
    ("Tembusan kepada Bapak\nSutrisno Hadi", "Sutrisno Hadi", ("Tembusan kepada Bapak",), ()),
    ("Hormat kami,\nBapak\nJoko Prasetyo\nKepala Seksi", "Joko Prasetyo", ("Kepala Seksi",), ()),
    (
        "Sudah saya sampaikan ke Ibu\nWulandari Saputri di loket.",
        "Wulandari Saputri",
        ("di loket",),
        (),
    ),
    ("Diterima oleh Pak\nHeru tanggal 3 Mei.", "Heru", ("tanggal 3 Mei",), ()),
    # a capitalised first name, a lower-case surname
    (
        "Ibu Wayan sukertiasih sudah tiga kali datang.",
        "Wayan sukertiasih",
        ("sudah tiga kali datang",),
        (),
    ),
    ("Bapak Made suwirya belum dapat bantuan.", "Made suwirya", ("belum dapat bantuan",), ()),
    ("Sdr. Ketut darmayasa membawa berkas.", "Ketut darmayasa", ("membawa berkas",), ()),
    ("Ibu Nyoman artini dipungut biaya.", "Nyoman artini", ("dipungut biaya",), ()),
    # "bin"/"binti" and the father's name
    (
        "Pemohon Sdr. Ahmad Fauzi bin Abdulkadirsyah ditolak.",
        "Ahmad Fauzi|Abdulkadirsyah",
        ("ditolak",),
        (),
    ),
    (
        "Ahli waris Siti Aminah binti Muhammad Yasin belum dipanggil.",
        "Siti Aminah|Muhammad Yasin",
        ("belum dipanggil",),
        (),
    ),
    (
        "Tanah atas nama almarhum Rahmat bin Sulaiman diserobot.",
        "Rahmat|Sulaiman",
        ("diserobot",),
        (),
    ),
    ("Akta kematian Hasan bin Jaelani belum terbit.", "Hasan|Jaelani", ("belum terbit",), ()),
    # the reporter's own name with and without accents and apostrophes
    (
        "Maruf Hidayat sudah melapor dua kali.",
        "Maruf Hidayat",
        ("sudah melapor dua kali",),
        ("Ma'ruf Hidayat",),
    ),
    (
        "Kata petugas, Ma'ruf harus datang lagi.",
        "Ma'ruf",
        ("harus datang lagi",),
        ("Maruf Setiadi",),
    ),
    (
        "Ma’ruf setiadi menunggu jawaban.",
        "Ma’ruf setiadi",
        ("menunggu jawaban",),
        ("Maruf Setiadi",),
    ),
    (
        "Berkas Syafi'i Rahmat hilang di kantor.",
        "Syafi'i Rahmat",
        ("hilang di kantor",),
        ("Syafii Rahmat",),
    ),
    (
        "Surat untuk René Siregar salah alamat.",
        "René Siregar",
        ("salah alamat",),
        ("Rene Siregar",),
    ),
    (
        "Andreas Wibisono menunggu di ruang tunggu.",
        "Andreas Wibisono",
        ("menunggu di ruang tunggu",),
        ("Andréas Wibisono",),
    ),
    # glued and spelt-out names
    ("Akun atas laporan JokoRahman tidak bisa dibuka.", "JokoRahman", ("tidak bisa dibuka",), ()),
    ("Pesan dari HendraSaputra belum dibalas.", "HendraSaputra", ("belum dibalas",), ()),
    (
        "Pengirim: jokorahman, pesan belum dibaca.",
        "jokorahman",
        ("pesan belum dibaca",),
        ("Joko Rahman",),
    ),
    (
        "Nama di kuitansi J o k o  R a h m a n padahal bukan saya.",
        "J o k o  R a h m a n",
        ("padahal bukan saya",),
        (),
    ),
    ("Tanda tangan S u t r i s n o dipalsukan.", "S u t r i s n o", ("dipalsukan",), ()),
    (
        "saya s i t i  a m i n a h sudah antre.",
        "s i t i  a m i n a h",
        ("sudah antre",),
        ("Siti Aminah",),
    ),
)

# Another reporter's name (in KNOWN_NAMES), lower case, one word or full.
_CROSS_REPORTER_SHAPES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("sudah saya sampaikan ke sukirman tapi tidak ada tanggapan.", "sukirman", ("tidak ada",)),
    ("Rumah darmawansyah juga kebanjiran.", "darmawansyah", ("juga kebanjiran",)),
    ("Kata SUKIRMAN, air mati sejak Senin.", "SUKIRMAN", ("air mati sejak Senin",)),
    ("Sukirman dan saya sama-sama antre.", "Sukirman", ("sama-sama antre",)),
    ("Tetangga saya yohana sitompul juga mengadu.", "yohana sitompul", ("juga mengadu",)),
    ("Yohana  Sitompul sudah tiga kali datang.", "Yohana  Sitompul", ("tiga kali datang",)),
    ("Pemandangan indah, semoga kota tetap jaya.", "", ("Pemandangan indah", "tetap jaya")),
)

# Must survive: streets, hospitals, places and agencies named after people,
# common words that are also names, capitalised complaint titles.
_KEEP = (
    "Jalan di Jl. Sudirman dan Jalan Ahmad Yani berlubang.",
    "Dirujuk ke RSUD Abdul Wahab Sjahranie lalu ke RSUD Kanujoso Djatiwibowo.",
    "Penerbangan dari Bandara APT Pranoto ditunda.",
    "Warga Kelurahan Sempaja Selatan dan Kelurahan Gunung Kelua mengeluh.",
    "Lampu di Jl. Gatot Subroto dan Jl. Pangeran Antasari mati.",
    "Jalan Imam Bonjol dan Jalan Juanda macet setiap pagi.",
    "Trotoar Jl. KH. Wahid Hasyim dan Jl. M. Yamin rusak.",
    "Banjir di Gang Budi Luhur dan Gang Keluarga.",
    "Masjid Baitul Muttaqien dan Masjid Raya Darussalam kekurangan air.",
    "Universitas Mulawarman dan Politeknik Negeri Samarinda libur.",
    "Stadion Palaran dan Taman Samarendah tidak terawat.",
    "Siswa SMA Negeri 1 Samarinda dan SMK Negeri 7 Samarinda.",
    "Desa Sumber Sari dan Desa Bukit Raya belum teraliri listrik.",
    "Kecamatan Sungai Kunjang dan Kecamatan Loa Janan.",
    "Jalan Rusak Parah Di Depan Pasar Segiri",
    "Bantuan Sosial Belum Cair Sejak Bulan Lalu",
    "Pelayanan Buruk Petugas Loket Samsat",
    "Lampu Jalan Mati Total Di Perumahan",
    "Sampah Menumpuk Di Pinggir Sungai",
    "Rumah makan Indah Jaya buka sampai malam.",
    "Taman itu indah dan warga ingin tetap jaya.",
    "Putra daerah diprioritaskan dalam rekrutmen.",
    "Harga cabai merah dan bawang putih naik.",
    "Bintang lima hotel itu hanya nama.",
    "Pemandangan sungai sangat indah, tapi sampah banyak.",
    "Program Kartu Indonesia Pintar dan Program Keluarga Harapan.",
    "Kantor Lurah Sidodadi dan Kantor Camat Sungai Kunjang tutup.",
    "Toko Bangunan Sinar Jaya menutup jalan.",
    "CV Putra Mandiri dan PT Bangun Jaya Abadi memenangkan tender.",
    "Perumahan Griya Mukti dan Perum Bumi Sempaja kebanjiran.",
    "Jembatan Mahakam dan Jembatan Mahkota II macet.",
    "Apotek Kimia Farma dan Klinik Pratama Sehat buka.",
    "Pasar Pagi dan Pasar Segiri sepi pembeli.",
    "Hari Senin sampai Jumat loket buka pukul 08.00.",
    "Pemadaman bergilir Januari sampai Maret.",
    "Petugas kami, Tim Reaksi Cepat, sudah ke lokasi.",
    "Sudah dicek oleh Dinas Pekerjaan Umum.",
    "Diserahkan oleh Kepala Dinas Kesehatan kepada Camat.",
    "Petugas kami dari Satuan Polisi Pamong Praja hadir.",
    "Layanan WhatsApp dan YouTube Dinas Kesehatan aktif.",
    "Jl. Dr. Soetomo dan Jalan Pak Kasim berlubang.",
    "Pasien dirujuk ke Rumah Sakit Haji Darjad.",
)


def _shape_items() -> list[Item]:
    items = []
    for text, name, keep, names in _SHAPES:
        planted = [(NAME, part) for part in name.split("|")]
        items.append(item(text, *planted, survive=keep, names=names, tags=("issue-8",)))
    for text in _KEEP:
        items.append(item(text, survive=[text], tags=("issue-8", "must-survive")))
    return items


CORPUS += _uncued_items() + _shape_items()

#: Items that need the other reporters of :data:`KNOWN_NAMES` in the same input
#: (``Redactor(known_names=KNOWN_NAMES)``); kept out of :data:`CORPUS`, whose
#: items must each work in a record of their own.
CROSS_REPORTER: list[Item] = [
    item(text, *([(NAME, name)] if name else []), survive=keep, tags=("issue-8", "known"))
    for text, name, keep in _CROSS_REPORTER_SHAPES
]


# ---------------------------------------------------------------------------
# Checking a redacted item
# ---------------------------------------------------------------------------

_NUMBER_KINDS = {NIK, ID, BANK, PHONE}
_NUMBER_RUN = re.compile(r"\d(?:[\d .\-()+]*\d)?")


def leaked(entry: Item, output: str) -> list[tuple[str, str]]:
    """The planted values of ``entry`` still recognisable in ``output``.

    A value leaks when it appears verbatim (case-insensitive); a number also
    when its digits appear inside any number of the output; a name also when
    any of its words (3+ letters) is left as a whole word outside the
    must-survive substrings.
    """
    rest = output
    for keep in sorted(entry.survive, key=len, reverse=True):
        rest = rest.replace(keep, " ")
    return [(kind, value) for kind, value in entry.planted if _leaks(kind, value, rest)]


def _leaks(kind: str, value: str, rest: str) -> bool:
    plain = unicodedata.normalize("NFKC", value)
    if plain.lower() in rest.lower():
        return True
    if kind in _NUMBER_KINDS or kind == SOCIAL:
        return _digits_leak(plain, rest)
    if kind == NAME:
        return any(
            re.search(rf"(?<!\w){re.escape(part)}(?!\w)", rest, re.IGNORECASE)
            for part in re.findall(r"[^\W\d_]{3,}", plain)
        )
    return False


def _digits_leak(value: str, output: str) -> bool:
    digits = re.sub(r"\D", "", value)
    if len(digits) < 6:
        return False
    return any(digits in re.sub(r"\D", "", run) for run in _NUMBER_RUN.findall(output))


def removed(entry: Item, output: str) -> list[str]:
    """The must-survive substrings of ``entry`` missing from ``output``."""
    return [keep for keep in entry.survive if keep not in output]
