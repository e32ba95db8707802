"""Derive the name gazetteer ``lapor_site/data/names_id.txt`` from the ``names-dataset`` package.

The redactor (:mod:`lapor_site.gazetteer`) needs to know which words are
common given names and surnames in Indonesia, to find names that no honorific
introduces ("Petugas kami, Joko Rahman, ..."). ``names-dataset`` ranks first
and last names per country; loading it takes about 1 GB of memory and 30 s,
far too much for every sync, so this script extracts the few names needed
once and writes a compact, sorted text file that ships with the package.

Kept: every first or last name ranked in Indonesia (ID), and those ranked in
the top :data:`NEIGHBOUR_TOP` of Malaysia, Brunei or Singapore (the dataset
records only a name's ten biggest countries, so Muhammad, Nur or Rahman are
ranked there but not in Indonesia). Names are lower-cased and folded to ASCII
("José" -> "jose"), apostrophes dropped ("Ma'ruf" -> "maruf"); only single
words of 3 to 20 letters are kept. Each line is ``name<TAB>rank``, the best
rank over those countries (1 = most common).

    pip install -e '.[gazetteer]'
    python scripts/build_gazetteer.py [--output lapor_site/data/names_id.txt]

The output is deterministic for a given ``names-dataset`` version (pinned in
``pyproject.toml``); ``tests/privacy/test_gazetteer.py`` checks that the shipped
file is what this script writes.
"""

from __future__ import annotations

import argparse
import gzip
import pickle
import re
import sys
import unicodedata
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "lapor_site" / "data" / "names_id.txt"

#: Countries whose rankings are read: Indonesia, then its Malay-speaking neighbours.
COUNTRY = "ID"
NEIGHBOURS = ("MY", "BN", "SG")
#: How many top names of each neighbour are kept.
NEIGHBOUR_TOP = 3000

_NAME_RE = re.compile(r"[a-z]{3,20}")

HEADER = """\
# Indonesian given names and surnames: a name gazetteer for lapor_site.redact.
# Derived by scripts/build_gazetteer.py from names-dataset {version}
# (Philippe Remy, https://github.com/philipperemy/name-dataset, Apache License 2.0;
# the wheel's metadata says MIT). Rankings of first and last names in {countries}.
# Common names ranked by frequency, not data about any person.
# Format: name<TAB>best rank (1 = most common), lower case, ASCII-folded.
"""


def fold_name(name: str) -> str:
    """``name`` in lower case without accents or apostrophes ("Ma'ruf" -> "maruf")."""
    decomposed = unicodedata.normalize("NFKD", name.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c) and c not in "'’`")


def _ranked(table: dict) -> dict[str, int]:
    """Best rank per folded single-word name in Indonesia and its neighbours."""
    best: dict[str, int] = {}
    for name, info in table.items():
        ranks = info.get("rank") or {}
        candidates = [ranks[COUNTRY]] if COUNTRY in ranks else []
        candidates += [
            ranks[c] for c in NEIGHBOURS if ranks.get(c, NEIGHBOUR_TOP + 1) <= NEIGHBOUR_TOP
        ]
        if not candidates:
            continue
        folded = fold_name(str(name).strip())
        if not _NAME_RE.fullmatch(folded):
            continue
        rank = int(min(candidates))
        if rank < best.get(folded, sys.maxsize):
            best[folded] = rank
    return best


def build() -> str:
    """The gazetteer file's text, from the installed ``names-dataset``."""
    import names_dataset  # the optional "gazetteer" dependency group

    version = metadata.version("names-dataset")
    folder = Path(names_dataset.__file__).parent / "v3"
    best: dict[str, int] = {}
    for file_name in ("first_names.pkl.gz", "last_names.pkl.gz"):
        # The package's own data file, loaded the way the package loads it.
        with gzip.open(folder / file_name, "rb") as handle:
            table = pickle.load(handle)
        for name, rank in _ranked(table).items():
            best[name] = min(rank, best.get(name, sys.maxsize))
        del table
    countries = ", ".join((COUNTRY, *(f"{c} (top {NEIGHBOUR_TOP})" for c in NEIGHBOURS)))
    lines = [HEADER.format(version=version, countries=countries)]
    lines += [f"{name}\t{best[name]}\n" for name in sorted(best)]
    return "".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    text = build()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"{args.output}: {text.count(chr(10)) - HEADER.count(chr(10))} names, {len(text)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
