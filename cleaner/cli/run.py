"""Around the runner for `clean` and `check`: the run, its progress bar and messages, reports, cache, site rules."""

from __future__ import annotations

import io
import sys
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..config import ConfigError
from ..formats import Format, sniff_gzip
from ..io import Skipped
from ..output import Options
from ..report.counters import DocumentEvent, FileOutcome, Report
from ..runner import SUFFIX_LIST, RunError, Runner
from ..targets import writable_file
from .options import CORES, err, fail, target
from .terminal import Progress, Stream, broken_pipe, print_summary

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..cache import Cache
    from ..report.builder import ReportBuilder


def make_runner(
    options: Options,
    verbose: bool,
    jobs: int | None,
    on_document: Callable[[DocumentEvent], None] | None = None,
    cache: Cache | None = None,
) -> Runner:
    """The run's Runner; with --verbose, one line per file, per file left out, and for the workers."""
    if verbose and jobs is not None and jobs > CORES:
        err.print(f"--jobs {jobs}: {CORES} worker process{'es' * (CORES != 1)} at most, one per core")
    return Runner(
        options,
        on_document=on_document,
        on_file=_verbose_file if verbose else None,
        cache=cache,
        on_skip=_verbose_skip if verbose else None,
        on_workers=_verbose_workers if verbose else None,
    )


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


def run(runner: Runner, paths: list[Path], stdin: bool, stream_out: IO[bytes] | None, quiet: bool) -> Report:
    """Run over stdin or paths with a progress bar on a terminal; print errors and the summary on stderr."""
    try:
        if stdin:
            source = sys.stdin.buffer
            gzipped = isinstance(source, io.BufferedReader) and sniff_gzip(source)
            report = runner.run_stream(source, stream_out, runner.options.fmt or Format.TEXT, gzipped)
        else:
            with Progress(err, runner.count(paths) if interactive(quiet) else 0) as progress:
                previous = runner.on_file

                def on_file(outcome: FileOutcome) -> None:
                    progress.advance(runner.report.chars_in)
                    if previous is not None:
                        previous(outcome)

                runner.on_file = on_file
                report = runner.run(paths)
    except BrokenPipeError:
        broken_pipe()
    except (RunError, ConfigError) as error:
        raise fail(str(error)) from None
    for line in report.failed + report.bad_lines:
        err.line(f"error: {line}")
    for line in report.held:
        err.line(f"warning: held back by the drop-ratio guard: {line}")
    for line in report.warnings:
        err.line(f"warning: {line}")
    if not quiet:
        print_summary(err, report, table=interactive(quiet))
    return report


def report_builder(runner: Runner, command: str, paths: list[Path], path: Path | None) -> ReportBuilder | None:
    """With --report: a builder fed by the runner's sinks (an unknown suffix stops before the run)."""
    if path is None:
        return None
    from ..report.builder import ReportError, attach  # only a run with --report loads the report modules

    try:
        return attach(runner, command, [str(p) for p in paths], path)
    except ReportError as error:
        raise fail(str(error)) from None


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


def _verbose_file(outcome: FileOutcome) -> None:
    err.line(f"{outcome.name}: {outcome.status}{' (cached)' * outcome.cached}")


def _verbose_workers(started: int) -> None:
    """How many worker processes clean: never more than the cores, nor than the batches of documents."""
    err.print(f"{started} worker process{'es' * (started != 1)} started")


def _verbose_skip(skipped: Skipped) -> None:
    if not skipped.warning:  # a warning is printed at the end, with or without --verbose
        err.line(f"{skipped.path}: skipped ({skipped.reason})")
