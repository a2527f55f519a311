"""Value types shared by every layer: verdicts, results and exit codes (imports nothing from the package)."""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum, IntEnum
from typing import Any, overload


class Action(str, Enum):
    """What a verdict does to its line."""

    DROP = "drop"
    REPAIR = "repair"


class ExitCode(IntEnum):
    """Process exit codes, as ruff and black use them."""

    OK = 0
    FINDINGS = 1
    ERROR = 2


FAMILIES: dict[str, str] = {
    "CK": "consent and cookies",
    "SO": "social, app and newsletter promotion",
    "SH": "share widgets and links",
    "RL": "read-also teasers and next-article tails",
    "NV": "navigation chrome",
    "CR": "captions and credits",
    "NF": "404, soft-404 and paywall stubs",
    "DU": "duplicated lines",
    "LR": "learned site boilerplate",
    "LQ": "line quality",
    "TY": "typography",
}


@dataclass(frozen=True, slots=True)
class Verdict:
    """One decision about one line: removed, or repaired in place."""

    code: str
    name: str
    line: int  # 1-based line number in the input document
    action: Action
    original: str
    reason: str
    replacement: str | None = None  # the repaired text, for repairs
    score: float | None = None  # model score, for learned or scored rules

    @property
    def family(self) -> str:
        """The two-letter family prefix of the rule code."""
        return self.code[:2]


# A verdict as the engine records it: (code, name, line, dropped, original, reason, replacement, score).
Row = tuple[str, str, int, bool, str, str, "str | None", "float | None"]


class Verdicts(Sequence[Verdict]):
    """A document's verdicts, kept in columns and made into Verdict objects only when they are read.

    The engine records a verdict for every removed or repaired line (hundreds a page; 370,000 on a 30 MB
    page of repeated pages); most runs only count them. Columns (each verdict's code, line number, kind and
    the line it names; a rule's name and reason once per code; a repair's text and a score only where there
    is one) hold a verdict in about 25 bytes where an object took 130, pickle in C when a worker sends its
    results back, and are counted in C (`counts`); the objects are made once, when first read.
    """

    __slots__ = ("_made", "codes", "drops", "extras", "lines", "names", "originals")

    def __init__(self, rows: Iterable[Row] = ()) -> None:
        self.codes: list[str] = []
        self.lines = array("i")  # 1-based
        self.drops = bytearray()  # 1: the line was removed; 0: repaired
        self.originals: list[str] = []
        self.extras: dict[int, tuple[str | None, float | None]] = {}  # position -> (replacement, score)
        self.names: dict[str, tuple[str, str]] = {}  # code -> (rule name, reason)
        self._made: tuple[Verdict, ...] | None = None
        for row in rows:
            self.add(*row)

    def add(
        self, code: str, name: str, line: int, dropped: bool, original: str, reason: str,
        replacement: str | None = None, score: float | None = None,
    ) -> None:  # fmt: skip
        """Record one verdict (after the others)."""
        if replacement is not None or score is not None:
            self.extras[len(self.codes)] = (replacement, score)
        self.codes.append(code)
        self.lines.append(line)
        self.drops.append(dropped)
        self.originals.append(original)
        if code not in self.names:
            self.names[code] = (name, reason)
        self._made = None

    @classmethod
    def of(cls, verdicts: Sequence[Verdict]) -> Verdicts:
        """Verdicts given as objects (columns made from them)."""
        if isinstance(verdicts, Verdicts):
            return verdicts
        made = cls(
            (v.code, v.name, v.line, v.action is Action.DROP, v.original, v.reason, v.replacement, v.score)
            for v in verdicts
        )
        made._made = tuple(verdicts)
        return made

    @property
    def rows(self) -> list[Row]:
        """Each verdict as a row, in order."""
        rows: list[Row] = []
        columns = zip(self.codes, self.lines, self.drops, self.originals, strict=True)
        for k, (code, line, dropped, original) in enumerate(columns):
            name, reason = self.names[code]
            replacement, score = self.extras.get(k, (None, None))
            rows.append((code, name, line, bool(dropped), original, reason, replacement, score))
        return rows

    def made(self) -> tuple[Verdict, ...]:
        """The Verdict objects, made on first use."""
        if self._made is None:
            drop, repair = Action.DROP, Action.REPAIR
            self._made = tuple(
                Verdict(code, name, line, drop if dropped else repair, before, reason, after, score)
                for code, name, line, dropped, before, reason, after, score in self.rows
            )
        return self._made

    def counts(self) -> Counter[tuple[str, int]]:
        """How many verdicts each (code, dropped: 1 or 0) pair has, counted without making the objects."""
        return Counter(zip(self.codes, self.drops, strict=True))

    def __len__(self) -> int:
        return len(self.codes)

    @overload
    def __getitem__(self, index: int) -> Verdict: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Verdict, ...]: ...

    def __getitem__(self, index: int | slice) -> Verdict | tuple[Verdict, ...]:
        return self.made()[index]

    def __iter__(self) -> Iterator[Verdict]:
        return iter(self.made())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Verdicts):
            return self.rows == other.rows
        return isinstance(other, tuple | list) and self.made() == tuple(other)

    def __hash__(self) -> int:
        return hash(tuple(self.rows))

    def __repr__(self) -> str:
        return repr(self.made())

    def __reduce__(self) -> tuple[Any, ...]:
        state = (self.codes, self.lines, bytes(self.drops), self.originals, self.extras, self.names)
        return _columns, state


def _columns(
    codes: list[str], lines: array[int], drops: bytes, originals: list[str],
    extras: dict[int, tuple[str | None, float | None]], names: dict[str, tuple[str, str]],
) -> Verdicts:  # fmt: skip
    """Verdicts from their pickled columns."""
    made = Verdicts()
    made.codes, made.lines, made.drops, made.originals = codes, lines, bytearray(drops), originals
    made.extras, made.names = extras, names
    return made


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome of cleaning one document (`verdicts`: a sequence of Verdict, read as a tuple is)."""

    text: str  # the cleaned document
    original: str
    verdicts: Sequence[Verdict] = field(default_factory=tuple)
    lang: str | None = None  # the language used by the rules (given or guessed)
    stub: bool = False  # the whole document was a 404, soft-404 or paywall stub
    long_lines: tuple[int, ...] = ()  # 1-based lines too long for the pattern rules (kept unless a phrase rule fired)
    # 1-based kept lines the line-quality model was unsure about (scored near or under its threshold but
    # kept: sheltered, a byline, or too close to call), with their score: content first, and the report
    # says so
    unsure: tuple[tuple[int, float], ...] = ()

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as a call with the fields (a slotted dataclass otherwise goes through Python-level state)."""
        verdicts = self.verdicts if isinstance(self.verdicts, Verdicts | tuple) else tuple(self.verdicts)
        return Result, (self.text, self.original, verdicts, self.lang, self.stub, self.long_lines, self.unsure)

    @property
    def changed(self) -> bool:
        """Whether cleaning changed the document at all."""
        return self.text != self.original

    @property
    def removed(self) -> tuple[Verdict, ...]:
        """The verdicts that removed a line."""
        return tuple(v for v in self.verdicts if v.action is Action.DROP)

    @property
    def repaired(self) -> tuple[Verdict, ...]:
        """The verdicts that repaired characters inside a kept line."""
        return tuple(v for v in self.verdicts if v.action is Action.REPAIR)

    def counts(self) -> Counter[tuple[str, int]]:
        """How many verdicts each (code, dropped: 1 or 0) pair has (without making Verdict objects when it can)."""
        return Verdicts.of(self.verdicts).counts()
