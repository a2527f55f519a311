"""The command line's learning parts: `cleaner learn`, and the site rules of clean and check (--site-rules, --learn).

The `learn` command is defined here, not in cli.py, so that only `cleaner learn` (and the help that lists
it) loads the learning modules: cli.py builds it from `app` when it is asked for.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from ..io import new_file_mode
from ..learn import DEFAULT_MIN_COUNT, DEFAULT_MIN_SHARE, LearnOptions, Stats, learn
from ..model import ExitCode
from ..output import Mode, Options
from ..report.counters import Report
from ..runner import SUFFIX_LIST, RunError
from ..siterules import Grouping, SiteRules, SiteRulesError, load
from ..targets import writable_file
from .options import (
    ConfigPath,
    Exclude,
    Fmt,
    FollowSymlinks,
    ForceExclude,
    Isolated,
    OnError,
    Quiet,
    TextField,
    UrlField,
    err,
    fail,
    input_paths,
    options_from_flags,
    target,
)
from .terminal import PassProgress, Stream

LEARN_EPILOG = """Examples:

  cleaner learn corpus/ -o site-rules.toml              JSONL records grouped by the host of their url field

  cleaner learn pages/ -o site-rules.toml --group-by folder      one site per folder of text or HTML files

  cleaner learn dumps/ -o rules.toml --group-by regex --group-regex '^([a-z.-]+)_'   site from file names

  cleaner clean corpus/ -o clean/ --site-rules site-rules.toml   after a review of the file

  cleaner clean corpus/ -o clean/ --learn                 both in one command, without the review
"""


class UsageError(Exception):
    """A flag or file that stops the command with exit code 2; the message says which."""


def learning_options(
    group_by: str, group_regex: str | None, url_field: str, min_count: int, min_share: float
) -> LearnOptions:
    """The learning flags, validated."""
    if group_regex is not None and group_by != "regex":
        raise UsageError("--group-regex needs --group-by regex")
    try:
        return LearnOptions(Grouping(group_by, group_regex, url_field or "url"), min_count, min_share)
    except ValueError as error:
        raise UsageError(f"--{error}") from None


def run_learn(
    options: Options, paths: list[Path], learning: LearnOptions, console: Stream, quiet: bool, errors: bool = True
) -> tuple[SiteRules, Report, Stats]:
    """Learn with a progress bar on a terminal; print the inputs' errors and warnings when asked."""
    if any(str(path) == "-" for path in paths):
        raise UsageError("learning reads the inputs twice: give files or folders, not '-' (stdin)")
    with PassProgress(console, not quiet and console.is_terminal) as progress:
        rules, report, stats = learn(paths, options, learning, progress.update)
    if errors:
        for line in report.failed + report.bad_lines:
            console.line(f"error: {line}")
        for line in report.warnings:
            console.line(f"warning: {line}")
    return rules, report, stats


def summary(stats: Stats, rules: SiteRules) -> str:
    """One line: what was learned from what, and how long it took."""
    sites = len(rules.groups)
    return (
        f"learned {stats.learned:,} line{'s' * (stats.learned != 1)} for {sites:,} of {stats.groups:,} "
        f"site{'s' * (stats.groups != 1)} from {stats.documents:,} document{'s' * (stats.documents != 1)} "
        f"in {stats.seconds:.1f} s"
    )


def write_rules(rules: SiteRules, output: Path) -> None:
    """Write the rules file atomically ('-': stdout)."""
    text = rules.dumps()
    if str(output) == "-":
        if sys.stdout is None:
            raise UsageError("stdout is closed: there is nowhere to write the rules (give -o FILE)")
        Stream().write(text)
        return
    folder = output.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{output.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            os.chmod(tmp, new_file_mode())
            os.replace(tmp, output)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise UsageError(f"{output}: cannot write ({error.strerror or error})") from None


def learn_command(
    options: Options, paths: list[Path], learning: LearnOptions, output: Path, console: Stream, quiet: bool
) -> ExitCode:
    """`cleaner learn`: learn, write the rules file, print the summary; 2 when an input could not be read."""
    missing = next((path for path in paths if str(path) != "-" and not path.exists()), None)
    if missing is not None:  # a typo learned nothing, and the empty rules file replaced the reviewed one
        raise UsageError(f"{missing}: no such file or directory; no rules file written")
    rules, report, stats = run_learn(options, paths, learning, console, quiet)
    if not stats.documents:
        raise UsageError(f"no document could be read from the inputs; {output} not written")
    write_rules(rules, output)
    if not quiet:
        console.line(f"{summary(stats, rules)}; written to {output}")
    return report.exit_code()


def with_site_rules(
    options: Options, paths: list[Path], site_rules: Path | None, learn_first: bool, console: Stream, quiet: bool
) -> Options:
    """The run's options with the site rules of --site-rules FILE, or learned first with --learn."""
    if site_rules is not None and learn_first:
        raise UsageError("give --site-rules FILE or --learn, not both")
    if site_rules is not None:
        try:
            return replace(options, site_rules=load(site_rules))
        except SiteRulesError as error:
            raise UsageError(str(error)) from None
    if not learn_first:
        return options
    learning = LearnOptions(Grouping(url_field=options.jsonl.url_field or "url"))
    # Unreadable inputs are reported once, by the cleaning pass that follows.
    rules, _, stats = run_learn(options, paths, learning, console, quiet, errors=False)
    if not quiet:
        console.print(summary(stats, rules))
    return replace(options, site_rules=rules)


app = typer.Typer(add_completion=False, rich_markup_mode=None)  # its one command, built by cli.py when asked for


@app.command("learn", epilog=LEARN_EPILOG)
def learn_site_rules(
    given: Annotated[
        list[str], typer.Argument(help="Files or folders (read twice).", show_default=False, metavar="PATHS")
    ],
    output: Annotated[
        str, typer.Option("--output", "-o", metavar="<path>", help="The site rules file to write (TOML; '-': stdout).")
    ],
    group_by: Annotated[
        str, typer.Option(help="Sites by: url-field (the URL's host), folder, regex (on file names).")
    ] = "url-field",
    group_regex: Annotated[
        str | None,
        typer.Option(
            help="With --group-by regex: searched in each file name once; the site is its first group (else the "
            "match). Nested repeats, repeated alternations and backreferences are refused."
        ),
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
    paths = input_paths(given)
    rules_file = target(partial(writable_file, output, "-o", paths, follow_symlinks, SUFFIX_LIST))
    options = options_from_flags(
        Mode.CHECK, paths, None, None, None, None, None, None, None, 1, fmt, text_field, "lang", url_field,
        on_error, config, isolated, exclude, force_exclude, follow_symlinks,
    )  # fmt: skip
    try:
        learning = learning_options(group_by, group_regex, url_field, min_count, min_share)
        code = learn_command(options, paths, learning, rules_file, err, quiet)
    except (UsageError, RunError) as error:
        raise fail(str(error)) from None
    raise typer.Exit(int(code))
