"""Build: run Pelican over a site folder into a staged output, then check it.

:func:`build` assembles the content Pelican reads (the site's ``pages/`` and
``extra/``, or the installation's defaults, plus a generated tree), passes
the region as Pelican settings, renders into a staged folder and runs the
checks every publication needs: the leak audit and the site's own links
(:mod:`lapor_site.linkcheck`). Making the result public is the caller's
transaction (:mod:`lapor_site.transaction`).

A production build (``production=True``, or a settings file that sets
``LAPOR_PRODUCTION = True`` such as ``publishconf.py``) links from the
region's public URL and is refused for content whose ids were made with the
public demo key or with another key than the current secret.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

from lapor_site import cachefile
from lapor_site.anonymize import key_check
from lapor_site.audit import audit_tree
from lapor_site.linkcheck import check_links
from lapor_site.pipeline import read_provenance
from lapor_site.search import SearchIndexError, index_search, is_search_file
from lapor_site.settings import SECRET_ENV, Settings, pseudonym_secret
from lapor_site.site import INSTALL_ROOT, SCRATCH_PREFIX, Site
from lapor_site.timing import Timings
from lapor_site.trees import remove_tree


class BuildError(Exception):
    """The build failed; the message is one line, safe to print.

    ``details`` (for example the leak audit's findings: file, line, kind) are
    printed before it.
    """

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.details = details or []


class _ErrorCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        # Pelican logs an unresolved {filename}/{static} link only as a warning.
        if record.levelno >= logging.ERROR or "Unable to find" in message:
            self.errors.append(message)


def allowed_values(settings: Settings) -> list[str]:
    """Contact details the site publishes on purpose, which the leak audit must accept."""
    official = settings.official
    return [
        *(v for v in settings.contact.values() if v),
        official.sms,
        official.twitter,
        f"@{official.twitter}",
    ]


def _assemble_content(site: Site, generated: Path, folder: Path) -> Path:
    """A content folder for Pelican: the site's own content with ``generated`` swapped in."""
    content = folder / "content"
    content.mkdir()
    names = {"pages", "extra"}
    if site.content.is_dir():
        names |= {p.name for p in site.content.iterdir() if not p.name.startswith(".")}
    names.discard("generated")
    for name in sorted(names):
        source = site.content / name
        source = source if source.exists() else site.content_dir(name)
        if source.exists():
            (content / name).symlink_to(source.resolve())
    if generated.is_dir():
        (content / "generated").symlink_to(generated.resolve())
    return content


def pelican_settings(
    conf: Path, settings: Settings, overrides: dict[str, Any], production: bool = False
) -> dict[str, Any]:
    """Pelican's settings from ``conf``, the region's values and ``overrides``."""
    from pelican.settings import read_settings

    base = {
        "LAPOR": settings,
        "SITENAME": settings.title,
        "TIMEZONE": settings.timezone,
        "DEFAULT_PAGINATION": settings.cases_per_page,
        "LAPOR_SITE_URL": settings.site_url,
        **overrides,
    }
    chosen = read_settings(str(conf), override=base)
    if production or chosen.get("LAPOR_PRODUCTION"):
        base |= {"SITEURL": settings.site_url, "RELATIVE_URLS": False, "LAPOR_PRODUCTION": True}
        chosen = read_settings(str(conf), override=base)
    return chosen


def check_provenance(generated: Path) -> None:
    """Refuse a production build of content whose ids the current secret did not make."""
    key, demo = pseudonym_secret()
    if demo:
        raise BuildError(
            f"a production build needs {SECRET_ENV} (README, 'Running it for real'); "
            "nothing published"
        )
    made = read_provenance(generated)
    if not made:
        raise BuildError(f"{generated}: no generated content to publish; run `lapor-site sync`")
    if made.get("demo_key") or made.get("key_check") != key_check(key):
        which = "the public demo key" if made.get("demo_key") else f"another {SECRET_ENV}"
        raise BuildError(
            f"the case ids in {generated} were made with {which}; run `lapor-site sync --full` "
            f"with this {SECRET_ENV} before a production build; nothing published"
        )


def run_pelican(pelican_settings: dict[str, Any]) -> None:
    from pelican import Pelican

    counter = _ErrorCounter()
    logging.getLogger("pelican").addHandler(counter)
    try:
        Pelican(pelican_settings).run()
    finally:
        logging.getLogger("pelican").removeHandler(counter)
    if counter.errors:
        raise BuildError(f"Pelican reported {len(counter.errors)} error(s): {counter.errors[0]}")


#: Pelican's reader cache (converted Markdown by file hash), in the site's .state.
READER_CACHE_DIR = "pelican-cache"
#: What Pelican's readers depend on besides the file: their code and the Markdown library.
READER_CODE = ("lapor_site", "plugins")


def reader_cache(state_dir: Path, conf: Path, settings: Settings, production: bool) -> Path:
    """Pelican's reader cache for this configuration, in ``.state/pelican-cache/<digest>``.

    Pelican checks a cached file's hash but not the settings it was read with
    (time zone, Markdown extensions, metadata processing), so each
    configuration and code version gets a folder of its own; older ones are removed.
    """
    digest = hashlib.sha256(conf.read_bytes())
    digest.update(f"{settings!r}|{production}|{sys.version}".encode())
    for package in ("pelican", "markdown"):
        digest.update(f"{package}={metadata.version(package)}".encode())
    for name in READER_CODE:
        for path in sorted((INSTALL_ROOT / name).rglob("*.py")):
            digest.update(path.read_bytes())
    caches = state_dir / READER_CACHE_DIR
    folder = caches / digest.hexdigest()[:24]
    if caches.is_dir():
        for old in caches.iterdir():
            if old != folder:
                remove_tree(old, ignore_errors=True)
    return folder


#: Beside each kept reader cache file: the content folder its keys are under.
_CACHE_ROOT_SUFFIX = ".root"
#: What reading a damaged or foreign cache file may raise.
_UNREADABLE_CACHE = (
    OSError, ValueError, TypeError, EOFError, AttributeError, ImportError, pickle.UnpicklingError
)  # fmt: skip


def _cache_root(kept: Path) -> str | None:
    """The content folder the keys of the kept cache file ``kept`` are under; ``None``
    for keys relative to it (a cache kept before the folder was recorded)."""
    try:
        return kept.with_name(kept.name + _CACHE_ROOT_SUFFIX).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None  # none, or damaged (not UTF-8): the keys are moved, or only miss


def _load_reader_cache(kept: Path, scratch: Path, content: Path) -> None:
    """Give Pelican its reader cache in ``scratch``, keyed by paths under ``content``.

    Pelican keys the cache by absolute file path. A kept file whose keys are under
    ``content`` already (the same site folder as last time) is copied as it is; one
    kept under another folder (the site folder was moved or copied, or a CI runner
    restored ``.state/`` elsewhere) has its keys moved under ``content``.
    """
    scratch.mkdir()
    for path in sorted(kept.glob("*")) if kept.is_dir() else []:
        if path.name.endswith((_CACHE_ROOT_SUFFIX, cachefile.PARTIAL_SUFFIX)):
            continue
        root = _cache_root(path)
        if root == str(content):
            (scratch / path.name).write_bytes(path.read_bytes())  # Pelican rewrites it
            continue
        try:
            entries = _relative(pickle.loads(path.read_bytes()), root)
        except _UNREADABLE_CACHE:
            continue  # a damaged file: Pelican reads the content again
        moved = {str(content / name): entry for name, entry in entries.items()}
        (scratch / path.name).write_bytes(pickle.dumps(moved))


def _relative(entries: dict[str, Any], root: str | None) -> dict[str, Any]:
    """Cache entries keyed by paths relative to ``root`` (``None``: they are already)."""
    if root is None:
        return dict(entries)
    return {os.path.relpath(name, root): entry for name, entry in entries.items()}


def _keep_reader_cache(written: Path, kept: Path, content: Path) -> None:
    """Keep Pelican's cache file ``written`` (keys under ``content``) unless ``kept`` holds
    the same entries.

    The same entries do not always pickle to the same bytes (a freshly read
    entry and a reloaded one share strings differently), so differing bytes are
    compared as data: an update that changes nothing leaves the file untouched,
    in a moved site folder too (whose cache keeps its keys until something changes).
    """
    data = written.read_bytes()
    root = _cache_root(kept)
    try:
        before = kept.read_bytes()
        if root == str(content):
            if before == data or pickle.loads(before) == pickle.loads(data):
                return
        elif _relative(pickle.loads(before), root) == _relative(pickle.loads(data), str(content)):
            return
    except _UNREADABLE_CACHE:
        pass
    # The folder first: if the run stops between the two, the keys only miss.
    cachefile.save(kept.with_name(kept.name + _CACHE_ROOT_SUFFIX), str(content))
    cachefile.save_bytes(kept, data)


#: plugins/lapor_reuse's memo: render keys and the bytes they gave, in the site's .state.
RENDER_MEMO_FILE = "render-memo.json"


def _previous_output(site: Site, output: Path) -> Path | None:
    """The published output to reuse pages and search bundles from, if there is one
    besides ``output``."""
    published = site.output
    if published.is_dir() and published.resolve() != output.resolve():
        return published
    return None


#: The leak audit's memory of files it found clean (by content hash), in the site's .state.
AUDIT_CACHE_FILE = "audit-cache.bin"
#: The site search's memory of what each bundle was made from, in the site's .state.
SEARCH_MEMO_FILE = "search-memo.json"
#: The link check's memory of each page's links (by content hash), in the site's .state.
LINK_CACHE_FILE = "link-cache.json"
#: The SHA-256 of the output's files by inode (lapor_site.digests), in the site's .state.
DIGESTS_FILE = "file-digests.bin"
#: plugins/lapor_seo's memo: whether a page may be indexed, by its digest.
SITEMAP_MEMO_FILE = "sitemap-memo.json"


def build(
    site: Site,
    settings: Settings,
    output: Path,
    *,
    generated: Path | None = None,
    conf: Path | None = None,
    production: bool = False,
    identity_values: Iterable[str] = (),
    timings: Timings | None = None,
) -> int:
    """Build ``site`` into the fresh folder ``output``; return the number of HTML pages.

    ``generated`` is the generated tree to build from (default: the site's
    ``content/generated``; a staged tree during an update). The result has
    passed the leak audit and the link check, or :class:`BuildError` is raised.
    The wall time of each phase (pages, search, audit, links) is added to ``timings``.
    """
    timings = timings or Timings()
    generated = generated or site.generated
    made = read_provenance(generated)
    state_dir = site.state_dir
    state_dir.mkdir(parents=True, exist_ok=True)
    # One fixed scratch path (the site is locked): Pelican's reader cache is keyed by
    # file path, so the case files must be at the same paths in every build.
    folder = state_dir / f"{SCRATCH_PREFIX}content"
    remove_tree(folder, ignore_errors=True)
    folder.mkdir()
    conf = (conf or site.pelican_conf).resolve()
    # Pelican rewrites its cache files at every run: it works on a copy, and only
    # changed files go back (an update that changes nothing touches nothing).
    kept_cache = reader_cache(state_dir, conf, settings, production)
    scratch_cache = folder / READER_CACHE_DIR
    previous = _previous_output(site, output)
    try:
        content = _assemble_content(site, generated, folder)
        _load_reader_cache(kept_cache, scratch_cache, content)
        overrides = {
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "LAPOR_SAMPLE_DATA": bool(made.get("sample_data")),
            # plugins/lapor_reuse: unchanged case pages come from the published output.
            "LAPOR_REUSE_MEMO": str(state_dir / RENDER_MEMO_FILE),
            "LAPOR_REUSE_FROM": str(previous) if previous else None,
            "LAPOR_REUSE_LEDGER": str(state_dir / DIGESTS_FILE),
            # plugins/lapor_seo: whether each known page may be indexed, by digest.
            "LAPOR_SEO_MEMO": str(state_dir / SITEMAP_MEMO_FILE),
            # Pelican's reader cache: a file whose SHA-256 is unchanged is not converted
            # again (CHECK_MODIFIED_METHOD is "sha256" in pelicanconf.py).
            "CACHE_CONTENT": True,
            "LOAD_CONTENT_CACHE": True,
            "CONTENT_CACHING_LAYER": "reader",
            "GZIP_CACHE": False,
            "CACHE_PATH": str(scratch_cache),
        }
        chosen = pelican_settings(conf, settings, overrides, production)
        if chosen.get("LAPOR_PRODUCTION"):
            check_provenance(generated)
        with timings.phase("pages"):
            run_pelican(chosen)
        for path in sorted(scratch_cache.glob("*")):
            _keep_reader_cache(path, kept_cache / path.name, content)
    finally:
        remove_tree(folder, ignore_errors=True)

    html_pages = 0

    def search(listed: list[str]) -> None:
        nonlocal html_pages
        # Pagefind writes no HTML page: the pages built are those listed before it ran.
        html_pages = sum(1 for relative in listed if relative.endswith(".html"))
        with timings.phase("search"):
            index_search(
                output,
                state_dir / f"{SCRATCH_PREFIX}search",
                bundle_pages=settings.search_bundle_pages,
                language=settings.language,
                previous=previous,
                memo=state_dir / SEARCH_MEMO_FILE,
                ledger=state_dir / DIGESTS_FILE,
                listed=listed,
            )

    # The audit scans the pages while Pagefind indexes them (Pagefind keeps about
    # one and a half cores busy), then the index it wrote: "search" and "audit"
    # overlap in the time line.
    # The audit's digests spare the link check reading the pages it passed.
    digests: dict[str, str] = {}
    with timings.phase("audit"):
        try:
            findings = audit_tree(
                output,
                identity_values,
                allow=allowed_values(settings),
                cache=state_dir / AUDIT_CACHE_FILE,
                secret=pseudonym_secret()[0],
                alongside=search,
                written_after=is_search_file,
                digests=digests,
            )
        except SearchIndexError as error:
            raise BuildError(str(error)) from error
    if findings:
        raise BuildError(
            f"leak audit: {len(findings)} possible personal data item(s); output not published",
            [f"  {f.path}:{f.line}: {f.kind}" for f in findings[:20]],
        )
    with timings.phase("links"):
        broken = check_links(
            output, chosen["SITEURL"], cache=state_dir / LINK_CACHE_FILE, digests=digests
        )
    if broken:
        raise BuildError(
            f"link check: {len(broken)} broken link(s) in the site; output not published",
            [f"  {b}" for b in broken[:20]],
        )
    return html_pages
