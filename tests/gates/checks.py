"""Core of each quality gate, as plain functions the gate tests (and their self-tests) call.

Every check takes a directory or a base URL and returns the problems it found as
human-readable strings (wrapped in a :class:`GateResult` where the caller also needs
to know how much was checked, so that a check which silently checked nothing can
be caught). Nothing here depends on pytest.

External tools used:

* Nu HTML Checker: ``node_modules/vnu-jar/build/dist/vnu.jar`` run with ``java``;
* axe-core: ``node_modules/axe-core/axe.min.js`` injected with Playwright into the
  Debian Chromium at ``/usr/bin/chromium``;
* LinkChecker: the ``linkchecker`` console script of the running interpreter's venv;
* the RFC 4287 RELAX NG schema in ``tests/schemas/atom.rnc`` (rnc2rng + lxml).
"""

from __future__ import annotations

import email.utils
import filecmp
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

REPO_ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO_ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
ATOM_RNC = REPO_ROOT / "tests" / "schemas" / "atom.rnc"

SITE_ENV_VAR = "LAPOR_SITE_OUTPUT"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: A result link of Pagefind's UI on the search page (/cari/).
SEARCH_RESULT_LINK = ".pagefind-ui__result-link"


def search_results(page: Any, url: str, timeout_ms: int = 20_000) -> list[str]:
    """Open the search page ``url`` (with ``?q=``) in a Playwright ``page``, wait for
    Pagefind's results and return their links (``href``, as written)."""
    page.goto(url, wait_until="load")
    page.wait_for_selector(SEARCH_RESULT_LINK, timeout=timeout_ms)
    return page.eval_on_selector_all(
        SEARCH_RESULT_LINK, "links => links.map(a => a.getAttribute('href'))"
    )


#: WCAG levels the accessibility gate enforces.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: name -> (width, height, is_mobile)
VIEWPORTS: dict[str, tuple[int, int, bool]] = {
    "desktop": (1280, 800, False),
    "mobile-360": (360, 640, True),
}

ATOM_NS = "http://www.w3.org/2005/Atom"
SCHEMATRON_NS = "http://www.ascc.net/xml/schematron"

_ABSOLUTE_HTTP = re.compile(r"^https?://[^/\s]+", re.IGNORECASE)


@dataclass
class GateResult:
    """Outcome of one gate run: how many things were checked and what was wrong."""

    checked: int = 0
    problems: list[str] = field(default_factory=list)


def format_problems(problems: Sequence[str], limit: int = 30) -> str:
    """Join the first *limit* problems into a message, noting how many were left out."""
    shown = "\n".join(f"  - {p}" for p in problems[:limit])
    if len(problems) > limit:
        shown += f"\n  ... and {len(problems) - limit} more"
    return shown


# --------------------------------------------------------------------------- site


def site_output_dir() -> Path:
    """The built site to check: ``$LAPOR_SITE_OUTPUT`` or ``<repo>/output``."""
    env = os.environ.get(SITE_ENV_VAR)
    return Path(env).resolve() if env else REPO_ROOT / "output"


def missing_site_message(site_dir: Path) -> str | None:
    """Explain why *site_dir* is not a built site, or return None if it looks built."""
    if not site_dir.is_dir():
        why = "does not exist"
    elif not (site_dir / "index.html").is_file():
        why = "has no index.html"
    else:
        return None
    return (
        f"The built site {site_dir} {why}. Run `make html` first "
        f"(or point {SITE_ENV_VAR} at a built site)."
    )


def list_html_pages(site_dir: Path) -> list[Path]:
    """All ``.html`` files under *site_dir*, sorted."""
    return sorted(p for p in site_dir.rglob("*.html") if p.is_file())


class _SiteRequestHandler(http.server.SimpleHTTPRequestHandler):
    """Static file handler: quiet, and tells LinkChecker it may skip its rate limit."""

    def end_headers(self) -> None:
        # LinkChecker throttles every host to ~3 requests/s unless the server answers
        # with a "LinkChecker" header; this lets it use maxrequestspersecond instead.
        self.send_header("LinkChecker", "local test server")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve *directory* over HTTP on 127.0.0.1 (free port) in a daemon thread.

    Yields the base URL without a trailing slash, e.g. ``http://127.0.0.1:40123``.
    """
    handler = functools.partial(_SiteRequestHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, args=(0.1,), name="site-server", daemon=True
    )
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# ------------------------------------------------------------------ Nu HTML Checker


def run_vnu(site_dir: Path, timeout: float = 1800, kind: str = "html") -> GateResult:
    """Check every HTML file (``kind="svg"``: SVG file) under *site_dir* with the Nu HTML
    Checker in one JVM.

    ``checked`` is the number of files vnu reports (``--verbose``) having checked.
    """
    if not VNU_JAR.is_file():
        return GateResult(0, [f"{VNU_JAR} not found: run `npm ci` in {REPO_ROOT}"])
    java = shutil.which("java")
    if java is None:
        return GateResult(0, ["`java` not found on PATH (apt-get install default-jre-headless)"])
    cmd = [
        java,
        "-jar",
        str(VNU_JAR),
        "--errors-only",
        "--format",
        "json",
        f"--skip-non-{kind}",
        "--verbose",  # names of checked files go to stdout; the JSON report to stderr
        str(site_dir),
    ]
    proc = subprocess.run(
        cmd, capture_output=True, text=True, encoding="utf-8", timeout=timeout, check=False
    )
    checked = sum(1 for line in proc.stdout.splitlines() if line.strip())
    try:
        report = json.loads(proc.stderr)
    except json.JSONDecodeError:
        return GateResult(
            checked,
            [f"vnu exited {proc.returncode} without a JSON report: {proc.stderr.strip()[:2000]}"],
        )
    found = []
    for msg in report.get("messages", []):
        if msg.get("type") not in ("error", "non-document-error"):
            continue
        url = msg.get("url", "?")
        path = unquote(url.removeprefix("file:"))
        with suppress(ValueError):
            path = str(Path(path).relative_to(site_dir))
        line = msg.get("lastLine", msg.get("firstLine", "?"))
        col = msg.get("firstColumn", msg.get("lastColumn", "?"))
        found.append((path, line, col, msg.get("message", "").strip()))
    found.sort(key=lambda m: (m[0], *(n if isinstance(n, int) else 0 for n in m[1:3])))
    problems = [f"{path}:{line}:{col}: {message}" for path, line, col, message in found]
    if proc.returncode != 0 and not problems:
        problems.append(f"vnu exited {proc.returncode} but reported no errors")
    return GateResult(checked, problems)


# -------------------------------------------------------------------------- feeds


def find_feeds(site_dir: Path) -> tuple[list[Path], list[Path]]:
    """The site's feeds, in ``feeds/`` and its subfolders: (Atom, RSS), each sorted."""
    feeds = site_dir / "feeds"
    return sorted(feeds.rglob("*.atom.xml")), sorted(feeds.rglob("*.rss.xml"))


#: The site-wide feed, which must have items; the others may be empty (an agency
#: without a published case yet, the monthly reports before the first one).
SITE_FEED_STEM = "kasus"


def feed_may_be_empty(path: Path) -> bool:
    """True for every feed but the site-wide ``feeds/kasus.*.xml``."""
    return not (path.parent.name == "feeds" and feed_stem(path) == SITE_FEED_STEM)


@dataclass(frozen=True)
class AtomSchema:
    """RFC 4287 schema compiled for lxml, plus its Schematron rules as XPath."""

    relaxng: Any  # lxml.etree.RelaxNG
    #: (context, test, message) for each s:assert of the RFC's s:rule annotations.
    rules: tuple[tuple[str, str, str], ...]


@functools.cache
def atom_schema(rnc_path: Path = ATOM_RNC) -> AtomSchema:
    """Convert the RFC 4287 compact schema with rnc2rng and compile it with lxml."""
    import rnc2rng
    from lxml import etree

    with rnc_path.open(encoding="utf-8") as f:
        rng_text = rnc2rng.dumps(rnc2rng.load(f))
    # rnc2rng turns `namespace local = ""` into xmlns:local="", which is not
    # well-formed XML (a prefix cannot be bound to no namespace). The `local:*`
    # name classes are already emitted as <nsName ns=""/>, so the declaration is
    # unused and can be dropped.
    rng_text = re.sub(r'\s+xmlns:local=""', "", rng_text)
    rng_doc = etree.fromstring(rng_text.encode("utf-8"))
    # The schema carries Schematron s:rule annotations (foreign elements, which
    # RELAX NG ignores). lxml compiles the grammar with them in place, so they are
    # not stripped; instead their asserts are collected and evaluated as XPath in
    # check_atom_feed(), since RELAX NG validation alone would not enforce them.
    rules = []
    for rule in rng_doc.iter(f"{{{SCHEMATRON_NS}}}rule"):
        for assertion in rule.iter(f"{{{SCHEMATRON_NS}}}assert"):
            message = " ".join((assertion.text or "").split())
            rules.append((rule.get("context"), assertion.get("test"), message))
    return AtomSchema(etree.RelaxNG(rng_doc), tuple(rules))


def _feedparser_problems(path: Path) -> tuple[int, list[str]]:
    import feedparser

    parsed = feedparser.parse(str(path))
    if parsed.bozo:
        return len(parsed.entries), [f"feedparser: {parsed.bozo_exception!r}"]
    return len(parsed.entries), []


def _is_absolute_http(url: str | None) -> bool:
    return bool(url) and _ABSOLUTE_HTTP.match(url.strip()) is not None


def check_atom_feed(path: Path, allow_empty: bool = False) -> list[str]:
    """Validate an Atom feed against RFC 4287 (RELAX NG + its Schematron asserts),
    feedparser, and absolute http(s) entry links; without ``allow_empty``, it needs entries."""
    from lxml import etree

    name = path.name
    try:
        doc = etree.parse(str(path))
    except etree.XMLSyntaxError as exc:
        return [f"{name}: not well-formed XML: {exc}"]
    schema = atom_schema()
    problems = []
    if not schema.relaxng.validate(doc):
        for err in schema.relaxng.error_log:
            problems.append(f"{name}:{err.line}: RELAX NG: {err.message}")
    ns = {"atom": ATOM_NS}
    for context, test, message in schema.rules:
        for node in doc.xpath(f"//{context}", namespaces=ns):
            if not node.xpath(f"boolean({test})", namespaces=ns):
                line = node.sourceline
                problems.append(f"{name}:{line}: Schematron: {message}")
    if doc.getroot().tag != f"{{{ATOM_NS}}}feed":
        problems.append(f"{name}: root element is {doc.getroot().tag}, not atom:feed")
    entries = doc.getroot().findall("atom:entry", ns)
    if not entries and not allow_empty:
        problems.append(f"{name}: no entries")
    for entry in entries:
        entry_id = entry.findtext("atom:id", default="?", namespaces=ns)
        links = entry.findall("atom:link", ns)
        if not links:
            problems.append(f"{name}: entry {entry_id}: no atom:link")
        for link in links:
            if not _is_absolute_http(link.get("href")):
                problems.append(
                    f"{name}: entry {entry_id}: link {link.get('href')!r} "
                    "is not an absolute http(s) URL"
                )
    _, fp_problems = _feedparser_problems(path)
    problems.extend(f"{name}: {p}" for p in fp_problems)
    return problems


def _rfc822_problem(value: str | None) -> str | None:
    if not value or not value.strip():
        return "missing pubDate"
    try:
        email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return f"pubDate {value!r} is not an RFC 822 date"
    return None


def check_rss_feed(path: Path, allow_empty: bool = False) -> list[str]:
    """Check an RSS 2.0 feed: required channel/item elements, RFC 822 dates,
    absolute http(s) links, a channel link that is not the feed itself, and a
    clean feedparser parse; without ``allow_empty``, it needs items."""
    from lxml import etree

    name = path.name
    try:
        doc = etree.parse(str(path))
    except etree.XMLSyntaxError as exc:
        return [f"{name}: not well-formed XML: {exc}"]
    root = doc.getroot()
    problems = []
    if root.tag != "rss" or root.get("version") != "2.0":
        problems.append(
            f"{name}: root is <{root.tag} version={root.get('version')!r}>, not <rss version='2.0'>"
        )
    channel = root.find("channel")
    if channel is None:
        return [*problems, f"{name}: no <channel>"]
    for tag in ("title", "link", "description"):
        if not (channel.findtext(tag) or "").strip():
            problems.append(f"{name}: channel has no (or an empty) <{tag}>")
    if not _is_absolute_http(channel.findtext("link")):
        problems.append(f"{name}: channel link is not an absolute http(s) URL")
    self_links = [
        link.get("href")
        for link in channel.findall(f"{{{ATOM_NS}}}link")
        if link.get("rel") == "self"
    ]
    if (channel.findtext("link") or "").strip() in self_links:
        problems.append(f"{name}: channel link is the feed itself, not the page it mirrors")
    items = channel.findall("item")
    if not items and not allow_empty:
        problems.append(f"{name}: no items")
    for index, item in enumerate(items, start=1):
        label = f"{name}: item {index} ({(item.findtext('link') or '').strip() or '?'})"
        for tag in ("title", "link", "description", "guid"):
            if not (item.findtext(tag) or "").strip():
                problems.append(f"{label}: no (or an empty) <{tag}>")
        link = item.findtext("link")
        if link and not _is_absolute_http(link):
            problems.append(f"{label}: link {link!r} is not an absolute http(s) URL")
        guid = item.find("guid")
        if (
            guid is not None
            and guid.get("isPermaLink", "true") != "false"
            and guid.text
            and not _is_absolute_http(guid.text)
        ):
            problems.append(f"{label}: permalink guid {guid.text!r} is not an absolute URL")
        date_problem = _rfc822_problem(item.findtext("pubDate"))
        if date_problem:
            problems.append(f"{label}: {date_problem}")
    _, fp_problems = _feedparser_problems(path)
    problems.extend(f"{name}: {p}" for p in fp_problems)
    return problems


def agency_names(site_dir: Path) -> dict[str, str]:
    """slug → name of every agency page, read from its ``<h1>``."""
    import lxml.html

    found = {}
    for page in sorted((site_dir / "instansi").glob("*/index.html")):
        if page.parent.name != "page":
            found[page.parent.name] = lxml.html.parse(str(page)).find(".//h1").text_content()
    return found


def site_url(site_dir: Path) -> str:
    """The site's absolute URL, from the home page's canonical link (no trailing /)."""
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<link rel="canonical" href="([^"]+)"', home)
    assert match, "the home page has no canonical link"
    return match.group(1).rstrip("/")


def official_web(site_dir: Path) -> str:
    """The official channel's web address: the first link of the home page's official box."""
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<aside class="official".*?<a href="([^"]+)"', home, re.DOTALL)
    assert match, "the home page has no official channel box"
    return match.group(1)


def feed_stem(path: Path) -> str:
    """``kasus.atom.xml`` -> ``kasus``; ``kasus.rss.xml`` -> ``kasus``."""
    return path.name.rsplit(".", 2)[0]


def feed_key(path: Path) -> str:
    """A feed's name below ``feeds/``: ``…/feeds/instansi/x.atom.xml`` -> ``instansi/x``."""
    parts = path.with_name(feed_stem(path)).parts
    below = parts[len(parts) - parts[::-1].index("feeds") :] if "feeds" in parts else parts[-1:]
    return "/".join(below)


def compare_feed_counts(atom_feeds: Sequence[Path], rss_feeds: Sequence[Path]) -> list[str]:
    """Feeds published in both formats (same stem) must carry the same number of entries."""
    atom_by_stem = {feed_key(p): p for p in atom_feeds}
    rss_by_stem = {feed_key(p): p for p in rss_feeds}
    common = sorted(atom_by_stem.keys() & rss_by_stem.keys())
    if not common:
        return [
            "no feed is published as both Atom and RSS "
            f"(Atom: {sorted(atom_by_stem)}, RSS: {sorted(rss_by_stem)})"
        ]
    problems = []
    for stem in common:
        n_atom, _ = _feedparser_problems(atom_by_stem[stem])
        n_rss, _ = _feedparser_problems(rss_by_stem[stem])
        if n_atom != n_rss:
            problems.append(f"{stem}: {n_atom} Atom entries but {n_rss} RSS items")
    return problems


# --------------------------------------------------------------------------- links


def _linkchecker_command() -> list[str]:
    script = Path(sys.executable).parent / "linkchecker"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "linkcheck"]


LINKCHECKER_RC = """\
[checking]
threads={threads}
# The test server sends a "LinkChecker" header, which lifts LinkChecker's
# default throttling (10 requests/s per host at most, about 3/s on average).
maxrequestspersecond=10000
robotstxt=0
timeout=30
maxfilesizeparse=52428800
maxfilesizedownload=104857600
[filtering]
checkextern=0
[output]
warnings=0
status=0
"""


def run_linkchecker(
    base_url: str, workdir: Path, threads: int = 4, timeout: float = 3600
) -> GateResult:
    """Crawl ``base_url + "/"`` recursively with LinkChecker, internal links only.

    ``checked`` counts the distinct internal URLs LinkChecker logged. Each problem
    names the broken URL, the page linking to it (with line:column) and the result.
    External links are only syntax-checked (no ``--check-extern``) and anything not
    under *base_url* is ignored. Anchors are not checked (the AnchorCheck plugin is
    off), so ``page/#a`` and ``page/#b`` are fetched once.
    """
    from lxml import etree

    base = base_url.rstrip("/")
    # The config file is read before LinkChecker drops root privileges (it switches
    # to "nobody" when run as root), so it may live in a private directory; the
    # report, written after that, goes to stdout for the same reason.
    rc_file = workdir / "linkcheckerrc"
    rc_file.write_text(LINKCHECKER_RC.format(threads=threads), encoding="utf-8")
    cmd = [
        *_linkchecker_command(),
        "--config",
        str(rc_file),
        "--threads",
        str(threads),
        "--no-warnings",
        "--no-status",
        "--no-robots",
        "--recursion-level",
        "-1",
        "--ignore-url",
        rf"^(?!{re.escape(base)}(/|$))",
        "--verbose",  # log every URL, so the number checked can be counted
        "--output",
        "xml/utf-8",
        f"{base}/",
    ]
    proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
    stderr = proc.stderr.decode("utf-8", "replace")
    # exit status: 0 = no errors, 1 = broken links found, 2 = program error
    try:
        root = etree.fromstring(proc.stdout)
    except etree.XMLSyntaxError:
        root = None
    if proc.returncode not in (0, 1) or root is None:
        return GateResult(0, [f"linkchecker exited {proc.returncode}: {stderr.strip()[-3000:]}"])
    checked = set()
    problems = []
    for urldata in root.iter("urldata"):
        real = (urldata.findtext("realurl") or urldata.findtext("url") or "").strip()
        if real.startswith(base):
            checked.add(real.split("#", 1)[0])
        valid = urldata.find("valid")
        if valid is None or valid.text == "1":
            continue
        parent = urldata.find("parent")
        where = "(start URL)"
        if parent is not None:
            where = f"{parent.text} line {parent.get('line')}:{parent.get('column')}"
        url = urldata.findtext("url") or real
        problems.append(f"{url} <- {where}: {valid.get('result', 'invalid')}")
    if proc.returncode == 1 and not problems:
        problems.append(f"linkchecker exited 1 but logged no invalid URL: {stderr[-2000:]}")
    return GateResult(len(checked), problems)


# -------------------------------------------------------------------- accessibility


def _page_url_path(site_dir: Path, page: Path) -> str:
    rel = page.relative_to(site_dir).as_posix()
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel.removesuffix("index.html")
    return "/" + rel


def a11y_paths(site_dir: Path) -> list[str]:
    """URL paths the accessibility gate audits: home, ``/kasus/``, its page 2,
    one case page, the statistics page, the guide, the methodology, the FAQ, the
    agency directory, the Feeds page, the monthly reports' index and the newest
    report, the embeds, the outreach kits, data and search pages and one page of each
    listing template, each in Indonesian and English (those that exist; home always)."""
    paths = ["/"]
    kasus = site_dir / "kasus"
    if (kasus / "index.html").is_file():
        paths.append("/kasus/")
    if (kasus / "page" / "2" / "index.html").is_file():
        paths.append("/kasus/page/2/")
    if kasus.is_dir():
        cases = sorted(
            d.name
            for d in kasus.iterdir()
            if d.is_dir() and d.name != "page" and (d / "index.html").is_file()
        )
        if cases:
            paths.append(f"/kasus/{cases[0]}/")
    for extra in ("statistik", "cara-melapor", "metodologi", "tanya-jawab", "instansi",
                  "laporan", "tautkan", "widget", "kit", "data-terbuka", "feeds", "cari",
                  "panduan-admin"):  # fmt: skip
        if (site_dir / extra / "index.html").is_file():
            paths.append(f"/{extra}/")
    # One page of each listing template: an agency page, its cases, a category, a region.
    # Its embeds (plugins/lapor_embeds): the widget and the "Tautkan ke kami" page;
    # its outreach kit (plugins/lapor_kit).
    for pattern in ("instansi/*/index.html", "instansi/*/kasus/index.html",
                    "kategori/*/index.html", "wilayah/*/index.html",
                    "instansi/*/widget/index.html", "instansi/*/tautkan/index.html",
                    "instansi/*/kit/index.html", "instansi/urut/*/index.html"):  # fmt: skip
        found = sorted(p for p in site_dir.glob(pattern) if p.parent.name != "page")
        if found:
            paths.append("/" + found[0].parent.relative_to(site_dir).as_posix() + "/")
    # The newest monthly report (with a comparison and, in the sample, the agencies' table).
    reports = sorted(site_dir.glob("laporan/*/index.html"))
    if reports:
        paths.append("/" + reports[-1].parent.relative_to(site_dir).as_posix() + "/")
    # Every page exists in English too (plugins/lapor_i18n): audit the same templates there.
    english = [f"/en{path}" for path in paths]
    return paths + [p for p in english if (site_dir / p.strip("/") / "index.html").is_file()]


_AXE_RUN = """async (tags) => {
    const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
    return results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        targets: v.nodes.map(n => n.target.join(' '))
    }));
}"""


@contextmanager
def site_only_page(base: str, **context_options: Any) -> Iterator[Any]:
    """A page in headless Chromium that loads only from *base*: every other request is
    aborted, so the gates never wait on the network. *context_options* go to
    ``browser.new_context`` (viewport, is_mobile…)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(**context_options)
            context.route(
                "**/*",
                lambda route: (
                    route.continue_() if route.request.url.startswith(base + "/") else route.abort()
                ),
            )
            yield context.new_page()
            context.close()
        finally:
            browser.close()


def run_axe(
    base_url: str, paths: Sequence[str], viewport: str = "desktop", max_targets: int = 5
) -> GateResult:
    """Audit each of *paths* (under *base_url*) with axe-core in headless Chromium.

    ``checked`` is the number of pages audited. Requests to anything but
    *base_url* are blocked, so audits never wait on the network.
    """
    if not AXE_JS.is_file():
        return GateResult(0, [f"{AXE_JS} not found: run `npm ci` in {REPO_ROOT}"])
    width, height, is_mobile = VIEWPORTS[viewport]
    base = base_url.rstrip("/")
    problems = []
    checked = 0
    options = {
        "viewport": {"width": width, "height": height},
        "is_mobile": is_mobile,
        "has_touch": is_mobile,
        "device_scale_factor": 2 if is_mobile else 1,
    }
    with site_only_page(base, **options) as page:
        for path in paths:
            url = base + path
            response = page.goto(url, wait_until="load")
            if response is None or response.status != 200:
                status = response.status if response else "no response"
                problems.append(f"{path} [{viewport}]: HTTP {status}")
                continue
            page.add_script_tag(path=str(AXE_JS))
            violations = page.evaluate(_AXE_RUN, AXE_TAGS)
            checked += 1
            for v in violations:
                targets = v["targets"]
                shown = ", ".join(targets[:max_targets])
                if len(targets) > max_targets:
                    shown += f", ... ({len(targets)} nodes)"
                problems.append(
                    f"{path} [{viewport}]: {v['id']} ({v['impact']}): {v['help']} "
                    f"-- {shown} -- {v['helpUrl']}"
                )
    return GateResult(checked, problems)


# ---------------------------------------------------------------- reproducibility


def build_site(
    out_dir: Path, repo_root: Path = REPO_ROOT, hash_seed: str = "0", timeout: float = 3600
) -> subprocess.CompletedProcess[str]:
    """Run ``lapor-site build --site REPO_ROOT --output OUT_DIR`` (Pelican, audit, link check)."""
    command = Path(sys.executable).parent / "lapor-site"
    cmd = [
        str(command) if command.is_file() else "lapor-site",
        "build",
        "--site",
        str(repo_root),
        "--output",
        str(out_dir),
    ]
    env = dict(os.environ, PYTHONHASHSEED=hash_seed)
    return subprocess.run(
        cmd,
        cwd=repo_root,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
        env=env,
    )


def _first_difference(a: Path, b: Path) -> str:
    try:
        lines_a = a.read_text(encoding="utf-8").splitlines()
        lines_b = b.read_text(encoding="utf-8").splitlines()
    except (UnicodeDecodeError, OSError):
        return f"binary, {a.stat().st_size} vs {b.stat().st_size} bytes"
    for number, (la, lb) in enumerate(zip(lines_a, lines_b, strict=False), start=1):
        if la != lb:
            return f"line {number}: {la.strip()[:120]!r} != {lb.strip()[:120]!r}"
    return f"{len(lines_a)} vs {len(lines_b)} lines"


def compare_trees(a: Path, b: Path) -> list[str]:
    """Differences between two directory trees: files only in one, or with other bytes."""

    def files(root: Path) -> set[str]:
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}

    files_a, files_b = files(a), files(b)
    problems = [f"only in first build: {f}" for f in sorted(files_a - files_b)]
    problems += [f"only in second build: {f}" for f in sorted(files_b - files_a)]
    for rel in sorted(files_a & files_b):
        if not filecmp.cmp(a / rel, b / rel, shallow=False):
            problems.append(f"differs: {rel} ({_first_difference(a / rel, b / rel)})")
    return problems


# ------------------------------------------------------------------------- layout


def layout_paths(site_dir: Path) -> list[str]:
    """One page of every template, in Indonesian and English: the accessibility gate's
    pages plus the other guide pages, the listing indexes and the 404 page."""
    paths = a11y_paths(site_dir)
    for extra in ("/tentang/", "/kategori/", "/wilayah/", "/404.html"):
        for path in (extra, "/en" + extra):
            file = site_dir / path.lstrip("/")
            if (file / "index.html" if path.endswith("/") else file).is_file():
                paths.append(path)
    return paths


_WIDER_THAN_WINDOW = """() => ({
    width: document.scrollingElement.scrollWidth,
    wide: [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5
                     && !e.closest('.scroll'))
        .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                              + (e.className ? '.' + e.className : '')),
})"""


def find_overflow(base_url: str, paths: Sequence[str], width: int) -> GateResult:
    """Pages of *paths* wider than a *width* px window (a ``.scroll`` box may scroll inside).

    ``checked`` is the number of pages laid out. Requests to anything but
    *base_url* are blocked.
    """
    base = base_url.rstrip("/")
    problems = []
    checked = 0
    with site_only_page(base, viewport={"width": width, "height": 800}) as page:
        for path in paths:
            response = page.goto(base + path, wait_until="load")
            if response is None or response.status != 200:
                problems.append(f"{path} [{width}px]: HTTP {response and response.status}")
                continue
            checked += 1
            found = page.evaluate(_WIDER_THAN_WINDOW)
            if found["width"] > width or found["wide"]:
                problems.append(
                    f"{path} [{width}px]: {found['width']}px wide; "
                    f"past the edge: {', '.join(found['wide'])}"
                )
    return GateResult(checked, problems)
