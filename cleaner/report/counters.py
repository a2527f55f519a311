"""Counters over a run: documents, files, removals per family, repairs, held-back and failed inputs, exit codes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from ..model import Action, ExitCode, Result

if TYPE_CHECKING:
    from ..formats import Passthrough


class DocumentEvent(NamedTuple):
    """One cleaned document, as the runner hands it to the sinks (findings, diffs, reports)."""

    name: str  # the file as shown to the user ("<stdin>" for a stream)
    line: int  # the JSONL line of the record; 1 for a whole file
    url: str | None
    result: Result
    held: bool  # the drop-ratio guard kept it unchanged
    record: bool = False  # a JSONL record (its verdicts' lines are inside the text field)

    @property
    def removed_share(self) -> float:
        """The share of characters cleaning removes (or would have removed, when held)."""
        original = len(self.result.original)
        return (original - len(self.result.text)) / original if original else 0.0


@dataclass(slots=True)
class FileOutcome:
    """What happened to one input file."""

    name: str
    fmt: str = "text"
    error: str | None = None
    documents: int = 0
    changed: bool = False  # some document changed and was written (or would be)
    held: int = 0  # documents the drop-ratio guard kept unchanged
    stubs: int = 0
    bad_lines: list[str] = field(default_factory=list)  # malformed JSONL lines, copied through
    skipped: int = 0  # JSONL records without the text field, copied through
    warnings: list[str] = field(default_factory=list)  # nothing lost, but worth a look
    cached: bool = False  # unchanged since it last checked clean: not read (see cache.py)

    def document(self, event: DocumentEvent) -> None:
        """Count one document of this file."""
        self.documents += 1
        if event.held:
            self.held += 1
        elif event.result.changed:
            self.changed = True
        self.stubs += event.result.stub

    def passthrough(self, item: Passthrough, name: str) -> None:
        """Count a JSONL line copied through unchanged."""
        if item.error:
            self.bad_lines.append(f"{name}:{item.line}: {item.problem}; line copied unchanged")
        elif item.problem:
            self.skipped += 1

    def no_text_field(self, field: str) -> None:
        """A JSONL file none of whose records holds the text field is an error, not "all clean".

        A misspelt `--text-field` made every record a line without text, copied through, and `check` said
        "All clean." with exit 0.
        """
        if self.fmt == "jsonl" and self.skipped and not self.documents and self.error is None:
            self.error = (
                f"{self.name}: none of its {self.skipped} record{'s' * (self.skipped != 1)} has a string field "
                f"{field!r} (see --text-field); nothing cleaned"
            )

    @property
    def status(self) -> str:
        """error, held, stub, changed or unchanged."""
        if self.error is not None:
            return "error"
        if self.held:
            return "held"
        if self.stubs and self.stubs == self.documents:
            return "stub"
        return "changed" if self.changed else "unchanged"


@dataclass(slots=True)
class Report:
    """Totals over every file and document of a run."""

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

    def add_document(self, event: DocumentEvent) -> None:
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
        for verdict in result.verdicts:
            self.rules[verdict.code] += 1
            if verdict.action is Action.DROP:
                self.removed[verdict.family] += 1
            else:
                self.repairs += 1

    def add(self, outcome: FileOutcome) -> None:
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
