"""What the runner tells the sink it is given: each document cleaned, each file's outcome, files left out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from .model import Result

if TYPE_CHECKING:
    from .formats import Passthrough
    from .io import Skipped


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


class EventSink:
    """Receives a run's events from the runner; each method ignores its event here, a sink overrides what it uses.

    The runner calls a sink once per document and once per file, never per line: what a sink does costs
    a run per document, beside the engine's work on every line.
    """

    __slots__ = ()  # a sink may be a dataclass with slots (report.counters.Report)

    def document(self, event: DocumentEvent) -> None:
        """One document cleaned (or held back by the drop-ratio guard)."""

    def file(self, outcome: FileOutcome) -> None:
        """One file done, or failed."""

    def skipped(self, skipped: Skipped) -> None:
        """A file or folder a walk left out."""

    def started(self, workers: int) -> None:
        """Worker processes started (none: the documents are cleaned in this process)."""


class EventSinks(EventSink):
    """Several sinks, each given every event in the order they were added."""

    def __init__(self, *sinks: EventSink) -> None:
        self.sinks = list(sinks)

    def add(self, sink: EventSink) -> None:
        """Give `sink` the events from now on, after the sinks already there."""
        self.sinks.append(sink)

    def document(self, event: DocumentEvent) -> None:
        for sink in self.sinks:
            sink.document(event)

    def file(self, outcome: FileOutcome) -> None:
        for sink in self.sinks:
            sink.file(outcome)

    def skipped(self, skipped: Skipped) -> None:
        for sink in self.sinks:
            sink.skipped(skipped)

    def started(self, workers: int) -> None:
        for sink in self.sinks:
            sink.started(workers)
