"""Listing folder trees, and removing them with several threads (lapor_site.trees)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lapor_site import trees
from lapor_site.trees import list_files, remove_tree


def _tree(root: Path, outside: Path) -> None:
    for depth in range(4):
        folder = root.joinpath(*[f"d{n}" for n in range(depth)])
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(30):
            (folder / f"f{i}.html").write_text(f"{depth}/{i}", encoding="utf-8")
        (folder / "kosong").mkdir()
    (root / "d0" / "to-outside").symlink_to(outside, target_is_directory=True)
    (root / "to-file").symlink_to(outside / "keep.txt")
    (root / "dangling").symlink_to(root / "nowhere")
    os.link(outside / "keep.txt", root / "hard-link.txt")


def test_a_tree_is_removed_and_nothing_outside_it(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("tetap", encoding="utf-8")
    _tree(tmp_path / "site", outside)
    remove_tree(tmp_path / "site")
    assert not os.path.lexists(tmp_path / "site")
    assert (outside / "keep.txt").read_text(encoding="utf-8") == "tetap"
    assert sorted(p.name for p in outside.iterdir()) == ["keep.txt"]


def test_a_file_or_a_link_is_unlinked_and_a_missing_path_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "folder", target_is_directory=True)
    remove_tree(tmp_path / "file")
    remove_tree(tmp_path / "link")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder"]
    with pytest.raises(FileNotFoundError):
        remove_tree(tmp_path / "absent")
    remove_tree(tmp_path / "absent", ignore_errors=True)


def test_a_file_that_cannot_be_removed_is_an_error_and_the_tree_stays(tmp_path, monkeypatch):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("tetap", encoding="utf-8")
    _tree(tmp_path / "site", outside)
    stuck = os.fspath(tmp_path / "site" / "d0" / "d1" / "f7.html")
    real = os.unlink

    def unlink(path, *args, **kwargs):
        if os.fspath(path) == stuck:
            raise PermissionError(1, "Operation not permitted", stuck)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(trees.os, "unlink", unlink)
    with pytest.raises(PermissionError) as raised:
        remove_tree(tmp_path / "site")
    assert raised.value.filename == stuck
    assert os.path.exists(stuck)
    remove_tree(tmp_path / "site", ignore_errors=True)  # no error, the rest goes
    left = sorted(p.relative_to(tmp_path) for p in (tmp_path / "site").rglob("*"))
    assert left == [Path("site/d0"), Path("site/d0/d1"), Path("site/d0/d1/f7.html")]


def test_the_listing_is_every_file_as_a_sorted_relative_path(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("tetap", encoding="utf-8")
    (outside / "hidden.html").write_text("di luar", encoding="utf-8")
    _tree(tmp_path / "site", outside)
    listed = list_files(tmp_path / "site")
    # What os.walk and Path.is_file see: files and links to files, no link to a folder
    # followed, no dangling link, no folder.
    expected = sorted(
        os.path.relpath(os.path.join(folder, name), tmp_path / "site").replace(os.sep, "/")
        for folder, _, names in os.walk(tmp_path / "site")
        for name in names
        if os.path.isfile(os.path.join(folder, name))
    )
    assert listed == expected
    assert {"to-file", "hard-link.txt", "d0/d1/d2/f29.html"} <= set(listed)
    assert not {"dangling", "d0/to-outside", "d0/to-outside/hidden.html"} & set(listed)
    assert len(listed) == 4 * 30 + 2 and listed == sorted(listed)
    assert list_files(tmp_path / "site" / "d0" / "d1" / "d2" / "kosong") == []
    with pytest.raises(FileNotFoundError):
        list_files(tmp_path / "absent")
