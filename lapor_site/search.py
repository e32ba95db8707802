"""The site search's index: Pagefind run over the built pages, in bundles of bounded size.

This module owns the search index of ``/cari/``. Only pages with
``data-pagefind-body`` (case and content pages) are indexed, one index per
``<html lang>``. :func:`index_search` runs before the leak audit and the link
check, so nothing is published that they have not seen: the index is derived
from the HTML they pass, and the audit reads its compressed files too
(:data:`lapor_site.audit.PROGRAM_FILES` aside, Pagefind's own code).

**Bundles.** Pagefind holds everything it indexes in memory, about 130 KB a
case page (2.6 GB for 20,000 English case pages), so a large site is indexed in several
runs of at most ``bundle_pages`` pages each. A site with no more HTML pages
than that (indexed or not) gets one bundle, ``pagefind/``. A larger one gets, for each
language, its pages cut into bundles by :func:`bundle_runs`: the first bundle of
the site's main language is ``pagefind/``, every other one
``pagefind-<lang>-<k>/`` beside it. ``pagefind/bundles.json`` maps each
language to its bundles (folders relative to the site root), and the search
page (``theme/static/js/cari.js``) merges those of its own language, so a
search in Indonesian never loads the English bundles.

**Cut by month, so an update re-indexes little.** A page that carries
Pagefind's own sort attribute with a date (``data-pagefind-sort="date:2026-03-05"``:
the case pages, dated by their resolution) belongs to that month. The pages
without one (guides, methodology) make bundles of their own, in path order;
then whole months, oldest first, fill bundles of at most ``bundle_pages``
(a month larger than that is cut into equal runs of its own), except the
:data:`RECENT_MONTHS` newest months, which fill bundles of their own the same
way. The cut depends only on the pages, never on an earlier build. New cases
fall in the newest month and follow-ups mostly change the cases of the month
before, so a daily update changes the small bundle of the recent months in
each language and leaves the older ones as they were; the bundle the older
months end with changes once a month, when a month stops being recent. The
price is one bundle more per language for a search to load.

**Side by side.** Bundles to be made that together hold at most ``bundle_pages``
pages (a daily update's recent months, one bundle per language) are indexed at
the same time, one Pagefind each: no more pages are in memory at once than in
one full bundle, and two runs finish sooner side by side than one after the
other (3.3 s against 4.7 s for two bundles of 1,400 pages, on 2 cores).

**Reuse.** ``memo`` (a file in the site's ``.state``) remembers, per bundle
folder, a digest of what it was made from (every page's path and bytes, the
program Pagefind runs, this module, and Pagefind's ``PAGEFIND_*`` variables and
configuration file) and of the files Pagefind wrote (names and
bytes). A bundle whose pages are unchanged is hard-linked from ``previous``
(the published output) instead of indexed again, when the folder there still
holds the files the memo names. The result is the same bytes either way. The
pages and the earlier bundles' files are hashed through a
:class:`~lapor_site.digests.DigestLedger`, so those it knows (hard links of the
published ones) are not read again, and the memo keeps each page's month,
language and whether it is indexed, by digest.

Pagefind names its files after their content and writes no timestamps, so the
same pages give the same bytes, but for the order of the languages in
``pagefind-entry.json`` (a hash map's), which is sorted here
(``tests/test_search.py`` builds twice and compares).
"""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import math
import os
import re
import shutil
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from lapor_site import cachefile
from lapor_site.digests import DigestLedger
from lapor_site.lifeline import child_command
from lapor_site.transaction import fault_point
from lapor_site.trees import list_files, remove_tree

#: The main bundle's folder, inside the output (the search page loads Pagefind's UI from there).
SEARCH_DIR = "pagefind"
#: The list of bundles per language, inside :data:`SEARCH_DIR`.
BUNDLES_FILE = "bundles.json"

_INDEXED = b"data-pagefind-body"
_HTML_LANG = re.compile(rb"<html\b[^>]*?\slang=\"([^\"]*)\"", re.IGNORECASE)
#: Bytes read to find ``<html lang>`` (it is in the first line of every page).
_HEAD_BYTES = 2048
#: A page's month, from Pagefind's sort attribute with a date value.
_SORT_MONTH = re.compile(rb"data-pagefind-sort=\"date:(\d{4}-\d{2})")
#: Version of the memo's format.
_MEMO_FORMAT = 2
#: The newest months of dated pages, which make bundles of their own (see "Cut by month").
RECENT_MONTHS = 2


class SearchIndexError(Exception):
    """Pagefind failed; the message is one line, safe to print."""


@dataclass(frozen=True)
class SearchPage:
    """One HTML page of the output: its path (relative), month ("" if undated) and digest."""

    path: str
    month: str
    digest: bytes


def index_search(
    output: Path,
    scratch: Path,
    *,
    bundle_pages: int,
    language: str,
    previous: Path | None = None,
    memo: Path | None = None,
    ledger: Path | None = None,
    listed: list[str] | None = None,
) -> dict[str, list[str]]:
    """Index the built pages under ``output``; return the bundles of each language.

    ``scratch`` is a folder this function may create and remove (on the same
    file system as ``output``, so the pages of a bundle are hard links there).
    ``bundle_pages`` is region.toml's ``[site] search_bundle_pages``, ``language``
    its ``[site] language``: the main language, whose first bundle is ``pagefind/``.
    ``previous`` is the published output, whose bundles are reused when the
    ``memo`` file says they were made from the same pages (see the module's docstring).
    ``ledger`` is a :class:`~lapor_site.digests.DigestLedger` file: the pages and
    the earlier bundles' files it knows are not read again, and the memo
    remembers what each page is (month, language, indexed) by its digest.
    ``listed`` is the files under ``output`` as :func:`lapor_site.trees.list_files`
    gave them just before (the leak audit's listing, :mod:`lapor_site.build`), if
    the caller has one: the tree is then not listed again.
    """
    paths = _html_files(output, listed)
    remembered, facts = _read_memo(memo)
    reader = _PageReader(DigestLedger(ledger, output), facts)
    maker = _maker() if memo is not None else None
    made: dict[str, dict[str, str]] = {}
    if len(paths) <= bundle_pages:
        # Pages are looked at only to tell whether the remembered bundle can be reused
        # (and so that the ledger keeps knowing them).
        pages = [reader.page(output, path)[0] for path in paths]
        inputs = _inputs_digest(maker, SEARCH_DIR, pages)
        indexed = not _reuse(previous, output, SEARCH_DIR, inputs, remembered, made, reader.ledger)
        if indexed:
            _run_pagefind([(output, output / SEARCH_DIR)])
            _remember(made, SEARCH_DIR, inputs, output / SEARCH_DIR, reader.ledger)
        bundles = {lang: [f"{SEARCH_DIR}/"] for lang in _entry_languages(output / SEARCH_DIR)}
    else:
        runs = bundle_runs(_indexable(output, paths, reader), bundle_pages, language)
        bundles = {}
        fresh = []
        for lang, folder, run in runs:
            bundles.setdefault(lang, []).append(f"{folder}/")
            inputs = _inputs_digest(maker, folder, run)
            if not _reuse(previous, output, folder, inputs, remembered, made, reader.ledger):
                fresh.append((folder, [page.path for page in run], inputs))
        _index_in_bundles(output, scratch, fresh, made, reader.ledger, bundle_pages)
        indexed = bool(fresh)
    text = json.dumps(bundles, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    (output / SEARCH_DIR / BUNDLES_FILE).write_text(text, encoding="utf-8", newline="")
    if memo is not None:
        record = {
            "format": _MEMO_FORMAT,
            "bundles": dict(sorted(made.items())),
            "facts_code": _module_digest(),
            "pages": dict(sorted(reader.seen.items())),
        }
        cachefile.save(memo, json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n")
    if indexed:
        # Only when the index changed: the ledger learns files as they settle, so an
        # update that changes nothing would otherwise still rewrite it.
        reader.ledger.save()
    return bundles


def is_search_file(relative: str) -> bool:
    """Whether a path relative to the output is in a bundle of the index (written here)."""
    top = relative.split("/", 1)[0]
    return top == SEARCH_DIR or top.startswith(f"{SEARCH_DIR}-")


def split_evenly(items: list, most: int) -> list[list]:
    """``items`` in order, cut into the fewest runs of at most ``most``, as equal as can be."""
    if not items:
        return []
    count = math.ceil(len(items) / most)
    size, extra = divmod(len(items), count)
    runs, start = [], 0
    for k in range(count):
        end = start + size + (1 if k < extra else 0)
        runs.append(items[start:end])
        start = end
    return runs


def bundle_runs(
    pages: dict[str, list[SearchPage]], bundle_pages: int, language: str
) -> list[tuple[str, str, list[SearchPage]]]:
    """(language, folder, pages) of each bundle: see "Cut by month" in the module's docstring.

    ``pages`` maps each language to its indexed pages in path order.
    """
    main = _language_key(language)  # region.toml may say "id-ID"; the pages' keys are lower case
    runs: list[tuple[str, str, list[SearchPage]]] = []
    for lang in sorted(pages, key=lambda lang: (lang != main, lang)):
        for k, run in enumerate(_month_runs(pages[lang], bundle_pages), 1):
            folder = SEARCH_DIR if not runs else f"{SEARCH_DIR}-{lang}-{k}"
            runs.append((lang, folder, run))
    return runs


def _month_runs(pages: list[SearchPage], most: int) -> list[list[SearchPage]]:
    months: dict[str, list[SearchPage]] = {}
    for page in pages:
        months.setdefault(page.month, []).append(page)
    runs = split_evenly(months.pop("", []), most)
    dated = sorted(months)
    cut = max(len(dated) - RECENT_MONTHS, 0)
    for span in (dated[:cut], dated[cut:]):
        runs += _filled(span, months, most)
    return runs


def _filled(
    span: list[str], months: dict[str, list[SearchPage]], most: int
) -> list[list[SearchPage]]:
    """The pages of the months ``span`` (in order): whole months fill runs of at most
    ``most``, and a month larger than that is cut into equal runs of its own."""
    runs: list[list[SearchPage]] = []
    filling: list[SearchPage] = []
    for month in span:
        group = months[month]
        if filling and len(filling) + len(group) > most:
            runs.append(filling)
            filling = []
        if len(group) > most:
            runs += split_evenly(group, most)
        else:
            filling += group
    if filling:
        runs.append(filling)
    return runs


def _index_in_bundles(
    output: Path,
    scratch: Path,
    runs: list[tuple[str, list[str], str | None]],
    made: dict[str, dict[str, str]],
    ledger: DigestLedger,
    most: int,
) -> None:
    """Run Pagefind once per (folder, pages, inputs digest) of ``runs``; record each in ``made``.

    Runs that together hold at most ``most`` pages are indexed at the same time, one
    Pagefind each (a daily update's small bundles of the recent months, one per
    language), so no more pages are held in memory at once than by one full bundle.
    """
    if not runs:
        return
    remove_tree(scratch, ignore_errors=True)
    waves = [
        [(scratch / f"{w}-{i}", *run) for i, run in enumerate(wave)]
        for w, wave in enumerate(_waves(runs, most))
    ]
    # While Pagefind indexes one wave, a thread links the next one's pages and
    # removes the last one's links (at 20,000 cases these took 12 s of the 64).
    try:
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="search-scratch") as helpers:
            prepared = helpers.submit(_mirror_wave, output, waves[0])
            removed = []
            for w, wave in enumerate(waves):
                prepared.result()
                if w + 1 < len(waves):
                    prepared = helpers.submit(_mirror_wave, output, waves[w + 1])
                _run_pagefind([(site, output / folder) for site, folder, _, _ in wave])
                for site, folder, _, inputs in wave:
                    _remember(made, folder, inputs, output / folder, ledger)
                    removed.append(helpers.submit(remove_tree, site, ignore_errors=True))
            for removal in removed:
                removal.result()
    finally:
        remove_tree(scratch, ignore_errors=True)


def _waves(runs: list[tuple[str, list[str], str | None]], most: int) -> list[list]:
    """``runs`` in order, cut into groups of consecutive runs of at most ``most`` pages together."""
    waves: list[list] = []
    size = 0
    for run in runs:
        if not waves or size + len(run[1]) > most:
            waves.append([])
            size = 0
        waves[-1].append(run)
        size += len(run[1])
    return waves


def _mirror_wave(output: Path, wave: list[tuple[Path, str, list[str], str | None]]) -> None:
    for site, _, pages, _ in wave:
        _mirror(output, site, pages)


def _mirror(output: Path, site: Path, pages: list[str]) -> None:
    """A folder ``site`` holding ``pages`` of ``output`` (hard links) at their own paths."""
    made: set[str] = set()
    for page in pages:
        target = os.path.join(site, page)
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        _link(os.path.join(output, page), target)


def _html_files(output: Path, listed: list[str] | None = None) -> list[str]:
    """Every HTML page under ``output``, relative, in path order.

    The names of the bundles (``pagefind/``, ``pagefind-*``) are this module's: an output
    that already holds one is refused, so the index never depends on what it held (a page
    there would be indexed in one bundle and skipped in several; a second run would write
    through the links of reused bundles).
    """
    taken = sorted(entry.name for entry in output.iterdir() if is_search_file(entry.name))
    if taken:
        raise SearchIndexError(
            f"search index: {taken[0]} is in the output already, and its name is reserved "
            f"for the search index ({SEARCH_DIR}/, {SEARCH_DIR}-*/); output not published"
        )
    return [path for path in (listed or list_files(output)) if path.endswith(".html")]


#: What the index needs to know of a page: its month ("" if undated), the language key
#: of its ``<html lang>``, and whether it has ``data-pagefind-body``.
PageFacts = tuple[str, str, bool]


def _page_facts(data: bytes) -> PageFacts:
    month = _SORT_MONTH.search(data)
    lang = _HTML_LANG.search(data[:_HEAD_BYTES])
    return (
        month.group(1).decode() if month else "",
        _language_key(lang.group(1).decode("ascii", "replace") if lang else ""),
        _INDEXED in data,
    )


class _PageReader:
    """Each page's digest and facts: from the ledger and the memo when the page is known
    there as it is now, else read. :attr:`seen` is what the memo keeps for the next run."""

    def __init__(self, ledger: DigestLedger, known: dict[str, PageFacts]) -> None:
        self.ledger, self.known = ledger, known
        self.seen: dict[str, PageFacts] = {}

    def page(self, output: Path, path: str) -> tuple[SearchPage, PageFacts]:
        full = os.path.join(output, path)
        digest = self.ledger.known_sha256(full)
        facts = self.known.get(digest.hex()) if digest is not None else None
        if digest is None or facts is None:
            data, digest = self.ledger.read_bytes(full)
            facts = _page_facts(data)
        self.seen[digest.hex()] = facts
        return SearchPage(path, facts[0], digest), facts


def _indexable(output: Path, paths: list[str], reader: _PageReader) -> dict[str, list[SearchPage]]:
    """The pages Pagefind indexes, by the language of ``<html lang>``: those with
    ``data-pagefind-body``, or every page when none has it (Pagefind's own rule)."""
    marked: dict[str, list[SearchPage]] = {}
    every: dict[str, list[SearchPage]] = {}
    for path in paths:
        page, (_, lang, indexed) = reader.page(output, path)
        every.setdefault(lang, []).append(page)
        if indexed:
            marked.setdefault(lang, []).append(page)
    return marked or every


def _language_key(lang: str) -> str:
    """A language tag as Pagefind names its index: lower case ("id-ID" is "id-id")."""
    return re.sub(r"[^a-z0-9-]", "", lang.lower()) or "unknown"  # Pagefind's name for none


#: Errors of os.link() that mean "no hard link here" (another file system, a file system
#: or a policy without them, too many links): the file is copied instead.
_NO_LINK = frozenset({errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP})


def _link(source: str | Path, target: str | Path) -> None:
    try:
        os.link(source, target)
    except OSError as error:
        if error.errno not in _NO_LINK:
            raise
        shutil.copyfile(source, target)


# ------------------------------------------------------------------ reuse of bundles


#: Asks the ``pagefind`` package which program ``python -m pagefind`` runs (its own
#: choice among pagefind_bin_extended, pagefind_bin and PATH), without running it.
_WHICH_PROGRAM = "from pagefind.service import _must_get_executable as e; print(e().resolve())"
#: Pagefind's configuration files, read from the working directory when present.
_PAGEFIND_CONFIGS = ("pagefind.json", "pagefind.yml", "pagefind.yaml", "pagefind.toml")


def _maker() -> bytes | None:
    """What a bundle's bytes depend on besides its pages: this code, the program Pagefind
    runs (its bytes), its ``PAGEFIND_*`` variables and its configuration file. None when
    the program cannot be found: then nothing is reused."""
    try:
        where = subprocess.run(
            [sys.executable, "-c", _WHICH_PROGRAM], capture_output=True, text=True, check=True
        ).stdout.strip()
        program = Path(where).read_bytes() if where else None
    except (OSError, subprocess.CalledProcessError):
        program = None
    if program is None:
        return None
    digest = hashlib.sha256(f"{_MEMO_FORMAT} {metadata.version('pagefind')}\0".encode())
    digest.update(bytes.fromhex(_module_digest()))
    digest.update(hashlib.sha256(program).digest())
    for name, value in sorted(os.environ.items()):
        if name.startswith("PAGEFIND_"):
            digest.update(f"{name}={value}\0".encode("utf-8", "surrogateescape"))
    for name in _PAGEFIND_CONFIGS:
        path = Path(name)
        if path.is_file():
            digest.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.digest()


def _inputs_digest(maker: bytes | None, folder: str, pages: list[SearchPage]) -> str | None:
    if maker is None:
        return None
    digest = hashlib.sha256(maker + folder.encode() + b"\0")
    for page in pages:
        digest.update(page.path.encode("utf-8", "surrogateescape") + b"\0" + page.digest)
    return digest.hexdigest()


def _remember(
    made: dict[str, dict[str, str]],
    folder: str,
    inputs: str | None,
    bundle: Path,
    ledger: DigestLedger,
) -> None:
    """Record a bundle Pagefind just wrote in the memo (if what it was made from is known)."""
    files = _files_digest(bundle, ledger) if inputs is not None else None
    if inputs is not None and files is not None:
        made[folder] = {"inputs": inputs, "files": files}


def _files_digest(bundle: Path, ledger: DigestLedger) -> str | None:
    """A digest of the names and bytes of the files of ``bundle`` (its bundle list aside);
    None if it holds anything but folders and regular files (never a bundle Pagefind wrote)."""
    found = []
    root = os.fspath(bundle)
    for folder, folders, files in os.walk(root):
        for name in folders + files:
            path = os.path.join(folder, name)
            mode = os.lstat(path).st_mode
            if stat.S_ISDIR(mode) and name in folders:
                continue
            if not stat.S_ISREG(mode):
                return None
            relative = path[len(root) + 1 :].replace(os.sep, "/")
            if relative != BUNDLES_FILE:
                found.append(f"{relative}\0{ledger.sha256(path).hex()}")
    return hashlib.sha256("\n".join(sorted(found)).encode("utf-8", "surrogateescape")).hexdigest()


def _read_memo(memo: Path | None) -> tuple[dict[str, dict[str, str]], dict[str, PageFacts]]:
    """The bundles the memo remembers, and the facts of pages by their digest (hex).

    Facts are kept only if this very module read them (a new version may read pages
    otherwise), and only in the shapes :func:`_page_facts` gives: a language key
    names bundle folders, so a forged one could name a folder outside the output.
    """
    try:
        record = json.loads(memo.read_text(encoding="utf-8")) if memo else {}
    except (OSError, ValueError, RecursionError):
        return {}, {}
    if not isinstance(record, dict) or record.get("format") != _MEMO_FORMAT:
        return {}, {}
    bundles, pages = record.get("bundles"), record.get("pages")
    if record.get("facts_code") != _module_digest() or not isinstance(pages, dict):
        pages = {}
    facts = {
        digest: (month, lang, indexed)
        for digest, value in pages.items()
        if isinstance(value, list) and len(value) == 3
        for month, lang, indexed in [value]
        if isinstance(month, str) and _MEMO_MONTH.fullmatch(month)
        and isinstance(lang, str) and _LANGUAGE_KEY.fullmatch(lang)
        and isinstance(indexed, bool)
    }  # fmt: skip
    return (bundles if isinstance(bundles, dict) else {}), facts


#: The shapes of a page's facts: a month ("" if undated) and a language key.
_MEMO_MONTH = re.compile(r"(?:[0-9]{4}-[0-9]{2})?")
_LANGUAGE_KEY = re.compile(r"[a-z0-9-]+")


@functools.lru_cache(maxsize=1)
def _module_digest() -> str:
    """The SHA-256 of this module, which makes the bundles and reads the facts of a page."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def _reuse(
    previous: Path | None,
    output: Path,
    folder: str,
    inputs: str | None,
    remembered: dict[str, dict[str, str]],
    made: dict[str, dict[str, str]],
    ledger: DigestLedger,
) -> bool:
    """Link bundle ``folder`` from ``previous`` if the memo says it was made from ``inputs``."""
    record = remembered.get(folder)
    if previous is None or inputs is None or not isinstance(record, dict):
        return False
    source = previous / folder
    if record.get("inputs") != inputs or not source.is_dir():
        return False
    files = _files_digest(source, ledger)
    if files is None or files != record.get("files"):
        return False
    root, target = os.fspath(source), os.path.join(output, folder)
    for directory, _, names in os.walk(root):
        inside = os.path.join(target, directory[len(root) + 1 :])
        if names:
            os.makedirs(inside, exist_ok=True)
        for name in names:
            if directory != root or name != BUNDLES_FILE:
                _link(os.path.join(directory, name), os.path.join(inside, name))
    made[folder] = {"inputs": inputs, "files": files}
    return True


def _run_pagefind(jobs: list[tuple[Path, Path]]) -> None:
    """Index each (site, bundle) of ``jobs``, all at the same time; raise if any failed."""
    # Through lapor_site.lifeline: Pagefind dies with this process, so a killed update
    # leaves nothing writing into the staged output.
    processes = []
    failures = []
    try:
        for site, bundle in jobs:
            command = [*child_command(), "pagefind", "--site", str(site)]
            command += ["--output-path", str(bundle), "--quiet"]
            process = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8"
            )
            processes.append(process)
            fault_point("search-running", child=process.pid)
        for process in processes:
            stdout, stderr = process.communicate()
            if process.returncode:
                failures.append((stderr or stdout).strip().splitlines()[-1:] or ["no output"])
    finally:
        for process in processes:  # only if this function is failing: none left running
            if process.poll() is None:
                process.kill()
                process.wait()
    if failures:
        raise SearchIndexError(
            f"search index: pagefind failed ({failures[0][0]}); output not published"
        )
    for _, bundle in jobs:
        _sort_entry(bundle / "pagefind-entry.json")


def _entry_languages(bundle: Path) -> list[str]:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sorted(entry.get("languages", {}))


def _sort_entry(path: Path) -> None:
    """Rewrite Pagefind's entry file with its languages in name order, compact as before."""
    entry = json.loads(path.read_text(encoding="utf-8"))
    entry["languages"] = dict(sorted(entry.get("languages", {}).items()))
    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8", newline="")
