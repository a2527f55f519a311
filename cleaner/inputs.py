"""A run's input side: files found and filtered, formats told, outputs checked, files read into documents."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, NamedTuple

from .formats import (
    Document,
    Format,
    JsonlOptions,
    Passthrough,
    detect,
    open_input,
    output_name,
    read_jsonl,
    read_limited,
    read_whole,
)
from .io import InputError, RealPaths, Skipped, Source, discover
from .output import FileStart, Mode, Options, jsonl_options, settings_of
from .parallel import Task
from .replace import identity
from .targets import Protected

if TYPE_CHECKING:
    from .cache import Cache, Fingerprint
    from .engine import Config

SUFFIX_LIST = (".txt", ".md", ".html", ".htm", ".jsonl", ".ndjson", ".gz")


class RunError(Exception):
    """A problem that stops the run (--on-error=fail); the message names the file and line."""


# The pipeline's items are named tuples: a dataclass costs about 0.5 ms to define (its methods are
# compiled from source), and every `cleaner check` defines the classes it imports (issue 9's start-up).
class FileEnd(NamedTuple):
    source: Source
    read: Fingerprint | None = None  # what was read, when the run has a cache


class Cached(NamedTuple):
    """A file the cache knows checked clean and has not changed: it is not read."""

    source: Source
    fmt: Format


class FileError(NamedTuple):
    source: Source | None
    message: str


class Job(NamedTuple):
    """A document to clean and the task sent to the engine for it."""

    document: Document
    task: Task


Item = FileStart | FileEnd | FileError | Cached | Passthrough | Job | Skipped


def task_of(item: Item) -> Task | None:
    return item.task if isinstance(item, Job) else None


class Inputs:
    """The files of a run read into the stream of work (files, documents, errors), for the Runner to consume."""

    def __init__(self, options: Options, cache: Cache | None = None) -> None:
        self.options = options
        self.cache = cache  # files that checked clean, skipped while unchanged (`check` and `check --fix`)
        self._targets: dict[Path, str] = {}  # output path -> the input it was written for
        self.protected: Protected | None = None  # every input of the run (set by a run with -o)
        self._real = RealPaths()

    def _sources(self, paths: list[Path]) -> Iterator[Source | InputError | Skipped]:
        named_paths = set(paths)
        for root in paths:
            # A folder named on the command line is walked even when an exclude names it (`cleaner check
            # venv/` found "0 files" and exited 0): what is below it is matched from it, as files named
            # on the command line are read; --force-exclude applies the excludes to it as well.
            below = root.is_dir() and not self.options.force_exclude and self._excluded(root)
            for item in discover(
                [root],
                suffixes=tuple(SUFFIX_LIST),
                exclude=self.options.exclude,
                follow_symlinks=self.options.follow_symlinks,
            ):
                if isinstance(item, Source):
                    named = item.path in named_paths
                    if not named and detect(item.path, self.options.fmt) is None:
                        continue  # "logo.svg.gz" in a folder is not an input; named on the command line it is an error
                    if below:
                        if settings_of(self.options, item.path).excluded_below(item.relative):
                            continue
                    elif (not named or self.options.force_exclude) and self._excluded(item.path):
                        continue
                yield item

    def _excluded(self, path: Path) -> bool:
        return settings_of(self.options, path).excluded(path, self._real.split(path))

    def _items(self, paths: list[Path]) -> Iterator[Item]:
        for source in self._sources(paths):
            if isinstance(source, InputError):
                yield FileError(None, str(source))
                continue
            if isinstance(source, Skipped):
                yield source
                continue
            found = detect(source.path, self.options.fmt)
            if found is None:
                yield FileError(source, f"{source.path}: unknown format (use --format)")
                continue
            fmt, gzipped = found
            if fmt is Format.HTML and self.options.mode is Mode.IN_PLACE:
                yield FileError(source, f"{source.path}: HTML is not rewritten in place; clean it with -o OUT_DIR")
                continue
            clash = self._clash(source, fmt, gzipped)
            if clash is not None:
                yield FileError(source, clash)
                continue
            if self.cache is not None and self._unchanged(self.cache, source.path):
                yield Cached(source, fmt)
                continue
            yield from self._file_items(source, fmt, gzipped)

    def _clash(self, source: Source, fmt: Format, gzipped: bool) -> str | None:
        """Why this file's output cannot be written (it would replace an input or another output), or None."""
        if self.options.mode is not Mode.OUTPUT or self.options.out_dir is None:
            return None
        output = self.options.out_dir / output_name(source.relative, fmt, gzipped)
        reason = (self.protected or Protected([source.path], [])).clash(output)
        if reason is not None:
            return f"{source.path}: its output {output} {reason}; skipped (choose an output folder outside the inputs)"
        target = output.resolve()
        if target in self._targets:
            return f"{source.path}: same output path as {self._targets[target]} ({target}); skipped"
        self._targets[target] = str(source.path)
        return None

    def _file_items(self, source: Source, fmt: Format, gzipped: bool) -> Iterator[Item]:
        settings = settings_of(self.options, source.path)
        config = settings.engine_config(source.path)
        read: Callable[[], Fingerprint] | None = None
        handle: IO[bytes]
        try:
            if self.cache is None:
                handle = source.path.open("rb")
            else:
                from .cache import open_hashed

                handle, read = open_hashed(source.path)
        except OSError as error:
            yield FileError(source, f"{source.path}: cannot read ({error.strerror or error})")
            return
        with handle:
            try:
                stream = open_input(handle, gzipped)
                opened = identity(os.fstat(handle.fileno())) if self.options.mode is Mode.IN_PLACE else None
                if fmt is Format.JSONL:
                    yield FileStart(source, fmt, gzipped, read=opened)
                    yield from self._records(stream, config, source, jsonl_options(self.options, settings))
                else:
                    document, decoded = read_whole(read_limited(stream, str(source.path)), fmt, str(source.path))
                    yield FileStart(source, fmt, gzipped, decoded, opened)
                    yield Job(document, self._task(document, config, source))
            except (InputError, OSError, EOFError) as error:
                yield FileError(source, str(error) if isinstance(error, InputError) else f"{source.path}: {error}")
                return
            try:
                fingerprint = read() if read is not None else None
            except OSError:
                fingerprint = None  # the file could be checked but not hashed: it is simply not cached
        yield FileEnd(source, fingerprint)

    def _records(
        self, stream: IO[bytes], config: Config, source: Source | None, options: JsonlOptions
    ) -> Iterator[Item]:
        from .engine import for_records

        config = for_records(config)
        name = str(source.path) if source is not None else "<stdin>"
        for record in read_jsonl(stream, options, name):
            if isinstance(record, Passthrough):
                if record.error and self.options.fail_on_error:
                    raise RunError(f"{name}:{record.line}: {record.problem}")
                yield record
            else:
                yield Job(record, self._task(record, config, source))

    def _task(self, document: Document, config: Config, source: Source | None = None) -> Task:
        lang = self.options.lang or document.lang  # --lang forces; the record's field is used when present
        rules = self.options.site_rules
        site = rules.lines_for(source.path if source else None, document) if rules is not None else None
        if document.html is not None:
            from .engine import for_extracted

            config = for_extracted(config)
        return Task(document.text, document.html, lang, document.url, config, site)

    def count(self, paths: list[Path]) -> int:
        """How many files a run over these paths will read (for a progress bar)."""
        return sum(1 for item in self._sources(paths) if isinstance(item, Source))

    def _unchanged(self, cache: Cache, path: Path) -> bool:
        return cache.unchanged(self._real(path), settings_of(self.options, path))
