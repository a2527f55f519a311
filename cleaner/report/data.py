"""The report's data types: the JSON layout (docs/report.schema.json), and a finished report as the writers read it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, TypedDict, cast

from ..model import FAMILIES

SCHEMA_VERSION = 1  # the JSON layout's version (docs/report-schema.md); bumped when a field changes meaning
MODES = {"output": "cleaned into an output folder", "in-place": "cleaned in place", "check": "checked, nothing written"}
STATUSES = ("changed", "unchanged", "stub", "held", "error")


class ChangeJson(TypedDict):
    """One removed or repaired line."""

    line: int
    code: str
    name: str
    family: str
    action: str  # "removed" or "repaired"
    original: str
    repaired: str | None
    reason: str
    score: float | None  # the line-quality model's score for its removals (LQ001); None otherwise


class UnsureJson(TypedDict):
    """A line the line-quality model was unsure about and that stayed: content first, shown with its score."""

    line: int
    score: float  # the model's probability that the line is content (it removes below its threshold)
    text: str


class DocumentJson(TypedDict):
    """A document with changes (held back or a stub included); unchanged documents are only counted."""

    record: int | None  # the JSONL line of the record; None for a whole file
    url: str | None
    lang: str | None
    status: str  # changed, stub or held
    lines_before: int
    lines_after: int
    chars_before: int
    chars_after: int
    removed_share: float
    guard_share: float | None  # for a held document: the share cleaning would have removed
    changes: list[ChangeJson]
    unsure: list[UnsureJson]  # kept lines the model scored near or under its threshold


class CountsJson(TypedDict):
    """The counts a file and the whole run both have (the JSON writes them between their own fields)."""

    documents: int
    held_documents: int
    stub_documents: int
    lines_before: int
    lines_after: int
    lines_removed: int
    repairs: int
    chars_before: int
    chars_after: int
    removed_share: float


class FileJson(CountsJson):
    """One input file and its changed documents."""

    path: str
    format: str | None
    status: str  # changed, unchanged, stub, held or error
    error: str | None
    warnings: list[str]  # nothing lost, but worth a look: lines the pattern rules skipped, empty extractions
    changed_documents: list[DocumentJson]


class TotalsJson(CountsJson):
    """Counts over the whole run (held-back documents count as unchanged)."""

    files: int
    changed: int
    unchanged: int
    stub: int
    held: int
    error: int
    removed_by_family: dict[str, int]
    changes_by_rule: dict[str, int]


class RunJson(TypedDict):
    """What ran, when, how it was configured, and the totals."""

    tool: str
    version: str
    command: str
    mode: str
    inputs: list[str]
    generated: str
    configuration: dict[str, object]
    totals: TotalsJson


class Spooled(TypedDict):
    file: FileJson
    context: list[dict[str, str]]  # per changed document: kept lines near its changes, by line number


@dataclass(frozen=True, slots=True, order=True)
class TopFile:
    """A file of the Markdown summary's table (ordered by share removed, then report order)."""

    removed_share: float
    order: int  # minus the file's index, so that earlier files win ties
    path: str = field(compare=False)
    status: str = field(compare=False)
    lines_before: int = field(compare=False)
    lines_after: int = field(compare=False)
    lines_removed: int = field(compare=False)
    repairs: int = field(compare=False)


@dataclass(slots=True)
class ReportData:
    """A finished report: the run section, the rules seen, aggregates, and the spooled files."""

    run: RunJson
    rules: dict[str, dict[str, str]]
    top_lines: dict[str, list[tuple[str, int]]]  # rule code -> most frequent removed lines
    top_files: list[TopFile]
    spool: IO[bytes]

    def files(self) -> Iterator[tuple[FileJson, list[dict[str, str]]]]:
        """Each file in report order, with the context lines of its changed documents."""
        self.spool.seek(0)
        for line in self.spool:
            spooled = cast(Spooled, json.loads(line))
            yield spooled["file"], spooled["context"]

    def head(self) -> dict[str, object]:
        """Everything before the files: the layout version, the run, the families and the rules."""
        return {"schema_version": SCHEMA_VERSION, "run": self.run, "families": dict(FAMILIES), "rules": self.rules}


def share(before: int, after: int) -> float:
    """The share of characters removed, rounded for a stable, readable report."""
    return round((before - after) / before, 4) if before else 0.0


def status_counts(totals: TotalsJson) -> dict[str, int]:
    """Files per status, in the documented order."""
    return {status: int(totals[status]) for status in STATUSES}  # type: ignore[literal-required]
