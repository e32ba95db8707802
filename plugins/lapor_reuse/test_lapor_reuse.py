"""Reused case pages: an incremental build is byte-identical to a clean one.

Each test runs the real CLI on a small synthetic site: a first update renders
every page and writes the memo; random changes to the data (texts, agencies,
categories, regions, statuses, new and withdrawn cases, sometimes the region's
settings) are then pulled by a second update, which reuses what it can. The
result is compared, file by file, with a clean build of the same content in
a fresh site folder (no output to reuse, no memo).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import sys
import time
from pathlib import Path

import pytest

import lapor_reuse
from lapor_reuse import Unkeyable, code_digest, fingerprint
from lapor_site.cli import main
from lapor_site.digests import DigestLedger
from lapor_site.site import INSTALL_ROOT

sys.path.insert(0, str(INSTALL_ROOT / "tests"))  # the project's test factories
from factories import make_record, new_site, write_jsonl

AGENCIES = ["Dinas Perhubungan", "Dinas Kesehatan", "Dinas Pendidikan", "Badan Pendapatan"]
CATEGORIES = ["Infrastruktur Jalan", "Kesehatan", "Pendidikan", "Pajak Daerah"]
FIELDS = ["description", "response", "title", "agency", "category", "region", "satisfaction",
          "status", "privacy", "resolved_at"]  # fmt: skip
REGIONS = ["Kota Samarinda", "Kota Balikpapan", "Kabupaten Kutai Kartanegara"]


def dataset(rng: random.Random, count: int) -> list[dict]:
    return [
        make_record(
            tracking_id=f"LAP-REUSE-{i:04d}",
            agency=rng.choice(AGENCIES),
            category=rng.choice(CATEGORIES),
            region=rng.choice(REGIONS),
            description=f"Uraian laporan nomor {i}: jalan berlubang di RT {rng.randint(1, 40)}.",
            satisfaction=rng.randint(1, 5),
        )
        for i in range(count)
    ]


def changed(rng: random.Random, rows: list[dict]) -> list[dict]:
    """The same data a day later: some cases edited, some new, some no longer public."""
    rows = [dict(row) for row in rows]
    for row in rng.sample(rows, k=len(rows) // 4):
        field = rng.choice(FIELDS)
        if field in ("description", "response", "title"):
            row[field] = row[field] + f" Pembaruan {rng.randint(1, 999)}."
        elif field == "agency":
            row[field] = rng.choice([*AGENCIES, "Dinas Lingkungan Hidup"])
        elif field == "category":
            row[field] = rng.choice([*CATEGORIES, "Air Bersih"])
        elif field == "region":
            row[field] = rng.choice(REGIONS)
        elif field == "satisfaction":
            row[field] = rng.randint(1, 5)
        elif field == "status":
            row[field] = "in_progress"
            row["resolved_at"] = None
        elif field == "privacy":
            row[field] = "confidential"
        else:
            row[field] = "2026-03-11T09:00:00+08:00"
    start = len(rows)
    rows += [
        make_record(tracking_id=f"LAP-REUSE-{start + i:04d}", agency=rng.choice(AGENCIES))
        for i in range(rng.randint(1, 4))
    ]
    return rows


def tree(folder: Path) -> dict[str, bytes]:
    files = (p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


def clean_copy(site: Path, folder: Path) -> Path:
    """The same site folder with its content only: no output, no memo, no caches."""
    folder.mkdir()
    for name in ("region.toml", "content"):
        source = site / name
        copy = shutil.copytree if source.is_dir() else shutil.copyfile
        copy(source, folder / name)
    return folder


def update(site: Path, rows: list[dict], name: str) -> int:
    data = write_jsonl(site.parent / name, rows)
    return main(["update", "--site", str(site), "--input", str(data)])


def production_build(site: Path, *output: str) -> int:
    return main(["build", "--production", "--site", str(site), *output])


def differences(incremental: dict[str, bytes], clean: dict[str, bytes]) -> list[str]:
    return sorted(name for name in incremental.keys() | clean.keys()
                  if incremental.get(name) != clean.get(name))  # fmt: skip


@pytest.fixture(autouse=True)
def _secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAPOR_SITE_SECRET", "reuse-test-key-not-a-real-secret")


@pytest.mark.parametrize("seed", [11, 23])
def test_incremental_build_equals_clean_build_after_random_changes(tmp_path, seed):
    rng = random.Random(seed)
    site = new_site(tmp_path / "site")
    first = dataset(rng, 24)
    assert update(site, first, "a.jsonl") == 0
    assert dict(lapor_reuse.last_build)["reused"] == 0
    published = sum(1 for _ in (site / "output" / "kasus").glob("*/index.html"))
    second = changed(rng, first)
    if seed == 23:  # a settings change: nothing may be reused across it
        region = site / "region.toml"
        text = region.read_text("utf-8").replace("Kalimantan Timur", "Kaltim Baru", 1)
        region.write_text(text, "utf-8")
    assert update(site, second, "b.jsonl") == 0
    counts = dict(lapor_reuse.last_build)
    if seed == 23:
        assert counts["reused"] == 0
    else:
        assert 0 < counts["reused"] < 2 * published  # most pages reused, the changed ones rendered
        assert counts["rendered"] > 0
    clean = clean_copy(site, tmp_path / "clean")
    assert production_build(clean) == 0
    assert lapor_reuse.last_build["reused"] == 0
    assert differences(tree(site / "output"), tree(clean / "output")) == []


def _archive_pages(output: Path) -> dict[str, tuple[int, bytes]]:
    """Every archive page of a case listing (``<listing>/page/N/``; not the agency
    directory's pages), with its inode and bytes."""
    found = {}
    for page in output.rglob("page/*/index.html"):
        name = page.relative_to(output).as_posix()
        if not name.removeprefix("en/").startswith("instansi/page/"):
            found[name] = (page.stat().st_ino, page.read_bytes())
    return found


def test_newer_cases_leave_every_archive_page_as_it_was(tmp_path):
    """A daily update adds recent cases: each listing's archive pages are the files of the
    last build (reused, not rendered), and the output still equals a clean build's."""
    site = new_site(tmp_path / "site")
    region = site / "region.toml"
    region.write_text(
        region.read_text("utf-8").replace("cases_per_page = 20", "cases_per_page = 2"), "utf-8"
    )

    def case(n: int, day: int) -> dict:
        return make_record(
            tracking_id=f"LAP-ARSIP-{n:03d}", resolved_at=f"2026-03-{day:02d}T16:00:00+08:00",
            agency=AGENCIES[n % 2], category=CATEGORIES[n % 3], region=REGIONS[0],
        )  # fmt: skip

    rows = [case(n, 10 + n) for n in range(13)]
    assert update(site, rows, "a.jsonl") == 0
    before = _archive_pages(site / "output")
    assert "kasus/page/5/index.html" in before and "en/kasus/page/5/index.html" in before
    assert len(before) > 20
    assert update(site, [*rows, case(13, 28)], "b.jsonl") == 0
    after = _archive_pages(site / "output")
    # 14 cases fill a sixth run of two in the listings of every case (kasus/, and its one
    # region): one new archive page each, whose older neighbour now links to it.
    grown = ["kasus/", "wilayah/kota-samarinda/"]
    assert sorted(after.keys() - before.keys()) == sorted(
        f"{lang}{listing}page/6/index.html" for lang in ("", "en/") for listing in grown
    )
    linked = {f"{lang}{listing}page/5/index.html" for lang in ("", "en/") for listing in grown}
    for name in linked:
        assert after[name][1].replace(b'/page/6/"', b'/"') == before[name][1], name
    kept = {name: value for name, value in before.items() if name not in linked}
    assert {name: after.get(name) for name in kept} == kept  # same inodes, same bytes
    clean = clean_copy(site, tmp_path / "clean")
    assert production_build(clean) == 0
    assert differences(tree(site / "output"), tree(clean / "output")) == []


def test_a_published_page_edited_by_hand_is_rendered_again(tmp_path):
    rng = random.Random(5)
    site = new_site(tmp_path / "site")
    assert update(site, dataset(rng, 6), "a.jsonl") == 0
    page = next((site / "output" / "kasus").glob("*/index.html"))
    original = page.read_bytes()
    page.write_bytes(original.replace(b"</h1>", b" (edited)</h1>"))
    assert production_build(site) == 0
    assert page.read_bytes() == original
    # Only the edited page was rendered; the others came from the memo.
    assert dict(lapor_reuse.last_build)["rendered"] == 1


def test_a_page_edited_in_place_is_rendered_again_though_the_ledger_knew_it(tmp_path):
    """The digest ledger (.state/file-digests.bin) knew the published page by inode, size
    and time; an edit that keeps the size still gives it a new time, so it is read."""
    rows = dataset(random.Random(9), 6)
    site = new_site(tmp_path / "site")
    assert update(site, rows, "a.jsonl") == 0
    yesterday = time.time_ns() - 24 * 3600 * 1_000_000_000
    for path in (site / "output").rglob("*"):
        os.utime(path, ns=(yesterday, yesterday))
    # The next day's update (one new case) changes the index: the search saves the
    # ledger, which has learnt yesterday's pages.
    assert update(site, [*rows, make_record(tracking_id="LAP-REUSE-NEW")], "b.jsonl") == 0
    page = next((site / "output" / "kasus").glob("*/index.html"))
    original = page.read_bytes()
    assert DigestLedger(site / ".state" / "file-digests.bin").known_sha256(page) == (
        hashlib.sha256(original).digest()
    )
    edited = original.replace(b"</h1>", b"</H1>", 1)
    assert edited != original and len(edited) == len(original)
    page.write_bytes(edited)  # same size, a new modification time
    assert production_build(site) == 0
    assert page.read_bytes() == original
    assert dict(lapor_reuse.last_build)["rendered"] == 1


@pytest.mark.parametrize(
    "memo", ["{not json", '{"version": 1, "base": 3, "pages": []}', "[]", "[" * 100_000]
)
def test_a_damaged_memo_means_a_full_render(tmp_path, memo):
    site = new_site(tmp_path / "site")
    assert update(site, dataset(random.Random(3), 4), "a.jsonl") == 0
    before = tree(site / "output")
    (site / ".state" / "render-memo.json").write_text(memo, "utf-8")
    assert production_build(site) == 0
    assert lapor_reuse.last_build["reused"] == 0
    assert tree(site / "output") == before


def _files(output: Path, paths) -> dict[str, tuple[int, bytes]]:
    """Each of ``paths`` (under ``output``) with its inode and bytes."""
    return {p.relative_to(output).as_posix(): (p.stat().st_ino, p.read_bytes()) for p in paths}


def _painted(output: Path) -> dict[str, tuple[int, bytes]]:
    """Every painted file of the outreach kits (plugins/lapor_kit)."""
    from lapor_kit import PAINTED

    return _files(output, (p for p in output.rglob("kit/*") if p.name in PAINTED))


def _edit_and_build_again(site: Path, files_of, edited: str, remade: list[str]) -> None:
    """Edit the published file ``edited`` by hand and build again: the files ``remade``
    are made again (the bytes of before, new inodes); every other file of ``files_of``
    keeps its inode (linked from the last build)."""
    output = site / "output"
    first = files_of(output)
    path = output / edited
    path.write_bytes(path.read_bytes() + b"\n")
    assert production_build(site) == 0
    second = files_of(output)
    assert second.keys() == first.keys()
    for name in remade:
        assert second.pop(name)[1] == first[name][1]
        assert os.stat(output / name).st_ino != first.pop(name)[0]
    assert second == first


def test_kit_files_come_from_the_last_build_until_their_drawings_change(tmp_path):
    """The kits' PDF, PNG and SVG files are linked from the published output while their
    drawings fingerprint the same; a file edited by hand, or a kit whose month's figures
    changed, is painted again; the output equals a clean build's throughout."""
    site = new_site(tmp_path / "site")
    rows = dataset(random.Random(7), 12)
    assert update(site, rows, "a.jsonl") == 0
    output = site / "output"
    first = _painted(output)
    assert "kit/kartu.png" in first and len(first) >= 4 * 5

    region = [name for name in first if name.startswith("kit/")]  # the edited file's kit
    assert len(region) == 4  # painted again, all four: a kit's files are linked together or not
    _edit_and_build_again(site, _painted, "kit/kartu.png", region)

    statistics = json.loads((output / "data" / "statistik.json").read_text("utf-8"))
    (month,) = {row["last_month"]["month"] for row in statistics["by_agency"]}
    day = f"{month}-1{{}}T09:00:00+08:00".format
    more = [
        make_record(
            tracking_id=f"LAP-KIT-{n:03d}", submitted_at=day(0), verified_at=day(1),
            forwarded_at=day(1), first_response_at=day(2), resolved_at=day(3), agency=AGENCIES[0],
        )
        for n in range(12)
    ]  # fmt: skip
    before = _painted(output)
    assert update(site, [*rows, *more], "b.jsonl") == 0
    after = _painted(output)
    # AGENCIES[0]'s card and the region's (its figures are the region's month) change.
    changed_kits = ("instansi/dinas-perhubungan/kit/", "kit/")
    for kit in changed_kits:
        assert after[f"{kit}kartu.png"][1] != before[f"{kit}kartu.png"][1]
    unchanged = [name for name in before if not name.startswith(changed_kits)]
    assert len(unchanged) == len(before) - 8
    assert [name for name in unchanged if after[name] != before[name]] == []  # linked
    clean = clean_copy(site, tmp_path / "clean")
    assert production_build(clean) == 0
    assert differences(tree(output), tree(clean / "output")) == []


def _feed_files(output: Path) -> dict[str, tuple[int, bytes]]:
    """Every feed file (plugins/lapor_feeds)."""
    return _files(output, (output / "feeds").rglob("*.xml"))


def test_feed_files_come_from_the_last_build_until_their_items_change(tmp_path):
    """The Atom and RSS files are linked from the published output while the items they
    show fingerprint the same; a feed edited by hand, and the feeds a new case shows in,
    are written again; the output equals a clean build's throughout."""
    site = new_site(tmp_path / "site")
    rows = dataset(random.Random(11), 12)
    assert update(site, rows, "a.jsonl") == 0
    output = site / "output"
    first = _feed_files(output)
    assert "feeds/kasus.atom.xml" in first and len(first) >= 2 * 8

    both = ["feeds/kasus.atom.xml", "feeds/kasus.rss.xml"]  # written again, both formats
    _edit_and_build_again(site, _feed_files, "feeds/kasus.rss.xml", both)

    agency = "Badan Pendapatan"
    new = make_record(tracking_id="LAP-FEED-NEW", agency=agency, category=CATEGORIES[0],
                      region=REGIONS[0])  # fmt: skip
    before = _feed_files(output)
    assert update(site, [*rows, new], "b.jsonl") == 0
    after = _feed_files(output)
    rewritten = {name for name in before if after[name][0] != before[name][0]}
    assert {name.rsplit(".", 2)[0] for name in rewritten} >= {
        "feeds/kasus", "feeds/instansi/badan-pendapatan"
    }  # fmt: skip
    assert len(rewritten) < len(before) - 2  # most feeds did not show the new case
    for name in before.keys() - rewritten:
        assert after[name][1] == before[name][1]
    clean = clean_copy(site, tmp_path / "clean")
    assert production_build(clean) == 0
    assert differences(tree(output), tree(clean / "output")) == []


def test_a_rebuild_never_writes_through_to_the_previous_output(tmp_path):
    rng = random.Random(7)
    site = new_site(tmp_path / "site")
    assert update(site, dataset(rng, 6), "a.jsonl") == 0
    before = tree(site / "output")
    other = tmp_path / "other"
    assert production_build(site, "--output", str(other)) == 0
    # A build into another folder may link the published pages, but it leaves them as they were.
    assert tree(site / "output") == before


def test_fingerprint_is_stable_and_distinguishes_values():
    value = {"b": [1, 2.5, None], "a": ("x", True), "c": {3, 1}}
    assert fingerprint(value) == fingerprint({"c": {1, 3}, "a": ("x", True), "b": [1, 2.5, None]})
    assert fingerprint({"a": "1"}) != fingerprint({"a": 1})
    assert fingerprint(["a,b"]) != fingerprint(["a", "b"])
    with pytest.raises(Unkeyable):
        fingerprint(object())


def test_code_digest_changes_with_any_template_or_catalog(tmp_path):
    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "case.html"
    template.write_text("{{ article.title }}", "utf-8")
    before = code_digest([tmp_path])
    template.write_text("{{ article.title }}!", "utf-8")
    assert code_digest([tmp_path]) != before
    edited = code_digest([tmp_path])
    (tmp_path / "en.po").write_text('msgid "a"\nmsgstr "b"\n', "utf-8")
    assert code_digest([tmp_path]) != edited


def test_a_page_linking_to_another_by_filename_follows_that_page_to_its_new_address(tmp_path):
    """``{filename}lampiran.md`` is resolved when a page is rendered: a page whose own
    source is unchanged must still be rendered again when the page it links to moves."""
    site = new_site(tmp_path / "site")
    pages = site / "content" / "pages"
    shutil.copytree(INSTALL_ROOT / "content" / "pages", pages)
    note = "Title: Catatan\nSlug: catatan\nLang: {lang}\n\nLihat [lampiran]({{filename}}{name}).\n"
    attached = "Title: Lampiran\nSlug: {slug}\nLang: {lang}\n\nIsi lampiran.\n"
    for lang, suffix in (("id", ""), ("en", ".en")):
        (pages / f"catatan{suffix}.md").write_text(
            note.format(lang=lang, name=f"lampiran{suffix}.md"), "utf-8"
        )
        (pages / f"lampiran{suffix}.md").write_text(
            attached.format(slug="lampiran", lang=lang), "utf-8"
        )
    note_page = site / "output" / "catatan" / "index.html"
    assert update(site, dataset(random.Random(13), 4), "a.jsonl") == 0
    assert b'/lampiran/">lampiran</a>' in note_page.read_bytes()
    for lang, suffix in (("id", ""), ("en", ".en")):
        (pages / f"lampiran{suffix}.md").write_text(
            attached.format(slug="lampiran-2026", lang=lang), "utf-8"
        )
    assert production_build(site) == 0
    clean = clean_copy(site, tmp_path / "clean")
    assert production_build(clean) == 0
    assert differences(tree(site / "output"), tree(clean / "output")) == []
    assert b'/lampiran-2026/">lampiran</a>' in note_page.read_bytes()
