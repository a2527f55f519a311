"""A document as the context rules see it, backed by the line table: views made only for the lines they read."""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping, Sequence
from typing import overload

from ..rules.views import SENTENCE, DocView, LineView
from . import passes
from .lines import LineTable


class TableLines(Sequence[LineView]):
    """The lines of a line table as LineViews, each made (from the table's values) when first asked for."""

    def __init__(self, table: LineTable) -> None:
        self.table = table
        self._views: list[LineView | None] = [None] * table.n

    def __len__(self) -> int:
        return self.table.n

    @overload
    def __getitem__(self, i: int) -> LineView: ...

    @overload
    def __getitem__(self, i: slice) -> Sequence[LineView]: ...

    def __getitem__(self, i: int | slice) -> LineView | Sequence[LineView]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self.table.n))]
        view = self._views[i]
        if view is None:
            view = self._views[i] = self.view(i)
        return view

    def view(self, i: int) -> LineView:
        """The LineView of line i, its key, word count and prose flag taken from the table."""
        table = self.table
        key = table.keys[i]
        glued = table.glued.get(i)
        prose = int(table.twords[i] >= 8 and bool(table.flags[i] & SENTENCE))
        keys = (key,) if glued is None else (key, glued)
        return LineView(i, table.texts[i], bool(table.blank[i]), key, keys, table.words[i], prose)

    def __iter__(self) -> Iterator[LineView]:
        return (self[i] for i in range(self.table.n))


class Drops(Mapping[int, str]):
    """Line index -> the code of the rule that removed it, one byte a line.

    A dict of the removals took about 90 bytes a removed line with its keys (29 MB of a 30 MB text file's
    328,000 removals); the marks are also the page's `gone` flags (0: kept), which the kernels read.
    """

    def __init__(self, n: int) -> None:
        self.marks = bytearray(n)
        self.codes = [""]  # mark -> code; mark 0 is "not removed"
        self.mark_of: dict[str, int] = {}  # code -> mark

    def set(self, i: int, code: str) -> None:
        """Record that rule `code` removed line i."""
        self.marks[i] = self.mark_of.get(code) or self.new_mark(code)

    def new_mark(self, code: str) -> int:
        """The mark of a code that removed no line of the document yet."""
        mark = self.mark_of[code] = len(self.codes)
        if mark > 255:
            raise ValueError("more than 255 rule codes removed lines of one document")
        self.codes.append(code)
        return mark

    # A line's code and whether it went are asked on every pass: written out rather than left to Mapping's
    # mixins, which made the engine 6 % slower on the dev texts than with a dict. The rules ask for the
    # removals of a code with `Page.removed_by`, found in C (context rules 22.6 -> 14.0 ms per MB, make perf).
    def get(self, i: int, default: str | None = None) -> str | None:  # type: ignore[override]
        """The code that removed line i, or `default`."""
        if i.__class__ is int and 0 <= i < len(self.marks):
            mark = self.marks[i]
            if mark:
                return self.codes[mark]
        return default

    def __getitem__(self, i: int) -> str:
        code = self.get(i)
        if code is None:
            raise KeyError(i)
        return code

    def __contains__(self, i: object) -> bool:
        return i.__class__ is int and 0 <= i < len(self.marks) and self.marks[i] != 0

    def __iter__(self) -> Iterator[int]:
        return iter(passes.marked(self.marks))

    def __len__(self) -> int:
        return len(self.marks) - self.marks.count(0)


class Page(DocView):
    """A DocView whose lines come from a line table, with the dense questions answered in compiled code."""

    def __init__(self, table: LineTable, lang: str | None, site: frozenset[str]) -> None:
        self.lines: TableLines = TableLines(table)
        self.lang, self.site = lang, site
        self.dropped: Drops = Drops(table.n)
        self.direct = bytearray(table.n)
        self.long, self.scores, self.unsure = [], {}, {}
        self.content: array[int] = passes.content(table.blank)
        self.table = table
        self.texts, self.keys, self.words, self.flags = table.texts, table.keys, table.words, table.flags
        self.gone, self.removal_codes = self.dropped.marks, self.dropped.codes
        self.memo = {}
        self.codes: set[str] = set()  # the codes that removed lines so far

    def drop(self, i: int, code: str, direct: bool) -> None:
        """Record a removal (the engine's only way to remove a line)."""
        dropped = self.dropped  # Drops.set written out: this runs for every removed line
        dropped.marks[i] = dropped.mark_of.get(code) or dropped.new_mark(code)
        self.codes.add(code)
        if direct:
            self.direct[i] = 1

    def release(self) -> None:
        """Free what only the rules read (keys, views, the model's memo) before the output is assembled.

        On a 30 MB page the keys alone are about as large as the text; the output is built after them.
        """
        del self.table.keys[:]
        self.table.glued.clear()
        self.memo.clear()
        self.lines = TableLines(self.table)

    def removed_by(self, *prefixes: str) -> list[int]:
        """The lines removed by a rule whose code starts with one of the prefixes, in order (found in C)."""
        wanted = bytearray([code.startswith(prefixes) for code in self.removal_codes])  # "" (kept): never
        return passes.marked_in(self.gone, wanted) if any(wanted) else []

    def kept(self) -> list[int]:
        """Indices of the non-blank lines not dropped so far, in order."""
        return passes.kept(self.content, self.gone)

    def prose(self, i: int, min_words: int = 8) -> bool:
        """Whether line i reads as running text (`is_prose`: enough words and a sentence end)."""
        return self.table.twords[i] >= min_words and bool(self.table.flags[i] & SENTENCE)

    def neighbour(self, i: int, step: int) -> int | None:
        """The nearest non-blank line before (step -1) or after (step 1) line i, dropped or not."""
        j = passes.neighbour(self.table.blank, i, step)
        return j if j >= 0 else None

    def blank_between(self, i: int, j: int) -> bool:
        """Whether a blank line separates lines i < j in the input."""
        return passes.blank_between(self.table.blank, i, j)
