"""Rule and example types, and the line matchers rules are declared with."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple, Protocol

from .folding import fold
from .views import DocView, LineView

DocCheck = Callable[[DocView], Iterable[int]]


class Where(NamedTuple):
    """Where a line matcher can match at all: a necessary condition the engine checks for every line.

    A line is a candidate when its key holds one of `phrases` as whole words where `anchor` says (anywhere:
    "contains", at its start, as the whole key: "exact", or the key made only of phrases: "row"), or one
    of the folded words `anywhere`, or its text one of the `literals`, or its key one of the `folded`
    strings; and it has at most `max_words` words, and ends (but for white space) with one of the characters
    `ends` when they are given. With none of the cues, every line within these limits is. `decides` names
    the anchor ("contains", "start", "exact", "row" or "" for none) at which a phrase found is the match
    itself: the engine then removes the line without calling the matcher.

    The engine finds all of this for every line in its compiled passes and calls the matcher only on the
    rest, so a `where` that claimed too little would change results: tests/test_candidates.py checks
    each rule's against calling its matcher on every line of real pages and generated text.
    """

    phrases: tuple[str, ...] = ()
    anchor: str = "contains"
    decides: str = ""
    anywhere: tuple[str, ...] = ()
    literals: tuple[str, ...] = ()
    folded: tuple[str, ...] = ()
    max_words: int | None = None
    ends: str = ""  # the line's last character other than white space must be one of these (when given)


class LineMatcher(Protocol):
    """A line check that also says which languages its phrase lists cover, and where it can match."""

    languages: tuple[str, ...]

    def __call__(self, line: LineView, lang: str | None, /) -> bool:
        """Whether the line matches."""

    def where(self, lang: str | None, /) -> Where:
        """Where the check can match in a document of this language."""


# ---------------------------------------------------------------- matchers

NEUTRAL = "*"  # key of a phrase list that applies to every language
# The negative lookbehinds make a match start only at the beginning of a run of spaces or of a word: a
# regular expression otherwise retries from every position inside a run, which is quadratic (a line of
# 20,000 spaces took 2 s; make bench-regex, docs/regex-safety.md).
_SEPARATOR = re.compile(r"(?<!\s)\s*[:|>»›–—•·]\s*")
_URL = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|(?<![\w.-])[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|de|fr|es|it|pt|uk|ly|be|ch|at)(?:/\S*)?"
)
_TERMINAL = re.compile(r"[.!?][\"'»”)\]]*\s*$")


class Phrases:
    """Matches lines by a language's phrase list, on the folded key (see `fold`).

    `anchor` says where a phrase must sit: "contains" (anywhere, as whole words), "start", "exact" (the
    whole line is the phrase, for labels such as "Publicité") or "row" (the line is one or more phrases,
    for rows such as "Impressum Datenschutz Kontakt"). Lines longer than `max_words` are prose about the
    topic rather than the widget and are kept, unless they hold `dense` distinct phrases (a consent banner
    written as one long paragraph). With `rest_max_words`, at most that many words besides the phrase and
    any URL may stand in the line ("Partager cet article? https://...").

    A document in a language with a list gets that list, the English one and the neutral one: consent,
    share and comment kits ship in English on pages of every language (on the dev pages this removed 11
    more boilerplate snippets and lost none). A document whose language is unknown, or has no list, gets
    every list.
    """

    def __init__(
        self,
        phrases: Mapping[str, Sequence[str]],
        *,
        anchor: str = "contains",
        max_words: int = 40,
        dense: int = 0,
        rest_max_words: int | None = None,
    ) -> None:
        self.languages = tuple(lang for lang in phrases if lang != NEUTRAL)
        self.max_words = max_words
        self.dense = dense
        self.rest_max_words = rest_max_words
        self._phrases = phrases
        # Folded on first use, per language, as the expressions below: folding every list of every rule
        # was 1,455 calls and a tenth of the rules' import time, on every start of `cleaner check`.
        self._folded: dict[str, tuple[str, ...]] = {}
        self._lists: dict[str | None, tuple[str, ...]] = {}
        self._anchor = anchor
        self._template = {
            "contains": "(?:^| )(?:{0})(?= |$)",
            "start": "^(?:{0})(?= |$)",
            "exact": "^(?:{0})$",
            "row": "^(?:(?:{0})(?: |$))+$",
        }[anchor]
        # Compiled on first use, per language: a run meets one or two languages, and compiling all seven
        # variants of every rule at import cost a tenth of a second on each start.
        self._regex: dict[str | None, re.Pattern[str]] = {}

    def _pattern(self, lang: str | None) -> re.Pattern[str]:
        key = lang if lang in self._phrases else None
        pattern = self._regex.get(key)
        if pattern is None:
            # Shaped as a trie: a flat alternation of a hundred phrases was tried phrase by phrase at every
            # word (12 us a line); the trie, greedy, still matches the longest phrase at a position.
            pattern = self._regex[key] = re.compile(self._template.format(trie_pattern(self.phrases_for(key))))
        return pattern

    def _own(self, lang: str) -> tuple[str, ...]:
        folded = self._folded.get(lang)
        if folded is None:
            folded = self._folded[lang] = tuple(dict.fromkeys(fold(p) for p in self._phrases.get(lang, ())))
        return folded

    def phrases_for(self, lang: str | None) -> tuple[str, ...]:
        """The folded phrases used for a document language: its own list, the neutral one and English."""
        key = lang if lang in self._phrases else None
        phrases = self._lists.get(key)
        if phrases is None:
            if key is None:
                phrases = tuple(dict.fromkeys(p for other in self._phrases for p in self._own(other)))
            else:
                phrases = tuple(dict.fromkeys(self._own(key) + self._own(NEUTRAL) + self._own("en")))
            self._lists[key] = phrases
        return phrases

    def triggers(self, lang: str | None) -> tuple[str, ...]:
        """Phrases one of which a line must hold (as whole words) for this matcher to match it."""
        return self.phrases_for(lang)

    def where(self, lang: str | None) -> Where:
        """The phrases at the anchor: found within the word limit, they are the match.

        The dense and rest-limited checks are finished by the matcher.
        """
        plain = not self.dense and self.rest_max_words is None
        return Where(
            phrases=self.phrases_for(lang),
            anchor=self._anchor,
            decides=self._anchor if plain else "",
            max_words=None if self.dense else self.max_words,
        )

    def __call__(self, line: LineView, lang: str | None) -> bool:
        """Whether the line holds a phrase of the document's language within the limits."""
        if line.words > self.max_words and not self.dense:
            return False
        pattern = self._pattern(lang)
        return any(self._check(pattern, key, line, lang) for key in line.keys)

    def matches(self, key: str, words: int, lang: str | None) -> bool:
        """`__call__` for a lone key of `words` words (no glued form), when only the phrases matter.

        For a matcher without `dense` or `rest_max_words`, which read the line's text.
        """
        assert not self.dense and self.rest_max_words is None
        return words <= self.max_words and self._pattern(lang).search(key) is not None

    def _check(self, pattern: re.Pattern[str], key: str, line: LineView, lang: str | None) -> bool:
        match = pattern.search(key)
        if match is None:
            return False
        if self.rest_max_words is not None:
            rest = fold(_URL.sub(" ", line.text), unglue=key is line.key)
            rest_match = pattern.search(rest)
            if rest_match is None:
                return False
            if (rest[: rest_match.start()] + rest[rest_match.end() :]).count(" ") > self.rest_max_words:
                return False
        if line.words <= self.max_words:
            return True
        if not self.dense:
            return False
        padded = f" {key} "
        return sum(f" {p} " in padded for p in self.phrases_for(lang)) >= self.dense


class Label:
    """Matches a label line: the label alone ("Vous lisez:"), or with a headline after it.

    With `headline`, the label may be followed by a separator and a headline ("Lire aussi : ..."), or by
    a headline glued to it or after a space, as long as the line does not end like a sentence: prose
    that happens to start with the same words ("Related to this, the ministry said ...") is kept. With
    `headline="separator"` only the separated form counts ("Tags: a, b", but not "Category 5 storm").
    """

    def __init__(
        self, phrases: Mapping[str, Sequence[str]], *, headline: bool | str = False, max_words: int = 30
    ) -> None:
        self.languages = tuple(lang for lang in phrases if lang != NEUTRAL)
        self.headline = headline
        self.max_words = max_words
        self._start = Phrases(phrases, anchor="start", max_words=max_words)
        self._labels: dict[str | None, frozenset[str]] = {}  # per language, on first use

    def _is_label(self, keys: tuple[str, ...], lang: str | None) -> bool:
        labels = self._labels.get(lang)
        if labels is None:
            labels = self._labels[lang] = frozenset(self._start.phrases_for(lang))
        return any(key in labels for key in keys)

    def triggers(self, lang: str | None) -> tuple[str, ...]:
        """Phrases one of which a line must hold (as whole words) for this matcher to match it."""
        return self._start.triggers(lang)

    def where(self, lang: str | None) -> Where:
        """A label starts the line; the label alone is the match (and may be longer than `max_words`)."""
        return Where(phrases=self._start.phrases_for(lang), anchor="start", decides="exact")

    def bare(self, line: LineView, lang: str | None) -> bool:
        """Whether the line is the label alone ("Read more", "Lire aussi :"), with no headline."""
        return self._is_label(line.keys, lang)

    def __call__(self, line: LineView, lang: str | None) -> bool:
        """Whether the line is the label, or the label and a headline."""
        if self._is_label(line.keys, lang):
            return True
        if not self._start(line, lang):
            return False
        sep = _SEPARATOR.search(line.text)
        if sep is not None and self._is_label(LineView(line.index, line.text[: sep.start()], False).keys, lang):
            return bool(self.headline) or not line.text[sep.end() :].strip()
        return self.headline is True and _TERMINAL.search(line.text) is None


class AllOf:
    """Matches lines that every one of its matchers matches (a follow verb and a network name)."""

    def __init__(self, *matchers: LineMatcher) -> None:
        self.matchers = matchers
        self.languages = tuple(dict.fromkeys(lang for m in matchers for lang in m.languages))

    def __call__(self, line: LineView, lang: str | None) -> bool:
        """Whether all matchers match."""
        return all(m(line, lang) for m in self.matchers)

    def triggers(self, lang: str | None) -> tuple[str, ...] | None:
        """The first matcher's triggers: every matcher must match, so that one's phrases must be there."""
        return triggers_of(self.matchers[0], lang)

    def where(self, lang: str | None) -> Where:
        """Where the first matcher can match (every matcher must); the others decide with it."""
        return self.matchers[0].where(lang)._replace(decides="")


def triggers_of(matcher: object, lang: str | None) -> tuple[str, ...] | None:
    """A matcher's trigger phrases, or None when it has none (it must then see every line)."""
    method = getattr(matcher, "triggers", None)
    return method(lang) if method is not None else None


def trie_pattern(phrases: Iterable[str]) -> str:
    """One regular expression for many phrases, shaped as a trie so matching costs one pass per line.

    >>> re.fullmatch(trie_pattern(["tout accepter", "tout refuser", "ok"]), "tout refuser") is not None
    True
    """
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


class Pattern:
    """Matches lines by a language-neutral regular expression on the repaired text.

    `prefilter` and `folded_prefilter` are strings one of which the line's text, or its folded key, must
    hold for the expression to be tried, and `ends` the characters one of which must end the line (see
    `Where`): the engine finds them for every line in one compiled pass, where searching the expression
    over each line cost a tenth of the engine's time.
    """

    languages: tuple[str, ...] = ()

    def __init__(
        self,
        regex: str,
        *,
        flags: int = 0,
        max_words: int = 60,
        prefilter: tuple[str, ...] = (),
        folded_prefilter: tuple[str, ...] = (),
        ends: str = "",
    ) -> None:
        self._source, self._flags = regex, flags
        self.prefilter, self.folded_prefilter, self.ends = prefilter, folded_prefilter, ends
        self.max_words = max_words

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """The expression, compiled when a line first reaches it (only prefilter hits do).

        Compiling every rule's at import was a tenth of a one-file check's start (the largest took 1.5 to 2 ms).
        """
        return re.compile(self._source, self._flags)

    def where(self, lang: str | None) -> Where:
        """A line holding one of the prefilter strings, within the word limit."""
        return Where(literals=self.prefilter, folded=self.folded_prefilter, max_words=self.max_words, ends=self.ends)

    def __call__(self, line: LineView, lang: str | None) -> bool:
        """Whether the pattern is found in a line within the length limit."""
        return line.words <= self.max_words and self.regex.search(line.text) is not None


# ---------------------------------------------------------------- rules as data


class Example(NamedTuple):
    """A case a rule must get right; every example runs as a test.

    For a line rule, `text` is the line. For a context rule, `text` is a short document and `target`
    names the line the example is about.
    """

    text: str
    drop: bool
    lang: str | None = None
    target: str | None = None
    fixed: str | None = None  # for a repair rule: the line as the repair must leave it
    site: tuple[str, ...] = ()  # for a learned-line rule: the lines the site rules list for the document


@dataclass(frozen=True, slots=True)
class Rule:
    """A boilerplate rule: a code, a name, what it does and why, and examples that are tests."""

    code: str
    name: str
    summary: str
    why: str
    examples: tuple[Example, ...]
    line: LineMatcher | None = None  # removes lines it recognises on their own
    context: DocCheck | None = None  # removes lines by their place in the document (neighbours, repeats)
    repair: Callable[[str], str] | None = None  # repairs characters inside every line
    languages: tuple[str, ...] = ()  # empty: language-neutral
    # Whether a context rule judges the line's own text (a repeat of another line) rather than its place;
    # such removals, like every line rule's, count as evidence for neighbouring lines (see NV010).
    own_text: bool = False
    # Code prefixes whose removals a context rule reads: until a line was removed by one of them it has
    # nothing to do, and the engine does not call it ("": any removal). Empty: it is always called.
    requires: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Refuse malformed declarations early, at import time."""
        if sum(x is not None for x in (self.line, self.context, self.repair)) != 1:
            raise ValueError(f"{self.code}: a rule has exactly one of `line`, `context` and `repair`")
        if not re.fullmatch(r"[A-Z]{2}\d{3}", self.code):
            raise ValueError(f"{self.code}: codes are two capitals and three digits")

    @property
    def family(self) -> str:
        """The two-letter family prefix."""
        return self.code[:2]


def line_rule(code: str, name: str, summary: str, why: str, matcher: LineMatcher, *examples: Example) -> Rule:
    """A line rule whose languages are those of its matcher's phrase lists."""
    return Rule(code, name, summary, why, examples, line=matcher, languages=matcher.languages)


def drops(lang: str | None, *lines: str) -> tuple[Example, ...]:
    """Drop examples in one language."""
    return tuple(Example(text, True, lang) for text in lines)


def keeps(lang: str | None, *lines: str) -> tuple[Example, ...]:
    """Keep examples (near misses) in one language."""
    return tuple(Example(text, False, lang) for text in lines)
