"""A user's regular expression (--group-regex), refused when matching it can backtrack for ever."""

from __future__ import annotations

import importlib
from typing import Any

# Python's `re` backtracks: `(a+)+$` searched in a file name of 40 "a" and a "b" takes about 2^40 steps, and
# took 82 s over three files' records. Rather than a timeout (none exists for `re`), the pattern is read
# once and refused when it can take exponential time: a repeat of variable length inside another, a
# repeated alternation (`(a|aa)+`), or a backreference. What is left takes polynomial time in the name's
# length, its degree the number of variable repeats, which is capped: with three, the worst name (255
# characters, the most a file system allows) takes 0.2 s (`.*.*.*x`), and each file's name is matched once.
MAX_VARIABLE_REPEATS = 3


def risk(pattern: str) -> str | None:
    r"""Why matching `pattern` can take too long, in words for a message, or None (it must compile).

    >>> risk(r"^([a-z.-]+)_"), risk(r"(a+)+$"), risk(r"(a|aa)+"), risk(r"(\w)\1")
    (None, 'a repeat inside a repeat', 'a repeated alternation', 'a backreference')
    """
    parser = _parser()
    counts = [0]
    return _walk(parser, parser.parse(pattern), False, counts) or (
        f"more than {MAX_VARIABLE_REPEATS} repeats of variable length" if counts[0] > MAX_VARIABLE_REPEATS else None
    )


def _parser() -> Any:
    try:  # the parser `re` itself uses: re._parser since Python 3.11, sre_parse (deprecated since) before
        return importlib.import_module("re._parser")
    except ImportError:  # pragma: no cover - Python 3.10
        return importlib.import_module("sre_parse")


def _walk(parser: Any, items: Any, repeated: bool, counts: list[int]) -> str | None:
    """Walk a parsed pattern; `repeated`: inside a repeat of variable length."""
    repeats = (parser.MAX_REPEAT, parser.MIN_REPEAT, getattr(parser, "POSSESSIVE_REPEAT", None))
    for op, value in items:
        found = None
        if op in repeats:
            low, high, body = value
            many = low != high and high > 1  # an optional part (`?`) can match in two ways only
            if low != high and repeated:
                return "a repeat inside a repeat"
            if many:
                counts[0] += 1
                if any(inner_op is parser.BRANCH for inner_op, _ in _flat(parser, body)):
                    return "a repeated alternation"
            found = _walk(parser, body, repeated or many, counts)
        elif op is parser.SUBPATTERN or op is getattr(parser, "ATOMIC_GROUP", None):
            found = _walk(parser, value[-1], repeated, counts)
        elif op is parser.BRANCH:
            found = next((f for branch in value[1] if (f := _walk(parser, branch, repeated, counts))), None)
        elif op in (parser.ASSERT, parser.ASSERT_NOT):
            found = _walk(parser, value[1], repeated, counts)
        elif op is parser.GROUPREF:
            found = "a backreference"
        elif op is parser.GROUPREF_EXISTS:  # (?(1)yes|no)
            found = _walk(parser, value[1], repeated, counts) or _walk(parser, value[2] or [], repeated, counts)
        if found is not None:
            return found
    return None


def _flat(parser: Any, items: Any) -> list[tuple[Any, Any]]:
    """The items of a repeat's body, groups opened (not nested repeats: those are refused on their own)."""
    out = []
    for op, value in items:
        out.append((op, value))
        if op is parser.SUBPATTERN:
            out += _flat(parser, value[-1])
    return out
