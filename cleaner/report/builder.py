"""The report's builder: every change of a run, taken from the runner's events and spooled; then a writer writes it."""

from __future__ import annotations

import heapq
import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import IO

from ..engine import split_lines
from ..events import DocumentEvent, EventSink, FileOutcome
from ..model import Action
from ..output import Options
from ..rules import by_code
from ..version import __version__
from .data import (
    ChangeJson,
    DocumentJson,
    FileJson,
    ReportData,
    RunJson,
    Spooled,
    TopFile,
    TotalsJson,
    UnsureJson,
    share,
)
from .json import write_json

SUFFIXES = {".json": "json", ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}
CONTEXT = 2  # kept lines shown around each change in the HTML diff
TOP_FILES = 20  # files listed in the Markdown summary
_LINE_KEYS = 20_000  # distinct removed lines remembered per rule before the rarest are forgotten


class ReportError(Exception):
    """A report that cannot be written (unknown suffix, unwritable path); the message names it."""


@dataclass(slots=True)
class _Tally:
    """Counts over a file, or over the whole run."""

    documents: int = 0
    held: int = 0
    stubs: int = 0
    lines_before: int = 0
    lines_after: int = 0
    lines_removed: int = 0
    repairs: int = 0
    chars_before: int = 0
    chars_after: int = 0

    def add(self, other: _Tally) -> None:
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))

    @property
    def share(self) -> float:
        return share(self.chars_before, self.chars_after)


def report_format(path: Path) -> str:
    """json, html or md, from the report path's suffix."""
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise ReportError(f"--report {path}: unknown report format {path.suffix!r} (use .json, .html or .md)")
    return fmt


def generated() -> str:
    """The report's timestamp in UTC: SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch.isdigit() else datetime.now(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _line_count(text: str) -> int:
    return len(split_lines(text)[0])


class ReportBuilder(EventSink):
    """A sink of the runner's document and file events; one file's changes are spooled to disk when it ends."""

    def __init__(self, options: Options, command: str, inputs: Sequence[str] = ()) -> None:
        self.options = options
        self.command = command
        self.inputs = list(inputs)
        self._spool: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - lives until close()
        self._name: str | None = None
        self._file = _Tally()
        self._documents: list[DocumentJson] = []
        self._contexts: list[dict[str, str]] = []
        self._total = _Tally()
        self._statuses: Counter[str] = Counter()
        self._files = 0
        self._removed: Counter[str] = Counter()  # family -> lines removed
        self._by_rule: Counter[str] = Counter()  # rule code -> changes applied
        self._codes: set[str] = set()
        self._lines: dict[str, Counter[str]] = {}
        self._top: list[TopFile] = []

    def document(self, event: DocumentEvent) -> None:
        """One document: counted, and kept with its changes when it has any."""
        if event.name != self._name:
            self._name, self._file, self._documents, self._contexts = event.name, _Tally(), [], []
        result = event.result
        lines = split_lines(result.original)[0]
        after = result.original if event.held else result.text
        doc = _Tally(1, int(event.held), int(result.stub), len(lines), _line_count(after))
        doc.chars_before, doc.chars_after = len(result.original), len(after)
        if not event.held:
            doc.lines_removed, doc.repairs = len(result.removed), len(result.repaired)
            for verdict in result.verdicts:
                self._by_rule[verdict.code] += 1
                if verdict.action is Action.DROP:
                    self._removed[verdict.family] += 1
                    self._count_line(verdict.code, verdict.original)
        self._file.add(doc)
        if not result.verdicts and not event.held:
            return  # counted only, like every unchanged document (the model's unsure lines included)
        verdicts = sorted(result.verdicts, key=lambda v: v.line)
        self._codes.update(v.code for v in verdicts)
        changes = [
            ChangeJson(
                line=v.line,
                code=v.code,
                name=v.name,
                family=v.family,
                action="removed" if v.action is Action.DROP else "repaired",
                original=v.original,
                repaired=v.replacement,
                reason=v.reason,
                score=v.score,
            )
            for v in verdicts
        ]
        unsure = [UnsureJson(line=line, score=score, text=lines[line - 1]) for line, score in result.unsure]
        status = "held" if event.held else "stub" if result.stub else "changed"
        self._documents.append(
            DocumentJson(
                record=event.line if event.record else None,
                url=event.url,
                lang=result.lang,
                status=status,
                lines_before=doc.lines_before,
                lines_after=doc.lines_after,
                chars_before=doc.chars_before,
                chars_after=doc.chars_after,
                removed_share=doc.share,
                guard_share=round(event.removed_share, 4) if event.held else None,
                changes=changes,
                unsure=unsure,
            )
        )
        changed = {v.line for v in verdicts}
        near = {n for line in changed for n in range(line - CONTEXT, line + CONTEXT + 1)} - changed
        self._contexts.append({str(n): lines[n - 1] for n in sorted(near) if 1 <= n <= len(lines)})

    def _count_line(self, code: str, original: str) -> None:
        counter = self._lines.setdefault(code, Counter())
        counter[" ".join(original.split())[:200]] += 1
        if len(counter) > _LINE_KEYS:  # a huge corpus: forget the rarest lines, keep the frequent ones
            self._lines[code] = Counter(dict(counter.most_common(_LINE_KEYS // 2)))

    def file(self, outcome: FileOutcome) -> None:
        """One file ends: its entry goes to the spool, its counts to the totals."""
        if outcome.name != self._name:  # a file that failed before any document
            self._file, self._documents, self._contexts = _Tally(), [], []
        tally = self._file
        entry = FileJson(
            path=outcome.name,
            format=outcome.fmt if outcome.error is None else None,
            status=outcome.status,
            error=outcome.error,
            documents=tally.documents,
            held_documents=tally.held,
            stub_documents=tally.stubs,
            lines_before=tally.lines_before,
            lines_after=tally.lines_after,
            lines_removed=tally.lines_removed,
            repairs=tally.repairs,
            chars_before=tally.chars_before,
            chars_after=tally.chars_after,
            removed_share=tally.share,
            warnings=list(outcome.warnings),
            changed_documents=self._documents,
        )
        line = json.dumps(Spooled(file=entry, context=self._contexts), ensure_ascii=False)
        self._spool.write(line.encode("utf-8", "replace") + b"\n")
        top = TopFile(
            tally.share,
            -self._files,
            outcome.name,
            entry["status"],
            tally.lines_before,
            tally.lines_after,
            tally.lines_removed,
            tally.repairs,
        )
        if len(self._top) < TOP_FILES:
            heapq.heappush(self._top, top)
        else:
            heapq.heappushpop(self._top, top)
        self._files += 1
        self._statuses[entry["status"]] += 1
        self._total.add(tally)
        self._name, self._file, self._documents, self._contexts = None, _Tally(), [], []

    def finish(self) -> ReportData:
        """The report so far, ready for a writer."""
        self._spool.flush()
        total = self._total
        statuses = self._statuses
        totals = TotalsJson(
            files=self._files,
            changed=statuses["changed"],
            unchanged=statuses["unchanged"],
            stub=statuses["stub"],
            held=statuses["held"],
            error=statuses["error"],
            documents=total.documents,
            held_documents=total.held,
            stub_documents=total.stubs,
            lines_before=total.lines_before,
            lines_after=total.lines_after,
            lines_removed=total.lines_removed,
            repairs=total.repairs,
            chars_before=total.chars_before,
            chars_after=total.chars_after,
            removed_share=total.share,
            removed_by_family=dict(sorted(self._removed.items())),
            changes_by_rule=dict(sorted(self._by_rule.items())),
        )
        run = RunJson(
            tool="cleaner",
            version=__version__,
            command=self.command,
            mode=self.options.mode.value,
            inputs=self.inputs,
            generated=generated(),
            configuration=self._configuration(),
            totals=totals,
        )
        rules = {}
        for code in sorted(self._codes):
            rule = by_code(code)
            rules[code] = {"name": rule.name, "family": rule.family, "summary": rule.summary}
        top_lines = {code: counter.most_common(5) for code, counter in sorted(self._lines.items())}
        top_files = sorted(self._top, reverse=True)
        return ReportData(run, rules, top_lines, top_files, self._spool)

    def _configuration(self) -> dict[str, object]:
        settings, options = self.options.settings, self.options
        return {
            "select": list(settings.select),
            "extend_select": list(settings.extend_select),
            "ignore": list(settings.ignore),
            "per_file_ignores": {glob: list(codes) for glob, codes in settings.per_file_ignores},
            "extend_exclude": list(dict.fromkeys(settings.extend_exclude + options.exclude)),
            "languages": list(settings.languages),
            "max_drop_ratio": settings.max_drop_ratio,
            "quotes": settings.quotes,
            "text_field": settings.text_field,
            "lang": options.lang,
            "format": options.fmt.value if options.fmt is not None else None,
            "config_file": str(settings.source) if settings.source is not None else None,
        }

    def write(self, path: Path) -> None:
        """Write the report at `path` atomically, in the format its suffix names."""
        fmt = report_format(path)
        data = self.finish()
        from . import html, md  # only a run with a report pays for the writers

        writer = {"json": write_json, "html": html.write_html, "md": md.write_markdown}[fmt]
        try:
            with atomic_text(path) as handle:
                writer(data, handle)
        except OSError as error:
            raise ReportError(f"--report {path}: cannot write ({error.strerror or error})") from None

    def close(self) -> None:
        """Remove the spool."""
        self._spool.close()


@contextmanager
def atomic_text(path: Path) -> Iterator[IO[str]]:
    """A text file written through a temporary file in the same folder and renamed into place at the end."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace", newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
