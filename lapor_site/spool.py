"""Case spools: the cases of a sync, held compactly between its stages.

A sync handles every case more than once: the anonymizer must know every
reporter's name before it redacts any text, and the write stage needs the
cases in id order. As :class:`~lapor_site.model.Case` objects, 100,000
records take close to a gigabyte. A spool keeps them as zlib-compressed
chunks of :data:`CHUNK_SIZE` cases (a few hundred bytes a case) and gives them
back one chunk at a time, so the sync's memory stays far below what the cases
themselves would take.

- :class:`CaseSpool` keeps cases in the order they came (the validated
  records, and the anonymizer's groups of them).
- :class:`SortedSpool` gives them back in id order, the last version of an id
  winning (the case store's cases, merged with the pulled ones).

The spools live in memory only: before anonymization the cases carry their
reporters' identities, which never touch the disk.
"""

from __future__ import annotations

import enum
import itertools
import marshal
import zlib
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime

from lapor_site.model import DATE_FIELDS, ENUMS, Case, Identity

#: Cases per compressed chunk: large enough to compress well, small enough to decode fast.
CHUNK_SIZE = 128
#: zlib level: the fastest; a spool lives for one sync.
_LEVEL = 1


_FIELDS = tuple(Case.__dataclass_fields__)
_ID = _FIELDS.index("id")
_DATES = frozenset(DATE_FIELDS)


def _row(case: Case) -> tuple:
    """A case as plain values (dates as ISO 8601 with offset, enums as their values)."""
    row = []
    for name in _FIELDS:
        value = getattr(case, name)
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, enum.Enum):
            value = value.value
        elif isinstance(value, Identity):
            value = (value.name, value.nik, value.phone, value.email)
        row.append(value)
    return tuple(row)


def _case(row: tuple) -> Case:
    values = dict(zip(_FIELDS, row, strict=True))
    for name in _DATES:
        if values[name] is not None:
            values[name] = datetime.fromisoformat(values[name])
    for name, kind in ENUMS.items():
        if values[name] is not None:
            values[name] = kind(values[name])
    if values["identity"] is not None:
        values["identity"] = Identity(*values["identity"])
    return Case(**values)


def encode(cases: list[Case]) -> bytes:
    """``cases`` as one compressed chunk (see :func:`decode`).

    The cases go in as tuples of plain values through :mod:`marshal`, several
    times faster than pickling the objects; a chunk lives for one sync only.
    """
    return _packed([_row(case) for case in cases])


def decode(chunk: bytes) -> list[Case]:
    """The cases of a chunk made by :func:`encode` in this process or its workers."""
    return [_case(row) for row in _unpacked(chunk)]


def _packed(rows: list[tuple]) -> bytes:
    return zlib.compress(marshal.dumps(rows), _LEVEL)


def _unpacked(chunk: bytes) -> list[tuple]:
    return marshal.loads(zlib.decompress(chunk))


class CaseSpool:
    """Cases in the order they were added, compressed :data:`CHUNK_SIZE` at a time."""

    def __init__(self, cases: Iterable[Case] = ()) -> None:
        self._chunks: list[bytes] = []
        self._pending: list[Case] = []
        self._count = 0
        self.extend(cases)

    def append(self, case: Case) -> None:
        self._pending.append(case)
        self._count += 1
        if len(self._pending) >= CHUNK_SIZE:
            self._seal()

    def extend(self, cases: Iterable[Case]) -> None:
        for case in cases:
            self.append(case)

    def chunks(self) -> list[bytes]:
        """Every case as compressed chunks (for worker processes), in order.

        The cases not yet sealed go out as a shorter last chunk but stay pending,
        so that later appends keep every sealed chunk :data:`CHUNK_SIZE` long
        (what :meth:`__getitem__` counts on).
        """
        return self._chunks + ([encode(self._pending)] if self._pending else [])

    def _seal(self) -> None:
        if self._pending:
            self._chunks.append(encode(self._pending))
            self._pending = []

    def grouped(self, group_of: Callable[[str], str]) -> dict[str, CaseSpool]:
        """The cases split into spools by ``group_of(case.id)``, each in this spool's order.

        The split works on the cases' plain values and never makes them into
        :class:`~lapor_site.model.Case` objects, so it costs little more than
        decompressing the spool.
        """
        spools: dict[str, CaseSpool] = {}
        rows: dict[str, list[tuple]] = {}
        sealed = (_unpacked(chunk) for chunk in self._chunks)
        for chunk_rows in itertools.chain(sealed, [[_row(case) for case in self._pending]]):
            for row in chunk_rows:
                group = group_of(row[_ID])
                waiting = rows.setdefault(group, [])
                waiting.append(row)
                if len(waiting) == CHUNK_SIZE:
                    spool = spools.setdefault(group, CaseSpool())
                    spool._chunks.append(_packed(waiting))
                    spool._count += CHUNK_SIZE
                    rows[group] = []
        for group, waiting in rows.items():
            spools.setdefault(group, CaseSpool()).extend(_case(row) for row in waiting)
        return spools

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: int) -> Case:
        """The case added ``index``-th (decodes its chunk: for the odd lookup, not to loop)."""
        if not 0 <= index < self._count:
            raise IndexError(index)
        chunk, offset = divmod(index, CHUNK_SIZE)
        if chunk < len(self._chunks):
            return decode(self._chunks[chunk])[offset]
        return self._pending[offset]

    def __iter__(self) -> Iterator[Case]:
        for chunk in list(self._chunks):
            yield from decode(chunk)
        yield from list(self._pending)

    def __repr__(self) -> str:
        return f"<CaseSpool of {self._count} cases>"


class SortedSpool:
    """Cases given back in id order; of several versions of one id, the last added wins.

    Cases are kept in one :class:`CaseSpool` per first character of their id,
    so that only one such bucket is decoded and sorted at a time.
    """

    def __init__(self) -> None:
        self._buckets: dict[str, CaseSpool] = {}

    def __bool__(self) -> bool:
        return bool(self._buckets)

    def add(self, case: Case) -> None:
        bucket = self._buckets.get(case.id[:1])
        if bucket is None:
            bucket = self._buckets[case.id[:1]] = CaseSpool()
        bucket.append(case)

    def __iter__(self) -> Iterator[Case]:
        for first in sorted(self._buckets):
            latest = {case.id: case for case in self._buckets[first]}
            for case_id in sorted(latest):
                yield latest[case_id]
