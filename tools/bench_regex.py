"""Regular-expression safety: every pattern of the rules and typography against adversarial long lines.

Run with `make bench-regex`. Every compiled pattern cleaner uses on line text is collected by
introspection: module-level patterns of cleaner.rules.*, cleaner.typography, cleaner.engine and
cleaner.lang; every regular expression reachable from a rule's matcher (Pattern.regex, Phrases._regex,
Label._start, ShareRow._row, AllOf's matchers...; Phrases compiles its regex per language on first use,
and the all-language one, a superset, is measured) and the typography hints (typography.HINTS). The
engine's own prefilters are no regular expressions: its compiled passes look words and literals up in
tables, in one linear pass per line.

Each pattern runs (finditer, exhausted: the cost of a search, a sub or a findall on the line) on lines of
100 KB and 1 MB of:

- near-matches made of the pattern's own literal pieces (read from its parsed form): a piece repeated
  with spaces, the piece without its last character repeated, the piece glued to itself, the piece
  between separators;
- runs of separators (`/ › » | · •`, with and without spaces), of punctuation and spaces, of "©",
  of "REUTERS/", of capital words, of no-break spaces, of words with dots ("a.b.c"), of digits...

A pattern is flagged when its worst time grows super-linearly: more than 20 times from 100 KB to 1 MB
(linear is 10), above a noise floor. The whole engine (clean_text) is also run on each generic kind,
just under the LONG_LINE cap (where the pattern rules still run) and at 1 MB (where they are skipped).
The table is printed and docs/regex-safety.md rewritten (`--no-doc` to print only).
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import math
import pkgutil
import platform
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cleaner.rules  # noqa: E402
from cleaner import engine, lang, typography  # noqa: E402
from cleaner.engine import LONG_LINE, clean_text  # noqa: E402
from cleaner.rules import ALL_RULES, credits  # noqa: E402

try:  # Python 3.11+
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse

PROBE, SMALL, BIG = 10_000, 100_000, 1_000_000
NOISE = 0.05  # seconds: below this at 1 MB, growth ratios are noise
SUPERLINEAR = 20.0  # time(1 MB) / time(100 KB); linear is 10
GIVE_UP = 2.0  # seconds at 100 KB: the 1 MB run would take minutes; it is extrapolated instead

# The generic adversarial kinds: a unit repeated to the line's length.
GENERIC: dict[str, str] = {
    "separators / with spaces": " / ",
    "separators › with spaces": " › ",
    "separators » with spaces": " » ",
    "separators | with spaces": " | ",
    "separators · •": " · • ",
    "separators glued /›»|·•": "/›»|·•",
    "separators words": "Home › News / World | ",
    "punctuation": ".,;:!?-()[]\"'…",
    "punctuation and spaces": ". , ; : ! ? - ",
    "dots and spaces": ". ",
    "spaces": " ",
    "tabs and spaces": " \t",
    "tabs": "\t",
    "em spaces": "\u2003",
    "©": "©",
    "© and spaces": "© ",
    "(c) ": "(c) ",
    "REUTERS/": "REUTERS/",
    "REUTERS / Name ": "REUTERS / Name ",
    "Photo: ": "Photo: ",
    "capital words": "ABC DEFG HI ",
    "capitals glued": "ABCDEF",
    "no-break spaces": "\u00a0",
    "no-break and narrow": "\u00a0\u202f ",
    "word and no-break": "a\u00a0",
    "digit and no-break": "1\u00a0",
    "lower-upper glue": "aB",
    "words": "word ",
    "dotted words": "a.b",
    "hyphened words": "a-b.",
    "url-like": "www.a",
    "digits": "0123456789",
    "quotes and stars": "_“*”_",
    "ellipsis glued": "a…b",
    "apostrophes": "l'a’",
    "mojibake": "Ã©Ã¨",
    "entities": "&amp;&#39;",
    "cjk": "東京。",
    "zero-width": "\u200b\u200c",
    "combining accents": "e\u0301",
    "colon label": "Tags : ",
    "line on line": "Warning: x on line 1 ",
}


@dataclass
class Target:
    """A pattern to measure, where it was found, and its own literal pieces."""

    name: str
    regex: re.Pattern[str]
    pieces: list[str] = field(default_factory=list)
    use: Callable[[str], object] | None = None  # how the engine applies it, when not searched along a line


@dataclass
class Timing:
    """The worst time of one pattern over the line kinds, at each size."""

    name: str
    small: float = 0.0
    big: float = 0.0
    worst_kind: str = ""
    extrapolated: bool = False

    @property
    def ratio(self) -> float:
        """How the worst time grew from 100 KB to 1 MB."""
        return self.big / self.small if self.small > 0 else 0.0

    @property
    def flagged(self) -> bool:
        """Whether the growth is super-linear (above the noise floor)."""
        return self.extrapolated or (self.big > NOISE and self.ratio > SUPERLINEAR)


# ---------------------------------------------------------------- collecting the patterns


def _modules() -> Iterator[ModuleType]:
    yield engine.core
    yield typography
    yield lang
    for info in pkgutil.iter_modules(cleaner.rules.__path__):
        yield importlib.import_module(f"cleaner.rules.{info.name}")


def _walk(value: Any, path: str, found: dict[tuple[str, int], Target], seen: dict[int, Any]) -> None:
    if id(value) in seen:
        return
    seen[id(value)] = value  # kept alive, so no later object reuses its id
    if isinstance(value, re.Pattern):
        if isinstance(value.pattern, str):
            found.setdefault((value.pattern, value.flags), Target(path, value))
        return
    if isinstance(value, dict):
        if None in value and all(isinstance(v, re.Pattern) for v in value.values()):
            # Phrases keeps one regex per language; the one for no language holds every phrase (a superset)
            _walk(value[None], f"{path}[all languages]", found, seen)
            return
        for key, item in value.items():
            _walk(item, f"{path}[{getattr(key, '__name__', repr(key))}]", found, seen)
        return
    if isinstance(value, (list, tuple, frozenset, set)):
        for i, item in enumerate(value):
            _walk(item, f"{path}[{i}]", found, seen)
        return
    module = type(value).__module__ or ""
    if not module.startswith("cleaner"):
        return
    compile_for = getattr(value, "_pattern", None)
    if callable(compile_for):  # Phrases compiles a regex per language on first use; this one holds them all
        _walk(compile_for(None), f"{path}._pattern(None)", found, seen)
        return
    names = list(getattr(value, "__dict__", {}))
    for klass in type(value).__mro__:
        names += [n for n in getattr(klass, "__slots__", ()) if isinstance(n, str)]
        names += [n for n, v in vars(klass).items() if isinstance(v, re.Pattern)]  # Breadcrumb.prefilter
        names += [n for n, v in vars(klass).items() if isinstance(v, cached_property)]  # compiled on first use
    for name in dict.fromkeys(names):
        if hasattr(value, name):
            _walk(getattr(value, name), f"{path}.{name}", found, seen)


# Expressions the engine never searches along a line: `credit_closes` matches the credit's pieces at the
# line's last slash or colon, or searches them in a window of its last characters. Searched along a line of
# no-break spaces, the piece after the slash is quadratic (21 s on 100 KB); as applied, it is linear. Each
# is measured as the function that applies it, with the whole expression's pieces for its near-matches.
APPLIED_BY: dict[str, tuple[Callable[[], re.Pattern[str]], Callable[[str], object]]] = {
    "rules.credits._parts": (credits.credit, credits.credit_closes),
}


def _compiled_on_first_use(value: Any) -> bool:
    """A function cached with functools.cache that takes no argument: a pattern compiled on first need."""
    if not (callable(value) and hasattr(value, "cache_info")):
        return False
    wrapped = getattr(value, "__wrapped__", None)
    return wrapped is not None and not inspect.signature(wrapped).parameters


def collect() -> list[Target]:
    """Every distinct compiled pattern cleaner applies to text, named by where it was found."""
    found: dict[tuple[str, int], Target] = {}
    seen: dict[int, Any] = {}
    for module in _modules():
        for name, value in sorted(vars(module).items()):
            where = f"{module.__name__.removeprefix('cleaner.')}.{name}"
            if where in APPLIED_BY:
                continue  # measured as the function that applies them (below)
            if isinstance(value, (re.Pattern, dict)):  # dicts: typography.HINTS, searched over documents
                _walk(value, where, found, seen)
            elif _compiled_on_first_use(value):  # `credits.credit()`, `navigation._signature()`
                _walk(value(), f"{where}()", found, seen)
    for rule in ALL_RULES:
        for kind in ("line", "context", "repair"):
            matcher = getattr(rule, kind)
            if matcher is not None:
                _walk(matcher, f"{rule.code}.{type(matcher).__name__}", found, seen)
    targets = list(found.values())
    for regex, use in APPLIED_BY.values():
        targets.append(Target(f"{use.__module__.removeprefix('cleaner.')}.{use.__name__}()", regex(), use=use))
    for target in targets:
        target.pieces = pieces(target.regex)
    return targets


def _literals(tree: Any, out: list[str]) -> None:
    """Runs of literal characters in a parsed pattern, branch by branch."""
    run: list[str] = []
    for op, arg in tree:
        if op is sre_parse.LITERAL:
            run.append(chr(arg))
            continue
        if run:
            out.append("".join(run))
            run = []
        if op is sre_parse.BRANCH:
            for branch in arg[1]:
                _literals(branch, out)
        elif op is sre_parse.SUBPATTERN:
            _literals(arg[-1], out)
        elif op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT):
            _literals(arg[2], out)
        elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
            _literals(arg[1], out)
    if run:
        out.append("".join(run))


def pieces(regex: re.Pattern[str], limit: int = 4) -> list[str]:
    """The pattern's longest literal pieces, and a short and a middle one (the near-matches to try)."""
    found: list[str] = []
    try:
        _literals(sre_parse.parse(regex.pattern, regex.flags), found)
    except (RecursionError, re.error):
        return []
    unique = sorted({p.strip() for p in found if len(p.strip()) >= 2}, key=lambda p: (-len(p), p))
    if len(unique) <= limit:
        return unique
    return [*unique[: limit - 2], unique[len(unique) // 2], unique[-1]]


# ---------------------------------------------------------------- lines and timings


def line(unit: str, size: int) -> str:
    """A unit repeated to `size` characters."""
    return (unit * (size // max(len(unit), 1) + 1))[:size]


def near_kinds(target: Target) -> dict[str, str]:
    """Units made of the pattern's own literal pieces: repeated, cut short, glued, between separators."""
    kinds: dict[str, str] = {}
    for piece in target.pieces[:3]:
        short = piece[:-1] if len(piece) > 1 else piece
        kinds[f"piece {piece[:24]!r} repeated"] = piece + " "
        kinds[f"piece {piece[:24]!r} cut short"] = short + " "
        kinds[f"piece {piece[:24]!r} glued"] = piece
        kinds[f"piece {piece[:24]!r} between separators"] = piece + " : " + short + " / "
    return kinds


def elapsed(action: Callable[[], object]) -> float:
    """CPU seconds one call takes.

    This process's own time, so other jobs on the machine do not inflate it: with wall time, a loaded
    run flagged linear patterns as super-linear.
    """
    started = time.process_time()
    action()
    return time.process_time() - started


def scan(regex: re.Pattern[str], text: str) -> int:
    """Every match of the pattern in the text (what a sub, findall or failing search costs)."""
    return sum(1 for _ in regex.finditer(text))


def timed(action: Callable[[str], object], unit: str) -> Callable[[int], float]:
    """A function of a size: the seconds `action` takes on a line of that size (built before timing)."""

    def run(size: int) -> float:
        text = line(unit, size)
        return elapsed(lambda: action(text))

    return run


def _exponent(run: Callable[[int], float], first: float) -> float:
    """How time grows with the length, from the best of a few runs at 10 KB and at 40 KB (1: linear)."""
    first = min(first, run(PROBE), run(PROBE))
    second = min(run(4 * PROBE), run(4 * PROBE))
    return math.log(max(second, 1e-9) / max(first, 1e-9), 4)


def grow(run: Callable[[int], float], big: int) -> tuple[float, float, bool]:
    """Seconds at 100 KB and at `big`, and whether they were extrapolated.

    Growth is probed on short lines first (10 and 40 KB): a super-linear case is extrapolated from them
    instead of being waited for (a quadratic one takes hours on 1 MB).
    """
    first = run(PROBE)
    if first > 0.005:
        exponent = _exponent(run, first)
        if exponent > 1.5:
            return first * (SMALL / PROBE) ** exponent, first * (big / PROBE) ** exponent, True
    small = run(SMALL)
    if small > GIVE_UP:
        return small, small * (big / SMALL) ** 2, True
    return small, run(big), False


def measure(target: Target, big: int) -> tuple[Timing, dict[str, float]]:
    """The worst time of a pattern over the generic kinds and its own near-matches, at 100 KB and at `big`.

    Also returns the time at `big` on each kind.
    """
    timing = Timing(target.name)
    times: dict[str, float] = {}
    kinds = {**GENERIC, **near_kinds(target)}
    for kind, unit in kinds.items():
        use = target.use or (lambda text: scan(target.regex, text))
        small, large, extrapolated = grow(timed(use, unit), big)
        times[kind] = large
        if large > timing.big:
            timing.big, timing.small, timing.worst_kind, timing.extrapolated = large, small, kind, extrapolated
    return timing, times


# Lines for the whole engine besides the generic kinds: a phrase that starts a label, a trail or a share line
# (so the rules look further), then a long run, then a word (a run at the end would be trimmed as trailing
# space before any rule sees it).
ENGINE_LINES: dict[str, tuple[str, str, str]] = {
    "label, then tabs": ("Lire aussi", "\t", "x"),
    "label, then em spaces": ("Read more", "\u2003", "x"),
    "label, then no-break spaces": ("Read more", "\u00a0", "x"),
    "label, then separators": ("Read more", " › ", "x"),
    "trail, then no-break and narrow spaces": ("Monde", "\u00a0\u202f ", "Afrique"),
    "trail, then tabs": ("Monde", "\t", "Afrique"),
    "share, then dotted words": ("Share this article ", "a-b.", "x"),
    "share, then url-like": ("Share this article ", "www.a", "x"),
    "newsletter, then words": ("Newsletter ", "word ", "x"),
    "caption, then ©": ("Photo ", "© ", "x"),
    "cookies, then words": ("We use cookies ", "cookies accept ", "x"),
}


@dataclass
class EngineTiming:
    """clean_text on one line kind: just under the cap (pattern rules run) and at 1 MB (skipped)."""

    kind: str
    under_cap: float
    big: float
    extrapolated: bool
    worst_pattern: float
    worst_pattern_name: str


def engine_grow(prefix: str, unit: str, suffix: str, big: int) -> tuple[float, float, bool]:
    """clean_text on one line just under the cap and at `big`; super-linear growth is extrapolated."""

    def run(size: int) -> float:
        text = prefix + line(unit, size - len(prefix) - len(suffix)) + suffix + "\n"
        return elapsed(lambda: clean_text(text))

    first = run(PROBE)
    if first > 0.005:
        exponent = _exponent(run, first)
        if exponent > 1.5:
            return first * (LONG_LINE / PROBE) ** exponent, first * (big / PROBE) ** exponent, True
    return run(LONG_LINE - 1), run(big), False


def engine_timings(timings: dict[str, dict[str, float]], big: int) -> list[EngineTiming]:
    """The whole engine on each line kind, beside the slowest single pattern on that kind."""
    rows: list[EngineTiming] = []
    lines = {**{kind: ("", unit, "") for kind, unit in GENERIC.items()}, **ENGINE_LINES}
    for kind, (prefix, unit, suffix) in lines.items():
        under, whole, extrapolated = engine_grow(prefix, unit, suffix, big)
        per_pattern = timings.get(kind, {})
        name, worst = max(per_pattern.items(), key=lambda item: item[1], default=("", 0.0))
        rows.append(EngineTiming(kind, under, whole, extrapolated, worst, name))
        note = "  SUPER-LINEAR (extrapolated)" if extrapolated else ""
        print(
            f"  engine  {kind:32} {under * 1000:12,.1f} ms under the cap, {whole * 1000:14,.1f} ms at {big:,}{note}",
            flush=True,
        )
    return rows


# ---------------------------------------------------------------- report


def _pattern_row(r: Timing) -> str:
    big = f"{r.big * 1000:,.1f}" + (" (extrapolated)" if r.extrapolated else "")
    verdict = "**super-linear**" if r.flagged else "linear"
    kind = r.worst_kind.replace("|", "∣")
    return f"| `{r.name}` | {kind} | {r.small * 1000:,.1f} | {big} | {r.ratio:.1f} | {verdict} |"


def _kind_row(r: EngineTiming) -> str:
    pattern = f"{r.worst_pattern * 1000:,.1f} (`{r.worst_pattern_name}`)" if r.worst_pattern_name else "-"
    big = f"{r.big * 1000:,.1f}" + (" (extrapolated: **super-linear**)" if r.extrapolated else "")
    return f"| {r.kind.replace('|', '∣')} | {pattern} | {r.under_cap * 1000:,.1f} | {big} |"


def _doc(
    targets: list[Target], results: list[Timing], engine_rows: list[EngineTiming], big: int, seconds: float
) -> str:
    flagged = [r for r in results if r.flagged]
    worst = max(results, key=lambda r: r.big)
    worst_engine = max(engine_rows, key=lambda r: max(r.under_cap, r.big))
    pattern_rows = "\n".join(_pattern_row(r) for r in sorted(results, key=lambda r: -r.big))
    kind_rows = "\n".join(_kind_row(r) for r in engine_rows)
    verdict = (
        "No pattern grows super-linearly: the worst time per line is linear in its length."
        if not flagged
        else "Super-linear patterns (a defect to fix): " + ", ".join(f"`{r.name}`" for r in flagged) + "."
    )
    return f"""# Regular-expression safety

Written by `make bench-regex` (tools/bench_regex.py); the figures are from its last run
({platform.machine()}, Python {platform.python_version()}, {seconds:,.0f} s in all).

Cleaner runs over text from the open web, so no line may make a regular expression take super-linear
time. Two defences:

- every pattern is written to be linear (bounded repeats, anchors, no nested unbounded quantifiers),
  which this benchmark checks on adversarial lines;
- the pattern rules do not run on a line over `LONG_LINE` ({LONG_LINE:,}) characters
  (cleaner/engine/core.py), and the report names each such line ("over 100,000 characters; the pattern rules
  skipped it"). The phrase rules still run there: their trigger is one linear pass.

## Method

{len(targets)} distinct compiled patterns were collected by introspection: the module-level patterns of
cleaner.rules.*, cleaner.typography, cleaner.engine and cleaner.lang, every regex reachable from a
rule's matcher (`Pattern.regex`, the Phrases regex (`_pattern(None)`, the all-language one, a superset
of each language's), `Label._start`, `ShareRow._row`, `AllOf`'s matchers, `CREDIT`, Breadcrumb's
`_CRUMB_SEPARATOR`, `_SIGNATURE`, `_BYLINE`...) and the typography hints (`typography.HINTS`). The
engine's cues (words, phrases, literals) are table look-ups in its compiled passes, not regular expressions.

Each pattern is exhausted with `finditer` (the cost of a failing search, a sub or a findall; CPU time of the
process, so other jobs on the machine do not count) on lines of
100 KB and {big:,} characters: {len(GENERIC)} generic kinds (runs of separators `/ › » | · •`,
punctuation and spaces, "©", "REUTERS/", capital words, no-break spaces, dotted words, digits...) and, for
each pattern, near-matches built from its own literal pieces (repeated, cut short by one character, glued,
between separators). A pattern is flagged when its worst time grows more than {SUPERLINEAR:.0f} times from
100 KB to 1 MB (linear is 10) above {NOISE * 1000:.0f} ms.

## Result

{verdict}

- Worst single pattern on a 1 MB line: `{worst.name}` on "{worst.worst_kind}", {worst.big * 1000:,.1f} ms.
- Worst whole engine (clean_text) on one line: "{worst_engine.kind}", {worst_engine.under_cap * 1000:,.0f} ms
  just under the cap ({LONG_LINE - 1:,} characters, pattern rules run),
  {worst_engine.big * 1000:,.0f} ms at {big:,} characters (pattern rules skipped).

### Per pattern (worst line kind)

| pattern | worst line kind | 100 KB (ms) | 1 MB (ms) | growth | verdict |
|---|---|---|---|---|---|
{pattern_rows}

### Per line kind

The slowest single pattern on the kind at 1 MB, and the whole engine on one line of that kind.

| line kind | slowest pattern at 1 MB (ms) | clean_text, {LONG_LINE - 1:,} chars (ms) | clean_text, {big:,} chars (ms) |
|---|---|---|---|
{kind_rows}
"""


def main() -> None:
    """Measure every pattern, print the tables and rewrite docs/regex-safety.md."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=BIG, help="the long line's length (characters)")
    parser.add_argument("--doc", type=Path, default=ROOT / "docs/regex-safety.md", help="the page to rewrite")
    parser.add_argument("--no-doc", action="store_true", help="print the tables only")
    parser.add_argument("--only", default="", help="measure only patterns whose name contains this")
    args = parser.parse_args()
    started = time.perf_counter()
    targets = [t for t in collect() if args.only in t.name]
    print(f"{len(targets)} patterns; lines of {SMALL:,} and {args.size:,} characters", flush=True)
    results: list[Timing] = []
    per_kind: dict[str, dict[str, float]] = {}
    for target in targets:
        timing, times = measure(target, args.size)
        results.append(timing)
        for kind in GENERIC:
            per_kind.setdefault(kind, {})[target.name] = times[kind]
        flag = "  SUPER-LINEAR" if timing.flagged else ""
        print(
            f"{timing.big * 1000:9.1f} ms (100 KB: {timing.small * 1000:7.1f} ms, x{timing.ratio:5.1f})  "
            f"{target.name}  [{timing.worst_kind}]{flag}",
            flush=True,
        )
    engine_rows = engine_timings(per_kind, args.size)
    seconds = time.perf_counter() - started
    flagged = [r for r in results if r.flagged]
    print(f"\n{len(flagged)} super-linear pattern(s) of {len(results)}; {seconds:.0f} s")
    if not args.no_doc:
        args.doc.write_text(_doc(targets, results, engine_rows, args.size, seconds), encoding="utf-8")
        print(f"wrote {args.doc}")


if __name__ == "__main__":
    main()
