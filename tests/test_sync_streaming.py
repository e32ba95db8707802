"""The streaming sync against its own public behaviour (differential tests).

The sync holds cases in compressed spools of :data:`lapor_site.spool.CHUNK_SIZE`
and writes the tree, the case table and the store in one pass in id order. Its
output must not depend on how the input is laid out: the order of the records,
identical repeats, a pull split into a full one and incremental ones, or the
number of worker processes must all give the same generated tree and case
store, byte for byte. The inputs here cross chunk boundaries (130-300 records)
and carry what a spool or a streamed writer could get wrong: repeated and
conflicting ids far apart, equal instants in different UTC offsets, ties on
``resolved_at`` in a month with more than ``REPORT_CASES`` resolved cases,
formula-like and unusual Unicode titles.
"""

from __future__ import annotations

import csv
import io
import json
import random
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from factories import leftovers, make_record, new_site, records, write_jsonl

from lapor_site import anonymize
from lapor_site.cli import main
from lapor_site.csvsafe import csv_text
from lapor_site.model import RawRecord
from lapor_site.monthly import REPORT_CASES
from lapor_site.pipeline import SyncError, SyncOptions, SyncReport, sync
from lapor_site.settings import Settings, load_settings
from lapor_site.site import INSTALL_ROOT
from lapor_site.sources.file import FileSource
from lapor_site.spool import CHUNK_SIZE, CaseSpool, decode
from lapor_site.store import CaseStore, StoreError
from lapor_site.validate import validate

SETTINGS = load_settings(INSTALL_ROOT / "region.toml")
#: Titles that a streamed CSV/JSON writer or a spool could mangle.
TITLES = (
    "Lampu jalan mati",
    "=SUM(A1:A9)",
    "+62 nomor layanan",
    "-1 minus",
    "@kepala dinas",
    " =diawali spasi",
    "Ｊalan ＝ lebar",
    "baris\u2028dua\u2029tiga",
    "e\u0301 gabungan",
    "rambu 🚧 rusak",
    '<b>tebal</b> "kutip", koma',
    "{filename} dan {{ x }}",
    "a\nb\tc",
    "",
)
UTC_OFFSETS = (
    timezone(timedelta(hours=8)),
    UTC,
    timezone(timedelta(hours=7)),
    timezone(timedelta(hours=-3, minutes=-30)),
)


@pytest.fixture(autouse=True)
def _secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAPOR_SITE_SECRET", "sync-streaming-test-key")


class _Pull(FileSource):
    """A file read as an incremental pull (what an API source since a watermark gives)."""

    is_incremental = True


@dataclass
class _Run:
    report: SyncReport
    tree: dict[str, bytes]
    store: bytes


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _iso(moment: datetime, offset: timezone) -> str:
    return moment.astimezone(offset).isoformat()


def _varied(count: int, prefix: str = "LAP") -> list[dict]:
    """``count`` records of every kind a sync handles, the same for the same arguments.

    A third of each month's resolved cases share one resolution instant
    (written in different UTC offsets), so each month has more than
    ``REPORT_CASES`` resolved cases and ties among its newest.
    """
    odd_ids = ["A", "AB", "A B", "Ä1", "a", "9", "0009", "ID-é"]
    rows = []
    for i in range(count):
        month = i % 6 + 1
        offset = UTC_OFFSETS[i % len(UTC_OFFSETS)]
        submitted = datetime(2025, month, 2 + i % 5, 9, 15, tzinfo=UTC_OFFSETS[0])
        if i % 3 == 0:
            resolved = datetime(2025, month, 20, 12, 0, tzinfo=UTC_OFFSETS[0])
        else:
            resolved = submitted + timedelta(days=8 + i % 11, hours=i % 7)
        status = "in_progress" if i % 7 == 3 else "resolved"
        tracking_id = odd_ids[i] if i < len(odd_ids) else f"{prefix}-{i:04d}"
        rows.append(
            make_record(
                tracking_id=f"{prefix}{tracking_id}" if i < len(odd_ids) else tracking_id,
                submitted_at=_iso(submitted, offset),
                verified_at=_iso(submitted + timedelta(days=1), offset),
                forwarded_at=_iso(submitted + timedelta(days=1, hours=2), offset),
                first_response_at=_iso(submitted + timedelta(days=3), offset),
                resolved_at=_iso(resolved, offset) if status == "resolved" else "",
                status=status,
                privacy=("confidential", "anonymous", "public", "public", "public")[i % 5],
                title=TITLES[i % len(TITLES)],
                agency=("Dinas Perhubungan", "Dinas PU", "", "=RSUD")[i % 4],
                region=("Kota Samarinda", "Kota Balikpapan", "")[i % 3],
                channel=("web", "sms", "")[i % 3],
                satisfaction=(None, 1, 3, 5)[i % 4],
            )
        )
    return rows


def _sync(
    tmp_path: Path,
    name: str,
    rows: list[dict],
    *,
    store: Path | None = None,
    incremental: bool = False,
    settings: Settings = SETTINGS,
) -> _Run:
    """Sync ``rows`` into ``tmp_path/name``, on top of the case store ``store`` if given."""
    folder = tmp_path / name
    folder.mkdir()
    source = (_Pull if incremental else FileSource)(write_jsonl(folder / "in.jsonl", rows))
    store_out = folder / "store.jsonl"
    report = sync(
        source, settings, folder / "tree", CaseStore(store or folder / "none.jsonl"), store_out
    )
    return _Run(report, _files(folder / "tree"), store_out.read_bytes())


def _same(a: _Run, b: _Run) -> None:
    assert sorted(a.tree) == sorted(b.tree)
    for path in a.tree:
        assert a.tree[path] == b.tree[path], path
    assert a.store == b.store


def _reoffset(row: dict, offset: timezone) -> dict:
    """``row`` with every date written in ``offset`` (the same instants)."""
    row = dict(row)
    for name in ("submitted_at", "verified_at", "forwarded_at", "first_response_at"):
        row[name] = _iso(datetime.fromisoformat(row[name]), offset)
    if row["resolved_at"]:
        row["resolved_at"] = _iso(datetime.fromisoformat(row["resolved_at"]), offset)
    return row


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict], _Run]:
    """The varied input (crossing two chunk boundaries) and its sync, shared by the tests."""
    rows = _varied(2 * CHUNK_SIZE + 4)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LAPOR_SITE_SECRET", "sync-streaming-test-key")
        run = _sync(tmp_path_factory.mktemp("base"), "run", rows)
    return rows, run


def test_the_varied_input_exercises_what_it_should(base) -> None:
    rows, run = base
    assert run.report.valid == len(rows) and not run.report.problems
    assert run.report.published > CHUNK_SIZE
    reports = [p for p in run.tree if p.startswith("laporan/") and not p.endswith(".en.md")]
    assert len(reports) >= 4
    # every month has more resolved cases than a report lists, a third of them tied
    assert sum(1 for r in rows if r["resolved_at"]) > 6 * 2 * REPORT_CASES


def test_record_order_does_not_change_tree_or_store(base, tmp_path) -> None:
    rows, run = base
    shuffled = rows[:]
    random.Random(5).shuffle(shuffled)
    _same(run, _sync(tmp_path, "shuffled", shuffled))
    _same(run, _sync(tmp_path, "reversed", rows[::-1]))


def test_identical_repeats_in_other_utc_offsets_change_nothing(base, tmp_path) -> None:
    rows, run = base
    # each repeat lands in another chunk than its first version; some three times
    repeated = rows + [_reoffset(r, UTC_OFFSETS[1]) for r in rows[::3]]
    repeated += [_reoffset(r, UTC_OFFSETS[3]) for r in rows[::9]]
    again = _sync(tmp_path, "repeated", repeated)
    assert again.report.duplicates == len(rows[::3]) + len(rows[::9])
    assert not again.report.problems
    _same(run, again)


def test_conflicting_versions_drop_the_case_as_if_never_read(base, tmp_path) -> None:
    rows, _ = base
    victim = rows[5]
    changed = dict(victim, title=victim["title"] + " (versi lain)")
    # versions 1 and 3 identical, 2 differs; far apart (other chunks)
    conflicted = [*rows, changed, _reoffset(victim, UTC_OFFSETS[2])]
    run = _sync(tmp_path, "conflicted", conflicted)
    assert len(run.report.problems) == 3
    assert {p.reason for p in run.report.problems} == {"same id with different content"}
    without = _sync(tmp_path, "without", [r for r in rows if r is not victim])
    _same(without, run)


def test_incremental_pulls_equal_one_full_sync(base, tmp_path) -> None:
    rows, _ = base
    first, second = rows[:150], rows[150:]
    updated = [dict(r, status="resolved", resolved_at=r["first_response_at"]) for r in first[3::7]]
    stored = _sync(tmp_path, "first", first)
    # the second pull brings new cases and new versions of stored ones (a stored case resolved)
    pulled = _sync(tmp_path, "second", second + updated, store=tmp_path / "first" / "store.jsonl",
                   incremental=True)  # fmt: skip
    assert pulled.report.kept_from_store == len(first) - len(updated)
    by_id = {r["tracking_id"]: r for r in rows}
    by_id.update({r["tracking_id"]: r for r in updated})
    _same(_sync(tmp_path, "merged", list(by_id.values())), pulled)
    assert stored.tree != pulled.tree
    # a third version of two of them, in a pull of their own
    third = [dict(r, title="versi ketiga") for r in updated[:2]]
    again = _sync(tmp_path, "third", third, store=tmp_path / "second" / "store.jsonl",
                  incremental=True)  # fmt: skip
    by_id.update({r["tracking_id"]: r for r in third})
    _same(_sync(tmp_path, "merged-again", list(by_id.values())), again)


def test_pull_repeating_stored_cases_or_empty_changes_nothing(base, tmp_path) -> None:
    rows, run = base
    store = tmp_path / "store.jsonl"
    store.write_bytes(run.store)
    repeat = _sync(tmp_path, "repeat", rows[100:140], store=store, incremental=True)
    _same(run, repeat)
    assert repeat.report.kept_from_store == len(rows) - 40
    empty = _sync(tmp_path, "empty", [], store=store, incremental=True)
    _same(run, empty)
    assert empty.report.kept_from_store == len(rows)
    with pytest.raises(SyncError, match="no valid record among 0"):
        _sync(tmp_path, "nothing", [], store=tmp_path / "absent.jsonl", incremental=True)


def test_worker_processes_give_the_same_tree(base, tmp_path, monkeypatch) -> None:
    rows, run = base
    monkeypatch.setattr(anonymize, "_PARALLEL_MIN_CASES", 10)
    monkeypatch.setattr(anonymize.os, "sched_getaffinity", lambda _pid: {0, 1, 2})
    _same(run, _sync(tmp_path, "workers", rows))


def test_case_table_is_the_text_its_own_records_give(base) -> None:
    _, run = base
    text = run.tree["data/kasus.json"].decode("utf-8")
    records_ = json.loads(text)
    assert len(records_) == run.report.published
    assert text == json.dumps(records_, ensure_ascii=False, indent=1) + "\n"
    assert [r["id"] for r in records_] == sorted(r["id"] for r in records_)
    table = run.tree["data/kasus.csv"].decode("utf-8")
    header, *cells = list(csv.reader(io.StringIO(table)))
    assert table == csv_text(header, cells)  # every cell already safe: nothing changes
    titles = {row[header.index("title")] for row in cells}
    assert "'=SUM(A1:A9)" in titles and "'+62 nomor layanan" in titles
    assert "baris dua tiga" in titles
    assert not any(t.lstrip(" ").startswith(("=", "+", "-", "@")) for t in titles)


def test_aggregate_figures_do_not_depend_on_order(base, tmp_path) -> None:
    rows, run = base
    stats = json.loads(run.tree["data/statistik.json"])
    by_id = sorted(rows, key=lambda r: r["tracking_id"])
    _same(run, _sync(tmp_path, "by-id", by_id))
    assert stats["totals"]["all"] == len(rows)


def test_shrink_refusal_after_the_pass_publishes_nothing(tmp_path, capsys) -> None:
    site = new_site(tmp_path / "site")
    first = write_jsonl(tmp_path / "first.jsonl", _varied(2 * CHUNK_SIZE + 4))
    assert main(["sync", "--site", str(site), "--input", str(first)]) == 0
    generated, store = site / "content" / "generated", site / ".state" / "sync.cases.jsonl"
    before, stored = _files(generated), store.read_bytes()
    few = write_jsonl(tmp_path / "few.jsonl", records(80))  # under half the cases shown
    assert main(["sync", "--site", str(site), "--input", str(few)]) == 1
    assert "nothing published" in capsys.readouterr().err
    assert _files(generated) == before
    assert store.read_bytes() == stored
    assert leftovers(site) == []


# --- Differences from the in-memory sync (902f455), found by running both on these inputs ---


def test_no_publishable_case_writes_no_empty_case_folder(tmp_path) -> None:
    """The in-memory sync wrote no ``kasus/`` when nothing is publishable; an empty folder
    makes the tree differ from it (``same_content`` says "changed")."""
    rows = records(CHUNK_SIZE + 2, status="in_progress", resolved_at="")
    run = _sync(tmp_path, "open", rows)
    assert run.report.published == 0
    assert not (tmp_path / "open" / "tree" / "kasus").exists()


def test_refused_sync_leaves_a_store_saved_in_place_untouched(tmp_path) -> None:
    """With no ``store_out`` the store is rewritten in place; a refused sync must not have
    rewritten it (the in-memory sync saved the store only after every check)."""
    store = CaseStore(tmp_path / "store.jsonl")
    rows = _varied(CHUNK_SIZE + 10)
    sync(FileSource(write_jsonl(tmp_path / "a.jsonl", rows)), SETTINGS, tmp_path / "a", store)
    before = store.path.read_bytes()
    few = FileSource(write_jsonl(tmp_path / "b.jsonl", records(3)))
    with pytest.raises(SyncError, match="nothing published"):
        sync(few, SETTINGS, tmp_path / "b", store, options=SyncOptions(previously_published=500))
    assert store.path.read_bytes() == before


def test_damaged_store_is_reported_before_the_pull_is_judged(tmp_path) -> None:
    """The in-memory sync read the store before the pull: a damaged store is the error an
    operator sees (and its fix, ``--full``), also when the pull is refused as well."""
    store = tmp_path / "store.jsonl"
    store.write_text("not json\n", encoding="utf-8")
    invalid = [make_record(tracking_id=f"X{i}", status="Ditutup") for i in range(3)]
    with pytest.raises(StoreError, match="line 1 is damaged"):
        _sync(tmp_path, "damaged", invalid, store=store, incremental=True)


def test_empty_pull_counts_each_stored_case_once(base, tmp_path) -> None:
    """A store with a case twice (an older or hand-merged file) keeps the case once."""
    rows, run = base
    lines = run.store.decode("utf-8").splitlines(keepends=True)
    store = tmp_path / "store.jsonl"
    store.write_text("".join(lines[:1] + lines), encoding="utf-8")
    empty = _sync(tmp_path, "empty", [], store=store, incremental=True)
    assert empty.report.kept_from_store == len(rows)
    _same(run, empty)


def test_settings_variant_is_order_independent_too(tmp_path) -> None:
    settings = replace(SETTINGS, min_cell_count=1)
    rows = _varied(CHUNK_SIZE + 3, prefix="K")
    a = _sync(tmp_path, "a", rows, settings=settings)
    b = _sync(tmp_path, "b", rows[::-1], settings=settings)
    _same(a, b)


def test_a_spool_indexes_right_after_its_chunks_were_taken() -> None:
    """Taking the chunks (for workers) must not seal a short chunk that shifts later indexes."""
    rows = records(CHUNK_SIZE + 20)
    cases = list(validate(RawRecord(f"line {n}", r) for n, r in enumerate(rows, 1)).cases)
    spool = CaseSpool(cases[:10])
    assert [c for chunk in spool.chunks() for c in decode(chunk)] == cases[:10]
    spool.extend(cases[10:])
    assert [spool[i] for i in range(len(cases))] == cases
    assert list(spool) == cases
    assert [c for chunk in spool.chunks() for c in decode(chunk)] == cases
