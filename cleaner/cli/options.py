"""The options `clean`, `check` and `learn` share, and the flags turned into Options (defaults < files < flags)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from ..config import ConfigError, Settings, codes, drop_ratio, languages, nearest_settings, quote_style, resolve
from ..formats import FORMAT_NAMES, JsonlOptions
from ..model import ExitCode
from ..output import Mode, Options
from ..targets import TargetError
from .terminal import Stream

T = TypeVar("T")
# The cores this process may run on (its affinity: a container or `taskset` can allow fewer than the machine has).
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
err = Stream(stderr=True)
out = Stream()


def fail(message: str) -> typer.Exit:
    err.line(f"error: {message}")
    return typer.Exit(int(ExitCode.ERROR))


# Options shared by clean and check, declared once.
# Paths are taken as strings: Path("") is the current folder, and `cleaner clean "$UNSET" --in-place` rewrote it.
Paths = Annotated[
    list[str], typer.Argument(help="Files or folders; '-' reads stdin.", show_default=False, metavar="PATHS")
]
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
Jobs = Annotated[int | None, typer.Option("--jobs", "-j", help="Worker processes (default and most: all cores).")]
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
ReportPath = Annotated[  # a string: Path("") would be the current folder
    str | None,
    typer.Option(
        "--report", metavar="<path>", help="Write a report of every change; format by suffix: .json, .html, .md."
    ),
]
SiteRulesPath = Annotated[
    Path | None, typer.Option("--site-rules", help="Remove the lines learned per site (a file `cleaner learn` wrote).")
]


def input_paths(given: list[str]) -> list[Path]:
    """The files and folders named on the command line; an empty one is refused."""
    if "" in given:
        raise fail("an empty path among the inputs (give '.' for the current folder)")
    return [Path(path) for path in given]


def target(make: Callable[[], T]) -> T:
    """A path to write, checked by `make` (see cleaner.targets); a refusal stops with exit 2."""
    try:
        return make()
    except TargetError as error:
        raise fail(str(error)) from None


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
        jobs=min(jobs or CORES, CORES),  # `--jobs 99999999999999999999` started processes until the machine choked
        fmt=FORMAT_NAMES[fmt.lower()] if fmt else None,
        lang=lang,
        jsonl=JsonlOptions(settings.text_field, lang_field or None, url_field or None),
        fail_on_error=on_error == "fail",
        force_exclude=force_exclude,
        follow_symlinks=follow_symlinks,
        exclude=tuple(exclude or ()),
    )
