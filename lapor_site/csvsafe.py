"""CSV files that are safe to open in a spreadsheet: no cell runs as a formula.

Every CSV the site publishes is written through :func:`csv_text`. Following
OWASP's CSV-injection guidance, a cell whose first character, after Unicode
compatibility normalisation (NFKC turns a fullwidth ``＝`` into ``=``) and
leading spaces (NBSP included), is ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return gets a leading apostrophe, which spreadsheets show as text.
The rest of the cell keeps its original characters. Nothing this site
publishes is a signed number, so no figure is changed.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable

#: Characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS = frozenset("=+-@\t\r")
#: Prefix that makes a spreadsheet read the cell as text.
TEXT_PREFIX = "'"


def _first_significant(text: str) -> str:
    for char in unicodedata.normalize("NFKC", text[:64]):
        if char in FORMULA_STARTS:
            return char
        if not char.isspace() and unicodedata.category(char) not in ("Cf", "Zs"):
            return char
    return ""


def safe_cell(value: object) -> str:
    """``value`` as CSV cell text that no spreadsheet runs as a formula."""
    text = "" if value is None else str(value)
    if text and _first_significant(text) in FORMULA_STARTS:
        return TEXT_PREFIX + text
    return text


def csv_text(header: Iterable[object], rows: Iterable[Iterable[object]]) -> str:
    """A whole CSV file (``\\n`` line ends) with every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue()
