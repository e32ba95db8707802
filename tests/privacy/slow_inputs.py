"""Hunting slow inputs: every pattern, fed long runs of its own tokens, must stay linear.

A regular expression that backtracks can take quadratic time on a long run
of one of its own words ("lahir " followed by "di" × 50,000 took seconds per
record). This module builds such inputs generically, from the patterns
themselves:

* every compiled pattern of :mod:`lapor_site.redact`, :mod:`lapor_site.audit`
  and :mod:`lapor_site.skeleton` (module attributes), plus the protected-phrase
  pattern a :class:`~lapor_site.redact.Redactor` compiles;
* the tokens of each pattern: its literal words (read from the parsed
  pattern) and one character of each character class;
* inputs: a run of each token, of each token with a space, and of each token
  after each of the pattern's keywords ("lahir " + "di" × n), at a small size
  first; the slowest ones are then timed at 100 kB and 200 kB, on the pattern
  alone, on :meth:`Redactor.redact` and on the leak audit's scan of one file.

Used by ``tests/privacy/test_slow_inputs.py`` and ``bench/redaction_quality.py``
(:func:`slowest_input`). All inputs are synthetic.
"""

from __future__ import annotations

import functools
import gc
import itertools
import math
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

from lapor_site import audit, redact, skeleton
from privacy.corpus import PROTECTED

KB = 1000
#: Size of the screening inputs, and of the two measured ones.
SCREEN_SIZE = 1 * KB
SIZES = (100 * KB, 200 * KB)
#: Representative characters of the character-class categories.
_CATEGORY_CHARS = {
    sre_constants.CATEGORY_DIGIT: "7",
    sre_constants.CATEGORY_WORD: "a",
    sre_constants.CATEGORY_SPACE: " ",
    sre_constants.CATEGORY_NOT_DIGIT: "a",
    sre_constants.CATEGORY_NOT_WORD: ".",
    sre_constants.CATEGORY_NOT_SPACE: "a",
}


@dataclass(frozen=True)
class SlowInput:
    """An input (``head`` + ``unit`` × n), what it was fed to, and its times at 100 and 200 kB."""

    target: str
    head: str
    unit: str
    seconds_100kb: float
    seconds_200kb: float

    @property
    def description(self) -> str:
        """The input, readably: "'lahir ' + 'di' × n"."""
        return f"{self.head!r} + {self.unit!r} × n" if self.head else f"{self.unit!r} × n"

    @property
    def ratio(self) -> float:
        """Time at 200 kB over time at 100 kB: about 2 when linear, 4 when quadratic."""
        return self.seconds_200kb / max(self.seconds_100kb, 1e-6)


# ---------------------------------------------------------------------------
# Patterns and their tokens
# ---------------------------------------------------------------------------


_SCANNING_METHODS = frozenset(("finditer", "search", "sub", "subn", "findall", "split"))


@functools.cache
def _source(module_name: str) -> str:
    return Path(sys.modules[module_name].__file__ or "").read_text(encoding="utf-8")


def is_anchored(name: str) -> bool:
    """Whether the pattern ``module.ATTR`` is only ever used with ``.match``/``.fullmatch``.

    An anchored pattern is tried at positions its caller chooses, not at every
    position of a text, so it is timed with ``match`` at the start of the input.
    Any other use (scanning, or passing the pattern on) counts as scanning.
    """
    module, _, attr = name.rpartition(".")
    if module not in ("redact", "audit", "skeleton"):
        return False
    source = "\n".join(_source(f"lapor_site.{m}") for m in ("redact", "audit", "skeleton"))
    uses = re.findall(rf"(?<![\w.]){re.escape(attr)}\b(?!\s*[=:])(\.(\w+)\()?", source)
    methods = {method for _, method in uses}
    return bool(methods) and methods <= {"match", "fullmatch"}


def all_patterns() -> dict[str, re.Pattern[str]]:
    """Every compiled pattern of the redactor, the audit and the skeleton, by name."""
    found: dict[str, re.Pattern[str]] = {}
    for module in (redact, audit, skeleton):
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found[f"{module.__name__.rsplit('.', 1)[-1]}.{name}"] = value
    found["Redactor._protected_re"] = redact.Redactor(PROTECTED)._protected_re
    return found


def tokens(pattern: re.Pattern[str]) -> tuple[list[str], list[str]]:
    """The literal words (2+ characters) of ``pattern``, and single characters it matches."""
    words: set[str] = set()
    chars: set[str] = set()

    def walk(items: object) -> None:
        run = ""
        for op, av in items:  # type: ignore[attr-defined]
            if op is sre_constants.LITERAL:
                run += chr(av)
                chars.add(chr(av))
                continue
            if len(run) >= 2:
                words.add(run)
            run = ""
            if op is sre_constants.IN:
                for member_op, member in av:
                    if member_op is sre_constants.LITERAL:
                        chars.add(chr(member))
                    elif member_op is sre_constants.RANGE:
                        chars.update((chr(member[0]), chr(member[1])))
                    elif member_op is sre_constants.CATEGORY:
                        chars.add(_CATEGORY_CHARS.get(member, "a"))
            elif op is sre_constants.BRANCH:
                for branch in av[1]:
                    walk(branch)
            elif op is sre_constants.SUBPATTERN:
                walk(av[-1])
            elif op in (
                sre_constants.MAX_REPEAT,
                sre_constants.MIN_REPEAT,
                sre_constants.POSSESSIVE_REPEAT,
            ):
                walk(av[2])
            elif op is sre_constants.ATOMIC_GROUP:
                walk(av)
            elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
                walk(av[1])
            elif op is sre_constants.GROUPREF_EXISTS:
                walk(av[1])
                if av[2] is not None:
                    walk(av[2])
            elif op is sre_constants.CATEGORY:
                chars.add(_CATEGORY_CHARS.get(av, "a"))
        if len(run) >= 2:
            words.add(run)

    walk(sre_parse.parse(pattern.pattern, pattern.flags))
    printable = sorted(c for c in chars if c.isprintable() or c in " \t\n")
    return sorted(words), printable


def _fill(head: str, unit: str, size: int) -> str:
    return head + unit * max(1, (size - len(head)) // max(1, len(unit)))


def input_shapes(pattern: re.Pattern[str]) -> Iterator[tuple[str, str]]:
    """(head, repeated unit) of every input tried on ``pattern``."""
    words, chars = tokens(pattern)
    units = words + chars
    for unit in units:
        yield "", unit
        yield "", unit + " "
    for word in words:
        for unit in units:
            yield word + " ", unit
            yield word, unit
            yield word + " ", unit + " "


# ---------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------


def _best_time(run: Callable[[], object], repeat: int = 3) -> float:
    """Best of ``repeat`` runs in this thread's CPU seconds, garbage collector paused.

    CPU time, not wall time: on a shared machine the wall clock also counts
    the time other processes held the core, which is not the input's. So
    ``run`` must do its work in the calling thread (a pattern, the redactor
    and the audit's scan of one text all do).
    """
    best = float("inf")
    collecting = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeat):
            started = time.thread_time()
            run()
            best = min(best, time.thread_time() - started)
    finally:
        if collecting:
            gc.enable()
    return best


def _scan(pattern: re.Pattern[str], text: str) -> None:
    for _ in pattern.finditer(text):
        pass


def _match(pattern: re.Pattern[str], text: str) -> None:
    pattern.match(text)
    pattern.fullmatch(text)


def runner(name: str, pattern: re.Pattern[str]) -> Callable[[str], None]:
    """How the pattern ``name`` is used: scanned, or matched where its caller says."""
    use = _match if is_anchored(name) else _scan
    return lambda text: use(pattern, text)


def screen(name: str, pattern: re.Pattern[str], keep: int = 2) -> list[tuple[str, str]]:
    """The ``keep`` slowest inputs (head, unit) for ``pattern`` at the screening size."""
    run = runner(name, pattern)
    timed = []
    for head, unit in input_shapes(pattern):
        text = _fill(head, unit, SCREEN_SIZE)
        started = time.perf_counter()
        run(text)
        timed.append((time.perf_counter() - started, head, unit))
    timed.sort(reverse=True)
    return [(head, unit) for _, head, unit in timed[:keep]]


#: Sizes tried on the way to 100 kB and 200 kB; past BUDGET seconds the rest is extrapolated.
_LADDER = (2 * KB, 10 * KB, 25 * KB, 50 * KB, *SIZES)
BUDGET = 1.0


def measure(target: str, run: Callable[[str], object], head: str, unit: str) -> SlowInput:
    """Time ``run`` on ``head`` + ``unit`` × n at 100 kB and 200 kB (best of three each).

    Sizes grow step by step; once one step takes longer than :data:`BUDGET`,
    the times at 100 kB and 200 kB are extrapolated from the last two steps
    (so a quadratic input is reported, not waited for).
    """
    timed: dict[int, float] = {}
    for size in _LADDER:
        text = _fill(head, unit, size)
        timed[size] = _best_time(lambda text=text: run(text), repeat=3 if size in SIZES else 1)
        if timed[size] > BUDGET and size not in SIZES:
            # Measure the step again before extrapolating: a busy machine is not a slow input.
            timed[size] = _best_time(lambda text=text: run(text), repeat=3)
        if timed[size] > BUDGET:
            break
    if all(size in timed for size in SIZES):
        small, large = timed[SIZES[0]], timed[SIZES[1]]
    elif len(timed) == 1:
        # Over the budget at the first step: at least quadratic from there on.
        ((size_b, time_b),) = timed.items()
        small, large = (time_b * (size / size_b) ** 2 for size in SIZES)
    else:
        (size_a, time_a), (size_b, time_b) = sorted(timed.items())[-2:]
        # The growth is read from these two steps: the earlier one, timed once on
        # the way up, is timed again so that one stall cannot flatten the curve.
        text = _fill(head, unit, size_a)
        time_a = min(time_a, _best_time(lambda text=text: run(text), repeat=2))
        exponent = max(1.0, math.log(max(time_b, 1e-6) / max(time_a, 1e-6), size_b / size_a))
        small = time_b * (SIZES[0] / size_b) ** exponent
        large = time_b * (SIZES[1] / size_b) ** exponent
    return SlowInput(target, head, unit, small, large)


#: Sizes at which a suspect is timed again, doubling: a quadratic input's time grows
#: about fourfold at every doubling, a linear one's may jump once, where its working
#: memory leaves a cache (redact.CAPITALISED_RUN_RE on "A " × n: x2.5, x5.0, x1.6
#: from 100 to 800 kB, then x1.9 and x2.0 up to 3.2 MB).
GROWTH_SIZES = (100 * KB, 200 * KB, 400 * KB, 800 * KB)


def least_growth(run: Callable[[str], object], head: str, unit: str) -> float:
    """The smallest time ratio over the doublings of :data:`GROWTH_SIZES` (infinite
    when the first size is already over :data:`BUDGET`; no larger size is tried past it)."""
    times: list[float] = []
    for size in GROWTH_SIZES:
        text = _fill(head, unit, size)
        times.append(_best_time(lambda text=text: run(text)))
        if times[-1] > BUDGET:
            break
    ratios = [later / max(earlier, 1e-6) for earlier, later in itertools.pairwise(times)]
    return min(ratios, default=math.inf)


def pattern_measurements(keep: int = 2) -> list[SlowInput]:
    """For every pattern, its slowest screened inputs, measured at 100 kB and 200 kB."""
    results = []
    for name, pattern in all_patterns().items():
        for head, unit in screen(name, pattern, keep):
            results.append(measure(name, runner(name, pattern), head, unit))
    return results


#: Inputs named in bug reports and other disguises, always run through the whole
#: redactor and the audit: (head, unit).
KNOWN_INPUTS: tuple[tuple[str, str], ...] = (
    ("lahir ", "di"),
    ("kelahiran ", "tahun"),
    ("", "nol "),
    ("budi at ", "x dot "),
    ("0", "-0"),
    ("", "\u0430"),
    ("", "➊ "),
    ("", "0\ufe0f\u20e3"),
    ("", "&#64;"),
)


def pipeline_measurements(candidates: list[tuple[str, str]]) -> list[SlowInput]:
    """``candidates`` (head, unit) timed on the redactor and on the audit's scan of a file."""
    redactor = redact.Redactor(PROTECTED)
    auditor = audit._Auditor(["Budi Santoso Fiktif", "081255501234"], ["1708"])
    results = []
    for head, unit in dict.fromkeys(candidates):
        results.append(measure("Redactor.redact", redactor.redact, head, unit))
        results.append(measure("audit scan", lambda t: list(auditor.scan(t)), head, unit))
    return results


def worst_pattern_inputs(per_pattern: list[SlowInput], count: int = 10) -> list[tuple[str, str]]:
    """The inputs of the ``count`` slowest pattern measurements, as (head, unit)."""
    worst = sorted(per_pattern, key=lambda r: r.seconds_100kb, reverse=True)[:count]
    return [(r.head, r.unit) for r in worst]


def slowest_input(keep: int = 1) -> SlowInput:
    """The slowest input found for any pattern, the redactor or the audit (per 100 kB)."""
    per_pattern = pattern_measurements(keep)
    candidates = [*KNOWN_INPUTS, *worst_pattern_inputs(per_pattern)]
    everything = per_pattern + pipeline_measurements(candidates)
    return max(everything, key=lambda r: r.seconds_100kb)
