"""The command line: typer commands that turn flags into Options and hand the work to the runner."""

from __future__ import annotations

import os
import signal
import sys
from functools import partial
from typing import TYPE_CHECKING, Annotated

import typer

from ..config import Settings
from ..events import DocumentEvent
from ..output import Mode
from ..report.render import FORMATS, Finding, diff, finding_line, findings, findings_json, statistics
from ..targets import output_folder, outside_inputs
from ..version import __version__
from .app import app, command
from .options import (
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
from .run import (
    Run,
    cache_for,
    footer,
    report_builder,
    report_file_for,
    run,
    site_rules_for,
    stdout_bytes,
    write_report,
)
from .terminal import explain, list_rules

if TYPE_CHECKING:
    pass


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
        from ..kernels import describe

        out.print(f"cleaner {__version__}, {describe()}")
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
    report_file = report_file_for(report_path, paths, follow_symlinks)
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
    options = site_rules_for(options, paths, site_rules, learn_first, quiet)
    clean_run = Run(options, verbose, jobs)
    builder = report_builder(clean_run, "clean", paths, report_file)
    report = run(clean_run, paths, stdin, stdout_bytes() if stdin else None, quiet)
    write_report(builder, report_file, quiet)
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
    report_file = report_file_for(report_path, paths, follow_symlinks)
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
    options = site_rules_for(options, paths, site_rules, False, quiet)
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
    cache = None if no_cache or stdin or report_file is not None else cache_for(options, site_rules)
    check_run = Run(options, verbose, jobs, cache)
    check_run.on_document(on_document)
    builder = report_builder(check_run, "check", paths, report_file)
    try:
        report = run(check_run, paths, stdin, None, quiet)
    finally:  # what was checked stays recorded when a run stops early (Ctrl-C, --on-error fail)
        if cache is not None:
            cache.save()
    write_report(builder, report_file, quiet)
    if show_statistics:  # as ruff: the counts instead of the findings
        out.print(statistics(report, as_json=output_format == "json"))
    elif output_format == "json" and not show_diff:
        out.print(findings_json(collected))
    if output_format in ("text", "concise") and not quiet:
        footer(report, fix, err if show_diff else out)  # after a diff, stdout stays a clean patch
    raise typer.Exit(int(report.exit_code(check=True, fixed=fix)))


@command("rules")
def rules_command() -> None:
    """List every rule: code, name, family, languages and summary."""
    out.print(list_rules())


@command("rule")
def rule_command(code: Annotated[str, typer.Argument(help="A rule code, such as CK001.")]) -> None:
    """Explain one rule: what it does, why, and its examples."""
    from ..rules import by_code

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
