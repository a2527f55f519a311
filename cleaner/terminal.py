"""Terminal output with rich: the progress bar, the summary table, and the rule listings."""

from __future__ import annotations

from types import TracebackType
from typing import TypeVar

from rich import progress as rp
from rich.console import Console
from rich.table import Table

from .model import FAMILIES
from .render import summary_rows
from .report import Report
from .rules import ALL_RULES, Rule

_MIN_FILES_FOR_PROGRESS = 4  # a bar that flashes for a file or two is noise


class _Bar:
    """A rich progress bar on stderr that may be absent (nothing is shown then); a context manager."""

    _bar: rp.Progress | None = None

    def __enter__(self: _B) -> _B:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.stop()


_B = TypeVar("_B", bound=_Bar)


class Progress(_Bar):
    """A progress bar over files on stderr (files, speed, time left); silent when `total` is 0 or small."""

    def __init__(self, console: Console, total: int) -> None:
        self._bar: rp.Progress | None = None
        self._task: rp.TaskID | None = None
        if total >= _MIN_FILES_FOR_PROGRESS:
            self._bar = rp.Progress(
                rp.TextColumn("cleaning"),
                rp.BarColumn(),
                rp.MofNCompleteColumn(),
                rp.TextColumn("files"),
                rp.TextColumn("{task.fields[speed]}"),
                rp.TimeRemainingColumn(),
                console=console,
                transient=True,
            )
            self._task = self._bar.add_task("clean", total=total, speed="")

    def advance(self, chars_so_far: int) -> None:
        """One more file done; the speed column shows characters per second so far."""
        if self._bar is None or self._task is None:
            return
        task = self._bar.tasks[0]
        elapsed = task.elapsed or 0.0
        speed = f"{chars_so_far / 1e6 / elapsed:.1f} M chars/s" if elapsed > 0 else ""
        self._bar.update(self._task, advance=1, speed=speed)


class PassProgress(_Bar):
    """A progress bar over documents on stderr for the passes of `cleaner learn`; silent when not shown."""

    def __init__(self, console: Console, show: bool) -> None:
        self._tasks: dict[int, rp.TaskID] = {}
        self._bar = (
            rp.Progress(
                rp.TextColumn("{task.description}"),
                rp.BarColumn(),
                rp.MofNCompleteColumn(),
                rp.TextColumn("documents"),
                rp.TimeRemainingColumn(),
                console=console,
                transient=True,
            )
            if show
            else None
        )

    def update(self, step: int, done: int, total: int | None) -> None:
        """Documents read so far in pass `step` (of two), out of `total` when known."""
        if self._bar is None:
            return
        if step not in self._tasks:
            for task in self._tasks.values():  # the previous pass is done
                self._bar.update(task, visible=False)
            self._tasks[step] = self._bar.add_task(f"learning, pass {step} of 2", total=total)
        self._bar.update(self._tasks[step], completed=done)


def print_summary(console: Console, report: Report, table: bool) -> None:
    """The end-of-run summary: a table on a terminal, one line otherwise (logs and pipelines)."""
    if not table:
        console.print(report.summary(), markup=False, highlight=False)
        return
    grid = Table(title="cleaner", show_header=False, title_justify="left", box=None, padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for label, value in summary_rows(report):
        grid.add_row(label, value)
    console.print(grid)


def list_rules() -> str:
    """Every rule, one per line: code, name, family, languages, summary."""
    lines = [f"{'code':<6} {'name':<28} {'family':<6} {'languages':<17} summary"]
    for rule in ALL_RULES:
        languages = ",".join(rule.languages) or "any"
        lines.append(f"{rule.code:<6} {rule.name:<28} {rule.family:<6} {languages:<17} {rule.summary}")
    return "\n".join(lines)


def explain(rule: Rule) -> str:
    """One rule in ruff's layout: title, what it does, why, and its examples."""
    kind = "line rule" if rule.line else "context rule" if rule.context else "repair"
    lines = [
        f"# {rule.name} ({rule.code})",
        "",
        f"Family: {rule.family} ({FAMILIES[rule.family]}); {kind}; languages: {', '.join(rule.languages) or 'any'}.",
        "",
        "## What it does",
        rule.summary,
        "",
        "## Why",
        rule.why,
        "",
        "## Examples",
    ]
    for example in rule.examples:
        tag = f" [{example.lang}]" if example.lang else ""
        if example.fixed is not None:
            verb = "repaired" if example.drop else "unchanged"
            lines.append(f"- {verb}{tag}: {example.text!r}" + (f" -> {example.fixed!r}" if example.drop else ""))
        elif example.target is not None:
            verb = "removed" if example.drop else "kept"
            context = example.text.replace(example.target, "»" + example.target + "«", 1)
            lines.append(f"- {verb}{tag}: {example.target!r}, in:")
            lines += [f"    {line}" for line in context.split("\n")]
            if example.site:
                lines.append(f"    with site rules listing: {', '.join(repr(line) for line in example.site)}")
        else:
            lines.append(f"- {'removed' if example.drop else 'kept'}{tag}: {example.text!r}")
    return "\n".join(lines)
