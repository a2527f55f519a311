"""Value types shared by every layer: verdicts, results and exit codes (imports nothing from the package)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, IntEnum
from typing import Any


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


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome of cleaning one document."""

    text: str  # the cleaned document
    original: str
    verdicts: tuple[Verdict, ...] = field(default_factory=tuple)
    lang: str | None = None  # the language used by the rules (given or guessed)
    stub: bool = False  # the whole document was a 404, soft-404 or paywall stub
    long_lines: tuple[int, ...] = ()  # 1-based lines too long for the pattern rules (kept unless a phrase rule fired)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle compactly, with the verdicts as plain tuples (worker processes send results back).

        A slotted dataclass is pickled through Python-level __getstate__ and __setstate__, and an Enum
        member through a call of its class: 3.6 us a verdict (a page has about 140), spent mostly in the
        parent process, which 2 jobs share 2 cores with. Tuples are pickled in C.
        """
        rows = tuple(
            (v.code, v.name, v.line, v.action is Action.DROP, v.original, v.reason, v.replacement, v.score)
            for v in self.verdicts
        )
        return _unpickle_result, (self.text, self.original, rows, self.lang, self.stub, self.long_lines)

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


_Row = tuple[str, str, int, bool, str, str, "str | None", "float | None"]


def _unpickle_result(
    text: str, original: str, rows: tuple[_Row, ...], lang: str | None, stub: bool, long_lines: tuple[int, ...]
) -> Result:
    drop, repair = Action.DROP, Action.REPAIR
    verdicts = tuple(
        Verdict(code, name, line, drop if dropped else repair, before, reason, after, score)
        for code, name, line, dropped, before, reason, after, score in rows
    )
    return Result(text, original, verdicts, lang, stub, long_lines)
