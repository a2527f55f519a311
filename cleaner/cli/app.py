"""The typer application, built for a quick start: commands built when asked for, options converted without pydantic."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args, get_origin

import typer
import typer.core
import typer.main

if TYPE_CHECKING:
    from typer._click import Command, Context

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


def command(name: str, epilog: str | None = None) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Declare a command of cleaner's (as `app.command` would, built on demand)."""
    _COMMANDS[name] = typer.Typer(add_completion=False, rich_markup_mode=None)
    return _COMMANDS[name].command(name, epilog=epilog)


def _built(name: str) -> Command:
    if name == "learn":
        from .learn import app as learn  # the learning modules, for `cleaner learn` only

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
