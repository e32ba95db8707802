"""Wall time of each phase of a sync, build or update, for the operator's summary line.

A scheduled update that grows slow should say where the time went without a
profiler: ``lapor-site update`` ends with a line such as
``time: sync 12.1 s, pages 71.4 s, search 40.2 s, audit 9.8 s, links 6.0 s,
publish 2.3 s``. The figures are wall-clock seconds (``time.perf_counter``).
Phases may overlap: a build's audit scans the pages while the search index is
built, so "search" is also counted in "audit".
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


class Timings:
    """Seconds per named phase, in the order the phases first ran."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Add the wall time of the ``with`` block to phase ``name`` (also when it raises)."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start

    def summary(self) -> str:
        """``time: sync 1.2 s, pages 3.4 s`` (empty when nothing was timed)."""
        if not self.seconds:
            return ""
        return "time: " + ", ".join(f"{name} {s:.1f} s" for name, s in self.seconds.items())
