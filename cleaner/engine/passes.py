# cython: annotation_typing=False, wraparound=False, boundscheck=False
"""The engine's loops over every line of a document, compiled: candidates, kept lines, neighbours, assembly.

Each replaces a loop the engine ran in Python over all of a document's lines (see `cleaner.engine.core`);
`passes.pxd` gives the C types (Cython's pure-Python mode, as `lines.py`).
"""

from __future__ import annotations

from array import array
from typing import Protocol

from .lines import LineTable
from .plan import ENDS, Plan


class Removals(Protocol):
    """What the candidates pass needs of the page: a way to remove a line (`Page.drop`), the long lines' list."""

    long: list[int]  # 1-based numbers of the lines over the pattern rules' length cap

    def drop(self, i: int, code: str, direct: bool) -> None:
        """Remove line i, naming the rule."""


def candidates(table: LineTable, plan: Plan, long_line: int, codes: list[str], doc: Removals) -> list[tuple[int, int]]:
    """Remove the lines a rule's cues decide, and return (line, rules) for those a rule must be asked about.

    A line is a candidate of a rule when its cues say the rule can match it (see `rules.base.Where`) and it
    has no more words than the rule's limit; a line longer than `long_line` characters only gets rules
    whose cues are words and phrases: no expression runs over it. Rules are tried in the plan's order and
    the first that matches names the removal: when that is a rule its cue decides, the line is removed here
    (`codes` are the line rules' codes); otherwise the line and its rules from the first undecided one on
    are returned, in order. Masks are of the plan's line rules.
    """
    found: list[tuple[int, int]] = []
    everywhere = plan.everywhere
    limits, ends = plan.limits, plan.ends
    rules = len(limits)
    one = 1  # a 64-bit one when compiled: bit k of a mask is `one << k`
    for i in range(table.n):
        if table.blank[i]:
            continue
        mask = table.cues[i] | table.literals[i] | table.key_literals[i]
        if len(table.texts[i]) > long_line:
            doc.long.append(i + 1)
        else:
            mask |= everywhere
        if not mask:
            continue
        words = table.words[i]
        first = -1
        last = table.last[i]
        for bit in range(rules):
            if mask >> bit & 1:
                if 0 <= limits[bit] < words or (ends[bit * ENDS] and not _ends(ends, bit, last)):
                    mask &= ~(one << bit)
                elif first < 0:
                    first = bit
        if first < 0:
            continue
        if table.decided[i] >> first & 1:  # the first rule that can match is decided: it removes the line
            doc.drop(i, codes[first], True)
        else:
            found.append((i, mask))
    return found


def _ends(ends: array[int], bit: int, last: int) -> bool:
    """Whether `last` is one of the characters rule `bit` names as its lines' ends."""
    for k in range(ENDS):  # noqa: SIM110  # a loop Cython compiles to C
        if ends[bit * ENDS + k] == last:
            return True
    return False


def content(blank: array[int]) -> array[int]:
    """The indices of the non-blank lines, as an array (a tuple of them took 36 bytes a line)."""
    found = array("i", bytes(4 * (len(blank) - blank.count(1))))
    seen, out = blank, found
    k = 0
    for i in range(len(seen)):
        if not seen[i]:
            out[k] = i
            k += 1
    return found


def kept(content: array[int], gone: bytearray) -> list[int]:
    """The indices of the non-blank lines not dropped."""
    found = []
    for k in range(len(content)):
        i = content[k]
        if not gone[i]:
            found.append(i)
    return found


def marked(flags: bytearray) -> list[int]:
    """The indices whose flag is not 0, in order."""
    found = []
    for i in range(len(flags)):
        if flags[i]:
            found.append(i)
    return found


def marked_in(flags: bytearray, wanted: bytearray) -> list[int]:
    """The indices whose flag is one of the `wanted` ones (wanted[flag] not 0), in order."""
    found = []
    for i in range(len(flags)):
        if wanted[flags[i]]:
            found.append(i)
    return found


def neighbour(blank: array[int], i: int, step: int) -> int:
    """The nearest non-blank line before (step -1) or after (step 1) line i, or -1."""
    j = i + step
    n = len(blank)
    while 0 <= j < n:
        if not blank[j]:
            return j
        j += step
    return -1


def blank_between(blank: array[int], i: int, j: int) -> bool:
    """Whether a blank line lies strictly between lines i and j."""
    for k in range(i + 1, j):  # noqa: SIM110  # a loop Cython compiles (any() over a generator it did not)
        if blank[k]:
            return True
    return False


def hinted(table: LineTable, hint: int) -> list[int]:
    """The lines whose flags have the `hint` bit."""
    flags = table.flags
    return [i for i in range(table.n) if flags[i] & hint]


def assemble(blank: array[int], gone: bytearray, trim_end: bool) -> tuple[list[int], bool]:
    """The input indices of the output lines, and whether blank lines were trimmed at the end.

    Kept lines in order; the blank lines a deletion leaves are collapsed to one (none at the start), and
    without `trim_end` blank lines at the end stay (blank lines alone are not a document, though).
    """
    out: list[int] = []
    start = -1  # the first blank line of the current run (-1: none)
    deleted = False
    for i in range(len(blank)):
        if gone[i]:
            deleted = True
        elif blank[i]:
            if start < 0:
                start = i
        else:
            if start >= 0:
                if not deleted:
                    out.extend([k for k in range(start, i) if not gone[k]])
                elif out:
                    out.append(_first_blank(blank, gone, start, i))
            out.append(i)
            start, deleted = -1, False
    trailing = start >= 0
    if not trim_end and out and trailing:
        out.extend([k for k in range(start, len(blank)) if not gone[k]])
    return out, trailing and not deleted and trim_end


def votes(langs: array[int], languages: int, rows: list[int] | None) -> list[int]:
    """The language votes of the given lines (all lines with None): each line's `languages` stopword counts."""
    totals = [0] * languages
    if rows is None:
        for j in range(len(langs)):
            totals[j % languages] += langs[j]
    else:
        for i in rows:
            for k in range(languages):
                totals[k] += langs[i * languages + k]
    return totals


def _first_blank(blank: array[int], gone: bytearray, start: int, stop: int) -> int:
    for k in range(start, stop):
        if blank[k] and not gone[k]:
            return k
    return start
