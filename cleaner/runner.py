"""Many documents: files, folders and stdin through the engine, in parallel, written atomically; never prints."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from .config import Settings
from .events import DocumentEvent, EventSink, FileOutcome
from .formats import Document, Format, Passthrough, detect, open_input, read_limited, read_whole
from .inputs import SUFFIX_LIST, Cached, FileEnd, FileError, Inputs, Item, Job, RunError, task_of
from .io import InputError, Skipped, Source
from .model import Result
from .output import FileStart, Mode, Options, Writer, discard_pending, jsonl_options, settings_of
from .parallel import Failure, ordered
from .targets import protect

if TYPE_CHECKING:
    from .cache import Cache, Fingerprint
    from .engine import Config

__all__ = ["SUFFIX_LIST", "RunError", "Runner", "clean_file"]

_PARALLEL_MIN_BYTES = 1 << 20  # below this, starting worker processes costs more than it saves


class Runner(Inputs):
    """Runs the engine over inputs for one mode; hands every document, file and file left out to its sink."""

    def __init__(self, options: Options, sink: EventSink, cache: Cache | None = None) -> None:
        super().__init__(options, cache)
        self.sink = sink  # the report's counters, findings, the diff report, progress: whatever the caller gives

    # ------------------------------------------------------------ runs

    def documents(self, paths: list[Path]) -> Iterator[tuple[Source, Document, Config]]:
        """Every document of these paths as a run reads it (HTML not yet extracted), with its engine config.

        For passes that read without cleaning (`cleaner learn`): unreadable files and malformed JSONL lines
        go to the sink as in a run, and each file's documents are counted.
        """
        outcome: FileOutcome | None = None
        for item in self._items(paths):
            if isinstance(item, FileStart):
                outcome = FileOutcome(str(item.source.path), fmt=item.fmt.value)
                source = item.source
            elif isinstance(item, FileEnd):
                if outcome is not None:
                    outcome.no_text_field(
                        jsonl_options(self.options, settings_of(self.options, source.path)).text_field
                    )
                    self.sink.file(outcome)
                outcome = None
            elif isinstance(item, FileError):
                outcome = None
                self.sink.file(FileOutcome(str(item.source.path) if item.source else "?", error=item.message))
                if self.options.fail_on_error:
                    raise RunError(item.message)
            elif isinstance(item, Passthrough):
                assert outcome is not None
                outcome.passthrough(item, outcome.name)
            elif isinstance(item, Cached):  # pragma: no cover - learning runs have no cache
                raise AssertionError("a pass that reads every document was given a cache")
            elif isinstance(item, Skipped):
                self.sink.skipped(item)
            else:
                assert outcome is not None
                outcome.documents += 1
                yield source, item.document, item.task.config

    def run(self, paths: list[Path]) -> None:
        """Process files and folders."""
        if self.options.mode is Mode.OUTPUT:  # before anything is written: every input, for every target
            self.protected = protect(paths, self.options.follow_symlinks, SUFFIX_LIST)
        jobs = self.options.jobs if _total_size(paths) >= _PARALLEL_MIN_BYTES else 1
        self._consume(ordered(self._items(paths), jobs, task_of, self.sink.started))

    def _consume(self, stream: Iterator[tuple[Item, Result | Failure | None]]) -> None:
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

    def _step(self, writer: Writer | None, item: Item, result: Result | Failure | None) -> Writer | None:
        """Handle one item of the ordered stream; returns the writer of the file being written, if any."""
        if isinstance(item, FileError):
            if writer is not None and item.source is writer.source:
                writer.abort()
                writer = None
            name = str(item.source.path) if item.source else item.message.split(":")[0]
            self.sink.file(FileOutcome(name, error=item.message))
            if self.options.fail_on_error:
                raise RunError(item.message)
        elif isinstance(item, FileStart):
            writer = Writer(item, self.options, fingerprint=self.cache is not None)
        elif isinstance(item, FileEnd):
            assert writer is not None
            outcome = writer.finish()
            self.sink.file(outcome)
            if self.cache is not None:
                self._remember(self.cache, item, outcome, writer.written)
            writer = None
        elif isinstance(item, Cached):
            self.sink.file(FileOutcome(str(item.source.path), fmt=item.fmt.value, cached=True))
        elif isinstance(item, Skipped):
            self.sink.skipped(item)
        elif isinstance(result, Failure):
            assert writer is not None and isinstance(item, Job)
            writer.failed(item.document, result.message)
        else:
            assert writer is not None
            writer.add(item if isinstance(item, Passthrough) else item.document, result, self.sink.document)
        return writer

    def _remember(self, cache: Cache, end: FileEnd, outcome: FileOutcome, written: Fingerprint | None) -> None:
        """Record a file that checked clean (or that --fix left clean); forget one that did not."""
        path = end.source.path
        clean = outcome.error is None and not (outcome.held or outcome.warnings or outcome.bad_lines or outcome.skipped)
        facts = written if outcome.changed else end.read
        if clean and facts is not None:
            cache.record(self._real(path), settings_of(self.options, path), facts)
        else:
            cache.forget(self._real(path))

    def run_stream(self, data: IO[bytes], out: IO[bytes] | None, fmt: Format, gzipped: bool) -> None:
        """Process one stream (stdin) to another (stdout; None in check mode), record by record for JSONL."""
        source = Source(Path("-"), Path("-"))
        stream = open_input(data, gzipped)
        config = self.options.settings.engine_config(None)
        start = FileStart(source, fmt, gzipped)
        items: Iterator[Item]
        try:
            if fmt is Format.JSONL:
                options = jsonl_options(self.options, self.options.settings)
                items = _chain(start, self._records(stream, config, None, options), FileEnd(source))
            else:
                document, start.decoded = read_whole(read_limited(stream, "<stdin>"), fmt, "<stdin>")
                items = iter([start, Job(document, self._task(document, config)), FileEnd(source)])
        except (InputError, OSError, EOFError) as error:
            self.sink.file(FileOutcome("<stdin>", error=str(error)))
            return
        writer: Writer | None = None
        jobs = self.options.jobs if fmt is Format.JSONL else 1
        try:
            for item, result in ordered(items, jobs, task_of, self.sink.started):
                if isinstance(item, FileStart):
                    writer = Writer(item, self.options, stream=out, name="<stdin>")
                elif isinstance(item, FileEnd):
                    assert writer is not None
                    self.sink.file(writer.finish())
                elif isinstance(result, Failure):
                    assert writer is not None and isinstance(item, Job)
                    writer.failed(item.document, result.message)
                else:
                    assert writer is not None and not isinstance(item, (FileError, Cached, Skipped))
                    writer.add(item if isinstance(item, Passthrough) else item.document, result, self.sink.document)
        except BrokenPipeError:
            raise  # stdout's reader is gone: the caller stops the run
        except (OSError, EOFError, InputError) as error:  # broken midway (truncated gzip, oversize line)
            self.sink.file(
                FileOutcome("<stdin>", error=str(error) if isinstance(error, InputError) else f"<stdin>: {error}")
            )


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
    mode = Mode.CHECK if output is None else Mode.OUTPUT
    out_dir = output.parent if output is not None else None
    options = Options(settings=settings or Settings(), mode=mode, out_dir=out_dir, fmt=fmt, lang=lang)
    sink = _Results()
    runner = Runner(options, sink)
    found = detect(path, fmt)
    if found is None:
        raise InputError(f"{path}: unknown format (give fmt=)")
    source = Source(path, Path(output.name) if output is not None else Path(path.name))
    runner._consume(ordered(runner._file_items(source, *found), 1, task_of))
    if sink.failed is not None:
        raise InputError(sink.failed)
    return sink.results


class _Results(EventSink):
    """`clean_file`'s sink: the documents' results, and the file's error if it had one."""

    def __init__(self) -> None:
        self.results: list[Result] = []
        self.failed: str | None = None

    def document(self, event: DocumentEvent) -> None:
        self.results.append(event.result)

    def file(self, outcome: FileOutcome) -> None:
        if self.failed is None:
            self.failed = outcome.error


def _chain(first: Item, middle: Iterator[Item], last: Item) -> Iterator[Item]:
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
