"""Case spools (lapor_site.spool): compact, lossless, in order; and the validation built on them."""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from factories import make_record

from lapor_site.model import Identity, Privacy, RawRecord, Status
from lapor_site.spool import CHUNK_SIZE, CaseSpool, SortedSpool, decode, encode
from lapor_site.validate import validate


def _cases(count: int, seed: int = 1) -> list:
    rng = random.Random(seed)
    rows = [
        make_record(
            tracking_id=f"LAP-SPOOL-{i:05d}",
            title=rng.choice(["Jalan", "Ünïcödé \u2028 baris", "", 'kutip "x"']),
            channel=rng.choice(["web", "sms", None]),
            satisfaction=rng.choice([None, 1, 5]),
            reporter_email=rng.choice(["", "a@example.com"]),
        )
        for i in range(count)
    ]
    return list(validate(RawRecord(f"line {n}", r) for n, r in enumerate(rows, 1)).cases)


def test_a_chunk_gives_back_equal_cases_with_their_identities_and_offsets():
    cases = _cases(40)
    wita = ZoneInfo("Asia/Makassar")
    odd = dataclasses.replace(
        cases[0],
        submitted_at=datetime(2026, 1, 31, 23, 59, 59, 999999, tzinfo=wita),
        resolved_at=datetime(2026, 2, 1, 1, 0, tzinfo=timezone(timedelta(hours=-3))),
        verified_at=datetime(2026, 2, 1, tzinfo=UTC),
        status=Status.RESOLVED,
        privacy=Privacy.ANONYMOUS,
        identity=Identity(name="Nama Contoh", phone="0812"),
    )
    back = decode(encode([odd, *cases]))
    assert back == [odd, *cases]
    assert [c.submitted_at.utcoffset() for c in back] == [
        c.submitted_at.utcoffset() for c in [odd, *cases]
    ]
    assert back[0].identity == Identity(name="Nama Contoh", phone="0812")


def test_a_spool_keeps_order_and_length_across_chunks():
    cases = _cases(CHUNK_SIZE * 2 + 5)
    spool = CaseSpool(cases)
    assert len(spool) == len(cases)
    assert list(spool) == cases
    assert list(spool) == cases  # iterating twice gives the same
    assert [spool[i] for i in (0, CHUNK_SIZE - 1, CHUNK_SIZE, len(cases) - 1)] == [
        cases[i] for i in (0, CHUNK_SIZE - 1, CHUNK_SIZE, len(cases) - 1)
    ]
    assert [c for chunk in spool.chunks() for c in decode(chunk)] == cases
    with pytest.raises(IndexError):
        spool[len(cases)]


def test_a_sorted_spool_gives_id_order_and_the_last_version_wins():
    cases = _cases(300)
    rng = random.Random(7)
    renamed = [
        dataclasses.replace(c, id=f"{rng.choice('bcdfgBCD09')}{i:04d}") for i, c in enumerate(cases)
    ]
    rng.shuffle(renamed)
    spool = SortedSpool()
    for case in renamed:
        spool.add(case)
    newer = dataclasses.replace(renamed[10], title="versi baru")
    spool.add(newer)
    out = list(spool)
    assert [c.id for c in out] == sorted(c.id for c in renamed)
    assert next(c for c in out if c.id == newer.id).title == "versi baru"


def test_repeated_ids_far_apart_are_found_across_chunks():
    """An identical repeat is dropped, a differing one rejects the id, wherever the first one is."""
    rows = [make_record(tracking_id=f"LAP-REP-{i:05d}") for i in range(CHUNK_SIZE * 3)]
    rows.append(make_record(tracking_id="LAP-REP-00005"))  # identical: a duplicate
    rows.append(make_record(tracking_id="LAP-REP-00007", title="Lain"))  # differs: conflict
    result = validate(RawRecord(f"line {n}", r) for n, r in enumerate(rows, 1))
    ids = [c.id for c in result.cases]
    assert result.duplicates == 1
    assert "LAP-REP-00005" in ids and "LAP-REP-00007" not in ids
    assert len(ids) == CHUNK_SIZE * 3 - 1
    assert [p.position for p in result.problems] == ["line 8", f"line {len(rows)}"]
    assert all("different content" in p.message for p in result.problems)


@pytest.mark.parametrize("count", [0, 5, CHUNK_SIZE * 3 + 17])
def test_a_spool_splits_into_groups_that_keep_its_order_and_every_case(count):
    cases = _cases(count, seed=3)
    spool = CaseSpool(cases)
    parity = {str(d): "even" if d % 2 == 0 else "odd" for d in range(10)}
    groups = spool.grouped(lambda case_id: parity[case_id[-1]])
    assert sum(len(group) for group in groups.values()) == count
    for name, group in groups.items():
        expected = [c for c in cases if parity[c.id[-1]] == name]
        assert list(group) == expected
        assert [c for chunk in group.chunks() for c in decode(chunk)] == expected
        assert [group[i] for i in range(len(group))] == expected
    assert count < CHUNK_SIZE or any(len(group) > CHUNK_SIZE for group in groups.values())
    assert list(spool) == cases  # the spool itself is left as it was
