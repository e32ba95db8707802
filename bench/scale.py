"""Scale benchmark: sync, full build and daily update at N/4, N and 4N cases,
against plain Pelican and Hugo on the same Markdown.

Run from the repository root (``make bench`` runs the defaults)::

    .venv/bin/python bench/scale.py [--cases 20000] [--scales 0.25,1,4] [--quick]
                                    [--file-sync] [--full-pull] [--sync-records 100000]
                                    [--hugo /usr/bin/hugo] [--keep DIR]

N (``--cases``) counts **published cases** (case pages), not input records.
What it does, for each scale s (N·s published cases):

1. **Records.** ``scripts/generate_sample.py --count R`` writes R synthetic
   records into a temporary folder. R is computed, not guessed: once per
   run, a calibration sample (:data:`CALIBRATION_RECORDS` records, same
   generator) goes through the real validator (:func:`lapor_site.validate.validate`)
   and the model's publishability rule (resolved and not confidential); R =
   ceil(N·s / published share). The table shows the case count the sync
   really published.
2. **API.** The bench serves those records on 127.0.0.1 as a LAPOR!-style
   JSON API (a :class:`~http.server.ThreadingHTTPServer` thread in the bench
   process): ``?page=P&per_page=K`` pages, items under ``data``, each with an
   ``updated_at`` (the record's last activity), and ``updated_since=ISO``
   returning only items updated after that moment, as the ``lapor-api``
   source (:mod:`lapor_site.sources.lapor_api`) expects.
3. **Site.** ``lapor-site init`` creates a fresh site folder whose
   ``sync.toml`` points at that API; ``LAPOR_SITE_SECRET`` is set to a
   fixed bench value (:data:`BENCH_SECRET`) for every command.
4. **Timed steps**, each a separate ``lapor-site`` subprocess (wall time and
   peak RSS, see below):

   * ``sync (API, full)``: ``lapor-site sync``, the first full pull;
   * ``build (full)``: ``lapor-site build --production`` into the site's
     empty ``output/`` (Pelican, Pagefind search index, leak audit, link check);
   * ``update (daily)``: the API then also serves 50 new resolved cases and
     10 changed ones (a new follow-up text, a later ``updated_at``), and
     ``updated_since`` returns only those 60; ``lapor-site update`` (the
     scheduled job: incremental sync, production build, audit; all or
     nothing). The bench checks that the output then has exactly 50 more case
     pages, so it cannot time a no-op;
   * ``update (full pull)``, only with ``--full-pull``: the next day's 50 new
     and 10 changed cases, pulled with ``lapor-site update --full`` (every
     record again, as after a changed source address). Every reporter's
     identity values then come back to the leak audit's cache as new, which
     once cost hours and gigabytes (``tests/test_scale.py``); the bench checks
     the output has 50 more case pages;
   * ``sync (file)``, only with ``--file-sync``: ``lapor-site sync --input``
     of the same JSONL into a second fresh site folder.

   Once per run, ``--sync-records R`` (default 100,000; 0 skips it; ``--quick``
   skips it) times the sync alone of R generated records from the API into a
   fresh site: the streaming target, without building a site that size.

5. **Baselines** on the same Markdown (the site's ``content/generated/kasus``
   after the sync), each timed from scratch in an empty output:

   * ``Pelican (plain)``: ``pelican`` with a minimal ``pelicanconf.py`` in a
     temporary folder: default theme, no plugins (``PLUGINS = []``), the
     region's time zone, ``DEFAULT_LANG = "id"`` (the cases' language) and
     ``DEFAULT_PAGINATION`` = the site's ``cases_per_page``. The cases name
     ``Template: case``, which the default theme lacks, so a one-line
     ``case.html`` extending the theme's ``article.html`` is given through
     ``THEME_TEMPLATES_OVERRIDES``;
   * ``Hugo``: ``/usr/bin/hugo --quiet`` on a Hugo site made (untimed) from
     the same files: JSON front matter from the Pelican metadata, the same
     HTML body, a minimal theme in the temporary folder (a single page with
     the title, dates, category, agency, region and body like our case page,
     a list page with ``.Paginate`` at ``cases_per_page``). Without Hugo
     (``--hugo``, default ``/usr/bin/hugo``) the row says so and the Hugo
     ratios are ``n/a``.

   Both baselines write only case pages, listing pages and their defaults'
   feeds: about 1.2 HTML pages per case where our site writes about 2.7
   (Indonesian and English, agency/category/region listings, statistics) and
   then indexes, audits and link-checks them. The ratios compare the job
   done, not equal work.

**Peak RSS** is the step's ``ru_maxrss`` from :func:`os.wait4`. Linux
reports the largest resident set of that process and of every descendant it
waited for (Pagefind, which ``lapor-site build`` runs with
:func:`subprocess.run`, counts); it is the peak of the biggest single
process, not the sum of processes alive at once. A process's high-water mark
also starts with the memory of the process it was forked from, so each step
is forked from a small launcher (:data:`LAUNCHER`), never from the bench,
which holds every record (until this was fixed, a step of 100,000 records
was charged the bench's 655 MB). Wall time includes interpreter start-up and
imports (what a scheduled job pays).

**Reading the table.** One row per step; per scale three columns: seconds,
peak RSS in MB (MiB) and µs per published case (seconds / cases; for the
daily update too, so it shows how much of the whole site one day's update
costs). If µs/case stays flat from scale to scale the step grows linearly;
rising means worse than linear. Below the table: the machine, then the
targets, checked at N (scale 1, or the scale closest to it) and printed as
PASS/FAIL (the bench reports figures; it never fails the build):

* full build ≤ 1 × Hugo's full build; daily update ≤ 0.2 × Hugo's full build;
* sync ≤ 10 s; every step of ours ≤ 1 GB peak RSS;
* sync RSS < 300 MB at ≥ 100,000 records: the sync alone of ``--sync-records``
  records, or the largest scale's sync if it has more;
* growth no worse than N log N: for each step of ours and each pair of
  neighbouring scales, t2/t1 ≤ (n2 ln n2)/(n1 ln n1).

The last line is ``full_vs_hugo=R1 update_vs_hugo=R2 sync_s=S peak_rss_mb=M``
(at N; M is the largest peak RSS of our steps there).

``--quick`` is a smoke run (``--cases 40 --scales 1``). Do not run the default
(20,000 cases, up to 80,000) on a shared machine: it takes a long time.
"""

from __future__ import annotations

import argparse
import copy
import itertools
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.metadata import version
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lapor_site.model import RawRecord  # noqa: E402
from lapor_site.settings import load_settings  # noqa: E402
from lapor_site.validate import validate  # noqa: E402

BIN = Path(sys.executable).parent
LAPOR_SITE = BIN / "lapor-site"
PELICAN = BIN / "pelican"
#: The Hugo binary of the baseline (Debian's package); ``--hugo`` changes it.
HUGO = Path("/usr/bin/hugo")
GENERATOR = ROOT / "scripts" / "generate_sample.py"

DEFAULT_CASES = 20_000
DEFAULT_SCALES = (0.25, 1.0, 4.0)
QUICK_CASES = 40
#: Records of the extra sync-alone run (the streaming target: a 100,000-record pull < 300 MB).
SYNC_ALONE_RECORDS = 100_000
#: Records in the sample that measures the generator's published share.
CALIBRATION_RECORDS = 3000
#: A fixed key for the bench's sites only; never a real deployment's.
BENCH_SECRET = "bench-scale-not-a-real-secret-0123456789"
NEW_CASES = 50
CHANGED_CASES = 10
API_PAGE_SIZE = 1000
API_PATH = "/v1/laporan"
DATE_FIELDS = ("submitted_at", "verified_at", "forwarded_at", "first_response_at", "resolved_at")
MB = 2**20

SYNC, BUILD, UPDATE, FILE_SYNC = "sync (API, full)", "build (full)", "update (daily)", "sync (file)"
FULL_PULL = "update (full pull)"
PELICAN_ROW, HUGO_ROW = "Pelican (plain)", "Hugo"
OURS = (SYNC, BUILD, UPDATE, FULL_PULL, FILE_SYNC)


class BenchError(RuntimeError):
    """A step failed or measured nothing; the message says which."""


@dataclass(frozen=True)
class Measure:
    """One timed subprocess: wall seconds and peak resident set in MiB."""

    seconds: float
    rss_mb: float


@dataclass
class ScaleResult:
    """Every step measured at one scale."""

    scale: float
    records: int
    cases: int = 0
    steps: dict[str, Measure | None] = field(default_factory=dict)


# ---------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------


#: Runs one step from a small process, so that the step's peak RSS is its own. On Linux
#: a child's high-water mark starts with the memory of the process it was forked from
#: (this bench, which holds every record and the API) and survives exec; the launcher
#: forks the step from itself, waits for it and writes the step's wall time (from fork to
#: exit, so the launcher's own start-up is not counted) and ru_maxrss (KiB, with that of
#: the children it waited for) to the file named first.
LAUNCHER = """
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    out.write(f"{seconds!r} {usage.ru_maxrss}")
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


def measure(argv: Sequence[str | Path], log: Path, env: dict[str, str] | None = None) -> Measure:
    """Run ``argv`` as a child process; its wall time and ``ru_maxrss`` (see module docstring).

    Output goes to ``log`` (a pipe could fill up and stall the child). The step
    is started by :data:`LAUNCHER`, so its memory figure is its own.
    """
    peak = log.with_name(log.name + ".maxrss")
    command = [sys.executable, "-c", LAUNCHER, peak, *argv]
    with log.open("wb") as out:
        child = subprocess.run(
            [str(a) for a in command], stdout=out, stderr=subprocess.STDOUT, env=env, check=False
        )
    if child.returncode:
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-5:]
        raise BenchError(f"{Path(argv[0]).name} exited {child.returncode}: " + " | ".join(tail))
    wall, kib = peak.read_text(encoding="ascii").split()
    seconds = float(wall)
    peak.unlink()
    return Measure(seconds, int(kib) * 1024 / MB)  # ru_maxrss is in KiB on Linux


def bench_env() -> dict[str, str]:
    env = dict(os.environ, LAPOR_SITE_SECRET=BENCH_SECRET, PYTHONHASHSEED="0")
    env.pop("LAPOR_SITE_URL", None)
    return env


# ---------------------------------------------------------------------------
# Records and the API
# ---------------------------------------------------------------------------


def generate(count: int, path: Path) -> list[dict]:
    """``count`` synthetic records from ``scripts/generate_sample.py`` (untimed)."""
    command = [sys.executable, GENERATOR, "--count", str(count), "--output", path]
    subprocess.run([str(a) for a in command], check=True, capture_output=True)
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def published_share(folder: Path) -> float:
    """The share of generated records the pipeline publishes, measured on a sample."""
    records = generate(CALIBRATION_RECORDS, folder / "calibration.jsonl")
    raw = (RawRecord(f"line {n}", record) for n, record in enumerate(records, start=1))
    cases = validate(raw).cases
    return sum(1 for case in cases if case.is_publishable) / len(records)


def records_for(cases: int, share: float) -> int:
    """Records to generate so that about ``cases`` of them are published."""
    return max(1, math.ceil(cases / share))


def last_activity(record: dict) -> datetime:
    return max(datetime.fromisoformat(record[f]) for f in DATE_FIELDS if record.get(f))


def with_updated_at(record: dict, moment: datetime) -> dict:
    return {**record, "updated_at": moment.isoformat()}


def daily_changes(records: list[dict]) -> list[dict]:
    """One day's work after ``records``: new resolved cases and changed published ones.

    New cases copy published records' texts under new tracking ids and move
    every date to the day after the last activity; changed cases get a new
    follow-up text. All carry an ``updated_at`` later than any before.
    """
    latest = max(last_activity(r) for r in records)
    now = datetime.now(latest.tzinfo)
    day = min(latest + timedelta(days=1), now - timedelta(hours=8))
    public = [r for r in records if r["status"] == "resolved" and r["privacy"] != "confidential"]
    if len(public) < NEW_CASES + CHANGED_CASES:
        public = (public * (NEW_CASES + CHANGED_CASES))[: NEW_CASES + CHANGED_CASES]
    changes = []
    for number, source in enumerate(public[:NEW_CASES], start=1):
        new = copy.deepcopy(source)
        new["tracking_id"] = f"LAP-BENCH-{number:07d}"
        for hours, name in enumerate(DATE_FIELDS):
            new[name] = (day + timedelta(hours=hours)).isoformat()
        changes.append(with_updated_at(new, day + timedelta(hours=len(DATE_FIELDS))))
    for source in public[-CHANGED_CASES:]:
        changed = copy.deepcopy(source)
        changed["response"] = (source.get("response") or "") + (
            " Pembaruan: petugas telah memeriksa kembali lokasi dan pekerjaan sudah selesai."
        )
        changes.append(with_updated_at(changed, day + timedelta(hours=6)))
    return changes


class CaseApi:
    """The records as a paged LAPOR!-style API on 127.0.0.1 (see module docstring)."""

    def __init__(self, records: list[dict]) -> None:
        self.items: dict[str, tuple[datetime, bytes]] = {}
        self.ordered: list[tuple[datetime, bytes]] = []
        #: Items served per ``updated_since`` value ("" for a full pull).
        self.served: dict[str, int] = {}
        self.publish([with_updated_at(r, last_activity(r)) for r in records])

    def publish(self, items: list[dict]) -> None:
        """Add or replace items (by tracking id); pages are in ``updated_at`` order."""
        for item in items:
            moment = datetime.fromisoformat(item["updated_at"])
            self.items[item["tracking_id"]] = (moment, json.dumps(item).encode())
        self.ordered = sorted(self.items.values(), key=lambda item: item[0])
        self.served.clear()

    def page(self, query: dict[str, list[str]]) -> bytes:
        """One page of items as JSON: ``{"data": [...]}``."""
        number = int(query.get("page", ["1"])[0])
        size = int(query.get("per_page", [str(API_PAGE_SIZE)])[0])
        since = query.get("updated_since", [""])[0]
        chosen = self.ordered
        if since:
            moment = datetime.fromisoformat(since)
            chosen = [item for item in chosen if item[0] > moment]
        part = chosen[(number - 1) * size : number * size]
        self.served[since] = self.served.get(since, 0) + len(part)
        return b'{"data":[' + b",".join(body for _, body in part) + b"]}"

    @contextmanager
    def serving(self) -> Iterator[str]:
        """Serve in a thread; yields the base URL."""
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                if parts.path != API_PATH:
                    self.send_error(404)
                    return
                body = api.page(parse_qs(parts.query))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}{API_PATH}"
        finally:
            server.shutdown()
            server.server_close()


def api_sync_toml(url: str, max_pages: int) -> str:
    """A ``sync.toml`` for the bench's API (the shape of tests/factories.py's, bigger pages)."""
    return f"""[sync]
source = "api"
[sources.api]
type = "lapor-api"
base_url = "{url}"
pagination = "page"
page_size = {API_PAGE_SIZE}
max_pages = {max_pages}
items_path = "data"
since_param = "updated_since"
updated_path = "updated_at"
retries = 0
progress = false
"""


# ---------------------------------------------------------------------------
# Our steps
# ---------------------------------------------------------------------------


def case_pages(output: Path) -> int:
    """Case pages in an output: ``kasus/<slug>/index.html`` with a 12-letter slug."""
    return sum(
        1 for p in output.glob("kasus/*/index.html") if re.fullmatch("[a-z]{12}", p.parent.name)
    )


def check_update(api: CaseApi, before: int, after: int, changes: list[dict]) -> None:
    """The update pulled only the changes, with ``updated_since``, and published the new cases."""
    changed = len({item["tracking_id"] for item in changes})
    pulls = {since or "(none)": count for since, count in api.served.items()}
    if list(api.served.values()) != [changed] or "" in api.served:
        raise BenchError(f"daily update: expected one pull of {changed} items since, got {pulls}")
    if after != before + NEW_CASES:
        raise BenchError(f"daily update: {after} case pages, expected {before} + {NEW_CASES}")


def new_site(folder: Path, env: dict[str, str]) -> Path:
    subprocess.run([str(LAPOR_SITE), "init", str(folder)], check=True, capture_output=True, env=env)
    return folder


def next_day(records: list[dict], day: int) -> list[dict]:
    """:func:`daily_changes` after ``records``, the new cases' ids marked with ``day``."""
    changes = daily_changes(records)
    for item in changes:
        if item["tracking_id"].startswith("LAP-BENCH-"):
            item["tracking_id"] = item["tracking_id"].replace("LAP-BENCH-", f"LAP-BENCH{day}-")
    return changes


def run_ours(
    result: ScaleResult, work: Path, records: list[dict], file_sync: bool, full_pull: bool = False
) -> Path:
    """Sync, full build and daily update in a fresh site; returns the site folder."""
    env = bench_env()
    site = new_site(work / "site", env)
    api = CaseApi(records)
    cli = [LAPOR_SITE, "--site", site]
    with api.serving() as url:
        max_pages = len(records) // API_PAGE_SIZE + 10
        (site / "sync.toml").write_text(api_sync_toml(url, max_pages), encoding="utf-8")
        result.steps[SYNC] = measure([*cli, "sync"], work / "sync.log", env)
        result.cases = len(list((site / "content" / "generated" / "kasus").glob("*.md")))
        result.steps[BUILD] = measure([*cli, "build", "--production"], work / "build.log", env)
        before = case_pages(site / "output")
        if before != result.cases:
            raise BenchError(f"full build: {before} case pages for {result.cases} cases")
        changes = daily_changes(records)
        api.publish(changes)
        result.steps[UPDATE] = measure([*cli, "update"], work / "update.log", env)
        after = case_pages(site / "output")
        check_update(api, before, after, changes)
        if full_pull:
            api.publish(next_day(records + changes, 2))
            command = [*cli, "update", "--full"]
            result.steps[FULL_PULL] = measure(command, work / "update-full.log", env)
            if case_pages(site / "output") != after + NEW_CASES:
                raise BenchError(f"full pull: expected {after} + {NEW_CASES} case pages")
    if file_sync:
        other = new_site(work / "site-file", env)
        command = [LAPOR_SITE, "--site", other, "sync", "--input", work / "cases.jsonl"]
        result.steps[FILE_SYNC] = measure(command, work / "sync-file.log", env)
    return site


# ---------------------------------------------------------------------------
# Baselines
# ---------------------------------------------------------------------------

PELICAN_CONF = """\
# Plain Pelican: default theme, no plugins; only what the content needs.
AUTHOR = "bench"
SITENAME = "bench"
SITEURL = ""
PATH = {path!r}
TIMEZONE = {timezone!r}
DEFAULT_LANG = "id"
DEFAULT_PAGINATION = {per_page}
PLUGINS = []
THEME_TEMPLATES_OVERRIDES = [{templates!r}]
"""


def run_pelican(kasus: Path, work: Path, timezone: str, per_page: int) -> Measure:
    """Plain Pelican on the case Markdown, from scratch."""
    folder = work / "pelican"
    templates = folder / "templates"
    templates.mkdir(parents=True)
    (templates / "case.html").write_text('{% extends "article.html" %}\n', encoding="utf-8")
    conf = folder / "pelicanconf.py"
    settings = {"path": str(kasus), "timezone": timezone, "per_page": per_page}
    conf.write_text(PELICAN_CONF.format(templates=str(templates), **settings), encoding="utf-8")
    output = folder / "output"
    command = [PELICAN, kasus, "--settings", conf, "--output", output, "--quiet"]
    seconds = measure(command, work / "pelican.log")
    expected = {p.stem for p in kasus.glob("*.md")}
    pages = {p.stem for p in output.glob("*.html")} & expected
    if len(pages) != len(expected):
        raise BenchError(f"Pelican baseline: {len(pages)} case pages for {len(expected)} cases")
    return seconds


HUGO_CONFIG = """\
baseURL = "/"
languageCode = "id"
title = "bench"
timeZone = {timezone}
paginate = {per_page}
[markup.goldmark.renderer]
unsafe = true
"""

HUGO_BASE = """\
<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ block "main" . }}{{ end }}</main></body></html>
"""

HUGO_SINGLE = """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<dl>
<dt>Masuk</dt><dd>{{ .Params.case_submitted }}</dd>
<dt>Selesai</dt><dd>{{ .Params.case_resolved }}</dd>
<dt>Tanggal</dt>
<dd><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></dd>
<dt>Kategori</dt><dd>{{ .Params.case_category }}</dd>
<dt>Instansi</dt><dd>{{ .Params.case_agency }}</dd>
<dt>Wilayah</dt><dd>{{ .Params.case_region }}</dd>
</dl>
{{ .Content }}
</article>
{{ end }}
"""

HUGO_LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pages := .Paginate (where .Site.RegularPages "Section" "kasus") }}
<ul>{{ range $pages.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ .Date.Format "2006-01-02" }}, {{ .Params.case_agency }}</li>{{ end }}</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
"""


def markdown_parts(text: str) -> tuple[dict[str, str], str]:
    """A Pelican Markdown file's metadata (``Key: value`` lines) and body."""
    head, _, body = text.partition("\n\n")
    metadata = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        metadata[key.strip().lower()] = value.strip()
    return metadata, body


def hugo_page(text: str) -> str:
    """The same case for Hugo: JSON front matter, the same HTML body."""
    metadata, body = markdown_parts(text)
    front = {"title": metadata.pop("title"), "date": metadata.pop("date")}
    if "modified" in metadata:
        front["lastmod"] = metadata.pop("modified")
    front["slug"] = metadata.pop("slug")
    front |= {k: v for k, v in metadata.items() if k not in ("lang", "template")}
    return json.dumps(front, ensure_ascii=False, indent=1) + "\n\n" + body


def hugo_version(hugo: Path) -> str | None:
    if not hugo.exists():
        return None
    out = subprocess.run([str(hugo), "version"], capture_output=True, text=True).stdout
    return out.split()[1] if out.split()[1:] else out.strip()


def run_hugo(hugo: Path, kasus: Path, work: Path, timezone: str, per_page: int) -> Measure:
    """Hugo on the same cases (converted untimed), from scratch."""
    folder = work / "hugo"
    for name, text in (
        ("hugo.toml", HUGO_CONFIG.format(timezone=json.dumps(timezone), per_page=per_page)),
        ("layouts/_default/baseof.html", HUGO_BASE),
        ("layouts/_default/single.html", HUGO_SINGLE),
        ("layouts/_default/list.html", HUGO_LIST),
        ("content/kasus/_index.md", '{"title": "Kasus"}\n'),
    ):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    for source in kasus.glob("*.md"):
        page = hugo_page(source.read_text(encoding="utf-8"))
        (folder / "content" / "kasus" / source.name).write_text(page, encoding="utf-8")
    output = folder / "public"
    command = [hugo, "--quiet", "--source", folder, "--destination", output]
    command += ["--cacheDir", folder / "cache"]
    seconds = measure(command, work / "hugo.log")
    expected = len(list(kasus.glob("*.md")))
    if case_pages(output) != expected:
        raise BenchError(f"Hugo baseline: {case_pages(output)} case pages for {expected} cases")
    return seconds


# ---------------------------------------------------------------------------
# One scale, the table, the targets
# ---------------------------------------------------------------------------


def run_sync_alone(count: int, args: argparse.Namespace) -> Measure:
    """The sync of ``count`` records from the API into a fresh site, nothing else (memory)."""
    work = Path(tempfile.mkdtemp(prefix="bench-sync-", dir=args.keep))
    try:
        records = generate(count, work / "cases.jsonl")
        env = bench_env()
        site = new_site(work / "site", env)
        with CaseApi(records).serving() as url:
            max_pages = count // API_PAGE_SIZE + 10
            (site / "sync.toml").write_text(api_sync_toml(url, max_pages), encoding="utf-8")
            return measure([LAPOR_SITE, "--site", site, "sync"], work / "sync.log", env)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def run_scale(scale: float, cases: int, share: float, args: argparse.Namespace) -> ScaleResult:
    """Every step at ``cases`` published cases (see module docstring)."""
    result = ScaleResult(scale, records_for(cases, share))
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"bench-scale-{scale:g}-", dir=args.keep))
    try:
        records = generate(result.records, work / "cases.jsonl")
        site = run_ours(result, work, records, args.file_sync, args.full_pull)
        settings = load_settings(site / "region.toml")
        kasus = site / "content" / "generated" / "kasus"
        layout = (kasus, work, settings.timezone, settings.cases_per_page)
        result.steps[PELICAN_ROW] = run_pelican(*layout)
        result.steps[HUGO_ROW] = run_hugo(args.hugo, *layout) if args.hugo.exists() else None
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return result


def machine(hugo: Path) -> str:
    cpu = "unknown CPU"
    info = Path("/proc/cpuinfo")
    if info.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", info.read_text(), re.MULTILINE)
        cpu = found.group(1).strip() if found else cpu
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    hugo_text = hugo_version(hugo) or "not installed"
    return (
        f"machine: {os.cpu_count()} cores, {cpu}, {ram:.1f} GiB RAM; "
        f"Python {platform.python_version()}, Pelican {version('pelican')}, Hugo {hugo_text}"
    )


def _cell(result: ScaleResult, name: str) -> str:
    measured = result.steps.get(name)
    if measured is None:
        return "hugo not installed: skipped" if name in result.steps else "-"
    per_case = measured.seconds / max(result.cases, 1) * 1e6
    return f"{measured.seconds:8.2f} {measured.rss_mb:7.0f} {per_case:9.0f}"


def table(results: list[ScaleResult]) -> list[str]:
    """The table (see module docstring): a row per step, three columns per scale."""
    names = [n for n in (*OURS, PELICAN_ROW, HUGO_ROW) if any(n in r.steps for r in results)]
    heads = [f"N×{r.scale:g}: {r.cases} cases, {r.records} records" for r in results]
    widths = [max(len(h), 27) for h in heads]
    first = max(len(n) for n in names)

    def line(label: str, cells: list[str]) -> str:
        row = [label.ljust(first), *(c.rjust(w) for c, w in zip(cells, widths, strict=True))]
        return " | ".join(row).rstrip()

    lines = [line("step", heads), line("", [f"{'s':>8} {'MB':>7} {'µs/case':>9}"] * len(results))]
    lines.append("-" * len(lines[0]))
    return lines + [line(name, [_cell(r, name) for r in results]) for name in names]


def reference(results: list[ScaleResult]) -> ScaleResult:
    """The result at N: scale 1, or the scale closest to it."""
    return min(results, key=lambda r: (abs(math.log(r.scale)), r.scale))


def ratio(ours: Measure | None, hugo: Measure | None) -> float | None:
    return ours.seconds / hugo.seconds if ours and hugo else None


def targets(results: list[ScaleResult], sync_alone: tuple[int, Measure] | None = None) -> list[str]:
    """PASS/FAIL lines for the targets (see module docstring)."""
    at_n = reference(results)
    hugo = at_n.steps.get(HUGO_ROW)
    full, update = ratio(at_n.steps[BUILD], hugo), ratio(at_n.steps[UPDATE], hugo)
    sync = at_n.steps[SYNC]
    largest = max(results, key=lambda r: r.records)
    checks: list[tuple[str, bool | None, str]] = [
        ("full build ≤ 1 × Hugo", None if full is None else full <= 1, _ratio_text(full)),
        (
            "daily update ≤ 0.2 × Hugo",
            None if update is None else update <= 0.2,
            _ratio_text(update),
        ),
        ("sync ≤ 10 s", sync.seconds <= 10, f"{sync.seconds:.2f} s"),
    ]
    records, sync_rss = largest.records, largest.steps[SYNC].rss_mb
    if sync_alone and sync_alone[0] > records:
        records, sync_rss = sync_alone[0], sync_alone[1].rss_mb
    checks.append(
        (
            "sync RSS < 300 MB at ≥ 100,000 records",
            sync_rss < 300 if records >= 100_000 else None,
            f"{sync_rss:.0f} MB at {records} records",
        )
    )
    for r in results:
        worst = max((m.rss_mb, n) for n, m in r.steps.items() if n in OURS and m)
        checks.append(
            (
                f"every step ≤ 1 GB at N×{r.scale:g}",
                worst[0] <= 1024,
                f"{worst[0]:.0f} MB ({worst[1]})",
            )
        )
    ordered = sorted(results, key=lambda r: r.cases)
    for small, big in itertools.pairwise(ordered):
        bound = big.cases * math.log(big.cases) / (small.cases * math.log(max(small.cases, 2)))
        for name in OURS:
            a, b = small.steps.get(name), big.steps.get(name)
            if a and b:
                grown = b.seconds / a.seconds
                label = f"growth ≤ N log N: {name}, N×{small.scale:g} → N×{big.scale:g}"
                checks.append((label, grown <= bound, f"×{grown:.2f} (bound ×{bound:.2f})"))
    if len(ordered) < 2:
        checks.append(("growth ≤ N log N", None, "needs two scales"))
    word = {True: "PASS", False: "FAIL", None: "n/a "}
    return [f"  {word[ok]}  {label}: {figure}" for label, ok, figure in checks]


def _ratio_text(value: float | None) -> str:
    return "Hugo not measured" if value is None else f"{value:.2f} × Hugo"


def summary(results: list[ScaleResult]) -> str:
    """The last line: ``full_vs_hugo=R1 update_vs_hugo=R2 sync_s=S peak_rss_mb=M``."""
    at_n = reference(results)
    hugo = at_n.steps.get(HUGO_ROW)
    full, update = ratio(at_n.steps[BUILD], hugo), ratio(at_n.steps[UPDATE], hugo)
    peak = max(m.rss_mb for n, m in at_n.steps.items() if n in OURS and m)

    def shown(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.2f}"

    return (
        f"full_vs_hugo={shown(full)} update_vs_hugo={shown(update)} "
        f"sync_s={at_n.steps[SYNC].seconds:.2f} peak_rss_mb={peak:.0f}"
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cases", type=int, help=f"N, published cases at scale 1 (default {DEFAULT_CASES})"
    )
    parser.add_argument("--scales", help="comma-separated multiples of N (default 0.25,1,4)")
    parser.add_argument(
        "--quick", action="store_true", help=f"smoke run: --cases {QUICK_CASES} --scales 1"
    )
    parser.add_argument(
        "--file-sync", action="store_true", help="also time `sync --input` (extra row)"
    )
    parser.add_argument(
        "--full-pull",
        action="store_true",
        help="also time `update --full` after the daily update (extra row)",
    )
    parser.add_argument(
        "--sync-records",
        type=int,
        help=f"also time the sync alone of this many records (default {SYNC_ALONE_RECORDS}; 0: no)",
    )
    parser.add_argument("--hugo", type=Path, default=HUGO, help=f"Hugo binary (default {HUGO})")
    parser.add_argument("--keep", type=Path, help="keep the work folders under this folder")
    args = parser.parse_args(argv)
    args.cases = args.cases or (QUICK_CASES if args.quick else DEFAULT_CASES)
    if args.sync_records is None:
        args.sync_records = 0 if args.quick else SYNC_ALONE_RECORDS
    text = args.scales or ("1" if args.quick else ",".join(f"{s:g}" for s in DEFAULT_SCALES))
    try:
        args.scales = sorted({float(s) for s in text.split(",") if s.strip()})
    except ValueError:
        parser.error(f"--scales: not a list of numbers: {text!r}")
    if not args.scales or min(args.scales) <= 0 or args.cases < 1:
        parser.error("--cases and every scale must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not (LAPOR_SITE.exists() and PELICAN.exists()):
        print(
            f"bench: no {LAPOR_SITE} or {PELICAN}: run it with the venv's Python", file=sys.stderr
        )
        return 2
    with tempfile.TemporaryDirectory(prefix="bench-calibrate-") as folder:
        share = published_share(Path(folder))
    print(f"published share of generated records: {share:.4f} (of {CALIBRATION_RECORDS})")
    results = []
    for scale in args.scales:
        cases = max(1, round(args.cases * scale))
        print(
            f"scale N×{scale:g}: {cases} cases, {records_for(cases, share)} records …", flush=True
        )
        try:
            results.append(run_scale(scale, cases, share, args))
        except BenchError as error:
            print(f"bench: scale N×{scale:g}: {error}", file=sys.stderr)
            return 1
    sync_alone = None
    if args.sync_records > 0:
        print(f"sync alone: {args.sync_records} records …", flush=True)
        sync_alone = (args.sync_records, run_sync_alone(args.sync_records, args))
    print()
    print("\n".join(table(results)))
    if sync_alone:
        count, alone = sync_alone
        figures = f"{alone.seconds:.2f} s, {alone.rss_mb:.0f} MB"
        print(f"sync alone (API, full): {count} records, {figures}")
    print(machine(args.hugo))
    print("peak RSS: ru_maxrss of the step's process and the children it waited for (largest one)")
    print("targets (at N; figures, not a gate):")
    print("\n".join(targets(results, sync_alone)))
    print(summary(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
