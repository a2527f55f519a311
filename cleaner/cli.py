"""The command line: typer commands that turn flags into Options and hand the work to the runner."""

from __future__ import annotations

import io
import os
import signal
import sys
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated

import typer

from . import __version__
from .cli_app import app, command
from .cli_options import (
    CORES,
    ConfigPath,
    Exclude,
    ExtendSelect,
    Fmt,
    FollowSymlinks,
    ForceExclude,
    Ignore,
    Isolated,
    Jobs,
    Lang,
    LangField,
    MaxDrop,
    OnError,
    Paths,
    Quiet,
    Quotes,
    ReportPath,
    Select,
    SiteRulesPath,
    TextField,
    UrlField,
    Verbose,
    err,
    fail,
    input_paths,
    options_from_flags,
    out,
    target,
)
from .config import ConfigError, Settings
from .formats import Format, sniff_gzip
from .io import Skipped
from .output import Mode, Options
from .render import FORMATS, Finding, diff, finding_line, findings, findings_json, statistics
from .report import DocumentEvent, FileOutcome, Report
from .runner import SUFFIX_LIST, RunError, Runner
from .targets import output_folder, outside_inputs, writable_file
from .terminal import Progress, Stream, broken_pipe, explain, list_rules, print_summary

if TYPE_CHECKING:
    from .cache import Cache
    from .reporting import ReportBuilder


CLEAN_EPILOG = """Examples:

  cleaner clean pages/ -o clean/                       a folder, its tree mirrored under clean/

  zcat shard.jsonl.gz | cleaner clean - --format jsonl | gzip > clean.jsonl.gz

  cleaner clean corpus/ --in-place --ignore DU --lang fr
"""
CHECK_EPILOG = """Examples:

  cleaner check corpus/                                 findings as path:line:col: CODE message; exit 1 if any

  cleaner check corpus/ --diff                          the unified diff that clean would apply

  cleaner check corpus/ --fix                           apply it in place; exit 0 when all was fixed

  cleaner check corpus/ --statistics --output-format github
"""


def _version(value: bool) -> None:
    if value:
        out.print(f"cleaner {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Remove boilerplate from scraped web text and repair its typography."""


@command("clean", epilog=CLEAN_EPILOG)
def clean(
    given: Paths,
    output: Annotated[
        str | None, typer.Option("--output", "-o", metavar="<path>", help="Folder for the cleaned files.")
    ] = None,
    in_place: Annotated[bool, typer.Option("--in-place", help="Rewrite the input files (atomically).")] = False,
    select: Select = None,
    extend_select: ExtendSelect = None,
    ignore: Ignore = None,
    lang: Lang = None,
    quotes: Quotes = None,
    max_drop_ratio: MaxDrop = None,
    jobs: Jobs = None,
    fmt: Fmt = None,
    text_field: TextField = None,
    lang_field: LangField = "lang",
    url_field: UrlField = "url",
    on_error: OnError = "report",
    config: ConfigPath = None,
    isolated: Isolated = False,
    exclude: Exclude = None,
    force_exclude: ForceExclude = False,
    follow_symlinks: FollowSymlinks = False,
    quiet: Quiet = False,
    verbose: Verbose = False,
    report_path: ReportPath = None,
    site_rules: SiteRulesPath = None,
    learn_first: Annotated[
        bool, typer.Option("--learn", help="Learn each site's boilerplate from the inputs first, then clean with it.")
    ] = False,
) -> None:
    """Clean scraped text: write article bodies and report what was removed and repaired."""
    paths = input_paths(given)
    stdin = [str(p) for p in paths] == ["-"]
    if "-" in (str(p) for p in paths) and not stdin:
        raise fail("'-' (stdin) cannot be combined with other paths")
    if not stdin and (output is None) == (not in_place):
        raise fail("give either -o OUT_DIR or --in-place (or '-' to clean stdin to stdout)")
    out_dir = target(partial(output_folder, output)) if output is not None else None
    if out_dir is not None and not stdin:
        target(partial(outside_inputs, out_dir, paths))
    report_file = _report_file(report_path, paths, follow_symlinks)
    mode = Mode.IN_PLACE if in_place else Mode.OUTPUT
    options = options_from_flags(
        mode,
        paths,
        out_dir,
        select,
        extend_select,
        ignore,
        lang,
        quotes,
        max_drop_ratio,
        jobs,
        fmt,
        text_field,
        lang_field,
        url_field,
        on_error,
        config,
        isolated,
        exclude,
        force_exclude,
        follow_symlinks,
    )
    options = _site_rules(options, paths, site_rules, learn_first, quiet)
    runner = Runner(
        options,
        on_file=_verbose_file if verbose else None,
        on_skip=_verbose_skip if verbose else None,
        on_workers=_verbose_workers if verbose else None,
    )
    builder = _report_builder(runner, "clean", paths, report_file)
    _verbose_jobs(jobs if verbose else None)
    report = _run(runner, paths, stdin, _stdout() if stdin else None, quiet)
    _write_report(builder, report_file, quiet)
    raise typer.Exit(int(report.exit_code()))


@command("check", epilog=CHECK_EPILOG)
def check(
    given: Paths,
    show_diff: Annotated[bool, typer.Option("--diff", help="Print the unified diff clean would apply.")] = False,
    fix: Annotated[bool, typer.Option("--fix", help="Apply the changes in place (atomically).")] = False,
    output_format: Annotated[str, typer.Option(help="text, concise, json or github.")] = "text",
    show_statistics: Annotated[bool, typer.Option("--statistics", help="Count the findings per rule.")] = False,
    select: Select = None,
    extend_select: ExtendSelect = None,
    ignore: Ignore = None,
    lang: Lang = None,
    quotes: Quotes = None,
    max_drop_ratio: MaxDrop = None,
    jobs: Jobs = None,
    fmt: Fmt = None,
    text_field: TextField = None,
    lang_field: LangField = "lang",
    url_field: UrlField = "url",
    on_error: OnError = "report",
    config: ConfigPath = None,
    isolated: Isolated = False,
    exclude: Exclude = None,
    force_exclude: ForceExclude = False,
    follow_symlinks: FollowSymlinks = False,
    quiet: Quiet = False,
    verbose: Verbose = False,
    report_path: ReportPath = None,
    site_rules: SiteRulesPath = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            envvar="CLEANER_NO_CACHE",
            help="Read every file: neither skip nor record the files that checked clean before.",
        ),
    ] = False,
) -> None:
    """Report boilerplate and typography problems without writing; exit 1 when a file would change."""
    paths = input_paths(given)
    if output_format not in FORMATS:
        raise fail(f"--output-format must be one of {', '.join(FORMATS)}, not {output_format!r}")
    stdin = [str(p) for p in paths] == ["-"]
    if "-" in (str(p) for p in paths) and not stdin:
        raise fail("'-' (stdin) cannot be combined with other paths")
    if fix and stdin:
        raise fail("--fix rewrites files; for stdin use `cleaner clean -`")
    report_file = _report_file(report_path, paths, follow_symlinks)
    mode = Mode.IN_PLACE if fix else Mode.CHECK
    options = options_from_flags(
        mode,
        paths,
        None,
        select,
        extend_select,
        ignore,
        lang,
        quotes,
        max_drop_ratio,
        jobs,
        fmt,
        text_field,
        lang_field,
        url_field,
        on_error,
        config,
        isolated,
        exclude,
        force_exclude,
        follow_symlinks,
    )
    options = _site_rules(options, paths, site_rules, False, quiet)
    collected: list[Finding] = []

    def on_document(event: DocumentEvent) -> None:
        found = list(findings(event, options.settings.max_drop_ratio))
        if output_format == "json" or show_statistics:
            collected.extend(found)
        if show_diff and not fix:
            out.write(diff(event))
        elif output_format != "json" and not show_statistics and not (fix and not event.held):
            for finding in found:
                out.print(finding_line(finding, output_format))

    # A report describes every file, so it reads every file; stdin is never cached.
    cache = None if no_cache or stdin or report_file is not None else _cache(options, site_rules)
    runner = Runner(
        options,
        on_document=on_document,
        on_file=_verbose_file if verbose else None,
        cache=cache,
        on_skip=_verbose_skip if verbose else None,
        on_workers=_verbose_workers if verbose else None,
    )
    builder = _report_builder(runner, "check", paths, report_file)
    try:
        _verbose_jobs(jobs if verbose else None)
        report = _run(runner, paths, stdin, None, quiet)
    finally:  # what was checked stays recorded when a run stops early (Ctrl-C, --on-error fail)
        if cache is not None:
            cache.save()
    _write_report(builder, report_file, quiet)
    if show_statistics:  # as ruff: the counts instead of the findings
        out.print(statistics(report, as_json=output_format == "json"))
    elif output_format == "json" and not show_diff:
        out.print(findings_json(collected))
    if output_format in ("text", "concise") and not quiet:
        _footer(report, fix, err if show_diff else out)  # after a diff, stdout stays a clean patch
    raise typer.Exit(int(report.exit_code(check=True, fixed=fix)))


def _cache(options: Options, site_rules: Path | None) -> Cache | None:
    """The cache for this run's configuration; the files' own settings are part of each entry."""
    from .cache import Cache, file_digest

    try:
        learned = file_digest(site_rules) if site_rules is not None else None
    except OSError:  # read a moment ago; gone now: this run goes without the cache
        return None
    fmt = options.fmt.value if options.fmt is not None else None
    return Cache.for_run(fmt, options.lang, options.jsonl.lang_field, options.jsonl.url_field, learned)


def _site_rules(options: Options, paths: list[Path], path: Path | None, learn_first: bool, quiet: bool) -> Options:
    if path is None and not learn_first:
        return options
    from .learn_cli import UsageError, with_site_rules  # the learning modules, for the runs that use them

    try:
        return with_site_rules(options, paths, path, learn_first, err, quiet)
    except UsageError as error:
        raise fail(str(error)) from None


def _footer(report: Report, fixed: bool, console: Stream) -> None:
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


def _run(runner: Runner, paths: list[Path], stdin: bool, stream_out: IO[bytes] | None, quiet: bool) -> Report:
    """Run over stdin or paths with a progress bar on a terminal; print errors and the summary on stderr."""
    try:
        if stdin:
            source = sys.stdin.buffer
            gzipped = isinstance(source, io.BufferedReader) and sniff_gzip(source)
            report = runner.run_stream(source, stream_out, runner.options.fmt or Format.TEXT, gzipped)
        else:
            with Progress(err, runner.count(paths) if _interactive(quiet) else 0) as progress:
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
        print_summary(err, report, table=_interactive(quiet))
    return report


def _report_builder(runner: Runner, command: str, paths: list[Path], path: Path | None) -> ReportBuilder | None:
    """With --report: a builder fed by the runner's sinks (an unknown suffix stops before the run)."""
    if path is None:
        return None
    from .reporting import ReportError, attach  # only a run with --report loads the report modules

    try:
        return attach(runner, command, [str(p) for p in paths], path)
    except ReportError as error:
        raise fail(str(error)) from None


def _write_report(builder: ReportBuilder | None, path: Path | None, quiet: bool) -> None:
    if builder is None or path is None:
        return
    from .reporting import ReportError

    try:
        builder.write(path)
    except ReportError as error:
        raise fail(str(error)) from None
    finally:
        builder.close()
    if not quiet:
        err.line(f"report written to {path}")


def _report_file(value: str | None, paths: list[Path], follow_symlinks: bool) -> Path | None:
    """--report's file: refused over an input or inside an input folder, as -o is."""
    if value is None:
        return None
    return target(partial(writable_file, value, "--report", paths, follow_symlinks, SUFFIX_LIST))


def _stdout() -> IO[bytes]:
    if sys.stdout is None:  # closed before the start (`>&-`): Python gives None
        raise fail("stdout is closed: there is nowhere to write the cleaned text (give -o OUT_DIR)")
    return sys.stdout.buffer


def _interactive(quiet: bool) -> bool:
    return not quiet and err.is_terminal


def _verbose_file(outcome: FileOutcome) -> None:
    err.line(f"{outcome.name}: {outcome.status}{' (cached)' * outcome.cached}")


def _verbose_jobs(asked: int | None) -> None:
    if asked is not None and asked > CORES:
        err.print(f"--jobs {asked}: {CORES} worker process{'es' * (CORES != 1)} at most, one per core")


def _verbose_workers(started: int) -> None:
    """How many worker processes clean: never more than the cores, nor than the batches of documents."""
    err.print(f"{started} worker process{'es' * (started != 1)} started")


def _verbose_skip(skipped: Skipped) -> None:
    if not skipped.warning:  # a warning is printed at the end, with or without --verbose
        err.line(f"{skipped.path}: skipped ({skipped.reason})")


@command("rules")
def rules_command() -> None:
    """List every rule: code, name, family, languages and summary."""
    out.print(list_rules())


@command("rule")
def rule_command(code: Annotated[str, typer.Argument(help="A rule code, such as CK001.")]) -> None:
    """Explain one rule: what it does, why, and its examples."""
    from .rules import by_code

    try:
        rule = by_code(code.upper())
    except KeyError:
        raise fail(f"unknown rule code: {code} (see `cleaner rules`)") from None
    out.print(explain(rule))


def _open_standard_streams() -> None:
    """Give /dev/null to the standard descriptors closed before the start (`cleaner clean in -o out >&-`).

    Run so (as from cron), a file cleaner opens could take descriptor 1 or 2, and a stray write would land
    in it. Python has already set sys.stdout (or stderr) to None for such a stream; it stays None, and what
    would be printed there is dropped (`cleaner clean -` refuses to start: its output would be lost).
    """
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)


def main() -> None:
    """Entry point of the `cleaner` command."""
    # SIGTERM (a pipeline or job scheduler stopping us) unwinds like Ctrl-C: the file being written is
    # dropped and no temporary file stays behind. 128 + 15 is the shell's code for it.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    _open_standard_streams()
    # Findings, diffs and messages quote input lines, which can hold what the terminal's encoding cannot
    # (a lone surrogate from a JSONL escape crashed `check` with UnicodeEncodeError): such characters are
    # written as backslash escapes. Cleaned documents are written as bytes and are not affected.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    app()


__all__ = ["Settings", "app", "main"]
