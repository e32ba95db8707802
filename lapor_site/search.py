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
language, its pages in path order cut into equal runs: the first bundle of
the site's main language is ``pagefind/``, every other one
``pagefind-<lang>-<k>/`` beside it. ``pagefind/bundles.json`` maps each
language to its bundles (folders relative to the site root), and the search
page (``theme/static/js/cari.js``) merges those of its own language, so a
search in Indonesian never loads the English bundles.

Pagefind names its files after their content and writes no timestamps, so the
same pages give the same bytes, but for the order of the languages in
``pagefind-entry.json`` (a hash map's), which is sorted here
(``tests/test_search.py`` builds twice and compares).
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lapor_site.trees import remove_tree

#: The main bundle's folder, inside the output (the search page loads Pagefind's UI from there).
SEARCH_DIR = "pagefind"
#: The list of bundles per language, inside :data:`SEARCH_DIR`.
BUNDLES_FILE = "bundles.json"

_INDEXED = b"data-pagefind-body"
_HTML_LANG = re.compile(rb"<html\b[^>]*?\slang=\"([^\"]*)\"", re.IGNORECASE)
#: Bytes read to find ``<html lang>`` (it is in the first line of every page).
_HEAD_BYTES = 2048


class SearchIndexError(Exception):
    """Pagefind failed; the message is one line, safe to print."""


def index_search(
    output: Path, scratch: Path, *, bundle_pages: int, language: str
) -> dict[str, list[str]]:
    """Index the built pages under ``output``; return the bundles of each language.

    ``scratch`` is a folder this function may create and remove (on the same
    file system as ``output``, so the pages of a bundle are hard links there).
    ``bundle_pages`` is region.toml's ``[site] search_bundle_pages``, ``language``
    its ``[site] language``: the main language, whose first bundle is ``pagefind/``.
    """
    pages = _html_files(output)
    if len(pages) <= bundle_pages:
        _run_pagefind(output, output / SEARCH_DIR)
        languages = _entry_languages(output / SEARCH_DIR)
        bundles = {lang: [f"{SEARCH_DIR}/"] for lang in languages}
    else:
        indexable = _indexable(output, pages)
        bundles = _index_in_bundles(output, scratch, indexable, bundle_pages, language)
    text = json.dumps(bundles, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    (output / SEARCH_DIR / BUNDLES_FILE).write_text(text, encoding="utf-8", newline="")
    return bundles


def is_search_file(relative: str) -> bool:
    """Whether a path relative to the output is in a bundle of the index (written here)."""
    top = relative.split("/", 1)[0]
    return top == SEARCH_DIR or top.startswith(f"{SEARCH_DIR}-")


def split_evenly(items: list[str], most: int) -> list[list[str]]:
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


def _index_in_bundles(
    output: Path, scratch: Path, pages: dict[str, list[str]], bundle_pages: int, language: str
) -> dict[str, list[str]]:
    main = _language_key(language)  # region.toml may say "id-ID"; the pages' keys are lower case
    order = sorted(pages, key=lambda lang: (lang != main, lang))
    bundles: dict[str, list[str]] = {}
    runs: list[tuple[str, list[str]]] = []
    for lang in order:
        for k, run in enumerate(split_evenly(pages[lang], bundle_pages), 1):
            folder = SEARCH_DIR if not bundles else f"{SEARCH_DIR}-{lang}-{k}"
            bundles.setdefault(lang, []).append(f"{folder}/")
            runs.append((folder, run))
    if not runs:
        return bundles
    remove_tree(scratch, ignore_errors=True)
    # While Pagefind indexes one bundle, a thread links the next one's pages and
    # removes the last one's links (at 20,000 cases these took 12 s of the 64).
    try:
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="search-scratch") as helpers:
            sites = [scratch / str(i) for i in range(len(runs))]
            prepared = helpers.submit(_mirror, output, sites[0], runs[0][1])
            removed = []
            for i, (folder, _) in enumerate(runs):
                prepared.result()
                if i + 1 < len(runs):
                    prepared = helpers.submit(_mirror, output, sites[i + 1], runs[i + 1][1])
                _run_pagefind(sites[i], output / folder)
                removed.append(helpers.submit(remove_tree, sites[i], ignore_errors=True))
            for removal in removed:
                removal.result()
    finally:
        remove_tree(scratch, ignore_errors=True)
    return bundles


def _mirror(output: Path, site: Path, pages: list[str]) -> None:
    """A folder ``site`` holding ``pages`` of ``output`` (hard links) at their own paths."""
    for page in pages:
        _link(output / page, site / page)


def _html_files(output: Path) -> list[str]:
    """Every HTML page under ``output``, relative, in path order (no Pagefind bundle)."""
    found = []
    for folder, dirs, files in os.walk(output):
        relative = Path(folder).relative_to(output)
        if relative == Path("."):
            dirs[:] = [d for d in dirs if not is_search_file(d)]
        found += [(relative / f).as_posix() for f in files if f.endswith(".html")]
    return sorted(found)


def _indexable(output: Path, pages: list[str]) -> dict[str, list[str]]:
    """The pages Pagefind indexes, by the language of ``<html lang>``: those with
    ``data-pagefind-body``, or every page when none has it (Pagefind's own rule)."""
    marked: dict[str, list[str]] = {}
    every: dict[str, list[str]] = {}
    for page in pages:
        data = (output / page).read_bytes()
        found = _HTML_LANG.search(data[:_HEAD_BYTES])
        lang = _language_key(found.group(1).decode("ascii", "replace") if found else "")
        every.setdefault(lang, []).append(page)
        if _INDEXED in data:
            marked.setdefault(lang, []).append(page)
    return marked or every


def _language_key(lang: str) -> str:
    """A language tag as Pagefind names its index: lower case ("id-ID" is "id-id")."""
    return re.sub(r"[^a-z0-9-]", "", lang.lower()) or "unknown"  # Pagefind's name for none


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or no hard links there
        shutil.copyfile(source, target)


def _run_pagefind(site: Path, bundle: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site)]
    command += ["--output-path", str(bundle), "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", check=False)
    if result.returncode:
        last = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise SearchIndexError(f"search index: pagefind failed ({last[0]}); output not published")
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
