"""What a configuration runs: its rules by kind, and the tables the line passes look their cues up in."""

from __future__ import annotations

from array import array
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from .. import lang as language
from ..rules import ALL_RULES, Rule, select
from ..rules.typography import APOSTROPHES, FINAL_NEWLINE
from ..rules.views import HINT, REPAIR_HINTS
from ..tables.words import Cues, Literals, Phrasebook, Words
from .lines import LANGUAGES

if TYPE_CHECKING:
    from .config import Config


ENDS = 4  # characters a rule may name as the ends of its lines (rules.base.Where.ends)


class Plan(NamedTuple):
    """A configuration's rules by kind, and what the line passes need to find each line rule's candidates."""

    repairs: tuple[tuple[Rule, int], ...]  # each repair, with the line flag that says it may change a line
    lines: tuple[Rule, ...]  # line rules, in order: bit k of a candidate mask is lines[k]
    contexts: tuple[Rule, ...]
    scorers: tuple[Rule, ...]  # the line-quality model (LQ): it judges what the other rules leave
    apostrophes: bool
    final_newline: bool
    literals: Literals  # the line rules' prefilter strings in the text, each with its rules' bits
    folded: Literals  # those in the folded key
    folded_words: int  # folded strings are looked for on lines of at most this many words
    everywhere: int  # rules with no cue: every line is a candidate
    limits: array[int]  # per line rule: the most words a candidate may have (-1: no limit)
    codes: list[str]  # the line rules' codes
    ends: array[int]  # per line rule, ENDS characters one of which must end a candidate (0: none, or unused)


# Each language's stopwords (for the guess), numbered in `lang.LANGUAGES` order.
STOPWORDS = Words(
    (word, 0, 0, 0, index) for index, lang in enumerate(language.LANGUAGES) for word in language.STOPWORDS[lang]
)
assert len(language.LANGUAGES) == LANGUAGES


@cache
def plan(config: Config) -> Plan:
    """The plan of a configuration, made once."""
    prefixes = tuple("" if p == "ALL" else p for p in config.select + config.extend_select)
    rules = select(prefixes, config.ignore, ALL_RULES)
    special = (APOSTROPHES, FINAL_NEWLINE)
    lines = tuple(r for r in rules if r.line is not None)
    if len(lines) > 64:
        raise ValueError("a plan holds at most 64 line rules (the candidate masks are 64 bits)")
    literals: list[tuple[str, int]] = []
    folded: list[tuple[str, int]] = []
    folded_words = everywhere = 0
    limits = array("i")
    ends = array("I")
    for bit, rule in enumerate(lines):
        assert rule.line is not None
        where = rule.line.where(None)  # a Pattern's strings do not depend on the language
        literals += [(s, 1 << bit) for s in where.literals]
        folded += [(s, 1 << bit) for s in where.folded]
        if where.folded:
            folded_words = max(folded_words, where.max_words if where.max_words is not None else 1 << 30)
        if not (where.anywhere or where.phrases or where.literals or where.folded):
            everywhere |= 1 << bit
        limits.append(where.max_words if where.max_words is not None else -1)
        if len(where.ends) > ENDS:
            raise ValueError(f"{rule.code}: at most {ENDS} characters may end a line")
        ends.extend([*map(ord, where.ends), *([0] * (ENDS - len(where.ends)))])
    return Plan(
        repairs=tuple((r, REPAIR_HINTS.get(r.code, HINT)) for r in rules if r.repair is not None and r not in special),
        lines=lines,
        contexts=tuple(r for r in rules if r.context is not None and r.family != "LQ"),
        scorers=tuple(r for r in rules if r.context is not None and r.family == "LQ"),
        apostrophes=APOSTROPHES in rules and config.quotes != "keep",
        final_newline=FINAL_NEWLINE in rules,
        literals=Literals(literals),
        folded=Literals(folded),
        folded_words=folded_words,
        everywhere=everywhere,
        limits=limits,
        codes=[rule.code for rule in lines],
        ends=ends,
    )


ANCHORS = ("contains", "start", "exact", "row")

# Keyed by the plan's identity: hashing a plan hashes every rule and example (0.5 s over the dev pages
# when it was done per document). The plan is kept in the entry, so its id is not reused.
_CUES: dict[tuple[int, str | None], tuple[Plan, Cues]] = {}


def cues(chosen: Plan, lang: str | None) -> Cues:
    """The word table and phrasebook of a plan's line rules for a document language, made once."""
    key = (id(chosen), lang)
    entry = _CUES.get(key)
    if entry is None or entry[0] is not chosen:
        entry = _CUES[key] = (chosen, _cues(chosen, lang))
    return entry[1]


def _cues(chosen: Plan, lang: str | None) -> Cues:
    triggers: list[tuple[str, int, int, int, int]] = []
    phrases: list[tuple[list[str], int]] = []
    anywhere = 0
    anchors, decides = [0, 0, 0, 0], [0, 0, 0, 0]
    for bit, rule in enumerate(chosen.lines):
        assert rule.line is not None
        where = rule.line.where(lang)
        mask = 1 << bit
        triggers += [(word, mask, 0, 0, 0) for word in where.anywhere]
        if where.anywhere:
            anywhere |= mask
        if where.phrases:
            anchors[ANCHORS.index(where.anchor)] |= mask
            if where.decides:
                decides[ANCHORS.index(where.decides)] |= mask
            for phrase in where.phrases:
                if not phrase:
                    raise ValueError(f"{rule.code}: a phrase folds to nothing")
                phrases.append((phrase.split(), mask))
    # Every word of every phrase has an entry (no bits but the triggers'), so a line's words spell phrases.
    words = Words(triggers + [(word, 0, 0, 0, 0) for words_, _ in phrases for word in words_])
    book = Phrasebook(((tuple(words.find(w) for w in words_), mask) for words_, mask in phrases), len(words.words))
    return Cues(words, book, anywhere, (anchors[0], anchors[1], anchors[2], anchors[3]),
                (decides[0], decides[1], decides[2], decides[3]))  # fmt: skip
