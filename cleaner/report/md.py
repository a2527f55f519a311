"""The Markdown report, for a pull request: a summary table, the most changed files, the commonest removals."""

from __future__ import annotations

import re
from typing import IO

from ..model import FAMILIES
from .data import MODES, ReportData, status_counts

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def cell(text: str, width: int = 100) -> str:
    r"""Text made safe for a Markdown table cell: one line, cut at `width`, Markdown's specials escaped.

    >>> cell("Home | News > *Sport*")
    'Home \\| News \\> \\*Sport\\*'
    """
    text = " ".join(text.split())
    if len(text) > width:
        text = text[: width - 1] + "…"
    return _SPECIAL.sub(r"\\\1", text) or "(blank)"


def _percent(share: float) -> str:
    return "0%" if share == 0 else "<0.1%" if share < 0.001 else f"{share:.1%}"


MAX_WARNINGS = 50  # a pull request comment stays readable


def write_markdown(data: ReportData, out: IO[str]) -> None:
    """Summary, removals per family, the most changed files, and the most frequent removed lines per rule."""
    run, totals = data.run, data.run["totals"]
    command = " ".join(["cleaner", run["command"], *run["inputs"]])
    mode = MODES.get(run["mode"], run["mode"])
    lines = [
        "# cleaner report",
        "",
        f"`{command}` · cleaner {run['version']} · {mode} · generated {run['generated']}",
        "",
        "| | total |",
        "|---|---:|",
        f"| files | {totals['files']:,} |",
    ]
    for status, count in status_counts(totals).items():
        if count or status in ("changed", "unchanged"):
            label = "held back by the drop-ratio guard" if status == "held" else status
            lines.append(f"| &nbsp;&nbsp;{label} | {count:,} |")
    if totals["documents"] != totals["files"]:
        lines.append(f"| documents | {totals['documents']:,} |")
    lines += [
        f"| lines removed | {totals['lines_removed']:,} of {totals['lines_before']:,} |",
        f"| typography repairs | {totals['repairs']:,} |",
        f"| characters removed | {totals['chars_before'] - totals['chars_after']:,} "
        f"({_percent(totals['removed_share'])}) |",
    ]
    if totals["removed_by_family"]:
        lines += ["", "## Removed lines per family", "", "| family | | lines |", "|---|---|---:|"]
        for family, count in sorted(totals["removed_by_family"].items(), key=lambda item: (-item[1], item[0])):
            lines.append(f"| {family} | {FAMILIES.get(family, family)} | {count:,} |")
    changed = [top for top in data.top_files if top.removed_share > 0 or top.lines_removed or top.repairs]
    if changed:
        lines += [
            "",
            "## Files with the most removed",
            "",
            "| file | status | lines | removed | changes |",
            "|---|---|---:|---:|---:|",
        ]
        for top in changed:
            lines.append(
                f"| {cell(top.path)} | {top.status} | {top.lines_before:,} → {top.lines_after:,} "
                f"| {_percent(top.removed_share)} | {top.lines_removed:,} removed, {top.repairs:,} repaired |"
            )
        if totals["files"] > len(changed):
            lines.append(f"\nand {totals['files'] - len(changed):,} more files with fewer or no changes.")
    if data.top_lines:
        lines += ["", "## Most frequent removed lines per rule"]
        by_rule = totals["changes_by_rule"]
        for code in sorted(data.top_lines, key=lambda c: (-by_rule.get(c, 0), c)):
            rule = data.rules[code]
            count = by_rule.get(code, 0)
            lines += [
                "",
                f"### {code} {rule['name']}: {count:,} line{'s' * (count != 1)}",
                "",
                f"{rule['summary']}",
                "",
                "| times | line |",
                "|---:|---|",
            ]
            lines += [f"| {times:,} | {cell(text)} |" for text, times in data.top_lines[code]]
    repairs = {code: n for code, n in totals["changes_by_rule"].items() if code not in data.top_lines}
    if repairs:
        lines += ["", "## Typography repairs", "", "| rule | | lines repaired |", "|---|---|---:|"]
        for code, count in sorted(repairs.items(), key=lambda item: (-item[1], item[0])):
            lines.append(f"| {code} | {data.rules[code]['name']} | {count:,} |")
    warnings = [warning for entry, _ in data.files() for warning in entry["warnings"]]
    if warnings:
        lines += ["", "## Warnings", ""]
        lines += [f"- {cell(warning)}" for warning in warnings[:MAX_WARNINGS]]
        if len(warnings) > MAX_WARNINGS:
            lines.append(f"- and {len(warnings) - MAX_WARNINGS:,} more (see the JSON report)")
    out.write("\n".join(lines) + "\n")
