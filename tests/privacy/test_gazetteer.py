"""The name gazetteer: its data file, reproducibility and word/name classification."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from lapor_site import gazetteer
from lapor_site.gazetteer import fold_name, is_strong_name, is_word, name_rank

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "lapor_site" / "data" / "names_id.txt"


def test_data_file_is_compact_sorted_and_attributed() -> None:
    text = DATA.read_text("utf-8")
    assert len(text.encode()) < 1_000_000
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert any("names-dataset" in line and "3.3.1" in line for line in header)
    assert any("Apache License 2.0" in line for line in header)
    names = [line.split("\t")[0] for line in text.splitlines() if not line.startswith("#")]
    assert names == sorted(set(names))
    assert len(names) > 20_000
    assert all(name.isascii() and name.isalpha() and name.islower() for name in names)


@pytest.mark.skipif(
    importlib.util.find_spec("names_dataset") is None,
    reason="names-dataset is not installed (pip install -e '.[gazetteer]')",
)
def test_data_file_is_reproducible_from_the_pinned_package() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_gazetteer
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    assert build_gazetteer.build() == DATA.read_text("utf-8")


def test_fold_name_drops_case_accents_and_apostrophes() -> None:
    assert fold_name("Ma'ruf") == fold_name("MARUF") == fold_name("Ma’rūf") == "maruf"
    assert fold_name("René") == "rene"


@pytest.mark.parametrize("name", ["Joko", "hendra", "Sutrisno", "Budi", "Dewi", "Siti", "Santoso"])
def test_common_names_are_strong(name: str) -> None:
    assert name_rank(name) is not None
    assert is_strong_name(name)


@pytest.mark.parametrize("word", ["Putra", "Jaya", "indah", "merah", "tidak", "rumah", "kepala"])
def test_words_that_are_also_names_are_not_strong(word: str) -> None:
    assert not is_strong_name(word)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("jalan", True),
        ("ngomel", True),
        ("dipanggil", True),
        ("menulis", True),
        ("ibu-ibu", True),
        ("sukertiasih", False),
        ("abdulkadirsyah", False),
        ("joko", False),
    ],
)
def test_is_word_knows_derived_forms(word: str, expected: bool) -> None:
    assert is_word(word) is expected


def test_data_is_loaded_once() -> None:
    assert gazetteer.names() is gazetteer.names()
    assert gazetteer.words() is gazetteer.words()
