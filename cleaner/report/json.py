"""The JSON report: its layout as types (docs/report.schema.json is the source of truth) and its writer."""

from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from .builder import ReportData


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


class FileJson(TypedDict):
    """One input file and its changed documents."""

    path: str
    format: str | None
    status: str  # changed, unchanged, stub, held or error
    error: str | None
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
    warnings: list[str]  # nothing lost, but worth a look: lines the pattern rules skipped, empty extractions
    changed_documents: list[DocumentJson]


class TotalsJson(TypedDict):
    """Counts over the whole run (held-back documents count as unchanged)."""

    files: int
    changed: int
    unchanged: int
    stub: int
    held: int
    error: int
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


def write_json(data: ReportData, out: IO[str]) -> None:
    """The JSON report: the head, then the files streamed from the spool; one change per line."""
    depth = {"run": 2, "families": 1, "rules": 1}
    out.write("{\n")
    for key, value in data.head().items():
        out.write(f"  {json.dumps(key)}: {_pretty(value, '  ', depth.get(key, 0))},\n")
    out.write('  "files": [')
    first = True
    for entry, _ in data.files():
        out.write(("\n    " if first else ",\n    ") + _pretty(entry, "    ", 4))
        first = False
    out.write("]\n}\n" if first else "\n  ]\n}\n")


def _pretty(value: object, prefix: str, depth: int) -> str:
    """JSON with the first `depth` levels of objects and arrays spread over lines, the rest on one line."""
    if depth == 0 or not isinstance(value, dict | list) or not value:
        return json.dumps(value, ensure_ascii=False)
    inner = prefix + "  "
    if isinstance(value, dict):
        items = [
            f"{inner}{json.dumps(k, ensure_ascii=False)}: {_pretty(v, inner, depth - 1)}" for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + prefix + "}"
    return "[\n" + ",\n".join(inner + _pretty(v, inner, depth - 1) for v in value) + "\n" + prefix + "]"
