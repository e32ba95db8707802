"""The transaction that makes an update all-or-nothing, step by step.

Each interruption is simulated by stopping at a known point (a journal and
staged or backup items on disk, as a killed process leaves them) and running
:func:`recover`; ``tests/test_update_crash.py`` kills real updates.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from lapor_site.transaction import (
    COMMITTING,
    PREPARED,
    NotReplaceable,
    Transaction,
    backup_path,
    recover,
    same_content,
    staged_path,
)


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "content" / "generated").mkdir(parents=True)
    (tmp_path / "content" / "generated" / "a.md").write_text("old A")
    (tmp_path / ".state").mkdir()
    (tmp_path / ".state" / "sync.json").write_text('{"old": true}')
    return tmp_path


def stage_new(transaction: Transaction, folder: Path) -> None:
    generated = transaction.stage(folder / "content" / "generated")
    generated.mkdir()
    (generated / "b.md").write_text("new B")
    transaction.stage(folder / ".state" / "sync.json").write_text('{"new": true}')
    output = transaction.stage(folder / "output")  # a first build: no output before
    output.mkdir()
    (output / "index.html").write_text("<p>new</p>")


NEW = {
    ".state/sync.json": b'{"new": true}',
    "content/generated/b.md": b"new B",
    "output/index.html": b"<p>new</p>",
}


def test_commit_swaps_everything_in(folder: Path) -> None:
    journal = folder / ".state" / "transaction.json"
    with Transaction(journal) as transaction:
        stage_new(transaction, folder)
        changed = transaction.commit()
    assert tree(folder) == NEW
    assert len(changed) == 3


def test_leaving_without_commit_changes_nothing(folder: Path) -> None:
    before = tree(folder)
    with pytest.raises(RuntimeError), Transaction(folder / ".state" / "transaction.json") as t:
        stage_new(t, folder)
        raise RuntimeError("the build failed")
    assert tree(folder) == before


def test_identical_items_are_not_touched(folder: Path) -> None:
    state = folder / ".state" / "sync.json"
    mtime = state.stat().st_mtime_ns
    with Transaction(folder / ".state" / "transaction.json") as transaction:
        transaction.stage(state).write_text('{"old": true}')
        assert transaction.commit() == []
    assert state.stat().st_mtime_ns == mtime


def kill_after_journal(folder: Path, moved: int) -> dict[str, bytes]:
    """Leave the folder as a run killed after ``moved`` of the commit's moves."""
    journal = folder / ".state" / "transaction.json"
    transaction = Transaction(journal)
    stage_new(transaction, folder)
    targets = [t.resolve() for t in transaction.targets]
    journal.write_text(json.dumps({"state": COMMITTING, "targets": [str(t) for t in targets]}))
    for target in targets[:moved]:
        if target.exists():
            target.rename(backup_path(target))
        staged_path(target).rename(target)
    return tree(folder)


@pytest.mark.parametrize("moved", [0, 1, 2, 3])
def test_a_decided_commit_is_completed_by_recovery(folder: Path, moved: int) -> None:
    kill_after_journal(folder, moved)
    assert recover(folder / ".state" / "transaction.json") == "completed an interrupted update"
    assert tree(folder) == NEW


def test_recovery_killed_halfway_is_completed_by_the_next_recovery(folder: Path) -> None:
    kill_after_journal(folder, 1)
    target = (folder / ".state" / "sync.json").resolve()
    target.rename(backup_path(target))  # the recovery died between the two renames of a move
    assert recover(folder / ".state" / "transaction.json") is not None
    assert tree(folder) == NEW


def test_a_prepared_transaction_is_rolled_back(folder: Path) -> None:
    before = tree(folder)
    transaction = Transaction(folder / ".state" / "transaction.json")
    stage_new(transaction, folder)  # killed while staging: journal says "prepared"
    assert json.loads(transaction.journal.read_text())["state"] == PREPARED
    assert recover(transaction.journal) == "discarded an interrupted update; nothing had changed"
    assert tree(folder) == before


def test_unreadable_journal_is_discarded(folder: Path) -> None:
    before = tree(folder)
    journal = folder / ".state" / "transaction.json"
    journal.write_text("{not json")
    assert recover(journal) == "discarded an unreadable transaction journal"
    assert tree(folder) == {k: v for k, v in before.items() if k != ".state/transaction.json"}


def test_a_move_that_fails_is_rolled_back(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A target that cannot be renamed halfway through the commit: everything goes back."""
    output = (folder / "output").resolve()
    output.mkdir()
    (output / "index.html").write_text("<p>old</p>")
    before = tree(folder)
    real_rename = Path.rename

    def rename(self: Path, target: Path) -> Path:
        if self == output:
            raise OSError(16, "Device or resource busy")
        return real_rename(self, target)

    journal = folder / ".state" / "transaction.json"
    with Transaction(journal) as transaction:
        stage_new(transaction, folder)
        monkeypatch.setattr(Path, "rename", rename)
        with pytest.raises(OSError, match="busy"):
            transaction.commit()
    monkeypatch.undo()
    assert tree(folder) == before
    assert not journal.exists()


def test_the_root_of_a_mount_is_refused_before_anything_changes(tmp_path: Path) -> None:
    mount = tmp_path / "www"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], check=False
    )
    if done.returncode:
        pytest.skip("mounting a tmpfs needs root")
    try:
        journal = tmp_path / "transaction.json"
        with Transaction(journal) as transaction, pytest.raises(NotReplaceable, match="mounted"):
            transaction.stage(mount)
        assert not (tmp_path / "transaction.json").exists()
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_journal_cut_short_while_written_is_discarded(folder: Path) -> None:
    before = tree(folder)
    draft = folder / ".state" / ".transaction.json.tmp"
    draft.write_text('{"state": "commit')  # killed while writing the journal
    assert recover(folder / ".state" / "transaction.json") is None
    assert not draft.exists()
    assert tree(folder) == before


def _sample_tree(root: Path) -> Path:
    (root / "kasus" / "LAP-1").mkdir(parents=True)
    (root / "kasus" / "LAP-1" / "index.html").write_bytes(b"<p>satu</p>")
    (root / "kasus" / "LAP-2").mkdir()
    (root / "kasus" / "LAP-2" / "index.html").write_bytes(b"<p>dua</p>")
    (root / "kosong").mkdir()
    (root / "index.html").write_bytes(b"<p>beranda</p>")
    return root


@pytest.mark.parametrize("how", ["copy", "hard links"])
def test_trees_with_the_same_names_and_bytes_are_the_same(tmp_path: Path, how: str) -> None:
    a = _sample_tree(tmp_path / "a")
    flag = "-a" if how == "copy" else "-al"
    subprocess.run(["cp", flag, str(a), str(tmp_path / "b")], check=True)
    assert same_content(a, tmp_path / "b")
    assert same_content(a / "index.html", tmp_path / "b" / "index.html")


def _write(path: Path, data: bytes) -> None:
    path.unlink()  # a new file, not a write through a hard link into the other tree
    path.write_bytes(data)


CHANGES = {
    "a byte deep down, same size": lambda b: _write(
        b / "kasus" / "LAP-2" / "index.html", b"<p>duA</p>"
    ),
    "a byte at the top, same size": lambda b: _write(b / "index.html", b"<p>berandA</p>"),
    "a file longer": lambda b: _write(b / "kasus" / "LAP-1" / "index.html", b"<p>satu!</p>"),
    "a file more": lambda b: (b / "kasus" / "LAP-1" / "baru.html").write_bytes(b""),
    "a file fewer": lambda b: (b / "kasus" / "LAP-2" / "index.html").unlink(),
    "an empty folder more": lambda b: (b / "kasus" / "LAP-3").mkdir(),
    "an empty folder fewer": lambda b: (b / "kosong").rmdir(),
    "a folder where a file was": lambda b: (
        (b / "index.html").unlink(),
        (b / "index.html").mkdir(),
    ),
    "a link that leads nowhere": lambda b: (
        (b / "index.html").unlink(),
        (b / "index.html").symlink_to("nowhere"),
    ),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
@pytest.mark.parametrize("how", ["copy", "hard links"])
def test_any_difference_of_names_kinds_or_bytes_is_seen(
    tmp_path: Path, change: str, how: str
) -> None:
    a = _sample_tree(tmp_path / "a")
    b = tmp_path / "b"
    subprocess.run(["cp", "-a" if how == "copy" else "-al", str(a), str(b)], check=True)
    CHANGES[change](b)
    assert not same_content(a, b)
    assert not same_content(b, a)
    assert tree(a) == tree(_sample_tree(tmp_path / "fresh"))  # the original was not touched


def test_a_missing_item_or_a_file_against_a_folder_is_not_the_same(tmp_path: Path) -> None:
    a = _sample_tree(tmp_path / "a")
    assert not same_content(a, tmp_path / "missing")
    assert not same_content(tmp_path / "missing", a)
    assert not same_content(a / "index.html", a)
    assert not same_content(a, a / "index.html")


def test_links_that_loop_back_end_the_comparison(tmp_path: Path) -> None:
    """Links are followed, so a folder linking to itself would be endless: each pair of
    folders is compared once."""
    import threading

    verdicts = []
    for side in ("a", "b"):
        _sample_tree(tmp_path / side)
        (tmp_path / side / "kasus" / "sini").symlink_to(".")
        (tmp_path / side / "kasus" / "atas").symlink_to("..")
    (tmp_path / "c").mkdir()
    subprocess.run(["cp", "-a", str(tmp_path / "a"), str(tmp_path / "c" / "a")], check=True)
    (tmp_path / "c" / "a" / "kosong" / "baru.html").write_bytes(b"")
    pairs = [(tmp_path / "a", tmp_path / "b"), (tmp_path / "a", tmp_path / "c" / "a")]
    worker = threading.Thread(
        target=lambda: verdicts.extend(same_content(x, y) for x, y in pairs), daemon=True
    )
    worker.start()
    worker.join(timeout=20)
    assert verdicts == [True, False]
