"""Search bundles cut by month, and bundles reused from the published output when their
pages are unchanged (lapor_site.search): the reused index is byte-identical to a clean one,
a damaged or unknown earlier bundle is indexed again, and nothing published is written."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from test_search import bundle_pages

from lapor_site.digests import DigestLedger
from lapor_site.search import BUNDLES_FILE, RECENT_MONTHS, SEARCH_DIR, index_search

#: Month -> words of the dated pages (one page per word); "" holds the undated pages.
PAGES = {
    "": ["panduan", "metodologi"],
    "2025-01": ["zamrud", "kenari"],
    "2025-02": ["merbau"],
    "2025-03": ["ulin", "meranti", "bangkirai", "keruing"],
    "2025-04": ["tengkawang", "gaharu"],
}
#: Pages per bundle: March (4 pages) is larger and is cut in two.
BUNDLE = 3


def _page(lang: str, month: str, word: str, extra: str = "") -> str:
    sort = f' data-pagefind-sort="date:{month}-15"' if month else ""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><title>{word}</title></head>'
        f"<body><article data-pagefind-body{sort}><h1>{word}</h1>"
        f"<p>Laporan {word} {extra}</p></article></body></html>"
    )


def write_site(output: Path, pages: dict[str, list[str]], extra: dict[str, str] | None = None):
    """Pages in Indonesian and English (``en/``), plus one page search does not index."""
    extra = extra or {}
    for month, words in pages.items():
        for word in words:
            for lang, prefix in (("id", ""), ("en", "en/")):
                path = output / prefix / word / "index.html"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(_page(lang, month, word, extra.get(word, "")), encoding="utf-8")
    (output / "daftar").mkdir(parents=True, exist_ok=True)
    (output / "daftar" / "index.html").write_text(
        '<!DOCTYPE html><html lang="id"><body><p>daftar</p></body></html>', encoding="utf-8"
    )
    return output


def index(
    output: Path,
    tmp: Path,
    previous: Path | None = None,
    memo: Path | None = None,
    ledger: Path | None = None,
    bundle: int = BUNDLE,
):
    return index_search(
        output,
        tmp / f"scratch-{output.name}",
        bundle_pages=bundle,
        language="id",
        previous=previous,
        memo=memo,
        ledger=ledger,
    )


def search_files(output: Path) -> dict[str, Path]:
    return {
        p.relative_to(output).as_posix(): p
        for p in sorted(output.rglob("*"))
        if p.is_file() and p.relative_to(output).parts[0].startswith(SEARCH_DIR)
    }


def assert_same_index(a: Path, b: Path) -> None:
    files_a, files_b = search_files(a), search_files(b)
    assert files_a.keys() == files_b.keys()
    for name, path in files_a.items():
        assert path.read_bytes() == files_b[name].read_bytes(), name


def linked_folders(new: Path, old: Path) -> set[str]:
    """Bundle folders of ``new`` whose files are all the same inodes as in ``old``."""
    folders: dict[str, set[bool]] = {}
    for name, path in search_files(new).items():
        if name == f"{SEARCH_DIR}/{BUNDLES_FILE}":
            continue  # always written anew
        before = old / name
        same = before.exists() and os.path.samefile(path, before)
        folders.setdefault(name.split("/", 1)[0], set()).add(same)
    return {folder for folder, same in folders.items() if same == {True}}


def words_in(bundle: Path) -> set[str]:
    return {page["meta"]["title"] for page in bundle_pages(bundle).values()}


def test_bundles_are_cut_by_month_after_the_undated_pages(tmp_path: Path) -> None:
    output = write_site(tmp_path / "output", PAGES)
    bundles = index(output, tmp_path)
    assert bundles["id"] == [
        "pagefind/",
        "pagefind-id-2/",
        "pagefind-id-3/",
        "pagefind-id-4/",
        "pagefind-id-5/",
    ]
    contents = [words_in(output / folder) for folder in bundles["id"]]
    assert contents == [
        {"panduan", "metodologi"},  # undated
        {"zamrud", "kenari", "merbau"},  # January and February fill one bundle
        {"bangkirai", "keruing"},  # March is larger than a bundle: cut in two, path order
        {"meranti", "ulin"},
        {"tengkawang", "gaharu"},
    ]
    assert [words_in(output / folder) for folder in bundles["en"]] == contents
    assert "daftar" not in set().union(*contents)


def test_an_update_reuses_the_bundles_of_unchanged_months(tmp_path: Path) -> None:
    memo = tmp_path / "search-memo.json"
    first = write_site(tmp_path / "first", PAGES)
    index(first, tmp_path, memo=memo)
    before = {name: path.read_bytes() for name, path in search_files(first).items()}
    grown = {**PAGES, "2025-04": [*PAGES["2025-04"], "kapur"]}  # a new case, newest month
    second = write_site(tmp_path / "second", grown)
    bundles = index(second, tmp_path, previous=first, memo=memo)
    reused = linked_folders(second, first)
    assert reused == {
        "pagefind",
        "pagefind-id-2",
        "pagefind-id-3",
        "pagefind-id-4",
        "pagefind-en-1",
        "pagefind-en-2",
        "pagefind-en-3",
        "pagefind-en-4",
    }
    assert "kapur" in words_in(second / bundles["id"][-1])
    clean = write_site(tmp_path / "clean", grown)
    assert index(clean, tmp_path) == bundles
    assert_same_index(second, clean)
    # The published index is as it was: the bundle list was written anew, not through a link.
    assert {name: path.read_bytes() for name, path in search_files(first).items()} == before
    assert not os.path.samefile(
        second / SEARCH_DIR / BUNDLES_FILE, first / SEARCH_DIR / BUNDLES_FILE
    )


def test_a_changed_page_indexes_its_own_bundle_again(tmp_path: Path) -> None:
    memo = tmp_path / "search-memo.json"
    first = write_site(tmp_path / "first", PAGES)
    index(first, tmp_path, memo=memo)
    changed = {"merbau": "tindak lanjut baru"}  # February: the second bundle of each language
    second = write_site(tmp_path / "second", PAGES, changed)
    index(second, tmp_path, previous=first, memo=memo)
    assert linked_folders(second, first) == {
        "pagefind",
        "pagefind-id-3",
        "pagefind-id-4",
        "pagefind-id-5",
        "pagefind-en-1",
        "pagefind-en-3",
        "pagefind-en-4",
        "pagefind-en-5",
    }
    clean = write_site(tmp_path / "clean", PAGES, changed)
    index(clean, tmp_path)
    assert_same_index(second, clean)


@pytest.mark.parametrize("damage", ["removed", "truncated", "altered", "no memo", "other memo"])
def test_a_bundle_is_indexed_again_unless_the_earlier_one_is_whole(
    tmp_path: Path, damage: str
) -> None:
    memo = tmp_path / "search-memo.json"
    first = write_site(tmp_path / "first", PAGES)
    index(first, tmp_path, memo=memo)
    fragment = sorted((first / "pagefind-id-2" / "fragment").iterdir())[0]
    if damage == "removed":
        fragment.unlink()
    elif damage == "truncated":
        fragment.write_bytes(fragment.read_bytes()[:-1])
    elif damage == "altered":  # same size, another byte
        data = bytearray(fragment.read_bytes())
        data[-1] ^= 1
        fragment.write_bytes(bytes(data))
    elif damage == "no memo":
        memo.unlink()
    else:
        memo.write_text(json.dumps({"format": 0, "bundles": {}}), encoding="utf-8")
    second = write_site(tmp_path / "second", PAGES)
    index(second, tmp_path, previous=first, memo=memo)
    reused = linked_folders(second, first)
    assert "pagefind-id-2" not in reused
    if damage in ("removed", "truncated", "altered"):
        assert "pagefind-id-3" in reused  # only the damaged bundle is indexed again
    else:
        assert not reused
    clean = write_site(tmp_path / "clean", PAGES)
    index(clean, tmp_path)
    assert_same_index(second, clean)


def test_a_small_site_reuses_its_one_bundle(tmp_path: Path) -> None:
    memo = tmp_path / "search-memo.json"
    small = {"2025-01": ["zamrud"]}
    first = write_site(tmp_path / "first", small)
    bundles = index(first, tmp_path, memo=memo)
    assert bundles == {"id": ["pagefind/"], "en": ["pagefind/"]}
    second = write_site(tmp_path / "second", small)
    assert index(second, tmp_path, previous=first, memo=memo) == bundles
    assert linked_folders(second, first) == {"pagefind"}
    third = write_site(tmp_path / "third", small, {"zamrud": "baru"})
    index(third, tmp_path, previous=second, memo=memo)
    assert linked_folders(third, second) == set()
    clean = write_site(tmp_path / "clean", small, {"zamrud": "baru"})
    index(clean, tmp_path)
    assert_same_index(third, clean)
    shutil.rmtree(first)  # the reused files do not depend on the earlier folder
    again = write_site(tmp_path / "again", small)
    index(again, tmp_path)
    assert_same_index(second, again)


# ------------------------------------------------------------- through `lapor-site update`


def _dated(number: int, month: str) -> dict:
    from factories import make_record

    days = {"submitted_at": "02", "verified_at": "03", "forwarded_at": "03"}
    days |= {"first_response_at": "05", "resolved_at": "10"}
    dates = {field: f"2026-{month}-{day}T09:00:00+08:00" for field, day in days.items()}
    return make_record(tracking_id=f"LAP-MONTH-{number}", title=f"Atap balai {number}", **dates)


def _inodes(output: Path) -> dict[str, dict[str, int]]:
    """Bundle folder -> {file: inode} of a published index."""
    found: dict[str, dict[str, int]] = {}
    for name, path in search_files(output).items():
        folder, _, rest = name.partition("/")
        found.setdefault(folder, {})[rest] = path.stat().st_ino
    return found


def test_an_update_links_the_bundles_of_earlier_months(tmp_path: Path) -> None:
    """The second update adds a case resolved in a new month: the bundles of the earlier
    months but the last keep their files (the same inodes, linked from the site it
    replaced), and the index is the same bytes as a clean build's."""
    from factories import new_site, write_jsonl
    from test_search import set_bundle_pages

    from lapor_site.cli import main

    site = new_site(tmp_path / "site")
    region = site / "region.toml"
    region.write_text(set_bundle_pages(region.read_text("utf-8"), 5), encoding="utf-8")
    rows = [_dated(i, month) for i, month in enumerate(["01"] * 3 + ["02"] * 3 + ["03"] * 3)]
    first = write_jsonl(tmp_path / "first.jsonl", rows)
    second = write_jsonl(tmp_path / "second.jsonl", [*rows, _dated(99, "04")])
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LAPOR_SITE_SECRET", "search-reuse-test-key")
        assert main(["update", "--site", str(site), "--input", str(first)]) == 0
        before = _inodes(site / "output")
        bundles = json.loads((site / "output" / SEARCH_DIR / BUNDLES_FILE).read_text("utf-8"))
        assert all(len(folders) == 4 for folders in bundles.values()), bundles
        assert main(["update", "--site", str(site), "--input", str(second)]) == 0
        after = _inodes(site / "output")
        clean = tmp_path / "clean"
        assert main(["build", "--site", str(site), "--output", str(clean)]) == 0
    kept = {folder for folder, files in after.items() if before.get(folder) == files}
    # January and February, in both languages; April joins March in the last bundle.
    assert kept == {f.rstrip("/") for folders in bundles.values() for f in folders[1:-1]}
    assert json.loads((site / "output" / SEARCH_DIR / BUNDLES_FILE).read_text("utf-8")) == bundles
    assert_same_index(site / "output", clean)


@pytest.mark.parametrize("setting", ["variable", "file"])
def test_pagefinds_own_settings_are_part_of_what_a_bundle_was_made_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    """A ``PAGEFIND_*`` variable or a configuration file in the working directory changes
    what Pagefind writes: a bundle made without it is not reused."""
    memo = tmp_path / "search-memo.json"
    first = write_site(tmp_path / "first", PAGES)
    index(first, tmp_path, memo=memo)
    if setting == "variable":
        monkeypatch.setenv("PAGEFIND_FORCE_LANGUAGE", "ms")
    else:
        monkeypatch.chdir(tmp_path)
        (tmp_path / "pagefind.yml").write_text("force_language: ms\n", encoding="utf-8")
    second = write_site(tmp_path / "second", PAGES)
    index(second, tmp_path, previous=first, memo=memo)
    assert linked_folders(second, first) == set()
    entry = json.loads((second / "pagefind-id-2" / "pagefind-entry.json").read_text("utf-8"))
    assert list(entry["languages"]) == ["ms"]  # the setting took effect
    clean = write_site(tmp_path / "clean", PAGES)
    index(clean, tmp_path)
    assert_same_index(second, clean)


def test_a_page_in_a_folder_of_the_index_is_refused(tmp_path: Path) -> None:
    """``pagefind-panduan/`` would be indexed in one bundle and skipped in several, and
    a second run on a built output would write through the links of reused bundles:
    both are refused before Pagefind runs."""
    from lapor_site.search import SearchIndexError

    output = write_site(tmp_path / "output", {"": ["beranda"]})
    (output / "pagefind-panduan").mkdir()
    (output / "pagefind-panduan" / "index.html").write_text(
        _page("id", "", "panduan"), encoding="utf-8"
    )
    with pytest.raises(SearchIndexError, match=r"pagefind-panduan is in the output already"):
        index(output, tmp_path)
    assert not (output / SEARCH_DIR).exists()
    memo = tmp_path / "search-memo.json"
    first = write_site(tmp_path / "first", PAGES)
    index(first, tmp_path, memo=memo)
    second = write_site(tmp_path / "second", PAGES)
    index(second, tmp_path, previous=first, memo=memo)
    before = {name: path.read_bytes() for name, path in search_files(first).items()}
    with pytest.raises(SearchIndexError, match="reserved"):
        index(second, tmp_path, previous=first, memo=memo)
    assert {name: path.read_bytes() for name, path in search_files(first).items()} == before


def test_a_bundle_from_another_pagefind_program_is_not_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ``pagefind`` package runs whichever program it finds (pagefind_bin_extended,
    pagefind_bin, PATH): a bundle written by another program is indexed again."""
    import pagefind_bin_extended

    memo = tmp_path / "search-memo.json"
    first = write_site(tmp_path / "first", PAGES)
    index(first, tmp_path, memo=memo)
    # Another program: the same binary behind a wrapper that also drops every <p>.
    fake = tmp_path / "fake" / "pagefind_bin_extended"
    fake.mkdir(parents=True)
    wrapper = tmp_path / "fake" / "pagefind-other"
    real = pagefind_bin_extended.get_executable()
    wrapper.write_text(f'#!/bin/sh\nexec "{real}" "$@" --exclude-selectors p\n', "utf-8")
    wrapper.chmod(0o755)
    (fake / "__init__.py").write_text(
        f"from pathlib import Path\n\ndef get_executable():\n    return Path({str(wrapper)!r})\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PYTHONPATH", str(fake.parent))
    second = write_site(tmp_path / "second", PAGES)
    index(second, tmp_path, previous=first, memo=memo)
    assert linked_folders(second, first) == set()
    clean = write_site(tmp_path / "clean", PAGES)
    index(clean, tmp_path)
    assert_same_index(second, clean)
    first_files = {name: path.read_bytes() for name, path in search_files(first).items()}
    assert {name: path.read_bytes() for name, path in search_files(clean).items()} != first_files


@pytest.mark.parametrize("stray", ["dangling link", "fifo"])
def test_a_previous_bundle_holding_other_than_files_is_not_read(tmp_path: Path, stray: str) -> None:
    memo = tmp_path / "search-memo.json"
    first = write_site(tmp_path / "first", PAGES)
    index(first, tmp_path, memo=memo)
    where = first / "pagefind-id-2" / "stray"
    if stray == "fifo":
        os.mkfifo(where)  # reading it would block
    else:
        where.symlink_to(tmp_path / "nowhere")
    second = write_site(tmp_path / "second", PAGES)
    index(second, tmp_path, previous=first, memo=memo)
    assert "pagefind-id-2" not in linked_folders(second, first)
    assert "pagefind-id-3" in linked_folders(second, first)
    clean = write_site(tmp_path / "clean", PAGES)
    index(clean, tmp_path)
    assert_same_index(second, clean)


def test_a_reused_bundle_is_remembered_as_it_was(tmp_path: Path) -> None:
    """Reusing changes nothing in the memo, so the next build reuses again (a reuse once
    recorded the bundle's file names instead of their digest, and the build after it
    indexed everything again)."""
    memo = tmp_path / "search-memo.json"
    first = write_site(tmp_path / "first", PAGES)
    index(first, tmp_path, memo=memo)
    remembered = memo.read_bytes()
    second = write_site(tmp_path / "second", PAGES)
    index(second, tmp_path, previous=first, memo=memo)
    assert memo.read_bytes() == remembered
    third = write_site(tmp_path / "third", PAGES)
    index(third, tmp_path, previous=second, memo=memo)
    every = {name.split("/", 1)[0] for name in search_files(first)}
    assert linked_folders(third, second) == linked_folders(third, first) == every


#: Four months of one page each: together they fit in one bundle of ``BUNDLE + 1`` pages.
QUIET_MONTHS = {
    "": ["panduan"],
    "2025-01": ["zamrud"],
    "2025-02": ["kenari"],
    "2025-03": ["merbau"],
    "2025-04": ["ulin"],
}


def index_quiet(output: Path, tmp: Path, **options):
    """:func:`index` with bundles one page larger: the four quiet months fit in one."""
    return index(output, tmp, bundle=BUNDLE + 1, **options)


def test_the_newest_months_make_a_bundle_of_their_own(tmp_path: Path) -> None:
    output = write_site(tmp_path / "output", QUIET_MONTHS)
    bundles = index_quiet(output, tmp_path)
    contents = [words_in(output / folder) for folder in bundles["id"]]
    # All four months would fit in one bundle; the RECENT_MONTHS newest are cut apart.
    assert RECENT_MONTHS == 2
    assert contents == [{"panduan"}, {"zamrud", "kenari"}, {"merbau", "ulin"}]
    assert [words_in(output / folder) for folder in bundles["en"]] == contents


def test_a_daily_update_indexes_only_the_newest_months_again(tmp_path: Path) -> None:
    """New cases land in the newest month and follow-ups change last month's cases:
    the older months' bundles are linked from the published output, not indexed."""
    memo = tmp_path / "search-memo.json"
    first = write_site(tmp_path / "first", QUIET_MONTHS)
    index_quiet(first, tmp_path, memo=memo)
    grown = {**QUIET_MONTHS, "2025-04": [*QUIET_MONTHS["2025-04"], "kapur"]}
    changed = {"merbau": "tindak lanjut baru"}  # last month's case got a follow-up
    second = write_site(tmp_path / "second", grown, changed)
    bundles = index_quiet(second, tmp_path, previous=first, memo=memo)
    assert linked_folders(second, first) == {
        "pagefind",
        "pagefind-id-2",
        "pagefind-en-1",
        "pagefind-en-2",
    }
    assert words_in(second / bundles["id"][-1]) == {"merbau", "ulin", "kapur"}
    clean = write_site(tmp_path / "clean", grown, changed)
    assert index_quiet(clean, tmp_path) == bundles
    assert_same_index(second, clean)


#: A modification time of yesterday's build.
YESTERDAY = time.time_ns() - 24 * 3600 * 1_000_000_000


def settle(output: Path) -> None:
    """Date every file of ``output`` as yesterday's build (the same time at every call)."""
    for path in output.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(YESTERDAY, YESTERDAY))


def linked_copy(source: Path, target: Path, new: dict[str, list[str]] | None = None) -> Path:
    """``source``'s pages hard-linked at ``target`` (as the build reuses them), no search
    bundle, plus the ``new`` pages (month -> words) in both languages."""
    shutil.copytree(
        source, target, copy_function=os.link, ignore=shutil.ignore_patterns(f"{SEARCH_DIR}*")
    )
    for month, words in (new or {}).items():
        for word in words:
            for lang, prefix in (("id", ""), ("en", "en/")):
                path = target / prefix / word / "index.html"
                path.parent.mkdir(parents=True)
                path.write_text(_page(lang, month, word), encoding="utf-8")
    return target


def test_known_pages_and_bundles_are_not_read_again(tmp_path: Path, monkeypatch) -> None:
    """With the digest ledger, a daily update reads the new pages and the bundles it writes,
    not the pages and earlier bundles it knows (hard links of the published ones). The
    ledger is saved when the index changed, so every update here brings a new case."""
    memo, ledger = tmp_path / "search-memo.json", tmp_path / "file-digests.bin"
    first = write_site(tmp_path / "first", QUIET_MONTHS)
    settle(first)
    index_quiet(first, tmp_path, memo=memo, ledger=ledger)
    settle(first)
    second = linked_copy(first, tmp_path / "second", {"2025-04": ["kapur"]})
    index_quiet(second, tmp_path, previous=first, memo=memo, ledger=ledger)
    settle(second)
    grown = {**QUIET_MONTHS, "2025-04": [*QUIET_MONTHS["2025-04"], "kapur", "jati"]}
    third = linked_copy(second, tmp_path / "third", {"2025-04": ["jati"]})
    read: list[Path] = []
    read_bytes = DigestLedger.read_bytes

    def spied(self: DigestLedger, path: str | os.PathLike[str]) -> tuple[bytes, bytes]:
        read.append(Path(path))
        return read_bytes(self, path)

    monkeypatch.setattr(DigestLedger, "read_bytes", spied)
    bundles = index_quiet(third, tmp_path, previous=second, memo=memo, ledger=ledger)
    pages = {p.relative_to(third).as_posix() for p in read if p.name == "index.html"}
    # "jati" is new; "kapur" was new yesterday, too fresh then to be remembered.
    assert pages == {
        f"{lang}{word}/index.html" for lang in ("", "en/") for word in ("jati", "kapur")
    }
    written = {f"{SEARCH_DIR}-id-3", f"{SEARCH_DIR}-en-3"}  # the recent months' bundles
    assert {p.relative_to(third).parts[0] for p in read if p.name != "index.html"} == written
    clean = write_site(tmp_path / "clean", grown)
    assert index_quiet(clean, tmp_path) == bundles
    assert_same_index(third, clean)


def _settled_site_and_memo(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A site indexed with a memo and a ledger that know its (settled) pages."""
    memo, ledger = tmp_path / "search-memo.json", tmp_path / "file-digests.bin"
    first = write_site(tmp_path / "first", QUIET_MONTHS)
    settle(first)
    index_quiet(first, tmp_path, memo=memo, ledger=ledger)
    settle(first)
    return first, memo, ledger


def test_forged_page_facts_never_name_a_folder_outside_the_output(tmp_path: Path) -> None:
    first, memo, ledger = _settled_site_and_memo(tmp_path)
    record = json.loads(memo.read_text(encoding="utf-8"))
    for digest, (month, lang, indexed) in record["pages"].items():
        if lang == "en":
            record["pages"][digest] = [month, "../../../escaped", indexed]
    memo.write_text(json.dumps(record), encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    second = linked_copy(first, tmp_path / "second")
    bundles = index_quiet(second, tmp_path, previous=first, memo=memo, ledger=ledger)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*before, "second"])
    clean = write_site(tmp_path / "clean", QUIET_MONTHS)
    assert index_quiet(clean, tmp_path) == bundles
    assert_same_index(second, clean)


def test_page_facts_of_another_version_of_the_code_are_not_used(tmp_path: Path) -> None:
    """Facts are what this code read in a page: an upgrade that reads pages otherwise
    must not inherit them (here an older version that dated no page)."""
    first, memo, ledger = _settled_site_and_memo(tmp_path)
    record = json.loads(memo.read_text(encoding="utf-8"))
    record["pages"] = {d: ["", lang, indexed] for d, (_, lang, indexed) in record["pages"].items()}
    record["facts_code"] = "an older version"
    memo.write_text(json.dumps(record), encoding="utf-8")
    second = linked_copy(first, tmp_path / "second")
    bundles = index_quiet(second, tmp_path, previous=first, memo=memo, ledger=ledger)
    clean = write_site(tmp_path / "clean", QUIET_MONTHS)
    assert index_quiet(clean, tmp_path) == bundles
    assert_same_index(second, clean)


def test_a_memo_nested_too_deep_for_the_parser_is_ignored(tmp_path: Path) -> None:
    memo = tmp_path / "search-memo.json"
    memo.write_text("[" * 100_000, encoding="utf-8")
    output = write_site(tmp_path / "output", QUIET_MONTHS)
    bundles = index_quiet(output, tmp_path, memo=memo)
    clean = write_site(tmp_path / "clean", QUIET_MONTHS)
    assert index_quiet(clean, tmp_path) == bundles


#: A stand-in for ``python -m pagefind`` that logs when it ran and over how many pages,
#: holding each run open a moment so that runs started together are seen together.
LOGGING_PAGEFIND = """\
import json, os, pathlib, subprocess, sys, time
args = sys.argv[1:]
site = pathlib.Path(args[args.index("--site") + 1])
start = time.time()
time.sleep(0.4)
env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
code = subprocess.call([sys.executable, "-m", "pagefind", *args], env=env)
line = {
    "bundle": pathlib.Path(args[args.index("--output-path") + 1]).name,
    "pages": sum(1 for _ in site.rglob("*.html")),
    "start": start,
    "end": time.time(),
}
with open(os.environ["PAGEFIND_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(line) + "\\n")
sys.exit(code)
"""


def test_small_bundles_are_indexed_together_within_one_bundles_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bundles whose pages together fit in ``bundle_pages`` are indexed at the same time
    (a daily update's recent months, one bundle per language); never more pages at once."""
    shim = tmp_path / "shim" / "pagefind"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text("", encoding="utf-8")
    (shim / "__main__.py").write_text(LOGGING_PAGEFIND, encoding="utf-8")
    log = tmp_path / "pagefind.log"
    most = 6  # per language: undated 2 + January-February 3 together; March-April 6 alone
    output = write_site(tmp_path / "output", PAGES)
    with monkeypatch.context() as patch:
        patch.setenv("PYTHONPATH", str(shim.parent))
        patch.setenv("PAGEFIND_LOG", str(log))
        bundles = index(output, tmp_path, bundle=most)
    runs = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert sorted(run["bundle"] for run in runs) == sorted(
        folder.rstrip("/") for folders in bundles.values() for folder in folders
    )
    assert sorted(run["pages"] for run in runs) == [2, 2, 3, 3, 6, 6]
    together = {
        frozenset((a["bundle"], b["bundle"]))
        for a in runs
        for b in runs
        if a is not b and a["start"] < b["end"] and b["start"] < a["end"]
    }
    assert together == {
        frozenset(("pagefind", "pagefind-id-2")),
        frozenset(("pagefind-en-1", "pagefind-en-2")),
    }
    for run in runs:  # the pages being indexed while this run started
        at_once = sum(r["pages"] for r in runs if r["start"] <= run["start"] < r["end"])
        assert at_once <= most, runs
    clean = write_site(tmp_path / "clean", PAGES)
    assert index(clean, tmp_path, bundle=most) == bundles
    assert_same_index(output, clean)
