"""Settings: [tool.cleaner] in pyproject.toml or cleaner.toml found upward, validated and merged with flags."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from fnmatch import translate
from functools import lru_cache
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from .io import InputError, RealPaths, read_small

if TYPE_CHECKING:
    from .engine import Config


# Measured on the shared data: no real page loses more than 81% of its characters (the most on 978 dev
# pages in both text styles; 47% on the seeds, 39% on the samples). A document that would lose more is
# more likely a rule gone wrong than a page of chrome, so it is left unchanged and reported.
DEFAULT_MAX_DROP_RATIO = 0.9
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache")
KEYS = (
    "select",
    "extend-select",
    "ignore",
    "per-file-ignores",
    "exclude",
    "extend-exclude",
    "languages",
    "max-drop-ratio",
    "quotes",
    "text-field",
)
_LANGUAGE = re.compile(r"[a-z]{2,3}")


class ConfigError(Exception):
    """A configuration that cannot be used; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run needs besides its inputs: rules, files, guard, JSONL field, where it came from.

    `load(path)` reads one from a cleaner.toml or pyproject.toml; `clean_file` and the datatrove step take
    one directly. `engine_config(path)` is the engine's Config for one file, with its per-file ignores:

    >>> settings = Settings(ignore=("SO",), per_file_ignores=(("forums/*", ("NV018",)),), root=Path("/data"))
    >>> settings.engine_config(Path("/data/forums/a.txt")).ignore, settings.engine_config(Path("/data/b.txt")).ignore
    (('SO', 'NV018'), ('SO',))
    """

    select: tuple[str, ...] = ("ALL",)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()  # the languages the guess may choose from; empty: any
    max_drop_ratio: float = DEFAULT_MAX_DROP_RATIO
    quotes: str = "majority"
    text_field: str = "text"
    root: Path = field(default_factory=Path.cwd)  # globs are relative to the configuration's folder
    source: Path | None = None  # the configuration file, when one was used

    def engine_config(self, path: PurePath | None = None) -> Config:
        """The engine configuration for one file, with its per-file ignores."""
        from .engine import Config  # here: a run whose files are all cached never loads the engine

        ignore = self.ignore
        if path is not None:
            relative = _relative(path, self.root)
            for glob, codes in self.per_file_ignores:
                if _matches(relative, glob):
                    ignore += codes
        # "ALL" ignores every rule, as it selects every rule: the empty prefix, which ties with a selected
        # "ALL" and wins (a longer selected prefix, `--extend-select CK`, still enables its rules).
        ignore = tuple("" if code == "ALL" else code for code in ignore)
        return Config(
            select=self.select,
            extend_select=self.extend_select,
            ignore=ignore,
            quotes=self.quotes,
            languages=self.languages,
        )

    def excluded(self, path: PurePath, real: tuple[str, str] | None = None) -> bool:
        """Whether a path matches `exclude` or `extend-exclude` (by any part, or as a relative glob).

        `real` is the resolved folder and name (RealPaths.split), when the caller has them: resolving each
        file, then building Paths from it, was most of the time a 10,000-file folder took to list.
        """
        globs = self.exclude + self.extend_exclude
        if not globs:
            return False
        if real is None:
            resolved = Path(path).resolve()
            real = str(resolved.parent), resolved.name
        folder, name = real
        relative = _relative_folder(folder, str(_resolved(self.root)))
        if relative is None:  # outside the configuration's folder: the path as given
            return _matches_any(path, globs)
        match = _pattern(globs)
        return bool(match(name) or match(f"{relative}/{name}" if relative else name) or _in_folder(match, relative))

    def excluded_below(self, relative: PurePath) -> bool:
        """Whether a file found in a folder named on the command line matches an exclude, from that folder."""
        return _matches_any(relative, self.exclude + self.extend_exclude)


def _relative(path: PurePath, root: Path) -> PurePath:
    try:
        return Path(path).resolve().relative_to(_resolved(root))
    except ValueError:
        return path


@lru_cache(maxsize=4096)
def _relative_folder(folder: str, root: str) -> str | None:
    """A resolved folder relative to a resolved root ("" for the root itself), or None when it is outside."""
    if folder == root:
        return ""
    prefix = root if root.endswith(os.sep) else root + os.sep
    return folder[len(prefix) :].replace(os.sep, "/") if folder.startswith(prefix) else None


@lru_cache(maxsize=64)
def _resolved(root: Path) -> Path:
    # A configuration's folder, resolved once per process rather than once per file: it does not move
    # while files are checked (a long-lived process, the datatrove step, uses one configuration).
    return root.resolve()


def _matches(path: PurePath, glob: str) -> bool:
    """A glob matches a path whole ("data/*.txt"), by name ("*.clean.txt"), or by a folder's name or path.

    A folder matches everything under it: "drafts" and "docs/drafts" both exclude "docs/drafts/b.txt".

    >>> _matches(PurePath("docs/drafts/b.txt"), "docs/drafts/"), _matches(PurePath("docs/b.txt"), "drafts")
    (True, False)
    """
    return _matches_any(path, (glob,))


def _matches_any(path: PurePath, globs: tuple[str, ...]) -> bool:
    if not globs:
        return False
    match = _pattern(globs)
    return bool(match(path.name) or match(path.as_posix()) or _folder_matches(match, path.parent))


@lru_cache(maxsize=256)
def _pattern(globs: tuple[str, ...]) -> Callable[[str], re.Match[str] | None]:
    """One regular expression for a set of globs, each read as fnmatch reads it.

    Measured: fnmatch per glob and per part of the path was 3 of the 5 seconds a 10,000-file folder took
    to list.
    """
    return re.compile("|".join(translate(glob.rstrip("/")) for glob in globs)).match


@lru_cache(maxsize=4096)
def _in_folder(match: Callable[[str], re.Match[str] | None], folder: str) -> bool:
    return _folder_matches(match, PurePath(folder))


@lru_cache(maxsize=4096)
def _folder_matches(match: Callable[[str], re.Match[str] | None], folder: PurePath) -> bool:
    """Whether a glob matches one of a folder's names or one of its paths from the top (once per folder)."""
    parts = folder.parts
    return any(match(part) for part in parts) or any(
        match(PurePath(*parts[:i]).as_posix()) for i in range(1, len(parts) + 1)
    )


def find_config(start: Path) -> Path | None:
    """The first cleaner.toml, or pyproject.toml with a [tool.cleaner] table, from `start` upward."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        if (candidate / "cleaner.toml").exists():  # not is_file(): a FIFO or folder in its place is an error
            return candidate / "cleaner.toml"
        pyproject = candidate / "pyproject.toml"
        if pyproject.exists() and _names_cleaner(pyproject) and "cleaner" in _tool(_read_toml(pyproject), pyproject):
            return pyproject
    return None


def _tool(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """The [tool] table of a pyproject.toml (`tool = 5` once raised TypeError: now an error naming the file)."""
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: tool: must be a table, not {tool!r:.40}")
    return tool


# The ways TOML can spell a [tool.cleaner] table: a header or dotted key with tool then cleaner (bare or
# quoted, spaces allowed), or a [tool] table or `tool =` inline table that might hold one.
_TOOL_CLEANER = re.compile(
    rb"""["']?tool["']?\s*\.\s*["']?cleaner\b|^\s*\[\s*["']?tool["']?\s*\]|^\s*["']?tool["']?\s*=""", re.MULTILINE
)


def _names_cleaner(pyproject: Path) -> bool:
    """Whether the file could hold a [tool.cleaner] table (see _TOOL_CLEANER); only then is it parsed.

    Most projects' pyproject.toml has no such table; not parsing it spares the TOML parser's import and the
    parse, a twentieth of a one-file `cleaner check` (measured with -X importtime: 3 to 4 ms).
    """
    try:
        return _TOOL_CLEANER.search(read_small(pyproject)) is not None
    except InputError:
        return True  # read it the usual way, which names the file in its error


def _read_toml(path: Path) -> dict[str, Any]:
    # Imported when a file is read: a run with no configuration does not pay for the parser (6 to 17 ms).
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    try:
        return tomllib.loads(read_small(path).decode("utf-8"))
    except InputError as error:
        raise ConfigError(str(error)) from None
    except UnicodeDecodeError as error:  # was a traceback that did not name the file
        raise ConfigError(f"{path}: not UTF-8 (invalid byte at offset {error.start})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None


def load(path: Path) -> Settings:
    """Settings from a configuration file; unknown keys and bad values raise ConfigError naming them."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = _tool(data, path).get("cleaner", {})
        where = f"{path} [tool.cleaner]"
    else:
        where = str(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: must be a table")
    return from_mapping(data, where, root=path.parent, source=path)


def from_mapping(data: Mapping[str, Any], where: str, root: Path, source: Path | None = None) -> Settings:
    """Validate a configuration table; every error names `where` and the key."""
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(KEYS)})")
    settings = Settings(root=root, source=source)
    values: dict[str, Any] = {}
    for key in ("select", "extend-select", "ignore"):
        if key in data:
            values[key.replace("-", "_")] = codes(_strings(data[key], key, where), f"{where}: {key}")
    for key in ("exclude", "extend-exclude"):
        if key in data:
            values[key.replace("-", "_")] = tuple(_strings(data[key], key, where))
    if "per-file-ignores" in data:
        table = data["per-file-ignores"]
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: per-file-ignores must be a table of glob = [codes]")
        values["per_file_ignores"] = tuple(
            (glob, codes(_strings(value, f"per-file-ignores.{glob}", where), f"{where}: per-file-ignores"))
            for glob, value in table.items()
        )
    if "languages" in data:
        values["languages"] = languages(_strings(data["languages"], "languages", where), f"{where}: languages")
    if "max-drop-ratio" in data:
        values["max_drop_ratio"] = drop_ratio(data["max-drop-ratio"], f"{where}: max-drop-ratio")
    if "quotes" in data:
        values["quotes"] = quote_style(data["quotes"], f"{where}: quotes")
    if "text-field" in data:
        value = data["text-field"]
        if not isinstance(value, str) or not value:
            raise ConfigError(f"{where}: text-field must be a non-empty string")
        values["text_field"] = value
    return replace(settings, **values)


def _strings(value: Any, key: str, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: {key} must be a list of strings")
    return value


def codes(values: list[str], where: str) -> tuple[str, ...]:
    """Rule codes or prefixes ("CK", "NV005", "ALL"), upper-cased; unknown ones raise ConfigError."""
    from .rules import ALL_RULES  # only runs that name rule codes load the rules, to check the codes

    result = []
    for value in values:
        for code in value.split(","):
            code = code.strip().upper()
            if not code:
                continue
            if code != "ALL" and not any(rule.code.startswith(code) for rule in ALL_RULES):
                raise ConfigError(f"{where}: unknown rule code or prefix {code!r}")
            result.append(code)
    return tuple(result)


def languages(values: list[str], where: str) -> tuple[str, ...]:
    """Language codes cleaner knows ("fr", "de"); others raise ConfigError.

    `--lang zz` was accepted and ran the rules of no language, silently: a language is now one cleaner has
    stopwords (and phrase lists) for, else none is given and the guess chooses.
    """
    from .lang import LANGUAGES

    for value in values:
        if not _LANGUAGE.fullmatch(value):
            raise ConfigError(f"{where}: {value!r} is not a language code such as 'fr' or 'de'")
        if value not in LANGUAGES:
            raise ConfigError(
                f"{where}: {value!r} is not a language cleaner knows ({', '.join(sorted(LANGUAGES))}); "
                "leave it out and the language is guessed"
            )
    return tuple(values)


def drop_ratio(value: Any, where: str) -> float:
    """A share of characters between 0 (exclusive) and 1 (inclusive: the guard off)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        raise ConfigError(f"{where}: must be a number greater than 0 and at most 1, not {value!r}")
    return float(value)


def quote_style(value: Any, where: str) -> str:
    """One of the apostrophe styles."""
    from .typography import QUOTE_STYLES  # only when a style is given: typography is the engine's

    if value not in QUOTE_STYLES:
        raise ConfigError(f"{where}: must be one of {', '.join(QUOTE_STYLES)}, not {value!r}")
    return str(value)


def resolve(inputs: list[Path], config: Path | None, isolated: bool) -> Settings:
    """The settings before flags: --isolated ignores files, --config names one, else found upward."""
    if isolated:
        return Settings()
    if config is not None:
        if not config.exists():
            raise ConfigError(f"{config}: no such configuration file")
        return load(config)
    found = find_config(_common_folder(inputs))
    return load(found) if found is not None else Settings()


def nearest_settings(adjust: Callable[[Settings], Settings]) -> Callable[[Path], Settings]:
    """Settings per file from the configuration nearest to it, as ruff does, with `adjust` (the flags) applied.

    Looked up once per folder and loaded once per file, so a file's settings do not depend on which
    other files share the run (pre-commit splits file lists into batches).
    """
    found: dict[str, Path | None] = {}
    loaded: dict[Path | None, Settings] = {}
    real = RealPaths()
    last: list[tuple[Path, Settings]] = []  # a run asks for one file's settings several times in a row

    def settings_for(path: Path) -> Settings:
        if last and last[0][0] is path:
            return last[0][1]
        folder = real.split(path)[0]
        if folder not in found:
            found[folder] = find_config(Path(folder))
        config = found[folder]
        if config not in loaded:
            loaded[config] = adjust(load(config) if config is not None else Settings())
        last[:] = [(path, loaded[config])]
        return loaded[config]

    return settings_for


def _common_folder(inputs: list[Path]) -> Path:
    real = [p.resolve() for p in inputs if str(p) != "-"]
    if not real:
        return Path.cwd()
    common = real[0] if real[0].is_dir() else real[0].parent
    for path in real[1:]:
        while not path.is_relative_to(common):
            common = common.parent
    return common
