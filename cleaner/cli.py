"""The command line: typer commands that turn flags into Options and hand the work to the runner."""

from __future__ import annotations

import io
import os
import re
import signal
import sys
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, get_args, get_origin

import typer
import typer.core
import typer.main

from . import __version__
from .config import ConfigError, Settings, codes, drop_ratio, languages, nearest_settings, quote_style, resolve
from .formats import FORMAT_NAMES, Format, JsonlOptions, sniff_gzip
from .model import ExitCode
from .output import Mode, Options
from .render import FORMATS, Finding, diff, finding_line, findings, findings_json, statistics
from .report import DocumentEvent, FileOutcome, Report
from .runner import RunError, Runner
from .terminal import Progress, Stream, explain, list_rules, print_summary

if TYPE_CHECKING:
    from typer._click import Command, Context

    from .cache import Cache
    from .reporting import ReportBuilder

# ---------------------------------------------------------------- start-up
#
# Measured on `cleaner check FILE` (typer 0.29): 110 of its 320 ms went to typer turning the flags' values
# into Python ones, through a pydantic TypeAdapter built for every option, even an absent one (importing
# pydantic alone is 60 ms). Every option here is a str, int, float, Path, bool or a list of those, which
# typer's adapters turn into exactly what the plain conversions below give; anything else (a value they
# would refuse, "1_000", a flag from an environment variable) goes to typer's own adapter, for its result
# and its error message. tests/test_cli_startup.py compares both on every option and checks that pydantic
# stays unloaded. With a typer without this layer, nothing is replaced.
try:
    from typer._coercion import RuntimeParam, build_runtime_param
    from typer._param_types import coerce_cli_path
except ImportError:  # pragma: no cover - an older typer converts with click, as fast
    RuntimeParam = None  # type: ignore[assignment,misc]

_INTEGER = re.compile(r"-?[0-9]{1,18}")
_DECIMAL = re.compile(r"-?[0-9]{1,15}(\.[0-9]{0,15})?")
_UNSURE = object()


def _plain(annotation: Any, value: Any) -> Any:
    """A command-line value converted as typer's adapter would, or _UNSURE when only the adapter knows."""
    if isinstance(value, str):
        if annotation is str:
            return value
        if annotation is int and _INTEGER.fullmatch(value):
            return int(value)
        if annotation is float and _DECIMAL.fullmatch(value):
            return float(value)
        if annotation is Path:
            return Path(value)
    elif type(value) is annotation and annotation in (str, int, float, bool):
        return value  # a default
    elif annotation is Path and isinstance(value, Path):
        return value
    return _UNSURE


if RuntimeParam is not None:

    @dataclass(frozen=True)
    class _PlainValues(RuntimeParam):
        """Typer's conversion of one option, without pydantic for the values _plain knows."""

        def _coerce_value(self, value: Any, param: Any, ctx: Context) -> Any:
            annotation: Any = self.annotation
            many = get_origin(annotation) is list
            item_type = get_args(annotation)[0] if many else annotation
            items = (value if isinstance(value, (list, tuple)) else [value]) if many else [value]
            converted = [_plain(item_type, item) for item in items]
            if any(item is _UNSURE for item in converted):
                return build_runtime_param(param.type_descriptor)._coerce_value(value, param=param, ctx=ctx)
            if item_type is Path:  # typer's checks after the conversion (none are asked for here)
                info = self.parameter_info
                kind = info.path_type or Path
                converted = [coerce_cli_path(item, info, path_type=kind, param=param, ctx=ctx) for item in converted]
            return converted if many else converted[0]


_PLAIN_TYPES = (str, int, float, bool, Path, list[str], list[Path])


def _plain_values(command: Command) -> Command:
    """The command, with its simple options converted without pydantic (see above)."""
    if RuntimeParam is None:  # pragma: no cover
        return command
    for param in command.params:
        _plain_param(param)
    made = command.get_help_option

    def help_option(ctx: Context) -> Any:  # click makes --help on first use, outside `params`
        option = made(ctx)
        if option is not None:
            _plain_param(option)
        return option

    command.get_help_option = help_option  # type: ignore[method-assign]
    return command


def _plain_param(param: Any) -> None:
    descriptor: Any = getattr(param, "type_descriptor", None)
    if descriptor is None or getattr(param, "_runtime_param", True) is not None:
        return  # not typer's, or converted already
    if descriptor.annotation in _PLAIN_TYPES and descriptor.parameter_info.parser is None:
        param._runtime_param = _PlainValues(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation)


class _Commands(MutableMapping[str, "Command"]):
    """The group's commands, in their order, each built by typer when it is first asked for.

    Typer builds a command's options from its signature (2 ms for `clean` or `check`), and building `learn`
    imports the learning modules, the engine and the rules with them: a run builds only its own command,
    while `--help` and "did you mean" see them all.
    """

    def __init__(self, builders: dict[str, Callable[[], Command]]) -> None:
        self._builders = builders
        self._built: dict[str, Command] = {}
        self._order = list(builders)

    def __getitem__(self, name: str) -> Command:
        if name not in self._built:
            self._built[name] = _plain_values(self._builders[name]())
        return self._built[name]

    def __setitem__(self, name: str, command: Command) -> None:
        self._built[name] = command
        if name not in self._order:
            self._order.append(name)

    def __delitem__(self, name: str) -> None:
        self._order.remove(name)
        self._built.pop(name, None)
        self._builders.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._order))

    def __len__(self) -> int:
        return len(self._order)


_COMMANDS: dict[str, typer.Typer] = {}  # each command in a Typer of its own, so that it can be built alone


def _command(name: str, epilog: str | None = None) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Declare a command of cleaner's (as `app.command` would, built on demand)."""
    _COMMANDS[name] = typer.Typer(add_completion=False, rich_markup_mode=None)
    return _COMMANDS[name].command(name, epilog=epilog)


def _built(name: str) -> Command:
    if name == "learn":
        from .learn_cli import app as learn  # the learning modules, for `cleaner learn` only

        return typer.main.get_command(learn)
    return typer.main.get_command(_COMMANDS[name])


class _Group(typer.core.TyperGroup):
    """cleaner's commands: typer's group, started faster (no pydantic, one command built)."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        _plain_values(self)
        names = ("clean", "check", "learn", "rules", "rule")
        self.commands = _Commands({name: partial(_built, name) for name in names})


app = typer.Typer(
    cls=_Group,
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
err = Stream(stderr=True)
out = Stream()

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


def fail(message: str) -> typer.Exit:
    err.print(f"error: {message}")
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


def options_from_flags(
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
        raise fail(str(error)) from None
    if fmt is not None and fmt.lower() not in FORMAT_NAMES:
        raise fail(f"--format must be one of text, html, jsonl, not {fmt!r}")
    if on_error not in ("report", "fail"):
        raise fail(f"--on-error must be 'report' or 'fail', not {on_error!r}")
    if lang is not None:
        try:
            languages([lang], "--lang")
        except ConfigError as error:
            raise fail(str(error)) from None
    if jobs is not None and jobs < 1:
        raise fail("--jobs must be at least 1")
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


@_command("clean", epilog=CLEAN_EPILOG)
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
        raise fail("'-' (stdin) cannot be combined with other paths")
    if not stdin and (output is None) == (not in_place):
        raise fail("give either -o OUT_DIR or --in-place (or '-' to clean stdin to stdout)")
    if output is not None and not stdin:
        _refuse_output_inside_inputs(output, paths)
    mode = Mode.IN_PLACE if in_place else Mode.OUTPUT
    options = options_from_flags(
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


@_command("check", epilog=CHECK_EPILOG)
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
    if output_format not in FORMATS:
        raise fail(f"--output-format must be one of {', '.join(FORMATS)}, not {output_format!r}")
    stdin = [str(p) for p in paths] == ["-"]
    if "-" in (str(p) for p in paths) and not stdin:
        raise fail("'-' (stdin) cannot be combined with other paths")
    if fix and stdin:
        raise fail("--fix rewrites files; for stdin use `cleaner clean -`")
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
            sys.stdout.write(diff(event))
        elif output_format != "json" and not show_statistics and not (fix and not event.held):
            for finding in found:
                out.print(finding_line(finding, output_format))

    # A report describes every file, so it reads every file; stdin is never cached.
    cache = None if no_cache or stdin or report_path is not None else _cache(options, site_rules)
    runner = Runner(options, on_document=on_document, on_file=_verbose_file if verbose else None, cache=cache)
    builder = _report_builder(runner, "check", paths, report_path)
    try:
        report = _run(runner, paths, stdin, None, quiet)
    finally:  # what was checked stays recorded when a run stops early (Ctrl-C, --on-error fail)
        if cache is not None:
            cache.save()
    _write_report(builder, report_path, quiet)
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
    else:
        console.print("All clean.")


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
        raise fail(str(error)) from None
    for line in report.failed + report.bad_lines:
        err.print(f"error: {line}")
    for line in report.held:
        err.print(f"warning: held back by the drop-ratio guard: {line}")
    for line in report.warnings:
        err.print(f"warning: {line}")
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
        err.print(f"report written to {path}")


def _interactive(quiet: bool) -> bool:
    return not quiet and err.is_terminal


def _verbose_file(outcome: FileOutcome) -> None:
    err.print(f"{outcome.name}: {outcome.status}{' (cached)' * outcome.cached}")


def _refuse_output_inside_inputs(output: Path, paths: list[Path]) -> None:
    target = output.resolve()
    for path in paths:
        if path.is_dir() and (target == path.resolve() or target.is_relative_to(path.resolve())):
            raise fail(f"output folder {output} is inside input folder {path}: choose a folder outside it")


@_command("rules")
def rules_command() -> None:
    """List every rule: code, name, family, languages and summary."""
    out.print(list_rules())


@_command("rule")
def rule_command(code: Annotated[str, typer.Argument(help="A rule code, such as CK001.")]) -> None:
    """Explain one rule: what it does, why, and its examples."""
    from .rules import by_code

    try:
        rule = by_code(code.upper())
    except KeyError:
        raise fail(f"unknown rule code: {code} (see `cleaner rules`)") from None
    out.print(explain(rule))


def main() -> None:
    """Entry point of the `cleaner` command."""
    # SIGTERM (a pipeline or job scheduler stopping us) unwinds like Ctrl-C: the file being written is
    # dropped and no temporary file stays behind. 128 + 15 is the shell's code for it.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    # Findings, diffs and messages quote input lines, which can hold what the terminal's encoding cannot
    # (a lone surrogate from a JSONL escape crashed `check` with UnicodeEncodeError): such characters are
    # written as backslash escapes. Cleaned documents are written as bytes and are not affected.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    app()


__all__ = ["Settings", "app", "main"]
