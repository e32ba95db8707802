"""The sync pipeline: sources → validate → anonymize → aggregate → write.

:func:`sync` runs the stages in order, entirely in memory until the final
atomic write, so any failure leaves the published tree as it was. It returns
a :class:`SyncReport` for the operator; the report holds counts and
positions, never personal data.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lapor_site.aggregate import aggregate
from lapor_site.anonymize import Anonymizer
from lapor_site.model import Case
from lapor_site.settings import Settings, pseudonym_secret
from lapor_site.sources import Source
from lapor_site.store import CaseStore, merge
from lapor_site.validate import Problem, refusal_message, validate
from lapor_site.write import render_tree, write_tree


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


def sync(
    source: Source, settings: Settings, target: Path, store: CaseStore | None = None
) -> SyncReport:
    """Pull the records from ``source`` and publish the result under ``target``.

    With a ``store``, the anonymized cases are kept there after a successful
    write. When the source pulled incrementally (``source.is_incremental``),
    the stored cases are merged with the pulled ones first, and a pull with no
    records at all is fine ("nothing new"); otherwise the pull replaces them.
    """
    report = SyncReport(incremental=bool(getattr(source, "is_incremental", False)))
    stored = store.load() if store is not None and report.incremental else {}
    result = validate(source.fetch())
    if report.incremental and result.total == 0 and stored:
        report.kept_from_store = len(stored)
        cases = list(stored.values())
        return _publish(cases, report, settings, target, store, Counter())
    report.records = result.total
    report.valid, report.duplicates = len(result.cases), result.duplicates
    report.problems = result.problems
    if not result.cases:
        raise SyncError(refusal_message(result, source))
    share = len(result.problems) / result.total
    if share > settings.max_invalid_share:
        raise SyncError(refusal_message(result, source, settings.max_invalid_share))
    report.identity_values = sorted(
        {v for c in result.cases if c.identity for v in c.identity.values()}
    )
    key, report.demo_key = pseudonym_secret()
    names = {c.identity.name for c in result.cases if c.identity and c.identity.name}
    anonymizer = Anonymizer(key, protected=settings.protected_words, known_names=names)
    cases = anonymizer.anonymize_all(result.cases)
    if stored:
        report.kept_from_store = len(stored.keys() - {c.id for c in cases})
        cases = merge(stored, cases)
    return _publish(cases, report, settings, target, store, anonymizer.counts)


def _publish(
    cases: list[Case],
    report: SyncReport,
    settings: Settings,
    target: Path,
    store: CaseStore | None,
    redactions: Counter[str],
) -> SyncReport:
    report.redactions = redactions
    stats = aggregate(cases, settings.tz, settings.min_cell_count)
    report.as_of = stats["as_of"]
    report.published = stats["totals"]["published"]
    report.changed = write_tree(render_tree(cases, stats, settings.tz), target)
    if store is not None:
        store.save(cases)
    return report
