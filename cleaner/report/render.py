"""What people read: findings (text, concise, json, github), statistics, unified diffs and the summary table."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from typing import NamedTuple

from ..events import DocumentEvent
from ..model import FAMILIES, Action
from .counters import Report

FORMATS = ("text", "concise", "json", "github")
HELD = "HELD"  # the pseudo-code of a document the drop-ratio guard left unchanged


class Finding(NamedTuple):
    """One thing `check` reports: a line that would be removed or repaired, or a held-back document."""

    path: str
    line: int
    column: int
    code: str
    name: str
    message: str
    fixable: bool
    original: str
    replacement: str | None = None
    text_line: int | None = None  # for a JSONL record: the line inside its text field
    url: str | None = None


def findings(event: DocumentEvent, max_drop_ratio: float) -> Iterator[Finding]:
    """The findings of one document, in line order."""
    result = event.result
    record = event.record
    if event.held:
        yield Finding(
            event.name,
            event.line,
            1,
            HELD,
            "drop-ratio-guard",
            f"would remove {event.removed_share:.0%} of the characters, more than max-drop-ratio "
            f"{max_drop_ratio:g}: left unchanged",
            False,
            "",
            url=event.url,
        )
        return
    for verdict in result.verdicts:
        where = f" (text line {verdict.line})" if record else ""
        line = event.line if record else verdict.line
        if verdict.action is Action.DROP:
            scored = "" if verdict.score is None else f" (score {verdict.score:.2f})"
            column, message = 1, f"[{verdict.name}] removes{where}{scored}: {_excerpt(verdict.original)}"
        else:
            replacement = verdict.replacement or ""
            column = _first_difference(verdict.original, replacement) + 1
            before, after = _around(verdict.original, column - 1), _around(replacement, column - 1)
            message = f"[{verdict.name}] repairs{where}: {before} -> {after}"
        yield Finding(
            event.name,
            line,
            column,
            verdict.code,
            verdict.name,
            message,
            True,
            verdict.original,
            verdict.replacement,
            verdict.line if record else None,
            event.url,
        )


# Control characters (C0 with newline and ESC, DEL, C1) and the bidirectional overrides, in a file name or a
# quoted line: printed raw, a name holding a newline split a finding in two, and ESC sequences in a name or a
# page drove the terminal. They are shown as backslash escapes, as Python writes them.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    r"""Text for one line of a terminal or a log, its control characters escaped.

    >>> printable("a\nb\x1b[31m.txt")
    'a\\nb\\x1b[31m.txt'
    """
    return _CONTROL.sub(_escaped, text) if _CONTROL.search(text) else text


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


# Characters a reader cannot see are shown as escapes, so a repair of them is visible in the finding.
_INVISIBLE = str.maketrans({c: f"\\u{ord(c):04x}" for c in "\u00a0\u202f\u200b\u200c\u200d\u2060\ufeff\u00ad"})


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).translate(_INVISIBLE)


def _excerpt(text: str, width: int = 60) -> str:
    return _quoted(text if len(text) <= width else text[: width - 1] + "…")


def _around(text: str, index: int, width: int = 24) -> str:
    """The text around a repair, as a JSON string with ellipses where it was cut."""
    start = max(0, index - width // 2)
    piece = text[start : start + width]
    return _quoted(("…" if start else "") + piece + ("…" if start + width < len(text) else ""))


def _first_difference(a: str, b: str) -> int:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return i
    return min(len(a), len(b))


def finding_line(finding: Finding, fmt: str) -> str:
    """One finding in the text, concise or github format (json is written whole, see `findings_json`)."""
    location = f"{printable(finding.path)}:{finding.line}:{finding.column}"
    if fmt == "github":
        title = _escape(f"{finding.code} {finding.name}", properties=True)
        path = _escape(printable(finding.path), properties=True)
        kind = "error" if finding.code == HELD else "warning"
        return (
            f"::{kind} file={path},line={finding.line},col={finding.column},title={title}::{_escape(finding.message)}"
        )
    if fmt == "concise":
        return f"{location}: {finding.code} {finding.message}"
    context = f"\n  | {printable(' '.join(finding.original.split())[:200])}" if finding.original.strip() else ""
    return f"{location}: {finding.code} {finding.message}{context}"


def _escape(value: str, properties: bool = False) -> str:
    # GitHub workflow commands: % and newlines always, and : , in properties.
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if properties else value


def findings_json(all_findings: list[Finding]) -> str:
    """Every finding as a JSON array, in the order they were found."""
    rows = []
    for finding in all_findings:
        row = finding._asdict()
        row["family"] = finding.code[:2] if finding.code != HELD else None
        row["action"] = None if finding.code == HELD else "drop" if finding.replacement is None else "repair"
        rows.append(row)
    return json.dumps(rows, ensure_ascii=False, indent=2)


def statistics(report: Report, as_json: bool = False) -> str:
    """Findings per rule, most frequent first, as ruff's --statistics prints them (or as a JSON array)."""
    from ..rules import by_code  # the rules' names: only --statistics needs them here

    rows = sorted(report.rules.items(), key=lambda item: (-item[1], item[0]))
    if report.held:
        rows.append((HELD, len(report.held)))
    named = [(count, code, "drop-ratio-guard" if code == HELD else by_code(code).name) for code, count in rows]
    if as_json:
        return json.dumps(
            [{"code": code, "name": name, "count": count, "fixable": code != HELD} for count, code, name in named],
            indent=2,
        )
    return "\n".join(f"{count:>6}\t{code}\t{'   ' if code == HELD else '[*]'} {name}" for count, code, name in named)


def diff(event: DocumentEvent) -> str:
    """The unified diff cleaning would apply to a document ("" when nothing changes or it is held)."""
    result = event.result
    if event.held or not result.changed:
        return ""
    name = printable(event.name)
    if event.record:
        before = json.dumps(result.original, ensure_ascii=False)
        after = json.dumps(result.text, ensure_ascii=False)
        return f"--- {name}:{event.line}\n+++ {name}:{event.line} (cleaned)\n-{before}\n+{after}\n"
    lines = difflib.unified_diff(
        result.original.splitlines(keepends=True),
        result.text.splitlines(keepends=True),
        name,
        f"{name} (cleaned)",
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def summary_rows(report: Report) -> list[tuple[str, str]]:
    """The rows of the end-of-run summary table."""
    rows = [
        (
            "files",
            f"{report.files} ({report.changed} changed, {report.unchanged} unchanged, {len(report.failed)} failed)",
        ),
    ]
    if report.cached:
        rows.append(("cached", f"{report.cached} unchanged since they last checked clean, not read"))
    if report.failed:
        rows.append(("failed", printable(report.failed_names())))
    if report.documents_differ:
        rows.append(("documents", str(report.documents)))
    for family, count in sorted(report.removed.items()):
        rows.append((f"removed {family}", f"{count} ({FAMILIES[family]})"))
    rows.append(("lines removed", str(report.lines_removed)))
    rows.append(("typography repairs", str(report.repairs)))
    if report.stubs:
        rows.append(("stub documents emptied", str(report.stubs)))
    if report.held:
        rows.append(("held back (drop-ratio guard)", str(len(report.held))))
    if report.bad_lines:
        rows.append(("malformed lines copied", str(len(report.bad_lines))))
    removed = report.chars_in - report.chars_out
    share = removed / report.chars_in if report.chars_in else 0.0
    rows.append(("characters removed", f"{removed:,} ({share:.1%})"))
    speed = report.chars_in / 1e6 / report.seconds if report.seconds else 0.0
    rows.append(("time", f"{report.seconds:.2f} s ({speed:.1f} M chars/s)"))
    return rows
