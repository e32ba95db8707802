"""Which words are Indonesian personal names, and which are ordinary Indonesian words.

The redactor (:mod:`lapor_site.redact`) uses this to find names that no
honorific or introducing phrase announces ("Petugas kami, Joko Rahman, ...").
Two data sets, both loaded once and lazily:

* ``lapor_site/data/names_id.txt``: about 27,000 given names and surnames
  common in Indonesia and its Malay-speaking neighbours with their popularity
  rank, derived from the ``names-dataset`` package by
  ``scripts/build_gazetteer.py`` (see that file's header for the source and
  licence). Common names, not data about any person.
* the ~30,000 root words of the Indonesian dictionary shipped by Sastrawi
  (``pysastrawi``, MIT), to tell a word ("jalan", "indah") from a name.

Names and words are compared in lower case, folded to ASCII, without
apostrophes (:func:`fold_name`): "Ma'ruf", "MARUF" and "Maʼrūf" are the same.
"""

from __future__ import annotations

import functools
import unicodedata
from importlib import resources

#: A name ranked at least this well is a name even when it is also a word
#: ("Budi", "Dewi", "Agus", "Siti"); a worse-ranked one that is also a word is
#: not enough on its own ("Tidak", "Rumah", "Merah").
STRONG_RANK = 60

#: Common words that are also popular names but are written as words far more
#: often in complaints ("Putra Daerah", "Tri Dharma", "Jaya"); never a strong
#: name on their own. Checked in folded form.
WORD_NAMES: frozenset[str] = frozenset(
    str.split(
        "tan wong ong wan koh raja islam mani alai tri putra putri agung jaya indah bayu sari"
        " cahaya bunga mawar cinta intan mulia abadi sejahtera makmur mandiri sentosa utama"
        " perkasa bintang emas merah putih hitam laut alam tengah long lam nur"
    )
)

_APOSTROPHES = str.maketrans("", "", "'’`ʼ‘")

# Indonesian affixes, for "is this a derived form of a dictionary word?"
# ("ngomel" from "omel", "dipanggil" from "panggil"): longest first.
_PREFIXES = (
    "memper", "diper", "meng", "meny", "peng", "peny", "mem", "men", "pem", "pen", "per",
    "ber", "ter", "nge", "me", "pe", "be", "te", "di", "ke", "se", "ng", "ny",
)  # fmt: skip
_SUFFIXES = ("kannya", "annya", "nya", "kan", "lah", "kah", "pun", "an", "i")
_NASAL_STEM_START = {
    "men": "t",
    "pen": "t",
    "meny": "s",
    "peny": "s",
    "mem": "p",
    "pem": "p",
    "meng": "k",
    "peng": "k",
    "ng": "k",
    "ny": "s",
}


def fold_name(word: str) -> str:
    """``word`` in lower case, without accents or apostrophes ("Ma'ruf" -> "maruf")."""
    decomposed = unicodedata.normalize("NFKD", word.lower().translate(_APOSTROPHES))
    if decomposed.isascii():
        return decomposed
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.cache
def names() -> dict[str, int]:
    """Every gazetteer name (folded) with its popularity rank (1 = most common)."""
    text = resources.files("lapor_site").joinpath("data", "names_id.txt").read_text("utf-8")
    table: dict[str, int] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, rank = line.partition("\t")
            table[name] = int(rank)
    return table


@functools.cache
def words() -> frozenset[str]:
    """The root words of the Indonesian dictionary (lower case)."""
    path = resources.files("Sastrawi.Stemmer").joinpath("data", "kata-dasar.txt")
    return frozenset(path.read_text("utf-8").split())


def name_rank(word: str) -> int | None:
    """The gazetteer rank of ``word`` (any case, accents), or ``None`` if it is no known name."""
    return names().get(fold_name(word))


@functools.lru_cache(maxsize=1 << 16)
def is_word(word: str) -> bool:
    """True when ``word`` is an Indonesian dictionary word or a regular derivation of one."""
    low = fold_name(word)
    vocabulary = words()
    if low in vocabulary:
        return True
    if "-" in low:  # "ibu-ibu", "pelan-pelan"
        return all(is_word(part) for part in low.split("-") if part)
    stems = [low]
    for prefix in _PREFIXES:
        if low.startswith(prefix) and len(low) - len(prefix) >= 3:
            rest = low[len(prefix) :]
            stems.append(rest)
            # Nasal prefixes replace the stem's first consonant: "menulis" <- "tulis".
            stems += [first + rest for first in _NASAL_STEM_START.get(prefix, "")]
    for stem in list(stems):
        stems += [
            stem[: -len(s)] for s in _SUFFIXES if stem.endswith(s) and len(stem) - len(s) >= 3
        ]
    return any(stem in vocabulary for stem in stems[1:])


@functools.lru_cache(maxsize=1 << 16)
def is_strong_name(word: str) -> bool:
    """A gazetteer name that is not an ordinary word, or a very common name ("Budi")."""
    rank = name_rank(word)
    if rank is None:
        return False
    if fold_name(word) in WORD_NAMES:
        return False
    return rank <= STRONG_RANK or not is_word(word)
