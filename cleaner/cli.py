"""The command line: typer commands that turn flags into a Config and hand the work to the runner."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from . import __version__
from .engine import Config
from .model import FAMILIES, ExitCode
from .report import Report
from .rules import ALL_RULES, Rule, by_code
from .runner import clean_bytes, clean_paths

app = typer.Typer(
    name="cleaner",
    help="Remove boilerplate from scraped web text and repair its typography.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
_err = Console(stderr=True, highlight=False, soft_wrap=True)
_out = Console(highlight=False, soft_wrap=True)

CLEAN_EPILOG = """Examples:

  cleaner clean pages/ -o clean/       clean a folder (.txt and .md), mirroring its tree

  cat page.txt | cleaner clean - > clean.txt     clean stdin to stdout

  cleaner clean page.txt -o out --ignore DU --lang fr
"""


def _version(value: bool) -> None:
    if value:
        _out.print(f"cleaner {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Remove boilerplate from scraped web text and repair its typography."""


def _split(values: list[str] | None) -> tuple[str, ...]:
    return tuple(code.strip().upper() for value in values or () for code in value.split(",") if code.strip())


def _fail(message: str) -> typer.Exit:
    _err.print(f"error: {message}", markup=False)
    return typer.Exit(int(ExitCode.ERROR))


@app.command(epilog=CLEAN_EPILOG)
def clean(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to clean; '-' reads stdin.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Folder for the cleaned files (required for files).")
    ] = None,
    lang: Annotated[str | None, typer.Option(help="Language of the documents (default: guessed per document).")] = None,
    select: Annotated[list[str] | None, typer.Option(help="Rule codes or prefixes to enable (default: all).")] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Rule codes or prefixes to disable.")] = None,
    quotes: Annotated[
        str, typer.Option(help="Apostrophes inside words: majority, typographic, ascii or keep.")
    ] = "majority",
    exclude: Annotated[
        list[str] | None, typer.Option(help="Glob of files to skip inside folders (repeatable), e.g. '*.clean.txt'.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")] = False,
) -> None:
    """Clean scraped text: write article bodies, report what was removed and repaired."""
    try:
        config = Config(select=_split(select) or ("ALL",), ignore=_split(ignore), quotes=quotes)
    except ValueError as error:
        raise _fail(str(error)) from None
    for code in config.select + config.ignore:
        if code != "ALL" and not any(rule.code.startswith(code) for rule in ALL_RULES):
            raise _fail(f"unknown rule code or prefix: {code}")
    if [str(p) for p in paths] == ["-"]:
        data, report = clean_bytes(sys.stdin.buffer.read(), config, lang)
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        _finish(report, quiet)
    if "-" in (str(p) for p in paths):
        raise _fail("'-' (stdin) cannot be combined with other paths")
    if output is None:
        raise _fail("give an output folder with -o OUT_DIR (or '-' to clean stdin to stdout)")
    out = output.resolve()
    for path in paths:
        if path.is_dir() and (out == path.resolve() or out.is_relative_to(path.resolve())):
            raise _fail(f"output folder {output} is inside input folder {path}: choose a folder outside it")
    report = clean_paths(paths, output, config, lang, exclude=tuple(exclude or ()))
    _finish(report, quiet)


def _finish(report: Report, quiet: bool) -> None:
    for line in report.failed:
        _err.print(f"error: {line}", markup=False)
    if not quiet:
        _err.print(report.summary(), markup=False)
    raise typer.Exit(int(report.exit_code))


@app.command("rules")
def list_rules() -> None:
    """List every rule: code, name, family, languages and summary."""
    for rule in ALL_RULES:
        languages = ",".join(rule.languages) or "any"
        _out.print(f"{rule.code}  {rule.name:<28} {rule.family}  {languages:<17} {rule.summary}", markup=False)


@app.command("rule")
def explain_rule(code: Annotated[str, typer.Argument(help="A rule code, such as CK001.")]) -> None:
    """Explain one rule: what it does, why, and its examples."""
    try:
        rule = by_code(code.upper())
    except KeyError:
        raise _fail(f"unknown rule code: {code}") from None
    _out.print(_explain(rule), markup=False)


def _explain(rule: Rule) -> str:
    lines = [f"{rule.name} ({rule.code})", "", f"Family: {rule.family}, {FAMILIES[rule.family]}"]
    lines.append(f"Languages: {', '.join(rule.languages) or 'any'}")
    lines += ["", "## What it does", rule.summary, "", "## Why", rule.why, "", "## Examples"]
    for example in rule.examples:
        verb = "removed" if example.drop and example.fixed is None else "kept" if not example.drop else "repaired"
        tag = f" [{example.lang}]" if example.lang else ""
        shown = example.target if example.target is not None else example.text
        lines.append(f"- {verb}{tag}: {shown!r}" + (f" -> {example.fixed!r}" if example.fixed and example.drop else ""))
    return "\n".join(lines)


def main() -> None:
    """Entry point of the `cleaner` command."""
    app()
