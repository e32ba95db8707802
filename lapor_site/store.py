"""Case store: the anonymized cases of earlier syncs, so that incremental pulls add up.

An incremental pull (``since`` the last watermark) returns only new and
changed records; the site must still show all of them. The store keeps every
anonymized case (pseudonym id, redacted text, no identity: nothing in it is
more sensitive than what the site publishes, except the dates and
classification of unpublished cases) in ``.state/sync.cases.jsonl`` next to the
sync state. A committed update replaces it (:mod:`lapor_site.transaction`). A
store whose ids do not have today's pseudonym shape (written before ids became
letters) is refused: merging it would publish those cases twice.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from lapor_site.anonymize import PSEUDONYM_RE
from lapor_site.cachefile import PARTIAL_SUFFIX
from lapor_site.model import DATE_FIELDS, Case, Channel, Privacy, ReportType, Status
from lapor_site.transaction import fault_point

_ENUMS = {"status": Status, "privacy": Privacy, "channel": Channel, "type": ReportType}


class StoreError(ValueError):
    """The store file is damaged; a full sync (``--full``) rebuilds it."""


def case_to_dict(case: Case) -> dict[str, Any]:
    if not case.is_anonymized:
        raise ValueError(f"case {case.id!r} is not anonymized; the store holds no identities")
    data: dict[str, Any] = {}
    for name in Case.__dataclass_fields__:
        if name == "identity":
            continue
        value = getattr(case, name)
        data[name] = value.isoformat() if isinstance(value, datetime) else value
    return data


def case_from_dict(data: dict[str, Any]) -> Case:
    values = dict(data)
    for name in DATE_FIELDS:
        values[name] = datetime.fromisoformat(values[name]) if values.get(name) else None
    for name, enum_type in _ENUMS.items():
        values[name] = enum_type(values[name]) if values.get(name) else None
    return Case(**values, identity=None)


class CaseStore:
    """Anonymized cases by pseudonym, kept between syncs."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def load(self) -> dict[str, Case]:
        """Every stored case by id (see :meth:`cases` for one at a time)."""
        return {case.id: case for case in self.cases()}

    def cases(self) -> Iterator[Case]:
        """The stored cases in id order, read one line at a time (none without a store)."""
        try:
            lines = self.path.open(encoding="utf-8")
        except FileNotFoundError:
            return
        with lines:
            for number, line in enumerate(lines, start=1):
                try:
                    case = case_from_dict(json.loads(line))
                except (ValueError, TypeError, KeyError) as exc:
                    raise StoreError(
                        f"{self.path}: line {number} is damaged ({exc}); run a full sync (--full)"
                    ) from None
                if not PSEUDONYM_RE.fullmatch(case.id):
                    raise StoreError(
                        f"{self.path}: line {number} has a case id of an older form;"
                        " run a full sync (--full)"
                    )
                yield case

    def save(self, cases: Iterable[Case], path: Path | None = None) -> None:
        """Write the store to ``path`` (default: where it was loaded from), in id order."""
        with self.writing(path) as store:
            for case in sorted(cases, key=lambda c: c.id):
                store.add(case)

    @contextmanager
    def writing(self, path: Path | None = None) -> Iterator[_StoreWriter]:
        """A writer of the store at ``path`` that takes the cases one by one, in id order.

        The cases go to a file beside ``path`` that replaces it only when the
        ``with`` block ends without an error: after a refusal or a failure in
        the block, ``path`` (possibly the store just read) is as it was.
        """
        path = Path(path or self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}{PARTIAL_SUFFIX}")
        try:
            with partial.open("w", encoding="utf-8", newline="\n") as file:
                yield _StoreWriter(file)
                file.flush()
                fault_point("store-written")
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)


class _StoreWriter:
    def __init__(self, file: TextIO) -> None:
        self._file = file
        self._last = ""

    def add(self, case: Case) -> None:
        if case.id <= self._last:
            raise ValueError(f"case {case.id} comes after {self._last}: the store is in id order")
        self._last = case.id
        self._file.write(json.dumps(case_to_dict(case), ensure_ascii=False, sort_keys=True) + "\n")
