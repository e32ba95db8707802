"""The validate stage: what makes a record invalid, and how problems are reported."""

from __future__ import annotations

import pytest
from factories import make_record

from lapor_site.model import Privacy, RawRecord, Status
from lapor_site.sources.file import FileSource
from lapor_site.validate import validate


def _validate(*rows: dict):
    return validate(RawRecord(f"line {n}", row) for n, row in enumerate(rows, start=1))


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"tracking_id": ""}, "tracking_id", "missing"),
        ({"submitted_at": ""}, "submitted_at", "missing"),
        ({"submitted_at": "kemarin"}, "submitted_at", "not an ISO 8601 date"),
        ({"submitted_at": "2026-03-02T09:15:00"}, "submitted_at", "no UTC offset"),
        ({"status": "selesai-lah"}, "status", "unknown value"),
        ({"status": ""}, "status", "missing"),
        ({"privacy": "semi"}, "privacy", "unknown value"),
        ({"channel": "pigeon"}, "channel", "unknown value"),
        ({"resolved_at": "2026-03-01T09:00:00+08:00"}, "resolved_at", "before submitted_at"),
        ({"satisfaction": 9}, "satisfaction", "1 to 5"),
        ({"title": {"nested": 1}}, "title", "expected text"),
    ],
)
def test_invalid_record_is_skipped_with_position_id_and_field(overrides, field, fragment):
    result = _validate(
        make_record(tracking_id="GOOD"), make_record(**{"tracking_id": "BAD", **overrides})
    )
    assert [c.id for c in result.cases] == ["GOOD"]
    (problem,) = result.problems
    assert problem.position == "line 2"
    assert problem.field == field
    assert fragment in problem.message
    if overrides.get("tracking_id") != "":
        assert problem.record_id == "BAD"
        assert str(problem).startswith("line 2 (id BAD): " + field)


def test_values_are_normalised():
    (case,) = _validate(
        make_record(status=" Resolved ", privacy="", title="Jalan\u200b rusak\x00", satisfaction="")
    ).cases
    assert case.status is Status.RESOLVED
    assert case.privacy is Privacy.CONFIDENTIAL  # unknown privacy is never public
    assert case.title == "Jalan rusak"
    assert case.satisfaction is None
    assert case.identity.name == "Rahmat Hidayatullah"


def test_identical_duplicates_are_dropped_and_conflicting_ones_rejected():
    same = make_record(tracking_id="A")
    result = _validate(
        same,
        same,
        make_record(tracking_id="B"),
        make_record(tracking_id="B", privacy="public", title="Lain"),
    )
    assert [c.id for c in result.cases] == ["A"]
    assert result.duplicates == 1
    assert {(p.position, p.record_id) for p in result.problems} == {
        ("line 3", "B"),
        ("line 4", "B"),
    }


def test_csv_with_bom_and_semicolons(tmp_path):
    path = tmp_path / "export.csv"
    row = make_record(title="Air; mati", description='Kata "kutip"')
    header = ";".join(row)
    values = ";".join('"' + str(v).replace('"', '""') + '"' for v in row.values())
    path.write_bytes(("\ufeff" + header + "\r\n" + values + "\r\n").encode("utf-8"))
    (case,) = validate(FileSource(path).fetch()).cases
    assert case.title == "Air; mati"
    assert case.description == 'Kata "kutip"'


def test_unparseable_jsonl_line_is_reported_not_fatal(tmp_path):
    import json

    path = tmp_path / "cases.jsonl"
    path.write_text(json.dumps(make_record()) + "\n{broken\n[1]\n", "utf-8")
    result = validate(FileSource(path).fetch())
    assert len(result.cases) == 1
    assert [(p.position, p.message.split(" (")[0]) for p in result.problems] == [
        ("line 2", "not valid JSON"),
        ("line 3", "not a JSON object"),
    ]
