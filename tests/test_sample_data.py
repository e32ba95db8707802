"""The synthetic sample data set: data/sample/cases.jsonl and scripts/generate_sample.py."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from lapor_site.model import DATE_FIELDS, FIELDS, Channel, Privacy, ReportType, Status

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "generate_sample.py"
SAMPLE = ROOT / "data" / "sample" / "cases.jsonl"
START = datetime.fromisoformat("2024-11-01T00:00:00+08:00")
END = datetime.fromisoformat("2026-10-31T23:59:59+08:00")
RESERVED_DOMAINS = ("example.com", "example.net", "example.org")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$")
STAGES = DATE_FIELDS[1:]  # verified_at ... resolved_at
# Stages after submission (verified, forwarded, first response, resolved) each status
# has reached; postponed and archived cases stop anywhere between verification and response.
REACHED = {"unverified": 0, "verified": 1, "forwarded": 2, "in_progress": 3, "resolved": 4}


def run_generator(output: Path, *args: str) -> bytes:
    subprocess.run(
        [sys.executable, str(SCRIPT), "--output", str(output), *args],
        check=True,
        capture_output=True,
    )
    return output.read_bytes()


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]


def test_regenerating_reproduces_committed_file(tmp_path: Path) -> None:
    assert run_generator(tmp_path / "cases.jsonl") == SAMPLE.read_bytes()


def test_different_seed_gives_different_output(tmp_path: Path) -> None:
    first = run_generator(tmp_path / "a.jsonl", "--count", "50")
    same = run_generator(tmp_path / "b.jsonl", "--count", "50")
    other = run_generator(tmp_path / "c.jsonl", "--count", "50", "--seed", "1709")
    assert first == same
    assert first != other
    assert len(other.splitlines()) == 50


def test_file_format() -> None:
    data = SAMPLE.read_bytes()
    assert data.endswith(b"\n") and not data.endswith(b"\n\n")
    assert b"\r" not in data
    # ensure_ascii=False: non-ASCII would be written as is, never as \u escapes.
    assert b"\\u" not in data


def test_every_record_has_the_canonical_fields(records: list[dict[str, Any]]) -> None:
    assert len(records) == 3000
    for record in records:
        assert tuple(record) == FIELDS
        for field in FIELDS:
            if field != "satisfaction":
                assert isinstance(record[field], str), (record["tracking_id"], field)
        assert record["title"] and record["description"] and record["category"]


def test_enum_values_are_valid_and_all_occur(records: list[dict[str, Any]]) -> None:
    for field, enum in (
        ("status", Status),
        ("privacy", Privacy),
        ("type", ReportType),
        ("channel", Channel),
    ):
        assert {r[field] for r in records} == {member.value for member in enum}, field


def test_satisfaction_only_for_resolved(records: list[dict[str, Any]]) -> None:
    rated = [r for r in records if r["satisfaction"] is not None]
    for record in rated:
        assert record["status"] == "resolved"
        assert type(record["satisfaction"]) is int and 1 <= record["satisfaction"] <= 5
    resolved = sum(r["status"] == "resolved" for r in records)
    assert 0.35 < len(rated) / resolved < 0.65
    assert {r["satisfaction"] for r in rated} == {1, 2, 3, 4, 5}


def test_all_configured_areas_occur(records: list[dict[str, Any]]) -> None:
    with (ROOT / "region.toml").open("rb") as f:
        region = tomllib.load(f)["region"]
    regions = Counter(r["region"] for r in records)
    assert len(region["areas"]) == 10
    assert set(region["areas"]) <= set(regions)
    # Most reports come from the configured areas; a few are unknown or from elsewhere.
    assert sum(regions[a] for a in region["areas"]) / len(records) > 0.95
    agencies = Counter(r["agency"] for r in records)
    assert sum(agencies[a] for a in region["agencies"]) / len(records) > 0.9


def test_dates_are_iso_with_offset_and_ordered(records: list[dict[str, Any]]) -> None:
    for record in records:
        present = [f for f in DATE_FIELDS if record[f]]
        assert present[0] == "submitted_at"
        moments = []
        for field in present:
            assert DATE_RE.match(record[field]), (record["tracking_id"], field, record[field])
            moment = datetime.fromisoformat(record[field])
            assert moment.utcoffset() == timedelta(hours=8)
            assert START <= moment <= END, (record["tracking_id"], field)
            moments.append(moment)
        assert moments == sorted(moments), record["tracking_id"]
        # Stages are reached in order, without gaps, as far as the status implies.
        reached = [f for f in STAGES if record[f]]
        assert reached == list(STAGES[: len(reached)]), record["tracking_id"]
        if record["status"] in ("postponed", "archived"):
            assert 1 <= len(reached) <= 3, record["tracking_id"]
        else:
            assert len(reached) == REACHED[record["status"]], record["tracking_id"]


def test_records_are_in_submission_order(records: list[dict[str, Any]]) -> None:
    submitted = [datetime.fromisoformat(r["submitted_at"]) for r in records]
    assert submitted == sorted(submitted)


def test_tracking_ids_are_unique(records: list[dict[str, Any]]) -> None:
    ids = [r["tracking_id"] for r in records]
    assert len(set(ids)) == len(ids)
    for record in records:
        assert re.fullmatch(r"LAP-(\d{4})-\d{7}", record["tracking_id"])
        assert record["tracking_id"][4:8] == record["submitted_at"][:4]


def test_distributions_are_plausible(records: list[dict[str, Any]]) -> None:
    n = len(records)
    status = Counter(r["status"] for r in records)
    privacy = Counter(r["privacy"] for r in records)
    kinds = Counter(r["type"] for r in records)
    assert 0.5 < status["resolved"] / n < 0.7
    assert 0.5 < privacy["public"] / n < 0.7 and 0.2 < privacy["anonymous"] / n < 0.4
    assert 0.05 < privacy["confidential"] / n < 0.15
    assert 0.65 < kinds["pengaduan"] / n < 0.85
    # Older cases are more likely resolved than the last three months' ones.
    old = [r for r in records if r["submitted_at"] < "2025-11"]
    recent = [r for r in records if r["submitted_at"] >= "2026-08"]

    def resolved_share(group: list[dict[str, Any]]) -> float:
        return sum(r["status"] == "resolved" for r in group) / len(group)

    assert resolved_share(old) > resolved_share(recent) + 0.15
    # About 1,500 a year, more on weekdays.
    assert 1200 < len(old) < 1800
    weekdays = Counter(datetime.fromisoformat(r["submitted_at"]).weekday() < 5 for r in records)
    assert weekdays[True] / 5 > 1.5 * weekdays[False] / 2


def test_free_text_embeds_synthetic_personal_data(records: list[dict[str, Any]]) -> None:
    """Enough personal data in free text to exercise the anonymizer and leak audit."""
    descriptions = [r["description"] for r in records]

    def share(pattern: str) -> float:
        return sum(bool(re.search(pattern, d)) for d in descriptions) / len(descriptions)

    named = [r for r in records if r["reporter_name"]]
    with_name = sum(r["reporter_name"].lower() in r["description"].lower() for r in named)
    assert with_name / len(named) > 0.1
    assert share(r"\b64[\d. ]{14,19}\d") > 0.08  # NIK / KK numbers
    assert share(r"(\+62|\b62|\b0)8\d[\d .-]{7,13}\d") > 0.1  # mobile numbers
    assert share(r"[\w.]+@[\w-]+\.\w+") > 0.03  # e-mail addresses
    assert share(r"(?i)\bKT ?\d{1,4} ?[A-Z]{1,2}\b") > 0.01  # vehicle plates
    assert share(r"(?i)\bRT\.? ?\d") > 0.05  # house addresses
    assert any(re.search(r"\b0{3}\d{10}\b", d) for d in descriptions)  # BPJS numbers
    officer = re.compile(
        r"(oleh|menghubungi|kami,) (Bapak|Ibu|Pak|Bu|Bpk\.|Sdr\.|Sdri\.|Ny\.) [A-Z]"
    )
    assert any(officer.search(r["response"]) for r in records)
    assert sum(re.search(r"\b64\d{14}\b", r["title"]) is not None for r in records) > 5
    # Part of the text is in the informal register (sy, tdk, yg...).
    assert share(r"\b(sy|tdk|yg|dgn|sdh|mhn)\b") > 0.15
    # Identity fields carry the same synthetic people; some are empty.
    for record in records:
        assert re.fullmatch(r"(64\d{14})?", record["reporter_nik"])
        assert re.fullmatch(r"((\+62|0)8\d{8,11})?", record["reporter_phone"])
        domain = record["reporter_email"].rpartition("@")[2]
        assert not domain or domain.endswith(".example") or domain in RESERVED_DOMAINS
    identity = ("reporter_name", "reporter_nik", "reporter_phone", "reporter_email")
    assert any(not any(r[f] for f in identity) for r in records)


JABAR_LIKE = """\
[site]
title = "LAPOR! Jawa Barat (contoh)"
url = "https://lapor.jabar.example"
timezone = "Asia/Jakarta"

[region]
name = "Jawa Barat"
code = "32"
areas = ["Kota Bandung", "Kabupaten Bogor"]
agencies = ["Dinas Kesehatan", "Dinas Pekerjaan Umum dan Penataan Ruang"]
"""


def test_generator_follows_another_region_file(tmp_path: Path) -> None:
    config = tmp_path / "region.toml"
    config.write_text(JABAR_LIKE, encoding="utf-8")
    output = run_generator(tmp_path / "cases.jsonl", "--config", str(config), "--count", "200")
    records = [json.loads(line) for line in output.decode("utf-8").splitlines()]
    assert len(records) == 200
    areas = {"Kota Bandung", "Kabupaten Bogor"}
    agencies = {"Dinas Kesehatan", "Dinas Pekerjaan Umum dan Penataan Ruang"}
    # Dates carry WIB's offset.
    for record in records:
        for field in DATE_FIELDS:
            if record[field]:
                assert record[field].endswith("+07:00"), (record["tracking_id"], field)
    # Regions only from the file (or none); agencies from its list, or routed to
    # the kabupaten/kota government itself ("Pemerintah <area>"), or not yet routed.
    assert {r["region"] for r in records} - {""} == areas
    used = {r["agency"] for r in records} - {""}
    assert agencies <= used <= agencies | {f"Pemerintah {a}" for a in areas}
    # Kecamatan: neutral synthetic names of the record's own area.
    for record in records:
        if record["district"]:
            short = record["region"].removeprefix("Kota ").removeprefix("Kabupaten ")
            assert record["district"].rpartition(" ")[0] == short, record["district"]
    # NIK: province 32, kabupaten/kota 01 and 02 in the order of `areas`.
    niks = [r["reporter_nik"] for r in records if r["reporter_nik"]]
    assert len(niks) > 100 and {nik[:4] for nik in niks} == {"3201", "3202"}
    for record in records:
        if record["reporter_nik"] and record["region"]:
            expected = "3201" if record["region"] == "Kota Bandung" else "3202"
            assert record["reporter_nik"].startswith(expected)
    in_text = re.findall(r"(?<!\d)\d{16}(?!\d)", " ".join(r["description"] for r in records))
    assert in_text and all(number.startswith("32") for number in in_text)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('code = "32"\n', ""), "[region] code is needed: 'Kota Bandung'"),
        (('timezone = "Asia/Jakarta"', 'timezone = "WIB"'), "[site] timezone: 'WIB'"),
    ],
)
def test_generator_refuses_a_region_file_it_cannot_use(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    config = tmp_path / "region.toml"
    config.write_text(JABAR_LIKE.replace(*change), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--config", str(config), "--output", str(tmp_path / "x")],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"generate_sample: {config}: {message}")
    assert result.stderr.count("\n") == 1 and not (tmp_path / "x").exists()
