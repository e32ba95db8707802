"""The validate stage: what makes a record invalid, and how problems are reported."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from factories import make_record

from lapor_site.model import Channel, Privacy, RawRecord, ReportType, Status
from lapor_site.sources.file import FileSource
from lapor_site.validate import MAX_LABEL_CHARS, MAX_TEXT_CHARS, refusal_message, validate


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


NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("field", ["submitted_at", "resolved_at", "first_response_at"])
def test_future_date_is_skipped_with_record_and_field(field):
    future = "2030-05-05T10:00:00+08:00"
    changes = {field: future}
    if field == "submitted_at":
        changes.update(verified_at="", forwarded_at="", first_response_at="", resolved_at="")
    result = validate(
        [
            RawRecord("line 1", make_record(tracking_id="NOW")),
            RawRecord("line 2", make_record(tracking_id="LATER", **changes)),
        ],
        now=NOW,
    )
    assert [c.id for c in result.cases] == ["NOW"]
    (problem,) = result.problems
    assert (problem.position, problem.record_id, problem.field) == ("line 2", "LATER", field)
    assert "in the future" in problem.message


def test_clock_tolerance_is_ten_minutes():
    almost = (NOW + timedelta(minutes=9)).isoformat()
    beyond = (NOW + timedelta(minutes=11)).isoformat()
    result = validate(
        [
            RawRecord("line 1", make_record(tracking_id="A", resolved_at=almost)),
            RawRecord("line 2", make_record(tracking_id="B", resolved_at=beyond)),
        ],
        now=NOW,
    )
    assert [c.id for c in result.cases] == ["A"]
    assert [p.record_id for p in result.problems] == ["B"]
    with pytest.raises(ValueError, match="time zone"):
        validate([], now=datetime(2026, 4, 1))


def test_overlong_tracking_id_is_invalid_not_cut():
    long_id = "LAP-" + "9" * (MAX_LABEL_CHARS - 3)
    fits = "LAP-" + "9" * (MAX_LABEL_CHARS - 4)
    result = _validate(make_record(tracking_id=long_id), make_record(tracking_id=fits))
    assert [c.id for c in result.cases] == [fits]
    (problem,) = result.problems
    assert problem.field == "tracking_id" and "longer than 200 characters" in problem.message
    assert len(str(problem)) < 200  # the id is shortened in the message


@pytest.mark.parametrize(
    ("field", "raw", "expected"),
    [
        ("status", "Selesai", Status.RESOLVED),
        ("status", "  belum   TERVERIFIKASI ", Status.UNVERIFIED),
        ("status", "Terverifikasi", Status.VERIFIED),
        ("status", "Terdisposisi", Status.FORWARDED),
        ("status", "Proses", Status.IN_PROGRESS),
        ("status", "Diproses", Status.IN_PROGRESS),
        ("status", "In Progress", Status.IN_PROGRESS),
        ("status", "Ditunda", Status.POSTPONED),
        ("status", "Arsip", Status.ARCHIVED),
        ("privacy", "Anonim", Privacy.ANONYMOUS),
        ("privacy", "RAHASIA", Privacy.CONFIDENTIAL),
        ("privacy", "Publik", Privacy.PUBLIC),
        ("privacy", "umum", Privacy.PUBLIC),
        ("type", "Permintaan  Informasi", ReportType.PERMINTAAN_INFORMASI),
        ("channel", "WhatsApp", Channel.WHATSAPP),
        ("channel", "Lainnya", Channel.OTHER),
    ],
)
def test_indonesian_values_are_understood(field, raw, expected):
    (case,) = _validate(make_record(**{field: raw})).cases
    assert getattr(case, field) is expected


def test_long_text_is_cut_at_a_word_boundary_and_counted():
    words = "kata " * (MAX_TEXT_CHARS // 5 + 100)
    label = "Dinas " * 60
    result = _validate(
        make_record(tracking_id="A", description=words, agency=label),
        make_record(tracking_id="B", description=words),
        make_record(tracking_id="C"),
    )
    cases = {c.id: c for c in result.cases}
    description = cases["A"].description
    assert len(description) <= MAX_TEXT_CHARS
    assert description.endswith("kata …")  # a whole word, then the mark of the cut
    assert len(cases["A"].agency) <= MAX_LABEL_CHARS and cases["A"].agency.endswith("Dinas …")
    assert result.cut == {"description": 2, "agency": 1}
    assert result.notes() == [
        f"cut at a word boundary (text over {MAX_TEXT_CHARS:,} characters, labels over "
        f"{MAX_LABEL_CHARS}): agency 1, description 2"
    ]


class _Source:
    name = "file"
    section = "sources.file"


def test_refusal_gives_top_reasons_with_counts_and_fix():
    rows = [make_record(tracking_id=f"D{i}", status="Ditutup") for i in range(30)]
    rows += [make_record(tracking_id=f"P{i}", privacy="Setengah Rahasia") for i in range(4)]
    rows += [make_record(tracking_id=f"T{i}", submitted_at="kemarin Budi") for i in range(3)]
    rows += [make_record(tracking_id="C", channel="merpati")]
    rows += [make_record(tracking_id="F", resolved_at="2099-01-01T00:00:00+08:00")]
    result = _validate(*rows)
    message = refusal_message(result, _Source())
    assert message.startswith("no valid record among 39 read from file; nothing published; ")
    assert "status: unknown value 'Ditutup' × 30: map it under [sources.file.values.status]" in (
        message
    )
    assert "privacy: unknown value 'Setengah Rahasia' × 4: map it under " in message
    assert "submitted_at: not an ISO 8601 date × 3: " in message
    assert message.endswith("; …")
    assert "merpati" not in message  # only the top 3 reasons
    assert "kemarin" not in message and "Budi" not in message  # never values of other fields
    assert "D1" not in message  # never ids
    assert "\n" not in message


def test_refusal_for_too_many_invalid_names_share_and_first_position():
    rows = [make_record(tracking_id=f"G{i}") for i in range(8)]
    rows += [make_record(tracking_id=f"X{i}", status="??") for i in range(2)]
    message = refusal_message(_validate(*rows), _Source(), 0.1)
    assert message == (
        "2 of 10 records from file invalid (20%, limit 10%); nothing published; "
        "first: line 9; status: unknown value '??' × 2: map it under [sources.file.values.status]"
    )
