"""The sync pipeline: sources → validate → anonymize → aggregate → write.

:func:`sync` runs the stages in order (the write stage also writes the
monthly reports, :mod:`lapor_site.monthly`) and writes a fresh tree at a
staged path; the caller's transaction makes it public, so any failure leaves
the published tree as it was. Between the stages the cases are held in
compressed spools (:mod:`lapor_site.spool`): the validated cases in input
order, then grouped by public id for the anonymizer, which gives them back
in id order, group by group; merged with the case store's (also in id
order), the write stage takes them one at a time as they come, keeping of
each only what the statistics need, while the workers anonymize the next
groups. The sync's memory therefore grows far more slowly than its
input: a 100,000-record pull stays near 260 MB. It returns a
:class:`SyncReport` for the operator; the report holds counts and
positions, never personal data.
"""

from __future__ import annotations

import heapq
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path

from lapor_site.aggregate import Limits, aggregate
from lapor_site.anonymize import Anonymizer, key_check
from lapor_site.model import Case
from lapor_site.monthly import MonthlyCases, render_monthly_reports
from lapor_site.opendata import Publisher
from lapor_site.settings import SECRET_ENV, Settings, pseudonym_secret
from lapor_site.sources import Source
from lapor_site.spool import SortedSpool
from lapor_site.store import CaseStore
from lapor_site.validate import Problem, ValidationResult, refusal_message, validate
from lapor_site.write import TreeWriter


class SyncError(Exception):
    """The sync was refused; the message is one line and safe to print."""


@dataclass(slots=True)
class SyncReport:
    records: int = 0
    valid: int = 0
    duplicates: int = 0
    problems: list[Problem] = field(default_factory=list)
    published: int = 0
    redactions: Counter[str] = field(default_factory=Counter)
    changed: bool = False
    demo_key: bool = False
    incremental: bool = False
    kept_from_store: int = 0
    as_of: str | None = None
    identity_values: list[str] = field(default_factory=list, repr=False)

    def summary_lines(self) -> list[str]:
        lines = [
            f"records read: {self.records}, valid: {self.valid}, invalid: {len(self.problems)}, "
            f"identical duplicates dropped: {self.duplicates}",
            f"cases published: {self.published}; data as of {self.as_of or '-'}",
        ]
        if self.incremental:
            lines.append(f"incremental pull: {self.kept_from_store} earlier cases kept from store")
        if self.redactions:
            kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(self.redactions.items()))
            lines.append(f"redacted: {kinds}")
        else:
            lines.append("redacted: nothing")
        lines += [f"skipped {problem}" for problem in self.problems]
        if self.demo_key:
            lines.append(
                "note: LAPOR_SITE_SECRET is not set; case ids use the public demo key "
                "(fine for the sample data, never for real data)"
            )
        lines.append("content changed" if self.changed else "content unchanged")
        return lines


@dataclass(frozen=True, slots=True)
class SyncOptions:
    """How one sync runs. The defaults are the scheduled job's."""

    #: The input is the bundled synthetic sample (the only input allowed with the demo key).
    sample: bool = False
    #: Cases the site shows now; a pull publishing far fewer is refused (see ``allow_shrink``).
    previously_published: int = 0
    #: Publish even when the pull would shrink the site below ``min_published_share``.
    allow_shrink: bool = False
    #: The key check of the cases in the store (see :func:`provenance`), if known.
    stored_key_check: str | None = None


#: Name of the file in the generated tree that records how its ids were made (not published).
PROVENANCE_FILE = "provenance.json"


def sync(
    source: Source,
    settings: Settings,
    target: Path,
    store: CaseStore | None = None,
    store_out: Path | None = None,
    options: SyncOptions = SyncOptions(),
) -> SyncReport:
    """Pull the records from ``source`` and write the result as a fresh tree at ``target``.

    ``target`` is a staged path (see :mod:`lapor_site.transaction`). With a
    ``store``, the anonymized cases are written to ``store_out`` (default: the
    store's own path). When the source pulled incrementally
    (``source.is_incremental``), the stored cases are merged with the pulled
    ones first, and a pull with no records at all is fine ("nothing new");
    otherwise the pull replaces them.
    """
    key, demo_key = pseudonym_secret()
    if demo_key and not options.sample:
        raise SyncError(
            f"{SECRET_ENV} is not set: only the bundled sample may be synced with the public "
            f"demo key; set {SECRET_ENV} to a long random value (README, 'Running it for real')"
        )
    report = SyncReport(incremental=bool(getattr(source, "is_incremental", False)))
    report.demo_key = demo_key
    stale = options.stored_key_check not in (None, key_check(key))
    if report.incremental and stale:
        raise SyncError(
            f"the stored cases were pseudonymized with another {SECRET_ENV}; an incremental "
            "pull would publish them twice; run `lapor-site sync --full` to renumber every case"
        )
    context = _Publication(settings, target, store, store_out, options, key)
    # The stored cases are read first: a damaged store is the error to report, before the pull's.
    stored = SortedSpool()
    if store is not None and report.incremental:
        for case in store.cases():
            stored.add(case)
    result = validate(source.fetch())
    if report.incremental and result.total == 0 and stored:
        # Nothing new: the stored cases as they are.
        pulled, redactions = iter(()), Counter()
    else:
        anonymizer = _anonymizer_for(result, source, settings, key, report)
        pulled, redactions = anonymizer.anonymize_in_id_order(result.cases), anonymizer.counts
    del result  # the validated cases live on in the anonymizer's groups only
    merged = _PulledOverStored(pulled, stored)
    _publish(merged, report, context, redactions)
    report.kept_from_store = merged.kept
    return report


def _anonymizer_for(
    result: ValidationResult, source: Source, settings: Settings, key: bytes, report: SyncReport
) -> Anonymizer:
    """The anonymizer of a pull that passed the checks; the report gets its counts."""
    report.records = result.total
    report.valid, report.duplicates = len(result.cases), result.duplicates
    report.problems = result.problems
    if not result.cases:
        raise SyncError(refusal_message(result, source))
    share = len(result.problems) / result.total
    if share > settings.max_invalid_share:
        raise SyncError(refusal_message(result, source, settings.max_invalid_share))
    values: set[str] = set()
    names: set[str] = set()
    for case in result.cases:
        if case.identity:
            values.update(case.identity.values())
            if case.identity.name:
                names.add(case.identity.name)
    report.identity_values = sorted(values)
    return Anonymizer(
        key,
        protected=settings.protected_words,
        known_names=names,
        known_labels={"region": settings.areas, "agency": settings.agencies},
    )


@dataclass(frozen=True, slots=True)
class _Publication:
    settings: Settings
    target: Path
    store: CaseStore | None
    store_out: Path | None
    options: SyncOptions
    key: bytes


class _PulledOverStored:
    """The pulled and the stored cases, both in id order, as one stream in id order.

    A pulled case replaces the stored case of its id; :attr:`kept` counts the
    stored cases that were not replaced, once the stream is consumed.
    """

    def __init__(self, pulled: Iterable[Case], stored: Iterable[Case]) -> None:
        self._pulled, self._stored = pulled, stored
        self.kept = 0

    def __iter__(self) -> Iterator[Case]:
        pulled = _tagged(self._pulled, True)
        stored = _tagged(self._stored, False)
        last = None
        # heapq.merge is stable: of two equal ids, the pulled case (first iterable) comes first.
        for case, is_pulled in heapq.merge(pulled, stored, key=lambda item: item[0].id):
            if case.id == last:
                continue
            last = case.id
            self.kept += not is_pulled
            yield case


def _tagged(cases: Iterable[Case], tag: bool) -> Iterator[tuple[Case, bool]]:
    return ((case, tag) for case in cases)


def _publish(
    cases: Iterable[Case], report: SyncReport, context: _Publication, redactions: Counter[str]
) -> SyncReport:
    """Write the tree and the store in one pass over ``cases`` (in id order), then the figures.

    The pass keeps, of each case, only what the statistics need (no text) and
    the few cases each monthly report lists; everything else is written as it
    goes, while later cases may still be being anonymized. ``redactions`` is
    complete once the pass is. A refusal after the pass leaves only the staged
    paths, which the caller's transaction discards.
    """
    settings, options = context.settings, context.options
    counted: list[Case] = []
    listed = MonthlyCases(settings.tz)
    with ExitStack() as stack:
        tree = stack.enter_context(
            TreeWriter(context.target, settings.tz, Publisher.from_settings(settings))
        )
        store = None
        if context.store is not None:
            store = stack.enter_context(context.store.writing(context.store_out))
        for case in cases:
            tree.add(case)
            if store is not None:
                store.add(case)
            listed.offer(case)
            counted.append(_without_text(case))
        report.redactions = redactions
        limits = Limits(
            settings.verification_limit, settings.response_limit, settings.unhandled_limit
        )
        stats = aggregate(
            counted, settings.tz, settings.min_cell_count, settings.min_ranked_reports, limits
        )
        del counted
        report.as_of = stats["as_of"]
        report.published = stats["totals"]["published"]
        floor = settings.min_published_share * options.previously_published
        if report.published < floor and not options.allow_shrink:
            raise SyncError(
                f"this pull would publish {report.published} cases where the site shows "
                f"{options.previously_published} (under {settings.min_published_share:.0%}); "
                "nothing published; if that is right, run again with --allow-shrink"
            )
        extra = render_monthly_reports(listed.cases(), stats, settings)
        extra[PROVENANCE_FILE] = json.dumps(
            provenance(context.key, demo_key=report.demo_key, sample=options.sample), indent=1
        )
        tree.finish(stats, extra)
    return report


def _without_text(case: Case) -> Case:
    """``case`` with what the statistics need only: no title, description or response."""
    if case.title or case.description or case.response:
        return replace(case, title="", description="", response="")
    return case


def provenance(key: bytes, *, demo_key: bool, sample: bool) -> dict[str, object]:
    """How the ids of a generated tree were made: which key (by a check value), which data."""
    return {"demo_key": demo_key, "key_check": key_check(key), "sample_data": sample}


def read_provenance(generated: Path) -> dict[str, object]:
    """The provenance of a generated tree (empty when it has none)."""
    try:
        return json.loads((generated / PROVENANCE_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
