"""The HTML report: one self-contained page (inline CSS, JavaScript and SVG): totals, chart, files and their diffs."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from html import escape
from importlib import resources
from typing import IO

from ..model import FAMILIES
from .data import MODES, DocumentJson, FileJson, ReportData, TotalsJson, status_counts

# One colour per family: the chart's bars, the filter chips, the tint and badge of a removed line.
FAMILY_COLORS = {
    "CK": "#c2410c",
    "SO": "#be185d",
    "SH": "#7c3aed",
    "RL": "#2563eb",
    "NV": "#52627a",
    "CR": "#4d7c0f",
    "NF": "#dc2626",
    "DU": "#a16207",
    "LR": "#0f766e",
    "LQ": "#78716c",
    "TY": "#059669",
}
# No network, ever: the page may only use what it holds.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

# [line number, kind (0 kept, 1 removed, 2 repaired, 3 kept though the model was unsure), text or segments,
#  rule codes, and the model's score where it has one]
Row = list[object]


def write_html(data: ReportData, out: IO[str]) -> None:
    """The page: static parts rendered here, the file table and diffs by the script from embedded JSON."""
    run, totals = data.run, data.run["totals"]
    command = " ".join(["cleaner", run["command"], *run["inputs"]])
    out.write(
        "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
        f"<meta http-equiv='Content-Security-Policy' content=\"{_CSP}\">\n"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
        f"<title>cleaner report: {escape(command)}</title>\n<style>\n{_asset('report.css')}{_family_css()}</style>\n"
        "</head>\n<body>\n<main>\n<header>\n<h1>cleaner report</h1>\n"
        f"<p class='meta'><code>{escape(command)}</code> · cleaner {escape(run['version'])} · "
        f"{MODES.get(run['mode'], run['mode'])} · generated {escape(run['generated'])}</p>\n</header>\n"
    )
    out.write(_cards(totals))
    out.write(
        "<div class='overview'>\n<section class='panel chart'>\n<h2>Changes per family</h2>\n"
        f"{_chart(totals)}</section>\n{_configuration(run['configuration'])}</div>\n"
    )
    out.write(_files_section(totals))
    out.write("</main>\n<script type='application/json' id='report-summary'>")
    out.write(_embed(_summary(data)))
    out.write("</script>\n<script type='application/json' id='report-details'>[")
    for i, (entry, contexts) in enumerate(data.files()):
        documents = [_document(d, c) for d, c in zip(entry["changed_documents"], contexts, strict=True)]
        out.write(("," if i else "") + "\n" + _embed(documents))
    out.write(f"\n]</script>\n<script>\n{_asset('report.js')}</script>\n</body>\n</html>\n")


def _asset(name: str) -> str:
    return (resources.files("cleaner.report") / "assets" / name).read_text(encoding="utf-8")


def _family_css() -> str:
    return "".join(f".f-{family}{{--fam:{color}}}\n" for family, color in FAMILY_COLORS.items())


def _embed(value: object) -> str:
    """JSON that cannot end its <script> element: <, > and & are escaped (JSON.parse reads them back)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _percent(share: float) -> str:
    return "0%" if share == 0 else "<0.1%" if share < 0.001 else f"{share:.1%}"


def _cards(totals: TotalsJson) -> str:
    files = [f"{n:,} {s}" for s, n in status_counts(totals).items() if n or s in ("changed", "unchanged")]
    lines = f"of {totals['lines_before']:,} ({_percent(totals['lines_removed'] / max(1, totals['lines_before']))})"
    removed = totals["chars_before"] - totals["chars_after"]
    stubs = totals["stub_documents"]
    documents = f"{stubs:,} stub{'s' * (stubs != 1)} emptied · {totals['held_documents']:,} held back by the guard"
    cards = [
        ("Files", f"{totals['files']:,}", " · ".join(files)),
        ("Documents", f"{totals['documents']:,}", documents),
        ("Lines removed", f"{totals['lines_removed']:,}", lines),
        ("Typography repairs", f"{totals['repairs']:,}", "lines repaired in place"),
        ("Characters removed", _percent(totals["removed_share"]), f"{removed:,} of {totals['chars_before']:,}"),
    ]
    items = "".join(
        f"<div class='card'><div class='label'>{label}</div><div class='value'>{value}</div>"
        f"<div class='sub'>{escape(sub)}</div></div>\n"
        for label, value, sub in cards
    )
    return f"<section class='cards'>\n{items}</section>\n"


def _chart(totals: TotalsJson) -> str:
    """Horizontal bars of lines removed per family, with typography repairs as a last, separate bar."""
    rows = sorted(totals["removed_by_family"].items(), key=lambda item: (-item[1], item[0]))
    if totals["repairs"]:
        rows.append(("TY", totals["repairs"]))
    if not rows:
        return "<p class='empty'>Nothing was removed or repaired.</p>\n"
    label, bar, height = 320, 340, 26
    top = max(count for _, count in rows)
    parts = [
        "<p class='caption'>Lines removed by each family of rules, and lines whose typography was repaired. "
        "Click a bar to list only its files.</p>\n",
        f"<svg class='bars' viewBox='0 0 {label + bar + 70} {height * len(rows)}' role='img' "
        "aria-label='Changes per family'>",
    ]
    for i, (family, count) in enumerate(rows):
        y = i * height
        width = max(2.0, bar * count / top)
        what = "repairs" if family == "TY" else "removed"
        name = FAMILIES.get(family, family)
        parts.append(
            f"<g class='bar f-{family}' data-family='{family}' tabindex='0' role='button'>"
            f"<title>{family} {escape(name)}: {count:,} {'lines repaired' if family == 'TY' else 'lines removed'}"
            f" (click to filter)</title>"
            f"<rect class='hit' x='0' y='{y}' width='{label + bar + 70}' height='{height}'/>"
            f"<text class='code' x='0' y='{y + 17}'>{family}</text>"
            f"<text class='name' x='30' y='{y + 17}'>{escape(_short(name))}</text>"
            f"<rect class='fill' x='{label}' y='{y + 5}' width='{width:.1f}' height='{height - 10}' rx='3'/>"
            f"<text class='count' x='{label + width + 6:.1f}' y='{y + 17}'>{count:,}"
            f"{' repaired' if what == 'repairs' else ''}</text></g>"
        )
    parts.append("</svg>\n")
    return "".join(parts)


def _short(name: str, width: int = 44) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def _configuration(configuration: dict[str, object]) -> str:
    rows = "".join(
        f"<tr><th>{escape(key.replace('_', '-'))}</th><td>{escape(_value(value))}</td></tr>"
        for key, value in configuration.items()
    )
    return f"<section class='panel config'>\n<h2>Configuration</h2>\n<table>{rows}</table>\n</section>\n"


def _value(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_value(v)}" for k, v in value.items()) or "—"
    return str(value)


def _files_section(totals: TotalsJson) -> str:
    counts = {**totals["removed_by_family"], **({"TY": totals["repairs"]} if totals["repairs"] else {})}
    chips = "".join(
        f"<button type='button' class='chip f-{family}' data-family='{family}' aria-pressed='false' "
        f"title='{escape(FAMILIES[family])}'><span class='swatch'></span>{family}"
        f"<span class='chip-count'>{counts[family]:,}</span></button>"
        for family in FAMILIES
        if counts.get(family)
    )
    options = "".join(
        f"<option value='{status}'>{status} ({count:,})</option>"
        for status, count in status_counts(totals).items()
        if count
    )
    return (
        "<section class='panel files'>\n<h2>Files</h2>\n<div class='toolbar'>"
        "<input type='search' id='search' placeholder='Search paths and changed lines' "
        "aria-label='Search paths and changed lines' autocomplete='off'>"
        f"<select id='status' aria-label='Status'><option value=''>all statuses</option>{options}</select>"
        "<button type='button' id='clear' class='link' hidden>clear filters</button></div>\n"
        f"<div class='chips' role='group' aria-label='Filter by family'>{chips}</div>\n"
        "<p id='count' class='count' aria-live='polite'></p>\n"
        "<table class='files'><colgroup><col class='c-path'><col class='c-status'><col class='c-lines'>"
        "<col class='c-share'><col class='c-changes'></colgroup><thead><tr>"
        "<th><button data-sort='path'>File</button></th><th><button data-sort='status'>Status</button></th>"
        "<th class='num'><button data-sort='lines'>Lines</button></th>"
        "<th><button data-sort='share'>Removed</button></th><th><button data-sort='changes'>Changes</button></th>"
        "</tr></thead><tbody id='file-rows'></tbody></table>\n"
        "<nav class='pager' id='pager' aria-label='Pages'></nav>\n"
        "<noscript><p>The file table and the diffs need JavaScript; the JSON report has the same data.</p></noscript>\n"
        "</section>\n"
    )


def _summary(data: ReportData) -> dict[str, object]:
    """What the page needs at once: one short row per file, and the rules' names and reasons."""
    rows: list[list[object]] = []
    for entry, _ in data.files():
        rows.append(_file_row(entry))
    rules = {code: [rule["name"], rule["family"], rule["summary"]] for code, rule in data.rules.items()}
    return {"files": rows, "rules": rules, "families": FAMILIES}


def _file_row(entry: FileJson) -> list[object]:
    families = sorted({c["family"] for d in entry["changed_documents"] for c in d["changes"]})
    return [
        entry["path"],
        entry["status"],
        entry["lines_before"],
        entry["lines_after"],
        entry["removed_share"],
        entry["lines_removed"],
        entry["repairs"],
        " ".join(families),
        entry["error"],
        entry["documents"],
        entry["held_documents"],
        entry["warnings"],
    ]


def _document(doc: DocumentJson, context: dict[str, str]) -> dict[str, object]:
    """One changed document, as the diff view draws it: its lines near changes, in order."""
    by_line: dict[int, list[tuple[str, str, str | None, str]]] = {}
    for change in doc["changes"]:
        by_line.setdefault(change["line"], []).append(
            (change["code"], change["original"], change["repaired"], change["action"])
        )
    scores = {change["line"]: change["score"] for change in doc["changes"] if change["score"] is not None}
    unsure = {entry["line"]: entry for entry in doc["unsure"]}
    rows: list[Row] = []
    for number in sorted({*by_line, *unsure, *map(int, context)}):
        changes = by_line.get(number)
        if changes is None:
            kept = unsure.get(number)
            if kept is None:
                rows.append([number, 0, context[str(number)], []])
            else:  # kept, though the model leaned against it: shown with its score
                rows.append([number, 3, kept["text"], ["LQ001"], kept["score"]])
            continue
        codes = [code for code, *_ in changes]
        dropped = [original for _, original, _, action in changes if action == "removed"]
        if dropped:
            rows.append([number, 1, dropped[0], codes, *([scores[number]] if number in scores else [])])
        else:
            rows.append([number, 2, list(segments(changes[0][1], _repaired(changes))), codes])
    return {
        "r": doc["record"],
        "u": doc["url"],
        "s": doc["status"],
        "n": doc["lines_before"],
        "g": doc["guard_share"],
        "rows": rows,
    }


def _repaired(changes: list[tuple[str, str, str | None, str]]) -> str:
    """A line after all its repairs.

    Each repair starts from the previous one's result, but the final newline (TY009) is reported against
    the line as read, so its added ending is appended to the result.
    """
    text = changes[0][1]
    for _, original, repaired, _ in changes:
        if repaired is None:
            continue
        if original == text or not repaired.startswith(original):
            text = repaired
        else:
            text += repaired[len(original) :]
    return text


_TOKEN = re.compile(r"\w+|\s|[^\w\s]")
_CHAR_DIFF_MAX = 400  # changed runs longer than this are shown whole, before and after


def segments(before: str, after: str) -> Iterator[tuple[int, str]]:
    r"""A repaired line as kept (0), removed (1) and inserted (2) pieces, in order.

    Words, spaces and punctuation are compared as tokens (fast on long lines), then each changed run
    character by character:

    >>> list(segments("Il a dit :  Ã§a va, dÃ©jÃ\u00a0!", "Il a dit : ça va, déjà !"))[:6]
    [(0, 'Il a dit : '), (1, ' Ã§'), (2, 'ç'), (0, 'a va, d'), (1, 'Ã©'), (2, 'é')]
    >>> list(segments("dÃ©jÃ\u00a0!", "déjà !"))[4:]
    [(1, 'Ã '), (2, 'à '), (0, '!')]
    """
    a, b = _TOKEN.findall(before), _TOKEN.findall(after)
    pieces: list[tuple[int, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old, new = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag == "equal":
            pieces.append((0, old))
        elif len(old) + len(new) <= _CHAR_DIFF_MAX:  # a short run: compared character by character
            for op, k1, k2, l1, l2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
                pieces += [(0, old[k1:k2])] if op == "equal" else [(1, old[k1:k2]), (2, new[l1:l2])]
        else:
            pieces += [(1, old), (2, new)]
    merged: list[tuple[int, str]] = []
    for kind, text in pieces:
        if not text:
            continue
        if merged and merged[-1][0] == kind:
            merged[-1] = (kind, merged[-1][1] + text)
        else:
            merged.append((kind, text))
    yield from merged
