"""What keeps a 20,000-case site fast stays correct: the leak audit's and the link
check's caches never hide a change, their parallel runs find what a serial run
finds, Pelican's reader cache is never shared between configurations, and the
sync compiles no pattern per record (issue 11: a regex per
reporter name made the sync quadratic, 10 minutes at 35,500 records).

Speed itself is measured by ``make bench`` (bench/scale.py), not here.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import re
import re._compiler
import subprocess
import sys
from pathlib import Path

import pytest
from factories import make_record

from lapor_site import anonymize as anonymize_module
from lapor_site import audit as audit_module
from lapor_site.anonymize import Anonymizer
from lapor_site.audit import audit_tree
from lapor_site.linkcheck import check_links
from lapor_site.model import RawRecord
from lapor_site.validate import validate

NAME, PHONE = "Rahmat Hidayatullah", "081255501234"
FIRST = ("Budi", "Siti", "Andi", "Dewi", "Joko", "Rina", "Agus", "Yuni", "Eko", "Wati")
LAST = ("Santoso", "Rahman", "Wijaya", "Lestari", "Saputra", "Hidayat", "Kurnia", "Pratama")


def _pages(root, count: int, body: str = "<p>aman</p>") -> None:
    for i in range(count):
        page = root / f"kasus/k{i:04d}/index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"<a href='../k{(i + 1) % count:04d}/'>next</a>\n{body}\n", "utf-8")
    (root / "index.html").write_text("<a href='kasus/k0000/'>start</a>\n", "utf-8")


# -- leak audit ---------------------------------------------------------------


def test_audit_cache_rescans_changed_bytes(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "audit-cache.bin"
    _pages(site, 5)
    assert audit_tree(site, cache=cache) == []
    assert cache.is_file() and audit_tree(site, cache=cache) == []
    page = site / "kasus/k0003/index.html"
    page.write_text(page.read_text() + f"<p>Hubungi {PHONE}</p>\n", "utf-8")
    assert [(f.path, f.kind) for f in audit_tree(site, cache=cache)] == [
        ("kasus/k0003/index.html", "phone")
    ]
    # A file with findings is never remembered as clean: the next run finds it again.
    assert [f.path for f in audit_tree(site, cache=cache)] == ["kasus/k0003/index.html"]


def test_audit_cache_is_forgotten_when_the_identity_values_change(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "audit-cache.bin"
    _pages(site, 3, body=f"<p>Warga {NAME} hadir</p>")
    assert audit_tree(site, cache=cache) == []
    found = audit_tree(site, [NAME], cache=cache)
    assert {f.kind for f in found} == {"identity-value"} and len(found) == 3


SECRET = b"test-scale-audit-key"
#: Identity values of new reporters, each hidden in a page published before they reported
#: (no personal-data pattern flags these: only the identity values do).
NEWCOMERS = {
    "Yohanes Batubara": "<p>Pak YOHANES&nbsp;batubara datang</p>",
    "Marthinus Lumbantobing": "<a href='/cari/?q=marthinus+lumbantobing'>cari</a>",
    "551233987": "<p>no 5512 3398 7 ok</p>",
    "Ruth Simanjuntak": "<p>R&#117;th Simanjuntak</p>",
}


def test_cached_pages_are_checked_again_for_new_identity_values(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "audit-cache.bin"
    _pages(site, 6)
    for i, body in enumerate(NEWCOMERS.values()):
        page = site / f"kasus/k{i:04d}/index.html"
        page.write_text(page.read_text() + body, "utf-8")
    fragment = site / "pagefind/fragment/id_x.pf_fragment"
    fragment.parent.mkdir(parents=True)
    fragment.write_bytes(gzip.compress(b'{"content":"Yohanes Batubara"}'))
    assert audit_tree(site, [NAME, PHONE], cache=cache, secret=SECRET) == []  # all cached clean
    values = [NAME, PHONE, *NEWCOMERS]
    incremental = audit_tree(site, values, cache=cache, secret=SECRET)
    assert incremental == audit_tree(site, values) != []
    assert {f.path for f in incremental} == {
        *(f"kasus/k{i:04d}/index.html" for i in range(len(NEWCOMERS))),
        "pagefind/fragment/id_x.pf_fragment",
    }


def test_a_damaged_audit_cache_is_not_trusted(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "audit-cache.bin"
    _pages(site, 3, body="<p>Pak Yohanes Batubara datang</p>")
    assert audit_tree(site, [NAME], cache=cache, secret=SECRET) == []
    whole = cache.read_bytes()
    for damaged in (whole[:-5], whole[:-5] + b"\xff" * 9, whole + b"\x00" * 7):
        cache.write_bytes(damaged)
        found = audit_tree(site, [NAME, "Yohanes Batubara"], cache=cache, secret=SECRET)
        assert len(found) == 3, damaged[-12:]
        cache.write_bytes(whole)


def test_audit_cache_keeps_no_identity_value(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "audit-cache.bin"
    _pages(site, 3)
    assert audit_tree(site, [NAME, PHONE], cache=cache, secret=SECRET) == []
    data = cache.read_bytes()
    for value in (NAME, PHONE):
        assert value.encode() not in data
        assert hashlib.sha256(value.encode()).hexdigest()[:32].encode() not in data


def test_a_cached_page_is_scanned_again_only_when_a_new_value_may_be_in_it(tmp_path, monkeypatch):
    rng = random.Random(11)
    site, cache = tmp_path / "site", tmp_path / "audit-cache.bin"
    names = [f"{a} {b}" for a in FIRST for b in LAST]
    for i in range(120):
        page = site / f"kasus/k{i:04d}/index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"<p>{' dan '.join(rng.sample(names, 2))} melapor.</p>\n", "utf-8")
    # Everything is cached clean first; then three reporters of the pages' names come in.
    first = ["Nama Lain Sekali", "0899" + "1" * 8]
    second = [*first, *rng.sample(names, 3)]
    assert audit_tree(site, first, cache=cache, secret=SECRET, jobs=1) == []
    scanned = []
    original = audit_module._Auditor.scan

    def counted(self, raw):
        scanned.append(1)
        return original(self, raw)

    monkeypatch.setattr(audit_module._Auditor, "scan", counted)
    incremental = audit_tree(site, second, cache=cache, secret=SECRET, jobs=1)
    rescanned = len(scanned)
    assert incremental == audit_tree(site, second, jobs=1)
    pages_with_news = {f.path for f in incremental}
    assert 0 < len(pages_with_news) < 30
    # The pages with a new name, and a few false "maybe"s of the Bloom filters.
    assert len(pages_with_news) <= rescanned < len(pages_with_news) + 12


#: Run in a child process, so that its peak memory is its own (``ru_maxrss``):
#: SITE CACHE VALUES_JSON; the cache is made against the first value only.
_MANY_NEW_VALUES_SCRIPT = """
import json, resource, sys
from pathlib import Path
from lapor_site.audit import audit_tree

site, cache, secret = Path(sys.argv[1]), Path(sys.argv[2]), b"test-scale-audit-key"
values = json.loads(Path(sys.argv[3]).read_text())
assert audit_tree(site, values[:1], cache=cache, secret=secret, jobs=1) == []
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
found = audit_tree(site, values, cache=cache, secret=secret, jobs=1)
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
fresh = audit_tree(site, values, jobs=1)
print(json.dumps({"grown_kb": grown, "same": found == fresh,
                  "found": sorted({f.path for f in found})}))
"""


def _letters(i: int) -> str:
    return "".join(chr(97 + (i // 26**k) % 26) for k in range(4))


# Under audit._FILTER_MAX_VALUES the values are tested against the filters; above, not.
@pytest.mark.parametrize(
    "count", [audit_module._FILTER_MAX_VALUES - 1000, audit_module._FILTER_MAX_VALUES + 2000]
)
def test_many_new_identity_values_cost_no_more_than_a_fresh_scan(tmp_path, count):
    """A full pull after daily updates brings every reporter's values back as "new" to
    the audit cache (it remembers only the last run's). Checking each against every cached
    file's Bloom filter as a bit mask the size of that filter took 0.56 s and 1.5 GB for one
    large file at 10,000 values (an update at 20,000 cases was stopped after 16 minutes of
    audit, its two workers at 2 GB each and growing): the check must not grow with the
    filter's size, and many values are found by scanning the files again."""
    site, cache, listed = tmp_path / "site", tmp_path / "audit-cache.bin", tmp_path / "v.json"
    values = [
        "Nama Lain Sekali",
        *(f"Warga{_letters(i)} Pelapor{_letters(i)}" for i in range(count)),
    ]
    listed.write_text(json.dumps(values), "utf-8")
    _pages(site, 20)
    page = site / "kasus/k0007/index.html"
    page.write_text(page.read_text() + f"<p>Pak {values[1234]} datang</p>\n", "utf-8")
    # One large data file of distinct words: a Bloom filter of 64 KB (as a site's tables).
    table = site / "data/kasus.json"
    table.parent.mkdir(parents=True)
    table.write_text(" ".join(f"kata{i:06d}" for i in range(40_000)), "utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _MANY_NEW_VALUES_SCRIPT, str(site), str(cache), str(listed)],
        capture_output=True, text=True, check=True, timeout=600,
    )  # fmt: skip
    result = json.loads(done.stdout)
    assert result["same"] and result["found"] == ["kasus/k0007/index.html"]
    assert result["grown_kb"] < 100 * 1024, f"checking the values took {result['grown_kb']} kB"


def test_parallel_audit_finds_what_a_serial_audit_finds(tmp_path):
    _pages(tmp_path, 450)
    for i in (7, 220, 449):
        page = tmp_path / f"kasus/k{i:04d}/index.html"
        page.write_text(page.read_text() + f"<p>WA {PHONE}</p>\n", "utf-8")
    serial = audit_tree(tmp_path, jobs=1)
    assert [f.path for f in serial] == [f"kasus/k{i:04d}/index.html" for i in (7, 220, 449)]
    assert audit_tree(tmp_path, jobs=2) == serial


# -- link check ---------------------------------------------------------------


def test_link_cache_still_sees_a_deleted_target(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "link-cache.json"
    _pages(site, 5)
    assert check_links(site, cache=cache) == []
    (site / "kasus/k0002/index.html").unlink()
    assert check_links(site, cache=cache) == ["kasus/k0001/index.html:1: ../k0002/ (no such file)"]


def test_link_cache_reparses_a_changed_page(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "link-cache.json"
    _pages(site, 3)
    assert check_links(site, cache=cache) == []
    (site / "index.html").write_text("<p>x</p>\n<a href='/hilang/'>x</a>\n", "utf-8")
    assert check_links(site, cache=cache) == ["index.html:2: /hilang/ (no such file)"]
    assert check_links(site, "https://contoh.example/sub", cache=cache) == [
        "index.html:2: /hilang/ (outside the site's path /sub/)"
    ]


@pytest.mark.parametrize(
    "damage",
    {
        "truncated": lambda saved: json.dumps(saved)[:-40],
        "not an object": lambda saved: "[1, 2, 3]",
        "no targets": lambda saved: json.dumps({k: v for k, v in saved.items() if k != "targets"}),
        "pages a list": lambda saved: json.dumps({**saved, "pages": [1]}),
        "entry a number": lambda saved: json.dumps({**saved, "pages": {"index.html": 5}}),
        "entry too short": lambda saved: json.dumps({**saved, "pages": {"index.html": ["x"]}}),
        "bad index": lambda saved: json.dumps(
            {**saved, "pages": {"index.html": ["x", [10**6], []]}}
        ),
        "index a string": lambda saved: json.dumps(
            {**saved, "pages": {"index.html": ["x", ["a"], []]}}
        ),
        "nested too deep": lambda saved: "[" * 100_000,
    }.items(),
    ids=lambda item: item[0],
)
def test_a_damaged_link_cache_is_ignored(tmp_path, damage):
    """A cache of any shape is never an error: the pages are parsed again."""
    site, cache = tmp_path / "site", tmp_path / "link-cache.json"
    _pages(site, 5)
    assert check_links(site, cache=cache) == []
    cache.write_text(damage[1](json.loads(cache.read_text("utf-8"))), "utf-8")
    (site / "kasus/k0002/index.html").unlink()
    assert check_links(site, cache=cache) == ["kasus/k0001/index.html:1: ../k0002/ (no such file)"]
    assert check_links(site, cache=cache) == ["kasus/k0001/index.html:1: ../k0002/ (no such file)"]


def test_parallel_link_check_finds_what_a_serial_check_finds(tmp_path):
    _pages(tmp_path, 450)
    for name in ("kasus/k0100/index.html", "kasus/k0300/index.html"):
        (tmp_path / name).unlink()
    serial = check_links(tmp_path, jobs=1)
    assert serial == [
        "kasus/k0099/index.html:1: ../k0100/ (no such file)",
        "kasus/k0299/index.html:1: ../k0300/ (no such file)",
    ]
    assert check_links(tmp_path, jobs=2) == serial


# -- sync ---------------------------------------------------------------------


def test_anonymizing_compiles_no_pattern_per_record(monkeypatch):
    """Every record brings a new reporter name; none may cost a regex compilation."""
    rows = [
        make_record(
            tracking_id=f"LAP-SCALE-{i:04d}",
            reporter_name=f"{FIRST[i % 10]} {LAST[i // 10 % 8]} {chr(65 + i // 80)}ayu",
            description=f"Saya {FIRST[i % 10]} {LAST[i // 10 % 8]} melapor. Ma'ruf dan José.",
            category=f"Kategori {i % 7}",
        )
        for i in range(240)
    ]
    cases = validate(RawRecord(f"line {n}", row) for n, row in enumerate(rows, 1)).cases
    anonymizer = Anonymizer(b"k" * 32, known_names={c.identity.name for c in cases})
    compiled: list[str] = []
    real = re._compiler.compile
    monkeypatch.setattr(re._compiler, "compile", lambda p, f=0: compiled.append(p) or real(p, f))
    published = anonymizer.anonymize_all(cases)
    # At most a shared pattern or two on first use (re's own cache), never one per name.
    assert len(compiled) <= 2, compiled
    assert not [p for p in compiled for name in FIRST + LAST if name.lower() in str(p).lower()]
    assert all(FIRST[i % 10] not in c.description for i, c in enumerate(published))


def test_parallel_anonymizing_gives_what_one_process_gives():
    rows = [
        make_record(
            tracking_id=f"LAP-PAR-{i:05d}",
            reporter_name=f"{FIRST[i % 10]} {LAST[i // 10 % 8]}",
            description=f"Tetangga {FIRST[(i + 3) % 10]} {LAST[i % 8]}, HP 0812555{i:05d}.",
        )
        for i in range(2100)
    ]
    cases = validate(RawRecord(f"line {n}", row) for n, row in enumerate(rows, 1)).cases
    names = {c.identity.name for c in cases}
    one, two = (Anonymizer(b"k" * 32, known_names=names) for _ in range(2))
    serial = one.anonymize_all(cases, jobs=1)
    assert two.anonymize_all(cases, jobs=2) == serial
    assert two.counts == one.counts and one.counts["phone"] == 2100


def _scale_cases(count: int) -> list:
    rows = [
        make_record(
            tracking_id=f"LAP-ORD-{i:05d}",
            reporter_name=f"{FIRST[i % 10]} {LAST[i // 10 % 8]}",
            description=f"Tetangga {FIRST[(i + 3) % 10]}, HP 0812555{i:05d}.",
        )
        for i in range(count)
    ]
    return list(validate(RawRecord(f"line {n}", row) for n, row in enumerate(rows, 1)).cases)


@pytest.mark.parametrize("jobs", [1, 2])
def test_anonymized_cases_come_in_id_order_whatever_the_input_order(jobs):
    cases = _scale_cases(2100)
    names = {c.identity.name for c in cases}
    shuffled = cases[:]
    random.Random(5).shuffle(shuffled)
    first = Anonymizer(b"k" * 32, known_names=names).anonymize_all(cases, jobs=jobs)
    again = Anonymizer(b"k" * 32, known_names=names).anonymize_all(shuffled, jobs=jobs)
    assert [c.id for c in first] == sorted(c.id for c in first)
    assert len({c.id for c in first}) == len(cases)
    assert again == first


def test_the_first_anonymized_cases_come_before_the_last_are_anonymized(monkeypatch):
    """The write stage can start on the first group while the others wait their turn."""
    cases = _scale_cases(400)
    anonymizer = Anonymizer(b"k" * 32)
    done: list[str] = []
    real = Anonymizer.anonymize
    monkeypatch.setattr(Anonymizer, "anonymize", lambda self, c: done.append(c.id) or real(self, c))
    stream = anonymizer.anonymize_in_id_order(cases, jobs=1)
    head = next(stream)
    assert 0 < len(done) < len(cases) / 4
    ids = [head.id, *(c.id for c in stream)]
    assert ids == sorted(ids) and len(ids) == len(done) == len(cases)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_pseudonym_collision_is_an_error_not_a_merge(monkeypatch, jobs):
    monkeypatch.setattr(anonymize_module, "PSEUDONYM_LENGTH", 1)  # 20 ids for 2,100 cases
    cases = _scale_cases(2100)
    with pytest.raises(ValueError, match="pseudonym collision"):
        Anonymizer(b"k" * 32).anonymize_all(cases, jobs=jobs)


# -- Pelican's reader cache ---------------------------------------------------


def test_reader_cache_has_a_folder_per_configuration(tmp_path):
    from dataclasses import replace

    from lapor_site.build import reader_cache
    from lapor_site.settings import load_settings
    from lapor_site.site import INSTALL_ROOT

    conf, settings = INSTALL_ROOT / "pelicanconf.py", load_settings(INSTALL_ROOT / "region.toml")
    first = reader_cache(tmp_path, conf, settings, production=False)
    first.mkdir(parents=True)
    assert reader_cache(tmp_path, conf, settings, production=False) == first
    assert first.is_dir()  # same configuration: the cache is kept
    # Another time zone parses dates differently: a cache read with the old one is dropped.
    other = reader_cache(tmp_path, conf, replace(settings, timezone="Asia/Jakarta"), False)
    assert other != first and not first.exists()
    assert reader_cache(tmp_path, conf, settings, production=True) != other


# -- Pelican's translation grouping ---------------------------------------------


def test_articles_skip_pelicans_quadratic_translation_grouping(tmp_path):
    """Pelican looks up every article in a list of all of them when it groups
    translations (x not in index): with our settings, articles are not grouped."""
    from pelican.utils import process_translations

    from lapor_site.build import pelican_settings
    from lapor_site.settings import load_settings
    from lapor_site.site import INSTALL_ROOT

    settings = pelican_settings(
        INSTALL_ROOT / "pelicanconf.py",
        load_settings(INSTALL_ROOT / "region.toml"),
        {"PATH": str(tmp_path), "OUTPUT_PATH": str(tmp_path / "out")},
        False,
    )
    comparisons = 0

    class Article:
        def __init__(self, n: int) -> None:
            self.slug, self.lang, self.metadata = f"kasus-{n}", "id", {}
            self.in_default_lang, self.translations = True, []

        def __eq__(self, other: object) -> bool:
            nonlocal comparisons
            comparisons += 1
            return self is other

        __hash__ = object.__hash__

    articles = [Article(n) for n in range(400)]
    index, _ = process_translations(list(articles), settings["ARTICLE_TRANSLATION_ID"])
    assert index == articles and comparisons == 0
    process_translations(list(articles), "slug")  # what Pelican's default would do
    assert comparisons > 400 * 399 // 4  # pairwise: grows with the square of the articles


def test_no_markdown_is_converted_again_even_in_a_site_folder_moved_elsewhere(
    tmp_path, monkeypatch
):
    """Pelican's reader cache: a second build of the same content converts no Markdown,
    nor does a build of the site folder copied to another path (a CI runner restores
    ``.state/`` elsewhere); a changed case is converted again, and only it."""
    import shutil

    from factories import new_site, write_jsonl

    from lapor_site.cli import main
    from lapor_site.site import INSTALL_ROOT

    monkeypatch.syspath_prepend(str(INSTALL_ROOT / "plugins"))
    from lapor_markdown import ReusingMarkdownReader

    converted: list[str] = []
    read = ReusingMarkdownReader.read

    def counting(self, source_path):
        converted.append(source_path.rsplit("/", 1)[-1])
        return read(self, source_path)

    monkeypatch.setattr(ReusingMarkdownReader, "read", counting)
    monkeypatch.setenv("LAPOR_SITE_SECRET", "reader-cache-test-key")

    def run(command: str, folder: Path, rows: list[dict] | None = None) -> list[str]:
        converted.clear()
        options = ["--production"] if command == "build" else []
        if rows is not None:
            options += ["--input", str(write_jsonl(tmp_path / f"{len(rows)}.jsonl", rows))]
        assert main([command, "--site", str(folder), *options]) == 0
        return list(converted)

    site = new_site(tmp_path / "site")
    rows = [make_record(tracking_id=f"LAP-CACHE-{i}") for i in range(4)]
    first = run("update", site, rows)
    assert len(first) >= 4
    assert run("build", site) == []
    moved = tmp_path / "elsewhere" / "site"
    shutil.copytree(site, moved, symlinks=True)
    assert run("build", moved) == []
    rows[2]["response"] = "Pembaruan: petugas memeriksa lokasi lagi."
    assert (
        0 < len(run("update", moved, [*rows, make_record(tracking_id="LAP-CACHE-9")])) < len(first)
    )
    assert run("build", site) == []  # the first folder still has its own
    kept = {p: p.stat().st_mtime_ns for p in (site / ".state").rglob("*-Readers*")}
    assert kept and run("build", site) == []
    assert {p: p.stat().st_mtime_ns for p in (site / ".state").rglob("*-Readers*")} == kept


@pytest.mark.parametrize("damage", [b"\xff\xfe not text", b"", b"/no/such/folder"])
def test_a_damaged_reader_cache_folder_record_costs_only_a_fresh_read(
    tmp_path, monkeypatch, damage
):
    """The file that names the folder a kept reader cache is keyed under is a cache too:
    whatever it holds, the build passes and publishes the same pages."""
    from factories import new_site, write_jsonl

    from lapor_site.cli import main

    monkeypatch.setenv("LAPOR_SITE_SECRET", "reader-cache-test-key")
    site = new_site(tmp_path / "site")
    rows = [make_record(tracking_id=f"LAP-ROOT-{i}") for i in range(3)]
    data = write_jsonl(tmp_path / "rows.jsonl", rows)
    assert main(["update", "--site", str(site), "--input", str(data)]) == 0
    before = {p: p.read_bytes() for p in (site / "output").rglob("*.html")}
    records = list((site / ".state").rglob("*.root"))
    assert records
    for record in records:
        record.write_bytes(damage)
    assert main(["build", "--production", "--site", str(site)]) == 0
    assert {p: p.read_bytes() for p in (site / "output").rglob("*.html")} == before
