"""The JSON report's writer: the layout of `data` (docs/report.schema.json), objects spread over lines to a depth."""

from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from .data import ReportData


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
