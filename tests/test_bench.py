"""The scale benchmark (bench/scale.py) at a tiny size: its table, targets and last line;
and bench/floors.py on the site that run built.

One run per module (``--cases 8 --scales 1 --full-pull``: every step once, a
few seconds each): every step must report a positive wall time and peak RSS, the targets
must be checked, and the last line must have the documented format. The
Hugo baseline is checked only where ``/usr/bin/hugo`` is installed; without
it the table must say so and the Hugo ratios be ``n/a``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HUGO = Path("/usr/bin/hugo")
OUR_STEPS = ("sync (API, full)", "build (full)", "update (daily)", "update (full pull)")
NUMBER = r"\d+(?:\.\d+)?"
ROW = re.compile(
    rf"^(?P<name>.+?)\s+\|\s+(?P<s>{NUMBER})\s+(?P<mb>{NUMBER})\s+(?P<us>{NUMBER})\s*$"
)
LAST = re.compile(
    r"^full_vs_hugo=(?P<full>\d+\.\d\d|n/a) update_vs_hugo=(?P<update>\d+\.\d\d|n/a) "
    r"sync_s=(?P<sync>\d+\.\d\d) peak_rss_mb=(?P<rss>\d+)$"
)


@pytest.fixture(scope="module")
def kept(tmp_path_factory) -> Path:
    """Where the run keeps its work folders (bench/floors.py reads its site)."""
    return tmp_path_factory.mktemp("bench")


@pytest.fixture(scope="module")
def report(kept) -> list[str]:
    command = [sys.executable, str(ROOT / "bench" / "scale.py"), "--cases", "8", "--scales", "1"]
    command += ["--sync-records", "30", "--full-pull", "--keep", str(kept)]
    result = subprocess.run(
        command, capture_output=True, text=True, encoding="utf-8", cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip().splitlines()


def rows(report: list[str]) -> dict[str, tuple[float, float, float]]:
    found = {}
    for line in report:
        match = ROW.match(line)
        if match:
            found[match["name"].strip()] = (
                float(match["s"]),
                float(match["mb"]),
                float(match["us"]),
            )
    return found


def test_every_step_reports_positive_time_and_rss(report):
    table = rows(report)
    for step in (*OUR_STEPS, "Pelican (plain)"):
        assert step in table, f"no row for {step!r} in:\n" + "\n".join(report)
        seconds, rss_mb, per_case = table[step]
        assert seconds > 0 and rss_mb > 0 and per_case > 0, (step, table[step])


def test_header_machine_and_targets(report):
    header = next(line for line in report if line.startswith("step"))
    cases = int(re.search(r"N×1: (\d+) cases, (\d+) records", header)[1])
    assert 1 <= cases <= 16  # about 8 published cases, counted from the site
    machine = next(line for line in report if line.startswith("machine:"))
    assert re.search(r"\d+ cores, .+ GiB RAM; Python 3\.\d+\.\d+, Pelican \d", machine)
    verdicts = [line for line in report if re.match(r"^  (PASS|FAIL|n/a ) ", line)]
    for target in ("full build ≤ 1 × Hugo", "daily update ≤ 0.2 × Hugo", "sync ≤ 10 s"):
        assert any(target in line for line in verdicts), target
    assert any("every step ≤ 1 GB" in line for line in verdicts)


def test_sync_alone_is_timed_and_judged_only_at_100000_records(report):
    alone = next(line for line in report if line.startswith("sync alone (API, full):"))
    seconds, rss_mb = re.search(rf"30 records, ({NUMBER}) s, ({NUMBER}) MB", alone).groups()
    assert float(seconds) > 0 and float(rss_mb) > 0
    (verdict,) = [line for line in report if "sync RSS < 300 MB" in line]
    assert verdict.startswith("  n/a ") and "at 30 records" in verdict


def test_last_line_format(report):
    last = LAST.match(report[-1])
    assert last, report[-1]
    table = rows(report)
    assert float(last["sync"]) == pytest.approx(table["sync (API, full)"][0], abs=0.01)
    assert int(last["rss"]) == round(max(table[step][1] for step in OUR_STEPS))


@pytest.mark.skipif(not HUGO.exists(), reason="hugo (/usr/bin/hugo) not installed: no Hugo row")
def test_hugo_baseline_and_ratios(report):
    seconds, rss_mb, per_case = rows(report)["Hugo"]
    assert seconds > 0 and rss_mb > 0 and per_case > 0
    last = LAST.match(report[-1])
    table = rows(report)
    assert_ratio_of_shown(float(last["full"]), table["build (full)"][0], seconds)
    assert_ratio_of_shown(float(last["update"]), table["update (daily)"][0], seconds)


def assert_ratio_of_shown(ratio: float, ours: float, hugo: float) -> None:
    """``ratio`` (2 decimals) is ours / hugo, both shown rounded to 2 decimals: a Hugo run
    of a tenth of a second is only known to ±5%, so the ratio is checked within that."""
    low = (ours - 0.005) / (hugo + 0.005) - 0.005
    high = (ours + 0.005) / max(hugo - 0.005, 1e-9) + 0.005
    assert low <= ratio <= high, (ratio, ours, hugo)


@pytest.mark.skipif(HUGO.exists(), reason="hugo is installed: the no-Hugo report is not shown")
def test_without_hugo_the_table_says_so(report):
    assert any(line.startswith("Hugo") and "not installed" in line for line in report)
    last = LAST.match(report[-1])
    assert last["full"] == "n/a" and last["update"] == "n/a"


def test_a_step_is_not_charged_for_the_memory_of_the_bench(tmp_path):
    """A child's peak RSS on Linux includes the memory of the process it was forked
    from, until it starts the step (the high-water mark survives exec): the bench,
    which holds every record, must not show up in the figures of a small step."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import scale
    finally:
        sys.path.remove(str(ROOT / "bench"))
    ballast = bytearray(400 * 1024 * 1024)  # resident: every page written
    for offset in range(0, len(ballast), 4096):
        ballast[offset] = 1
    small = scale.measure([sys.executable, "-c", "pass"], tmp_path / "small.log")
    big = scale.measure(
        [sys.executable, "-c", "b = bytearray(150 * 2**20); b[::4096] = b'x' * len(b[::4096])"],
        tmp_path / "big.log",
    )
    del ballast
    assert small.rss_mb < 100, small
    assert 150 < big.rss_mb < 300, big


FLOOR_PARTS = {
    "validation": "sync", "redaction": "sync",
    "search": "build", "leak audit": "build", "link check": "build",
    "publish": "update",
}  # fmt: skip
FLOOR_ROW = re.compile(
    rf"^(?P<name>.+?)\s+\|\s+(?P<wall>{NUMBER})\s+\|\s+(?P<cpu>{NUMBER})\s+\|"
    rf"\s+(?P<step>\w+)\s+\|\s+(?P<what>.+)$"
)
FLOOR_LAST = re.compile(
    rf"sync_floor_s=(?P<sync>{NUMBER}|n/a) build_floor_s=(?P<build>{NUMBER}) cores=(?P<cores>\d+)"
)


def run_floors(*args: str | Path) -> tuple[dict[str, re.Match[str]], re.Match[str]]:
    """bench/floors.py's rows by part, and its last line."""
    command = [sys.executable, str(ROOT / "bench" / "floors.py"), *map(str, args)]
    result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.strip().splitlines()
    last = FLOOR_LAST.fullmatch(lines[-1])
    assert last, lines
    return {m["name"].strip(): m for m in map(FLOOR_ROW.match, lines) if m}, last


def test_floors_times_each_part_alone_and_leaves_the_site_as_it_was(report, kept):
    (work,) = [p for p in kept.iterdir() if (p / "site" / "output" / "index.html").is_file()]
    site, records = work / "site", work / "cases.jsonl"
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*")}
    parts, last = run_floors(site, "--records", records)
    assert {name: m["step"] for name, m in parts.items()} == FLOOR_PARTS
    for name, match in parts.items():
        assert float(match["wall"]) >= 0 and float(match["cpu"]) >= 0, (name, match[0])
    # Reading 15 records can take under 5 ms (0.00 s); Pagefind and the audit cannot.
    assert float(parts["search"]["wall"]) > 0 and float(parts["leak audit"]["wall"]) > 0
    valid = sum(1 for line in records.read_text(encoding="utf-8").splitlines() if line.strip())
    assert parts["validation"]["what"] == f"{valid} valid records read"
    assert parts["redaction"]["what"] == f"{valid} records anonymized"
    pages = int(re.match(r"(\d+) files, [1-9]\d* bundles", parts["search"]["what"])[1])
    audited = re.match(r"(\d+) files, 0 findings$", parts["leak audit"]["what"])
    assert audited and int(audited[1]) > pages  # the search index it made is audited too
    assert parts["link check"]["what"] == "0 broken"
    assert parts["publish"]["what"] == f"{audited[1]} files linked and removed"
    cores = int(last["cores"])
    for step in ("sync", "build"):
        cpu = sum(float(m["cpu"]) for m in parts.values() if m["step"] == step)
        assert float(last[step]) == pytest.approx(cpu / cores, abs=0.03), step
    # Without records: no sync part, and no sync floor.
    parts, last = run_floors(site)
    assert set(parts) == {"search", "leak audit", "link check", "publish"}
    assert last["sync"] == "n/a"
    after = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*")}
    assert after == before  # only read: no file changed, none added (no scratch left)


def test_floors_needs_a_built_site(tmp_path):
    command = [sys.executable, str(ROOT / "bench" / "floors.py"), str(tmp_path)]
    result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", check=False)
    assert result.returncode == 2
    assert f"{tmp_path}/output: no built site" in result.stderr
