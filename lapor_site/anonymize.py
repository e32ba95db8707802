"""Anonymize stage: the only way a case becomes fit to publish.

It replaces the source's tracking id with a keyed pseudonym (HMAC-SHA256 with
the deployment's secret, stable across runs, spelled in consonants so that it
can never look like a telephone, NIK or account number), drops the reporter's
identity, blanks the free text of cases that will never be shown (unresolved
or confidential cases count only in aggregates) and redacts personal data
from the free text of the rest.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import itertools
import multiprocessing
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping

from lapor_site.model import LABEL_FIELDS, TEXT_FIELDS, Case
from lapor_site.redact import Redactor, digits_of, normalize
from lapor_site.spool import CaseSpool, decode, encode

#: Replaces a whole label (category, agency, region, district) that carries contact details.
LABEL_PLACEHOLDER = "[label disamarkan]"
#: An unknown label with this many digits or more is taken for a number, not a name.
LABEL_DIGIT_LIMIT = 6
#: Signs of contact details in a label: e-mail and web addresses, also spelled out.
_LABEL_CONTACT = re.compile(
    r"@|&#0*64;|(?<![a-z])(?:at|dot|titik|et)(?![a-z])|https?:|www\.|"
    r"\.(?:com|net|org|id|co|me|info)(?![a-z])",
    re.IGNORECASE,
)

#: Letters of a public case id: lowercase consonants only. No digits, so an id
#: can never read as a telephone, NIK or account number, alone or next to the
#: digits around it in a URL or a CSV row; no vowels (nor "y"), so an id never
#: spells a word, a name or one of the keywords that announce a number.
PSEUDONYM_ALPHABET = "bcdfghjklmnpqrstvwxz"
#: Length of a public case id: 20**12 ids, about 52 bits.
PSEUDONYM_LENGTH = 12
#: The shape of a public case id, the one definition the audit and the tests use
#: (``PSEUDONYM_RE.fullmatch(text)``; the audit adds word boundaries).
PSEUDONYM_RE = re.compile(f"[{PSEUDONYM_ALPHABET}]{{{PSEUDONYM_LENGTH}}}")

_ID_SPACE = len(PSEUDONYM_ALPHABET) ** PSEUDONYM_LENGTH


def pseudonym(tracking_id: str, key: bytes) -> str:
    """The public id of a case: a keyed hash of the source's id, never the id itself.

    The 256-bit HMAC-SHA256 digest, read as an integer, is reduced modulo
    ``20**12`` and written in base 20 with :data:`PSEUDONYM_ALPHABET`. The
    reduction makes some ids likelier than others by a relative
    ``20**12 / 2**256`` at most (about ``2**-204``): negligible, so no
    rejection loop is needed and every id costs the same.
    """
    digest = hmac.new(key, tracking_id.encode("utf-8"), hashlib.sha256).digest()
    number = int.from_bytes(digest, "big") % _ID_SPACE
    base = len(PSEUDONYM_ALPHABET)
    letters = []
    for _ in range(PSEUDONYM_LENGTH):
        number, digit = divmod(number, base)
        letters.append(PSEUDONYM_ALPHABET[digit])
    return "".join(letters)


#: Distinct labels whose redaction is remembered (the memo restarts when full).
_LABEL_MEMO_SIZE = 4096


class Anonymizer:
    """Turns validated cases into anonymized ones and counts what it redacted."""

    def __init__(
        self,
        key: bytes,
        protected: Iterable[str] = (),
        known_names: Iterable[str] = (),
        known_labels: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        self._key = key
        #: The region's own lists (areas, agencies) per label field: trusted as they are.
        self._known_labels = {f: frozenset(v) for f, v in (known_labels or {}).items()}
        # Other reporters' names: see Redactor._known_names_pattern.
        self._redactor = Redactor(protected=protected, known_names=known_names)
        #: Redactions per kind over all cases, for the operator's report (never values).
        self.counts: Counter[str] = Counter()
        self._label_memo: dict[str, tuple[str, Counter[str]]] = {}

    def anonymize(self, case: Case) -> Case:
        if case.identity is None:
            raise ValueError(f"case {case.id!r} is already anonymized")
        names = [case.identity.name] if case.identity.name else []
        texts = dict.fromkeys(TEXT_FIELDS, "")
        if case.is_publishable:
            texts.update((name, self._redact(getattr(case, name), names)) for name in TEXT_FIELDS)
        # Labels reach the statistics for every case, so every case's labels are redacted.
        labels = {
            name: self._redact_label(name, getattr(case, name), names) for name in LABEL_FIELDS
        }
        return dataclasses.replace(
            case, id=pseudonym(case.id, self._key), identity=None, **texts, **labels
        )

    def _redact(self, text: str, names: list[str]) -> str:
        if not text:
            return text
        redaction = self._redactor.redact(text, names)
        self.counts.update(redaction.counts)
        return redaction.text

    def _redact_label(self, field: str, label: str, names: list[str]) -> str:
        """A label, redacted like free text; one not in the region's lists is checked harder.

        A label is a name for a group of cases, so a label that needed any
        redaction, has many digits or carries an address (e-mail or web, also
        written ``at``/``dot``) is replaced whole: half a label helps nobody.
        """
        if not label or label in self._known_labels.get(field, ()):
            return label
        redacted = self._redact_label_text(label, names)
        suspicious = (
            redacted != label
            or len(digits_of(normalize(label))) >= LABEL_DIGIT_LIMIT
            or _LABEL_CONTACT.search(normalize(label))
        )
        if suspicious:
            self.counts["label"] += 1
            return LABEL_PLACEHOLDER
        return redacted

    def _redact_label_text(self, label: str, names: list[str]) -> str:
        """``label`` redacted with the record's ``names``, as :meth:`_redact` would.

        Labels repeat across thousands of records, so the name-independent
        redaction is remembered per label; only a label the record's own name
        occurs in is redacted again with it (the other steps would give the same).
        """
        remembered = self._label_memo.get(label)
        if remembered is None:
            if len(self._label_memo) >= _LABEL_MEMO_SIZE:
                self._label_memo.clear()
            redaction = self._redactor.redact(label)
            remembered = self._label_memo[label] = (redaction.text, redaction.counts)
        text, counts = remembered
        if text == label and names and self._redactor.mentions_name(label, names):
            return self._redact(label, names)
        self.counts.update(counts)
        return text

    def anonymize_all(self, cases: Iterable[Case], jobs: int | None = None) -> list[Case]:
        """Every case anonymized, as a list in id order (see :meth:`anonymize_in_id_order`)."""
        return list(self.anonymize_in_id_order(cases, jobs))

    def anonymize_in_id_order(
        self, cases: Iterable[Case], jobs: int | None = None
    ) -> Iterator[Case]:
        """Anonymize every case; they come out in the order of their public ids.

        The cases are first grouped by the first letter of their public id (a
        keyed hash: the groups are about equal), held compressed
        (:mod:`lapor_site.spool`). Each group is then anonymized and sorted on
        its own, and the groups come out in order, so the write stage takes a
        group's cases as soon as it is done while the next groups are still
        being anonymized. The groups are split between ``jobs`` processes
        (default: the usable cores); the cases and the counts are the same as
        one process gives. Two cases with the same public id are an error (a
        pseudonym collision), never a silent merge.
        """
        spool = cases if isinstance(cases, CaseSpool) else CaseSpool(cases)
        groups = spool.grouped(lambda case_id: pseudonym(case_id, self._key)[0])
        count = len(spool)
        del cases, spool  # the groups hold the cases now (the caller may let go of them too)
        order = sorted(groups)
        jobs = jobs or len(os.sched_getaffinity(0))
        if jobs > 1 and count >= _PARALLEL_MIN_CASES:
            yield from self._anonymize_in_processes(groups, order, jobs)
        else:
            for first in order:
                yield from self._anonymize_group(groups[first])

    def _anonymize_group(self, group: CaseSpool) -> list[Case]:
        """The cases of ``group`` anonymized, in id order; a repeated id is an error."""
        done = sorted((self.anonymize(case) for case in group), key=lambda case: case.id)
        for before, after in itertools.pairwise(done):
            if before.id == after.id:
                raise ValueError(f"pseudonym collision for {after.id}; lengthen PSEUDONYM_LENGTH")
        return done

    def _anonymize_in_processes(
        self, groups: dict[str, CaseSpool], order: list[str], jobs: int
    ) -> Iterator[Case]:
        global _forked
        _forked = (self, groups)
        try:
            # fork: the workers inherit this anonymizer (its compiled names) and the
            # grouped cases as they are, and need no import of the caller's main module.
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                for chunk, counts in pool.imap(_anonymize_forked_group, order):
                    self.counts.update(counts)
                    yield from decode(chunk)
        finally:
            _forked = None


#: Below this many cases one process anonymizes them (starting workers costs more).
_PARALLEL_MIN_CASES = 2000
#: What the worker processes inherit: the anonymizer and the grouped cases.
_forked: tuple[Anonymizer, dict[str, CaseSpool]] | None = None


def _anonymize_forked_group(first: str) -> tuple[bytes, Counter[str]]:
    """In a worker: one inherited group anonymized, as a compressed chunk; its counts."""
    assert _forked is not None
    anonymizer, groups = _forked
    anonymizer.counts = Counter()
    return encode(anonymizer._anonymize_group(groups[first])), anonymizer.counts


def key_check(key: bytes) -> str:
    """A value that tells whether two pseudonym keys are the same, revealing neither."""
    return hmac.new(key, b"lapor-site key check", hashlib.sha256).hexdigest()[:16]
