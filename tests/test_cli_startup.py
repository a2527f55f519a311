"""Start-up: what `cleaner check` does instead of typer's pydantic and rich's console is exact, and stays lazy."""

from __future__ import annotations

import io
import os
import random
import string
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from rich.console import Console
from test_cli import PLAIN, invoke, write_tree
from typer._click import Command, Context
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param

from cleaner.cli.main import app
from cleaner.cli.terminal import Stream

VALUES = (
    "5", "007", "-3", "+3", " 4", "1_000", "99999999999999999999", "abc", "", "0.5", ".5", "1.", "-0.25", "1e-1",
    "nan", "inf", "0,5", "\u0663", "-", "a/b", "~", " x ", "text", "ALL", "true", "no",
)  # fmt: skip


def every_command() -> list[Command]:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    ctx = Context(group)
    commands = [group.get_command(ctx, name) for name in group.list_commands(ctx)]
    return [group, *(command for command in commands if command is not None)]


def converted(runtime: object, value: object, param: object, ctx: Context) -> tuple[str, str]:
    """The value as the conversion returns it (its repr: type and value, nan included), or its error message."""
    try:
        return "ok", repr(runtime._coerce_value(value, param=param, ctx=ctx))  # type: ignore[attr-defined]
    except BadParameter as error:
        return "error", error.format_message()


def test_plain_conversion_gives_what_typer_gives_for_every_option_and_value() -> None:
    compared = 0
    for command in every_command():
        ctx = Context(command)
        for param in command.params:
            runtime = param.get_runtime_param()  # type: ignore[attr-defined]
            assert type(runtime).__name__ == "_PlainValues", param.name
            typer_own = build_runtime_param(param.type_descriptor)  # type: ignore[attr-defined]
            many = param.multiple or param.nargs == -1
            for value in VALUES:
                given = (value, value) if many else value
                assert converted(runtime, given, param, ctx) == converted(typer_own, given, param, ctx), (
                    param.name,
                    value,
                )
                compared += 1
            if param.default is not None:  # a default comes as a Python value, not a string
                default = param.default
                assert converted(runtime, default, param, ctx) == converted(typer_own, default, param, ctx)
    assert compared > 40 * len(VALUES)


def test_a_bad_value_gets_typer_own_message() -> None:
    result = invoke("check", "--jobs", "many", "x.txt")
    assert result.exit_code == 2
    assert "Invalid value for '--jobs' / '-j': Input should be a valid integer" in result.stderr


def loaded_modules(*args: str, cwd: Path) -> set[str]:
    """The modules a `cleaner` process has loaded when it exits."""
    code = (
        "import sys, atexit\n"
        "atexit.register(lambda: sys.stderr.write('MODULES ' + ' '.join(sorted(sys.modules)) + '\\n'))\n"
        "from cleaner.cli.main import main\n"
        f"sys.argv = ['cleaner', *{list(args)!r}]\n"
        "main()\n"
    )
    env = {**os.environ, "CLEANER_CACHE_DIR": str(cwd / "cache")}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, env=env, check=False)
    (line,) = [line for line in proc.stderr.splitlines() if line.startswith("MODULES ")]
    return set(line.split()[1:])


def test_a_cached_check_loads_neither_pydantic_nor_the_engine_nor_rich_console(tmp_path: Path) -> None:
    write_tree(tmp_path / "pages", {"a.txt": PLAIN.encode()})
    first = loaded_modules("check", "pages", cwd=tmp_path)
    assert "cleaner.engine" in first and "pydantic" not in first
    second = loaded_modules("check", "pages", cwd=tmp_path)
    heavy = {"pydantic", "cleaner.engine", "cleaner.rules", "cleaner.learn", "cleaner.cli.learn", "rich.console",
             "multiprocessing", "ftfy"}  # fmt: skip
    assert heavy & second == set()
    assert {"cleaner.learn", "cleaner.cli.learn"} <= loaded_modules("learn", "--help", cwd=tmp_path)


def test_learn_is_built_when_asked_for_and_listed_in_its_place() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    ctx = Context(group)
    assert group.list_commands(ctx) == ["clean", "check", "learn", "rules", "rule"]
    learn = group.get_command(ctx, "learn")
    assert learn is not None and learn.name == "learn" and "--min-count" in learn.get_help(Context(learn))
    assert "learn  Learn each site's boilerplate" in invoke("--help").stdout
    assert "Did you mean 'learn'" in invoke("lern").stderr


def rich_prints(text: str, stderr: bool) -> str:
    target = io.StringIO()
    Console(file=target, stderr=stderr, highlight=False, soft_wrap=True).print(text, markup=False)
    return target.getvalue()


@pytest.mark.parametrize("stderr", [False, True])
def test_plain_printing_writes_what_rich_writes(monkeypatch: pytest.MonkeyPatch, stderr: bool) -> None:
    generator = random.Random(7)
    alphabet = string.printable + ":::[]\\\u00e9\u2019\u00a0\t\r\x1b\x07" + "\U0001f600"
    samples = ["All clean.", ":smile: done", "a:b:c", "tab\there", "[bold]x[/bold]", "é", "x  ", "", "\n\n"]
    samples += ["".join(generator.choice(alphabet) for _ in range(generator.randint(0, 120))) for _ in range(2000)]
    for text in samples:
        target = io.StringIO()
        monkeypatch.setattr(sys, "stderr" if stderr else "stdout", target)
        Stream(stderr=stderr).print(text)
        assert target.getvalue() == rich_prints(text, stderr), repr(text)


def test_a_terminal_still_gets_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Terminal())
    stream = Stream()
    stream.print("All clean.")
    assert stream._console is not None  # made, and asked
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert Stream().is_terminal  # rich's own answer: the variable makes any stream a terminal
