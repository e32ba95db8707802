"""Build benchmark: sync and Pelican build times on the bundled sample, and what
the reusing Markdown reader (plugins/lapor_markdown) saves.

Run from the repository root after `make site`:

    .venv/bin/python bench/build.py [--runs 3]

Prints the best of N wall-clock times; no thresholds (figures, not tests).
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lapor_site.build import pelican_settings  # noqa: E402
from lapor_site.pipeline import SyncOptions, sync  # noqa: E402
from lapor_site.settings import load_settings  # noqa: E402
from lapor_site.sources.file import FileSource  # noqa: E402

SETTINGS = load_settings(ROOT / "region.toml")


def best(runs: int, action) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def pelican_build(output: Path, plugins: list[str]) -> None:
    from pelican import Pelican

    overrides = {"PATH": str(ROOT / "content"), "OUTPUT_PATH": str(output), "PLUGINS": plugins}
    Pelican(pelican_settings(ROOT / "pelicanconf.py", SETTINGS, overrides)).run()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    sample = ROOT / "data" / "sample" / "cases.jsonl"
    options = SyncOptions(sample=True)
    with tempfile.TemporaryDirectory() as tmp:
        targets = (Path(tmp) / f"generated-{n}" for n in range(args.runs))
        tracemalloc.start()
        sync_time = best(
            args.runs, lambda: sync(FileSource(sample), SETTINGS, next(targets), options=options)
        )
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        cases = len(list((Path(tmp) / "generated-0").glob("kasus/*.md")))
    print(f"sync of {sample.name}: {sync_time:.2f} s (best of {args.runs}), "
          f"peak Python memory {peak / 2**20:.0f} MiB, {cases} case files")  # fmt: skip
    if not (ROOT / "content" / "generated" / "kasus").is_dir():
        print("no content/generated: run `make site` first for the build figures")
        return
    full = ["lapor_markdown", "lapor_pages", "lapor_stats", "lapor_feeds"]
    for label, plugins in (("reusing Markdown reader", full), ("Pelican's reader", full[1:])):
        output = Path(tempfile.mkdtemp())
        try:
            seconds = best(args.runs, lambda out=output, p=plugins: pelican_build(out, p))
            pages = sum(1 for _ in output.rglob("*.html"))
        finally:
            shutil.rmtree(output)
        print(f"Pelican build, {label}: {seconds:.2f} s for {pages} pages (best of {args.runs})")


if __name__ == "__main__":
    main()
