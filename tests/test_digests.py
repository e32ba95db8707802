"""The digest ledger (lapor_site.digests): a file known by inode, size and time is not read
again; a changed, fresh or unknown file is; a damaged ledger is an empty one."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from lapor_site.digests import SETTLED_SECONDS, DigestLedger

#: A modification time well before the file system's clock ("settled").
OLD = time.time_ns() - 3600 * 1_000_000_000


def settled_file(path: Path, data: bytes, mtime_ns: int = OLD) -> Path:
    path.write_bytes(data)
    os.utime(path, ns=(mtime_ns, mtime_ns))
    return path


def reopened(ledger: DigestLedger, folder: Path) -> DigestLedger:
    ledger.save()
    return DigestLedger(ledger.path, folder)


def test_a_settled_file_is_read_once(tmp_path: Path) -> None:
    page = settled_file(tmp_path / "page.html", b"<p>jalan rusak</p>")
    ledger = DigestLedger(tmp_path / "ledger.bin", tmp_path)
    assert ledger.sha256(page) == hashlib.sha256(page.read_bytes()).digest()
    assert ledger.read == 1
    again = reopened(ledger, tmp_path)
    assert again.sha256(page) == hashlib.sha256(page.read_bytes()).digest()
    assert (again.read, again.remembered) == (0, 1)


def test_a_hard_link_is_the_same_file(tmp_path: Path) -> None:
    page = settled_file(tmp_path / "page.html", b"<p>lampu jalan padam</p>")
    ledger = DigestLedger(tmp_path / "ledger.bin", tmp_path)
    ledger.sha256(page)
    (tmp_path / "next").mkdir()
    os.link(page, tmp_path / "next" / "page.html")
    again = reopened(ledger, tmp_path)
    assert again.sha256(tmp_path / "next" / "page.html") == ledger.sha256(page)
    assert again.read == 0


@pytest.mark.parametrize("change", ["same size, later time", "other size, same time"])
def test_a_changed_file_is_read_again(tmp_path: Path, change: str) -> None:
    page = settled_file(tmp_path / "page.html", b"<p>air mati</p>")
    ledger = DigestLedger(tmp_path / "ledger.bin", tmp_path)
    ledger.sha256(page)
    if change == "same size, later time":
        settled_file(page, b"<p>air ada</p>!", OLD + 1)
    else:
        settled_file(page, b"<p>air mati lagi</p>", OLD)
    again = reopened(ledger, tmp_path)
    assert again.sha256(page) == hashlib.sha256(page.read_bytes()).digest()
    assert again.read == 1


def test_a_fresh_file_is_not_remembered(tmp_path: Path) -> None:
    """Written within SETTLED_SECONDS of the clock: it could change without its time showing."""
    page = tmp_path / "page.html"
    page.write_bytes(b"<p>baru saja ditulis</p>")
    written = page.stat().st_mtime_ns
    ledger = DigestLedger(tmp_path / "ledger.bin", tmp_path)
    ledger.sha256(page)
    # Written again in the same tick of the clock: same size, same time, other bytes.
    page.write_bytes(b"<p>ditulis lagi sama</p>")
    os.utime(page, ns=(written, written))
    again = reopened(ledger, tmp_path)
    assert again.sha256(page) == hashlib.sha256(b"<p>ditulis lagi sama</p>").digest()
    assert again.read == 1
    assert SETTLED_SECONDS >= 1


def test_a_file_replaced_by_another_on_the_same_inode_number_is_read_again(
    tmp_path: Path,
) -> None:
    page = settled_file(tmp_path / "page.html", b"<p>satu</p>")
    ledger = DigestLedger(tmp_path / "ledger.bin", tmp_path)
    ledger.sha256(page)
    page.unlink()
    other = tmp_path / "other.html"
    other.write_bytes(b"<p>duaa</p>")  # same size, often the freed inode; a new time
    again = reopened(ledger, tmp_path)
    assert again.sha256(other) == hashlib.sha256(b"<p>duaa</p>").digest()
    assert again.read == 1


@pytest.mark.parametrize("damage", ["missing", "truncated", "other format", "empty"])
def test_a_damaged_ledger_is_an_empty_one(tmp_path: Path, damage: str) -> None:
    page = settled_file(tmp_path / "page.html", b"<p>jembatan</p>")
    ledger = DigestLedger(tmp_path / "ledger.bin", tmp_path)
    ledger.sha256(page)
    ledger.save()
    path = tmp_path / "ledger.bin"
    if damage == "missing":
        path.unlink()
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:-5])
    elif damage == "other format":
        path.write_bytes(path.read_bytes().replace(b"digests 1", b"digests 0"))
    else:
        path.write_bytes(b"")
    again = DigestLedger(path, tmp_path)
    assert again.sha256(page) == hashlib.sha256(b"<p>jembatan</p>").digest()
    assert again.read == 1


def test_only_the_files_seen_are_saved(tmp_path: Path) -> None:
    pages = [settled_file(tmp_path / f"p{i}.html", f"<p>{i}</p>".encode()) for i in range(3)]
    ledger = DigestLedger(tmp_path / "ledger.bin", tmp_path)
    for page in pages:
        ledger.sha256(page)
    second = reopened(ledger, tmp_path)
    second.sha256(pages[0])
    third = reopened(second, tmp_path)
    third.sha256(pages[1])
    assert (third.read, third.remembered) == (1, 0)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".clock-")]
