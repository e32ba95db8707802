"""Monthly reports: figures equal statistik.json, completed months only, stable, inert text.

One small synthetic site (three months of reports, the data ending inside the
third) is updated and built once for the module through the real CLI; the
incremental test pulls from a LAPOR!-style API on 127.0.0.1.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import markdown
import pytest
from factories import make_record, new_site, paged_api_sync_toml, write_jsonl
from werkzeug import Request, Response

from lapor_site.aggregate import completed_months
from lapor_site.cli import main
from lapor_site.model import RawRecord
from lapor_site.numbers import percent
from lapor_site.validate import validate

WITA = ZoneInfo("Asia/Makassar")
MIN_RANKED = 3
HOSTILE_TITLE = (
    "<img src=x onerror=alert(1)> **tebal** [klik](javascript:alert(2)) {{ evil }} "
    "{filename}/kasus.md\nTitle: disusupkan"
)
HOSTILE_AGENCY = "Dinas <b>Palsu</b> *miring* [x](javascript:alert(3)) {{ site_title }}"


def _at(month: str, day: int, hour: int = 9) -> datetime:
    year, number = map(int, month.split("-"))
    return datetime(year, number, day, hour, tzinfo=WITA)


def _record(tracking_id: str, month: str, day: int, *, late: bool, **overrides) -> dict:
    """A resolved report submitted on ``day`` of ``month``, answered in 1 or 9 calendar days."""
    submitted = _at(month, day)
    answered = submitted + timedelta(days=9 if late else 1, hours=1)
    fields = {
        "tracking_id": tracking_id,
        "submitted_at": submitted.isoformat(),
        "verified_at": (submitted + timedelta(hours=2)).isoformat(),
        "forwarded_at": (submitted + timedelta(hours=3)).isoformat(),
        "first_response_at": answered.isoformat(),
        "resolved_at": (answered + timedelta(days=2)).isoformat(),
    }
    return make_record(**(fields | overrides))


def month_rows(month: str, count: int, late: int, prefix: str, **overrides) -> list[dict]:
    """``count`` reports of ``month`` (days 2–13), the first ``late`` answered late."""
    return [
        _record(f"{prefix}-{month}-{i}", month, 2 + i, late=i < late, **overrides)
        for i in range(count)
    ]


def dataset() -> list[dict]:
    rows = month_rows("2025-01", 6, 4, "A", agency=HOSTILE_AGENCY, title=HOSTILE_TITLE)
    rows += month_rows("2025-01", 2, 0, "B", agency="Dinas Kesehatan")
    rows += month_rows("2025-02", 9, 2, "A", agency="Dinas Perhubungan")
    rows += month_rows("2025-02", 2, 2, "C", agency="Dinas Sosial")  # too few to be listed
    rows += month_rows("2025-03", 3, 1, "A", agency="Dinas Perhubungan")  # data ends in March
    return rows


def _region(site: Path) -> None:
    region = site / "region.toml"
    text = region.read_text(encoding="utf-8")
    assert "min_ranked_reports = 10" in text
    region.write_text(
        text.replace("min_ranked_reports = 10", f"min_ranked_reports = {MIN_RANKED}"), "utf-8"
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = new_site(tmp_path_factory.mktemp("monthly") / "site")
    _region(folder)
    data = write_jsonl(folder.parent / "cases.jsonl", dataset())
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LAPOR_SITE_SECRET", "monthly-test-key")
        assert main(["update", "--site", str(folder), "--input", str(data)]) == 0
    return folder


def generated(site: Path) -> Path:
    return site / "content" / "generated"


def stats(site: Path) -> dict:
    return json.loads((generated(site) / "data" / "statistik.json").read_text("utf-8"))


def reports(site: Path) -> dict[str, str]:
    folder = generated(site) / "laporan"
    return {p.name: p.read_text("utf-8") for p in sorted(folder.glob("*.md"))}


def _metadata_and_html(source: str) -> tuple[dict, str]:
    md = markdown.Markdown(extensions=["meta", "extra"], output_format="html5")
    body = md.convert(source)
    return {key: values for key, values in md.Meta.items()}, body


def _decimal(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


FIGURES = {
    "received": r"Laporan masuk: \*\*(\d+)\*\*",
    "verified": r"Laporan diverifikasi: \*\*(\d+)\*\*",
    "answered": r"Tanggapan pertama instansi: \*\*(\d+)\*\*",
    "answered_late": r"Tanggapan pertama instansi: \*\*\d+\*\*; (\d+) di antaranya",
    "answered_late_share": r"Tanggapan pertama instansi: [^\n]*?\((\d+%)\) melewati",
    "answer_median": r"Median waktu tanggapan pertama: ([\d.,]+) hari kerja",
    "resolved": r"Laporan diselesaikan: \*\*(\d+)\*\*",
    "resolution_median": r"Median waktu penyelesaian sejak laporan masuk: ([\d.,]+) hari kerja",
}


def _figures(source: str) -> dict[str, str]:
    found = {}
    for name, pattern in FIGURES.items():
        match = re.search(pattern, source)
        assert match, f"{name} not in report"
        found[name] = match.group(1)
    return found


class _Rows(HTMLParser):
    """Rows of the agencies' table as text cells, and every tag seen."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.tags: list[tuple[str, dict]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _parse(text: str) -> _Rows:
    parser = _Rows()
    parser.feed(text)
    return parser


# ---------------------------------------------------------------------------


def test_only_completed_months_are_reported(site: Path) -> None:
    data = stats(site)
    assert data["as_of"].startswith("2025-03")
    assert [m["month"] for m in data["completed_months"]] == ["2025-01", "2025-02"]
    assert sorted(reports(site)) == ["2025-01.en.md", "2025-01.md", "2025-02.en.md", "2025-02.md"]


def test_report_figures_equal_statistik_json(site: Path) -> None:
    data = stats(site)
    texts = reports(site)
    previous = None
    by_month = {row["month"]: row for row in data["by_month"]}
    for month in data["completed_months"]:
        source = texts[f"{month['month']}.md"]
        shown = _figures(source)
        response, resolution = month["first_response"], month["resolution"]
        assert int(shown["received"]) == month["received"] == by_month[month["month"]]["total"]
        assert int(shown["verified"]) == month["verification"]["measured"]
        assert int(shown["answered"]) == response["measured"]
        assert int(shown["answered_late"]) == response["over_limit"]
        assert shown["answered_late_share"] == percent(response["over_limit"], response["measured"])
        assert _decimal(shown["answer_median"]) == response["median"]
        assert int(shown["resolved"]) == resolution["measured"]
        assert _decimal(shown["resolution_median"]) == resolution["median"]
        if previous is None:
            assert "bulan pertama dalam data" in source
        else:
            change = re.search(r"Laporan masuk: (\d+) → (\d+)", source)
            assert change and (int(change[1]), int(change[2])) == (
                previous["received"],
                month["received"],
            )
        _, body = _metadata_and_html(source)
        rows = [row for row in _parse(body).rows if row and row[1:] and row[1][:1].isdigit()]
        assert [(name, int(n), int(late.split()[0])) for name, n, late in rows] == [
            (a["name"], a["measured"], a["over_limit"]) for a in month["agencies_over_limit"]
        ]
        previous = month


def test_agencies_need_enough_first_responses(site: Path) -> None:
    january, february = stats(site)["completed_months"]
    assert [a["name"] for a in january["agencies_over_limit"]] == [HOSTILE_AGENCY]
    # Dinas Sosial was late twice out of two: under min_ranked_reports, so not listed.
    assert [a["name"] for a in february["agencies_over_limit"]] == ["Dinas Perhubungan"]
    assert "Dinas Sosial" not in reports(site)["2025-02.md"]


def test_metadata_follows_the_agreed_interface(site: Path) -> None:
    for name, source in reports(site).items():
        month, lang = name.removesuffix(".md").partition(".")[::2]
        lang = lang or "id"
        meta, _ = _metadata_and_html(source)
        prefix = "en/" if lang == "en" else ""
        assert meta["slug"] == [f"laporan-bulanan-{month}"]
        assert meta["lang"] == [lang]
        assert meta["template"] == ["laporan"]
        assert meta["report_month"] == [month]
        assert meta["save_as"] == [f"{prefix}laporan/{month}/index.html"]
        assert meta["url"] == [f"{prefix}laporan/{month}/"]
        assert datetime.fromisoformat(meta["date"][0]).utcoffset() == timedelta(hours=8)
    assert reports(site)["2025-01.md"].startswith(
        "Title: Laporan Bulanan SP4N-LAPOR! — Januari 2025\nDate: 2025-01-31T23:59:59+08:00\n"
    )
    assert reports(site)["2025-01.en.md"].startswith(
        "Title: SP4N-LAPOR! Monthly Report — January 2025\n"
    )


def test_hostile_titles_and_agency_names_stay_text(site: Path) -> None:
    for name in ("2025-01.md", "2025-01.en.md"):
        meta, body = _metadata_and_html(reports(site)[name])
        assert "title" in meta and len(meta["title"]) == 1
        assert not any("disusupkan" in v for values in meta.values() for v in values)
        tags = _parse(body).tags
        assert not [t for t, _ in tags if t in ("img", "b", "em", "script")]
        hrefs = [attrs.get("href", "") for tag, attrs in tags if tag == "a"]
        assert not [h for h in hrefs if "javascript" in h or "{" in h]
        # Braces are entities, so no Pelican or placeholder syntax survives in the source.
        assert "{{" not in body and "{filename}" not in body
        assert "&#123;&#123; evil &#125;&#125;" in body
    page = (site / "output" / "laporan" / "2025-01" / "index.html").read_text("utf-8")
    main_part = page.split('<main id="isi"', 1)[1].split("</main>", 1)[0]
    tags = _parse(main_part).tags
    assert not [t for t, _ in tags if t in ("img", "b", "em", "script")]
    assert not [a for t, a in tags if t == "a" and "javascript" in a.get("href", "")]
    text = html.unescape(re.sub(r"<[^>]+>", "", main_part))
    assert "Dinas <b>Palsu</b> *miring* [x](javascript:alert(3)) {{ site_title }}" in text
    assert "{{ evil }} {filename}/kasus.md Title: disusupkan" in text


def test_resolved_cases_link_to_their_pages(site: Path) -> None:
    for lang_dir in ("", "en/"):
        page = site / "output" / lang_dir / "laporan" / "2025-02" / "index.html"
        links = re.findall(r'href="\.\./\.\./kasus/([a-z0-9]+)/"', page.read_text("utf-8"))
        assert 1 <= len(links) <= 5
        for case_id in links:
            target = site / "output" / lang_dir / "kasus" / case_id / "index.html"
            assert target.exists()
            resolved = re.search(
                r"^Case_resolved: (\S+)$",
                (generated(site) / "kasus" / f"{case_id}.md").read_text("utf-8"),
                re.M,
            )
            assert resolved and resolved[1].startswith("2025-02")


def test_index_lists_the_reports_in_both_languages(site: Path) -> None:
    index = (site / "output" / "laporan" / "index.html").read_text("utf-8")
    assert re.findall(r'href="[^"]*laporan/(\d{4}-\d{2})/"', index) == ["2025-02", "2025-01"]
    english = (site / "output" / "en" / "laporan" / "index.html").read_text("utf-8")
    assert "February 2025" in english and "January 2025" in english
    statistik = (site / "output" / "statistik" / "index.html").read_text("utf-8")
    assert "laporan/" in statistik


# ---------------------------------------------------------------------------
# The aggregate's month figures, directly


def _cases(rows: list[dict]) -> list:
    result = validate([RawRecord(f"line {i}", row) for i, row in enumerate(rows)])
    return [
        dataclasses.replace(case, identity=None, id=f"id{i:010d}")
        for i, case in enumerate(result.cases)
    ]


def test_steps_count_in_the_month_they_happened_in_the_region_zone() -> None:
    # Answered at 00:30 WITA on 1 February: still 31 January in UTC, February here.
    answered = _record("X", "2025-01", 30, late=False, first_response_at="2025-02-01T00:30+08:00")
    late_march = _record("Y", "2025-03", 3, late=False)
    months = completed_months(_cases([answered, late_march]), WITA, _at("2025-03", 20), 1, 1)
    assert [m["month"] for m in months] == ["2025-01", "2025-02"]  # a month without reports too
    january, february = months
    assert (january["received"], january["first_response"]["measured"]) == (1, 0)
    assert (february["received"], february["first_response"]["measured"]) == (0, 1)


def test_no_month_is_complete_before_the_data_leaves_it() -> None:
    cases = _cases([_record("X", "2025-01", 6, late=False)])
    assert completed_months(cases, WITA, _at("2025-01", 31, 23), 1, 1) == []
    assert [m["month"] for m in completed_months(cases, WITA, _at("2025-02", 1, 0), 1, 1)] == [
        "2025-01"
    ]


# ---------------------------------------------------------------------------
# Incremental updates


def _item(row: dict, updated: str) -> dict:
    return row | {"updated_at": updated}


@pytest.fixture
def api(tmp_path, httpserver, monkeypatch):
    monkeypatch.setenv("LAPOR_SITE_SECRET", "monthly-incremental-key")
    new_site(tmp_path)
    config = paged_api_sync_toml(tmp_path, httpserver.url_for("/v1/laporan"))
    served: dict[str, list[dict]] = {"items": []}

    def handler(request: Request) -> Response:
        items = served["items"] if int(request.args.get("page", 1)) == 1 else []
        return Response(json.dumps({"data": items}), content_type="application/json")

    httpserver.expect_request("/v1/laporan").respond_with_handler(handler)
    return config, served


def test_an_incremental_update_adds_the_new_month_and_keeps_old_reports(api, tmp_path) -> None:
    config, served = api
    sync = ["sync", "--site", str(tmp_path), "--config", str(config)]
    first = month_rows("2025-01", 4, 1, "A") + month_rows("2025-02", 3, 1, "A")
    served["items"] = [_item(row, row["resolved_at"]) for row in first]
    assert main(sync) == 0
    before = reports(tmp_path)
    assert sorted(before) == ["2025-01.en.md", "2025-01.md"]

    later = month_rows("2025-03", 3, 2, "A")
    served["items"] = [_item(row, row["resolved_at"]) for row in later]
    assert main(sync) == 0
    after = reports(tmp_path)
    assert sorted(after) == ["2025-01.en.md", "2025-01.md", "2025-02.en.md", "2025-02.md"]
    assert {name: after[name] for name in before} == before  # byte for byte
