"""lapor_reuse: take unchanged case pages from the last build instead of rendering them.

A daily update adds a few dozen cases to a site of tens of thousands, yet
Pelican renders every case page again (in both languages), which is most of a
build. This plugin gives Pelican a writer (the ``get_writer`` signal) that, for
every page written for one article, computes a *render key*: a SHA-256 of

* the code that renders: every file of the theme (templates, translations),
  of the plugins and of the ``lapor_site`` package, and the versions of
  the renderers (:data:`PACKAGES`: Pelican, Jinja2, Markdown, Babel,
  MarkupSafe; Pillow, reportlab and segno for painted files; feedgen, lxml
  and holidays for feeds);
* the site's settings as Pelican read them, before any plugin added build
  data to them, as plain data (:data:`IGNORED_SETTINGS`, the build's own
  folders, left out);
* every name the page's templates looked up while rendering, with its value.
  The names are recorded by a Jinja context class (Jinja resolves every name a
  template frame uses when the frame starts, whichever branch is then taken),
  and their union over every render of that template is remembered. The
  article counts with its metadata, its attributes and its HTML (with its
  ``{filename}``, ``{static}`` and ``{attach}`` links resolved when it has any:
  they lead elsewhere when the page linked to moves); an object in
  the context that has a ``page_digest(article)`` method (``LISTINGS``) counts
  with what that method returns, which is what a page can see of it.

A memo in the site's ``.state`` maps render keys to the SHA-256 of the bytes
they rendered. A page whose key is in the memo, and whose previously published
file still has those bytes, is hard-linked from the previous output (copied
where a link is impossible); every other page is rendered as usual. A memo
entry is a fact about rendering ("these inputs give these bytes"), so it stays
true whether or not the build that wrote it was published, and the output is
byte-identical to a clean build (``test_lapor_reuse.py`` checks this after
random changes).

Files a plugin makes from data rather than through a template (the outreach
kits' PDF, PNG and SVG: ``lapor_kit``; the Atom and RSS feeds: ``lapor_feeds``)
use the same memo through
:meth:`ReusingWriter.previous_files` and :meth:`ReusingWriter.remember_files`:
the key is the code, the settings, the folder, the file names and a
fingerprint of the plugin's inputs (a kit's drawings, a feed's items), and the files are linked
only if they all still hold the bytes remembered.

Articles, paginators and dataclass instances are described once per build
(by identity): they must not change while pages are written, which holds for
Pelican's content and for the objects the project's plugins prepare before
writing (``lapor_listings``' groups and pages).

A value the key cannot describe (an object with no plain-data form) turns
reuse off for that template, with a warning: the page is then always
rendered. A template global that reads build data hidden in a closure (not
settings, not a name the template looks up) would escape the key: give such
data to templates as a context name instead.

Settings (none of them is needed for a plain Pelican build):

``LAPOR_REUSE_FROM`` (default ``None``)
    The previous output folder. ``None`` turns reuse off; the writer then only
    records the memo, so the next build can reuse.
``LAPOR_REUSE_MEMO`` (default ``None``)
    The memo file. ``None`` turns the plugin off entirely.
``LAPOR_REUSE_LEDGER`` (default ``None``)
    A :class:`lapor_site.digests.DigestLedger` file: a previous page it knows as
    it is now is not read again to check its bytes. ``None``: every page is read.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import hashlib
import json
import logging
import os
import re
import shutil
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from importlib import metadata
from json.encoder import encode_basestring_ascii as _quoted
from pathlib import Path, PurePath
from typing import Any

from jinja2.runtime import Context, Undefined
from pelican import signals
from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import Writer

import lapor_site
from lapor_site import cachefile
from lapor_site.digests import DigestLedger

logger = logging.getLogger(__name__)

MEMO_VERSION = 1
#: Settings that name the build's own folders or this plugin's files; they never change a page.
IGNORED_SETTINGS = frozenset(
    {
        "PATH",
        "OUTPUT_PATH",
        "CACHE_PATH",
        "LAPOR_REUSE_FROM",
        "LAPOR_REUSE_MEMO",
        "LAPOR_REUSE_LEDGER",
        "LAPOR_SEO_MEMO",  # plugins/lapor_seo's memo: where it is, not what pages show
    }
)
#: Article attributes that are not the article's own data: the whole settings and
#: context (counted elsewhere), where its file lies, and links to other objects.
IGNORED_ATTRIBUTES = frozenset(
    {"settings", "_context", "source_path", "relative_dir", "translations", "_summary"}
)
#: The renderers whose version is part of every key: pages, and files made from data
#: (the outreach kits' PDF, PNG and QR codes, through :meth:`ReusingWriter.previous_files`).
PACKAGES = (
    "pelican", "jinja2", "markdown", "babel", "markupsafe",
    "pillow", "reportlab", "segno", "feedgen", "lxml", "holidays",
)  # fmt: skip
MISSING = "<missing>"
#: Where an article's state holds its HTML with intrasite links resolved (not an attribute name).
RESOLVED_CONTENT = "<resolved content>"
PAGINATION_CACHES = frozenset({"settings", "_num_pages", "_count"})

_recording: set[str] | None = None


class RecordingContext(Context):
    """A Jinja context that notes every name a template looks up, while a render is recorded."""

    def resolve_or_missing(self, key: str) -> Any:
        if _recording is not None:
            _recording.add(key)
        return super().resolve_or_missing(key)


@contextmanager
def recording() -> Iterator[set[str]]:
    """The names looked up by the templates rendered inside the ``with`` block."""
    global _recording
    outer, _recording = _recording, set()
    try:
        yield _recording
    finally:
        names, _recording = _recording, outer
        if outer is not None:
            outer.update(names)


class Unkeyable(TypeError):
    """A value with no plain-data form, which a render key cannot describe."""


def fingerprint(value: Any, depth: int = 0) -> str:
    """A stable text form of ``value``: equal forms for equal data, across runs."""
    if depth > 40:
        raise Unkeyable("nested too deeply")
    inner = depth + 1
    if value is None or isinstance(value, (bool, int, float)):
        return repr(value)
    if isinstance(value, str):
        return _quoted(str(value))  # json.dumps(value), without its overhead
    if isinstance(value, bytes):
        return "b" + hashlib.sha256(value).hexdigest()
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(fingerprint(item, inner) for item in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(fingerprint(item, inner) for item in value)) + "}"
    if isinstance(value, Mapping):
        pairs = sorted((fingerprint(k, inner), fingerprint(v, inner)) for k, v in value.items())
        return "{" + ",".join(f"{k}:{v}" for k, v in pairs) + "}"
    if isinstance(value, (datetime.date, datetime.time)):
        zone = getattr(value, "tzinfo", None)
        return f"{type(value).__name__}({value.isoformat()},{zone})"
    if isinstance(value, (datetime.timedelta, datetime.tzinfo, PurePath)):
        return f"{type(value).__name__}({value})"
    if isinstance(value, enum.Enum):
        return f"{type(value).__qualname__}.{value.name}"
    if isinstance(value, re.Pattern):
        return f"re({value.pattern!r},{value.flags})"
    if isinstance(value, Undefined):
        return MISSING
    if isinstance(value, Content):
        return content_digest(value)
    if isinstance(value, Paginator):
        return _held(value, _pagination_digest)
    if isinstance(value, Page):
        return _pagination_digest(value)
    if isinstance(value, URLWrapper):
        return f"{type(value).__qualname__}({value.name!r},{value.slug!r})"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # Remembered like articles: the agency directory's 18 pages each hold every
        # agency, with all its cases (3.4 s of a daily update at 20,000 cases).
        return _held(value, lambda held: _dataclass_fingerprint(held, inner))
    if callable(value):
        # Code: counted by code_digest(); only which code is called matters here.
        function = getattr(value, "func", value)
        name = getattr(function, "__qualname__", type(function).__qualname__)
        return f"code({getattr(function, '__module__', '')}.{name})"
    raise Unkeyable(type(value).__qualname__)


def _dataclass_fingerprint(value: Any, depth: int) -> str:
    fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    return type(value).__qualname__ + fingerprint(fields, depth)


def _paginates(settings: Mapping[str, Any], template_name: Any, kwargs: Mapping) -> bool:
    """Whether Pelican's own writer would split this call into several pages."""
    own = template_name in settings.get("PAGINATED_TEMPLATES", {})
    return own and any(key in kwargs for key in ("articles", "dates"))


#: Digests of the objects that do not change while pages are written (articles,
#: paginators and dataclass instances), by id; each object is held so that its id
#: stays its own.
_digests: dict[int, tuple[Any, str]] = {}


def _held(value: Any, describe) -> str:
    held = _digests.get(id(value))
    if held is None or held[0] is not value:
        held = (value, describe(value))
        _digests[id(value)] = held
    return held[1]


def _pagination_digest(value: Paginator | Page) -> str:
    # Not the settings (counted once) nor the paginator's lazily filled counts.
    state = {k: v for k, v in vars(value).items() if k not in PAGINATION_CACHES}
    text = type(value).__qualname__ + fingerprint(state)
    return "pagination:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_digest(content: Content) -> str:
    """What a page can see of an article: its metadata, attributes and HTML (remembered
    for the build: content objects do not change while pages are written)."""
    return _held(content, _content_digest)


def _content_digest(content: Content) -> str:
    state = {
        name: value
        for name, value in vars(content).items()
        if name not in IGNORED_ATTRIBUTES and not isinstance(value, Content)
    }
    # Links written {filename}…, {static}…, {attach}… are resolved when the HTML is read,
    # through the context: where they lead is part of the page (the address of the page
    # linked to can change while this source does not). Resolved against no site URL, the
    # same in every build; a page shows them against its own, which its key holds.
    raw = getattr(content, "_content", None)
    if isinstance(raw, str) and content._get_intrasite_link_regex().search(raw):
        state[RESOLVED_CONTENT] = content.get_content("")
    text = fingerprint(state)
    return "content:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def code_digest(folders: list[Path]) -> str:
    """SHA-256 over every file under ``folders`` (caches aside) and the renderers' versions."""
    digest = hashlib.sha256()
    for package in PACKAGES:
        digest.update(f"{package}={metadata.version(package)}\n".encode())
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(folder)).encode("utf-8") + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def settings_digest(settings: Mapping[str, Any]) -> str:
    parts = []
    for name in sorted(settings):
        if name in IGNORED_SETTINGS:
            continue
        try:
            parts.append(f"{name}={fingerprint(settings[name])}")
        except Unkeyable:
            parts.append(f"{name}:{type(settings[name]).__qualname__}")
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def file_sha256(path: str | Path) -> str | None:
    try:
        with open(path, "rb") as file:
            return hashlib.sha256(file.read()).hexdigest()
    except OSError:
        return None


@dataclasses.dataclass
class Memo:
    """Render keys and the SHA-256 of what they rendered, with the names each template read."""

    base: str
    names: dict[str, set[str]] = dataclasses.field(default_factory=dict)
    pages: dict[str, str] = dataclasses.field(default_factory=dict)

    @classmethod
    def load(cls, path: Path, base: str) -> Memo:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return cls(base)
        try:
            if data.get("version") != MEMO_VERSION or data.get("base") != base:
                return cls(base)
            names = {str(t): {str(n) for n in found} for t, found in data["names"].items()}
            pages = {str(key): str(digest) for key, digest in data["pages"].items()}
        except (AttributeError, KeyError, TypeError):
            return cls(base)  # not a memo this plugin wrote: start afresh
        return cls(base, names, pages)

    def save(self, path: Path) -> None:
        data = {
            "version": MEMO_VERSION,
            "base": self.base,
            "names": {template: sorted(found) for template, found in sorted(self.names.items())},
            "pages": dict(sorted(self.pages.items())),
        }
        cachefile.save(path, json.dumps(data, indent=0, ensure_ascii=True) + "\n")


def _files_digest(files: Mapping[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name, data in sorted(files.items()):
        digest.update(f"{name}\n{hashlib.sha256(data).hexdigest()}\n".encode())
    return digest.hexdigest()


def _made_folder(folder: str) -> bool:
    """Make ``folder`` (and its parents); whether it is new, so empty. Most case pages
    have a folder of their own, whose parent exists: one mkdir, no walk up the path."""
    try:
        os.mkdir(folder)
    except FileExistsError:
        return False
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
        return False
    return True


class ReusingWriter(Writer):
    """Pelican's writer, reusing an article's page when its render key is in the memo."""

    def __init__(self, output_path, settings=None) -> None:
        super().__init__(output_path, settings=settings)
        self.memo_path = Path(settings["LAPOR_REUSE_MEMO"])
        previous = settings.get("LAPOR_REUSE_FROM")
        self.previous = Path(previous) if previous else None
        ledger = settings.get("LAPOR_REUSE_LEDGER")
        self.ledger = DigestLedger(Path(ledger)) if ledger and self.previous else None
        folders = [Path(settings["THEME"]), Path(lapor_site.__file__).parent]
        folders += [Path(p) for p in settings.get("PLUGIN_PATHS", [])]
        configuration = _configuration.get(id(settings)) or settings_digest(settings)
        self.base = hashlib.sha256((code_digest(folders) + configuration).encode()).hexdigest()
        _digests.clear()
        self.old = Memo.load(self.memo_path, self.base)
        self.new = Memo(self.base, {t: set(n) for t, n in self.old.names.items()})
        self.unkeyable: set[str] = set()
        self._shared: dict[str, tuple[Any, str]] = {}
        self.reused = self.rendered = 0

    def write_file(self, name, template, context, relative_urls=False, paginated=None,
                   template_name=None, override_output=False, url=None, **kwargs):  # fmt: skip
        if not name or paginated or _paginates(self.settings, template_name, kwargs):
            return super().write_file(name, template, context, relative_urls, paginated,
                                      template_name, override_output, url, **kwargs)  # fmt: skip
        article = kwargs.get("article")
        article = article if isinstance(article, Content) else None
        local = self._local_context(context, name, relative_urls, kwargs)
        key = None
        if self.previous is not None and self.old.pages:  # else there is nothing to reuse
            key = self._key(template, local, article, self.new.names.get(template.name))
            if key and self._take_previous(name, key, local):
                return None
        with recording() as seen:
            super().write_file(name, template, context, relative_urls, paginated,
                               template_name, override_output, url, **kwargs)  # fmt: skip
        self.rendered += 1
        names = self.new.names.setdefault(template.name, set())
        known = len(names)
        names |= seen
        if key is None or len(names) != known:
            # The key over the names this render added too (else it is the one just made).
            key = self._key(template, local, article, names)
        written = file_sha256(sanitised_join(self.output_path, name))
        if key and written:
            self.new.pages[key] = written
        return None

    def _local_context(self, context, name, relative_urls, kwargs) -> dict[str, Any]:
        """The names a page's templates see, as Pelican's writer gives them."""
        local = dict(context)
        local["localsiteurl"] = local.get("localsiteurl")
        if relative_urls:
            local["SITEURL"] = local["localsiteurl"] = path_to_url(get_relative_path(name))
        local["output_file"] = name
        local.update(kwargs)
        return local

    def _key(self, template, local, article, names) -> str | None:
        if names is None or template.name in self.unkeyable:
            return None
        digest = hashlib.sha256(self.base.encode())
        digest.update(str(template.name).encode())
        globals_ = template.environment.globals
        try:
            for name in sorted(names):
                value = local[name] if name in local else globals_.get(name, MISSING)
                digest.update(f"\n{name}=".encode())
                digest.update(self._value(name, value, article).encode())
        except Unkeyable as error:
            logger.warning("lapor_reuse: %s renders every time (%s)", template.name, error)
            self.unkeyable.add(template.name)
            return None
        return digest.hexdigest()

    def _value(self, name: str, value: Any, article: Content | None) -> str:
        # Looked up on the class: some objects answer any attribute (lapor_kit.Texts).
        page_digest = getattr(type(value), "page_digest", None)
        if article is not None and callable(page_digest) and not isinstance(value, type):
            return fingerprint(page_digest(value, article))
        if isinstance(value, (str, int, float, bool, type(None), Content, Undefined)):
            return fingerprint(value)
        # A shared value (settings, globals) is described once per build; the
        # cache holds the value itself, so its id cannot be reused by another.
        held = self._shared.get(name)
        if held is None or held[0] is not value:
            held = (value, fingerprint(value))
            self._shared[name] = held
        return held[1]

    def _take_previous(self, name: str, key: str, local: Mapping[str, Any]) -> bool:
        expected = self.old.pages.get(key)
        if self.previous is None or expected is None:
            return False
        # Strings, not Path objects: this runs for nearly every page of the site.
        source = sanitised_join(str(self.previous), name)
        if self._previous_sha256(source) != expected:
            return False
        target = self._link_previous(source, name)
        self._written_files.add(target)
        self.new.pages[key] = expected
        self.reused += 1
        signals.content_written.send(str(target), context=local)
        return True

    def previous_files(
        self, folder: str, names: Sequence[str], inputs: Any
    ) -> dict[str, bytes] | None:
        """The files ``names`` of ``folder`` from the last build, linked into this one,
        when the last build made them (:meth:`remember_files`) from ``inputs`` that
        fingerprint the same, with the same code, and they still hold those bytes; else
        ``None``, and nothing is written. For files a plugin paints from data (a pure
        function of ``inputs``) rather than through a template."""
        key = self._files_key(folder, names, inputs)
        expected = self.old.pages.get(key) if key else None
        if self.previous is None or expected is None:
            return None
        found = {}
        for name in names:
            try:
                with open(sanitised_join(str(self.previous), folder + name), "rb") as file:
                    found[name] = file.read()
            except OSError:
                return None
        if _files_digest(found) != expected:
            return None
        for name in names:
            self._link_previous(sanitised_join(str(self.previous), folder + name), folder + name)
        self.new.pages[key] = expected
        return found

    def _link_previous(self, source: str, name: str) -> str:
        """Hard-link ``source`` (a file of the previous output) as ``name`` in this output
        (copied where a link is impossible); return the target path."""
        target = sanitised_join(self.output_path, name)
        if not _made_folder(os.path.dirname(target)) and os.path.lexists(target):
            os.unlink(target)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
        return target

    def remember_files(self, folder: str, files: Mapping[str, bytes], inputs: Any) -> None:
        """Note that ``files`` (name: bytes) of ``folder`` were made from ``inputs``."""
        key = self._files_key(folder, list(files), inputs)
        if key:
            self.new.pages[key] = _files_digest(files)

    def _files_key(self, folder: str, names: Sequence[str], inputs: Any) -> str | None:
        digest = hashlib.sha256(f"{self.base}\nfiles {folder}\n".encode())
        digest.update(fingerprint(sorted(names)).encode())
        try:
            digest.update(fingerprint(inputs).encode())
        except Unkeyable:
            return None
        return "files:" + digest.hexdigest()

    def _previous_sha256(self, source: str) -> str | None:
        known = self.ledger.known_sha256(source) if self.ledger else None
        return known.hex() if known is not None else file_sha256(source)

    def _open_w(self, filename, encoding, override=False):
        # Never write through a hard link into the previous output.
        if os.path.isfile(filename) and os.stat(filename).st_nlink > 1:
            os.unlink(filename)
        return super()._open_w(filename, encoding, override)

    def detach(self) -> None:
        """In a forked process that writes some of the pages: count only its own pages."""
        self.reused = self.rendered = 0

    def handover(self) -> dict[str, Any]:
        """What a forked process learnt while writing, for :meth:`take_over` in its parent."""
        return {
            "pages": self.new.pages,
            "names": self.new.names,
            "unkeyable": self.unkeyable,
            "reused": self.reused,
            "rendered": self.rendered,
        }

    def take_over(self, learnt: Mapping[str, Any]) -> None:
        """Add what a forked process learnt (:meth:`handover`) to this writer's memo."""
        self.new.pages.update(learnt["pages"])
        for template, names in learnt["names"].items():
            self.new.names.setdefault(template, set()).update(names)
        self.unkeyable |= learnt["unkeyable"]
        self.reused += learnt["reused"]
        self.rendered += learnt["rendered"]

    def save(self) -> None:
        _digests.clear()
        self.new.save(self.memo_path)
        last_build.update(reused=self.reused, rendered=self.rendered)
        logger.info("lapor_reuse: %d page(s) reused, %d rendered", self.reused, self.rendered)


_active: list[ReusingWriter] = []
#: Pages reused and rendered by the last build in this process (for reports and tests).
last_build: dict[str, int] = {"reused": 0, "rendered": 0}
#: settings_digest() of each run's settings, taken before the generators ran (by id of the dict).
_configuration: dict[int, str] = {}


def remember_configuration(pelican) -> None:
    _configuration.clear()
    _configuration[id(pelican.settings)] = settings_digest(pelican.settings)


def get_writer(pelican) -> type[Writer] | None:
    if not pelican.settings.get("LAPOR_REUSE_MEMO"):
        return None

    class ActiveWriter(ReusingWriter):
        def __init__(self, output_path, settings=None) -> None:
            super().__init__(output_path, settings=settings)
            _active.append(self)

    return ActiveWriter


def record_names(generator) -> None:
    generator.env.context_class = RecordingContext


def save_memo(pelican) -> None:
    while _active:
        _active.pop().save()


def register() -> None:
    signals.initialized.connect(remember_configuration)
    signals.generator_init.connect(record_names)
    signals.get_writer.connect(get_writer)
    signals.finalized.connect(save_memo)
