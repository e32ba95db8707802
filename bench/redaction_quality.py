"""Redaction quality and speed: leaks, over-redaction and throughput.

Runs the :class:`~lapor_site.redact.Redactor` over the adversarial corpus in
``tests/privacy/corpus.py`` and prints, per kind of personal data, how many
planted items there are and how many leaked (the goal is 0), then how many
must-survive substrings were wrongly removed (over-redaction) and by which
kind of placeholder. It then measures redaction throughput on a synthetic
text of ``--size-mb`` megabytes (10 by default), as one text and as
record-sized pieces, and the leak audit's throughput on a synthetic site.

    python bench/redaction_quality.py [--size-mb 10] [--verbose] [--no-audit]

Exits with status 1 if any planted item leaks. Corpus values are synthetic.
"""

from __future__ import annotations

import argparse
import collections
import difflib
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from privacy.corpus import (  # noqa: E402
    CORPUS,
    CROSS_REPORTER,
    KNOWN_NAMES,
    PROTECTED,
    Item,
    leaked,
    removed,
)
from privacy.corpus_disguise import DISGUISE_CORPUS  # noqa: E402
from privacy.slow_inputs import slowest_input  # noqa: E402

from lapor_site.audit import audit_tree  # noqa: E402
from lapor_site.redact import KINDS, PLACEHOLDERS, Redactor, normalize  # noqa: E402

MB = 1_000_000
_KIND_OF_PLACEHOLDER = {placeholder: kind for kind, placeholder in PLACEHOLDERS.items()}
_TOKEN_RE = re.compile(r"\[[^\[\]]* disamarkan\]|\w+|\s+|[^\w\s]")


# ---------------------------------------------------------------------------
# Quality
# ---------------------------------------------------------------------------


def blame(entry: Item, output: str, substring: str) -> set[str]:
    """The kinds of placeholder that took the place of (part of) ``substring``."""
    source = normalize(entry.text)
    start = source.find(normalize(substring))
    if start < 0:
        return {"?"}
    end = start + len(substring)
    a, b = _TOKEN_RE.findall(source), _TOKEN_RE.findall(output)
    offsets = [0]
    for token in a:
        offsets.append(offsets[-1] + len(token))
    kinds: set[str] = set()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal" and offsets[i1] < end and offsets[max(i2, i1 + 1)] > start:
            kinds.update(_KIND_OF_PLACEHOLDER.get(t, "?") for t in b[j1:j2] if t.strip())
    return kinds or {"?"}


def quality(redactor: Redactor, verbose: bool) -> int:
    planted: collections.Counter[str] = collections.Counter()
    leaks: collections.Counter[str] = collections.Counter()
    blamed: collections.Counter[str] = collections.Counter()
    survive = wrongly_removed = 0
    details = []
    items = CORPUS + CROSS_REPORTER + DISGUISE_CORPUS
    for number, entry in enumerate(items, start=1):
        output = redactor.redact(entry.text, entry.names).text
        planted.update(kind for kind, _ in entry.planted)
        for kind, value in leaked(entry, output):
            leaks[kind] += 1
            details.append(f"  LEAK    #{number} {kind}: {value!r}\n          -> {output!r}")
        survive += len(entry.survive)
        for substring in removed(entry, output):
            wrongly_removed += 1
            kinds = blame(entry, output, substring)
            blamed.update(kinds)
            details.append(
                f"  REMOVED #{number} ({', '.join(sorted(kinds))}): {substring!r}\n"
                f"          -> {output!r}"
            )

    total_planted, total_leaked = sum(planted.values()), sum(leaks.values())
    print(f"Corpus: {len(items)} items (tests/privacy/corpus.py, corpus_disguise.py)")
    print()
    print(f"{'kind':<16}{'planted':>9}{'leaked':>9}{'removed by':>12}")
    for kind in KINDS:
        print(f"{kind:<16}{planted[kind]:>9}{leaks[kind]:>9}{blamed[kind]:>12}")
    print(f"{'total':<16}{total_planted:>9}{total_leaked:>9}{sum(blamed.values()):>12}")
    print()
    print(f"Planted items:          {total_planted}")
    print(f"Leaked items:           {total_leaked}   (goal: 0)")
    print(f"Must-survive items:     {survive}")
    share = wrongly_removed / survive if survive else 0.0
    print(f"Wrongly removed items:  {wrongly_removed}   (over-redaction: {share:.1%})")
    if details and verbose:
        print()
        print("\n".join(details))
    elif details:
        print("(run with --verbose to list them)")
    return total_leaked


# ---------------------------------------------------------------------------
# Throughput
# ---------------------------------------------------------------------------


def synthetic_text(size: int, seed: int = 1708) -> str:
    """About ``size`` characters of complaint-like text: mostly plain, some personal data."""
    rng = random.Random(seed)
    plain = [e.text for e in CORPUS if not e.planted]
    personal = [e.text for e in CORPUS if e.planted]
    parts, length = [], 0
    while length < size:
        pool = personal if rng.random() < 0.3 else plain
        sentence = rng.choice(pool)
        parts.append(sentence)
        length += len(sentence) + 1
    return " ".join(parts)[:size]


def throughput(redactor: Redactor, size_mb: float) -> None:
    size = int(size_mb * MB)
    text = synthetic_text(size)
    print()
    print(f"Throughput on a synthetic {size / MB:g} MB text (30% of sentences with personal data):")
    started = time.perf_counter()
    redactor.redact(text)
    seconds = time.perf_counter() - started
    print(f"  one text:             {seconds:6.2f} s   {size / MB / seconds:6.2f} MB/s")
    records = [text[i : i + 2000] for i in range(0, len(text), 2000)]
    started = time.perf_counter()
    for record in records:
        redactor.redact(record, ["Budi Santoso"])
    seconds = time.perf_counter() - started
    print(
        f"  {len(records)} records of 2 kB: {seconds:6.2f} s   {size / MB / seconds:6.2f} MB/s"
        f"   ({seconds / len(records) * 1000:.2f} ms per record)"
    )
    dense = " ".join(e.text for e in CORPUS)
    dense = (dense * (MB // len(dense) + 1))[:MB]
    started = time.perf_counter()
    redactor.redact(dense)
    seconds = time.perf_counter() - started
    print(f"  1 MB of corpus text (every sentence personal): {seconds:.2f} s")


def audit_throughput(redactor: Redactor, size_mb: float) -> None:
    rng = random.Random(7)
    sentences = [redactor.redact(e.text, e.names).text for e in CORPUS]
    identity = []
    for n in range(1000):
        identity += [
            f"Pelapor Fiktif{n} Contoh",
            f"6472{rng.randrange(10**12):012d}",
            f"08{rng.randrange(10**10):010d}",
            f"pelapor{n}@example.com",
        ]
    with tempfile.TemporaryDirectory() as directory:
        root, size, pages = Path(directory), 0, 0
        while size < size_mb * MB:
            body = "\n".join(f"<p>{rng.choice(sentences)}</p>" for _ in range(40))
            page = (
                '<!doctype html>\n<html lang="id"><head><meta charset="utf-8">'
                f"<title>Kasus {pages:06x}</title></head>\n<body><main>\n{body}\n</main>\n"
                '<time datetime="2025-03-12T10:30:00+08:00">12 Maret 2025</time>\n'
                "<footer>diskominfo@kaltimprov.example - SMS 1708</footer></body></html>\n"
            )
            path = root / "kasus" / f"{pages:06x}" / "index.html"
            path.parent.mkdir(parents=True)
            path.write_text(page, encoding="utf-8")
            size, pages = size + len(page.encode()), pages + 1
        started = time.perf_counter()
        findings = audit_tree(root, identity, allow=["diskominfo@kaltimprov.example", "1708"])
        seconds = time.perf_counter() - started
    print()
    print(
        f"Leak audit on {pages} synthetic pages ({size / MB:.1f} MB, {len(identity)} identity"
        f" values): {seconds:.2f} s, {size / MB / seconds:.1f} MB/s, {len(findings)} findings"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=float, default=10.0, help="synthetic text size")
    parser.add_argument("--verbose", action="store_true", help="list leaks and removals")
    parser.add_argument("--no-audit", action="store_true", help="skip the audit timing")
    parser.add_argument("--no-slow", action="store_true", help="skip the slowest-input hunt")
    args = parser.parse_args()
    redactor = Redactor(PROTECTED, known_names=KNOWN_NAMES)
    leaks = quality(redactor, args.verbose)
    throughput(redactor, args.size_mb)
    if not args.no_audit:
        audit_throughput(redactor, args.size_mb)
    if not args.no_slow:
        worst = slowest_input()  # about a minute: every pattern, long runs of its own tokens
        print(
            f"\nSlowest input: {worst.target}, {worst.description[:60]}: "
            f"{worst.seconds_100kb * 1000:.0f} ms per 100 kB (x{worst.ratio:.2f} at 200 kB)"
        )
    return 1 if leaks else 0


if __name__ == "__main__":
    sys.exit(main())
