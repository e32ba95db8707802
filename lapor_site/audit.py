"""The leak audit: the last line of defence, run over the built site after every build.

This module owns the scan of published files for personal data. It looks for
two things in every text file under the output root:

* personal-data patterns: NIK/KK numbers, telephone numbers, e-mail
  addresses, and identity or bank-account numbers announced by a keyword.
  These are the high-confidence patterns of :mod:`lapor_site.redact`
  (:func:`~lapor_site.redact.find_structured` with ``strict=True``): the
  patterns are never written twice;
* the identity values of the reporters (names, NIK, phone numbers, e-mail
  addresses), which must never appear anywhere.

The site's own case ids (:data:`~lapor_site.anonymize.PSEUDONYM_RE`, as whole
words) are recognised and masked before the pattern scan (see
:func:`mask_case_ids`), so no id, whatever the secret, and nothing around it
can turn into a finding.

Files are decoded before matching (HTML entities, percent escapes,
JavaScript/JSON ``\\uXXXX`` escapes, nested up to three times; a decoded line
break becomes a space, so line numbers stay right) and normalized like the
redactor does (NFKC, invisible characters removed), so "&#48;812…",
"mailto:budi%40…" or a zero-width space inside a number hide nothing. The
patterns and the identity values are then matched on the same skeletons as
the redactor's (:mod:`lapor_site.skeleton`: look-alike letters from other
scripts, dingbat digits, spelled-out digits and "budi at kantor dot go dot
id" are folded), so a Cyrillic "а" in "gmаil" hides nothing either. Binary
files are recognised by a NUL byte in their first 8 kB and skipped; ``.gz``
files and the site search's gzip-compressed index files (Pagefind's
``.pf_fragment``, ``.pf_index``, ``.pf_meta``, ``.pf_filter``) are
decompressed and audited. ``exclude`` names files that are program code, not
data (Pagefind's own JavaScript, CSS and WebAssembly).

A :class:`Finding` names the file, the line and the kind of data, never the
value itself: the audit report may end up in a CI log.
"""

from __future__ import annotations

import fnmatch
import functools
import gzip
import hashlib
import hmac
import html
import json
import multiprocessing
import os
import re
import struct
import threading
import urllib.parse
import zlib
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lapor_site import cachefile
from lapor_site.anonymize import PSEUDONYM_ALPHABET, PSEUDONYM_LENGTH, PSEUDONYM_RE
from lapor_site.redact import (
    BANK_ACCOUNT,
    EMAIL,
    ID_NUMBER,
    NIK,
    PHONE,
    Match,
    digits_of,
    find_emails,
    find_structured,
    find_structured_in_skeleton,
    fold,
    normalize,
)
from lapor_site.search import SEARCH_DIR
from lapor_site.skeleton import Skeleton, skeleton
from lapor_site.trees import list_files

#: Kind of a finding that matched one of the given identity values.
IDENTITY_VALUE = "identity-value"
#: Pattern kinds the audit reports (the high-confidence ones).
PATTERN_KINDS = frozenset((NIK, PHONE, EMAIL, ID_NUMBER, BANK_ACCOUNT))
_NUMBER_KINDS = frozenset((NIK, PHONE, ID_NUMBER, BANK_ACCOUNT))

#: Identity names shorter than this, and of a single word, are too common to search for.
MIN_NAME_CHARS = 6
#: Identity numbers with fewer digits are not searched for.
MIN_IDENTITY_DIGITS = 8
#: Bytes sniffed for NUL to recognise a binary file.
_SNIFF_BYTES = 8192


@dataclass(frozen=True, order=True)
class Finding:
    """Personal data found in a published file. Never carries the value."""

    path: str  # relative to the audited root, with "/" separators
    line: int  # 1-based
    kind: str  # "nik", "phone", "email", "id-number", "bank-account", "identity-value"


def format_findings(findings: Iterable[Finding]) -> str:
    """One "path:line: kind" line per finding."""
    return "\n".join(f"{f.path}:{f.line}: {f.kind}" for f in findings)


#: Program files that are code, not data, so not audited: the site search's own
#: JavaScript, CSS and WebAssembly (Pagefind's bundle; its minified code holds
#: strings that look like e-mail addresses), in each of its bundles
#: (lapor_site.search). Its index files *are* audited.
PROGRAM_FILES = tuple(
    f"{bundle}/{name}"
    for bundle in (SEARCH_DIR, f"{SEARCH_DIR}-*")
    for name in ("*.js", "*.css", "wasm.*")
)


def audit_tree(
    root: Path,
    identity_values: Iterable[str] = (),
    allow: Iterable[str] = (),
    exclude: Iterable[str] = PROGRAM_FILES,
    *,
    cache: Path | None = None,
    jobs: int | None = None,
    secret: bytes | None = None,
    alongside: Callable[[list[str]], object] | None = None,
    written_after: Callable[[str], bool] = lambda relative: False,
    digests: dict[str, str] | None = None,
) -> list[Finding]:
    """Scan every text file under ``root``; return the findings, sorted.

    ``identity_values`` are the reporters' names, NIK, phone numbers and
    e-mail addresses, in any mix: names of 2+ words or 6+ characters are
    matched as whole words, case-insensitively; numbers of 8+ digits digit
    for digit whatever the separators ("0812-3456-7890", "+62 812 3456
    7890"); e-mail addresses case-insensitively. ``allow`` lists values that
    are legitimately published (the office e-mail, "1708", "@LAPOR1708"):
    a match equal to one of them is not reported. ``exclude`` holds
    :mod:`fnmatch` patterns of paths relative to ``root`` that are not scanned
    (default :data:`PROGRAM_FILES`).

    ``cache`` is a file that remembers the SHA-256 of the files found clean,
    with a fingerprint of everything else the result depends on (the
    allow-list, the exclusions and this code): a file with the same bytes is
    not scanned again for patterns, so a daily update scans only what
    changed. Identity values are another matter: a daily update brings new
    reporters, whose names may appear in a page published long before. With
    ``secret`` (the site's key), the cache also remembers which values (by
    keyed digest, never the values) its clean files were checked against, and
    a signature of each clean file (:func:`_signature`: a Bloom filter of its
    words, digit runs and e-mail addresses, as the scan sees them). A cached
    file is scanned again for the new values only when its signature says
    one of them may be in it; a Bloom filter never says "no" wrongly, so the
    findings are those of a full scan. The cache remembers only the last run's
    values, so a full pull after daily ones brings every reporter back as new:
    above :data:`_FILTER_MAX_VALUES` new values, the cached files are scanned
    for them without the filter test, which would cost more than the scan.
    Without ``secret``, the values are part of the fingerprint and any change
    of them forgets the cache.

    Files are scanned by ``jobs`` processes (default: the usable cores) when
    there are many; the findings do not depend on either.

    ``digests``, when given, is filled with the SHA-256 (hex) of every file
    scanned, by relative path: the bytes the audit passed, for a later check of
    the same tree that need not read them again (:func:`lapor_site.linkcheck.check_links`).

    ``alongside`` is a job that writes part of the tree while the rest is
    scanned (the site search's index, :mod:`lapor_site.build`): it runs in a
    thread once the workers are started (they are forked before any thread
    exists). It is called with the files under ``root`` as the audit listed
    them before it started (relative paths, sorted, as
    :func:`lapor_site.trees.list_files` gives them, excluded ones included),
    so that it need not list them again. The files whose relative path
    ``written_after`` accepts are listed and scanned only when it has
    returned. Every file is scanned once, as if the tree had been complete
    from the start. An exception of ``alongside`` is raised again once the
    scan is over.
    """
    identity_values, allow, excluded = list(identity_values), list(allow), tuple(exclude)
    fingerprint = _fingerprint(None if secret else identity_values, allow, excluded)
    checked, clean_before = _read_cache(cache, fingerprint)
    value_digests = {_value_digest(secret, v): v for v in identity_values} if secret else {}
    new_values = [v for d, v in value_digests.items() if d not in checked]
    root = Path(root)
    listed = list_files(root)
    job = _Alongside(alongside, listed)
    first = [item for item in _listing(root, excluded, listed) if not written_after(item[1])]

    def files() -> Iterator[tuple[str, str]]:
        yield from first
        job.join()
        yield from (item for item in _listing(root, excluded) if written_after(item[1]))

    jobs = jobs or len(os.sched_getaffinity(0))
    setup = (identity_values, allow, clean_before, new_values)
    if jobs > 1 and len(first) >= _PARALLEL_MIN_FILES:
        # fork: the workers need no import of the caller's main module (forkserver and
        # spawn would run a script without a __main__ guard again).
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs, _start_worker, setup) as pool:
            job.start()
            results = pool.imap(_audit_file, files(), chunksize=64)
            findings, clean_now = _collect(results, digests)
    else:
        job.start()
        _start_worker(*setup)
        findings, clean_now = _collect(map(_audit_file, files()), digests)
    job.join()
    job.raise_error()
    if cache is not None:
        _write_cache(cache, fingerprint, sorted(value_digests), clean_now)
    return sorted(findings)


class _Alongside:
    """A job run in a thread beside the scan; its exception is kept for the caller."""

    def __init__(self, job: Callable[[list[str]], object] | None, listed: list[str]) -> None:
        self.job = job
        self.listed = listed
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="audit-alongside", daemon=True)

    def _run(self) -> None:
        try:
            if self.job is not None:
                self.job(self.listed)
        except BaseException as error:  # raised again in the caller's thread
            self.error = error

    def start(self) -> None:
        self.thread.start()

    def join(self) -> None:
        self.thread.join()

    def raise_error(self) -> None:
        if self.error is not None:
            raise self.error


#: Below this many files, one process scans them (starting workers costs more).
_PARALLEL_MIN_FILES = 400
#: Changes whenever what the audit finds may change in a way the code hash misses.
_CACHE_FORMAT = "lapor-site audit cache 3"
_CODE_FILES = ("audit.py", "redact.py", "skeleton.py", "anonymize.py", "gazetteer.py")


def _fingerprint(
    identity_values: list[str] | None, allow: list[str], exclude: tuple[str, ...]
) -> str:
    """A digest of everything but the file that decides the audit of one file."""
    digest = hashlib.sha256(_CACHE_FORMAT.encode())
    here = Path(__file__).parent
    for name in _CODE_FILES:
        digest.update((here / name).read_bytes())
    groups = [sorted(allow), sorted(exclude)]
    if identity_values is not None:
        groups.append(sorted(identity_values))
    for group in groups:
        digest.update(json.dumps(group).encode())
    return digest.hexdigest()


def _value_digest(secret: bytes, value: str) -> str:
    """An identity value as the cache remembers it: keyed, so it cannot be guessed back."""
    return hmac.new(secret, value.encode("utf-8", "surrogatepass"), "sha256").hexdigest()[:32]


#: The cache file: a header line, the value digests' line, then per clean file its
#: SHA-256 (32 bytes), its signature's length (4 bytes, little-endian) and the signature.
_RECORD_HEAD = struct.Struct("<32sI")


def _read_cache(cache: Path | None, fingerprint: str) -> tuple[frozenset[str], dict[str, bytes]]:
    """The value digests the clean files were checked against, and the clean files."""
    try:
        data = cache.read_bytes() if cache else b""
        header, values, records = data.split(b"\n", 2)
    except (OSError, ValueError):
        return frozenset(), {}
    if header != f"{_CACHE_FORMAT} {fingerprint}".encode():
        return frozenset(), {}
    clean: dict[str, bytes] = {}
    offset = 0
    while offset < len(records):
        if offset + _RECORD_HEAD.size > len(records):
            return frozenset(), {}
        digest, length = _RECORD_HEAD.unpack_from(records, offset)
        offset += _RECORD_HEAD.size
        signature = records[offset : offset + length]
        # A damaged record could make a filter say "no" wrongly: then trust nothing.
        if len(signature) != length or not _valid_signature_size(length):
            return frozenset(), {}
        clean[digest.hex()] = signature
        offset += length
    try:
        return frozenset(values.decode("ascii").split()), clean
    except UnicodeDecodeError:
        return frozenset(), {}


def _write_cache(cache: Path, fingerprint: str, values: list[str], clean: dict[str, bytes]) -> None:
    parts = [f"{_CACHE_FORMAT} {fingerprint}\n{' '.join(values)}\n".encode()]
    for digest in sorted(clean):
        signature = clean[digest]
        parts += [_RECORD_HEAD.pack(bytes.fromhex(digest), len(signature)), signature]
    cachefile.save_bytes(cache, b"".join(parts))


_worker: tuple[_Auditor, dict[str, bytes], _Auditor | None] | None = None


def _start_worker(
    identity_values: list[str], allow: list[str], clean: dict[str, bytes], new_values: list[str]
) -> None:
    global _worker
    recheck = _Auditor(new_values, allow) if new_values else None
    _worker = (_Auditor(identity_values, allow), clean, recheck)


def _audit_file(item: tuple[str, str]) -> tuple[str, str, list[Finding], bytes]:
    """(digest, relative path, findings, signature) of one file."""
    assert _worker is not None
    auditor, clean, recheck = _worker
    path, relative = item
    with open(path, "rb") as file:
        data = file.read()
    digest = hashlib.sha256(data).hexdigest()
    signature = clean.get(digest)
    if signature is not None:
        if recheck is None or not recheck.may_occur_in(signature):
            return digest, relative, [], signature
        auditor = recheck  # patterns were checked before; the new values are not yet
    text = _decode(path, data)
    if text is None:
        return digest, relative, [], b""
    prepared = _prepared(text)
    found = [Finding(relative, line, kind) for line, kind in auditor.scan(prepared)]
    return digest, relative, found, _signature(prepared)


def _collect(
    results: Iterable[tuple[str, str, list[Finding], bytes]], digests: dict[str, str] | None
) -> tuple[set[Finding], dict[str, bytes]]:
    findings: set[Finding] = set()
    clean: dict[str, bytes] = {}
    dirty: set[str] = set()
    for digest, relative, found, signature in results:
        if digests is not None:
            digests[relative] = digest
        if found:
            findings.update(found)
            dirty.add(digest)
        else:
            clean[digest] = signature
    for digest in dirty:
        clean.pop(digest, None)
    return findings, clean


# ---------------------------------------------------------------------------
# Signatures: what identity values a clean file could hold
# ---------------------------------------------------------------------------

#: Digit runs are remembered as their pieces of this many digits (an identity
#: number's core has at least 6: 8 digits less a "62" prefix).
_SIGNATURE_GRAM = 6
#: Bits of Bloom filter per remembered item (at least; sizes are powers of two, so
#: that the bits of an identity value are worked out once per size), and bits set
#: per item: under 1.7% false "maybe" per item; a value needs all its items.
_SIGNATURE_BITS_PER_ITEM = 10
_SIGNATURE_HASHES = 3
_SIGNATURE_MIN_BITS = 64
_SECOND_SEED = 0x5BD1E995


def _signature_items(prepared: _Prepared) -> set[str]:
    """What the identity scan matches in a file's folded text: words, digit pieces, e-mails."""
    low = prepared.low
    items = {"w" + word for word in prepared.words}
    for run in _LOOSE_DIGITS_RE.findall(low):
        digits = digits_of(run)
        pieces = range(len(digits) - _SIGNATURE_GRAM + 1)
        items.update("d" + digits[i : i + _SIGNATURE_GRAM] for i in pieces)
    if "@" in low:
        for m in find_emails(low):
            # Twice, under two names: an address is one item, so it takes two to make
            # its false "maybe" as rare as a two-word name's.
            email = m.group().replace(" ", "")
            items.update(("e" + email, "E" + email))
    return items


#: Items whose two hashes are remembered (most of a page's words are the theme's own,
#: the same on every page); the memo starts again when full.
_HASH_MEMO_SIZE = 200_000
_hash_memo: dict[str, tuple[int, int]] = {}


def _bloom_positions(items: Iterable[str], bits: int) -> Iterator[int]:
    """The bits of each of ``items`` in a filter of ``bits`` bits (a power of two): double
    hashing with two CRC-32s, which are stable across runs and fast. One loop over all the
    items: a case page has hundreds, and a call per item was a third of the audit's time."""
    last, memo = bits - 1, _hash_memo
    for item in items:
        hashes = memo.get(item)
        if hashes is None:
            hashes = _item_hashes(item)
            if len(memo) >= _HASH_MEMO_SIZE:
                memo.clear()
            memo[item] = hashes
        first, second = hashes
        for i in range(_SIGNATURE_HASHES):
            yield (first + i * second) & last


#: Above this many new identity values, a cached file is scanned for them instead of
#: tested against its filter: the test costs about 0.26 µs per value and file, a scan
#: about 3 ms per case page whatever the number of values (measured at 20,000 cases).
_FILTER_MAX_VALUES = 4000


def _item_hashes(item: str) -> tuple[int, int]:
    data = item.encode("utf-8", "surrogatepass")
    return zlib.crc32(data), zlib.crc32(data, _SECOND_SEED) | 1


def _signature(prepared: _Prepared) -> bytes:
    """A Bloom filter of :func:`_signature_items` (a few hundred bytes for a case page)."""
    items = _signature_items(prepared)
    bits = _SIGNATURE_MIN_BITS
    while bits < len(items) * _SIGNATURE_BITS_PER_ITEM:
        bits *= 2
    bloom = bytearray(bits // 8)
    for position in _bloom_positions(items, bits):
        bloom[position >> 3] |= 1 << (position & 7)
    return bytes(bloom)


def _valid_signature_size(size: int) -> bool:
    """0 (a binary file) or a power of two of at least the smallest filter, in bytes."""
    return size == 0 or (size >= _SIGNATURE_MIN_BITS // 8 and size & (size - 1) == 0)


class _ValueMasks:
    """Identity values as the bits their items set, per filter size: a value may be in a
    file when, for every one of its items, all the item's bits are set.

    The bits are kept as positions and read from the filter's bytes, never as an
    integer mask as wide as the filter: a site's large data files have filters of
    32 KB and more, and thousands of masks that wide took gigabytes.
    """

    def __init__(self, values: list[list[str]]) -> None:
        self.hashes = [[_item_hashes(item) for item in items] for items in values]
        self._by_size: dict[int, list[tuple[int, ...]]] = {}

    def any_in(self, signature: bytes) -> bool:
        if not signature:
            return False  # a binary file: never scanned, nothing to match
        bits = len(signature) * 8
        values = self._by_size.get(bits)
        if values is None:
            values = [_value_positions(items, bits) for items in self.hashes]
            self._by_size[bits] = values
        for positions in values:
            # Most values fail on their first bit.
            for position in positions:
                if not signature[position >> 3] >> (position & 7) & 1:
                    break
            else:
                return True
        return False


def _value_positions(items: list[tuple[int, int]], bits: int) -> tuple[int, ...]:
    last = bits - 1
    return tuple(
        (first + i * second) & last for first, second in items for i in range(_SIGNATURE_HASHES)
    )


# ---------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------


def _listing(
    root: Path, excluded: tuple[str, ...], listed: list[str] | None = None
) -> list[tuple[str, str]]:
    """(path, relative path) of the files under ``root`` that no ``excluded`` pattern matches
    (of ``listed``, the relative paths of a listing just made, if given)."""
    top = os.fspath(root)
    is_excluded = _exclusion_matcher(excluded)
    return [
        (os.path.join(top, relative), relative)
        for relative in (list_files(top) if listed is None else listed)
        if not is_excluded(relative)
    ]


@functools.lru_cache(maxsize=16)
def _exclusion_matcher(excluded: tuple[str, ...]) -> Callable[[str], object]:
    """Whether a relative path matches one of the :mod:`fnmatch` patterns ``excluded``."""
    if not excluded:
        return lambda relative: False
    return re.compile("|".join(fnmatch.translate(pattern) for pattern in excluded)).match


def _decode(path: str, data: bytes) -> str | None:
    """The text of the file ``path`` whose bytes are ``data``, or ``None`` if binary."""
    if os.path.splitext(path)[1] in _GZIP_SUFFIXES:
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            return None
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors="replace")
    if not _is_text(data[:_SNIFF_BYTES]):
        return None
    return data.decode("utf-8", errors="replace")


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: gzip-compressed files: ``.gz`` and the site search's index (Pagefind).
_GZIP_SUFFIXES = frozenset((".gz", ".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter"))


def _is_text(head: bytes) -> bool:
    return head.startswith(_UTF16_BOMS) or b"\x00" not in head


# ---------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------

# Line breaks other than "\n" become spaces, so line numbers stay those of
# the file after decoding and normalization (a regex: most files have none,
# and str.translate would visit every character).
_OTHER_BREAKS_RE = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_ALL_BREAKS = str.maketrans(dict.fromkeys("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", " "))
# One encoded character (or a run of percent escapes, for UTF-8 sequences).
# Every branch starts with a literal, so the regex engine skips to "&", "%"
# or "\\" quickly.
_ESCAPE_RE = re.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?"
    r"|%[0-9A-Fa-f]{2}(?:%[0-9A-Fa-f]{2})*"
    r"|\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2}|\\/"
)
#: Times an encoded text is decoded again ("&amp;#48;" needs two).
_DECODE_ROUNDS = 3


def _decode_escape(match: re.Match[str]) -> str:
    return _decoded(match.group())


@functools.lru_cache(maxsize=4096)
def _decoded(escape: str) -> str:
    """One escape decoded (pages repeat the same few: "&amp;", "&#34;", "%20")."""
    if escape[0] == "&":
        decoded = html.unescape(escape)
    elif escape[0] == "%":
        decoded = urllib.parse.unquote(escape, errors="replace")
    elif escape == "\\/":
        decoded = "/"
    else:
        decoded = chr(int(escape[2:], 16))
    return decoded.translate(_ALL_BREAKS)


def _prepare(text: str) -> str:
    """Decode HTML entities, percent and JS/JSON escapes, then normalize.

    Decoded line breaks become spaces, so the result has the file's lines.
    """
    text = _OTHER_BREAKS_RE.sub(" ", text.replace("\r\n", "\n"))
    for _ in range(_DECODE_ROUNDS):
        decoded = _ESCAPE_RE.sub(_decode_escape, text)
        if decoded == text:
            break
        text = decoded
    return normalize(text)


# ---------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------

# A case id standing alone: no letter, digit or "_" on either side.
_CASE_ID_RE = re.compile(rf"\b{PSEUDONYM_RE.pattern}\b")
_CASE_ID_MASK = PSEUDONYM_ALPHABET[0] * PSEUDONYM_LENGTH


def mask_case_ids(text: str) -> str:
    """``text`` with every whole-word case id replaced by one fixed id-shaped token.

    The mask has the id's length and character class (lowercase consonants),
    so offsets, word boundaries and what the patterns see around an id stay
    exactly as they were: a number next to an id is still a number on its own
    ("<id>,0812…", "/kasus/<id>/0812…"), an id in an e-mail address still
    makes an address ("<id>@gmail.com"), an id between a keyword and its
    number still fills the gap like any word ("rek <id> 1234…"). Only the
    id's own letters, which depend on the secret, are hidden from the scan.
    An id glued to other letters or digits is not a case id and stays.
    """
    return _CASE_ID_RE.sub(_CASE_ID_MASK, text)


def _patterns(text: str, skel: Skeleton, low: str) -> list[Match]:
    """``find_structured(mask_case_ids(text), strict=True)``, given ``text``'s skeleton.

    When the skeleton has the text's offsets (most files: nothing to fold but
    characters one for one), the skeleton of the masked text is that skeleton
    with the same spans masked: a case id is twelve ASCII consonants, which no
    pass of the skeleton rewrites or treats apart from any other letter (digit
    words, "at", "dot" and top-level domains all have a vowel or are shorter),
    so it is not made twice.
    """
    if not skel.identity:
        return find_structured(mask_case_ids(text), strict=True)
    spans = _case_id_spans(text)
    if spans:
        skel_text, low = _masked(skel.text, spans), _masked(low, spans)
    else:
        skel_text = skel.text
    return find_structured_in_skeleton(skel_text, low, strict=True)


# A case id's letters not followed by a word character: where a case id may be.
_CASE_ID_CANDIDATE_RE = re.compile(rf"{PSEUDONYM_RE.pattern}(?!\w)")
_WORD_CHARACTER_RE = re.compile(r"\w")


def _case_id_spans(text: str) -> list[tuple[int, int]]:
    """The spans :data:`_CASE_ID_RE` finds in ``text``, found faster.

    A candidate preceded by a word character is not a case id, and no case id
    can overlap it (it would follow one of its letters), so the regex can start
    with the letters, which the regex engine looks for quickly.
    """
    return [
        m.span()
        for m in _CASE_ID_CANDIDATE_RE.finditer(text)
        if not m.start() or not _WORD_CHARACTER_RE.match(text, m.start() - 1)
    ]


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span (of a case id) replaced by the mask."""
    parts, position = [], 0
    for start, end in spans:
        parts += (text[position:start], _CASE_ID_MASK)
        position = end
    parts.append(text[position:])
    return "".join(parts)


# Digits as people and pages write them: separated by spaces, dots, dashes,
# slashes, brackets or "+" ("0812/3456/7890", "(0541) 741234").
_LOOSE_DIGITS_RE = re.compile(r"\d+(?:[ \t.\-/()+_]{1,3}\d+)*")
_NAME_WORD_RE = re.compile(r"[^\W\d_]+")
_NAME_SEPARATOR = r"(?:<[^<>\n]{0,200}>|[\W_])+"


# Every ASCII byte but a letter becomes a space.
_ASCII_NON_LETTERS = bytes(b if chr(b).isalpha() or b >= 0x80 else 0x20 for b in range(256))


def _words_of(text: str) -> set[str]:
    """The distinct words (``_NAME_WORD_RE`` matches) of ``text``, found at C speed.

    ASCII characters other than letters become spaces, then the text is split
    at whitespace: a piece of ASCII letters is a whole word, and only the
    pieces with other characters are searched with the regex.
    """
    spaced = text.encode("utf-8", "surrogatepass").translate(_ASCII_NON_LETTERS)
    pieces = set(spaced.decode("utf-8", "surrogatepass").split())
    other = [piece for piece in pieces if not piece.isascii()]
    pieces.difference_update(other)
    for piece in other:
        pieces.update(_NAME_WORD_RE.findall(piece))
    return pieces


def _skeleton_of(value: str) -> str:
    """An identity or allowed value as the audit matches it: normalized, folded, stripped."""
    return skeleton(normalize(value)).text.strip()


def _core_digits(digits: str) -> str:
    """Digits without a leading "62" or "0", so 0812…, 62812… and +62 812… agree."""
    if digits.startswith("62"):
        return digits[2:]
    return digits[1:] if digits.startswith("0") else digits


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A file's text as the scan reads it: decoded, its skeleton, that folded, and the
    distinct words of the folded text (the name scan and the signature both need them)."""

    text: str
    skel: Skeleton
    low: str
    words: set[str]


def _prepared(raw: str) -> _Prepared:
    text = _prepare(raw)
    skel = skeleton(text)
    low = fold(skel.text)
    return _Prepared(text, skel, low, _words_of(low))


class _Auditor:
    """Compiled identity values and allow-list, applied to one file at a time."""

    def __init__(self, identity_values: Iterable[str], allow: Iterable[str]) -> None:
        self.emails: set[str] = set()
        self.numbers: set[str] = set()
        self.names: dict[str, list[tuple[str, ...]]] = {}
        for value in identity_values:
            self._add_identity(_skeleton_of(value))
        self.number_lengths = sorted({len(n) for n in self.numbers})
        self._name_patterns: dict[tuple[str, ...], re.Pattern[str]] = {}
        self._masks: _ValueMasks | None = None
        self._too_many = False
        allowed = [_skeleton_of(a) for a in allow if a.strip()]
        self.allow_text = {fold(a) for a in allowed}
        self.allow_text |= {a.lstrip("@") for a in self.allow_text}
        self.allow_digits = {_core_digits(digits_of(a)) for a in allowed if len(digits_of(a)) >= 3}

    def _add_identity(self, value: str) -> None:
        if not value:
            return
        if "@" in value:
            self.emails.add(fold(value).replace(" ", ""))
            return
        digits = digits_of(value)
        if len(digits) >= MIN_IDENTITY_DIGITS and not re.search(r"[^\W\d_]", value):
            self.numbers.add(_core_digits(digits))
            return
        words = tuple(_NAME_WORD_RE.findall(fold(value)))
        if len(words) >= 2 or (words and len(words[0]) >= MIN_NAME_CHARS):
            self.names.setdefault(words[0], []).append(words)

    # -- allow-list --------------------------------------------------------

    def _allowed(self, kind: str, value: str) -> bool:
        value = skeleton(value).text
        text = fold(value).strip()
        if text in self.allow_text or text.lstrip("@") in self.allow_text:
            return True
        return kind in _NUMBER_KINDS and _core_digits(digits_of(value)) in self.allow_digits

    # -- scanning ----------------------------------------------------------

    def may_occur_in(self, signature: bytes) -> bool:
        """Whether an identity value may be in the file of ``signature`` (:func:`_signature`).

        A value needs every item the scan would need: a name all its words, a
        number every piece of its digits, an e-mail address itself. With more
        than :data:`_FILTER_MAX_VALUES` values, always True: scanning the file
        costs less than testing them all.
        """
        if self._masks is None and not self._too_many:
            values = [["e" + email, "E" + email] for email in self.emails]
            for core in self.numbers:
                pieces = range(len(core) - _SIGNATURE_GRAM + 1)
                values.append(["d" + core[i : i + _SIGNATURE_GRAM] for i in pieces])
            for names in self.names.values():
                values += [["w" + word for word in name] for name in names]
            self._masks = _ValueMasks(values) if len(values) <= _FILTER_MAX_VALUES else None
            self._too_many = self._masks is None
        return self._masks is None or self._masks.any_in(signature)

    def scan(self, raw: str | _Prepared) -> Iterator[tuple[int, str]]:
        """(line, kind) for each finding in the file text ``raw`` (or its :func:`_prepared`)."""
        prepared = raw if isinstance(raw, _Prepared) else _prepared(raw)
        text, skel, low = prepared.text, prepared.skel, prepared.low
        newlines = [m.start() for m in re.finditer("\n", text)]

        def line_of(offset: int) -> int:
            return bisect_right(newlines, offset) + 1

        for match in _patterns(text, skel, low):
            value = text[match.start : match.end]
            if match.kind in PATTERN_KINDS and not self._allowed(match.kind, value):
                yield line_of(match.start), match.kind
        # The skeleton keeps every line break: its lines are the file's.
        for start, end in self._identity_spans(prepared):
            if not self._allowed("", skel.text[start:end]):
                yield line_of(skel.span(start, end)[0]), IDENTITY_VALUE

    def _identity_spans(self, prepared: _Prepared) -> Iterator[tuple[int, int]]:
        low = prepared.low
        if self.emails and "@" in low:
            for m in find_emails(low):
                if m.group().replace(" ", "") in self.emails:
                    yield m.span()
        if self.numbers:
            yield from self._number_spans(low)
        if self.names:
            yield from self._name_spans(low, prepared.words)

    def _number_spans(self, low: str) -> Iterator[tuple[int, int]]:
        shortest = self.number_lengths[0]
        # Most runs are short or hold no identity number: look at the strings
        # first, and for the spans only when one does.
        runs = _LOOSE_DIGITS_RE.findall(low)
        if not any(self._is_identity_run(run, shortest) for run in runs if len(run) >= shortest):
            return
        for m in _LOOSE_DIGITS_RE.finditer(low):
            if m.end() - m.start() >= shortest and self._is_identity_run(m.group(), shortest):
                yield m.span()

    def _is_identity_run(self, run: str, shortest: int) -> bool:
        digits = digits_of(run)
        return len(digits) >= shortest and self._has_identity_number(digits)

    def _has_identity_number(self, digits: str) -> bool:
        for length in self.number_lengths:
            for i in range(len(digits) - length + 1):
                if digits[i : i + length] in self.numbers:
                    return True
        return False

    def _name_spans(self, low: str, words: set[str]) -> Iterator[tuple[int, int]]:
        for first in words.intersection(self.names):
            for name in self.names[first]:
                if all(word in words for word in name):
                    yield from (m.span() for m in self._name_pattern(name).finditer(low))

    def _name_pattern(self, name: tuple[str, ...]) -> re.Pattern[str]:
        pattern = self._name_patterns.get(name)
        if pattern is None:
            # Anything but letters and digits between the words, and tags:
            # "budi santoso", "budi-santoso" (a slug), "budi+santoso" (a query),
            # "budi <b>santoso</b>".
            body = _NAME_SEPARATOR.join(re.escape(word) for word in name)
            pattern = re.compile(rf"(?<![^\W_]){body}(?![^\W_])")
            self._name_patterns[name] = pattern
        return pattern
