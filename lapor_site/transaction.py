"""All-or-nothing updates of a site folder, surviving a kill at any moment.

A command stages every replacement beside its target (``.<name>.staged``):
the generated content, the sync state and case store, the built output.
Nothing the site publishes is touched until :meth:`Transaction.commit`, which

1. drops staged items identical to their targets (so unchanged files keep
   their bytes and mtimes),
2. flushes everything to disk and writes the journal (``.state/transaction.json``)
   with ``"committing"``: from this point the update is decided,
3. moves each target aside (``.<name>.backup``) and the staged item in,
4. deletes the backups and then the journal.

:func:`recover`, run before every command, finishes what a killed run left:
with no journal, or a journal still ``"prepared"``, it deletes the staged
items (the folder is exactly as before); with a ``"committing"`` journal it
completes the moves (the folder is exactly as the completed run leaves it).
Every step of the recovery can itself be interrupted and repeated.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import time
from pathlib import Path

from lapor_site.trees import remove_tree

#: Test hook: a named point at which the process kills itself (see :func:`fault_point`).
FAULT_ENV = "LAPOR_SITE_FAULT"
PREPARED = "prepared"
#: Bytes read at a time from each file by :func:`same_content`.
_COMPARE_CHUNK = 1 << 17
COMMITTING = "committing"


class NotReplaceable(OSError):
    """A target cannot be swapped by renaming (the root of a mount); nothing was changed."""


def fault_point(name: str, child: int | None = None) -> None:
    """Die here with SIGKILL if ``$LAPOR_SITE_FAULT`` names this point (crash tests only).

    ``child`` is a child process running at this point: once it has started (it runs
    another program, or :data:`_CHILD_START` seconds passed: a fork runs none), it is
    stopped (SIGSTOP), so that a test can tell that it died with its parent rather
    than finished.
    """
    if os.environ.get(FAULT_ENV) != name:
        return
    if child is not None:
        deadline = time.monotonic() + _CHILD_START
        while time.monotonic() < deadline and _same_program(child):
            time.sleep(0.01)
        os.kill(child, signal.SIGSTOP)
    os.kill(os.getpid(), signal.SIGKILL)


#: Seconds :func:`fault_point` gives a child to start before it stops it.
_CHILD_START = 0.5


def _same_program(pid: int) -> bool:
    try:
        return os.readlink(f"/proc/{pid}/exe") == os.readlink("/proc/self/exe")
    except OSError:
        return False


def staged_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.staged")


def backup_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.backup")


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        remove_tree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _journal_draft(journal: Path) -> Path:
    return journal.with_name(f".{journal.name}.tmp")


def _write_journal(journal: Path, state: str, targets: list[Path]) -> None:
    journal.parent.mkdir(parents=True, exist_ok=True)
    temporary = _journal_draft(journal)
    data = {"state": state, "targets": [str(t) for t in targets]}
    with temporary.open("w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=1)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, journal)
    _fsync_dir(journal.parent)


def same_content(a: Path, b: Path) -> bool:
    """Whether two files, or two folder trees, hold the same names, kinds and bytes.

    Links are followed (a pair of folders met again through them is compared once);
    anything that is neither a regular file nor a folder (a link that leads nowhere,
    a pipe) makes the trees differ. The cheap differences are looked for first,
    from the top down: names, kinds and sizes of every entry.
    Bytes are read only when none of those differ, and never for a file that is a
    hard link of the other (the same inode), so comparing a staged tree with the
    tree it was linked from costs a stat per entry.
    """
    unread: list[tuple[str, str]] = []
    level = [(os.fspath(a), os.fspath(b))]
    compared: set[tuple[int, ...]] = set()  # pairs of folders, by identity: links may loop
    try:
        while level:
            below = []
            for left, right in level:
                left_stat, right_stat = os.stat(left), os.stat(right)
                identity = (
                    left_stat.st_dev,
                    left_stat.st_ino,
                    right_stat.st_dev,
                    right_stat.st_ino,
                )
                if stat.S_ISDIR(left_stat.st_mode) and stat.S_ISDIR(right_stat.st_mode):
                    if identity in compared:
                        continue
                    compared.add(identity)
                    names = sorted(os.listdir(left))
                    if names != sorted(os.listdir(right)):
                        return False
                    below += [(os.path.join(left, n), os.path.join(right, n)) for n in names]
                elif stat.S_ISREG(left_stat.st_mode) and stat.S_ISREG(right_stat.st_mode):
                    if left_stat.st_size != right_stat.st_size:
                        return False
                    if identity[:2] != identity[2:]:  # not one file, linked twice
                        unread.append((left, right))
                else:
                    return False
            level = below
        return all(_same_bytes(left, right) for left, right in unread)
    except OSError:
        return False  # "not the same" is the safe answer: the staged item is moved in


def _same_bytes(a: str, b: str) -> bool:
    with open(a, "rb") as left, open(b, "rb") as right:
        while True:
            chunk = left.read(_COMPARE_CHUNK)
            if chunk != right.read(_COMPARE_CHUNK):
                return False
            if not chunk:
                return True


def _roll_forward(targets: list[Path]) -> None:
    for target in targets:
        staged, backup = staged_path(target), backup_path(target)
        if not (staged.exists() or staged.is_symlink()):
            continue  # moved in already, or unchanged
        if target.exists() or target.is_symlink():
            if backup.exists():
                _remove(backup)
            target.rename(backup)
        staged.rename(target)
        fault_point("commit-move")
    for parent in {t.parent for t in targets}:
        _fsync_dir(parent)
    for target in targets:
        _remove(backup_path(target))


def _roll_back(targets: list[Path]) -> None:
    """Undo the moves of a commit that could not complete (the reverse of :func:`_roll_forward`)."""
    for target in reversed(targets):
        staged, backup = staged_path(target), backup_path(target)
        if not (staged.exists() or staged.is_symlink()) and (
            target.exists() or target.is_symlink()
        ):
            target.rename(staged)  # the new item was moved in: take it out again
        if backup.exists() or backup.is_symlink():
            backup.rename(target)
    for target in targets:
        _remove(staged_path(target))


def _complete(targets: list[Path]) -> None:
    """Roll forward; if a move is impossible (a busy mount point), roll back, then raise."""
    try:
        _roll_forward(targets)
    except OSError:
        _roll_back(targets)
        raise


def recover(journal: Path) -> str | None:
    """Finish or undo an interrupted transaction; return what was done (or ``None``)."""
    _remove(_journal_draft(journal))  # a journal whose writing was cut short never counted
    try:
        data = json.loads(journal.read_text(encoding="utf-8"))
        targets = [Path(t) for t in data["targets"]]
        state = data["state"]
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError):
        # A journal is only ever replaced atomically; an unreadable one was never
        # committed, and its targets are unknown: nothing was moved.
        journal.unlink()
        return "discarded an unreadable transaction journal"
    if state == COMMITTING:
        try:
            _complete(targets)
        except OSError:
            if not any(backup_path(t).exists() for t in targets):
                journal.unlink()  # rolled back: the folder is as before the update
            raise
        journal.unlink()
        outcome = "completed an interrupted update"
    else:
        for target in targets:
            _remove(staged_path(target))
        outcome = "discarded an interrupted update; nothing had changed"
        journal.unlink()
    return outcome


class Transaction:
    """Replacements for files and folders that take effect together, or not at all.

    Use as a context manager: leaving it with an exception (or without
    :meth:`commit`) discards every staged item.
    """

    def __init__(self, journal: Path) -> None:
        self.journal = journal
        self.targets: list[Path] = []
        #: Targets that :meth:`commit` replaced (unchanged ones are left out).
        self.changed: list[Path] = []

    def __enter__(self) -> Transaction:
        recover(self.journal)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.journal.exists():
            recover(self.journal)  # not committed: a prepared journal rolls back

    def stage(self, target: Path) -> Path:
        """Reserve the staged path for ``target`` (empty: the caller writes it)."""
        target = Path(target).resolve()
        if os.path.ismount(target):
            raise NotReplaceable(
                f"{target} is the root of a mounted file system and cannot be replaced in one "
                f"step; use a folder inside it (for example {target / 'site'})"
            )
        staged = staged_path(target)
        if target not in self.targets:
            self.targets.append(target)
            _write_journal(self.journal, PREPARED, self.targets)
        for leftover in (staged, backup_path(target)):
            _remove(leftover)
        target.parent.mkdir(parents=True, exist_ok=True)
        return staged

    def staged(self, target: Path) -> Path:
        """The staged item of ``target`` if one was written, else ``target`` itself."""
        staged = staged_path(Path(target).resolve())
        return staged if staged.exists() else Path(target)

    def commit(self) -> list[Path]:
        """Swap every staged item in; return the targets that changed."""
        moving = []
        for target in self.targets:
            staged = staged_path(target)
            if not staged.exists():
                continue
            if same_content(staged, target):
                _remove(staged)
            else:
                moving.append(target)
        os.sync()
        fault_point("before-commit")
        _write_journal(self.journal, COMMITTING, moving)
        fault_point("committing")
        try:
            _complete(moving)
        except OSError:
            if not any(backup_path(t).exists() for t in moving):
                self.journal.unlink()  # rolled back: the folder is as it was
            raise
        fault_point("before-journal-removed")
        self.journal.unlink()
        self.changed = moving
        return moving
