"""Counters over a run: documents, files, removals per family, repairs, held-back and failed inputs, exit codes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..events import EventSink
from ..model import ExitCode

if TYPE_CHECKING:
    from ..events import DocumentEvent, FileOutcome
    from ..io import Skipped


@dataclass(slots=True)
class Report(EventSink):
    """Totals over every file and document of a run: a sink of the runner's events."""

    files: int = 0
    changed: int = 0
    unchanged: int = 0
    cached: int = 0  # of the unchanged: skipped unread, as the cache knew them clean
    documents: int = 0
    stubs: int = 0
    held: list[str] = field(default_factory=list)  # "name:line (93%)" of each held document
    failed: list[str] = field(default_factory=list)  # one line per file that could not be processed
    bad_lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped_records: int = 0
    removed: Counter[str] = field(default_factory=Counter)  # family -> lines removed
    rules: Counter[str] = field(default_factory=Counter)  # rule code -> verdicts
    repairs: int = 0
    chars_in: int = 0
    chars_out: int = 0
    seconds: float = 0.0
    workers: int = 0  # worker processes started (none: the documents were cleaned in the main process)

    def document(self, event: DocumentEvent) -> None:
        """Count one document's verdicts (none are applied when it was held)."""
        self.documents += 1
        result = event.result
        self.chars_in += len(result.original)
        if event.held:
            self.held.append(f"{event.name}:{event.line} ({event.removed_share:.0%} of its characters)")
            self.chars_out += len(result.original)
            return
        self.chars_out += len(result.text)
        self.stubs += result.stub
        for (code, dropped), count in result.counts().items():
            self.rules[code] += count
            if dropped:
                self.removed[code[:2]] += count
            else:
                self.repairs += count

    def file(self, outcome: FileOutcome) -> None:
        """Count one file's outcome."""
        self.files += 1
        self.bad_lines += outcome.bad_lines
        self.warnings += outcome.warnings
        self.skipped_records += outcome.skipped
        if outcome.error is not None:
            self.failed.append(outcome.error)
        elif outcome.changed:
            self.changed += 1
        else:
            self.unchanged += 1
            self.cached += outcome.cached

    def skipped(self, skipped: Skipped) -> None:
        """A file a walk left out that the user should hear of (a FIFO, say) is a warning."""
        if skipped.warning:
            self.warnings.append(f"{skipped.path}: {skipped.reason}; skipped")

    def started(self, workers: int) -> None:
        """Remember how many worker processes started."""
        self.workers = workers

    def exit_code(self, check: bool = False, fixed: bool = False) -> ExitCode:
        """2 when an input could not be processed; in check mode 1 when something would change or was held.

        After --fix only held-back documents are left to report: everything else was written.
        """
        if self.failed or self.bad_lines:
            return ExitCode.ERROR
        if check and (self.held or (self.changed and not fixed)):
            return ExitCode.FINDINGS
        return ExitCode.OK

    def failed_names(self, most: int = 5) -> str:
        """The inputs that could not be processed, by name (the first `most`, then a count)."""
        names = [line.split(": ", 1)[0] for line in self.failed]
        shown = ", ".join(names[:most])
        return shown + (f" and {len(names) - most} more" if len(names) > most else "")

    @property
    def documents_differ(self) -> bool:
        """Whether the files read held another number of documents than one each (JSONL, or unreadable files)."""
        return self.documents != self.files - self.cached

    @property
    def lines_removed(self) -> int:
        """Lines removed in all documents."""
        return sum(self.removed.values())

    def summary(self) -> str:
        """The one-line summary printed on stderr at the end of a run."""
        families = ", ".join(f"{family} {n}" for family, n in sorted(self.removed.items()))
        lines = self.lines_removed
        cached = f" ({self.cached} cached)" if self.cached else ""
        parts = [
            f"{_n(self.files, 'file')}: {self.changed} changed, {self.unchanged} unchanged{cached}, "
            f"{len(self.failed)} failed",
            f"{_n(lines, 'line')} removed" + (f" ({families})" if families else ""),
            f"{_n(self.repairs, 'typography repair')}",
        ]
        if self.documents_differ:
            parts.insert(1, _n(self.documents, "document"))
        if self.stubs:
            parts.append(f"{_n(self.stubs, 'stub document')} emptied")
        if self.held:
            parts.append(f"{_n(len(self.held), 'document')} held back by the drop-ratio guard")
        if self.bad_lines:
            parts.append(f"{_n(len(self.bad_lines), 'malformed line')} copied unchanged")
        if self.failed:
            parts.append("failed: " + self.failed_names())
        if self.seconds > 0:
            parts.append(f"{self.seconds:.2f} s, {self.chars_in / 1e6 / self.seconds:.1f} M chars/s")
        return "; ".join(parts)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"
