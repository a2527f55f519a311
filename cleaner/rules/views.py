"""What the rules read of a document being cleaned: its lines' views, the document view, and line shapes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .folding import GLUE, count_words, fold, is_prose

# What the engine's line table records of each line (bits of `DocView.flags[i]`).
SENTENCE = 1  # a sentence end, as `is_prose` reads it
GLUED = 2  # a glue point ("surTelegram"): the key without unglueing differs (see `LineView.keys`)
MENU_ITEM = 4  # a link label, as NV022 reads it (`menus._menu_item`)
MENU_EMPTY = 8  # a bare list marker, or nothing (NV022)
MOJIBAKE_HINT = 16  # TY001 may change it: a C1 control, a surrogate, a UTF-8 lead and follower, "&" and a name
APOSTROPHE = 32  # holds "'"
CURLY_APOSTROPHE = 64  # holds "’"
SLOW_FOLD = 128  # its key was folded by `folding.fold` itself (a mark NFKD may reorder)
COLON = 256  # holds ":" (a record's field, "Optik: Teleobjektiv", needs one)
# Which typography repair may change the line: each a superset of the repair's own pre-check
# (`typography.HINTS`), so that a line runs only the repairs that can change it.
INVISIBLE_HINT = 512  # TY002: a zero-width or control character
QUOTES_HINT = 1024  # TY003: emphasis hugging a quotation mark
ELLIPSIS_HINT = 2048  # TY004: "…"
SPACES_HINT = 4096  # TY005: two spaces after a word
NBSP_HINT = 8192  # TY006: a no-break space
TRAILING_HINT = 16384  # TY007: white space at the end
HINT = MOJIBAKE_HINT | INVISIBLE_HINT | QUOTES_HINT | ELLIPSIS_HINT | SPACES_HINT | NBSP_HINT | TRAILING_HINT
REPAIR_HINTS = {
    "TY001": MOJIBAKE_HINT,
    "TY002": INVISIBLE_HINT,
    "TY003": QUOTES_HINT,
    "TY004": ELLIPSIS_HINT,
    "TY005": SPACES_HINT,
    "TY006": NBSP_HINT,
    "TY007": TRAILING_HINT,
}


@dataclass(slots=True)
class LineView:
    """One input line as the rules see it: its repaired text and the folded key for phrase matching."""

    index: int  # 0-based position in the document
    text: str  # after typography repair
    blank: bool
    _key: str | None = None
    _keys: tuple[str, ...] | None = None
    _words: int = -1
    _prose: int = -1  # is_prose(text), computed once (-1: not yet)

    @property
    def key(self) -> str:
        """The folded text (see `fold`), computed once."""
        if self._key is None:
            self._key = fold(self.text)
        return self._key

    @property
    def prose(self) -> bool:
        """Whether the line reads as running text (see `is_prose`), computed once."""
        if self._prose < 0:
            self._prose = int(is_prose(self.text))
        return bool(self._prose)

    @property
    def keys(self) -> tuple[str, ...]:
        """The folded text with glued words split, and without splitting when that differs.

        Splitting finds "sur telegram" in "surTelegram", but would also turn "YouTube" into "you tube";
        phrases are looked up in both forms.
        """
        if self._keys is None:
            self._keys = (self.key,) if GLUE.search(self.text) is None else (self.key, fold(self.text, False))
        return self._keys

    @property
    def words(self) -> int:
        """Number of words in the folded key (see `count_words`), computed once."""
        if self._words < 0:
            self._words = count_words(self.key)
        return self._words


class DocView:
    """The document during cleaning, as context rules read it: its lines, language and removals so far.

    The engine's `cleaner.engine.page.Page` is the implementation. For the rules that look at every line,
    each line's values are also there as sequences indexed by line: `texts` (repaired), `keys` (folded),
    `words` (words of the key), `flags` (the shape bits above) and `gone` (not 0 once removed); `lines[i]`
    is a line's view, made when first asked for.
    """

    lines: Sequence[LineView]
    lang: str | None
    dropped: Mapping[int, str]  # line index -> rule code
    content: Sequence[int]  # indices of the non-blank lines (an int array)
    direct: bytearray  # 1: the line was removed on its own text (see Rule.own_text)
    long: list[int]  # lines over the pattern rules' length cap
    site: frozenset[str]  # the folded lines learned for the document's site (see rules.learned)
    scores: dict[int, float]  # line index -> model score, for scored removals
    unsure: dict[int, float]  # line index -> model score, for kept lines the model leaned against (LQ001)
    texts: Sequence[str]
    keys: Sequence[str]
    words: Sequence[int]
    flags: Sequence[int]
    gone: bytearray  # 0: kept; else the removal's place in `removal_codes`
    removal_codes: list[str]  # the code of each value of `gone` ("" for 0), so kernels read codes as bytes
    memo: dict[str, Any]  # what a rule computed about the document, kept for its next call (see LQ001)

    def kept(self) -> list[int]:
        """Indices of the non-blank lines not dropped so far, in order."""
        raise NotImplementedError

    def prose(self, i: int, min_words: int = 8) -> bool:
        """Whether line i reads as running text (`is_prose`: enough words and a sentence end)."""
        raise NotImplementedError

    def neighbour(self, i: int, step: int) -> int | None:
        """The nearest non-blank line before (step -1) or after (step 1) line i, dropped or not."""
        raise NotImplementedError

    def blank_between(self, i: int, j: int) -> bool:
        """Whether a blank line separates lines i < j in the input."""
        raise NotImplementedError

    def removed_by(self, *prefixes: str) -> list[int]:
        """The lines removed by a rule whose code starts with one of the prefixes, in order."""
        raise NotImplementedError

    def is_dropped(self, i: int | None, family: str | None = None, direct: bool = False) -> bool:
        """Whether line i was dropped (by a rule of `family`, or on its own text, when asked)."""
        if i is None or i not in self.dropped or (direct and not self.direct[i]):
            return False
        return family is None or self.dropped[i].startswith(family)
