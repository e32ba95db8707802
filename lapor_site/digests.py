"""File digests remembered by inode, so that a build reads again only the files that changed.

An update builds a new output in which most files are hard links to the
published ones, and the site search wants the SHA-256 of every page and of
every file of an earlier bundle it reuses: about 130,000 files at 20,000
cases, read and hashed at every update. A :class:`DigestLedger` remembers, per
file, its device and inode, its size and its modification time (ns) with the
SHA-256 of its bytes, and gives the digest back without reading the file while
its ``stat`` still says the same. A hard link is the same inode, so a page
linked into the next output is known there too.

**When an entry can be trusted.** Writing a file sets its modification time
to the file system's clock, in ticks that can be coarse (milliseconds, or
seconds on some file systems). A file written again within the tick its entry
saw would keep its time, so, like git with its index, the ledger records a file
only when its modification time is at least :data:`SETTLED_SECONDS` older than
the file system's clock when the ledger was opened (read from a file it
creates and removes beside the files, so a clock on another machine counts
too): any later write then gives the file a later time. A fresh file is hashed
every time until it has settled.

**What fools it** (as it fools make and rsync, which trust size and time too):
a file whose bytes change while it keeps its size and its modification time
to the nanosecond. That takes a tool that sets times: an edit in place followed
by ``touch -d``, or a copy that keeps times (``cp -p``, ``tar``, a restore)
that puts a different file of the same size and the very same time on an
inode number the ledger remembers. The site's own steps only ever write new
files, with the clock's time; after restoring an output from a copy, delete
the ledger (git also compares the inode's change time, which nobody can set,
but every hard link the build makes changes it, so here it would tell nothing).

The ledger is a cache, never the truth: a missing or damaged file is an empty
ledger, and entries for files not seen in a run are dropped when it is saved.
"""

from __future__ import annotations

import hashlib
import os
import struct
import tempfile
from pathlib import Path

from lapor_site import cachefile

#: Seconds by which a file's modification time must precede the file system's clock
#: before its digest is remembered (coarser than any file system's time stamps).
SETTLED_SECONDS = 2
_FORMAT = b"lapor-site file digests 1\n"
#: device, inode, size, modification time (ns), SHA-256.
_ENTRY = struct.Struct("<QQQq32s")


class DigestLedger:
    """SHA-256 of files by (device, inode), valid while size and modification time hold."""

    def __init__(self, path: Path | None, clock_folder: Path | None = None) -> None:
        """Open the ledger saved at ``path`` (None: remember nothing across runs). The
        file system clock is read in ``clock_folder``, a writable folder beside the files;
        without one, the ledger only tells what it knows and remembers nothing new."""
        self.path = path
        self._known = _load(path)
        self._seen: dict[tuple[int, int], tuple[int, int, bytes]] = {}
        self._clock_device, self._settled_before = -1, 0
        if clock_folder is not None:
            self._clock_device, now = _file_system_clock(clock_folder)
            self._settled_before = now - SETTLED_SECONDS * 1_000_000_000
        #: Files read and hashed, and files whose digest came from the ledger (for tests).
        self.read = self.remembered = 0

    def sha256(self, path: str | os.PathLike[str]) -> bytes:
        """The SHA-256 of the file ``path`` (following symbolic links)."""
        known = self._lookup(os.stat(path))
        return known if known is not None else self.read_bytes(path)[1]

    def known_sha256(self, path: str | os.PathLike[str]) -> bytes | None:
        """The SHA-256 of ``path`` if the ledger knows the file as it is now, else None
        (a missing file included)."""
        try:
            return self._lookup(os.stat(path))
        except OSError:
            return None

    def read_bytes(self, path: str | os.PathLike[str]) -> tuple[bytes, bytes]:
        """The bytes of ``path`` and their SHA-256, remembered if the file has settled."""
        with open(path, "rb") as file:
            before = os.fstat(file.fileno())
            data = file.read()
        digest = hashlib.sha256(data).digest()
        self.read += 1
        key = (before.st_dev, before.st_ino)
        settled = before.st_mtime_ns < self._settled_before
        if settled and before.st_dev == self._clock_device and len(data) == before.st_size:
            self._seen[key] = (before.st_size, before.st_mtime_ns, digest)
        return data, digest

    def _lookup(self, status: os.stat_result) -> bytes | None:
        key = (status.st_dev, status.st_ino)
        entry = self._seen.get(key) or self._known.get(key)
        if entry is None or entry[:2] != (status.st_size, status.st_mtime_ns):
            return None
        self._seen[key] = entry
        self.remembered += 1
        return entry[2]

    def save(self) -> None:
        """Write the entries of the files seen since the ledger was opened (not without
        a clock folder: it saw too little to forget the rest)."""
        if self.path is None or self._clock_device < 0:
            return
        parts = [_FORMAT]
        for (device, inode), (size, mtime, digest) in sorted(self._seen.items()):
            parts.append(_ENTRY.pack(device, inode, size, mtime, digest))
        cachefile.save_bytes(self.path, b"".join(parts))


def _load(path: Path | None) -> dict[tuple[int, int], tuple[int, int, bytes]]:
    try:
        data = path.read_bytes() if path else b""
    except OSError:
        return {}
    body = data[len(_FORMAT) :]
    if not data.startswith(_FORMAT) or len(body) % _ENTRY.size:
        return {}
    return {
        (device, inode): (size, mtime, digest)
        for device, inode, size, mtime, digest in _ENTRY.iter_unpack(body)
    }


def _file_system_clock(folder: Path) -> tuple[int, int]:
    """(device, now in ns) of the file system holding ``folder``, by its own clock."""
    handle, name = tempfile.mkstemp(prefix=".clock-", dir=folder)
    try:
        status = os.fstat(handle)
    finally:
        os.close(handle)
        os.unlink(name)
    return status.st_dev, status.st_mtime_ns
