"""Many documents: files, folders and stdin through the engine, in parallel, written atomically; never prints."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, NamedTuple

from .config import Settings
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
from .io import InputError, RealPaths, Source, discover
from .model import Result
from .output import FileStart, Mode, Options, Writer, discard_pending, jsonl_options, settings_of
from .parallel import Failure, Task, ordered
from .report import DocumentEvent, FileOutcome, Report

if TYPE_CHECKING:
    from .cache import Cache, Fingerprint
    from .engine import Config


class RunError(Exception):
    """A problem that stops the run (--on-error=fail); the message names the file and line."""


DocumentSink = Callable[[DocumentEvent], None]
FileSink = Callable[[FileOutcome], None]
_PARALLEL_MIN_BYTES = 1 << 20  # below this, starting worker processes costs more than it saves


# ---------------------------------------------------------------- the pipeline


# The pipeline's items are named tuples: a dataclass costs about 0.5 ms to define (its methods are
# compiled from source), and every `cleaner check` defines the classes it imports (issue 9's start-up).
class _FileEnd(NamedTuple):
    source: Source
    read: Fingerprint | None = None  # what was read, when the run has a cache


class _Cached(NamedTuple):
    """A file the cache knows checked clean and has not changed: it is not read."""

    source: Source
    fmt: Format


class _FileError(NamedTuple):
    source: Source | None
    message: str


class _Job(NamedTuple):
    """A document to clean and the task sent to the engine for it."""

    document: Document
    task: Task


_Item = FileStart | _FileEnd | _FileError | _Cached | Passthrough | _Job


def _task_of(item: _Item) -> Task | None:
    return item.task if isinstance(item, _Job) else None


class Runner:
    """Runs the engine over inputs for one mode; reports every document and file to the sinks."""

    def __init__(
        self,
        options: Options,
        on_document: DocumentSink | None = None,
        on_file: FileSink | None = None,
        cache: Cache | None = None,
    ) -> None:
        self.options = options
        self.on_document = on_document
        self.on_file = on_file
        self.cache = cache  # files that checked clean, skipped while unchanged (`check` and `check --fix`)
        self.report = Report()
        self._targets: dict[Path, str] = {}  # output path -> the input it was written for
        self._real = RealPaths()

    # ------------------------------------------------------------ inputs

    def _sources(self, paths: list[Path]) -> Iterator[Source | InputError]:
        named_paths = set(paths)
        for item in discover(
            paths,
            suffixes=tuple(SUFFIX_LIST),
            exclude=self.options.exclude,
            follow_symlinks=self.options.follow_symlinks,
        ):
            if isinstance(item, Source):
                named = item.path in named_paths
                if not named and detect(item.path, self.options.fmt) is None:
                    continue  # "logo.svg.gz" in a folder is not an input; named on the command line it is an error
                if (not named or self.options.force_exclude) and settings_of(self.options, item.path).excluded(
                    item.path, self._real.split(item.path)
                ):
                    continue
            yield item

    def _items(self, paths: list[Path]) -> Iterator[_Item]:
        for source in self._sources(paths):
            if isinstance(source, InputError):
                yield _FileError(None, str(source))
                continue
            found = detect(source.path, self.options.fmt)
            if found is None:
                yield _FileError(source, f"{source.path}: unknown format (use --format)")
                continue
            fmt, gzipped = found
            if fmt is Format.HTML and self.options.mode is Mode.IN_PLACE:
                yield _FileError(source, f"{source.path}: HTML is not rewritten in place; clean it with -o OUT_DIR")
                continue
            clash = self._clash(source, fmt, gzipped)
            if clash is not None:
                yield _FileError(source, clash)
                continue
            if self.cache is not None and self._unchanged(self.cache, source.path):
                yield _Cached(source, fmt)
                continue
            yield from self._file_items(source, fmt, gzipped)

    def _clash(self, source: Source, fmt: Format, gzipped: bool) -> str | None:
        """Why this file's output cannot be written (it would replace an input or another output), or None."""
        if self.options.mode is not Mode.OUTPUT or self.options.out_dir is None:
            return None
        target = (self.options.out_dir / output_name(source.relative, fmt, gzipped)).resolve()
        if target == source.path.resolve():
            return f"{source.path}: its output would overwrite it; choose an output folder that is not its own"
        if target in self._targets:
            return f"{source.path}: same output path as {self._targets[target]} ({target}); skipped"
        self._targets[target] = str(source.path)
        return None

    def _file_items(self, source: Source, fmt: Format, gzipped: bool) -> Iterator[_Item]:
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
            yield _FileError(source, f"{source.path}: cannot read ({error.strerror or error})")
            return
        with handle:
            try:
                stream = open_input(handle, gzipped)
                if fmt is Format.JSONL:
                    yield FileStart(source, fmt, gzipped)
                    yield from self._records(stream, config, source, jsonl_options(self.options, settings))
                else:
                    document, decoded = read_whole(read_limited(stream, str(source.path)), fmt, str(source.path))
                    yield FileStart(source, fmt, gzipped, decoded)
                    yield _Job(document, self._task(document, config, source))
            except (InputError, OSError, EOFError) as error:
                yield _FileError(source, str(error) if isinstance(error, InputError) else f"{source.path}: {error}")
                return
            try:
                fingerprint = read() if read is not None else None
            except OSError:
                fingerprint = None  # the file could be checked but not hashed: it is simply not cached
        yield _FileEnd(source, fingerprint)

    def _records(
        self, stream: IO[bytes], config: Config, source: Source | None, options: JsonlOptions
    ) -> Iterator[_Item]:
        from .engine import for_records

        config = for_records(config)
        name = str(source.path) if source is not None else "<stdin>"
        for record in read_jsonl(stream, options, name):
            if isinstance(record, Passthrough):
                if record.error and self.options.fail_on_error:
                    raise RunError(f"{name}:{record.line}: {record.problem}")
                yield record
            else:
                yield _Job(record, self._task(record, config, source))

    def _task(self, document: Document, config: Config, source: Source | None = None) -> Task:
        lang = self.options.lang or document.lang  # --lang forces; the record's field is used when present
        rules = self.options.site_rules
        site = rules.lines_for(source.path if source else None, document) if rules is not None else None
        if document.html is not None:
            from .engine import for_extracted

            config = for_extracted(config)
        return Task(document.text, document.html, lang, document.url, config, site)

    def documents(self, paths: list[Path]) -> Iterator[tuple[Source, Document, Config]]:
        """Every document of these paths as a run reads it (HTML not yet extracted), with its engine config.

        For passes that read without cleaning (`cleaner learn`): unreadable files and malformed JSONL lines
        go to the report as in a run, and each file's documents are counted.
        """
        outcome: FileOutcome | None = None
        for item in self._items(paths):
            if isinstance(item, FileStart):
                outcome = FileOutcome(str(item.source.path), fmt=item.fmt.value)
                source = item.source
            elif isinstance(item, _FileEnd):
                if outcome is not None:
                    self._file(outcome)
                outcome = None
            elif isinstance(item, _FileError):
                outcome = None
                self._file(FileOutcome(str(item.source.path) if item.source else "?", error=item.message))
                if self.options.fail_on_error:
                    raise RunError(item.message)
            elif isinstance(item, Passthrough):
                assert outcome is not None
                outcome.passthrough(item, outcome.name)
            elif isinstance(item, _Cached):  # pragma: no cover - learning runs have no cache
                raise AssertionError("a pass that reads every document was given a cache")
            else:
                assert outcome is not None
                outcome.documents += 1
                yield source, item.document, item.task.config

    # ------------------------------------------------------------ runs

    def count(self, paths: list[Path]) -> int:
        """How many files a run over these paths will read (for a progress bar)."""
        return sum(1 for item in self._sources(paths) if isinstance(item, Source))

    def run(self, paths: list[Path]) -> Report:
        """Process files and folders; returns the report (also filled while running)."""
        started = time.perf_counter()
        jobs = self.options.jobs if _total_size(paths) >= _PARALLEL_MIN_BYTES else 1
        try:
            self._consume(ordered(self._items(paths), jobs, _task_of))
        finally:
            self.report.seconds = time.perf_counter() - started
        return self.report

    def _consume(self, stream: Iterator[tuple[_Item, Result | Failure | None]]) -> None:
        writer: Writer | None = None
        try:
            for item, result in stream:
                writer = self._step(writer, item, result)
        except BaseException:
            # Interrupted (Ctrl-C, SIGTERM) or failed: the file being written is dropped, so every
            # output is complete or absent, and no temporary file is left behind.
            if writer is not None:
                writer.abort()
            discard_pending()  # a file begun by a Writer the loop never received
            raise

    def _step(self, writer: Writer | None, item: _Item, result: Result | Failure | None) -> Writer | None:
        """Handle one item of the ordered stream; returns the writer of the file being written, if any."""
        if isinstance(item, _FileError):
            if writer is not None and item.source is writer.source:
                writer.abort()
                writer = None
            name = str(item.source.path) if item.source else item.message.split(":")[0]
            self._file(FileOutcome(name, error=item.message))
            if self.options.fail_on_error:
                raise RunError(item.message)
        elif isinstance(item, FileStart):
            writer = Writer(item, self.options, fingerprint=self.cache is not None)
        elif isinstance(item, _FileEnd):
            assert writer is not None
            outcome = writer.finish()
            self._file(outcome)
            if self.cache is not None:
                self._remember(self.cache, item, outcome, writer.written)
            writer = None
        elif isinstance(item, _Cached):
            self._file(FileOutcome(str(item.source.path), fmt=item.fmt.value, cached=True))
        elif isinstance(result, Failure):
            assert writer is not None and isinstance(item, _Job)
            writer.failed(item.document, result.message)
        else:
            assert writer is not None
            writer.add(item if isinstance(item, Passthrough) else item.document, result, self._document)
        return writer

    def _unchanged(self, cache: Cache, path: Path) -> bool:
        return cache.unchanged(self._real(path), settings_of(self.options, path))

    def _remember(self, cache: Cache, end: _FileEnd, outcome: FileOutcome, written: Fingerprint | None) -> None:
        """Record a file that checked clean (or that --fix left clean); forget one that did not."""
        path = end.source.path
        clean = outcome.error is None and not (outcome.held or outcome.warnings or outcome.bad_lines or outcome.skipped)
        facts = written if outcome.changed else end.read
        if clean and facts is not None:
            cache.record(self._real(path), settings_of(self.options, path), facts)
        else:
            cache.forget(self._real(path))

    def run_stream(self, data: IO[bytes], out: IO[bytes] | None, fmt: Format, gzipped: bool) -> Report:
        """Process one stream (stdin) to another (stdout; None in check mode), record by record for JSONL."""
        started = time.perf_counter()
        source = Source(Path("-"), Path("-"))
        stream = open_input(data, gzipped)
        config = self.options.settings.engine_config(None)
        start = FileStart(source, fmt, gzipped)
        items: Iterator[_Item]
        try:
            if fmt is Format.JSONL:
                options = jsonl_options(self.options, self.options.settings)
                items = _chain(start, self._records(stream, config, None, options), _FileEnd(source))
            else:
                document, start.decoded = read_whole(read_limited(stream, "<stdin>"), fmt, "<stdin>")
                items = iter([start, _Job(document, self._task(document, config)), _FileEnd(source)])
        except (InputError, OSError, EOFError) as error:
            self._file(FileOutcome("<stdin>", error=str(error)))
            return self.report
        writer: Writer | None = None
        jobs = self.options.jobs if fmt is Format.JSONL else 1
        try:
            for item, result in ordered(items, jobs, _task_of):
                if isinstance(item, FileStart):
                    writer = Writer(item, self.options, stream=out, name="<stdin>")
                elif isinstance(item, _FileEnd):
                    assert writer is not None
                    self._file(writer.finish())
                elif isinstance(result, Failure):
                    assert writer is not None and isinstance(item, _Job)
                    writer.failed(item.document, result.message)
                else:
                    assert writer is not None and not isinstance(item, (_FileError, _Cached))
                    writer.add(item if isinstance(item, Passthrough) else item.document, result, self._document)
        except (OSError, EOFError, InputError) as error:  # broken midway (truncated gzip, oversize line)
            self._file(
                FileOutcome("<stdin>", error=str(error) if isinstance(error, InputError) else f"<stdin>: {error}")
            )
        self.report.seconds = time.perf_counter() - started
        return self.report

    def _document(self, event: DocumentEvent) -> None:
        self.report.add_document(event)
        if self.on_document is not None:
            self.on_document(event)

    def _file(self, outcome: FileOutcome) -> None:
        self.report.add(outcome)
        if self.on_file is not None:
            self.on_file(outcome)


SUFFIX_LIST = (".txt", ".md", ".html", ".htm", ".jsonl", ".ndjson", ".gz")


def clean_file(
    path: Path,
    output: Path | None = None,
    *,
    lang: str | None = None,
    settings: Settings | None = None,
    fmt: Format | None = None,
) -> list[Result]:
    r"""Clean one file of any format (text, Markdown, HTML, JSONL, gzipped or not), as `cleaner clean` does.

    Returns one Result per document (one for a text or HTML file, one per JSONL record with text). With
    `output`, the cleaned file is written there atomically, byte for byte what `cleaner clean` writes;
    the input is only read. Raises InputError when the file cannot be read as its format.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "page.txt").write_text("Publicité\nLe ministre a parlé lundi à Paris.\n", encoding="utf-8")
    >>> [r.text for r in clean_file(folder / "page.txt", folder / "clean.txt")]
    ['Le ministre a parlé lundi à Paris.\n']
    >>> (folder / "clean.txt").read_text(encoding="utf-8")
    'Le ministre a parlé lundi à Paris.\n'
    """
    results: list[Result] = []
    mode = Mode.CHECK if output is None else Mode.OUTPUT
    out_dir = output.parent if output is not None else None
    options = Options(settings=settings or Settings(), mode=mode, out_dir=out_dir, fmt=fmt, lang=lang)
    runner = Runner(options, on_document=lambda event: results.append(event.result))
    found = detect(path, fmt)
    if found is None:
        raise InputError(f"{path}: unknown format (give fmt=)")
    source = Source(path, Path(output.name) if output is not None else Path(path.name))
    runner._consume(ordered(runner._file_items(source, *found), 1, _task_of))
    if runner.report.failed:
        raise InputError(runner.report.failed[0])
    return results


def _chain(first: _Item, middle: Iterator[_Item], last: _Item) -> Iterator[_Item]:
    yield first
    yield from middle
    yield last


def _total_size(paths: list[Path]) -> int:
    total = 0
    for path in paths:
        if path.is_dir():
            for dirpath, _, filenames in os.walk(path):
                total += sum(_size(Path(dirpath) / f) for f in filenames)
                if total >= _PARALLEL_MIN_BYTES:
                    return total
        else:
            total += _size(path)
    return total


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
