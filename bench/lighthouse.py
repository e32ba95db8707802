"""Lighthouse scores of the built site's key pages, as a phone sees them.

Run from the repository root after `make site` (or `make bench-lighthouse`):

    .venv/bin/python bench/lighthouse.py [--output output] [--pages / /statistik/]
        [--reports DIR] [--min-score 1.0] [--gzip]

Serves ``output/`` on 127.0.0.1 and runs Lighthouse (mobile, the default form
factor and simulated throttling) in headless Chromium on the home page, the
guide, the statistics page, one agency page and one case page, in Indonesian
and English. Prints the four category scores of each page and every audit
that did not pass, and exits with status 1 when a score is below
``--min-score``. The test server sends files as they are; ``--gzip``
compresses HTML, CSS and SVG as a production web server would.

Lighthouse is not a project dependency (package.json stays as it is, CI
never installs it): the first run installs the pinned version with npm into
``~/.cache/lapor-site/lighthouse-<version>`` (``--cache`` to move it). It
needs Node.js 18.20+ and Chromium at /usr/bin/chromium
(``apt-get install chromium``).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

LIGHTHOUSE_VERSION = "12.2.3"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run"
#: Audit results that are neither a pass nor a failure.
NOT_SCORED = {"notApplicable", "informative", "manual", "error"}
#: Types ``--gzip`` compresses.
COMPRESSED = {"text/html", "text/css", "image/svg+xml"}


def default_cache() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "lapor-site" / f"lighthouse-{LIGHTHOUSE_VERSION}"


def ensure_lighthouse(cache: Path) -> Path:
    """The Lighthouse CLI in ``cache``, installed with npm (exact version) if missing."""
    cli = cache / "node_modules" / ".bin" / "lighthouse"
    if not cli.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        print(f"installing lighthouse@{LIGHTHOUSE_VERSION} into {cache}", file=sys.stderr)
        subprocess.run(
            ["npm", "i", "-E", f"lighthouse@{LIGHTHOUSE_VERSION}", "--prefix", str(cache),
             "--no-audit", "--no-fund", "--loglevel=error"],
            check=True,
        )  # fmt: skip
    return cli


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _GzipHandler(_QuietHandler):
    """Compresses HTML, CSS and SVG with gzip, as a configured web server does."""

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        kind = self.guess_type(str(path))
        accepted = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepted and path.is_file() and kind in COMPRESSED):
            return super().send_head()  # folders without "/" are redirected there
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(directory: Path, compress: bool = False) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port); yields the base URL without ``/``."""
    handler_class = _GzipHandler if compress else _QuietHandler
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _first(site_dir: Path, pattern: str) -> str | None:
    found = sorted(p.parent for p in site_dir.glob(pattern) if p.parent.name != "page")
    return "/" + found[0].relative_to(site_dir).as_posix() + "/" if found else None


def key_pages(site_dir: Path) -> list[str]:
    """Home, guide, statistics, the first agency page and case page, then the English twins."""
    paths = ["/", "/cara-melapor/", "/statistik/"]
    paths += [p for p in (_first(site_dir, "instansi/*/index.html"),
                          _first(site_dir, "kasus/*/index.html")) if p]  # fmt: skip
    paths = [p for p in paths if (site_dir / p.lstrip("/") / "index.html").is_file()]
    english = [f"/en{p}" for p in paths]
    return paths + [p for p in english if (site_dir / p.lstrip("/") / "index.html").is_file()]


def run_lighthouse(cli: Path, url: str, report: Path) -> dict[str, Any]:
    """Lighthouse's JSON result for ``url`` (mobile), also written to ``report``."""
    subprocess.run(
        [str(cli), url, f"--chrome-path={CHROMIUM}", f"--chrome-flags={CHROME_FLAGS}",
         f"--only-categories={','.join(CATEGORIES)}", "--output=json",
         f"--output-path={report}", "--quiet"],
        check=True,
        env=dict(os.environ, CHROME_PATH=CHROMIUM),
    )  # fmt: skip
    return json.loads(report.read_text(encoding="utf-8"))


def scores(result: dict[str, Any]) -> dict[str, float | None]:
    """Category id -> score (0..1; None when Lighthouse could not score it)."""
    return {c: result["categories"][c]["score"] for c in CATEGORIES}


def failing_audits(result: dict[str, Any]) -> list[str]:
    """``category: audit id: title (score)`` for each scored audit below 1 in the categories."""
    failed = []
    for category in CATEGORIES:
        for ref in result["categories"][category]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if audit["scoreDisplayMode"] in NOT_SCORED or audit["score"] is None:
                continue
            if audit["score"] < 1 and (ref.get("weight") or category != "performance"):
                value = f" = {audit['displayValue']}" if audit.get("displayValue") else ""
                failed.append(f"{category}: {ref['id']}: {audit['title']}{value} "
                              f"(score {audit['score']:.2f})")  # fmt: skip
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "output", help="built site")
    parser.add_argument("--pages", nargs="*", help="URL paths (default: the key pages)")
    parser.add_argument("--cache", type=Path, default=default_cache(), help="Lighthouse install")
    parser.add_argument("--reports", type=Path, help="keep the JSON reports in this folder")
    parser.add_argument("--min-score", type=float, default=1.0)
    parser.add_argument(
        "--gzip", action="store_true", help="compress HTML, CSS and SVG like a production server"
    )
    args = parser.parse_args()
    if not (args.output / "index.html").is_file():
        print(f"{args.output}: no built site; run `make site` first", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).is_file():
        print(f"{CHROMIUM} not found: apt-get install -y chromium", file=sys.stderr)
        return 2
    cli = ensure_lighthouse(args.cache)
    pages = args.pages or key_pages(args.output.resolve())
    reports = args.reports or Path(tempfile.mkdtemp(prefix="lighthouse-"))
    reports.mkdir(parents=True, exist_ok=True)
    rows, failures = [], []
    with serve(args.output.resolve(), args.gzip) as base:
        for number, path in enumerate(pages):
            result = run_lighthouse(cli, base + path, reports / f"{number:02d}.json")
            rows.append((path, scores(result)))
            failures += [f"{path}: {line}" for line in failing_audits(result)]
            if result.get("runtimeError"):
                failures.append(f"{path}: runtime error {result['runtimeError']}")
    served = "gzip" if args.gzip else "uncompressed"
    print(f"Lighthouse {LIGHTHOUSE_VERSION}, mobile, Chromium {CHROMIUM}, {served}; "
          f"reports in {reports}")  # fmt: skip
    print(f"{'page':<48} " + " ".join(f"{c[:13]:>13}" for c in CATEGORIES))
    low = 0
    for path, page_scores in rows:
        cells = [f"{s * 100:>13.0f}" if s is not None else f"{'n/a':>13}"
                 for s in page_scores.values()]  # fmt: skip
        low += sum(1 for s in page_scores.values() if s is None or s < args.min_score)
        print(f"{path:<48} " + " ".join(cells))
    for line in failures:
        print(f"not passed: {line}")
    print(f"pages={len(rows)} scores_below_{args.min_score:g}={low}")
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
