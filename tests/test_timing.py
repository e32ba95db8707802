"""The operator's per-phase time line (lapor_site.timing)."""

from __future__ import annotations

import re
import time

import pytest

from lapor_site.timing import Timings


def test_phases_add_up_in_first_run_order() -> None:
    timings = Timings()
    with timings.phase("sync"):
        time.sleep(0.02)
    with timings.phase("pages"):
        pass
    with timings.phase("sync"):
        time.sleep(0.02)
    assert list(timings.seconds) == ["sync", "pages"]
    assert timings.seconds["sync"] >= 0.04
    assert re.fullmatch(r"time: sync \d+\.\d s, pages \d+\.\d s", timings.summary())


def test_a_failing_phase_is_timed_and_the_error_passes() -> None:
    timings = Timings()
    with pytest.raises(RuntimeError), timings.phase("audit"):
        raise RuntimeError("leak")
    assert "audit" in timings.seconds


def test_nothing_timed_prints_nothing() -> None:
    assert Timings().summary() == ""
