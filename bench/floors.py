"""The parts of a sync and a build that no reuse can skip, each timed alone and from scratch.

Usage::

    .venv/bin/python bench/floors.py SITE [--records RECORDS.jsonl]

``SITE`` is a built site folder (for example the ``site`` of a
``bench/scale.py --keep`` run). Each part runs alone, one after the other, on
scratch copies (hard links) of ``SITE/output``; the site itself is only read.
For each part the script prints its wall time and its CPU time (user + system,
of this process and of the processes it waited for):

* ``validation`` (sync): reading and validating the records of ``--records`` (a
  JSON Lines export in the sync's canonical columns, such as the ``cases.jsonl``
  the scale benchmark writes): a local file, the cheapest source there is;
* ``redaction`` (sync): the anonymizer over those records, in this one process,
  with every reporter's name known, as in a sync;
* ``search`` (build): Pagefind over every page of the output
  (:func:`lapor_site.search.index_search` with no earlier bundles), as the
  first build of a site runs it.
* ``leak audit`` (build): :func:`lapor_site.audit.audit_tree` over every file
  of the output and of its search index, with no cache and no reporter values
  (a real build also checks the reporters' values: the figure is a lower bound).
* ``link check`` (build): :func:`lapor_site.linkcheck.check_links` with no cache.
* ``publish`` (update): what swapping a whole output in costs the file system:
  a staged copy of the output made of hard links, and removing the tree it
  replaces (an update pays it; a site's first build replaces nothing).

The last lines add up the CPU times of the sync's parts and of the build's, and
divide each sum by the usable cores: the least wall time those parts can take
on this machine, however well they overlap. They are floors, not predictions:
a sync also fetches, validates and writes; a build also renders the pages (see
the ``pages`` phase and the plain Pelican row of ``bench/scale.py``). The last
line is ``sync_floor_s=… build_floor_s=… cores=…`` (``n/a`` for the sync
without ``--records``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lapor_site.anonymize import Anonymizer  # noqa: E402
from lapor_site.audit import audit_tree  # noqa: E402
from lapor_site.build import allowed_values  # noqa: E402
from lapor_site.linkcheck import check_links  # noqa: E402
from lapor_site.model import Case  # noqa: E402
from lapor_site.search import index_search, is_search_file  # noqa: E402
from lapor_site.settings import Settings, load_settings, pseudonym_secret  # noqa: E402
from lapor_site.site import Site  # noqa: E402
from lapor_site.sources.file import FileSource  # noqa: E402
from lapor_site.trees import list_files, remove_tree  # noqa: E402
from lapor_site.validate import validate  # noqa: E402


@dataclass(frozen=True)
class Part:
    """One part's figures: what it did, wall and CPU seconds; the step that runs it."""

    name: str
    step: str
    wall: float
    cpu: float
    done: str


@contextmanager
def timed(into: dict[str, float]) -> Iterator[None]:
    """Wall and CPU seconds (self and waited-for children) of the block, into ``into``."""
    start, before = time.perf_counter(), os.times()
    yield
    after = os.times()
    into["wall"] = time.perf_counter() - start
    into["cpu"] = sum(
        getattr(after, name) - getattr(before, name)
        for name in ("user", "system", "children_user", "children_system")
    )


def measure(name: str, step: str, work: Callable[[], str]) -> Part:
    """Run ``work`` (it says what it did) and time it."""
    figures: dict[str, float] = {}
    with timed(figures):
        done = work()
    return Part(name, step, figures["wall"], figures["cpu"], done)


def hard_link_copy(source: Path, target: Path, keep: Callable[[str], bool]) -> int:
    """``target`` as a tree of hard links to the files of ``source`` that ``keep`` accepts."""
    count, folders = 0, set()
    for relative in list_files(source):
        if not keep(relative):
            continue
        path = target / relative
        if path.parent not in folders:  # each folder made once, as a staged output's are
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        os.link(source / relative, path)
        count += 1
    return count


def sync_parts(records: Path, settings: Settings) -> list[Part]:
    """Read and validate ``records``, then anonymize the valid ones: each timed alone."""
    cases: list[Case] = []

    def read() -> str:
        cases.extend(validate(FileSource(records).fetch()).cases)
        return f"{len(cases)} valid records read"

    reading = measure("validation", "sync", read)
    names = {c.identity.name for c in cases if c.identity and c.identity.name}
    anonymizer = Anonymizer(
        pseudonym_secret()[0],
        protected=settings.protected_words,
        known_names=names,
        known_labels={"region": settings.areas, "agency": settings.agencies},
    )

    def anonymize() -> str:
        for case in cases:
            anonymizer.anonymize(case)
        return f"{len(cases)} records anonymized"

    return [reading, measure("redaction", "sync", anonymize)]


def run(site: Site, records: Path | None, scratch: Path) -> list[Part]:
    """Time each part, one after the other, on hard-link copies of the output in ``scratch``."""
    output = site.output
    settings = load_settings(site.region_file)
    copy = scratch / "output"
    pages = hard_link_copy(output, copy, lambda relative: not is_search_file(relative))
    parts: list[Part] = []
    if records is not None:
        parts += sync_parts(records, settings)

    def search() -> str:
        bundles = index_search(
            copy,
            scratch / "search",
            bundle_pages=settings.search_bundle_pages,
            language=settings.language,
        )
        return f"{pages} files, {sum(map(len, bundles.values()))} bundles"

    def audit() -> str:
        findings = audit_tree(copy, allow=allowed_values(settings))
        return f"{len(list_files(copy))} files, {len(findings)} findings"

    def links() -> str:
        broken = check_links(copy, settings.site_url)
        return f"{len(broken)} broken"

    def publish() -> str:
        staged = scratch / "staged"
        count = hard_link_copy(copy, staged, lambda relative: True)
        remove_tree(staged)
        return f"{count} files linked and removed"

    for name, step, work in (
        ("search", "build", search),
        ("leak audit", "build", audit),
        ("link check", "build", links),
        ("publish", "update", publish),
    ):
        parts.append(measure(name, step, work))
    return parts


def report(parts: list[Part], cores: int) -> list[str]:
    rule = "-" * 72
    lines = [f"{'part':<11} | {'wall s':>8} | {'CPU s':>8} | {'step':<6} | what", rule]
    lines += [
        f"{p.name:<11} | {p.wall:8.2f} | {p.cpu:8.2f} | {p.step:<6} | {p.done}" for p in parts
    ]
    floors = {}
    for step in ("sync", "build"):
        ran = [p for p in parts if p.step == step]
        floors[step] = sum(p.cpu for p in ran) / cores if ran else None
    shown = {step: "n/a" if f is None else f"{f:.2f}" for step, f in floors.items()}
    sync = "not timed (no --records)" if floors["sync"] is None else f"{shown['sync']} s"
    lines += [
        rule,
        f"least wall time on {cores} cores (CPU ÷ cores), however well the parts overlap:",
        f"  sync, its validation and redaction alone: {sync}",
        f"  full build, its search, leak audit and link check alone: {shown['build']} s",
        f"sync_floor_s={shown['sync']} build_floor_s={shown['build']} cores={cores}",
    ]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path, help="a built site folder (its output/ is read)")
    parser.add_argument("--records", type=Path, help="JSON Lines records for the redaction part")
    args = parser.parse_args(argv)
    site = Site.at(args.site)
    if not (site.output / "index.html").is_file():
        parser.error(f"{site.output}: no built site (run `lapor-site build` first)")
    if args.records is not None and not args.records.is_file():
        parser.error(f"{args.records}: no such file")
    cores = len(os.sched_getaffinity(0))
    # Scratch beside the output: hard links need the same file system.
    scratch = Path(tempfile.mkdtemp(prefix=".floors-", dir=site.root))
    try:
        parts = run(site, args.records, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print("\n".join(report(parts, cores)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
