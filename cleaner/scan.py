"""Which line rules can match which lines of a document, found in a few passes over the whole document.

Calling every line rule on every line cost two thirds of the engine's time on the dev pages (37 rules,
most lines matching none). A rule is now called on a line only when a necessary condition holds:
- a phrase rule needs the longest word of one of its phrases among the line's folded words (a phrase
  matches as whole words), looked up per word in a dict from trigger word to the rules it serves;
- a rule with a `prefilter` (a regular expression that finds, anywhere in the document, every place its
  matcher could match a line: see `Pattern.prefilter`) needs a prefilter match on the line;
- any other rule sees every line.
So skipping a rule elsewhere changes nothing (tests/test_scan.py compares with calling every rule on
every line over the dev pages and generated text).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from operator import add

from .rules.base import LineView, Rule, triggers_of


class Scanner:
    """The candidate rules of each line, for one tuple of line rules and one document language."""

    def __init__(self, rules: tuple[Rule, ...], lang: str | None) -> None:
        self.rules = rules
        self.triggers: dict[str, int] = {}  # trigger word -> bit mask of the rules (by index) it serves
        self.prefilters: list[tuple[int, re.Pattern[str] | None, re.Pattern[str] | None]] = []
        self.everywhere = 0  # rules that must see every line
        self.scannable = 0  # rules a line over the length cap still gets (the phrase rules)
        for index, rule in enumerate(rules):
            bit = 1 << index
            phrases = triggers_of(rule.line, lang)
            prefilter: re.Pattern[str] | None = getattr(rule.line, "prefilter", None)
            folded_prefilter: re.Pattern[str] | None = getattr(rule.line, "folded_prefilter", None)
            if phrases is not None:
                self.scannable |= bit
                for phrase in phrases:
                    if phrase:
                        word = max(phrase.split(), key=len)
                        self.triggers[word] = self.triggers.get(word, 0) | bit
            elif prefilter is not None or folded_prefilter is not None:
                self.prefilters.append((bit, prefilter, folded_prefilter))
            else:
                self.everywhere |= bit
        self.words = frozenset(self.triggers)

    def candidates(self, lines: Sequence[LineView], long: int) -> dict[int, int]:
        """For each line that some rule could match, the bit mask of those rules.

        Lines longer than `long` characters get only the phrase rules: no regular expression of the other
        rules runs over them (see engine.LONG_LINE).
        """
        found: dict[int, int] = {}
        everywhere = self.everywhere
        triggers = self.triggers
        words = self.words
        for view in lines:
            if view.blank:
                continue
            mask = everywhere if len(view.text) <= long else 0
            for key in view.keys:
                for word in words.intersection(key.split()):
                    mask |= triggers[word]
            if mask:
                found[view.index] = mask
        if self.prefilters:
            texts = [view.text if len(view.text) <= long else "" for view in lines]
            document = Lines(texts)
            folded: Lines | None = None
            for bit, prefilter, folded_prefilter in self.prefilters:
                hits = document.matched(prefilter) if prefilter is not None else set()
                if folded_prefilter is not None:
                    folded = folded or Lines([view.key if len(view.text) <= long else "" for view in lines])
                    hits.update(folded.matched(folded_prefilter))
                for i in hits:
                    if not lines[i].blank:
                        found[i] = found.get(i, 0) | bit
        return found


class Lines:
    """A document's lines joined by newlines, to search once and map the matches back to lines."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.text = "\n".join(texts)
        # Each line starts one newline after the previous one ends (computed in C: accumulate and map).
        self.starts = list(map(add, accumulate(map(len, texts[:-1]), initial=0), range(len(texts))))

    def matched(self, pattern: re.Pattern[str]) -> set[int]:
        """The lines a match of the pattern starts on, ends on or runs across."""
        lines: set[int] = set()
        starts, text = self.starts, self.text
        if not starts:  # no lines at all
            return lines
        position = 0
        # After a match, the search goes on from the next line: its own lines are marked already, and a
        # line with many matches (every colon of a line) costs one step, not one per match.
        while (match := pattern.search(text, position)) is not None:
            first = bisect_right(starts, match.start()) - 1
            last = bisect_right(starts, max(match.start(), match.end() - 1)) - 1
            lines.update(range(first, last + 1))
            if last + 1 >= len(starts):
                break
            position = starts[last + 1]
        return lines


# Keyed by the rules' identity: hashing a tuple of rules hashes every field of every rule and example,
# which cost half a second over the dev pages when done once per document.
_SCANNERS: dict[tuple[int, str | None], tuple[tuple[Rule, ...], Scanner]] = {}


def scanner(rules: tuple[Rule, ...], lang: str | None) -> Scanner:
    """The scanner for a plan's line rules and a language, built once."""
    key = (id(rules), lang)
    entry = _SCANNERS.get(key)
    if entry is None or entry[0] is not rules:  # the tuple is kept alive in the entry, so ids are not reused
        entry = _SCANNERS[key] = (rules, Scanner(rules, lang))
    return entry[1]
