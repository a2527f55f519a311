"""The command line: typer commands that turn flags into Options and hand the work to the runner."""

from __future__ import annotations

import io
import os
import signal
import sys
from dataclasses import replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from . import __version__
from .config import ConfigError, Settings, codes, drop_ratio, languages, nearest_settings, quote_style, resolve
from .formats import FORMAT_NAMES, Format, JsonlOptions, sniff_gzip
from .learn import DEFAULT_MIN_COUNT, DEFAULT_MIN_SHARE
from .learn_cli import LEARN_EPILOG, UsageError, learn_command, learning_options, with_site_rules
from .model import ExitCode
from .output import Mode, Options
from .render import FORMATS, Finding, diff, finding_line, findings, findings_json, statistics
from .report import DocumentEvent, FileOutcome, Report
from .rules import by_code
from .runner import RunError, Runner
from .terminal import Progress, explain, list_rules, print_summary

if TYPE_CHECKING:
    from .reporting import ReportBuilder

app = typer.Typer(
    name="cleaner",
    help="Remove boilerplate from scraped web text and repair its typography.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Examples:\n\n  cleaner clean pages/ -o clean/\n\n  cleaner check corpus/ --diff\n\n"
    "  zcat shard.jsonl.gz | cleaner clean - --format jsonl | gzip > clean.jsonl.gz\n\n"
    "  cleaner rule CK001",
)
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

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
        out.print(f"cleaner {__version__}", markup=False)
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Remove boilerplate from scraped web text and repair its typography."""


def _fail(message: str) -> typer.Exit:
    err.print(f"error: {message}", markup=False)
    return typer.Exit(int(ExitCode.ERROR))


# Options shared by clean and check, declared once.
Paths = Annotated[list[Path], typer.Argument(help="Files or folders; '-' reads stdin.", show_default=False)]
Select = Annotated[list[str] | None, typer.Option(help="Rule codes or prefixes to enable instead.")]
ExtendSelect = Annotated[list[str] | None, typer.Option(help="Rule codes or prefixes to enable in addition.")]
Ignore = Annotated[list[str] | None, typer.Option(help="Rule codes or prefixes to disable.")]
Lang = Annotated[str | None, typer.Option(help="The documents' language (default: the JSONL lang field, or guessed).")]
Quotes = Annotated[str | None, typer.Option(help="Apostrophes inside words: majority, typographic, ascii, keep.")]
MaxDrop = Annotated[
    float | None,
    typer.Option(
        help="Leave a document unchanged when it would lose more than this share of its characters (default 0.9)."
    ),
]
Jobs = Annotated[int | None, typer.Option("--jobs", "-j", help="Worker processes (default: all cores).")]
Fmt = Annotated[str | None, typer.Option("--format", help="Input format instead of the suffix: text, html, jsonl.")]
TextField = Annotated[str | None, typer.Option(help="JSONL field holding the text (default: text).")]
LangField = Annotated[str, typer.Option(help="JSONL field holding the language, used when present.")]
UrlField = Annotated[str, typer.Option(help="JSONL field holding the URL, used when present.")]
OnError = Annotated[str, typer.Option(help="On a malformed JSONL line: 'report' (copy it unchanged) or 'fail'.")]
ConfigPath = Annotated[Path | None, typer.Option("--config", help="cleaner.toml or pyproject.toml to use.")]
Isolated = Annotated[bool, typer.Option(help="Ignore configuration files.")]
Exclude = Annotated[list[str] | None, typer.Option(help="Glob of files to skip (repeatable).")]
ForceExclude = Annotated[bool, typer.Option(help="Apply excludes to files named on the command line too.")]
FollowSymlinks = Annotated[bool, typer.Option(help="Follow symbolic links found inside folders.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Print one line per file.")]
ReportPath = Annotated[
    Path | None, typer.Option("--report", help="Write a report of every change; format by suffix: .json, .html, .md.")
]
SiteRulesPath = Annotated[
    Path | None, typer.Option("--site-rules", help="Remove the lines learned per site (a file `cleaner learn` wrote).")
]


def _options(
    mode: Mode,
    paths: list[Path],
    out_dir: Path | None,
    select: list[str] | None,
    extend_select: list[str] | None,
    ignore: list[str] | None,
    lang: str | None,
    quotes: str | None,
    max_drop_ratio: float | None,
    jobs: int | None,
    fmt: str | None,
    text_field: str | None,
    lang_field: str,
    url_field: str,
    on_error: str,
    config: Path | None,
    isolated: bool,
    exclude: list[str] | None,
    force_exclude: bool,
    follow_symlinks: bool = False,
) -> Options:
    """Defaults < configuration file (the nearest to each file) < flags."""
    try:
        selected = codes(select, "--select") if select else None
        extended = codes(extend_select, "--extend-select") if extend_select else ()
        ignored = codes(ignore, "--ignore") if ignore else ()
        style = quote_style(quotes, "--quotes") if quotes is not None else None
        ratio = drop_ratio(max_drop_ratio, "--max-drop-ratio") if max_drop_ratio is not None else None

        def with_flags(settings: Settings) -> Settings:
            # As in ruff, a --select on the command line starts the selection afresh: the file's ignore
            # and extend-select no longer apply (its per-file-ignores still do).
            return replace(
                settings,
                select=selected or settings.select,
                extend_select=extended if selected else settings.extend_select + extended,
                ignore=ignored if selected else settings.ignore + ignored,
                extend_exclude=settings.extend_exclude + tuple(exclude or ()),
                quotes=style or settings.quotes,
                max_drop_ratio=settings.max_drop_ratio if ratio is None else ratio,
                text_field=text_field or settings.text_field,
            )

        settings = with_flags(resolve(paths, config, isolated))
        settings_for = None if config is not None or isolated else nearest_settings(with_flags)
    except ConfigError as error:
        raise _fail(str(error)) from None
    if fmt is not None and fmt.lower() not in FORMAT_NAMES:
        raise _fail(f"--format must be one of text, html, jsonl, not {fmt!r}")
    if on_error not in ("report", "fail"):
        raise _fail(f"--on-error must be 'report' or 'fail', not {on_error!r}")
    if lang is not None:
        try:
            languages([lang], "--lang")
        except ConfigError as error:
            raise _fail(str(error)) from None
    if jobs is not None and jobs < 1:
        raise _fail("--jobs must be at least 1")
    return Options(
        settings=settings,
        settings_for=settings_for,
        mode=mode,
        out_dir=out_dir,
        jobs=jobs or os.cpu_count() or 1,
        fmt=FORMAT_NAMES[fmt.lower()] if fmt else None,
        lang=lang,
        jsonl=JsonlOptions(settings.text_field, lang_field or None, url_field or None),
        fail_on_error=on_error == "fail",
        force_exclude=force_exclude,
        follow_symlinks=follow_symlinks,
        exclude=tuple(exclude or ()),
    )


@app.command(epilog=CLEAN_EPILOG)
def clean(
    paths: Paths,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Folder for the cleaned files.")] = None,
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
    stdin = [str(p) for p in paths] == ["-"]
    if "-" in (str(p) for p in paths) and not stdin:
        raise _fail("'-' (stdin) cannot be combined with other paths")
    if not stdin and (output is None) == (not in_place):
        raise _fail("give either -o OUT_DIR or --in-place (or '-' to clean stdin to stdout)")
    if output is not None and not stdin:
        _refuse_output_inside_inputs(output, paths)
    mode = Mode.IN_PLACE if in_place else Mode.OUTPUT
    options = _options(
        mode,
        paths,
        output,
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
    runner = Runner(options, on_file=_verbose_file if verbose else None)
    builder = _report_builder(runner, "clean", paths, report_path)
    report = _run(runner, paths, stdin, sys.stdout.buffer, quiet)
    _write_report(builder, report_path, quiet)
    raise typer.Exit(int(report.exit_code()))


@app.command(epilog=CHECK_EPILOG)
def check(
    paths: Paths,
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
) -> None:
    """Report boilerplate and typography problems without writing; exit 1 when a file would change."""
    if output_format not in FORMATS:
        raise _fail(f"--output-format must be one of {', '.join(FORMATS)}, not {output_format!r}")
    stdin = [str(p) for p in paths] == ["-"]
    if "-" in (str(p) for p in paths) and not stdin:
        raise _fail("'-' (stdin) cannot be combined with other paths")
    if fix and stdin:
        raise _fail("--fix rewrites files; for stdin use `cleaner clean -`")
    mode = Mode.IN_PLACE if fix else Mode.CHECK
    options = _options(
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
            sys.stdout.write(diff(event))
        elif output_format != "json" and not show_statistics and not (fix and not event.held):
            for finding in found:
                out.print(finding_line(finding, output_format), markup=False)

    runner = Runner(options, on_document=on_document, on_file=_verbose_file if verbose else None)
    builder = _report_builder(runner, "check", paths, report_path)
    report = _run(runner, paths, stdin, None, quiet)
    _write_report(builder, report_path, quiet)
    if show_statistics:  # as ruff: the counts instead of the findings
        out.print(statistics(report, as_json=output_format == "json"), markup=False)
    elif output_format == "json" and not show_diff:
        out.print(findings_json(collected), markup=False)
    if output_format in ("text", "concise") and not quiet:
        _footer(report, fix, err if show_diff else out)  # after a diff, stdout stays a clean patch
    raise typer.Exit(int(report.exit_code(check=True, fixed=fix)))


def _site_rules(options: Options, paths: list[Path], path: Path | None, learn_first: bool, quiet: bool) -> Options:
    try:
        return with_site_rules(options, paths, path, learn_first, err, quiet)
    except UsageError as error:
        raise _fail(str(error)) from None


@app.command("learn", epilog=LEARN_EPILOG)
def learn_site_rules(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (read twice).", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="The site rules file to write (TOML; '-': stdout).")],
    group_by: Annotated[
        str, typer.Option(help="Sites by: url-field (the URL's host), folder, regex (on file names).")
    ] = "url-field",
    group_regex: Annotated[
        str | None, typer.Option(help="With --group-by regex: the site is its first group (else the match).")
    ] = None,
    min_count: Annotated[int, typer.Option(help="Documents a line must be in.")] = DEFAULT_MIN_COUNT,
    min_share: Annotated[
        float, typer.Option(help="Share of its site's documents a line must be in.")
    ] = DEFAULT_MIN_SHARE,
    fmt: Fmt = None,
    text_field: TextField = None,
    url_field: UrlField = "url",
    on_error: OnError = "report",
    config: ConfigPath = None,
    isolated: Isolated = False,
    exclude: Exclude = None,
    force_exclude: ForceExclude = False,
    follow_symlinks: FollowSymlinks = False,
    quiet: Quiet = False,
) -> None:
    """Learn each site's boilerplate: the lines a site repeats across its documents, in a file to review."""
    options = _options(
        Mode.CHECK, paths, None, None, None, None, None, None, None, 1, fmt, text_field, "lang", url_field,
        on_error, config, isolated, exclude, force_exclude, follow_symlinks,
    )  # fmt: skip
    try:
        learning = learning_options(group_by, group_regex, url_field, min_count, min_share)
        code = learn_command(options, paths, learning, output, err, quiet)
    except (UsageError, RunError) as error:
        raise _fail(str(error)) from None
    raise typer.Exit(int(code))


def _footer(report: Report, fixed: bool, console: Console) -> None:
    total = sum(report.rules.values())
    files = report.changed
    if fixed:
        console.print(f"Fixed {total} finding{'s' * (total != 1)} in {files} file{'s' * (files != 1)}.", markup=False)
    elif total or report.held:
        console.print(
            f"Found {total} finding{'s' * (total != 1)} in {files} file{'s' * (files != 1)}"
            f"{'; ' + str(len(report.held)) + ' held back' if report.held else ''}; "
            "fix them with --fix or `cleaner clean`.",
            markup=False,
        )
    else:
        console.print("All clean.", markup=False)


def _run(runner: Runner, paths: list[Path], stdin: bool, stream_out: IO[bytes] | None, quiet: bool) -> Report:
    """Run over stdin or paths with a progress bar on a terminal; print errors and the summary on stderr."""
    try:
        if stdin:
            source = sys.stdin.buffer
            gzipped = isinstance(source, io.BufferedReader) and sniff_gzip(source)
            report = runner.run_stream(source, stream_out, runner.options.fmt or Format.TEXT, gzipped)
            if stream_out is not None:
                stream_out.flush()
        else:
            with Progress(err, runner.count(paths) if _interactive(quiet) else 0) as progress:
                previous = runner.on_file

                def on_file(outcome: FileOutcome) -> None:
                    progress.advance(runner.report.chars_in)
                    if previous is not None:
                        previous(outcome)

                runner.on_file = on_file
                report = runner.run(paths)
    except (RunError, ConfigError) as error:
        raise _fail(str(error)) from None
    for line in report.failed + report.bad_lines:
        err.print(f"error: {line}", markup=False)
    for line in report.held:
        err.print(f"warning: held back by the drop-ratio guard: {line}", markup=False)
    for line in report.warnings:
        err.print(f"warning: {line}", markup=False)
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
        raise _fail(str(error)) from None


def _write_report(builder: ReportBuilder | None, path: Path | None, quiet: bool) -> None:
    if builder is None or path is None:
        return
    from .reporting import ReportError

    try:
        builder.write(path)
    except ReportError as error:
        raise _fail(str(error)) from None
    finally:
        builder.close()
    if not quiet:
        err.print(f"report written to {path}", markup=False)


def _interactive(quiet: bool) -> bool:
    return not quiet and err.is_terminal


def _verbose_file(outcome: FileOutcome) -> None:
    err.print(f"{outcome.name}: {outcome.status}", markup=False)


def _refuse_output_inside_inputs(output: Path, paths: list[Path]) -> None:
    target = output.resolve()
    for path in paths:
        if path.is_dir() and (target == path.resolve() or target.is_relative_to(path.resolve())):
            raise _fail(f"output folder {output} is inside input folder {path}: choose a folder outside it")


@app.command("rules")
def rules_command() -> None:
    """List every rule: code, name, family, languages and summary."""
    out.print(list_rules(), markup=False)


@app.command("rule")
def rule_command(code: Annotated[str, typer.Argument(help="A rule code, such as CK001.")]) -> None:
    """Explain one rule: what it does, why, and its examples."""
    try:
        rule = by_code(code.upper())
    except KeyError:
        raise _fail(f"unknown rule code: {code} (see `cleaner rules`)") from None
    out.print(explain(rule), markup=False)


def main() -> None:
    """Entry point of the `cleaner` command."""
    # SIGTERM (a pipeline or job scheduler stopping us) unwinds like Ctrl-C: the file being written is
    # dropped and no temporary file stays behind. 128 + 15 is the shell's code for it.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    app()


__all__ = ["Settings", "app", "main"]
