"""Around the runner for `clean` and `check`: the run, its progress bar and messages, reports, cache, site rules."""

from __future__ import annotations

import io
import sys
import time
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..config import ConfigError
from ..events import DocumentEvent, EventSink, EventSinks, FileOutcome
from ..formats import Format, sniff_gzip
from ..io import Skipped
from ..output import Options
from ..report.counters import Report
from ..runner import SUFFIX_LIST, RunError, Runner
from ..targets import writable_file
from .options import CORES, err, fail, target
from .terminal import Progress, Stream, broken_pipe, print_summary

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..cache import Cache
    from ..report.builder import ReportBuilder


class Run:
    """A `clean` or `check` run: its Runner, the Report the runner's events are counted into, and their sinks."""

    def __init__(self, options: Options, verbose: bool, jobs: int | None, cache: Cache | None = None) -> None:
        if verbose and jobs is not None and jobs > CORES:
            err.print(f"--jobs {jobs}: {CORES} worker process{'es' * (CORES != 1)} at most, one per core")
        self.report = Report()
        self.sinks = EventSinks(self.report)
        if verbose:  # one line per file, per file left out, and for the workers
            self.sinks.add(_Verbose())
        self.runner = Runner(options, self.sinks, cache)

    def on_document(self, call: Callable[[DocumentEvent], None]) -> None:
        """Hand each document to `call` too (what `check` prints as it goes)."""
        self.sinks.add(_OnDocument(call))


def cache_for(options: Options, site_rules: Path | None) -> Cache | None:
    """The cache for this run's configuration; the files' own settings are part of each entry."""
    from ..cache import Cache, file_digest

    try:
        learned = file_digest(site_rules) if site_rules is not None else None
    except OSError:  # read a moment ago; gone now: this run goes without the cache
        return None
    fmt = options.fmt.value if options.fmt is not None else None
    return Cache.for_run(fmt, options.lang, options.jsonl.lang_field, options.jsonl.url_field, learned)


def site_rules_for(options: Options, paths: list[Path], path: Path | None, learn_first: bool, quiet: bool) -> Options:
    """The options with the site rules of --site-rules or --learn; a bad file stops with exit 2."""
    if path is None and not learn_first:
        return options
    from .learn import UsageError, with_site_rules  # the learning modules, for the runs that use them

    try:
        return with_site_rules(options, paths, path, learn_first, err, quiet)
    except UsageError as error:
        raise fail(str(error)) from None


def footer(report: Report, fixed: bool, console: Stream) -> None:
    """The last line of `check`: what was found or fixed."""
    total = sum(report.rules.values())
    files = report.changed
    if fixed:
        console.print(f"Fixed {total} finding{'s' * (total != 1)} in {files} file{'s' * (files != 1)}.")
    elif total or report.held:
        console.print(
            f"Found {total} finding{'s' * (total != 1)} in {files} file{'s' * (files != 1)}"
            f"{'; ' + str(len(report.held)) + ' held back' if report.held else ''}; "
            "fix them with --fix or `cleaner clean`."
        )
    elif report.failed or report.bad_lines:  # "All clean." here read as a pass with a misspelt --text-field
        console.print("No findings, but not everything could be checked (see the errors above).")
    else:
        console.print("All clean.")


def run(run: Run, paths: list[Path], stdin: bool, stream_out: IO[bytes] | None, quiet: bool) -> Report:
    """Run over stdin or paths with a progress bar on a terminal; print errors and the summary on stderr."""
    runner, report = run.runner, run.report
    started = time.perf_counter()
    try:
        if stdin:
            source = sys.stdin.buffer
            gzipped = isinstance(source, io.BufferedReader) and sniff_gzip(source)
            runner.run_stream(source, stream_out, runner.options.fmt or Format.TEXT, gzipped)
        else:
            with Progress(err, runner.count(paths) if interactive(quiet) else 0) as progress:
                run.sinks.add(_Progress(progress, report))
                runner.run(paths)
    except BrokenPipeError:
        broken_pipe()
    except (RunError, ConfigError) as error:
        raise fail(str(error)) from None
    finally:
        report.seconds = time.perf_counter() - started
    for line in report.failed + report.bad_lines:
        err.line(f"error: {line}")
    for line in report.held:
        err.line(f"warning: held back by the drop-ratio guard: {line}")
    for line in report.warnings:
        err.line(f"warning: {line}")
    if not quiet:
        print_summary(err, report, table=interactive(quiet))
    return report


def report_builder(run: Run, command: str, paths: list[Path], path: Path | None) -> ReportBuilder | None:
    """With --report: a builder given the run's events (an unknown suffix stops before the run)."""
    if path is None:
        return None
    from ..report.builder import ReportBuilder, ReportError, report_format  # only a run with --report loads them

    try:
        report_format(path)
    except ReportError as error:
        raise fail(str(error)) from None
    builder = ReportBuilder(run.runner.options, command, [str(p) for p in paths])
    run.sinks.add(builder)
    return builder


def write_report(builder: ReportBuilder | None, path: Path | None, quiet: bool) -> None:
    if builder is None or path is None:
        return
    from ..report.builder import ReportError

    try:
        builder.write(path)
    except ReportError as error:
        raise fail(str(error)) from None
    finally:
        builder.close()
    if not quiet:
        err.line(f"report written to {path}")


def report_file_for(value: str | None, paths: list[Path], follow_symlinks: bool) -> Path | None:
    """--report's file: refused over an input or inside an input folder, as -o is."""
    if value is None:
        return None
    return target(partial(writable_file, value, "--report", paths, follow_symlinks, SUFFIX_LIST))


def stdout_bytes() -> IO[bytes]:
    """Standard output for the cleaned text of `clean -`; a stdout closed at the start stops the run."""
    if sys.stdout is None:  # closed before the start (`>&-`): Python gives None
        raise fail("stdout is closed: there is nowhere to write the cleaned text (give -o OUT_DIR)")
    return sys.stdout.buffer


def interactive(quiet: bool) -> bool:
    """Whether progress bars and tables are shown (stderr is a terminal, not --quiet)."""
    return not quiet and err.is_terminal


class _Verbose(EventSink):
    """--verbose: a line per file, per file a walk left out, and for the workers started."""

    def file(self, outcome: FileOutcome) -> None:
        err.line(f"{outcome.name}: {outcome.status}{' (cached)' * outcome.cached}")

    def skipped(self, skipped: Skipped) -> None:
        if not skipped.warning:  # a warning is printed at the end, with or without --verbose
            err.line(f"{skipped.path}: skipped ({skipped.reason})")

    def started(self, workers: int) -> None:
        """How many worker processes clean: never more than the cores, nor than the batches of documents."""
        err.print(f"{workers} worker process{'es' * (workers != 1)} started")


class _OnDocument(EventSink):
    def __init__(self, call: Callable[[DocumentEvent], None]) -> None:
        self.call = call

    def document(self, event: DocumentEvent) -> None:
        self.call(event)


class _Progress(EventSink):
    """The progress bar moves as each file ends, by the characters read so far."""

    def __init__(self, progress: Progress, report: Report) -> None:
        self.progress, self.report = progress, report

    def file(self, outcome: FileOutcome) -> None:
        self.progress.advance(self.report.chars_in)
