"""Hostile synthetic input for ``test_end_to_end.py``: one JSONL worth of adversarial records.

Every person, number and address here is invented. :func:`dataset` returns
the records in input order with what each one is expected to do: published
records carry the corpus items, identity spellings and legitimate text that
their case page is checked against; hidden ones (confidential, unresolved,
invalid) carry marker words that must appear nowhere in the built site.

The records are:

* ``corpus-NN``: every item of :data:`privacy.corpus.CORPUS`, a few per record
  (the first also as the title), with the reporter's own identity spelled in
  many ways and legitimate text that must survive;
* ``markup-NN``, ``markdown-NN``: hostile HTML, template syntax and Markdown
  structure in the title, free text and label fields;
* ``inject``, ``traversal-N``, ``huge``, ``combining``: Pelican metadata
  injection, path traversal in the tracking id, a 1 MB description, and
  combining marks inside the reporter's name and number;
* ``hidden-NN``, ``invalid-N``: records that must leave no trace.

Label fields carry hostile markup but no personal data: labels are not
redacted, so the leak audit would refuse the whole build (the test module
checks that case with small builds of its own).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from privacy.corpus import CORPUS, Item

# ---------------------------------------------------------------------------
# Hostile text
# ---------------------------------------------------------------------------

#: HTML, script and template syntax that must only ever show as text.
HOSTILE_MARKUP: tuple[str, ...] = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><circle r=1 /></svg>",
    '<a href="javascript:alert(1)">klik di sini</a>',
    "[klik](javascript:alert(1))",
    "![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<iframe src="https://evil.example/"></iframe>',
    "<style>body{display:none}</style>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "<!-- komentar <script>alert(1)</script> -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "{{ 7*7 }}",
    "{% include 'x' %}",
    "{filename}/../x",
    "|filename|../../x.md",
    '<object data="x.swf"></object><embed src="x.swf">',
    '<a href=" JaVaScRiPt:alert(1)">spasi</a>',
    '<a href="vbscript:msgbox(1)">vb</a>',
    "<form action=https://evil.example><input name=nik></form>",
    "<base href=https://evil.example/>",
    '<div markdown="1">**tebal**</div>',
    "<p onmouseover=alert(1)>arahkan</p>",
    "&lt;script&gt;alert(1)&lt;/script&gt; &#60;b&#62;",
    "</p></section></article></main><script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<svg><script>alert(1)</script></svg>",
    "<template><script>alert(1)</script></template>",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "]]><script>alert(1)</script>",
    "[TOC]",
    "javascript:alert(1)",
)

#: Markdown structure that must not become headings, lists, links, code...
MARKDOWN_STRUCTURE: tuple[str, ...] = (
    "# Judul palsu\n## Sub judul palsu",
    "Judul setext\n============",
    "- butir satu\n- butir dua\n* butir tiga\n1. butir empat",
    "```html\n<script>alert(1)</script>\n```",
    "    kode berindentasi <b>tebal</b>",
    "| kolom a | kolom b |\n|---|---|\n| <script>x</script> | 2 |",
    "> kutipan\n> > kutipan bersarang",
    "[a]: http://evil.example\n\nLihat [tautan][a] ini.",
    "Teks dengan catatan kaki[^1].\n\n[^1]: http://evil.example",
    "*[HTML]: Hyper Text <script>alert(1)</script>\n\nHTML di sini.",
    'Paragraf {: onclick=alert(1) }\n{: #palsu .kelas onclick="alert(1)" }',
    "**tebal** _miring_ `kode` ~~coret~~",
    "<https://evil.example/auto> dan https://evil.example/bare",
    "Istilah\n: definisi palsu",
    "***\n\n---\n\n___",
    "Baris\\\nbaru dan spasi ganda  \nbaris",
    '![gambar](https://evil.example/x.png "judul")',
    "[x]: javascript:alert(1)\n\n[klik][x]",
)

#: A title that tries to add Pelican metadata lines; the case must stay as it is.
INJECTED_TITLE = (
    "Jalan berlubang\nTitle: evil\nSlug: ../../evil\nStatus: draft\nTemplate: x\n"
    "Save_as: ../../../tmp/lapor-e2e-pwned.html\nUrl: ../../evil/\nLang: en\n"
    "Date: 1999-01-01\r\nCategory: evil\u2028Authors: evil"
)
#: File names the injected ``Save_as`` would create.
PWNED_NAME = "lapor-e2e-pwned.html"

#: Tracking ids that look like paths; they must only ever become pseudonyms.
TRAVERSAL_IDS: tuple[str, ...] = (
    "../../etc/passwd-e2e-trv",
    "..\\..\\windows-e2e-trv",
    "/abs/absolute-e2e-trv",
    "a-e2e-trv/b",
)

#: Legitimate text in every ``corpus`` record's description; must survive on its page.
LEGIT_DESCRIPTION = (
    "Jalan berlubang di Jl. Juanda dekat Kelurahan Air Hitam, Kecamatan Samarinda Ulu, "
    "sejak 12 Maret 2025; kerugian warga Rp 2.500.000. Sudah disampaikan ke Dinas Pekerjaan "
    "Umum, Penataan Ruang dan Perumahan Rakyat dan RSUD Abdul Wahab Sjahranie."
)
LEGIT_RESPONSE = "Perbaikan selesai 20 Maret 2025 oleh Dinas Perhubungan dengan biaya Rp 2.500.000."
#: Substrings of the legitimate text that must survive redaction.
MUST_SURVIVE: tuple[str, ...] = (
    "Jl. Juanda",
    "Kelurahan Air Hitam",
    "Kecamatan Samarinda Ulu",
    "12 Maret 2025",
    "Rp 2.500.000",
    "Dinas Pekerjaan Umum, Penataan Ruang dan Perumahan Rakyat",
    "RSUD Abdul Wahab Sjahranie",
    "20 Maret 2025 oleh Dinas Perhubungan",
)
#: Label values of the ``corpus`` records (shown in the case facts).
LABELS: dict[str, str] = {
    "category": "Infrastruktur Jalan",
    "agency": "Dinas Pekerjaan Umum, Penataan Ruang dan Perumahan Rakyat",
    "region": "Kota Samarinda",
    "district": "Samarinda Ulu",
}

#: Longest free text the pipeline keeps (lapor_site.validate.MAX_TEXT_CHARS is 20 000).
HUGE_CHARS = 1_000_000

# ---------------------------------------------------------------------------
# Identities
# ---------------------------------------------------------------------------

_FIRST = (
    "Gregorius", "Wilhelmina", "Bonifasius", "Kristoforus", "Yosefina", "Theodorus",
    "Evarista", "Leonardus", "Marsiana", "Ignatius", "Fransiskus", "Kornelia",
)  # fmt: skip
_LAST = (
    "Tambunan", "Sihombing", "Manullang", "Pakpahan", "Simatupang", "Sinurat",
    "Hutabarat", "Siahaan", "Panjaitan", "Napitupulu", "Lumbantobing", "Sitorus",
)  # fmt: skip


@dataclass(frozen=True)
class Identity:
    """A reporter: the four identity fields of a record."""

    name: str
    nik: str
    phone: str
    email: str

    def values(self) -> tuple[str, str, str, str]:
        return (self.name, self.nik, self.phone, self.email)

    def fields(self) -> dict[str, str]:
        return {
            "reporter_name": self.name,
            "reporter_nik": self.nik,
            "reporter_phone": self.phone,
            "reporter_email": self.email,
        }


def identity(index: int, name: str | None = None) -> Identity:
    """A synthetic reporter, unique for ``index`` below 144; ``name`` overrides the name."""
    first = _FIRST[index % 12]
    last = _LAST[(index // 12 + index) % 12]
    return Identity(
        name=name or f"{first} {last}",
        nik=f"6405{index:04d}1208{7000 + index:04d}",
        phone=f"0857{index:04d}{3000 + index:04d}",
        email=f"{first.lower()}.{last.lower()}{index}@gmail.com",
    )


def _fullwidth(digits: str) -> str:
    return "".join(chr(0xFF10 + int(d)) for d in digits)


def _arabic_indic(digits: str) -> str:
    return "".join(chr(0x0660 + int(d)) for d in digits)


def spellings(who: Identity) -> list[str]:
    """Paragraphs naming the reporter in varied spellings and odd Unicode."""
    name, nik, phone, email = who.values()
    words = name.split()
    first, last = words[0], words[-1]
    local, domain = email.split("@")
    return [
        f"Saya {name}, NIK {nik[:4]} {nik[4:8]} {nik[8:12]} {nik[12:]}, "
        f"HP {phone[:4]}-{phone[4:8]}-{phone[8:]}.",
        f"nama lengkap saya {name.lower()}, ditulis juga {name.upper()} atau {last}, {first}.",
        f"Hubungi +62 {phone[1:4]} {phone[4:8]} {phone[8:]} atau {email.upper()} "
        f"atau {local} [at] {domain.split('.')[0]} [dot] com.",
        f"WA {phone[:4]}\u200b{phone[4:8]}\u200c{phone[8:]}, NIK {nik[:6]}\u200d{nik[6:]}\ufeff.",
        f"NIK {_fullwidth(nik)} dan telp {phone[:4]}\u202e{phone[4:]}\u202c ya.",
        f"KTP {nik[:8]}\x00{nik[8:]}\u2028Pelapor: {name}\u2029nomor {_arabic_indic(phone)}",
        f"email: {local} @ {domain} (kirim juga ke {email})",
    ]


# ---------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------

PUBLISHED, HIDDEN, INVALID = "published", "hidden", "invalid"


@dataclass(frozen=True)
class Spec:
    """One input record and what the built site must show of it."""

    key: str
    row: dict[str, Any]
    fate: str  # PUBLISHED, HIDDEN or INVALID
    who: Identity
    items: tuple[Item, ...] = ()
    #: Words that must appear nowhere in the output (hidden and invalid records).
    markers: tuple[str, ...] = ()
    #: Substrings that must survive in the case sections of its page.
    survive: tuple[str, ...] = ()
    tags: tuple[str, ...] = field(default=())

    @property
    def tracking_id(self) -> str:
        return self.row["tracking_id"]


_WITA = "+08:00"


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds") + _WITA


def _row(tracking_id: str, who: Identity, submitted: datetime, **fields: Any) -> dict[str, Any]:
    """A resolved public record submitted at ``submitted`` (WITA); ``fields`` override."""
    row: dict[str, Any] = {
        "tracking_id": tracking_id,
        "submitted_at": _stamp(submitted),
        "verified_at": _stamp(submitted + timedelta(hours=3)),
        "forwarded_at": _stamp(submitted + timedelta(hours=5)),
        "first_response_at": _stamp(submitted + timedelta(days=1)),
        "resolved_at": _stamp(submitted + timedelta(days=6)),
        "channel": "web",
        "type": "pengaduan",
        "status": "resolved",
        "privacy": "public",
        "satisfaction": 4,
        **LABELS,
        **who.fields(),
    }
    row.update(fields)
    return row


def _corpus_groups(size: int = 4) -> list[tuple[str | None, list[Item]]]:
    """Corpus items grouped by the reporter name they need, ``size`` at most per group."""
    named: dict[str, list[Item]] = {}
    plain: list[Item] = []
    for entry in CORPUS:
        if entry.names:
            named.setdefault(entry.names[0], []).append(entry)
        else:
            plain.append(entry)
    groups: list[tuple[str | None, list[Item]]] = [(n, items) for n, items in named.items()]
    groups += [(None, plain[i : i + size]) for i in range(0, len(plain), size)]
    return groups


def _corpus_specs(start: datetime, first_index: int) -> list[Spec]:
    specs = []
    for number, (name, items) in enumerate(_corpus_groups()):
        who = identity(first_index + number, name)
        paragraphs = [entry.text for entry in items] + spellings(who) + [LEGIT_DESCRIPTION]
        row = _row(
            f"E2E-CORPUS-{number:03d}",
            who,
            start + timedelta(days=number, minutes=number),
            title=items[0].text,
            description="\n\n".join(paragraphs),
            response=f"{items[-1].text}\n\n{LEGIT_RESPONSE}",
            privacy="anonymous" if number % 3 == 0 else "public",
        )
        specs.append(
            Spec(f"corpus-{number:02d}", row, PUBLISHED, who, tuple(items), survive=MUST_SURVIVE)
        )
    return specs


def _markup_specs(start: datetime, first_index: int) -> list[Spec]:
    specs = []
    pairs = [HOSTILE_MARKUP[i : i + 2] for i in range(0, len(HOSTILE_MARKUP), 2)]
    for number, pair in enumerate(pairs):
        who = identity(first_index + number)
        a, b = pair[0], pair[-1]
        row = _row(
            f"E2E-MARKUP-{number:03d}",
            who,
            start + timedelta(days=number, minutes=7 * number),
            title=f"{a} {who.name} melapor {b}",
            description="\n\n".join([a, b, f"{a} di tengah kalimat {b} juga.", *spellings(who)]),
            response=f"{b}\n\nTanggapan: {a}",
            category=a,
            agency=f"Dinas Perhubungan {b}",
            region=f"Kota Samarinda {a}",
            district=b,
        )
        specs.append(Spec(f"markup-{number:02d}", row, PUBLISHED, who, tags=("hostile",)))
    return specs


def _markdown_specs(start: datetime, first_index: int) -> list[Spec]:
    specs = []
    triples = [MARKDOWN_STRUCTURE[i : i + 3] for i in range(0, len(MARKDOWN_STRUCTURE), 3)]
    for number, triple in enumerate(triples):
        who = identity(first_index + number)
        row = _row(
            f"E2E-MARKDOWN-{number:03d}",
            who,
            start + timedelta(days=number, minutes=11 * number),
            title=f"{triple[0]} {who.name}",
            description="\n\n".join([*triple, *spellings(who)]),
            response="\n\n".join(reversed(triple)),
            category=triple[1],
            district=triple[2],
        )
        specs.append(Spec(f"markdown-{number:02d}", row, PUBLISHED, who, tags=("hostile",)))
    return specs


def _special_specs(start: datetime, first_index: int) -> list[Spec]:
    specs = []
    who = identity(first_index)
    row = _row(
        "E2E-INJECT",
        who,
        start,
        title=INJECTED_TITLE,
        description=f"{INJECTED_TITLE}\n\n{{{{ 7*7 }}}} dan {{% include 'x' %}}\n\n"
        + "\n\n".join(spellings(who)),
        response="Title: evil\nStatus: draft\n\nTemplate: x",
        agency="Dinas Perhubungan\nStatus: draft\nSave_as: ../../../tmp/" + PWNED_NAME,
        category="Jalan\nTemplate: x",
        region="Kota Samarinda\r\nLang: en",
        district="Samarinda Ulu\u2028Slug: ../../evil",
    )
    specs.append(Spec("inject", row, PUBLISHED, who, tags=("inject",)))
    for number, tracking_id in enumerate(TRAVERSAL_IDS):
        who = identity(first_index + 1 + number)
        row = _row(
            tracking_id,
            who,
            start + timedelta(hours=number + 1),
            title=f"Laporan {number} dengan nomor lacak berbahaya",
            description="\n\n".join(spellings(who)),
        )
        specs.append(Spec(f"traversal-{number}", row, PUBLISHED, who, tags=("traversal",)))
    who = identity(first_index + 5)
    sentence = (
        f"Air PDAM mati lagi di Jl. Juanda, hubungi {who.phone} atau {who.email}, "
        f"NIK {who.nik}, {who.name}. <script>alert(1)</script> "
    )
    huge = (sentence * (HUGE_CHARS // len(sentence) + 1))[:HUGE_CHARS]
    row = _row(
        "E2E-HUGE",
        who,
        start + timedelta(hours=6),
        title=f"Uraian sangat panjang dari {who.name}",
        description=huge,
        response=huge,
    )
    specs.append(Spec("huge", row, PUBLISHED, who, tags=("huge",)))
    who = identity(first_index + 6)
    first, last = who.name.split()
    row = _row(
        "E2E-COMBINING",
        who,
        start + timedelta(hours=7),
        title="Keluhan dengan tanda diakritik",
        description="\n\n".join(
            [
                f"Saya {first[0]}\u0301{first[1:]} {last}\u0308, pelapor.",
                f"Nama saya {first[:3]}\u0327{first[3:]} {last[:2]}\u0303{last[2:]}.",
                f"HP {who.phone[:4]}\u0300{who.phone[4:]} "
                f"dan NIK {who.nik[:8]}\u0301{who.nik[8:]}.",
            ]
        ),
    )
    specs.append(Spec("combining", row, PUBLISHED, who, tags=("unicode",)))
    return specs


#: (status, privacy, resolved) of the hidden records: confidential or unresolved.
_HIDDEN_KINDS: tuple[tuple[str, str, bool], ...] = (
    ("resolved", "confidential", True),
    ("resolved", "", True),
    ("resolved", "CONFIDENTIAL", True),
    ("resolved", "confidential", True),
    ("in_progress", "public", False),
    ("forwarded", "public", False),
    ("verified", "anonymous", False),
    ("unverified", "public", False),
    ("postponed", "public", False),
    ("archived", "public", True),
    ("in_progress", "confidential", False),
    ("forwarded", "anonymous", False),
)


def _hidden_specs(start: datetime, first_index: int) -> list[Spec]:
    specs = []
    for number, (status, privacy, resolved) in enumerate(_HIDDEN_KINDS):
        who = identity(first_index + number)
        marker = f"zamrudtersembunyi{number:02d}"
        submitted = start + timedelta(days=3 * number, hours=number, minutes=17 + number)
        resolved_at = submitted + timedelta(days=2, minutes=29)
        entry = CORPUS[(7 * number) % len(CORPUS)]
        row = _row(
            f"E2E-HIDDEN-{number:03d}",
            who,
            submitted,
            title=f"Judul {marker} {entry.text}",
            description="\n\n".join([f"Isi {marker}.", entry.text, *spellings(who)]),
            response=f"Tanggapan {marker}.",
            status=status,
            privacy=privacy,
            resolved_at=_stamp(resolved_at) if resolved else "",
        )
        specs.append(Spec(f"hidden-{number:02d}", row, HIDDEN, who, (entry,), (marker,)))
    return specs


def _invalid_specs(start: datetime, first_index: int) -> list[Spec]:
    specs = []
    broken = ({"status": "Ditutup"}, {"submitted_at": "kemarin sore"})
    for number, override in enumerate(broken):
        who = identity(first_index + number)
        marker = f"safirditolak{number:02d}"
        row = _row(
            f"E2E-INVALID-{number}",
            who,
            start + timedelta(days=number),
            title=f"Judul {marker}",
            description=f"Isi {marker}.\n\n" + "\n\n".join(spellings(who)),
            **override,
        )
        specs.append(Spec(f"invalid-{number}", row, INVALID, who, markers=(marker,)))
    return specs


def dataset() -> list[Spec]:
    """Every record of the hostile input, in input order (hidden ones interleaved)."""
    published = (
        _corpus_specs(datetime(2026, 1, 5, 8, 1), 0)
        + _markup_specs(datetime(2026, 6, 1, 9, 3), 80)
        + _markdown_specs(datetime(2026, 6, 20, 10, 5), 98)
        + _special_specs(datetime(2026, 6, 28, 8, 0), 105)
    )
    hidden = _hidden_specs(datetime(2023, 10, 2, 6, 0), 115)
    invalid = _invalid_specs(datetime(2026, 2, 2, 9, 0), 130)
    specs = list(published)
    for offset, spec in enumerate(hidden + invalid):
        specs.insert(7 * offset + 3, spec)
    return specs
