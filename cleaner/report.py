"""Counters over a run: per-file outcomes, removals per family, repairs, and the exit code."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .model import Action, ExitCode, Result


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """What happened to one input: its result, or the one-line error that stopped it."""

    name: str  # the path as shown to the user
    result: Result | None = None
    error: str | None = None
    size: int = 0  # bytes read


@dataclass(slots=True)
class Report:
    """Totals over every file of a run."""

    files: int = 0
    changed: int = 0
    unchanged: int = 0
    stubs: int = 0
    failed: list[str] = field(default_factory=list)  # the error lines, in input order
    removed: Counter[str] = field(default_factory=Counter)  # family -> lines removed
    rules: Counter[str] = field(default_factory=Counter)  # rule code -> verdicts
    repairs: int = 0
    chars_in: int = 0
    chars_out: int = 0
    bytes_in: int = 0
    seconds: float = 0.0

    def add(self, outcome: FileOutcome) -> None:
        """Count one file's outcome."""
        self.files += 1
        self.bytes_in += outcome.size
        if outcome.error is not None or outcome.result is None:
            self.failed.append(outcome.error or f"{outcome.name}: failed")
            return
        result = outcome.result
        self.changed += result.changed
        self.unchanged += not result.changed
        self.stubs += result.stub
        self.chars_in += len(result.original)
        self.chars_out += len(result.text)
        for verdict in result.verdicts:
            self.rules[verdict.code] += 1
            if verdict.action is Action.DROP:
                self.removed[verdict.family] += 1
            else:
                self.repairs += 1

    @property
    def exit_code(self) -> ExitCode:
        """2 when any file could not be processed, else 0."""
        return ExitCode.ERROR if self.failed else ExitCode.OK

    def summary(self) -> str:
        """The one-line summary printed on stderr at the end of a run."""
        families = ", ".join(f"{family} {n}" for family, n in sorted(self.removed.items()))
        lines = sum(self.removed.values())
        parts = [
            f"{self.files} file{'s' * (self.files != 1)}: {self.changed} changed, {self.unchanged} unchanged, "
            f"{len(self.failed)} failed",
            f"{lines} line{'s' * (lines != 1)} removed" + (f" ({families})" if families else ""),
            f"{self.repairs} typography repair{'s' * (self.repairs != 1)}",
        ]
        if self.stubs:
            parts.append(f"{self.stubs} stub document{'s' * (self.stubs != 1)} emptied")
        if self.seconds > 0:
            parts.append(f"{self.seconds:.2f} s, {self.bytes_in / 1e6 / self.seconds:.1f} MB/s")
        return "; ".join(parts)
