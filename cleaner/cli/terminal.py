"""Terminal output with rich: the output streams, the progress bar, the summary table, and the rule listings."""

from __future__ import annotations

import contextlib
import os
import re
import sys
from types import TracebackType
from typing import TYPE_CHECKING, NoReturn, TextIO, TypeVar

from ..model import FAMILIES
from ..report.counters import Report
from ..report.render import printable

if TYPE_CHECKING:
    from rich import progress as rp
    from rich.console import Console

    from ..rules import Rule

_MIN_FILES_FOR_PROGRESS = 4  # a bar that flashes for a file or two is noise
# Importing rich's console is 15 ms, a sixth of a `cleaner check` that has nothing to do. What such a run
# prints ("All clean.", its summary) is printable ASCII to a pipe or a file, which rich writes as it is: such
# text is written directly (tests/test_cli_startup.py compares both on random text). Anything else (other
# characters, what rich could take for an :emoji: code) and anything bound for a terminal goes through rich.
_PLAIN = re.compile(r"[\n -~]*")
_EMOJI_CODE = re.compile(r":\S*?:")


class Stream:
    """Standard output or standard error as cleaner prints to it, through a rich Console made when first needed."""

    def __init__(self, stderr: bool = False) -> None:
        self.stderr = stderr
        self._console: Console | None = None

    @property
    def console(self) -> Console:
        """The rich Console on this stream (soft-wrapped, nothing highlighted)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=self.stderr, highlight=False, soft_wrap=True)
            self._console.on_broken_pipe = broken_pipe  # type: ignore[method-assign]  # rich exits 1
        return self._console

    def _file(self) -> TextIO | None:
        return sys.stderr if self.stderr else sys.stdout  # looked up each time, as rich does (tests replace them)

    @property
    def is_terminal(self) -> bool:
        """Whether rich takes the stream for a terminal: then progress bars and tables are shown."""
        return not _not_terminal(self._file()) and self.console.is_terminal

    def print(self, text: str) -> None:
        """Print text as it is (no markup) and a newline."""
        file = self._file()
        if file is not None and _not_terminal(file) and _PLAIN.fullmatch(text) and not _EMOJI_CODE.search(text):
            self.write(text + "\n")
            return
        self.console.print(text, markup=False)

    def line(self, text: str) -> None:
        """Print one line (a message naming files), its control characters escaped (see render.printable)."""
        self.print(printable(text))

    def write(self, text: str) -> None:
        """Write text as it is (a diff, a rules file); nothing when the stream was closed before the run."""
        file = self._file()
        if file is None:
            return
        try:
            file.write(text)
            file.flush()
        except BrokenPipeError:
            broken_pipe()


# 128 + SIGPIPE: the code a shell gives a process that a closed pipe stopped (`yes | head -1`).
BROKEN_PIPE_EXIT = 141


def broken_pipe() -> NoReturn:
    """The reader of stdout is gone (`cleaner check | head -1`): stop now, quietly, with the code SIGPIPE gives.

    Nothing more is cleaned or printed (a JSONL stream went on cleaning every record into the broken pipe),
    and stdout is pointed at /dev/null so that the interpreter's last flush does not fail again.
    """
    stdout = sys.__stdout__
    if stdout is not None:
        with contextlib.suppress(OSError, ValueError):  # no descriptor to point elsewhere
            os.dup2(os.open(os.devnull, os.O_WRONLY), stdout.fileno())
    raise SystemExit(BROKEN_PIPE_EXIT)


def _not_terminal(file: TextIO | None) -> bool:
    """Whether rich would surely not take the stream for a terminal: it is no tty and no variable forces one."""
    if file is None or "FORCE_COLOR" in os.environ or "TTY_COMPATIBLE" in os.environ:
        return False
    try:
        return not file.isatty()
    except (AttributeError, ValueError):  # no isatty, or closed: rich decides
        return False


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

    def __init__(self, stream: Stream, total: int) -> None:
        self._bar: rp.Progress | None = None
        self._task: rp.TaskID | None = None
        if total >= _MIN_FILES_FOR_PROGRESS:
            from rich import progress as rp  # only a terminal shows a bar: pipes and logs never load it

            self._bar = rp.Progress(
                rp.TextColumn("cleaning"),
                rp.BarColumn(),
                rp.MofNCompleteColumn(),
                rp.TextColumn("files"),
                rp.TextColumn("{task.fields[speed]}"),
                rp.TimeRemainingColumn(),
                console=stream.console,
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

    def __init__(self, stream: Stream, show: bool) -> None:
        from rich import progress as rp

        self._tasks: dict[int, rp.TaskID] = {}
        self._bar = (
            rp.Progress(
                rp.TextColumn("{task.description}"),
                rp.BarColumn(),
                rp.MofNCompleteColumn(),
                rp.TextColumn("documents"),
                rp.TimeRemainingColumn(),
                console=stream.console,
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


def print_summary(stream: Stream, report: Report, table: bool) -> None:
    """The end-of-run summary: a table on a terminal, one line otherwise (logs and pipelines)."""
    if not table:
        stream.line(report.summary())
        return
    from rich.table import Table

    from ..report.render import summary_rows

    grid = Table(title="cleaner", show_header=False, title_justify="left", box=None, padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for label, value in summary_rows(report):
        grid.add_row(label, value)
    stream.console.print(grid)


def list_rules() -> str:
    """Every rule, one per line: code, name, family, languages, summary."""
    from ..rules import ALL_RULES

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
